"""Life cycle of imported wild animals: anomalies, follow-up lists without names, population balance."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from data_access.database import session_scope
from data_access.models import AnimalEvent, AnimalSpecimen, BreedingFacility, Holder
from data_access.queries.life_cycle_inputs import list_anomalies, load_captive_flows, load_life_cycle_counts
from indicators import animal_life_cycle, captive_population_balance
from indicators.animal_life_cycle import report_is_late

D = dt.date
AS_OF = D(2024, 12, 31)


def test_report_rule_by_hand() -> None:
    assert report_is_late(D(2024, 3, 10), D(2024, 3, 13), 0)  # transfer reported 3 days late
    assert not report_is_late(D(2024, 3, 10), D(2024, 3, 7), 0)  # reported before the transfer
    assert not report_is_late(D(2024, 3, 10), D(2024, 3, 10), 0)  # same day
    assert report_is_late(D(2024, 3, 10), None, 7)
    assert not report_is_late(D(2024, 3, 10), D(2024, 3, 17), 7) and report_is_late(D(2024, 3, 10), D(2024, 3, 18), 7)


def _life_cycle_rows(session) -> None:  # type: ignore[no-untyped-def]
    holders = [Holder(holder_key=f"H{i}", kind="individual", name=f"홍길동{i}", phone="010-0000-0000") for i in range(3)]
    session.add_all(holders)
    session.flush()
    farm_a = BreedingFacility(registration_no="F-A", holder_id=holders[0].id, name="A zoo", facility_type="exhibition")
    farm_b = BreedingFacility(registration_no="F-B", holder_id=holders[1].id, name="B shop", facility_type="sales")
    session.add_all([farm_a, farm_b])
    session.flush()
    animals = {}
    for key in ("S1", "S2", "S3", "S4", "S5"):
        animals[key] = AnimalSpecimen(specimen_key=key, scientific_name="Python regius", origin="imported",
                                      current_holder_id=holders[0].id, current_facility_id=farm_a.id)
    session.add_all(animals.values())
    session.flush()
    events = [
        # S1: imported and registered after 10 days; transferred 3 days late; died; carcass disposed
        ("e1", "S1", "import", D(2023, 1, 5), D(2023, 1, 5), farm_a),
        ("e2", "S1", "entry", D(2023, 1, 15), D(2023, 1, 15), farm_a),
        ("e3", "S1", "transfer", D(2023, 3, 10), D(2023, 3, 13), farm_b),
        ("e4", "S1", "death", D(2024, 2, 1), D(2024, 2, 3), farm_b),
        ("e5", "S1", "carcass_disposal", D(2024, 2, 4), D(2024, 2, 4), farm_b),
        # S2: imported, never registered; transfer reported before; death reported 20 days later, no disposal
        ("e6", "S2", "import", D(2023, 2, 1), D(2023, 2, 1), farm_a),
        ("e7", "S2", "transfer", D(2023, 6, 1), D(2023, 5, 28), farm_b),
        ("e8", "S2", "death", D(2024, 3, 1), D(2024, 3, 21), farm_b),
        # S3: imported, registered 45 days later (outside the 30-day grace period)
        ("e9", "S3", "import", D(2023, 4, 1), D(2023, 4, 1), farm_a),
        ("e10", "S3", "entry", D(2023, 5, 16), D(2023, 5, 16), farm_a),
        # S4: imported 10 days before as_of: still in its grace period, not counted
        ("e11", "S4", "import", D(2024, 12, 21), D(2024, 12, 21), farm_a),
        # S5: born at A
        ("e12", "S5", "birth", D(2024, 6, 1), D(2024, 6, 2), farm_a),
    ]
    for key, specimen, kind, day, reported, farm in events:
        session.add(AnimalEvent(event_key=key, specimen_id=animals[specimen].id, event_type=kind, event_date=day,
                                report_date=reported, facility_id=farm.id, year=day.year, quantity=1))


def test_counts_and_lists_on_both_databases(engine: Engine) -> None:
    with session_scope(engine) as session:
        _life_cycle_rows(session)
    with session_scope(engine) as session:
        counts = load_life_cycle_counts(session, as_of=AS_OF)
        unregistered = list_anomalies(session, "imports_not_registered", as_of=AS_OF)
        late = list_anomalies(session, "transfers_reported_late", as_of=AS_OF)
        undisposed = list_anomalies(session, "deaths_without_disposal", as_of=AS_OF)
        late_deaths = list_anomalies(session, "deaths_reported_late", as_of=AS_OF)
        with pytest.raises(ValueError):
            list_anomalies(session, "imports")
    table = counts.set_index(["series", "year"])["value"]
    assert table[("imports", 2023)] == 3 and table[("imports", 2024)] == 1
    assert table[("imports_due", 2023)] == 3 and ("imports_due", 2024) not in table.index
    assert table[("imports_not_registered", 2023)] == 2
    assert table[("transfers_reported_late", 2023)] == 1
    assert table[("deaths_without_disposal", 2024)] == 1 and table[("deaths_reported_late", 2024)] == 1
    assert sorted(unregistered["specimen_key"]) == ["S2", "S3"]
    assert late["event_key"].tolist() == ["e3"] and late["days_to_report"].tolist() == [3]
    assert undisposed["specimen_key"].tolist() == ["S2"] and undisposed["facility"].tolist() == ["F-B"]
    assert late_deaths["days_to_report"].tolist() == [20]
    for frame in (unregistered, late, undisposed):
        assert not {"name", "address", "phone"} & set(frame.columns)
        assert "holder_id" in frame.columns
    result = animal_life_cycle.compute({"life_cycle_counts": counts}).frame.set_index(["series", "year"])["value"]
    assert result[("imports_not_registered_pct", 2023)] == pytest.approx(200 / 3)
    assert result[("transfers_reported_late_pct", 2023)] == 50.0


def test_population_balance_nationally_and_by_facility(engine: Engine) -> None:
    with session_scope(engine) as session:
        _life_cycle_rows(session)
    with session_scope(engine) as session:
        national = load_captive_flows(session)
        facility = load_captive_flows(session, by_facility=True)
    stock = captive_population_balance.compute({"captive_flows": national}).frame.set_index("year")["value"]
    assert stock.to_dict() == {2023: 3.0, 2024: 3.0}  # 3 imports; then +1 import +1 birth −2 deaths
    by_farm = captive_population_balance.compute({"captive_flows": facility}).frame
    table = by_farm.set_index(["facility", "year"])["value"]
    assert table[("F-A", 2023)] == 1.0 and table[("F-B", 2023)] == 2.0  # two transfers A → B
    assert table[("F-A", 2024)] == 3.0 and table[("F-B", 2024)] == 0.0
    totals = by_farm.groupby("year")["value"].sum()
    assert totals.to_dict() == stock.to_dict()


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(2018, 2024), st.sampled_from(["import", "birth", "death", "export"]),
                          st.integers(1, 5)), min_size=1, max_size=30), st.integers(0, 99))
def test_balance_is_the_running_net_flow_in_any_order(flows, seed) -> None:  # type: ignore[no-untyped-def]
    frame = pd.DataFrame(flows, columns=["year", "flow", "quantity"]).assign(scientific_name="X y", facility="all")
    a = captive_population_balance.compute({"captive_flows": frame}).frame
    b = captive_population_balance.compute({"captive_flows": frame.sample(frac=1, random_state=seed)}).frame
    pd.testing.assert_frame_equal(a, b)
    signs = frame["flow"].map({"import": 1, "birth": 1, "death": -1, "export": -1})
    assert a["value"].iloc[-1] == (frame["quantity"] * signs).sum()
