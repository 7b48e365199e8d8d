"""Streamlit's and plotly.js's own words in Korean: the catalog's words, hooked on names the bundled
frontend really has (an upgrade that renames one fails here, not silently in a reader's browser)."""

from __future__ import annotations

import re
from pathlib import Path

import streamlit

from charts.plotly_locale import KOREAN_DICTIONARY, locale_config
from charts.theme import PLOTLY_CONFIG, plotly_config
from i18n import t
from ui.streamlit_words import _REPLACED, style_sheet

FRONTEND = Path(streamlit.__file__).parent / "static" / "static" / "js"


def bundled(pattern: str) -> str:
    """The text of Streamlit's frontend files whose name matches `pattern`."""
    return "".join(path.read_text(encoding="utf-8") for path in sorted(FRONTEND.glob(pattern)))


def test_every_translated_plotly_phrase_is_one_plotly_js_looks_up() -> None:
    plotly_js = bundled("PlotlyChart*.js")
    assert plotly_js, "Streamlit's plotly.js bundle not found"
    missing = [phrase for phrase in KOREAN_DICTIONARY if not re.search(f"[`'\"]{re.escape(phrase)}[`'\"]", plotly_js)]
    assert not missing


def test_the_plotly_config_carries_the_korean_locale_and_keeps_the_shared_settings() -> None:
    korean = plotly_config("ko")
    assert korean["locale"] == "ko"
    assert korean["locales"]["ko"]["dictionary"]["Download plot as a PNG"] == "PNG 그림으로 내려받기"  # type: ignore[index]
    assert korean["locales"]["ko"]["format"]["months"][11] == "12월"  # type: ignore[index]
    assert plotly_config("en") == PLOTLY_CONFIG
    assert locale_config("en") == {}
    assert all(korean[key] == value for key, value in PLOTLY_CONFIG.items())


def test_the_korean_style_sheet_draws_each_catalog_word_over_streamlits_english() -> None:
    css = style_sheet("ko")
    assert style_sheet("en") == ""
    for selector, key, _size in _REPLACED:
        words = t(key, "ko", mb=200)
        assert f'{selector}::after{{content:"{words}"' in css
        assert f"{selector}{{font-size:0}}" in css


def test_the_style_sheet_hooks_on_test_ids_streamlit_renders() -> None:
    frontend = bundled("*.js")
    test_ids = {test_id for selector, _key, _size in _REPLACED for test_id in re.findall(r"data-testid='(\w+)'", selector)}
    assert test_ids >= {"stFileUploaderDropzone", "InputInstructions", "stForm"}
    assert not [test_id for test_id in test_ids if f"`{test_id}`" not in frontend and f'"{test_id}"' not in frontend]


def test_the_chart_fullscreen_tip_streamlit_adds_is_redrawn_in_korean() -> None:
    from ui.streamlit_words import _CHART_TIPS

    plotly_js = bundled("PlotlyChart*.js")
    css = style_sheet("ko")
    for title, key in _CHART_TIPS:
        assert f"`{title}`" in plotly_js, title  # the title Streamlit gives its button
        assert f"[data-title='{title}']::after{{content:\"{t(key, 'ko')}\"}}" in css
