"""Occurrence records (`occurrences`): GBIF downloads and Darwin Core tables.

Accepted inputs:

* a GBIF **Darwin Core Archive** zip: `meta.xml` names the core file, its delimiter, quoting and
  the term of every column; columns are mapped by term URI, not by header text. The download DOI
  (`metadata.xml` → `packageId`) becomes the record's `source_dataset`;
* a GBIF **SIMPLE_CSV** zip: one tab-separated, unquoted file with Darwin Core term headers;
* a plain Darwin Core **CSV/TSV or XLSX** (term names as headers, `dwc:` prefixes and a few
  Korean headers such as 학명, 위도, 경도 accepted).

Each record is keyed on `gbif:<gbifID>`, else `occ:<occurrenceID>`, else
`cat:<institutionCode>:<collectionCode>:<catalogNumber>` (`record_key`). Names are matched to the
national species list (a synonym gives its accepted taxon); unmatched names are kept with no
`taxon_id` and reported once each as a warning. `province_code` is the NGII province whose polygon
contains the point (prepared polygons, bounding-box pre-filter, vectorised `contains_xy`).
Unparseable `eventDate` values are kept as text with a warning; dates and years in the future,
coordinates out of range or half given, and unknown `occurrenceStatus` values are errors.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import shapely
from sqlalchemy import Connection, select

from data_access.importers.pipeline import ImportContext, Plan, Upsert
from data_access.importers.reading import ROW, SafeZip, TableSource, open_table, table_source_for
from data_access.importers.tables import refuse_empty, resolve_or_refuse
from data_access.importers.taxa import TaxonMatcher
from data_access.importers.validation import Column, convert_frame, normalise_header, today
from data_access.models import AdminBoundary, Occurrence, SourceDataset

BASIS = (
    "PRESERVED_SPECIMEN", "HUMAN_OBSERVATION", "MACHINE_OBSERVATION", "MATERIAL_SAMPLE", "MATERIAL_CITATION",
    "LIVING_SPECIMEN", "FOSSIL_SPECIMEN", "OCCURRENCE", "OBSERVATION",
)
STATUSES = ("PRESENT", "ABSENT")
LICENCE_URLS = {
    "publicdomain/zero/1.0": "CC0_1_0",
    "licenses/by/4.0": "CC_BY_4_0",
    "licenses/by-nc/4.0": "CC_BY_NC_4_0",
}


def _c(name: str, term: str, *aliases: str, **kwargs: object) -> Column:
    return Column(name, kwargs.pop("ko", term), term, aliases=(term, f"dwc:{term}", f"gbif:{term}", *aliases), **kwargs)  # type: ignore[arg-type]


COLUMNS: tuple[Column, ...] = (
    _c("gbif_id", "gbifID", max_length=30),
    _c("occurrence_id", "occurrenceID", "관찰기록 ID", max_length=300),
    _c("basis_of_record", "basisOfRecord", "기록 유형"),
    _c("occurrence_status", "occurrenceStatus"),
    _c("scientific_name", "scientificName", "학명", max_length=300, ko="학명"),
    _c("verbatim_scientific_name", "verbatimScientificName", max_length=300),
    _c("species_name", "species"),
    _c("accepted_scientific_name", "acceptedScientificName"),
    _c("taxon_rank", "taxonRank", max_length=20),
    _c("kingdom", "kingdom", max_length=60),
    _c("phylum", "phylum", max_length=80),
    _c("class_name", "class", max_length=80),
    _c("order_name", "order", max_length=80),
    _c("family", "family", max_length=80),
    _c("genus", "genus", max_length=80),
    _c("decimal_latitude", "decimalLatitude", "위도", type="float", minimum=-90, maximum=90, ko="위도"),
    _c("decimal_longitude", "decimalLongitude", "경도", type="float", minimum=-180, maximum=180, ko="경도"),
    _c("coordinate_uncertainty_m", "coordinateUncertaintyInMeters", type="float", minimum=0),
    _c("country_code", "countryCode", "국가 코드", type="country"),
    _c("locality", "locality", "장소"),
    _c("event_date", "eventDate", "관찰일", "조사일"),
    _c("year", "year", "연도", type="int", minimum=1000, maximum=None),
    _c("institution_code", "institutionCode", max_length=100),
    _c("collection_code", "collectionCode", max_length=100),
    _c("catalog_number", "catalogNumber", max_length=100),
    _c("recorded_by", "recordedBy", "관찰자"),
    _c("establishment_means", "establishmentMeans", max_length=40),
    _c("degree_of_establishment", "degreeOfEstablishment", max_length=40),
    _c("license", "license"),
    _c("issues", "issue"),
)

OCCURRENCE_COLUMNS = [
    "record_key", "gbif_id", "occurrence_id", "basis_of_record", "occurrence_status", "scientific_name",
    "verbatim_scientific_name", "taxon_id", "taxon_group", "taxon_rank", "kingdom", "phylum", "class_name",
    "order_name", "family", "genus", "decimal_latitude", "decimal_longitude", "coordinate_uncertainty_m",
    "country_code", "province_code", "locality", "event_date", "event_date_start", "year", "institution_code",
    "collection_code", "catalog_number", "recorded_by", "establishment_means", "degree_of_establishment",
    "license", "dataset_id", "issues",
]  # is_sensitive / is_published are set in the app, not by files: new rows get their defaults
TERM_TO_COLUMN = {spec.en.casefold(): spec.name for spec in COLUMNS}


@dataclass(frozen=True)
class DatasetInfo:
    key: str
    title: str | None = None
    doi: str | None = None
    citation: str | None = None


# --------------------------------------------------------------------------- opening the input


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: ET.Element, name: str) -> ET.Element | None:
    return next((c for c in element if _local(c.tag) == name), None)


def _unescape(value: str) -> str:
    return value.replace("\\t", "\t").replace("\\n", "\n").replace("\\r", "\r")


def _dwca_source(ctx: ImportContext, archive: SafeZip, names: list[str]) -> TableSource:
    """The core table of a Darwin Core Archive, described by its meta.xml."""
    meta_name = next(n for n in names if n.rsplit("/", 1)[-1] == "meta.xml")
    try:
        root = ET.fromstring(archive.read_bytes(meta_name, limit_mb=16))
        core = _child(root, "core")
        if core is None:
            raise ValueError("no <core>")
        location = _child(_child(core, "files") or core, "location")
        if location is None or not (location.text or "").strip():
            raise ValueError("no <location>")
    except (ET.ParseError, ValueError) as exc:
        raise ctx.log.refuse("importers.error.dwca_meta_invalid", value=str(exc)) from None
    if not core.get("rowType", "").endswith("Occurrence"):
        raise ctx.log.refuse("importers.error.dwca_not_occurrence", value=core.get("rowType"))
    prefix = meta_name[: -len("meta.xml")]
    core_name = prefix + (location.text or "").strip()
    if core_name not in names:
        raise ctx.log.refuse("importers.error.archive_content", value=core_name)
    fields: dict[int, str] = {}
    for element in core:
        if _local(element.tag) == "field" and element.get("index") is not None:
            term = element.get("term", "").rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
            fields[int(element.get("index", "0"))] = term
    id_element = _child(core, "id")
    if id_element is not None and id_element.get("index") is not None:
        fields.setdefault(int(id_element.get("index", "0")), "gbifID")
    used = sorted(i for i, term in fields.items() if term.casefold() in TERM_TO_COLUMN)
    width = max(fields) + 1 if fields else 0
    names_by_index = [fields.get(i, f"_column{i}") for i in range(width)]
    enclosure = core.get("fieldsEnclosedBy", '"')
    encoding = core.get("encoding", "UTF-8")
    return TableSource(
        label=core_name,
        open_stream=archive.opener(core_name),
        delimiter=_unescape(core.get("fieldsTerminatedBy", ",")),
        quoting=csv.QUOTE_NONE if enclosure == "" else csv.QUOTE_MINIMAL,
        encoding=None if encoding.upper().replace("-", "") == "UTF8" else encoding,
        header_row=max(int(core.get("ignoreHeaderLines", "0") or 0), 1),
        names=tuple(names_by_index[i] for i in used),
        usecols=tuple(used),
    )


def _dataset_from_metadata(ctx: ImportContext, archive: SafeZip, names: list[str], fallback: str) -> DatasetInfo:
    """The GBIF download's DOI and title from metadata.xml (EML), when there is one."""
    if "metadata.xml" not in names:
        return DatasetInfo(key=fallback)
    try:
        root = ET.fromstring(archive.read_bytes("metadata.xml", limit_mb=16))
    except ET.ParseError:
        ctx.log.warning("importers.warning.metadata_unreadable", value="metadata.xml")
        return DatasetInfo(key=fallback)
    doi = root.get("packageId") or None
    dataset = _child(root, "dataset")
    title = pub_date = None
    if dataset is not None:
        title_element = _child(dataset, "title")
        title = title_element.text.strip() if title_element is not None and title_element.text else None
        date_element = _child(dataset, "pubDate")
        pub_date = date_element.text.strip() if date_element is not None and date_element.text else None
    if doi and re.match(r"^10\.\d{4,9}/", doi):
        citation = f"GBIF.org ({pub_date or 'n.d.'}) GBIF Occurrence Download https://doi.org/{doi}"
        return DatasetInfo(key=f"doi:{doi}", title=title, doi=doi, citation=citation)
    return DatasetInfo(key=fallback, title=title)


