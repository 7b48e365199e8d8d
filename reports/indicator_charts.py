"""The report's charts: one trend chart per indicator, with exactly the rows it plots.

The same choice as the indicator panel on the pages: the first disaggregation is drawn as series
(at most `MAX_SERIES`), every further disaggregation is fixed at one value (`fixed_values`), and
those fixed values, named in the chart's language, are the filters written into the provenance
footer. `ChartExport.data` holds exactly the
plotted rows, so the CSV/XLSX beside an image is the data behind that image and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from charts.trend import missing_years, trend_chart
from i18n import format_number, t
from indicators.metadata import IndicatorMetadata, load_metadata
from indicators.result import IndicatorResult
from reports.provenance import Provenance

MAX_SERIES = 8  # lines on one trend chart: the colour-blind-safe palette has eight colours


@dataclass(frozen=True)
class ChartExport:
    """One chart ready to render and package: figure, plotted rows and provenance, in one language."""

    name: str
    indicator_id: str | None
    lang: str
    figure: go.Figure
    data: pd.DataFrame
    provenance: Provenance

    def file_stem(self) -> str:
        return f"{self.name}_{self.lang}"


def plotted_subset(frame: pd.DataFrame, series: str | None, meta: IndicatorMetadata | None = None) -> pd.DataFrame:
    """The rows `charts.trend.trend_chart` draws from `frame`: values present, the series
    `default_series` picks."""
    drawn = frame.loc[frame["value"].notna()]
    if series is not None:
        drawn = drawn.loc[drawn[series].isin(default_series(drawn[series].unique(), meta, series))]
    return drawn


def default_series(values: Iterable[object], meta: IndicatorMetadata | None, dimension: str) -> list[object]:
    """The series of `dimension` a chart draws unless the reader picks others, at most MAX_SERIES:
    the metadata's `chart_series` (series of one unit, where the others are other quantities), else
    the headline series of the progress rule first and the others by name.

    >>> default_series(["books", "trainees", "women_trainees"], load_metadata("capacity_cooperation"), "series")
    ['trainees', 'women_trainees']
    >>> default_series(["b", "a"], None, "series")
    ['a', 'b']
    """
    ordered = sorted(values, key=str)
    chart_series = [str(v) for v in meta.chart_series] if meta is not None else []
    headline = meta.progress.series.get(dimension) if meta is not None and meta.progress else None
    if chart_series and dimension == meta.disaggregations[0]:  # type: ignore[union-attr]
        chosen = [v for v in ordered if str(v) in chart_series]
        if chosen:
            return chosen[:MAX_SERIES]
    first = [v for v in ordered if headline is not None and str(v) == str(headline)]
    return (first + [v for v in ordered if v not in first])[:MAX_SERIES]


def target_line(meta: IndicatorMetadata, data: pd.DataFrame, series: str | None) -> float | None:
    """The progress rule's 2030 value, when the chart draws the series it applies to."""
    if meta.progress is None or meta.progress.target_value is None:
        return None
    headline = meta.progress.series.get(series) if series is not None else None
    if headline is not None and headline not in set(data[series].astype(str)):
        return None
    return meta.progress.target_value


def fixed_values(frame: pd.DataFrame, dimensions: Sequence[str], meta: IndicatorMetadata) -> dict[str, object]:
    """The value each of `dimensions` is fixed at for a one-series-per-line chart, in order: the
    headline selection of the indicator's progress rule, else the total `all`, else the value with
    the most rows (ties: the largest total) among the rows the earlier choices left."""
    headline = meta.progress.series if meta.progress else {}
    fixed: dict[str, object] = {}
    for dim in dimensions:
        as_text = frame[dim].astype(str)
        wanted = headline.get(dim) if headline.get(dim) in set(as_text) else "all" if "all" in set(as_text) else None
        if wanted is not None:
            value = frame.loc[as_text == wanted, dim].iloc[0]
        else:
            size = frame.groupby(dim, sort=True)["value"].agg(rows="count", total=lambda v: v.abs().sum())
            value = size.sort_values(["rows", "total"], ascending=False, kind="stable").index[0]
        fixed[dim] = value
        frame = frame.loc[frame[dim] == value]
    return fixed


