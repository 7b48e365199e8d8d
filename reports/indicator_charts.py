"""The report's charts: one trend chart per indicator, with exactly the rows it plots.

The same choice as the indicator panel on the pages: the first disaggregation is drawn as series
(at most `MAX_SERIES`), every further disaggregation is fixed at its first value, and those fixed
values are the filters written into the provenance footer. `ChartExport.data` holds exactly the
plotted rows, so the CSV/XLSX beside an image is the data behind that image and nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from charts.trend import missing_years, trend_chart
from i18n import format_number, series_name, t
from indicators.metadata import IndicatorMetadata, load_metadata
from indicators.result import IndicatorResult
from reports.provenance import Provenance

MAX_SERIES = 8  # as charts.trend.trend_chart draws


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


def plotted_subset(frame: pd.DataFrame, series: str | None) -> pd.DataFrame:
    """The rows `charts.trend.trend_chart` draws from `frame`: values present, first MAX_SERIES series."""
    drawn = frame.loc[frame["value"].notna()]
    if series is not None:
        drawn = drawn.loc[drawn[series].isin(sorted(drawn[series].unique(), key=str)[:MAX_SERIES])]
    return drawn


def plotted_rows(result: IndicatorResult) -> tuple[pd.DataFrame, str | None, dict[str, str]]:
    """(rows drawn, series column or None, fixed filters) for an indicator's trend chart."""
    frame = result.output_frame if "value" in result.output_frame.columns else result.frame
    frame = frame.loc[frame["value"].notna()]
    dims = result.disaggregations
    filters: dict[str, str] = {}
    for dim in dims[1:]:
        first = frame[dim].iloc[0]
        filters[dim] = str(first)
        frame = frame.loc[frame[dim] == first]
    series = dims[0] if dims else None
    if series is not None:
        values = sorted(frame[series].unique(), key=str)
        if len(values) > MAX_SERIES:
            filters[series] = ", ".join(map(str, values[:MAX_SERIES]))
    frame = plotted_subset(frame, series)
    keys = [*dims, "year"]
    return frame.sort_values(keys).reset_index(drop=True), series, filters


def indicator_provenance(
    result: IndicatorResult,
    lang: str,
    *,
    filters: Mapping[str, str] | None = None,
    data_version: str = "",
    snapshot: str | None = None,
    drawn_on: date | None = None,
) -> Provenance:
    """Title, unit and sources from the indicator's metadata; version from the result or the caller."""
    meta = load_metadata(result.indicator_id)
    return Provenance(
        title=meta.name(lang), unit=meta.unit(lang), source=source_text(meta),
        data_version=str(result.provenance.get("data_version") or data_version),
        filters=dict(filters or {}), drawn_on=drawn_on or date.today(), snapshot=snapshot,
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
            labels[f"series:{value}"] = series_name(value, lang)
    values = data["value"].dropna()
    digits = 3 if not values.empty and values.abs().max() <= 1.5 else 1
    target_value = meta.progress.target_value if meta.progress else None
    figure = trend_chart(data, labels, lang, series=series, digits=digits, target_value=target_value,
                         max_series=MAX_SERIES)
    provenance = indicator_provenance(result, lang, filters=filters, data_version=data_version, snapshot=snapshot,
                                      drawn_on=drawn_on)
    return ChartExport(f"{result.indicator_id}_trend", result.indicator_id, lang, figure, data, provenance)
