"""Local accounts (issue 8): salted argon2id hashes, sign-in, roles, the first administrator,
single-sign-on roles, hostile user names — on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select

from data_access.accounts import (
    AccountError,
    authenticate,
    change_account,
    create_user,
    hash_password,
    list_users,
    role_for_identity,
    set_password,
    set_role,
    setup_first_admin,
    verify_password,
)
from data_access.database import session_scope
from data_access.models.access import AuditEvent, UserAccount

PASSWORD = "correct horse battery staple"


def add(engine: Engine, name: str, role: str, password: str | None = PASSWORD, **extra: str) -> None:
    with session_scope(engine) as session:
        create_user(session, name, password, role, actor="test", **extra)


def actions(engine: Engine) -> list[tuple[str, str]]:
    with session_scope(engine) as session:
        return [(e.actor, e.action) for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_hashes_are_salted_argon2id_and_never_the_password() -> None:
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first.startswith("$argon2id$") and first != second, "each hash has its own salt"
    assert PASSWORD not in first
    assert verify_password(first, PASSWORD) and verify_password(second, PASSWORD)
    assert not verify_password(first, PASSWORD + " ") and not verify_password(None, PASSWORD)
    assert not verify_password("not a hash", PASSWORD)
    with pytest.raises(AccountError) as short:
        hash_password("short")
    assert short.value.key == "acc.error.password_short"


def test_sign_in_checks_the_password_and_is_audited(engine: Engine) -> None:
    add(engine, "steward1", "steward")
    with session_scope(engine) as session:
        signed = authenticate(session, "steward1", PASSWORD, origin="web:1.2.3.4")
        assert signed is not None and (signed.username, signed.role) == ("steward1", "steward")
        assert authenticate(session, "steward1", "wrong password!!") is None
        assert authenticate(session, "nobody", PASSWORD) is None
        stored = session.scalar(select(UserAccount.password_hash).where(UserAccount.username == "steward1"))
    assert stored.startswith("$argon2id$")
    assert actions(engine)[-3:] == [("steward1", "login"), ("steward1", "login_failed"), ("nobody", "login_failed")]


def test_disabled_accounts_cannot_sign_in(engine: Engine) -> None:
    add(engine, "admin1", "admin")
    add(engine, "analyst1", "analyst")
    with session_scope(engine) as session:
        change_account(session, "analyst1", "analyst", False, actor="admin1")
    with session_scope(engine) as session:
        assert authenticate(session, "analyst1", PASSWORD) is None


@pytest.mark.parametrize("name", [
    "admin' OR '1'='1", "x'; DROP TABLE user_account; --", "a\" OR \"\"=\"", "ab", "../etc", "이름",
])
def test_hostile_or_odd_user_names_are_refused_and_sign_in_stays_closed(engine: Engine, name: str) -> None:
    add(engine, "admin1", "admin")
    with session_scope(engine) as session, pytest.raises(AccountError) as refused:
        create_user(session, name, PASSWORD, "viewer", actor="admin1")
    assert refused.value.key == "acc.error.username"
    with session_scope(engine) as session:
        assert authenticate(session, name, PASSWORD) is None
        assert authenticate(session, "admin1", f"{PASSWORD}' OR '1'='1") is None
        assert session.scalar(select(func.count()).select_from(UserAccount)) == 1


def test_roles_change_and_the_last_admin_stays(engine: Engine) -> None:
    with session_scope(engine) as session:
        setup_first_admin(session, "boss", PASSWORD, origin="cli:test")
    with session_scope(engine) as session, pytest.raises(AccountError) as again:
        setup_first_admin(session, "intruder", PASSWORD)
    assert again.value.key == "acc.error.admin_exists"
    add(engine, "kim", "viewer")
    with session_scope(engine) as session:
        set_role(session, "kim", "steward", actor="boss")
        with pytest.raises(AccountError) as last:
            set_role(session, "boss", "viewer", actor="boss")
        assert last.value.key == "acc.error.last_admin"
        with pytest.raises(AccountError):
            set_role(session, "kim", "root", actor="boss")
        set_password(session, "kim", "another long password", actor="boss")
    with session_scope(engine) as session:
        users = list_users(session).set_index("username")
        assert users.loc["kim", "role"] == "steward" and users.loc["boss", "role"] == "admin"
        assert "password_hash" not in users.columns
        assert authenticate(session, "kim", "another long password") is not None
    assert ("boss", "role_change") in actions(engine) and ("boss", "password_change") in actions(engine)
    assert ("boss", "setup") in actions(engine)


def test_single_sign_on_people_get_their_accounts_role_or_viewer(engine: Engine) -> None:
    add(engine, "park", "analyst", password=None, email="Park@Korea.kr")
    with session_scope(engine) as session:
        assert role_for_identity(session, email="park@korea.kr") == "analyst"
        assert role_for_identity(session, email="stranger@korea.kr") == "viewer"
        assert role_for_identity(session, email=None) == "viewer"
        assert role_for_identity(session, email="x' OR '1'='1") == "viewer"
        assert authenticate(session, "park", "") is None, "an SSO-only account has no password to guess"
    with session_scope(engine) as session, pytest.raises(AccountError):
        create_user(session, "nobody", None, "viewer", actor="test")
