"""Red List Index: hand-worked tables, the edge cases of the method notes (§2.8), properties, and
real IUCN data (IUCN-UK's 2023 fixture, the published SDG 15.5.1 World series)."""

from __future__ import annotations

import argparse
import os
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators import red_list_index as rli
from indicators.metadata import load_metadata
from indicators.red_list_categories import CATEGORIES, EXTINCT_WEIGHT, normalise_categories, normalise_code
from indicators.result import IndicatorError, InputContractError, NoDataError

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "red_list"
BIRDS_2024_DD_REMOVED = 0.9043291207313794  # IUCN-UK's own unit test value


def long_frame(groups: dict[str, dict[object, list[str]]], years: dict[str, list[int]]) -> pd.DataFrame:
    """Rows from {group: {taxon: [category per year]}} and {group: [years]}."""
    rows = [
        {"taxon_id": taxon, "taxonomic_group": group, "year": year, "category": category}
        for group, species in groups.items()
        for taxon, categories in species.items()
        for year, category in zip(years[group], categories, strict=True)
    ]
    return pd.DataFrame(rows)


def run(frame: pd.DataFrame, **options: object) -> pd.DataFrame:
    return rli.compute({"redlist_assessments": frame}, **options).frame


def rli_of(*weights: int) -> float:
    """The index written out by hand: 1 − ΣW / (5·N), in exact fractions."""
    return float(1 - Fraction(sum(weights), EXTINCT_WEIGHT * len(weights)))


HAND_WORKED = long_frame(
    {
        "Amphibian": {
            "a1": ["LC", "LC"],
            "a2": ["VU", "EN"],  # genuine deterioration
            "a3": ["CR", "CR(PE)"],  # CR -> CR(PE) is a change of weight 4 -> 5
            "a4": ["EX", "EX"],  # extinct stays in the denominator
            "a5": ["DD", "DD"],  # excluded
            "a6": ["NE", "NE"],  # excluded
        },
        "Bird": {"b1": ["NT", "LC"], "b2": ["EN", "VU"], "b3": ["EW", "EW"]},
    },
    {"Amphibian": [2000, 2010], "Bird": [2005, 2015]},
)


# --------------------------------------------------------------------------------------------
# Category table


def test_category_weights_are_the_iucn_table() -> None:
    weights = {code: category.weight for code, category in CATEGORIES.items()}
    assert weights == {
        "LC": 0, "NT": 1, "VU": 2, "EN": 3, "CR": 4,
        "CR(PE)": 5, "CR(PEW)": 5, "EW": 5, "EX": 5, "RE": 5,
        "DD": None, "NE": None, "NA": None,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("cr (pe)", "CR(PE)"), (" Cr(PeW) ", "CR(PEW)"), ("CR（PE）", "CR(PE)"), ("lc", "LC"),
        ("Least Concern", "LC"), ("critically endangered", "CR"), ("Extinct in the Wild", "EW"),
        ("위급", "CR"), ("위기", "EN"), ("취약", "VU"), ("준위협", "NT"), ("최소관심", "LC"),
        ("정보부족", "DD"), ("미적용", "NA"), ("미평가", "NE"), ("절멸", "EX"), ("야생절멸", "EW"),
        ("지역절멸", "RE"),
    ],
)  # fmt: skip
def test_category_labels_normalise(label: str, code: str) -> None:
    assert normalise_code(label) == code


@pytest.mark.parametrize("label", ["LR/cd", "LR/nt", "threatened", "CR(PE", "X", "", 3])
def test_labels_that_are_not_iucn_categories_are_unknown(label: object) -> None:
    assert normalise_code(label) is None


def test_unknown_categories_are_named_with_their_rows() -> None:
    frame = HAND_WORKED.copy()
    frame.loc[[1, 5], "category"] = "LR/cd"
    frame.loc[7, "category"] = "Extinct-ish"
    with pytest.raises(InputContractError) as error:
        run(frame)
    message = str(error.value)
    assert (
        "'category'" in message and "'LR/cd' in rows 1, 5" in message and "'Extinct-ish' in rows 7" in message
    )


def test_a_missing_category_hints_at_na_read_as_missing() -> None:
    frame = HAND_WORKED.copy()
    frame.loc[3, "category"] = np.nan
    with pytest.raises(InputContractError, match=r"<missing> in rows 3.*keep_default_na=False"):
        run(frame)


def test_korean_and_spaced_labels_give_the_same_index() -> None:
    korean = HAND_WORKED.assign(
        category=HAND_WORKED["category"].replace(
            {"CR": "위급", "EN": "위기", "CR(PE)": "cr (pe)", "DD": "정보부족"}
        )
    )
    pd.testing.assert_frame_equal(run(korean), run(HAND_WORKED))


def test_normalise_categories_keeps_the_index() -> None:
    series = pd.Series(["vu", "EN "], index=[10, 20])
    assert normalise_categories(series).to_dict() == {10: "VU", 20: "EN"}


# --------------------------------------------------------------------------------------------
# Hand-worked values