def _gbif_key(name: str) -> str | None:
    match = re.match(r"^(\d{7}-\d{12,15})", name)
    return match.group(1) if match else None


def open_source(ctx: ImportContext) -> tuple[TableSource, DatasetInfo]:
    """Which table to read and which dataset to cite, whatever form the file came in."""
    stem = ctx.path.stem
    gbif = _gbif_key(ctx.path.name)
    fallback = f"gbif-download:{gbif}" if gbif else f"file:{ctx.path.name}"
    if ctx.fmt == "zip":
        archive = SafeZip(ctx.path, ctx.limits, ctx.log, label=ctx.path.name)
        names = archive.names()
        if any(n.rsplit("/", 1)[-1] == "meta.xml" for n in names):
            source = _dwca_source(ctx, archive, names)
            return source, _dataset_from_metadata(ctx, archive, names, fallback)
        tables = [n for n in names if n.lower().endswith((".csv", ".txt", ".tsv"))]
        if len(tables) != 1:
            raise ctx.log.refuse("importers.error.archive_content", value="meta.xml / one .csv")
        name = tables[0]
        gbif = gbif or _gbif_key(name.rsplit("/", 1)[-1])
        key = f"gbif-download:{gbif}" if gbif else f"file:{ctx.path.name}"
        citation = f"GBIF.org GBIF Occurrence Download https://www.gbif.org/occurrence/download/{gbif}" if gbif else None
        source = TableSource(label=name, open_stream=archive.opener(name), quoting=_quoting(archive.opener(name)))
        return source, DatasetInfo(key=key, title=f"GBIF Occurrence Download {gbif}" if gbif else stem, citation=citation)
    if ctx.fmt == "text":
        opener = lambda: ctx.path.open("rb")  # noqa: E731
        return TableSource(label=ctx.path.name, open_stream=opener, quoting=_quoting(opener)), DatasetInfo(key=fallback, title=stem)
    source = table_source_for(ctx.path, ctx.fmt, ctx.log, ctx.limits, sheet=ctx.option("sheet"))
    return source, DatasetInfo(key=fallback, title=stem)


