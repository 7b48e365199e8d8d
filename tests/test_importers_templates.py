"""Template kinds round-trip: species list, national Red List, permits, animal events, ABS,
cooperation and NBSAP; re-import changes nothing, a corrected file updates, bad files are refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select

from data_access.importers import rollback_batch, run_import
from data_access.models import (
    AnimalEvent,
    AnimalSpecimen,
    CitesPermit,
    NbsapActionGbfLink,
    ProgressReport,
    ProjectBudget,
    RedListAssessment,
    Taxon,
)
from tests.fixtures.importers.helpers import FIXTURES, fresh_engine, snapshot, write_xlsx

ORDER = [
    ("species", "species.ko.csv"),
    ("redlist", "redlist.national.csv"),
    ("permits", "permits.ko.csv"),
    ("animal-events", "animal-events.en.csv"),
    ("abs", "abs.en.csv"),
    ("cooperation", "cooperation.ko.csv"),
    ("nbsap", "nbsap.en.csv"),
]
EXPECTED_ROWS = {"species": 5, "redlist": 4, "permits": 3, "animal-events": 3, "abs": 2, "cooperation": 3, "nbsap": 3}


@pytest.fixture
def engine(tmp_path):
    return fresh_engine(tmp_path)


def messages(report) -> list[str]:
    return [p.message("en") for p in report.errors]


def load_all(engine) -> None:
    for kind, name in ORDER:
        report = run_import(engine, kind, FIXTURES / name)
        assert report.ok, (kind, messages(report))


def test_every_template_kind_round_trips_and_is_idempotent(engine):
    for kind, name in ORDER:
        first = run_import(engine, kind, FIXTURES / name)
        assert first.ok, (kind, messages(first))
        assert first.rows_read == first.rows_inserted == EXPECTED_ROWS[kind], kind
        before = snapshot(engine)
        second = run_import(engine, kind, FIXTURES / name)
        assert second.ok and second.rows_unchanged == second.rows_read and second.rows_inserted == second.rows_updated == 0, kind
        after = snapshot(engine)
        assert after["__data_version__"] == before["__data_version__"], kind
        logs = ("import_batch", "audit_event")  # every import is logged, also when it changes nothing
        assert {k: v for k, v in after.items() if k not in logs} == {k: v for k, v in before.items() if k not in logs}


def test_species_synonyms_point_at_accepted_taxa(engine):
    load_all(engine)
    with engine.connect() as conn:
        rows = {r.scientific_name: r for r in conn.execute(select(Taxon))}
    synonym = rows["Sciuropterus aluco"]
    assert synonym.name_status == "synonym" and synonym.accepted_taxon_id == rows["Pteromys volans aluco"].id
    assert rows["Pteromys volans aluco"].rank == "subspecies" and rows["Pteromys volans aluco"].is_endemic


def test_national_red_list_links_taxa_and_normalises_categories(engine):
    load_all(engine)
    with engine.connect() as conn:
        rows = conn.execute(select(RedListAssessment.taxon_key, RedListAssessment.year, RedListAssessment.category,
                                   RedListAssessment.scope, RedListAssessment.taxon_id, RedListAssessment.round_id)).all()
    assert {(r.taxon_key, r.year): r.category for r in rows}[("120000070001", 2022)] == "NT"  # 준위협
    assert all(r.scope == "national" and r.taxon_id is not None and r.round_id is not None for r in rows)


def test_permits_animals_budgets_links_and_progress(engine):
    load_all(engine)
    with engine.connect() as conn:
        permits = {p.permit_no: p for p in conn.execute(select(CitesPermit))}
        assert permits["2025-HAN-002"].parent_permit_id == permits["2025-HAN-001"].id
        assert permits["2025-HAN-001"].permit_type == "import" and permits["2025-HAN-001"].status == "issued"
        specimens = {s.specimen_key: s for s in conn.execute(select(AnimalSpecimen))}
        assert specimens["CHIP-002"].status == "dead" and specimens["CHIP-001"].import_permit_id == permits["2025-HAN-001"].id
        transfer = conn.execute(select(AnimalEvent).where(AnimalEvent.event_key == "EV-2")).one()
        assert transfer.from_holder_id is not None and transfer.to_holder_id is not None and transfer.year == 2025
        assert conn.execute(select(ProjectBudget.year, ProjectBudget.amount)).all() == [(2025, 150000000.0), (2026, 180000000.0)]
        assert len(conn.execute(select(NbsapActionGbfLink)).all()) == 2
        assert len(conn.execute(select(ProgressReport)).all()) == 2


def test_corrected_nbsap_file_replaces_links_and_rolls_back(engine, tmp_path):
    load_all(engine)
    frame = pd.read_csv(FIXTURES / "nbsap.en.csv", dtype=str, keep_default_na=False)
    frame.loc[frame["Action code"] == "3-1-1", "GBF targets"] = "3;1"
    frame.loc[1, "Progress status"] = "completed"
    path = tmp_path / "nbsap_v2.csv"
    frame.to_csv(path, index=False)
    report = run_import(engine, "nbsap", path)
    assert report.ok and (report.rows_inserted, report.rows_updated, report.rows_unchanged) == (0, 2, 1), messages(report)
    with engine.connect() as conn:
        assert len(conn.execute(select(NbsapActionGbfLink)).all()) == 3
    assert rollback_batch(engine, report.batch_id, user="test").ok
    with engine.connect() as conn:
        links = conn.execute(select(NbsapActionGbfLink.gbf_code)).scalars().all()
        statuses = conn.execute(select(ProgressReport.status).order_by(ProgressReport.year)).scalars().all()
    assert sorted(links) == ["3", "6"] and statuses == ["in_progress", "delayed"]


def test_xlsx_template_with_english_headers(engine, tmp_path):
    frame = pd.read_csv(FIXTURES / "abs.en.csv", dtype=str, keep_default_na=False)
    path = write_xlsx(tmp_path / "abs.xlsx", list(frame.columns), frame.values.tolist())
    report = run_import(engine, "abs", path)
    assert report.ok and report.rows_inserted == 2, messages(report)


@pytest.mark.parametrize(
    ("kind", "name", "column", "value", "code"),
    [
        ("species", "species.ko.csv", "학명 상태", "뭔가", "importers.error.unknown_code"),
        ("species", "species.ko.csv", "등재연도", "2999", "importers.error.year_in_future"),
        ("redlist", "redlist.national.csv", "Category", "XX", "importers.error.unknown_code"),
        ("permits", "permits.ko.csv", "거래 목적", "Y", "importers.error.unknown_code"),
        ("permits", "permits.ko.csv", "허가일", "2999-01-01", "importers.error.date_in_future"),
        ("permits", "permits.ko.csv", "발급기관", "NOWHERE", "importers.error.unknown_code"),
        ("animal-events", "animal-events.en.csv", "Event date", "31/02/2025", "importers.error.not_date"),
        ("abs", "abs.en.csv", "Provider country", "Viet Nam", "importers.error.bad_country"),
        ("cooperation", "cooperation.ko.csv", "리우마커", "3", "importers.error.too_large"),
        ("nbsap", "nbsap.en.csv", "National target", "NT99", "importers.error.unknown_code"),
    ],
)
def test_bad_values_refuse_the_whole_file(engine, tmp_path, kind, name, column, value, code):
    for prior_kind, prior_name in ORDER[: [k for k, _ in ORDER].index(kind)]:
        assert run_import(engine, prior_kind, FIXTURES / prior_name).ok
    frame = pd.read_csv(FIXTURES / name, dtype=str, keep_default_na=False)
    frame.loc[len(frame) - 1, column] = value
    path = tmp_path / f"bad_{name}"
    frame.to_csv(path, index=False)
    before = snapshot(engine)
    report = run_import(engine, kind, path)
    assert not report.ok and snapshot(engine) == before
    problem = next(p for p in report.errors if p.code == code)
    assert problem.row == len(frame) + 1 and problem.field == column


def test_inconsistent_repeated_columns_are_refused(engine, tmp_path):
    frame = pd.read_csv(FIXTURES / "cooperation.ko.csv", dtype=str, keep_default_na=False)
    frame.loc[1, "협력국"] = "KH"
    path = tmp_path / "coop.csv"
    frame.to_csv(path, index=False)
    report = run_import(engine, "cooperation", path)
    assert not report.ok and {p.code for p in report.errors} == {"importers.error.inconsistent_value"}


def test_unknown_references_are_refused(engine, tmp_path):
    shutil.copy(FIXTURES / "animal-events.en.csv", tmp_path / "events.csv")
    before = snapshot(engine)
    report = run_import(engine, "animal-events", tmp_path / "events.csv")  # no permits, no holder H001 yet
    assert not report.ok and snapshot(engine) == before
    assert "importers.error.unknown_reference" in {p.code for p in report.errors}


def test_redlist_column_mapping_options(engine, tmp_path):
    path = tmp_path / "rl.csv"
    path.write_text("sp,cat,yr,grp\n1,LC,2020,Bird\n2,EN,2020,Bird\n", encoding="utf-8")
    report = run_import(engine, "redlist", path, options={"taxon_id": "sp", "category": "cat", "year": "yr", "taxon_group": "grp"})
    assert report.ok and report.rows_inserted == 2, messages(report)
    with engine.connect() as conn:
        assert set(conn.execute(select(RedListAssessment.scope)).scalars()) == {"national"}


def test_redlist_backcast_from_latest_and_genuine_changes(engine, tmp_path):
    (tmp_path / "latest.csv").write_text(
        "sis_taxon_id,taxonomic_group,latest_year,latest_category\n1,Bird,2020,EN\n2,Bird,2020,LC\n", encoding="utf-8")
    (tmp_path / "changes.csv").write_text(
        "sis_taxon_id,taxonomic_group,start_year,end_year,cat_start,cat_end\n1,Bird,2010,2020,VU,EN\n", encoding="utf-8")
    (tmp_path / "years.csv").write_text("taxonomic_group,year\nBird,2000\nBird,2010\nBird,2020\n", encoding="utf-8")
    options = {"genuine_changes": "changes.csv", "assessment_years": "years.csv"}
    report = run_import(engine, "redlist", tmp_path / "latest.csv", options=options)
    assert report.ok and report.rows_inserted == 6, messages(report)
    with engine.connect() as conn:
        rows = {(r.taxon_key, r.year): (r.category, r.is_backcast, r.scope) for r in conn.execute(select(RedListAssessment))}
    assert rows[("1", 2000)] == ("VU", True, "global") and rows[("1", 2020)] == ("EN", False, "global")
    refused = run_import(engine, "redlist", tmp_path / "latest.csv")
    assert not refused.ok and refused.errors[0].code == "importers.error.redlist_needs_changes"


def test_templates_dir_is_where_template_path_points():
    from data_access.importers import template_path

    assert template_path("nbsap", "en").parent == Path(__file__).resolve().parents[1] / "sample_data" / "templates"
