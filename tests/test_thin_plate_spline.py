"""The mgcv-equivalent penalised regression splines against numbers computed by R's mgcv 1.8-41.

Reference fits are in tests/fixtures/living_planet_index/mgcv_*.csv (see the README there): for each
series, ``gam(y ~ s(x, k = round(n/2)))`` and the rlpi residual check
``gam(resid ~ s(x, k = n, bs = "cs"), gamma = 1.4)``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from indicators import penalised_regression_spline as prs

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "living_planet_index"
SERIES = pd.read_csv(FIXTURES / "mgcv_series.csv")
FITS = pd.read_csv(FIXTURES / "mgcv_fits.csv")
PREDICTIONS = pd.read_csv(FIXTURES / "mgcv_predictions.csv")
SERIES_NAMES = list(dict.fromkeys(SERIES["series"]))


def _series(name: str) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    rows = SERIES.loc[SERIES["series"] == name]
    return rows["x"].to_numpy(float), rows["y"].to_numpy(float), rows


def _reference(name: str, model: str) -> pd.Series:
    return FITS.loc[(FITS["series"] == name) & (FITS["model"] == model)].iloc[0]


# ----------------------------------------------------------------------------------------------
# R numerics
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([0.1, 0.2, 0.3], 0.2),  # R: mean(c(.1,.2,.3)) == .2 is TRUE (long double), the naive mean is not
        ([1e-17, 3, 0.1, 0.7, 2.9], 1.3400000000000001),
        ([0.3, 0.6, 0.9, 1.2, 0.1], 0.62),
    ],
)
def test_r_mean_matches_r(values: list[float], expected: float) -> None:
    assert prs.r_mean(np.array(values)) == expected


def test_naive_mean_would_differ_from_r() -> None:
    assert sum([0.1, 0.2, 0.3]) / 3 != 0.2


@pytest.mark.parametrize(("n", "k"), [(5, 2), (6, 3), (7, 4), (9, 4), (11, 6), (12, 6), (13, 6)])
def test_basis_size_rounds_half_to_even_like_r(n: int, k: int) -> None:
    assert prs.r_round(n / 2) == k


def test_row_means_agree_with_r_mean() -> None:
    rng = np.random.default_rng(1)
    values = rng.random((5, 9))
    mask = rng.random((5, 9)) > 0.3
    got = prs.r_row_means(values, mask)
    expected = [prs.r_mean(v[m]) for v, m in zip(values, mask, strict=True)]
    assert np.array_equal(got, expected)


# ----------------------------------------------------------------------------------------------
# Bases
# ----------------------------------------------------------------------------------------------


def test_lanczos_finds_the_largest_magnitude_eigenpairs() -> None:
    rng = np.random.default_rng(2)
    a = rng.normal(size=(12, 12))
    a = a + a.T
    values, vectors = prs.lanczos_largest_magnitude(a[None], 5)
    exact = np.linalg.eigvalsh(a)
    wanted = exact[np.argsort(-np.abs(exact))[:5]]
    assert np.allclose(np.sort(values[0]), np.sort(wanted), rtol=1e-10)
    assert np.allclose(a @ vectors[0], vectors[0] * values[0], atol=1e-9)
    # mgcv's order: positive values decreasing, then negative ones
    positive = values[0][values[0] > 0]
    assert np.all(np.diff(positive) < 0) and np.all(values[0][len(positive) :] < 0)


def test_tprs_design_absorbs_the_sum_to_zero_constraint() -> None:
    x = np.array([1970.0, 1971, 1973, 1976, 1980, 1981, 1985, 1990])
    design = prs.tprs_design(x, 4)
    assert design.model_matrix.shape == (8, 4)
    assert np.allclose(design.model_matrix[:, 0], 1.0)
    assert np.allclose(design.model_matrix[:, 1:].sum(axis=0), 0.0, atol=1e-10)


def test_tprs_penalty_leaves_straight_lines_unpenalised() -> None:
    x = np.arange(1980.0, 1994.0)
    design = prs.tprs_design(x, 7)
    penalty = design.penalty
    assert np.allclose(penalty, penalty.T)
    assert np.linalg.eigvalsh(penalty).min() > -1e-9 * np.abs(penalty).max()
    assert design.penalty_rank == 7 - 2
    line, *_ = np.linalg.lstsq(design.model_matrix, x - x.mean(), rcond=None)
    assert np.allclose(design.model_matrix @ line, x - x.mean(), atol=1e-8)
    assert abs(line @ penalty @ line) < 1e-8 * np.abs(penalty).max() * (line @ line)


def test_cs_design_penalises_everything_but_the_intercept() -> None:
    x = np.array([2001.0, 2002, 2004, 2005, 2006, 2008, 2009])
    design = prs.cs_design(x)
    assert design.fully_penalised
    values = np.linalg.eigvalsh(design.penalty[1:, 1:])
    assert values.min() > 0


def test_designs_are_cached_by_covariate_values() -> None:
    x = np.array([1990.0, 1991, 1993, 1994, 1996, 1999])
    assert prs.tprs_design(x, 3) is prs.tprs_design(x.copy(), 3)


def test_too_large_basis_is_rejected() -> None:
    with pytest.raises(ValueError, match="basis dimension"):
        prs.tprs_design(np.arange(5.0), 5)


# ----------------------------------------------------------------------------------------------
# Fits against mgcv
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SERIES_NAMES)
def test_thin_plate_fit_matches_mgcv(name: str) -> None:
    x, y, rows = _series(name)
    reference = _reference(name, "tp")
    design = prs.tprs_design(x, int(reference["k"]))
    fit = prs.fit_gcv(design, y)
    assert fit.log_sp[0] == pytest.approx(reference["log_sp"], abs=1e-6)
    assert fit.edf[0] == pytest.approx(reference["edf"], abs=1e-7)
    assert fit.gcv[0] == pytest.approx(reference["gcv"], rel=1e-9)
    fitted = design.model_matrix @ fit.coefficients[0]
    assert np.allclose(fitted, rows["fitted"], rtol=0, atol=1e-9)


@pytest.mark.parametrize("name", SERIES_NAMES)
def test_predictions_on_every_year_match_mgcv(name: str) -> None:
    x, y, _ = _series(name)
    grid = PREDICTIONS.loc[PREDICTIONS["series"] == name]
    predicted, _ = prs.smooth_series(x, y, prs.r_round(len(x) / 2), grid["x"].to_numpy(float))
    assert np.allclose(predicted, grid["predicted"], rtol=0, atol=1e-9)


@pytest.mark.parametrize("name", SERIES_NAMES)
def test_residual_check_matches_mgcv(name: str) -> None:
    x, _, rows = _series(name)
    reference = _reference(name, "cs")
    fit = prs.fit_gcv(prs.cs_design(x), rows["residual"].to_numpy(float), gamma=1.4)
    assert fit.edf[0] == pytest.approx(reference["edf"], abs=1e-6)
    assert (abs(fit.edf[0] - 1) < 0.01) == (abs(reference["edf"] - 1) < 0.01)


def test_batched_fits_equal_single_fits() -> None:
    names = SERIES_NAMES[:4]
    designs, responses = [], []
    for name in names:
        x, y, _ = _series(name)
        designs.append(prs.tprs_design(x, prs.r_round(len(x) / 2)))
        responses.append(np.vstack([y, 2 * y]))
    batch = prs.fit_gcv_batch(designs, responses)
    for design, y, fits in zip(designs, responses, batch, strict=True):
        for row in range(2):
            single = prs.fit_gcv(design, y[row])
            assert fits.log_sp[row] == pytest.approx(single.log_sp[0], abs=1e-9)
            assert np.allclose(fits.coefficients[row], single.coefficients[0], atol=1e-9)


def test_gcv_derivatives_agree_with_finite_differences() -> None:
    x, y, _ = _series("hump")
    design = prs.tprs_design(x, 12)
    factor = design.factor
    assert factor is not None
    qty = y @ factor.q
    z = (qty @ factor.u)[None]
    rss0 = np.array([np.sum((y - qty @ factor.q.T) ** 2)])
    problems = prs.GcvProblems(
        factor.eigenvalues[None], z, rss0, np.array([len(y) * 1.0]), 1.0, np.ones_like(z)
    )
    for rho in (-6.0, -2.0, 1.0, 4.0):
        h = 1e-4
        grad, hess = problems.derivatives(np.array([rho]))
        up, down = (problems.scores(np.array([rho + s]))[0][0] for s in (h, -h))
        mid = problems.scores(np.array([rho]))[0][0]
        assert grad[0] == pytest.approx((up - down) / (2 * h), rel=1e-5, abs=1e-12)
        assert hess[0] == pytest.approx((up - 2 * mid + down) / h**2, rel=1e-3, abs=1e-9)


def test_straight_data_push_the_smoothing_parameter_to_its_upper_end() -> None:
    x = np.arange(2000.0, 2012.0)
    y = 0.3 * (x - 2000) + np.array(
        [0.01, -0.02, 0.0, 0.015, -0.01, 0.0, 0.02, -0.015, 0.0, 0.01, -0.01, 0.005]
    )
    _, fit = prs.smooth_series(x, y, 6, x)
    assert fit.edf[0] == pytest.approx(2.0, abs=1e-5)
    assert fit.log_sp[0] > 10


def test_cs_null_space_pair_is_the_projection_of_e1_and_its_complement() -> None:
    x = np.array([[1970.0, 1972, 1973, 1977, 1981, 1990, 1991, 2001], [1.0, 2, 3, 4, 5, 6, 7, 8]])
    knots = prs._r_quantile_knots(x, x.shape[1])
    penalty, _ = prs._cr_penalty_and_map(knots)
    pair = prs._null_space_pair(knots)
    for i in range(x.shape[0]):
        scale = np.abs(penalty[i]).max()
        assert np.abs(penalty[i] @ pair[i]).max() < 1e-12 * scale  # null vectors of the penalty
        np.testing.assert_allclose(pair[i].T @ pair[i], np.eye(2), atol=1e-14)
        basis = np.linalg.qr(np.column_stack([np.ones(8), x[i]]))[0]
        e1 = basis @ basis[0]
        assert abs(pair[i][:, 1] @ e1) / np.linalg.norm(e1) == pytest.approx(1.0, abs=1e-14)
        # the default order gives the larger shrinkage (first column) to the straighter vector
        line = x[i] - x[i].mean()
        ordered = prs.straighter_first(pair[i][None], x[i][None])[0]
        assert (ordered[:, 0] @ line) ** 2 >= (ordered[:, 1] @ line) ** 2


def test_null_space_order_can_be_replaced_and_restored() -> None:
    x = np.array([1990.0, 1991, 1993, 1996, 1997, 2001, 2002, 2006, 2007, 2011])
    y = np.sin(x / 2.0)
    default_design = prs.cs_design(x)
    default = prs.fit_gcv(default_design, y[None, :], gamma=1.4)
    previous = prs.use_null_space_order(
        lambda vectors, x, penalty: prs.DEFAULT_NULL_SPACE_ORDER(vectors, x, penalty)[:, :, ::-1].copy()
    )
    try:
        assert previous is prs.DEFAULT_NULL_SPACE_ORDER
        swapped_design = prs.cs_design(x)
    finally:
        prs.use_null_space_order(previous)
    assert swapped_design is not default_design  # the cache was cleared, the design rebuilt
    difference = np.abs(swapped_design.penalty - default_design.penalty).max()
    assert difference > 1e-6 * np.abs(default_design.penalty).max()  # the two orders penalise differently
    restored = prs.cs_design(x)
    np.testing.assert_array_equal(restored.penalty, default_design.penalty)
    again = prs.fit_gcv(restored, y[None, :], gamma=1.4)
    np.testing.assert_array_equal(again.edf, default.edf)