def test_hand_worked_table_by_group() -> None:
    result = rli.compute({"redlist_assessments": HAND_WORKED})
    frame = result.frame
    assert list(frame.columns) == ["taxonomic_group", "year", "value", "lower", "upper", "n"]
    expected = pd.DataFrame(
        {
            "taxonomic_group": ["Amphibian", "Amphibian", "Bird", "Bird"],
            "year": [2000, 2010, 2005, 2015],
            "value": [rli_of(0, 2, 4, 5), rli_of(0, 3, 5, 5), rli_of(1, 3, 5), rli_of(0, 2, 5)],
            "n": [4, 4, 3, 3],
        }
    )
    assert expected["value"].tolist() == pytest.approx([0.45, 0.35, 0.4, 8 / 15], abs=1e-15)
    pd.testing.assert_frame_equal(
        frame[expected.columns].reset_index(drop=True), expected, check_dtype=False, atol=1e-15, rtol=0
    )
    assert frame[["lower", "upper"]].isna().all().all()
    assert result.disaggregations == ("taxonomic_group",)
    assert result.counts["species"] == 7 and result.counts["data_deficient"] == 1
    assert any("1 Data Deficient species are excluded" in note for note in result.notes)


def test_iucn_check_value_birds_2024_from_category_counts() -> None:
    counts = {"LC": 8699, "NT": 940, "VU": 717, "EN": 405, "CR": 232, "EW": 5, "EX": 159, "DD": 40}
    categories = [code for code, count in counts.items() for _ in range(count)]
    frame = pd.DataFrame(
        {"taxon_id": range(len(categories)), "taxonomic_group": "Bird", "year": 2024, "category": categories}
    )
    value = run(frame)["value"].iloc[0]
    assert value == pytest.approx(BIRDS_2024_DD_REMOVED, abs=1e-15)
    assert value == pytest.approx(1 - 5337 / (5 * 11157), abs=1e-15)


def test_one_index_over_the_whole_input() -> None:
    frame = long_frame(
        {"Plant": {1: ["LC", "NT"], 2: ["EN", "EN"]}, "Insect": {3: ["VU", "CR"]}},
        {"Plant": [2012, 2022], "Insect": [2012, 2022]},
    )
    result = rli.compute({"redlist_assessments": frame}, by=None)
    assert list(result.frame.columns) == ["year", "value", "lower", "upper", "n"]
    assert result.frame["value"].tolist() == pytest.approx([rli_of(0, 3, 2), rli_of(1, 3, 4)], abs=1e-15)
    assert result.disaggregations == ()


def test_one_index_needs_one_species_set_across_groups() -> None:
    with pytest.raises(InputContractError, match="back-cast"):
        run(HAND_WORKED, by=None)


# --------------------------------------------------------------------------------------------
# Edge cases (method notes §2.8)


def test_all_data_deficient_group_has_no_value_not_zero() -> None:
    frame = pd.concat(
        [
            HAND_WORKED,
            long_frame({"Fungus": {"f1": ["DD", "DD"], "f2": ["DD", "DD"]}}, {"Fungus": [2001, 2011]}),
        ],
        ignore_index=True,
    )
    result = rli.compute({"redlist_assessments": frame})
    fungus = result.frame[result.frame["taxonomic_group"] == "Fungus"]
    assert len(fungus) == 2 and fungus["value"].isna().all() and (fungus["n"] == 0).all()
    assert any("Fungus 2001" in note and "not 0" in note for note in result.notes)
    imputed = run(frame, dd="impute", repetitions=50, seed=1)
    assert imputed.loc[imputed["taxonomic_group"] == "Fungus", "value"].isna().all()


def test_only_data_deficient_species_is_no_data() -> None:
    frame = long_frame({"Fungus": {"f1": ["DD"], "f2": ["NE"]}}, {"Fungus": [2001]})
    with pytest.raises(NoDataError):
        run(frame)


def test_possibly_extinct_tags_weigh_five() -> None:
    frame = long_frame({"G": {1: ["CR(PE)"], 2: ["CR(PEW)"], 3: ["LC"], 4: ["LC"]}}, {"G": [2020]})
    assert run(frame)["value"].iloc[0] == pytest.approx(
        rli_of(5, 5, 0, 0), abs=1e-15
    )  # 0.5; red::rli: 0.6 or NA


def test_cr_to_possibly_extinct_is_a_change() -> None:
    frame = long_frame({"G": {1: ["CR", "CR(PE)"], 2: ["LC", "LC"]}}, {"G": [2010, 2020]})
    values = run(frame)["value"].tolist()
    assert values == pytest.approx([rli_of(4, 0), rli_of(5, 0)], abs=1e-15)
    assert values[0] - values[1] == pytest.approx(1 / (5 * 2))


def test_extinct_species_stay_in_the_denominator() -> None:
    frame = long_frame({"G": {1: ["EX", "EX"], 2: ["LC", "NT"]}}, {"G": [2010, 2020]})
    result = rli.compute({"redlist_assessments": frame})
    assert result.frame["value"].tolist() == pytest.approx([0.5, 0.4], abs=1e-15)
    assert result.frame["n"].tolist() == [2, 2]


