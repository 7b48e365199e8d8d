"""One-dimensional penalised regression splines with GCV smoothness selection, as R's mgcv fits them.

The Living Planet Index (rlpi) smooths each population with ``mgcv::gam(y ~ s(x, k))`` and checks the
fit with ``gam(resid ~ s(x, k = n, bs = "cs"), gamma = 1.4)``. To reproduce those numbers in Python
this module re-implements, for the one-dimensional single-smooth Gaussian case only:

- the thin plate regression spline basis of Wood (2003) as mgcv builds it
  (``smooth.construct.tp.smooth.spec`` and its C routine ``construct_tprs``): radial basis
  ``eta(r) = r^3 / 12`` (penalty order m = 2), truncated to the k largest-magnitude eigenvectors of
  the radial matrix found by mgcv's own Lanczos iteration, null-space constraint absorbed by
  Householder reflections, columns rescaled to unit root mean square;
- the shrinkage cubic regression spline ``bs = "cs"`` (``smooth.construct.cr.smooth.spec`` with
  knots at the data, penalty ``D'B^-1 D`` of Wood 2017 section 5.3.1, null-space eigenvalues replaced
  by 0.1 and 0.01 times the smallest positive one; which null-space eigenvector gets which factor
  is rounding noise in R, taken from the system LAPACK as R does, see :func:`system_lapack_order`);
- ``smoothCon``'s penalty scaling and sum-to-zero identifiability constraint;
- ``initial.sp`` starting values and the ``magic`` GCV optimiser that ``gam(method = "GCV.Cp")``
  uses for Gaussian additive models (Wood 2004; ``gam.fit``): Newton steps on log(sp) backed by
  steepest descent, step halving, the final push towards sp = 0 or infinity, and its SVD rank
  truncation.

Why so literal: GCV often has several local minima for short series (a wiggly fit and a straight
line), so which one ``magic`` lands on depends on its starting value and steps, and those depend on
the basis. Each GCV evaluation here uses an eigen-decomposition of the penalty in the metric of the
design, so it costs O(k) (Wood 2017, section 6.2.4), bases of the same size are built together, and
many series are solved at once by running the optimiser in lock step.

References: Wood S.N. (2003) Thin plate regression splines. JRSS B 65:95-114. Wood S.N. (2004)
Stable and efficient multiple smoothing parameter estimation for generalized additive models.
JASA 99:673-686. Wood S.N. (2017) Generalized Additive Models: an introduction with R, 2nd ed.
mgcv 1.8-41: smooth.construct.tp.smooth.spec, smooth.construct.cr.smooth.spec, smoothCon,
initial.sp, magic, gam.fit; C sources tprs.c, mat.c (Rlanczos), magic.c, mgcv.c (getFS, crspl).

>>> x = np.arange(2000.0, 2012.0)
>>> y = np.log([5, 7, 6, 9, 12, 10, 14, 13, 17, 20, 19, 24])
>>> fitted, fit = smooth_series(x, y, k=6, x_new=x)
>>> round(float(fit.edf[0]), 4)
2.0
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from scipy.linalg import lapack

from indicators import libm
from indicators.system_lapack import eigen_symmetric, system_lapack_available

MACHINE_EPS = float(np.finfo(float).eps)
LANCZOS_TOL = MACHINE_EPS**0.7  # tprs_setup: tol = pow(DOUBLE_EPS, .7)
RANK_TOL = MACHINE_EPS**0.5  # gam.control()$rank.tol
GCV_TOL = 1e-7  # gam.control()$mgcv.tol
MAX_HALVINGS = 15  # gam.control()$mgcv.half
MAX_NEWTON_STEP = 5.0  # magic.c: Newton steps are scaled to a largest component of 5
BOUNDARY_STEP = 2.0  # magic.c: steps in log(sp) when pushing towards sp = 0 or infinity
BOUNDARY_TRIES = 5
MAX_ITERATIONS = 400  # magic.c gives up after 400 iterations
CS_SHRINK = 0.1  # smooth.construct.cs.smooth.spec: attr(object, "shrink")
START_TARGET = 0.4  # initial.sp: mean(ldxx / (ldxx + ldss)) is moved across 0.4 by decades
N_NULL_TPRS = 2  # penalty null space of a 1-D thin plate spline with m = 2: constant and line
TRUNCATION_MARGIN = 0.9  # rank truncation is examined from 90 % of its limiting sp (d_min^2 is within 1e-10 of its limit there)
CACHE_SIZE = 8192
WIDTH_BANDS = ((0, 12), (12, 24), (24, 48), (48, 1 << 30))  # problems solved together, by coefficient count


# --------------------------------------------------------------------------------------------
# R numerics that decide discrete branches (exact zeros, threshold comparisons)
# --------------------------------------------------------------------------------------------


def r_mean(values: np.ndarray) -> float:
    """R's ``mean()`` of doubles: long-double sum, divide, then one long-double correction pass."""
    x = np.asarray(values, dtype=np.longdouble)
    n = x.shape[0]
    s = np.cumsum(x)[-1] / n
    if np.isfinite(s):
        s = s + np.cumsum(x - s)[-1] / n
    return float(s)


