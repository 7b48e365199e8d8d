"""Declarative base shared by every table, with constraint names Alembic can diff."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, MetaData, func
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ImportedMixin:
    """Rows that came from a file remember the import batch that wrote or last changed them."""

    @declared_attr
    def batch_id(cls) -> Mapped[int | None]:  # noqa: N805 - SQLAlchemy declared_attr signature
        return mapped_column(ForeignKey("import_batch.id", ondelete="SET NULL"), index=True)


class TimestampMixin:
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
