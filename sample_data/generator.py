"""Builds the sample database: the one seeded function used by the app, the tests and the benchmarks.

`build_database(engine, scale=..., seed=...)` loads the shipped reference data, then generates
every domain of the dashboard from a numpy `Generator(PCG64)`: the national species list and legal
statuses, national Red List rounds, Living Planet populations, occurrence and specimen records,
protected areas with a sample EEZ and KBAs, CITES permits, trade records and seizures, the
domestic life cycle of imported animals, ABS permits and benefits, international cooperation, and
the 5th NBSAP actions with their progress. Each generated "source" is recorded as one ImportBatch
(kind, `sample:<kind>`, a sha256 of the generated content, row counts) and every row it wrote
points back to it, exactly as if it had been imported from a file.

Figures and orders of magnitude follow shared/methods/korea_domain.md; the section is cited next
to each constant. Two scales exist:

| scale    | taxa    | occurrences | protected areas | permit lines | life-cycle events | build (2 cores, measured)      |
|----------|---------|-------------|-----------------|--------------|-------------------|--------------------------------|
| sample   | ~6,800  | 60,000      | ~320            | ~20,000      | ~25,000           | ~10 s SQLite (target < 30 s)   |
| national | ~69,000 | 3,000,000   | ~3,000          | ~400,000     | ~1,000,000        | 2.5–4 min SQLite, ~2 min PG    |

The same seed gives the same database: every domain draws from its own generator seeded with
(seed, domain name), so changing one domain does not reshuffle the others. Bulk rows go through
`data_access.bulk_insert.insert_rows`; nothing iterates row by row through the ORM.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zlib
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from shapely.geometry import LineString, Point, Polygon
from shapely.geometry.base import BaseGeometry
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from data_access.bulk_insert import bulk_load_settings, deferred_indexes, insert_rows, prepare_rows
from data_access.database import bump_data_version, session_scope, upgrade_schema
from data_access.equal_area import MOLLWEIDE, area_km2, to_mollweide
from data_access.fresh_sqlite import built_aside
from data_access.models import (
    AccessPermit,
    AdminBoundary,
    AnimalEvent,
    AnimalSpecimen,
    AssessmentRound,
    Base,
    BenefitSharingAgreement,
    BreedingFacility,
    CapacityEvent,
    CitesPermit,
    CitesPermitLine,
    CitesTradeRecord,
    CooperationProject,
    Holder,
    ImportBatch,
    KeyBiodiversityArea,
    LegalStatus,
    MaterialTransfer,
    MonetaryBenefit,
    NationalTargetGbfLink,
    NbsapAction,
    NbsapActionGbfLink,
    NbsapActionIndicatorLink,
    NonMonetaryBenefit,
    Occurrence,
    Population,
    PopulationCount,
    PopulationDataset,
    ProgressReport,
    ProjectBudget,
    ProtectedArea,
    RedListAssessment,
    SourceDataset,
    Taxon,
    TradeCase,
)
from sample_data import korean_names as kn
from sample_data import nbsap_catalogue as nbsap
from sample_data import protected_area_catalogue as pac
from sample_data import taxon_catalogue as tc
from sample_data import trade_catalogue as trade
from sample_data.cooperation_catalogue import (
    ABS_PROVIDER_COUNTRIES,
    ABS_RESOURCES,
    ABS_USER_COUNTRIES,
    ABS_USERS_KO,
    ECUADOR_ODA,
    JOINT_RESEARCH_PARTNERS,
    Project,
)
from sample_data.reference_data import REFERENCE_DIR, load_reference_data

Scale = Literal["sample", "national"]

AS_OF = np.datetime64("2025-12-31")  # the "today" of the sample data: no event after this day
WDPA_RELEASE = "Nov2025"
EEZ_AREA_KM2 = 346_806.9  # Protected Planet's KOR EEZ denominator since Oct 2024 (data_formats.md §1.3)
EEZ_SOURCE = "sample: approximate EEZ for demonstration, not an official boundary"


@dataclass(frozen=True)
class ScaleSpec:
    """Sizes of one scale. National list sizes are the real 2025 ones; the sample divides them."""

    name: str
    list_factor: float  # share of the national species list (and of alien/concern lists)
    occurrences: int
    permit_divisor: int  # yearly permit counts are PERMITS_ISSUED / divisor
    animal_events: int  # target number of life-cycle events
    holders: int
    facilities: int
    lpi_populations: int
    abs_factor: float
    joint_research_phases: int  # phases per joint-research partner
    chunk: int  # rows generated and written at a time for the big tables
    synthetic_endangered: bool  # fill the endangered list to its real size with composed taxa
    red_list_sizes: dict[str, int]  # species assessed per group (same set in every round)
    global_red_list_sizes: dict[str, int]


# Red List assessed-set sizes (§2.2): birds+herps+fish 222 in 2019; mammals 47; vascular plants
# 554; molluscs 1,825 ("Other invertebrates"); insects 394. Bryophytes, algae, fungi: sample values.
NATIONAL_RED_LIST_SIZES = {
    "Mammals": 47, "Birds": 105, "Reptiles": 17, "Amphibians": 20, "Fishes": 80, "Vascular plants": 554,
    "Insects": 394, "Other invertebrates": 1825, "Bryophytes": 100, "Algae": 120, "Fungi": 150,
}
SAMPLE_RED_LIST_SIZES = {
    "Mammals": 30, "Birds": 60, "Reptiles": 10, "Amphibians": 12, "Fishes": 50, "Vascular plants": 150,
    "Insects": 100, "Other invertebrates": 180, "Bryophytes": 25, "Algae": 30, "Fungi": 40,
}

PROGRESS_YEARS = (2024, 2025)  # NBSAP progress reports: 2024 final, 2025 preliminary

SCALES: dict[str, ScaleSpec] = {
    # ~1/10 of the national list; permits 1/20 (brief); ~1/40 of the life-cycle events.
    "sample": ScaleSpec(
        name="sample", list_factor=6000 / 62604, occurrences=60_000, permit_divisor=trade.PERMIT_SAMPLE_DIVISOR,
        animal_events=25_000, holders=900, facilities=80, lpi_populations=300,
        abs_factor=0.2, joint_research_phases=1, chunk=60_000, synthetic_endangered=False,
        red_list_sizes=SAMPLE_RED_LIST_SIZES, global_red_list_sizes={"Birds": 60, "Mammals": 25, "Amphibians": 10},
    ),
    # Real sizes: the 2025 list (62,604 natives), 3 M records, §2.6's permits.
    "national": ScaleSpec(
        name="national", list_factor=1.0, occurrences=3_000_000, permit_divisor=1, animal_events=1_000_000,
        holders=20_000, facilities=1500, lpi_populations=1200,
        abs_factor=1.0, joint_research_phases=3, chunk=100_000, synthetic_endangered=True,
        red_list_sizes=NATIONAL_RED_LIST_SIZES, global_red_list_sizes={"Birds": 400, "Mammals": 100, "Amphibians": 22},
    ),
}


def build_database(engine: Engine, *, scale: Scale = "sample", seed: int = 20240101) -> dict[str, int]:
    """Build the whole sample database on an empty schema and return the row count of every table.

    Upgrades the schema, loads the reference data, generates every domain with one ImportBatch
    per source, bumps the data version and commits once. The same seed gives the same rows. An
    empty SQLite file is built beside itself and replaced at the end (`data_access.fresh_sqlite`).
    """
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; expected one of {sorted(SCALES)}")
    upgrade_schema(engine)
    with session_scope(engine) as session:
        if session.scalar(select(func.count()).select_from(Taxon)):
            raise ValueError("build_database needs an empty schema, but the taxon table already has rows")
    with built_aside(engine) as target:
        with session_scope(target) as session:
            load_reference_data(session)
            build = Build(session, SCALES[scale], seed, Geography.from_session(session))
            with bulk_load_settings(session):
                generate_domains(build)
            bump_data_version(session)
        refresh_statistics(target)
    return count_rows(engine)


def refresh_statistics(engine: Engine) -> None:
    """Planner statistics for the freshly loaded tables (SQLite samples at most ~1,000 rows per index)."""
    with engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA analysis_limit = 1000")
        connection.exec_driver_sql("ANALYZE")


def generate_domains(build: Build) -> None:
    """Every domain, in foreign-key order."""
    taxa = generate_taxa(build)
    generate_legal_statuses(build, taxa)
    generate_red_list(build, taxa)
    generate_lpi(build, taxa)
    generate_occurrences(build, taxa)
    generate_protected_areas(build)
    holders = generate_holders(build)
    permits, lines = generate_permits(build, taxa, holders)
    generate_trade_records(build, taxa, permits, lines)
    generate_trade_cases(build, taxa)
    generate_life_cycle(build, taxa, holders, permits, lines)
    generate_abs(build, taxa)
    generate_cooperation(build)
    generate_nbsap(build)


def count_rows(engine: Engine) -> dict[str, int]:
    """Row count of every table of the schema (aggregated in SQL)."""
    with engine.connect() as connection:
        return {
            table.name: int(connection.execute(select(func.count()).select_from(table)).scalar_one())
            for table in Base.metadata.sorted_tables
        }


# --- build context -------------------------------------------------------------------------------


@dataclass
class SourceBatch:
    """The ImportBatch of one generated source, with the running hash of what it wrote."""

    kind: str
    batch_id: int
    digest: Any = field(default_factory=hashlib.sha256)
    rows: int = 0


@dataclass
class Build:
    """What every domain generator needs: the session, the scale, the seed and the geography."""

    session: Session
    spec: ScaleSpec
    seed: int
    geo: Geography

    def rng(self, domain: str) -> np.random.Generator:
        """An independent generator per domain, seeded with (seed, crc32(domain))."""
        return np.random.Generator(np.random.PCG64([self.seed, zlib.crc32(domain.encode())]))

    @contextmanager
    def source(self, kind: str) -> Iterator[SourceBatch]:
        """Open an ImportBatch for a generated source; its hash and counts are set on exit."""
        batch = ImportBatch(
            kind=kind, file_name=f"sample:{kind}", sha256="", imported_by="sample_data.generator",
            options={"scale": self.spec.name, "seed": self.seed}, note="generated sample data",
        )
        self.session.add(batch)
        self.session.flush()
        source = SourceBatch(kind, batch.id)
        yield source
        batch.sha256 = source.digest.hexdigest()
        batch.rows_read = batch.rows_inserted = source.rows
        batch.finished_at = dt.datetime.now(dt.UTC)
        self.session.flush()

    def write(self, source: SourceBatch | None, table: Any, columns: Mapping[str, Any]) -> int:
        """Hash the columns into the source's digest and bulk-insert them (with batch_id)."""
        columns = dict(columns)
        n = len(next(iter(columns.values())))
        if source is not None:
            update_digest(source.digest, table.__tablename__, columns)
            columns["batch_id"] = np.full(n, source.batch_id)
            source.rows += n
        return insert_rows(self.session, table, list(columns), columns, chunk=self.spec.chunk)

    def write_stream(self, source: SourceBatch, table: Any, chunks: Iterator[dict[str, np.ndarray]]) -> int:
        """Write chunks while a worker thread generates, hashes and converts the next one to
        driver-ready rows (one chunk ahead, so memory stays bounded). The database driver releases
        the GIL while it writes, so both cores work; the chunk order, hence content and hash, is fixed."""
        dialect = self.session.connection().dialect.name

        def produce() -> tuple[list[str], list[tuple], bytes] | None:
            columns = next(chunks, None)
            if columns is None:
                return None
            digest = hashlib.sha256()
            update_digest(digest, table.__tablename__, columns)
            n = len(next(iter(columns.values())))
            names = [*columns, "batch_id"]
            rows = prepare_rows(table, names, {**columns, "batch_id": np.full(n, source.batch_id)}, dialect)
            return names, rows, digest.digest()

        written = 0
        with ThreadPoolExecutor(max_workers=1) as worker:
            pending = worker.submit(produce)
            while (ready := pending.result()) is not None:
                pending = worker.submit(produce)
                names, rows, hashed = ready
                source.digest.update(hashed)
                source.rows += len(rows)
                written += insert_rows(self.session, table, names, rows, chunk=self.spec.chunk, prepared=True)
        return written


def update_digest(digest: Any, table_name: str, columns: Mapping[str, Any]) -> None:
    """Feed a deterministic byte image of the columns to a sha256 (numbers raw, text joined)."""
    digest.update(table_name.encode())
    for name, values in columns.items():
        digest.update(name.encode())
        array = values if isinstance(values, np.ndarray) else np.asarray(values, dtype=object)
        if array.dtype.kind in "biufM":
            digest.update(str(array.dtype).encode())
            digest.update(np.ascontiguousarray(array).tobytes())
        else:  # text (None as 'None'); geometries hash as their WKT
            digest.update("\x1f".join(map(str, array.tolist())).encode())


# --- small helpers -------------------------------------------------------------------------------


def choose(rng: np.random.Generator, weights: Mapping[str, float], n: int) -> np.ndarray:
    """n keys of `weights` drawn with probabilities proportional to the values (object array)."""
    keys = list(weights)
    p = np.array([weights[k] for k in keys], dtype=float)
    return np.array(keys, dtype=object)[rng.choice(len(keys), size=n, p=p / p.sum())]


def year_start(years: np.ndarray) -> np.ndarray:
    """1 January of each year as datetime64[D]."""
    return (np.asarray(years, dtype=np.int64) - 1970).astype("datetime64[Y]").astype("datetime64[D]")


def random_dates_in_years(rng: np.random.Generator, years: np.ndarray) -> np.ndarray:
    """A uniform random day within each given year."""
    start = year_start(years)
    length = (year_start(np.asarray(years) + 1) - start).astype(np.int64)
    return start + (rng.random(len(start)) * length).astype(np.int64)


def years_of(dates: np.ndarray) -> np.ndarray:
    return dates.astype("datetime64[Y]").astype(np.int64) + 1970


def as_date(value: str) -> np.datetime64:
    return np.datetime64(value, "D")


