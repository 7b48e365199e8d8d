"""The CITES and life-cycle inputs aggregated in SQL give what the raw rows give (issue #9).

The loaders group by raw columns in index order (trade comparison), drop columns an indicator
does not split by (wild share) and read covering indexes (life cycle); these tests pin that each
shortcut keeps the method: same groups, same sums, same boundaries, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import Engine, text

from data_access.database import session_scope
from data_access.models import (
    AnimalEvent,
    AnimalSpecimen,
    CitesPermit,
    CitesPermitLine,
    CitesTradeRecord,
    Taxon,
)
from data_access.queries import cites_inputs, life_cycle_inputs
from data_access.queries.life_cycle_inputs import load_life_cycle_counts
from indicators import cites_trade_discrepancy, cites_wild_share
from indicators.cites_units import normalise_quantities, normalise_unit

D = dt.date


def test_units_are_normalised_per_distinct_unit_as_row_by_row() -> None:
    units = ["GRM", None, "KIL", np.nan, "", "Number of specimens", "pcs", "bags", "GRM", "mlt", None, "TON"]
    frame = pd.DataFrame(
        {"unit": units, "quantity": np.arange(1.0, len(units) + 1), "other": np.arange(len(units))}
    )
    out = normalise_quantities(frame, quantity="quantity")
    by_row = [normalise_unit(u) for u in units]
    assert out["unit"].tolist() == [u for u, _ in by_row]
    assert out["quantity"].tolist() == [q * f for q, (_, f) in zip(frame["quantity"], by_row, strict=True)]
    assert out["unit"].tolist()[:8] == ["kg", "number", "kg", "number", "number", "number", "PCS", "bags"]
    assert frame["unit"].tolist()[0] == "GRM" and out["other"].tolist() == frame["other"].tolist()  # a copy
    empty = normalise_quantities(frame.iloc[0:0], quantity="quantity")
    assert empty.empty and list(empty.columns) == list(frame.columns)


def test_discrepancy_sums_each_side_and_leaves_a_silent_side_empty() -> None:
    base = {
        "year": 2023,
        "direction": "import",
        "partner": "ID",
        "taxon": "Python reticulatus",
        "term": "skins",
    }
    rows = pd.DataFrame(
        [
            # grams and kilograms fall in one kg group: Korea 0.5 + 2 = 2.5 kg, the partner 3 kg (one row silent)
            {**base, "unit": "GRM", "kr_quantity": 500.0, "partner_quantity": np.nan},
            {**base, "unit": "KIL", "kr_quantity": 2.0, "partner_quantity": 3.0},
            # the partner never reported this taxon: its sum stays empty, not 0
            {
                **base,
                "taxon": "Varanus salvator",
                "unit": None,
                "kr_quantity": 4.0,
                "partner_quantity": np.nan,
            },
            {
                **base,
                "taxon": "Varanus salvator",
                "unit": None,
                "kr_quantity": 6.0,
                "partner_quantity": np.nan,
            },
        ]
    ).assign(records=1)
    frame = cites_trade_discrepancy.compute({"cites_trade_comparison": rows}).frame.set_index("taxon")
    python = frame.loc["Python reticulatus"]
    assert (python["unit"], python["kr_quantity"], python["partner_quantity"]) == ("kg", 2.5, 3.0)
    assert python["value"] == pytest.approx((2.5 - 3.0) / 3.0) and python["status"] == "agree"
    varanus = frame.loc["Varanus salvator"]
    assert varanus["kr_quantity"] == 10.0 and pd.isna(varanus["partner_quantity"])
    assert bool(varanus["kr_reported"]) and not bool(varanus["partner_reported"])
    assert (varanus["value"], varanus["status"]) == (1.0, "only_korea")
    assert frame["kr_reported"].dtype == bool and frame["partner_reported"].dtype == bool


def _trade_rows(session) -> None:  # type: ignore[no-untyped-def]
    reptile = Taxon(scientific_name="Python reticulatus", taxon_group="Reptilia")
    orchid = Taxon(scientific_name="Phalaenopsis amabilis", taxon_group="Plantae")
    session.add_all([reptile, orchid])
    session.flush()
    permits = [  # number, type, status, issued, purpose, source, lines (taxon, term, quantity, unit, used)
        (
            "P1",
            "import",
            "issued",
            D(2024, 3, 1),
            "T",
            "W",
            [(reptile, "SKI", 500.0, "GRM", 400.0), (reptile, "SKI", 2.0, "KIL", None)],
        ),
        (
            "P2",
            "import",
            "used",
            D(2024, 5, 1),
            "Z",
            "W",
            [(reptile, "LIV", 3.0, None, 3.0), (orchid, "LIV", 10.0, None, None)],
        ),
        ("P3", "import", "expired", D(2024, 6, 1), None, None, [(orchid, "LIV", 5.0, None, None)]),
        (
            "P4",
            "import",
            "issued",
            D(2024, 7, 1),
            "T",
            "C",
            [
                (reptile, "LIV", 7.0, None, None),
                (orchid, "LIV", 1.0, "", None),
                (None, "LIV", 2.0, None, None),
            ],
        ),
        (
            "P5",
            "import",
            "rejected",
            D(2024, 7, 2),
            "T",
            "W",
            [(reptile, "LIV", 99.0, None, None)],
        ),  # not granted
        ("P6", "export", "issued", D(2023, 1, 9), "T", "A", [(orchid, "LIV", 40.0, None, None)]),
        (
            "P7",
            "propagation_certificate",
            "issued",
            D(2023, 1, 9),
            "T",
            "A",
            [(orchid, "LIV", 5.0, None, None)],
        ),
        ("P8", "export", "issued", None, "T", "W", [(orchid, "LIV", 8.0, None, None)]),  # never issued
    ]
    for number, kind, status, issued, purpose, source, lines in permits:
        permit = CitesPermit(
            permit_no=number,
            permit_type=kind,
            status=status,
            issued_on=issued,
            purpose=purpose,
            source=source,
        )
        for i, (taxon, term, quantity, unit, used) in enumerate(lines, 1):
            permit.lines.append(
                CitesPermitLine(
                    line_no=i,
                    taxon_id=taxon.id if taxon else None,  # a line not matched to the species list
                    scientific_name=taxon.scientific_name if taxon else "Testudines sp.",
                    term=term,
                    quantity=quantity,
                    unit=unit,
                    quantity_used=used,
                )
            )
        session.add(permit)
    records = [  # key, year, importer, exporter, importer_quantity, exporter_quantity, unit
        ("t1", 2023, "KR", "ID", 100.0, None, None),
        ("t2", 2023, "KR", "ID", None, 130.0, None),
        ("t3", 2023, "KR", "ID", 20.0, 25.0, None),
        ("t4", 2023, "JP", "KR", None, 40.0, None),  # a KR export, reported by KR only
        ("t5", 2023, "JP", "KR", 1.5, None, "kg"),  # same partner and year, other unit: its own group
        ("t6", 2023, "JP", "CN", 1.0, 1.0, None),  # not involving KR
        ("t7", 2023, "KR", "KR", 9.0, 9.0, None),  # importer = exporter: left out
        ("t8", 2024, "KR", "ID", 5.0, 5.0, None),
    ]
    for key, year, importer, exporter, imported, exported, unit in records:
        session.add(
            CitesTradeRecord(
                row_key=key,
                year=year,
                appendix="II",
                taxon="Python reticulatus",
                importer=importer,
                exporter=exporter,
                importer_quantity=imported,
                exporter_quantity=exported,
                term="skins",
                unit=unit,
            )
        )


def test_trade_comparison_groups_are_per_direction_and_partner(engine: Engine) -> None:
    with session_scope(engine) as session:
        _trade_rows(session)
    with session_scope(engine) as session:
        compared = cites_inputs.load_trade_comparison(session)
    assert list(compared.columns) == [
        "year",
        "direction",
        "partner",
        "taxon",
        "term",
        "unit",
        "kr_quantity",
        "partner_quantity",
        "records",
    ]
    table = compared.set_index(["year", "direction", "partner", compared["unit"].fillna("-")])
    imports = table.loc[(2023, "import", "ID", "-")]
    assert (imports["kr_quantity"], imports["partner_quantity"], imports["records"]) == (120.0, 155.0, 3)
    exports = table.loc[(2023, "export", "JP", "-")]
    assert exports["kr_quantity"] == 40.0 and pd.isna(exports["partner_quantity"]) and exports["records"] == 1
    in_kg = table.loc[(2023, "export", "JP", "kg")]
    assert pd.isna(in_kg["kr_quantity"]) and in_kg["partner_quantity"] == 1.5
    assert table.loc[(2024, "import", "ID", "-"), "records"] == 1
    assert len(compared) == 4  # the JP–CN and KR–KR rows are left out


def _sorted(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Rows in key order, every missing value as NaN (SQL gives None, a pandas group key NaN)."""
    frame = frame.astype(object).where(frame.notna(), np.nan)
    return frame.sort_values(keys, na_position="first").reset_index(drop=True)


