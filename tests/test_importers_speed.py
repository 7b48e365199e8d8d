"""Speed target: 1,000,000 occurrence rows import in under 2 minutes on SQLite (2 cores).

Opt-in (`GBF_IMPORT_BENCH=1`), because generating and importing a 500 MB file does not belong in
the default test run. Rows are the real SIMPLE_CSV fixture's records repeated with new gbifIDs and
random points over Korea, so every row goes through name matching and point-in-polygon.
"""

from __future__ import annotations

import csv
import os
import time
import zipfile

import numpy as np
import pandas as pd
import pytest

from data_access.importers import run_import
from tests.fixtures.importers.helpers import REALDATA, fresh_engine, require_realdata

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not os.environ.get("GBF_IMPORT_BENCH"), reason="set GBF_IMPORT_BENCH=1")]
ROWS = int(os.environ.get("GBF_IMPORT_BENCH_ROWS", "1000000"))


def million_rows(path, rows: int = ROWS):
    source = require_realdata(REALDATA / "darwin_core" / "0024601-230530130749713.zip")
    with zipfile.ZipFile(source) as archive:
        base = pd.read_csv(archive.open("0024601-230530130749713.csv"), sep="\t", quoting=csv.QUOTE_NONE, dtype=str,
                           keep_default_na=False)
    frame = pd.concat([base] * -(-rows // len(base)), ignore_index=True).iloc[:rows].copy()
    rng = np.random.default_rng(7)
    frame["gbifID"] = (np.arange(rows) + 5_000_000_000).astype(str)
    frame["decimalLatitude"] = np.round(rng.uniform(33.2, 38.5, rows), 5).astype(str)
    frame["decimalLongitude"] = np.round(rng.uniform(125.0, 129.5, rows), 5).astype(str)
    frame["countryCode"] = "KR"
    frame.to_csv(path, sep="\t", index=False, quoting=csv.QUOTE_NONE)
    return path


def test_a_million_occurrences_in_under_two_minutes(tmp_path):
    engine = fresh_engine(tmp_path)
    path = million_rows(tmp_path / "0000002-260101000000000.csv")
    started = time.perf_counter()
    report = run_import(engine, "occurrences", path)
    first = time.perf_counter() - started
    assert report.ok and report.rows_inserted == ROWS
    started = time.perf_counter()
    again = run_import(engine, "occurrences", path)
    second = time.perf_counter() - started
    assert again.rows_unchanged == ROWS
    print(f"\n{ROWS:,} rows: first import {first:.1f} s, re-import (all unchanged) {second:.1f} s")
    assert first < 120 and second < 120
