"""Input frames of `species_protection`: threatened species and where their occurrences fall.

Which species: national Red List CR/EN/VU (CR(PE), CR(PEW) included) in the latest round of
their taxon group, or a legal endangered class I/II status (scheme KR_ENDANGERED) valid today;
synonyms resolved to the accepted taxon. Which records: PRESENT, with coordinates, in the
country (or with no country code); each distinct location of a species counts once.

Per location the loader finds the first year it was protected: the smallest STATUS_YR of the
countable protected areas/OECMs that contain it (polygons, repaired) or whose reported-area
circle reaches it (points, geodesic radius sqrt(REP_AREA/π)); 0 when that site's year is
unknown (protected in every year), NULL when no site covers it. It returns that as counts per
species and first year, never the records themselves:
- PostgreSQL: one query; point-in-polygon by PostGIS (ST_Intersects on subdivided, valid polygons
  in an indexed temporary table, ST_DWithin on geography for points);
- SQLite: the threatened species' locations only, selected and grouped in SQL, streamed in chunks
  through a shapely STRtree of the same protected areas.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import shapely
from sqlalchemy import and_, column, func, or_, select, table, text
from sqlalchemy.orm import Session, aliased

from data_access.models import LegalStatus, Occurrence, ProtectedArea, RedListAssessment, Taxon
from data_access.queries.protected_area_inputs import (
    DEFAULT_COUNTRY,
    countable_filter,
    country_filter,
    data_version,
    load_protected_areas,
    provenance_frame,
)
from indicators.coverage_geometry import (
    KEPT_STATUSES,
    MAB_DESIGNATION,
    SITE_TYPES_BY_KIND,
    WGS84_GEOD,
    point_radius_m,
    repair_polygons,
)

Frames = dict[str, pd.DataFrame]
THREATENED_CATEGORIES: tuple[str, ...] = ("CR", "EN", "VU", "CR(PE)", "CR(PEW)")
ENDANGERED_SCHEME = "KR_ENDANGERED"  # 멸종위기 야생생물 (야생생물법)
ENDANGERED_CLASSES: tuple[str, ...] = ("I", "II")
DEFAULT_OCCURRENCE_COUNTRY = "KR"
CHUNK_ROWS = 250_000
PROTECTION_COLUMNS = ("taxon_id", "protected_from", "n_locations", "n_records")


def _frame(session: Session, statement: Any) -> pd.DataFrame:
    result = session.execute(statement)
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def load_threatened_species(session: Session, *, on: dt.date | None = None) -> pd.DataFrame:
    """taxon_id (accepted), taxon_group, basis ('red_list:EN', 'legal:I', both ';'-joined), red_list_year."""
    on = on or dt.date.today()
    latest = (
        select(RedListAssessment.taxon_group, func.max(RedListAssessment.year).label("year"))
        .where(RedListAssessment.scope == "national")
        .group_by(RedListAssessment.taxon_group)
        .subquery()
    )
    by_key = aliased(Taxon)
    named = func.coalesce(RedListAssessment.taxon_id, by_key.id)
    red_list = _frame(
        session,
        select(named.label("taxon_id"), RedListAssessment.year.label("red_list_year"), RedListAssessment.category)
        .select_from(RedListAssessment)
        .join(latest, and_(RedListAssessment.taxon_group == latest.c.taxon_group, RedListAssessment.year == latest.c.year))
        .outerjoin(by_key, and_(RedListAssessment.taxon_id.is_(None), by_key.ktsn == RedListAssessment.taxon_key))
        .where(RedListAssessment.scope == "national", RedListAssessment.category.in_(THREATENED_CATEGORIES)),
    )
    legal = _frame(
        session,
        select(LegalStatus.taxon_id, LegalStatus.value).where(
            LegalStatus.scheme == ENDANGERED_SCHEME,
            LegalStatus.value.in_(ENDANGERED_CLASSES),
            LegalStatus.valid_from <= on,
            or_(LegalStatus.valid_to.is_(None), LegalStatus.valid_to > on),
        ),
    )
    red_list = red_list.dropna(subset=["taxon_id"])
    rows = pd.concat(
        [
            pd.DataFrame({"taxon_id": red_list["taxon_id"], "basis": "red_list:" + red_list["category"].astype(str),
                          "red_list_year": red_list["red_list_year"]}),
            pd.DataFrame({"taxon_id": legal["taxon_id"], "basis": "legal:" + legal["value"].astype(str),
                          "red_list_year": np.nan}),
        ],
        ignore_index=True,
    )
    if rows.empty:
        return pd.DataFrame(columns=["taxon_id", "taxon_group", "basis", "red_list_year"])
    rows["taxon_id"] = rows["taxon_id"].astype(int)
    accepted = _accepted_taxa(session, rows["taxon_id"].unique().tolist())
    rows = rows.merge(accepted, on="taxon_id", how="left")
    rows["taxon_id"] = rows["accepted_id"].fillna(rows["taxon_id"]).astype(int)
    grouped = rows.groupby("taxon_id", as_index=False).agg(
        basis=("basis", lambda b: ";".join(sorted(set(b)))), red_list_year=("red_list_year", "max")
    )
    groups = _accepted_taxa(session, grouped["taxon_id"].tolist())[["taxon_id", "taxon_group"]]
    grouped = grouped.merge(groups, on="taxon_id", how="left")
    grouped["taxon_group"] = grouped["taxon_group"].fillna("unknown")
    return grouped[["taxon_id", "taxon_group", "basis", "red_list_year"]].sort_values("taxon_id", ignore_index=True)


def _accepted_taxa(session: Session, ids: list[int]) -> pd.DataFrame:
    """taxon_id → accepted_id and the accepted taxon's group, for the given ids (chunked IN lists)."""
    accepted = aliased(Taxon)
    frames = [
        _frame(
            session,
            select(
                Taxon.id.label("taxon_id"),
                func.coalesce(Taxon.accepted_taxon_id, Taxon.id).label("accepted_id"),
                func.coalesce(accepted.taxon_group, Taxon.taxon_group).label("taxon_group"),
            )
            .outerjoin(accepted, accepted.id == Taxon.accepted_taxon_id)
            .where(Taxon.id.in_(ids[i : i + 5000])),
        )
        for i in range(0, len(ids), 5000)
    ]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=["taxon_id", "accepted_id", "taxon_group"])
    return pd.concat(frames, ignore_index=True)


