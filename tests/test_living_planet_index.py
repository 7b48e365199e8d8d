"""Living Planet Index: hand-worked cases, rlpi edge cases, properties, and rlpi 0.1.1 reference values.

Reference values (tests/fixtures/living_planet_index/, see the README there) were computed with R
4.2.2 + mgcv 1.8-41 running rlpi 0.1.1's logic. Real-data tests read shared/realdata/lpi_rlpi_example
and are skipped when it is absent (failed in CI).
"""

from __future__ import annotations

import argparse
import inspect
import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data_access.lpi_files import LpiFileError, read_infile, read_lpd_csv, read_population_file
from indicators import living_planet_index as lpi
from indicators import penalised_regression_spline as spline
from indicators.metadata import load_metadata
from indicators.result import InputContractError, NoDataError
from indicators.system_lapack import eigen_symmetric, system_lapack_available

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "living_planet_index"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
EXAMPLE = SHARED / "realdata" / "lpi_rlpi_example"
REFERENCE = pd.read_csv(FIXTURES / "rlpi_reference_index.csv")
BOOTSTRAP_REFERENCE = pd.read_csv(FIXTURES / "rlpi_reference_bootstrap.csv")
LOG2 = np.log10(2.0)



def counts_frame(rows: list[tuple], file: str = "f1") -> pd.DataFrame:
    """Populations from (binomial, population_id, year, value) tuples."""
    frame = pd.DataFrame(rows, columns=["binomial", "population_id", "year", "value"])
    frame.insert(0, "file", file)
    return frame


def run(rows: list[tuple], **options: object) -> pd.DataFrame:
    options = {"model": "chain", "bootstrap": 0, **options}
    return lpi.compute({"lpi_populations": counts_frame(rows)}, **options).frame.set_index("year")


def reference(case: str) -> np.ndarray:
    return REFERENCE.loc[REFERENCE["case"] == case, "value"].to_numpy()


def max_relative_difference(result: pd.DataFrame, case: str) -> float:
    return float(np.max(np.abs(result["value"].to_numpy() / reference(case) - 1)))


# ----------------------------------------------------------------------------------------------
# Hand-worked cases
# ----------------------------------------------------------------------------------------------

CHAIN_TABLE = [
    # species A: 100 -> 25 over two years; the missing 1971 is the geometric midpoint, 50
    ("Species_a", 1, 1970, 100.0),
    ("Species_a", 1, 1972, 25.0),
    # species B, two populations covering different spans
    ("Species_b", 2, 1971, 10.0),
    ("Species_b", 2, 1972, 20.0),
    ("Species_b", 2, 1973, 40.0),
    ("Species_b", 3, 1972, 8.0),
    ("Species_b", 3, 1973, 8.0),
]


def test_chain_index_by_hand() -> None:
    frame = run(CHAIN_TABLE, plot_max=1974)
    # 1971: A only, log10(50/100); 1972: A (-log10 2) and B (+log10 2) cancel;
    # 1973: B = mean(population 2: +log10 2, population 3: 0) -> index 0.5 * 10^(log10(2)/2)
    expected = [1.0, 0.5, 0.5, 0.5 * np.sqrt(2), 0.5 * np.sqrt(2), 0.5 * np.sqrt(2)]
    assert np.allclose(frame["value"], expected, rtol=1e-12)
    assert list(frame.index) == [1970, 1971, 1972, 1973, 1974, 1975]
    assert frame["has_data"].tolist() == [True, True, True, True, False, False]
    assert frame[["lower", "upper"]].isna().all().all()


def test_loglinear_index_by_hand() -> None:
    rows = [("Species_a", 1, 1970, 1.0), ("Species_a", 1, 1971, 4.0), ("Species_a", 1, 1972, 2.0)]
    # lm(log N ~ year): slope log(2)/2 per year, so each year multiplies by sqrt(2)
    loglinear = run(rows, model="loglinear", plot_max=1971)
    assert np.allclose(loglinear["value"], [1.0, np.sqrt(2), 2.0], rtol=1e-12)
    chain = run(rows, model="chain", plot_max=1971)
    assert np.allclose(chain["value"], [1.0, 4.0, 2.0], rtol=1e-12)


def test_result_shape_and_counts() -> None:
    result = lpi.compute({"lpi_populations": counts_frame(CHAIN_TABLE)}, model="chain", bootstrap=0)
    assert list(result.frame.columns) == ["year", "value", "lower", "upper", "has_data"]
    assert result.frame["year"].tolist() == list(range(1970, 2019))
    assert result.frame["has_data"].dtype == bool
    assert dict(result.counts) == {"populations": 3, "species": 2}
    assert result.indicator_id == "living_planet_index"


