"""The reference data the project ships loads on both databases, completely and idempotently."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select

from data_access.database import session_scope
from data_access.models import AdminBoundary, Country, GbfGoalTarget, GbfIndicator, NationalTarget
from sample_data.reference_data import load_reference_data


def counts(engine: Engine) -> dict[str, int]:
    with session_scope(engine) as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
            for model in (GbfGoalTarget, GbfIndicator, NationalTarget, Country, AdminBoundary)
        }


def test_reference_loads_completely_and_reloading_changes_nothing(engine: Engine) -> None:
    with session_scope(engine) as session:
        load_reference_data(session)
    first = counts(engine)
    assert first["gbf_goal_target"] == 27 and first["gbf_indicator"] == 206 and first["national_target"] == 21
    assert first["country"] >= 250
    with session_scope(engine) as session:
        load_reference_data(session)
    assert counts(engine) == first
    with session_scope(engine) as session:
        provinces = session.execute(
            select(AdminBoundary.code, AdminBoundary.area_km2).where(AdminBoundary.level == "province")
        ).all()
        namibia = session.get(Country, "NA")
    assert len(provinces) == 17
    # Gyeongsangbuk-do is the largest province (about 19,000 km², Gunwi still inside in 2023 NGII data).
    largest = max(provinces, key=lambda row: row[1])
    assert largest[0] == "47" and largest[1] == pytest.approx(19_030, rel=0.01)
    assert namibia is not None and namibia.name_en == "Namibia"
