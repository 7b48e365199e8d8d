"""Every page renders with AppTest on the sample database, in Korean and English, with figures
equal to the query and indicator results; filters, language and URL parameters behave.

Pages are reached with `switch_page`; a page switch clears query parameters (as in the browser),
so filters are set through the widgets' session-state keys, which are the same names the URL
uses (`bind="query-params"`). Opening a shared URL is checked in the real browser (test_browser).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from streamlit.testing.v1 import AppTest

from data_access.database import make_engine, session_scope, upgrade_schema
from i18n import format_number, t
from tests.conftest import OpenPage

# page file → i18n key of its title (the title of the target page depends on the target)
PAGES: dict[str, str] = {
    "overview": "overview.title",
    "nbsap": "pg.nbsap.title",
    "species": "pg.species.title",
    "protected_areas": "pg.pa.title",
    "trade": "pg.trade.title",
    "specimens": "pg.specimens.title",
    "cooperation": "pg.coop.title",
    "data_management": "pg.data.title",
}


def query(url: str, function, *args, **kwargs):  # type: ignore[no-untyped-def]
    with session_scope(make_engine(url)) as session:
        return function(session, *args, **kwargs)


def metrics(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("page", [*PAGES, "target"])
def test_every_page_renders_in_both_languages(sample_url: str, page: str, lang: str, open_page: OpenPage) -> None:
    app = open_page(page, lang=lang)
    expected = t("pg.target.title_target", lang, code="3") if page == "target" else t(PAGES[page], lang)
    assert app.title[0].value == expected
    assert not app.error, [e.value for e in app.error]


def test_overview_grid_shows_every_target_with_its_status(sample_url: str, open_page: OpenPage) -> None:
    from data_access.queries.overview import gbf_targets

    app = open_page("overview", lang="en")
    texts = " ".join(element.proto.body for element in app.get("html"))  # each tile is one st.html block
    targets = query(sample_url, gbf_targets)
    for code in targets.loc[targets["kind"] == "target", "code"]:
        assert f"Target {code}<" in texts
    from ui.progress import target_statuses

    staff_set = sum(1 for code, status in target_statuses().items() if code.isdigit() and status.staff)
    assert texts.count("· staff-set") == staff_set


def test_a_tile_shows_the_indicator_its_computed_status_comes_from(sample_url: str, open_page: OpenPage) -> None:
    import html

    from indicators.metadata import load_metadata
    from ui.indicators import compute_indicator, headline

    app = open_page("overview", lang="en")
    tile = next(element.proto.body for element in app.get("html") if "Target 5<" in element.proto.body)
    # Target 5's status comes from the traded-species RLI, its only indicator with a progress rule;
    # the CITES indicators listed before it have headlines too but no rule.
    assert [i for i in ("cites_wild_share", "traded_species_rli") if load_metadata(i).progress] == ["traded_species_rli"]
    latest = headline(compute_indicator("traded_species_rli"))
    assert latest is not None
    assert html.escape(load_metadata("traded_species_rli").name("en")) in tile
    assert f">{latest.value:.2f} {latest.arrow}<" in tile


@pytest.mark.parametrize(("code", "indicator_id", "shown"), [
    ("20", "capacity_cooperation", "{:,.0f}"),  # trainees: a count, no decimals
    ("21", "knowledge_digitisation", "{:.1f}%"),  # taxonomic completeness (%) of an indicator in 'records / %'
    ("13", "abs_benefits", "${:,.0f}"),  # monetary benefits, fixed at currency = USD
    ("19", "biodiversity_oda", "${:,.0f}"),  # unit 'USD (nominal)'
])
def test_a_tile_writes_counts_whole_and_shares_as_percent(sample_url: str, open_page: OpenPage, code: str,
                                                           indicator_id: str, shown: str) -> None:
    import html

    from indicators.metadata import load_metadata
    from ui.indicators import compute_indicator, headline

    app = open_page("overview", lang="en")
    tile = next(element.proto.body for element in app.get("html") if f"Target {code}<" in element.proto.body)
    assert html.escape(load_metadata(indicator_id).name("en")) in tile
    latest = headline(compute_indicator(indicator_id))
    assert latest is not None
    assert f">{shown.format(latest.value)} {latest.arrow}<" in tile


def test_overview_pa_coverage_is_the_indicator_headline(sample_url: str, open_page: OpenPage) -> None:
    from ui.indicators import compute_indicator, headline, registered_indicators

    if "protected_area_coverage" not in dict(registered_indicators()):
        pytest.skip("protected_area_coverage not registered")
    app = open_page("overview", lang="en")
    latest = headline(compute_indicator("protected_area_coverage"))
    values = metrics(app)
    if latest is None:
        assert values[t("pg.overview.pa_coverage", "en")] == "–"
    else:
        assert values[t("pg.overview.pa_coverage_year", "en", year=latest.year)] == f"{latest.value:.1f}%"


def test_target_page_lists_the_registered_indicators_and_links(sample_url: str, open_page: OpenPage) -> None:
    from data_access.queries.target import linked_national_targets
    from ui.indicators import indicators_for_target

    app = open_page("target", lang="en", target="4")
    assert app.title[0].value == "GBF Target 4"
    # one section per indicator (the first drawn), then the national links
    sections = [meta.name("en") for _id, meta in indicators_for_target("4")]
    assert app.segmented_control(key="view").options == [*sections, t("pg.target.section.national", "en")]
    assert sections[0] in " ".join(m.value for m in app.markdown)
    app = open_page("target", lang="en", query={"view": "national"}, target="4")
    national = query(sample_url, linked_national_targets, "4")
    tables = [d.value for d in app.dataframe]
    assert any(len(frame) == len(national) and "Code" in frame.columns for frame in tables) or national.empty


def test_target_without_indicator_explains_what_is_missing(sample_url: str, open_page: OpenPage) -> None:
    from ui.indicators import indicators_for_target

    empty = next(str(c) for c in range(1, 24) if not indicators_for_target(str(c)))
    app = open_page("target", lang="ko", target=empty)
    assert any(t("pg.target.no_indicator", "ko") == info.value for info in app.info)


def test_nbsap_figures_and_filters(sample_url: str, open_page: OpenPage) -> None:
    from data_access.queries.nbsap import nbsap_actions, report_years

    year = max(query(sample_url, report_years))
    actions = query(sample_url, nbsap_actions, year)
    app = open_page("nbsap", lang="en", year=year)
    assert metrics(app)["Actions"] == format_number(len(actions), "en")
    assert metrics(app)["Overdue"] == format_number(int(actions["overdue"].sum()), "en")
    filtered = open_page("nbsap", lang="en", year=year, status=["completed"])
    assert metrics(filtered)["Actions"] == format_number(int((actions["status"] == "completed").sum()), "en")


def test_nbsap_form_records_progress_and_bumps_the_version(writable_url: str, open_page: OpenPage) -> None:
    from data_access.database import data_version
    from data_access.queries.nbsap import action_reports, nbsap_actions

    actions = query(writable_url, nbsap_actions, 2030)
    code = actions.loc[actions["start_year"] <= 2025, "code"].iloc[0]
    before = query(writable_url, data_version)
    app = open_page("nbsap", lang="en", query={"view": "actions"}, nbsap_form_action=code, gbf_role="steward",
                    gbf_user="editor")
    form_inputs = {w.label: w for w in app.number_input}
    form_inputs["Year"].set_value(2025)
    status_box = next(s for s in app.selectbox if s.label == "Status")
    status_box.set_value("delayed")
    next(w for w in app.text_input if w.label == "Reported by").set_value("Test editor")
    next(b for b in app.button if b.label == "Save").click()
    app.run()
    assert not app.exception
    assert any("Saved the 2025 report" in s.value or "Updated the 2025 report" in s.value for s in app.success)
    reports = query(writable_url, action_reports, code)
    assert reports.loc[reports["year"] == 2025, "status"].tolist() == ["delayed"]
    assert query(writable_url, data_version) == before + 1


def test_nbsap_tracker_opens_on_this_year_even_with_a_plan_for_a_later_one(writable_url: str, open_page: OpenPage) -> None:
    import datetime as dt

    from data_access.models import ProgressReport
    from data_access.queries.nbsap import nbsap_actions

    this_year = min(dt.date.today().year, 2030)
    actions = query(writable_url, nbsap_actions, this_year)
    with session_scope(make_engine(writable_url)) as session:
        session.add(ProgressReport(action_id=int(actions["id"].iloc[0]), year=this_year + 2, status="not_started"))
    app = open_page("nbsap", lang="en")
    year_box = app.sidebar.selectbox(key="year")
    assert str(this_year + 2) in year_box.options and year_box.value == this_year
    assert metrics(app)["Overdue"] == format_number(int(actions["overdue"].sum()), "en")


def test_nbsap_form_refuses_invalid_progress_in_the_users_language(writable_url: str, open_page: OpenPage) -> None:
    app = open_page("nbsap", lang="ko", query={"view": "actions"}, gbf_role="steward", gbf_user="editor")
    next(b for b in app.button if b.label == t("pg.nbsap.form.save", "ko")).click()
    app.run()
    assert any(e.value == t("pg.nbsap.error.reporter", "ko") for e in app.error)


def test_species_search_shows_status_history(sample_url: str, open_page: OpenPage) -> None:
    from sqlalchemy import select

    from data_access.models import RedListAssessment, Taxon
    from data_access.queries.species import search_species, species_status_history

    with session_scope(make_engine(sample_url)) as session:
        name = session.scalar(
            select(Taxon.korean_name).join(RedListAssessment, RedListAssessment.taxon_id == Taxon.id)
            .where(Taxon.korean_name.is_not(None)).limit(1)
        )
        found = search_species(session, name)
        history = species_status_history(session, int(found["id"].iloc[0]))
    app = open_page("species", lang="ko", q=name, species=str(found["id"].iloc[0]))
    assert len(app.dataframe[0].value) == len(history) > 0


def test_species_search_without_match_says_so(sample_url: str, open_page: OpenPage) -> None:
    app = open_page("species", lang="en", q="zzzz-no-such-species")
    assert any("No species on the national list matches" in i.value for i in app.info)


def test_protected_area_figures_equal_the_queries(sample_url: str, open_page: OpenPage) -> None:
    from data_access.queries.protected_areas import site_counts

    counts = query(sample_url, site_counts)
    app = open_page("protected_areas", lang="en")
    assert metrics(app)["Protected areas"] == format_number(counts.get("PA", 0), "en")
    assert metrics(app)["OECMs"] == format_number(counts.get("OECM", 0), "en")


def test_specimen_figures_equal_the_queries(sample_url: str, open_page: OpenPage) -> None:
    from data_access.queries.specimens import record_totals

    totals = query(sample_url, record_totals)
    app = open_page("specimens", lang="en")
    assert metrics(app)["All records"] == format_number(totals["records"], "en")
    assert metrics(app)["Specimen records"] == format_number(totals["specimens"], "en")


def test_cooperation_figures_equal_the_queries(sample_url: str, open_page: OpenPage) -> None:
    from data_access.queries.cooperation import projects_by_partner

    partners = query(sample_url, projects_by_partner)
    app = open_page("cooperation", lang="en")
    assert metrics(app)["Projects"] == format_number(int(partners["projects"].sum()), "en")
    assert metrics(app)["Partner countries"] == format_number(len(partners), "en")


def test_trade_filters_by_year(sample_url: str, open_page: OpenPage) -> None:
    from data_access.queries.trade import trade_years

    span = query(sample_url, trade_years)
    assert span is not None
    app = open_page("trade", lang="en", years=(span[1], span[1]), measure="live")
    assert app.slider(key="years").value == (span[1], span[1])


def test_data_management_lists_every_source(sample_url: str, open_page: OpenPage) -> None:
    from data_access.queries.data_management import SOURCES

    app = open_page("data_management", lang="ko")
    freshness = app.dataframe[-1].value
    assert len(freshness) == len(SOURCES)


def test_language_switch_keeps_the_page(sample_url: str, open_page: OpenPage) -> None:
    app = open_page("protected_areas", lang="ko")
    assert app.title[0].value == "보호지역"
    app.sidebar.radio(key="language_switch").set_value("en").run()
    assert app.title[0].value == "Protected areas"


@pytest.fixture(scope="module")
def reference_only_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database with only the shipped reference data (GBF, boundaries): nothing imported yet."""
    from sample_data.reference_data import load_reference_data

    url = f"sqlite:///{tmp_path_factory.mktemp('empty') / 'empty.sqlite'}"
    engine = make_engine(url)
    upgrade_schema(engine)
    with session_scope(engine) as session:
        load_reference_data(session)
    engine.dispose()
    return url


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("page", [*PAGES, "target"])
def test_empty_database_pages_explain_instead_of_failing(
    reference_only_database: str, open_page: OpenPage, page: str, lang: str
) -> None:
    app = open_page(page, lang=lang, url=reference_only_database)
    assert app.title
    if page not in ("overview", "data_management"):
        assert app.info, "an empty page must explain what is missing"


