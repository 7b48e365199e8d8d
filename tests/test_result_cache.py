"""Stored indicator results: equal to a fresh compute, keyed on options, invalidated by the data version."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal
from sqlalchemy import Engine, func, select

from data_access import result_cache
from data_access.database import bump_data_version, data_version, make_engine, session_factory, session_scope
from data_access.models.result_cache import IndicatorResultCache
from indicators.result import IndicatorResult


def _result() -> IndicatorResult:
    frame = pd.DataFrame({
        "year": np.array([2020, 2021, 2020, 2021], dtype="int64"),
        "group": pd.Categorical(["birds", "birds", "all", "all"]),
        "value": [0.91, 0.9, np.nan, 0.8],
        "lower": [None, None, None, None],
        "upper": [0.95, 0.94, None, 0.85],
        "label": ["조류", "조류", "전체", "전체"],
    })
    return IndicatorResult(
        "red_list_index", frame, ("group",), counts={"species": 12}, notes=("note 1", "노트 2"),
        provenance={"tables": "red_list_assessment", "data_version": "3"}, output_columns=("year", "group", "value"),
    )


def test_a_stored_result_reads_back_equal(engine: Engine) -> None:
    stored = _result()
    with session_factory(engine)() as session:
        version = data_version(session)
        assert result_cache.get(session, "red_list_index", {}, version) is None
        assert result_cache.put(session, "red_list_index", {}, version, result=stored)
        back = result_cache.get(session, "red_list_index", {}, version)
    assert back is not None and back.result is not None
    assert_frame_equal(back.result.frame, stored.frame)
    assert back.result.disaggregations == stored.disaggregations
    assert dict(back.result.counts) == dict(stored.counts)
    assert back.result.notes == stored.notes
    assert dict(back.result.provenance) == dict(stored.provenance)
    assert back.result.output_columns == stored.output_columns


def test_options_are_part_of_the_key_and_no_data_is_remembered(engine: Engine) -> None:
    with session_factory(engine)() as session:
        version = data_version(session)
        result_cache.put(session, "red_list_index", {"scope": "national"}, version, result=_result())
        assert result_cache.get(session, "red_list_index", {"scope": "global"}, version) is None
        assert result_cache.get(session, "red_list_index", {"scope": "national"}, version) is not None
        result_cache.put(session, "abs_benefits", {}, version, no_data_message="no agreements")
        empty = result_cache.get(session, "abs_benefits", {}, version)
    assert empty is not None and empty.result is None and empty.no_data_message == "no agreements"


def test_a_data_version_bump_invalidates_and_purges(engine: Engine) -> None:
    with session_factory(engine)() as session:
        old = data_version(session)
        result_cache.put(session, "red_list_index", {}, old, result=_result())
    with session_scope(engine) as session:
        new = bump_data_version(session)
    assert new == old + 1
    with session_factory(engine)() as session:
        assert result_cache.get(session, "red_list_index", {}, new) is None
        result_cache.put(session, "abs_benefits", {}, new, no_data_message="none")
        versions = set(session.scalars(select(IndicatorResultCache.data_version)))
    assert versions == {new}


def test_results_other_code_stored_are_not_read_and_are_purged(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An upgrade that corrects a method must not show what the old code stored for the same data."""
    from data_access import page_cache

    with session_factory(engine)() as session:
        version = data_version(session)
        result_cache.put(session, "red_list_index", {}, version, result=_result())
        page_cache.put_frame(session, "data_access.queries.trade.permits_by_year", {"args": []}, version,
                             pd.DataFrame({"year": [2024], "permits": [3]}))
    monkeypatch.setattr(result_cache, "code_fingerprint", lambda: "0123456789ab")
    with session_factory(engine)() as session:
        assert result_cache.get(session, "red_list_index", {}, version) is None
        assert page_cache.get_frame(session, "data_access.queries.trade.permits_by_year", {"args": []}, version) is None
        result_cache.put(session, "abs_benefits", {}, version, no_data_message="none")
        keys = list(session.scalars(select(IndicatorResultCache.options_key)))
    assert keys == ['0123456789ab:{}']


def test_the_code_fingerprint_follows_the_indicator_code(tmp_path: Path) -> None:
    from data_access.code_fingerprint import code_fingerprint, fingerprint

    for folder in ("indicators", "data_access"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.py").write_text("x = 1\n")
    before = fingerprint(tmp_path)
    (tmp_path / "indicators" / "a.py").write_text("x = 2\n")
    changed = fingerprint(tmp_path)
    assert changed != before
    (tmp_path / "indicators" / "notes.txt").write_text("not code")  # not a covered suffix
    assert fingerprint(tmp_path) == changed
    assert len(code_fingerprint()) == 12 and code_fingerprint() == fingerprint()


@pytest.mark.parametrize("indicator_id", ["red_list_index", "protected_area_coverage", "species_protection"])
def test_the_warmed_result_equals_a_fresh_compute(sample_copy: Path, indicator_id: str) -> None:
    engine = make_engine(f"sqlite:///{sample_copy}")
    outcome = result_cache.warm(engine, [indicator_id])
    assert outcome == {indicator_id: "ok"}
    with session_factory(engine)() as session:
        version = data_version(session)
        stored = result_cache.get(session, indicator_id, {}, version)
        fresh = result_cache.compute(session, indicator_id, {})
    assert stored is not None and stored.result is not None
    assert_frame_equal(stored.result.frame, fresh.frame)
    assert dict(stored.result.counts) == dict(fresh.counts)
    assert stored.result.notes == fresh.notes
    # after an import the stored result no longer answers, and warming again stores the new version
    with session_scope(engine) as session:
        bump_data_version(session)
    with session_factory(engine)() as session:
        assert result_cache.get(session, indicator_id, {}, data_version(session)) is None
    result_cache.warm(engine, [indicator_id])
    with session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(IndicatorResultCache)) == 1
    engine.dispose()