def test_a_species_missing_from_a_year_is_an_error_naming_it() -> None:
    frame = HAND_WORKED.drop(
        index=HAND_WORKED.index[(HAND_WORKED["taxon_id"] == "b2") & (HAND_WORKED["year"] == 2015)]
    )
    with pytest.raises(InputContractError) as error:
        run(frame)
    message = str(error.value)
    assert "species set differs" in message and "'b2'" in message and "2015" in message
    assert "back-cast" in message


def test_a_species_moving_out_of_data_deficient_is_an_error() -> None:
    frame = long_frame({"G": {1: ["DD", "LC"], 2: ["LC", "LC"]}}, {"G": [2010, 2020]})
    with pytest.raises(
        InputContractError, match=r"taxon_id 1 \(taxonomic_group 'G'\): 2010 DD, 2020 LC.*back-cast"
    ):
        run(frame)


def test_two_categories_for_one_species_and_year_is_an_error() -> None:
    frame = pd.concat([HAND_WORKED, HAND_WORKED.iloc[[0]]], ignore_index=True)
    with pytest.raises(InputContractError, match=r"more than one row.*'a1'.*in 2000; rows 0, 18"):
        run(frame)


@pytest.mark.parametrize(
    ("change", "pattern"),
    [
        (lambda f: f.drop(columns="category"), r"lacks column\(s\) category"),
        (lambda f: f.drop(columns="taxonomic_group"), r"lacks column\(s\) taxonomic_group"),
        (
            lambda f: f.assign(year=f["year"].astype(float).where(f.index != 2, 2000.5)),
            r"'year'.*2000\.5.*rows 2",
        ),
        (
            lambda f: f.assign(year=f["year"].astype(object).where(f.index != 4, "twenty")),
            r"'year'.*'twenty'.*rows 4",
        ),
        (lambda f: f.assign(taxon_id=f["taxon_id"].where(f.index != 6)), r"'taxon_id' is empty in rows 6"),
    ],
)
def test_broken_input_contract_names_column_values_and_rows(change, pattern: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputContractError, match=pattern):
        run(change(HAND_WORKED.copy()))


def test_missing_input_frame_is_named() -> None:
    with pytest.raises(InputContractError, match="redlist_assessments"):
        rli.compute({"something_else": HAND_WORKED})


def test_single_assessment_group_reports_its_level_only() -> None:
    frame = pd.concat(
        [HAND_WORKED, long_frame({"Cycad": {"c1": ["EN"], "c2": ["LC"]}}, {"Cycad": [2003]})],
        ignore_index=True,
    )
    by_group = run(frame)
    assert by_group.loc[by_group["taxonomic_group"] == "Cycad", ["year", "value"]].values.tolist() == [
        [2003, 0.7]
    ]
    result = rli.compute({"redlist_assessments": frame}, aggregate=True, repetitions=20, seed=3)
    assert any("Left out of the aggregate" in note and "Cycad" in note for note in result.notes)
    single_only = long_frame({"Cycad": {"c1": ["EN"]}}, {"Cycad": [2003]})
    with pytest.raises(NoDataError, match="two or more"):
        rli.compute({"redlist_assessments": single_only}, aggregate=True)


# --------------------------------------------------------------------------------------------
# Data Deficient imputation and the bootstrap


def test_imputation_without_replacement_uses_the_whole_pool_when_dd_equal_it() -> None:
    frame = long_frame({"G": {1: ["LC"], 2: ["EN"], 3: ["DD"], 4: ["DD"]}}, {"G": [2020]})
    row = run(frame, dd="impute", repetitions=200, seed=7).iloc[0]
    # Without replacement both DD species take LC and EN, in every repetition: 1 − 6/20.
    assert row["value"] == row["lower"] == row["upper"] == pytest.approx(0.7, abs=1e-15)
    assert row["n"] == 4


def test_imputation_draws_with_replacement_when_dd_outnumber_the_pool() -> None:
    frame = long_frame({"G": {1: ["LC"], 2: ["DD"], 3: ["DD"], 4: ["DD"]}}, {"G": [2020]})
    row = run(frame, dd="impute", repetitions=50, seed=7).iloc[0]
    assert row["value"] == row["lower"] == row["upper"] == 1.0 and row["n"] == 4


def test_imputed_mean_matches_the_dd_excluded_index() -> None:
    rng = np.random.default_rng(5)
    codes = rng.choice(["LC", "NT", "VU", "EN", "CR", "EX"], size=60).tolist() + ["DD"] * 25
    frame = pd.DataFrame({"taxon_id": range(85), "taxonomic_group": "G", "year": 2020, "category": codes})
    excluded = run(frame)["value"].iloc[0]
    imputed = run(frame, dd="impute", repetitions=20_000, seed=11).iloc[0]
    assert imputed["value"] == pytest.approx(excluded, abs=0.002)
    assert imputed["lower"] < excluded < imputed["upper"]


