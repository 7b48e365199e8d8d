"""What a briefing pack says, computed from indicator results and frames; no file format here.

`briefing_content` turns indicator results (live or from a snapshot), the progress-status frame
and the NBSAP action frame into a `BriefingContent`: a cover, one `TargetSection` per chosen
target (headline figures, chart data, progress status, action status, three key messages) and an
annex of metadata. `reports.briefing` writes it as DOCX and PPTX, so both files carry exactly the
same numbers, and tests can compare those numbers with the indicator results directly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from charts.trend import value_digits
from i18n import format_number, t
from indicators import registry
from indicators.metadata import IndicatorMetadata, headline_slice
from indicators.progress_status import combine_statuses, status_label
from indicators.result import IndicatorResult, note_text

CITES = "CITES"
# The CITES section gathers the trade indicators; its actions and status come from GBF Target 5
# (sustainable, safe and legal use and trade of wild species).
CITES_INDICATORS: tuple[str, ...] = (
    "cites_trade_volume", "cites_wild_share", "cites_trade_discrepancy", "wildlife_seizures", "traded_species_rli",
)
CITES_GBF_TARGET = "5"
TARGET_CODES: frozenset[str] = frozenset({*map(str, range(1, 24)), "A", "B", "C", "D", CITES})
MAX_ROWS_PER_INDICATOR = 12  # series listed when an indicator has no single headline series


@dataclass(frozen=True)
class HeadlineFigure:
    """One line of a section's figures table: the latest value of one series and the one before it."""

    indicator_id: str
    name: str
    series: str  # '' for the headline series, else the series' label
    unit: str
    year: int
    value: float
    previous_year: int | None
    previous_value: float | None
    digits: int

    @property
    def change(self) -> float | None:
        return None if self.previous_value is None else self.value - self.previous_value

    def text(self, value: float | None, lang: str, *, signed: bool = False) -> str:
        if value is None:
            return "–"
        shown = format_number(value, lang, digits=self.digits)
        return f"+{shown}" if signed and value > 0 else shown


@dataclass(frozen=True)
class ChartData:
    """The frame a section's chart is drawn from (the headline series, or one line per series)."""

    indicator_id: str
    frame: pd.DataFrame
    series: str | None
    labels: Mapping[str, str]
    digits: int
    target_value: float | None
    title: str
    unit: str
    source: str


@dataclass(frozen=True)
class ActionStatus:
    """NBSAP actions linked to the section's GBF target, by latest reported status."""

    gbf_code: str
    total: int
    by_status: Mapping[str, int]
    overdue: int


@dataclass(frozen=True)
class TargetSection:
    code: str  # "3" or "CITES"
    heading: str
    title: str
    computed_status: str
    staff_status: str | None
    staff_justification: str | None
    indicator_statuses: Mapping[str, str]
    figures: tuple[HeadlineFigure, ...]
    charts: tuple[ChartData, ...]
    actions: ActionStatus
    messages: tuple[str, ...]


@dataclass(frozen=True)
class AnnexEntry:
    indicator_id: str
    name: str
    gbf_code: str
    unit: str
    method: str
    sources: tuple[str, ...]
    caveats: tuple[str, ...]
    based_on: str
    notes: tuple[str, ...]


@dataclass(frozen=True)
class BriefingContent:
    lang: str
    meeting: str
    title: str
    prepared_on: dt.date
    data_line: str
    snapshot: str | None
    sections: tuple[TargetSection, ...]
    annex: tuple[AnnexEntry, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)


def target_indicators(code: str) -> list[str]:
    """Registered indicators of a GBF goal/target (metadata `gbf_targets`), or the CITES set."""
    if code == CITES:
        return list(CITES_INDICATORS)
    found = []
    for indicator_id in registry.INDICATOR_IDS:
        try:
            if code in registry.get(indicator_id).metadata.gbf_targets:
                found.append(indicator_id)
        except Exception:  # noqa: BLE001,S112 - an indicator being written elsewhere may not load yet
            continue
    return found


