"""Living Planet Index (GBF component indicator A.CT.10), as ZSL's rlpi 0.1.1 computes it.

The LPI is the geometric mean of year-on-year abundance change across vertebrate populations,
chained from 1 in the reference year (Collen et al. 2009; McRae et al. 2017 for the diversity
weights). This module reproduces rlpi (commit bfa3177) step by step, following
``shared/methods/indicators.md`` section 1:

1. each population with at least two counts is modelled on the natural-log scale: a penalised
   thin plate spline chosen by GCV (``mgcv::gam``) when it has six or more counts and passes the
   residual check, else the chain method (log-linear interpolation) or a straight line;
2. annual rates ``log10 N(y) - log10 N(y-1)`` are capped at ±1 and averaged per species, species
   per data file, files per group (optionally weighted), groups (optionally weighted);
3. the index is chained from the mean rates, and years are resampled independently for the
   bootstrap interval.

Where rlpi carries the index forward over a year with no data, the value is kept and the row is
marked ``has_data = False`` so the dashboard can show the gap. Departures from rlpi are listed in
``living_planet_index.meta.yml`` under ``simplifications``.

>>> counts = pd.DataFrame({"file": "demo", "binomial": "Ursus_arctos", "population_id": 1,
...                        "year": [1970, 1972], "value": [100.0, 25.0]})
>>> result = compute({"lpi_populations": counts}, plot_max=1971, model="chain", bootstrap=0)
>>> result.frame["value"].round(6).tolist(), result.frame["has_data"].tolist()
([1.0, 0.5, 0.25], [True, True, True])
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators import libm
from indicators import penalised_regression_spline as spline
from indicators.result import IndicatorResult, InputContractError, NoDataError, Note, require_columns

INDICATOR_ID = "living_planet_index"
INPUTS: tuple[str, ...] = ("lpi_populations", "lpi_files")
POPULATION_COLUMNS: tuple[str, ...] = ("file", "binomial", "population_id", "year", "value")
FILE_COLUMNS: tuple[str, ...] = ("file", "group", "weighting", "weighting_b")
MODELS: tuple[str, ...] = ("gam", "chain", "loglinear")
SHORT_MODELS: tuple[str, ...] = ("chain", "loglinear")

# rlpi 0.1.1 defaults (LPIMain / CalcLPI); see shared/methods/indicators.md section 1.
DATA_LENGTH_MIN = 2  # populations need at least two counts
AVG_TIME_BETWEEN_PTS_MAX = 100  # (last - first year) / number of counts must stay below this
GAM_MIN_BASIS = 3  # a GAM is tried only when k = round(n / 2) >= 3, i.e. n >= 6
CHECK_GAMMA = 1.4  # residual check: gam(resid ~ s(year, k = n, bs = "cs"), gamma = 1.4)
CHECK_EDF_TOLERANCE = 0.01  # accept the GAM when |sum(edf) - 1| < 0.01
LAMBDA_MIN, LAMBDA_MAX = -1.0, 1.0  # annual log10 rates are capped (or, legacy, dropped) outside
ZERO_OFFSET_SHARE = 0.01  # series with zeros get 1 % of the mean non-zero count added to every value
ALL_ZERO_OFFSET = 1e-17  # offset of a series of zeros only
LEGACY_SENTINEL = -1.0  # without capping, species rates of exactly -1 are dropped (old missing code)
CI_QUANTILES = (0.025, 0.975)
BOOTSTRAP_CHUNK = 25  # replicates drawn at once (bounds memory)
SINGLE_FILE = "all populations"


@dataclass(frozen=True)
class Populations:
    """Observations sorted by population then year, with one entry per population in ``pop_*``."""

    years: np.ndarray  # (obs,) int
    values: np.ndarray  # (obs,) float, zero offset applied
    starts: np.ndarray  # (pops,) first observation of each population
    lengths: np.ndarray  # (pops,)
    file_code: np.ndarray  # (pops,)
    species_code: np.ndarray  # (pops,) unique across files
    ids: np.ndarray  # (pops,) population_id as given
    binomials: np.ndarray  # (pops,)


@dataclass(frozen=True)
class Series:
    """Modelled abundance on each population's integer years (first..last)."""

    pop: np.ndarray  # (cells,) population index
    years: np.ndarray  # (cells,)
    values: np.ndarray  # (cells,) abundance, or log10 abundance after to_log10()


@dataclass(frozen=True)
class Design:
    """File/group layout: group position of each file and the two levels of weights."""

    files: tuple[str, ...]
    group_of_file: np.ndarray  # (files,) int position
    file_weight: np.ndarray  # (files,) normalised within group (used only with use_weightings)
    group_weight: np.ndarray  # (groups,) as given (used only with use_weightings_b)

    @property
    def n_groups(self) -> int:
        return int(self.group_weight.shape[0])


# --------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------