def test_imputation_is_repeatable_with_a_seed_and_notes_its_method() -> None:
    first = rli.compute({"redlist_assessments": HAND_WORKED}, dd="impute", repetitions=100, seed=42)
    again = rli.compute({"redlist_assessments": HAND_WORKED}, dd="impute", repetitions=100, seed=42)
    pd.testing.assert_frame_equal(first.frame, again.frame)
    assert any("100 repetitions" in n and "without replacement" in n and "mean" in n for n in first.notes)
    assert first.frame["n"].tolist() == [5, 5, 3, 3]  # DD species are counted once imputed
    assert first.counts["species"] == 8


def test_bootstrap_interval_brackets_the_index() -> None:
    codes = ["LC"] * 12 + ["VU"] * 4 + ["EN"] * 3 + ["EX"] + ["DD"] * 2
    frame = pd.DataFrame(
        {"taxon_id": range(len(codes)), "taxonomic_group": "G", "year": 2020, "category": codes}
    )
    row = run(frame, bootstrap=2000, seed=1).iloc[0]
    assert row["value"] == pytest.approx(rli_of(*[0] * 12, *[2] * 4, *[3] * 3, 5), abs=1e-15)
    assert row["lower"] < row["value"] < row["upper"]
    assert row["upper"] - row["lower"] == pytest.approx(2 * 1.96 * 0.3 / np.sqrt(20), rel=0.25)


def test_bootstrap_of_an_all_least_concern_list_collapses() -> None:
    frame = long_frame({"G": {1: ["LC"], 2: ["LC"], 3: ["DD"]}}, {"G": [2020]})
    row = run(frame, bootstrap=200, seed=1).iloc[0]
    assert row["lower"] == row["upper"] == row["value"] == 1.0


@pytest.mark.parametrize(
    "options",
    [{"dd": "drop"}, {"repetitions": 0}, {"bootstrap": -1}, {"bootstrap": 10, "aggregate": True},
     {"bootstrap": 10, "dd": "impute"}],
)  # fmt: skip
def test_meaningless_options_are_rejected(options: dict[str, object]) -> None:
    with pytest.raises(IndicatorError):
        run(HAND_WORKED, **options)


def test_command_line_options_reach_compute() -> None:
    parser = argparse.ArgumentParser()
    rli.add_arguments(parser)
    defaults = vars(parser.parse_args([]))
    assert defaults == {
        "by": "taxonomic_group",
        "aggregate": False,
        "dd": "exclude",
        "repetitions": None,  # 1,000 for the per-group imputation, 20,000 for --aggregate
        "seed": None,
        "bootstrap": 0,
    }
    options = vars(
        parser.parse_args(["--by", "none", "--dd", "impute", "--repetitions", "30", "--seed", "4"])
    )
    assert options["by"] is None
    frame = long_frame({"G": {1: ["LC", "NT"], 2: ["DD", "DD"]}}, {"G": [2010, 2020]})
    assert list(run(frame, **options).columns) == ["year", "value", "lower", "upper", "n"]
    assert vars(parser.parse_args(["--aggregate", "--bootstrap", "5"]))["aggregate"] is True
    with pytest.raises(SystemExit):
        parser.parse_args(["--by", "family"])


# --------------------------------------------------------------------------------------------
# The multi-group aggregate


def test_extend_series_interpolates_and_extrapolates_linearly() -> None:
    years = np.array([2000, 2010])
    grid = np.arange(1996, 2015)
    out = rli.extend_series(
        years, np.array([[0.9, 0.8]]), grid, left_slope=np.array([-0.01]), right_slope=np.array([-0.02])
    )
    expected = np.concatenate(
        [0.9 + 0.01 * np.arange(4, 0, -1), 0.9 - 0.01 * np.arange(11), 0.8 - 0.02 * np.arange(1, 5)]
    )
    np.testing.assert_allclose(out[0], expected, atol=1e-12)
    steep = rli.extend_series(
        years, np.array([[0.9, 0.1]]), grid, left_slope=np.array([-0.5]), right_slope=np.array([-0.5])
    )
    assert steep[0, 0] == 1.0 and steep[0, -1] == 0.0  # extrapolations are clipped to [0, 1]


def test_moving_window_takes_values_from_two_years_either_side() -> None:
    extended = np.tile(np.arange(20.0), (500, 1))
    smoothed = rli.moving_window(extended, rng=np.random.default_rng(0))
    assert smoothed.shape == (500, 16)
    offsets = smoothed - np.arange(16.0)
    assert offsets.min() == 0 and offsets.max() == 4 and set(np.unique(offsets)) == {0, 1, 2, 3, 4}


def test_flat_groups_aggregate_to_their_mean_without_spread() -> None:
    frame = long_frame(
        {"Bird": {1: ["LC", "LC"], 2: ["LC", "LC"]}, "Mammal": {3: ["LC", "LC"], 4: ["EX", "EX"]}},
        {"Bird": [1980, 2000], "Mammal": [2000, 2010]},
    )
    result = rli.compute({"redlist_assessments": frame}, aggregate=True, repetitions=50, seed=0)
    out = result.frame
    assert list(out.columns) == ["year", "value", "lower", "upper"]
    assert out["year"].tolist() == list(range(1990, 2011))  # from (2000 − 10) to the last assessment
    np.testing.assert_allclose(out[["value", "lower", "upper"]].to_numpy(), 0.75, atol=1e-15)
    assert result.counts["species"] == 4


