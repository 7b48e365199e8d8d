"""Indicator results persisted per data version, so a cold page does not recompute (issue 9).

One row per (indicator, options, data version). The frame is stored as Parquet (exact dtypes,
no pickle: a row read back can never execute code); counts, notes, provenance and keys as JSON.
A row whose indicator had no data records that too (`status = 'no_data'`), so the overview does
not re-discover an empty table on every cold start. Rows of older data versions are purged.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, Integer, LargeBinary, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from data_access.models.base import Base


class IndicatorResultCache(Base):
    """A computed indicator result, valid for one data version."""

    __tablename__ = "indicator_result_cache"
    __table_args__ = (UniqueConstraint("indicator_id", "options_key", "data_version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[str] = mapped_column(String(80))
    options_key: Mapped[str] = mapped_column(String(1000))  # canonical JSON of the options
    data_version: Mapped[int] = mapped_column(Integer, index=True)
    status: Mapped[str] = mapped_column(String(20))  # ok | no_data
    message: Mapped[str | None] = mapped_column(Text)
    frame_parquet: Mapped[bytes | None] = mapped_column(LargeBinary)
    disaggregations: Mapped[list | None] = mapped_column(JSON)
    counts: Mapped[dict | None] = mapped_column(JSON)
    notes: Mapped[list | None] = mapped_column(JSON)
    provenance: Mapped[dict | None] = mapped_column(JSON)
    output_columns: Mapped[list | None] = mapped_column(JSON)
    computed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
