"""Loaders, loader options and their command-line arguments for the GBF indicator suite.

`data_access.indicator_inputs` merges these three tables into LOADERS, INPUT_ARGUMENTS and
INPUT_OPTION_NAMES, so the suite's entries live beside their queries.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable

import pandas as pd
from sqlalchemy.orm import Session

from data_access.queries import (
    abs_inputs,
    cites_inputs,
    cooperation_inputs,
    knowledge_inputs,
    life_cycle_inputs,
)
from data_access.queries.invasive_inputs import load_invasive_inputs
from data_access.queries.nbsap_inputs import load_nbsap_inputs
from indicators.animal_life_cycle import DEFAULT_DEATH_REPORT_DAYS, DEFAULT_DISPOSAL_DAYS, DEFAULT_GRACE_DAYS

Frames = dict[str, pd.DataFrame]


def _life_cycle(session: Session, grace_days: int = DEFAULT_GRACE_DAYS, disposal_days: int = DEFAULT_DISPOSAL_DAYS,
                death_report_days: int = DEFAULT_DEATH_REPORT_DAYS, as_of: dt.date | None = None) -> Frames:
    counts = life_cycle_inputs.load_life_cycle_counts(
        session, grace_days=grace_days, disposal_days=disposal_days, death_report_days=death_report_days, as_of=as_of
    )
    return {"life_cycle_counts": counts}


SUITE_LOADERS: dict[str, Callable[..., Frames]] = {
    "invasive_species_establishment": load_invasive_inputs,
    "cites_trade_volume": lambda session: {"cites_permit_volumes": cites_inputs.load_permit_volumes(session)},
    "cites_wild_share": lambda session: {"cites_source_volumes": cites_inputs.load_source_volumes(session)},
    "cites_trade_discrepancy": lambda session: {"cites_trade_comparison": cites_inputs.load_trade_comparison(session)},
    "wildlife_seizures": lambda session: {"trade_cases": cites_inputs.load_trade_cases(session)},
    "traded_species_rli": lambda session, scope="auto": {
        "redlist_assessments": cites_inputs.load_traded_redlist(session, scope=scope)
    },
    "animal_life_cycle": _life_cycle,
    "captive_population_balance": lambda session, by_facility=False: {
        "captive_flows": life_cycle_inputs.load_captive_flows(session, by_facility=by_facility)
    },
    "abs_benefits": lambda session: {"abs_monetary_benefits": abs_inputs.load_monetary_benefits(session)},
    "abs_non_monetary_benefits": lambda session: {"abs_non_monetary": abs_inputs.load_non_monetary_benefits(session)},
    "abs_permits": lambda session: {"abs_access_permits": abs_inputs.load_access_permits(session)},
    "biodiversity_oda": lambda session, include_joint_research=False: {
        "oda_disbursements": cooperation_inputs.load_oda_disbursements(session, include_joint_research=include_joint_research)
    },
    "capacity_cooperation": lambda session: {
        "cooperation_projects": cooperation_inputs.load_cooperation_projects(session),
        "cooperation_counts": cooperation_inputs.load_cooperation_counts(session),
    },
    "knowledge_digitisation": knowledge_inputs.load_knowledge_inputs,
    "nbsap_implementation": load_nbsap_inputs,
}


def _traded_scope(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scope", choices=("auto", "national", "global"), default="auto",
                        help="which Red List: global, national, or auto (global when loaded)")


def _life_cycle_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--grace-days", type=int, default=DEFAULT_GRACE_DAYS,
                        help="days after import within which the animal must be registered (default 30)")
    parser.add_argument("--disposal-days", type=int, default=DEFAULT_DISPOSAL_DAYS,
                        help="days after a death within which the carcass disposal must be recorded (default 30)")
    parser.add_argument("--death-report-days", type=int, default=DEFAULT_DEATH_REPORT_DAYS,
                        help="days after a death within which it must be reported (default 7)")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=None,
                        help="date the grace periods are measured to (default today), YYYY-MM-DD")


def _balance_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--by-facility", action="store_true", help="the balance per breeding facility as well as species")


def _oda_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--include-joint-research", action="store_true",
                        help="count joint-research projects as well as ODA and capacity-building projects")


SUITE_INPUT_ARGUMENTS: dict[str, Callable[[argparse.ArgumentParser], None]] = {
    "traded_species_rli": _traded_scope,
    "animal_life_cycle": _life_cycle_arguments,
    "captive_population_balance": _balance_arguments,
    "biodiversity_oda": _oda_arguments,
}
SUITE_INPUT_OPTION_NAMES: dict[str, tuple[str, ...]] = {
    "traded_species_rli": ("scope",),
    "animal_life_cycle": ("grace_days", "disposal_days", "death_report_days", "as_of"),
    "captive_population_balance": ("by_facility",),
    "biodiversity_oda": ("include_joint_research",),
}
