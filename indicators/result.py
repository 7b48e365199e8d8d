"""The one result shape every indicator returns.

A tidy frame (`year, [disaggregation...], value, lower, upper`) plus what a reader needs to trust
it: the metadata id, the input counts ("based on N species") and notes. Duplicate keys and empty
results raise here, so a blank chart is never how an error shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import pandas as pd

VALUE_COLUMNS: tuple[str, ...] = ("value", "lower", "upper")


class Note(str):
    """A note on a result in English and Korean.

    The string value is the English text, so logs, tests, JSON and stores that keep plain strings
    go on working; `text(lang)` gives the reader's language.

    >>> note = Note("3 rows ignored.", "3개 행을 제외했습니다.")
    >>> note.text("ko"), note.text("en"), "rows" in note
    ('3개 행을 제외했습니다.', '3 rows ignored.', True)
    """

    ko: str

    def __new__(cls, en: str, ko: str) -> Note:
        note = super().__new__(cls, en)
        note.ko = ko
        return note

    @property
    def en(self) -> str:
        return str.__str__(self)

    def text(self, lang: str) -> str:
        return self.ko if str(lang).lower().startswith("ko") else self.en

    def translations(self) -> dict[str, str]:
        return {"en": self.en, "ko": self.ko}

    def __reduce__(self) -> tuple[type[Note], tuple[str, str]]:
        return (Note, (self.en, self.ko))


def note_text(note: str, lang: str) -> str:
    """A note in `lang`; a plain string (an older stored result) stays as it is."""
    return note.text(lang) if isinstance(note, Note) else str(note)


def note_translations(note: str) -> dict[str, str]:
    """{"en": ..., "ko": ...} of a note (both the same for a plain string)."""
    return note.translations() if isinstance(note, Note) else {"en": str(note), "ko": str(note)}


def stored_notes(notes: tuple[str, ...] | list[str]) -> list[str | dict[str, str]]:
    """Notes as JSON-storable values: {"en", "ko"} for a `Note`, the text for a plain string.

    `IndicatorResult` turns such dicts back into `Note`s, so a stored result keeps both languages.
    """
    return [note.translations() if isinstance(note, Note) else str(note) for note in notes]


def _revive(note: object) -> str:
    if isinstance(note, Mapping) and {"en", "ko"} <= set(note):
        return Note(str(note["en"]), str(note["ko"]))
    return note if isinstance(note, str) else str(note)


class IndicatorError(ValueError):
    """An indicator cannot be computed from the inputs it was given."""


class NoDataError(IndicatorError):
    """The inputs hold no data for this indicator (the page shows what to import)."""


class InputContractError(IndicatorError):
    """An input frame breaks its declared contract (missing column, bad values)."""


@dataclass(frozen=True)
class IndicatorResult:
    """A computed indicator: tidy frame, its keys, input counts, notes and provenance.

    >>> frame = pd.DataFrame({"year": [2020], "value": [0.9], "lower": [None], "upper": [None]})
    >>> IndicatorResult("red_list_index", frame, counts={"species": 10}).keys
    ('year',)
    """

    indicator_id: str
    frame: pd.DataFrame
    disaggregations: tuple[str, ...] = ()
    counts: Mapping[str, int] = field(default_factory=dict)
    notes: tuple[str, ...] = ()  # `Note`s: English as the string value, Korean beside it
    provenance: Mapping[str, str] = field(default_factory=dict)
    # Columns (and order) of the published table, e.g. the CLI's CSV, when it differs from the
    # frame: protected-area coverage prints `year,realm,protected_km2,total_km2,value` without bounds.
    output_columns: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        missing = [c for c in ("year", *self.disaggregations, *VALUE_COLUMNS) if c not in self.frame.columns]
        if missing:
            raise IndicatorError(f"{self.indicator_id}: result frame lacks columns {missing}")
        if self.frame.empty:
            raise NoDataError(f"{self.indicator_id}: the result is empty")
        duplicated = self.frame.duplicated(list(self.keys), keep=False)
        if duplicated.any():
            sample = self.frame.loc[duplicated, list(self.keys)].head(5).to_dict("records")
            raise IndicatorError(f"{self.indicator_id}: duplicate result keys, e.g. {sample}")
        if self.output_columns is not None:
            unknown = [c for c in self.output_columns if c not in self.frame.columns]
            if unknown:
                raise IndicatorError(f"{self.indicator_id}: output columns {unknown} are not in the frame")
        object.__setattr__(self, "notes", tuple(_revive(note) for note in self.notes))
        object.__setattr__(self, "counts", MappingProxyType(dict(self.counts)))
        object.__setattr__(self, "provenance", MappingProxyType(dict(self.provenance)))

    @property
    def output_frame(self) -> pd.DataFrame:
        """The table as published (CLI output, downloads): `output_columns` when set, else the frame."""
        return self.frame if self.output_columns is None else self.frame.loc[:, list(self.output_columns)]

    @property
    def keys(self) -> tuple[str, ...]:
        """The columns that identify one row: disaggregations then year."""
        return (*self.disaggregations, "year") if self.disaggregations else ("year",)

    def with_provenance(self, **entries: str) -> IndicatorResult:
        """A copy that also records where its inputs came from (tables, filters, data version)."""
        return IndicatorResult(
            self.indicator_id,
            self.frame,
            self.disaggregations,
            self.counts,
            self.notes,
            {**self.provenance, **entries},
            self.output_columns,
        )


def require_columns(frame: pd.DataFrame, columns: tuple[str, ...] | list[str], *, name: str) -> None:
    """Fail with a message a person can act on when an input frame lacks columns."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputContractError(
            f"input '{name}' lacks column(s) {', '.join(missing)}; it has {', '.join(map(str, frame.columns))}"
        )
