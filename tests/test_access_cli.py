"""The command line obeys the roles (issue 8): anonymous runs are viewers, imports need a
steward, account commands an admin; exports are masked for viewers; everything is audited."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select

from data_access.database import make_engine, session_scope
from data_access.masking import SUPPRESSED
from data_access.models.access import AuditEvent, UserAccount
from tests.test_audit import comptab

REPO = Path(__file__).resolve().parents[1]
ADMIN_PASSWORD = "admin password for tests"
STEWARD_PASSWORD = "steward password for tests"


def cli(url: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("GBF_USER", "GBF_PASSWORD", "GBF_NEW_PASSWORD")}
    return subprocess.run([sys.executable, str(REPO / "cli.py"), "--db", url, *args], cwd=REPO, capture_output=True,
                          text=True, timeout=600, env={**clean, **env}, stdin=subprocess.DEVNULL)


def audit(url: str) -> list[tuple[str, str, str]]:
    with session_scope(make_engine(url)) as session:
        return [(e.actor, e.action, e.target) for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


@pytest.fixture
def accounts_url(sample_copy: Path) -> str:
    """The sample database with an admin (set up through the CLI's first-run command) and a steward."""
    url = f"sqlite:///{sample_copy}"
    first = cli(url, "setup-admin", "boss", GBF_NEW_PASSWORD=ADMIN_PASSWORD)
    assert first.returncode == 0, first.stderr
    added = cli(url, "--user", "boss", "users", "add", "stew", "--role", "steward",
                GBF_PASSWORD=ADMIN_PASSWORD, GBF_NEW_PASSWORD=STEWARD_PASSWORD)
    assert added.returncode == 0, added.stderr
    return url


def test_first_admin_only_once_and_account_commands_need_an_admin(accounts_url: str) -> None:
    again = cli(accounts_url, "setup-admin", "intruder", GBF_NEW_PASSWORD=ADMIN_PASSWORD)
    assert again.returncode != 0 and "administrator already exists" in again.stderr
    anonymous = cli(accounts_url, "users", "list")
    assert anonymous.returncode == 2 and "needs the admin role" in anonymous.stderr
    steward = cli(accounts_url, "--user", "stew", "users", "list", GBF_PASSWORD=STEWARD_PASSWORD)
    assert steward.returncode == 2 and "needs the admin role" in steward.stderr
    wrong = cli(accounts_url, "--user", "boss", "users", "list", GBF_PASSWORD="not the password")
    assert wrong.returncode == 2 and "sign-in refused" in wrong.stderr
    listed = cli(accounts_url, "users", "list", GBF_USER="boss", GBF_PASSWORD=ADMIN_PASSWORD)
    assert listed.returncode == 0, listed.stderr
    users = pd.read_csv(io.StringIO(listed.stdout))
    assert "argon2" not in listed.stdout and set(users["username"]) == {"boss", "stew"}
    role = cli(accounts_url, "--user", "boss", "users", "set-role", "stew", "analyst", GBF_PASSWORD=ADMIN_PASSWORD)
    assert role.returncode == 0, role.stderr
    with session_scope(make_engine(accounts_url)) as session:
        assert session.scalar(select(UserAccount.role).where(UserAccount.username == "stew")) == "analyst"
    entries = audit(accounts_url)
    assert ("boss", "setup", "first administrator") in entries and ("boss", "user_add", "stew") in entries
    assert ("anonymous", "access_denied", "users list") in entries and ("stew", "access_denied", "users list") in entries
    assert ("boss", "login_failed", "") in entries and ("boss", "role_change", "stew") in entries


def test_import_needs_a_steward_and_records_who(accounts_url: str, tmp_path: Path) -> None:
    path = comptab(tmp_path)
    anonymous = cli(accounts_url, "import", "cites-comptab", str(path), "--no-warm")
    assert anonymous.returncode == 2 and "needs the steward role" in anonymous.stderr
    label_only = cli(accounts_url, "import", "cites-comptab", str(path), "--user", "stew", "--no-warm")
    assert label_only.returncode == 2, "a name without its password is not an identity"
    done = cli(accounts_url, "import", "cites-comptab", str(path), "--json", "--no-warm",
               GBF_USER="stew", GBF_PASSWORD=STEWARD_PASSWORD)
    assert done.returncode == 0, done.stderr
    imports = [e for e in audit(accounts_url) if e[1] == "import"]
    assert imports == [("stew", "import", "cites-comptab:comptab.csv")]
    with session_scope(make_engine(accounts_url)) as session:
        origin = session.scalar(select(AuditEvent.origin).where(AuditEvent.action == "import"))
    assert origin.startswith("cli:")


def test_compute_export_is_masked_for_viewers_and_audited(accounts_url: str, tmp_path: Path) -> None:
    viewer_out, steward_out = tmp_path / "viewer.csv", tmp_path / "steward.csv"
    viewer = cli(accounts_url, "compute", "captive_population_balance", "--out", str(viewer_out))
    assert viewer.returncode == 0, viewer.stderr
    steward = cli(accounts_url, "--user", "stew", "compute", "captive_population_balance", "--out", str(steward_out),
                  GBF_PASSWORD=STEWARD_PASSWORD)
    assert steward.returncode == 0, steward.stderr
    shown = pd.read_csv(viewer_out, dtype=str, keep_default_na=False)
    full = pd.read_csv(steward_out)
    assert len(shown) == len(full) and list(shown.columns) == list(full.columns)
    small = full["value"].abs().between(1, 2, inclusive="both")
    assert small.any(), "the sample must have small facility counts for this test to mean anything"
    assert (shown.loc[small, "value"] == SUPPRESSED).all()
    assert not shown.loc[~small, "value"].eq(SUPPRESSED).any()
    assert not full["value"].astype(str).eq(SUPPRESSED).any()
    exports = [e for e in audit(accounts_url) if e[1] == "export"]
    assert exports == [("anonymous", "export", "captive_population_balance"), ("stew", "export", "captive_population_balance")]


def test_audit_log_export_for_admins(accounts_url: str, tmp_path: Path) -> None:
    out = tmp_path / "audit.csv"
    refused = cli(accounts_url, "--user", "stew", "audit", "--out", str(out), GBF_PASSWORD=STEWARD_PASSWORD)
    assert refused.returncode == 2 and not out.exists()
    done = cli(accounts_url, "--user", "boss", "audit", "--out", str(out), GBF_PASSWORD=ADMIN_PASSWORD)
    assert done.returncode == 0, done.stderr
    frame = pd.read_csv(out, encoding="utf-8-sig")
    assert {"occurred_at", "actor", "action", "target", "detail", "origin"} <= set(frame.columns)
    assert "user_add" in set(frame["action"]) and "access_denied" in set(frame["action"])


def test_reinitialising_a_database_with_accounts_needs_an_admin(accounts_url: str) -> None:
    refused = cli(accounts_url, "init")
    assert refused.returncode == 2 and "needs the admin role" in refused.stderr
    allowed = cli(accounts_url, "--user", "boss", "init", GBF_PASSWORD=ADMIN_PASSWORD)
    assert allowed.returncode == 0, allowed.stderr