def test_weightings_within_and_between_groups() -> None:
    populations = pd.concat(
        [
            counts_frame([("Sp_a", 1, 1970, 1.0), ("Sp_a", 1, 1971, 2.0)], file="f1"),  # +log10 2
            counts_frame([("Sp_b", 2, 1970, 5.0), ("Sp_b", 2, 1971, 5.0), ("Sp_b", 2, 1972, 5.0)], file="f2"),
            counts_frame([("Sp_c", 3, 1970, 2.0), ("Sp_c", 3, 1971, 1.0)], file="f3"),  # -log10 2
        ]
    )
    files = pd.DataFrame(
        {
            "file": ["f1", "f2", "f3"],
            "group": [1, 1, 2],
            "weighting": [3.0, 1.0, 5.0],
            "weighting_b": [0.8, 0.8, 0.2],
        }
    )
    inputs = {"lpi_populations": populations, "lpi_files": files}

    def index(**options: bool) -> np.ndarray:
        frame = lpi.compute(inputs, model="chain", bootstrap=0, plot_max=1971, **options).frame
        return frame["value"].to_numpy()

    # unweighted: group 1 = mean(+, 0), group 2 = -, overall mean of the groups
    assert index()[1] == pytest.approx(10 ** ((LOG2 / 2 - LOG2) / 2))
    # within-group weights normalised per group: 3/4 and 1/4
    assert index(use_weightings=True)[1] == pytest.approx(10 ** ((0.75 * LOG2 - LOG2) / 2))
    # group weights as given (not normalised): 0.8 and 0.2 summed
    both = index(use_weightings=True, use_weightings_b=True)
    assert both[1] == pytest.approx(10 ** (0.8 * 0.75 * LOG2 - 0.2 * LOG2))
    # 1972: only f2 has a rate (0); its weight 1/4 is not renormalised, and group 2 has no data
    assert both[2] == pytest.approx(both[1])


def test_without_a_file_table_everything_is_one_file() -> None:
    populations = pd.concat(
        [
            counts_frame([("Sp_a", 1, 1970, 1.0), ("Sp_a", 1, 1971, 2.0)], file="f1"),
            counts_frame([("Sp_a", 1, 1970, 2.0), ("Sp_a", 1, 1971, 2.0)], file="f2"),
        ]
    )
    frame = lpi.compute(
        {"lpi_populations": populations, "lpi_files": pd.DataFrame()}, model="chain", bootstrap=0
    ).frame
    # one species (same binomial) with two populations (same id, different files): rate = mean(log10 2, 0)
    assert frame["value"].iloc[1] == pytest.approx(10 ** (LOG2 / 2))


# ----------------------------------------------------------------------------------------------
# Edge cases (shared/methods/indicators.md section 1.8)
# ----------------------------------------------------------------------------------------------


def test_single_point_population_is_skipped_and_reported() -> None:
    rows = [*CHAIN_TABLE, ("Species_c", 9, 1975, 3.0)]
    result = lpi.compute({"lpi_populations": counts_frame(rows)}, model="chain", bootstrap=0)
    assert result.counts["populations"] == 3
    assert any("Species_c (9)" in note and "skipped" in note for note in result.notes)
    assert np.allclose(result.frame["value"], run(CHAIN_TABLE)["value"])


def test_all_zero_population_has_zero_rates() -> None:
    rows = [("Species_a", 1, 1970, 0.0), ("Species_a", 1, 1971, 0.0), ("Species_a", 1, 1973, 0.0)]
    frame = run(rows, plot_max=1972)
    assert np.allclose(frame["value"], 1.0)
    assert frame["has_data"].tolist() == [True, True, True, True]


def test_zeros_inside_a_series_offset_every_value() -> None:
    rows = [("Species_a", 1, 1970, 10.0), ("Species_a", 1, 1971, 0.0), ("Species_a", 1, 1972, 20.0)]
    offset = 0.01 * 15  # 1 % of the mean non-zero count, added to all three values
    uncapped = run(rows, plot_max=1971, cap_lambdas=False)
    assert uncapped["has_data"].tolist() == [True, False, False]  # both rates beyond ±1 are dropped
    capped = run(rows, plot_max=1971)
    assert np.log10(offset / (10 + offset)) < -1 and np.log10((20 + offset) / offset) > 1
    assert np.allclose(capped["value"], [1.0, 0.1, 1.0])  # capped at -1, then +1
    # the non-zero counts move too: 10 -> 20 becomes 10.15 -> 20.15
    trailing_zero = [("Species_a", 1, 1970, 10.0), ("Species_a", 1, 1971, 20.0), ("Species_a", 1, 1972, 0.0)]
    assert run(trailing_zero, plot_max=1971)["value"].iloc[1] == pytest.approx(20.15 / 10.15, rel=1e-12)


