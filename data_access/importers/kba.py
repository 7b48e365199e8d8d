"""Key Biodiversity Areas (`kba`): site polygons with their code and name.

Reads the same containers as `boundaries` (shapefile, GeoPackage, GeoJSON, zips). The KBA
partnership's download names its fields `SitRecID, IntName, NatName, ISO3, …`; other names can be
given with the options `code_field`, `name_field`, `iso3_field`, `criteria_field`, `area_field`.
Rows are keyed on the site code. `area_km2` is the file's area field when it has one, else the
polygon measured in Mollweide. Invalid geometries are kept and counted as warnings.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data_access.equal_area import area_km2
from data_access.importers import layers
from data_access.importers.pipeline import ImportContext, Plan, Upsert
from data_access.models import KeyBiodiversityArea

CODE_FIELDS = ("SitRecID", "site_code", "sitecode", "kba_code", "KbaCode", "code", "id")
NAME_FIELDS = ("IntName", "site_name", "name", "NatName", "kba_name")
ISO3_FIELDS = ("ISO3", "iso3", "iso_a3", "country_code")
CRITERIA_FIELDS = ("Criteria", "kba_criteria", "criteria", "KbaCriteria")
AREA_FIELDS = ("SitArea", "area_km2", "area", "Area_km2")


def _pick(ctx: ImportContext, piece: layers.LayerSlice, option: str, candidates: tuple[str, ...]) -> np.ndarray | None:
    given = ctx.option(option)
    return layers.field(piece, given) if given else layers.field(piece, *candidates)


def read(ctx: ImportContext) -> Plan:
    sites = ctx.stage(
        KeyBiodiversityArea.__table__,
        columns=["site_code", "name", "iso3", "criteria", "area_km2", "geom"],
        keys=["site_code"],
    )
    invalid = [0, 0]
    offset = 0
    for ref in layers.open_layers(ctx):
        for piece in layers.iter_slices(ctx, ref):
            n = len(piece.rows)
            layers.check_bounds(ctx, piece)
            layers.count_invalid(ctx, piece, invalid)
            codes = _pick(ctx, piece, "code_field", CODE_FIELDS)
            names = _pick(ctx, piece, "name_field", NAME_FIELDS)
            if codes is None or names is None:
                raise ctx.log.refuse("importers.error.missing_column", row=1, field="SitRecID / IntName", ko="사이트 코드·이름",
                                     en="site code and name (options code_field, name_field)", source=piece.layer)
            frame = pd.DataFrame(
                {
                    "src_row": piece.rows + offset,
                    "site_code": layers.text_values(codes, n),
                    "name": layers.text_values(names, n),
                    "iso3": layers.text_values(_pick(ctx, piece, "iso3_field", ISO3_FIELDS), n),
                    "criteria": layers.text_values(_pick(ctx, piece, "criteria_field", CRITERIA_FIELDS), n),
                    "area_km2": layers.number_values(_pick(ctx, piece, "area_field", AREA_FIELDS), n),
                    "geom": piece.geoms,
                }
            )
            missing_area = frame["area_km2"].isna()
            frame.loc[missing_area, "area_km2"] = [
                area_km2(g) if g is not None else np.nan for g in frame.loc[missing_area, "geom"]
            ]
            for row, code, name, iso3, criteria in zip(piece.rows, frame["site_code"], frame["name"], frame["iso3"], frame["criteria"], strict=True):
                if not code:
                    ctx.log.error("importers.error.required", row=int(row), field="site_code", source=piece.layer)
                elif len(code) > 40:
                    ctx.log.error("importers.error.too_long", row=int(row), field="site_code", value=code, max_length=40, source=piece.layer)
                if not name:
                    ctx.log.error("importers.error.required", row=int(row), field="name", source=piece.layer)
                if iso3 and len(iso3) > 3:
                    ctx.log.error("importers.error.too_long", row=int(row), field="iso3", value=iso3, max_length=3, source=piece.layer)
                if criteria and len(criteria) > 100:
                    ctx.log.error("importers.error.too_long", row=int(row), field="criteria", value=criteria, max_length=100, source=piece.layer)
            ctx.rows_read += n
            if not ctx.log.has_errors:
                sites.add(frame)
        offset += 10_000_000
    if invalid[0]:
        ctx.log.warning("importers.warning.invalid_geometries", value=invalid[0], count=invalid[0])
    if ctx.rows_read == 0:
        raise ctx.log.refuse("importers.error.no_rows")
    return Plan(steps=[Upsert(sites, what="site_code")])
