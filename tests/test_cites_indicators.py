"""CITES: units, trade volumes, wild share, reporting discrepancies, seizures, traded-species RLI."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from data_access.database import session_scope
from data_access.models import (
    CitesPermit,
    CitesPermitLine,
    CitesTradeRecord,
    RedListAssessment,
    Taxon,
    TradeCase,
)
from data_access.queries import cites_inputs
from indicators import (
    cites_trade_discrepancy,
    cites_trade_volume,
    cites_wild_share,
    traded_species_rli,
    wildlife_seizures,
)
from indicators.cites_units import normalise_quantities, normalise_unit, parse_sources
from indicators.result import NoDataError


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        (None, ("number", 1.0)), ("", ("number", 1.0)), ("Number of specimens", ("number", 1.0)),
        ("KIL", ("kg", 1.0)), ("kg", ("kg", 1.0)), ("GRM", ("kg", 0.001)), ("g", ("kg", 0.001)),
        ("MGM", ("kg", 1e-6)), ("TON", ("kg", 1000.0)), ("PND", ("kg", 0.45359237)),
        ("LTR", ("l", 1.0)), ("MLT", ("l", 0.001)), ("CUM", ("l", 1000.0)), ("m3", ("l", 1000.0)),
        ("PCS", ("PCS", 1.0)), ("MTR", ("MTR", 1.0)), ("SQM", ("SQM", 1.0)), ("bags", ("bags", 1.0)),
    ],
)
def test_unit_table(unit: str | None, expected: tuple[str, float]) -> None:
    assert normalise_unit(unit) == expected


def test_sources_parse_and_reject_unknown_codes() -> None:
    assert parse_sources("w, R ,X") == ("W", "R", "X")
    with pytest.raises(ValueError):
        parse_sources("W,Q")


def permit_rows(**overrides) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    base = {"year": 2024, "direction": "import", "taxon_group": "Reptilia", "term": "SKI", "purpose": "T",
            "source": "W", "unit": None, "quantity": 1.0, "quantity_used": np.nan, "lines": 1}
    frame = pd.DataFrame([base])
    for key, value in overrides.items():
        frame = frame.loc[frame.index.repeat(len(value))].reset_index(drop=True) if len(frame) != len(value) else frame
        frame[key] = value
    return frame


def test_grams_and_kilograms_add_up_and_specimen_counts_stay_apart() -> None:
    rows = permit_rows(unit=["GRM", "KIL", None, "PCS"], quantity=[500.0, 2.0, 7.0, 3.0])
    frame = cites_trade_volume.compute({"cites_permit_volumes": rows}).frame.set_index("unit")["value"]
    assert frame.to_dict() == {"PCS": 3.0, "kg": 2.5, "number": 7.0}


def test_used_quantities_can_be_chosen() -> None:
    rows = permit_rows(unit=[None, None], quantity=[10.0, 5.0], quantity_used=[4.0, np.nan])
    used = cites_trade_volume.compute({"cites_permit_volumes": rows}, quantity="used").frame
    assert used["value"].tolist() == [4.0]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["GRM", "KIL", None, "LTR", "MLT", "PCS"]), st.sampled_from(["W", "C", "R"]),
                          st.sampled_from(["SKI", "LIV"]), st.floats(0.5, 1000)), min_size=1, max_size=30),
       st.integers(0, 1000))
def test_volume_totals_per_unit_equal_the_normalised_input_in_any_order(lines, seed) -> None:  # type: ignore[no-untyped-def]
    rows = permit_rows(unit=[u for u, *_ in lines], source=[s for _, s, *_ in lines],
                       term=[t for _, _, t, _ in lines], quantity=[q for *_, q in lines])
    shuffled = rows.sample(frac=1, random_state=seed)
    a = cites_trade_volume.compute({"cites_permit_volumes": rows}).frame
    b = cites_trade_volume.compute({"cites_permit_volumes": shuffled}).frame
    pd.testing.assert_frame_equal(a, b, check_exact=False)
    expected = normalise_quantities(rows, quantity="quantity").groupby("unit")["quantity"].sum()
    pd.testing.assert_series_equal(a.groupby("unit")["value"].sum(), expected, check_names=False)
    share = cites_wild_share.compute({"cites_source_volumes": rows}).frame
    assert share["value"].between(0, 100).all()


def test_wild_share_is_within_one_term_and_unit() -> None:
    rows = permit_rows(term=["LIV", "LIV", "LIV", "SKI"], unit=[None, None, None, "KIL"],
                       source=["W", "R", "C", "C"], quantity=[2.0, 1.0, 1.0, 100.0])
    share = cites_wild_share.compute({"cites_source_volumes": rows}).frame.set_index("term")["value"]
    assert share["LIV"] == 50.0 and share["SKI"] == 0.0
    wider = cites_wild_share.compute({"cites_source_volumes": rows}, wild_sources="W,R").frame.set_index("term")["value"]
    assert wider["LIV"] == 75.0


def comparison(**columns) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    base = {"year": 2023, "direction": "import", "partner": "ID", "taxon": "Python reticulatus", "term": "skins",
            "unit": None, "records": 1}
    n = max(len(v) for v in columns.values())
    return pd.DataFrame({**{k: [v] * n for k, v in base.items()}, **columns})


def test_korea_and_partner_quantities_are_compared_never_summed() -> None:
    rows = comparison(kr_quantity=[100.0, np.nan, 40.0], partner_quantity=[np.nan, 130.0, 40.0],
                      taxon=["Python reticulatus", "Python reticulatus", "Varanus salvator"])
    frame = cites_trade_discrepancy.compute({"cites_trade_comparison": rows}).frame.set_index("taxon")
    python = frame.loc["Python reticulatus"]
    assert python["kr_quantity"] == 100.0 and python["partner_quantity"] == 130.0  # not 230
    assert python["value"] == pytest.approx(-30 / 130) and bool(python["flagged"]) and python["status"] == "differ"
    assert frame.loc["Varanus salvator", "status"] == "agree" and not frame.loc["Varanus salvator", "flagged"]


def test_one_sided_reports_and_units_in_discrepancies() -> None:
    rows = comparison(kr_quantity=[np.nan, 0.5, np.nan], partner_quantity=[10.0, np.nan, 500.0],
                      taxon=["A a", "B b", "B b"], unit=[None, "kg", "g"])
    frame = cites_trade_discrepancy.compute({"cites_trade_comparison": rows}).frame.set_index("taxon")
    assert frame.loc["A a", "status"] == "only_partner" and frame.loc["A a", "value"] == -1.0
    b = frame.loc["B b"]  # 0.5 kg vs 500 g = 0.5 kg
    assert b["unit"] == "kg" and b["value"] == pytest.approx(0.0) and b["status"] == "agree"
    summary = cites_trade_discrepancy.compute({"cites_trade_comparison": rows}, level="summary").frame
    assert set(summary["unit"]) == {"number", "kg"}


def test_seizures_fill_missing_years_and_total() -> None:
    cases = pd.DataFrame({"year": [2021, 2023, 2023], "detected_by": ["customs", "customs", "police"], "cases": [7, 40, 5]})
    frame = wildlife_seizures.compute({"trade_cases": cases}).frame
    total = frame[frame["detected_by"] == "all"].set_index("year")["value"]
    assert total.to_dict() == {2021: 7.0, 2022: 0.0, 2023: 45.0}
    parts = frame[frame["detected_by"] != "all"].groupby("year")["value"].sum()
    pd.testing.assert_series_equal(parts, total, check_names=False)


def test_traded_rli_one_index_or_per_group() -> None:
    same_years = pd.DataFrame({"taxon_id": [1, 2, 1, 2], "taxonomic_group": ["Aves", "Reptilia"] * 2,
                               "year": [2010, 2010, 2020, 2020], "category": ["LC", "EN", "VU", "EN"]})
    one = traded_species_rli.compute({"redlist_assessments": same_years}).frame
    assert one["taxonomic_group"].unique().tolist() == ["all"]
    assert one["value"].tolist() == pytest.approx([0.7, 0.5])  # as in red_list_index's own example
    different = same_years.assign(year=[2010, 2012, 2020, 2022])
    per_group = traded_species_rli.compute({"redlist_assessments": different})
    assert set(per_group.frame["taxonomic_group"]) == {"Aves", "Reptilia", "all"} and per_group.notes
    # the note says why in the reader's words: both species miss two of the four years, no code names
    why = per_group.notes[0]
    assert "2 of 2 species" in why and "2종 가운데 2종" in why.text("ko") and "backcast" not in why + why.text("ko")
    aggregate = per_group.frame[per_group.frame["taxonomic_group"] == "all"]
    assert aggregate["year"].tolist() == list(range(2010, 2023))  # annual, interpolated between assessments
    assert aggregate["value"].between(0, 1).all()


def _cites_rows(session) -> None:  # type: ignore[no-untyped-def]
    python = Taxon(scientific_name="Python reticulatus", taxon_group="Reptilia")
    orchid = Taxon(scientific_name="Phalaenopsis amabilis", taxon_group="Plantae")
    korean = Taxon(scientific_name="Pinus densiflora", taxon_group="Plantae")
    session.add_all([python, orchid, korean])
    session.flush()
    permits = [
        ("P1", "import", "issued", dt.date(2024, 3, 1), "W", [(python, "SKI", 500.0, "GRM"), (python, "SKI", 2.0, "KIL")]),
        ("P2", "import", "used", dt.date(2024, 5, 1), "W", [(python, "LIV", 3.0, None)]),
        ("P3", "import", "rejected", dt.date(2024, 5, 2), "W", [(python, "LIV", 99.0, None)]),  # not granted
        ("P4", "export", "issued", dt.date(2023, 1, 9), "A", [(orchid, "LIV", 40.0, None)]),
        ("P5", "propagation_certificate", "issued", dt.date(2023, 1, 9), "A", [(orchid, "LIV", 5.0, None)]),
    ]
    for number, kind, status, issued, source, lines in permits:
        permit = CitesPermit(permit_no=number, permit_type=kind, status=status, issued_on=issued, purpose="T", source=source)
        for i, (taxon, term, quantity, unit) in enumerate(lines, 1):
            permit.lines.append(CitesPermitLine(line_no=i, taxon_id=taxon.id, scientific_name=taxon.scientific_name,
                                                term=term, quantity=quantity, unit=unit))
        session.add(permit)
    trade = [
        ("t1", "KR", "ID", 100.0, None, "W"),  # KR's report of an import from Indonesia
        ("t2", "KR", "ID", None, 130.0, "C"),  # Indonesia's report, different source: separate row
        ("t3", "JP", "KR", None, 40.0, "A"),  # KR export, reported by KR only
        ("t4", "JP", "CN", 1.0, 1.0, "W"),  # not involving KR
    ]
    for key, importer, exporter, imp_q, exp_q, source in trade:
        taxon = "Phalaenopsis amabilis" if key == "t3" else "Python reticulatus"
        session.add(CitesTradeRecord(row_key=key, year=2023, appendix="II", taxon=taxon, importer=importer,
                                     exporter=exporter, importer_quantity=imp_q, exporter_quantity=exp_q,
                                     term="skins", unit=None, purpose="T", source=source))
    for i, (day, by) in enumerate([(dt.date(2021, 5, 1), "customs"), (dt.date(2022, 1, 2), "customs"),
                                   (dt.date(2022, 3, 2), "police")]):
        session.add(TradeCase(case_no=f"C{i}", detected_on=day, detected_by=by))
    for taxon, key in ((python, "p"), (korean, "k")):
        for year, category in ((2010, "LC"), (2020, "VU")):
            session.add(RedListAssessment(scope="global", taxon_key=key, taxon_id=taxon.id, taxon_group=taxon.taxon_group,
                                          year=year, category=category))


def test_cites_loaders_aggregate_in_sql_on_both_databases(engine: Engine) -> None:
    with session_scope(engine) as session:
        _cites_rows(session)
    with session_scope(engine) as session:
        volumes = cites_inputs.load_permit_volumes(session)
        compared = cites_inputs.load_trade_comparison(session)
        cases = cites_inputs.load_trade_cases(session)
        redlist = cites_inputs.load_traded_redlist(session)
    assert volumes["lines"].sum() == 4 and set(volumes["direction"]) == {"import", "export"}
    volume = cites_trade_volume.compute({"cites_permit_volumes": volumes}).frame
    kg = volume[volume["unit"] == "kg"]
    assert kg["value"].tolist() == [2.5] and kg["year"].tolist() == [2024]
    assert volume.loc[(volume["unit"] == "number") & (volume["direction"] == "import"), "value"].tolist() == [3.0]
    row = compared[compared["partner"] == "ID"].iloc[0]
    assert (row["direction"], row["kr_quantity"], row["partner_quantity"]) == ("import", 100.0, 130.0)
    export = compared[compared["direction"] == "export"].iloc[0]
    assert export["partner"] == "JP" and export["kr_quantity"] == 40.0 and pd.isna(export["partner_quantity"])
    assert len(compared) == 2  # the JP–CN row is left out
    seizures = wildlife_seizures.compute({"trade_cases": cases}).frame
    assert seizures[seizures["detected_by"] == "all"]["value"].tolist() == [1.0, 2.0]
    assert set(redlist["taxon_id"]) == {"p"}  # the Korean pine is not traded
    rli = traded_species_rli.compute({"redlist_assessments": redlist}).frame
    assert rli["value"].tolist() == pytest.approx([1.0, 0.6])


def test_a_year_one_side_has_not_reported_is_not_a_discrepancy() -> None:
    """Korea's annual report for 2024 is not in yet: its 2024 rows are left out and named, not flagged."""
    rows = comparison(year=[2023, 2023, 2024, 2024], kr_quantity=[100.0, np.nan, np.nan, np.nan],
                      partner_quantity=[100.0, 50.0, 80.0, 20.0], taxon=["A a", "B b", "A a", "B b"])
    result = cites_trade_discrepancy.compute({"cites_trade_comparison": rows})
    assert sorted(result.frame["year"].unique()) == [2023]
    assert result.frame.set_index("taxon").loc["B b", "status"] == "only_partner"  # reported year: one-sided row stays
    assert result.counts["flagged"] == 1
    assert any("2024" in note.en and "2024" in note.ko for note in result.notes)
    with pytest.raises(NoDataError):
        cites_trade_discrepancy.compute({"cites_trade_comparison": rows[rows["year"] == 2024]})
