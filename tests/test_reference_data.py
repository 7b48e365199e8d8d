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


def test_every_country_and_world_map_territory_has_a_korean_name(engine: Engine) -> None:
    """The Korean trade and cooperation pages name partners in Korean (the map's tooltips too)."""
    with session_scope(engine) as session:
        load_reference_data(session)
    with session_scope(engine) as session:
        names = dict(session.execute(select(Country.iso2, Country.name_ko)).all())
        world = dict(session.execute(select(AdminBoundary.code, AdminBoundary.name_ko)
                                     .where(AdminBoundary.level == "world_country")).all())
    assert all(names.values()) and all(world.values())
    assert (names["CN"], names["TW"], names["NA"], names["XX"], names["ZZ"]) == ("중국", "대만", "나미비아", "미상",
                                                                                 "해양으로부터의 반입")
    assert world["US"] == "미국" and world["X:Kosovo"] == "코소보"


def test_migration_0007_names_countries_in_korean_in_a_database_built_before(engine: Engine) -> None:
    from alembic import command
    from sqlalchemy import update

    from data_access.database import alembic_config, data_version
    from data_access.models import Country as CountryRow

    with session_scope(engine) as session:
        load_reference_data(session)
    command.downgrade(alembic_config(engine), "0006")
    with session_scope(engine) as session:  # as a database built before the names were shipped
        session.execute(update(CountryRow).values(name_ko=None))
        session.execute(update(AdminBoundary).where(AdminBoundary.level == "world_country").values(name_ko=None))
        session.execute(update(CountryRow).where(CountryRow.iso2 == "JP").values(name_ko="일본국"))  # entered by staff
        before = data_version(session)
    command.upgrade(alembic_config(engine), "head")
    with session_scope(engine) as session:
        names = dict(session.execute(select(CountryRow.iso2, CountryRow.name_ko)).all())
        world = dict(session.execute(select(AdminBoundary.code, AdminBoundary.name_ko)
                                     .where(AdminBoundary.level == "world_country")).all())
        after = data_version(session)
    assert names["CN"] == "중국" and names["JP"] == "일본국" and all(names.values())
    assert world["CN"] == "중국" and all(world.values())
    assert after == before + 1  # cached pages and results are rebuilt with the names
