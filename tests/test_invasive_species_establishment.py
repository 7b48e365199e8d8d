"""Invasive alien species establishment (6.1): first records, cumulative curve, dated designations."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from data_access.database import session_scope
from data_access.models import LegalStatus, Occurrence, Taxon
from data_access.queries.invasive_inputs import load_invasive_inputs
from indicators.invasive_species_establishment import compute


def values(result, series: str) -> dict[int, float]:  # type: ignore[no-untyped-def]
    part = result.frame[result.frame["series"] == series]
    return dict(zip(part["year"], part["value"], strict=True))


def test_new_and_cumulative_establishments_by_hand() -> None:
    first = pd.DataFrame({"taxon_id": [1, 2, 3, 4], "taxon_group": "x", "first_year": [2001, 2001, 2004, 2004]})
    result = compute({"alien_first_records": first, "invasive_designations": pd.DataFrame()}, window=2, baseline_year=2002)
    assert values(result, "new_establishments") == {2001: 2, 2002: 0, 2003: 0, 2004: 2}
    assert values(result, "cumulative") == {2001: 2, 2002: 2, 2003: 2, 2004: 4}
    # 2-year means: 2002 → 1, 2003 → 0, 2004 → 1; index = mean / 1 × 100
    assert values(result, "establishment_rate_index") == {2002: 100.0, 2003: 0.0, 2004: 100.0}
    assert result.counts["alien_taxa"] == 4


def test_designations_count_taxa_in_force_on_31_december() -> None:
    designations = pd.DataFrame({
        "taxon_id": [1, 2, 3, 3, 4],
        "scheme": ["ECOSYSTEM_DISTURBING"] * 4 + ["CONCERN_FOR_INTRODUCTION"],
        "valid_from": pd.to_datetime(["1998-02-19", "1998-02-19", "2009-06-01", "2009-06-01", "2021-12-30"]),
        # taxon 2 delisted mid-2001; taxon 3 listed twice (duplicate row) counts once
        "valid_to": pd.to_datetime([None, "2001-06-30", None, None, None]),
    })
    result = compute({"alien_first_records": pd.DataFrame(), "invasive_designations": designations})
    ed = values(result, "designated_ecosystem_disturbing")
    assert ed[1998] == 2 and ed[2000] == 2 and ed[2001] == 1 and ed[2009] == 2 and ed[2021] == 2
    assert values(result, "designated_concern_for_introduction")[2021] == 1


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1990, 2024), min_size=1, max_size=40), st.randoms(use_true_random=False))
def test_order_does_not_matter_and_cumulative_ends_at_the_total(years: list[int], random) -> None:  # type: ignore[no-untyped-def]
    first = pd.DataFrame({"taxon_id": range(len(years)), "taxon_group": "g", "first_year": years})
    shuffled = first.sample(frac=1, random_state=random.randint(0, 10_000))
    a = compute({"alien_first_records": first, "invasive_designations": pd.DataFrame()}).frame
    b = compute({"alien_first_records": shuffled, "invasive_designations": pd.DataFrame()}).frame
    pd.testing.assert_frame_equal(a, b)
    new = a[a["series"] == "new_establishments"]["value"]
    assert new.sum() == len(years)
    assert a[a["series"] == "cumulative"]["value"].iloc[-1] == len(years)


def test_no_data_raises() -> None:
    from indicators.result import NoDataError

    with pytest.raises(NoDataError):
        compute({"alien_first_records": pd.DataFrame(), "invasive_designations": pd.DataFrame()})


def test_loader_finds_aliens_by_three_signals_on_both_databases(engine: Engine) -> None:
    with session_scope(engine) as session:
        native = Taxon(scientific_name="Pinus densiflora", taxon_group="Plantae", is_native=True)
        not_native = Taxon(scientific_name="Ambrosia trifida", taxon_group="Plantae", is_native=False)
        designated = Taxon(scientific_name="Trachemys scripta", taxon_group="Reptilia", is_native=True)
        flagged = Taxon(scientific_name="Lithobates catesbeianus", taxon_group="Amphibia", is_native=True)
        session.add_all([native, not_native, designated, flagged])
        session.flush()
        synonym = Taxon(scientific_name="Rana catesbeiana", taxon_group="Amphibia", name_status="synonym",
                        accepted_taxon_id=flagged.id)
        session.add(synonym)
        session.flush()
        session.add(LegalStatus(taxon_id=designated.id, scheme="ECOSYSTEM_DISTURBING", value="Y",
                                valid_from=dt.date(2001, 12, 1)))
        occurrences = [
            (native, 1990, None), (not_native, 1999, None), (not_native, 1995, "ABSENT"), (not_native, 2005, None),
            (designated, 2001, None), (flagged, 2010, "introduced"), (synonym, 1985, None),
        ]
        for i, (taxon, year, extra) in enumerate(occurrences):
            session.add(Occurrence(record_key=f"r{i}", basis_of_record="HUMAN_OBSERVATION", scientific_name=taxon.scientific_name,
                                   taxon_id=taxon.id, year=year,
                                   occurrence_status="ABSENT" if extra == "ABSENT" else "PRESENT",
                                   establishment_means="introduced" if extra == "introduced" else None))
    with session_scope(engine) as session:
        inputs = load_invasive_inputs(session)
    first = inputs["alien_first_records"].set_index("taxon_id")["first_year"].to_dict()
    assert sorted(first.values()) == [1985, 1999, 2001]  # bullfrog via its synonym's 1985 record; absence ignored
    assert len(inputs["invasive_designations"]) == 1
    result = compute(inputs)
    assert values(result, "cumulative")[2001] == 3