def test_coral_borrows_the_mean_left_slope_of_the_other_groups() -> None:
    # Bird is flat (slope 0, so no perturbation); Coral falls from 0.9 (2005) to 0.5 (2010). Its own
    # backward slope would put it at 1.0 (clipped) in 2000; the borrowed slope 0 keeps it at 0.9.
    frame = long_frame(
        {
            "Bird": {i: ["NT", "NT"] for i in range(10)},
            "Coral": {**{i: ["NT", "EX"] for i in range(10, 15)}, **{i: ["LC", "LC"] for i in range(15, 20)}},
        },
        {"Bird": [2000, 2010], "Coral": [2005, 2010]},
    )
    result = rli.compute({"redlist_assessments": frame}, aggregate=True, repetitions=200, seed=2)
    early = result.frame[result.frame["year"] <= 2003]
    np.testing.assert_allclose(early[["value", "lower", "upper"]].to_numpy(), (0.8 + 0.9) / 2, atol=1e-12)
    assert any(note.startswith("Coral: the backward slope") for note in result.notes)
    renamed = frame.assign(taxonomic_group=frame["taxonomic_group"].replace({"Coral": "Sponge"}))
    own = rli.compute({"redlist_assessments": renamed}, aggregate=True, repetitions=200, seed=2).frame
    assert own.loc[own["year"] == 2000, "value"].iloc[0] > 0.87


def test_aggregate_is_repeatable_with_a_seed() -> None:
    first = run(HAND_WORKED, aggregate=True, repetitions=300, seed=9)
    pd.testing.assert_frame_equal(first, run(HAND_WORKED, aggregate=True, repetitions=300, seed=9))
    assert (first["lower"] <= first["value"]).all() and (first["value"] <= first["upper"]).all()


# --------------------------------------------------------------------------------------------
# Properties


@st.composite
def red_lists(draw: st.DrawFn) -> pd.DataFrame:
    """Random back-cast lists: per group, fixed species, each DD/NE in all years or never."""
    groups = {}
    years = {}
    for g in range(draw(st.integers(1, 3))):
        n_years = draw(st.integers(1, 4))
        years[f"g{g}"] = sorted(draw(st.sets(st.integers(1980, 2024), min_size=n_years, max_size=n_years)))
        species = {}
        for s in range(draw(st.integers(1, 12))):
            fixed = draw(st.sampled_from([None, None, None, "DD", "NE"]))
            weighted = st.sampled_from([c for c, cat in CATEGORIES.items() if cat.weight is not None])
            species[f"g{g}s{s}"] = [fixed or draw(weighted) for _ in range(n_years)]
        groups[f"g{g}"] = species
    return long_frame(groups, years)


@settings(max_examples=60, deadline=None)
@given(red_lists())
def test_index_stays_between_zero_and_one(frame: pd.DataFrame) -> None:
    try:
        out = run(frame)
    except NoDataError:
        return
    values = out["value"].dropna()
    assert ((values >= 0) & (values <= 1)).all()


@settings(max_examples=60, deadline=None)
@given(red_lists(), st.data())
def test_a_downgrade_never_raises_the_index(frame: pd.DataFrame, data: st.DataObject) -> None:
    weighted = frame["category"].map(lambda c: CATEGORIES[c].weight is not None)
    if not weighted.any():
        return
    row = data.draw(st.sampled_from(frame.index[weighted].tolist()))
    current = CATEGORIES[frame.loc[row, "category"]].weight
    worse = [c for c, cat in CATEGORIES.items() if cat.weight is not None and cat.weight >= current]
    downgraded = frame.copy()
    downgraded.loc[row, "category"] = data.draw(st.sampled_from(worse))
    before = run(frame).set_index(["taxonomic_group", "year"])["value"]
    after = run(downgraded).set_index(["taxonomic_group", "year"])["value"]
    assert (after.isna() == before.isna()).all()  # only DD/NE/NA decide whether a year has an index
    assert (after.dropna() <= before.dropna() + 1e-15).all()


@settings(max_examples=40, deadline=None)
@given(red_lists(), st.randoms(use_true_random=False))
def test_row_order_does_not_matter(frame: pd.DataFrame, random) -> None:  # type: ignore[no-untyped-def]
    order = list(frame.index)
    random.shuffle(order)
    shuffled = frame.loc[order]
    try:
        expected = run(frame)
    except NoDataError:
        return
    pd.testing.assert_frame_equal(run(shuffled), expected)
    pd.testing.assert_frame_equal(
        run(shuffled, dd="impute", repetitions=20, seed=1), run(frame, dd="impute", repetitions=20, seed=1)
    )