def headline_frame(result: IndicatorResult, meta: IndicatorMetadata, lang: str = "en") -> tuple[pd.DataFrame, str | None, str]:
    """The result reduced to its headline: (frame of year, value, lower, upper[, series]; the series
    column or None; the label of the headline series in `lang`, e.g. '수입 허가 · 개체 수 · 합계').

    Disaggregations are fixed as `indicators.metadata.headline_slice` says (the metadata's progress
    and headline rules, else the total); free dimensions are combined as the metadata's headline
    rule says, and whatever is still free becomes one series per combination (labelled with its
    values' names, '· '-joined).
    """
    combine = meta.headline.combine if meta.headline else None
    frame, fixed, free = headline_slice(result.frame, result.disaggregations, meta)
    chosen = [meta.value_name(dim, value, lang) for dim, value in fixed.items()]
    if free and combine == "sum":
        grouped = frame.groupby("year", as_index=False)["value"].sum(min_count=1)
        return grouped.assign(lower=float("nan"), upper=float("nan")), None, " · ".join([*chosen, t("brf.series.sum", lang)])
    if free and combine and combine.startswith("count:"):
        column = combine.split(":", 1)[1]
        grouped = frame.assign(_hit=frame[column].astype(bool)).groupby("year", as_index=False)["_hit"].sum()
        grouped = grouped.rename(columns={"_hit": "value"}).astype({"value": float})
        return grouped.assign(lower=float("nan"), upper=float("nan")), None, " · ".join([*chosen, t(f"brf.series.count_{column}", lang)])
    columns = ["year", "value", "lower", "upper"]
    if not free:
        return frame.loc[:, columns].sort_values("year").reset_index(drop=True), None, " · ".join(chosen)
    named = pd.DataFrame({dim: frame[dim].map(lambda value, dim=dim: meta.value_name(dim, value, lang)) for dim in free})
    labels = named.agg(" · ".join, axis=1)
    if chosen:
        labels = " · ".join(chosen) + " · " + labels
    frame = frame.loc[:, columns].assign(series=labels).sort_values(["series", "year"]).reset_index(drop=True)
    return frame, "series", ""


def _figures(indicator_id: str, meta: IndicatorMetadata, frame: pd.DataFrame, series: str | None, lang: str,
             headline_label: str = "") -> list[HeadlineFigure]:
    digits = value_digits(frame["value"])
    combine = meta.headline.combine if meta.headline else None
    unit = (t("brf.unit.count", lang) if series is None and combine and combine.startswith("count:")
            else meta.unit_of(meta.headline_selection(), lang))
    groups = [(headline_label, frame)] if series is None else list(frame.groupby(series, sort=True))
    figures = []
    for label, group in groups:
        group = group.dropna(subset=["value"]).sort_values("year")
        if group.empty:
            continue
        last = group.iloc[-1]
        previous = group.iloc[-2] if len(group) > 1 else None
        figures.append(HeadlineFigure(
            indicator_id, meta.name(lang), str(label), unit, int(last["year"]), float(last["value"]),
            int(previous["year"]) if previous is not None else None,
            float(previous["value"]) if previous is not None else None, digits,
        ))
    if series is not None:  # the most recent, largest series first
        figures.sort(key=lambda f: (-f.year, -abs(f.value)))
    return figures[:MAX_ROWS_PER_INDICATOR]


def _chart(indicator_id: str, meta: IndicatorMetadata, result: IndicatorResult, frame: pd.DataFrame,
           series: str | None, lang: str) -> ChartData:
    unit = meta.unit_of(meta.headline_selection(), lang)
    labels = {"title": meta.name(lang), "x": t("brf.year", lang), "y": unit,
              "band": t("brf.chart.band", lang), "gap": t("brf.chart.gap", lang),
              "target": t("brf.chart.target", lang), "value_name": meta.name(lang)}
    if result.counts:
        count = int(next(iter(result.counts.values())))
        labels["footer"] = t("brf.based_on", lang, n=format_number(count, lang), unit=meta.based_on(lang))
    if series is not None:  # the series of the latest year with the largest values, as in the table
        latest = frame.loc[frame["year"] == frame["year"].max()].sort_values("value", ascending=False)
        keep = list(dict.fromkeys(latest[series]))[:8]
        frame = frame.loc[frame[series].isin(keep)]
    target = meta.progress.target_value if meta.progress and series is None else None
    return ChartData(indicator_id, frame.reset_index(drop=True), series, labels, value_digits(frame["value"]), target,
                     meta.name(lang), unit, meta.sources[0].name)


def _parse_statuses(text: object) -> dict[str, str]:
    pairs = {}
    for part in str(text or "").split(";"):
        name, sep, status = part.partition(":")
        if sep:
            pairs[name.strip()] = status.strip()
    return pairs


