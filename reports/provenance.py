"""Where an exported chart or table comes from: title, unit, source, data version, filters, date.

Every exported image carries this as a footer drawn inside the image, and every data package
repeats it in its README, so a figure pasted into a report can always be traced back to the data
and the filters that produced it.

>>> p = Provenance("Red List Index", "index", "IUCN", data_version="12", drawn_on=date(2026, 1, 5))
>>> p.footer("en").splitlines()[1]
'Data version: 12 · Drawn: 2026-01-05'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

# Footer labels in both languages. Kept here rather than in the i18n catalog because the footer
# is part of the export format (a report reader sees it), not of the page, and reports/ must not
# fail when a page catalog changes.
_LABELS: dict[str, tuple[str, str]] = {
    "unit": ("단위", "Unit"),
    "source": ("출처", "Source"),
    "data_version": ("데이터 버전", "Data version"),
    "snapshot": ("스냅숏", "Snapshot"),
    "filters": ("필터", "Filters"),
    "drawn_on": ("작성일", "Drawn"),
}


def footer_label(name: str, lang: str) -> str:
    ko, en = _LABELS[name]
    return ko if lang == "ko" else en


def filters_text(filters: Mapping[str, object], separator: str = "; ") -> str:
    """'name = value' pairs in the order given, joined by `separator`; the page's caption under a
    chart and the export's footer both write them so.

    >>> filters_text({"품목": "가죽 제품", "단위": "개체 수"}, " · ")
    '품목 = 가죽 제품 · 단위 = 개체 수'
    """
    return separator.join(f"{name} = {value}" for name, value in filters.items())


@dataclass(frozen=True)
class Provenance:
    """What an export shows about its origin; texts are already in the export's language."""

    title: str
    unit: str
    source: str
    data_version: str = ""
    filters: Mapping[str, str] = field(default_factory=dict)
    drawn_on: date = field(default_factory=date.today)
    snapshot: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "filters", MappingProxyType(dict(self.filters)))

    def filter_text(self) -> str:
        """'name = value; …' in the order the filters were given (empty when there are none)."""
        return filters_text(self.filters)

    def footer(self, lang: str) -> str:
        """Two or three lines: unit and source; data version, snapshot and date; filters."""
        first = [f"{footer_label('unit', lang)}: {self.unit}"] if self.unit else []
        if self.source:
            first.append(f"{footer_label('source', lang)}: {self.source}")
        second = []
        if self.data_version:
            second.append(f"{footer_label('data_version', lang)}: {self.data_version}")
        if self.snapshot:
            second.append(f"{footer_label('snapshot', lang)}: {self.snapshot}")
        second.append(f"{footer_label('drawn_on', lang)}: {self.drawn_on.isoformat()}")
        lines = [" · ".join(first), " · ".join(second)]
        if self.filters:
            lines.append(f"{footer_label('filters', lang)}: {self.filter_text()}")
        return "\n".join(line for line in lines if line)

    def as_dict(self) -> dict[str, object]:
        """Plain values for JSON and README files."""
        return {
            "title": self.title,
            "unit": self.unit,
            "source": self.source,
            "data_version": self.data_version,
            "snapshot": self.snapshot,
            "filters": dict(self.filters),
            "drawn_on": self.drawn_on.isoformat(),
        }
