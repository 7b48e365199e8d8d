"""ABS benefits and permits (C.1, C.2, 13.CT.1), biodiversity ODA (D.1), capacity and cooperation (T20); the
specimens and cooperation pages in sections, whose figures equal these queries."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from data_access.database import make_engine, session_scope
from data_access.models import (
    AccessPermit,
    BenefitSharingAgreement,
    CapacityEvent,
    CooperationProject,
    Country,
    MaterialTransfer,
    MonetaryBenefit,
    NonMonetaryBenefit,
    ProjectBudget,
)
from data_access.queries import abs_inputs, cooperation_inputs
from data_access.queries.cooperation import (
    access_permits_by_year,
    budgets_by_year,
    capacity_by_year,
    monetary_benefits_by_year,
    non_monetary_benefits_by_year,
    project_list,
    projects_by_partner,
)
from data_access.queries.specimens import (
    duplicates_handed_over,
    list_completeness,
    occurrence_summary,
    province_counts,
    record_totals,
    taxon_groups,
    year_counts,
)
from i18n import format_number, series_name, t
from indicators import (
    abs_benefits,
    abs_non_monetary_benefits,
    abs_permits,
    biodiversity_oda,
    capacity_cooperation,
)
from tests.conftest import OpenPage
from ui.sections import KEY, PAGE_SECTIONS


def test_rio_marker_weights_by_hand() -> None:
    rows = pd.DataFrame({"year": 2023, "recipient": ["EC", "EC", "VN"], "rio_marker": [1, 0, 2], "usd": [100.0, 500.0, 10.0]})
    frame = biodiversity_oda.compute({"oda_disbursements": rows}).frame.set_index("recipient")
    assert frame.loc["EC", "value"] == 40.0  # 1 × 100 → 40; the marker-0 project counts nothing
    assert frame.loc["EC", "significant_usd"] == 100.0 and frame.loc["EC", "gross_usd"] == 600.0
    assert frame.loc["all", "value"] == 50.0
    half = biodiversity_oda.compute({"oda_disbursements": rows}, significant_weight=0.5).frame.set_index("recipient")
    assert half.loc["EC", "value"] == 50.0
    with pytest.raises(ValueError):
        biodiversity_oda.compute({"oda_disbursements": rows.assign(rio_marker=3)})


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["EC", "VN", "MN"]), st.integers(0, 2), st.floats(0, 1e6)), min_size=1, max_size=20),
       st.integers(0, 99))
def test_oda_total_is_the_sum_of_recipients_in_any_order(rows, seed) -> None:  # type: ignore[no-untyped-def]
    frame = pd.DataFrame(rows, columns=["recipient", "rio_marker", "usd"]).assign(year=2022)
    a = biodiversity_oda.compute({"oda_disbursements": frame}).frame
    b = biodiversity_oda.compute({"oda_disbursements": frame.sample(frac=1, random_state=seed)}).frame
    pd.testing.assert_frame_equal(a, b, check_exact=False)
    parts = a[a["recipient"] != "all"]["value"].sum()
    assert a[a["recipient"] == "all"]["value"].iloc[0] == pytest.approx(parts)


def test_monetary_benefits_use_each_records_stored_rate() -> None:
    # 100 EUR at 1.10 USD (2022) and 100 EUR at 1.05 USD (2023): never one rate for both years
    rows = pd.DataFrame({"year": [2022, 2023], "kind": "royalty", "usd": [110.0, 105.0], "krw": [140_000.0, 145_000.0],
                         "records": 1})
    frame = abs_benefits.compute({"abs_monetary_benefits": rows}).frame
    usd = frame[(frame["currency"] == "USD") & (frame["kind"] == "all")].set_index("year")["value"]
    assert usd.to_dict() == {2022: 110.0, 2023: 105.0}
    assert set(frame["currency"]) == {"USD", "KRW"}


def test_non_monetary_and_permits_by_hand() -> None:
    benefits = pd.DataFrame({"year": 2022, "benefit_type": ["training", "training", "data_sharing"], "records": [1, 2, 1],
                             "quantity": [10.0, 5.0, None]})
    frame = abs_non_monetary_benefits.compute({"abs_non_monetary": benefits}).frame.set_index("benefit_type")
    assert frame.loc["all", "value"] == 4.0 and frame.loc["training", "quantity"] == 15.0
    permits = pd.DataFrame({"year": [2021, 2021, 2022], "kind": ["access_report", "pic_permit", "pic_permit"],
                            "purpose": ["commercial", "non_commercial", "commercial"], "permits": [5, 2, 1], "irccs": [0, 2, 1]})
    table = abs_permits.compute({"abs_access_permits": permits}).frame.set_index(["series", "year"])["value"]
    assert table[("all", 2021)] == 7 and table[("ircc", 2021)] == 2 and table[("ircc_non_commercial", 2021)] == 2
    assert table[("ircc_non_commercial", 2022)] == 0


def _rows(session) -> None:  # type: ignore[no-untyped-def]
    session.add_all([Country(iso2="EC", name_en="Ecuador", is_megadiverse=True), Country(iso2="MN", name_en="Mongolia")])
    agreement = BenefitSharingAgreement(agreement_no="A1", partner_name="Corp", partner_country="FR", signed_on=dt.date(2021, 1, 1))
    session.add(agreement)
    session.flush()
    session.add_all([
        MonetaryBenefit(agreement_id=agreement.id, year=2022, kind="upfront", amount=100.0, currency="EUR",
                        usd_per_unit=1.10, krw_per_unit=1400.0),
        MonetaryBenefit(agreement_id=agreement.id, year=2022, kind="royalty", amount=1_000_000.0, currency="KRW",
                        usd_per_unit=0.00075, krw_per_unit=1.0),
        NonMonetaryBenefit(agreement_id=agreement.id, year=2022, benefit_type="training", quantity=12),
        AccessPermit(reference_no="R1", kind="access_report", provider_country="KR", user_country="FR",
                     issued_on=dt.date(2022, 5, 1), year=2022, purpose="non_commercial"),
        AccessPermit(reference_no="R2", kind="pic_permit", ircc_id="ABSCH-IRCC-KR-000001-1", provider_country="KR",
                     user_country="JP", issued_on=dt.date(2022, 6, 1), year=2022, purpose="non_commercial"),
    ])
    oda = CooperationProject(code="P1", title_ko="에콰도르", title_en="Ecuador", kind="oda", partner_country="EC",
                             starts_on=dt.date(2022, 12, 13), ends_on=dt.date(2028, 12, 31), rio_marker=2)
    research = CooperationProject(code="P2", title_ko="몽골", title_en="Mongolia", kind="joint_research",
                                  partner_country="MN", starts_on=dt.date(2023, 1, 1), ends_on=dt.date(2023, 12, 31), rio_marker=1)
    session.add_all([oda, research])
    session.flush()
    session.add_all([
        ProjectBudget(project_id=oda.id, year=2023, amount=1_000_000_000.0, currency="KRW", usd_per_unit=0.00077),
        ProjectBudget(project_id=research.id, year=2023, amount=100_000.0, currency="USD", usd_per_unit=1.0),
        CapacityEvent(event_key="C1", project_id=oda.id, title="DNA barcoding", country="EC", held_on=dt.date(2023, 4, 3),
                      trainees=10, women_trainees=6, year=2023),
        MaterialTransfer(transfer_key="M1", project_id=research.id, partner_country="MN", handed_over_on=dt.date(2023, 9, 1),
                         kind="duplicate_specimen", quantity=250, year=2023),
        MaterialTransfer(transfer_key="M2", partner_country="EC", handed_over_on=dt.date(2023, 9, 1), kind="book",
                         quantity=30, year=2023),
    ])


def test_loaders_on_both_databases(engine: Engine) -> None:
    with session_scope(engine) as session:
        _rows(session)
    with session_scope(engine) as session:
        money = abs_inputs.load_monetary_benefits(session)
        other = abs_inputs.load_non_monetary_benefits(session)
        permits = abs_inputs.load_access_permits(session)
        oda = cooperation_inputs.load_oda_disbursements(session)
        oda_all = cooperation_inputs.load_oda_disbursements(session, include_joint_research=True)
        projects = cooperation_inputs.load_cooperation_projects(session)
        counts = cooperation_inputs.load_cooperation_counts(session)
    usd = abs_benefits.compute({"abs_monetary_benefits": money}).frame
    total = usd[(usd["currency"] == "USD") & (usd["kind"] == "all")]["value"].iloc[0]
    assert total == pytest.approx(100 * 1.10 + 1_000_000 * 0.00075)  # 110 + 750
    krw = usd[(usd["currency"] == "KRW") & (usd["kind"] == "all")]["value"].iloc[0]
    assert krw == pytest.approx(140_000 + 1_000_000)
    assert abs_non_monetary_benefits.compute({"abs_non_monetary": other}).frame["value"].max() == 1
    assert abs_permits.compute({"abs_access_permits": permits}).frame.set_index("series").loc["ircc", "value"] == 1
    assert biodiversity_oda.compute({"oda_disbursements": oda}, until_year=2024).frame.set_index("recipient").loc["EC", "value"] == pytest.approx(770_000)
    with_research = biodiversity_oda.compute({"oda_disbursements": oda_all}, until_year=2024).frame.set_index("recipient")
    assert with_research.loc["MN", "value"] == pytest.approx(40_000)
    frame = capacity_cooperation.compute({"cooperation_projects": projects, "cooperation_counts": counts}, until_year=2024).frame
    table = frame.set_index(["series", "partner_country", "year"])["value"]
    assert table[("trainees", "EC", 2023)] == 10 and table[("women_trainees", "megadiverse", 2023)] == 6
    assert table[("duplicate_specimens", "MN", 2023)] == 250 and table[("books", "megadiverse", 2023)] == 30
    assert ("duplicate_specimens", "megadiverse", 2023) not in table.index  # Mongolia is not megadiverse
    assert table[("active_projects", "all", 2023)] == 2 and table[("active_projects", "all", 2024)] == 1
    assert table[("active_projects", "megadiverse", 2022)] == 1


# --- The specimens and cooperation pages in sections (AppTest on the sample database) ---------------------------

SPECIMEN_CHARTS = {  # section → the i18n keys of the chart titles it draws (the group is filled in by the page)
    "records": ("pg.specimens.chart.by_year", "pg.specimens.chart.by_province"),
    "groups": ("pg.specimens.chart.by_group",),
    "duplicates": ("pg.specimens.chart.duplicates",),
}
COOPERATION_CHARTS = {
    "partners": ("pg.coop.chart.world",),
    "funding": ("pg.coop.chart.budgets",),
    "benefits": ("pg.coop.chart.monetary", "pg.coop.chart.non_monetary", "pg.coop.chart.access"),
    "capacity": ("pg.coop.chart.capacity",),
}
PAGE_CHARTS = {"specimens": SPECIMEN_CHARTS, "cooperation": COOPERATION_CHARTS}


def _query(url: str, function, *args):  # type: ignore[no-untyped-def]
    """`function(session, *args)` on the database at `url`, as the page's query would run it."""
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            return function(session, *args)
    finally:
        engine.dispose()


