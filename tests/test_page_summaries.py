"""The specimens and trade pages' summaries equal the straightforward queries they replace (sample database)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import case, func, literal, select

from data_access import page_cache
from data_access.database import data_version, make_engine, session_scope
from data_access.masking import sensitive_cell_counts, suppress_small_counts
from data_access.models import Occurrence
from data_access.queries import occurrence_records, specimens, trade
from data_access.queries.specimens import SPECIMEN_BASES


def _frame(session, statement) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    result = session.execute(statement)
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def _kind():  # type: ignore[no-untyped-def]
    return case((Occurrence.basis_of_record.in_(SPECIMEN_BASES), literal("specimen")), else_=literal("observation"))


def _sorted(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    frame = frame.sort_values(keys, ignore_index=True).astype({"records": int})
    return frame.astype({"year": int}) if "year" in frame.columns else frame


@pytest.fixture(scope="module")
def session(sample_database: Path):  # type: ignore[no-untyped-def]
    with session_scope(make_engine(f"sqlite:///{sample_database}")) as session:
        yield session


@pytest.mark.parametrize("group", [None, "Birds", "Vascular plants", "no_such_group"])
def test_counts_from_the_summary_equal_the_direct_counts(session, group: str | None) -> None:  # type: ignore[no-untyped-def]
    summary = specimens.occurrence_summary(session)
    where = [Occurrence.taxon_group == group] if group else []
    kind = _kind()
    by_year = _frame(session, select(Occurrence.year, kind.label("kind"), func.count().label("records"))
                     .where(Occurrence.year.is_not(None), *where).group_by(Occurrence.year, kind))
    by_province = _frame(session, select(Occurrence.province_code.label("code"), func.count().label("records"))
                         .where(Occurrence.province_code.is_not(None), *where).group_by(Occurrence.province_code))
    pd.testing.assert_frame_equal(_sorted(specimens.year_counts(summary, group), ["year", "kind"]),
                                  _sorted(by_year, ["year", "kind"]))
    pd.testing.assert_frame_equal(_sorted(specimens.province_counts(summary, group), ["code"]),
                                  _sorted(by_province, ["code"]))
    assert len(by_year) > 0 or group == "no_such_group"


def test_group_counts_and_totals_equal_the_direct_counts(session) -> None:  # type: ignore[no-untyped-def]
    summary = specimens.occurrence_summary(session)
    kind, group = _kind(), func.coalesce(Occurrence.taxon_group, "–")
    by_group = _frame(session, select(group.label("group"), kind.label("kind"), func.count().label("records"))
                      .group_by(group, kind))
    pd.testing.assert_frame_equal(_sorted(specimens.group_counts(summary), ["group", "kind"]),
                                  _sorted(by_group, ["group", "kind"]))
    row = session.execute(
        select(func.count(), func.count().filter(Occurrence.basis_of_record.in_(SPECIMEN_BASES)),
               func.count(func.distinct(Occurrence.taxon_id)), func.count().filter(Occurrence.is_published.is_(True)))
    ).one()
    assert specimens.record_totals(session) == {"records": row[0], "specimens": row[1], "species": row[2],
                                                "published": row[3]}
    assert row[0] > 0


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_stored_sensitive_cells_equal_the_cells_of_the_points(session, role: str) -> None:  # type: ignore[no-untyped-def]
    direct = sensitive_cell_counts(occurrence_records.sensitive_points(session), role)
    stored = suppress_small_counts(occurrence_records.sensitive_cells(session), role, ["records", "species"])
    pd.testing.assert_frame_equal(stored, direct)


def test_late_report_parts_equal_late_reports(session) -> None:  # type: ignore[no-untyped-def]
    summary, examples = trade.late_reports(session)
    pd.testing.assert_frame_equal(trade.late_report_summary(session), summary)
    pd.testing.assert_frame_equal(trade.late_report_examples(session), examples)


def test_a_stored_page_frame_reads_back_equal_for_its_version_only(sample_copy: Path) -> None:
    engine = make_engine(f"sqlite:///{sample_copy}")
    with session_scope(engine) as session:
        version = data_version(session)
        frame = specimens.list_completeness(session)
        arguments = {"args": [None]}
        assert page_cache.get_frame(session, "q.list_completeness", arguments, version) is None
        assert page_cache.put_frame(session, "q.list_completeness", arguments, version, frame)
        pd.testing.assert_frame_equal(page_cache.get_frame(session, "q.list_completeness", arguments, version), frame)
        assert page_cache.get_frame(session, "q.list_completeness", arguments, version + 1) is None
        assert page_cache.get_frame(session, "q.list_completeness", {"args": ["Birds"]}, version) is None
    engine.dispose()


def test_the_warm_up_stores_the_default_page_queries(sample_copy: Path) -> None:
    """After `cli.py init`/`import` (result_cache.warm), a first visitor reads the pages' stored
    aggregates instead of computing them, and they equal the queries run directly."""
    import importlib

    from data_access.database import session_factory
    from data_access.page_cache import DEFAULT_PAGE_QUERIES, get_frame
    from data_access.result_cache import warm

    engine = make_engine(f"sqlite:///{sample_copy}")
    warm(engine, ["red_list_index"])  # one indicator asked for: no page queries stored
    with session_factory(engine)() as session:
        version = data_version(session)
        assert all(get_frame(session, name, {"args": list(args)}, version) is None for name, args in DEFAULT_PAGE_QUERIES)
    warm(engine)
    with session_factory(engine)() as session:
        for name, args in DEFAULT_PAGE_QUERIES:
            stored = get_frame(session, name, {"args": list(args)}, version)
            assert stored is not None, name
            module, _, function = name.rpartition(".")
            direct = getattr(importlib.import_module(module), function)(session, *args)
            pd.testing.assert_frame_equal(_nulls_as_none(stored), _nulls_as_none(direct), check_dtype=False)


def _nulls_as_none(frame: pd.DataFrame) -> pd.DataFrame:
    """Parquet gives NaN where a query gave None (cells, and gaps inside coordinate lists): the same missing value."""

    def cell(value: object) -> object:
        if isinstance(value, (list, tuple, np.ndarray)):
            return [cell(item) for item in value]
        return None if isinstance(value, float) and value != value else value

    frame = frame.reset_index(drop=True).astype(object)
    return frame.apply(lambda column: column.map(cell))
