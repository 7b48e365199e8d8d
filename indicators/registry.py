"""The list of indicators that the command line, the pages and the exports all read.

Each entry is a module under `indicators/` that exposes:
- `compute(inputs: Mapping[str, pd.DataFrame], **options) -> IndicatorResult` (pure);
- `INPUTS: tuple[str, ...]`, the names of the frames it needs (the data layer loads them);
- `add_arguments(parser: argparse.ArgumentParser) -> None`, its command-line options, whose
  parsed values are passed to `compute` as keyword options;
and has `<id>.meta.yml` beside it.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import pandas as pd

from indicators.metadata import IndicatorMetadata, load_metadata
from indicators.result import IndicatorResult

# Order is the order pages and exports list them in.
INDICATOR_IDS: tuple[str, ...] = (
    "red_list_index",
    "living_planet_index",
    "protected_area_coverage",
    "kba_protection_coverage",
    "species_protection",
    # GBF indicator suite (issue "GBF indicator suite, and progress status per target")
    "invasive_species_establishment",
    "cites_trade_volume",
    "cites_wild_share",
    "cites_trade_discrepancy",
    "wildlife_seizures",
    "traded_species_rli",
    "animal_life_cycle",
    "captive_population_balance",
    "abs_benefits",
    "abs_non_monetary_benefits",
    "abs_permits",
    "biodiversity_oda",
    "capacity_cooperation",
    "knowledge_digitisation",
    "nbsap_implementation",
)


@dataclass(frozen=True)
class IndicatorSpec:
    """One registered indicator: its metadata, inputs, options and compute function."""

    id: str
    module: ModuleType

    @property
    def metadata(self) -> IndicatorMetadata:
        return load_metadata(self.id)

    @property
    def inputs(self) -> tuple[str, ...]:
        return tuple(self.module.INPUTS)

    @property
    def compute(self) -> Callable[..., IndicatorResult]:
        return self.module.compute

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        adder = getattr(self.module, "add_arguments", None)
        if adder is not None:
            adder(parser)

    def run(self, inputs: Mapping[str, pd.DataFrame], **options: Any) -> IndicatorResult:
        return self.module.compute(inputs, **options)


def get(indicator_id: str) -> IndicatorSpec:
    if indicator_id not in INDICATOR_IDS:
        raise KeyError(f"unknown indicator '{indicator_id}'; known: {', '.join(INDICATOR_IDS)}")
    return IndicatorSpec(indicator_id, importlib.import_module(f"indicators.{indicator_id}"))


def all_specs() -> list[IndicatorSpec]:
    return [get(i) for i in INDICATOR_IDS]
