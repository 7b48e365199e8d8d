"""Red List Index (GBF headline indicator A.3, SDG 15.5.1).

The RLI is one minus the mean extinction-risk weight of a fixed set of species, scaled by the
weight of Extinct: 1 when every species is Least Concern, 0 when every species is extinct
(Butchart et al. 2004, 2007). Three outputs share one input table of back-cast categories:

- per group and assessment year (default), as IUCN-UK's `red-list-index` computes it: Data
  Deficient (DD) species excluded, or imputed in repeated draws; optionally with the Juslén et al.
  (2016) bootstrap interval of `red::rli(boot=TRUE)`;
- one index over the whole input (`by=None`), for a single comprehensively assessed list;
- the multi-group annual aggregate as BirdLife International's 2020 R code computes the SDG 15.5.1
  series (`aggregate=True`).

Everything works from the number of species per weight in each group and year, so the work does
not grow with the number of species after one pass over the rows. Where we depart from the
reference code, `red_list_index.meta.yml` says so under `simplifications`.

>>> frame = pd.DataFrame({"taxon_id": [1, 2, 1, 2], "taxonomic_group": "Bird",
...                       "year": [2000, 2000, 2010, 2010], "category": ["LC", "EN", "VU", "EN"]})
>>> compute({"redlist_assessments": frame}).frame[["year", "value", "n"]].to_dict("records")
[{'year': 2000, 'value': 0.7, 'n': 2}, {'year': 2010, 'value': 0.5, 'n': 2}]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import ndtri

from i18n import series_name
from indicators.red_list_categories import (
    CATEGORIES,
    CODES,
    DATA_DEFICIENT,
    EXTINCT_WEIGHT,
    NOT_ASSESSED,
    category_positions,
    normalise_categories,
)
from indicators.result import (
    IndicatorError,
    IndicatorResult,
    InputContractError,
    NoDataError,
    Note,
    require_columns,
)

INDICATOR_ID = "red_list_index"
INPUTS: tuple[str, ...] = ("redlist_assessments",)
INPUT_NAME = INPUTS[0]
INPUT_COLUMNS: tuple[str, ...] = ("taxon_id", "taxonomic_group", "year", "category")
DD_MODES: tuple[str, ...] = ("exclude", "impute")

WEIGHTS = np.arange(EXTINCT_WEIGHT + 1)  # 0 (LC) ... 5 (EX and equivalents)
IMPUTED_BAND = (5.0, 95.0)  # percentiles of the repetitions: a 90 % band, as IUCN and BirdLife report
BOOTSTRAP_BAND = (2.5, 97.5)  # red::rli(boot=TRUE)

# BirdLife 2020 global RLI script (rli-codes, RLI_disaggreg_calculations_vs2.r).
SLOPE_CV = 0.6  # sd of the perturbed extrapolation slope, relative to |slope| ("slopecv")
WINDOW_HALF_WIDTH = 2  # moving window: each year takes a random value from year ± 2
IMPUTATION_REPETITIONS = 1000  # per-group DD imputation, as IUCN-UK (BirdLife: 500)
# The aggregate's median carries Monte Carlo noise. On the 2023 IUCN data, with stratified slope
# draws, its standard deviation over seeds is at most 4.5e-4 at 1,000 repetitions and falls as
# 1/sqrt(R): 20,000 keep it near 1e-4 (1/100 of the 2-decimal publication precision) for about
# 0.6 s of CPU, and every one of 20 seeds then reproduced the published SDG 15.5.1 World series
# 1993-2024, whose 2014 and 2017 values lie within 2e-4 of a rounding boundary.
AGGREGATE_REPETITIONS = 20_000
REPORTING_LEAD_YEARS = 10  # the aggregate starts 10 years before the last group's first assessment
# Groups whose left (backward) slope is the mean of the other groups' left slopes, because their own
# first interval is dominated by one event (reef corals: the 1998 bleaching). Compared casefolded.
BORROWED_LEFT_SLOPE_GROUPS = frozenset(
    {"coral", "corals", "reef-forming coral", "reef-forming corals", "산호"}
)

_STATUS_COUNTED, _STATUS_DD, _STATUS_NOT_ASSESSED = 0, 1, 2
_WHOLE_INPUT = "all"


@dataclass(frozen=True)
class Tallies:
    """Species per weight and DD species, one row per group and assessment year (sorted)."""

    groups: np.ndarray  # group label per row
    years: np.ndarray  # int year per row
    by_weight: np.ndarray  # (rows, 6) species with weight 0..5
    data_deficient: np.ndarray  # (rows,) DD species
    species: int  # distinct species with a weight (the fixed set S')
    dd_species: int
    not_assessed_species: int

    @property
    def counted(self) -> np.ndarray:
        return self.by_weight.sum(axis=1)

    @property
    def weight_sum(self) -> np.ndarray:
        return self.by_weight @ WEIGHTS


# --------------------------------------------------------------------------------------------
# Entry points


def compute(
    inputs: Mapping[str, pd.DataFrame],
    *,
    by: str | None = "taxonomic_group",
    aggregate: bool = False,
    dd: str = "exclude",
    repetitions: int | None = None,
    seed: int | None = None,
    bootstrap: int = 0,
) -> IndicatorResult:
    """The Red List Index per group and year, over the whole input, or as the multi-group aggregate.

    - `by`: the column that splits species into groups (None: one index over all rows).
    - `aggregate`: the BirdLife/IUCN annual multi-group series (columns year, value, lower, upper).
    - `dd`: "exclude" Data Deficient species, or "impute" them in each of `repetitions` draws.
    - `repetitions`: default 1,000 for the per-group imputation (IUCN-UK), 20,000 for the aggregate
      (Monte Carlo error of its median below 1e-4, see AGGREGATE_REPETITIONS).
    - `bootstrap`: with dd="exclude", the number of Juslén et al. bootstrap resamples for a 95 % CI.
    - `seed`: seeds every random draw (imputation, bootstrap, aggregate), for repeatable results.
    """
    if repetitions is None:
        repetitions = AGGREGATE_REPETITIONS if aggregate else IMPUTATION_REPETITIONS
    check_options(by=by, aggregate=aggregate, dd=dd, repetitions=repetitions, bootstrap=bootstrap)
    assessments = prepare_assessments(_input_frame(inputs), by=by)
    tallies = tally_categories(assessments)
    rng = np.random.default_rng(seed)
    if aggregate:
        return aggregate_groups(tallies, dd=dd, repetitions=repetitions, rng=rng, seed=seed)
    return index_by_group(tallies, by=by, dd=dd, repetitions=repetitions, bootstrap=bootstrap, rng=rng)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Command-line options; their dest names are the keyword options of `compute`."""
    parser.add_argument(
        "--by",
        type=_parse_by,
        choices=("taxonomic_group", None),
        default="taxonomic_group",
        metavar="{taxonomic_group,none}",
        help="one index per taxonomic group (default) or one over all species ('none')",
    )
    parser.add_argument(
        "--aggregate",
        action="store_true",
        help="the annual multi-group index as BirdLife/IUCN compute SDG 15.5.1",
    )
    parser.add_argument(
        "--dd",
        choices=DD_MODES,
        default="exclude",
        help="Data Deficient species: exclude (default) or impute from the other species",
    )
    parser.add_argument(
        "--repetitions",
        type=int,
        default=None,
        help=f"repetitions for DD imputation (default {IMPUTATION_REPETITIONS:,}) "
        f"and --aggregate (default {AGGREGATE_REPETITIONS:,})",
    )
    parser.add_argument("--seed", type=int, default=None, help="random seed, for repeatable results")
    parser.add_argument(
        "--bootstrap",
        type=int,
        default=0,
        help="bootstrap resamples for a 95 %% interval (Juslén et al. 2016); 0 = none",
    )


