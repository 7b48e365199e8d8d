"""Roles, ordered by what they may do: viewer < analyst < steward < admin (issue 8).

| role | may |
|---|---|
| viewer  | see aggregates only: personal data masked, sensitive occurrences on a 10 km grid, counts below 3 suppressed in tables of individuals |
| analyst | see records, without personal data (names, addresses, phone numbers, e-mail) |
| steward | import, roll back, edit NBSAP progress, set status overrides, make snapshots; sees personal data |
| admin   | everything a steward may, plus manage users and roles and read the audit log |
"""

from __future__ import annotations

ROLES: tuple[str, ...] = ("viewer", "analyst", "steward", "admin")


class UnknownRoleError(ValueError):
    """A role name that is not one of ROLES."""


def check_role(role: str) -> str:
    """`role` when it is known, else UnknownRoleError (never silently a lower or higher role)."""
    if role not in ROLES:
        raise UnknownRoleError(f"unknown role '{role}'; known: {', '.join(ROLES)}")
    return role


def role_allows(role: str, required: str) -> bool:
    """True when `role` is `required` or above it; an unknown role is allowed nothing."""
    if role not in ROLES:
        return False
    return ROLES.index(role) >= ROLES.index(check_role(required))