def test_rates_beyond_one_are_capped_or_dropped() -> None:
    rows = [
        ("Species_a", 1, 1970, 1.0),
        ("Species_a", 1, 1971, 1000.0),  # +3, capped to +1
        ("Species_b", 2, 1970, 1.0),
        ("Species_b", 2, 1971, 0.5),
    ]
    capped = run(rows, plot_max=1970)
    assert capped["value"].iloc[1] == pytest.approx(10 ** ((1 - LOG2) / 2))
    dropped = run(rows, plot_max=1970, cap_lambdas=False)
    assert dropped["value"].iloc[1] == pytest.approx(0.5)


def test_species_mean_uses_the_populations_present_each_year() -> None:
    rows = [
        ("Species_a", 1, 1970, 1.0),
        ("Species_a", 1, 1971, 2.0),
        ("Species_a", 1, 1972, 4.0),
        ("Species_a", 2, 1971, 10.0),
        ("Species_a", 2, 1972, 10.0),
    ]
    frame = run(rows, plot_max=1971)
    assert frame["value"].iloc[1] == pytest.approx(2.0)  # 1971: population 1 only
    assert frame["value"].iloc[2] == pytest.approx(2.0 * 10 ** (LOG2 / 2))  # 1972: mean(log10 2, 0)


def test_years_without_data_carry_the_index_and_are_flagged() -> None:
    rows = [
        ("Species_a", 1, 1975, 1.0),
        ("Species_a", 1, 1976, 2.0),
        ("Species_b", 2, 1980, 4.0),
        ("Species_b", 2, 1981, 2.0),
    ]
    result = lpi.compute({"lpi_populations": counts_frame(rows)}, model="chain", bootstrap=0, plot_max=1983)
    frame = result.frame.set_index("year")
    assert frame.loc[1970:1975, "value"].eq(1.0).all() and frame.loc[1976:1980, "value"].eq(2.0).all()
    assert frame.loc[1981:1984, "value"].eq(1.0).all()
    assert frame.index[frame["has_data"]].tolist() == [1970, 1976, 1981]
    assert any("1971–1975" in note and "carried forward" in note for note in result.notes)


def test_data_before_the_reference_year_are_used_but_not_indexed() -> None:
    rows = [("Species_a", 1, 1960, 1000.0), ("Species_a", 1, 1980, 10.0)]
    frame = run(rows, plot_max=1982)
    # geometric interpolation from 1960 to 1980: ten-fold decline per decade, -0.1 per year
    assert np.allclose(frame.loc[1970:1980, "value"], 10 ** (-0.1 * np.arange(11)))
    assert frame.loc[1981:, "value"].eq(frame.loc[1980, "value"]).all()


def test_data_after_the_last_plotted_year_are_ignored() -> None:
    rows = [("Species_a", 1, 1970, 1.0), ("Species_a", 1, 1971, 2.0), ("Species_a", 1, 1973, 8.0)]
    frame = run(rows, plot_max=1970)
    assert list(frame.index) == [1970, 1971]
    assert frame["value"].iloc[1] == pytest.approx(2.0)


def test_constant_series_skip_the_gam() -> None:
    rows = [("Species_a", 1, year, 5.0) for year in range(1970, 1980)]
    result = lpi.compute({"lpi_populations": counts_frame(rows)}, bootstrap=0)
    assert np.allclose(result.frame["value"], 1.0)
    assert any("GAM: 0 of 0" in note for note in result.notes)


def test_bootstrap_is_reproducible_with_a_seed_and_brackets_the_reference_year() -> None:
    inputs = {"lpi_populations": counts_frame(CHAIN_TABLE)}
    first = lpi.compute(inputs, model="chain", bootstrap=50, seed=3).frame
    second = lpi.compute(inputs, model="chain", bootstrap=50, seed=3).frame
    assert first.equals(second)
    assert first.loc[0, ["lower", "upper"]].tolist() == [1.0, 1.0]
    assert (first["lower"] <= first["upper"]).all()


# ----------------------------------------------------------------------------------------------
# Input contract and options
# ----------------------------------------------------------------------------------------------


def test_missing_column_is_named() -> None:
    frame = counts_frame(CHAIN_TABLE).drop(columns="value")
    with pytest.raises(InputContractError, match="value"):
        lpi.compute({"lpi_populations": frame})


def test_two_counts_in_one_year_are_rejected() -> None:
    rows = [*CHAIN_TABLE, ("Species_a", 1, 1970, 5.0)]
    with pytest.raises(InputContractError, match="two counts in one year"):
        run(rows)


def test_negative_counts_are_rejected() -> None:
    with pytest.raises(InputContractError, match=">= 0"):
        run([("Species_a", 1, 1970, -1.0), ("Species_a", 1, 1971, 1.0)])