def plotted_rows(result: IndicatorResult) -> tuple[pd.DataFrame, str | None, dict[str, object]]:
    """(rows drawn, series column or None, fixed filters as stored values) for an indicator's trend
    chart; a series cut to MAX_SERIES is a filter too, its value the tuple of series drawn."""
    frame = result.output_frame if "value" in result.output_frame.columns else result.frame
    frame = frame.loc[frame["value"].notna()]
    dims = result.disaggregations
    meta = load_metadata(result.indicator_id)
    filters: dict[str, object] = fixed_values(frame, dims[1:], meta)
    for dim, value in filters.items():
        frame = frame.loc[frame[dim] == value]
    series = dims[0] if dims else None
    if series is not None:
        drawn = default_series(frame[series].unique(), meta, series)
        if len(drawn) < frame[series].nunique():
            filters[series] = tuple(drawn)
    frame = plotted_subset(frame, series, meta)
    keys = [*dims, "year"]
    return frame.sort_values(keys).reset_index(drop=True), series, filters


def named_filters(meta: IndicatorMetadata, filters: Mapping[str, object], lang: str) -> dict[str, str]:
    """Fixed disaggregation values as readers name them: {'term': 'LIV'} → {'품목': '살아 있는 개체'}.

    >>> named_filters(load_metadata("cites_trade_volume"), {"term": "LIV", "unit": "kg"}, "en")
    {'Term': 'live', 'Unit': 'kilograms (kg)'}
    """
    named: dict[str, str] = {}
    for dim, value in filters.items():
        values = value if isinstance(value, tuple) else (value,)
        named[meta.dimension_name(dim, lang)] = ", ".join(meta.value_name(dim, v, lang) for v in values)
    return named


def indicator_provenance(
    result: IndicatorResult,
    lang: str,
    *,
    filters: Mapping[str, object] | None = None,
    data_version: str = "",
    snapshot: str | None = None,
    drawn_on: date | None = None,
) -> Provenance:
    """Title, unit and sources from the indicator's metadata; version from the result or the caller;
    `filters` (disaggregation → stored value) named in `lang`."""
    meta = load_metadata(result.indicator_id)
    return Provenance(
        title=meta.name(lang), unit=meta.unit(lang), source=source_text(meta),
        data_version=str(result.provenance.get("data_version") or data_version),
        filters=named_filters(meta, filters or {}, lang), drawn_on=drawn_on or date.today(), snapshot=snapshot,
    )


def source_text(meta: IndicatorMetadata) -> str:
    return "; ".join(source.name for source in meta.sources)


def indicator_chart(
    result: IndicatorResult,
    lang: str,
    *,
    data_version: str = "",
    snapshot: str | None = None,
    drawn_on: date | None = None,
) -> ChartExport:
    """The trend chart of one indicator result in `lang`, with its plotted rows and provenance."""
    meta = load_metadata(result.indicator_id)
    data, series, filters = plotted_rows(result)
    footer = []
    if result.counts:
        count = int(next(iter(result.counts.values())))
        footer.append(t("common.based_on", lang, n=format_number(count, lang), unit=meta.based_on(lang)))
    footer.append(f"{t('common.source', lang)}: {meta.sources[0].name}")
    labels = {
        "title": f"{meta.name(lang)} ({meta.gbf_code})" if meta.gbf_code != "national" else meta.name(lang),
        "x": t("common.year", lang), "y": meta.unit(lang), "band": t("pg.chart.band", lang),
        "gap": t("pg.chart.gap", lang), "value_name": meta.name(lang), "target": t("pg.chart.target", lang),
        "footer": " · ".join(footer),
    }
    gaps = missing_years(data if series is None else data.loc[data[series] == data[series].iloc[0]])
    if gaps and len(gaps) <= 12:
        labels["subtitle"] = t("pg.chart.missing_years", lang, years=", ".join(map(str, gaps)))
    if series is not None:
        for value in data[series].unique():
            labels[f"series:{value}"] = meta.value_name(series, value, lang)
    values = data["value"].dropna()
    digits = 3 if not values.empty and values.abs().max() <= 1.5 else 1
    figure = trend_chart(data, labels, lang, series=series, digits=digits, target_value=target_line(meta, data, series),
                         max_series=MAX_SERIES)
    provenance = indicator_provenance(result, lang, filters=filters, data_version=data_version, snapshot=snapshot,
                                      drawn_on=drawn_on)
    return ChartExport(f"{result.indicator_id}_trend", result.indicator_id, lang, figure, data, provenance)
