"""The import log: one batch per file import, with its hash and counts, and the data version."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from data_access.models.base import Base


class ImportBatch(Base):
    """One import of one file; rows it wrote point back here so it can be rolled back."""

    __tablename__ = "import_batch"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    file_name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    rows_inserted: Mapped[int] = mapped_column(Integer, default=0)
    rows_updated: Mapped[int] = mapped_column(Integer, default=0)
    rows_unchanged: Mapped[int] = mapped_column(Integer, default=0)
    rows_rejected: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20), default="committed")  # committed | rolled_back
    imported_by: Mapped[str] = mapped_column(String(120), default="system")
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    options: Mapped[dict | None] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)


class ImportPriorValue(Base):
    """A row as it was before an import changed it, so `rollback_batch` can put it back.

    One row per updated record (`row_key` = its id) or per replaced child row (`row_key` = the
    parent id, e.g. an NBSAP action's GBF links); `prior` holds every column as JSON, geometry as
    WKB hex. Kept in a table rather than in `import_batch.options` so a correcting import of any
    size stays restorable; deleted when the batch is rolled back (a second rollback is refused).
    """

    __tablename__ = "import_prior_value"
    __table_args__ = (Index("ix_import_prior_value_batch_table", "batch_id", "table_name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id", ondelete="CASCADE"))
    table_name: Mapped[str] = mapped_column(String(63))
    row_key: Mapped[str] = mapped_column(String(40))
    prior: Mapped[dict] = mapped_column(JSON)


class DataVersion(Base):
    """A counter bumped by every import, edit and rollback; caches are keyed on it."""

    __tablename__ = "data_version"
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    changed_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
