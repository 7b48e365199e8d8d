"""The glossary (i18n/glossary.yml) keeps terms consistent: where an English text uses a glossary
term, its Korean text uses the glossary's Korean term, and no Korean text uses an avoided variant."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from i18n import LANGUAGES, catalog
from indicators.metadata import load_metadata
from indicators.registry import INDICATOR_IDS

REPO = Path(__file__).resolve().parents[1]
GLOSSARY: dict[str, dict] = yaml.safe_load((REPO / "i18n" / "glossary.yml").read_text(encoding="utf-8"))


def english(term: str) -> re.Pattern[str]:
    """The English term as a phrase (plural and possessive endings allowed)."""
    return re.compile(r"(?<![A-Za-z])" + re.escape(term) + r"(?:s|es|'s)?(?![A-Za-z])", re.IGNORECASE)


def korean_forms(entry: dict) -> list[str]:
    return [entry["ko"], *entry.get("ko_also", [])]


def pairs() -> list[tuple[str, str, str]]:
    """(where, english, korean) of every bilingual text a user reads: catalogs and indicator metadata."""
    found = [(f"i18n:{key}", texts["en"], texts["ko"]) for key, texts in catalog().items()]
    for indicator_id in INDICATOR_IDS:
        meta = load_metadata(indicator_id)
        found.append((f"{indicator_id}.meta:name", meta.name("en"), meta.name("ko")))
        found.append((f"{indicator_id}.meta:description", meta.description("en"), meta.description("ko")))
    return found


def test_glossary_entries_are_well_formed() -> None:
    assert len(GLOSSARY) >= 15
    for name, entry in GLOSSARY.items():
        assert set(entry) <= {"en", "ko", "ko_also", "avoid_ko", "note"}, name
        assert entry["en"] and entry["ko"], name
        assert not set(entry.get("avoid_ko", [])) & set(korean_forms(entry)), name
    assert len({e["en"].lower() for e in GLOSSARY.values()}) == len(GLOSSARY)
    assert set(LANGUAGES) == {"ko", "en"}


@pytest.mark.parametrize("name", list(GLOSSARY))
def test_korean_texts_use_the_glossary_term(name: str) -> None:
    entry = GLOSSARY[name]
    pattern = english(entry["en"])
    wrong = [where for where, en, ko in pairs()
             if pattern.search(en) and not any(form in ko for form in korean_forms(entry))]
    assert not wrong, f"'{entry['en']}' must read '{entry['ko']}' in Korean: {wrong}"


def test_no_text_uses_an_avoided_variant() -> None:
    avoided = {variant: name for name, entry in GLOSSARY.items() for variant in entry.get("avoid_ko", [])}
    texts = [(where, ko) for where, _en, ko in pairs()]
    texts += [(str(path.relative_to(REPO)), path.read_text(encoding="utf-8"))
              for path in sorted((REPO / "indicators").glob("*.py")) + sorted((REPO / "indicators").glob("*.meta.yml"))]
    wrong = [(where, variant) for where, text in texts for variant, _name in avoided.items() if variant in text]
    assert not wrong, f"use the glossary term instead: {wrong}"


def test_the_check_would_catch_a_wrong_term() -> None:
    entry = GLOSSARY["red_list_index"]
    assert english(entry["en"]).search("Red List Indices by group") is None  # not a false hit on another word
    assert english(entry["en"]).search("the Red List Index's trend")
    assert not any(form in "레드리스트 지수" for form in korean_forms(entry))