def _actions(actions: pd.DataFrame, gbf_code: str) -> ActionStatus:
    if actions.empty or "gbf_codes" not in actions.columns:
        return ActionStatus(gbf_code, 0, {}, 0)
    linked = actions.loc[actions["gbf_codes"].fillna("").map(lambda s: gbf_code in str(s).split(";"))]
    counts = linked["status"].fillna("not_reported").value_counts()
    overdue = int(linked["overdue"].astype(bool).sum()) if "overdue" in linked.columns else 0
    return ActionStatus(gbf_code, len(linked), {str(k): int(v) for k, v in counts.items()}, overdue)


def _trend_message(figure: HeadlineFigure, lang: str) -> str:
    value = f"{figure.text(figure.value, lang)} {figure.unit}".strip()
    if figure.previous_value is None:
        return t("brf.msg.single", lang, name=figure.name, value=value, year=figure.year)
    change = figure.change or 0.0
    tolerance = 0.005 * max(abs(figure.previous_value), 1e-9)
    direction = "flat" if abs(change) <= tolerance else ("up" if change > 0 else "down")
    return t(f"brf.msg.trend_{direction}", lang, name=figure.name, value=value, year=figure.year,
             previous=figure.text(figure.previous_value, lang), previous_year=figure.previous_year,
             change=figure.text(abs(change), lang))


def _since_message(figure: HeadlineFigure, old: HeadlineFigure | None, since: str, lang: str) -> str | None:
    if old is None:
        return None
    if old.year == figure.year and figure.text(old.value, lang) == figure.text(figure.value, lang):
        return t("brf.msg.since_same", lang, name=figure.name, since=since, value=figure.text(figure.value, lang),
                 year=figure.year)
    return t("brf.msg.since_changed", lang, name=figure.name, since=since, old=old.text(old.value, lang),
             old_year=old.year, value=figure.text(figure.value, lang), year=figure.year)


def _status_message(computed: str, staff: str | None, statuses: Mapping[str, str], lang: str) -> str:
    assessed = [s for s in statuses.values() if s not in ("unknown", "not_applicable")]
    text = t("brf.msg.status", lang, status=status_label(computed, lang), n=len(assessed), total=len(statuses))
    if staff:
        text += " " + t("brf.msg.staff", lang, status=status_label(staff, lang))
    return text


def _action_message(actions: ActionStatus, lang: str) -> str:
    if actions.total == 0:
        return t("brf.msg.no_actions", lang, code=actions.gbf_code)
    return t("brf.msg.actions", lang, code=actions.gbf_code, total=actions.total,
             completed=actions.by_status.get("completed", 0), in_progress=actions.by_status.get("in_progress", 0),
             delayed=actions.by_status.get("delayed", 0), overdue=actions.overdue)


def _section(code: str, lang: str, results: Mapping[str, IndicatorResult], progress: pd.DataFrame,
             actions: pd.DataFrame, baseline: Mapping[str, IndicatorResult] | None, since: str | None) -> TargetSection:
    gbf_code = CITES_GBF_TARGET if code == CITES else code
    row = progress.loc[progress["target_code"].astype(str) == gbf_code] if "target_code" in progress.columns else progress.iloc[0:0]
    info = row.iloc[0].to_dict() if not row.empty else {}
    statuses = _parse_statuses(info.get("indicator_statuses"))
    ids = target_indicators(code)
    if code == CITES:
        statuses = {i: s for i, s in statuses.items() if i in CITES_INDICATORS}
        computed = combine_statuses(statuses.values()) if statuses else "unknown"
        heading, title = t("brf.cites.heading", lang), t("brf.cites.title", lang)
    else:
        computed = str(info.get("computed_status") or "unknown")
        kind = "goal" if code.isalpha() else "target"
        heading = t(f"brf.heading.{kind}", lang, code=code)
        title_ko, title_en = info.get("title_ko"), info.get("title_en")
        title = str((title_ko if lang == "ko" and isinstance(title_ko, str) and title_ko else title_en) or "")
    staff = info.get("override_status") if isinstance(info.get("override_status"), str) else None
    figures: list[HeadlineFigure] = []
    charts: list[ChartData] = []
    firsts: list[HeadlineFigure] = []
    old_firsts: dict[str, HeadlineFigure] = {}
    for indicator_id in ids:
        if indicator_id not in results:
            continue
        meta = registry.get(indicator_id).metadata
        frame, series, headline_label = headline_frame(results[indicator_id], meta, lang)
        if frame.dropna(subset=["value"]).empty:
            continue
        found = _figures(indicator_id, meta, frame, series, lang, headline_label)
        figures += found
        charts.append(_chart(indicator_id, meta, results[indicator_id], frame, series, lang))
        if found and series is None:
            firsts.append(found[0])
        if baseline and indicator_id in baseline and series is None:
            old_frame, _, _ = headline_frame(baseline[indicator_id], meta, lang)
            old = _figures(indicator_id, meta, old_frame, None, lang)
            if old:
                old_firsts[indicator_id] = old[0]
    lead = firsts[0] if firsts else (figures[0] if figures else None)
    action_status = _actions(actions, gbf_code)
    messages = []
    if lead is None:
        messages.append(t("brf.msg.no_data", lang))
    else:
        since_text = _since_message(lead, old_firsts.get(lead.indicator_id), since, lang) if since else None
        messages.append(since_text or _trend_message(lead, lang))
    messages.append(_status_message(computed, staff, statuses, lang))
    messages.append(_action_message(action_status, lang))
    return TargetSection(
        code, heading, title, computed, staff,
        str(info.get("override_justification")) if staff and info.get("override_justification") else None,
        statuses, tuple(figures), tuple(charts), action_status, tuple(messages),
    )