MAX_LISTED_TAXA = 20_000  # above this, filter on the accepted id expression instead of listing ids


def _locations(species_ids: list[int], occurrence_country: str | None, taxon_ids: list[int] | None = None) -> Any:
    """Distinct (accepted taxon, lon, lat) of the threatened species, with their record counts.

    `taxon_ids` (the species and their synonyms) lets the database reach only their occurrences
    through the taxon index instead of joining every one of 3 M occurrences to test the species.
    """
    accepted = func.coalesce(Taxon.accepted_taxon_id, Taxon.id)
    clauses = [
        Occurrence.taxon_id.in_(taxon_ids) if taxon_ids is not None else accepted.in_(species_ids),
        Occurrence.occurrence_status == "PRESENT",
        Occurrence.decimal_latitude.between(-90, 90),
        Occurrence.decimal_longitude.between(-180, 180),
    ]
    if occurrence_country:
        clauses.append(or_(Occurrence.country_code.is_(None), Occurrence.country_code == occurrence_country))
    return (
        select(
            accepted.label("taxon_id"),
            Occurrence.decimal_longitude.label("lon"),
            Occurrence.decimal_latitude.label("lat"),
            func.count().label("n_records"),
        )
        .join(Taxon, Taxon.id == Occurrence.taxon_id)
        .where(*clauses)
        .group_by(accepted, Occurrence.decimal_longitude, Occurrence.decimal_latitude)
    )


