"""Input frames of `species_protection`: threatened species and where their occurrences fall.

Which species: national Red List CR/EN/VU (CR(PE), CR(PEW) included) in the latest round of
their taxon group, or a legal endangered class I/II status (scheme KR_ENDANGERED) valid today;
synonyms resolved to the accepted taxon. Which records: PRESENT, with coordinates, in the
country (or with no country code); each distinct location of a species counts once.

Per location the loader finds the first year it was protected: the smallest STATUS_YR of the
countable protected areas/OECMs that contain it (polygons, repaired) or whose reported-area
circle reaches it (points, geodesic radius sqrt(REP_AREA/π)); 0 when that site's year is
unknown (protected in every year), NULL when no site covers it. It returns that as counts per
species and first year, never the records themselves. On both databases the same way:
- the threatened species' (and their synonyms') present records are grouped into distinct
  locations in SQL, from the covering index `ix_occurrence_taxon_location` alone;
- each distinct place is tested once, vectorised: bounding-box candidates over the places sorted
  by longitude, then GEOS `intersects_xy` on the prepared, repaired polygons (boundary included)
  and the geodesic distance (pyproj, WGS84 ellipsoid) to the centres of the point sites.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import shapely
from sqlalchemy import and_, func, or_, select
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
    result = session.connection().execute(statement)  # Core rows: no ORM result processing
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


NAME_CHUNK = 5000  # taxon ids per IN list


def _names_of(session: Session, species_ids: list[int]) -> pd.Series:
    """accepted id indexed by taxon id, for the accepted species and their synonyms."""
    accepted = func.coalesce(Taxon.accepted_taxon_id, Taxon.id)
    frames = [
        _frame(session, select(Taxon.id.label("taxon_id"), accepted.label("accepted_id"))
               .where(accepted.in_(species_ids[i : i + NAME_CHUNK])))
        for i in range(0, len(species_ids), NAME_CHUNK)
    ]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.Series(dtype="int64")
    names = pd.concat(frames, ignore_index=True)
    return names.set_index("taxon_id")["accepted_id"].astype("int64").sort_index()


def _locations(session: Session, species_ids: list[int], occurrence_country: str | None) -> pd.DataFrame:
    """taxon_id (accepted), lon, lat, n_records: the distinct locations of the species' present records.

    Grouped by the raw (taxon, lon, lat) in the order of `ix_occurrence_taxon_location`, so the
    database answers from that index alone through the species' (and their synonyms') ids, never
    reading the occurrence rows; synonyms are then folded into their accepted taxon here.
    """
    names = _names_of(session, species_ids)
    frames = []
    for i in range(0, len(names), NAME_CHUNK):
        clauses = [
            Occurrence.taxon_id.in_(names.index[i : i + NAME_CHUNK].tolist()),
            Occurrence.occurrence_status == "PRESENT",
            Occurrence.decimal_latitude.between(-90, 90),
            Occurrence.decimal_longitude.between(-180, 180),
        ]
        if occurrence_country:
            clauses.append(or_(Occurrence.country_code.is_(None), Occurrence.country_code == occurrence_country))
        statement = (
            select(
                Occurrence.taxon_id,
                Occurrence.decimal_longitude.label("lon"),
                Occurrence.decimal_latitude.label("lat"),
                func.count().label("n_records"),
            )
            .where(*clauses)
            .group_by(Occurrence.taxon_id, Occurrence.decimal_longitude, Occurrence.decimal_latitude)
        )
        frames.append(_frame(session, statement))
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=["taxon_id", "lon", "lat", "n_records"])
    frame = pd.concat(frames, ignore_index=True)
    accepted = names.reindex(frame["taxon_id"]).to_numpy()
    folded = bool((accepted != frame["taxon_id"].to_numpy()).any())
    frame["taxon_id"] = accepted
    if folded:  # a synonym and its accepted name recorded at one place: one location
        frame = frame.groupby(["taxon_id", "lon", "lat"], as_index=False, sort=False)["n_records"].sum()
    return frame


def _summarise(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype="float64") for c in PROTECTION_COLUMNS})
    out = (
        frame.assign(n_locations=1)
        .groupby(["taxon_id", "protected_from"], dropna=False, as_index=False)
        .agg(n_locations=("n_locations", "sum"), n_records=("n_records", "sum"))
    )
    out["protected_from"] = out["protected_from"].astype("Int64")
    out["n_locations"] = out["n_locations"].astype(int)
    out["n_records"] = out["n_records"].astype(int)
    return out.sort_values(["taxon_id", "protected_from"], ignore_index=True)


class _ProtectedSites:
    """The countable sites as the method reads them: repaired polygons (prepared) and point sites as circles."""

    def __init__(self, sites: pd.DataFrame) -> None:
        geoms = np.asarray(sites["geom"].to_numpy(), dtype=object)
        years = pd.to_numeric(sites["status_year"], errors="coerce").fillna(0).to_numpy(dtype=float)
        area = pd.to_numeric(sites["reported_area_km2"], errors="coerce").fillna(0).to_numpy(dtype=float)
        is_point = shapely.get_dimensions(geoms) == 0 if len(geoms) else np.asarray([], dtype=bool)
        polygons, _ = repair_polygons(geoms[~is_point])
        keep = ~shapely.is_empty(polygons) if len(polygons) else np.asarray([], dtype=bool)
        self.polygons, self.polygon_years = polygons[keep], years[~is_point][keep]
        shapely.prepare(self.polygons)
        self.polygon_bounds = shapely.bounds(self.polygons).reshape(-1, 4)
        centres, centre_years, radii = [], [], []
        for i in np.flatnonzero(is_point & (area > 0)):
            parts = shapely.get_coordinates(shapely.get_parts(geoms[i]))
            centres.extend(parts.tolist())
            centre_years.extend([years[i]] * len(parts))
            radii.extend([float(point_radius_m(area[i] / len(parts)))] * len(parts))
        self.centres = np.asarray(centres, dtype=float).reshape(-1, 2)
        self.radii, self.centre_years = np.asarray(radii), np.asarray(centre_years)

    def first_year(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Earliest STATUS_YR (0 = unknown) of a site covering each location; inf where none does.

        Candidates come from bounding boxes over the locations sorted by longitude (no point
        geometry is built); the exact tests are vectorised: GEOS `intersects_xy` on the prepared
        polygons (boundary included), the geodesic distance to each circle's centre.
        """
        first = np.full(len(lon), np.inf)
        if not len(lon):
            return first
        order = np.argsort(lon, kind="stable")
        by_lon = _SortedPoints(lon[order], lat[order])
        if len(self.polygons):
            box, point = by_lon.in_boxes(self.polygon_bounds)
            inside = shapely.intersects_xy(self.polygons[box], by_lon.lon[point], by_lon.lat[point])
            np.minimum.at(first, order[point[inside]], self.polygon_years[box[inside]])
        if len(self.centres):
            # Boxes a little larger than each circle, in degrees; exact test on the ellipsoid.
            pad_lat = self.radii / 110_000.0
            pad_lon = self.radii / (110_000.0 * np.cos(np.radians(np.minimum(np.abs(self.centres[:, 1]) + pad_lat, 89.0))))
            boxes = np.column_stack([self.centres[:, 0] - pad_lon, self.centres[:, 1] - pad_lat,
                                     self.centres[:, 0] + pad_lon, self.centres[:, 1] + pad_lat])
            circle, point = by_lon.in_boxes(boxes)
            if circle.size:
                distance = _geodesic_distance(self.centres[circle, 0], self.centres[circle, 1],
                                              by_lon.lon[point], by_lon.lat[point])
                inside = distance <= self.radii[circle]
                np.minimum.at(first, order[point[inside]], self.centre_years[circle[inside]])
        return first


