"""Living Planet population files: rlpi pops files, infiles (with weights), the wide LPD CSV."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from data_access.importers import rollback_batch, run_import
from data_access.models import Population, PopulationCount, PopulationDataset
from tests.fixtures.importers.helpers import fresh_engine, snapshot

POPS = "Binomial\tID\tyear\tpopvalue\nPteromys_volans\t1\t2000\t10\nPteromys_volans\t1\t2005\t8\nUrsus_arctos\t2\t2000\t3\nUrsus_arctos\t2\t2010\t0\n"


@pytest.fixture
def engine(tmp_path):
    return fresh_engine(tmp_path)


def counts(engine) -> dict[tuple[str, int], float]:
    with engine.connect() as conn:
        rows = conn.execute(select(Population.population_key, PopulationCount.year, PopulationCount.value)
                            .join(PopulationCount, PopulationCount.population_id == Population.id)).all()
    return {(key, year): value for key, year, value in rows}


def test_pops_file_round_trip_and_corrected_series(engine, tmp_path):
    path = tmp_path / "T_Korea_mammalia_pops.txt"
    path.write_text(POPS, encoding="utf-8")
    first = run_import(engine, "lpi", path)
    assert first.ok and first.rows_read == first.rows_inserted == 4
    assert counts(engine)[("2", 2010)] == 0.0
    assert run_import(engine, "lpi", path).rows_unchanged == 4
    path.write_text(POPS.replace("2005\t8", "2005\t9").replace("Ursus_arctos\t2\t2010\t0\n", ""), encoding="utf-8")
    second = run_import(engine, "lpi", path)
    assert (second.rows_inserted, second.rows_updated, second.rows_unchanged) == (0, 1, 2)
    assert ("2", 2010) not in counts(engine) and counts(engine)[("1", 2005)] == 9
    assert rollback_batch(engine, second.batch_id, user="t").ok
    assert counts(engine)[("2", 2010)] == 0.0 and counts(engine)[("1", 2005)] == 8


def test_infile_keeps_groups_and_weights(engine, tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a_pops.txt").write_text(POPS, encoding="utf-8")
    (tmp_path / "data" / "b_pops.txt").write_text(POPS.replace("Pteromys", "Sciurus"), encoding="utf-8")
    infile = tmp_path / "infile.txt"
    infile.write_text('"FileName"\t"Group"\t"Weighting"\t"WeightingB"\ndata/a_pops.txt\t1\t0.25\t0.5\ndata/b_pops.txt\t2\t0.75\t0.5\n',
                      encoding="utf-8")
    report = run_import(engine, "lpi", infile)
    assert report.ok and report.rows_inserted == 8, [p.message("en") for p in report.errors]
    with engine.connect() as conn:
        datasets = {d.name: (d.group_id, d.weighting, d.weighting_b) for d in conn.execute(select(PopulationDataset))}
    assert datasets == {"data/a_pops.txt": (1, 0.25, 0.5), "data/b_pops.txt": (2, 0.75, 0.5)}


def test_infile_may_not_point_outside_its_folders(engine, tmp_path):
    infile = tmp_path / "infile.txt"
    infile.write_text("FileName\tGroup\tWeighting\n../../etc/passwd\t1\t1\n/etc/passwd\t1\t1\n", encoding="utf-8")
    before = snapshot(engine)
    report = run_import(engine, "lpi", infile)
    assert not report.ok and snapshot(engine) == before
    assert [p.row for p in report.errors] == [2, 3]


def test_lpd_wide_csv_keeps_populations_without_counts(engine, tmp_path):
    path = tmp_path / "lpd.csv"
    path.write_text('ID,Binomial,Location,Latitude,Longitude,Units,Method,2000,2001\n'
                    '7,Pteromys_volans,"Seoul,\nKorea",37.5,127.0,Individuals,Counts,5,NULL\n'
                    '8,Ursus_arctos,Jirisan,35.3,127.7,Individuals,Counts,NULL,NULL\n', encoding="utf-8")
    report = run_import(engine, "lpi", path)
    assert report.ok and report.rows_read == report.rows_inserted == 2
    assert [p.code for p in report.warnings] == ["importers.warning.lpi_population_without_counts"]
    with engine.connect() as conn:
        pop = conn.execute(select(Population).where(Population.population_key == "7")).one()
    assert pop.location == "Seoul,\nKorea" and pop.latitude == 37.5


@pytest.mark.parametrize("text", [POPS.replace("\t10\n", "\tten\n"), "just\tsome\ttext\n1\t2\t3\n", POPS.replace("2005", "2999")])
def test_broken_lpi_files_are_refused(engine, tmp_path, text):
    path = tmp_path / "x_pops.txt"
    path.write_text(text, encoding="utf-8")
    before = snapshot(engine)
    report = run_import(engine, "lpi", path)
    assert not report.ok and snapshot(engine) == before
    assert report.errors[0].message("ko") and report.errors[0].message("en")
