"""Red List Index of internationally traded species (GBF complementary indicator 5.CY.2).

The Red List Index (`indicators.red_list_index`) restricted to the taxa that appear on Korea's
CITES permit lines or in CITES Trade Database rows involving KR. One index over all traded species
when every species shares the same assessment years; otherwise one index per taxonomic group
(the RLI compares years only over a fixed species set), with a note.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping

import pandas as pd

from indicators import red_list_index
from indicators.result import (
    IndicatorError,
    IndicatorResult,
    InputContractError,
    NoDataError,
    Note,
    require_columns,
)
from indicators.tidy_frames import ALL, finish

INDICATOR_ID = "traded_species_rli"
INPUTS: tuple[str, ...] = ("redlist_assessments",)
KEYS = ("taxonomic_group",)


AGGREGATE_SEED = 20240101


def compute(inputs: Mapping[str, pd.DataFrame], *, by: str = "auto", repetitions: int = 1000) -> IndicatorResult:
    frame = inputs.get(INPUTS[0], pd.DataFrame())
    if frame.empty:
        raise NoDataError(f"{INDICATOR_ID}: no Red List assessments of traded species")
    require_columns(frame, red_list_index.INPUT_COLUMNS, name=INPUTS[0])
    notes: list[str] = []
    if by in ("auto", "none"):
        try:
            inner = red_list_index.compute({"redlist_assessments": frame}, by=None)
            out = inner.frame.assign(taxonomic_group=ALL)
        except InputContractError:
            if by == "none":
                raise
            notes.append(_per_group_note(frame))
            inner = red_list_index.compute({"redlist_assessments": frame}, by="taxonomic_group")
            out = pd.concat([inner.frame, _aggregate(frame, repetitions, notes)], ignore_index=True)
    else:
        inner = red_list_index.compute({"redlist_assessments": frame}, by="taxonomic_group")
        out = inner.frame
    notes.extend(inner.notes)
    counts = {"traded_species": int(frame["taxon_id"].nunique()), **dict(inner.counts)}
    return IndicatorResult(INDICATOR_ID, finish(out, KEYS), KEYS, counts, tuple(notes))


def _per_group_note(frame: pd.DataFrame) -> Note:
    """Why there is no single index: the traded species were not all assessed in the same years."""
    species = frame.groupby("taxon_id")["year"].nunique()
    partial, total = int((species < frame["year"].nunique()).sum()), len(species)
    return Note(f"Traded species were assessed in different years ({partial:,} of {total:,} species have no "
                "assessment in some of them), so the index is computed per taxonomic group.",
                f"거래 종들의 평가 연도가 서로 달라({total:,}종 가운데 {partial:,}종은 일부 연도에 평가가 없음) "
                "분류군별로 지수를 따로 구했습니다.")


def _aggregate(frame: pd.DataFrame, repetitions: int, notes: list[str]) -> pd.DataFrame:
    """The multi-group annual aggregate as taxonomic_group 'all' (empty with a note when it fails)."""
    try:
        aggregate = red_list_index.compute(
            {"redlist_assessments": frame}, aggregate=True, repetitions=repetitions, seed=AGGREGATE_SEED
        )
    except IndicatorError as error:
        notes.append(Note(f"No multi-group aggregate: {error}", f"여러 분류군을 합친 지수를 구하지 못했습니다: {error}"))
        return pd.DataFrame()
    notes.append(Note("'All' is the BirdLife multi-group aggregate (interpolated between assessments).",
                      "'전체'는 BirdLife 방식의 여러 분류군 종합 지수입니다 (평가 사이 연도는 보간)."))
    return aggregate.frame.assign(taxonomic_group=ALL)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--by", choices=("auto", "none", "taxonomic_group"), default="auto",
                        help="one index over all traded species (auto when possible) or one per taxonomic group")
    parser.add_argument("--repetitions", type=int, default=1000, help="repetitions of the multi-group aggregate")
