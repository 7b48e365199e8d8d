"""The system LAPACK's symmetric eigensolver, called exactly as R's ``eigen(symmetric = TRUE)`` calls it.

Why this exists: mgcv's ``bs = "cs"`` smooth (rlpi's residual check) shrinks the two null-space
eigenvectors of its penalty by different factors in the order ``eigen()`` returns them, and that
order is decided by two eigenvalues that are pure rounding noise (about 1e-15 of the largest). So
R's own answer depends on the LAPACK it is linked to. On Debian, R uses the system's
``liblapack.so.3`` (reference LAPACK 3.11 from package ``liblapack3``); calling the same ``dsyevr``
with the same arguments on the same bits reproduces R's choice, and with it rlpi's set of accepted
GAMs. Where no system LAPACK can be loaded the caller falls back to a documented portable rule.

Only the order is taken from LAPACK; the vectors themselves are built exactly elsewhere.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache

import numpy as np

_INT = ctypes.c_int
_DOUBLE = ctypes.c_double
_DOUBLE_P = np.ctypeslib.ndpointer(dtype=np.float64, flags="F_CONTIGUOUS")
_INT_P = np.ctypeslib.ndpointer(dtype=np.int32, flags="C_CONTIGUOUS")
_BYREF = ctypes.POINTER


@cache
def _dsyevr() -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]
    """``dsyevr_`` of the system LAPACK (what R links to on Debian), or None when there is none."""
    for name in ("liblapack.so.3", ctypes.util.find_library("lapack")):
        if not name:
            continue
        try:
            library = ctypes.CDLL(name)
            function = library.dsyevr_
        except (OSError, AttributeError):
            continue
        # Fortran: every argument by reference, then the hidden lengths of the three strings (gfortran).
        function.restype = None
        function.argtypes = [
            ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,  # jobz, range, uplo
            _BYREF(_INT), _DOUBLE_P, _BYREF(_INT),  # n, a, lda
            _BYREF(_DOUBLE), _BYREF(_DOUBLE), _BYREF(_INT), _BYREF(_INT),  # vl, vu, il, iu
            _BYREF(_DOUBLE), _BYREF(_INT), _DOUBLE_P,  # abstol, m, w
            _DOUBLE_P, _BYREF(_INT), _INT_P,  # z, ldz, isuppz
            _DOUBLE_P, _BYREF(_INT), _INT_P, _BYREF(_INT),  # work, lwork, iwork, liwork
            _BYREF(_INT),  # info
            ctypes.c_size_t, ctypes.c_size_t, ctypes.c_size_t,
        ]  # fmt: skip
        return function
    return None


def system_lapack_available() -> bool:
    """True when the system LAPACK's ``dsyevr`` can be called."""
    return _dsyevr() is not None


def eigen_symmetric(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """R's ``eigen(matrix, symmetric = TRUE)``: values in decreasing order and their vectors (columns).

    Same call as R's ``La_rs``: ``dsyevr`` with jobz "V", range "A", uplo "L", abstol 0 on a
    column-major copy, after a workspace query; then the order reversed as ``eigen()`` does.
    Raises RuntimeError when no system LAPACK is available.
    """
    function = _dsyevr()
    if function is None:
        raise RuntimeError("no system LAPACK (liblapack.so.3) could be loaded")
    n = matrix.shape[0]
    a = np.array(matrix, dtype=np.float64, order="F", copy=True)
    values = np.zeros(n, order="F")
    vectors = np.zeros((n, n), order="F")
    isuppz = np.zeros(2 * n, dtype=np.int32)
    size, lda, zero_i, m, info = _INT(n), _INT(n), _INT(0), _INT(0), _INT(0)
    zero_d, abstol = _DOUBLE(0.0), _DOUBLE(0.0)

    def call(work: np.ndarray, lwork: int, iwork: np.ndarray, liwork: int) -> None:
        function(
            b"V", b"A", b"L", ctypes.byref(size), a, ctypes.byref(lda),
            ctypes.byref(zero_d), ctypes.byref(zero_d), ctypes.byref(zero_i), ctypes.byref(zero_i),
            ctypes.byref(abstol), ctypes.byref(m), values, vectors, ctypes.byref(lda), isuppz,
            work, ctypes.byref(_INT(lwork)), iwork, ctypes.byref(_INT(liwork)), ctypes.byref(info),
            1, 1, 1,
        )  # fmt: skip
        if info.value != 0:
            raise RuntimeError(f"LAPACK dsyevr returned info = {info.value}")

    work_query, iwork_query = np.zeros(1, order="F"), np.zeros(1, dtype=np.int32)
    call(work_query, -1, iwork_query, -1)
    call(
        np.zeros(int(work_query[0]), order="F"),
        int(work_query[0]),
        np.zeros(int(iwork_query[0]), dtype=np.int32),
        int(iwork_query[0]),
    )
    return values[::-1].copy(), vectors[:, ::-1].copy()
