"""Local accounts: argon2id password hashes, roles, the first administrator (issue 8).

Passwords are hashed with argon2id (argon2-cffi's defaults: a fresh random 16-byte salt per hash,
RFC 9106 low-memory parameters); only the hash is stored. Accounts that sign in through the
organisation's OpenID Connect provider have no hash and are matched by e-mail (`role_for_identity`);
a person the provider knows but this database does not is a viewer.

Every change here writes an audit entry in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from data_access.audit import record_event
from data_access.models.access import UserAccount
from data_access.roles import ROLES, check_role

MIN_PASSWORD_LENGTH = 12
USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{2,119}$")
_HASHER = PasswordHasher()
# Verified against when the user is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _HASHER.hash("not a real password, only for timing")


class AccountError(ValueError):
    """An account operation refused; `key` is an i18n message key, `params` its parameters."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(f"{key} {params}")
        self.key = key
        self.params = params


@dataclass(frozen=True)
class SignedIn:
    """Who is signed in, for the session: the account name and its role."""

    username: str
    role: str
    display_name: str


def hash_password(password: str) -> str:
    """A salted argon2id hash of `password` (refused when shorter than MIN_PASSWORD_LENGTH)."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AccountError("acc.error.password_short", n=MIN_PASSWORD_LENGTH)
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when `password` matches the stored hash; False for a mismatch or a missing/corrupt hash."""
    try:
        return _HASHER.verify(password_hash or _DUMMY_HASH, password or "") and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _check_username(username: str) -> str:
    name = (username or "").strip()
    if not USERNAME.match(name):
        raise AccountError("acc.error.username", value=username)
    return name


def get_account(session: Session, username: str) -> UserAccount | None:
    return session.scalar(select(UserAccount).where(UserAccount.username == (username or "").strip()))


def create_user(
    session: Session,
    username: str,
    password: str | None,
    role: str = "viewer",
    *,
    display_name: str | None = None,
    email: str | None = None,
    actor: str,
    origin: str = "",
) -> UserAccount:
    """A new account; `password=None` makes an OpenID-Connect-only account (needs an e-mail)."""
    name = _check_username(username)
    try:
        check_role(role)
    except ValueError:
        raise AccountError("acc.error.role", value=role) from None
    if get_account(session, name) is not None:
        raise AccountError("acc.error.exists", value=name)
    if password is None and not email:
        raise AccountError("acc.error.needs_password_or_email")
    account = UserAccount(
        username=name, display_name=display_name or name, email=(email or "").strip().lower() or None,
        password_hash=hash_password(password) if password is not None else None,
        role=role, is_active=True, created_by=actor,
    )
    session.add(account)
    session.flush()
    record_event(session, actor=actor, action="user_add", target=name, detail={"role": role}, origin=origin)
    return account


def set_role(session: Session, username: str, role: str, *, actor: str, origin: str = "") -> UserAccount:
    """Change an account's role; the last active administrator cannot lose the role."""
    account = get_account(session, username)
    if account is None:
        raise AccountError("acc.error.unknown_user", value=username)
    try:
        check_role(role)
    except ValueError:
        raise AccountError("acc.error.role", value=role) from None
    if account.role == "admin" and role != "admin" and account.is_active and active_admins(session) <= 1:
        raise AccountError("acc.error.last_admin")
    before = account.role
    account.role = role
    session.flush()
    record_event(session, actor=actor, action="role_change", target=account.username,
                 detail={"from": before, "to": role}, origin=origin)
    return account


def set_active(session: Session, username: str, active: bool, *, actor: str, origin: str = "") -> UserAccount:
    """Enable or disable an account (disabled accounts cannot sign in; history stays)."""
    account = get_account(session, username)
    if account is None:
        raise AccountError("acc.error.unknown_user", value=username)
    if not active and account.role == "admin" and account.is_active and active_admins(session) <= 1:
        raise AccountError("acc.error.last_admin")
    account.is_active = active
    session.flush()
    record_event(session, actor=actor, action="role_change", target=account.username,
                 detail={"active": active}, origin=origin)
    return account


def change_account(session: Session, username: str, role: str, active: bool, *, actor: str, origin: str = "") -> None:
    """Role and active flag together, in the caller's transaction (both or neither)."""
    account = get_account(session, username)
    if account is not None and account.role != role:
        set_role(session, username, role, actor=actor, origin=origin)
    if account is None or account.is_active != active:
        set_active(session, username, active, actor=actor, origin=origin)


def set_password(session: Session, username: str, password: str, *, actor: str, origin: str = "") -> None:
    account = get_account(session, username)
    if account is None:
        raise AccountError("acc.error.unknown_user", value=username)
    account.password_hash = hash_password(password)
    session.flush()
    record_event(session, actor=actor, action="password_change", target=account.username, origin=origin)


def authenticate(session: Session, username: str, password: str, *, origin: str = "") -> SignedIn | None:
    """The account when name and password match an active account, else None; both are audited."""
    account = get_account(session, username)
    ok = verify_password(account.password_hash if account else None, password)
    if not (account and ok and account.is_active):
        record_event(session, actor=(username or "")[:120], action="login_failed", origin=origin,
                     detail={"reason": "inactive" if account and ok else "mismatch"})
        return None
    if _HASHER.check_needs_rehash(account.password_hash or ""):
        account.password_hash = _HASHER.hash(password)
    account.last_login_at = dt.datetime.now(dt.UTC)
    record_event(session, actor=account.username, action="login", origin=origin, detail={"role": account.role})
    return SignedIn(account.username, account.role, account.display_name or account.username)


def role_for_identity(session: Session, *, email: str | None, username: str | None = None) -> str:
    """The role of a person signed in through OpenID Connect: their account's, else viewer."""
    keys = [k.strip().lower() for k in (email, username) if k]
    if not keys:
        return "viewer"
    account = session.scalar(
        select(UserAccount).where(
            or_(func.lower(UserAccount.email).in_(keys), func.lower(UserAccount.username).in_(keys)),
            UserAccount.is_active.is_(True),
        ).order_by(UserAccount.id)
    )
    return account.role if account is not None else "viewer"


def active_admins(session: Session) -> int:
    return int(session.scalar(
        select(func.count()).select_from(UserAccount)
        .where(UserAccount.role == "admin", UserAccount.is_active.is_(True))
    ) or 0)


def has_accounts(session: Session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(UserAccount)))


def setup_first_admin(session: Session, username: str, password: str, *, origin: str = "") -> UserAccount:
    """The first administrator; refused once an active administrator exists (then: `users add`)."""
    if active_admins(session) > 0:
        raise AccountError("acc.error.admin_exists")
    account = create_user(session, username, password, "admin", actor=username, origin=origin)
    record_event(session, actor=account.username, action="setup", target="first administrator", origin=origin)
    return account


def list_users(session: Session) -> pd.DataFrame:
    """Accounts without their hashes: username, display name, e-mail, role, active, sign-in kind, times."""
    rows = session.execute(
        select(UserAccount.username, UserAccount.display_name, UserAccount.email, UserAccount.role,
               UserAccount.is_active, UserAccount.password_hash.is_not(None).label("local"),
               UserAccount.created_at, UserAccount.created_by, UserAccount.last_login_at)
        .order_by(UserAccount.username)
    ).all()
    columns = ["username", "display_name", "email", "role", "is_active", "local", "created_at", "created_by",
               "last_login_at"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["role"] = pd.Categorical(frame["role"], categories=list(ROLES))
    return frame
