"""The protected-areas and data-management pages read their expensive frames stored per data
version, and the map layers are projected in one go (issues 6 and 9).

A cold page must not merge, simplify and project ~3,000 site polygons or count every table: the
warm-up (`cli.py init/import`) stores those frames, the pages read them, and a data change makes
them recomputed rather than shown stale. Projection of a whole layer at once must draw exactly
what projecting geometry by geometry drew.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from shapely.geometry import GeometryCollection, LineString, MultiPoint, MultiPolygon, Point, Polygon, box
from streamlit.testing.v1 import AppTest

from data_access import page_cache, result_cache
from data_access.database import bump_data_version, data_version, make_engine, session_factory, session_scope
from data_access.queries import maps
from data_access.queries.data_management import SOURCES, data_freshness
from i18n import format_number, t

REPO = Path(__file__).resolve().parents[1]
SEOUL = box(126.9, 37.5, 127.1, 37.6)
SHAPES = [
    SEOUL,
    MultiPolygon([box(128.0, 35.0, 128.2, 35.1), box(128.5, 35.0, 128.6, 35.2)]),
    Point(126.5, 33.4),
    MultiPoint([(127.0, 36.0), (127.5, 36.5)]),
    GeometryCollection(
        [
            box(129.0, 35.5, 129.1, 35.6),
            LineString([(127, 37), (128, 38)]),
            MultiPolygon([box(126.0, 34.0, 126.1, 34.1)]),
        ]
    ),
    Polygon(),
    None,
    Polygon([(127.0, 37.0), (127.2, 37.2), (127.2, 37.0), (127.0, 37.2)]),  # a bow-tie (invalid) ring
]


@pytest.mark.parametrize("projection", ["korea", "world"])
def test_the_layer_is_projected_as_geometry_by_geometry(projection: str) -> None:
    at_once = maps.project_layer_rings(SHAPES, projection)
    assert at_once == [maps.project_rings(shape, projection) for shape in SHAPES]
    assert at_once[0][0] and None not in at_once[0][0]  # one ring, no gap
    assert at_once[1][0].count(None) == 1  # two polygons, one gap
    assert at_once[5] == ([], []) and at_once[6] == ([], [])


def test_the_layer_has_the_inside_point_of_each_geometry() -> None:
    layer = maps._layer([(i, f"k{i}", f"e{i}", shape) for i, shape in enumerate(SHAPES)], "korea")
    for shape, cx, cy in zip(SHAPES, layer["cx"], layer["cy"], strict=True):
        expected = maps._inside_point(shape, "korea")
        if expected[0] is None:
            assert pd.isna(cx) and pd.isna(cy)
        else:
            assert (cx, cy) == pytest.approx(expected)
    assert maps._layer([], "korea").columns.tolist() == maps.LAYER_COLUMNS


def test_islets_under_a_pixel_are_left_off_and_the_largest_part_always_stays() -> None:
    speck = box(130.0, 36.0, 130.001, 36.001)  # ~0.01 km²
    assert maps.without_specks(MultiPolygon([SEOUL, speck]), 1e-5).equals(MultiPolygon([SEOUL]))
    assert maps.without_specks(MultiPolygon([speck, box(131, 36, 131.002, 36.002)]), 1e-5).area == pytest.approx(4e-6)
    assert maps.without_specks(SEOUL, 1e-5) is SEOUL and maps.without_specks(None, 1e-5) is None


def test_the_province_display_layer_drops_only_specks(sample_database: Path) -> None:
    """Every province is drawn, with far fewer rings; what is left off is under a pixel and a
    negligible share of each province's area."""
    import shapely
    from sqlalchemy import select

    from data_access.models import AdminBoundary

    with session_scope(make_engine(f"sqlite:///{sample_database}")) as session:
        layer = maps.boundary_layer(session, "province")
        shapes = dict(session.execute(select(AdminBoundary.code, AdminBoundary.display_geom).where(
            AdminBoundary.level == "province", AdminBoundary.valid_to.is_(None))).all())
    assert sorted(layer["code"]) == sorted(shapes)
    parts = {code: list(getattr(shape, "geoms", [shape])) for code, shape in shapes.items()}
    rings = {code: 1 + sum(v is None for v in xs) for code, xs in zip(layer["code"], layer["x"], strict=True)}
    assert sum(rings.values()) < sum(len(p) for p in parts.values()), "the sample provinces have islets to leave off"
    for code, members in parts.items():
        kept = [m for m in members if m.area >= maps.SPECK_DEG2["korea"]] or [max(members, key=lambda m: m.area)]
        assert rings[code] == len(kept), code
        dropped = sum(m.area for m in members) - sum(m.area for m in kept)
        assert dropped <= 0.02 * shapely.MultiPolygon(members).area, code


def test_site_years_are_whole_numbers(sample_database: Path) -> None:
    with session_factory(make_engine(f"sqlite:///{sample_database}"))() as session:
        layer = maps.protected_area_layer(session)
    assert str(layer["status_year"].dtype) == "Int64"
    assert layer["code"].is_unique and len(layer) > 100


def _stored(url: str, name: str, args: tuple) -> pd.DataFrame | None:
    with session_factory(make_engine(url))() as session:
        return page_cache.get_frame(session, name, {"args": list(args)}, data_version(session))


