"""Population time series for the Living Planet Index (rlpi's data files, populations, counts)."""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from data_access.models.base import Base, ImportedMixin


class PopulationDataset(ImportedMixin, Base):
    """One rlpi data file: a set of populations averaged together, with its group and weights."""

    __tablename__ = "population_dataset"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    group_id: Mapped[int] = mapped_column(Integer, default=1)
    weighting: Mapped[float] = mapped_column(Float, default=1.0)
    weighting_b: Mapped[float | None] = mapped_column(Float)
    system: Mapped[str | None] = mapped_column(String(40))  # terrestrial | freshwater | marine
    description: Mapped[str | None] = mapped_column(Text)


class Population(ImportedMixin, Base):
    """A monitored population (LPD ID) of one species."""

    __tablename__ = "population"
    __table_args__ = (UniqueConstraint("dataset_id", "population_key", name="uq_population_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("population_dataset.id", ondelete="CASCADE"))
    population_key: Mapped[str] = mapped_column(String(40))
    binomial: Mapped[str] = mapped_column(String(200), index=True)
    taxon_id: Mapped[int | None] = mapped_column(ForeignKey("taxon.id"))
    location: Mapped[str | None] = mapped_column(Text)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    units: Mapped[str | None] = mapped_column(Text)
    method: Mapped[str | None] = mapped_column(Text)


class PopulationCount(Base):
    __tablename__ = "population_count"
    population_id: Mapped[int] = mapped_column(
        ForeignKey("population.id", ondelete="CASCADE"), primary_key=True
    )
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[float] = mapped_column(Float)