def _taxa_of(session: Session, species_ids: list[int]) -> list[int] | None:
    """Ids of the accepted species and of their synonyms (None when too many to list)."""
    accepted = func.coalesce(Taxon.accepted_taxon_id, Taxon.id)
    ids = sorted({
        int(i) for chunk in range(0, len(species_ids), 5000)
        for i in session.scalars(select(Taxon.id).where(accepted.in_(species_ids[chunk : chunk + 5000])))
    })
    return ids if len(ids) <= MAX_LISTED_TAXA else None


def _summarise(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype="float64") for c in PROTECTION_COLUMNS})
    out = (
        frame.assign(n_locations=1)
        .groupby(["taxon_id", "protected_from"], dropna=False, as_index=False)
        .agg(n_locations=("n_locations", "sum"), n_records=("n_records", "sum"))
    )
    out["protected_from"] = out["protected_from"].astype("Int64")
    return out.sort_values(["taxon_id", "protected_from"], ignore_index=True)


def _protection_sqlite(session: Session, species_ids: list[int], kind: str, country: str,
                       occurrence_country: str | None) -> pd.DataFrame:
    sites = load_protected_areas(session, country=country, kind=kind, countable_only=True)
    geoms = np.asarray(sites["geom"].to_numpy(), dtype=object)
    years = pd.to_numeric(sites["status_year"], errors="coerce").fillna(0).to_numpy(dtype=float)
    area = pd.to_numeric(sites["reported_area_km2"], errors="coerce").fillna(0).to_numpy(dtype=float)
    is_point = shapely.get_dimensions(geoms) == 0 if len(geoms) else np.asarray([], dtype=bool)
    polygons, _ = repair_polygons(geoms[~is_point])
    polygon_years = years[~is_point]
    shapely.prepare(polygons)
    point_rows = np.flatnonzero(is_point & (area > 0))
    centres, centre_years, radii = [], [], []
    for i in point_rows:
        parts = shapely.get_coordinates(shapely.get_parts(geoms[i]))
        centres.extend(parts.tolist())
        centre_years.extend([years[i]] * len(parts))
        radii.extend([float(point_radius_m(area[i] / len(parts)))] * len(parts))
    centres_arr = np.asarray(centres, dtype=float).reshape(-1, 2)
    radii_arr, centre_years_arr = np.asarray(radii), np.asarray(centre_years)

    frames = []
    statement = _locations(species_ids, occurrence_country, _taxa_of(session, species_ids))
    result = session.execute(statement.execution_options(yield_per=CHUNK_ROWS))
    for chunk in result.partitions():
        frame = pd.DataFrame(chunk, columns=["taxon_id", "lon", "lat", "n_records"])
        lon, lat = frame["lon"].to_numpy(float), frame["lat"].to_numpy(float)
        first = np.full(len(frame), np.inf)
        if len(polygons):
            tree = shapely.STRtree(shapely.points(lon, lat))
            polygon_index, point_index = tree.query(polygons, predicate="intersects")
            np.minimum.at(first, point_index, polygon_years[polygon_index])
        if len(centres_arr):
            first = np.minimum(first, _within_circles(lon, lat, centres_arr, radii_arr, centre_years_arr))
        frame["protected_from"] = np.where(np.isfinite(first), first, np.nan)
        frames.append(frame.drop(columns=["lon", "lat"]))
    return _summarise(pd.concat(frames, ignore_index=True) if frames else pd.DataFrame())


def _within_circles(lon: np.ndarray, lat: np.ndarray, centres: np.ndarray, radii: np.ndarray,
                    years: np.ndarray) -> np.ndarray:
    """Earliest year of a point site whose circle (geodesic radius) holds each location; inf if none."""
    first = np.full(len(lon), np.inf)
    # Boxes a little larger than each circle, in degrees, to find candidates; exact test on the ellipsoid.
    pad_lat = radii / 110_000.0
    pad_lon = radii / (110_000.0 * np.cos(np.radians(np.minimum(np.abs(centres[:, 1]) + pad_lat, 89.0))))
    boxes = shapely.box(centres[:, 0] - pad_lon, centres[:, 1] - pad_lat, centres[:, 0] + pad_lon, centres[:, 1] + pad_lat)
    tree = shapely.STRtree(shapely.points(lon, lat))
    circle_index, point_index = tree.query(boxes, predicate="intersects")
    if circle_index.size:
        _, _, distance = WGS84_GEOD.inv(centres[circle_index, 0], centres[circle_index, 1], lon[point_index], lat[point_index])
        inside = distance <= radii[circle_index]
        np.minimum.at(first, point_index[inside], years[circle_index[inside]])
    return first


