"""What an import tells its user: every problem found, and how many rows it read and wrote.

Problems carry an i18n key (`importers.yml`) and parameters rather than finished text, so the
same report reads in Korean on the data-management page and in English in the CLI's JSON.

Row numbers are the ones a spreadsheet user sees: the header is row 1, so the first data row is
row 2. For archives and multi-file inputs the member the row belongs to is kept in `source` and
shown in front of the message. Spatial layers count features from 1 (the attribute-table row).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from string import Formatter
from types import MappingProxyType
from typing import Any

from i18n import has, t

# More problems than this are summarised: a million bad rows should not make a million messages.
MAX_PROBLEMS_PER_CODE = 1_000
MAX_PROBLEMS = 20_000
# Problems with the header, not with a data row: they do not count as rejected rows.
HEADER_CODES = frozenset({"importers.error.missing_column", "importers.error.duplicate_column", "importers.error.no_header"})
EMPTY_PARAMS: Mapping[str, Any] = MappingProxyType({})


def _text(value: object) -> str:
    if value is None:
        return ""
    text = str(value)
    return text if len(text) <= 200 else text[:197] + "..."


def _placeholders(key: str) -> set[str]:
    from i18n import catalog

    entry = catalog().get(key, {})
    return {name for text in entry.values() for _, name, _, _ in Formatter().parse(text) if name}


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with (or worth knowing about) one value of one row.

    >>> ImportProblem(3, "year", "20x9", "importers.error.not_integer").message("en")
    "Row 3, column 'year': '20x9' is not a whole number."
    """

    row: int | None
    field: str | None
    value: str | None
    code: str
    params: Mapping[str, Any] = field(default_factory=lambda: EMPTY_PARAMS)
    source: str | None = None  # archive member or referenced file, when the input has several

    def _params(self, lang: str) -> dict[str, Any]:
        params = {"row": self.row, "field": self.field, "value": _text(self.value)}
        params.update(self.params)
        # A placeholder a caller forgot must never turn a message into a crash.
        for key in _placeholders(self.code):
            params.setdefault(key, "")
        return params

    def message(self, lang: str) -> str:
        """The problem in Korean ('ko') or English ('en'), with where it is."""
        params = self._params(lang)
        where = ""
        if self.row is not None and self.field:
            where = t("importers.where.row_field", lang, row=self.row, field=self.field)
        elif self.row is not None:
            where = t("importers.where.row", lang, row=self.row)
        elif self.field:
            where = t("importers.where.field", lang, field=self.field)
        body = t(self.code, lang, **params)
        text = f"{where}: {body}" if where else body
        return f"[{self.source}] {text}" if self.source else text

    def expected(self, lang: str) -> str:
        """What a valid value looks like ('' when the message says it all)."""
        if "expected" in self.params:
            return str(self.params["expected"])
        key = self.code.replace(".error.", ".expected.").replace(".warning.", ".expected.")
        if not has(key):
            return ""
        params = self._params(lang)
        for name in _placeholders(key):
            params.setdefault(name, "")
        return t(key, lang, **params)

    def to_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "field": self.field,
            "value": None if self.value is None else _text(self.value),
            "message": self.message("en"),
            "expected": self.expected("en"),
        }


@dataclass(frozen=True)
class ImportReport:
    """The outcome of one import (or dry run); `ok` is False when anything was refused.

    A refused import wrote nothing, so its counts of written rows are 0 and `batch_id` is None.
    """

    kind: str
    file: str
    sha256: str
    rows_read: int = 0
    rows_inserted: int = 0
    rows_updated: int = 0
    rows_unchanged: int = 0
    rows_rejected: int = 0
    errors: tuple[ImportProblem, ...] = ()
    batch_id: int | None = None
    warnings: tuple[ImportProblem, ...] = ()
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changed(self) -> bool:
        return bool(self.rows_inserted or self.rows_updated)

    def messages(self, lang: str) -> list[str]:
        return [p.message(lang) for p in self.errors]

    def problem_rows(self, lang: str) -> list[dict[str, Any]]:
        """Every error then warning as a row (file, row, column, value, message, expected, level)
        for the downloadable problem report; cells still need neutralising before export."""
        return [
            {"file": p.source or self.file, "row": p.row, "column": p.field, "value": None if p.value is None else _text(p.value),
             "message": p.message(lang), "expected": p.expected(lang), "level": level}
            for level, problems in (("error", self.errors), ("warning", self.warnings))
            for p in problems
        ]

    def to_json(self) -> dict[str, Any]:
        """The keys the CLI prints with `--json` (messages in English), plus `warnings`."""
        return {
            "kind": self.kind,
            "file": self.file,
            "sha256": self.sha256,
            "rows_read": self.rows_read,
            "rows_inserted": self.rows_inserted,
            "rows_updated": self.rows_updated,
            "rows_unchanged": self.rows_unchanged,
            "rows_rejected": self.rows_rejected,
            "errors": [p.to_json() for p in self.errors],
            "batch_id": self.batch_id,
            "warnings": [p.to_json() for p in self.warnings],
        }


