"""Make sure every run goes through app.py's router, even on a fresh server.

Streamlit keeps a legacy multipage mode for apps that have a `pages/` folder: until a run has
called `st.navigation`, a URL naming a file (`/nbsap`) runs `pages/nbsap.py` on its own, without
app.py, so the page config, the language switch and the grouped navigation are missing. That
happens to the first visitor of a freshly started server who opens a shared link. Leaving the
legacy mode and rerunning sends the same URL through app.py, which runs the same page (page URL
paths equal the file names, so the page is found again).
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def ensure_router() -> None:
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