_PG_SITE_FILTER = """
    site_type = ANY(:site_types) AND status = ANY(:statuses)
    AND (designation_en IS NULL OR designation_en <> :mab) AND geom IS NOT NULL
    AND (iso3 IS NULL OR iso3 LIKE :country OR parent_iso3 LIKE :country)
"""


def _protection_postgis(session: Session, species_ids: list[int], kind: str, country: str,
                        occurrence_country: str | None) -> pd.DataFrame:
    params = {
        "site_types": list(SITE_TYPES_BY_KIND[kind]), "statuses": list(KEPT_STATUSES),
        "mab": MAB_DESIGNATION, "country": f"%{country}%",
    }
    for statement in (
        "DROP TABLE IF EXISTS pg_temp.gbf_sp_polygons",
        "DROP TABLE IF EXISTS pg_temp.gbf_sp_points",
        f"""CREATE TEMPORARY TABLE gbf_sp_polygons ON COMMIT DROP AS
            SELECT COALESCE(status_year, 0) AS yr,
                   ST_Subdivide(ST_CollectionExtract(ST_MakeValid(geom), 3), 256) AS geom
            FROM protected_area WHERE {_PG_SITE_FILTER} AND ST_Dimension(geom) > 0""",
        "CREATE INDEX ON gbf_sp_polygons USING GIST (geom)",
        f"""CREATE TEMPORARY TABLE gbf_sp_points ON COMMIT DROP AS
            SELECT yr, geom, radius_m,
                   ST_Expand(geom, radius_m / (110000.0 * cos(radians(LEAST(abs(ST_Y(geom)) + radius_m / 110000.0, 89))))) AS env
            FROM (SELECT COALESCE(status_year, 0) AS yr, (ST_Dump(geom)).geom AS geom,
                         sqrt(reported_area_km2 * 1e6 / pi() / ST_NumGeometries(geom)) AS radius_m
                  FROM protected_area
                  WHERE {_PG_SITE_FILTER} AND ST_Dimension(geom) = 0 AND reported_area_km2 > 0) AS parts""",
        "CREATE INDEX ON gbf_sp_points USING GIST (env)",
        "ANALYZE gbf_sp_polygons",
        "ANALYZE gbf_sp_points",
    ):
        session.execute(text(statement), params if ":" in statement else {})
    polygons = table("gbf_sp_polygons", column("yr"), column("geom"))
    points = table("gbf_sp_points", column("yr"), column("geom"), column("env"), column("radius_m"))
    located = _locations(species_ids, occurrence_country, _taxa_of(session, species_ids)).subquery()
    point = func.ST_SetSRID(func.ST_MakePoint(located.c.lon, located.c.lat), 4326)
    in_polygon = select(func.min(polygons.c.yr)).where(func.ST_Intersects(polygons.c.geom, point)).scalar_subquery()
    in_circle = (
        select(func.min(points.c.yr))
        .where(
            points.c.env.op("&&")(point),
            func.ST_DWithin(func.geography(points.c.geom), func.geography(point), points.c.radius_m),
        )
        .scalar_subquery()
    )
    first = select(
        located.c.taxon_id, located.c.n_records, func.least(in_polygon, in_circle).label("protected_from")
    ).subquery()
    statement = select(
        first.c.taxon_id,
        first.c.protected_from,
        func.count().label("n_locations"),
        func.sum(first.c.n_records).label("n_records"),
    ).group_by(first.c.taxon_id, first.c.protected_from)
    frame = _frame(session, statement)
    if frame.empty:
        return _summarise(frame)
    frame["protected_from"] = frame["protected_from"].astype("Int64")
    frame["n_locations"] = frame["n_locations"].astype(int)
    frame["n_records"] = frame["n_records"].astype(int)
    return frame.sort_values(["taxon_id", "protected_from"], ignore_index=True)