def _figures(app: AppTest) -> dict[str, dict]:
    """The plotly figures the run drew, by their title without markup."""
    figures = {}
    for element in app.get("plotly_chart"):
        spec = json.loads(element.proto.spec)
        title = spec.get("layout", {}).get("title", {})
        text = title.get("text", "") if isinstance(title, dict) else str(title)
        figures[re.sub(r"<[^>]+>", "", text)] = spec
    return figures


def _values(trace: dict, axis: str = "y") -> list[float]:
    """A trace's numbers, whether plotly wrote them as a list or as typed binary (`bdata`)."""
    values = trace.get(axis, [])
    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=np.dtype(values["dtype"])).tolist()
    return [float(v) for v in values]


def _bar_total(figure: dict) -> float:
    return sum(sum(_values(trace)) for trace in figure["data"])


def _map_values(figure: dict) -> dict[str, float]:
    """The value of each area in a choropleth, read from its hover texts ("<b>name</b><br>label: 1,234")."""
    texts = [text for trace in figure["data"] for text in trace.get("text", []) or [] if "<br>" in str(text)]
    pairs = (text.removeprefix("<b>").split("</b><br>") for text in texts)
    return {name: float(shown.rsplit(": ", 1)[1].replace(",", "")) for name, shown in pairs
            if not shown.endswith(": –")}


