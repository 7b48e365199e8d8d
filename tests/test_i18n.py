"""Catalogs: both languages for every key, placeholders that match, and keys used in code exist."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from i18n import CatalogError, catalog, format_number, normalise_lang, t

REPO = Path(__file__).resolve().parents[1]
KEY_USE = re.compile(r"""\bt\(\s*["']([a-z0-9_.]+)["']""")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_has_korean_and_english_with_the_same_placeholders() -> None:
    for key, texts in catalog().items():
        assert texts["ko"].strip() and texts["en"].strip(), key
        assert placeholders(texts["ko"]) == placeholders(texts["en"]), f"{key}: placeholders differ"


def test_korean_texts_are_korean() -> None:
    hangul = re.compile("[\uac00-\ud7a3]")
    not_korean = [k for k, v in catalog().items() if not hangul.search(v["ko"]) and not k.startswith("lang.")]
    # Codes and proper names may legitimately stay Latin; everything else must be translated.
    assert len(not_korean) <= 0.02 * len(catalog()) + 2, f"untranslated Korean texts: {not_korean[:20]}"


def test_keys_used_in_code_exist() -> None:
    sources = [*REPO.glob("*.py"), *REPO.glob("pages/**/*.py"), *REPO.glob("ui/**/*.py"),
               *REPO.glob("charts/**/*.py"), *REPO.glob("reports/**/*.py")]
    missing = {
        (str(path.relative_to(REPO)), key)
        for path in sources
        for key in KEY_USE.findall(path.read_text(encoding="utf-8"))
        if key not in catalog()
    }
    assert not missing, f"translation keys used but not defined: {sorted(missing)}"


def test_t_fills_placeholders_and_takes_language_explicitly() -> None:
    assert t("common.based_on", "ko", n=12, unit="종") == "12개 종 기준"
    assert t("common.based_on", "en", n=12, unit="species") == "Based on 12 species"
    assert t("app.title", "en-GB") == "GBF Dashboard"
    with pytest.raises(KeyError):
        t("no.such.key", "en")


def test_language_codes_normalise() -> None:
    assert normalise_lang("EN") == "en" and normalise_lang(None) == "ko" and normalise_lang("ko-KR") == "ko"


def test_numbers_format_with_separators_and_missing_dash() -> None:
    assert format_number(62604, "ko") == "62,604"
    assert format_number(float("nan"), "en") == "–"


def test_duplicate_keys_across_files_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import i18n

    (tmp_path / "a.yml").write_text("x.y:\n  ko: 가\n  en: a\n", encoding="utf-8")
    (tmp_path / "b.yml").write_text("x.y:\n  ko: 나\n  en: b\n", encoding="utf-8")
    monkeypatch.setattr(i18n, "MESSAGES_DIR", tmp_path)
    i18n.catalog.cache_clear()
    try:
        with pytest.raises(CatalogError):
            i18n.catalog()
    finally:
        monkeypatch.undo()
        i18n.catalog.cache_clear()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_counts_in_messages_group_thousands_but_years_do_not(lang: str) -> None:
    assert "12,345" in t("pg.nbsap.tab.all", lang, n=12345)
    assert "1,087" in t("pg.data.import.problems", lang, n=1087)
    year_range = t("pg.nbsap.error.year", lang, year=2031, first=2024, last=2030)
    assert "2031" in year_range and "2024" in year_range and "2,0" not in year_range