@settings(max_examples=40, deadline=None)
@given(red_lists())
def test_index_equals_the_mean_of_one_minus_weight_over_five(frame: pd.DataFrame) -> None:
    try:
        out = run(frame).set_index(["taxonomic_group", "year"])["value"]
    except NoDataError:
        return
    for (group, year), value in out.items():
        rows = frame[(frame["taxonomic_group"] == group) & (frame["year"] == year)]
        weights = [CATEGORIES[c].weight for c in rows["category"] if CATEGORIES[c].weight is not None]
        if weights:
            assert value == pytest.approx(float(np.mean([1 - w / 5 for w in weights])), abs=1e-12)
        else:
            assert np.isnan(value)


# --------------------------------------------------------------------------------------------
# Back-casting


BACKCAST_YEARS = pd.DataFrame({"taxonomic_group": "G", "year": [2008, 2000, 2004]})
BACKCAST_LATEST = pd.DataFrame(
    {"sis_taxon_id": [1, 2, 3, 4, 5], "taxonomic_group": "G", "latest_year": 2008,
     "latest_category": ["LC", "EN", "CR(PE)", "VU", "DD"]}
)  # fmt: skip
BACKCAST_CHANGES = pd.DataFrame(
    {"sis_taxon_id": [2, 3, 4], "taxonomic_group": "G", "start_year": [2000, 2004, 2006], "end_year": [2004, 2008, 2008],
     "cat_start": ["VU", "CR", "NT"], "cat_end": ["EN", "CR(PE)", "VU"]}
)  # fmt: skip


def test_backcasting_walks_back_from_the_latest_categories() -> None:
    long = rli.backcast_categories(BACKCAST_LATEST, BACKCAST_CHANGES, BACKCAST_YEARS)
    assert list(long.columns) == ["taxon_id", "taxonomic_group", "year", "category"]
    table = long.pivot(index="taxon_id", columns="year", values="category")
    assert table.to_dict("index") == {
        1: {2000: "LC", 2004: "LC", 2008: "LC"},
        2: {2000: "VU", 2004: "EN", 2008: "EN"},
        3: {2000: "CR", 2004: "CR", 2008: "CR(PE)"},
        4: {2000: "NT", 2004: "NT", 2008: "VU"},  # a 2006 change belongs to the 2004–2008 interval
        5: {2000: "DD", 2004: "DD", 2008: "DD"},
    }
    assert run(long)["value"].tolist() == pytest.approx(
        [rli_of(0, 2, 4, 1), rli_of(0, 3, 4, 1), rli_of(0, 3, 5, 2)]
    )


@pytest.mark.parametrize(
    ("latest", "changes", "pattern"),
    [
        (
            BACKCAST_LATEST.assign(latest_year=[2008, 2004, 2008, 2008, 2008]),
            BACKCAST_CHANGES,
            r"latest_year.*rows 1",
        ),
        (BACKCAST_LATEST, BACKCAST_CHANGES.assign(sis_taxon_id=[2, 3, 99]), r"not in 'latest'.*rows 2"),
        (BACKCAST_LATEST, BACKCAST_CHANGES.assign(start_year=[2000, 2008, 2006]), r"start_year.*rows 1"),
        (BACKCAST_LATEST, BACKCAST_CHANGES.assign(start_year=[1990, 2004, 2006]), r"start_year.*rows 0"),
        (
            BACKCAST_LATEST.assign(latest_category=["LC", "EN", "CR(PE)", "VU", "LR/lc"]),
            BACKCAST_CHANGES,
            "LR/lc",
        ),
        (BACKCAST_LATEST, BACKCAST_CHANGES.drop(columns="cat_start"), r"lacks column\(s\) cat_start"),
    ],
)
def test_backcasting_inputs_are_checked(latest: pd.DataFrame, changes: pd.DataFrame, pattern: str) -> None:
    with pytest.raises(InputContractError, match=pattern):
        rli.backcast_categories(latest, changes, BACKCAST_YEARS)


# --------------------------------------------------------------------------------------------
# Real data: the cycad excerpt shipped with the tests (IUCN-UK fixture, see fixtures/red_list/README.md)


def read_iucn_long(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, keep_default_na=False)
    return frame.rename(columns={"sis_taxon_id": "taxon_id", "red_list_category": "category"})


def test_cycads_excerpt_pinned_values() -> None:
    cycads = read_iucn_long(FIXTURES / "cycads_iucn_rli_2023.csv")
    out = run(cycads)
    # 2003: 66 CR, 61 EN, 3 EW, 93 VU, 66 NT, 49 LC (3 DD left out) -> ΣW = 714 over 338 species.
    # 2014: 65 CR, 1 CR(PE), 3 CR(PEW), 69 EN, 4 EW, 84 VU, 65 NT, 47 LC -> ΣW = 740.
    assert out["value"].tolist() == pytest.approx([1 - 714 / 1690, 1 - 740 / 1690], abs=1e-15)
    assert out["value"].tolist() == pytest.approx([0.5775147928994083, 0.5621301775147929], abs=1e-12)
    assert out["n"].tolist() == [338, 338]


# --------------------------------------------------------------------------------------------
# Real data in ../shared (skipped when absent, failing when CI is set)