def r_row_means(values: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    """R's ``mean()`` of each row (of the entries where ``mask`` is true), vectorised."""
    x = np.asarray(values, dtype=np.longdouble)
    keep = np.ones(x.shape, dtype=bool) if mask is None else mask
    n = keep.sum(axis=1)
    s = np.cumsum(np.where(keep, x, 0), axis=1)[:, -1] / n
    s = s + np.cumsum(np.where(keep, x - s[:, None], 0), axis=1)[:, -1] / n
    return s.astype(float)


def r_col_sums(matrix: np.ndarray) -> np.ndarray:
    """R's ``colSums()``: a sequential long-double sum down each column (last-but-one axis)."""
    return np.cumsum(np.asarray(matrix, dtype=np.longdouble), axis=-2)[..., -1, :].astype(float)


def r_col_means(matrix: np.ndarray) -> np.ndarray:
    """R's ``colMeans()``: the long-double column sum divided by the row count, then rounded."""
    m = np.asarray(matrix)
    return (np.cumsum(m.astype(np.longdouble), axis=-2)[..., -1, :] / m.shape[-2]).astype(float)


def r_round(value: float) -> int:
    """R's ``round()`` to an integer: halves go to the even neighbour (IEC 60559), as Python does."""
    return int(round(value))


# --------------------------------------------------------------------------------------------
# Lanczos and Householder steps of mgcv's C code, vectorised over a batch of same-size problems
# --------------------------------------------------------------------------------------------


def lanczos_largest_magnitude(
    a: np.ndarray, m: int, tol: float = LANCZOS_TOL
) -> tuple[np.ndarray, np.ndarray]:
    """The m largest-magnitude eigenpairs of each symmetric matrix in ``a`` (B, n, n), as mgcv's ``Rlanczos``.

    Same deterministic start vector, full re-orthogonalisation, convergence test (including its
    use of ``err[ni]`` for the negative end) and LAPACK ``dstedc`` on the final tridiagonal matrix,
    so the eigenvectors come out with mgcv's signs and order: the positive ones in decreasing
    order, then the negative ones. Returns values (B, m) and vectors (B, n, m).
    """
    b, n, _ = a.shape
    f_check = min(max(m // 2, 10), max(n // 10, 1))
    start = np.empty(n)
    jran = 1
    for i in range(n):
        jran = (jran * 106 + 1283) % 6075
        start[i] = jran / 6075 - 0.5
    q = np.zeros((b, n, n))
    q[:, 0, :] = start / np.sqrt(np.sum(start * start))
    alpha = np.zeros((b, n))
    beta = np.zeros((b, n))
    steps = np.full(b, n)
    top = np.full(b, m)
    bottom = np.zeros(b, dtype=int)
    done = np.zeros(b, dtype=bool)
    for j in range(n):
        z = np.einsum("bik,bk->bi", a, q[:, j])
        alpha[:, j] = np.einsum("bi,bi->b", q[:, j], z)
        z -= alpha[:, j, None] * q[:, j]
        if j:
            z -= beta[:, j - 1, None] * q[:, j - 1]
            for _ in range(2):
                z -= np.einsum("bji,bj->bi", q[:, : j + 1], np.einsum("bji,bi->bj", q[:, : j + 1], z))
        beta[:, j] = np.sqrt(np.einsum("bi,bi->b", z, z))
        if j < n - 1:
            q[:, j + 1] = z / beta[:, j, None]
        if j >= m and (j % f_check == 0 or j == n - 1):
            _check_lanczos_convergence(alpha, beta, j, m, tol, done, steps, top, bottom)
            if done.all():
                break
    values = np.empty((b, m))
    vectors = np.empty((b, n, m))
    for i in range(b):
        j = steps[i]
        d, v, info = lapack.dstevd(alpha[i, :j], beta[i, : j - 1], compute_v=1)
        if info != 0:
            raise np.linalg.LinAlgError(f"dstevd failed (info={info})")
        d, v = d[::-1], v[:, ::-1]
        columns = list(range(top[i])) + [
            j - (bottom[i] + top[i] - c) for c in range(top[i], top[i] + bottom[i])
        ]
        values[i] = d[columns]
        vectors[i] = q[i, :j].T @ v[:, columns]
    return values, vectors


def _check_lanczos_convergence(
    alpha: np.ndarray,
    beta: np.ndarray,
    j: int,
    m: int,
    tol: float,
    done: np.ndarray,
    steps: np.ndarray,
    top: np.ndarray,
    bottom: np.ndarray,
) -> None:
    """Rlanczos' test at step j: have the m largest-magnitude Ritz values converged? Updates in place."""
    open_ = np.flatnonzero(~done)
    tri = np.zeros((open_.size, j + 1, j + 1))
    idx = np.arange(j + 1)
    tri[:, idx, idx] = alpha[open_, : j + 1]
    tri[:, idx[:-1], idx[1:]] = beta[open_, :j]
    tri[:, idx[1:], idx[:-1]] = beta[open_, :j]
    w, v = np.linalg.eigh(tri)
    d = w[:, ::-1]
    err = np.abs(beta[open_, j, None] * v[:, j, ::-1])
    max_err = np.maximum(np.abs(d[:, 0]), np.abs(d[:, j])) * tol
    if j == alpha.shape[1] - 1:
        steps[open_] = j + 1  # the loop ends here whatever the test says
    # The first Ritz value examined, from either end, is tested with err[0]: a cheap early exit.
    for row in np.flatnonzero(err[:, 0] <= max_err):
        i = open_[row]
        dd, ee, limit = d[row], err[row], max_err[row]
        pi = ni = 0
        converged = True
        while pi + ni < m:
            if abs(dd[pi]) >= abs(dd[j - ni]):
                if ee[pi] > limit:
                    converged = False
                    break
                pi += 1
            else:
                if ee[ni] > limit:
                    converged = False
                    break
                ni += 1
        if converged:
            done[i] = True
            steps[i] = j + 1
            top[i], bottom[i] = pi, ni


def qt_householders(a: np.ndarray) -> np.ndarray:
    """mgcv's ``QT(Q, A, 0)`` for each (r, c) matrix in ``a`` (B, r, c): Householder vectors as rows.

    With ``H_i = I - u_i u_i'``, ``A H_0 H_1 ... = [0, T]``: row i is rotated into element c - i - 1.
    """
    work = np.array(a, dtype=float)
    b, rows, cols = work.shape
    us = np.zeros((b, rows, cols))
    for i in range(rows):
        last = cols - i - 1
        p = work[:, i, : last + 1].copy()
        scale = np.max(np.abs(p), axis=1)
        p = np.where(scale[:, None] > 0, p / np.where(scale > 0, scale, 1.0)[:, None], p)
        lsq = np.sqrt(np.sum(p * p, axis=1))
        lsq = np.where(p[:, last] < 0.0, -lsq, lsq)
        p[:, last] += lsq
        with np.errstate(divide="ignore"):
            g = np.where(lsq != 0, 1.0 / (lsq * p[:, last]), 0.0)
        for r in range(i + 1, rows):
            x = np.einsum("bk,bk->b", p, work[:, r, : last + 1]) * g
            work[:, r, : last + 1] -= x[:, None] * p
        us[:, i, : last + 1] = p * np.sqrt(g)[:, None]
    return us


def multiply_householders_right(c: np.ndarray, us: np.ndarray) -> np.ndarray:
    """``C H_0 H_1 ...`` with ``H_i = I - u_i u_i'`` (mgcv ``HQmult(C, U, 0, 0)``), batched."""
    out = np.array(c, dtype=float)
    for i in range(us.shape[1]):
        u = us[:, i]
        out -= np.einsum("bi,bj->bij", np.einsum("bij,bj->bi", out, u), u)
    return out


def multiply_householders_left_transposed(c: np.ndarray, us: np.ndarray) -> np.ndarray:
    """``... H_1 H_0 C`` (mgcv ``HQmult(C, U, 1, 1)``, i.e. Q'C for Q = H_0 H_1 ...), batched."""
    out = np.array(c, dtype=float)
    for i in range(us.shape[1]):
        u = us[:, i]
        out -= np.einsum("bi,bj->bij", u, np.einsum("bi,bij->bj", u, out))
    return out


# --------------------------------------------------------------------------------------------
# Identifiability constraint (smoothCon with absorb.cons = TRUE)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SumToZeroConstraint:
    """The sum-to-zero constraint ``colMeans(X) b = 0`` absorbed as R's ``qr(t(C))`` does.

    ``columns`` are the constraint's non-zero entries (``indi``); when every entry is non-zero the
    whole basis is rotated, otherwise only those columns are and the last of them is dropped.
    ``u`` and ``u0`` define LINPACK's reflector ``I - u u' / u0``.
    """

    columns: np.ndarray
    u: np.ndarray
    u0: float

    @classmethod
    def from_column_means(cls, c: np.ndarray) -> SumToZeroConstraint:
        columns = np.flatnonzero(c != 0.0)
        cc = c[columns]
        norm = np.sqrt(np.sum(cc * cc))
        if cc[0] != 0.0:
            norm = np.copysign(norm, cc[0])
        u = cc * (1.0 / norm)
        u[0] = 1.0 + u[0]
        return cls(columns, u, float(u[0]))

    def _reflect_rows(self, m: np.ndarray) -> np.ndarray:
        return m - np.outer(m @ self.u / self.u0, self.u)

    def apply_to_design(self, x: np.ndarray) -> np.ndarray:
        """Columns of the constrained design, ``X Z``."""
        sub = self._reflect_rows(x[:, self.columns])
        out = np.array(x, dtype=float)
        out[:, self.columns[:-1]] = sub[:, 1:]
        return np.delete(out, self.columns[-1], axis=1)

    def apply_to_penalty(self, s: np.ndarray) -> np.ndarray:
        """The constrained penalty, ``Z' S Z``."""
        left = np.array(s, dtype=float)
        left[self.columns[:-1], :] = self._reflect_rows(s[self.columns, :].T).T[1:, :]
        left = np.delete(left, self.columns[-1], axis=0)
        out = np.array(left)
        out[:, self.columns[:-1]] = self._reflect_rows(left[:, self.columns])[:, 1:]
        return np.delete(out, self.columns[-1], axis=1)


def sum_to_zero_constraints(means: np.ndarray) -> list[SumToZeroConstraint]:
    """:meth:`SumToZeroConstraint.from_column_means` for each row of ``means``, vectorised."""
    nonzero = means != 0.0
    first = np.argmax(nonzero, axis=1)
    rows = np.arange(means.shape[0])
    norm = np.sqrt(np.sum(means * means, axis=1))
    norm = np.copysign(norm, means[rows, first])
    u = means * (1.0 / norm)[:, None]
    u[rows, first] = 1.0 + u[rows, first]
    out = []
    for i in range(means.shape[0]):
        columns = np.flatnonzero(nonzero[i])
        out.append(SumToZeroConstraint(columns, u[i, columns], float(u[i, first[i]])))
    return out


# --------------------------------------------------------------------------------------------
# Designs
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TprsBasis:
    """What prediction needs from a thin plate basis: centring, knots and the map UZ."""

    shift: float
    knots: np.ndarray  # unique centred covariate values (Xu)
    uz: np.ndarray  # (n_knots + 2) x k map from basis coefficients to tps coefficients

    def raw_predict_matrix(self, x_new: np.ndarray) -> np.ndarray:
        """mgcv ``predict_tprs``: radial and polynomial terms at new x, mapped by UZ."""
        xc = np.asarray(x_new, dtype=float) - self.shift
        radial = _tps_eta((self.knots[None, :] - xc[:, None]) ** 2)
        return np.column_stack([radial, np.ones_like(xc), xc]) @ self.uz


@dataclass(frozen=True)
class SmoothDesign:
    """A constrained smooth ready to fit: model matrix (intercept first), penalty, predictor."""

    model_matrix: np.ndarray  # n x q, column 0 is the intercept
    penalty: np.ndarray  # q x q, zero in row/column 0
    penalty_rank: int
    basis: TprsBasis | None = None
    constraint: SumToZeroConstraint | None = None
    factor: EigenFactor | None = None
    predictions: dict[tuple[float, ...], np.ndarray] = field(default_factory=dict, compare=False, repr=False)

    @property
    def fully_penalised(self) -> bool:
        """Only the intercept is unpenalised (shrinkage smooths)."""
        return self.penalty_rank == self.penalty.shape[0] - 1

    def predict_matrix(self, x_new: np.ndarray) -> np.ndarray:
        """Model matrix rows at new covariate values (thin plate bases only)."""
        if self.basis is None or self.constraint is None:
            raise ValueError("prediction is only implemented for thin plate regression splines")
        smooth = self.constraint.apply_to_design(self.basis.raw_predict_matrix(x_new))
        return np.column_stack([np.ones(len(x_new)), smooth])

    def cached_predict_matrix(self, x_new: np.ndarray) -> np.ndarray:
        """:meth:`predict_matrix`, remembered per design and x (rlpi predicts every series on its years)."""
        key = tuple(np.asarray(x_new, dtype=float).tolist())
        found = self.predictions.get(key)
        if found is None:
            found = self.predictions[key] = self.predict_matrix(np.asarray(x_new, dtype=float))
        return found


# tprs.c computes the d = 1, m = 2 constant Gamma(-3/2) / (16 sqrt(pi)) = 1/12 in this order.
_TPS_ETA_CONSTANT = float(np.sqrt(np.pi) / (-0.5) / (-1.5) / 4.0 / 4.0 / np.sqrt(np.pi))


def _tps_eta(r2: np.ndarray) -> np.ndarray:
    """tprs.c ``fast_eta`` for d = 1, m = 2 on squared distances: ``r^3 / 12``."""
    return _TPS_ETA_CONSTANT * r2 * np.sqrt(r2)


class _DesignCache:
    """Designs by (kind, k, covariate values): many populations share their survey years."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.store: OrderedDict[tuple, SmoothDesign] = OrderedDict()

    def get(self, key: tuple) -> SmoothDesign | None:
        design = self.store.get(key)
        if design is not None:
            self.store.move_to_end(key)
        return design

    def put(self, key: tuple, design: SmoothDesign) -> None:
        self.store[key] = design
        if len(self.store) > self.size:
            self.store.popitem(last=False)


_CACHE = _DesignCache(CACHE_SIZE)


def clear_design_cache() -> None:
    """Forget every cached design (they are rebuilt on demand)."""
    _CACHE.store.clear()


def tprs_designs(xs: Sequence[np.ndarray], ks: Sequence[int]) -> list[SmoothDesign]:
    """Designs of ``gam(y ~ s(x, k))`` (bs = "tp") for sorted distinct covariates, built in batches."""
    return _cached_designs("tp", xs, ks, _build_tprs_batch)


def cs_designs(xs: Sequence[np.ndarray]) -> list[SmoothDesign]:
    """Designs of ``gam(y ~ s(x, k = n, bs = "cs"))`` for sorted distinct covariates, built in batches."""
    return _cached_designs("cs", xs, [len(x) for x in xs], _build_cs_batch)


def tprs_design(x: np.ndarray, k: int) -> SmoothDesign:
    """One thin plate regression spline design (see :func:`tprs_designs`)."""
    return tprs_designs([np.asarray(x, dtype=float)], [k])[0]


def cs_design(x: np.ndarray, k: int | None = None) -> SmoothDesign:
    """One shrinkage cubic regression spline design with a knot at every datum."""
    x = np.asarray(x, dtype=float)
    if k is not None and k != x.shape[0]:
        raise ValueError("only k = number of data (a knot at every datum) is implemented for bs = 'cs'")
    return cs_designs([x])[0]


def _cached_designs(kind: str, xs: Sequence[np.ndarray], ks: Sequence[int], build) -> list[SmoothDesign]:  # type: ignore[no-untyped-def]
    keys = [(kind, int(k), tuple(np.asarray(x, dtype=float).tolist())) for x, k in zip(xs, ks, strict=True)]
    found = {key: _CACHE.get(key) for key in dict.fromkeys(keys)}
    missing: dict[tuple[int, int], list[tuple]] = {}
    for key, design in found.items():
        if design is None:
            missing.setdefault((len(key[2]), key[1]), []).append(key)
    for (n, k), group in missing.items():
        if kind == "tp" and k >= n:
            raise ValueError("basis dimension must be below the number of distinct covariate values")
        for key, design in zip(group, build(np.array([key[2] for key in group]), k), strict=True):
            found[key] = design
            _CACHE.put(key, design)
    return [found[key] for key in keys]  # type: ignore[misc]


def _build_tprs_batch(x: np.ndarray, k: int) -> list[SmoothDesign]:
    """construct_tprs for a batch of covariate vectors of equal length (B, n)."""
    b, n = x.shape
    shift = r_row_means(x)
    xc = x - shift[:, None]
    e = _tps_eta((xc[:, :, None] - xc[:, None, :]) ** 2)
    values, u = lanczos_largest_magnitude(e, k)
    t = np.stack([np.ones_like(xc), xc], axis=2)  # (B, n, 2)
    us = qt_householders(np.einsum("bni,bnj->bij", t, u))
    uz = np.zeros((b, n + N_NULL_TPRS, k))
    uz[:, :n, : k - N_NULL_TPRS] = multiply_householders_right(u, us)[:, :, : k - N_NULL_TPRS]
    uz[:, n:, k - N_NULL_TPRS :] = np.eye(N_NULL_TPRS)
    design = multiply_householders_right(u * values[:, None, :], us)
    design[:, :, k - N_NULL_TPRS :] = t
    diag = np.zeros((b, k, k))
    diag[:, np.arange(k), np.arange(k)] = values
    penalty = multiply_householders_left_transposed(multiply_householders_right(diag, us), us)
    penalty[:, k - N_NULL_TPRS :, :] = 0.0
    penalty[:, :, k - N_NULL_TPRS :] = 0.0
    w = np.sqrt(np.sum(design * design, axis=1) / n)  # (B, k): columns to unit root mean square
    design = design / w[:, None, :]
    uz = uz / w[:, None, :]
    penalty = penalty / w[:, :, None] / w[:, None, :]
    penalty = (penalty + np.swapaxes(penalty, 1, 2)) / 2
    bases = [TprsBasis(float(shift[i]), xc[i], uz[i]) for i in range(b)]
    return _constrain_batch(design, penalty, k - N_NULL_TPRS, bases)


def _r_quantile_knots(xu: np.ndarray, nk: int) -> np.ndarray:
    """``quantile(xu, seq(0, 1, length = nk))`` with R's type-7 arithmetic, for each row of ``xu``."""
    n = xu.shape[-1]
    by = 1.0 / (nk - 1)
    probs = np.arange(nk) * by
    probs[-1] = 1.0
    index = 1 + (n - 1) * probs
    lo = np.floor(index).astype(int)
    hi = np.ceil(index).astype(int)
    low, high = xu[..., lo - 1], xu[..., hi - 1]
    h = index - lo
    mix = (index > lo) & (high != low)
    return np.where(mix, (1 - h) * low + h * high, low)


def _solve_tridiagonal_like_dptsv(diag: np.ndarray, off: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    """LAPACK ``dptsv`` (``dpttrf`` + ``dptts2``) for a batch, with the same operations in the same order.

    ``diag`` (B, m), ``off`` (B, m-1), ``rhs`` (B, m, c). Bit-for-bit as the Fortran loops, so the
    cubic spline penalty matches R's exactly (see :func:`_cr_penalty_and_map`).
    """
    d = diag.copy()
    e = off.copy()
    for i in range(d.shape[1] - 1):
        ei = e[:, i].copy()
        e[:, i] = ei / d[:, i]
        d[:, i + 1] = d[:, i + 1] - e[:, i] * ei
    b = rhs.copy()
    for i in range(1, d.shape[1]):
        b[:, i] = b[:, i] - b[:, i - 1] * e[:, i - 1, None]
    b[:, -1] = b[:, -1] / d[:, -1, None]
    for i in range(d.shape[1] - 2, -1, -1):
        b[:, i] = b[:, i] / d[:, i, None] - b[:, i + 1] * e[:, i, None]
    return b


def _cr_penalty_and_map(knots: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """mgcv ``getFS`` for a batch of knot vectors (B, n): penalty ``D'B^-1D`` and F' (knot values to 2nd derivatives).

    The arithmetic follows getFS term by term, so the penalty is R's to the last bit: its
    null-space eigenvectors, which decide how the ``cs`` shrinkage penalises a straight line,
    depend on those bits.
    """
    bsz, n = knots.shape
    n2 = n - 2
    h = knots[:, 1:] - knots[:, :-1]
    d = np.zeros((bsz, n2, n))
    idx = np.arange(n2)
    d[:, idx, idx] = 1 / h[:, :-1]
    d[:, idx, idx + 2] = 1 / h[:, 1:]
    d[:, idx, idx + 1] = -d[:, idx, idx] - d[:, idx, idx + 2]
    bd = _solve_tridiagonal_like_dptsv((h[:, :-1] + h[:, 1:]) / 3, h[:, 1:-1] / 6, d)
    s = np.empty((bsz, n, n))
    s[:, 0] = bd[:, 0] * (1 / h[:, 0, None])
    if n > 3:
        s[:, 1] = bd[:, 0] * (-1 / h[:, 0] - 1 / h[:, 1])[:, None] + bd[:, 1] * (1 / h[:, 1])[:, None]
        a, c = 1 / h[:, 1 : n2 - 1], 1 / h[:, 2:n2]
        s[:, 2:n2] = (
            bd[:, : n2 - 2] * a[:, :, None]
            + bd[:, 1 : n2 - 1] * (-a - c)[:, :, None]
            + bd[:, 2:n2] * c[:, :, None]
        )
        s[:, n2] = (
            bd[:, n2 - 2] * (1 / h[:, n2 - 1])[:, None]
            + bd[:, n2 - 1] * (-1 / h[:, n2 - 1] - 1 / h[:, n2])[:, None]
        )
    else:
        s[:, 1] = bd[:, 0] * (-1 / h[:, 0] - 1 / h[:, 1])[:, None]
    s[:, n - 1] = bd[:, n2 - 1] * (1 / h[:, n2])[:, None]
    f = np.zeros((bsz, n, n))
    f[:, 1:-1, :] = bd
    return s, np.swapaxes(f, 1, 2)


def _cr_design(x: np.ndarray, knots: np.ndarray, f_t: np.ndarray) -> np.ndarray:
    """crspl: cubic regression spline basis values for a batch (x inside the knot range)."""
    bsz, n = x.shape
    rows = np.arange(bsz)[:, None]
    j = np.empty(x.shape, dtype=int)
    for i in range(bsz):
        j[i] = np.searchsorted(knots[i], x[i], side="left") - 1
    j = np.clip(j, 0, knots.shape[1] - 2)
    xj, xj1 = knots[rows, j], knots[rows, j + 1]
    h = xj1 - xj
    ajm, ajp = xj1 - x, x - xj
    cjm = ajm * (ajm * ajm / h - h) / 6
    cjp = ajp * (ajp * ajp / h - h) / 6
    out = cjm[:, :, None] * f_t[rows, j, :] + cjp[:, :, None] * f_t[rows, j + 1, :]
    points = np.arange(n)[None, :]
    out[rows, points, j] += ajm / h
    out[rows, points, j + 1] += ajp / h
    return out


def _build_cs_batch(x: np.ndarray, k: int) -> list[SmoothDesign]:
    """smooth.construct.cs.smooth.spec with k = n knots for a batch of sorted distinct covariates (B, n)."""
    knots = _r_quantile_knots(x, k)
    penalty, f_t = cs_penalty_and_map(knots)
    design = _cr_design(x, knots, f_t)
    values, vectors = np.linalg.eigh(penalty)
    values, vectors = values[:, ::-1], vectors[:, :, ::-1]
    vectors[:, :, k - 2 :] = null_space_order(_null_space_pair(knots), x, penalty)
    values[:, k - 2] = values[:, k - 3] * CS_SHRINK
    values[:, k - 1] = values[:, k - 2] * CS_SHRINK
    shrunk = np.einsum("bij,bj,bkj->bik", vectors, values, vectors)
    return _constrain_batch(design, shrunk, k - 1, [None] * x.shape[0])


def cs_penalty_and_map(knots: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The cubic spline penalty exactly as mgcv hands it to ``eigen()`` (made exactly symmetric), and F'."""
    penalty, f_t = _cr_penalty_and_map(knots)
    return (penalty + np.swapaxes(penalty, 1, 2)) / 2, f_t  # mgcv: "ensure exact symmetry"


def _null_space_pair(knots: np.ndarray) -> np.ndarray:
    """The two null-space eigenvectors of the cubic spline penalty as R's ``eigen()`` finds them (B, n, 2).

    The null space is span{1, knots}. LAPACK's ``dsyevr`` (what ``eigen()`` calls) reduces the matrix
    to tridiagonal form with reflections that leave e_1 alone, so its Lanczos-like sequence meets
    the null space only along the projection of e_1; that projection and its orthogonal complement
    come out as the two vectors (R's agree to 1e-8 in cosine on all 2155 penalties of the rlpi
    example data). Building them directly lets a batched eigensolver do the rest.
    """
    basis = np.linalg.qr(np.stack([np.ones_like(knots), knots], axis=2))[0]  # (B, n, 2)
    e1 = np.einsum("bnj,bj->bn", basis, basis[:, 0, :])
    e1 /= np.linalg.norm(e1, axis=1, keepdims=True)
    other = basis[:, :, 1] - np.einsum("bn,bn->b", basis[:, :, 1], e1)[:, None] * e1
    alt = basis[:, :, 0] - np.einsum("bn,bn->b", basis[:, :, 0], e1)[:, None] * e1
    use_alt = np.linalg.norm(alt, axis=1) > np.linalg.norm(other, axis=1)
    other = np.where(use_alt[:, None], alt, other)
    other /= np.linalg.norm(other, axis=1, keepdims=True)
    return np.stack([other, e1], axis=2)


def straighter_first(
    null_vectors: np.ndarray, x: np.ndarray, penalty: np.ndarray | None = None
) -> np.ndarray:
    """Portable rule: put first the null-space eigenvector closer to a straight line (larger shrinkage).

    ``null_vectors`` (B, n, 2) are the two eigenvectors of the cubic spline penalty for its
    (numerically) zero eigenvalues; ``bs = "cs"`` shrinks the first by 0.1 and the second by 0.01
    times the smallest positive eigenvalue. Which of them mgcv puts first is decided by the order of
    two rounding-noise eigenvalues (|value| ~ 1e-15 ||S||) that R's ``eigen()`` returns, i.e. by
    the exact rounding of R's LAPACK build, so no portable rule reproduces it: both R and this
    module find the same two vectors (the projection of e_1 on span{1, x} and its complement,
    to 1e-11), only their order is noise. On the 2148 terrestrial rlpi example populations this
    rule agrees with R 4.2.2 on Debian's reference LAPACK 3.11 for 2146 (scipy's OpenBLAS
    ``dsyevr`` order: 2139). Used only when :func:`system_lapack_order` cannot run.
    """
    line = x - x.mean(axis=1, keepdims=True)
    share = np.einsum("bnj,bn->bj", null_vectors, line) ** 2
    swap = share[:, 0] < share[:, 1]
    out = null_vectors.copy()
    out[swap] = null_vectors[swap][:, :, ::-1]
    return out


def system_lapack_order(null_vectors: np.ndarray, x: np.ndarray, penalty: np.ndarray) -> np.ndarray:
    """R's own rule: the order the system LAPACK's ``dsyevr`` gives, as ``eigen()`` in R gets it.

    ``penalty`` (B, n, n) is the symmetrised cubic spline penalty, bit for bit the matrix mgcv
    passes to ``eigen()``. The vector ``eigen()`` returns last gets the 0.01 shrinkage; it is the
    e_1 projection (second column of ``null_vectors``) or its complement. With Debian's reference
    LAPACK 3.11 (the library R links to there) this reproduces R's choice for all 2155 penalties
    of the rlpi example data (fixture ``mgcv_cs_null_space_order.csv``).
    """
    out = null_vectors.copy()
    for i in range(null_vectors.shape[0]):
        _, vectors = eigen_symmetric(penalty[i])
        if abs(float(vectors[:, -1] @ null_vectors[i, :, 1])) < 0.5:
            out[i] = null_vectors[i][:, ::-1]
    return out


NullSpaceOrder = Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]
DEFAULT_NULL_SPACE_ORDER: NullSpaceOrder = (
    system_lapack_order if system_lapack_available() else straighter_first
)
null_space_order: NullSpaceOrder = (
    DEFAULT_NULL_SPACE_ORDER  # replaceable, e.g. by R's recorded decisions in tests
)


def null_space_order_source() -> str:
    """Which rule orders the ``cs`` null-space eigenvectors now: "system-lapack", "portable" or "custom"."""
    if null_space_order is system_lapack_order:
        return "system-lapack"
    if null_space_order is straighter_first:
        return "portable"
    return "custom"


def use_null_space_order(rule: NullSpaceOrder) -> NullSpaceOrder:
    """Order the ``bs = "cs"`` null-space eigenvectors with ``rule`` from now on; returns the previous rule.

    Designs built under the previous rule are dropped from the cache.
    """
    global null_space_order
    previous, null_space_order = null_space_order, rule
    clear_design_cache()
    return previous


def _constrain_batch(
    design: np.ndarray, penalty: np.ndarray, penalty_rank: int, bases: Sequence[TprsBasis | None]
) -> list[SmoothDesign]:
    """smoothCon + gam.setup: scale the penalty, absorb sum-to-zero, prepend the intercept.

    Builds the eigen-factorisation too, so fits of cached designs start from it.
    """
    b, n, k = design.shape
    ma_xx = np.max(np.sum(np.abs(design), axis=2), axis=1) ** 2
    ma_s = np.max(np.sum(np.abs(penalty), axis=1), axis=1) / ma_xx
    penalty = penalty / ma_s[:, None, None]
    constraints = sum_to_zero_constraints(r_col_means(design))
    model = np.ones((b, n, k))
    s_full = np.zeros((b, k, k))
    patterns: dict[tuple[int, ...], list[int]] = {}
    for i, c in enumerate(constraints):
        patterns.setdefault(tuple(c.columns), []).append(i)
    for columns, members in patterns.items():
        cols = np.array(columns)
        kept = np.setdiff1d(np.arange(k), cols[-1:])  # the last constrained column is dropped
        u = np.array([constraints[i].u for i in members])
        u0 = np.array([constraints[i].u0 for i in members])
        x = design[members]
        sub = x[:, :, cols]
        sub = sub - np.einsum("bn,bk->bnk", np.einsum("bnk,bk->bn", sub, u) / u0[:, None], u)
        x[:, :, cols[:-1]] = sub[:, :, 1:]
        model[members, :, 1:] = x[:, :, kept]
        pen = penalty[members]
        rows = pen[:, cols, :]
        rows = rows - np.einsum("bi,bj->bij", u, np.einsum("bi,bij->bj", u, rows) / u0[:, None])
        pen[:, cols[:-1], :] = rows[:, 1:, :]
        pen = pen[:, kept, :]
        block = pen[:, :, cols]
        block = block - np.einsum("bi,bj->bij", np.einsum("bij,bj->bi", block, u) / u0[:, None], u)
        pen[:, :, cols[:-1]] = block[:, :, 1:]
        s_full[members, 1:, 1:] = pen[:, :, kept]
    designs = [SmoothDesign(model[i], s_full[i], penalty_rank, bases[i], constraints[i]) for i in range(b)]
    factors = eigen_factors(designs)
    return [replace(d, factor=f) for d, f in zip(designs, factors, strict=True)]


# --------------------------------------------------------------------------------------------
# Factorisation and starting values, batched over designs of the same shape
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EigenFactor:
    """Per-design pieces of the eigen-basis: ``X = QR`` and ``R^-T S R^-1 = U diag(ev) U'``.

    ``w = R^-1 U`` maps eigen-coordinates to coefficients. For fully penalised designs,
    ``null_limit`` is the limit of the smallest squared singular value of ``[R; sqrt(sp) S^0.5]`` as
    sp grows and ``top_penalty``/``top_penalty_fit`` give the largest, ``sp mu_max + |X v_max|^2``:
    magic's rank truncation needs them.
    """

    q: np.ndarray
    r: np.ndarray
    w: np.ndarray
    u: np.ndarray
    eigenvalues: np.ndarray
    start: float  # log of initial.sp
    null_limit: float
    top_penalty: float
    top_penalty_fit: float

    @property
    def truncation_from(self) -> float:
        """Smoothing parameters below this cannot be truncated (with a margin)."""
        if not np.isfinite(self.null_limit) or self.top_penalty <= 0:
            return np.inf
        return TRUNCATION_MARGIN * self.null_limit / (RANK_TOL**2 * self.top_penalty)


def eigen_factors(designs: Sequence[SmoothDesign]) -> list[EigenFactor]:
    """:class:`EigenFactor` of each design, computed in stacks of equal shape."""
    out: list[EigenFactor | None] = [None] * len(designs)
    groups: dict[tuple[int, ...], list[int]] = {}
    for i, d in enumerate(designs):
        groups.setdefault(d.model_matrix.shape, []).append(i)
    for members in groups.values():
        x = np.array([designs[i].model_matrix for i in members])
        s = np.array([designs[i].penalty for i in members])
        qmat, r = np.linalg.qr(x)
        r_inv = np.linalg.inv(r)
        m = np.swapaxes(r_inv, 1, 2) @ s @ r_inv
        ev, u = np.linalg.eigh((m + np.swapaxes(m, 1, 2)) / 2)
        if designs[members[0]].fully_penalised:
            s_values, s_vectors = np.linalg.eigh(s)
        else:
            s_values, s_vectors = np.zeros(s.shape[:2]), np.zeros(s.shape)
        starts = initial_log_sps(x, s)
        template = designs[members[0]]
        # magic's square root of the penalty has the penalty's rank: its null space is exactly free.
        ev[:, : ev.shape[1] - template.penalty_rank] = 0.0
        ev = np.clip(ev, 0.0, None)
        w = r_inv @ u
        if template.fully_penalised:
            null_limit = 1.0 / np.sum(w[:, :, 0] ** 2, axis=1)
            top_fit = np.sum(np.einsum("bij,bj->bi", r, s_vectors[:, :, -1]) ** 2, axis=1)
        else:
            null_limit = np.full(len(members), np.inf)
            top_fit = np.zeros(len(members))
        for row, i in enumerate(members):
            out[i] = EigenFactor(
                qmat[row],
                r[row],
                w[row],
                u[row],
                ev[row],
                float(starts[row]),
                float(null_limit[row]),
                float(s_values[row, -1]),
                float(top_fit[row]),
            )
    return [f for f in out if f is not None]


def initial_log_sps(x: np.ndarray, s_full: np.ndarray) -> np.ndarray:
    """log of mgcv ``initial.sp`` for stacked designs: X'X-to-S size ratio, moved by decades to 40 % shrinkage."""
    s = s_full[:, 1:, 1:]
    ldxx = r_col_sums(x * x)  # (B, q)
    abs_s = np.abs(s)
    thresh = MACHINE_EPS**0.8 * abs_s.max(axis=(1, 2))
    diag = np.diagonal(s, axis1=1, axis2=2)
    pen_block = (
        (r_col_means(np.swapaxes(abs_s, 1, 2)) > thresh[:, None])
        & (r_col_means(abs_s) > thresh[:, None])
        & (np.abs(diag) > thresh[:, None])
    )
    def_sp = r_row_means(ldxx[:, 1:], pen_block) / r_row_means(diag, pen_block)
    ldss = np.zeros_like(ldxx)
    ldss[:, 1:] = def_sp[:, None] * diag
    pen = np.zeros(ldxx.shape, dtype=bool)
    pen[:, 1:] = pen_block
    keep = (ldss > 0) & pen & (ldxx > 0)
    for grow in (True, False):
        moving = np.ones(def_sp.shape[0], dtype=bool)
        while moving.any():
            with np.errstate(invalid="ignore", divide="ignore"):
                ratio = r_row_means(np.where(keep, ldxx / (ldxx + ldss), 0.0), keep)
            moving &= (ratio > START_TARGET) if grow else (ratio < START_TARGET)
            def_sp = np.where(moving, def_sp * 10 if grow else def_sp / 10, def_sp)
            ldss = np.where(moving[:, None], ldss * 10 if grow else ldss / 10, ldss)
    return libm.log(def_sp)


# --------------------------------------------------------------------------------------------
# GCV score, its derivatives and magic
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GcvProblems:
    """A batch of penalised least-squares problems, each in the eigen-basis of its penalty.

    With ``X = QR`` and ``R^-T S R^-1 = U diag(ev) U'``, the influence matrix of smoothing parameter
    ``exp(rho)`` has eigenvalues ``1 / (1 + exp(rho) ev)`` on the coordinates ``z = U'Q'y``, so the
    GCV score ``n ||y - Ay||^2 / (n - gamma tr A)^2`` and its first two derivatives in ``rho`` cost
    O(q) per problem (Wood 2017, section 6.2.4; magic.c ``magic_gH`` for the same derivatives).
    Padding columns (to stack designs of different size) have ``ev = z = columns = 0``.
    """

    eigenvalues: np.ndarray  # (B, q) >= 0
    coordinates: np.ndarray  # (B, q) z
    rss0: np.ndarray  # (B,) residual sum of squares of the unpenalised fit
    n: np.ndarray  # (B,) number of data
    gamma: float
    columns: np.ndarray  # (B, q) 1 for a real coefficient, 0 for padding
    truncation: RankTruncation | None = None

    def subset(self, index: np.ndarray) -> GcvProblems:
        """The problems at ``index``."""
        truncation = None if self.truncation is None else self.truncation.subset(index)
        return GcvProblems(
            self.eigenvalues[index],
            self.coordinates[index],
            self.rss0[index],
            self.n[index],
            self.gamma,
            self.columns[index],
            truncation,
        )

    def narrowed(self, width: int) -> GcvProblems:
        """The same problems without padding columns beyond ``width``."""
        return replace(
            self,
            eigenvalues=self.eigenvalues[:, :width],
            coordinates=self.coordinates[:, :width],
            columns=self.columns[:, :width],
        )

    def scores(self, rho: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """GCV score, residual sum of squares and tr(A), with magic's rank truncation where it applies."""
        lam = libm.exp(rho)
        shrink = 1.0 / (1.0 + lam[:, None] * self.eigenvalues)
        kept = lam[:, None] * self.eigenvalues * shrink * self.coordinates
        trace = (shrink * self.columns).sum(axis=1)
        rss = self.rss0 + (kept * kept).sum(axis=1)
        if self.truncation is not None:
            self.truncation.adjust(lam, trace, rss)
        delta = self.n - self.gamma * trace
        with np.errstate(divide="ignore", invalid="ignore"):
            score = self.n * rss / (delta * delta)
        return score, rss, trace

    def derivatives(self, rho: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """First and second derivatives of the GCV score in ``rho`` (of the untruncated problem)."""
        lam = libm.exp(rho)[:, None]
        s = 1.0 / (1.0 + lam * self.eigenvalues)
        a = lam * self.eigenvalues * s
        z2 = self.coordinates * self.coordinates
        trace = (s * self.columns).sum(axis=1)
        rss = self.rss0 + (a * a * z2).sum(axis=1)
        d_rss = 2 * (a * a * s * z2).sum(axis=1)
        d2_rss = 2 * (a * a * s * (2 * s - a) * z2).sum(axis=1)
        d_delta = self.gamma * (a * s).sum(axis=1)
        d2_delta = self.gamma * (a * s * (s - a)).sum(axis=1)
        delta = self.n - self.gamma * trace
        with np.errstate(divide="ignore", invalid="ignore"):
            xx = self.n / (delta * delta)
            xx1 = xx * 2 * rss / delta
            grad = xx * d_rss - xx1 * d_delta
            hess = (
                -2 * xx / delta * (2 * d_delta * d_rss)
                + xx * d2_rss
                + 3 * xx1 / delta * d_delta * d_delta
                - xx1 * d2_delta
            )
        return grad, hess


@dataclass(frozen=True)
class RankTruncation:
    """magic's rank truncation of the unpenalised direction at huge smoothing parameters.

    ``fit_magic`` drops singular values of ``[R; sqrt(sp) S^0.5]`` below ``RANK_TOL`` times the
    largest. With a fully penalised smooth (``bs = "cs"``) only the intercept direction can fall
    below, once sp is around 1e17; dropping it lowers tr(A) by one and so the GCV score, magic keeps
    the larger sp and reports ``sum(edf)`` near 0, and rlpi's residual check then rejects the
    population. The dropped direction is the top eigenvector of
    ``(X'X + sp S)^-1 = W diag(1/(1+sp ev)) W'``, found by power iteration.
    """

    factors: Sequence[EigenFactor]
    design_of: np.ndarray  # (B,) factor index of each problem
    coordinates: np.ndarray  # (B, q) z
    threshold: np.ndarray  # (B,) sp from which truncation is examined (inf: never)

    def subset(self, index: np.ndarray) -> RankTruncation:
        return RankTruncation(
            self.factors, self.design_of[index], self.coordinates[index], self.threshold[index]
        )

    def adjust(self, lam: np.ndarray, trace: np.ndarray, rss: np.ndarray) -> None:
        """Apply truncation in place to the problems where magic's SVD would drop a direction."""
        for i in np.flatnonzero(lam >= self.threshold):
            change = self.truncated_fit(int(i), float(lam[i]))
            if change is not None:
                trace[i] += change[1]
                rss[i] += change[2]

    def truncated_fit(self, i: int, lam: float) -> tuple[np.ndarray, float, float] | None:
        """(coefficient change, change in tr(A), change in RSS) when magic drops a direction."""
        f = self.factors[self.design_of[i]]
        shrink = 1.0 / (1.0 + lam * f.eigenvalues)
        x = f.w[:, int(np.argmax(shrink))]
        for _ in range(4):
            x = f.w @ (shrink * (f.w.T @ x))
            x = x / np.sqrt(x @ x)
        d_min2 = 1.0 / float(x @ (f.w @ (shrink * (f.w.T @ x))))
        if d_min2 >= RANK_TOL**2 * (lam * f.top_penalty + f.top_penalty_fit):
            return None
        z = self.coordinates[i, : f.eigenvalues.shape[0]]
        rv = f.r @ x
        c = float(rv @ (f.u @ z)) / d_min2
        residual = f.u @ ((1.0 - shrink) * z)
        d_rss = 2 * c * float(rv @ residual) + c * c * float(rv @ rv)
        return -c * x, -float(rv @ rv) / d_min2, d_rss


def magic_gcv(problems: GcvProblems, rho0: np.ndarray) -> np.ndarray:
    """mgcv ``magic`` for one smoothing parameter per problem, run in lock step over the batch.

    Returns the selected log smoothing parameters. Follows magic.c: no step on the first
    iteration, Newton direction when the Hessian is positive (capped at 5), else a unit
    steepest-descent step; up to 15 halvings (switching to steepest descent at the 4th try);
    convergence after 3 iterations on score change and gradient size; then up to five steps of 2
    towards whichever end the gradient points to while the score keeps falling.
    """
    b = rho0.shape[0]
    rho = rho0.astype(float).copy()
    min_score, _, _ = problems.scores(rho)
    d_score = np.full(b, 1e10)
    grad = np.zeros(b)
    n_step = np.zeros(b)
    sd_step = np.zeros(b)
    use_sd = np.zeros(b, dtype=bool)
    active = np.ones(b, dtype=bool)
    iteration = 0
    while active.any():
        iteration += 1
        if iteration > MAX_ITERATIONS:
            raise RuntimeError("magic, the gcv/ubre optimizer, failed to converge after 400 iterations")
        tries = np.zeros(b, dtype=int)
        if iteration > 1:
            step = np.where(use_sd, sd_step, n_step)
            trying = np.flatnonzero(active)
            while trying.size:
                tries[trying] += 1
                switch = trying[(tries[trying] == 4) & ~use_sd[trying]]
                use_sd[switch] = True
                step[switch] = sd_step[switch]
                new_rho = rho[trying] + step[trying]
                score, _, _ = problems.subset(trying).scores(new_rho)
                better = score < min_score[trying]
                accept, failed = trying[better], trying[~better]
                d_score[accept] = min_score[accept] - score[better]
                min_score[accept] = score[better]
                rho[accept] = new_rho[better]
                step[failed] /= 2
                step[failed[tries[failed] == MAX_HALVINGS - 1]] = 0.0
                trying = failed[tries[failed] < MAX_HALVINGS]
        updating = np.flatnonzero(active)
        if iteration > 3:
            converged = (d_score <= GCV_TOL * (1 + min_score)) & (
                np.abs(grad) <= GCV_TOL ** (1 / 3) * (1 + np.abs(min_score))
            )
            active &= ~(converged | (tries == MAX_HALVINGS))
        new_grad, new_hess = problems.subset(updating).derivatives(rho[updating])
        grad[updating] = new_grad
        new_n, new_sd, new_use = _search_directions(new_grad, new_hess)
        still = active[updating]
        n_step[updating[still]] = new_n[still]
        sd_step[updating[still]] = new_sd[still]
        use_sd[updating[still]] = new_use[still]
    return _push_to_boundary(problems, rho, grad, min_score)


def _search_directions(grad: np.ndarray, hess: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Newton step capped at length 5, unit steepest-descent step, and whether to use the latter."""
    use_sd = hess < 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        n_step = -grad / hess
        big = np.abs(n_step) > MAX_NEWTON_STEP
        n_step = np.where(big, n_step * (MAX_NEWTON_STEP / np.abs(n_step)), n_step)
        sd_step = -grad / np.abs(grad)
    return n_step, sd_step, use_sd


def _push_to_boundary(
    problems: GcvProblems, rho: np.ndarray, grad: np.ndarray, min_score: np.ndarray
) -> np.ndarray:
    """magic.c's last phase: steps of 2 in log(sp) downhill while the score keeps decreasing."""
    direction = np.where(grad < 0.0, 1.0, -1.0)
    moving = np.arange(rho.shape[0])
    rho = rho.copy()
    min_score = min_score.copy()
    for _ in range(BOUNDARY_TRIES):
        trial = rho[moving] + direction[moving] * BOUNDARY_STEP
        score, _, _ = problems.subset(moving).scores(trial)
        better = score < min_score[moving]
        moving = moving[better]
        min_score[moving] = score[better]
        rho[moving] = trial[better]
        if not moving.size:
            break
    return rho


# --------------------------------------------------------------------------------------------
# Fitting
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GcvFits:
    """Results for a batch of fits sharing one design."""

    log_sp: np.ndarray  # (B,)
    edf: np.ndarray  # (B,) total effective degrees of freedom, intercept included
    gcv: np.ndarray  # (B,)
    coefficients: np.ndarray  # (B, q)


def fit_gcv(design: SmoothDesign, responses: np.ndarray, *, gamma: float = 1.0) -> GcvFits:
    """Fit ``gam(y ~ s(x), method = "GCV.Cp")`` for each row of ``responses`` (same covariate)."""
    batch = fit_gcv_batch([design], [np.atleast_2d(np.asarray(responses, dtype=float))], gamma=gamma)
    return batch[0]


def fit_gcv_batch(
    designs: Sequence[SmoothDesign], responses: Sequence[np.ndarray], *, gamma: float = 1.0
) -> list[GcvFits]:
    """Fit many GCV smooths at once: ``responses[i]`` is (B_i, n_i) for ``designs[i]``.

    All problems share one lock-step run of :func:`magic_gcv`; designs of different size are
    padded. magic's rank truncation is reproduced for designs whose only unpenalised direction is
    the intercept (shrinkage smooths), where it decides the outcome; see :class:`RankTruncation`.
    """
    factors = [d.factor for d in designs]
    if any(f is None for f in factors):
        factors = eigen_factors(designs)
    width = max(f.eigenvalues.shape[0] for f in factors)  # type: ignore[union-attr]
    total = sum(r.shape[0] for r in responses)
    ev = np.zeros((total, width))
    z = np.zeros((total, width))
    mask = np.zeros((total, width))
    rss0, n, rho0, threshold = (np.empty(total) for _ in range(4))
    design_of = np.empty(total, dtype=int)
    row = 0
    for index, (factor, y) in enumerate(zip(factors, responses, strict=True)):
        qty = y @ factor.q
        b, q = y.shape[0], factor.eigenvalues.shape[0]
        sl = slice(row, row + b)
        ev[sl, :q] = factor.eigenvalues
        z[sl, :q] = qty @ factor.u
        mask[sl, :q] = 1.0
        rss0[sl] = np.sum((y - qty @ factor.q.T) ** 2, axis=1)
        n[sl] = y.shape[1]
        rho0[sl] = factor.start
        threshold[sl] = factor.truncation_from
        design_of[sl] = index
        row += b
    truncation = RankTruncation(factors, design_of, z, threshold) if np.isfinite(threshold).any() else None
    problems = GcvProblems(ev, z, rss0, n, gamma, mask, truncation)
    rho = np.empty(total)
    widths = mask.sum(axis=1)
    for low, high in WIDTH_BANDS:
        band = np.flatnonzero((widths > low) & (widths <= high))
        if band.size:
            rho[band] = magic_gcv(problems.subset(band).narrowed(high), rho0[band])
    score, _, trace = problems.scores(rho)
    lam = libm.exp(rho)
    out = []
    for index, factor in enumerate(factors):
        rows = np.flatnonzero(design_of == index)
        q = factor.eigenvalues.shape[0]
        coefficients = (z[rows, :q] / (1.0 + lam[rows, None] * factor.eigenvalues)) @ factor.w.T
        if truncation is not None:
            for j, i in enumerate(rows):
                change = truncation.truncated_fit(int(i), float(lam[i])) if lam[i] >= threshold[i] else None
                if change is not None:
                    coefficients[j] += change[0]
        out.append(GcvFits(rho[rows], trace[rows], score[rows], coefficients))
    return out


def smooth_series(
    x: Sequence[float] | np.ndarray, y: Sequence[float] | np.ndarray, k: int, x_new: np.ndarray
) -> tuple[np.ndarray, GcvFits]:
    """``predict(gam(y ~ s(x, k = k)), data.frame(x = x_new))`` and the fit summary."""
    design = tprs_design(np.asarray(x, dtype=float), k)
    fits = fit_gcv(design, np.asarray(y, dtype=float)[None, :])
    return design.predict_matrix(np.asarray(x_new, dtype=float)) @ fits.coefficients[0], fits