def test_wild_share_from_its_own_input_equals_the_share_of_the_full_permit_volumes(engine: Engine) -> None:
    with session_scope(engine) as session:
        _trade_rows(session)
    with session_scope(engine) as session:
        volumes = cites_inputs.load_permit_volumes(session)
        sources = cites_inputs.load_source_volumes(session)
    assert list(sources.columns) == list(cites_wild_share.INPUT_COLUMNS)
    keys = ["year", "direction", "term", "source", "unit"]
    summed = volumes.groupby(keys, dropna=False, as_index=False)[["quantity", "quantity_used", "lines"]].sum(
        min_count=1
    )
    pd.testing.assert_frame_equal(_sorted(sources, keys), _sorted(summed, keys), check_dtype=False)
    assert sources["lines"].sum() == 9  # P1–P4 and P6: granted trade permits with an issue date
    live = volumes[(volumes["year"] == 2024) & (volumes["term"] == "LIV")]
    by_group = live.groupby("taxon_group")[["quantity", "lines"]].sum()
    assert by_group.to_dict("index") == {
        "Plantae": {"quantity": 16.0, "lines": 3},  # P2 10 + P3 5 + P4 1 (unit "")
        "Reptilia": {"quantity": 10.0, "lines": 2},
        "not_given": {"quantity": 2.0, "lines": 1},
    }
    for options in ({}, {"wild_sources": "W,C"}, {"quantity": "used"}):
        share = cites_wild_share.compute({"cites_source_volumes": sources}, **options).frame
        full = cites_wild_share.compute({"cites_source_volumes": volumes}, **options).frame
        pd.testing.assert_frame_equal(share, full)
    share = cites_wild_share.compute({"cites_source_volumes": sources}).frame
    share = share.set_index(["direction", "term", "unit", "year"])["value"]
    # live animals and plants imported in 2024: wild 3 (P2 reptile) + 10 (P2 orchid) of 3 + 10 + 5 + 7 + 1 + 2;
    # the blank unit ("") and no unit (NULL) both count specimens
    assert share[("import", "LIV", "number", 2024)] == pytest.approx(100 * 13 / 28)
    assert share[("export", "LIV", "number", 2023)] == 0.0
    assert share[("import", "SKI", "kg", 2024)] == 100.0 and len(share) == 3


