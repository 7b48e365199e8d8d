"""The frames each registered indicator needs, loaded from the database.

Indicators are pure (`indicators/`), so this module is where their declared `INPUTS` are read
from tables. Options that choose *which data* (e.g. national or global Red List scope) belong
here, not to the indicator; the command line adds them beside the indicator's own options.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.models import Population, PopulationCount, PopulationDataset, RedListAssessment
from data_access.queries.protected_area_inputs import (
    add_country_argument,
    load_coverage_inputs,
    load_kba_inputs,
)
from data_access.queries.species_protection_inputs import (
    add_species_protection_arguments,
    load_species_protection_inputs,
)
from data_access.queries.suite_loaders import SUITE_INPUT_ARGUMENTS, SUITE_INPUT_OPTION_NAMES, SUITE_LOADERS

Frames = dict[str, pd.DataFrame]


def _frame(session: Session, statement: Any) -> pd.DataFrame:
    result = session.execute(statement)
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def resolve_red_list_scope(session: Session, scope: str = "auto") -> str:
    """'auto' means the national Red List when one is loaded, else the global one."""
    if scope != "auto":
        return scope
    national = session.scalar(
        select(func.count()).select_from(RedListAssessment).where(RedListAssessment.scope == "national")
    )
    return "national" if national else "global"


def load_red_list_assessments(session: Session, *, scope: str = "auto") -> pd.DataFrame:
    """One row per species per assessment year: taxon_id, taxonomic_group, year, category."""
    scope = resolve_red_list_scope(session, scope)
    statement = select(
        RedListAssessment.taxon_key.label("taxon_id"),
        RedListAssessment.taxon_group.label("taxonomic_group"),
        RedListAssessment.year,
        RedListAssessment.category,
    ).where(RedListAssessment.scope == scope)
    return _frame(session, statement)


def load_lpi_populations(session: Session) -> Frames:
    """Population counts (long) and the data files with their groups and weights."""
    counts = _frame(
        session,
        select(
            PopulationDataset.name.label("file"),
            Population.binomial,
            Population.population_key.label("population_id"),
            PopulationCount.year,
            PopulationCount.value,
        )
        .join(Population, Population.dataset_id == PopulationDataset.id)
        .join(PopulationCount, PopulationCount.population_id == Population.id),
    )
    files = _frame(
        session,
        select(
            PopulationDataset.name.label("file"),
            PopulationDataset.group_id.label("group"),
            PopulationDataset.weighting,
            PopulationDataset.weighting_b,
        ),
    )
    return {"lpi_populations": counts, "lpi_files": files}


def _add_red_list_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scope",
        choices=("auto", "national", "global"),
        default="auto",
        help="which Red List: national, global, or auto (national when loaded)",
    )


LOADERS: dict[str, Callable[..., Frames]] = {
    "red_list_index": lambda session, scope="auto": {
        "redlist_assessments": load_red_list_assessments(session, scope=scope)
    },
    "living_planet_index": lambda session: load_lpi_populations(session),
    "protected_area_coverage": load_coverage_inputs,
    "kba_protection_coverage": load_kba_inputs,
    "species_protection": load_species_protection_inputs,
    **SUITE_LOADERS,
}

INPUT_ARGUMENTS: dict[str, Callable[[argparse.ArgumentParser], None]] = {
    "red_list_index": _add_red_list_arguments,
    "protected_area_coverage": add_country_argument,
    "kba_protection_coverage": add_country_argument,
    "species_protection": add_species_protection_arguments,
    **SUITE_INPUT_ARGUMENTS,
}
INPUT_OPTION_NAMES: dict[str, tuple[str, ...]] = {"red_list_index": ("scope",), **SUITE_INPUT_OPTION_NAMES}
INPUT_OPTION_NAMES["protected_area_coverage"] = ("country",)
INPUT_OPTION_NAMES["kba_protection_coverage"] = ("country",)
INPUT_OPTION_NAMES["species_protection"] = ("kind", "country", "occurrence_country")


def add_input_arguments(indicator_id: str, parser: argparse.ArgumentParser) -> None:
    adder = INPUT_ARGUMENTS.get(indicator_id)
    if adder is not None:
        adder(parser)


def split_options(indicator_id: str, options: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(options for the loader, options for the indicator's compute)."""
    names = INPUT_OPTION_NAMES.get(indicator_id, ())
    loader = {k: v for k, v in options.items() if k in names}
    compute = {k: v for k, v in options.items() if k not in names}
    return loader, compute


def load_inputs(session: Session, indicator_id: str, **options: Any) -> Frames:
    """Every input frame the indicator declares, read from the database."""
    try:
        loader = LOADERS[indicator_id]
    except KeyError:
        raise KeyError(f"no database loader for indicator '{indicator_id}'") from None
    return loader(session, **options)
