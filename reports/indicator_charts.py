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

from charts.trend import missing_years_by_series, trend_chart, value_digits
from i18n import format_number, t
from indicators.metadata import IndicatorMetadata, headline_value, load_metadata
from indicators.result import IndicatorResult
from reports.provenance import Provenance

MAX_SERIES = 8  # lines on one trend chart: the colour-blind-safe palette has eight colours
MAX_GAP_YEARS = 12  # a chart's subtitle lists at most this many missing years


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
    the headline series (`IndicatorMetadata.headline_selection`) first and the others by name.

    >>> default_series(["books", "trainees", "women_trainees"], load_metadata("capacity_cooperation"), "series")
    ['trainees', 'women_trainees']
    >>> default_series(["b", "a"], None, "series")
    ['a', 'b']
    """
    ordered = sorted(values, key=str)
    if meta is not None and meta.chart_series and meta.disaggregations[:1] == [dimension]:
        chosen = [v for v in ordered if str(v) in {str(s) for s in meta.chart_series}]
        if chosen:
            return chosen[:MAX_SERIES]
    headline = meta.headline_selection().get(dimension) if meta is not None else None
    first = [v for v in ordered if headline is not None and str(v) == headline]
    return (first + [v for v in ordered if v not in first])[:MAX_SERIES]


def target_line(meta: IndicatorMetadata, data: pd.DataFrame, series: str | None) -> float | None:
    """The progress rule's target value, when the chart draws the series it applies to."""
    if meta.progress is None or meta.progress.target_value is None:
        return None
    headline = meta.progress.series.get(series) if series is not None else None
    if headline is not None and headline not in set(data[series].astype(str)):
        return None
    return meta.progress.target_value


def gaps_subtitle(data: pd.DataFrame, series: str | None, meta: IndicatorMetadata, lang: str) -> str | None:
    """A chart's line on the years without data among the rows it draws: the years, when every
    series drawn lacks the same ones; else the one or two series with gaps, named. None without
    gaps, or when listing them would take more than MAX_GAP_YEARS years (series assessed in
    rounds, such as the Red List Index by group): the dotted lines and their legend say it then."""
    gaps = missing_years_by_series(data, series)
    years = list(gaps.values())
    drawn = 1 if series is None else data.loc[data["value"].notna(), series].nunique()
    if years and len(gaps) == drawn and all(y == years[0] for y in years):
        shared = years[0]
        return t("pg.chart.missing_years", lang, years=", ".join(map(str, shared))) if len(shared) <= MAX_GAP_YEARS else None
    if not years or len(gaps) > 2 or sum(map(len, years)) > MAX_GAP_YEARS:
        return None
    parts = [f"{meta.value_name(series, key, lang)} {', '.join(map(str, y))}" for key, y in gaps.items()]  # type: ignore[arg-type]
    return t("pg.chart.missing_years_of", lang, parts=" · ".join(parts))


def fixed_values(frame: pd.DataFrame, dimensions: Sequence[str], meta: IndicatorMetadata) -> dict[str, object]:
    """The value each of `dimensions` is fixed at for a one-series-per-line chart, in order: the
    headline value (`indicators.metadata.headline_value`: the metadata's selection, else the total),
    else the value with the most rows (ties: the largest total) among the rows the earlier choices
    left. Nothing is fixed once no row is left, nor the metadata's stage (final or preliminary
    figures: a property of the year, drawn as marks by `stage_marks`)."""
    fixed: dict[str, object] = {}
    for dim in dimensions:
        if frame.empty:
            break
        if meta.stage is not None and dim == meta.stage.dimension:
            continue
        value = headline_value(frame[dim].unique(), dim, meta)
        if value is None:
            size = frame.groupby(dim, sort=True)["value"].agg(rows="count", total=lambda v: v.abs().sum())
            value = size.sort_values(["rows", "total"], ascending=False, kind="stable").index[0]
        fixed[dim] = value
        frame = frame.loc[frame[dim] == value]
    return fixed


def target_year(meta: IndicatorMetadata) -> int:
    """The year the target line is for: the progress rule's (NBSAP: 2028), else the GBF's 2030."""
    return meta.progress.target_year if meta.progress else 2030


def stage_marks(meta: IndicatorMetadata, frame: pd.DataFrame) -> tuple[str, str] | None:
    """`trend_chart`'s `stage` (column, final value) for the metadata's stage rule; None when every
    year of `frame` is final."""
    rule = meta.stage
    if rule is None or rule.dimension not in frame.columns:
        return None
    return (rule.dimension, rule.final) if (frame[rule.dimension].astype(str) != rule.final).any() else None


def chart_labels(
    meta: IndicatorMetadata, result: IndicatorResult, data: pd.DataFrame, series: str | None, lang: str, *,
    title: str, note: str | None = None,
) -> dict[str, str]:
    """Every text of an indicator's trend chart drawn from `data`, in `lang`, for the page and the
    exports alike: the value axis in the unit its series share (`IndicatorMetadata.drawn_unit`),
    the target line's year, the series' names, the name of the marks of years not final yet, a
    subtitle of the years without data and then `note`, and a footer 'based on N · source'."""
    footer = []
    if result.counts:
        count = int(next(iter(result.counts.values())))
        footer.append(t("common.based_on", lang, n=format_number(count, lang), unit=meta.based_on(lang)))
    footer.append(f"{t('common.source', lang)}: {meta.sources[0].name}")
    labels = {
        "title": title, "x": t("common.year", lang), "y": meta.drawn_unit(data[series].unique() if series else None, lang),
        "band": t("pg.chart.band", lang), "gap": t("pg.chart.gap", lang), "value_name": meta.name(lang),
        "target": t("pg.chart.target", lang, year=target_year(meta)), "footer": " · ".join(footer),
    }
    if series is not None:
        for value in data[series].unique():
            labels[f"series:{value}"] = meta.value_name(series, value, lang)
    stage = stage_marks(meta, data)
    if stage is not None:
        pending = next(value for value in data[stage[0]].unique() if str(value) != stage[1])
        labels["provisional"] = meta.value_name(stage[0], pending, lang)  # '잠정(보고 진행 중)'
    subtitle = " · ".join(part for part in (gaps_subtitle(data, series, meta, lang), note) if part)
    if subtitle:
        labels["subtitle"] = subtitle
    return labels


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
    unit: str | None = None,
) -> Provenance:
    """Title, unit and sources from the indicator's metadata; version from the result or the caller;
    `filters` (disaggregation → stored value) named in `lang`; `unit` when the chart draws series of
    one unit among several (`IndicatorMetadata.drawn_unit`)."""
    meta = load_metadata(result.indicator_id)
    return Provenance(
        title=meta.name(lang), unit=unit or meta.unit(lang), source=source_text(meta),
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
    title = f"{meta.name(lang)} ({meta.gbf_code})" if meta.gbf_code != "national" else meta.name(lang)
    labels = chart_labels(meta, result, data, series, lang, title=title)
    figure = trend_chart(data, labels, lang, series=series, digits=value_digits(data["value"]),
                         target_value=target_line(meta, data, series), max_series=MAX_SERIES,
                         stage=stage_marks(meta, data))
    provenance = indicator_provenance(result, lang, filters=filters, data_version=data_version, snapshot=snapshot,
                                      drawn_on=drawn_on, unit=labels["y"])
    return ChartExport(f"{result.indicator_id}_trend", result.indicator_id, lang, figure, data, provenance)