def shared_file(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing, and CI may not skip real-data tests")
        pytest.skip(f"{path} not present (real-data tests read ../shared beside the repository)")
    return path


@pytest.fixture(scope="module")
def iucn_long() -> pd.DataFrame:
    return read_iucn_long(shared_file("realdata", "iucn_rli_2023", "species_red_list_category_list.csv"))


def simple_rli_by_group(frame: pd.DataFrame) -> dict[tuple[str, int], float]:
    """The index the plain way: a dictionary of weights and a loop over rows."""
    weights = {"LC": 0, "NT": 1, "VU": 2, "EN": 3, "CR": 4, "CR(PE)": 5, "CR(PEW)": 5, "EW": 5, "EX": 5}
    totals: dict[tuple[str, int], list[int]] = {}
    for group, year, category in zip(frame["taxonomic_group"], frame["year"], frame["category"], strict=True):
        if category in weights:
            totals.setdefault((group, int(year)), []).append(weights[category])
    return {key: 1 - sum(w) / (5 * len(w)) for key, w in totals.items()}


@pytest.mark.realdata
def test_every_group_year_of_the_iucn_data(iucn_long: pd.DataFrame) -> None:
    out = run(iucn_long).set_index(["taxonomic_group", "year"])
    expected = simple_rli_by_group(iucn_long)
    assert set(out.index) == set(expected) and len(out) == 18
    for key, value in expected.items():
        assert out.loc[key, "value"] == pytest.approx(value, abs=1e-12), key
    pinned = {
        ("Amphibian", 1980): 0.7647423261053225,
        ("Amphibian", 2022): 0.7342157138834131,
        ("Bird", 1988): 0.9119297302142153,
        ("Bird", 2024): BIRDS_2024_DD_REMOVED,
        ("Coral", 2008): 0.8088068181818182,
        ("Mammal", 1996): 0.8487864077669903,
    }
    for key, value in pinned.items():
        assert out.loc[key, "value"] == pytest.approx(value, abs=1e-9), key
    assert out.loc[("Bird", 2024), "value"] == pytest.approx(BIRDS_2024_DD_REMOVED, abs=1e-15)
    assert out.groupby(level=0)["n"].first().to_dict() == {
        "Amphibian": 7102, "Bird": 11157, "Coral": 704, "Cycad": 338, "Mammal": 4944,
    }  # fmt: skip


@pytest.mark.realdata
def test_backcasting_the_derived_files_gives_the_long_file(iucn_long: pd.DataFrame) -> None:
    derived = shared_file("realdata", "iucn_rli_2023", "derived")
    long = rli.backcast_categories(
        pd.read_csv(derived / "latest_categories.csv", keep_default_na=False),
        pd.read_csv(derived / "genuine_changes.csv", keep_default_na=False),
        pd.read_csv(derived / "assessment_years.csv", keep_default_na=False),
    )
    columns = ["taxon_id", "taxonomic_group", "year", "category"]
    ordered = iucn_long[columns].sort_values(columns[:3], ignore_index=True)
    assert len(long) == len(ordered) == 138_786
    pd.testing.assert_frame_equal(
        long.sort_values(columns[:3], ignore_index=True), ordered, check_dtype=False
    )


@pytest.fixture(scope="module")
def published_world() -> pd.Series:
    path = shared_file("realdata", "published_figures", "sdg_15_5_1_world_rli.csv")
    return pd.read_csv(path).set_index("year")["rli_published_2dp"]


@pytest.mark.realdata
@pytest.mark.parametrize("seed", [20240827, 7, 1])
def test_aggregate_reproduces_the_published_sdg_series(
    iucn_long: pd.DataFrame, published_world: pd.Series, seed: int
) -> None:
    # The converged medians of 2014 and 2017 lie 1.5e-4 and 1.8e-4 from a rounding boundary. At
    # 100,000 repetitions the Monte Carlo sd of the median is 2.8e-5 and 4.2e-5 there (5 seeds), so
    # seeds reproduce all 32 years; at 1,000 (BirdLife's count) only 24 of 60 seeds did.
    result = rli.compute(
        {"redlist_assessments": iucn_long}, aggregate=True, dd="impute", repetitions=100_000, seed=seed
    )
    ours = result.frame.set_index("year")
    assert ours.index.tolist() == list(range(1993, 2025)) == published_world.index.tolist()
    assert (ours["value"].round(2) == published_world).all(), ours["value"][
        ours["value"].round(2) != published_world
    ]
    assert ((ours["lower"] < ours["value"]) & (ours["value"] < ours["upper"])).all()


@pytest.mark.realdata
def test_aggregate_at_default_repetitions_reproduces_the_published_series_for_any_seed(
    iucn_long: pd.DataFrame, published_world: pd.Series
) -> None:
    # 20,000 repetitions by default: the median's Monte Carlo sd is about 1e-4 (measured over 20
    # seeds: at most 1.04e-4; 4.9e-5 in 2014 and 6.6e-5 in 2017, 3 and 2.8 sd from the rounding
    # boundary); all 20 seeds reproduced the 32 published years.
    runs = pd.concat(
        [run(iucn_long, aggregate=True, dd="impute", seed=seed).set_index("year")["value"] for seed in (0, 1, 2)],
        axis=1,
    )
    assert (runs.round(2).eq(published_world, axis=0)).all().all()
    assert (runs.max(axis=1) - runs.min(axis=1)).max() < 6e-4  # the three seeds agree to a few sd


def test_aggregate_repetitions_default_to_twenty_thousand() -> None:
    result = rli.compute({"redlist_assessments": HAND_WORKED}, aggregate=True, seed=1)
    assert any("20000 repetitions" in note or "20,000 repetitions" in note for note in result.notes)
    by_group = rli.compute({"redlist_assessments": HAND_WORKED}, dd="impute", seed=1)
    assert any("1000 repetitions" in note or "1,000 repetitions" in note for note in by_group.notes)


def test_stratified_normal_deviates_take_one_from_each_stratum() -> None:
    from scipy.special import ndtr

    z = rli.stratified_normal(1000, rng=np.random.default_rng(4))
    strata = np.floor(ndtr(z) * 1000).astype(int)
    assert sorted(strata.tolist()) == list(range(1000))  # exactly one deviate per 1/1000 of probability
    assert abs(z.mean()) < 0.01 and abs(z.std() - 1) < 0.01
    assert not np.all(np.diff(z) > 0)  # shuffled, not sorted


def test_imputed_weight_sums_have_the_multivariate_hypergeometric_moments() -> None:
    pool = np.array([3000, 500, 0, 300, 200, 100])  # non-DD species by weight 0..5
    draws, n = 909, pool.sum()
    sums = rli.imputed_weight_sums(pool, draws, repetitions=200_000, rng=np.random.default_rng(8))
    weights = np.repeat(np.arange(6), pool)
    mean = draws * weights.mean()
    variance = draws * weights.var() * (n - draws) / (n - 1)  # finite-population correction
    assert sums.mean() == pytest.approx(mean, abs=5 * np.sqrt(variance / 200_000))
    assert sums.var() == pytest.approx(variance, rel=0.02)
    assert np.all(sums % 1 == 0) and sums.min() >= 0 and sums.max() <= 5 * draws
    # all of a small pool taken: no randomness left
    assert set(rli.imputed_weight_sums(np.array([1, 1, 1, 1, 1, 1]), 6, repetitions=50, rng=np.random.default_rng(0))) == {15}


# --------------------------------------------------------------------------------------------
# Scale and metadata


def test_by_group_index_of_sixty_thousand_species_counts_every_assessed_one() -> None:
    """National scale in one call (its time is judged by make bench on the national database)."""
    rng = np.random.default_rng(0)
    codes = np.array(["LC", "NT", "VU", "EN", "CR", "CR(PE)", "EX", "DD"])
    species = 60_000
    base = rng.choice(codes, species, p=[0.6, 0.1, 0.1, 0.08, 0.05, 0.01, 0.01, 0.05])
    groups = np.array(["Bird", "Mammal", "Amphibian", "Reptile", "Fish", "Plant"])[
        rng.integers(0, 6, species)
    ]
    frame = pd.concat(
        [
            pd.DataFrame(
                {"taxon_id": np.arange(species), "taxonomic_group": groups, "year": year, "category": base}
            )
            for year in (2005, 2010, 2015, 2020)
        ],
        ignore_index=True,
    )
    out = run(frame)
    assert len(out) == 24 and out["n"].sum() == 4 * (base != "DD").sum()


def test_metadata_sheet_validates() -> None:
    meta = load_metadata("red_list_index")
    assert meta.gbf_code == "A.3" and meta.gbf_targets == ["A", "4"]
    assert (
        meta.name.ko == "적색목록지수" and meta.progress is not None and meta.progress.direction == "increase"
    )
    assert meta.simplifications and meta.caveats and meta.disaggregations == ["taxonomic_group"]


def test_korean_notes_name_the_groups_in_korean() -> None:
    """The species page's notes in Korean listed 'Algae 92, Amphibians 18, …'."""
    frame = long_frame({"Vascular plants": {1: ["LC", "LC"], 2: ["EN", "CR"]}, "Birds": {3: ["VU", "VU"], 4: ["DD", "DD"]}},
                       {"Vascular plants": [2010, 2020], "Birds": [2010, 2020]})
    notes = rli.compute({"redlist_assessments": frame}, by="taxonomic_group").notes
    korean = " ".join(note.text("ko") for note in notes)
    english = " ".join(note.text("en") for note in notes)
    assert "관속식물 2" in korean and "조류 1" in korean and "Vascular plants" not in korean
    assert "Vascular plants 2" in english and "Birds 1" in english


def test_the_no_index_note_names_each_group_and_year_in_its_language() -> None:
    frame = long_frame({"Vascular plants": {1: ["DD", "DD"], 2: ["DD", "DD"]}, "Birds": {3: ["VU", "VU"]}},
                       {"Vascular plants": [2010, 2020], "Birds": [2010, 2020]})
    notes = rli.compute({"redlist_assessments": frame}, by="taxonomic_group").notes
    note = next(note for note in notes if "No index" in note)
    assert "Vascular plants 2010" in note.text("en") and "관속식물 2010" in note.text("ko")
