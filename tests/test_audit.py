"""The audit log (issue 8): append-only in the database itself, and written by imports,
rollbacks, status overrides, account changes and sign-ins, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import DBAPIError

from data_access.audit import audit_csv, audit_log, log_event, record_event
from data_access.database import session_scope
from data_access.importers import rollback_batch, run_import
from data_access.models.access import AuditEvent

COMPTAB_HEADER = [
    "Year", "App.", "Taxon", "Class", "Order", "Family", "Genus", "Importer", "Exporter", "Origin",
    "Importer reported quantity", "Exporter reported quantity", "Term", "Unit", "Purpose", "Source",
]
COMPTAB_ROWS = [
    [2020, "II", "Giraffa camelopardalis", "Mammalia", "Artiodactyla", "Giraffidae", "Giraffa", "KR", "ZA", "", "", 2,
     "trophies", "", "H", "W"],
]


def comptab(folder: Path, rows: list[list[object]] = COMPTAB_ROWS) -> Path:
    path = folder / "comptab.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COMPTAB_HEADER)
        writer.writerows(rows)
    return path


def events(engine: Engine, action: str | None = None) -> list[AuditEvent]:
    with session_scope(engine) as session:
        statement = select(AuditEvent).order_by(AuditEvent.id)
        if action:
            statement = statement.where(AuditEvent.action == action)
        return list(session.scalars(statement))


def test_record_event_is_kept_with_who_what_when_where(engine: Engine) -> None:
    with session_scope(engine) as session:
        record_event(session, actor="kim", action="export", target="red_list_index.csv",
                     detail={"rows": 12, "lang": "ko"}, origin="web:10.0.0.7")
    (event,) = events(engine)
    assert (event.actor, event.action, event.target, event.origin) == ("kim", "export", "red_list_index.csv", "web:10.0.0.7")
    assert event.detail == {"rows": 12, "lang": "ko"} and event.occurred_at is not None


def test_an_event_in_a_rolled_back_transaction_is_not_kept(engine: Engine) -> None:
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        record_event(session, actor="kim", action="edit", target="x")
        raise RuntimeError("the edit failed")
    assert events(engine) == []


@pytest.mark.parametrize("statement", [
    "UPDATE audit_event SET actor = 'someone else'",
    "DELETE FROM audit_event",
    "DELETE FROM audit_event WHERE action = 'login'",
])
def test_the_database_refuses_to_change_or_delete_entries(engine: Engine, statement: str) -> None:
    log_event(engine, actor="kim", action="login", origin="cli")
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.execute(text(statement))
    (event,) = events(engine)
    assert event.actor == "kim"


def test_postgres_refuses_truncate(postgres_engine: Engine) -> None:
    log_event(postgres_engine, actor="kim", action="login")
    with pytest.raises(DBAPIError, match="append-only"), postgres_engine.begin() as connection:
        connection.execute(text("TRUNCATE audit_event"))
    assert len(events(postgres_engine)) == 1


def test_import_and_rollback_are_audited_with_the_user_and_origin(engine: Engine, tmp_path: Path) -> None:
    path = comptab(tmp_path)
    dry = run_import(engine, "cites-comptab", path, user="steward1", dry_run=True, origin="cli:test")
    assert dry.ok and events(engine, "import") == [], "a dry run is not an import"
    report = run_import(engine, "cites-comptab", path, user="steward1", origin="web:127.0.0.1")
    assert report.ok
    (entry,) = events(engine, "import")
    assert (entry.actor, entry.target, entry.origin) == ("steward1", "cites-comptab:comptab.csv", "web:127.0.0.1")
    assert entry.detail["batch_id"] == report.batch_id and entry.detail["sha256"] == report.sha256
    assert entry.detail["rows_inserted"] == 1
    undone = rollback_batch(engine, report.batch_id, user="steward2", origin="cli:test")
    assert not undone.errors
    (back,) = events(engine, "rollback")
    assert (back.actor, back.origin, back.detail["batch_id"]) == ("steward2", "cli:test", report.batch_id)


def test_a_refused_import_leaves_no_audit_entry(engine: Engine, tmp_path: Path) -> None:
    bad = comptab(tmp_path, [[*COMPTAB_ROWS[0][:12], "trophies", "", "H", "NOT-A-SOURCE-CODE-AT-ALL"]])
    bad.write_text(bad.read_text(encoding="utf-8").replace("2020", "20x0"), encoding="utf-8")
    report = run_import(engine, "cites-comptab", bad, user="steward1")
    assert not report.ok
    assert events(engine, "import") == []


def test_status_override_is_audited_in_its_transaction(engine: Engine) -> None:
    from data_access.queries.progress import record_override

    with session_scope(engine) as session:
        record_override(session, "3", "on_track", "field survey 2025", "park", report_year=2025, origin="web:x")
    (entry,) = events(engine, "override")
    assert (entry.actor, entry.origin) == ("park", "web:x") and "3" in entry.target
    assert entry.detail["status"] == "on_track" and entry.detail["justification"] == "field survey 2025"


def test_audit_log_filters_are_bound_not_pasted(engine: Engine) -> None:
    log_event(engine, actor="kim", action="login")
    log_event(engine, actor="lee", action="export", target="x.csv")
    with session_scope(engine) as session:
        assert audit_log(session)["actor"].tolist() == ["lee", "kim"]  # newest first
        assert audit_log(session, action="export")["actor"].tolist() == ["lee"]
        for hostile in ("kim' OR '1'='1", "x'; DELETE FROM audit_event; --", "login\" OR 1=1 --"):
            assert audit_log(session, actor=hostile).empty
            assert audit_log(session, action=hostile).empty
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 2


def test_audit_export_is_csv_with_every_entry(engine: Engine) -> None:
    log_event(engine, actor="김관리", action="login", origin="web:1.2.3.4", detail={"role": "admin"})
    log_event(engine, actor="lee", action="export", target="a,b.csv")
    with session_scope(engine) as session:
        data = audit_csv(audit_log(session))
    assert data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["actor"] for r in rows] == ["lee", "김관리"]
    assert rows[0]["target"] == "a,b.csv" and rows[1]["origin"] == "web:1.2.3.4"
    assert '"role": "admin"' in rows[1]["detail"]
