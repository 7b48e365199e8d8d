"""Database access: models, engine and sessions, queries that aggregate in SQL, importers."""
