"""Snapshots: results frozen under a name read back exactly, survive later imports, and
`changes_since` lists exactly what changed (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import Engine, inspect, select

from data_access.database import bump_data_version, make_engine, session_scope
from data_access.models import TradeCase
from data_access.models.access import AuditEvent
from data_access.snapshots import (
    SnapshotError,
    SnapshotNotFound,
    changes_since,
    compare_results,
    create_snapshot,
    decode_frame,
    delete_snapshot,
    encode_frame,
    list_snapshots,
    snapshot_frames,
    snapshot_results,
)
from indicators.result import IndicatorResult
from reports.results import indicator_results


def synthetic_result(values: list[float], *, indicator_id: str = "wildlife_seizures") -> IndicatorResult:
    frame = pd.DataFrame({
        "detected_by": ["all"] * len(values),
        "year": list(range(2020, 2020 + len(values))),
        "value": values,
        "lower": [np.nan] * len(values),
        "upper": [np.nan] * len(values),
    })
    return IndicatorResult(indicator_id, frame, ("detected_by",), {"cases": 7}, ("a note",), {"tables": "trade_case"})


def test_frame_encoding_round_trips_bit_for_bit() -> None:
    frame = pd.DataFrame({
        "group": ["Birds", None, "새"],
        "year": np.array([2020, 2021, 2022], dtype="int64"),
        "value": [0.1 + 0.2, 1 / 3, np.nan],
        "flag": [True, False, True],
        "n": [1.0, 2.0, 3.0],
    })
    back = decode_frame(encode_frame(frame))
    assert list(back.dtypes.astype(str)) == ["object", "int64", "float64", "bool", "float64"]
    assert back["value"].iloc[0] == 0.1 + 0.2  # exact, not rounded to 10 digits as to_json would
    assert back["value"].iloc[1] == 1 / 3
    assert np.isnan(back["value"].iloc[2])
    assert back["group"].tolist() == ["Birds", None, "새"]
    assert back["flag"].tolist() == [True, False, True]


def test_migration_creates_snapshot_tables(engine: Engine) -> None:
    tables = set(inspect(engine).get_table_names())
    assert {"snapshot", "snapshot_result", "snapshot_frame"} <= tables


def test_create_read_list_delete(engine: Engine) -> None:
    result = synthetic_result([10.0, 12.5, 0.1 + 0.2])
    summary = create_snapshot(engine, "  CoP20   briefing ", actor="steward1", note="for CoP20",
                              results={"wildlife_seizures": result})
    assert summary["name"] == "CoP20 briefing" and summary["indicators"] == 1
    back = snapshot_results(engine, "CoP20 briefing")["wildlife_seizures"]
    pd.testing.assert_frame_equal(back.frame, result.frame)
    assert back.disaggregations == ("detected_by",)
    assert dict(back.counts) == {"cases": 7} and back.notes == ("a note",)
    assert back.provenance["snapshot"] == "CoP20 briefing" and back.provenance["tables"] == "trade_case"
    frames = snapshot_frames(engine, "CoP20 briefing")
    assert set(frames) == {"target_progress", "nbsap_actions"}
    # the same frozen results come back through the one function every export uses
    via_exports = indicator_results(engine, ["wildlife_seizures", "red_list_index"], snapshot="CoP20 briefing")
    assert list(via_exports) == ["wildlife_seizures"]

    with session_scope(engine) as session:
        audited = session.execute(select(AuditEvent.actor, AuditEvent.action, AuditEvent.target)).all()
    assert ("steward1", "snapshot", "CoP20 briefing") in [tuple(row) for row in audited]

    listed = list_snapshots(engine)
    assert listed[["name", "note", "created_by", "indicators"]].to_dict("records") == [
        {"name": "CoP20 briefing", "note": "for CoP20", "created_by": "steward1", "indicators": 1}
    ]
    with pytest.raises(SnapshotError, match="already exists"):
        create_snapshot(engine, "CoP20 briefing", actor="steward1", results={"wildlife_seizures": result})
    with pytest.raises(SnapshotError, match="needs a name"):
        create_snapshot(engine, "   ", actor="steward1", results={"wildlife_seizures": result})
    delete_snapshot(engine, "CoP20 briefing", actor="steward1")
    assert list_snapshots(engine).empty
    with pytest.raises(SnapshotNotFound):
        snapshot_results(engine, "CoP20 briefing")


def test_compare_results_lists_changed_added_and_removed_values() -> None:
    old = {"wildlife_seizures": synthetic_result([10.0, 12.0, 14.0]), "abs_permits": synthetic_result([1.0], indicator_id="abs_permits")}
    new = {"wildlife_seizures": synthetic_result([10.0, 13.0, 14.0, 20.0])}
    changes = compare_results(old, new)
    rows = changes[["indicator_id", "series", "year", "old_value", "new_value", "kind"]].to_dict("records")
    assert rows == [
        {"indicator_id": "abs_permits", "series": "detected_by=all", "year": 2020, "old_value": 1.0,
         "new_value": pytest.approx(np.nan, nan_ok=True), "kind": "removed"},
        {"indicator_id": "wildlife_seizures", "series": "detected_by=all", "year": 2021, "old_value": 12.0,
         "new_value": 13.0, "kind": "changed"},
        {"indicator_id": "wildlife_seizures", "series": "detected_by=all", "year": 2023,
         "old_value": pytest.approx(np.nan, nan_ok=True), "new_value": 20.0, "kind": "added"},
    ]
    assert changes.loc[changes["kind"] == "changed", "change"].tolist() == [1.0]
    assert compare_results(new, new).empty


def add_seizures(path: Path, year: int, count: int) -> None:
    """Record `count` more customs seizures in `year` (what an import of new cases does)."""
    with session_scope(make_engine(f"sqlite:///{path}")) as session:
        for number in range(count):
            session.add(TradeCase(case_no=f"TEST-{year}-{number}", detected_on=dt.date(year, 6, 1 + number),
                                  detected_by="customs"))
        bump_data_version(session)


def test_snapshot_reproduces_numbers_after_new_data(sample_copy: Path) -> None:
    engine = make_engine(f"sqlite:///{sample_copy}")
    summary = create_snapshot(engine, "7NR final", actor="steward1")
    assert summary["indicators"] >= 15, summary
    before = snapshot_results(engine, "7NR final")
    seizures = before["wildlife_seizures"].frame
    year = int(seizures["year"].max())
    old_all = float(seizures.loc[(seizures["detected_by"] == "all") & (seizures["year"] == year), "value"].iloc[0])

    add_seizures(sample_copy, year, 5)

    live = indicator_results(engine, ["wildlife_seizures"])["wildlife_seizures"].frame
    assert float(live.loc[(live["detected_by"] == "all") & (live["year"] == year), "value"].iloc[0]) == old_all + 5
    after = indicator_results(engine, snapshot="7NR final")
    assert set(after) == set(before)
    for indicator_id, result in before.items():
        pd.testing.assert_frame_equal(after[indicator_id].frame, result.frame, obj=indicator_id)

    changes = changes_since(engine, "7NR final")
    seizure_changes = changes.loc[changes["indicator_id"] == "wildlife_seizures"]
    row = seizure_changes.loc[(seizure_changes["series"] == "detected_by=all") & (seizure_changes["year"] == year)]
    assert row[["old_value", "new_value", "change", "kind"]].to_dict("records") == [
        {"old_value": old_all, "new_value": old_all + 5, "change": 5.0, "kind": "changed"}
    ]
    # Only what the new cases touch changed: the seizure counts (and nothing else recomputed
    # deterministically). The Living Planet Index bootstrap band is not compared: values only.
    assert set(changes["indicator_id"]) == {"wildlife_seizures"}, changes.groupby("indicator_id").size()


def test_status_changes_compare_the_shown_status() -> None:
    from data_access.snapshots import status_changes

    frozen = pd.DataFrame({"target_code": ["3", "5", "A"], "computed_status": ["on_track", "unknown", "moving_away"],
                           "status": ["on_track", "insufficient_rate", "moving_away"]})
    changes = status_changes(frozen, {"3": "on_track", "5": "on_track", "A": "moving_away", "4": "achieved"})
    assert changes.to_dict("records") == [
        {"target_code": "5", "old_status": "insufficient_rate", "new_status": "on_track"},
        {"target_code": "4", "old_status": "unknown", "new_status": "achieved"},
    ]
    assert status_changes(frozen, {"3": "on_track", "5": "insufficient_rate", "A": "moving_away"}).empty
