"""Chart builders: pure functions from tidy frames and translated labels to plotly figures.

No Streamlit and no database here, so the page and the export (kaleido) draw the same figure.
Every builder takes the texts it shows as a `labels` mapping (already in the reader's language)
and `lang` for number formats; `charts.theme` gives them one visual style.
"""