def test_a_broken_or_missing_indicator_does_not_break_pages(
    sample_url: str, monkeypatch: pytest.MonkeyPatch, open_page: OpenPage
) -> None:
    from indicators import registry

    monkeypatch.setattr(registry, "INDICATOR_IDS", (*registry.INDICATOR_IDS, "not_written_yet"))
    open_page("overview", lang="en")
    open_page("target", lang="en", target="4")


@pytest.mark.parametrize(("view", "lang", "words"), [("trade", "en", "Korea has not yet: 2024"),
                                                     ("partners", "ko", "연례보고가 아직 없는 연도: 2024"),
                                                     ("followup", "en", "Not compared: 2024")])
def test_trade_names_the_years_korea_has_not_reported(
    sample_url: str, open_page: OpenPage, view: str, lang: str, words: str
) -> None:
    """The sample's 2024 trade is partner-reported only (Korea's annual report lags): the page says
    so above the Korea-vs-partner figures, and Korea's 2024 point is missing, not zero."""
    app = open_page("trade", lang=lang, query={"view": view})
    captions = [c.value for c in app.caption]
    assert any(words in c for c in captions), captions
    if view == "trade":
        import base64
        import json

        import numpy as np

        spec = json.loads(app.get("plotly_chart")[0].proto.spec)
        korea_imports = next(trace for trace in spec["data"] if trace.get("name", "").startswith("Imports · Korea"))
        x = korea_imports["x"]  # plotly sends numeric arrays as base64 ("bdata") with their dtype
        years = np.frombuffer(base64.b64decode(x["bdata"]), x["dtype"]).tolist() if isinstance(x, dict) else x
        assert 2024 not in years and 2023 in years