def _events(session, rows) -> None:  # type: ignore[no-untyped-def]
    animals: dict[str, AnimalSpecimen] = {}
    for key in dict.fromkeys(r[1] for r in rows):
        animals[key] = AnimalSpecimen(specimen_key=key, scientific_name="Python regius", origin="imported")
    session.add_all(animals.values())
    session.flush()
    for key, specimen, kind, day, reported in rows:
        session.add(
            AnimalEvent(
                event_key=key,
                specimen_id=animals[specimen].id,
                event_type=kind,
                event_date=day,
                report_date=reported,
                year=day.year,
                quantity=1,
            )
        )


def test_follow_up_window_boundaries_on_both_databases(engine: Engine) -> None:
    imported = D(2023, 3, 1)
    rows = [
        # registered on the last day of the 30-day grace period: on time
        ("a1", "A", "import", imported, imported),
        ("a2", "A", "entry", imported + dt.timedelta(days=30), None),
        # registered one day late
        ("b1", "B", "import", imported, imported),
        ("b2", "B", "entry", imported + dt.timedelta(days=31), None),
        # registered the same day: on time
        ("c1", "C", "import", imported, imported),
        ("c2", "C", "entry", imported, None),
        # the only entry is before the import (an earlier stay), and other animals' entries within its
        # grace period do not count for it: not registered
        ("d1", "D", "entry", imported - dt.timedelta(days=2), None),
        ("d2", "D", "import", imported, imported),
        # re-imported the next year: the first import was registered, the second was not
        ("e1", "E", "import", imported, imported),
        ("e2", "E", "entry", imported + dt.timedelta(days=3), None),
        ("e3", "E", "import", D(2024, 3, 1), D(2024, 3, 1)),
        # deaths: disposed of on day 30 / day 31; reported on day 7 / day 8 / never
        ("f1", "F", "death", D(2024, 1, 10), D(2024, 1, 17)),
        ("f2", "F", "carcass_disposal", D(2024, 2, 9), None),
        ("g1", "G", "death", D(2024, 1, 10), D(2024, 1, 18)),
        ("g2", "G", "carcass_disposal", D(2024, 2, 10), None),
        ("h1", "H", "death", D(2024, 1, 10), None),
    ]
    with session_scope(engine) as session:
        _events(session, rows)
    with session_scope(engine) as session:
        counts = load_life_cycle_counts(session, as_of=D(2024, 12, 31))
    table = counts.set_index(["series", "year"])["value"]
    assert table[("imports_not_registered", 2023)] == 2  # B and D
    assert table[("imports_not_registered", 2024)] == 1  # E's second import
    assert table[("deaths_without_disposal", 2024)] == 2  # G (day 31) and H
    assert table[("deaths_reported_late", 2024)] == 2  # G (day 8) and H (never)
    assert table[("imports", 2023)] == 5 and table[("deaths", 2024)] == 3
    assert (counts["value"] > 0).all() and not counts.duplicated(["series", "year"]).any()


