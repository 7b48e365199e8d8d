"""The template kinds added for issue #5: ABS benefits, capacity events, material transfers, trade
cases and legal statuses. Each round-trips (Korean/English headers, CP949/UTF-8 BOM, XLSX), is
idempotent, refuses bad files whole, rolls back, and feeds its indicator with hand-worked values."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import select

from data_access.database import session_scope
from data_access.importers import rollback_batch, run_import
from data_access.importers.templates import headers
from data_access.indicator_inputs import load_inputs
from data_access.models import (
    CapacityEvent,
    LegalStatus,
    MaterialTransfer,
    MonetaryBenefit,
    NonMonetaryBenefit,
    Taxon,
    TradeCase,
)
from data_access.queries.species_protection_inputs import load_threatened_species
from indicators import registry
from tests.fixtures.importers.helpers import FIXTURES, fresh_engine, snapshot, write_csv, write_xlsx

BENEFITS = [
    ["MAT-2025-01", "2024", "경상기술료", "1000000", "KRW", "0.00072", "", "", ""],
    ["MAT-2025-01", "2025", "upfront", "500", "USD", "", "1400", "", ""],
    ["MAT-2025-01", "2025", "royalty", "2000000", "KRW", "0.0007", "", "", ""],
    ["MAT-2025-01", "2025", "교육훈련", "", "", "", "", "12", "taxonomy course"],
    ["MAT-2025-01", "2025", "data_sharing", "", "", "", "", "", "occurrence data"],
]
EVENTS = [
    ["TR-2025-01", "NIBR-ODA-2025-01", "분류학 교육", "VN", "2025-05-12", "25", "12"],
    ["TR-2025-02", "", "Barcoding workshop", "VN", "2025-08-01", "10", ""],
    ["TR-2024-01", "NIBR-JR-2024-03", "어류 동정 교육", "LA", "2024-11-03", "8", "3"],
]
TRANSFERS = [
    ["HO-2025-01", "NIBR-ODA-2025-01", "VN", "VNMN", "2025-09-01", "중복표본", "120", ""],
    ["HO-2025-02", "", "VN", "VNMN", "2025-09-01", "book", "15", "field guides"],
    ["HO-2024-01", "NIBR-JR-2024-03", "LA", "NUOL", "2024-12-01", "dataset", "1", ""],
]
CASES = [
    ["KCS-2024-001", "2024-03-02", "세관", "Pan troglodytes", "LIV", "2", "", "CM", "야생생물법 제16조제1항", "몰수"],
    ["KCS-2024-002", "2024-07-19", "customs", "Testudo horsfieldii", "live", "30", "", "UZ", "", "referral"],
    ["ENV-2024-003", "2024-10-10", "점검", "", "", "", "", "", "", ""],
    ["KCS-2025-001", "2025-01-15", "police", "Pteromys volans", "SKI", "1.5", "kg", "", "", "fine"],
]
STATUSES = [
    ["120000060001", "", "멸종위기 야생생물", "II급", "2012-05-31", "2022-12-08", "", ""],
    ["120000060001", "", "멸종위기 야생생물", "Ⅰ급", "2022-12-09", "", "환경부 고시 제2022-262호", ""],
    ["", "Hemianax ephippiger", "생태계교란 생물", "", "2020-03-01", "", "", ""],
    ["", "침팬지", "CITES", "부속서 I", "1977-02-04", "", "", ""],
    ["", "Pan troglodytes", "유입주의 생물", "", "2021-06-01", "", "", ""],
]
ROWS = {"abs-benefits": BENEFITS, "capacity-events": EVENTS, "material-transfers": TRANSFERS, "trade-cases": CASES,
        "legal-status": STATUSES}
TABLES = {"abs-benefits": (MonetaryBenefit, NonMonetaryBenefit), "capacity-events": (CapacityEvent,),
          "material-transfers": (MaterialTransfer,), "trade-cases": (TradeCase,), "legal-status": (LegalStatus,)}


@pytest.fixture
def engine(tmp_path):
    engine = fresh_engine(tmp_path)
    for kind, name in (("species", "species.ko.csv"), ("abs", "abs.en.csv"), ("cooperation", "cooperation.ko.csv")):
        report = run_import(engine, kind, FIXTURES / name)
        assert report.ok, [p.message("en") for p in report.errors]
    return engine


def messages(report) -> list[str]:
    return [p.message("en") for p in report.errors]


def data(counts: dict[str, int], *also: str) -> dict[str, int]:
    """Row counts of the data tables (the import log and the audit log grow with every import)."""
    return {k: v for k, v in counts.items() if k not in ("import_batch", "audit_event", *also)}


def count(engine, models) -> int:
    with engine.connect() as conn:
        return sum(len(conn.execute(select(m.id)).all()) for m in models)


def template_file(tmp_path, kind: str, lang: str = "ko", rows=None, *, encoding: str = "utf-8-sig", name: str | None = None):
    return write_csv(tmp_path / (name or f"{kind}.{lang}.csv"), headers(kind, lang), rows if rows is not None else ROWS[kind],
                     encoding=encoding)


def compute(engine, indicator_id: str, **options) -> pd.DataFrame:
    with session_scope(engine) as session:
        return registry.get(indicator_id).run(load_inputs(session, indicator_id), **options).frame


@pytest.mark.parametrize("kind", list(ROWS))
@pytest.mark.parametrize(("lang", "encoding"), [("ko", "cp949"), ("ko", "utf-8-sig"), ("en", "utf-8")])
def test_new_kind_round_trips_in_both_languages_and_encodings(engine, tmp_path, kind, lang, encoding):
    path = template_file(tmp_path, kind, lang, encoding=encoding)
    first = run_import(engine, kind, path)
    assert first.ok, messages(first)
    assert first.rows_read == first.rows_inserted == len(ROWS[kind]) == count(engine, TABLES[kind])
    before = snapshot(engine)
    second = run_import(engine, kind, path)
    assert second.ok and second.rows_unchanged == len(ROWS[kind]) and second.rows_inserted == second.rows_updated == 0
    after = snapshot(engine)
    assert data(after) == data(before)


@pytest.mark.parametrize("kind", list(ROWS))
def test_new_kind_reads_xlsx_and_rolls_back(engine, tmp_path, kind):
    before = snapshot(engine)
    path = write_xlsx(tmp_path / f"{kind}.xlsx", headers(kind, "en"), ROWS[kind])
    report = run_import(engine, kind, path)
    assert report.ok and report.rows_inserted == len(ROWS[kind]), messages(report)
    undone = rollback_batch(engine, report.batch_id, user="test")
    assert undone.ok and undone.rows_deleted == len(ROWS[kind])
    after = snapshot(engine)
    assert data(after, "__data_version__") == data(before, "__data_version__")


def test_shipped_templates_exist_for_the_new_kinds():
    from data_access.importers import template_path

    for kind in ROWS:
        for lang in ("ko", "en"):
            assert template_path(kind, lang).read_text(encoding="utf-8-sig").strip().split(",") == headers(kind, lang)
            assert template_path(kind, lang, "xlsx").stat().st_size > 0


@pytest.mark.parametrize(
    ("kind", "row", "column", "value", "code"),
    [
        ("abs-benefits", 0, 0, "MAT-NOPE", "importers.error.unknown_reference"),
        ("abs-benefits", 1, 4, "", "importers.error.required_for"),
        ("abs-benefits", 3, 3, "100", "importers.error.money_on_non_monetary"),
        ("abs-benefits", 2, 2, "bribe", "importers.error.unknown_code"),
        ("abs-benefits", 2, 1, "2999", "importers.error.year_in_future"),
        ("capacity-events", 0, 6, "30", "importers.error.part_exceeds_total"),
        ("capacity-events", 0, 1, "NO-SUCH-PROJECT", "importers.error.unknown_reference"),
        ("capacity-events", 1, 4, "2999-01-01", "importers.error.date_in_future"),
        ("material-transfers", 0, 5, "furniture", "importers.error.unknown_code"),
        ("material-transfers", 1, 6, "-3", "importers.error.too_small"),
        ("trade-cases", 0, 2, "army", "importers.error.unknown_code"),
        ("trade-cases", 1, 7, "Uzbekistan", "importers.error.bad_country"),
        ("trade-cases", 2, 1, "2025-02-30", "importers.error.not_date"),
        ("legal-status", 0, 0, "999999999999", "importers.error.unknown_taxon"),
        ("legal-status", 1, 3, "III급", "importers.error.unknown_code"),
        ("legal-status", 0, 5, "2001-01-01", "importers.error.date_before"),
        ("legal-status", 2, 2, "좋은 생물", "importers.error.unknown_code"),
    ],
)
def test_one_bad_cell_refuses_the_whole_file(engine, tmp_path, kind, row, column, value, code):
    rows = [list(r) for r in ROWS[kind]]
    rows[row][column] = value
    path = template_file(tmp_path, kind, "ko", rows)
    before = snapshot(engine)
    report = run_import(engine, kind, path)
    assert not report.ok and data(snapshot(engine)) == data(before)
    problem = next(p for p in report.errors if p.code == code)
    assert problem.row == row + 2
    assert problem.message("ko") != problem.message("en")


def test_corrected_file_updates_changed_rows_and_rollback_restores(engine, tmp_path):
    first = run_import(engine, "trade-cases", template_file(tmp_path, "trade-cases"))
    assert first.ok
    rows = [list(r) for r in CASES]
    rows[1][5] = "31"  # quantity corrected
    rows[3][9] = "referral"
    second = run_import(engine, "trade-cases", template_file(tmp_path, "trade-cases", rows=rows, name="v2.csv"))
    assert second.ok and (second.rows_inserted, second.rows_updated, second.rows_unchanged) == (0, 2, 2)
    with engine.connect() as conn:
        assert conn.execute(select(TradeCase.quantity).where(TradeCase.case_no == "KCS-2024-002")).scalar_one() == 31.0
        batches = conn.execute(select(TradeCase.case_no, TradeCase.batch_id)).all()
    assert {c: b for c, b in batches} == {"KCS-2024-001": first.batch_id, "KCS-2024-002": second.batch_id,
                                          "ENV-2024-003": first.batch_id, "KCS-2025-001": second.batch_id}
    assert rollback_batch(engine, second.batch_id, user="test").ok
    with engine.connect() as conn:
        rows_now = {r.case_no: (r.quantity, r.outcome, r.batch_id) for r in conn.execute(select(TradeCase))}
    assert rows_now["KCS-2024-002"] == (30.0, "referral", first.batch_id)
    assert rows_now["KCS-2025-001"] == (1.5, "fine", first.batch_id)


# ---------------------------------------------------------------- indicators from imported data


def test_abs_benefits_and_non_monetary_from_an_imported_file(engine, tmp_path):
    assert run_import(engine, "abs-benefits", template_file(tmp_path, "abs-benefits", encoding="cp949")).ok
    frame = compute(engine, "abs_benefits").set_index(["currency", "kind", "year"])["value"]
    # 2025: upfront USD 500 (× 1 USD, × 1,400 KRW) + royalty KRW 2,000,000 (× 0.0007 USD, × 1 KRW)
    assert frame[("USD", "all", 2025)] == pytest.approx(500 + 2_000_000 * 0.0007)  # 1,900
    assert frame[("KRW", "all", 2025)] == pytest.approx(500 * 1400 + 2_000_000)  # 2,700,000
    assert frame[("USD", "royalty", 2024)] == pytest.approx(720.0)
    non_monetary = compute(engine, "abs_non_monetary_benefits").set_index(["benefit_type", "year"])
    assert non_monetary.loc[("all", 2025), "value"] == 2
    assert non_monetary.loc[("training", 2025), "quantity"] == 12


def test_capacity_cooperation_from_imported_events_and_transfers(engine, tmp_path):
    assert run_import(engine, "capacity-events", template_file(tmp_path, "capacity-events")).ok
    assert run_import(engine, "material-transfers", template_file(tmp_path, "material-transfers", "en")).ok
    frame = compute(engine, "capacity_cooperation", until_year=2025).set_index(["series", "partner_country", "year"])["value"]
    assert frame[("trainees", "VN", 2025)] == 35  # 25 + 10
    assert frame[("women_trainees", "VN", 2025)] == 12  # the workshop gave no split
    assert frame[("trainees", "all", 2024)] == 8
    assert frame[("duplicate_specimens", "VN", 2025)] == 120
    assert frame[("books", "VN", 2025)] == 15 and frame[("datasets", "LA", 2024)] == 1


def test_wildlife_seizures_from_imported_cases(engine, tmp_path):
    report = run_import(engine, "trade-cases", template_file(tmp_path, "trade-cases"))
    assert report.ok, messages(report)
    assert {p.code for p in report.warnings} == {"importers.warning.unmatched_name"}  # Testudo is not on the list
    frame = compute(engine, "wildlife_seizures").set_index(["detected_by", "year"])["value"]
    assert frame[("all", 2024)] == 3 and frame[("customs", 2024)] == 2 and frame[("inspection", 2024)] == 1
    assert frame[("all", 2025)] == 1 and frame[("police", 2025)] == 1
    with engine.connect() as conn:
        case = conn.execute(select(TradeCase).where(TradeCase.case_no == "KCS-2025-001")).one()
        volans = conn.execute(select(Taxon.id).where(Taxon.ktsn == "120000060001")).scalar_one()
    assert (case.taxon_id, case.term, case.unit, case.quantity) == (volans, "SKI", "KIL", 1.5)


def test_legal_statuses_feed_species_protection_and_invasive_designations(engine, tmp_path):
    assert run_import(engine, "legal-status", template_file(tmp_path, "legal-status", encoding="cp949")).ok
    with engine.connect() as conn:
        ids = {r.ktsn: r.id for r in conn.execute(select(Taxon.ktsn, Taxon.id))}
        values = sorted(conn.execute(select(LegalStatus.scheme, LegalStatus.value)).all())
    assert values == [("CITES_APPENDIX", "I"), ("CONCERN_FOR_INTRODUCTION", "designated"),
                      ("ECOSYSTEM_DISTURBING", "designated"), ("KR_ENDANGERED", "I"), ("KR_ENDANGERED", "II")]
    with session_scope(engine) as session:
        today = load_threatened_species(session)
        in_2015 = load_threatened_species(session, on=dt.date(2015, 1, 1))
    # Pteromys volans is class I since 2022-12-09 (class II before); nothing else is endangered.
    assert today[["taxon_id", "basis"]].to_dict("records") == [{"taxon_id": ids["120000060001"], "basis": "legal:I"}]
    assert in_2015["basis"].tolist() == ["legal:II"]
    frame = compute(engine, "invasive_species_establishment")
    designated = frame[frame["series"].str.startswith("designated_")].set_index(["series", "year"])["value"]
    assert designated[("designated_ecosystem_disturbing", 2020)] == 1  # cumulative designations at year end
    assert designated[("designated_concern_for_introduction", 2020)] == 0
    assert designated[("designated_concern_for_introduction", 2021)] == 1