@dataclass(frozen=True)
class RollbackReport:
    """What `rollback_batch` did: rows deleted (the batch inserted them) and rows restored."""

    batch_id: int
    kind: str
    file: str
    rows_deleted: int = 0
    rows_restored: int = 0
    errors: tuple[ImportProblem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_json(self) -> dict[str, Any]:
        return {
            "batch_id": self.batch_id,
            "kind": self.kind,
            "file": self.file,
            "rows_deleted": self.rows_deleted,
            "rows_restored": self.rows_restored,
            "errors": [p.to_json() for p in self.errors],
        }


class ImportRefused(Exception):
    """Raised to stop reading a file that cannot be read at all (the problem is already logged)."""


@dataclass
class ProblemLog:
    """Collects errors and warnings while a file is read; summarises floods of one kind."""

    source: str | None = None
    errors: list[ImportProblem] = field(default_factory=list)
    warnings: list[ImportProblem] = field(default_factory=list)
    rejected_rows: set[tuple[str, int]] = field(default_factory=set)
    _per_code: Counter[str] = field(default_factory=Counter)
    _suppressed: Counter[str] = field(default_factory=Counter)

    def _keep(self, problem: ImportProblem, bucket: list[ImportProblem]) -> None:
        self._per_code[problem.code] += 1
        if self._per_code[problem.code] > MAX_PROBLEMS_PER_CODE or len(bucket) >= MAX_PROBLEMS:
            self._suppressed[problem.code] += 1
            return
        bucket.append(problem)

    def error(
        self,
        code: str,
        *,
        row: int | None = None,
        field: str | None = None,
        value: object = None,
        source: str | None = None,
        **params: Any,
    ) -> None:
        if row is not None and code not in HEADER_CODES:
            self.rejected_rows.add((source or self.source or "", int(row)))
        self._keep(self._make(code, row, field, value, source, params), self.errors)

    def warning(
        self,
        code: str,
        *,
        row: int | None = None,
        field: str | None = None,
        value: object = None,
        source: str | None = None,
        **params: Any,
    ) -> None:
        self._keep(self._make(code, row, field, value, source, params), self.warnings)

    def _make(
        self, code: str, row: int | None, field: str | None, value: object, source: str | None, params: dict[str, Any]
    ) -> ImportProblem:
        return ImportProblem(
            row=None if row is None else int(row),
            field=field,
            value=None if value is None else str(value),
            code=code,
            params=MappingProxyType(dict(params)),
            source=source or self.source,
        )

    def refuse(self, code: str, **kwargs: Any) -> ImportRefused:
        """Log an error and return the exception that stops reading (`raise log.refuse(...)`)."""
        self.error(code, **kwargs)
        return ImportRefused(code)

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    def finish(self) -> tuple[tuple[ImportProblem, ...], tuple[ImportProblem, ...]]:
        """Errors and warnings, each with one closing line per code whose flood was cut short."""
        errors = list(self.errors)
        warnings = list(self.warnings)
        for code, count in self._suppressed.items():
            target = errors if any(p.code == code for p in self.errors) else warnings
            target.append(
                ImportProblem(None, None, None, "importers.error.more_problems", MappingProxyType({"count": count, "code": code}))
            )
        return tuple(errors), tuple(warnings)
