"""Importers: files other systems produce → the typed tables, all or nothing, idempotently.

    >>> from data_access.importers import KINDS, run_import
    >>> report = run_import(engine, "cites-comptab", "comptabExport.csv", user="kim")  # doctest: +SKIP
    >>> report.ok, report.rows_inserted, report.to_json()["errors"]  # doctest: +SKIP

The rules every kind follows (and the tests check):

* **All or nothing.** The whole file is read and validated before anything is written, inside one
  transaction. Any error refuses the import: no data row, no `import_batch` row, no data-version
  bump. The report lists every problem with its row (header = row 1, first data row = row 2),
  column, value and what is expected, in Korean or English (`ImportProblem.message(lang)`).
  Warnings (unknown CITES terms, unmatched species names, invalid WDPA geometries) never refuse.
* **Idempotent.** Rows are matched on their natural key; importing the same file again reports
  every row unchanged and does not bump the data version. A corrected file updates just the rows
  it changes (and their `batch_id`). Each successful import adds one `import_batch` row with the
  file's SHA-256, the counts, the user and the time; previous values of updated rows are kept in
  the `import_prior_value` table (any number of rows) so `rollback_batch` can restore them.
  Imports never delete rows a file does not mention, except child sets a file states completely
  (population counts, action links; an empty link cell states an empty set).
* **Hostile input** (wrong format, empty or huge files, zip bombs, path traversal, unknown
  encodings, out-of-range coordinates, future dates, unknown codes, missing columns, unknown
  options) is refused with a message, never a crash.
"""

from __future__ import annotations

from pathlib import Path

from data_access.importers.pipeline import rollback_batch, run_import
from data_access.importers.report import ImportProblem, ImportReport, RollbackReport

KINDS: tuple[str, ...] = (
    "species",
    "redlist",
    "lpi",
    "occurrences",
    "cites-comptab",
    "cites-shipments",
    "wdpa",
    "boundaries",
    "kba",
    "permits",
    "animal-events",
    "abs",
    "abs-benefits",
    "cooperation",
    "capacity-events",
    "material-transfers",
    "trade-cases",
    "legal-status",
    "nbsap",
)


def template_path(kind: str, lang: str, fmt: str = "csv") -> Path:
    """The shipped import template of `kind` in Korean ('ko') or English ('en') headers.

    `fmt` is 'csv' (UTF-8 with BOM, opens in Excel) or 'xlsx'. Raises KeyError for kinds that
    are not filled from a template (GIS layers, GBIF and CITES downloads).
    """
    from data_access.importers.templates import template_file

    return template_file(kind, lang, fmt)


__all__ = [
    "KINDS",
    "ImportProblem",
    "ImportReport",
    "RollbackReport",
    "rollback_batch",
    "run_import",
    "template_path",
]