def _parse_by(text: str) -> str | None:
    return None if text.strip().lower() == "none" else text


def check_options(*, by: str | None, aggregate: bool, dd: str, repetitions: int, bootstrap: int) -> None:
    """Reject option combinations that have no defined meaning before touching the data."""
    if dd not in DD_MODES:
        raise IndicatorError(f"dd must be one of {', '.join(DD_MODES)}, not {dd!r}")
    if int(repetitions) != repetitions or repetitions < 1:
        raise IndicatorError(f"repetitions must be a positive whole number, not {repetitions!r}")
    if int(bootstrap) != bootstrap or bootstrap < 0:
        raise IndicatorError(f"bootstrap must be 0 or a positive whole number, not {bootstrap!r}")
    if bootstrap and aggregate:
        raise IndicatorError("bootstrap applies to the per-group index; the aggregate has its own 90 % band")
    if bootstrap and dd == "impute":
        raise IndicatorError("bootstrap applies with dd='exclude'; dd='impute' already gives a 90 % band")
    if by is not None and not isinstance(by, str):
        raise IndicatorError(f"by must be a column name or None, not {by!r}")


# --------------------------------------------------------------------------------------------
# Input contract


def _input_frame(inputs: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    if INPUT_NAME not in inputs:
        raise InputContractError(
            f"{INDICATOR_ID} needs the input '{INPUT_NAME}'; got {', '.join(inputs) or 'none'}"
        )
    frame = inputs[INPUT_NAME]
    if frame.empty:
        raise NoDataError(f"input '{INPUT_NAME}' has no rows: import Red List assessments first")
    return frame


def _row_list(index: pd.Index, limit: int = 5) -> str:
    shown = ", ".join(map(str, index[:limit]))
    more = len(index) - limit
    return f"{shown} (and {more} more)" if more > 0 else shown


@dataclass(frozen=True)
class Assessments:
    """Checked input rows as integer codes: one entry per species per assessment year.

    `group` and `taxon` index into `group_labels` and `taxon_labels`; `index` is the input frame's
    index, so error messages can name the user's rows.
    """

    group: np.ndarray
    taxon: np.ndarray
    year: np.ndarray
    weight: np.ndarray  # 0..5, or -1 for DD/NE/NA
    status: np.ndarray  # _STATUS_COUNTED, _STATUS_DD or _STATUS_NOT_ASSESSED
    code: np.ndarray  # position in CODES
    group_labels: np.ndarray
    taxon_labels: pd.Index
    index: pd.Index
    by: str | None

    def species_key(self) -> np.ndarray:
        """One integer per (group, species) pair."""
        return self.group.astype(np.int64) * len(self.taxon_labels) + self.taxon


def prepare_assessments(frame: pd.DataFrame, *, by: str | None) -> Assessments:
    """The input frame, checked and coded.

    Raises InputContractError naming the column, the values and the rows when the frame breaks
    the contract: missing columns or values, non-integer years, unknown categories, two categories
    for one species in one year, or a species set that changes between years.
    """
    columns = ["taxon_id", "year", "category"] + ([by] if by is not None else [])
    require_columns(frame, columns, name=INPUT_NAME)
    for column in columns:
        _require_values(frame, column)
    positions = category_positions(frame["category"], column="category", frame_name=INPUT_NAME)
    if by is None:
        group, group_labels = np.zeros(len(frame), dtype=np.int64), np.array([_WHOLE_INPUT], dtype=object)
    else:
        group, group_labels = pd.factorize(frame[by])
        group_labels = np.asarray(group_labels.astype(str), dtype=object)
    taxon, taxon_labels = pd.factorize(frame["taxon_id"])
    assessments = Assessments(
        group=group,
        taxon=taxon,
        year=_integer_years(frame["year"]),
        weight=_WEIGHT_BY_POSITION[positions],
        status=_STATUS_BY_POSITION[positions],
        code=positions,
        group_labels=group_labels,
        taxon_labels=taxon_labels,
        index=frame.index,
        by=by,
    )
    check_one_category_per_year(assessments)
    check_fixed_species_set(assessments)
    return assessments


_WEIGHT_BY_POSITION = np.array(
    [-1 if CATEGORIES[c].weight is None else CATEGORIES[c].weight for c in CODES], np.int64
)
_STATUS_BY_POSITION = np.array(
    [
        _STATUS_DD if c == DATA_DEFICIENT else _STATUS_NOT_ASSESSED if c in NOT_ASSESSED else _STATUS_COUNTED
        for c in CODES
    ],
    dtype=np.int8,
)


def _require_values(frame: pd.DataFrame, column: str) -> None:
    if column == "category":  # category_positions reports missing categories with a hint about 'NA'
        return
    missing = frame[column].isna().to_numpy()
    if missing.any():
        raise InputContractError(
            f"input '{INPUT_NAME}': column '{column}' is empty in rows {_row_list(frame.index[missing])}"
        )


def _integer_years(values: pd.Series) -> np.ndarray:
    numbers = pd.to_numeric(values, errors="coerce")
    bad = (numbers.isna() | (numbers != np.floor(numbers))).to_numpy()
    if bad.any():
        shown = ", ".join(repr(v) for v in pd.unique(values[bad])[:5])
        raise InputContractError(
            f"input '{INPUT_NAME}': column 'year' must hold whole years; it has {shown} "
            f"in rows {_row_list(values.index[bad])}"
        )
    return numbers.to_numpy().astype(np.int64)


def _describe_species(assessments: Assessments, row: int) -> str:
    where = (
        f" ({assessments.by} '{assessments.group_labels[assessments.group[row]]}')" if assessments.by else ""
    )
    taxon = assessments.taxon_labels[assessments.taxon[row]]
    return f"taxon_id {(taxon.item() if isinstance(taxon, np.generic) else taxon)!r}{where}"


def check_one_category_per_year(assessments: Assessments) -> None:
    """A species has exactly one category per assessment year (within its group)."""
    span = int(assessments.year.max() - assessments.year.min() + 1)
    key = assessments.species_key() * span + (assessments.year - assessments.year.min())
    duplicated = pd.Series(key).duplicated(keep=False).to_numpy()
    if duplicated.any():
        first = int(np.flatnonzero(duplicated)[0])
        raise InputContractError(
            f"input '{INPUT_NAME}': a species has more than one row for one year, e.g. "
            f"{_describe_species(assessments, first)} in {assessments.year[first]}; "
            f"rows {_row_list(assessments.index[duplicated])}. Keep one category per species per assessment year."
        )


def check_fixed_species_set(assessments: Assessments) -> None:
    """The set of species, and which of them are DD or not assessed, is the same in every year.

    The RLI compares years only over one fixed species set (Butchart et al. 2007). A species that
    appears, disappears, or moves into or out of DD/NE/NA between years reflects new knowledge,
    not a genuine change: the earlier categories have to be back-cast first.
    """
    pair, first_row = _codes_with_first_row(assessments.species_key())
    span = int(assessments.year.max() - assessments.year.min() + 1)
    group_year, _ = _codes_with_first_row(assessments.group.astype(np.int64) * span + assessments.year)
    years_in_group = np.bincount(
        assessments.group[_first_rows(group_year)], minlength=len(assessments.group_labels)
    )
    years_of_pair = np.bincount(pair)
    incomplete = np.flatnonzero(years_of_pair != years_in_group[assessments.group[first_row]])
    if incomplete.size:
        _raise_incomplete(assessments, pair, incomplete)
    low = np.full(len(years_of_pair), 9, dtype=np.int8)
    high = np.full(len(years_of_pair), -1, dtype=np.int8)
    np.minimum.at(low, pair, assessments.status)
    np.maximum.at(high, pair, assessments.status)
    switching = np.flatnonzero(low != high)
    if switching.size:
        _raise_switching(assessments, pair, switching)


def _codes_with_first_row(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Dense codes of `keys` and, per code, the first row that has it."""
    codes, _ = pd.factorize(keys)
    return codes, _first_rows(codes)


def _first_rows(codes: np.ndarray) -> np.ndarray:
    first = np.full(codes.max() + 1, len(codes), dtype=np.int64)
    np.minimum.at(first, codes, np.arange(len(codes)))
    return first


def _species_histories(
    assessments: Assessments, pair: np.ndarray, pairs: np.ndarray
) -> list[tuple[int, dict[int, str]]]:
    """(a row, {year: code}) for each of the first five species in `pairs`."""
    histories = []
    for p in pairs[:5]:
        rows = np.flatnonzero(pair == p)
        histories.append((int(rows[0]), {int(assessments.year[r]): CODES[assessments.code[r]] for r in rows}))
    return histories


def _raise_incomplete(assessments: Assessments, pair: np.ndarray, pairs: np.ndarray) -> None:
    examples = []
    for row, history in _species_histories(assessments, pair, pairs):
        group_years = np.unique(assessments.year[assessments.group == assessments.group[row]])
        missing = [int(y) for y in group_years if y not in history]
        examples.append(
            f"{_describe_species(assessments, row)} has no row for {', '.join(map(str, missing))}"
        )
    raise InputContractError(
        f"input '{INPUT_NAME}': the species set differs between assessment years "
        f"({len(pairs)} species are missing from some years): {'; '.join(examples)}. "
        "The Red List Index compares years over one fixed species set: back-cast the categories "
        "(indicators.red_list_index.backcast_categories) so every species has a category in every "
        "assessment year of its group."
    )


def _raise_switching(assessments: Assessments, pair: np.ndarray, pairs: np.ndarray) -> None:
    examples = []
    for row, history in _species_histories(assessments, pair, pairs):
        shown = ", ".join(f"{year} {code}" for year, code in sorted(history.items()))
        examples.append(f"{_describe_species(assessments, row)}: {shown}")
    raise InputContractError(
        f"input '{INPUT_NAME}': {len(pairs)} species are Data Deficient, Not Evaluated or Not "
        f"Applicable in some years but not in others: {'; '.join(examples)}. Moves into or out of "
        "DD/NE/NA reflect knowledge, not status, so the counted species set would change between "
        "years: back-cast the earlier categories (indicators.red_list_index.backcast_categories)."
    )


# --------------------------------------------------------------------------------------------
# Tallies and the per-group index


def tally_categories(assessments: Assessments) -> Tallies:
    """Species per weight and DD species for every group and year, sorted by group then year."""
    group_rank = np.argsort(np.argsort(assessments.group_labels.astype(str), kind="stable"))
    first_year = int(assessments.year.min())
    span = int(assessments.year.max()) - first_year + 1
    keys, row_of = np.unique(
        group_rank[assessments.group] * span + (assessments.year - first_year), return_inverse=True
    )
    cell = np.where(assessments.status == _STATUS_DD, len(WEIGHTS), assessments.weight)
    listed = assessments.status != _STATUS_NOT_ASSESSED
    cells = np.bincount(
        row_of[listed] * (len(WEIGHTS) + 1) + cell[listed], minlength=len(keys) * (len(WEIGHTS) + 1)
    )
    cells = cells.reshape(len(keys), len(WEIGHTS) + 1)
    label_of_rank = assessments.group_labels[np.argsort(group_rank)]
    pair, first_row = _codes_with_first_row(assessments.species_key())
    species_status = np.bincount(assessments.status[first_row], minlength=3)
    return Tallies(
        groups=label_of_rank[keys // span],
        years=keys % span + first_year,
        by_weight=cells[:, : len(WEIGHTS)],
        data_deficient=cells[:, len(WEIGHTS)],
        species=int(species_status[_STATUS_COUNTED]),
        dd_species=int(species_status[_STATUS_DD]),
        not_assessed_species=int(species_status[_STATUS_NOT_ASSESSED]),
    )


def red_list_index(weight_sum: np.ndarray, species: np.ndarray) -> np.ndarray:
    """1 − ΣW / (W_EX · N); NaN where no species is counted (an all-DD group has no index, not 0)."""
    weight_sum = np.asarray(weight_sum, dtype=float)
    species = np.asarray(species, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(species > 0, 1.0 - weight_sum / (EXTINCT_WEIGHT * species), np.nan)


def index_by_group(
    tallies: Tallies, *, by: str | None, dd: str, repetitions: int, bootstrap: int, rng: np.random.Generator
) -> IndicatorResult:
    """One row per group and assessment year (or per year, when `by` is None)."""
    value = red_list_index(tallies.weight_sum, tallies.counted)
    lower = np.full(len(value), np.nan)
    upper = np.full(len(value), np.nan)
    n = tallies.counted.copy()
    if dd == "impute":
        draws = impute_data_deficient(tallies, repetitions=repetitions, rng=rng)
        value, lower, upper = _summarise_imputed(draws)
        n = np.where(tallies.counted > 0, tallies.counted + tallies.data_deficient, 0)
    elif bootstrap:
        lower, upper = bootstrap_interval(tallies, resamples=bootstrap, rng=rng)
    if np.isnan(value).all():
        raise NoDataError(
            f"{INDICATOR_ID}: every species in the input is Data Deficient, Not Evaluated or Not "
            "Applicable, so there is no index to compute"
        )
    columns = {"year": tallies.years, "value": value, "lower": lower, "upper": upper, "n": n.astype(np.int64)}
    frame = pd.DataFrame(({by: tallies.groups} if by is not None else {}) | columns)
    return IndicatorResult(
        INDICATOR_ID,
        frame,
        disaggregations=(by,) if by is not None else (),
        counts=_species_counts(tallies, dd=dd),
        notes=_group_notes(tallies, by=by, dd=dd, repetitions=repetitions, bootstrap=bootstrap, value=value),
    )


def _summarise_imputed(draws: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean (as IUCN-UK reports) and 5th/95th percentiles of the repetitions, per column."""
    filled = ~np.isnan(draws).all(axis=0)
    value = np.full(draws.shape[1], np.nan)
    lower = value.copy()
    upper = value.copy()
    value[filled] = draws[:, filled].mean(axis=0)
    lower[filled], upper[filled] = np.percentile(draws[:, filled], IMPUTED_BAND, axis=0)
    return value, lower, upper


def _species_counts(tallies: Tallies, *, dd: str) -> dict[str, int]:
    species = tallies.species + (tallies.dd_species if dd == "impute" else 0)
    return {"species": species, "data_deficient": tallies.dd_species}


def _group_notes(
    tallies: Tallies, *, by: str | None, dd: str, repetitions: int, bootstrap: int, value: np.ndarray
) -> tuple[str, ...]:
    notes = [_dd_note(tallies, dd=dd, repetitions=repetitions)]
    if bootstrap:
        notes.append(Note(
            f"lower/upper: 2.5th and 97.5th percentiles of {bootstrap:,} bootstrap resamples of all species "
            "(Juslén et al. 2016, as red::rli(boot=TRUE)); value is the index of the data itself.",
            f"하한/상한: 전체 종을 {bootstrap:,}번 부트스트랩 재표집한 값의 2.5·97.5 백분위수입니다 "
            "(Juslén 외 2016, red::rli(boot=TRUE)와 같음). 값은 자료 자체의 지수입니다.",
        ))
    if tallies.not_assessed_species:
        notes.append(Note(f"{tallies.not_assessed_species:,} species Not Evaluated or Not Applicable are left out.",
                          f"미평가(NE)·적용 불가(NA) {tallies.not_assessed_species:,}종은 제외했습니다."))
    empty = [(g, y) for g, y, v in zip(tallies.groups, tallies.years, value, strict=True) if np.isnan(v)]
    if empty:
        def listed(name: Callable[[str], str]) -> str:
            return ", ".join(f"{name(g)} {y}" if by is not None else str(y) for g, y in empty)

        notes.append(Note(
            f"No index (every species Data Deficient): {listed(str)}; the value is left empty, not 0.",
            f"모든 종이 정보부족(DD)이라 지수가 없습니다: {listed(lambda g: series_name(g, 'ko'))}. 값은 0이 아니라 빈칸으로 둡니다.",
        ))
    if by is not None:
        per_group = pd.Series(tallies.counted, index=tallies.groups).groupby(level=0).max()
        listed = ", ".join(f"{g} {int(n):,}" for g, n in per_group.items())
        listed_ko = ", ".join(f"{series_name(g, 'ko')} {int(n):,}" for g, n in per_group.items())
        notes.append(Note(f"Species counted per group: {listed}.", f"분류군별로 센 종 수: {listed_ko}."))
    return tuple(notes)


def _korean(groups: list[str]) -> str:
    """Group names in a Korean note (as written where the catalog has none)."""
    return ", ".join(series_name(group, "ko") for group in groups)


def _dd_note(tallies: Tallies, *, dd: str, repetitions: int, per_group: bool = True) -> str:
    if dd == "exclude":
        return Note(
            f"{tallies.dd_species:,} Data Deficient species are excluded (the simple RLI of Butchart et al. 2007).",
            f"정보부족(DD) {tallies.dd_species:,}종은 제외했습니다 (Butchart 외 2007의 단순 적색목록지수).",
        )
    summary = (
        "; value = mean of the repetitions (IUCN-UK), lower/upper = 5th/95th percentiles (a 90 % band)"
        if per_group
        else ""
    )
    summary_ko = " 값은 반복 결과의 평균(IUCN-UK), 하한/상한은 5·95 백분위수(90 % 구간)입니다." if per_group else ""
    return Note(
        f"{tallies.dd_species:,} Data Deficient species are imputed in each of {repetitions:,} repetitions with "
        "categories drawn from the other species of the same group and year, without replacement "
        f"(BirdLife global code; with replacement only where DD species outnumber the others){summary}.",
        f"정보부족(DD) {tallies.dd_species:,}종은 {repetitions:,}번의 반복마다 같은 분류군·연도의 다른 종에서 "
        "범주를 비복원 추출해 채웠습니다 (BirdLife 전 지구 코드, DD 종이 더 많을 때만 복원 추출)." + summary_ko,
    )


# --------------------------------------------------------------------------------------------
# Random draws: DD imputation and bootstrap


def imputed_weight_sums(
    pool: np.ndarray, draws: int, *, repetitions: int, rng: np.random.Generator
) -> np.ndarray:
    """Sum of the weights given to `draws` DD species in each repetition.

    A species-by-species draw without replacement from the non-DD pool only matters through how many
    draws fall in each weight, which is multivariate hypergeometric; drawing those counts directly
    is exact and does not grow with the number of species. When the DD species outnumber the pool
    (the reference code then fails), the draw is with replacement (multinomial).
    """
    if draws == 0:
        return np.zeros(repetitions)
    if draws > pool.sum():
        return rng.multinomial(draws, pool / pool.sum(), size=repetitions) @ WEIGHTS
    # Multivariate hypergeometric as a chain of univariate ones (each weight given the weights
    # before it), vectorised over repetitions: the same distribution as
    # Generator.multivariate_hypergeometric, about 20 times faster.
    total = np.zeros(repetitions)
    left = np.full(repetitions, draws, dtype=np.int64)
    others = int(pool.sum())
    for weight, count in enumerate(pool[:-1].tolist()):
        others -= int(count)
        if count:
            taken = rng.hypergeometric(int(count), max(others, 0), left) if others else left.copy()
            total += weight * taken
            left -= taken
    return total + WEIGHTS[-1] * left


def impute_data_deficient(tallies: Tallies, *, repetitions: int, rng: np.random.Generator) -> np.ndarray:
    """(repetitions, rows) RLI with DD species imputed from the same group and year; NaN if no pool."""
    draws = np.full((repetitions, len(tallies.years)), np.nan)
    for row, (pool, dd_count) in enumerate(zip(tallies.by_weight, tallies.data_deficient, strict=True)):
        if pool.sum() == 0:
            continue
        total = pool @ WEIGHTS + imputed_weight_sums(pool, int(dd_count), repetitions=repetitions, rng=rng)
        draws[:, row] = red_list_index(total, np.full(repetitions, pool.sum() + dd_count))
    return draws


def bootstrap_interval(
    tallies: Tallies, *, resamples: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """2.5/97.5 % quantiles of the RLI over resamples of all species (DD included) with replacement.

    As `red::rli(boot=TRUE, dd=FALSE)`: each resample draws as many species as there are, DD ones
    included, and the index is computed over the non-DD draws. Resampling species with replacement
    is a multinomial draw of the category counts, which is what is drawn here.
    """
    lower = np.full(len(tallies.years), np.nan)
    upper = lower.copy()
    for row, (pool, dd_count) in enumerate(zip(tallies.by_weight, tallies.data_deficient, strict=True)):
        cells = np.append(pool, dd_count)
        if pool.sum() == 0:
            continue
        counts = rng.multinomial(cells.sum(), cells / cells.sum(), size=resamples)[:, : len(WEIGHTS)]
        rli = red_list_index(counts @ WEIGHTS, counts.sum(axis=1))
        lower[row], upper[row] = np.nanpercentile(rli, BOOTSTRAP_BAND)
    return lower, upper


# --------------------------------------------------------------------------------------------
# The multi-group aggregate (BirdLife 2020 code)


@dataclass(frozen=True)
class GroupSeries:
    """One group's assessment years and, per repetition, its RLI in those years."""

    name: str
    years: np.ndarray
    draws: np.ndarray  # (repetitions, len(years))
    species: int


def aggregate_groups(
    tallies: Tallies, *, dd: str, repetitions: int, rng: np.random.Generator, seed: int | None
) -> IndicatorResult:
    """The annual multi-group RLI as BirdLife's 2020 global code computes the SDG 15.5.1 series.

    Per repetition and group: the RLI in each assessment year (DD imputed if dd="impute"),
    linear interpolation between assessments, linear extrapolation with slopes perturbed by
    N(slope, (0.6·|slope|)²) (the coral left slope is the mean of the other groups' left slopes),
    and a ±2-year moving window that keeps a random value of the window. The aggregate is the
    arithmetic mean of the groups; we report its median and 5th/95th percentiles from 10 years
    before the last group's first assessment to the latest assessment year.
    """
    series, skipped = group_series(tallies, dd=dd, repetitions=repetitions, rng=rng)
    first_year = min(int(s.years[0]) for s in series)
    final_year = max(int(s.years[-1]) for s in series)
    grid = np.arange(first_year - WINDOW_HALF_WIDTH, final_year + WINDOW_HALF_WIDTH + 1)
    combined = mean_annual_index(series, grid, rng=rng)
    years = grid[WINDOW_HALF_WIDTH:-WINDOW_HALF_WIDTH]
    start = max(max(int(s.years[0]) for s in series) - REPORTING_LEAD_YEARS, first_year)
    keep = years >= start
    lower, upper = np.percentile(combined[:, keep], IMPUTED_BAND, axis=0)
    frame = pd.DataFrame(
        {"year": years[keep], "value": np.median(combined[:, keep], axis=0), "lower": lower, "upper": upper}
    )
    species = sum(s.species for s in series)
    return IndicatorResult(
        INDICATOR_ID,
        frame,
        counts={"species": species, "data_deficient": tallies.dd_species},
        notes=_aggregate_notes(tallies, series, skipped, dd=dd, repetitions=repetitions, seed=seed),
    )


def group_series(
    tallies: Tallies, *, dd: str, repetitions: int, rng: np.random.Generator
) -> tuple[list[GroupSeries], list[str]]:
    """Each group's RLI draws in its assessment years, ordered so borrowing groups come last.

    Groups with fewer than two years that have an index have no slope and are left out of the
    aggregate (the reference code fails on them); their names are returned for the notes.
    """
    draws = (
        impute_data_deficient(tallies, repetitions=repetitions, rng=rng)
        if dd == "impute"
        else np.broadcast_to(
            red_list_index(tallies.weight_sum, tallies.counted), (repetitions, len(tallies.years))
        )
    )
    valued = ~np.isnan(draws[0])
    series, skipped = [], []
    for name in sorted(pd.unique(tallies.groups), key=lambda g: (_borrows_left_slope(g), g)):
        rows = np.flatnonzero((tallies.groups == name) & valued)
        if len(rows) < 2:
            skipped.append(str(name))
            continue
        species = int(tallies.counted[rows[0]] + (tallies.data_deficient[rows[0]] if dd == "impute" else 0))
        series.append(GroupSeries(str(name), tallies.years[rows], np.asarray(draws[:, rows]), species))
    if not series:
        raise NoDataError(
            f"{INDICATOR_ID}: the aggregate needs at least one group with an index in two or more "
            f"assessment years; groups with fewer: {', '.join(skipped)}"
        )
    return series, skipped


def _borrows_left_slope(group: str) -> bool:
    return str(group).strip().casefold() in BORROWED_LEFT_SLOPE_GROUPS


def mean_annual_index(series: list[GroupSeries], grid: np.ndarray, *, rng: np.random.Generator) -> np.ndarray:
    """(repetitions, years) mean over groups of each group's smoothed annual RLI, on grid[2:-2].

    Groups weigh equally, whatever their number of species; species are never pooled across groups.
    """
    left_slopes: list[np.ndarray] = []
    total = np.zeros((series[0].draws.shape[0], len(grid) - 2 * WINDOW_HALF_WIDTH))
    for group in series:
        own_left = perturbed_slopes(group.draws[:, 0], group.draws[:, 1], group.years[:2], rng=rng)
        if _borrows_left_slope(group.name) and left_slopes:
            left = np.full_like(own_left, np.mean(np.concatenate(left_slopes)))
        else:
            left = own_left
            left_slopes.append(own_left)
        right = perturbed_slopes(group.draws[:, -2], group.draws[:, -1], group.years[-2:], rng=rng)
        extended = extend_series(group.years, group.draws, grid, left_slope=left, right_slope=right)
        total += moving_window(extended, rng=rng)
    return total / len(series)


def perturbed_slopes(
    first: np.ndarray, second: np.ndarray, years: np.ndarray, *, rng: np.random.Generator
) -> np.ndarray:
    """Slope between two assessments, drawn per repetition from N(slope, (0.6·|slope|)²).

    The standard normal deviates are stratified (Latin hypercube): repetition i gets the
    quantile at a uniform point of its own 1/R-wide stratum, in random order. Each repetition
    still draws from N(slope, (0.6·|slope|)²); the percentiles over repetitions just carry much
    less Monte Carlo noise.
    """
    slope = (second - first) / float(years[1] - years[0])
    return slope + SLOPE_CV * np.abs(slope) * stratified_normal(slope.shape[0], rng=rng)


def stratified_normal(size: int, *, rng: np.random.Generator) -> np.ndarray:
    """``size`` standard normal deviates, one from each of ``size`` equiprobable strata, shuffled."""
    return ndtri((rng.permutation(size) + rng.random(size)) / size)


def extend_series(
    years: np.ndarray, draws: np.ndarray, grid: np.ndarray, *, left_slope: np.ndarray, right_slope: np.ndarray
) -> np.ndarray:
    """(repetitions, grid) values: interpolated inside the assessments, extrapolated outside.

    Extrapolated values are clipped to [0, 1], the range of the index.
    """
    out = np.empty((draws.shape[0], len(grid)))
    inside = (grid >= years[0]) & (grid <= years[-1])
    position = np.clip(np.searchsorted(years, grid[inside], side="right") - 1, 0, len(years) - 2)
    fraction = (grid[inside] - years[position]) / (years[position + 1] - years[position])
    out[:, inside] = draws[:, position] * (1.0 - fraction) + draws[:, position + 1] * fraction
    before, after = grid < years[0], grid > years[-1]
    out[:, before] = draws[:, [0]] - left_slope[:, None] * (years[0] - grid[before])[None, :]
    out[:, after] = draws[:, [-1]] - right_slope[:, None] * (years[-1] - grid[after])[None, :]
    out[:, before | after] = np.clip(out[:, before | after], 0.0, 1.0)
    return out


def moving_window(extended: np.ndarray, *, rng: np.random.Generator) -> np.ndarray:
    """Each year takes the value of a year drawn at random from its ±2-year window (BirdLife)."""
    width = 2 * WINDOW_HALF_WIDTH + 1
    years = extended.shape[1] - 2 * WINDOW_HALF_WIDTH
    offsets = rng.integers(0, width, size=(extended.shape[0], years), dtype=np.int32)
    return np.take_along_axis(extended, np.arange(years, dtype=np.int32)[None, :] + offsets, axis=1)


def _aggregate_notes(
    tallies: Tallies,
    series: list[GroupSeries],
    skipped: list[str],
    *,
    dd: str,
    repetitions: int,
    seed: int | None,
) -> tuple[str, ...]:
    groups = "; ".join(f"{s.name} ({', '.join(map(str, s.years))}; {s.species:,} species)" for s in series)
    groups_ko = "; ".join(f"{series_name(s.name, 'ko')} ({', '.join(map(str, s.years))}; {s.species:,}종)" for s in series)
    notes = [
        Note(f"Mean of {len(series)} groups weighted equally: {groups}.",
             f"분류군 {len(series)}개를 같은 가중치로 평균했습니다: {groups_ko}."),
        Note(
            f"value = median, lower/upper = 5th/95th percentiles (a 90 % band) of {repetitions:,} repetitions"
            + (f" (seed {seed})" if seed is not None else " (no seed: results vary slightly between runs)")
            + "; each repetition interpolates each group linearly between assessments, extrapolates with "
            "slopes drawn from N(slope, (0.6·|slope|)²) (stratified draws), clipped to [0, 1], and smooths with a random "
            "±2-year moving window (BirdLife International 2020).",
            f"값은 {repetitions:,}번 반복의 중앙값, 하한/상한은 5·95 백분위수(90 % 구간)입니다"
            + (f" (시드 {seed})" if seed is not None else " (시드 없음: 실행마다 결과가 조금씩 다릅니다)")
            + ". 반복마다 분류군별로 평가 사이를 선형 보간하고, N(기울기, (0.6·|기울기|)²)에서 뽑은 기울기로 외삽해 "
            "[0, 1]로 자른 뒤, 무작위 ±2년 이동창으로 평활합니다 (BirdLife International 2020).",
        ),
        _dd_note(tallies, dd=dd, repetitions=repetitions, per_group=False),
    ]
    borrowing = [s.name for s in series if _borrows_left_slope(s.name)]
    if borrowing and len(borrowing) < len(series):
        notes.append(Note(
            f"{', '.join(borrowing)}: the backward slope is the mean of the other groups' backward slopes, "
            "not its own first interval (the 1998 coral bleaching).",
            f"{_korean(borrowing)}: 과거 방향 기울기는 자기 첫 구간(1998년 산호 백화)이 아니라 "
            "다른 분류군들의 과거 방향 기울기 평균을 씁니다.",
        ))
    if skipped:
        notes.append(Note(
            f"Left out of the aggregate (fewer than two assessments with an index): {', '.join(skipped)}.",
            f"지수가 있는 평가가 두 번 미만이라 종합 지수에서 뺀 분류군: {_korean(skipped)}.",
        ))
    return tuple(notes)


# --------------------------------------------------------------------------------------------
# Back-casting


def backcast_categories(
    latest: pd.DataFrame, genuine_changes: pd.DataFrame, assessment_years: pd.DataFrame
) -> pd.DataFrame:
    """Every species' category in every assessment year of its group, from today's categories.

    Only genuine changes may move the index; every other difference between assessments is
    rewritten with today's knowledge (Butchart et al. 2007; method notes §2.2). Walking the
    group's assessment years from newest to oldest, a species keeps the category of the next
    assessment, except where a genuine change starts in that year: then it takes `cat_start`.
    A change whose `start_year` falls between two assessments belongs to the interval that holds
    it. Returns columns taxon_id, taxonomic_group, year, category.

    Inputs (the BirdLife convention): `latest` has sis_taxon_id, taxonomic_group, latest_year,
    latest_category; `genuine_changes` has sis_taxon_id, taxonomic_group, start_year, end_year,
    cat_start, cat_end; `assessment_years` has taxonomic_group, year.
    """
    require_columns(
        latest, ("sis_taxon_id", "taxonomic_group", "latest_year", "latest_category"), name="latest"
    )
    require_columns(
        genuine_changes,
        ("sis_taxon_id", "taxonomic_group", "start_year", "end_year", "cat_start", "cat_end"),
        name="genuine_changes",
    )
    require_columns(assessment_years, ("taxonomic_group", "year"), name="assessment_years")
    years = (
        assessment_years[["taxonomic_group", "year"]]
        .drop_duplicates()
        .sort_values(["taxonomic_group", "year"])
    )
    species = _latest_categories(latest, years)
    changes = _changes_by_interval(genuine_changes, species, years)
    grid = species[["sis_taxon_id", "taxonomic_group"]].merge(years, on="taxonomic_group")
    grid = grid.merge(
        species[["sis_taxon_id", "taxonomic_group", "latest_year", "latest_category"]].rename(
            columns={"latest_year": "year", "latest_category": "known"}
        ),
        on=["sis_taxon_id", "taxonomic_group", "year"],
        how="left",
    )
    grid = grid.merge(changes, on=["sis_taxon_id", "taxonomic_group", "year"], how="left")
    grid["known"] = grid["known"].fillna(grid.pop("cat_start"))
    grid = grid.sort_values(["taxonomic_group", "sis_taxon_id", "year"], kind="stable", ignore_index=True)
    # Newest to oldest: an unknown year takes the category of the next assessment year.
    grid["category"] = grid.groupby(["taxonomic_group", "sis_taxon_id"], sort=False)["known"].bfill()
    return grid.rename(columns={"sis_taxon_id": "taxon_id"})[
        ["taxon_id", "taxonomic_group", "year", "category"]
    ]


def _latest_categories(latest: pd.DataFrame, years: pd.DataFrame) -> pd.DataFrame:
    species = latest.copy()
    species["latest_category"] = normalise_categories(
        species["latest_category"], column="latest_category", frame_name="latest"
    ).to_numpy()
    duplicated = species.duplicated(["sis_taxon_id", "taxonomic_group"], keep=False).to_numpy()
    if duplicated.any():
        raise InputContractError(
            f"input 'latest': a species has more than one latest category, rows {_row_list(species.index[duplicated])}"
        )
    last_year = years.groupby("taxonomic_group")["year"].max()
    expected = species["taxonomic_group"].map(last_year)
    unknown_group = expected.isna().to_numpy()
    if unknown_group.any():
        groups = ", ".join(map(str, pd.unique(species.loc[unknown_group, "taxonomic_group"])))
        raise InputContractError(
            f"input 'assessment_years' has no years for group(s) {groups} "
            f"(input 'latest', rows {_row_list(species.index[unknown_group])})"
        )
    stale = (species["latest_year"] != expected).to_numpy()
    if stale.any():
        raise InputContractError(
            "input 'latest': column 'latest_year' must be the group's most recent assessment year; "
            f"rows {_row_list(species.index[stale])} differ (e.g. {species.loc[stale, 'latest_year'].iloc[0]} "
            f"where {species.loc[stale, 'taxonomic_group'].iloc[0]} was last assessed in "
            f"{int(expected[stale].iloc[0])})"
        )
    species["latest_year"] = species["latest_year"].astype(np.int64)
    return species


def _changes_by_interval(changes: pd.DataFrame, species: pd.DataFrame, years: pd.DataFrame) -> pd.DataFrame:
    """One category per species and interval start: the `cat_start` of its earliest change there."""
    frame = changes.copy()
    for column in ("cat_start", "cat_end"):
        frame[column] = normalise_categories(
            frame[column], column=column, frame_name="genuine_changes"
        ).to_numpy()
    known = frame.merge(species[["sis_taxon_id", "taxonomic_group"]], how="left", indicator=True)["_merge"]
    orphan = (known != "both").to_numpy()
    if orphan.any():
        raise InputContractError(
            "input 'genuine_changes': species not in 'latest' (same sis_taxon_id and taxonomic_group), "
            f"rows {_row_list(frame.index[orphan])}"
        )
    frame["year"] = _interval_start(frame, years)
    frame = frame.sort_values(["sis_taxon_id", "taxonomic_group", "year", "start_year"], kind="stable")
    frame = frame.drop_duplicates(["sis_taxon_id", "taxonomic_group", "year"], keep="first")
    return frame[["sis_taxon_id", "taxonomic_group", "year", "cat_start"]]


def _interval_start(changes: pd.DataFrame, years: pd.DataFrame) -> np.ndarray:
    """The assessment year that opens the interval holding each change's start_year.

    Every group here has assessment years: `_latest_categories` checked the groups of `latest`, and
    each change belongs to a species of `latest`.
    """
    starts = np.empty(len(changes), dtype=np.int64)
    bad = np.zeros(len(changes), dtype=bool)
    for group, positions in changes.groupby("taxonomic_group").indices.items():
        group_years = years.loc[years["taxonomic_group"] == group, "year"].to_numpy()
        start = changes["start_year"].to_numpy()[positions]
        slot = np.searchsorted(group_years, start, side="right") - 1
        invalid = (slot < 0) | (slot >= len(group_years) - 1)
        bad[positions] = invalid
        starts[positions] = group_years[np.clip(slot, 0, len(group_years) - 1)]
    if bad.any():
        raise InputContractError(
            "input 'genuine_changes': column 'start_year' must fall in an interval between two assessment "
            f"years of the group; rows {_row_list(changes.index[bad])} do not "
            f"(e.g. {changes.loc[bad, 'start_year'].iloc[0]} for {changes.loc[bad, 'taxonomic_group'].iloc[0]})"
        )
    return starts