def _geodesic_distance(lon1: np.ndarray, lat1: np.ndarray, lon2: np.ndarray, lat2: np.ndarray) -> np.ndarray:
    """Metres on the WGS84 ellipsoid, pair by pair (one pair goes through pyproj's scalar path)."""
    if len(lon1) == 1:
        return np.asarray([WGS84_GEOD.inv(float(lon1[0]), float(lat1[0]), float(lon2[0]), float(lat2[0]))[2]])
    return np.asarray(WGS84_GEOD.inv(lon1, lat1, lon2, lat2)[2])


class _SortedPoints:
    """Locations sorted by longitude, for bounding-box candidate searches."""

    def __init__(self, lon: np.ndarray, lat: np.ndarray) -> None:
        self.lon, self.lat = lon, lat

    def in_boxes(self, boxes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(box index, point index) of every point inside or on each (xmin, ymin, xmax, ymax) box."""
        start = np.searchsorted(self.lon, boxes[:, 0], side="left")
        stop = np.searchsorted(self.lon, boxes[:, 2], side="right")
        box_parts, point_parts = [], []
        for i in np.flatnonzero(stop > start):
            lat = self.lat[start[i] : stop[i]]
            hits = np.flatnonzero((lat >= boxes[i, 1]) & (lat <= boxes[i, 3])) + start[i]
            if hits.size:
                box_parts.append(np.full(hits.size, i))
                point_parts.append(hits)
        if not box_parts:
            return np.asarray([], dtype=int), np.asarray([], dtype=int)
        return np.concatenate(box_parts), np.concatenate(point_parts)


def load_occurrence_protection(session: Session, species_ids: list[int], *, kind: str = "both",
                               country: str = DEFAULT_COUNTRY,
                               occurrence_country: str | None = DEFAULT_OCCURRENCE_COUNTRY) -> pd.DataFrame:
    """taxon_id, protected_from (first protected STATUS_YR; 0 = unknown year; NA = never), counts.

    Each place is tested once however many species were recorded there: the distinct (lon, lat)
    of all the species' locations go through the sites in chunks of CHUNK_ROWS.
    """
    if not species_ids:
        return _summarise(pd.DataFrame())
    frame = _locations(session, species_ids, occurrence_country)
    if frame.empty:
        return _summarise(pd.DataFrame())
    sites = _ProtectedSites(load_protected_areas(session, country=country, kind=kind, countable_only=True))
    lon, lat = frame["lon"].to_numpy(float), frame["lat"].to_numpy(float)
    place, places = pd.factorize(pd.Series(lon + 1j * lat), sort=False)
    place_lon, place_lat = np.real(places.to_numpy()), np.imag(places.to_numpy())
    first = np.concatenate([
        sites.first_year(place_lon[i : i + CHUNK_ROWS], place_lat[i : i + CHUNK_ROWS])
        for i in range(0, len(places), CHUNK_ROWS)
    ])[place]
    frame = frame.drop(columns=["lon", "lat"]).assign(protected_from=np.where(np.isfinite(first), first, np.nan))
    return _summarise(frame)


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
        "spatial_engine": "shapely STRtree (GEOS) on the distinct locations, geodesic distance (pyproj)",
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