def test_unknown_files_are_rejected() -> None:
    files = pd.DataFrame({"file": ["other"], "group": [1], "weighting": [1.0], "weighting_b": [np.nan]})
    with pytest.raises(InputContractError, match="not listed"):
        lpi.compute({"lpi_populations": counts_frame(CHAIN_TABLE), "lpi_files": files})


def test_no_usable_population_is_no_data() -> None:
    with pytest.raises(NoDataError):
        run([("Species_a", 1, 1970, 1.0)])


def test_options_are_validated() -> None:
    with pytest.raises(ValueError, match="model"):
        run(CHAIN_TABLE, model="spline")


def test_command_line_options_match_compute_keywords() -> None:
    parser = argparse.ArgumentParser()
    lpi.add_arguments(parser)
    defaults = vars(parser.parse_args([]))
    keywords = {
        name: p.default
        for name, p in inspect.signature(lpi.compute).parameters.items()
        if p.kind is p.KEYWORD_ONLY
    }
    assert defaults == keywords
    parsed = vars(
        parser.parse_args(["--no-cap", "--model", "loglinear", "--use-weightings-b", "--seed", "4"])
    )
    assert parsed["cap_lambdas"] is False and parsed["model"] == "loglinear"
    assert parsed["use_weightings_b"] is True and parsed["seed"] == 4


def test_metadata_sheet_validates() -> None:
    meta = load_metadata("living_planet_index")
    assert meta.gbf_code == "A.CT.10"
    assert meta.name.ko == "지구생명지수"
    assert meta.based_on.en == "populations"


# ----------------------------------------------------------------------------------------------
# Properties
# ----------------------------------------------------------------------------------------------

population_series = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=3),  # species
        st.lists(st.integers(min_value=1965, max_value=1985), min_size=2, max_size=8, unique=True),
        # zero or a count scaling cannot underflow (5e-324 * 0.25 == 0 would change the data, not the index)
        st.lists(st.one_of(st.just(0.0), st.floats(min_value=1e-6, max_value=1e4)), min_size=8, max_size=8),
    ),
    min_size=1,
    max_size=5,
)


def table_from(series: list) -> pd.DataFrame:
    rows = []
    for pid, (species, years, values) in enumerate(series):
        rows += [(f"Species_{species}", pid, year, value) for year, value in zip(years, values, strict=False)]
    return counts_frame(rows)


def index_or_none(frame: pd.DataFrame, **options: object) -> np.ndarray | None:
    try:
        result = lpi.compute({"lpi_populations": frame}, bootstrap=0, plot_max=1990, **options)
    except NoDataError:
        return None
    return result.frame["value"].to_numpy()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    series=population_series, seed=st.integers(0, 2**32 - 1), model=st.sampled_from(["chain", "loglinear"])
)
def test_index_does_not_depend_on_row_order(series: list, seed: int, model: str) -> None:
    frame = table_from(series)
    shuffled = frame.sample(frac=1.0, random_state=np.random.RandomState(seed % 2**31)).reset_index(drop=True)
    first, second = index_or_none(frame, model=model), index_or_none(shuffled, model=model)
    assert (first is None) == (second is None)
    if first is not None:
        assert np.allclose(first, second, rtol=1e-12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    series=population_series,
    factor=st.sampled_from([2.0, 0.25, 10.0, 3.7]),
    model=st.sampled_from(["chain", "loglinear"]),
)
def test_scaling_a_population_leaves_the_index_unchanged(series: list, factor: float, model: str) -> None:
    frame = table_from(series)
    scaled = frame.copy()
    scaled.loc[scaled["population_id"] == 0, "value"] *= factor
    first, second = index_or_none(frame, model=model), index_or_none(scaled, model=model)
    assert (first is None) == (second is None)
    if first is not None:
        assert np.allclose(first, second, rtol=1e-9)


@pytest.mark.parametrize("factor", [2.0, 0.01])
def test_scaling_a_population_leaves_the_gam_index_unchanged(factor: float) -> None:
    populations, files = read_infile(FIXTURES / "T_Afrotropical_herps_infile.txt")
    scaled = populations.copy()
    scaled["value"] *= factor
    base = lpi.compute({"lpi_populations": populations, "lpi_files": files}, bootstrap=0).frame["value"]
    again = lpi.compute({"lpi_populations": scaled, "lpi_files": files}, bootstrap=0).frame["value"]
    assert np.allclose(base, again, rtol=1e-9)


# ----------------------------------------------------------------------------------------------
# rlpi reference values on the shipped excerpt (Afrotropical herps)
# ----------------------------------------------------------------------------------------------


def afro_herps_inputs() -> dict[str, pd.DataFrame]:
    populations, files = read_infile(FIXTURES / "T_Afrotropical_herps_infile.txt")
    return {"lpi_populations": populations, "lpi_files": files}