def _quoting(opener) -> int:  # type: ignore[no-untyped-def]
    """GBIF writes tab-separated files without quoting; a stray quote must not swallow lines."""
    with opener() as handle:
        head = handle.read(4096)
    first = head.split(b"\n", 1)[0]
    return csv.QUOTE_NONE if b"\t" in first and b"gbifID" in first else csv.QUOTE_MINIMAL


# --------------------------------------------------------------------------- derived values


class ProvinceIndex:
    """NGII province polygons, prepared, for point-in-polygon look-ups of whole chunks.

    Prepared polygons are cached per database and province rows (ids, batches, sizes), so a
    series of imports does not re-prepare 275,000 vertices each time.
    """

    _cache: dict[tuple[object, ...], list[tuple[str, object, tuple[float, float, float, float]]]] = {}

    def __init__(self, ctx: ImportContext) -> None:
        table = AdminBoundary.__table__
        where = (table.c.level == "province", table.c.code_system == "NGII")
        fingerprint = (str(ctx.conn.engine.url), *ctx.conn.execute(
            select(table.c.id, table.c.code, table.c.batch_id, table.c.area_km2).where(*where).order_by(table.c.id)).all())
        cached = self._cache.get(fingerprint)
        if cached is not None:
            self.items = cached
            return
        rows = ctx.conn.execute(select(table.c.code, table.c.geom).where(*where)).all()
        self.items = []
        for code, geom in rows:
            if geom is None:
                continue
            if not geom.is_valid:
                geom = shapely.make_valid(geom)
            shapely.prepare(geom)
            self.items.append((code, geom, geom.bounds))
        self._cache.clear()
        self._cache[fingerprint] = self.items

    def codes(self, lat: pd.Series, lon: pd.Series) -> pd.Series:
        result = np.full(len(lat), None, dtype=object)
        if not self.items:
            return pd.Series(result, index=lat.index)
        y = pd.to_numeric(lat, errors="coerce").to_numpy(dtype="float64")
        x = pd.to_numeric(lon, errors="coerce").to_numpy(dtype="float64")
        known = ~np.isnan(x) & ~np.isnan(y)
        for code, geom, (xmin, ymin, xmax, ymax) in reversed(self.items):
            candidate = np.nonzero(known & (x >= xmin) & (x <= xmax) & (y >= ymin) & (y <= ymax))[0]
            if len(candidate):
                inside = shapely.contains_xy(geom, x[candidate], y[candidate])
                result[candidate[inside]] = code
        return pd.Series(result, index=lat.index)