@pytest.mark.parametrize(("lang", "live", "count", "wild", "taiwan"),
                         [("ko", "살아 있는 개체 (LIV)", "개체 수", "야생(W)", "대만 (TW)"),
                          ("en", "live (LIV)", "number of specimens", "Wild (W)", "Taiwan Province of China (TW)")])
def test_trade_discrepancies_name_term_unit_purpose_and_source_in_the_readers_words(
    sample_url: str, open_page: OpenPage, lang: str, live: str, count: str, wild: str, taiwan: str
) -> None:
    """The follow-up list names what was traded and in which unit, so two rows of one trade
    reported under different source codes read as such, not as contradicting duplicates."""
    from i18n import t

    app = open_page("trade", lang=lang, query={"view": "followup"})
    gaps = app.dataframe[0].value
    assert {t(f"pg.trade.col.{c}", lang) for c in ("term", "unit", "purpose", "source")} <= set(gaps.columns)
    assert live in set(gaps[t("pg.trade.col.term", lang)])
    assert count in set(gaps[t("pg.trade.col.unit", lang)])
    assert wild in set(gaps[t("pg.trade.col.source", lang)])
    assert taiwan in set(gaps[t("pg.trade.col.partner", lang)])  # the partner by name, with its code


def test_filter_placeholders_are_in_the_readers_language(sample_url: str, open_page: OpenPage) -> None:
    """Streamlit's own multiselect placeholder ("Choose options") is English: every filter names its own."""
    app = open_page("nbsap", lang="ko")
    placeholders = {m.key: m.proto.placeholder for m in app.multiselect}
    assert set(placeholders) >= {"nt", "gbf", "ministry", "status"}
    assert set(placeholders.values()) == {t("common.all", "ko")}


