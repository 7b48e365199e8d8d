"""The trade page's yearly figures: a year one side has not reported is missing, not zero, and
live animals count whether a row holds the importer's codes or the web export's words."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

from data_access.database import session_scope
from data_access.models import CitesTradeRecord
from data_access.queries.trade import reported_years, trade_by_year, trade_discrepancies

# (year, appendix, importer, exporter, importer quantity, exporter quantity, term, unit)
ROWS = [
    (2022, "II", "KR", "ID", 10.0, 12.0, "LIV", None),
    (2022, "II", "KR", "ID", 5.0, None, "SKI", None),
    (2022, "I", "JP", "KR", None, 3.0, "live", "Number of specimens"),  # partner silent, KR exported 3
    (2023, "II", "KR", "ID", 7.0, 9.0, "live", "Number of specimens"),
    (2023, "II", "KR", "ID", 2.0, 2.0, "LIV", "KIL"),  # live, but weighed: not a count of animals
    (2024, "II", "KR", "ID", None, 20.0, "LIV", None),  # Korea's 2024 report not in yet
    (2024, "II", "JP", "KR", 4.0, None, "LIV", None),
]


def _insert(engine: Engine) -> None:
    with session_scope(engine) as session:
        session.add_all(
            CitesTradeRecord(row_key=f"k{i}", year=y, appendix=app, taxon="Python regius", importer=imp, exporter=exp,
                             importer_quantity=iq, exporter_quantity=eq, term=term, unit=unit, purpose="T", source="C")
            for i, (y, app, imp, exp, iq, eq, term, unit) in enumerate(ROWS)
        )


def _table(frame: pd.DataFrame) -> dict[tuple[int, str], tuple[float, float]]:
    return {(int(r.year), r.direction): (r.korea, r.partner) for r in frame.itertuples()}


def test_a_year_not_reported_by_korea_is_missing_not_zero(engine: Engine) -> None:
    _insert(engine)
    with session_scope(engine) as session:
        assert reported_years(session) == {"korea": {2022, 2023}, "partner": {2022, 2023, 2024}}
        records = _table(trade_by_year(session))
        appendix_one = _table(trade_by_year(session, appendices=("I",)))
    assert records[(2022, "import")] == (2, 1)
    assert records[(2022, "export")] == (1, 0)  # partners reported that year, just not this row
    assert pd.isna(records[(2024, "import")][0]) and records[(2024, "import")][1] == 1
    assert pd.isna(records[(2024, "export")][0]) and records[(2024, "export")][1] == 1
    # Whether a side reported a year is decided on all its records, not on the filtered ones.
    assert appendix_one == {(2022, "export"): (1, 0)}


def test_live_animals_count_codes_and_export_words_alike(engine: Engine) -> None:
    _insert(engine)
    with session_scope(engine) as session:
        live = _table(trade_by_year(session, measure="live"))
    assert live[(2022, "import")] == (10, 12)
    assert live[(2022, "export")] == (3, 0)
    assert live[(2023, "import")] == (7, 9)  # the 2 kg of live animals are not animals counted
    assert pd.isna(live[(2024, "import")][0]) and live[(2024, "import")][1] == 20


def test_discrepancies_are_listed_only_in_years_both_sides_reported(engine: Engine) -> None:
    _insert(engine)
    with session_scope(engine) as session:
        listed = trade_discrepancies(session)
    assert set(listed["year"]) == {2022}  # 2023's rows agree; 2024 is not in Korea's reports yet
    assert sorted(listed["korea"].fillna(0)) == [3.0, 5.0]  # the two one-sided 2022 rows