def _basis(values: pd.Series, rows: pd.Series, ctx: ImportContext, label: str, unknown: dict[str, list[int]]) -> pd.Series:
    """GBIF's UPPER_SNAKE enum; Darwin Core CamelCase (PreservedSpecimen) is converted."""
    def convert(value: str | None) -> str | None:
        if value is None:
            return None
        if "_" in value or value.isupper():
            return value.upper()
        return re.sub(r"(?<!^)(?=[A-Z])", "_", value).upper()

    uniques = {u: convert(u) for u in pd.unique(values.dropna())}
    result = values.map(uniques)
    result = result.astype(object).where(result.notna(), None)
    missing = values.isna()
    for row in rows[missing]:
        ctx.log.error("importers.error.required", row=row, field=label)
    odd = ~missing & ~result.isin(BASIS)
    for value, group in rows[odd].groupby(values[odd]):
        entry = unknown.setdefault(str(value), [int(group.iloc[0]), 0])
        entry[1] += len(group)
    too_long = result.map(lambda v: isinstance(v, str) and len(v) > 30).astype(bool)
    for row, value in zip(rows[too_long], values[too_long], strict=True):
        ctx.log.error("importers.error.too_long", row=row, field=label, value=value, max_length=30)
    return result


def _event_dates(ctx: ImportContext, frame: pd.DataFrame, label: str, bad_dates: dict[str, list[int]]) -> pd.Series:
    """First day of `eventDate` (ISO date, partial date or interval); future starts are errors."""
    text = frame["event_date"]
    present = text.notna()
    start = text.where(present, "").astype(str).str.split("/", n=1).str[0].str.strip()
    stamp = pd.to_datetime(start.str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
    full_iso = start.str.len().isin([10, 19, 20]) | start.str.slice(10, 11).isin(["T", " "])
    stamp = stamp.where(full_iso)
    dates = stamp.dt.date.astype(object).where(stamp.notna(), None)
    slow = (present & stamp.isna()).to_numpy()
    if slow.any():
        # Partial dates (1930-04), other ISO forms and years beyond pandas' range, once per text.
        mapping = {value: _partial_date(value) for value in pd.unique(start[slow])}
        dates[slow] = start[slow].map(mapping)
    limit = today()
    bad = present.to_numpy() & dates.isna().to_numpy()
    for row, value in zip(frame.loc[bad, ROW], text[bad], strict=True):
        entry = bad_dates.setdefault(value, [row, 0])
        entry[1] += 1
    known = dates.notna().to_numpy()
    future = np.zeros(len(dates), dtype=bool)
    future[known] = [d > limit for d in dates[known]]
    for row, value in zip(frame.loc[future, ROW], text[future], strict=True):
        ctx.log.error("importers.error.date_in_future", row=row, field=label, value=value, today=limit.isoformat())
    return dates.where(dates.notna(), None)


PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ][\d:.]*(?:Z|[+-]\d{2}:?\d{2})?)?$")


