"""Run a select and return a DataFrame with its column names (shared by the *_inputs loaders)."""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy.orm import Session


def frame_of(session: Session, statement: Any) -> pd.DataFrame:
    result = session.execute(statement)
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def dialect(session: Session) -> str:
    bind = session.get_bind()
    return bind.dialect.name


def days_between(session: Session, start: Any, end: Any) -> Any:
    """SQL expression for (end − start) in days, for two DATE columns, on SQLite and PostgreSQL."""
    from sqlalchemy import Integer, cast, func

    if dialect(session) == "sqlite":
        return cast(func.julianday(end) - func.julianday(start), Integer)
    return end - start  # PostgreSQL: date − date is an integer number of days


def add_days(session: Session, day: Any, days: int) -> Any:
    """SQL expression for a DATE column plus a whole number of days, on SQLite and PostgreSQL."""
    from sqlalchemy import func, literal_column

    if dialect(session) == "sqlite":
        return func.date(day, f"{int(days):+d} days")
    return day + literal_column(str(int(days)))  # PostgreSQL: date + integer is a date
