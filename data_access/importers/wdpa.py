"""WDPA / WD-OECM downloads from Protected Planet (`wdpa`), old and Nov-2025 attribute layouts.

Accepted containers: the shapefile download (a zip, including the split `_shp_0/1/2` zips inside
it, each with a polygons and a points layer, all appended), a loose `.shp`, a GeoPackage, or a
zipped File Geodatabase (polygon and point layers). Non-spatial tables (the source table) are
skipped.

Both attribute layouts map onto `protected_area` (data_formats.md §1.2). **The trap**: from Nov
2025 `NAME` holds the original-language name and `NAME_ENG` the English one, while before it
`NAME` was English and `ORIG_NAME` original; the layout is recognised from `SITE_ID` vs `WDPAID`.
The Protected Planet API layout (`wdpa_id, pa_name, …`) is accepted too. `STATUS_YR` 0 becomes
NULL; `realm` comes from `MARINE` 0/1/2 or `REALM`; points keep `is_point` and their reported
area. Invalid geometries are stored as they are (the indicator repairs them) and counted as
warnings. The release month (`Nov2025`) is read from the file name unless the `release` option
gives it. WDPA data must never be offered for download by the dashboard.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from data_access.importers import layers
from data_access.importers.pipeline import ImportContext, Plan, Upsert
from data_access.importers.validation import today
from data_access.models import ProtectedArea

STATUSES = ("Proposed", "Inscribed", "Adopted", "Designated", "Established", "Not Reported")
MARINE = {"0": "terrestrial", "1": "coastal", "2": "marine"}
REALMS = {"terrestrial": "terrestrial", "coastal": "coastal", "marine": "marine"}
PA_COLUMNS = [
    "site_id", "parcel_id", "site_type", "name_en", "name_orig", "designation", "designation_en", "designation_type",
    "iucn_category", "realm", "reported_area_km2", "reported_marine_area_km2", "gis_area_km2", "gis_marine_area_km2",
    "no_take", "status", "status_year", "governance_type", "ownership_type", "management_authority",
    "management_plan", "verification", "iso3", "parent_iso3", "sub_location", "wdpa_release", "is_point", "geom",
]
LENGTHS = {c.name: c.type.length for c in ProtectedArea.__table__.columns if getattr(c.type, "length", None)}
MONTH = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)(\d{4})"


def detect_layout(piece: layers.LayerSlice) -> str:
    names = {k.casefold() for k in piece.fields}
    if "site_id" in names:
        return "nov2025"
    if "wdpaid" in names:
        return "classic"
    if "wdpa_id" in names:
        return "api"
    return "unknown"


def _release(ctx: ImportContext) -> str | None:
    if ctx.option("release"):
        return ctx.option("release")
    match = re.search(MONTH, ctx.path.name)
    return match.group(0) if match else None


def _site_type(ctx: ImportContext, piece: layers.LayerSlice, layout: str) -> list[str | None]:
    n = len(piece.rows)
    if layout == "api":
        return ["PA"] * n
    if layout == "nov2025":
        raw = layers.text_values(layers.field(piece, "SITE_TYPE"), n)
        mapping = {"PA": "PA", "OECM": "OECM"}
    else:
        raw = layers.text_values(layers.field(piece, "PA_DEF"), n)
        mapping = {"1": "PA", "0": "OECM", "PA": "PA", "OECM": "OECM"}
    result = []
    for row, value in zip(piece.rows, raw, strict=True):
        code = mapping.get((value or "").upper())
        if code is None:
            ctx.log.error("importers.error.unknown_code", row=int(row), field="SITE_TYPE" if layout == "nov2025" else "PA_DEF",
                          value=value, expected=", ".join(mapping), source=piece.layer)
        result.append(code)
    return result


def _realm(ctx: ImportContext, piece: layers.LayerSlice, layout: str) -> list[str | None]:
    n = len(piece.rows)
    if layout == "api":
        raw = layers.text_values(layers.field(piece, "is_marine"), n)
        return ["marine" if (v or "").casefold() in ("true", "1") else "terrestrial" for v in raw]
    marine = layers.text_values(layers.field(piece, "MARINE"), n)
    realm = layers.text_values(layers.field(piece, "REALM"), n)
    result = []
    for row, m, r in zip(piece.rows, marine, realm, strict=True):
        value = REALMS.get((r or "").casefold()) if r else MARINE.get(m or "")
        if value is None:
            ctx.log.error("importers.error.unknown_code", row=int(row), field="REALM" if r else "MARINE", value=r or m,
                          expected="0, 1, 2 / Terrestrial, Coastal, Marine", source=piece.layer)
        result.append(value)
    return result


def _status_years(ctx: ImportContext, piece: layers.LayerSlice) -> list[int | None]:
    years = layers.number_values(layers.field(piece, "STATUS_YR"), len(piece.rows))
    result: list[int | None] = []
    for row, year in zip(piece.rows, years, strict=True):
        if np.isnan(year) or year == 0:
            result.append(None)  # 0 = unknown in the WDPA
        elif year > today().year or year < 1800 or not float(year).is_integer():
            ctx.log.error("importers.error.year_in_future" if year > today().year else "importers.error.not_integer",
                          row=int(row), field="STATUS_YR", value=year, maximum=today().year, source=piece.layer)
            result.append(None)
        else:
            result.append(int(year))
    return result


def _attributes(ctx: ImportContext, piece: layers.LayerSlice, layout: str, release: str | None) -> pd.DataFrame:
    n = len(piece.rows)

    def text(*names: str) -> list[str | None]:
        return layers.text_values(layers.field(piece, *names), n)

    def number(*names: str) -> np.ndarray:
        return layers.number_values(layers.field(piece, *names), n)

    if layout == "nov2025":
        site, parcel, name_en, name_orig, parent = ("SITE_ID",), ("SITE_PID",), ("NAME_ENG",), ("NAME",), ("PRNT_ISO3", "PRNT_ISO")
    elif layout == "api":
        site, parcel, name_en, name_orig, parent = ("wdpa_id",), ("wdpa_pid", "wdpa_id"), ("pa_name",), ("orig_name",), ("parent_iso3",)
    else:
        site, parcel, name_en, name_orig, parent = ("WDPAID",), ("WDPA_PID",), ("NAME",), ("ORIG_NAME",), ("PARENT_ISO3", "PARENT_ISO")
    frame = pd.DataFrame(
        {
            "src_row": piece.rows,
            "site_id": number(*site),
            "parcel_id": text(*parcel),
            "site_type": _site_type(ctx, piece, layout),
            "name_en": text(*name_en),
            "name_orig": text(*name_orig),
            "designation": text("DESIG"),
            "designation_en": text("DESIG_ENG", "type"),
            "designation_type": text("DESIG_TYPE"),
            "iucn_category": text("IUCN_CAT"),
            "realm": _realm(ctx, piece, layout),
            "reported_area_km2": number("REP_AREA"),
            "reported_marine_area_km2": number("REP_M_AREA"),
            "gis_area_km2": number("GIS_AREA"),
            "gis_marine_area_km2": number("GIS_M_AREA"),
            "no_take": text("NO_TAKE"),
            "status": text("STATUS"),
            "status_year": _status_years(ctx, piece),
            "governance_type": text("GOV_TYPE"),
            "ownership_type": text("OWN_TYPE"),
            "management_authority": text("MANG_AUTH"),
            "management_plan": text("MANG_PLAN"),
            "verification": text("VERIF"),
            "iso3": text("ISO3", "ctry_iso3"),
            "parent_iso3": text(*parent),
            "sub_location": text("SUB_LOC"),
            "wdpa_release": release,
            "is_point": piece.is_point,
            "geom": piece.geoms,
        }
    )
    if layout == "api":
        frame["status"] = frame["status"].fillna("Not Reported")
    return frame


def _validate(ctx: ImportContext, frame: pd.DataFrame, piece: layers.LayerSlice, unknown_status: dict[str, list[int]]) -> None:
    for row, site, parcel in zip(frame["src_row"], frame["site_id"], frame["parcel_id"], strict=True):
        if site != site or not float(site).is_integer():
            ctx.log.error("importers.error.required", row=int(row), field="WDPAID / SITE_ID", value=site, source=piece.layer)
        if not parcel:
            ctx.log.error("importers.error.required", row=int(row), field="WDPA_PID / SITE_PID", source=piece.layer)
    for column in ("reported_area_km2", "reported_marine_area_km2", "gis_area_km2", "gis_marine_area_km2"):
        negative = frame[column] < 0
        for row, value in zip(frame.loc[negative, "src_row"], frame.loc[negative, column], strict=True):
            ctx.log.error("importers.error.too_small", row=int(row), field=column, value=value, minimum=0, source=piece.layer)
    for row, status in zip(frame["src_row"], frame["status"], strict=True):
        if not status:
            ctx.log.error("importers.error.required", row=int(row), field="STATUS", source=piece.layer)
        elif status not in STATUSES:
            entry = unknown_status.setdefault(status, [int(row), 0])
            entry[1] += 1
    for column, limit in LENGTHS.items():
        if column in frame.columns and frame[column].dtype == object:
            long = frame[column].map(lambda v, lim=limit: isinstance(v, str) and len(v) > lim)
            for row, value in zip(frame.loc[long, "src_row"], frame.loc[long, column], strict=True):
                ctx.log.error("importers.error.too_long", row=int(row), field=column, value=value, max_length=limit, source=piece.layer)


def read(ctx: ImportContext) -> Plan:
    refs = layers.open_layers(ctx)
    release = _release(ctx)
    areas = ctx.stage(ProtectedArea.__table__, columns=PA_COLUMNS, keys=["parcel_id"])
    invalid = [0, 0]
    unknown_status: dict[str, list[int]] = {}
    offset = 0
    for ref in refs:
        for piece in layers.iter_slices(ctx, ref):
            layout = detect_layout(piece)
            if layout == "unknown":
                raise ctx.log.refuse("importers.error.wdpa_layout", value=", ".join(list(piece.fields)[:12]), source=piece.layer)
            layers.check_bounds(ctx, piece)
            layers.count_invalid(ctx, piece, invalid)
            frame = _attributes(ctx, piece, layout, release)
            _validate(ctx, frame, piece, unknown_status)
            ctx.rows_read += len(frame)
            frame["src_row"] = frame["src_row"] + offset
            frame["site_id"] = frame["site_id"].map(lambda v: None if v != v else int(v))
            if not ctx.log.has_errors:
                areas.add(frame)
        offset += 10_000_000
    if invalid[0]:
        ctx.log.warning("importers.warning.invalid_geometries", value=invalid[0], count=invalid[0])
    for status, (row, count) in unknown_status.items():
        ctx.log.warning("importers.warning.unknown_status", row=row, field="STATUS", value=status, count=count)
    if ctx.rows_read == 0:
        raise ctx.log.refuse("importers.error.no_rows")
    areas.index(["parcel_id"])
    return Plan(steps=[Upsert(areas, what="WDPA_PID")], note=f"release={release}")
