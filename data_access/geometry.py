"""One geometry column type for both databases.

SQLite (the embedded default) stores WKB in a BLOB; PostgreSQL stores a PostGIS `geometry` with
SRID 4326 so spatial SQL (ST_Union, ST_Intersects, ST_Area on a transform) runs in the database.
Python code always sees shapely geometries, whatever the dialect.
"""

from __future__ import annotations

from typing import Any

import shapely
from geoalchemy2 import Geometry as PostGISGeometry
from geoalchemy2.elements import WKBElement
from geoalchemy2.shape import to_shape
from shapely.geometry.base import BaseGeometry
from sqlalchemy import LargeBinary
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

WGS84 = 4326


class Geometry(TypeDecorator[BaseGeometry]):
    """A WGS84 geometry column: PostGIS `geometry(<type>, 4326)` or WKB bytes on SQLite."""

    impl = LargeBinary
    cache_ok = True
    spatial_index = False  # read by geoalchemy2's DDL hooks; the migration creates GiST indexes

    def __init__(self, geometry_type: str = "GEOMETRY") -> None:
        super().__init__()
        self.geometry_type = geometry_type

    def load_dialect_impl(self, dialect: Dialect | None) -> TypeEngine[Any]:
        # geoalchemy2's DDL hooks probe with dialect=None; answering "not spatial" keeps them from
        # managing the column (the migration creates the GiST index itself).
        if dialect is not None and dialect.name == "postgresql":
            return dialect.type_descriptor(
                PostGISGeometry(geometry_type=self.geometry_type, srid=WGS84, spatial_index=False)
            )
        return LargeBinary() if dialect is None else dialect.type_descriptor(LargeBinary())

    def process_bind_param(self, value: BaseGeometry | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        wkb = shapely.to_wkb(value)
        if dialect.name == "postgresql":
            return WKBElement(wkb, srid=WGS84)
        return wkb

    def process_result_value(self, value: Any, dialect: Dialect) -> BaseGeometry | None:
        if value is None:
            return None
        if isinstance(value, WKBElement):
            return to_shape(value)
        if isinstance(value, str):  # PostGIS may return hex EWKB through raw SQL
            return shapely.from_wkb(bytes.fromhex(value))
        return shapely.from_wkb(bytes(value))