def _partial_date(text: str) -> dt.date | None:
    match = PARTIAL_DATE.match(text)
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2) or 1), int(match.group(3) or 1))
    except ValueError:
        return None


def _record_keys(ctx: ImportContext, frame: pd.DataFrame) -> pd.Series:
    gbif, occ = frame["gbif_id"], frame["occurrence_id"]
    triplet_ok = frame["institution_code"].notna() & frame["collection_code"].notna() & frame["catalog_number"].notna()
    triplet = "cat:" + frame["institution_code"].fillna("") + ":" + frame["collection_code"].fillna("") + ":" + frame["catalog_number"].fillna("")
    key = pd.Series(np.where(gbif.notna(), "gbif:" + gbif.fillna(""), np.where(occ.notna(), "occ:" + occ.fillna(""), np.where(triplet_ok, triplet, None))), index=frame.index, dtype=object)
    for row in frame.loc[key.isna(), ROW]:
        ctx.log.error("importers.error.missing_record_key", row=row, field="gbifID / occurrenceID / catalogNumber")
    too_long = key.notna() & (key.str.len() > 300)
    for row, value in zip(frame.loc[too_long, ROW], key[too_long], strict=True):
        ctx.log.error("importers.error.too_long", row=row, field="occurrenceID", value=value, max_length=300)
    return key


def _licences(values: pd.Series, rows: pd.Series, ctx: ImportContext, label: str) -> pd.Series:
    def convert(value: str) -> str:
        for fragment, code in LICENCE_URLS.items():
            if fragment in value:
                return code
        return value

    result = values.map({u: convert(u) for u in pd.unique(values.dropna())})
    result = result.astype(object).where(result.notna(), None)
    too_long = result.map(lambda v: isinstance(v, str) and len(v) > 40).astype(bool)
    for row, value in zip(rows[too_long], values[too_long], strict=True):
        ctx.log.error("importers.error.too_long", row=row, field=label, value=value, max_length=40)
    return result.where(~too_long, None)


# --------------------------------------------------------------------------- reading


def _coordinates_pairs(ctx: ImportContext, frame: pd.DataFrame, label: str) -> None:
    half = frame["decimal_latitude"].isna() != frame["decimal_longitude"].isna()
    for row in frame.loc[half, ROW]:
        ctx.log.error("importers.error.coordinate_pair", row=row, field=label)


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column].where(frame[column].notna(), None)


