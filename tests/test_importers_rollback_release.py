"""A rollback releases the previous values it put back, and a second rollback is refused.

`import_prior_value` keeps the rows a correcting import overwrote; once a rollback has restored
them they are deleted in the same transaction, so the table does not grow with every rollback.
The import log row and the audit events stay as the record of the batch and of its rollback.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from data_access.importers import rollback_batch, run_import
from data_access.models import ImportBatch, TradeCase
from data_access.models.access import AuditEvent
from data_access.models.imports import ImportPriorValue
from tests.fixtures.importers.helpers import fresh_engine, snapshot, write_csv

HEADER = ["Case no.", "Detected on", "Detected by", "Quantity"]
N = 40


@pytest.fixture
def engine(tmp_path):
    return fresh_engine(tmp_path)


def cases(path: Path, quantity: str) -> Path:
    return write_csv(path, HEADER, [[f"C-{i:03d}", "2024-05-01", "customs", quantity] for i in range(N)])


def prior_rows(engine, batch_id: int | None = None) -> int:
    statement = select(func.count()).select_from(ImportPriorValue)
    if batch_id is not None:
        statement = statement.where(ImportPriorValue.batch_id == batch_id)
    with engine.connect() as conn:
        return conn.execute(statement).scalar_one()


def corrected(engine, tmp_path):
    first = run_import(engine, "trade-cases", cases(tmp_path / "v1.csv", "1"))
    second = run_import(engine, "trade-cases", cases(tmp_path / "v2.csv", "2"))
    assert first.ok and second.ok and second.rows_updated == N
    return first, second


def test_rollback_deletes_the_batch_prior_values_and_keeps_its_record(engine, tmp_path):
    _, second = corrected(engine, tmp_path)
    assert prior_rows(engine, second.batch_id) == N
    undone = rollback_batch(engine, second.batch_id, user="kim")
    assert undone.ok and undone.rows_restored == N
    assert prior_rows(engine, second.batch_id) == 0 and prior_rows(engine) == 0
    with engine.connect() as conn:
        assert set(conn.execute(select(TradeCase.quantity)).scalars()) == {1.0}
        batch = conn.execute(
            select(ImportBatch.status, ImportBatch.note, ImportBatch.options).where(
                ImportBatch.id == second.batch_id
            )
        ).one()
        audit = conn.execute(select(AuditEvent.action, AuditEvent.detail).order_by(AuditEvent.id)).all()
    assert batch.status == "rolled_back" and "kim" in batch.note
    assert batch.options["prior_released"] == N and batch.options["tables"] == ["trade_case"]
    assert [a for a, _ in audit] == ["import", "import", "rollback"]
    assert audit[-1][1]["batch_id"] == second.batch_id and audit[-1][1]["prior_values_released"] == N


def test_a_second_rollback_is_refused_in_both_languages_and_changes_nothing(engine, tmp_path):
    _, second = corrected(engine, tmp_path)
    assert rollback_batch(engine, second.batch_id, user="kim").ok
    before = snapshot(engine)
    again = rollback_batch(engine, second.batch_id, user="lee")
    assert not again.ok and (again.rows_deleted, again.rows_restored) == (0, 0)
    (problem,) = again.errors
    assert problem.code == "importers.error.batch_already_rolled_back"
    english, korean = problem.message("en"), problem.message("ko")
    assert str(second.batch_id) in english and str(second.batch_id) in korean
    assert "already been rolled back" in english and "이미 되돌렸습니다" in korean
    assert snapshot(engine) == before


def test_a_failed_rollback_keeps_the_prior_values(engine, tmp_path):
    """Refused because a later batch wrote the same table: nothing released, still restorable."""
    _, second = corrected(engine, tmp_path)
    third = run_import(engine, "trade-cases", cases(tmp_path / "v3.csv", "3"))
    assert third.ok
    refused = rollback_batch(engine, second.batch_id, user="kim")
    assert [p.code for p in refused.errors] == ["importers.error.batch_has_successor"]
    assert prior_rows(engine, second.batch_id) == N and prior_rows(engine, third.batch_id) == N
    assert rollback_batch(engine, third.batch_id, user="kim").ok
    assert prior_rows(engine, third.batch_id) == 0 and prior_rows(engine, second.batch_id) == N
    assert rollback_batch(engine, second.batch_id, user="kim").ok
    assert prior_rows(engine) == 0
    with engine.connect() as conn:
        assert set(conn.execute(select(TradeCase.quantity)).scalars()) == {1.0}


def test_legacy_prior_values_in_the_batch_options_are_dropped_after_rollback(engine, tmp_path):
    """Batches written before `import_prior_value` kept previous rows in `options["prior"]`."""
    _, second = corrected(engine, tmp_path)
    with engine.begin() as conn:
        rows = (
            conn.execute(select(ImportPriorValue.prior).where(ImportPriorValue.batch_id == second.batch_id))
            .scalars()
            .all()
        )
        conn.execute(ImportPriorValue.__table__.delete())
        options = conn.execute(
            select(ImportBatch.options).where(ImportBatch.id == second.batch_id)
        ).scalar_one()
        conn.execute(
            ImportBatch.__table__.update()
            .where(ImportBatch.id == second.batch_id)
            .values(options={**options, "prior": {"trade_case": list(rows)}})
        )
    assert rollback_batch(engine, second.batch_id, user="kim").ok
    with engine.connect() as conn:
        options = conn.execute(
            select(ImportBatch.options).where(ImportBatch.id == second.batch_id)
        ).scalar_one()
        assert set(conn.execute(select(TradeCase.quantity)).scalars()) == {1.0}
    assert "prior" not in options and options["prior_released"] == N
