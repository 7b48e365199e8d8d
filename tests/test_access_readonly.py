"""The least-privilege viewer path (issue 8): a read-only PostgreSQL role that can read data
but not accounts or the audit log and cannot write; read-only connections on SQLite."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError

from data_access.database import make_engine, session_scope, upgrade_schema
from data_access.models import Taxon
from data_access.models.access import UserAccount
from data_access.readonly import ReadOnlySetupError, create_readonly_role, make_readonly_engine
from tests.conftest import POSTGRES_ADMIN_URL


@pytest.fixture
def readonly_role(postgres_engine: Engine):  # type: ignore[no-untyped-def]
    """A uniquely named read-only role on the scratch database, dropped afterwards."""
    role = f"gbf_ro_{uuid.uuid4().hex[:8]}"
    yield role
    with postgres_engine.begin() as connection:  # privileges live in the scratch database: drop them there
        if connection.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}):
            connection.execute(text(f'DROP OWNED BY "{role}"'))
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
    admin.dispose()


def test_readonly_role_reads_data_but_not_accounts_and_never_writes(postgres_engine: Engine, readonly_role: str) -> None:
    with session_scope(postgres_engine) as session:
        session.add(Taxon(scientific_name="Pica serica", taxon_group="Birds"))
        session.add(UserAccount(username="boss", role="admin", is_active=True, created_by="test",
                                password_hash="$argon2id$secret"))
    password = "it's 100% read-only; \"quoted\""  # quotes and % must survive PostgreSQL's own quoting
    url = create_readonly_role(postgres_engine, role=readonly_role, password=password)
    viewer = create_engine(url)
    try:
        with viewer.connect() as connection:
            assert connection.scalar(text("SELECT count(*) FROM taxon")) == 1
            assert connection.scalar(text("SELECT current_user")) == readonly_role
        for forbidden in ("SELECT password_hash FROM user_account", "SELECT * FROM audit_event"):
            with pytest.raises(DBAPIError, match="permission denied"), viewer.connect() as connection:
                connection.execute(text(forbidden))
        for write in ("INSERT INTO country (iso2, name_en, is_megadiverse, is_cites_code_only) VALUES ('ZZ', 'x', false, false)",
                      "UPDATE data_version SET version = 99", "DELETE FROM taxon"):
            with pytest.raises(DBAPIError), viewer.begin() as connection:
                connection.execute(text(write))
    finally:
        viewer.dispose()
    # running the set-up again updates the role instead of failing
    create_readonly_role(postgres_engine, role=readonly_role, password=password)


@pytest.mark.parametrize("name", ['gbf"; DROP TABLE taxon; --', "Robert'); --", "UPPER", "", "a" * 64])
def test_role_names_are_checked_not_quoted_blindly(postgres_engine: Engine, name: str) -> None:
    with pytest.raises(ReadOnlySetupError):
        create_readonly_role(postgres_engine, role=name, password="a long enough password")
    with postgres_engine.connect() as connection:
        assert connection.scalar(text("SELECT to_regclass('public.taxon')")) is not None


def test_readonly_role_is_postgres_only(sqlite_engine: Engine) -> None:
    with pytest.raises(ReadOnlySetupError):
        create_readonly_role(sqlite_engine, password="a long enough password")


def test_readonly_engines_cannot_write(engine: Engine) -> None:
    url = engine.url.render_as_string(hide_password=False)
    reader = make_readonly_engine(url)
    try:
        with reader.connect() as connection:
            assert connection.scalar(text("SELECT version FROM data_version WHERE id = 1")) == 0
        with pytest.raises(DBAPIError), reader.begin() as connection:
            connection.execute(text("UPDATE data_version SET version = 5"))
    finally:
        reader.dispose()
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT version FROM data_version WHERE id = 1")) == 0


def test_sample_style_sqlite_file_still_opens_for_reading(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    upgrade_schema(make_engine(url))
    with make_readonly_engine(url).connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM audit_event")) == 0


def test_the_apps_cached_reads_use_the_read_only_engine(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from data_access.database import data_version
    from ui import database as ui_database

    main = f"sqlite:///{tmp_path / 'main.sqlite'}"
    upgrade_schema(make_engine(main))
    monkeypatch.setenv("DATABASE_URL", main)
    monkeypatch.delenv("DATABASE_URL_READONLY", raising=False)
    assert ui_database.load(data_version) == 0
    with pytest.raises(DBAPIError), ui_database.read_engine().begin() as connection:
        connection.execute(text("UPDATE data_version SET version = 5"))
    # DATABASE_URL_READONLY, when set, is the engine of the viewer path
    other = f"sqlite:///{tmp_path / 'readonly.sqlite'}"
    upgrade_schema(make_engine(other))
    monkeypatch.setenv("DATABASE_URL_READONLY", other)
    assert str(ui_database.read_engine().url) == other