def test_overview_names_the_last_import_as_users_know_it(sample_url: str, open_page: OpenPage) -> None:
    from data_access.queries.overview import headline_counts
    from ui.components import kind_name

    counts = query(sample_url, headline_counts)
    assert counts.last_import_kind and counts.last_import_at
    app = open_page("overview", lang="ko")
    caption = next(c.value for c in app.caption if c.value.startswith("최근 가져오기"))
    assert kind_name(counts.last_import_kind, "ko") in caption and "T" not in caption.split("(")[-1]
    assert kind_name(counts.last_import_kind, "ko") != counts.last_import_kind  # a catalog name, not the code


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_import_tables_name_kinds_and_statuses_in_the_readers_language(sample_url: str, open_page: OpenPage,
                                                                        lang: str) -> None:
    from data_access.queries.overview import recent_imports
    from ui.components import kind_name

    imports = query(sample_url, recent_imports)
    app = open_page("overview", lang=lang)
    shown = next(frame.value for frame in app.dataframe if t("pg.data.col.kind", lang) in frame.value.columns)
    expected = [f"{kind_name(kind, lang)} ({kind})" for kind in imports["kind"]]
    assert shown[t("pg.data.col.kind", lang)].tolist() == expected
    assert any(kind_name(kind, lang) != kind for kind in imports["kind"])  # names from the catalog, not codes
    assert set(shown[t("pg.data.col.status", lang)]) == {t("pg.data.status.committed", lang)}