def test_the_warm_up_stores_the_pages_layers_freshness_and_indicator_options(writable_url: str) -> None:
    engine = make_engine(writable_url)
    with session_factory(engine)() as session:
        version = data_version(session)
        outcome = page_cache.warm_pages(session, version)
    for name in (
        "data_access.queries.maps.protected_area_layer",
        "data_access.queries.maps.boundary_layer",
        "data_access.queries.data_management.data_freshness",
    ):
        assert outcome[name] == "ok", outcome
    assert outcome["protected_area_coverage{'by': 'province'}"] == "ok"
    assert outcome["kba_protection_coverage{'by': 'kba'}"] == "ok"

    with session_factory(engine)() as session:
        fresh_layer = maps.protected_area_layer(session)
        fresh_base = maps.boundary_layer(session, "province")
        fresh_freshness = data_freshness(session)
        for indicator_id, options in page_cache.DEFAULT_INDICATOR_OPTIONS:
            stored = result_cache.get(session, indicator_id, dict(options), version)
            assert stored is not None and stored.result is not None
            assert len(stored.result.frame) > 1
    layer = _stored(writable_url, "data_access.queries.maps.protected_area_layer", ())
    base = _stored(writable_url, "data_access.queries.maps.boundary_layer", ("province",))
    freshness = _stored(writable_url, "data_access.queries.data_management.data_freshness", ())
    assert layer is not None and base is not None and freshness is not None
    for stored, fresh in ((layer, fresh_layer), (base, fresh_base)):
        assert stored["code"].tolist() == fresh["code"].tolist()
        for column in ("x", "y"):  # gaps (None) come back as NaN, the gap plotly draws
            for got, expected in zip(stored[column], fresh[column], strict=True):
                np.testing.assert_array_equal(np.asarray(got, dtype=float), np.asarray(expected, dtype=float))
    assert layer["status_year"].tolist() == fresh_layer["status_year"].tolist()
    assert freshness["rows"].tolist() == fresh_freshness["rows"].tolist()
    assert freshness["source"].tolist() == list(SOURCES)


def _open(url: str, page: str, lang: str = "en") -> AppTest:
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=240)
    app.query_params["lang"] = lang
    app.switch_page(f"pages/{page}.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_the_protected_areas_map_draws_the_stored_layer_of_this_data_version(writable_url: str) -> None:
    import streamlit as st

    engine = make_engine(writable_url)
    with session_factory(engine)() as session:
        version = data_version(session)
        layer = maps.protected_area_layer(session).head(7)
        assert page_cache.put_frame(
            session, "data_access.queries.maps.protected_area_layer", {"args": []}, version, layer
        )

    def map_title(app: AppTest) -> str:
        spec = json.loads(app.get("plotly_chart")[0].proto.spec)
        return spec["layout"]["title"]["text"]

    st.cache_resource.clear()
    app = _open(writable_url, "protected_areas")
    assert t("pg.pa.map_title", "en", n=format_number(7, "en")) in map_title(app)

    with session_scope(engine) as session:  # an import: the stored seven sites are not shown any more
        bump_data_version(session)
    st.cache_resource.clear()
    app = _open(writable_url, "protected_areas")
    with session_factory(engine)() as session:
        every_site = len(maps.protected_area_layer(session))
    assert t("pg.pa.map_title", "en", n=format_number(every_site, "en")) in map_title(app)


def test_the_data_management_page_shows_the_stored_freshness_of_this_data_version(writable_url: str) -> None:
    import streamlit as st

    engine = make_engine(writable_url)
    with session_factory(engine)() as session:
        version = data_version(session)
        real = data_freshness(session)
        marked = real.assign(rows=real["rows"].where(real["source"] != "taxa", 123_456_789))
        assert page_cache.put_frame(
            session, "data_access.queries.data_management.data_freshness", {"args": []}, version, marked
        )

    def taxa_rows(app: AppTest) -> str:
        freshness = app.dataframe[-1].value
        return freshness.iloc[list(SOURCES).index("taxa")][t("pg.data.col.rows", "en")]

    st.cache_resource.clear()
    assert taxa_rows(_open(writable_url, "data_management")) == format_number(123_456_789, "en")
    with session_scope(engine) as session:
        bump_data_version(session)
    st.cache_resource.clear()
    expected = int(real.loc[real["source"] == "taxa", "rows"].iloc[0])
    assert taxa_rows(_open(writable_url, "data_management")) == format_number(expected, "en")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_site_map_tooltips_name_each_site_with_its_whole_year(sample_url: str, lang: str) -> None:
    import re

    with session_factory(make_engine(sample_url))() as session:
        layer = maps.protected_area_layer(session)
    app = _open(sample_url, "protected_areas", lang)
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    # the dots carry the tooltips, one trace per site type, in that type's legend group (the
    # provinces' tooltips are in no group)
    texts = [text for trace in spec["data"]
             if trace.get("hovertemplate") == "%{text}<extra></extra>" and trace.get("legendgroup")
             for text in trace["text"]]
    assert len(texts) == len(layer)
    year = t("pg.pa.col.year", lang)
    names = [text.split("</b>")[0].removeprefix("<b>") for text in texts]
    years = [re.search(f"{re.escape(year)}: ([^<]*)", text).group(1) for text in texts]  # type: ignore[union-attr]
    expected = zip(layer["name_ko" if lang == "ko" else "name_en"],
                   ["–" if pd.isna(y) else str(int(y)) for y in layer["status_year"]], strict=True)
    assert sorted(zip(names, years, strict=True)) == sorted(expected) and any(y != "–" for y in years)