def _metrics(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize(("page", "section"), [(p, s) for p, sections in PAGE_CHARTS.items() for s in sections])
def test_each_section_draws_only_its_own_charts(sample_url: str, open_page: OpenPage, page: str, section: str,
                                               lang: str) -> None:
    app = open_page(page, lang=lang, query={KEY: section})
    assert not app.error, [e.value for e in app.error]
    assert app.segmented_control(key=KEY).value == section
    assert len(app.metric) == 4, "the key figures stay above every section"
    own = {t(key, lang, group=t("pg.specimens.all_groups", lang)) for key in PAGE_CHARTS[page][section]}
    assert set(_figures(app)) == own


@pytest.mark.parametrize("page", ["specimens", "cooperation"])
def test_an_unknown_section_opens_the_default(sample_url: str, open_page: OpenPage, page: str) -> None:
    app = open_page(page, query={KEY: "no-such-section"})
    default = PAGE_SECTIONS[page][0]
    assert app.segmented_control(key=KEY).value == default
    assert len(_figures(app)) == len(PAGE_CHARTS[page][default])


def test_specimen_records_section_equals_the_queries(sample_url: str, open_page: OpenPage) -> None:
    totals, summary = _query(sample_url, record_totals), _query(sample_url, occurrence_summary)
    app = open_page("specimens", query={"view": "records"})
    assert _metrics(app)[t("pg.specimens.metric.records", "en")] == format_number(totals["records"], "en")
    assert _metrics(app)[t("pg.specimens.metric.specimens", "en")] == format_number(totals["specimens"], "en")
    assert _metrics(app)[t("pg.specimens.metric.published", "en")] == format_number(totals["published"], "en")
    everything = t("pg.specimens.all_groups", "en")
    figures = _figures(app)
    assert _bar_total(figures[t("pg.specimens.chart.by_year", "en", group=everything)]) == year_counts(summary)["records"].sum()
    on_map = _map_values(figures[t("pg.specimens.chart.by_province", "en", group=everything)])
    assert sum(on_map.values()) == province_counts(summary)["records"].sum() > 0
    # the group filter lives in this section and narrows both charts
    group = _query(sample_url, taxon_groups)[0]
    app = open_page("specimens", query={"view": "records"}, group=group)
    by_year = _figures(app)[t("pg.specimens.chart.by_year", "en", group=series_name(group, "en"))]
    assert _bar_total(by_year) == year_counts(summary, group)["records"].sum()
    assert 0 < _bar_total(by_year) < totals["records"]


def test_specimen_groups_and_duplicates_sections_equal_the_queries(sample_url: str, open_page: OpenPage) -> None:
    totals = _query(sample_url, record_totals)
    app = open_page("specimens", query={"view": "groups"})
    assert not app.selectbox, "the group filter belongs to the records section"
    assert _bar_total(_figures(app)[t("pg.specimens.chart.by_group", "en")]) == totals["records"]
    completeness = _query(sample_url, list_completeness)
    shown = next(frame.value for frame in app.dataframe if t("pg.specimens.col.with_records", "en") in frame.value.columns)
    assert shown[t("pg.specimens.col.with_records", "en")].tolist() == completeness["with_records"].tolist()
    assert not any(t("acc.sensitive.col.cell", "en") in frame.value.columns for frame in app.dataframe)
    duplicates = _query(sample_url, duplicates_handed_over)
    app = open_page("specimens", query={"view": "duplicates"})
    assert _bar_total(_figures(app)[t("pg.specimens.chart.duplicates", "en")]) == duplicates["specimens"].sum() > 0


def test_cooperation_sections_equal_the_queries(sample_url: str, open_page: OpenPage) -> None:
    partners = _query(sample_url, projects_by_partner)
    app = open_page("cooperation", query={"view": "partners"})
    assert _metrics(app)[t("pg.coop.metric.projects", "en")] == format_number(int(partners["projects"].sum()), "en")
    assert _metrics(app)[t("pg.coop.metric.countries", "en")] == format_number(len(partners), "en")
    on_map = _map_values(_figures(app)[t("pg.coop.chart.world", "en")])
    assert sum(on_map.values()) == partners["projects"].sum() > 0
    listed = next(frame.value for frame in app.dataframe if t("pg.coop.col.code", "en") in frame.value.columns)
    assert sorted(listed[t("pg.coop.col.code", "en")]) == sorted(_query(sample_url, project_list)["code"])

    figures = _figures(open_page("cooperation", query={"view": "funding"}))
    assert _bar_total(figures[t("pg.coop.chart.budgets", "en")]) == pytest.approx(_query(sample_url, budgets_by_year)["usd"].sum())

    figures = _figures(open_page("cooperation", query={"view": "benefits"}))
    money = _query(sample_url, monetary_benefits_by_year)["usd"].sum()
    assert _bar_total(figures[t("pg.coop.chart.monetary", "en")]) == pytest.approx(money)
    other = _query(sample_url, non_monetary_benefits_by_year)["benefits"].sum()
    assert _bar_total(figures[t("pg.coop.chart.non_monetary", "en")]) == other
    assert _bar_total(figures[t("pg.coop.chart.access", "en")]) == _query(sample_url, access_permits_by_year)["permits"].sum()

    figures = _figures(open_page("cooperation", query={"view": "capacity"}))
    assert _bar_total(figures[t("pg.coop.chart.capacity", "en")]) == _query(sample_url, capacity_by_year)["trainees"].sum()


def test_the_group_filter_survives_a_visit_to_another_section(sample_url: str, open_page: OpenPage) -> None:
    group = _query(sample_url, taxon_groups)[0]
    app = open_page("specimens", query={KEY: "records"}, group=group)
    app.segmented_control(key=KEY).set_value("groups").run()
    assert not app.selectbox
    app.segmented_control(key=KEY).set_value("records").run()
    assert app.selectbox(key="group").value == group
    assert t("pg.specimens.chart.by_year", "en", group=series_name(group, "en")) in _figures(app)
