"""Korean and English text for everything a user reads.

Catalogs live in `i18n/messages/<domain>.yml`, one entry per key with both languages:

    overview.title:
      ko: 개요
      en: Overview

`t(key, lang, **params)` takes the language explicitly: several users share one Streamlit process,
so there is no process-global "current language". Missing keys and missing translations fail the
catalog test rather than show a raw key to a user.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

import yaml

Lang = Literal["ko", "en"]
LANGUAGES: tuple[Lang, ...] = ("ko", "en")
DEFAULT_LANG: Lang = "ko"
MESSAGES_DIR = Path(__file__).resolve().parent / "messages"


class CatalogError(ValueError):
    """A catalog file is malformed, or a key is defined twice or misses a language."""


@cache
def catalog() -> dict[str, dict[str, str]]:
    """Every key of every catalog file, merged; duplicate keys across files are an error."""
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(MESSAGES_DIR.glob("*.yml")):
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key, texts in entries.items():
            if key in merged:
                raise CatalogError(f"{path.name}: key '{key}' is already defined in another catalog")
            if not isinstance(texts, dict) or set(texts) != set(LANGUAGES):
                raise CatalogError(f"{path.name}: key '{key}' must have exactly 'ko' and 'en' texts")
            merged[key] = {lang: str(texts[lang]) for lang in LANGUAGES}
    return merged


def normalise_lang(lang: str | None) -> Lang:
    return "en" if (lang or "").lower().startswith("en") else "ko"


# Placeholders that always hold counts: an int passed for one reads 1,328,407 in both languages.
# Years, ids and versions (`year`, `first`/`last` of a year range, `version`) stay as written.
COUNT_PARAMS = frozenset({"n", "count", "total", "shown", "specimens", "completed", "in_progress", "delayed", "overdue"})


def t(key: str, lang: str, /, **params: object) -> str:
    """The text for `key` in `lang` ('ko' or 'en'), with `{name}` placeholders filled.

    >>> t("pg.nbsap.tab.all", "en", n=12345)
    'All (12,345)'
    """
    entry = catalog().get(key)
    if entry is None:
        raise KeyError(f"no translation key '{key}'")
    text = entry[normalise_lang(lang)]
    if not params:
        return text
    return text.format(**{name: _grouped(value, lang) if name in COUNT_PARAMS else value for name, value in params.items()})


def _grouped(value: object, lang: str) -> object:
    return format_number(value, lang) if isinstance(value, int) and not isinstance(value, bool) else value


def has(key: str) -> bool:
    return key in catalog()


def text_or(key: str, lang: str, default: object) -> str:
    """The translation of `key` when the catalog has it, else `default` as text (codes, names)."""
    return t(key, lang) if has(key) else str(default)


def series_name(value: object, lang: str) -> str:
    """A taxon group, realm or other series value in `lang`, as written where the catalog has no
    name for it ('Vascular plants' → 관속식물; 'Cycads' stays 'Cycads').

    >>> series_name("Vascular plants", "ko"), series_name("Other invertebrates", "ko"), series_name("Cycads", "ko")
    ('관속식물', '기타 무척추동물', 'Cycads')
    """
    return text_or("pg.series." + str(value).strip().lower().replace(" ", "_").replace("-", "_"), lang, value)


def format_number(value: float | int | None, lang: str, *, digits: int = 0) -> str:
    """Thousands separators and fixed decimals; '–' for a missing value (same in both languages)."""
    if value is None or value != value:  # NaN
        return "–"
    return f"{value:,.{digits}f}"


def format_percent(value: float | None, lang: str, *, digits: int = 1) -> str:
    if value is None or value != value:
        return "–"
    return f"{value:.{digits}f}%"
