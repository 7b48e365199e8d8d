"""The C-library elementary functions the LPI port uses so its bits are R's on any CPU."""

from __future__ import annotations

import math

import numpy as np

from indicators import libm


def test_functions_are_the_c_library_s_bit_for_bit() -> None:
    values = np.random.default_rng(7).random(20_000) * 1000 + 1e-3
    exponents = np.random.default_rng(8).random(20_000) * 3 - 1.5
    assert np.array_equal(libm.log10(values), [math.log10(v) for v in values])
    assert np.array_equal(libm.log(values), [math.log(v) for v in values])
    assert np.array_equal(libm.exp(values / 100), [math.exp(v / 100) for v in values])
    assert np.array_equal(libm.power(values, exponents), [math.pow(v, e) for v, e in zip(values, exponents, strict=True)])


def test_special_values_follow_r() -> None:
    logged = libm.log(np.array([0.0, -1.0, np.inf, np.nan]))
    assert logged[0] == -np.inf and np.isnan(logged[1]) and logged[2] == np.inf and np.isnan(logged[3])
    assert libm.log10(np.array([0.0]))[0] == -np.inf
    assert libm.exp(np.array([1000.0, -np.inf]))[0] == np.inf
    assert libm.exp(np.array([-np.inf]))[0] == 0.0
    powered = libm.power(np.array([1.0, 2.0, 10.0, 10.0, -8.0]), np.array([np.nan, 0.0, 400.0, np.nan, 0.5]))
    assert powered[0] == 1.0 and powered[1] == 1.0  # R: 1^NaN and x^0 are 1
    assert powered[2] == np.inf and np.isnan(powered[3]) and np.isnan(powered[4])
    assert libm.power(10.0, np.array([[0.5, 2.0]])).shape == (1, 2)