def iter_records(ctx: ImportContext, source: TableSource) -> Iterator[pd.DataFrame]:
    """Typed occurrence frames, chunk by chunk, with everything derived except the dataset id."""
    table = open_table(source, ctx.log, forced_encoding=ctx.option("encoding"))
    label = source.label if ctx.fmt == "zip" else None
    machine_written = source.quoting == csv.QUOTE_NONE  # GBIF DWCA / SIMPLE_CSV: cells as GBIF wrote them
    resolved = resolve_or_refuse(ctx, table, COLUMNS, source=label, warn_unknown=False)
    if not resolved.has("scientific_name"):
        raise ctx.log.refuse("importers.error.missing_column", row=1, field="scientificName", ko="학명", en="scientificName", expected="scientificName")
    matcher = TaxonMatcher(ctx.conn)
    provinces = ProvinceIndex(ctx)
    unmatched: dict[str, list[int]] = {}
    unknown_basis: dict[str, list[int]] = {}
    bad_dates: dict[str, list[int]] = {}
    for chunk in table.chunks:
        ctx.rows_read += len(chunk)
        frame = convert_frame(chunk, COLUMNS, resolved, ctx.log, source=label, strip=not machine_written)
        rows = frame[ROW]
        frame["record_key"] = _record_keys(ctx, frame)
        for column in ("scientific_name",):
            missing = frame[column].isna()
            for row in rows[missing]:
                ctx.log.error("importers.error.required", row=row, field=resolved.label(column))
        frame["basis_of_record"] = _basis(_text(frame, "basis_of_record"), rows, ctx, resolved.label("basis_of_record"), unknown_basis)
        status = frame["occurrence_status"].fillna("PRESENT").astype(str).str.upper()
        bad_status = ~status.isin(STATUSES)
        for row, value in zip(rows[bad_status], frame.loc[bad_status, "occurrence_status"], strict=True):
            ctx.log.error("importers.error.unknown_code", row=row, field=resolved.label("occurrence_status"), value=value, expected="PRESENT, ABSENT")
        frame["occurrence_status"] = status
        _coordinates_pairs(ctx, frame, resolved.label("decimal_latitude"))
        frame["event_date_start"] = _event_dates(ctx, frame, resolved.label("event_date"), bad_dates)
        too_long = frame["event_date"].notna() & (frame["event_date"].astype(str).str.len() > 60)
        frame.loc[too_long, "event_date"] = frame.loc[too_long, "event_date"].astype(str).str.slice(0, 60)
        start_year = pd.Series([d.year if d is not None else None for d in frame["event_date_start"]], index=frame.index, dtype="Int64")
        year = pd.to_numeric(frame["year"]).astype("Int64")
        year = year.fillna(start_year.astype("Int64"))
        frame["year"] = year.astype(object).where(year.notna(), None)
        future = (year > today().year).fillna(False).to_numpy(dtype=bool)
        for row, value in zip(rows[future], frame.loc[future, "year"], strict=True):
            ctx.log.error("importers.error.year_in_future", row=row, field=resolved.label("year"), value=value, maximum=today().year)
        frame["license"] = _licences(_text(frame, "license"), rows, ctx, resolved.label("license"))
        frame["taxon_id"] = matcher.match(_text(frame, "scientific_name"), _text(frame, "verbatim_scientific_name"), _text(frame, "species_name"), _text(frame, "accepted_scientific_name"))
        frame["taxon_group"] = matcher.groups(frame["taxon_id"])
        no_taxon = frame["taxon_id"].isna() & frame["scientific_name"].notna()
        for name, group in rows[no_taxon].groupby(frame.loc[no_taxon, "scientific_name"]):
            entry = unmatched.setdefault(str(name), [int(group.iloc[0]), 0])
            entry[1] += len(group)
        frame["province_code"] = provinces.codes(frame["decimal_latitude"], frame["decimal_longitude"])
        frame["src_row"] = rows
        yield frame
    for value, (row, count) in unknown_basis.items():
        ctx.log.warning("importers.warning.unknown_basis", row=row, field=resolved.label("basis_of_record"), value=value, count=count, expected=", ".join(BASIS))
    for value, (row, count) in bad_dates.items():
        ctx.log.warning("importers.warning.event_date_unparsed", row=row, field=resolved.label("event_date"), value=value, count=count)
    for name, (row, count) in sorted(unmatched.items(), key=lambda item: -item[1][1]):
        ctx.log.warning("importers.warning.unmatched_name", row=row, field=resolved.label("scientific_name"), value=name, count=count)


def _dataset_id(conn: Connection, key: str) -> int | None:
    table = SourceDataset.__table__
    return conn.execute(select(table.c.id).where(table.c.key == key)).scalar_one_or_none()


def _keep_known(header: list[str]) -> list[str]:
    """Only the columns a spec maps are parsed: a GBIF file has dozens more."""
    known = {normalise_header(label) for spec in COLUMNS for label in spec.headers()}
    return [h for h in header if normalise_header(h) in known]


def read(ctx: ImportContext) -> Plan:
    source, info = open_source(ctx)
    source = replace(source, keep=_keep_known)
    datasets = ctx.stage(SourceDataset.__table__, columns=["key", "title", "doi", "citation"], keys=["key"])
    datasets.add(pd.DataFrame([{"src_row": 1, "key": info.key[:200], "title": info.title, "doi": info.doi, "citation": info.citation}]))
    dataset_key = info.key[:200]
    records = ctx.stage(
        Occurrence.__table__,
        columns=OCCURRENCE_COLUMNS,
        keys=["record_key"],
        constants={"dataset_id": lambda conn: _dataset_id(conn, dataset_key)},
    )
    for frame in iter_records(ctx, source):
        if ctx.log.has_errors:
            continue  # keep reading to report every problem, but stop staging
        records.add(frame)
    refuse_empty(ctx)
    records.index(["record_key"])
    return Plan(steps=[Upsert(datasets, count_rows=False, what="dataset"), Upsert(records, what="record_key")])