def _annex(ids: Sequence[str], results: Mapping[str, IndicatorResult], lang: str) -> tuple[AnnexEntry, ...]:
    entries = []
    for indicator_id in ids:
        meta = registry.get(indicator_id).metadata
        result = results.get(indicator_id)
        based_on = ""
        if result is not None and result.counts:
            based_on = t("brf.based_on", lang, n=format_number(int(next(iter(result.counts.values()))), lang),
                         unit=meta.based_on(lang))
        entries.append(AnnexEntry(
            indicator_id, meta.name(lang), meta.code_label(lang), meta.unit(lang), meta.method(lang),
            tuple(f"{s.name} — {s.citation}" for s in meta.sources), tuple(c(lang) for c in meta.caveats),
            based_on, tuple(note_text(note, lang) for note in result.notes) if result is not None
            else (t("brf.annex.no_data", lang),),
        ))
    return tuple(entries)


def order_targets(codes: Sequence[str]) -> list[str]:
    """Goals A–D, then targets 1–23 in number order, then CITES; duplicates dropped."""
    def key(code: str) -> tuple[int, int, str]:
        if code == CITES:
            return (2, 0, code)
        return (1, int(code), code) if code.isdigit() else (0, 0, code)
    return sorted(dict.fromkeys(codes), key=key)


def briefing_content(
    *,
    targets: Sequence[str],
    lang: str,
    meeting: str,
    results: Mapping[str, IndicatorResult],
    progress: pd.DataFrame,
    actions: pd.DataFrame,
    data_line: str,
    snapshot: str | None = None,
    baseline: Mapping[str, IndicatorResult] | None = None,
    since: str | None = None,
    prepared_on: dt.date | None = None,
) -> BriefingContent:
    """Everything the DOCX and PPTX show, in `lang`; `baseline`/`since` name an earlier snapshot
    the first key message compares with ("the change since the last report")."""
    if not targets:
        raise ValueError("choose at least one target (1–23, A–D) or CITES")
    codes = order_targets([str(c).strip().upper() if str(c).strip().upper() == CITES else str(c).strip() for c in targets])
    unknown = [c for c in codes if c not in TARGET_CODES]
    if unknown:
        raise ValueError(f"unknown target(s) {', '.join(unknown)}; use 1–23, A–D or CITES")
    sections = tuple(_section(code, lang, results, progress, actions, baseline, since) for code in codes)
    ids = list(dict.fromkeys(i for code in codes for i in target_indicators(code)))
    meeting = meeting.strip() or t("brf.meeting.unnamed", lang)
    return BriefingContent(
        lang=lang, meeting=meeting, title=t("brf.doc.title", lang, meeting=meeting),
        prepared_on=prepared_on or dt.date.today(), data_line=data_line, snapshot=snapshot,
        sections=sections, annex=_annex(ids, results, lang),
        notes=(t("brf.doc.title_ko_unofficial", lang),) if lang == "ko" else (),
    )
