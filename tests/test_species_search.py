"""Species search treats what a user types as text: % and _ are not wildcards."""

from __future__ import annotations

from pathlib import Path

from data_access.database import make_engine, session_factory
from data_access.queries.species import search_species


def test_percent_and_underscore_match_literally(sample_database: Path) -> None:
    with session_factory(make_engine(f"sqlite:///{sample_database}"))() as session:
        assert len(search_species(session, "a")) > 0  # the sample list has names with an "a"
        assert search_species(session, "%").empty
        assert search_species(session, "_").empty
        assert search_species(session, "a%b_c\\").empty
