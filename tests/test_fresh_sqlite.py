"""A build into an empty SQLite file happens beside it: the file is the finished database or, when
the build fails, the empty schema it was; a file holding rows is built in place."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from data_access.database import make_engine, session_scope, upgrade_schema
from data_access.fresh_sqlite import built_aside
from data_access.models.access import UserAccount


@pytest.fixture()
def empty_schema(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / 'gbf.sqlite'}")
    upgrade_schema(engine)
    return engine


def _accounts(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return list(connection.execute(text("SELECT username FROM user_account ORDER BY username")).scalars())


def _add_account(engine: Engine, username: str) -> None:
    with session_scope(engine) as session:
        session.add(UserAccount(username=username, role="viewer"))


def _siblings(engine: Engine) -> list[str]:
    target = Path(str(engine.url.database))
    return sorted(p.name for p in target.parent.iterdir() if p.name != target.name and "building" in p.name)


def test_an_empty_file_is_built_aside_and_replaced(empty_schema: Engine) -> None:
    with built_aside(empty_schema) as target:
        assert target is not empty_schema
        assert Path(str(target.url.database)).name == "gbf.sqlite.building"
        _add_account(target, "built")
        assert _accounts(empty_schema) == []  # nothing reaches the file before the block ends
    assert _accounts(empty_schema) == ["built"]
    assert _siblings(empty_schema) == []
    with empty_schema.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"


def test_a_failed_build_leaves_the_empty_schema_and_no_aside_file(empty_schema: Engine) -> None:
    with pytest.raises(RuntimeError, match="generator failed"), built_aside(empty_schema) as target:
        _add_account(target, "half-built")
        raise RuntimeError("generator failed")
    assert _accounts(empty_schema) == []
    assert _siblings(empty_schema) == []


def test_a_file_holding_rows_is_built_in_place(empty_schema: Engine) -> None:
    _add_account(empty_schema, "admin")
    with built_aside(empty_schema) as target:
        assert target is empty_schema
        _add_account(target, "built")
    assert _accounts(empty_schema) == ["admin", "built"]


def test_an_in_memory_database_is_built_in_place() -> None:
    engine = make_engine("sqlite:///:memory:")
    with built_aside(engine) as target:
        assert target is engine
