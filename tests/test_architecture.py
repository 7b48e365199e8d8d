"""The layers DEVELOPERS.md fixes, enforced: who may import Streamlit, SQL and the database."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def python_files(folder: str) -> list[Path]:
    return sorted((REPO / folder).rglob("*.py"))


@pytest.mark.parametrize("folder", ["indicators", "data_access", "charts", "reports", "sample_data", "i18n"])
def test_no_streamlit_outside_ui_pages_and_app(folder: str) -> None:
    offenders = [str(p.relative_to(REPO)) for p in python_files(folder) if "streamlit" in imported_modules(p)]
    assert not offenders, f"streamlit imported in {offenders}; only app.py, pages/ and ui/ may import it"


def test_indicators_are_pure() -> None:
    forbidden = {"sqlalchemy", "data_access", "streamlit", "ui", "psycopg", "sqlite3"}
    offenders = {
        str(p.relative_to(REPO)): sorted(imported_modules(p) & forbidden) for p in python_files("indicators")
    }
    offenders = {k: v for k, v in offenders.items() if v}
    assert not offenders, f"indicators must not touch the database or UI: {offenders}"


def test_pages_hold_no_sql() -> None:
    offenders = []
    for path in python_files("pages"):
        text = path.read_text(encoding="utf-8")
        if {"sqlalchemy", "sqlite3", "psycopg"} & imported_modules(path) or "SELECT " in text.upper():
            offenders.append(str(path.relative_to(REPO)))
    assert not offenders, f"pages must ask data_access for frames, not run SQL: {offenders}"


def test_charts_import_no_database() -> None:
    offenders = [
        str(p.relative_to(REPO))
        for p in python_files("charts")
        if {"sqlalchemy", "data_access"} & imported_modules(p)
    ]
    assert not offenders


def test_app_is_only_a_router() -> None:
    text = (REPO / "app.py").read_text(encoding="utf-8")
    assert "st.navigation" in text
    assert "sqlalchemy" not in imported_modules(REPO / "app.py")
    assert len(text.splitlines()) < 80, "app.py grows beyond navigation, language and connection"


def test_requirements_are_pinned_exactly() -> None:
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (REPO / name).read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if not line or line.startswith("-r"):
                continue
            assert "==" in line, f"{name}: '{line}' is not pinned with =="
