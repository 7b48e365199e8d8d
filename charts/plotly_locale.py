"""Plotly's own words (tool-bar tips, box-plot hover names, month names) in Korean.

plotly.js draws these itself, in English unless a locale is registered. Streamlit bundles plotly.js
without its locale files, so the Korean locale travels with each chart's config (`locales`), which
plotly.js reads as it would a registered one: nothing is fetched. The dictionary starts from
plotly.js-locales 3.7.0 `ko.js` (MIT licence), keeping only what our charts can show, with the
awkward entries reworded (e.g. 'Toggle Spike Lines', left half-English there).
"""

from __future__ import annotations

from typing import Any

KOREAN_DICTIONARY: dict[str, str] = {
    "Autoscale": "자동 범위",
    "Box Select": "상자 선택",
    "Compare data on hover": "마우스를 올린 위치의 자료 비교",
    "Double-click on legend to isolate one trace": "범례를 두 번 누르면 그 계열만 보입니다",
    "Double-click to zoom back out": "두 번 누르면 원래 크기로 돌아갑니다",
    "Download plot as a PNG": "PNG 그림으로 내려받기",
    "Download plot": "그림 내려받기",
    "Lasso Select": "올가미 선택",
    "Pan": "이동",
    "Reset": "처음 화면으로",
    "Reset axes": "축 초기화",
    "Reset view": "처음 화면으로",
    "Reset views": "처음 화면으로",
    "Show closest data on hover": "마우스에 가장 가까운 자료 보기",
    "Toggle Spike Lines": "기준선 표시 켜기/끄기",
    "Toggle show closest data on hover": "가장 가까운 자료 보기 켜기/끄기",
    "Zoom": "확대 영역 선택",
    "Zoom in": "확대",
    "Zoom out": "축소",
    "max": "최댓값",
    "mean": "평균",
    "median": "중앙값",
    "min": "최솟값",
    "q1": "제1사분위수",
    "q3": "제3사분위수",
}

KOREAN_FORMAT: dict[str, Any] = {
    "days": ["일요일", "월요일", "화요일", "수요일", "목요일", "금요일", "토요일"],
    "shortDays": ["일", "월", "화", "수", "목", "금", "토"],
    "months": [f"{month}월" for month in range(1, 13)],
    "shortMonths": [f"{month}월" for month in range(1, 13)],
    "date": "%Y-%m-%d",
    "decimal": ".",
    "thousands": ",",
}


def locale_config(lang: str) -> dict[str, Any]:
    """The `locale`/`locales` entries of a plotly config for `lang` (empty for English, plotly's own)."""
    if lang != "ko":
        return {}
    return {"locale": "ko", "locales": {"ko": {"dictionary": KOREAN_DICTIONARY, "format": KOREAN_FORMAT}}}
