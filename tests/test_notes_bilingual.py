"""Indicator notes are bilingual: every note an indicator writes is a `Note` (English + Korean), the
pages show it in the reader's language, stored results keep both, and `cli.py compute --format
json` prints both."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from data_access.database import make_engine, session_scope
from data_access.indicator_inputs import load_inputs
from indicators import registry
from indicators.result import IndicatorResult, NoDataError, Note, note_text, stored_notes

REPO = Path(__file__).resolve().parents[1]
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _is_plain_text(node: ast.AST) -> bool:
    """A string literal, an f-string, or a concatenation of them: English-only text."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _is_plain_text(node.left) or _is_plain_text(node.right)
    if isinstance(node, ast.IfExp):
        return _is_plain_text(node.body) or _is_plain_text(node.orelse)
    return False


def _notes_name(node: ast.AST) -> bool:
    return isinstance(node, ast.Name) and "notes" in node.id


def plain_notes(path: Path) -> list[int]:
    """Line numbers where a module adds an English-only string to a `notes` collection."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        items: list[ast.AST] = []
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "append" \
                and _notes_name(node.func.value):
            items = list(node.args)
        elif isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(_notes_name(target) for target in targets) and isinstance(node.value, ast.Tuple | ast.List):
                items = list(node.value.elts)
        elif isinstance(node, ast.FunctionDef) and node.name.endswith(("_notes", "_note")):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Return) and inner.value is not None:
                    value = inner.value
                    items += list(value.elts) if isinstance(value, ast.Tuple | ast.List) else [value]
        lines += [item.lineno for item in items if _is_plain_text(item)]
    return lines


def test_no_indicator_module_writes_an_english_only_note() -> None:
    offenders = {
        str(path.relative_to(REPO)): found
        for path in sorted((REPO / "indicators").glob("*.py"))
        if (found := plain_notes(path))
    }
    assert not offenders, f"notes must be Note(english, korean): {offenders}"


def test_the_check_catches_an_english_only_note(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text('notes = []\nnotes.append(f"{3} rows dropped")\nnotes = ("a", Note("b", "나"))\n')
    assert sorted(plain_notes(module)) == [2, 3]


def test_note_is_english_text_with_korean_beside_it() -> None:
    note = Note("3 rows ignored.", "3개 행을 제외했습니다.")
    assert note == "3 rows ignored." and "rows" in note and json.dumps([note]) == '["3 rows ignored."]'
    assert note_text(note, "ko") == "3개 행을 제외했습니다." and note_text(note, "en") == "3 rows ignored."
    assert note_text("an older plain note", "ko") == "an older plain note"


def test_stored_notes_come_back_in_both_languages() -> None:
    frame = pd.DataFrame({"year": [2020], "value": [1.0], "lower": [None], "upper": [None]})
    original = IndicatorResult("x", frame, notes=(Note("one", "하나"), "plain"))
    stored = json.loads(json.dumps(stored_notes(original.notes)))
    assert stored == [{"en": "one", "ko": "하나"}, "plain"]
    back = IndicatorResult("x", frame, notes=tuple(stored))
    assert back.notes == original.notes and note_text(back.notes[0], "ko") == "하나"


@pytest.fixture(scope="module")
def sample_results(sample_database: Path) -> dict[str, IndicatorResult]:
    results = {}
    with session_scope(make_engine(f"sqlite:///{sample_database}")) as session:
        for indicator_id in registry.INDICATOR_IDS:
            try:
                results[indicator_id] = registry.get(indicator_id).run(load_inputs(session, indicator_id))
            except NoDataError:
                continue
    return results


def test_every_note_of_every_indicator_on_the_sample_is_bilingual(sample_results: dict[str, IndicatorResult]) -> None:
    assert len(sample_results) >= 15
    noted = {i: r.notes for i, r in sample_results.items() if r.notes}
    assert len(noted) >= 10  # most indicators explain something
    for indicator_id, notes in noted.items():
        for note in notes:
            assert isinstance(note, Note), (indicator_id, note)
            assert HANGUL.search(note.text("ko")), (indicator_id, note.ko)
            assert not HANGUL.search(note.text("en")), (indicator_id, note.en)


def test_cli_json_prints_notes_in_both_languages(sample_copy: Path, sample_results: dict[str, IndicatorResult]) -> None:
    done = subprocess.run([sys.executable, str(REPO / "cli.py"), "--db", f"sqlite:///{sample_copy}", "compute",
                           "knowledge_digitisation", "--format", "json"],
                          cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    expected = sample_results["knowledge_digitisation"].notes
    assert payload["notes"] == [note.en for note in expected]
    assert payload["notes_ko"] == [note.ko for note in expected]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_target_page_shows_the_notes_in_the_readers_language(
    sample_database: Path, sample_results: dict[str, IndicatorResult], monkeypatch: pytest.MonkeyPatch,
    lang: str,
) -> None:
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{sample_database}")
    monkeypatch.chdir(REPO)
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=240)
    app.query_params["lang"] = lang
    app.run()
    app.switch_page("pages/target.py")
    app.session_state["target"] = "3"
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    shown = [c.value.removeprefix("ⓘ ") for c in app.caption if c.value.startswith("ⓘ ")]
    expected = [note.text(lang) for note in sample_results["protected_area_coverage"].notes]
    assert expected and all(text in shown for text in expected)
