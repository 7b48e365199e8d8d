"""Streamlit's own interface words in the reader's language.

Streamlit 1.67 has no translations: its file uploader says "Upload" and "200MB per file", a text
box "Press Enter to apply", the button it adds to each chart's tool bar "Fullscreen". In Korean, a
style sheet hides those words and draws the catalog's in their place (CSS `content`), so a data
steward importing a file reads Korean throughout. The selectors are Streamlit's `data-testid`s;
the browser tests check the words a reader sees. Screen-reader labels (`aria-label`) and the
tooltips of table tool bars stay Streamlit's.
"""

from __future__ import annotations

import json

import streamlit as st

from i18n import t

# (selector of the element whose English text is replaced, catalog key, font size of the words drawn)
_INSTRUCTION = "[data-testid='InputInstructions'] > span:first-child"
_REPLACED: tuple[tuple[str, str, str], ...] = (
    ("[data-testid='stFileUploaderDropzone'] button [data-testid='stMarkdownContainer'] p", "st.upload.button",
     "0.875rem"),
    ("[data-testid='stFileUploaderDropzoneInstructions'] span", "st.upload.limit", "0.875rem"),
    (f"[data-testid='stTextInput'] {_INSTRUCTION}", "st.input.enter_apply", "0.75rem"),
    (f"[data-testid='stNumberInput'] {_INSTRUCTION}", "st.input.enter_apply", "0.75rem"),
    (f"[data-testid='stTextArea'] {_INSTRUCTION}", "st.input.ctrl_enter_apply", "0.75rem"),
    (f"[data-testid='stForm'] [data-testid='stTextInput'] {_INSTRUCTION}", "st.input.enter_submit", "0.75rem"),
    (f"[data-testid='stForm'] [data-testid='stNumberInput'] {_INSTRUCTION}", "st.input.enter_submit", "0.75rem"),
    (f"[data-testid='stForm'] [data-testid='stTextArea'] {_INSTRUCTION}", "st.input.ctrl_enter_submit", "0.75rem"),
)

# Streamlit's own button on each chart's tool bar (its tip is plotly's CSS: `content: attr(data-title)`).
_CHART_TIPS: tuple[tuple[str, str], ...] = (("Fullscreen", "st.chart.fullscreen"), ("Close fullscreen", "st.chart.close_fullscreen"))


def style_sheet(lang: str) -> str:
    """The CSS that draws Streamlit's words in `lang`; empty in English, Streamlit's own language."""
    if lang == "en":
        return ""
    mb = int(st.get_option("server.maxUploadSize"))
    rules = []
    for selector, key, size in _REPLACED:
        words = json.dumps(t(key, lang, mb=mb), ensure_ascii=False)  # a CSS string: same quoting as JSON here
        rules.append(f"{selector}{{font-size:0}}{selector}::after{{content:{words};font-size:{size};line-height:1.6}}")
    for title, key in _CHART_TIPS:
        words = json.dumps(t(key, lang), ensure_ascii=False)
        rules.append(f".js-plotly-plot .plotly .modebar-btn[data-title='{title}']::after{{content:{words}}}")
    return "".join(rules)


def streamlit_words(lang: str) -> None:
    """Apply `style_sheet(lang)` to the page (a style-only st.html takes no room on the page)."""
    css = style_sheet(lang)
    if css:
        st.html(f"<style>{css}</style>")