@pytest.mark.parametrize(
    ("case", "options", "tolerance"),
    [
        ("afro_herps_chain", {"model": "chain"}, 1e-9),
        ("afro_herps_loglinear", {"model": "loglinear"}, 1e-9),
        ("afro_herps_gam", {}, 1e-5),
    ],
)
def test_afrotropical_herps_match_rlpi(case: str, options: dict, tolerance: float) -> None:
    result = lpi.compute(afro_herps_inputs(), bootstrap=0, **options)
    assert max_relative_difference(result.frame, case) < tolerance
    assert dict(result.counts) == {"populations": 20, "species": 16}


def capture_bootstrap(monkeypatch: pytest.MonkeyPatch) -> dict[str, np.ndarray]:
    captured: dict[str, np.ndarray] = {}
    original = lpi.bootstrap_interval

    def keep(boot: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        captured["boot"] = boot
        return original(boot)

    monkeypatch.setattr(lpi, "bootstrap_interval", keep)
    return captured


def assert_bootstrap_equivalent(boot: np.ndarray, case: str) -> None:
    """Per year, the mean and sd of log10 bootstrap indices agree with R's within Monte Carlo error."""
    ref = BOOTSTRAP_REFERENCE.loc[BOOTSTRAP_REFERENCE["case"] == case]
    n_ref = int(ref["replicates"].iloc[0])
    logs = np.log10(boot)
    mean, sd = logs.mean(axis=0), logs.std(axis=0, ddof=1)
    se = np.sqrt(ref["boot_sd_log10"].to_numpy() ** 2 / n_ref + sd**2 / boot.shape[0])
    z = (mean - ref["boot_mean_log10"].to_numpy()) / np.maximum(se, 1e-9)
    assert np.abs(z).max() < 5, z
    spread = ref["boot_sd_log10"].to_numpy() > 1e-6
    ratio = sd[spread] / ref["boot_sd_log10"].to_numpy()[spread]
    assert ratio.min() > 0.85 and ratio.max() < 1.15, ratio


def test_afrotropical_herps_bootstrap_is_statistically_rlpi_s(monkeypatch: pytest.MonkeyPatch) -> None:
    captured = capture_bootstrap(monkeypatch)
    lpi.compute(afro_herps_inputs(), bootstrap=3000, seed=11)
    assert_bootstrap_equivalent(captured["boot"], "afro_herps_gam")


# ----------------------------------------------------------------------------------------------
# Readers
# ----------------------------------------------------------------------------------------------


def test_population_file_reader(tmp_path: Path) -> None:
    frame = read_population_file(FIXTURES / "T_Afrotropical_herps_pops.txt")
    assert list(frame.columns) == ["file", "binomial", "population_id", "year", "value"]
    assert frame["population_id"].nunique() == 20 and len(frame) == 126
    bad = tmp_path / "bad_pops.txt"
    bad.write_text("Binomial\tID\tyear\tpopvalue\nSp_a\t1\t1970\t3\nSp_a\t1\tabc\t4\n", encoding="utf-8")
    with pytest.raises(LpiFileError, match=r"bad_pops.txt: row 3, field 'year'"):
        read_population_file(bad)


def test_infile_reader_resolves_names_and_reads_quoted_headers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "data").mkdir()
    pops = tmp_path / "data" / "a_pops.txt"
    pops.write_text("Binomial\tID\tyear\tpopvalue\nSp_a\t1\t1970\t3\nSp_a\t1\t1971\t6\n", encoding="utf-8")
    infile = tmp_path / "data" / "infile.txt"
    infile.write_text(
        '"FileName"\t"Group"\t"Weighting"\t"WeightingB"\r\na_pops.txt\t2\t0.5\t0.9\r\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    populations, files = read_infile(infile)
    assert files.to_dict("records") == [
        {"file": "a_pops.txt", "group": 2, "weighting": 0.5, "weighting_b": 0.9}
    ]
    assert populations["file"].unique().tolist() == ["a_pops.txt"] and len(populations) == 2
    missing = tmp_path / "data" / "missing_infile.txt"
    missing.write_text("FileName\tGroup\tWeighting\nnowhere.txt\t1\t1\n", encoding="utf-8")
    with pytest.raises(LpiFileError, match=r"row 2, field 'FileName'"):
        read_infile(missing)


def test_lpd_csv_reader(tmp_path: Path) -> None:
    csv_path = tmp_path / "lpd.csv"
    csv_path.write_text(
        "ID,Binomial,Class,System,Location,1970,1971,1972\n"
        '7,Sp_a,Aves,Terrestrial,"two\nlines",NULL,3.5,4\n'
        "8,Sp_b,Mammalia,Marine,x,1,NULL,NULL\n",
        encoding="utf-8",
    )
    frame = read_lpd_csv(csv_path)
    assert frame[["population_id", "year", "value"]].to_dict("records") == [
        {"population_id": "7", "year": 1971, "value": 3.5},
        {"population_id": "7", "year": 1972, "value": 4.0},
        {"population_id": "8", "year": 1970, "value": 1.0},
    ]
    assert frame["class"].tolist() == ["Aves", "Aves", "Mammalia"]


# ----------------------------------------------------------------------------------------------
# Real data: shared/realdata/lpi_rlpi_example against rlpi reference values
# ----------------------------------------------------------------------------------------------


def example_inputs(infile: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, pd.DataFrame]:
    if not EXAMPLE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{EXAMPLE} is missing (real-data tests may not skip in CI)")
        pytest.skip(f"{EXAMPLE} not present")
    monkeypatch.chdir(EXAMPLE)  # infile paths are relative to this folder
    populations, files = read_infile(EXAMPLE / "example_data" / infile)
    return {"lpi_populations": populations, "lpi_files": files}


EXACT_CASES = [
    ("nm_chain", "T_Nearctic_mammalia_infile.txt", {"model": "chain"}),
    ("nm_loglinear", "T_Nearctic_mammalia_infile.txt", {"model": "loglinear"}),
    ("nm_chain_nocap", "T_Nearctic_mammalia_infile.txt", {"model": "chain", "cap_lambdas": False}),
    ("afro_herps_chain", "T_Afrotropical_herps_infile.txt", {"model": "chain"}),
    (
        "nearctic_class_chain_w",
        "terrestrial_class_nearctic_infile.txt",
        {"model": "chain", "use_weightings": True},
    ),
    (
        "nearctic_class_loglinear_w",
        "terrestrial_class_nearctic_infile.txt",
        {"model": "loglinear", "use_weightings": True},
    ),
    ("terr_chain", "terrestrial_infile.txt", {"model": "chain"}),
    (
        "terr_chain_wb",
        "terrestrial_infile.txt",
        {"model": "chain", "use_weightings": True, "use_weightings_b": True},
    ),
    (
        "terr_loglinear_wb",
        "terrestrial_infile.txt",
        {"model": "loglinear", "use_weightings": True, "use_weightings_b": True},
    ),
    (
        "terr_chain_nocap_wb",
        "terrestrial_infile.txt",
        {"model": "chain", "cap_lambdas": False, "use_weightings": True, "use_weightings_b": True},
    ),
]

GAM_CASES = [
    ("nm_gam", "T_Nearctic_mammalia_infile.txt", {}),
    ("nm_gam_nocap", "T_Nearctic_mammalia_infile.txt", {"cap_lambdas": False}),
    ("nm_gam_short_loglinear", "T_Nearctic_mammalia_infile.txt", {"short_model": "loglinear"}),
    ("afro_herps_gam", "T_Afrotropical_herps_infile.txt", {}),
    ("nearctic_class_gam", "terrestrial_class_nearctic_infile.txt", {}),
    ("nearctic_class_gam_w", "terrestrial_class_nearctic_infile.txt", {"use_weightings": True}),
]


@pytest.mark.realdata
@pytest.mark.parametrize(("case", "infile", "options"), EXACT_CASES)
def test_chain_and_loglinear_match_rlpi_exactly(
    case: str, infile: str, options: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = lpi.compute(example_inputs(infile, monkeypatch), bootstrap=0, **options)
    assert max_relative_difference(result.frame, case) < 1e-9


@pytest.mark.realdata
@pytest.mark.parametrize(("case", "infile", "options"), GAM_CASES)
def test_gam_index_matches_rlpi(
    case: str, infile: str, options: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = lpi.compute(example_inputs(infile, monkeypatch), bootstrap=0, **options)
    assert max_relative_difference(result.frame, case) < 1e-5


def reference_checks() -> pd.DataFrame:
    return pd.read_csv(FIXTURES / "rlpi_reference_gam_acceptance.csv", dtype={"population_id": str})


def r_null_space_order() -> pd.DataFrame:
    return pd.read_csv(FIXTURES / "mgcv_cs_null_space_order.csv", dtype={"population_id": str})


@pytest.fixture
def r_eigenvector_order() -> Iterator[None]:
    """Order the ``bs = "cs"`` null-space eigenvectors as R's eigen() did on the reference build.

    That order is decided by two rounding-noise eigenvalues (see
    ``spline.straighter_first``); the fixture records it per population, hence per year vector.
    """
    if not EXAMPLE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{EXAMPLE} is missing (real-data tests may not skip in CI)")
        pytest.skip(f"{EXAMPLE} not present")
    table = r_null_space_order()
    example = {}
    for name in sorted(set(table["file"])):
        counts = pd.read_csv(EXAMPLE / "example_data" / name, sep="\t", dtype={"ID": str})
        for pop, years in counts.groupby("ID")["year"]:
            example[(name, pop)] = tuple(np.sort(years.to_numpy(dtype=float)).tolist())
    e1_last = {}
    for f, p, flag in table[["file", "population_id", "e1_projection_last"]].itertuples(index=False):
        key = example[(f, p)]
        assert e1_last.setdefault(key, bool(flag)) == bool(flag)  # same years, same decision

    def rule(null_vectors: np.ndarray, x: np.ndarray, penalty: np.ndarray) -> np.ndarray:
        out = null_vectors.copy()
        for i, years in enumerate(x):
            basis, _ = np.linalg.qr(np.column_stack([np.ones_like(years), years]))
            e1 = basis @ basis[0]
            cosine = np.abs(null_vectors[i].T @ e1) / np.linalg.norm(e1)
            assert np.isclose(cosine.max(), 1.0, atol=1e-8) and cosine.min() < 1e-8
            if (cosine[1] > 0.5) != e1_last[tuple(years.tolist())]:
                out[i] = null_vectors[i][:, ::-1]
        return out

    previous = spline.use_null_space_order(rule)
    assert previous is spline.DEFAULT_NULL_SPACE_ORDER
    yield
    spline.use_null_space_order(previous)


@pytest.fixture
def portable_eigenvector_order() -> Iterator[None]:
    """The rule used where no system LAPACK can be loaded."""
    previous = spline.use_null_space_order(spline.straighter_first)
    yield
    spline.use_null_space_order(previous)


def require_system_lapack() -> None:
    if not system_lapack_available():
        if os.environ.get("CI"):
            pytest.fail("no system LAPACK (Debian package liblapack3) in CI")
        pytest.skip("no system LAPACK (liblapack.so.3)")


def record_gam_checks(monkeypatch: pytest.MonkeyPatch) -> dict[str, set]:
    """Record each population's GAM check as (file name, population id)."""
    seen: dict[str, set] = {"accepted": set(), "rejected": set()}
    file_names: list[str] = []
    original_arrange, original_gam = lpi.arrange_populations, lpi.gam_smooth

    def arrange(counts: pd.DataFrame, file_of_row: pd.Series, design: lpi.Design) -> lpi.Populations:
        file_names[:] = [Path(str(name)).name for name in design.files]
        return original_arrange(counts, file_of_row, design)

    def gam_smooth(populations: lpi.Populations, pops: np.ndarray) -> lpi.GamOutcome:
        outcome = original_gam(populations, pops)

        def key(p: int) -> tuple[str, str]:
            return file_names[populations.file_code[p]], str(populations.ids[p])

        seen["accepted"] |= {key(p) for p in outcome.accepted}
        seen["rejected"] |= {key(p) for p in outcome.rejected}
        return outcome

    monkeypatch.setattr(lpi, "arrange_populations", arrange)
    monkeypatch.setattr(lpi, "gam_smooth", gam_smooth)
    return seen


def accepted_in_r() -> set[tuple[str, str]]:
    checks = reference_checks()
    return {(f, p) for f, p, a in checks[["file", "population_id", "accepted"]].itertuples(index=False) if a}


@pytest.mark.realdata
@pytest.mark.parametrize(
    ("case", "options"),
    [("terr_gam", {}), ("terr_gam_wb", {"use_weightings": True, "use_weightings_b": True})],
)
@pytest.mark.usefixtures("r_eigenvector_order")
def test_terrestrial_gam_pipeline_matches_rlpi_with_r_s_eigenvector_order(
    case: str, options: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Given only R's order of two rounding-noise eigenvectors, every GAM check and the index match rlpi."""
    inputs = example_inputs("terrestrial_infile.txt", monkeypatch)
    seen = record_gam_checks(monkeypatch)
    result = lpi.compute(inputs, bootstrap=0, **options)
    assert len(seen["accepted"] | seen["rejected"]) == len(reference_checks()) == 2148
    assert seen["accepted"] == accepted_in_r()  # the identical set: 1,616 GAMs kept by both
    assert max_relative_difference(result.frame, case) < 1e-8  # measured 8.3e-11 and 1.4e-10
    assert dict(result.counts) == {"populations": 4067, "species": 1599}
    assert any("2 populations with fewer than 2 counts were skipped" in note for note in result.notes)


@pytest.mark.realdata
@pytest.mark.parametrize(
    ("case", "options"),
    [("terr_gam", {}), ("terr_gam_wb", {"use_weightings": True, "use_weightings_b": True})],
)
def test_default_terrestrial_gam_pipeline_matches_rlpi(
    case: str, options: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default, with the system LAPACK deciding as R's eigen() does: rlpi's accepted set and index."""
    require_system_lapack()
    assert spline.null_space_order_source() == "system-lapack"
    inputs = example_inputs("terrestrial_infile.txt", monkeypatch)
    seen = record_gam_checks(monkeypatch)
    result = lpi.compute(inputs, bootstrap=0, **options)
    assert seen["accepted"] == accepted_in_r()
    assert len(seen["accepted"] | seen["rejected"]) == 2148
    assert max_relative_difference(result.frame, case) < 1e-8
    assert any("system LAPACK (dsyevr)" in note for note in result.notes)


@pytest.mark.realdata
def test_system_lapack_order_is_r_s_order_for_every_example_penalty() -> None:
    """dsyevr of the system LAPACK on the port's penalty gives the order R 4.2.2 recorded, for all 2155."""
    require_system_lapack()
    if not EXAMPLE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{EXAMPLE} is missing (real-data tests may not skip in CI)")
        pytest.skip(f"{EXAMPLE} not present")
    table = r_null_space_order()
    agree = 0
    for name, rows in table.groupby("file"):
        counts = pd.read_csv(EXAMPLE / "example_data" / name, sep="\t", dtype={"ID": str})
        years = {pop: np.sort(group.to_numpy(dtype=float)) for pop, group in counts.groupby("ID")["year"]}
        for pop, flag in rows[["population_id", "e1_projection_last"]].itertuples(index=False):
            x = years[pop][None, :]
            knots = spline._r_quantile_knots(x, x.shape[1])
            penalty, _ = spline.cs_penalty_and_map(knots)
            pair = spline._null_space_pair(knots)
            ordered = spline.system_lapack_order(pair, x, penalty)[0]
            e1_last = np.allclose(ordered[:, 1], pair[0][:, 1])
            agree += int(e1_last == bool(flag))
    assert agree == len(table) == 2155


def test_eigen_symmetric_is_r_s_eigen() -> None:
    """Decreasing values and orthonormal vectors, as R's eigen(symmetric = TRUE) returns them."""
    require_system_lapack()
    matrix = np.array([[2.0, -1.0, 0.0], [-1.0, 2.0, -1.0], [0.0, -1.0, 2.0]])
    values, vectors = eigen_symmetric(matrix)
    np.testing.assert_allclose(values, [2 + np.sqrt(2), 2.0, 2 - np.sqrt(2)], rtol=1e-14)
    np.testing.assert_allclose(vectors @ np.diag(values) @ vectors.T, matrix, atol=1e-14)
    np.testing.assert_allclose(vectors.T @ vectors, np.eye(3), atol=1e-14)


@pytest.mark.realdata
@pytest.mark.usefixtures("portable_eigenvector_order")
def test_portable_rule_differs_from_rlpi_only_where_r_s_rounding_decides(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without a system LAPACK, the 2 populations that differ are ones R ordered the other way."""
    inputs = example_inputs("terrestrial_infile.txt", monkeypatch)
    seen = record_gam_checks(monkeypatch)
    result = lpi.compute(inputs, bootstrap=0)
    differing = seen["accepted"] ^ accepted_in_r()
    assert differing == {("T_Palearctic_aves_pops.txt", "7192"), ("T_Palearctic_aves_pops.txt", "7241")}
    order = r_null_space_order().set_index(["file", "population_id"])["e1_projection_last"]
    assert all(order[key] == 1 for key in differing)  # R shrank the straighter vector less
    assert 1e-3 < max_relative_difference(result.frame, "terr_gam") < 1e-2
    assert any("portable rule" in note for note in result.notes)


@pytest.mark.realdata
@pytest.mark.parametrize(
    ("case", "infile", "options", "replicates"),
    [
        ("nm_gam", "T_Nearctic_mammalia_infile.txt", {}, 3000),
        ("terr_gam_wb", "terrestrial_infile.txt", {"use_weightings": True, "use_weightings_b": True}, 2000),
    ],
)
def test_bootstrap_is_statistically_rlpi_s(
    case: str, infile: str, options: dict, replicates: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = example_inputs(infile, monkeypatch)
    captured = capture_bootstrap(monkeypatch)
    lpi.compute(inputs, bootstrap=replicates, seed=5, **options)
    assert_bootstrap_equivalent(captured["boot"], case)


@pytest.mark.realdata
def test_lpd_export_reads_into_populations() -> None:
    path = EXAMPLE / "example_data" / "LPI_LPR2016data_public.csv"
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing")
        pytest.skip(f"{path} not present")
    frame = read_lpd_csv(path)
    assert frame["population_id"].nunique() > 11_000
    assert frame["year"].between(1950, 2017).all() and (frame["value"] >= 0).all()
