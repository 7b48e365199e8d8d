"""Elementwise log, log10, exp and power computed by the C library, as R computes them.

Why not numpy's ufuncs: on CPUs with AVX-512 numpy switches to its own vectorised
implementations, which differ from the C library in the last bit for a few per cent of inputs
(measured: log10 4 %, exp 5 %, pow 5 % of random doubles). R's ``log``, ``log10``, ``exp`` and
``^`` call the C library, and rlpi takes discrete decisions on those bits (rates of exactly -1
dropped by the legacy rule, equal log-counts, the GCV optimiser's comparisons). Python's ``math``
functions call the same C library, so looping over them reproduces R's numbers on any CPU.
Special values follow R: log of 0 is -Inf, of a negative number NaN; exp overflows to Inf.

>>> float(log10(np.array([1000.0]))[0]), float(exp(np.array([0.0]))[0])
(3.0, 1.0)
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

_EXP_OVERFLOW = 709.782712893384  # log(DBL_MAX): math.exp raises above it, R gives Inf


def _elementwise(function: Callable[[float], float], values: np.ndarray, usable: np.ndarray) -> np.ndarray:
    """``function`` of each usable element by the C library; the rest keep numpy's special value."""
    out = np.array(values, dtype=float, copy=True)
    picked = out[usable]
    out[usable] = np.fromiter(map(function, picked.tolist()), dtype=float, count=picked.size)
    return out


def _positive_domain(function: Callable[[float], float], numpy_function: np.ufunc, values: np.ndarray) -> np.ndarray:
    """A logarithm: the C library's for finite positive values; numpy's -Inf/NaN/Inf for the rest."""
    values = np.asarray(values, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        special = numpy_function(values)
    usable = np.isfinite(values) & (values > 0)
    return np.where(usable, _elementwise(function, values, usable), special)


def log(values: np.ndarray) -> np.ndarray:
    """Natural logarithm (R's ``log``)."""
    return _positive_domain(math.log, np.log, values)


def log10(values: np.ndarray) -> np.ndarray:
    """Common logarithm (R's ``log10``)."""
    return _positive_domain(math.log10, np.log10, values)


def exp(values: np.ndarray) -> np.ndarray:
    """Exponential (R's ``exp``)."""
    values = np.asarray(values, dtype=float)
    with np.errstate(over="ignore"):
        special = np.exp(values)
    usable = np.isfinite(values) & (values < _EXP_OVERFLOW)
    return np.where(usable, _elementwise(math.exp, values, usable), special)


def power(base: np.ndarray | float, exponent: np.ndarray | float) -> np.ndarray:
    """``base ^ exponent`` as R's ``R_pow``: 1 when base is 1 or exponent 0, else the C library's ``pow``."""
    base_b, exponent_b = np.broadcast_arrays(np.asarray(base, dtype=float), np.asarray(exponent, dtype=float))
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        special = np.power(base_b, exponent_b)
    usable = np.isfinite(base_b) & np.isfinite(exponent_b) & (base_b > 0)
    out = special.copy()
    pairs = zip(base_b[usable].tolist(), exponent_b[usable].tolist(), strict=True)
    out[usable] = np.fromiter((_pow(b, e) for b, e in pairs), dtype=float, count=int(usable.sum()))
    out[(base_b == 1.0) | (exponent_b == 0.0)] = 1.0
    return out


def _pow(base: float, exponent: float) -> float:
    try:
        return math.pow(base, exponent)
    except OverflowError:
        return math.inf
