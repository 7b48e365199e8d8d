"""The only Streamlit helpers: cached loaders, widgets and the session's language."""
