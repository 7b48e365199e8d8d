"""Schema of the `<indicator>.meta.yml` files that sit beside each indicator module.

The metadata drives page titles, units, chart footers, export sheets and progress status, in both
languages, so it is validated strictly: an unknown field or a missing translation is an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fnmatch import fnmatchcase
from functools import cache
from pathlib import Path
from typing import Literal

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from i18n import has, series_name, t, text_or

INDICATOR_DIR = Path(__file__).resolve().parent
# How results spell the total over a disaggregation; a headline takes it when nothing else is said.
TOTAL_VALUES = frozenset({"all", "total", "national", "korea", "kor", "전체", "합계"})


class Bilingual(BaseModel):
    """A text in Korean and English; both are required."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    ko: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def __call__(self, lang: str) -> str:
        return self.ko if lang == "ko" else self.en


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    citation: str
    licence: str | None = None
    url: str | None = None


class ProgressRule(BaseModel):
    """What the progress status compares against (Open SDG-style target and direction)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    baseline_year: int
    target_year: int = 2030
    target_value: float | None = None
    direction: Literal["increase", "decrease"]
    series: dict[str, str] = Field(
        default_factory=dict, description="disaggregation values that select the headline series"
    )


class HeadlineRule(BaseModel):
    """How a one-line summary (a briefing's figure) reduces the result beyond the progress rule:
    more fixed disaggregation values, and how the dimensions left free combine."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    series: dict[str, str] = Field(default_factory=dict, description="disaggregation values that select the headline")
    combine: str | None = Field(
        default=None, pattern=r"^(sum|count:[a-z_]+)$",
        description="'sum' for quantities that add up; 'count:<column>' for rows where the column is true",
    )


class StageRule(BaseModel):
    """A disaggregation that is a property of the year rather than a breakdown: whether that
    year's figures are final or still preliminary (one value per year). Charts draw every year
    and mark the preliminary ones instead of fixing the disaggregation at one value."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    dimension: str
    final: str = Field(description="the value of `dimension` that marks final figures")


class IndicatorMetadata(BaseModel):
    """One indicator's metadata sheet."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    gbf_code: str = Field(description="code in shared/reference/gbf_indicators.csv, or 'national'")
    gbf_targets: list[str] = Field(min_length=1)
    name: Bilingual
    description: Bilingual
    unit: Bilingual
    method: Bilingual
    based_on: Bilingual = Field(description="what the input count counts, e.g. species / 종")
    disaggregations: list[str] = Field(default_factory=list)
    value_names: dict[str, list[str]] = Field(
        default_factory=dict,
        description="disaggregation → catalog prefixes that name its values (e.g. term: [cites.term])",
    )
    chart_series: list[str] = Field(
        default_factory=list,
        description="values of the first disaggregation a chart draws by default, when its series are "
        "different quantities (counts beside percentages); the reader can add the others",
    )
    series_units: dict[str, Bilingual] = Field(
        default_factory=dict,
        description="unit of values of the first disaggregation, by value or shell pattern ('*_pct'), "
        "first match wins, when its series are different quantities; the others take `unit`",
    )
    sources: list[Source] = Field(min_length=1)
    caveats: list[Bilingual] = Field(default_factory=list)
    simplifications: list[Bilingual] = Field(default_factory=list)
    progress: ProgressRule | None = None
    headline: HeadlineRule | None = None
    stage: StageRule | None = None
    spatial: bool = False

    @field_validator("gbf_targets")
    @classmethod
    def _targets_are_codes(cls, value: list[str]) -> list[str]:
        valid = {str(n) for n in range(1, 24)} | {"A", "B", "C", "D"}
        bad = [v for v in value if v not in valid]
        if bad:
            raise ValueError(f"unknown GBF goal/target codes {bad}")
        return value

    @model_validator(mode="after")
    def _series_are_disaggregations(self) -> IndicatorMetadata:
        for field in ("chart_series", "series_units"):
            if getattr(self, field) and not self.disaggregations:
                raise ValueError(f"{field} needs a disaggregation whose values it names")
        for field, selection in (("progress.series", self.progress.series if self.progress else {}),
                                 ("headline.series", self.headline.series if self.headline else {})):
            unknown = sorted(set(selection) - set(self.disaggregations))
            if unknown:
                raise ValueError(f"{field} names {unknown}, which are not among the disaggregations {self.disaggregations}")
        if self.stage and self.stage.dimension not in self.disaggregations[1:]:
            raise ValueError(f"stage.dimension {self.stage.dimension!r} must be a disaggregation after the first "
                             f"(the series), among {self.disaggregations}")
        return self

    def headline_selection(self) -> dict[str, str]:
        """Disaggregation values that pick the headline: the progress rule's, then the headline rule's."""
        return {**(self.progress.series if self.progress else {}), **(self.headline.series if self.headline else {})}

    def series_unit(self, value: object, lang: str) -> str:
        """The unit of one value of the first disaggregation ('pct_completed' → '%'); `unit` when
        `series_units` names none (and for indicators of one quantity)."""
        for pattern, unit in self.series_units.items():
            if fnmatchcase(str(value), pattern):
                return unit(lang)
        return self.unit(lang)

    def drawn_unit(self, values: Iterable[object] | None, lang: str) -> str:
        """The unit of a chart's value axis: the series' own when every drawn series shares it
        ('%' for the completion rate alone), else the indicator's ('actions / %')."""
        units = {self.series_unit(value, lang) for value in (() if values is None else values)}
        return units.pop() if len(units) == 1 else self.unit(lang)

    def unit_of(self, fixed: Mapping[str, object], lang: str) -> str:
        """The unit of a slice whose disaggregations are `fixed` (dimension → value): its series'
        when the first disaggregation is fixed (a headline of the completion rate is in %), else `unit`."""
        first = self.disaggregations[0] if self.disaggregations else None
        return self.series_unit(fixed[first], lang) if first in fixed else self.unit(lang)

    def code_label(self, lang: str) -> str:
        """The GBF indicator code, or 'national indicator' in `lang` for the country's own ones."""
        return t("dim.national_indicator", lang) if self.gbf_code == "national" else self.gbf_code

    def dimension_name(self, dimension: str, lang: str) -> str:
        """A disaggregation's name for readers ('term' → 품목); the column name where none is set."""
        return text_or(f"dim.{dimension}", lang, dimension)

    def dimensions_text(self, lang: str) -> str:
        """The disaggregations as a metadata sheet lists them: reader's name and CSV column,
        'Term (term), Unit (unit)'."""
        return ", ".join(f"{self.dimension_name(dim, lang)} ({dim})" for dim in self.disaggregations)

    def value_name(self, dimension: str, value: object, lang: str) -> str:
        """One value of a disaggregation in `lang`: from the catalogs its `value_names` lists, else
        a taxon group or other common series name, else as stored (codes, scientific names)."""
        for prefix in self.value_names.get(dimension, ()):
            key = f"{prefix}.{value}"
            if has(key):
                return t(key, lang)
        return series_name(value, lang)


def headline_value(values: Iterable[object], dimension: str, meta: IndicatorMetadata | None = None) -> object | None:
    """The value of `dimension` a headline is fixed at, among `values`: the metadata's headline
    selection, else the total ('all', 'total', '전체' …), else None. Tiles, charts and briefings
    all use this one rule, so they show the same slice.

    >>> headline_value(["CO", "all", "KR"], "partner_country")
    'all'
    >>> headline_value(["trainees", "books"], "series", load_metadata("capacity_cooperation"))
    'trainees'
    >>> headline_value(["a", "b"], "x") is None
    True
    """
    values = list(values)
    wanted = (meta.headline_selection() if meta is not None else {}).get(dimension)
    if wanted is not None:
        chosen = [v for v in values if str(v) == str(wanted)]
        if chosen:
            return chosen[0]
    totals = [v for v in values if str(v).strip().lower() in TOTAL_VALUES]
    return totals[0] if totals else None


def headline_slice(
    frame: pd.DataFrame, dimensions: Sequence[str], meta: IndicatorMetadata | None
) -> tuple[pd.DataFrame, dict[str, object], list[str]]:
    """The rows of a result's headline: (rows, the values `dimensions` were fixed at, the
    dimensions left free). A dimension the metadata selects is held to that value, even when it
    is absent (no rows: the headline is not there); one with several values is fixed at its total
    (`headline_value`) or, without one, left free; one with a single value is left as it is."""
    selection = meta.headline_selection() if meta is not None else {}
    fixed: dict[str, object] = {}
    free: list[str] = []
    for dim in dimensions:
        if dim in selection:
            frame = frame.loc[frame[dim].astype(str) == selection[dim]]
            fixed[dim] = selection[dim]
        elif frame[dim].nunique() > 1:
            value = headline_value(frame[dim].unique(), dim, meta)
            if value is None:
                free.append(dim)
            else:
                frame = frame.loc[frame[dim] == value]
                fixed[dim] = value
    return frame, fixed, free


def metadata_path(indicator_id: str) -> Path:
    return INDICATOR_DIR / f"{indicator_id}.meta.yml"


@cache
def load_metadata(indicator_id: str) -> IndicatorMetadata:
    """Read and validate `indicators/<id>.meta.yml`."""
    path = metadata_path(indicator_id)
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    meta = IndicatorMetadata.model_validate(data)
    if meta.id != indicator_id:
        raise ValueError(f"{path.name}: id '{meta.id}' does not match the file name")
    return meta