def null_where(values: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """An object array equal to `values` with None where `mask` is true."""
    out = np.asarray(values, dtype=object).copy()
    out[mask] = None
    return out


def largest_remainder(weights: Sequence[float], total: int) -> np.ndarray:
    """Integer counts proportional to `weights` that sum exactly to `total`."""
    w = np.asarray(weights, dtype=float)
    raw = w / w.sum() * total
    counts = np.floor(raw).astype(int)
    order = np.argsort(-(raw - counts), kind="stable")
    counts[order[: total - counts.sum()]] += 1
    return counts


def interpolate_series(anchors: Mapping[int, float], years: Sequence[int]) -> np.ndarray:
    """Linear interpolation of {year: value} anchors, constant beyond the ends."""
    xs = sorted(anchors)
    return np.interp(years, xs, [anchors[x] for x in xs])


# --- geography -----------------------------------------------------------------------------------

GRID_STEP = 0.04  # degrees; cell size of the grids used to sample points inside provinces


@dataclass
class Geography:
    """Provinces, land and the sample EEZ, with fast point sampling inside provinces."""

    province_codes: list[str]
    province_names: list[str]
    province_geoms: list[BaseGeometry]
    province_areas: np.ndarray
    land: BaseGeometry
    eez: BaseGeometry | None = None
    simplified: list[BaseGeometry] = field(default_factory=list)  # provinces at ~2 km, for distances
    grids: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=dict)

    @classmethod
    def from_session(cls, session: Session) -> Geography:
        rows = session.execute(
            select(AdminBoundary.code, AdminBoundary.name_ko, AdminBoundary.geom, AdminBoundary.area_km2)
            .where(AdminBoundary.level == "province")
            .order_by(AdminBoundary.code)
        ).all()
        land = session.scalars(
            select(AdminBoundary.geom).where(AdminBoundary.level == "country", AdminBoundary.code == "KOR")
        ).one()
        geoms = [r.geom for r in rows]
        for geom in geoms:
            shapely.prepare(geom)
        return cls([r.code for r in rows], [r.name_ko for r in rows], geoms,
                   np.array([r.area_km2 for r in rows]), land, simplified=[g.simplify(0.02, preserve_topology=False) for g in geoms])

    def sample_points(self, rng: np.random.Generator, province_index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """One random point inside the polygon of each requested province (rejection sampling)."""
        lon = np.empty(len(province_index))
        lat = np.empty(len(province_index))
        for p in np.unique(province_index):
            where = np.flatnonzero(province_index == p)
            xs, ys = self._points_in(rng, int(p), len(where))
            lon[where], lat[where] = xs, ys
        return lon, lat

    def _points_in(self, rng: np.random.Generator, p: int, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Rejection sampling over the cells of a coarse grid that touch the province: points in
        cells wholly inside are accepted without a test, so few point-in-polygon tests are needed."""
        x0, y0, partial = self._grid(p)
        geom = self.province_geoms[p]
        got_x: list[np.ndarray] = []
        got_y: list[np.ndarray] = []
        have = 0
        while have < n:
            m = max(32, int((n - have) * 1.3))
            cell = rng.integers(0, len(x0), m)
            x = x0[cell] + rng.random(m) * GRID_STEP
            y = y0[cell] + rng.random(m) * GRID_STEP
            keep = ~partial[cell]
            test = np.flatnonzero(partial[cell])
            keep[test] = shapely.contains_xy(geom, x[test], y[test])
            got_x.append(x[keep])
            got_y.append(y[keep])
            have += int(keep.sum())
        return np.concatenate(got_x)[:n], np.concatenate(got_y)[:n]

    def _grid(self, p: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if p not in self.grids:
            geom = self.province_geoms[p]
            minx, miny, maxx, maxy = geom.bounds
            xs, ys = np.meshgrid(np.arange(minx, maxx, GRID_STEP), np.arange(miny, maxy, GRID_STEP))
            x0, y0 = xs.ravel(), ys.ravel()
            boxes = shapely.box(x0, y0, x0 + GRID_STEP, y0 + GRID_STEP)
            touching = shapely.intersects(geom, boxes)
            inside = shapely.contains_properly(geom, boxes)
            self.grids[p] = (x0[touching], y0[touching], ~inside[touching])
        return self.grids[p]


# --- taxa ----------------------------------------------------------------------------------------


def generate_taxa(build: Build) -> pd.DataFrame:
    """The national species list (accepted natives with KTSN, endemics, years listed, new species),
    aliens with first-record years, species of concern for introduction, CITES-listed foreign
    species in trade, and synonyms pointing at accepted taxa. Returns the taxa as a frame."""
    rng = build.rng("taxa")
    spec = build.spec
    used_names: set[tuple[str, str]] = set()
    used_genera: set[str] = set()
    frames = [compose_native_group(rng, group, native_group_size(group, spec), used_names, used_genera)
              for group in tc.TAXON_GROUPS]
    frames.append(compose_invasive_taxa(used_names))
    frames.append(compose_foreign_taxa(rng, "alien", round((tc.ALIEN_SPECIES_NATIONAL - len(tc.ECOSYSTEM_DISTURBING))
                                                           * spec.list_factor), used_names, used_genera))
    frames.append(compose_foreign_taxa(rng, "concern", round(tc.CONCERN_FOR_INTRODUCTION_TOTALS[2025] * spec.list_factor),
                                       used_names, used_genera))
    frames.append(compose_cites_foreign_taxa(used_names))
    taxa = pd.concat(frames, ignore_index=True)
    taxa["id"] = np.arange(1, len(taxa) + 1)
    synonyms = compose_synonyms(rng, taxa, used_names)
    taxa = pd.concat([taxa, synonyms], ignore_index=True)
    taxa["ktsn"] = assign_ktsn(taxa)
    fill_classification(taxa)
    with build.source("species") as source:
        build.write(source, Taxon, {
            "id": taxa["id"].to_numpy(), "ktsn": taxa["ktsn"].to_numpy(object),
            "scientific_name": taxa["scientific_name"].to_numpy(object), "authorship": taxa["authorship"].to_numpy(object),
            "korean_name": taxa["korean_name"].to_numpy(object), "rank": taxa["rank"].to_numpy(object),
            "kingdom": taxa["kingdom"].to_numpy(object), "phylum": taxa["phylum"].to_numpy(object),
            "class_name": taxa["class_name"].to_numpy(object), "order_name": taxa["order_name"].to_numpy(object),
            "family": taxa["family"].to_numpy(object), "genus": taxa["genus"].to_numpy(object),
            "taxon_group": taxa["taxon_group"].to_numpy(object), "name_status": taxa["name_status"].to_numpy(object),
            "accepted_taxon_id": taxa["accepted_taxon_id"].to_numpy(float),
            "is_endemic": taxa["is_endemic"].to_numpy(bool), "is_native": taxa["is_native"].to_numpy(bool),
            "year_listed": taxa["year_listed"].to_numpy(float), "is_new_to_science": taxa["is_new_to_science"].to_numpy(bool),
        })
    return taxa


def native_group_size(group: tc.TaxonGroup, spec: ScaleSpec) -> int:
    """Native species of a group at this scale (real 2025 size nationally; floors in the sample)."""
    if spec.list_factor >= 1:
        return group.national_2025
    return max(group.sample_floor, round(group.national_2025 * spec.list_factor))


def list_growth(group: tc.TaxonGroup, size: int) -> dict[int, int]:
    """Cumulative number of the group's species on the list at each year-end 1996–2025, scaled to `size`.

    The yearly national totals (§2.1) are split by each group's share, interpolated between the
    anchor years of §2.1's breakdown and normalised so that the groups add up to the totals.
    """
    years = list(range(1996, 2026))
    totals = interpolate_series(tc.LIST_TOTALS, years)
    shares = {}
    for g in tc.TAXON_GROUPS:
        anchors = {y: c / tc.LIST_TOTALS[y] for y, c in tc.GROUP_ANCHORS[g.name].items()}
        shares[g.name] = interpolate_series(anchors, years)
    norm = sum(shares.values())
    cumulative = totals * shares[group.name] / norm * (size / group.national_2025)
    cumulative = np.maximum.accumulate(np.round(cumulative).astype(int))
    cumulative[-1] = size
    cumulative = np.minimum(cumulative, size)
    return dict(zip(years, cumulative.tolist(), strict=True))


def compose_native_group(
    rng: np.random.Generator, group: tc.TaxonGroup, size: int, used_names: set[tuple[str, str]], used_genera: set[str]
) -> pd.DataFrame:
    """Native taxa of one group: its real species first, then composed names."""
    real = [s for s in tc.REAL_SPECIES if s.group == group.name]
    n_composed = size - len(real)
    growth = list_growth(group, size)
    # Real species (mostly long known) take the earliest ranks, so they are listed in 1996.
    order = np.concatenate([np.arange(len(real)), len(real) + rng.permutation(n_composed)])
    cum_years = np.array(list(growth))
    cum_counts = np.array(list(growth.values()))
    year_listed = cum_years[np.searchsorted(cum_counts, order, side="right")]
    genera, families = compose_genera(rng, group, max(3, n_composed // 5), used_genera)
    listed = year_listed[len(real):]
    new_species = (listed >= 2008) & (rng.random(n_composed) < group.new_species_rate)
    authors = np.where(new_species, new_species_authorship(rng, group, listed), compose_authorships(rng, group, n_composed, listed))
    for s in real:
        used_names.add((s.scientific_name, s.authorship))
    names, genus_of = compose_species_names(rng, genera, authors, used_names)
    korean = kn.species_korean_names(rng, group.name, n_composed)
    no_korean = {"Prokaryotes": 0.4, "Protists": 0.2, "Algae": 0.1}.get(group.name, 0.0)
    korean = null_where(korean, rng.random(n_composed) < no_korean)
    composed = pd.DataFrame({
        "scientific_name": names, "authorship": authors, "korean_name": korean, "rank": "species",
        "family": np.asarray(families, dtype=object)[genus_of], "genus": np.asarray(genera, dtype=object)[genus_of],
        "is_endemic": rng.random(n_composed) < group.endemic_rate * 0.95, "is_new_to_science": new_species,
        "real": False,
    })
    real_frame = pd.DataFrame({
        "scientific_name": [s.scientific_name for s in real], "authorship": [s.authorship for s in real],
        "korean_name": [s.korean_name for s in real], "rank": [s.rank for s in real],
        "family": [s.family for s in real], "genus": [s.scientific_name.split()[0] for s in real],
        "is_endemic": [s.endemic for s in real], "is_new_to_science": False, "real": True,
    })
    frame = pd.concat([real_frame, composed], ignore_index=True)
    frame["taxon_group"] = group.name
    frame["year_listed"] = year_listed
    frame["is_native"] = True
    frame["role"] = "native"
    frame["name_status"] = "accepted"
    frame["first_record_year"] = np.nan
    return frame


def compose_genera(
    rng: np.random.Generator, group: tc.TaxonGroup, n: int, used_genera: set[str]
) -> tuple[list[str], list[str]]:
    """n new genus names for a group (root + stem + group suffix) and a family for each."""
    genera: list[str] = []
    while len(genera) < n:
        m = (n - len(genera)) * 2
        roots = rng.integers(0, len(tc.GENUS_ROOTS), m)
        stems = rng.integers(0, len(tc.GENUS_STEMS), m)
        suffixes = rng.integers(0, len(group.genus_suffixes), m)
        for r, s, x in zip(roots, stems, suffixes, strict=True):
            name = (tc.GENUS_ROOTS[r] + tc.GENUS_STEMS[s] + group.genus_suffixes[x]).capitalize()
            if name not in used_genera:
                used_genera.add(name)
                genera.append(name)
                if len(genera) == n:
                    break
    families = [group.families[i] for i in rng.integers(0, len(group.families), n)]
    return genera, families


def genus_gender(genus: str) -> int:
    """0 masculine, 1 feminine, 2 neuter, from the genus ending (tc.GENUS_GENDER)."""
    for ending, gender in tc.GENUS_GENDER:
        if genus.endswith(ending):
            return "mfn".index(gender)
    return 0


def epithet(parts: tuple[str, str, str, str], gender: int) -> str:
    return parts[0] + parts[1 + gender]


def compose_species_names(
    rng: np.random.Generator, genera: list[str], authors: np.ndarray, used_names: set[tuple[str, str]],
    epithets: tuple[tuple[str, str, str, str], ...] = tc.EPITHETS,
) -> tuple[np.ndarray, np.ndarray]:
    """Binomials over `genera` (few large genera, many small), unique with their authorships."""
    n = len(authors)
    weights = 1.0 / (np.arange(len(genera)) + 1.0) ** 0.6
    genus_of = rng.choice(len(genera), size=n, p=weights / weights.sum())
    epithet_of = rng.integers(0, len(epithets), n)
    genders = [genus_gender(g) for g in genera]
    names = np.empty(n, dtype=object)
    for i in range(n):
        g = int(genus_of[i])
        e = int(epithet_of[i])
        name = f"{genera[g]} {epithet(epithets[e], genders[g])}"
        while (name, authors[i]) in used_names:
            e = (e + 1 + int(rng.integers(0, 7))) % len(epithets)
            g = int(rng.integers(0, len(genera))) if rng.random() < 0.3 else g
            name = f"{genera[g]} {epithet(epithets[e], genders[g])}"
        genus_of[i] = g
        used_names.add((name, authors[i]))
        names[i] = name
    return names, genus_of


BOTANICAL_GROUPS = frozenset({"Vascular plants", "Bryophytes", "Algae", "Fungi"})


def compose_authorships(rng: np.random.Generator, group: tc.TaxonGroup, n: int, year_listed: np.ndarray) -> np.ndarray:
    """Authorships in the style of each code: botanical (no year), bacteriological, zoological."""
    if group.name in BOTANICAL_GROUPS:
        return np.asarray(tc.BOTANICAL_AUTHORS, dtype=object)[rng.integers(0, len(tc.BOTANICAL_AUTHORS), n)]
    out = np.empty(n, dtype=object)
    picks = rng.integers(0, len(tc.AUTHORS), n)
    u = rng.random(n)
    brackets = rng.random(n) < 0.3
    for i in range(n):
        limit = int(min(year_listed[i], 2025))
        author, first, last = tc.AUTHORS[int(picks[i])]
        if first > limit:
            author, first, last = tc.AUTHORS[0]
        year = first + int(u[i] * (min(last, limit) - first + 1))
        if group.name == "Prokaryotes":
            out[i] = f"{author.split(' ')[0]} et al. {max(year, 1980)}"
        else:
            out[i] = f"({author}, {year})" if brackets[i] else f"{author}, {year}"
    return out


def new_species_authorship(rng: np.random.Generator, group: tc.TaxonGroup, year_listed: np.ndarray) -> np.ndarray:
    """Authorship of species described as new to science in the year they were listed."""
    n = len(year_listed)
    if group.name in BOTANICAL_GROUPS:
        return np.asarray(tc.KOREAN_BOTANICAL_AUTHORS, dtype=object)[rng.integers(0, len(tc.KOREAN_BOTANICAL_AUTHORS), n)]
    authors = np.asarray(tc.KOREAN_AUTHORS, dtype=object)[rng.integers(0, len(tc.KOREAN_AUTHORS), n)]
    sep = " " if group.name == "Prokaryotes" else ", "
    return np.array([f"{a}{sep}{int(y)}" for a, y in zip(authors, year_listed, strict=True)], dtype=object)


def compose_invasive_taxa(used_names: set[tuple[str, str]]) -> pd.DataFrame:
    """The 40 ecosystem-disturbing taxa of §2.5 (aliens, first recorded years before designation)."""
    rows = []
    for year, group, name, author, korean, family, rank in tc.ECOSYSTEM_DISTURBING:
        used_names.add((name, author))
        rows.append({
            "scientific_name": name, "authorship": author, "korean_name": korean, "rank": rank, "family": family,
            "genus": name.split()[0], "taxon_group": group, "is_endemic": False, "is_new_to_science": False,
            "real": True, "year_listed": np.nan, "is_native": False, "role": "invasive", "name_status": "accepted",
            # first recorded in the wild some years before designation (nutria farmed from 1985, etc.)
            "first_record_year": float(max(1950, year - 6 - (zlib.crc32(name.encode()) % 20))),
            "designated_year": year,
        })
    return pd.DataFrame(rows)


def compose_foreign_taxa(
    rng: np.random.Generator, role: str, n: int, used_names: set[tuple[str, str]], used_genera: set[str]
) -> pd.DataFrame:
    """Non-native taxa: established aliens (with first-record years) or species of concern."""
    groups = list(tc.ALIEN_GROUP_SHARES)
    counts = largest_remainder([tc.ALIEN_GROUP_SHARES[g] for g in groups], n)
    frames = []
    for group_name, count in zip(groups, counts, strict=True):
        if count == 0:
            continue
        group = tc.GROUP_BY_NAME[group_name]
        genera, families = compose_genera(rng, group, max(2, count // 3), used_genera)
        authors = compose_authorships(rng, group, count, np.full(count, 2025))
        names, genus_of = compose_species_names(rng, genera, authors, used_names, tc.FOREIGN_EPITHETS)
        # First records of aliens spread over 1950–2025, more in recent decades.
        first = 1950 + np.floor(75 * rng.beta(2.2, 1.2, count)) if role == "alien" else np.full(count, np.nan)
        frames.append(pd.DataFrame({
            "scientific_name": names, "authorship": authors,
            "korean_name": kn.species_korean_names(rng, group_name, count), "rank": "species",
            "family": np.asarray(families, dtype=object)[genus_of], "genus": np.asarray(genera, dtype=object)[genus_of],
            "taxon_group": group_name, "is_endemic": False, "is_new_to_science": False, "real": False,
            "year_listed": np.nan, "is_native": False, "role": role, "name_status": "accepted",
            "first_record_year": first,
        }))
    return pd.concat(frames, ignore_index=True)


def compose_cites_foreign_taxa(used_names: set[tuple[str, str]]) -> pd.DataFrame:
    """CITES-listed foreign species found in Korea's trade (not on the national list)."""
    rows = []
    for name, author, korean, group, family, *_ in tc.CITES_FOREIGN:
        used_names.add((name, author))
        rows.append({
            "scientific_name": name, "authorship": author, "korean_name": korean,
            "rank": "subspecies" if name.count(" ") == 2 else "species", "family": family, "genus": name.split()[0],
            "taxon_group": group, "is_endemic": False, "is_new_to_science": False, "real": True, "year_listed": np.nan,
            "is_native": False, "role": "cites_foreign", "name_status": "accepted", "first_record_year": np.nan,
        })
    return pd.DataFrame(rows)


def compose_synonyms(rng: np.random.Generator, taxa: pd.DataFrame, used_names: set[tuple[str, str]]) -> pd.DataFrame:
    """Synonyms (~5 % of native species): the epithet under another genus of the same group."""
    natives = taxa.index[(taxa["role"] == "native") & (taxa["rank"] == "species")].to_numpy()
    picked = np.sort(rng.choice(natives, size=round(len(natives) * 0.05), replace=False))
    genera_by_group = {g: frame["genus"].unique() for g, frame in taxa.loc[natives].groupby("taxon_group")}
    rows = []
    for i in picked:
        accepted = taxa.loc[i]
        pool = genera_by_group[accepted["taxon_group"]]
        epithet_part = accepted["scientific_name"].split()[1]
        author = accepted["authorship"].strip("()")
        for _ in range(20):
            genus = pool[int(rng.integers(0, len(pool)))]
            name = f"{genus} {epithet_part}"
            if genus != accepted["genus"] and (name, author) not in used_names:
                break
        else:
            continue
        used_names.add((name, author))
        rows.append({
            "scientific_name": name, "authorship": author, "korean_name": None, "rank": "species",
            "family": accepted["family"], "genus": genus, "taxon_group": accepted["taxon_group"], "is_endemic": False,
            "is_new_to_science": False, "real": False, "year_listed": np.nan, "is_native": True, "role": "synonym",
            "name_status": "synonym", "accepted_taxon_id": accepted["id"], "first_record_year": np.nan,
        })
    frame = pd.DataFrame(rows)
    frame["id"] = np.arange(len(taxa) + 1, len(taxa) + len(frame) + 1)
    return frame


def assign_ktsn(taxa: pd.DataFrame) -> np.ndarray:
    """12-digit Korean Taxonomic Serial Numbers for accepted taxa (group prefix + serial)."""
    group_code = {g.name: 10 + i for i, g in enumerate(tc.TAXON_GROUPS)}
    ktsn = np.array([f"12{group_code[g]:02d}{i:08d}" for g, i in zip(taxa["taxon_group"], taxa["id"], strict=True)],
                    dtype=object)
    return null_where(ktsn, (taxa["name_status"] == "synonym").to_numpy())


def fill_classification(taxa: pd.DataFrame) -> None:
    """Kingdom to order from the family (tc.FAMILY_TAXONOMY)."""
    ranks = np.array([tc.FAMILY_TAXONOMY[f] for f in taxa["family"]], dtype=object)
    taxa["kingdom"], taxa["phylum"], taxa["class_name"], taxa["order_name"] = ranks.T
    if "accepted_taxon_id" not in taxa:
        taxa["accepted_taxon_id"] = np.nan


# --- legal statuses ------------------------------------------------------------------------------

ENDANGERED_INSTRUMENT = "야생생물 보호 및 관리에 관한 법률 시행규칙 별표 1 ({date})"
CITES_INSTRUMENT = "국제적 멸종위기종 목록 고시 (CITES 부속서, {date})"
ECOSYSTEM_DISTURBING_INSTRUMENT = "생물다양성 보전 및 이용에 관한 법률 제2조제8호 생태계교란 생물 지정 고시"
CONCERN_INSTRUMENT = "생물다양성 보전 및 이용에 관한 법률 제21조의2 유입주의 생물 지정 고시"


def generate_legal_statuses(build: Build, taxa: pd.DataFrame) -> None:
    """Dated legal statuses: endangered I/II on the 2012, 2018 and 2022 lists, CITES appendices with
    their moves, ecosystem-disturbing designations by year (§2.5), species of concern for
    introduction, natural monuments, marine protected species, facility registration, white list."""
    rng = build.rng("legal-status")
    endangered = endangered_classes(rng, taxa, build.spec.synthetic_endangered)
    taxa["endangered_2022"] = ""
    rows: list[tuple] = []
    for index, classes in endangered.items():
        taxa.at[index, "endangered_2022"] = classes[2]
        rows.extend(endangered_rows(int(taxa.at[index, "id"]), classes))
    rows.extend(cites_rows(taxa))
    rows.extend(ecosystem_disturbing_rows(rng, taxa))
    rows.extend(concern_rows(rng, taxa, build.spec.list_factor))
    rows.extend(other_status_rows(rng, taxa))
    columns = ["taxon_id", "scheme", "value", "annotation", "valid_from", "valid_to", "legal_instrument"]
    data = {c: np.array([r[i] for r in rows], dtype=object) for i, c in enumerate(columns)}
    data = {"id": np.arange(1, len(rows) + 1), **data}
    with build.source("legal-status") as source:
        build.write(source, LegalStatus, data)


def endangered_classes(rng: np.random.Generator, taxa: pd.DataFrame, synthetic: bool) -> dict[int, tuple[str, str, str]]:
    """Class on the 2012/2018/2022 lists per taxon index: real species as listed in the catalogue,
    plus (national scale) composed species so that the lists have their real sizes (§2.3)."""
    index_of = {n: i for i, n in zip(taxa.index, taxa["scientific_name"], strict=True) if taxa.at[i, "real"]}
    classes = {index_of[s.scientific_name]: s.endangered for s in tc.REAL_SPECIES if s.endangered != ("-", "-", "-")}
    if not synthetic:
        return classes
    named_ids = set(classes)
    fill: list[int] = []  # composed class II species of the 2018 list
    for group, (class_i, class_ii) in tc.ENDANGERED_2018.items():
        named = [c[1] for i, c in classes.items() if taxa.at[i, "taxon_group"] == group]
        need_i, need_ii = max(0, class_i - named.count("I")), max(0, class_ii - named.count("II"))
        pool = taxa.index[(taxa["taxon_group"] == group) & (taxa["role"] == "native") & ~taxa["real"]].to_numpy()
        picked = [int(i) for i in rng.choice(pool, size=need_i + need_ii, replace=False)]
        for i in picked[:need_i]:
            classes[i] = ("I", "I", "I")
        fill.extend(picked[need_i:])
    for i in fill:
        classes[i] = ("II", "II", "II")
    # 2012: composed species absent from the 2012 list make up the difference (newly listed 2018).
    target_2012_ii = tc.ENDANGERED_TOTALS[2012][1] - sum(c[0] == "II" for i, c in classes.items() if i in named_ids)
    for i in fill[: max(0, len(fill) - target_2012_ii)]:
        classes[i] = ("-", "II", "II")
    # 2022: newly listed synthetic class II species (§2.3: 19 new, 4 of them named).
    total_2022_ii = sum(c[2] == "II" for c in classes.values())
    new_2022 = tc.ENDANGERED_TOTALS[2022][1] - total_2022_ii
    if new_2022 > 0:
        weights = {"Vascular plants": 4, "Insects": 3, "Other invertebrates": 4, "Birds": 2, "Fishes": 2}
        for group, count in zip(weights, largest_remainder(list(weights.values()), new_2022), strict=True):
            pool = [int(i) for i in taxa.index[(taxa["taxon_group"] == group) & (taxa["role"] == "native")
                                                & ~taxa["real"]] if int(i) not in classes]
            for i in rng.choice(pool, size=count, replace=False):
                classes[int(i)] = ("-", "-", "II")
    return classes


def endangered_rows(taxon_id: int, classes: tuple[str, str, str]) -> list[tuple]:
    """Dated rows for one species: one row per unbroken run of the same class."""
    dates = [tc.ENDANGERED_LIST_DATES[y] for y in (2012, 2018, 2022)]
    rows = []
    start = 0
    for k in range(1, 4):
        if k == 3 or classes[k] != classes[start]:
            if classes[start] != "-":
                valid_to = None if k == 3 else str(as_date(dates[k]) - np.timedelta64(1, "D"))
                rows.append((taxon_id, "KR_ENDANGERED", classes[start], None, dates[start], valid_to,
                             ENDANGERED_INSTRUMENT.format(date=dates[start])))
            start = k
    return rows


def cites_rows(taxa: pd.DataFrame) -> list[tuple]:
    """CITES appendix listings of native and foreign species, with earlier appendices closed."""
    ids = dict(zip(taxa["scientific_name"], taxa["id"], strict=False))
    rows = []
    for s in tc.REAL_SPECIES:
        if s.cites is None:
            continue
        if s.scientific_name == "Mauremys reevesii":  # App. III (China) 2013, moved to App. II at CoP19
            rows.append((ids[s.scientific_name], "CITES_APPENDIX", "III", "China", "2013-06-12", "2023-02-22",
                         CITES_INSTRUMENT.format(date="2013-06-12")))
            rows.append((ids[s.scientific_name], "CITES_APPENDIX", "II", None, "2023-02-23", None,
                         CITES_INSTRUMENT.format(date="2023-02-23")))
            continue
        rows.append((ids[s.scientific_name], "CITES_APPENDIX", s.cites, None, "1975-07-01", None,
                     CITES_INSTRUMENT.format(date="1975-07-01")))
    for name, _author, _ko, _group, _family, appendix, since, earlier in tc.CITES_FOREIGN:
        if earlier is not None:
            until = str(as_date(since) - np.timedelta64(1, "D"))
            rows.append((ids[name], "CITES_APPENDIX", earlier[0], None, earlier[1], until,
                         CITES_INSTRUMENT.format(date=earlier[1])))
        rows.append((ids[name], "CITES_APPENDIX", appendix, None, since, None, CITES_INSTRUMENT.format(date=since)))
    return rows


def ecosystem_disturbing_rows(rng: np.random.Generator, taxa: pd.DataFrame) -> list[tuple]:
    """The designations of §2.5 on a day within their year (absolute at every scale)."""
    invasive = taxa[taxa["role"] == "invasive"]
    days = random_dates_in_years(rng, invasive["designated_year"].to_numpy(int))
    return [
        (int(t), "ECOSYSTEM_DISTURBING", "designated", None, str(d), None, ECOSYSTEM_DISTURBING_INSTRUMENT)
        for t, d in zip(invasive["id"], days, strict=True)
    ]


def concern_rows(rng: np.random.Generator, taxa: pd.DataFrame, factor: float) -> list[tuple]:
    """Species of concern for introduction, designated so the year-end totals follow §2.5."""
    concern = taxa[taxa["role"] == "concern"]["id"].to_numpy()
    years = np.arange(2015, 2026)
    totals = np.round(interpolate_series(tc.CONCERN_FOR_INTRODUCTION_TOTALS, years) * factor).astype(int)
    totals[-1] = len(concern)
    designated = years[np.searchsorted(totals, np.arange(len(concern)), side="right")]
    days = random_dates_in_years(rng, designated)
    return [(int(t), "CONCERN_FOR_INTRODUCTION", "designated", None, str(d), None, CONCERN_INSTRUMENT)
            for t, d in zip(concern, days, strict=True)]


def other_status_rows(rng: np.random.Generator, taxa: pd.DataFrame) -> list[tuple]:
    """Natural monuments, marine protected species, facility registration and the white list."""
    ids = dict(zip(taxa["scientific_name"], taxa["id"], strict=False))
    rows = []
    for s in tc.REAL_SPECIES:
        if s.natural_monument:
            year = 1962 + zlib.crc32(s.scientific_name.encode()) % 45
            rows.append((ids[s.scientific_name], "NATURAL_MONUMENT", "천연기념물", None, f"{year}-12-03", None,
                         "국가유산기본법·자연유산법 (천연기념물 지정)"))
    for name in ("Phoca largha", "Neophocaena asiaeorientalis", "Charonia lampas", "Plumarella adhaerans",
                 "Ellobium chinense", "Pseudohelice subquadrata"):
        rows.append((ids[name], "MARINE_PROTECTED", "해양보호생물", None, "2007-06-04", None, "해양생태계법 제19조 해양보호생물"))
    # Breeding-facility registration (Art. 16-2): in force Jul 2015, extended on 14 Mar 2023.
    for name in ("Alligator mississippiensis", "Crocodylus niloticus", "Crocodylus porosus", "Caiman crocodilus",
                 "Saimiri sciureus", "Callithrix jacchus", "Malayopython reticulatus", "Python bivittatus"):
        since = "2015-07-01" if "Python" not in name and "python" not in name else "2023-03-14"
        rows.append((ids[name], "FACILITY_REGISTRATION_REQUIRED", "Y", None, since, None, "야생생물법 제16조의2, 시행령 별표 1의2"))
    # White list of designated managed wildlife (Art. 22-2), effective 14 Dec 2025.
    aliens = taxa[(taxa["role"] == "alien") & taxa["taxon_group"].isin(["Reptiles", "Amphibians", "Birds", "Mammals"])]
    for t in aliens["id"].to_numpy()[rng.random(len(aliens)) < 0.3]:
        rows.append((int(t), "DESIGNATED_MANAGED", "white_list", None, "2025-12-14", None, "야생생물법 제22조의2 백색목록 고시"))
    return rows


# --- red list ------------------------------------------------------------------------------------

# Assessment years of the four national rounds per group (§2.2: birds/herps/fish 2011 → 2019;
# mammals + plants 2012 → 2021; molluscs + insects 2012 → 2022; later rounds sample values).
RED_LIST_ROUNDS: dict[str, tuple[int, int, int, int]] = {
    "Birds": (2011, 2015, 2019, 2023), "Reptiles": (2011, 2015, 2019, 2023), "Amphibians": (2011, 2015, 2019, 2023),
    "Fishes": (2011, 2015, 2019, 2023), "Mammals": (2012, 2016, 2021, 2025), "Vascular plants": (2012, 2016, 2021, 2025),
    "Insects": (2012, 2016, 2019, 2022), "Other invertebrates": (2012, 2016, 2019, 2022),
    "Bryophytes": (2014, 2017, 2020, 2024), "Algae": (2014, 2017, 2020, 2024), "Fungi": (2014, 2017, 2020, 2024),
}
# Latest-round category counts (§2.2): mammals 47; birds+herps+fish 222 with CR 11, EN 34, VU 43;
# vascular plants 188 threatened of 554; insects 61 of 394; molluscs 1,825 (CR 5, EN 17, VU 47, NT 88,
# LC 559, DD 1,080, NA 29). Other groups: sample proportions.
RED_LIST_LATEST: dict[str, dict[str, int]] = {
    "Mammals": {"RE": 5, "CR": 2, "EN": 5, "VU": 7, "NT": 1, "LC": 19, "DD": 6, "NA": 2},
    "Birds": {"RE": 2, "CR": 7, "EN": 16, "VU": 20, "NT": 12, "LC": 40, "DD": 4, "NA": 4},
    "Reptiles": {"EN": 2, "VU": 4, "NT": 2, "LC": 7, "DD": 2},
    "Amphibians": {"EN": 2, "VU": 3, "NT": 4, "LC": 9, "DD": 2},
    "Fishes": {"CR": 4, "EN": 14, "VU": 16, "NT": 8, "LC": 28, "DD": 8, "NA": 2},
    "Vascular plants": {"RE": 1, "CR": 40, "EN": 70, "VU": 78, "NT": 80, "LC": 220, "DD": 51, "NA": 14},
    "Insects": {"RE": 2, "CR": 10, "EN": 21, "VU": 30, "NT": 40, "LC": 200, "DD": 80, "NA": 11},
    "Other invertebrates": {"CR": 5, "EN": 17, "VU": 47, "NT": 88, "LC": 559, "DD": 1080, "NA": 29},
    "Bryophytes": {"CR": 3, "EN": 6, "VU": 9, "NT": 8, "LC": 50, "DD": 22, "NA": 2},
    "Algae": {"CR": 3, "EN": 6, "VU": 9, "NT": 8, "LC": 50, "DD": 22, "NA": 2},
    "Fungi": {"CR": 3, "EN": 6, "VU": 9, "NT": 8, "LC": 50, "DD": 22, "NA": 2},
}
SEVERITY = ("LC", "NT", "VU", "EN", "CR", "RE")  # ordinal scale for genuine changes
THREAT_CRITERIA = ("A2c", "A2cd", "B1ab(iii)", "B2ab(ii,iii)", "B1ab(iii)+2ab(iii)", "C2a(i)", "D", "D1", "A4c")
NON_GENUINE_REASONS = {"new_information": 0.5, "taxonomy": 0.15, "criteria_revision": 0.2, "error_correction": 0.15}


def generate_red_list(build: Build, taxa: pd.DataFrame) -> None:
    """Four national rounds per group over a fixed species set (back-cast consistent: genuine
    changes marked 'genuine'; earlier rounds rewritten for non-genuine changes and for species
    assessed late are is_backcast rows), AssessmentRound rows, and global-scope assessments."""
    rng = build.rng("redlist")
    rounds: list[dict[str, Any]] = []
    assessments: list[pd.DataFrame] = []
    for group, years in RED_LIST_ROUNDS.items():
        size = build.spec.red_list_sizes[group]
        history = national_red_list_history(rng, taxa, group, size)
        for k, year in enumerate(years):
            round_id = len(rounds) + 1
            rounds.append({"id": round_id, "scope": "national", "taxon_group": group, "year": year,
                           "title": f"국가생물적색자료집 {tc.GROUP_BY_NAME[group].name_ko} ({year})",
                           "published_on": np.datetime64(f"{year + 1}-03-31")})
            frame = history[k].copy()
            frame["year"] = year
            frame["round_id"] = round_id
            frame["scope"] = "national"
            assessments.append(frame)
    for group, size in build.spec.global_red_list_sizes.items():
        years, frames = global_red_list_history(rng, taxa, group, size)
        for year, frame in zip(years, frames, strict=True):
            round_id = len(rounds) + 1
            rounds.append({"id": round_id, "scope": "global", "taxon_group": group, "year": year,
                           "title": f"IUCN Red List {group} ({year})", "published_on": np.datetime64(f"{year}-12-10")})
            frame = frame.copy()
            frame["year"] = year
            frame["round_id"] = round_id
            frame["scope"] = "global"
            assessments.append(frame)
    table = pd.concat(assessments, ignore_index=True)
    round_frame = pd.DataFrame(rounds)
    with build.source("redlist") as source:
        build.write(source, AssessmentRound, frame_columns(round_frame))
        build.write(source, RedListAssessment, {
            "id": np.arange(1, len(table) + 1), "scope": table["scope"].to_numpy(object),
            "taxon_key": table["taxon_key"].to_numpy(object), "taxon_id": table["taxon_id"].to_numpy(),
            "taxon_group": table["taxon_group"].to_numpy(object), "year": table["year"].to_numpy(),
            "category": table["category"].to_numpy(object), "criteria": table["criteria"].to_numpy(object),
            "reason_for_change": table["reason_for_change"].to_numpy(object),
            "is_backcast": table["is_backcast"].to_numpy(bool), "round_id": table["round_id"].to_numpy(),
        })


def national_red_list_history(rng: np.random.Generator, taxa: pd.DataFrame, group: str, size: int) -> list[pd.DataFrame]:
    """The four rounds of one group: latest categories as §2.2, walked back through genuine changes."""
    real_categories = {s.scientific_name: s.red_list for s in tc.REAL_SPECIES if s.group == group and s.red_list}
    natives = taxa[(taxa["taxon_group"] == group) & (taxa["role"] == "native")]
    is_real = natives["scientific_name"].isin(real_categories).to_numpy()
    endangered = (natives["endangered_2022"] != "").to_numpy()
    priority = np.where(is_real, 3.0, 0.0) + np.where(endangered, 2.0, 0.0) + rng.random(len(natives))
    chosen = natives.iloc[np.argsort(-priority, kind="stable")[: min(size, len(natives))]]
    n = len(chosen)
    final = assign_latest_categories(rng, chosen, group, real_categories)
    categories = np.empty((4, n), dtype=object)
    categories[3] = final
    reasons = np.full((4, n), None, dtype=object)
    backcast = np.zeros((4, n), dtype=bool)
    scorable = ~np.isin(final, ["DD", "NA"])
    for k in (2, 1, 0):  # walk back from the latest round
        categories[k] = categories[k + 1]
        genuine = scorable & (rng.random(n) < 0.07) & (categories[k + 1] != "RE")
        level = np.array([SEVERITY.index(c) if c in SEVERITY else -1 for c in categories[k + 1]])
        worse = rng.random(n) < 0.75  # most genuine changes are deteriorations
        earlier = np.where(worse, level - 1, level + 1)
        genuine &= (earlier >= 0) & (earlier <= 4)
        categories[k][genuine] = np.asarray(SEVERITY, dtype=object)[earlier[genuine]]
        reasons[k + 1][genuine] = "genuine"
        non_genuine = ~genuine & (rng.random(n) < 0.05)
        reasons[k + 1][non_genuine] = choose(rng, NON_GENUINE_REASONS, int(non_genuine.sum()))
        backcast[: k + 1, non_genuine] = True
    # Burara aquilina became RE in 2022 (§2.2): CR before.
    names = chosen["scientific_name"].to_numpy()
    for j in np.flatnonzero(names == "Burara aquilina"):
        categories[:3, j] = "CR"
        reasons[3, j] = "genuine"
    # ~9 % of species were first assessed in a later round (§2.2: 21 of 222 newly assessed in 2019).
    first_round = np.where(rng.random(n) < 0.09, rng.integers(1, 4, n), 0)
    for k in range(4):
        backcast[k, first_round > k] = True
    for k in range(4):
        reasons[k, first_round == k] = None
    criteria = np.asarray(THREAT_CRITERIA, dtype=object)[rng.integers(0, len(THREAT_CRITERIA), n)]
    frames = []
    for k in range(4):
        threatened = np.isin(categories[k], ["CR", "EN", "VU"])
        frames.append(pd.DataFrame({
            "taxon_key": chosen["ktsn"].to_numpy(object), "taxon_id": chosen["id"].to_numpy(),
            "taxon_group": group, "category": categories[k], "criteria": null_where(criteria, ~threatened),
            "reason_for_change": reasons[k], "is_backcast": backcast[k],
        }))
    return frames


def assign_latest_categories(
    rng: np.random.Generator, chosen: pd.DataFrame, group: str, real_categories: dict[str, str]
) -> np.ndarray:
    """Latest categories: named species keep theirs; the rest follow the group's distribution,
    with the most severe categories going preferentially to listed endangered species."""
    n = len(chosen)
    counts = RED_LIST_LATEST[group]
    quota = largest_remainder(list(counts.values()), n)
    remaining = dict(zip(counts, quota.tolist(), strict=True))
    final = np.empty(n, dtype=object)
    names = chosen["scientific_name"].to_numpy()
    for j, name in enumerate(names):
        if name in real_categories:
            final[j] = real_categories[name]
            if remaining.get(final[j], 0) > 0:
                remaining[final[j]] -= 1
    free = np.flatnonzero(final == None)  # noqa: E711 - elementwise comparison on an object array
    pool = [c for c in ("RE", "CR", "EN", "VU", "NT", "LC", "DD", "NA") for _ in range(remaining.get(c, 0))]
    pool += ["LC"] * max(0, len(free) - len(pool))
    pool_array = np.asarray(pool[: len(free)], dtype=object)
    endangered = (chosen["endangered_2022"] != "").to_numpy()[free]
    # Threatened categories first in the pool; endangered species sorted first, with noise.
    order = np.argsort(-(endangered * 1.5 + rng.random(len(free))), kind="stable")
    severity = np.array([("RE", "CR", "EN", "VU", "NT", "LC", "DD", "NA").index(c) for c in pool_array])
    jitter = severity + rng.normal(0, 1.2, len(pool_array))
    final[free[order]] = pool_array[np.argsort(jitter, kind="stable")]
    return final


GLOBAL_ROUNDS: dict[str, tuple[int, ...]] = {
    "Birds": (2008, 2012, 2016, 2020, 2024), "Mammals": (1996, 2008, 2020), "Amphibians": (2004, 2022),
}
GLOBAL_LATEST = {"LC": 0.78, "NT": 0.08, "VU": 0.07, "EN": 0.04, "CR": 0.02, "DD": 0.01}


def global_red_list_history(
    rng: np.random.Generator, taxa: pd.DataFrame, group: str, size: int
) -> tuple[tuple[int, ...], list[pd.DataFrame]]:
    """IUCN (global scope) assessments of a subset of Korean species, keyed by a sample SIS id."""
    natives = taxa[(taxa["taxon_group"] == group) & (taxa["role"] == "native") & (taxa["rank"] == "species")]
    chosen = natives.iloc[np.sort(rng.choice(len(natives), size=min(size, len(natives)), replace=False))]
    n = len(chosen)
    years = GLOBAL_ROUNDS[group]
    categories = [choose(rng, GLOBAL_LATEST, n)]
    for _ in years[:-1]:
        previous = categories[0].copy()
        level = np.array([SEVERITY.index(c) if c in SEVERITY else -1 for c in previous])
        change = (level >= 1) & (rng.random(n) < 0.04)
        previous[change] = np.asarray(SEVERITY, dtype=object)[level[change] - 1]
        categories.insert(0, previous)
    sis = np.array([f"SIS-{22_600_000 + int(i) * 7}" for i in chosen["id"]], dtype=object)
    frames = []
    for k in range(len(years)):
        changed = categories[k] != categories[k - 1] if k else np.zeros(n, dtype=bool)
        frames.append(pd.DataFrame({
            "taxon_key": sis, "taxon_id": chosen["id"].to_numpy(), "taxon_group": group, "category": categories[k],
            "criteria": None, "reason_for_change": null_where(np.full(n, "genuine", dtype=object), ~changed),
            "is_backcast": False,
        }))
    return years, frames


# --- living planet index -------------------------------------------------------------------------

# rlpi data files (§ indicators.md 1): group = system (1 terrestrial, 2 freshwater, 3 marine);
# Weighting = class share within the system, WeightingB = system share. Sample values.
LPI_DATASETS: tuple[tuple[str, int, float, float, str, str, tuple[str, ...], float, float, str, str], ...] = (
    # name, group, weighting, weighting_b, system, description, taxon groups, share of pops, median count, units, method
    ("KR_terrestrial_birds", 1, 0.55, 0.45, "terrestrial", "Breeding bird survey (national ecosystem survey)",
     ("Birds",), 0.25, 60, "Number of individuals", "Point count"),
    ("KR_terrestrial_mammals", 1, 0.30, 0.45, "terrestrial", "Mammal camera-trap and track surveys",
     ("Mammals",), 0.10, 25, "Detections per 100 trap-nights", "Camera trapping"),
    ("KR_terrestrial_herps", 1, 0.15, 0.45, "terrestrial", "Reptile transect surveys",
     ("Reptiles",), 0.05, 20, "Individuals per km", "Transect"),
    ("KR_freshwater_waterbirds", 2, 0.45, 0.35, "freshwater", "Winter waterbird census",
     ("Birds",), 0.22, 1500, "Number of individuals", "Winter census"),
    ("KR_freshwater_fishes", 2, 0.40, 0.35, "freshwater", "National aquatic ecosystem health survey (fish)",
     ("Fishes",), 0.20, 80, "Catch per unit effort", "Electrofishing"),
    ("KR_freshwater_amphibians", 2, 0.15, 0.35, "freshwater", "Amphibian breeding-site monitoring",
     ("Amphibians",), 0.10, 40, "Number of egg masses", "Call and egg-mass survey"),
    ("KR_marine_vertebrates", 3, 1.00, 0.20, "marine", "Marine mammals and seabirds",
     ("Mammals", "Birds"), 0.08, 120, "Number of individuals", "Boat survey"),
)


def generate_lpi(build: Build, taxa: pd.DataFrame) -> None:
    """Population time series 1980–2024 for a few Korean rlpi data files: noisy trends, some zeros,
    some single-point populations (which the LPI must skip and report)."""
    rng = build.rng("lpi")
    geo = build.geo
    counts_per_dataset = largest_remainder([d[7] for d in LPI_DATASETS], build.spec.lpi_populations)
    datasets, populations, counts = [], [], []
    pop_id = 0
    for d_id, (dataset, n_pops) in enumerate(zip(LPI_DATASETS, counts_per_dataset, strict=True), start=1):
        name, group_id, weighting, weighting_b, system, description, groups, _share, median, units, method = dataset
        datasets.append((d_id, name, group_id, weighting, weighting_b, system, description))
        pool = taxa[taxa["taxon_group"].isin(groups) & (taxa["role"] == "native") & (taxa["rank"] == "species")]
        species = pool.iloc[rng.choice(len(pool), size=min(len(pool), max(1, n_pops // 2)), replace=False)]
        species_of = rng.integers(0, len(species), n_pops)
        provinces = rng.choice(len(geo.province_codes), size=n_pops, p=geo.province_areas / geo.province_areas.sum())
        lon, lat = geo.sample_points(rng, provinces)
        for j in range(n_pops):
            pop_id += 1
            taxon = species.iloc[int(species_of[j])]
            code = geo.province_codes[provinces[j]]
            district = kn.DISTRICTS[code][j % len(kn.DISTRICTS[code])]
            populations.append((pop_id, d_id, str(910_000 + pop_id), taxon["scientific_name"].replace(" ", "_"),
                                int(taxon["id"]), f"{geo.province_names[provinces[j]]} {district}",
                                round(float(lat[j]), 4), round(float(lon[j]), 4), units, method))
            counts.extend((pop_id, year, value) for year, value in population_series(rng, median))
    dataset_frame = pd.DataFrame(datasets, columns=["id", "name", "group_id", "weighting", "weighting_b", "system", "description"])
    pop_frame = pd.DataFrame(populations, columns=["id", "dataset_id", "population_key", "binomial", "taxon_id",
                                                   "location", "latitude", "longitude", "units", "method"])
    count_frame = pd.DataFrame(counts, columns=["population_id", "year", "value"])
    with build.source("lpi") as source:
        build.write(source, PopulationDataset, frame_columns(dataset_frame))
        build.write(source, Population, frame_columns(pop_frame))
        update_digest(source.digest, "population_count", frame_columns(count_frame))
        build.write(None, PopulationCount, frame_columns(count_frame))


def population_series(rng: np.random.Generator, median: float) -> list[tuple[int, float]]:
    """One population's counts: a log-linear trend with process and observation noise."""
    start = 1980 + int(40 * rng.beta(1.3, 1.6))
    if rng.random() < 0.06:  # single-point population
        return [(start, float(round(rng.lognormal(np.log(median), 0.8))))]
    end = int(min(2024, start + 3 + rng.integers(0, 2025 - start)))
    years = np.arange(start, end + 1)
    years = years[(rng.random(len(years)) < rng.uniform(0.35, 0.95)) | (years == start) | (years == end)]
    trend = rng.normal(-0.012, 0.035)
    walk = np.cumsum(rng.normal(0, 0.06, len(years)))
    level = np.log(median) + rng.normal(0, 0.9)
    values = np.exp(level + trend * (years - start) + walk + rng.normal(0, 0.18, len(years)))
    values = np.round(values) if median >= 20 else np.round(values, 1)
    zero = rng.random(len(years)) < (0.15 if np.exp(level) < 15 else 0.02)
    values[zero] = 0.0
    return list(zip(years.tolist(), values.tolist(), strict=True))


def frame_columns(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """Columns of a frame as arrays (object for text, native dtype otherwise)."""
    return {c: frame[c].to_numpy(object if frame[c].dtype == object else None) for c in frame.columns}


# --- occurrences ---------------------------------------------------------------------------------

# Datasets the records come from: (key, title, publisher, licence, published to GBIF/KBIF).
SOURCE_DATASETS: tuple[tuple[str, str, str, str, bool], ...] = (
    ("sample-nibr-specimens", "NIBR specimen collection (sample)", "국립생물자원관 NIBR", "CC_BY_4_0", True),
    ("sample-kna-herbarium", "Korea National Arboretum herbarium (sample)", "국립수목원 KNA", "CC0_1_0", True),
    ("sample-nnibr-freshwater", "Nakdonggang NIBR freshwater collections (sample)", "국립낙동강생물자원관 NNIBR", "CC_BY_NC_4_0", False),
    ("sample-hnibr-island", "Honam NIBR island and coastal collections (sample)", "국립호남권생물자원관 HNIBR", "CC_BY_4_0", False),
    ("sample-nie-ecosystem-survey", "National ecosystem survey observations (sample)", "국립생태원 NIE", "CC_BY_4_0", True),
    ("sample-citizen-science", "Citizen science nature records (sample)", "국립생물자원관 NIBR", "CC_BY_NC_4_0", True),
    ("sample-waterbird-census", "Winter waterbird census (sample)", "국립생물자원관 NIBR", "CC0_1_0", True),
    ("sample-kbif-observations", "KBIF aggregated observations (sample)", "한국생물다양성정보기구 KBIF", "CC_BY_4_0", True),
)
BASIS_OF_RECORD = ("PRESERVED_SPECIMEN", "HUMAN_OBSERVATION", "MATERIAL_SAMPLE", "MACHINE_OBSERVATION",
                   "LIVING_SPECIMEN", "MATERIAL_CITATION", "OCCURRENCE")
SPECIMEN_BASES = frozenset({"PRESERVED_SPECIMEN", "MATERIAL_SAMPLE", "LIVING_SPECIMEN", "MATERIAL_CITATION"})
# Probability of each basis of record per group (columns in BASIS_OF_RECORD order).
BASIS_BY_GROUP: dict[str, tuple[float, ...]] = {
    "Mammals": (0.25, 0.55, 0.03, 0.14, 0.01, 0.01, 0.01), "Birds": (0.08, 0.84, 0.01, 0.05, 0.00, 0.01, 0.01),
    "Reptiles": (0.35, 0.58, 0.03, 0.00, 0.02, 0.01, 0.01), "Amphibians": (0.35, 0.55, 0.05, 0.03, 0.00, 0.01, 0.01),
    "Fishes": (0.45, 0.45, 0.05, 0.00, 0.02, 0.02, 0.01), "Insects": (0.62, 0.33, 0.02, 0.01, 0.00, 0.01, 0.01),
    "Other invertebrates": (0.60, 0.30, 0.06, 0.00, 0.01, 0.02, 0.01),
    "Vascular plants": (0.45, 0.47, 0.02, 0.00, 0.04, 0.01, 0.01), "Bryophytes": (0.75, 0.20, 0.03, 0.00, 0.00, 0.01, 0.01),
    "Algae": (0.55, 0.20, 0.22, 0.00, 0.01, 0.01, 0.01), "Fungi": (0.55, 0.37, 0.06, 0.00, 0.00, 0.01, 0.01),
    "Protists": (0.30, 0.05, 0.60, 0.00, 0.03, 0.01, 0.01), "Prokaryotes": (0.15, 0.00, 0.75, 0.00, 0.08, 0.01, 0.01),
}
# Institutions and collection codes for specimen records per group.
COLLECTIONS: dict[str, tuple[tuple[str, str, float], ...]] = {
    "Vascular plants": (("NIBR", "NIBRVP", 0.55), ("KNA", "KH", 0.35), ("HNIBR", "HNIBRVP", 0.10)),
    "Bryophytes": (("NIBR", "NIBRBR", 0.8), ("KNA", "KH", 0.2)),
    "Insects": (("NIBR", "NIBRIN", 0.75), ("NNIBR", "NNIBRIN", 0.10), ("HNIBR", "HNIBRIN", 0.15)),
    "Other invertebrates": (("NIBR", "NIBRIV", 0.65), ("NNIBR", "NNIBRIV", 0.20), ("HNIBR", "HNIBRIV", 0.15)),
    "Fishes": (("NIBR", "NIBRFI", 0.5), ("NNIBR", "NNIBRFI", 0.5)),
    "Algae": (("NIBR", "NIBRAL", 0.6), ("NNIBR", "NNIBRAL", 0.2), ("HNIBR", "HNIBRAL", 0.2)),
    "Fungi": (("NIBR", "NIBRFG", 0.7), ("KNA", "KFRI", 0.3)),
    "Protists": (("NIBR", "NIBRPR", 0.7), ("NNIBR", "NNIBRPR", 0.3)),
    "Prokaryotes": (("NIBR", "NIBRBA", 0.7), ("NNIBR", "NNIBRBA", 0.3)),
}
DEFAULT_COLLECTIONS = (("NIBR", "NIBRVR", 0.8), ("HNIBR", "HNIBRVR", 0.2))
DATASET_OF_INSTITUTION = {"NIBR": 1, "KNA": 2, "NNIBR": 3, "HNIBR": 4}
LOCALITIES_PER_PROVINCE = 40
GBIF_ISSUES = ("COORDINATE_ROUNDED", "GEODETIC_DATUM_ASSUMED_WGS84", "RECORDED_DATE_INVALID",
               "TAXON_MATCH_FUZZY", "COUNTRY_DERIVED_FROM_COORDINATES", "INSTITUTION_MATCH_NONE")


@dataclass
class OccurrencePlan:
    """What every chunk of occurrences needs, computed once."""

    taxon_index: np.ndarray  # rows of `taxa` that may have records
    taxon_id: np.ndarray  # their ids
    weights: np.ndarray
    group_code: np.ndarray  # group number per eligible taxon
    groups: list[str]
    alien_first_year: np.ndarray  # NaN for natives
    sensitive: np.ndarray
    scientific_name: np.ndarray  # with authorship, per eligible taxon
    verbatim_synonym: np.ndarray  # a synonym name or None
    localities: np.ndarray  # LOCALITIES_PER_PROVINCE locality strings per province, flat
    plain_name: np.ndarray  # scientific name without authorship, per eligible taxon
    rank: np.ndarray  # GBIF taxonRank (SPECIES, SUBSPECIES, VARIETY, GENUS) per eligible taxon
    recorders: np.ndarray
    province_weights: np.ndarray


def generate_occurrences(build: Build, taxa: pd.DataFrame) -> None:
    """Occurrence and specimen records in Darwin Core terms, written in chunks: basis-of-record mix,
    GBIF ids for published ones, record_key by the model's rule, points sampled inside province
    polygons, some records without coordinates, years 1950–2025 weighted recent, specimen triplets,
    establishment means 'introduced' for aliens from their first-record year, sensitive flags.
    The higher classification (kingdom … genus) is left NULL: it lives on the taxon each record
    points to, and 3 M copies of it would cost ~10 % of the national build."""
    rng = build.rng("occurrences")
    plan = plan_occurrences(rng, build.geo, taxa)
    datasets = pd.DataFrame([
        {"id": i, "key": key, "title": title, "publisher": publisher, "doi": f"10.0000/{key}", "licence": licence,
         "citation": f"{publisher} (2025). {title}. Sample dataset generated for the GBF dashboard."}
        for i, (key, title, publisher, licence, _published) in enumerate(SOURCE_DATASETS, start=1)
    ])
    total = build.spec.occurrences
    with build.source("occurrences") as source:
        build.write(source, SourceDataset, frame_columns(datasets))
        chunks = (occurrence_chunk(rng, build.geo, plan, start, min(build.spec.chunk, total - start))
                  for start in range(0, total, build.spec.chunk))
        with deferred_indexes(build.session, Occurrence):
            build.write_stream(source, Occurrence, chunks)


def plan_occurrences(rng: np.random.Generator, geo: Geography, taxa: pd.DataFrame) -> OccurrencePlan:
    eligible = taxa.index[taxa["role"].isin(["native", "invasive", "alien"])].to_numpy()
    sub = taxa.loc[eligible]
    groups = [g.name for g in tc.TAXON_GROUPS]
    group_code = np.array([groups.index(g) for g in sub["taxon_group"]])
    group_weight = np.array([tc.GROUP_BY_NAME[g].occurrence_weight for g in groups])
    # Within a group a few species are common and most are rare (Zipf-like ranks, random order).
    weights = np.empty(len(sub))
    for code in range(len(groups)):
        where = np.flatnonzero(group_code == code)
        ranks = rng.permutation(len(where)) + 1.0
        w = 1.0 / ranks**0.9
        weights[where] = w / w.sum() * group_weight[code]
    aliens = (sub["role"] != "native").to_numpy()
    weights[aliens] *= 0.5
    sensitive = (sub["endangered_2022"].isin(["I", "II"])).to_numpy()
    synonyms = taxa[taxa["name_status"] == "synonym"]
    synonym_of = dict(zip(synonyms["accepted_taxon_id"].astype(int), synonyms["scientific_name"], strict=False))
    localities = []
    for code, name in zip(geo.province_codes, geo.province_names, strict=True):
        districts = kn.DISTRICTS[code]
        places = kn.place_names(rng, LOCALITIES_PER_PROVINCE)
        localities.extend(f"{name} {districts[i % len(districts)]} {p} 일대" for i, p in enumerate(places))
    ko, roman = kn.person_names(rng, 1500)
    effort = {"11": 2.0, "50": 2.5, "42": 1.3, "46": 1.2}
    province_weights = geo.province_areas * np.array([effort.get(c, 1.0) for c in geo.province_codes])
    return OccurrencePlan(
        eligible, sub["id"].to_numpy(), weights / weights.sum(), group_code, groups, sub["first_record_year"].to_numpy(float), sensitive,
        np.array([f"{n} {a}".strip() for n, a in zip(sub["scientific_name"], sub["authorship"], strict=True)], dtype=object),
        np.array([synonym_of.get(int(i)) for i in sub["id"]], dtype=object), np.array(localities, dtype=object),
        sub["scientific_name"].to_numpy(object), sub["rank"].str.upper().to_numpy(object), roman,
        province_weights / province_weights.sum(),
    )


def occurrence_chunk(
    rng: np.random.Generator, geo: Geography, plan: OccurrencePlan, start: int, n: int
) -> dict[str, np.ndarray]:
    """`n` occurrence rows with ids from start+1, as columns (text built only where needed)."""
    ids = np.arange(start + 1, start + n + 1)
    which = rng.choice(len(plan.taxon_index), size=n, p=plan.weights)
    first_aliens = np.flatnonzero(~np.isnan(plan.alien_first_year))[:n] if start == 0 else np.array([], int)
    which[: len(first_aliens)] = first_aliens  # the first record of every alien, in its first-record year
    alien_first = plan.alien_first_year[which]
    group = plan.group_code[which]
    basis_index = pick_rows(rng, np.array([BASIS_BY_GROUP[g] for g in plan.groups])[group])
    is_specimen = np.isin(basis_index, [0, 2, 4, 5])
    # Years 1950–2025 weighted to recent decades; specimens a little older; aliens after first record.
    age = np.floor(rng.exponential(np.where(is_specimen, 18.0, 9.0)))
    year = np.clip(2025 - age, 1950, 2025).astype(int)
    alien = ~np.isnan(alien_first)
    first_year = np.nan_to_num(alien_first, nan=1950).astype(int)
    late = alien & (year < first_year)
    year[late] = first_year[late] + np.floor(rng.random(int(late.sum())) * (2026 - first_year[late])).astype(int)
    year[: len(first_aliens)] = first_year[: len(first_aliens)]
    date = np.minimum(year_start(year) + np.clip(rng.normal(175, 55, n), 0, 364).astype(int), AS_OF)
    date_text, date_start = event_date_texts(rng, date)
    # Coordinates inside a province for 93 %; the rest have a province from the locality or none.
    province = rng.choice(len(geo.province_codes), size=n, p=plan.province_weights)
    lon, lat = geo.sample_points(rng, province)
    has_coords = rng.random(n) < 0.93
    sensitive = plan.sensitive[which]
    uncertainty = np.where(is_specimen & (year < 1990), rng.lognormal(np.log(3000), 0.7, n), rng.lognormal(np.log(60), 1.1, n))
    uncertainty = np.where(sensitive, 10_000.0, np.round(uncertainty))
    uncertainty[(rng.random(n) < 0.3) | ~has_coords] = np.nan
    province_code = null_where(np.asarray(geo.province_codes, dtype=object)[province], ~has_coords & (rng.random(n) < 0.5))
    locality = plan.localities[province * LOCALITIES_PER_PROVINCE + rng.integers(0, LOCALITIES_PER_PROVINCE, n)]
    institution, collection, catalog, dataset = specimen_triplets(rng, plan, group, is_specimen, ids)
    published_dataset = np.array([False] + [d[4] for d in SOURCE_DATASETS])[dataset]
    is_published = (published_dataset & (rng.random(n) < 0.92)) | (~published_dataset & (rng.random(n) < 0.15))
    gbif_id = np.full(n, None, dtype=object)
    gbif_id[is_published] = (ids[is_published] * 3 + 1_600_000_000).astype(str).astype(object)
    occurrence_id = occurrence_ids(rng, institution, collection, catalog, dataset, ids, is_specimen, is_published)
    record_key = gbif_id.copy()
    no_gbif = ~is_published
    record_key[no_gbif] = occurrence_id[no_gbif]
    triplet = no_gbif & (occurrence_id == None)  # noqa: E711 - elementwise comparison on an object array
    record_key[triplet] = [f"{a}:{b}:{c}" for a, b, c in zip(institution[triplet], collection[triplet], catalog[triplet], strict=True)]
    recorded_by = plan.recorders[rng.integers(0, len(plan.recorders), n)]
    two = rng.random(n) < 0.25
    recorded_by[two] = recorded_by[two] + " | " + plan.recorders[rng.integers(0, len(plan.recorders), int(two.sum()))]
    establishment = null_where(np.full(n, "native", dtype=object), rng.random(n) < 0.55)
    establishment[alien] = "introduced"
    degree = null_where(choose(rng, {"established": 0.6, "invasive": 0.25, "casual": 0.15}, n), ~alien | (rng.random(n) < 0.3))
    verbatim = plan.plain_name[which]
    use_synonym = (plan.verbatim_synonym[which] != None) & (rng.random(n) < 0.3)  # noqa: E711
    verbatim[use_synonym] = plan.verbatim_synonym[which][use_synonym]
    digitised = np.where(is_specimen, np.maximum(year, 2004) + rng.integers(0, 6, n), year + rng.integers(0, 2, n))
    issues = null_where(np.asarray(GBIF_ISSUES, dtype=object)[rng.integers(0, len(GBIF_ISSUES), n)], rng.random(n) > 0.08)
    return {
        "id": ids, "record_key": record_key, "gbif_id": gbif_id, "occurrence_id": occurrence_id,
        "basis_of_record": np.asarray(BASIS_OF_RECORD, dtype=object)[basis_index],
        "occurrence_status": np.where(rng.random(n) < 0.995, "PRESENT", "ABSENT").astype(object),
        "scientific_name": plan.scientific_name[which], "verbatim_scientific_name": verbatim,
        "taxon_id": plan.taxon_id[which], "taxon_group": np.asarray(plan.groups, dtype=object)[group],
        "taxon_rank": plan.rank[which],
        "decimal_latitude": np.where(has_coords, lat, np.nan), "decimal_longitude": np.where(has_coords, lon, np.nan),
        "coordinate_uncertainty_m": uncertainty, "country_code": np.full(n, "KR", dtype=object),
        "province_code": province_code, "locality": locality, "event_date": date_text, "event_date_start": date_start,
        "year": year, "institution_code": institution, "collection_code": collection, "catalog_number": catalog,
        "recorded_by": recorded_by, "establishment_means": establishment, "degree_of_establishment": degree,
        "license": np.array([d[3] for d in SOURCE_DATASETS], dtype=object)[dataset - 1],
        "is_sensitive": sensitive, "is_published": is_published, "digitised_year": np.minimum(digitised, 2025),
        "dataset_id": dataset, "issues": issues,
    }


def event_date_texts(rng: np.random.Generator, date: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """eventDate as published (full date; 6 % year-month only; 4 % an interval) and its start date."""
    n = len(date)
    text = np.datetime_as_string(date, unit="D").astype(object)
    partial = rng.random(n) < 0.06
    text[partial] = np.datetime_as_string(date[partial], unit="M").astype(object)
    interval = ~partial & (rng.random(n) < 0.04)
    ends = np.datetime_as_string(np.minimum(date[interval] + rng.integers(1, 7, int(interval.sum())), AS_OF), unit="D")
    text[interval] = text[interval] + "/" + ends.astype(object)
    start = date.copy()
    start[partial] = date[partial].astype("datetime64[M]").astype("datetime64[D]")
    return text, start


def specimen_triplets(
    rng: np.random.Generator, plan: OccurrencePlan, group: np.ndarray, is_specimen: np.ndarray, ids: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Institution, collection and catalogue number of specimens; the dataset of every record."""
    n = len(ids)
    institution = np.full(n, None, dtype=object)
    collection = np.full(n, None, dtype=object)
    dataset = choose(rng, {"5": 0.35, "6": 0.35, "8": 0.30}, n).astype(int)
    birds = group == plan.groups.index("Birds")
    dataset[birds & (rng.random(n) < 0.5)] = 7  # winter waterbird census
    for code, name in enumerate(plan.groups):
        where = np.flatnonzero(is_specimen & (group == code))
        options = COLLECTIONS.get(name, DEFAULT_COLLECTIONS)
        picked = rng.choice(len(options), size=len(where), p=[o[2] for o in options])
        institution[where] = np.array([o[0] for o in options], dtype=object)[picked]
        collection[where] = np.array([o[1] for o in options], dtype=object)[picked]
        dataset[where] = np.array([DATASET_OF_INSTITUTION[o[0]] for o in options])[picked]
    catalog = np.full(n, None, dtype=object)
    catalog[is_specimen] = collection[is_specimen] + np.char.zfill(ids[is_specimen].astype(str), 8).astype(object)
    return institution, collection, catalog, dataset


def occurrence_ids(
    rng: np.random.Generator, institution: np.ndarray, collection: np.ndarray, catalog: np.ndarray,
    dataset: np.ndarray, ids: np.ndarray, is_specimen: np.ndarray, is_published: np.ndarray,
) -> np.ndarray:
    """occurrenceID: a catalogue URN for specimens, a dataset-scoped id for observations; 8 % of
    specimens and published records have none, and a few published records repeat one."""
    n = len(ids)
    out = np.empty(n, dtype=object)
    spec = is_specimen
    out[spec] = "urn:catalog:" + institution[spec] + ":" + collection[spec] + ":" + catalog[spec]
    obs = ~spec
    keys = np.array([d[0] + ":" for d in SOURCE_DATASETS], dtype=object)
    out[obs] = keys[dataset[obs] - 1] + np.char.zfill(ids[obs].astype(str), 9).astype(object)
    missing = (rng.random(n) < 0.08) & (is_specimen | is_published)
    out[missing] = None
    repeat = np.flatnonzero(is_published & ~missing)
    if len(repeat) > 10:
        out[rng.choice(repeat[1:], size=max(1, len(repeat) // 500), replace=False)] = out[repeat[0]]
    return out


def pick_rows(rng: np.random.Generator, probabilities: np.ndarray) -> np.ndarray:
    """For each row of a probability matrix, the index drawn from that row."""
    cumulative = np.cumsum(probabilities, axis=1)
    u = rng.random(len(probabilities)) * cumulative[:, -1]
    return (u[:, None] >= cumulative).sum(axis=1)


# --- protected areas -----------------------------------------------------------------------------

# Seaward vertices of the sample EEZ (scaled about EEZ_CENTRE until the area is EEZ_AREA_KM2) and
# inland vertices south of the DMZ that close the ring over land (removed with the land).
EEZ_SEAWARD: tuple[tuple[float, float], ...] = (
    (124.10, 37.70), (123.70, 37.00), (123.90, 36.00), (124.10, 35.00), (123.90, 34.00), (124.50, 33.00),
    (125.30, 32.20), (126.40, 31.90), (127.40, 32.30), (128.20, 33.30), (128.90, 34.10), (129.40, 34.70),
    (130.00, 35.20), (130.70, 35.60), (131.60, 36.20), (132.20, 36.90), (132.30, 37.50), (131.70, 38.30),
    (130.60, 38.62),
)
EEZ_INLAND: tuple[tuple[float, float], ...] = (
    (128.36, 38.62), (128.20, 38.30), (127.60, 38.20), (127.10, 38.00), (126.70, 37.80), (126.50, 37.75),
)
EEZ_CENTRE = (127.6, 35.9)

# NGII sido code → ISO 3166-2 (WDPA SUB_LOC); Sejong and Jeju differ between the two systems.
ISO_3166_2: dict[str, str] = {
    "11": "KR-11", "26": "KR-26", "27": "KR-27", "28": "KR-28", "29": "KR-29", "30": "KR-30", "31": "KR-31",
    "36": "KR-50", "41": "KR-41", "42": "KR-42", "43": "KR-43", "44": "KR-44", "45": "KR-45", "46": "KR-46",
    "47": "KR-47", "48": "KR-48", "50": "KR-49",
}
BLOB_VERTICES = 28
COVERAGE_STATUSES = frozenset({"Designated", "Inscribed", "Established"})
TO_MOLLWEIDE = Transformer.from_crs("EPSG:4326", MOLLWEIDE, always_xy=True)


@dataclass
class Site:
    """One protected area (site) with its parcels, before and after its geometry is built."""

    designation: pac.Designation
    name_ko: str
    name_en: str
    centres: list[tuple[float, float]]
    area_km2: float  # nominal total area
    realm: str
    year: int | None
    status: str
    calibrate: str | None = None  # 'land' or 'sea' when resized to reach the coverage targets
    is_point: bool = False
    invalid: bool = False
    scale: float = 1.0
    noise: np.ndarray = field(default_factory=lambda: np.ones(BLOB_VERTICES))
    parcels: list[BaseGeometry] = field(default_factory=list)
    footprints: list[BaseGeometry] = field(default_factory=list)  # valid, in Mollweide, points buffered

    @property
    def counts_for_coverage(self) -> bool:
        return self.status in COVERAGE_STATUSES and self.designation.key != "mab"


def generate_protected_areas(build: Build) -> None:
    """~300 (sample) or ~2,800 (national) protected areas with real Korean designations, placed in
    provinces or off the coast, resized so that dissolved PA+OECM coverage is ~17.9 % of land and
    ~2.1 % of the sample EEZ, with status years that make coverage grow as in §2.4; plus the
    sample EEZ boundary and a few Key Biodiversity Areas."""
    rng = build.rng("wdpa")
    geo = build.geo
    geo.eez = compose_eez(geo.land, build.session)
    sites = plan_sites(rng, build.spec, geo)
    land_m, eez_m = to_mollweide(geo.land), to_mollweide(geo.eez)
    for site in sites:
        build_site_geometry(site, geo)
    calibrate_site_sizes(sites, geo, land_m, eez_m)
    assign_site_years(rng, sites, land_m, eez_m)
    with build.source("eez") as source:
        next_id = int(build.session.scalar(select(func.max(AdminBoundary.id))) or 0) + 1
        build.write(source, AdminBoundary, {
            "id": [next_id], "level": ["eez"], "code": ["KOR-EEZ"], "code_system": ["sample"],
            "name_ko": ["대한민국 배타적경제수역 (예시)"], "name_en": ["Republic of Korea EEZ (approximate, sample)"],
            "area_km2": [area_km2(geo.eez)], "source": [EEZ_SOURCE], "geom": [geo.eez],
            "display_geom": [geo.eez.simplify(0.01, preserve_topology=True)],
        })
    with build.source("wdpa") as source:
        build.write(source, ProtectedArea, protected_area_columns(rng, sites, geo))
    with build.source("kba") as source:
        build.write(source, KeyBiodiversityArea, kba_columns(rng))


def compose_eez(land: BaseGeometry, session: Session) -> BaseGeometry:
    """A plausible EEZ polygon around the peninsula minus land, with Mollweide area EEZ_AREA_KM2."""
    north = session.scalars(
        select(AdminBoundary.geom).where(AdminBoundary.level == "world_country", AdminBoundary.code.in_(["KP", "JP", "CN"]))
    ).all()
    other_land = shapely.union_all([land, *north])

    def eez_for(factor: float) -> BaseGeometry:
        cx, cy = EEZ_CENTRE
        seaward = [(cx + (x - cx) * factor, cy + (y - cy) * factor) for x, y in EEZ_SEAWARD]
        sea = shapely.make_valid(Polygon([*seaward, *EEZ_INLAND]).difference(other_land))
        parts = [p for p in shapely.get_parts(sea) if p.geom_type == "Polygon" and p.area > 0.05]  # no slivers
        return shapely.MultiPolygon(parts) if len(parts) > 1 else parts[0]

    low, high = 0.7, 1.5
    for _ in range(40):
        mid = (low + high) / 2
        if area_km2(eez_for(mid)) < EEZ_AREA_KM2:
            low = mid
        else:
            high = mid
    return eez_for((low + high) / 2)


def plan_sites(rng: np.random.Generator, spec: ScaleSpec, geo: Geography) -> list[Site]:
    """Named sites of the catalogue plus generic sites of each designation at this scale."""
    sites: list[Site] = []
    named = (*pac.NATIONAL_PARKS, *pac.NATURAL_RESERVES, *pac.RAMSAR_SITES, *pac.MAB_RESERVES,
             *pac.WORLD_HERITAGE, *pac.NAMED_MARINE)
    for entry in named:
        designation = pac.DESIGNATION_BY_KEY[entry.designation]
        site = Site(designation, entry.name_ko, entry.name_en, list(entry.centres), entry.area_km2, entry.realm,
                    entry.year, entry.status or designation.status)
        site.noise = shape_noise(rng)
        site.is_point = entry.area_km2 < 0.5 and entry.realm == "coastal"
        sites.append(site)
    ridge = pac.DESIGNATION_BY_KEY["baekdudaegan"]
    sites.append(Site(ridge, "백두대간보호지역", "Baekdudaegan Mountains Protected Area", [], ridge.median_km2,
                      "terrestrial", 2005, ridge.status))
    land_band = coastal_band(geo)
    for designation in pac.DESIGNATIONS:
        count = designation.generic_national if spec.list_factor >= 1 else designation.generic_sample
        if count == 0:
            continue
        sites.extend(generic_sites(rng, designation, count, spec, geo, land_band))
    # A few deliberately invalid (self-intersecting) polygons, as real WDPA data have.
    small = [s for s in sites if s.designation.key == "wildlife_local" and not s.is_point]
    for site in small[:2]:
        site.invalid = True
    return sites


def shape_noise(rng: np.random.Generator) -> np.ndarray:
    """Smooth random radius multipliers for an irregular blob, normalised to keep its area."""
    k = np.arange(BLOB_VERTICES) * 2 * np.pi / BLOB_VERTICES
    noise = np.ones(BLOB_VERTICES)
    for harmonic in (2, 3, 5):
        noise += rng.normal(0, 0.18 / harmonic) * np.cos(harmonic * k + rng.uniform(0, 2 * np.pi))
    noise = np.clip(noise, 0.4, None)
    return noise / np.sqrt(np.mean(noise**2))


def coastal_band(geo: Geography) -> BaseGeometry:
    """Sea within ~25 km of the coast and inside the EEZ, where marine sites are placed."""
    assert geo.eez is not None
    band = geo.land.buffer(0.25).intersection(geo.eez).difference(geo.land.buffer(0.02))
    shapely.prepare(band)
    return band


def generic_sites(
    rng: np.random.Generator, designation: pac.Designation, count: int, spec: ScaleSpec, geo: Geography,
    band: BaseGeometry,
) -> list[Site]:
    """`count` unnamed sites of one designation with random centres and lognormal areas."""
    national = max(designation.generic_national, 1)
    median = designation.median_km2 * (1.0 if spec.list_factor >= 1 else national / max(count, 1))
    areas = rng.lognormal(np.log(median), 0.9, count)
    if designation.realm == "terrestrial":
        weights = geo.province_areas * np.where(np.isin(geo.province_codes, ["42", "47", "48", "45", "46"]), 1.4, 1.0)
        provinces = rng.choice(len(geo.province_codes), size=count, p=weights / weights.sum())
        lon, lat = geo.sample_points(rng, provinces)
    else:
        lon, lat = points_in(rng, band, count)
        provinces = nearest_provinces(geo, lon, lat)
    suffix_ko, suffix_en = pac.GENERIC_NAME_SUFFIX[designation.key]
    places = kn.place_names(rng, count)
    calibrate = None
    if designation.counts_for_coverage_calibration:
        calibrate = "land" if designation.realm == "terrestrial" else "sea"
    sites = []
    for i in range(count):
        code = geo.province_codes[provinces[i]]
        district = kn.DISTRICTS[code][i % len(kn.DISTRICTS[code])]
        status = designation.status
        if calibrate and rng.random() < 0.03:
            status = "Proposed"
        site = Site(designation, f"{district} {places[i]} {suffix_ko}",
                    f"{geo_name_en(code)} {suffix_en} {i + 1}", [(float(lon[i]), float(lat[i]))], float(areas[i]),
                    designation.realm, None, status, calibrate)
        site.noise = shape_noise(rng)
        site.is_point = rng.random() < designation.point_share
        if site.is_point:
            site.calibrate = None
        sites.append(site)
    return sites


def geo_name_en(code: str) -> str:
    from sample_data.reference_data import PROVINCE_NAME_EN

    return PROVINCE_NAME_EN[code]


def points_in(rng: np.random.Generator, region: BaseGeometry, n: int) -> tuple[np.ndarray, np.ndarray]:
    """n uniform random points inside a (prepared) region."""
    minx, miny, maxx, maxy = region.bounds
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    have = 0
    while have < n:
        x = rng.uniform(minx, maxx, max(64, (n - have) * 8))
        y = rng.uniform(miny, maxy, len(x))
        inside = shapely.contains_xy(region, x, y)
        xs.append(x[inside])
        ys.append(y[inside])
        have += int(inside.sum())
    return np.concatenate(xs)[:n], np.concatenate(ys)[:n]


def nearest_provinces(geo: Geography, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Index of the province nearest to each point (for sites at sea)."""
    points = shapely.points(lon, lat)
    distances = np.stack([shapely.distance(points, g) for g in geo.simplified])
    return distances.argmin(axis=0)


def blob(lon: float, lat: float, area: float, noise: np.ndarray) -> Polygon:
    """An irregular polygon of about `area` km² around (lon, lat)."""
    radius_km = np.sqrt(area / np.pi)
    angles = np.arange(BLOB_VERTICES) * 2 * np.pi / BLOB_VERTICES
    dlat = radius_km * noise * np.sin(angles) / 110.57
    dlon = radius_km * noise * np.cos(angles) / (111.32 * np.cos(np.radians(lat)))
    return Polygon(np.column_stack([lon + dlon, lat + dlat]))


def build_site_geometry(site: Site, geo: Geography) -> None:
    """Parcels of a site (blobs clipped to land if terrestrial, to the sea if marine, else as they
    are) and their Mollweide footprints used for coverage."""
    site.parcels = site_parcels(site, geo)
    reported = site.area_km2 / max(len(site.parcels), 1)
    site.footprints = [mollweide_footprint(shapely.make_valid(p), reported) for p in site.parcels]


def site_parcels(site: Site, geo: Geography) -> list[BaseGeometry]:
    if site.is_point:
        return [Point(c) for c in site.centres]
    if site.designation.key == "baekdudaegan":
        width = 0.0225 * site.scale
        return [LineString(pac.BAEKDUDAEGAN_RIDGE).buffer(width, quad_segs=4).intersection(geo.land)]
    area = site.area_km2 * site.scale / len(site.centres)
    parcels = []
    for lon, lat in site.centres:
        shape = blob(lon, lat, area, site.noise)
        nearby_land = shapely.clip_by_rect(geo.land, *shape.bounds)
        if site.realm == "terrestrial":
            clipped = shape.intersection(nearby_land)
            shape = clipped if clipped.area > 0.3 * shape.area else shape
        elif site.realm == "marine":
            shape = shape.difference(nearby_land)
        if site.invalid:
            minx, miny, maxx, maxy = shape.bounds
            shape = Polygon([(minx, miny), (maxx, maxy), (maxx, miny), (minx, maxy)])  # a bow-tie
        parcels.append(shape)
    return parcels


def coverage(sites: Sequence[Site], land_m: BaseGeometry, eez_m: BaseGeometry, year: int | None = None) -> tuple[float, float]:
    """Dissolved land and EEZ coverage (shares) of the sites that count, as Protected Planet computes it."""
    geoms = [
        footprint for site in sites
        if site.counts_for_coverage and (year is None or site.year is None or site.year <= year)
        for footprint in site.footprints
    ]
    if not geoms:
        return 0.0, 0.0
    union = shapely.union_all(np.array(geoms, dtype=object))
    return union.intersection(land_m).area / land_m.area, union.intersection(eez_m).area / eez_m.area


def mollweide_footprint(geom: BaseGeometry, reported_km2: float) -> BaseGeometry:
    """A parcel in Mollweide; points become circles of their reported area (data_formats.md §1.3)."""
    if geom.geom_type == "Point":
        x, y = TO_MOLLWEIDE.transform(geom.x, geom.y)
        return Point(x, y).buffer(np.sqrt(reported_km2 * 1e6 / np.pi), quad_segs=8)
    return to_mollweide(geom)


def calibrate_site_sizes(sites: list[Site], geo: Geography, land_m: BaseGeometry, eez_m: BaseGeometry) -> None:
    """Resize the calibrated generic sites (and the Baekdudaegan band) to reach the 2025 targets."""
    land_target = pac.LAND_COVERAGE_TARGET[2025]
    sea_target = pac.MARINE_COVERAGE_TARGET[2025]
    fixed = [s for s in sites if s.calibrate is None]
    fixed_land, fixed_sea = coverage(fixed, land_m, eez_m)
    ridge = next(s for s in sites if s.designation.key == "baekdudaegan")
    ridge_area = sum(area_km2(p) for p in ridge.parcels)
    ridge.scale = ridge.area_km2 / ridge_area
    build_site_geometry(ridge, geo)
    land_scale = sea_scale = 1.0
    for _ in range(5):
        land_now, sea_now = coverage(sites, land_m, eez_m)
        if abs(land_now - land_target) < 0.0015 and abs(sea_now - sea_target) < 0.0008:
            break
        land_scale *= max(0.05, (land_target - fixed_land) / max(land_now - fixed_land, 1e-6))
        sea_scale *= max(0.05, (sea_target - fixed_sea) / max(sea_now - fixed_sea, 1e-6))
        for site in sites:
            if site.calibrate == "land":
                site.scale = land_scale
            elif site.calibrate == "sea":
                site.scale = sea_scale
            else:
                continue
            build_site_geometry(site, geo)


def assign_site_years(rng: np.random.Generator, sites: list[Site], land_m: BaseGeometry, eez_m: BaseGeometry) -> None:
    """Status years: real ones for named sites; generic calibrated sites spread so that coverage
    grows like §2.4's series; OECMs from 2023; a few unknown (NULL) years."""
    for site in sites:
        if site.year is None and site.calibrate is None:
            d = site.designation
            if d.key == "oecm":
                site.year = int(choose(rng, {"2023": 0.25, "2024": 0.6, "2025": 0.15}, 1)[0])
            else:
                site.year = int(rng.integers(d.first_year, d.last_year + 1))
    years = list(range(1965, 2026))
    fixed = [s for s in sites if s.calibrate is None]
    # Fixed sites' coverage only changes in years when one of them was designated.
    change_years = sorted({s.year for s in fixed if s.year is not None and s.counts_for_coverage} | {years[0]})
    at_change = np.array([coverage(fixed, land_m, eez_m, y) for y in change_years])
    step = np.searchsorted(change_years, years, side="right") - 1
    for realm, targets, index in (("land", pac.LAND_COVERAGE_TARGET, 0), ("sea", pac.MARINE_COVERAGE_TARGET, 1)):
        flexible = [s for s in sites if s.calibrate == realm]
        if not flexible:
            continue
        fixed_by_year = at_change[step, index]
        wanted = np.maximum.accumulate(np.clip(interpolate_series(targets, years) - fixed_by_year, 0, None))
        share = wanted / wanted[-1] if wanted[-1] > 0 else np.linspace(0, 1, len(years))
        sizes = np.array([s.area_km2 for s in flexible])
        order = rng.permutation(len(flexible))
        cumulative = np.cumsum(sizes[order]) / sizes.sum()
        for position, site_index in enumerate(order):
            site = flexible[site_index]
            year = years[min(int(np.searchsorted(share, cumulative[position] - 1e-9)), len(years) - 1)]
            site.year = int(np.clip(year, site.designation.first_year, site.designation.last_year))
    for site in sites:
        if site.status == "Proposed":
            site.year = None
        elif site.calibrate and rng.random() < 0.015:
            site.year = None  # WDPA STATUS_YR 0: unknown


def protected_area_columns(rng: np.random.Generator, sites: list[Site], geo: Geography) -> dict[str, np.ndarray]:
    """One row per parcel with the WDPA attributes."""
    rows = []
    land = geo.land
    centres = np.array([s.centres[0] if s.centres else pac.BAEKDUDAEGAN_RIDGE[6] for s in sites])
    provinces = nearest_provinces(geo, centres[:, 0], centres[:, 1])
    for number, (site, province) in enumerate(zip(sites, provinces, strict=True), start=1):
        site_id = 555_600_000 + number
        d = site.designation
        for k, parcel in enumerate(site.parcels, start=1):
            reported = site.area_km2 * (site.scale if site.calibrate else 1.0) / len(site.parcels)
            if site.is_point:
                gis = gis_marine = 0.0
                marine_share = 0.0 if site.realm == "terrestrial" else 0.9
                realm = "marine" if marine_share > 0.9 else ("coastal" if marine_share > 0.1 else "terrestrial")
            else:
                valid = shapely.make_valid(parcel)
                gis = area_km2(valid)
                gis_marine = area_km2(valid.difference(land)) if site.realm != "terrestrial" else 0.0
                marine_share = gis_marine / gis if gis else 0.0
                realm = "marine" if marine_share > 0.9 else ("coastal" if marine_share > 0.1 else "terrestrial")
                if site.calibrate:
                    reported = gis * float(rng.uniform(0.97, 1.03))
            rows.append({
                "site_id": site_id, "parcel_id": str(site_id) if len(site.parcels) == 1 else f"{site_id}_{k}",
                "site_type": d.site_type, "name_en": site.name_en, "name_orig": site.name_ko,
                "designation": d.name_ko, "designation_en": d.name_en, "designation_type": d.designation_type,
                "iucn_category": d.iucn_category, "realm": realm, "reported_area_km2": round(reported, 4),
                "reported_marine_area_km2": round(reported * marine_share, 4), "gis_area_km2": round(gis, 6),
                "gis_marine_area_km2": round(gis_marine, 6),
                "no_take": ("Part" if d.key == "marine_protected" else "Not Reported") if realm != "terrestrial" else "Not Applicable",
                "status": site.status, "status_year": site.year, "governance_type": d.governance,
                "ownership_type": "State" if d.site_type == "PA" else "Multiple ownership",
                "management_authority": d.management_authority,
                "management_plan": f"{site.name_ko} 보전·관리계획" if d.key in ("national_park", "marine_protected") else "Not Reported",
                "verification": "State Verified", "iso3": "KOR", "parent_iso3": "KOR",
                "sub_location": ISO_3166_2[geo.province_codes[province]], "legal_basis": d.legal_basis,
                "responsible_ministry": d.ministry, "wdpa_release": WDPA_RELEASE, "is_point": site.is_point,
                "geom": parcel,
            })
    frame = pd.DataFrame(rows)
    columns = frame_columns(frame)
    columns["id"] = np.arange(1, len(frame) + 1)
    columns["status_year"] = frame["status_year"].to_numpy(float)
    columns["is_point"] = frame["is_point"].to_numpy(bool)
    return columns


def kba_columns(rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Key Biodiversity Areas as blobs around their centres (partly overlapping protected areas)."""
    geoms = [blob(lon, lat, area, shape_noise(rng)) for _c, _n, lon, lat, area, _k in pac.KEY_BIODIVERSITY_AREAS]
    return {
        "id": np.arange(1, len(geoms) + 1),
        "site_code": np.array([k[0] for k in pac.KEY_BIODIVERSITY_AREAS], dtype=object),
        "name": np.array([k[1] for k in pac.KEY_BIODIVERSITY_AREAS], dtype=object),
        "iso3": np.full(len(geoms), "KOR", dtype=object),
        "criteria": np.array([k[5] for k in pac.KEY_BIODIVERSITY_AREAS], dtype=object),
        "area_km2": np.array([round(area_km2(g), 3) for g in geoms]),
        "geom": np.array(geoms, dtype=object),
    }


# --- holders and CITES permits -------------------------------------------------------------------

# Approximate population shares of the provinces (where holders live).
PROVINCE_POPULATION: dict[str, float] = {
    "11": 0.182, "26": 0.064, "27": 0.046, "28": 0.058, "29": 0.028, "30": 0.028, "31": 0.021, "36": 0.008,
    "41": 0.265, "42": 0.029, "43": 0.031, "44": 0.041, "45": 0.034, "46": 0.035, "47": 0.050, "48": 0.063, "50": 0.013,
}
# Regional environmental office receiving reports from each province (Wildlife Act delegation).
OFFICE_OF_PROVINCE: dict[str, str] = {
    "11": "HAN", "28": "HAN", "41": "HAN", "42": "WONJU", "30": "GEUM", "36": "GEUM", "43": "GEUM", "44": "GEUM",
    "45": "JEONBUK", "29": "YEONGSAN", "46": "YEONGSAN", "50": "YEONGSAN", "27": "DAEGU", "47": "DAEGU",
    "26": "NAKDONG", "31": "NAKDONG", "48": "NAKDONG",
}
PUBLIC_BODY_KINDS = ("시립동물원", "야생동물구조센터", "생태원", "수족관", "자연사박물관", "보호시설")


def generate_holders(build: Build) -> pd.DataFrame:
    """Importers, keepers and receivers: synthetic people (fictitious addresses and phone numbers),
    companies and public bodies, spread over provinces by population."""
    rng = build.rng("holders")
    n = build.spec.holders
    kind = choose(rng, {"individual": 0.72, "corporation": 0.25, "public_body": 0.03}, n)
    province = choose(rng, PROVINCE_POPULATION, n)
    names_ko, _roman = kn.person_names(rng, n)
    companies = np.asarray(kn.company_names(rng, n), dtype=object)
    name_of = dict(zip(build.geo.province_codes, build.geo.province_names, strict=True))
    public = np.array([f"{name_of[p]} {PUBLIC_BODY_KINDS[i % len(PUBLIC_BODY_KINDS)]}" for i, p in enumerate(province)],
                      dtype=object)
    name = np.where(kind == "individual", names_ko, np.where(kind == "corporation", companies, public))
    ids = np.arange(1, n + 1)
    business = np.array([f"000-8{i % 10}-{i:05d}" for i in ids], dtype=object)
    phone = np.where(kind == "individual", [f"010-0000-{i % 10000:04d}" for i in ids],
                     [f"02-0000-{i % 10000:04d}" for i in ids]).astype(object)
    return pd.DataFrame({
        "id": ids, "holder_key": [f"H{i:07d}" for i in ids], "kind": kind, "name": name,
        "business_reg_no": null_where(business, kind == "individual"),
        "address": kn.synthetic_addresses(rng, [name_of[p] for p in province], list(province)),
        "province_code": province, "phone": phone, "is_personal_data": kind == "individual",
    })


def generate_permits(build: Build, taxa: pd.DataFrame, holders: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """CITES permits 2015–2025 (issued per year as §2.6, divided at sample scale) and their lines:
    ~70 % reptile leather products, ~20 % orchids, live pets and others; purpose/source codes,
    realistic partners (Namibia stored as 'NA'), statuses, parent permits for certificates."""
    rng = build.rng("permits")
    permits = plan_permits(rng, build.spec, holders)
    lines = plan_permit_lines(rng, permits, taxa)
    with build.source("permits") as source:
        build.write(source, Holder, frame_columns(holders))
        permit_columns = frame_columns(permits.drop(columns=["commodity", "year"]))
        permit_columns["parent_permit_id"] = permits["parent_permit_id"].to_numpy(float)
        permit_columns["holder_id"] = permits["holder_id"].to_numpy()
        build.write(source, CitesPermit, permit_columns)
        line_columns = frame_columns(lines.drop(columns=["commodity", "live"]))
        line_columns["quantity_used"] = lines["quantity_used"].to_numpy(float)
        with deferred_indexes(build.session, CitesPermitLine):
            build.write(source, CitesPermitLine, line_columns)
    return permits, lines


COMMODITY_TYPES: dict[str, dict[str, float]] = {
    "reptile_leather": {"import": 0.72, "re_export": 0.27, "export": 0.01},
    "orchids": {"import": 0.93, "export": 0.07},
    "live": {"import": 0.72, "propagation_certificate": 0.16, "export": 0.04, "take_out": 0.03, "bring_in": 0.03,
             "change_of_use": 0.02},
    "corals": {"import": 1.0}, "trophies": {"import": 1.0}, "caviar": {"import": 0.9, "re_export": 0.1},
    "medicinal": {"import": 0.9, "export": 0.1},
    "scientific": {"export": 0.45, "import": 0.45, "take_out": 0.05, "bring_in": 0.05},
}


def plan_permits(rng: np.random.Generator, spec: ScaleSpec, holders: pd.DataFrame) -> pd.DataFrame:
    years = np.array(list(trade.PERMITS_ISSUED))
    issued_per_year = np.array([round(trade.PERMITS_ISSUED[y] / spec.permit_divisor) for y in years])
    issued_years = np.repeat(years, issued_per_year)
    not_issued_years = rng.choice(years, size=round(len(issued_years) * 0.045), p=issued_per_year / issued_per_year.sum())
    year = np.concatenate([issued_years, not_issued_years])
    issued = np.concatenate([np.ones(len(issued_years), bool), np.zeros(len(not_issued_years), bool)])
    n = len(year)
    commodities = {c.key: c for c in trade.COMMODITIES}
    commodity = choose(rng, {c.key: c.share for c in trade.COMMODITIES}, n)
    permit_type = np.empty(n, dtype=object)
    for key, c in commodities.items():
        where = commodity == key
        types = COMMODITY_TYPES["live" if c.live else key]
        permit_type[where] = choose(rng, types, int(where.sum()))
    day = random_dates_in_years(rng, year)
    applied = np.where(issued, day - rng.integers(3, 26, n), day)
    issued_on = np.where(issued, day, np.datetime64("NaT"))
    months = np.array([trade.PERMIT_TYPES[t][2] for t in permit_type])
    valid_until = np.where(issued, issued_on + (months * 30.44).astype(int), np.datetime64("NaT"))
    status = permit_status(rng, issued, valid_until, applied, permit_type)
    purpose = np.empty(n, dtype=object)
    source = np.empty(n, dtype=object)
    partner = np.full(n, None, dtype=object)
    origin = np.full(n, None, dtype=object)
    for key, c in commodities.items():
        where = np.flatnonzero(commodity == key)
        purpose[where] = choose(rng, c.purposes, len(where))
        source[where] = choose(rng, c.sources, len(where))
        partner[where] = choose(rng, c.partners, len(where))
        if c.origins:
            has_origin = rng.random(len(where)) < 0.8
            origin[where[has_origin]] = choose(rng, c.origins, int(has_origin.sum()))
    re_export = permit_type == "re_export"
    partner[re_export] = choose(rng, trade.RE_EXPORT_PARTNERS, int(re_export.sum()))
    export = (permit_type == "export") & (commodity != "scientific")
    partner[export] = choose(rng, {"JP": 0.4, "CN": 0.3, "US": 0.2, "TW": 0.1}, int(export.sum()))
    temporary = np.isin(permit_type, ["take_out", "bring_in"])
    partner[temporary] = choose(rng, {"JP": 0.4, "CN": 0.3, "TW": 0.2, "US": 0.1}, int(temporary.sum()))
    purpose[temporary] = choose(rng, {"Q": 0.6, "E": 0.3, "Z": 0.1}, int(temporary.sum()))
    domestic = np.isin(permit_type, ["propagation_certificate", "change_of_use"])
    partner[domestic] = None
    origin[domestic] = None
    purpose[permit_type == "propagation_certificate"] = "B"
    source[permit_type == "propagation_certificate"] = "C"
    holder_id = pick_holders(rng, holders, purpose)
    office = choose(rng, trade.ISSUING_OFFICES, n)
    order = np.lexsort((np.arange(n), applied))  # ids follow application dates, so parents come first
    frame = pd.DataFrame({
        "permit_type": permit_type, "status": status, "issuing_authority": office, "holder_id": holder_id,
        "applied_on": applied, "issued_on": issued_on, "valid_until": valid_until, "purpose": purpose,
        "source": source, "partner_country": partner, "origin_country": origin, "commodity": commodity, "year": year,
    }).iloc[order].reset_index(drop=True)
    frame.insert(0, "id", np.arange(1, n + 1))
    codes = np.array([trade.PERMIT_TYPES[t][1] for t in frame["permit_type"]], dtype=object)
    frame.insert(1, "permit_no", [f"{y}-{o}-{c}-{i:06d}" for y, o, c, i in
                                  zip(frame["year"], frame["issuing_authority"], codes, frame["id"], strict=True)])
    imports = (frame["permit_type"] == "import").to_numpy()
    frame["foreign_permit_no"] = null_where(
        np.array([f"{p}/EX/{y % 100:02d}/{i * 7 % 1_000_000:06d}" for p, y, i in
                  zip(frame["partner_country"], frame["year"], frame["id"], strict=True)], dtype=object), ~imports)
    frame["parent_permit_id"] = parent_permits(rng, frame)
    conditions = choose(rng, {"수입 후 30일 이내 보관 신고": 0.4, "인공증식 시 증명서 발급 필요": 0.3,
                              "용도 외 사용 금지": 0.3}, len(frame))
    frame["conditions"] = null_where(conditions, rng.random(len(frame)) > 0.06)
    return frame


def permit_status(
    rng: np.random.Generator, issued: np.ndarray, valid_until: np.ndarray, applied: np.ndarray, permit_type: np.ndarray
) -> np.ndarray:
    n = len(issued)
    status = np.empty(n, dtype=object)
    still_valid = issued & (valid_until >= AS_OF)
    finished = issued & ~still_valid
    status[still_valid] = choose(rng, {"issued": 0.55, "used": 0.38, "partially_used": 0.07}, int(still_valid.sum()))
    status[finished] = choose(rng, {"used": 0.78, "partially_used": 0.08, "expired": 0.12, "revoked": 0.01,
                                    "surrendered": 0.01}, int(finished.sum()))
    certificates = issued & np.isin(permit_type, ["propagation_certificate", "change_of_use"])
    status[certificates] = np.where(rng.random(int(certificates.sum())) < 0.98, "issued", "revoked")
    pending = ~issued & (applied > AS_OF - np.timedelta64(45, "D"))
    refused = ~issued & ~pending
    status[refused] = choose(rng, {"rejected": 0.55, "withdrawn": 0.45}, int(refused.sum()))
    status[pending] = choose(rng, {"submitted": 0.4, "under_review": 0.4, "supplement_requested": 0.2}, int(pending.sum()))
    return status


def pick_holders(rng: np.random.Generator, holders: pd.DataFrame, purpose: np.ndarray) -> np.ndarray:
    """Companies for commercial trade, individuals for personal effects, public bodies for zoos and science."""
    pools = {k: holders.loc[holders["kind"] == k, "id"].to_numpy() for k in ("individual", "corporation", "public_body")}
    kind = np.where(np.isin(purpose, ["P", "H"]), "individual",
                    np.where(np.isin(purpose, ["Z", "S", "E", "N", "L"]), "public_body", "corporation"))
    out = np.empty(len(purpose), dtype=np.int64)
    for k, pool in pools.items():
        where = np.flatnonzero(kind == k)
        # A few big importers hold most commercial permits.
        weights = 1.0 / (np.arange(len(pool)) + 1.0) ** 0.8
        out[where] = pool[rng.choice(len(pool), size=len(where), p=weights / weights.sum())]
    return out


def parent_permits(rng: np.random.Generator, permits: pd.DataFrame) -> np.ndarray:
    """Certificates and changes of use point at an earlier import permit of the same commodity."""
    parent = np.full(len(permits), np.nan)
    children = np.flatnonzero(permits["permit_type"].isin(["propagation_certificate", "change_of_use"]).to_numpy())
    imports = permits[(permits["permit_type"] == "import") & permits["issued_on"].notna()]
    for commodity, frame in imports.groupby("commodity"):
        issued = frame["issued_on"].to_numpy()
        ids = frame["id"].to_numpy()
        for child in children[permits["commodity"].to_numpy()[children] == commodity]:
            earlier = np.flatnonzero(issued < permits.at[child, "applied_on"])
            if len(earlier):
                parent[child] = ids[earlier[int(rng.integers(0, len(earlier)))]]
    return parent


def appendices_on(names: np.ndarray, dates: np.ndarray) -> np.ndarray:
    """CITES appendix of each taxon on each date, from its dated listings (e.g. Psittacus II → I in 2017)."""
    appendix = np.full(len(names), "II", dtype=object)
    for name, listings in cites_listings().items():
        where = names == name
        for listed, since in listings:  # in date order: later listings overwrite earlier ones
            appendix[where & (dates >= as_date(since))] = listed
        appendix[where & (dates < as_date(listings[0][1]))] = listings[0][0]
    return appendix


def cites_listings() -> dict[str, list[tuple[str, str]]]:
    """Dated appendix listings of every CITES-listed taxon of the catalogues, oldest first."""
    listings: dict[str, list[tuple[str, str]]] = {}
    for name, _a, _k, _g, _f, appendix, since, earlier in tc.CITES_FOREIGN:
        listings[name] = ([earlier] if earlier else []) + [(appendix, since)]
    for s in tc.REAL_SPECIES:
        if s.cites:
            listings[s.scientific_name] = [(s.cites, "1975-07-01")]
    return listings


def plan_permit_lines(rng: np.random.Generator, permits: pd.DataFrame, taxa: pd.DataFrame) -> pd.DataFrame:
    commodities = {c.key: c for c in trade.COMMODITIES}
    commodity = permits["commodity"].to_numpy()
    mean_lines = np.array([commodities[c].mean_lines for c in commodity])
    n_lines = 1 + rng.poisson(mean_lines - 1)
    permit_index = np.repeat(np.arange(len(permits)), n_lines)
    line_no = np.arange(len(permit_index)) - np.repeat(np.cumsum(n_lines) - n_lines, n_lines) + 1
    line_commodity = commodity[permit_index]
    n = len(permit_index)
    taxon_name = np.empty(n, dtype=object)
    term = np.empty(n, dtype=object)
    unit = np.full(n, None, dtype=object)
    quantity = np.empty(n)
    for key, c in commodities.items():
        where = np.flatnonzero(line_commodity == key)
        taxon_name[where] = np.asarray(c.taxa, dtype=object)[rng.integers(0, len(c.taxa), len(where))]
        term[where] = choose(rng, c.terms, len(where))
        for t, u in c.unit_by_term.items():
            unit[where[term[where] == t]] = u
        quantity[where] = np.maximum(1, rng.lognormal(np.log(c.median_quantity), 0.9, len(where)))
    counted = np.array([u is None for u in unit])
    quantity = np.where(counted, np.round(quantity), np.round(quantity, 1))
    status = permits["status"].to_numpy()[permit_index]
    used = np.where(status == "used", quantity,
                    np.where(status == "partially_used", np.round(quantity * rng.uniform(0.3, 0.9, n)), np.nan))
    ids = dict(zip(taxa["scientific_name"], taxa["id"], strict=False))
    appendix = appendices_on(taxon_name, permits["applied_on"].to_numpy()[permit_index])
    author = dict(zip(taxa["scientific_name"], taxa["authorship"], strict=False))
    terms = term_words()
    return pd.DataFrame({
        "id": np.arange(1, n + 1), "permit_id": permits["id"].to_numpy()[permit_index], "line_no": line_no,
        "taxon_id": np.array([ids[t] for t in taxon_name]), "scientific_name": taxon_name,
        "appendix": appendix, "term": term, "quantity": quantity, "unit": unit, "quantity_used": used,
        "description": np.array([f"{commodities[c].description_ko} ({terms.get(t, t)})" for c, t in
                                 zip(line_commodity, term, strict=True)], dtype=object),
        "commodity": line_commodity, "live": np.array([commodities[c].live for c in line_commodity]),
        "authorship": np.array([author[t] for t in taxon_name], dtype=object),
    }).drop(columns=["authorship"])


def term_words() -> dict[str, str]:
    """CITES term code → English word as the trade database web export writes it."""
    frame = pd.read_csv(REFERENCE_DIR / "sapi_term_codes_utf8.csv", keep_default_na=False)
    return dict(zip(frame["Term_code"], frame["English_Term_Name"], strict=False))


# --- CITES trade database records and seizures ---------------------------------------------------

COMPTAB_KEY = ["year", "appendix", "taxon", "importer", "exporter", "origin", "term", "unit", "purpose", "source"]


def generate_trade_records(build: Build, taxa: pd.DataFrame, permits: pd.DataFrame, lines: pd.DataFrame) -> None:
    """CITES Trade Database comparative-tabulation rows involving KR, aggregated from the permits:
    some reported by both sides (a share disagreeing), many by one side only, and 2024 reported by
    partners only (KR's annual report lags)."""
    rng = build.rng("cites-comptab")
    merged = lines.merge(permits[["id", "permit_type", "status", "partner_country", "origin_country", "purpose", "source",
                                  "year"]], left_on="permit_id", right_on="id", suffixes=("", "_permit"))
    merged = merged[merged["permit_type"].isin(["import", "export", "re_export"])
                    & merged["status"].isin(["used", "partially_used", "expired", "issued"]) & (merged["year"] <= 2024)]
    importing = merged["permit_type"] == "import"
    frame = pd.DataFrame({
        "year": merged["year"].to_numpy(), "appendix": merged["appendix"].to_numpy(object),
        "taxon": merged["scientific_name"].to_numpy(object),
        "importer": np.where(importing, "KR", merged["partner_country"]).astype(object),
        "exporter": np.where(importing, merged["partner_country"], "KR").astype(object),
        "origin": merged["origin_country"].to_numpy(object), "term": merged["term"].to_numpy(object),
        "unit": merged["unit"].to_numpy(object), "purpose": merged["purpose"].to_numpy(object),
        "source": merged["source"].to_numpy(object),
        "quantity": np.where(merged["quantity_used"].notna(), merged["quantity_used"], merged["quantity"]),
    })
    keyed = frame.fillna({"origin": "", "unit": ""})
    grouped = keyed.groupby(COMPTAB_KEY, sort=True, as_index=False)["quantity"].sum()
    n = len(grouped)
    kr_reported = grouped["year"].to_numpy() <= 2023
    side = rng.random(n)
    both = kr_reported & (side < 0.45)
    kr_only = kr_reported & (side >= 0.45) & (side < 0.80)
    partner_quantity = np.where(rng.random(n) < 0.7, grouped["quantity"], np.round(grouped["quantity"] * rng.uniform(0.4, 1.6, n)))
    partner_only = ~both & ~kr_only
    kr_quantity = np.where(both | kr_only, grouped["quantity"], np.nan)
    partner_quantity = np.where(both | partner_only, partner_quantity, np.nan)
    # Where KR reported alone, the partner often reported the same trade under another key (source).
    shadow = kr_only & (rng.random(n) < 0.5)
    extra = grouped[shadow].copy()
    extra["source"] = np.where(extra["source"] == "W", "C", "W")
    extra_partner = extra["quantity"].to_numpy()
    records = pd.concat([
        grouped.assign(kr=kr_quantity, partner=partner_quantity),
        extra.assign(kr=np.nan, partner=extra_partner),
    ], ignore_index=True)
    records = records.drop_duplicates(subset=COMPTAB_KEY, keep="first")
    kr_is_importer = (records["importer"] == "KR").to_numpy()
    records["importer_quantity"] = np.where(kr_is_importer, records["kr"], records["partner"])
    records["exporter_quantity"] = np.where(kr_is_importer, records["partner"], records["kr"])
    taxonomy = taxa.drop_duplicates("scientific_name").set_index("scientific_name")
    # Stored as the importer stores a web export: term and unit as codes (a count has no unit), the
    # row key from the published words (data_access.importers.cites_comptab.row_keys).
    words = term_words()
    unit_words = {"": "Number of specimens", "KIL": "kg"}
    records = records.reset_index(drop=True)
    published = records[COMPTAB_KEY].astype(str).assign(
        term=[words.get(t, t) for t in records["term"]], unit=[unit_words.get(u, u) for u in records["unit"]])
    keys = published.agg("|".join, axis=1)
    columns = {
        "id": np.arange(1, len(records) + 1),
        "row_key": np.array([hashlib.sha256(k.encode()).hexdigest() for k in keys], dtype=object),
        "year": records["year"].to_numpy(), "appendix": records["appendix"].to_numpy(object),
        "taxon": records["taxon"].to_numpy(object),
        "class_name": taxonomy.loc[records["taxon"], "class_name"].to_numpy(object),
        "order_name": taxonomy.loc[records["taxon"], "order_name"].to_numpy(object),
        "family": taxonomy.loc[records["taxon"], "family"].to_numpy(object),
        "genus": taxonomy.loc[records["taxon"], "genus"].to_numpy(object),
        "importer": records["importer"].to_numpy(object), "exporter": records["exporter"].to_numpy(object),
        "origin": null_where(records["origin"].to_numpy(object), (records["origin"] == "").to_numpy()),
        "importer_quantity": records["importer_quantity"].to_numpy(float),
        "exporter_quantity": records["exporter_quantity"].to_numpy(float),
        "term": records["term"].to_numpy(object),
        "unit": null_where(records["unit"].to_numpy(object), (records["unit"] == "").to_numpy()),
        "purpose": records["purpose"].to_numpy(object), "source": records["source"].to_numpy(object),
    }
    with build.source("cites-comptab") as source:
        build.write(source, CitesTradeRecord, columns)


# Smuggled commodities detected by customs: (scientific name, term, unit, median quantity, weight).
SEIZED_GOODS: tuple[tuple[str, str, str | None, float, float], ...] = (
    ("Python regius", "LIV", None, 6, 0.16), ("Chamaeleo calyptratus", "LIV", None, 5, 0.08),
    ("Astrochelys radiata", "LIV", None, 4, 0.08), ("Geochelone elegans", "LIV", None, 12, 0.10),
    ("Psittacus erithacus", "LIV", None, 3, 0.06), ("Scleropages formosus", "LIV", None, 5, 0.08),
    ("Saussurea costus", "MED", "KIL", 3, 0.10), ("Aquilaria malaccensis", "CHP", "KIL", 8, 0.08),
    ("Loxodonta africana", "IVC", None, 2, 0.06), ("Crocodylus porosus", "LPS", None, 4, 0.10),
    ("Acropora millepora", "COR", "KIL", 2, 0.05), ("Acipenser gueldenstaedtii", "CAV", "KIL", 1, 0.05),
)


def generate_trade_cases(build: Build, taxa: pd.DataFrame) -> None:
    """Wildlife smuggling cases detected by customs: exactly §2.6's 7/35/45/31 for 2021–2024."""
    rng = build.rng("trade-cases")
    years = np.repeat(list(trade.SEIZURES_PER_YEAR), list(trade.SEIZURES_PER_YEAR.values()))
    n = len(years)
    goods = rng.choice(len(SEIZED_GOODS), size=n, p=np.array([g[4] for g in SEIZED_GOODS]) / sum(g[4] for g in SEIZED_GOODS))
    ids = dict(zip(taxa["scientific_name"], taxa["id"], strict=False))
    dates = np.sort(random_dates_in_years(rng, years))
    serial = np.arange(1, n + 1) - np.searchsorted(years, years)
    with build.source("trade-cases") as source:
        build.write(source, TradeCase, {
            "id": np.arange(1, n + 1),
            "case_no": np.array([f"KCS-{y}-{s:03d}" for y, s in zip(years, serial, strict=True)], dtype=object),
            "detected_on": dates, "detected_by": np.full(n, "customs", dtype=object),
            "taxon_id": np.array([ids[SEIZED_GOODS[g][0]] for g in goods]),
            "scientific_name": np.array([SEIZED_GOODS[g][0] for g in goods], dtype=object),
            "term": np.array([SEIZED_GOODS[g][1] for g in goods], dtype=object),
            "quantity": np.array([max(1.0, round(rng.lognormal(np.log(SEIZED_GOODS[g][3]), 0.8), 1)) for g in goods]),
            "unit": np.array([SEIZED_GOODS[g][2] for g in goods], dtype=object),
            "origin_country": choose(rng, {"TH": 0.25, "VN": 0.15, "CN": 0.15, "ID": 0.12, "MY": 0.08, "PH": 0.07,
                                           "US": 0.06, "JP": 0.06, "ZA": 0.03, "NA": 0.03}, n),
            "article_violated": np.full(n, "야생생물법 제16조제1항", dtype=object),
            "outcome": choose(rng, {"confiscated": 0.5, "referral": 0.3, "fine": 0.15, "returned": 0.05}, n),
        })


# --- domestic life cycle of imported animals -----------------------------------------------------

EVENTS_PER_SPECIMEN = 3.2  # measured average; sets the number of specimens for the event target
FACILITY_TYPES = {"exhibition": 0.25, "research": 0.10, "sales": 0.40, "individual": 0.25}


@dataclass
class EventColumns:
    """Life-cycle events collected type by type before they are sorted and written."""

    parts: list[dict[str, np.ndarray]] = field(default_factory=list)

    def add(self, event_type: str, specimen: np.ndarray, event_date: np.ndarray, report_date: np.ndarray,
            **extra: np.ndarray) -> None:
        n = len(specimen)
        if n == 0:
            return
        part = {"specimen_id": specimen, "event_type": np.full(n, event_type, dtype=object), "event_date": event_date,
                "report_date": report_date}
        for name in ("from_holder_id", "to_holder_id", "permit_id"):
            part[name] = np.asarray(extra.get(name, np.full(n, np.nan)), dtype=float)
        for name in ("disposal_method", "note"):
            part[name] = np.asarray(extra.get(name, np.full(n, None, dtype=object)), dtype=object)
        self.parts.append(part)

    def frame(self) -> dict[str, np.ndarray]:
        return {k: np.concatenate([p[k] for p in self.parts]) for k in self.parts[0]}


def generate_life_cycle(
    build: Build, taxa: pd.DataFrame, holders: pd.DataFrame, permits: pd.DataFrame, lines: pd.DataFrame
) -> None:
    """Breeding facilities, animals imported under permits (and bred, pre-listing, confiscated ones),
    and their events import → entry → transfer(s) → birth → death → carcass disposal, with report
    dates and deliberate anomalies at low rates: imports never registered, deaths without disposal,
    transfers reported late or after the event, deaths never reported."""
    rng = build.rng("animal-events")
    facilities = plan_facilities(rng, build.spec.facilities, holders)
    specimens = plan_specimens(rng, build.spec, taxa, holders, permits, lines)
    events, specimens = plan_events(rng, specimens, holders, facilities)
    order = np.lexsort((events["specimen_id"], events["event_date"]))
    events = {k: v[order] for k, v in events.items()}
    n = len(order)
    events["id"] = np.arange(1, n + 1)
    events["event_key"] = ("EV" + np.char.zfill(events["id"].astype(str), 9)).astype(object)
    events["quantity"] = np.ones(n)
    events["year"] = years_of(events["event_date"])
    # The holder acting in each event decides its province, regional office and facility.
    acting = np.where(np.isnan(events["to_holder_id"]), events["from_holder_id"], events["to_holder_id"])
    acting = np.where(np.isnan(acting), specimens["current_holder_id"].to_numpy()[events["specimen_id"] - 1], acting)
    acting = acting.astype(np.int64)
    province_of = np.empty(int(holders["id"].max()) + 1, dtype=object)
    province_of[holders["id"].to_numpy()] = holders["province_code"].to_numpy(object)
    office_of = np.empty_like(province_of)
    office_of[holders["id"].to_numpy()] = holders["province_code"].map(OFFICE_OF_PROVINCE).to_numpy(object)
    facility_of = np.full(len(province_of), np.nan)
    facility_of[facilities["holder_id"].to_numpy()] = facilities["id"].to_numpy()
    events["province_code"] = province_of[acting]
    events["receiving_authority"] = office_of[acting]
    events["facility_id"] = facility_of[acting]
    with build.source("animal-events") as source:
        build.write(source, BreedingFacility, frame_columns(facilities))
        specimen_columns = frame_columns(specimens)
        for name in ("import_permit_id", "parent_specimen_id", "current_facility_id"):
            specimen_columns[name] = specimens[name].to_numpy(float)
        build.write(source, AnimalSpecimen, specimen_columns)
        with deferred_indexes(build.session, AnimalEvent):
            build.write_stream(source, AnimalEvent, slices(events, build.spec.chunk))


def slices(columns: dict[str, np.ndarray], size: int) -> Iterator[dict[str, np.ndarray]]:
    """Consecutive row slices of a dict of equally long columns."""
    total = len(next(iter(columns.values())))
    for start in range(0, total, size):
        yield {name: values[start:start + size] for name, values in columns.items()}


def plan_facilities(rng: np.random.Generator, n: int, holders: pd.DataFrame) -> pd.DataFrame:
    """Registered breeding facilities (Art. 16-2, in force Jul 2015) by type and province."""
    owners = holders[holders["kind"] != "individual"]["id"].to_numpy()
    people = holders[holders["kind"] == "individual"]["id"].to_numpy()
    facility_type = choose(rng, FACILITY_TYPES, n)
    individual = facility_type == "individual"
    holder_id = np.where(individual, rng.choice(people, n), rng.choice(owners, n))
    holder_id = pd.Series(holder_id).drop_duplicates().to_numpy()
    n = len(holder_id)
    facility_type = facility_type[:n]
    province = holders.set_index("id").loc[holder_id, "province_code"].to_numpy(object)
    names = holders.set_index("id").loc[holder_id, "name"].to_numpy(object)
    registered = as_date("2015-07-01") + rng.integers(0, int((AS_OF - as_date("2015-07-01")).astype(int)), n)
    return pd.DataFrame({
        "id": np.arange(1, n + 1), "registration_no": [f"FAC-{p}-{i:05d}" for p, i in zip(province, range(1, n + 1), strict=True)],
        "holder_id": holder_id, "name": [f"{nm} 사육시설" for nm in names], "facility_type": facility_type,
        "province_code": province, "registered_on": np.sort(registered),
        "status": choose(rng, {"registered": 0.85, "suspended": 0.03, "closed": 0.10, "revoked": 0.02}, n),
        "capacity": np.round(rng.lognormal(np.log(80), 1.0, n)).astype(int) + 5,
    })


def plan_specimens(
    rng: np.random.Generator, spec: ScaleSpec, taxa: pd.DataFrame, holders: pd.DataFrame, permits: pd.DataFrame,
    lines: pd.DataFrame,
) -> pd.DataFrame:
    """Animals by origin: imported (under a live-import permit line), pre-listing, confiscated, bred."""
    total = round(spec.animal_events / EVENTS_PER_SPECIMEN)
    counts = largest_remainder([0.64, 0.06, 0.05, 0.25], total)
    live = lines[lines["live"]].merge(permits[["id", "permit_type", "status", "issued_on", "holder_id"]],
                                      left_on="permit_id", right_on="id", suffixes=("", "_permit"))
    live = live[(live["permit_type"] == "import") & live["issued_on"].notna() & (live["status"] != "revoked")]
    picked = live.iloc[rng.choice(len(live), size=counts[0], p=live["quantity"] / live["quantity"].sum())]
    imported_start = np.minimum(picked["issued_on"].to_numpy() + rng.integers(3, 60, counts[0]), AS_OF)
    ids = dict(zip(taxa["scientific_name"], taxa["id"], strict=False))
    people = holders[holders["kind"] == "individual"]["id"].to_numpy()
    public = holders[holders["kind"] == "public_body"]["id"].to_numpy()
    late_listed = [(name, since) for name, *_r, since, earlier in tc.CITES_FOREIGN
                   if earlier and as_date(since) > as_date("2015-01-01")]
    pre = rng.integers(0, len(late_listed), counts[1])
    pre_start = np.array([as_date(late_listed[i][1]) for i in pre]) + rng.integers(0, 365, counts[1])
    live_taxa = live["scientific_name"].unique()
    confiscated_taxa = live_taxa[rng.integers(0, len(live_taxa), counts[2])]
    frames = [
        pd.DataFrame({"scientific_name": picked["scientific_name"].to_numpy(object), "origin": "imported",
                      "start": imported_start, "holder": picked["holder_id"].to_numpy(),
                      "import_permit_id": picked["permit_id"].to_numpy(float), "parent": np.nan}),
        pd.DataFrame({"scientific_name": np.array([late_listed[i][0] for i in pre], dtype=object), "origin": "pre_listing",
                      "start": pre_start, "holder": rng.choice(people, counts[1]), "import_permit_id": np.nan, "parent": np.nan}),
        pd.DataFrame({"scientific_name": confiscated_taxa, "origin": "confiscated",
                      "start": random_dates_in_years(rng, rng.integers(2021, 2026, counts[2])),
                      "holder": rng.choice(public, counts[2]), "import_permit_id": np.nan, "parent": np.nan}),
    ]
    first = pd.concat(frames, ignore_index=True)
    parents = rng.integers(0, counts[0], counts[3])
    born = first["start"].to_numpy()[parents] + rng.integers(200, 2500, counts[3])
    keep = born <= AS_OF
    parents, born = parents[keep], born[keep]
    bred = pd.DataFrame({"scientific_name": first["scientific_name"].to_numpy(object)[parents], "origin": "bred_in_captivity",
                         "start": born, "holder": first["holder"].to_numpy()[parents], "import_permit_id": np.nan,
                         "parent": (parents + 1).astype(float)})
    specimens = pd.concat([first, bred], ignore_index=True)
    n = len(specimens)
    specimens.insert(0, "id", np.arange(1, n + 1))
    birds = specimens["scientific_name"].isin([r[0] for r in tc.CITES_FOREIGN if r[3] == "Birds"]).to_numpy()
    specimens["specimen_key"] = np.where(
        birds, [f"KR-RING-{i:08d}" for i in specimens["id"]], [f"900{i * 7919 % 10**12:012d}" for i in specimens["id"]])
    specimens["taxon_id"] = [ids[s] for s in specimens["scientific_name"]]
    specimens["sex"] = choose(rng, {"M": 0.42, "F": 0.42, "U": 0.16}, n)
    specimens["born_on"] = np.where(specimens["origin"] == "bred_in_captivity", specimens["start"], np.datetime64("NaT"))
    return specimens


def plan_events(
    rng: np.random.Generator, specimens: pd.DataFrame, holders: pd.DataFrame, facilities: pd.DataFrame
) -> tuple[dict[str, np.ndarray], pd.DataFrame]:
    """The event log of every animal, and the animals' final status, holder and facility."""
    n = len(specimens)
    sid = specimens["id"].to_numpy()
    start = specimens["start"].to_numpy().astype("datetime64[D]")
    origin = specimens["origin"].to_numpy()
    holder = specimens["holder"].to_numpy().astype(float)
    permit = specimens["import_permit_id"].to_numpy(float)
    events = EventColumns()
    # Start of the record.
    imported = origin == "imported"
    events.add("import", sid[imported], start[imported], start[imported], to_holder_id=holder[imported],
               permit_id=permit[imported])
    bred = origin == "bred_in_captivity"
    events.add("birth", sid[bred], start[bred], start[bred] + rng.integers(0, 60, int(bred.sum())), to_holder_id=holder[bred])
    seized = origin == "confiscated"
    events.add("seizure", sid[seized], start[seized], start[seized], to_holder_id=holder[seized])
    # Entry (registration / possession report); 3 % of imports are never registered, 5 % late.
    registered = (imported & (rng.random(n) > 0.03)) | (bred & (rng.random(n) < 0.8)) | (origin == "pre_listing")
    entry_lag = np.where(rng.random(n) < 0.05, rng.integers(60, 400, n), rng.integers(1, 30, n))
    entry_date = np.minimum(start + np.where(origin == "pre_listing", 0, entry_lag), AS_OF)
    events.add("entry", sid[registered], entry_date[registered], entry_date[registered], to_holder_id=holder[registered],
               note=null_where(np.full(int(registered.sum()), "등록 지연 (late registration)", dtype=object),
                               (entry_lag[registered] < 60) | (origin[registered] == "pre_listing")))
    # End of the record: death (annual hazard ~9 %), escape, export, or still held.
    death = start + np.floor(rng.exponential(365 / 0.09, n)).astype(int)
    escape = rng.random(n) < 0.004
    export = ~escape & (rng.random(n) < 0.015)
    leave = start + rng.integers(30, 3000, n)
    end = np.where(escape | export, np.minimum(leave, death), death)
    dead = (death <= AS_OF) & ~((escape | export) & (leave < death))
    ended_otherwise = (escape | export) & (leave <= AS_OF) & (leave < death)
    end = np.minimum(end, AS_OF)
    holder_after = transfer_events(rng, events, sid, start, end, holder, holders)
    # Deaths, reported without delay mostly; 12 % late, 3 % never.
    late = rng.random(n)
    death_report = np.where(late < 0.85, death + rng.integers(0, 10, n), death + rng.integers(30, 300, n)).astype("datetime64[D]")
    death_report = np.where(late > 0.97, np.datetime64("NaT"), death_report)
    events.add("death", sid[dead], death[dead], death_report[dead], from_holder_id=holder_after[dead],
               note=null_where(np.full(int(dead.sum()), "폐사 신고 지연 (late death report)", dtype=object),
                               (late[dead] < 0.85) | (late[dead] > 0.97)))
    disposed = dead & (rng.random(n) < 0.93) & (death + 30 <= AS_OF)
    disposal_date = death + rng.integers(0, 21, n)
    events.add("carcass_disposal", sid[disposed], disposal_date[disposed], disposal_date[disposed] + rng.integers(0, 7, int(disposed.sum())),
               from_holder_id=holder_after[disposed],
               disposal_method=choose(rng, {"incinerated": 0.55, "buried": 0.15, "specimen": 0.2, "donated": 0.1}, int(disposed.sum())))
    escaped = escape & ended_otherwise
    exported = export & ended_otherwise
    events.add("escape", sid[escaped], leave[escaped], leave[escaped] + rng.integers(0, 4, int(escaped.sum())),
               from_holder_id=holder_after[escaped])
    events.add("export", sid[exported], leave[exported], leave[exported], from_holder_id=holder_after[exported])
    status = np.where(disposed, "disposed", np.where(dead, "dead", np.where(escaped, "escaped", np.where(
        exported, "exported", np.where(seized, "seized", "held")))))
    facility_of = np.full(int(holders["id"].max()) + 1, np.nan)
    facility_of[facilities["holder_id"].to_numpy()] = facilities["id"].to_numpy()
    out = pd.DataFrame({
        "id": sid, "specimen_key": specimens["specimen_key"].to_numpy(object), "taxon_id": specimens["taxon_id"].to_numpy(),
        "scientific_name": specimens["scientific_name"].to_numpy(object), "sex": specimens["sex"].to_numpy(object),
        "born_on": specimens["born_on"].to_numpy(), "origin": origin.astype(object),
        "import_permit_id": permit, "parent_specimen_id": specimens["parent"].to_numpy(float),
        "current_holder_id": holder_after.astype(int), "current_facility_id": facility_of[holder_after.astype(int)],
        "status": status.astype(object),
    })
    return events.frame(), out


def transfer_events(
    rng: np.random.Generator, events: EventColumns, sid: np.ndarray, start: np.ndarray, end: np.ndarray,
    holder: np.ndarray, holders: pd.DataFrame,
) -> np.ndarray:
    """Transfers between holders before the end of each record; returns the last holder of each animal.

    Transfers must be reported before they happen (Art. 16(6)): 88 % are, 8 % are reported late
    and 4 % on the day itself.
    """
    corporations = holders.loc[holders["kind"] != "individual", "id"].to_numpy()
    rate = np.where(np.isin(holder, corporations), 1.1, 0.35)
    count = np.minimum(rng.poisson(rate), 5)
    owner = np.repeat(np.arange(len(sid)), count)
    gaps = np.floor(rng.exponential(250, len(owner))).astype(int) + 7
    offsets = grouped_cumsum(gaps, count)
    dates = start[owner] + offsets
    keep = dates < end[owner]
    owner, dates = owner[keep], dates[keep]
    pool = holders["id"].to_numpy()
    kinds = holders["kind"].to_numpy()
    weights = np.where(kinds == "individual", 0.65 / max((kinds == "individual").sum(), 1),
                       np.where(kinds == "corporation", 0.30 / max((kinds == "corporation").sum(), 1),
                                0.05 / max((kinds == "public_body").sum(), 1)))
    to_holder = pool[rng.choice(len(pool), size=len(owner), p=weights / weights.sum())].astype(float)
    # from = previous holder of the same animal (its first holder for the first transfer)
    first_of_group = np.r_[True, owner[1:] != owner[:-1]] if len(owner) else np.array([], bool)
    from_holder = np.r_[np.nan, to_holder[:-1]] if len(owner) else np.array([])
    from_holder = np.where(first_of_group, holder[owner], from_holder)
    kind = rng.random(len(owner))
    report = np.where(kind < 0.88, dates - rng.integers(1, 15, len(owner)),
                      np.where(kind < 0.96, dates + rng.integers(1, 121, len(owner)), dates)).astype("datetime64[D]")
    note = null_where(np.full(len(owner), "사후 신고 (reported after the transfer)", dtype=object), (kind < 0.88) | (kind >= 0.96))
    events.add("transfer", sid[owner], dates, report, from_holder_id=from_holder, to_holder_id=to_holder, note=note)
    last = holder.copy()
    if len(owner):
        last_of_group = np.r_[owner[1:] != owner[:-1], True]
        last[owner[last_of_group]] = to_holder[last_of_group]
    return last


def grouped_cumsum(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Cumulative sums restarting at each group of `counts` consecutive values."""
    total = np.cumsum(values)
    group_start = np.repeat(np.cumsum(counts) - counts, counts)
    before = np.where(group_start > 0, total[np.maximum(group_start - 1, 0)], 0)
    return total - before


# --- access and benefit-sharing ------------------------------------------------------------------

# Reports per year since the online system opened on 20 Aug 2018 (§2.7; counts not published:
# sample values). The sample scale multiplies them by abs_factor.
ABS_REPORTS_PER_YEAR: dict[int, int] = {2018: 60, 2019: 150, 2020: 170, 2021: 200, 2022: 230, 2023: 260, 2024: 290, 2025: 310}
ABS_KINDS: dict[str, tuple[float, str]] = {
    "access_report": (0.40, "AR"), "compliance_report": (0.40, "CR"), "export_approval": (0.15, "EA"), "pic_permit": (0.05, "PP"),
}
MONETARY_KINDS = {"upfront": 0.25, "milestone": 0.2, "royalty": 0.2, "licence_fee": 0.15, "research_funding": 0.2}
NON_MONETARY_KINDS = {"joint_research": 0.3, "training": 0.2, "technology_transfer": 0.1, "data_sharing": 0.15,
                      "co_authorship": 0.15, "access_to_collections": 0.1}


def generate_abs(build: Build, taxa: pd.DataFrame) -> None:
    """Access reports/permits with IRCC ids (ABSCH-IRCC-XX-NNNNNN-1) 2018–2025, mutually agreed
    terms, monetary benefits in KRW/USD/EUR with the rate stored per record, non-monetary benefits."""
    rng = build.rng("abs")
    years = np.repeat(list(ABS_REPORTS_PER_YEAR),
                      [max(1, round(c * build.spec.abs_factor)) for c in ABS_REPORTS_PER_YEAR.values()])
    n = len(years)
    kind = choose(rng, {k: v[0] for k, v in ABS_KINDS.items()}, n)
    start = np.where(years == 2018, as_date("2018-08-20"), year_start(years))
    issued = start + (rng.random(n) * (year_start(years + 1) - start).astype(int)).astype(int)
    order = np.argsort(issued, kind="stable")
    years, kind, issued = years[order], kind[order], issued[order]
    provider = np.where(kind == "compliance_report", choose(rng, ABS_PROVIDER_COUNTRIES, n), "KR").astype(object)
    user = np.where(kind == "compliance_report", "KR", choose(rng, ABS_USER_COUNTRIES, n)).astype(object)
    user_name = np.where(user == "KR", np.asarray(ABS_USERS_KO, dtype=object)[rng.integers(0, len(ABS_USERS_KO), n)],
                         [f"Sample Research Institute {u}-{i % 40 + 1:02d}" for u, i in zip(user, range(n), strict=True)])
    with_ircc = ((kind == "compliance_report") & (rng.random(n) < 0.7)) | (kind == "pic_permit")
    ircc = null_where(np.array([f"ABSCH-IRCC-{p}-{200_000 + i * 13 % 99_999:06d}-1" for p, i in zip(provider, range(n), strict=True)],
                               dtype=object), ~with_ircc)
    natives = taxa[(taxa["role"] == "native") & (taxa["name_status"] == "accepted")]["id"].to_numpy()
    taxon = np.where(rng.random(n) < 0.5, rng.choice(natives, n), np.nan)
    ids = np.arange(1, n + 1)
    codes = np.array([ABS_KINDS[k][1] for k in kind], dtype=object)
    permits = {
        "id": ids, "reference_no": np.array([f"ABS-{y}-{c}-{i:05d}" for y, c, i in zip(years, codes, ids, strict=True)], dtype=object),
        "kind": kind, "ircc_id": ircc, "provider_country": provider, "user_country": user, "user_name": user_name,
        "resource_description": np.asarray(ABS_RESOURCES, dtype=object)[rng.integers(0, len(ABS_RESOURCES), n)],
        "taxon_id": taxon, "purpose": choose(rng, {"commercial": 0.35, "non_commercial": 0.65}, n),
        "issued_on": issued, "year": years,
    }
    agreements, monetary, non_monetary = plan_benefits(rng, permits)
    with build.source("abs") as source:
        build.write(source, AccessPermit, permits)
        build.write(source, BenefitSharingAgreement, agreements)
        build.write(source, MonetaryBenefit, monetary)
        build.write(source, NonMonetaryBenefit, non_monetary)


def plan_benefits(rng: np.random.Generator, permits: dict[str, np.ndarray]) -> tuple[dict, dict, dict]:
    n = len(permits["id"])
    has = rng.random(n) < 0.35
    permit_ids = permits["id"][has]
    m = len(permit_ids)
    partner_is_provider = permits["kind"][has] == "compliance_report"
    partner_country = np.where(partner_is_provider, permits["provider_country"][has], permits["user_country"][has])
    signed = permits["issued_on"][has] - rng.integers(0, 60, m)
    agreements = {
        "id": np.arange(1, m + 1),
        "agreement_no": np.array([f"MAT-{years_of(np.array([d]))[0]}-{i:05d}" for d, i in zip(signed, range(1, m + 1), strict=True)], dtype=object),
        "access_permit_id": permit_ids,
        "partner_name": np.where(partner_is_provider, [f"National focal institution ({c})" for c in partner_country],
                                 permits["user_name"][has]).astype(object),
        "partner_country": partner_country.astype(object), "signed_on": signed,
        "description": np.array([f"상호합의조건(MAT): {r}" for r in permits["resource_description"][has]], dtype=object),
    }
    signed_year = years_of(signed)
    rows_m: list[tuple] = []
    rows_n: list[tuple] = []
    for a, year in zip(agreements["id"], signed_year, strict=True):
        if rng.random() < 0.4:
            currency = str(choose(rng, {"KRW": 0.5, "USD": 0.4, "EUR": 0.1}, 1)[0])
            for y in range(int(year), min(2025, int(year) + int(rng.integers(0, 4))) + 1):
                median = {"KRW": 20e6, "USD": 15e3, "EUR": 12e3}[currency]
                amount = round(float(rng.lognormal(np.log(median), 0.8)), 0 if currency == "KRW" else 2)
                usd = {"KRW": 1 / trade.KRW_PER_USD[y], "USD": 1.0, "EUR": trade.KRW_PER_EUR[y] / trade.KRW_PER_USD[y]}[currency]
                krw = {"KRW": 1.0, "USD": trade.KRW_PER_USD[y], "EUR": trade.KRW_PER_EUR[y]}[currency]
                rows_m.append((a, y, str(choose(rng, MONETARY_KINDS, 1)[0]), amount, currency, round(usd, 8), krw))
        if rng.random() < 0.6:
            for _ in range(int(rng.integers(1, 4))):
                kind = str(choose(rng, NON_MONETARY_KINDS, 1)[0])
                y = int(min(2025, year + int(rng.integers(0, 3))))
                rows_n.append((a, y, kind, float(rng.integers(1, 20)), f"{kind.replace('_', ' ')} ({y})"))
    monetary = {
        "id": np.arange(1, len(rows_m) + 1), "agreement_id": np.array([r[0] for r in rows_m]),
        "year": np.array([r[1] for r in rows_m]), "kind": np.array([r[2] for r in rows_m], dtype=object),
        "amount": np.array([r[3] for r in rows_m]), "currency": np.array([r[4] for r in rows_m], dtype=object),
        "usd_per_unit": np.array([r[5] for r in rows_m]), "krw_per_unit": np.array([r[6] for r in rows_m]),
    }
    non_monetary = {
        "id": np.arange(1, len(rows_n) + 1), "agreement_id": np.array([r[0] for r in rows_n]),
        "year": np.array([r[1] for r in rows_n]), "benefit_type": np.array([r[2] for r in rows_n], dtype=object),
        "quantity": np.array([r[3] for r in rows_n]), "description": np.array([r[4] for r in rows_n], dtype=object),
    }
    return agreements, monetary, non_monetary


# --- international cooperation -------------------------------------------------------------------


def generate_cooperation(build: Build) -> None:
    """The Ecuador INABIO ODA project (2022–2028, KRW 3.4 bn NIBR component, Rio marker 2), joint
    research with biodiversity-rich countries in phases, yearly budgets, training events with
    trainees and material hand-overs (duplicate specimens, books, datasets)."""
    rng = build.rng("cooperation")
    projects = [ECUADOR_ODA]
    for country, institution, first_year, subject_ko, subject_en in JOINT_RESEARCH_PARTNERS:
        # Three-year phases since the first year; the latest `joint_research_phases` of them are kept.
        starts = list(range(first_year, 2026, 3))[-build.spec.joint_research_phases:]
        for phase, start in enumerate(starts, start=len(range(first_year, 2026, 3)) - len(starts)):
            end = start + 2
            budget = {y: float(rng.integers(8, 31)) * 1e7 for y in range(start, end + 1)}
            projects.append(Project(f"JR-{country}-{start}", f"{subject_ko} ({phase + 1}단계)",
                                        f"Joint research: {subject_en} (phase {phase + 1})", "joint_research", country,
                                        institution, "NIBR", f"{start}-03-01", f"{end}-12-31",
                                        2 if rng.random() < 0.4 else 1, budget))
    projects.append(Project("CB-KR-2019-01", "개도국 생물자원 전문가 초청연수", "Training for biological resource experts of developing countries",
                                "capacity_building", "KR", "국립생물자원관", "KOICA", "2019-05-01", "2026-12-31", 1,
                                {y: 1.5e8 for y in range(2019, 2026)}))
    project_rows, budget_rows, event_rows, transfer_rows = [], [], [], []
    for pid, p in enumerate(projects, start=1):
        project_rows.append((pid, p.code, p.title_ko, p.title_en, p.kind, p.country, p.institution, p.funding_agency,
                             as_date(p.starts_on), as_date(p.ends_on), p.rio_marker))
        for year, amount in p.budget_krw.items():
            budget_rows.append((pid, year, amount, "KRW", round(1 / trade.KRW_PER_USD[year], 8)))
        event_rows.extend(capacity_events(rng, pid, p))
        if p.kind == "joint_research":
            transfer_rows.extend(material_transfers(rng, pid, p))
    with build.source("cooperation") as source:
        build.write(source, CooperationProject, rows_to_columns(project_rows, [
            "id", "code", "title_ko", "title_en", "kind", "partner_country", "partner_institution", "funding_agency",
            "starts_on", "ends_on", "rio_marker"]))
        build.write(source, ProjectBudget, rows_to_columns(budget_rows, ["project_id", "year", "amount", "currency", "usd_per_unit"],
                                                          with_id=True))
        build.write(source, CapacityEvent, rows_to_columns(event_rows, [
            "event_key", "project_id", "title", "country", "held_on", "trainees", "women_trainees", "year"], with_id=True))
        build.write(source, MaterialTransfer, rows_to_columns(transfer_rows, [
            "transfer_key", "project_id", "partner_country", "partner_institution", "handed_over_on", "kind", "quantity",
            "description", "year"], with_id=True))


def capacity_events(rng: np.random.Generator, project_id: int, p: Project) -> list[tuple]:
    """Training events up to 2025; the Ecuador project's two 2023 courses are §2.9's."""
    rows = []
    if p.code == ECUADOR_ODA.code:
        rows.append((f"CE-{project_id}-1", project_id, "DNA 바코딩 실무자 연수 (DNA barcoding training for practitioners)", "KR",
                     as_date("2023-04-17"), 10, 6, 2023))
        rows.append((f"CE-{project_id}-2", project_id, "대학 총장단 초청연수 (university presidents' visit)", "KR",
                     as_date("2023-08-21"), 7, 2, 2023))
    first = int(str(p.starts_on)[:4])
    for year in range(max(first, 2015), min(int(str(p.ends_on)[:4]), 2025) + 1):
        for _ in range(int(rng.integers(0, 3))):
            trainees = int(rng.integers(5, 41))
            rows.append((f"CE-{project_id}-{len(rows) + 1}", project_id, "생물자원 조사·분류 교육 (biodiversity survey and taxonomy training)",
                         p.country, year_start(np.array([year]))[0] + int(rng.integers(30, 330)), trainees,
                         int(rng.binomial(trainees, 0.45)), year))
    return rows


def material_transfers(rng: np.random.Generator, project_id: int, p: Project) -> list[tuple]:
    rows = []
    first = int(str(p.starts_on)[:4])
    for k in range(int(rng.integers(1, 4))):
        kind = str(choose(rng, {"duplicate_specimen": 0.6, "book": 0.25, "dataset": 0.15}, 1)[0])
        quantity = {"duplicate_specimen": int(rng.integers(50, 2000)), "book": int(rng.integers(10, 200)),
                    "dataset": int(rng.integers(1, 6))}[kind]
        year = int(min(2025, first + int(rng.integers(0, 3))))
        rows.append((f"MT-{project_id}-{k + 1}", project_id, p.country, p.institution,
                     year_start(np.array([year]))[0] + int(rng.integers(30, 330)), kind, quantity,
                     {"duplicate_specimen": "중복표본 기증", "book": "도감·보고서 기증", "dataset": "표본 자료 공유"}[kind], year))
    return rows


def rows_to_columns(rows: list[tuple], names: list[str], *, with_id: bool = False) -> dict[str, np.ndarray]:
    columns: dict[str, np.ndarray] = {}
    if with_id:
        columns["id"] = np.arange(1, len(rows) + 1)
    for i, name in enumerate(names):
        values = [r[i] for r in rows]
        columns[name] = np.array(values, dtype=object) if any(isinstance(v, str) or v is None for v in values) else np.array(values)
    return columns


# --- NBSAP ---------------------------------------------------------------------------------------

NBSAP_ACTIONS = 300
IN_PROGRESS_FAVOURED = ("NT1", "NT3", "NT10", "NT20")  # §1.3's examples of tasks still in progress


def generate_nbsap(build: Build) -> None:
    """300 actions under NT1–NT21 (codes n-m-k, bilingual titles, lead and cooperating ministries,
    2024–2028), links to GBF targets through national_target_gbf_link and to indicator ids for
    some (others unlinked), and progress: 2024 final (294 tasks, 253 completed = 86.1 %) and 2025
    preliminary, at both scales (no reports for years still to come: the tracker reads the latest
    report up to a year, so a "planned" later report would undo the progress shown)."""
    rng = build.rng("nbsap")
    gbf_links: dict[str, list[str]] = {}
    for nt, gbf in build.session.execute(select(NationalTargetGbfLink.national_target_code, NationalTargetGbfLink.gbf_code)):
        gbf_links.setdefault(nt, []).append(gbf)
    per_target = largest_remainder([p.weight for p in nbsap.TARGET_PLANS], NBSAP_ACTIONS)
    actions: list[dict[str, Any]] = []
    for plan, count in zip(nbsap.TARGET_PLANS, per_target, strict=True):
        actions.extend(compose_actions(rng, plan, int(count), len(actions)))
    frame = pd.DataFrame(actions)
    late_start = rng.choice(len(frame), size=NBSAP_ACTIONS - nbsap.REPORTED_TASKS_2024, replace=False)
    frame.loc[late_start, "start_year"] = 2025
    gbf_rows, indicator_rows = [], []
    for row in frame.itertuples():
        plan = next(p for p in nbsap.TARGET_PLANS if p.code == row.national_target_code)
        if rng.random() < 0.85:
            gbf_rows.extend((row.id, g) for g in sorted(set(gbf_links.get(row.national_target_code, []))))
        if plan.indicators and rng.random() < 0.6:
            for indicator in plan.indicators[: int(rng.integers(1, len(plan.indicators) + 1))]:
                indicator_rows.append((row.id, indicator))
    reports = progress_reports(rng, frame)
    with build.source("nbsap") as source:
        build.write(source, NbsapAction, frame_columns(frame))
        links = rows_to_columns(gbf_rows, ["action_id", "gbf_code"])
        update_digest(source.digest, "nbsap_action_gbf_link", links)
        build.write(None, NbsapActionGbfLink, links)
        indicators = rows_to_columns(indicator_rows, ["action_id", "indicator"])
        update_digest(source.digest, "nbsap_action_indicator_link", indicators)
        build.write(None, NbsapActionIndicatorLink, indicators)
        build.write(source, ProgressReport, reports)


def compose_actions(rng: np.random.Generator, plan: nbsap.TargetPlan, count: int, offset: int) -> list[dict[str, Any]]:
    """`count` actions of one national target, spread over its tasks, with composed titles."""
    number = int(plan.code[2:])
    combos = [(o, v) for o in range(len(plan.objects)) for v in range(len(nbsap.VERB_PATTERNS))]
    picks = rng.permutation(len(combos))
    actions = []
    per_task: dict[int, int] = {}
    for k in range(count):
        obj, verb = combos[picks[k % len(combos)]]
        phase = k // len(combos)
        task = k % len(plan.tasks) + 1
        per_task[task] = per_task.get(task, 0) + 1
        obj_ko, obj_en = plan.objects[obj]
        verb_ko, verb_en, indicator = nbsap.VERB_PATTERNS[verb]
        lead = plan.ministries[0] if rng.random() < 0.6 else plan.ministries[int(rng.integers(0, len(plan.ministries)))]
        others = [m for m in plan.ministries if m != lead]
        cooperating = sorted(rng.choice(others, size=min(len(others), int(rng.integers(0, 3))), replace=False).tolist()) if others else []
        actions.append({
            "id": offset + k + 1, "code": f"{number}-{task}-{per_task[task]}", "national_target_code": plan.code,
            "title_ko": verb_ko.format(o=obj_ko) + (f" ({phase + 1}단계)" if phase else ""),
            "title_en": verb_en.format(o=obj_en) + (f" (phase {phase + 1})" if phase else ""),
            "lead_ministry": lead, "cooperating_ministries": ";".join(cooperating) or None,
            "start_year": 2024, "end_year": int(choose(rng, {"2028": 0.8, "2026": 0.1, "2027": 0.1}, 1)[0]),
            "performance_indicator": indicator,
            "target_value": f"2028년까지 {int(rng.integers(2, 50))}건" if indicator else None,
        })
    return actions


def progress_reports(rng: np.random.Generator, actions: pd.DataFrame) -> dict[str, np.ndarray]:
    """Yearly progress: 2024 final with exactly 253 of 294 completed; 2025 preliminary."""
    rows = []
    started_2024 = actions[actions["start_year"] <= 2024]
    favoured = started_2024["national_target_code"].isin(IN_PROGRESS_FAVOURED).to_numpy()
    score = rng.random(len(started_2024)) + favoured * 0.6
    in_progress_2024 = set(started_2024["id"].to_numpy()[np.argsort(-score)[: len(started_2024) - nbsap.COMPLETED_2024]])
    for year in PROGRESS_YEARS:
        final = year == 2024
        for row in actions.itertuples():
            if row.start_year > year or row.end_year < year:
                continue
            if year == 2024:
                status = "in_progress" if row.id in in_progress_2024 else "completed"
            else:
                status = str(choose(rng, {"completed": 0.58, "in_progress": 0.30, "delayed": 0.09, "not_started": 0.03}, 1)[0])
            percent = {"completed": 100.0, "in_progress": float(rng.integers(30, 91)), "delayed": float(rng.integers(5, 40)),
                       "not_started": 0.0}[status]
            rows.append((row.id, year, status, percent, f"{year}년 {row.title_ko} 추진 실적",
                         f"{year} progress on: {row.title_en}", final, row.lead_ministry,
                         dt.datetime(year + 1, 1, 20, tzinfo=dt.UTC) if final else dt.datetime(2025, 12, 15, tzinfo=dt.UTC)))
    columns = rows_to_columns(rows, ["action_id", "year", "status", "percent_complete", "narrative_ko", "narrative_en",
                                     "is_final", "reported_by", "reported_at"], with_id=True)
    columns["is_final"] = np.array([r[6] for r in rows], dtype=bool)
    columns["reported_at"] = np.array([r[8] for r in rows], dtype=object)
    return columns