@pytest.mark.parametrize(("page", "view", "counts", "years"), [
    ("overview", None, ["pg.data.col.inserted", "pg.data.col.rejected"], []),
    ("data_management", None, ["pg.data.col.read", "pg.data.col.inserted"], []),
    ("specimens", "groups", ["pg.specimens.col.species", "pg.specimens.col.percent_records"], []),
    ("nbsap", "actions", ["pg.nbsap.col.percent"], ["pg.nbsap.col.start_year", "pg.nbsap.col.end_year"]),
])
def test_tables_group_thousands_in_counts_but_not_in_years(sample_url: str, open_page: OpenPage, page: str,
                                                           view: str | None, counts: list[str], years: list[str]) -> None:
    """st.dataframe shows integers ungrouped (1328407) unless a column says otherwise."""
    app = open_page(page, lang="en", role="analyst", query={"view": view} if view else None)
    headers = {t(key, "en") for key in counts + years}
    frame = next(frame for frame in app.dataframe if headers <= set(frame.value.columns))
    config = json.loads(frame.proto.columns)
    for key in counts:  # grouped: the locale's format, or printf's with a thousands comma
        assert config[t(key, "en")]["type_config"]["format"] in ("localized", "%,.1f")
    for key in years:
        assert "type_config" not in config.get(t(key, "en"), {})
        assert frame.value[t(key, "en")].between(2000, 2100).all()


