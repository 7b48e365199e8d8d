"""The overview's grid of the 23 GBF targets, coloured by progress status, each linking to its page."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from charts.theme import PROGRESS_COLOURS, PROGRESS_SYMBOLS
from charts.trend import value_digits
from data_access.database import default_url
from i18n import format_number, t
from indicators.metadata import IndicatorMetadata, headline_slice
from ui.database import current_data_version
from ui.indicators import compute_indicator, indicators_for_target, latest_of
from ui.progress import TargetStatus

TARGET_PAGE = "pages/target.py"
COLUMNS = 6
CURRENCY_SIGNS = {"USD": "$", "KRW": "₩", "EUR": "€"}


def _affixes(meta: IndicatorMetadata, fixed: dict[str, object]) -> tuple[str, str]:
    """(before, after) the tile's number: '%' after a percentage (the unit of the slice it shows:
    the taxonomic completeness of an indicator in 'records / %'); the currency's sign before money
    ('$', from the currency it is fixed at or the unit), as the code would not fit."""
    if meta.unit_of(fixed, "en").strip().lower().startswith(("%", "percent")):
        return "", "%"
    currency = str(fixed.get("currency") or meta.unit.en.strip()[:3])
    return CURRENCY_SIGNS.get(currency, ""), ""


def tile_headline(code: str, lang: str) -> tuple[str, str] | None:
    """(figure text, indicator name) of the first indicator of the target that has a headline value,
    those with a progress rule first: the figure beside the computed status is what it was computed from."""
    for indicator_id, meta in sorted(indicators_for_target(code), key=lambda item: item[1].progress is None):
        view = compute_indicator(indicator_id)
        if view.result is None:
            continue
        rows, fixed, free = headline_slice(view.result.frame, view.result.disaggregations, meta)
        latest = None if free else latest_of(rows)
        if latest is not None:
            counts = value_digits(rows["value"]) == 0
            digits = 0 if counts else 2 if abs(latest.value) < 10 else 1 if abs(latest.value) < 1000 else 0
            before, after = _affixes(meta, fixed)
            value = before + format_number(latest.value, lang, digits=digits) + after
            return f"{value} {latest.arrow}", f"{t('pg.grid.year', lang, year=latest.year)} · {meta.name(lang)}"
    return None


@st.cache_resource(show_spinner=False, max_entries=16)
def _tile_headlines(url: str, version: int, codes: tuple[str, ...], lang: str) -> dict[str, tuple[str, str] | None]:
    """Every tile's figure, worked out once per data version and language (a rerun only draws)."""
    return {code: tile_headline(code, lang) for code in codes}


def status_legend(lang: str) -> None:
    parts = [
        f"<span style='display:inline-block;width:12px;height:12px;background:{colour};border:1px solid #999;"
        f"margin:0 4px -1px 10px'></span>{PROGRESS_SYMBOLS[code]} {html.escape(t(f'pg.progress.{code}', lang))}"
        for code, colour in PROGRESS_COLOURS.items()
    ]
    st.html(f"<div style='font-size:0.85rem;line-height:1.8'>{''.join(parts)}</div>")


ONE_LINE = "white-space:nowrap;overflow:hidden;text-overflow:ellipsis"


def target_grid(targets: pd.DataFrame, statuses: dict[str, TargetStatus], lang: str) -> None:
    """One bordered tile per target: code, short title, status (staff-set or computed), headline figure."""
    rows = targets.loc[targets["kind"] == "target"].to_dict("records")
    figures = _tile_headlines(default_url(), current_data_version(), tuple(str(r["code"]) for r in rows), lang)
    for start in range(0, len(rows), COLUMNS):
        columns = st.columns(COLUMNS)
        for column, row in zip(columns, rows[start : start + COLUMNS], strict=False):
            code = str(row["code"])
            status = statuses.get(code, TargetStatus())
            shown = status.shown
            title = (row["title_ko"] if lang == "ko" else None) or row["title_en"]
            figure = figures.get(code)
            staff = f" <span style='color:#666'>· {t('pg.grid.staff_set', lang)}</span>" if status.staff else ""
            figure_html = (
                f"<div style='font-size:1rem;font-weight:600;margin-top:6px;{ONE_LINE}'>{html.escape(figure[0])}</div>"
                f"<div style='font-size:0.75rem;color:#666;{ONE_LINE}' title='{html.escape(figure[1])}'>"
                f"{html.escape(figure[1])}</div>"
                if figure else
                # as tall as the two lines of a figure, so a row of tiles lines up whether the text wraps or not
                f"<div style='font-size:0.8rem;color:#888;margin-top:6px;line-height:1.35;height:45px;overflow:hidden'>"
                f"{t('pg.grid.no_figure', lang)}</div>"
            )
            with column.container(border=True):
                st.html(  # not st.markdown: its HTML goes through the browser's markdown parsers (0.4 s of a cold overview)
                    f"<div style='border-left:8px solid {PROGRESS_COLOURS[shown]};padding-left:8px'>"
                    f"<div style='font-weight:700'>{t('pg.grid.target', lang, code=code)}</div>"
                    f"<div style='font-size:0.85rem;line-height:1.3;height:2.6em;overflow:hidden' title='{html.escape(title)}'>"
                    f"{html.escape(title)}</div>"
                    f"<div style='font-size:0.8rem;margin-top:4px;{ONE_LINE}'>{PROGRESS_SYMBOLS[shown]} "
                    f"{html.escape(t(f'pg.progress.{shown}', lang))}{staff}</div>"
                    f"{figure_html}</div>"
                )
                st.page_link(TARGET_PAGE, label=t("pg.grid.open", lang), query_params={"target": code, "lang": lang})