def load_occurrence_protection(session: Session, species_ids: list[int], *, kind: str = "both",
                               country: str = DEFAULT_COUNTRY,
                               occurrence_country: str | None = DEFAULT_OCCURRENCE_COUNTRY) -> pd.DataFrame:
    """taxon_id, protected_from (first protected STATUS_YR; 0 = unknown year; NA = never), counts."""
    if not species_ids:
        return _summarise(pd.DataFrame())
    if session.get_bind().dialect.name == "postgresql":
        return _protection_postgis(session, species_ids, kind, country, occurrence_country)
    return _protection_sqlite(session, species_ids, kind, country, occurrence_country)


def load_protected_area_years(session: Session, *, kind: str = "both", country: str = DEFAULT_COUNTRY) -> pd.DataFrame:
    """Countable parcels per STATUS_YR (NULL = unknown) and the WDPA release(s): the series' years."""
    return _frame(
        session,
        select(ProtectedArea.status_year, func.count().label("parcels"), func.max(ProtectedArea.wdpa_release).label("wdpa_release"))
        .where(countable_filter(kind), country_filter(country))
        .group_by(ProtectedArea.status_year)
        .order_by(ProtectedArea.status_year),
    )


def load_species_protection_inputs(session: Session, *, kind: str = "both", country: str = DEFAULT_COUNTRY,
                                   occurrence_country: str | None = DEFAULT_OCCURRENCE_COUNTRY) -> Frames:
    species = load_threatened_species(session)
    protection = load_occurrence_protection(
        session, species["taxon_id"].astype(int).tolist(), kind=kind, country=country,
        occurrence_country=occurrence_country,
    )
    dialect = session.get_bind().dialect.name
    rounds = (
        species.dropna(subset=["red_list_year"]).groupby("taxon_group")["red_list_year"].max().astype(int)
        if not species.empty else pd.Series(dtype=int)
    )
    provenance = {
        "tables": "occurrence, taxon, red_list_assessment, legal_status, protected_area",
        "threatened": (
            f"national Red List {'/'.join(THREATENED_CATEGORIES)} in each group's latest round, "
            f"or {ENDANGERED_SCHEME} class {'/'.join(ENDANGERED_CLASSES)} valid today"
        ),
        "red_list_rounds": ", ".join(f"{g} {y}" for g, y in rounds.items()) or "none",
        "occurrences": (
            "occurrence_status PRESENT, with coordinates, "
            f"country_code {occurrence_country or 'any'} or empty; distinct locations per species"
        ),
        "protected_areas": f"kind {kind}; status {', '.join(KEPT_STATUSES)}; no MAB reserves; country {country}",
        "spatial_engine": "PostGIS ST_Intersects / ST_DWithin(geography)" if dialect == "postgresql"
        else "shapely STRtree, geodesic distance (pyproj)",
        "data_version": data_version(session),
    }
    return {
        "threatened_species": species,
        "occurrence_protection": protection,
        "protected_area_years": load_protected_area_years(session, kind=kind, country=country),
        "provenance": provenance_frame(provenance),
    }


def add_species_protection_arguments(parser: Any) -> None:
    parser.add_argument("--kind", choices=tuple(SITE_TYPES_BY_KIND), default="both",
                        help="which sites protect: pa, oecm, or both (default)")
    parser.add_argument("--country", default=DEFAULT_COUNTRY, help="ISO3 code of the WDPA rows (default KOR)")
    parser.add_argument("--occurrence-country", default=DEFAULT_OCCURRENCE_COUNTRY,
                        help="ISO2 countryCode of the records counted (records without one are kept)")