def test_number_formats_leave_years_ids_and_coordinates_as_written() -> None:
    import pandas as pd

    from ui.components import number_formats

    frame = pd.DataFrame({"id": [1], "year": [2024], "start_year": [2024], "decimal_longitude": [127.123456],
                          "centre_latitude": [37.5], "records": [1328407], "area_km2": [8004.5], "name": ["x"]})
    config = number_formats(frame, {c: c.upper() for c in frame.columns})
    assert set(config) == {"RECORDS", "AREA_KM2"}
    assert {name: column["type_config"]["format"] for name, column in config.items()} == {
        "RECORDS": "localized", "AREA_KM2": "%,.1f"}


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_nbsap_timeline_says_it_is_cut_in_its_subtitle(sample_url: str, open_page: OpenPage, lang: str) -> None:
    """The bar labels push the plot right; a footer (which starts at the plot's left edge) ran off the chart."""
    app = open_page("nbsap", lang=lang)
    specs = [json.loads(element.proto.spec) for element in app.get("plotly_chart")]
    timeline = next(spec for spec in specs if t("pg.nbsap.chart.timeline", lang) in spec["layout"]["title"]["text"])
    from data_access.queries.nbsap import nbsap_actions

    total = len(query(sample_url, nbsap_actions, min(dt.date.today().year, 2030)))
    assert total > 40
    cut = t("pg.nbsap.chart.timeline_cut", lang, n=total)
    assert cut == timeline["layout"]["title"]["subtitle"]["text"]
    assert not any(cut in note.get("text", "") for note in timeline["layout"].get("annotations", []))


@pytest.mark.parametrize(("lang", "china"), [("ko", "중국"), ("en", "China")])
def test_trade_partners_are_named_in_the_readers_language(sample_url: str, open_page: OpenPage, lang: str,
                                                          china: str) -> None:
    app = open_page("trade", lang=lang, query={"view": "partners"})
    specs = [json.loads(element.proto.spec) for element in app.get("plotly_chart")]
    top = next(spec for spec in specs if t("pg.trade.chart.top_partners", lang) in spec["layout"]["title"]["text"])
    shown = {name for trace in top["data"] for name in trace["y"]}
    assert china in shown, shown
    world = next(spec for spec in specs if t("pg.trade.chart.world", lang) in spec["layout"]["title"]["text"])
    tooltips = " ".join(str(text) for trace in world["data"] for text in (trace.get("text") or []))
    assert china in tooltips


@pytest.mark.parametrize(("lang", "reptiles"), [("ko", "파충류(Reptilia)"), ("en", "Reptiles (Reptilia)")])
def test_trade_by_class_names_the_group_beside_the_class(sample_url: str, open_page: OpenPage, lang: str,
                                                         reptiles: str) -> None:
    from data_access.queries.trade import trade_by

    classes = set(query(sample_url, trade_by, "class_name")["key"])
    assert "Reptilia" in classes
    app = open_page("trade", lang=lang)
    specs = [json.loads(element.proto.spec) for element in app.get("plotly_chart")]
    by_class = next(spec for spec in specs if t("pg.trade.chart.by_class_name", lang) in spec["layout"]["title"]["text"])
    shown = {name for trace in by_class["data"] for name in trace["y"]}
    assert reptiles in shown, shown
    assert not shown & classes  # every class the chart draws is named, none left as the bare class


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_cooperation_projects_name_their_partner_country(sample_url: str, open_page: OpenPage, lang: str) -> None:
    from data_access.queries.cooperation import project_list, projects_by_partner

    projects, partners = query(sample_url, project_list), query(sample_url, projects_by_partner)
    app = open_page("cooperation", lang=lang)
    shown = next(frame.value for frame in app.dataframe if t("pg.coop.col.country", lang) in frame.value.columns)
    names = dict(zip(partners["code"], partners[f"name_{lang}"], strict=True))
    expected = [f"{names[code]} ({code})" for code in projects["partner_country"]]
    assert shown[t("pg.coop.col.country", lang)].tolist() == expected
    assert all(names.values())


def test_duplicates_handed_over_name_partner_countries_in_korean(sample_url: str, open_page: OpenPage) -> None:
    from data_access.queries.countries import country_names
    from data_access.queries.specimens import duplicates_handed_over

    codes = set(query(sample_url, duplicates_handed_over)["partner_country"])
    names = query(sample_url, country_names).set_index("code")["name_ko"]
    app = open_page("specimens", lang="ko", query={"view": "duplicates"})
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert {trace["name"] for trace in spec["data"]} == {f"{names[code]} ({code})" for code in codes}