def validate_populations(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Check the population frame and drop missing counts; names the rows that break the contract."""
    require_columns(frame, POPULATION_COLUMNS, name="lpi_populations")
    notes: list[str] = []
    counts = frame.loc[:, list(POPULATION_COLUMNS)].reset_index(drop=True)
    years = pd.to_numeric(counts["year"], errors="coerce")
    bad_year = years.isna() | (years != np.floor(years))
    if bad_year.any():
        rows = counts.index[bad_year][:5].tolist()
        raise InputContractError(f"lpi_populations: column 'year' must hold whole years; rows {rows} do not")
    values = pd.to_numeric(counts["value"], errors="coerce")
    bad_value = counts["value"].notna() & values.isna()
    if bad_value.any():
        rows = counts.index[bad_value][:5].tolist()
        raise InputContractError(f"lpi_populations: column 'value' must be numeric; rows {rows} are not")
    negative = values < 0
    if negative.any() or np.isinf(values).any():
        rows = counts.index[negative | np.isinf(values)][:5].tolist()
        raise InputContractError(f"lpi_populations: counts must be finite and >= 0; rows {rows} are not")
    counts["year"] = years.astype(np.int64)
    counts["value"] = values.astype(float)
    missing = counts["value"].isna()
    if missing.any():
        notes.append(Note(f"{int(missing.sum()):,} rows without a count were ignored.",
                          f"개체 수가 없는 {int(missing.sum()):,}개 행은 무시했습니다."))
        counts = counts.loc[~missing].reset_index(drop=True)
    duplicated = counts.duplicated(["file", "population_id", "year"], keep=False)
    if duplicated.any():
        sample = counts.loc[duplicated, ["file", "population_id", "year"]].head(5).to_dict("records")
        raise InputContractError(f"lpi_populations: a population has two counts in one year, e.g. {sample}")
    species_per_pop = counts.groupby(["file", "population_id"], sort=False)["binomial"].nunique()
    if (species_per_pop > 1).any():
        sample = species_per_pop[species_per_pop > 1].index[:5].tolist()
        raise InputContractError(f"lpi_populations: population ids used for two species: {sample}")
    return counts, notes


def build_design(
    files: pd.DataFrame | None, population_files: pd.Series, *, use_weightings_b: bool
) -> tuple[Design, pd.Series, list[str]]:
    """Files, groups and weights; with no file table every population is in one file of weight 1."""
    notes: list[str] = []
    if files is None or files.empty:
        design = Design((SINGLE_FILE,), np.zeros(1, dtype=int), np.ones(1), np.ones(1))
        return design, pd.Series(SINGLE_FILE, index=population_files.index), notes
    require_columns(files, ("file", "group", "weighting"), name="lpi_files")
    table = files.reset_index(drop=True)
    if table["file"].duplicated().any():
        raise InputContractError(
            f"lpi_files: files listed twice: {table.loc[table['file'].duplicated(), 'file'].tolist()}"
        )
    unknown = sorted(set(population_files.unique()) - set(table["file"]))
    if unknown:
        raise InputContractError(f"lpi_populations: files not listed in lpi_files: {unknown[:5]}")
    empty = sorted(set(table["file"]) - set(population_files.unique()))
    if empty:
        notes.append(Note(f"Files without populations contribute no data: {', '.join(map(str, empty))}.",
                          f"개체군이 없는 파일은 자료를 보태지 않습니다: {', '.join(map(str, empty))}."))
    group_labels = pd.unique(table["group"])
    group_of_file = pd.Categorical(table["group"], categories=group_labels).codes.astype(int)
    weighting = pd.to_numeric(table["weighting"], errors="coerce").to_numpy(dtype=float)
    if np.isnan(weighting).any() or (weighting < 0).any():
        raise InputContractError("lpi_files: column 'weighting' must hold non-negative numbers")
    totals = np.bincount(group_of_file, weights=weighting, minlength=len(group_labels))
    with np.errstate(invalid="ignore", divide="ignore"):
        file_weight = weighting / totals[group_of_file]
    group_weight = _group_weights(table, group_of_file, len(group_labels), required=use_weightings_b)
    design = Design(tuple(table["file"]), group_of_file, file_weight, group_weight)
    return design, population_files, notes


def _group_weights(
    table: pd.DataFrame, group_of_file: np.ndarray, n_groups: int, *, required: bool
) -> np.ndarray:
    """WeightingB per group (not normalised, as in rlpi); it must agree across a group's files."""
    if "weighting_b" not in table.columns:
        if required:
            raise InputContractError("lpi_files: use_weightings_b needs column 'weighting_b'")
        return np.ones(n_groups)
    values = pd.to_numeric(table["weighting_b"], errors="coerce").to_numpy(dtype=float)
    weights = np.full(n_groups, np.nan)
    for g in range(n_groups):
        own = values[group_of_file == g]
        if np.isnan(own).all():
            continue
        if np.nanmax(own) != np.nanmin(own) or np.isnan(own).any():
            raise InputContractError(
                f"lpi_files: weighting_b differs between the files of group {table['group'][group_of_file == g].iloc[0]!r}"
            )
        weights[g] = own[0]
    if required and np.isnan(weights).any():
        raise InputContractError("lpi_files: use_weightings_b needs weighting_b for every group")
    return weights


def arrange_populations(counts: pd.DataFrame, file_of_row: pd.Series, design: Design) -> Populations:
    """Order observations as rlpi visits them: file, species and population by first appearance."""
    file_code = pd.Categorical(file_of_row, categories=list(design.files)).codes
    frame = pd.DataFrame(
        {
            "file": file_code,
            "binomial": counts["binomial"].to_numpy(),
            "pid": counts["population_id"].to_numpy(),
            "source": counts["file"].to_numpy(),
            "year": counts["year"].to_numpy(),
            "value": counts["value"].to_numpy(),
            "row": np.arange(len(counts)),
        }
    )
    frame["species"] = frame.groupby(["file", "binomial"], sort=False).ngroup()
    species_first = frame.groupby("species")["row"].transform("min")
    frame["pop"] = frame.groupby(["source", "pid"], sort=False).ngroup()
    pop_first = frame.groupby("pop")["row"].transform("min")
    frame = frame.assign(species_first=species_first, pop_first=pop_first)
    frame = frame.sort_values(["file", "species_first", "pop_first", "year"], kind="stable")
    frame["pop"] = frame.groupby(["file", "species_first", "pop_first"], sort=False).ngroup()
    boundaries = np.flatnonzero(np.r_[True, np.diff(frame["pop"].to_numpy()) != 0])
    lengths = np.diff(np.r_[boundaries, len(frame)])
    first = frame.iloc[boundaries]
    species_code = pd.factorize(first["species_first"].to_numpy())[0]
    return Populations(
        years=frame["year"].to_numpy(dtype=np.int64),
        values=frame["value"].to_numpy(dtype=float),
        starts=boundaries,
        lengths=lengths,
        file_code=first["file"].to_numpy(dtype=int),
        species_code=species_code,
        ids=first["pid"].to_numpy(),
        binomials=first["binomial"].to_numpy(),
    )


# --------------------------------------------------------------------------------------------
# Population models
# --------------------------------------------------------------------------------------------


def offset_zero_counts(values: np.ndarray) -> np.ndarray:
    """rlpi ZERO_REPLACE_FLAG = 1: if a series has a zero, add 1 % of its mean non-zero count to every value."""
    if not (values == 0).any():
        return values
    if spline.r_mean(values) == 0:
        return values + ALL_ZERO_OFFSET
    return values + spline.r_mean(values[values != 0]) * ZERO_OFFSET_SHARE


def is_constant(values: np.ndarray) -> bool:
    """rlpi's test ``mean(PopN) == PopN[1]`` (after sorting by year): such series skip the GAM."""
    return spline.r_mean(values) == values[0]


def constant_series(values: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """:func:`is_constant` for every population at once (long-double segment means, as R's mean)."""
    x = values.astype(np.longdouble)
    owner = np.repeat(np.arange(starts.shape[0]), lengths)
    mean = np.add.reduceat(x, starts) / lengths
    mean = mean + np.add.reduceat(x - mean[owner], starts) / lengths
    return mean.astype(float) == values[starts]


def chain_interpolate(populations: Populations, pops: np.ndarray) -> Series:
    """Chain method: observed years keep their value, gaps get ``N(a) (N(b)/N(a))^((y-a)/(b-a))``."""
    cells = _grid(populations, pops)
    keys_obs, values_obs = _observation_keys(populations, pops)
    keys = cells.pop.astype(np.int64) * 100_000 + cells.years
    at = np.searchsorted(keys_obs, keys, side="right") - 1
    exact = keys_obs[at] == keys
    nxt = np.minimum(at + 1, len(keys_obs) - 1)
    start_year = keys_obs[at] % 100_000
    end_year = keys_obs[nxt] % 100_000
    start, end = values_obs[at], values_obs[nxt]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        gap = start * libm.power(end / start, (cells.years - start_year) / (end_year - start_year))
    natural = np.where(exact, start, gap)
    return Series(cells.pop, cells.years, natural)


def loglinear_fit(populations: Populations, pops: np.ndarray) -> Series:
    """``lm(log(N) ~ year)`` predicted on every year from first to last (rlpi LINEAR_MODEL_SHORT_FLAG)."""
    cells = _grid(populations, pops)
    index = _observation_index(populations, pops)
    owner = np.repeat(np.arange(len(pops)), populations.lengths[pops])
    x = populations.years[index].astype(float)
    y = libm.log(populations.values[index])
    n = populations.lengths[pops].astype(float)
    x_mean = np.bincount(owner, weights=x) / n
    y_mean = np.bincount(owner, weights=y) / n
    dx = x - x_mean[owner]
    slope = np.bincount(owner, weights=dx * (y - y_mean[owner])) / np.bincount(owner, weights=dx * dx)
    local = np.searchsorted(pops, cells.pop)
    predicted = y_mean[local] + slope[local] * (cells.years - x_mean[local])
    return Series(cells.pop, cells.years, libm.exp(predicted))


@dataclass(frozen=True)
class GamOutcome:
    """Populations whose GAM passed the residual check, with their smoothed series."""

    accepted: np.ndarray  # population indices
    rejected: np.ndarray
    series: Series


def gam_smooth(populations: Populations, pops: np.ndarray) -> GamOutcome:
    """``gam(log N ~ s(year, k = round(n/2)))`` per population, kept when the residual GAM is flat."""
    if pops.size == 0:
        return GamOutcome(np.empty(0, dtype=int), np.empty(0, dtype=int), _concat_series([]))
    designs: dict[tuple[float, ...], list[int]] = {}
    for p in pops:
        s, n = populations.starts[p], populations.lengths[p]
        designs.setdefault(tuple(populations.years[s : s + n].astype(float)), []).append(int(p))
    keys = list(designs)
    members = [np.array(designs[key]) for key in keys]
    responses = [
        libm.log(
            np.vstack(
                [
                    populations.values[populations.starts[p] : populations.starts[p] + populations.lengths[p]]
                    for p in m
                ]
            )
        )
        for m in members
    ]
    main_designs = spline.tprs_designs(
        [np.array(key) for key in keys], [spline.r_round(len(key) / 2) for key in keys]
    )
    main = spline.fit_gcv_batch(main_designs, responses)
    residuals = [
        y - f.coefficients @ d.model_matrix.T for y, d, f in zip(responses, main_designs, main, strict=True)
    ]
    check_designs = spline.cs_designs([np.array(key) for key in keys])
    check = spline.fit_gcv_batch(check_designs, residuals, gamma=CHECK_GAMMA)
    accepted, rejected, pieces = [], [], []
    for m, key, d, fit, checked in zip(members, keys, main_designs, main, check, strict=True):
        ok = np.abs(checked.edf - 1) < CHECK_EDF_TOLERANCE
        coef = fit.coefficients
        rejected.extend(m[~ok].tolist())
        if not ok.any():
            continue
        grid = np.arange(key[0], key[-1] + 1)
        predicted = libm.exp(d.cached_predict_matrix(grid) @ coef[ok].T)  # (years, accepted pops)
        for j, p in enumerate(m[ok]):
            accepted.append(int(p))
            pieces.append((np.full(grid.shape[0], p), grid.astype(np.int64), predicted[:, j]))
    series = _concat_series(pieces)
    return GamOutcome(np.array(accepted, dtype=int), np.array(rejected, dtype=int), series)


def _grid(populations: Populations, pops: np.ndarray) -> Series:
    """Every integer year from first to last count of each population (value slot left empty)."""
    first = populations.years[populations.starts[pops]]
    last = populations.years[populations.starts[pops] + populations.lengths[pops] - 1]
    spans = last - first + 1
    owner = np.repeat(pops, spans)
    offsets = np.arange(spans.sum()) - np.repeat(np.cumsum(spans) - spans, spans)
    return Series(owner, np.repeat(first, spans) + offsets, np.empty(0))


def _observation_index(populations: Populations, pops: np.ndarray) -> np.ndarray:
    lengths = populations.lengths[pops]
    return np.repeat(populations.starts[pops], lengths) + (
        np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    )


def _observation_keys(populations: Populations, pops: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    index = _observation_index(populations, pops)
    owner = np.repeat(pops, populations.lengths[pops])
    return owner.astype(np.int64) * 100_000 + populations.years[index], populations.values[index]


def _concat_series(pieces: list[tuple[np.ndarray, np.ndarray, np.ndarray]]) -> Series:
    if not pieces:
        return Series(np.empty(0, dtype=int), np.empty(0, dtype=np.int64), np.empty(0))
    pop, years, values = (np.concatenate(part) for part in zip(*pieces, strict=True))
    return Series(pop, years, values)


def to_log10(series: Series) -> Series:
    """rlpi after modelling: fix exact zeros (1 % of the mean positive value), then log10."""
    values = series.values.copy()
    zero = values == 0
    if zero.any():
        for p in np.unique(series.pop[zero]):
            own = series.pop == p
            positive = own & (values > 0)
            if positive.any():
                values[own] += spline.r_mean(values[positive]) * ZERO_OFFSET_SHARE
    with np.errstate(divide="ignore"):
        logs = np.where(values == 0, np.nan, libm.log10(values))
    return Series(series.pop, series.years, logs)


# --------------------------------------------------------------------------------------------
# Rates and aggregation
# --------------------------------------------------------------------------------------------


def population_rates(series: Series, ref_year: int, last_year: int) -> pd.DataFrame:
    """Annual log10 change of each population for years ref_year+1 .. last_year."""
    order = np.lexsort((series.years, series.pop))
    pop, years, logs = series.pop[order], series.years[order], series.values[order]
    same = np.r_[False, pop[1:] == pop[:-1]]
    prev_year_ok = np.r_[False, years[:-1] >= ref_year]
    keep = same & prev_year_ok & (years > ref_year) & (years <= last_year)
    with np.errstate(invalid="ignore"):  # inf - inf after overflow: no rate, as NA in rlpi
        rate = logs - np.r_[np.nan, logs[:-1]]
    keep &= ~np.isnan(rate)
    return pd.DataFrame({"pop": pop[keep], "year": years[keep], "rate": rate[keep]})


def species_rates(rates: pd.DataFrame, populations: Populations, *, cap_lambdas: bool) -> pd.DataFrame:
    """Mean population rate per species and year; rates beyond ±1 are capped (or dropped, legacy)."""
    species = populations.species_code[rates["pop"].to_numpy()]
    rate = rates["rate"].to_numpy()
    if cap_lambdas:
        used = np.ones(rate.shape[0], dtype=bool)
        rate = np.clip(rate, LAMBDA_MIN, LAMBDA_MAX)
    else:
        used = (rate >= LAMBDA_MIN) & (rate <= LAMBDA_MAX)
    frame = pd.DataFrame({"species": species, "year": rates["year"].to_numpy(), "rate": rate, "used": used})
    frame = frame.loc[frame["used"]]
    table = frame.groupby(["species", "year"], sort=True)["rate"].mean().reset_index()
    first_pop = np.zeros(populations.species_code.max() + 1, dtype=int)
    first_pop[populations.species_code[::-1]] = np.arange(len(populations.species_code))[::-1]
    table["file"] = populations.file_code[first_pop[table["species"].to_numpy()]]
    return table


def file_rates(species: pd.DataFrame, n_files: int, years: np.ndarray, *, cap_lambdas: bool) -> np.ndarray:
    """Mean species rate per file and year (NaN where a file has none): rlpi's DTemp."""
    table = species if cap_lambdas else species.loc[species["rate"] != LEGACY_SENTINEL]
    out = np.full((n_files, years.shape[0]), np.nan)
    if table.empty:
        return out
    col = table["year"].to_numpy() - years[0]
    inside = (col >= 0) & (col < years.shape[0])
    f, c, r = table["file"].to_numpy()[inside], col[inside], table["rate"].to_numpy()[inside]
    sums = np.zeros_like(out)
    counts = np.zeros_like(out)
    np.add.at(sums, (f, c), r)
    np.add.at(counts, (f, c), 1)
    np.divide(sums, counts, out=out, where=counts > 0)
    return out


def chain_index(
    rates: np.ndarray,
    design: Design,
    *,
    use_weightings: bool,
    use_weightings_b: bool,
    empty_group_as_zero: bool,
) -> tuple[np.ndarray, np.ndarray]:
    """rlpi ``calculate_index`` (and, with ``empty_group_as_zero``, ``bootstrap_lpi``) on file rates.

    ``rates`` is (..., files, years) with NaN for no data; the first year is the reference year.
    Returns the index and whether each year had data in any group.
    """
    has = ~np.isnan(rates)
    weights = design.file_weight if use_weightings else np.ones(len(design.files))
    contribution = np.where(has, rates * weights[:, None], 0.0)
    group_sum = np.zeros((*rates.shape[:-2], design.n_groups, rates.shape[-1]))
    group_n = np.zeros_like(group_sum)
    for f, g in enumerate(design.group_of_file):
        group_sum[..., g, :] += contribution[..., f, :]
        group_n[..., g, :] += has[..., f, :]
    divisor = np.minimum(group_n, 1.0) if use_weightings else group_n
    with np.errstate(invalid="ignore", divide="ignore"):
        group_rate = np.where(group_n > 0, group_sum / divisor, np.nan)
    if empty_group_as_zero:
        group_rate = np.nan_to_num(group_rate, nan=0.0)
    present = ~np.isnan(group_rate)
    total = np.zeros((*rates.shape[:-2], rates.shape[-1]))
    count = np.zeros_like(total)
    for g in range(design.n_groups):
        weight = design.group_weight[g] if use_weightings_b else 1.0
        total += np.where(present[..., g, :], group_rate[..., g, :] * weight, 0.0)
        count += present[..., g, :]
    has_data = count > 0
    if use_weightings_b:
        count = np.ones_like(count)
    with np.errstate(invalid="ignore", divide="ignore"):
        step = np.where(count > 0, libm.power(10.0, total / count), 1.0)
    step[..., 0] = 1.0
    return np.cumprod(step, axis=-1), has_data


def bootstrap_indices(
    species: pd.DataFrame,
    design: Design,
    years: np.ndarray,
    *,
    replicates: int,
    rng: np.random.Generator,
    cap_lambdas: bool,
    use_weightings: bool,
    use_weightings_b: bool,
) -> np.ndarray:
    """rlpi ``bootstrap_lpi``, vectorised: (replicates, years) bootstrap indices.

    Every file and year is resampled independently: n species rates drawn with replacement from
    the n that exist, averaged, then aggregated and chained; a group without data counts as 0.
    """
    table = species.loc[(species["year"] > years[0]) & (species["year"] <= years[-1])]
    table = table.sort_values(["file", "year"], kind="stable")
    cell = table["file"].to_numpy() * years.shape[0] + (table["year"].to_numpy() - years[0])
    starts = np.flatnonzero(np.r_[True, np.diff(cell) != 0]) if cell.size else np.empty(0, dtype=int)
    sizes = np.diff(np.r_[starts, cell.size])
    cell_ids = cell[starts]
    values = table["rate"].to_numpy()
    draws_per_cell = np.repeat(sizes, sizes)
    first_of_draw = np.repeat(starts, sizes)
    indices: list[np.ndarray] = []
    for begin in range(0, replicates, BOOTSTRAP_CHUNK):
        size = min(BOOTSTRAP_CHUNK, replicates - begin)
        rates = np.full((size, len(design.files), years.shape[0]), np.nan)
        if cell.size:
            picks = first_of_draw + np.floor(
                rng.random((size, draws_per_cell.shape[0])) * draws_per_cell
            ).astype(int)
            drawn = values[picks]
            keep = np.ones(drawn.shape) if cap_lambdas else (drawn != LEGACY_SENTINEL).astype(float)
            sums = np.add.reduceat(drawn * keep, starts, axis=1)
            counts = np.add.reduceat(keep, starts, axis=1)
            with np.errstate(invalid="ignore", divide="ignore"):
                means = np.where(counts > 0, sums / counts, np.nan)
            rates.reshape(size, -1)[:, cell_ids] = means
        index, _ = chain_index(
            rates,
            design,
            use_weightings=use_weightings,
            use_weightings_b=use_weightings_b,
            empty_group_as_zero=True,
        )
        indices.append(index)
    return np.concatenate(indices, axis=0)


def bootstrap_interval(boot: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """2.5 % and 97.5 % quantiles per year (R's type 7 = numpy's linear); [1, 1] in the reference year."""
    lower, upper = np.quantile(boot, CI_QUANTILES, axis=0)
    lower[0] = upper[0] = 1.0
    return lower, upper


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------


def _null_space_order_note() -> Note:
    """Say how the GAM residual check decided its one rounding-dependent step (see the spline module)."""
    source = spline.null_space_order_source()
    if source == "system-lapack":
        return Note(
            "GAM residual check: the order of two rounding-level eigenvectors comes from the system LAPACK "
            "(dsyevr), as in R's eigen(); with Debian's reference LAPACK it is the order R gets there.",
            "GAM 잔차 검사: 반올림 수준의 고유벡터 두 개의 순서는 R의 eigen()처럼 시스템 LAPACK(dsyevr)에서 "
            "얻습니다. 데비안 참조 LAPACK에서는 R과 같은 순서입니다.",
        )
    if source == "portable":
        return Note(
            "GAM residual check: no system LAPACK was found, so a portable rule orders two rounding-level "
            "eigenvectors; on the rlpi example data 2 of 2,148 checks then differ from R (index up to 0.5 % off). "
            "Install liblapack3 to match R.",
            "GAM 잔차 검사: 시스템 LAPACK이 없어 반올림 수준의 고유벡터 두 개의 순서를 이식 가능한 규칙으로 "
            "정했습니다. rlpi 예제 자료에서는 2,148개 검사 중 2개가 R과 달라 지수가 최대 0.5 % 달라집니다. "
            "R과 맞추려면 liblapack3을 설치하십시오.",
        )
    return Note(
        "GAM residual check: a custom rule orders two rounding-level eigenvectors.",
        "GAM 잔차 검사: 반올림 수준의 고유벡터 두 개의 순서를 사용자 규칙으로 정했습니다.",
    )


def compute(
    inputs: Mapping[str, pd.DataFrame],
    *,
    ref_year: int = 1970,
    plot_max: int = 2017,
    model: str = "gam",
    short_model: str = "chain",
    cap_lambdas: bool = True,
    use_weightings: bool = False,
    use_weightings_b: bool = False,
    bootstrap: int = 100,
    seed: int | None = None,
) -> IndicatorResult:
    """The LPI for years ``ref_year .. plot_max + 1`` with a bootstrap 95 % interval, as rlpi's LPIMain.

    ``model``: ``gam`` (rlpi's default: GAM for series of 6+ counts that pass the residual check,
    ``short_model`` for the rest), ``chain`` or ``loglinear`` for every population. ``cap_lambdas``
    False is rlpi's legacy rule (rates beyond ±1 dropped, species rates of -1 ignored). Weights:
    ``use_weightings`` normalises ``weighting`` within each group; ``use_weightings_b`` multiplies
    group rates by ``weighting_b`` as given. ``bootstrap`` replicates (0: no interval) drawn from
    ``numpy.random.default_rng(seed)``.

    The frame has ``year, value, lower, upper, has_data``: ``value`` is rlpi's number in every
    year; ``has_data`` is False where no group has a rate for the year and rlpi carries the index
    forward (the reference year, where the index is 1 by definition, is True). Counts are the
    populations that contribute at least one annual rate and their species; populations with a
    single count are skipped and listed in the notes.
    """
    if model not in MODELS:
        raise ValueError(f"model must be one of {MODELS}, not {model!r}")
    if short_model not in SHORT_MODELS:
        raise ValueError(f"short_model must be one of {SHORT_MODELS}, not {short_model!r}")
    if plot_max < ref_year:
        raise ValueError("plot_max must not be before ref_year")
    if "lpi_populations" not in inputs:
        raise InputContractError("input 'lpi_populations' is missing")
    counts, notes = validate_populations(inputs["lpi_populations"])
    if counts.empty:
        raise NoDataError(f"{INDICATOR_ID}: no population counts")
    design, file_of_row, design_notes = build_design(
        inputs.get("lpi_files"), counts["file"], use_weightings_b=use_weightings_b
    )
    notes.extend(design_notes)
    populations = arrange_populations(counts, file_of_row, design)
    years = np.arange(ref_year, plot_max + 2)
    series, model_notes = model_populations(populations, model=model, short_model=short_model)
    notes.extend(model_notes)
    if model == "gam":
        notes.append(_null_space_order_note())
    rates = population_rates(to_log10(series), ref_year, int(years[-1]))
    if rates.empty:
        raise NoDataError(
            f"{INDICATOR_ID}: no population has two modelled years between {ref_year} and {years[-1]}"
        )
    species = species_rates(rates, populations, cap_lambdas=cap_lambdas)
    d_file = file_rates(species, len(design.files), years, cap_lambdas=cap_lambdas)
    index, has_data = chain_index(
        d_file,
        design,
        use_weightings=use_weightings,
        use_weightings_b=use_weightings_b,
        empty_group_as_zero=False,
    )
    has_data[0] = True
    lower = upper = np.full(years.shape[0], np.nan)
    if bootstrap > 0:
        boot = bootstrap_indices(
            species,
            design,
            years,
            replicates=bootstrap,
            rng=np.random.default_rng(seed),
            cap_lambdas=cap_lambdas,
            use_weightings=use_weightings,
            use_weightings_b=use_weightings_b,
        )
        lower, upper = bootstrap_interval(boot)
        notes.append(Note(
            f"95 % interval from {bootstrap:,} bootstrap replicates of the species rates (seed {seed}).",
            f"95 % 구간은 종별 변화율을 {bootstrap:,}번 부트스트랩 재표집해 구했습니다 (시드 {seed}).",
        ))
    notes.extend(_gap_notes(years, has_data))
    used = np.unique(rates["pop"].to_numpy())
    frame = pd.DataFrame(
        {"year": years, "value": index, "lower": lower, "upper": upper, "has_data": has_data}
    )
    return IndicatorResult(
        INDICATOR_ID,
        frame,
        counts={"populations": int(used.size), "species": int(np.unique(populations.binomials[used]).size)},
        notes=tuple(notes),
    )


def model_populations(populations: Populations, *, model: str, short_model: str) -> tuple[Series, list[str]]:
    """Choose and apply each population's model, as rlpi's CalcLPI does; returns natural-scale series."""
    notes: list[str] = []
    n = populations.lengths
    first = populations.years[populations.starts]
    last = populations.years[populations.starts + n - 1]
    usable = (n >= DATA_LENGTH_MIN) & ((last - first) / n < AVG_TIME_BETWEEN_PTS_MAX)
    skipped = np.flatnonzero(~usable)
    if skipped.size:
        listed = ", ".join(f"{populations.binomials[p]} ({populations.ids[p]})" for p in skipped[:10])
        more = f" and {skipped.size - 10} more" if skipped.size > 10 else ""
        more_ko = f" 외 {skipped.size - 10}개" if skipped.size > 10 else ""
        notes.append(
            Note(f"{skipped.size:,} populations with fewer than {DATA_LENGTH_MIN} counts were skipped: {listed}{more}.",
                 f"조사값이 {DATA_LENGTH_MIN}개 미만인 개체군 {skipped.size:,}개를 제외했습니다: {listed}{more_ko}.")
            if (n[skipped] < DATA_LENGTH_MIN).all()
            else Note(f"{skipped.size:,} populations with fewer than {DATA_LENGTH_MIN} counts, or counts more than "
                      f"{AVG_TIME_BETWEEN_PTS_MAX} years apart on average, were skipped: {listed}{more}.",
                      f"조사값이 {DATA_LENGTH_MIN}개 미만이거나 조사 간격이 평균 {AVG_TIME_BETWEEN_PTS_MAX}년을 넘는 "
                      f"개체군 {skipped.size:,}개를 제외했습니다: {listed}{more_ko}.")
        )
    values = populations.values.copy()
    for p in np.flatnonzero(
        usable & np.add.reduceat(populations.values == 0, populations.starts).astype(bool)
    ):
        s = slice(populations.starts[p], populations.starts[p] + n[p])
        values[s] = offset_zero_counts(values[s])
    populations = Populations(
        populations.years,
        values,
        populations.starts,
        populations.lengths,
        populations.file_code,
        populations.species_code,
        populations.ids,
        populations.binomials,
    )
    candidates = np.flatnonzero(usable)
    gam_pops = np.empty(0, dtype=int)
    pieces: list[Series] = []
    if model == "gam":
        k = np.round(n / 2)  # half to even, as R's round()
        constant = constant_series(values, populations.starts, n)[candidates]
        gam_pops = candidates[(~constant) & (k[candidates] >= GAM_MIN_BASIS)]
        outcome = gam_smooth(populations, gam_pops)
        pieces.append(outcome.series)
        rest = np.setdiff1d(candidates, outcome.accepted)
        notes.append(Note(
            f"GAM: {outcome.accepted.size:,} of {gam_pops.size:,} populations with six or more counts passed the "
            f"residual check; {outcome.rejected.size:,} were rejected and, with {rest.size - outcome.rejected.size:,} "
            f"shorter or constant series, modelled by the {short_model} method.",
            f"GAM: 조사값이 6개 이상인 개체군 {gam_pops.size:,}개 중 {outcome.accepted.size:,}개가 잔차 검정을 통과했습니다. "
            f"탈락한 {outcome.rejected.size:,}개는 더 짧거나 값이 일정한 {rest.size - outcome.rejected.size:,}개 계열과 함께 "
            f"{short_model} 방법으로 모형화했습니다.",
        ))
        short = short_model
    else:
        rest = candidates
        short = model
    pieces.append(
        chain_interpolate(populations, rest) if short == "chain" else loglinear_fit(populations, rest)
    )
    merged = Series(
        *(np.concatenate(part) for part in zip(*((s.pop, s.years, s.values) for s in pieces), strict=True))
    )
    return merged, notes


def _gap_notes(years: np.ndarray, has_data: np.ndarray) -> list[str]:
    missing = years[~has_data]
    if missing.size == 0:
        return []
    runs = np.split(missing, np.flatnonzero(np.diff(missing) != 1) + 1)
    spans = ", ".join(f"{r[0]}" if r.size == 1 else f"{r[0]}–{r[-1]}" for r in runs)
    return [Note(f"No population data in {spans}: the index is carried forward there (has_data is False).",
                 f"{spans}에는 개체군 자료가 없어 지수를 앞 연도 값으로 이어 갑니다 (has_data = False).")]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Command-line options; their dest names are compute()'s keyword names."""
    parser.add_argument(
        "--ref-year", dest="ref_year", type=int, default=1970, help="year where the index is 1"
    )
    parser.add_argument(
        "--plot-max",
        dest="plot_max",
        type=int,
        default=2017,
        help="last plotted year (the index runs to plot-max + 1)",
    )
    parser.add_argument(
        "--model",
        choices=MODELS,
        default="gam",
        help="population model: GAM (rlpi default), chain or log-linear for all",
    )
    parser.add_argument(
        "--short-model",
        dest="short_model",
        choices=SHORT_MODELS,
        default="chain",
        help="model for short or rejected series when --model gam",
    )
    parser.add_argument(
        "--no-cap",
        dest="cap_lambdas",
        action="store_false",
        help="drop annual rates beyond ±1 instead of capping them (legacy rlpi)",
    )
    parser.add_argument(
        "--use-weightings",
        dest="use_weightings",
        action="store_true",
        help="weight files within a group by 'weighting'",
    )
    parser.add_argument(
        "--use-weightings-b",
        dest="use_weightings_b",
        action="store_true",
        help="weight groups by 'weighting_b'",
    )
    parser.add_argument(
        "--bootstrap", type=int, default=100, help="bootstrap replicates for the 95 %% interval (0: none)"
    )
    parser.add_argument("--seed", type=int, default=None, help="random seed for the bootstrap")