def test_sqlite_reads_the_covering_indexes_without_sorting(
    sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plans the national-scale timings rely on (issue #9), on a freshly migrated database."""
    plans: list[str] = []

    def explain(session, statement) -> pd.DataFrame:  # type: ignore[no-untyped-def]
        sql = str(
            statement.compile(dialect=session.get_bind().dialect, compile_kwargs={"literal_binds": True})
        )
        plans.append("\n".join(row[3] for row in session.execute(text(f"EXPLAIN QUERY PLAN {sql}"))))
        return pd.DataFrame({"value": []})

    monkeypatch.setattr(cites_inputs, "frame_of", explain)
    monkeypatch.setattr(life_cycle_inputs, "frame_of", explain)
    with session_scope(sqlite_engine) as session:
        cites_inputs.load_trade_comparison(session)
        life_cycle_inputs.load_life_cycle_counts(session, as_of=D(2024, 12, 31))
    comparison, counts = plans
    assert "COVERING INDEX ix_cites_trade_comparison" in comparison and "TEMP B-TREE" not in comparison
    assert counts.count("COVERING INDEX ix_animal_event_type_year_dates") == 9 and "TEMP B-TREE" not in counts
    assert counts.count("COVERING INDEX ix_animal_event_specimen_type_date") == 2  # the two follow-up checks
