"""Named, frozen copies of indicator results behind a report (issue 7).

A snapshot freezes *results*, not tables: every indicator's result frame with its counts, notes
and provenance, plus the few derived frames a briefing needs (progress status per target, NBSAP
action status). An export made from a snapshot therefore reproduces the same numbers whatever is
imported later, and the snapshot stays small (kilobytes to a few megabytes, not a copy of the
occurrence table).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from data_access.models.base import Base


class Snapshot(Base):
    """One named freeze ("7NR final", "CoP20 briefing") and the data version it was taken at."""

    __tablename__ = "snapshot"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    data_version: Mapped[int] = mapped_column(Integer)
    # indicators that could not be computed when the snapshot was taken: id → reason
    skipped: Mapped[dict | None] = mapped_column(JSON)

    results: Mapped[list[SnapshotResult]] = relationship(
        back_populates="snapshot", cascade="all, delete-orphan", passive_deletes=True
    )
    frames: Mapped[list[SnapshotFrame]] = relationship(
        back_populates="snapshot", cascade="all, delete-orphan", passive_deletes=True
    )


class SnapshotResult(Base):
    """One indicator's frozen IndicatorResult; the frame is stored as exact JSON (see data_access.snapshots)."""

    __tablename__ = "snapshot_result"
    __table_args__ = (UniqueConstraint("snapshot_id", "indicator_id", name="uq_snapshot_result_indicator"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshot.id", ondelete="CASCADE"), index=True)
    indicator_id: Mapped[str] = mapped_column(String(80))
    frame: Mapped[str] = mapped_column(Text)
    disaggregations: Mapped[list] = mapped_column(JSON)
    counts: Mapped[dict] = mapped_column(JSON)
    notes: Mapped[list] = mapped_column(JSON)
    provenance: Mapped[dict] = mapped_column(JSON)
    output_columns: Mapped[list | None] = mapped_column(JSON)

    snapshot: Mapped[Snapshot] = relationship(back_populates="results")


class SnapshotFrame(Base):
    """A derived frame frozen with the snapshot: target progress status, NBSAP action status."""

    __tablename__ = "snapshot_frame"
    __table_args__ = (UniqueConstraint("snapshot_id", "name", name="uq_snapshot_frame_name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshot.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    frame: Mapped[str] = mapped_column(Text)

    snapshot: Mapped[Snapshot] = relationship(back_populates="frames")
