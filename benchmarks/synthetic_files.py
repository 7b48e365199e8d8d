"""Synthetic input files of a given size for import-throughput benchmarks.

Darwin Core occurrences and permit lines (CSV, streamed, not held in memory) and WDPA polygons
(zipped shapefile or GeoPackage, Nov 2025 attribute layout). Made up, never copied from the
sources: WDPA data may not be redistributed.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

DWC_COLUMNS = (
    "occurrenceID",
    "basisOfRecord",
    "scientificName",
    "kingdom",
    "class",
    "family",
    "decimalLatitude",
    "decimalLongitude",
    "coordinateUncertaintyInMeters",
    "eventDate",
    "year",
    "countryCode",
    "institutionCode",
    "collectionCode",
    "catalogNumber",
    "recordedBy",
    "license",
)
NAMES = (
    "Hydropotes inermis",
    "Pelophylax nigromaculatus",
    "Ardea alba",
    "Pinus densiflora",
    "Zelkova serrata",
)
BASES = ("PRESERVED_SPECIMEN", "HUMAN_OBSERVATION", "MATERIAL_SAMPLE")


def write_darwin_core_csv(path: Path, rows: int, *, seed: int = 1, chunk: int = 100_000) -> None:
    """A plain Darwin Core CSV with `rows` records inside South Korea's bounding box."""
    rng = np.random.default_rng(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(DWC_COLUMNS)
        for start in range(0, rows, chunk):
            n = min(chunk, rows - start)
            lat = rng.uniform(34.5, 37.8, n).round(5)
            lon = rng.uniform(126.5, 129.2, n).round(5)
            years = rng.integers(1960, 2025, n)
            names = rng.integers(0, len(NAMES), n)
            bases = rng.integers(0, len(BASES), n)
            for i in range(n):
                number = start + i
                writer.writerow(
                    (
                        f"urn:bench:occ:{number}",
                        BASES[bases[i]],
                        NAMES[names[i]],
                        "",
                        "",
                        "",
                        lat[i],
                        lon[i],
                        "100",
                        f"{years[i]}-06-01",
                        years[i],
                        "KR",
                        "NIBR",
                        "BENCH",
                        f"B{number:08d}",
                        "Bench collector",
                        "CC_BY_4_0",
                    )
                )


PERMIT_COLUMNS = (
    "Permit no.",
    "Permit type",
    "Status",
    "Issuing authority",
    "Applicant ID",
    "Applicant name",
    "Applicant type",
    "Applied on",
    "Issued on",
    "Valid until",
    "Purpose",
    "Source",
    "Partner country",
    "Country of origin",
    "Foreign permit no.",
    "Parent permit no.",
    "Conditions",
    "Line no.",
    "Scientific name",
    "Appendix",
    "Term",
    "Quantity",
    "Unit",
    "Quantity used",
    "Description",
)
PERMIT_SPECIES = ("Python regius", "Chamaeleo calyptratus")


def write_permits_csv(path: Path, lines: int, *, seed: int = 1) -> None:
    """A permits template (English headers) with `lines` permit lines, two lines per import permit."""
    rng = np.random.default_rng(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(PERMIT_COLUMNS)
        quantities = rng.integers(1, 50, lines)
        for number in range(lines):
            permit, line = divmod(number, 2)
            writer.writerow(
                (
                    f"2024-HAN-{permit:07d}",
                    "import",
                    "issued",
                    "HAN",
                    f"H{permit % 500:04d}",
                    f"Bench zoo {permit % 500}",
                    "공공기관",
                    "2024-03-02",
                    "2024-03-20",
                    "2025-03-19",
                    "T",
                    "C",
                    "DE",
                    "TZ",
                    "",
                    "",
                    "",
                    line + 1,
                    PERMIT_SPECIES[line],
                    "II",
                    "LIV",
                    int(quantities[number]),
                    "",
                    "",
                    "",
                )
            )


# The Protected Planet attribute table since November 2025 (SITE_ID layout; names fit a shapefile's 10 characters).
DESIGNATIONS = (
    ("국립공원", "National Park", "National", "II"),
    ("도립공원", "Provincial Park", "National", "V"),
    ("군립공원", "County Park", "National", "V"),
    ("습지보호지역", "Wetland Protected Area", "National", "IV"),
    ("생태·경관보전지역", "Ecological and Landscape Conservation Area", "National", "IV"),
    ("천연보호구역", "Natural Reserve", "National", "III"),
    ("해양보호구역", "Marine Protected Area", "National", "Ia"),
    ("습지 (람사르)", "Ramsar Site, Wetland of International Importance", "International", "Not Reported"),
)
REALM_NAMES = ("Terrestrial", "Terrestrial", "Terrestrial", "Coastal", "Marine")
# Mainland and Jeju, where the synthetic sites are placed (lon/lat, degrees).
KOREA_EXTENT = (126.1, 33.2, 129.4, 38.4)


def wdpa_attributes(count: int, rng: np.random.Generator, areas_km2: np.ndarray) -> dict[str, np.ndarray]:
    """WDPA attribute columns (Nov 2025 layout) for `count` synthetic sites."""
    ids = np.arange(555_000_001, 555_000_001 + count)
    designation = rng.integers(0, len(DESIGNATIONS), count)
    realm = rng.integers(0, len(REALM_NAMES), count)
    marine_share = np.where(realm >= 3, rng.uniform(0.1, 1.0, count), 0.0)

    def pick(column: int) -> np.ndarray:
        return np.array([DESIGNATIONS[i][column] for i in designation], dtype=object)

    def text(values: list[str]) -> np.ndarray:
        return np.array(values, dtype=object)

    return {
        "SITE_ID": ids.astype(np.int64),
        "SITE_PID": text([str(i) for i in ids]),
        "SITE_TYPE": np.where(rng.random(count) < 0.05, "OECM", "PA").astype(object),
        "NAME_ENG": text([f"Bench Site {i}" for i in range(count)]),
        "NAME": text([f"벤치 보호지역 {i}" for i in range(count)]),
        "DESIG": pick(0),
        "DESIG_ENG": pick(1),
        "DESIG_TYPE": pick(2),
        "IUCN_CAT": pick(3),
        "INT_CRIT": np.full(count, "Not Applicable", dtype=object),
        "REALM": np.array([REALM_NAMES[i] for i in realm], dtype=object),
        "REP_M_AREA": (areas_km2 * marine_share).round(3),
        "GIS_M_AREA": (areas_km2 * marine_share * 0.98).round(3),
        "REP_AREA": areas_km2.round(3),
        "GIS_AREA": (areas_km2 * rng.uniform(0.9, 1.1, count)).round(3),
        "NO_TAKE": np.full(count, "Not Reported", dtype=object),
        "NO_TK_AREA": np.zeros(count),
        "STATUS": np.full(count, "Designated", dtype=object),
        "STATUS_YR": np.where(rng.random(count) < 0.05, 0, rng.integers(1967, 2025, count)).astype(np.int64),
        "GOV_TYPE": np.full(count, "Federal or national ministry or agency", dtype=object),
        "GOVSUBTYPE": np.full(count, "Not Reported", dtype=object),
        "OWN_TYPE": np.full(count, "Not Reported", dtype=object),
        "OWNSUBTYPE": np.full(count, "Not Reported", dtype=object),
        "MANG_AUTH": np.full(count, "Ministry of Environment", dtype=object),
        "MANG_PLAN": np.full(count, "Not Reported", dtype=object),
        "VERIF": np.full(count, "State Verified", dtype=object),
        "METADATAID": np.full(count, 1892, dtype=np.int64),
        "PRNT_ISO3": np.full(count, "KOR", dtype=object),
        "ISO3": np.full(count, "KOR", dtype=object),
        "SUPP_INFO": np.full(count, "Not Applicable", dtype=object),
        "CONS_OBJ": np.full(count, "Not Applicable", dtype=object),
        "INLND_WTRS": np.full(count, "Not Applicable", dtype=object),
        "OECM_ASMT": np.full(count, "Not Applicable", dtype=object),
    }


def synthetic_site_polygons(count: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """`count` irregular polygons inside Korea's extent and their nominal areas (km²).

    Areas are log-normal (median ~3 km², a few hundred km² at most, as Korea's sites are) and
    vertex counts too (median ~60, up to 2,000, as digitised boundaries are); each outline is a
    star-shaped ring around its centre, so it is valid and never self-intersecting.
    """
    import shapely

    areas = np.clip(rng.lognormal(np.log(3.0), 1.6, count), 0.01, 800.0)
    vertices = np.clip(rng.lognormal(np.log(60), 0.9, count), 8, 2000).astype(np.int64)
    minx, miny, maxx, maxy = KOREA_EXTENT
    lon = rng.uniform(minx + 0.3, maxx - 0.3, count)
    lat = rng.uniform(miny + 0.3, maxy - 0.3, count)
    radius_km = np.sqrt(areas / np.pi)
    ring_of_vertex = np.repeat(np.arange(count), vertices)
    # One vertex per equal sector (jittered inside it): consecutive angles stay under π apart, so
    # the centre sees every edge and the ring is simple.
    step = 2 * np.pi / vertices[ring_of_vertex]
    position = np.arange(len(ring_of_vertex)) - np.repeat(np.cumsum(vertices) - vertices, vertices)
    angles = (position + rng.uniform(0.1, 0.9, len(ring_of_vertex))) * step
    wobble = rng.uniform(0.75, 1.25, len(angles))
    dlat = (radius_km / 111.0)[ring_of_vertex] * wobble
    dlon = (radius_km / (111.0 * np.cos(np.radians(lat))))[ring_of_vertex] * wobble
    coords = np.column_stack(
        [lon[ring_of_vertex] + dlon * np.cos(angles), lat[ring_of_vertex] + dlat * np.sin(angles)]
    )
    # Close every ring: repeat its first vertex after its last.
    ends = np.cumsum(vertices)
    starts = ends - vertices
    closed = np.insert(coords, ends, coords[starts], axis=0)
    indices = np.repeat(np.arange(count), vertices + 1)
    rings = shapely.linearrings(closed, indices=indices)
    return shapely.polygons(rings), areas


def write_wdpa_polygons(path: Path, count: int, *, seed: int = 1) -> Path:
    """A WDPA-like polygon layer with `count` sites in Korea, as Protected Planet's downloads hold.

    `path` ending in `.gpkg` writes a GeoPackage; ending in `.zip`, a zipped shapefile named like
    the download (`WDPA_WDOECM_Nov2025_Public_KOR_shp-polygons.*`); the release month is then read
    from the file name. Attribute names and codes follow the Nov 2025 layout; the values are made up
    (WDPA data may not be redistributed).
    """
    import tempfile
    import zipfile

    import pyogrio.raw
    import shapely

    rng = np.random.default_rng(seed)
    polygons, areas = synthetic_site_polygons(count, rng)
    fields = wdpa_attributes(count, rng, areas)
    names = list(fields)

    def write(target: Path, driver: str, layer: str) -> None:
        pyogrio.raw.write(
            target,
            shapely.to_wkb(polygons),
            [fields[n] for n in names],
            fields=names,
            crs="EPSG:4326",
            driver=driver,
            layer=layer,
            geometry_type="Polygon",
            encoding="UTF-8" if driver == "ESRI Shapefile" else None,
        )

    if path.suffix.lower() == ".gpkg":
        write(path, "GPKG", "WDPA_WDOECM_poly_Nov2025")
        return path
    stem = "WDPA_WDOECM_Nov2025_Public_KOR_shp-polygons"
    with tempfile.TemporaryDirectory() as folder:
        write(Path(folder) / f"{stem}.shp", "ESRI Shapefile", stem)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for member in sorted(Path(folder).glob(f"{stem}.*")):
                archive.write(member, member.name)
    return path
