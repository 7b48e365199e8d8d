"""Pages in sections (ui.sections): every section opens in both languages, only the chosen one is
drawn, and the choice lives in the URL by code, so a shared link opens the same section."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from i18n import has, t
from tests.conftest import OpenPage
from ui.sections import CATALOG_PREFIX, KEY, PAGE_SECTIONS

EVERY_SECTION = [(page, code) for page, codes in PAGE_SECTIONS.items() for code in codes]


def chart_titles(app: AppTest) -> list[str]:
    """The titles of the plotly charts the run drew (from each chart's figure JSON)."""
    titles = []
    for element in app.get("plotly_chart"):
        layout = json.loads(element.proto.spec).get("layout", {})
        title = layout.get("title", {})
        text = title.get("text", "") if isinstance(title, dict) else str(title)
        titles.append(re.sub(r"<[^>]+>", "", text))
    return titles


def test_every_section_is_named_in_both_languages() -> None:
    for page, codes in PAGE_SECTIONS.items():
        assert len(set(codes)) == len(codes) >= 2, page
        for code in codes:
            key = f"{CATALOG_PREFIX[page]}.section.{code}"
            assert has(key), key
            assert t(key, "ko") != t(key, "en"), key


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize(("page", "code"), EVERY_SECTION)
def test_every_section_opens_from_the_url(sample_url: str, open_page: OpenPage, page: str, code: str, lang: str) -> None:
    app = open_page(page, lang=lang, query={KEY: code})
    assert app.segmented_control(key=KEY).value == code
    assert app.query_params[KEY] == [code] or app.query_params[KEY] == code
    assert not app.error, [e.value for e in app.error]


def test_an_unknown_section_opens_the_first(sample_url: str, open_page: OpenPage) -> None:
    app = open_page("trade", query={KEY: "no-such-section"})
    assert app.segmented_control(key=KEY).value == "trade"
    assert t("pg.trade.chart.by_year", "en") in chart_titles(app)


def test_trade_draws_only_the_chosen_section(sample_url: str, open_page: OpenPage) -> None:
    by_year, world, permits = (t(f"pg.trade.chart.{k}", "en") for k in ("by_year", "world", "permits"))
    default = chart_titles(open_page("trade"))
    assert by_year in default and world not in default and permits not in default
    partners = chart_titles(open_page("trade", query={KEY: "partners"}))
    assert world in partners and by_year not in partners
    followup = open_page("trade", query={KEY: "followup"})
    assert chart_titles(followup) == []
    assert followup.tabs, "the anomalies are listed in tabs"


def test_choosing_a_section_puts_its_code_in_the_url(sample_url: str, open_page: OpenPage) -> None:
    app = open_page("trade", lang="ko")
    app.segmented_control(key=KEY).set_value("permits").run()
    assert app.query_params[KEY] in ("permits", ["permits"])
    assert t("pg.trade.chart.permits", "ko") in chart_titles(app)
    # the language switch keeps the section
    app.sidebar.radio(key="language_switch").set_value("en").run()
    assert app.segmented_control(key=KEY).value == "permits"
    assert t("pg.trade.chart.permits", "en") in chart_titles(app)


def test_a_sections_own_filter_leaves_the_url_in_the_other_sections(sample_url: str, open_page: OpenPage) -> None:
    """The taxon-group filter belongs to the records section: a link copied from another section
    does not carry it (it would open the records filtered by a choice the reader never saw)."""
    from ui.sections import SECTION_KEYS

    records = open_page("specimens", query={KEY: "records", "group": "Birds"})
    assert records.query_params.get("group") in ("Birds", ["Birds"])
    app = open_page("specimens", query={KEY: "records", "group": "Birds"})
    app.segmented_control(key=KEY).set_value("groups").run()
    assert "group" not in app.query_params
    assert app.query_params[KEY] in ("groups", ["groups"])
    for page, keys in SECTION_KEYS.items():  # every declared reader is a real section of its page
        assert all(set(readers) <= set(PAGE_SECTIONS[page]) for readers in keys.values()), page
