"""A page in sections: the reader picks one, and only that section runs and is drawn.

A page with eight charts makes a first visitor wait for all eight: the server builds them and the
browser draws them one after another (0.1–0.3 s a chart in Chromium without a GPU), most of them
below the fold. In sections, a page draws only the part the reader asked for. The choice lives in
the URL (`?view=partners`: the section's code, not its translated label), so a shared link opens
the same section in either language, and a language switch keeps it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from i18n import t
from ui.filters import url_choice

KEY = "view"

# The sections of each page (the first opens by default); names are `pg.<page>.section.<code>`.
PAGE_SECTIONS: dict[str, tuple[str, ...]] = {
    "trade": ("trade", "partners", "permits", "followup"),
    "protected_areas": ("map", "coverage", "designation", "kba"),
    "species": ("rli", "threatened", "search"),
    "specimens": ("records", "groups", "duplicates"),
    "cooperation": ("partners", "funding", "benefits", "capacity"),
    "nbsap": ("status", "actions"),
}
# URL keys read by some sections only (page → key → the sections that read it). The others drop
# them from the address, so a copied link carries only what its section shows.
SECTION_KEYS: dict[str, dict[str, tuple[str, ...]]] = {
    "trade": {"measure": ("trade", "partners", "permits")},
    "protected_areas": {"type": ("map",)},
    "species": {"q": ("search",), "species": ("search",), "scope": ("threatened",)},
    "specimens": {"group": ("records",)},
    "cooperation": {"measure": ("partners",)},
}
# The catalog prefix of each page's texts (pages/<file>.py → pg.<prefix>.*).
CATALOG_PREFIX: dict[str, str] = {
    "trade": "pg.trade", "protected_areas": "pg.pa", "species": "pg.species", "specimens": "pg.specimens",
    "cooperation": "pg.coop", "nbsap": "pg.nbsap",
}


def section_label(page: str, code: str, lang: str) -> str:
    return t(f"{CATALOG_PREFIX[page]}.section.{code}", lang)


def page_section(page: str, lang: str, *, default: str | None = None) -> str:
    """The chosen section of `page` (a key of PAGE_SECTIONS), from a segmented control kept in the
    URL (`?view=<code>`); an unknown or missing `view` opens `default`, else the first section.
    The other sections' own URL keys (SECTION_KEYS) leave the address."""
    sections = PAGE_SECTIONS[page]
    chosen = choose_section(sections, lang, default=default, format_func=lambda code: section_label(page, code, lang))
    for key, readers in SECTION_KEYS.get(page, {}).items():
        if chosen not in readers and key in st.query_params:
            del st.query_params[key]
    return chosen


def choose_section(
    sections: Sequence[str], lang: str, *, format_func: Callable[[str], str], default: str | None = None
) -> str:
    """The same control for a page whose sections depend on its data (the target page's indicators)."""
    if st.session_state.get(KEY, sections[0]) not in sections:  # left over from another target or page
        del st.session_state[KEY]
    return url_choice(
        t("pg.section", lang), list(sections), key=KEY, default=default or sections[0], required=True,
        format_func=format_func, label_visibility="collapsed",
    )
