"""Spreadsheet formula injection, neutralised before any CSV or XLSX leaves the dashboard.

A text cell that begins with `=`, `+`, `-` or `@` (or a tab or carriage return, which some
spreadsheets strip before reading the formula) is run as a formula when a CSV is opened in Excel
or LibreOffice (OWASP "CSV injection"). Such cells get a leading apostrophe, which spreadsheets
show as text. Numbers are left alone: a negative number is data, not a formula.

>>> neutralise("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> neutralise(-3.5)
-3.5
"""

from __future__ import annotations

import pandas as pd

FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """The value, with an apostrophe in front when it is text that a spreadsheet would evaluate."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell and column name neutralised (numeric columns untouched)."""
    safe = frame.copy()
    safe.columns = [neutralise(str(column)) for column in safe.columns]
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    return safe
