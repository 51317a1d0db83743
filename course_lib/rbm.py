"""Restricted Boltzmann machine (Bernoulli visible and hidden units) in torch.

Notation (the one of the lecture and of Hinton's practical guide):

    E(v, h) = -a.v - b.h - v.W.h          v in {0,1}^n_visible, h in {0,1}^n_hidden
    P(v, h) = exp(-E(v, h)) / Z
    F(v)    = -a.v - sum_j softplus(b_j + (v W)_j)        (free energy, P(v) = exp(-F(v)) / Z)
    P(h_j = 1 | v) = sigmoid(b_j + (v W)_j)      P(v_i = 1 | h) = sigmoid(a_i + (W h)_i)

``W`` has shape (n_visible, n_hidden), ``a`` shape (n_visible,), ``b`` shape (n_hidden,).
Batches of states are 2-D tensors with one state per row.

Training (``RBM.fit``) uses contrastive divergence CD-k or persistent CD (PCD, Tieleman 2008).
Along a Gibbs chain the *states* are sampled (0/1), never replaced by probabilities; the
probabilities P(h|v) are used only in the learning statistics, as in Hinton's guide.

Exact ``log_partition`` enumerates the smaller layer (2^min(n_visible, n_hidden) states, in chunks)
and sums the other layer analytically; it refuses above ``MAX_EXACT_UNITS`` units.
``ais_log_partition`` estimates log Z of a large model by annealed importance sampling from a
base-rate model, as in Salakhutdinov & Murray (2008).
"""

from __future__ import annotations

import contextlib
import math
import os
import time
from dataclasses import dataclass
from typing import Self

import numpy as np
import torch
import torch.nn.functional as F

from ._validate import (
    as_real_array,
    check_bool,
    check_choice,
    check_dict,
    check_positive_int,
    check_real,
    check_str,
    check_torch_dtype,
    torch_generator,
)
from .training import History

#: Largest layer ``log_partition`` will enumerate exactly (2^25 = 33.5 million states).
MAX_EXACT_UNITS = 25


# ----------------------------------------------------------------------------------------------
# the fast path: matrix products on the faster of the two BLAS libraries in the process
# ----------------------------------------------------------------------------------------------

#: "torch", "numpy" or "auto" (default): where RBM.fit runs its fp32 matrix products. Override with
#: the environment variable COURSE_RBM_BLAS.
BLAS_CHOICES = ("auto", "torch", "numpy")
_BLAS: dict[str, str] = {}


def blas_backend() -> str:
    """The BLAS library RBM.fit uses for its fp32 products: "torch" or "numpy".

    A process holds two BLAS libraries: torch's (MKL on x86) and NumPy's (OpenBLAS). Which one is
    faster depends on the CPU: on AMD processors with AVX-512, OpenBLAS's kernels run the RBM's
    products about twice as fast as MKL's; elsewhere MKL may win. "auto" times both once per process
    on the RBM's shape ((200 x 784) @ (784 x 500), a few milliseconds) and keeps NumPy's only if it is
    clearly faster (by 20% or more). Both compute the same products in fp32; only rounding differs.
    ``COURSE_RBM_BLAS=torch`` or ``=numpy`` fixes the choice.
    """
    choice = check_choice(os.environ.get("COURSE_RBM_BLAS", "auto"), "COURSE_RBM_BLAS", BLAS_CHOICES)
    if choice != "auto":
        return choice
    if "auto" not in _BLAS:
        _BLAS["auto"] = _time_blas()
    return _BLAS["auto"]


def _time_blas(m: int = 200, k: int = 784, n: int = 500, reps: int = 5) -> str:
    rng = np.random.default_rng(0)
    a, b = rng.random((m, k), dtype=np.float32), rng.random((k, n), dtype=np.float32)
    out = np.empty((m, n), np.float32)
    ta, tb, tout = torch.from_numpy(a), torch.from_numpy(b), torch.from_numpy(out)
    best = {}
    for name, product in (("torch", lambda: torch.mm(ta, tb, out=tout)), ("numpy", lambda: np.matmul(a, b, out=out))):
        product()
        timings = []
        for _ in range(reps):
            t0 = time.perf_counter()
            product()
            timings.append(time.perf_counter() - t0)
        best[name] = min(timings)
    return "numpy" if best["numpy"] * 1.2 < best["torch"] else "torch"


def _matmul_into(a: torch.Tensor, b: torch.Tensor, out: torch.Tensor, backend: str = "torch") -> torch.Tensor:
    """``out = a @ b`` for CPU fp32 tensors, by torch's BLAS or NumPy's (``backend``); returns ``out``.

    The NumPy route shares memory with the tensors (no copies; transposed views go to BLAS as they
    are), so it is the same product, run by another library.
    """
    if backend == "numpy":
        np.matmul(a.numpy(), b.numpy(), out=out.numpy())
        return out
    return torch.mm(a, b, out=out)


@contextlib.contextmanager
def _torch_threads(n: int | None):
    """Run the block with torch limited to ``n`` threads (None: unchanged), then restore the setting.

    RBM.fit uses it while NumPy's BLAS runs the products: torch's OpenMP threads keep spinning for a
    while after each of torch's (elementwise) operations and take the cores OpenBLAS's threads need;
    measured on 2 cores, the NumPy route ran 13x slower with 2 torch threads than with 1.
    """
    before = torch.get_num_threads()
    if n is not None:
        torch.set_num_threads(n)
    try:
        yield
    finally:
        if n is not None:
            torch.set_num_threads(before)


# ----------------------------------------------------------------------------------------------
# input checks
# ----------------------------------------------------------------------------------------------
def _c_order(a: np.ndarray) -> np.ndarray:
    """``a`` itself if C-contiguous, else a C-ordered copy (torch refuses negative strides)."""
    return a if a.flags.c_contiguous else a.copy()


def _state_dtype(dtype, name: str = "dtype") -> torch.dtype:
    dtype = check_torch_dtype(dtype, name)
    if dtype.is_complex or dtype == torch.bool:
        raise TypeError(f"{name} must be a real (float or integer) torch dtype, got {dtype}")
    return dtype


def as_binary_states(x, width: int | None, name: str = "x", dtype=torch.float32) -> torch.Tensor:
    """Return ``x`` as a 2-D tensor (n, width) of 0/1 in ``dtype``; a 1-D state becomes one row.

    ``width`` None accepts any number of columns (at least one). Rejects non-numeric input (strings,
    object or complex arrays), an empty batch, a wrong number of dimensions or columns, NaN/inf and
    values other than 0 and 1, each with an error naming ``name``.
    """
    name = check_str(name, "name", allow_empty=False)
    width = None if width is None else check_positive_int(width, "width")
    dtype = _state_dtype(dtype)
    if isinstance(x, torch.Tensor):
        t = x.detach()
    elif x is None or isinstance(x, (str, bytes)):
        raise TypeError(f"{name} must be an array or tensor of 0/1 values, got {type(x).__name__}")
    else:
        try:
            arr = np.asarray(x)
        except (TypeError, ValueError):
            raise TypeError(f"{name} must be an array or tensor of 0/1 values, got {type(x).__name__}") from None
        if arr.dtype.kind not in "biuf":
            raise TypeError(f"{name} must be an array or tensor of 0/1 values, got {type(x).__name__} "
                            f"of dtype {arr.dtype}")
        t = torch.as_tensor(_c_order(arr.astype(np.float64)))
    if t.dtype == torch.bool:
        t = t.to(dtype)
    if not (t.is_floating_point() or t.dtype in (torch.int8, torch.uint8, torch.int16, torch.int32, torch.int64)):
        raise TypeError(f"{name} must hold numbers, got dtype {t.dtype}")
    t = t.to(dtype)
    if t.ndim == 1:
        t = t.unsqueeze(0)
    w = "d" if width is None else width
    if t.ndim != 2:
        raise ValueError(f"{name} must have shape (n, {w}) or ({w},), got shape {tuple(t.shape)}")
    if width is not None and t.shape[1] != width:
        raise ValueError(f"{name} must have {width} columns (one per unit), got shape {tuple(t.shape)}")
    if t.shape[0] == 0 or t.shape[1] == 0:
        raise ValueError(f"{name} must hold at least one state of at least one unit, got shape {tuple(t.shape)}")
    if not torch.isfinite(t).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    if not ((t == 0) | (t == 1)).all():
        bad = t[(t != 0) & (t != 1)][0].item()
        raise ValueError(f"{name} must be binary (only 0 and 1), found the value {bad:g}; "
                         "binarize the data first (e.g. sample each pixel as Bernoulli of its intensity)")
    return t


def _parameter(x, name: str) -> torch.Tensor:
    """A parameter tensor of finite real numbers (a tensor is kept as is; arrays as ``torch.as_tensor`` makes them)."""
    as_real_array(x, name, allow_empty=True)
    if isinstance(x, torch.Tensor):
        return x.detach()
    return torch.as_tensor(_c_order(x) if isinstance(x, np.ndarray) else x)


def all_binary_states(n: int, dtype=torch.float32, start: int = 0, stop: int | None = None) -> torch.Tensor:
    """Rows ``start`` .. ``stop-1`` of the table of all 2^n binary vectors, shape (stop-start, n).

    Row r is the binary expansion of r with the first unit as the most significant bit; n <= 62,
    and the whole table (``stop`` None) only for n <= 30 (take slices of larger ones).
    """
    n = check_positive_int(n, "n")
    if n > 62:
        raise ValueError(f"n must be <= 62 (states are enumerated as int64), got {n}")
    dtype = _state_dtype(dtype)
    start = check_positive_int(start, "start", minimum=0)
    if stop is None:
        if n > 30:
            raise ValueError(f"n={n} would list 2^{n} states: pass start and stop to take a slice")
        stop = 2 ** n
    stop = check_positive_int(stop, "stop")
    if not start < stop <= 2 ** n:
        raise ValueError(f"start and stop must satisfy 0 <= start < stop <= 2^n = {2 ** n}, "
                         f"got start={start}, stop={stop}")
    idx = torch.arange(start, stop, dtype=torch.int64)
    shifts = torch.arange(n - 1, -1, -1, dtype=torch.int64)
    return ((idx.unsqueeze(1) >> shifts) & 1).to(dtype)


def _bernoulli(p: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """A 0/1 sample of the same shape and dtype as the probabilities ``p``."""
    return (torch.rand(p.shape, generator=generator, dtype=p.dtype) < p).to(p.dtype)


@dataclass
class AISResult:
    """Result of ``RBM.ais_log_partition``.

    ``log_z``: the AIS estimate log(mean w); ``log_z_low``/``log_z_high``: log(mean w -/+ 3 sd/sqrt(M))
    as reported by Salakhutdinov & Murray (``-inf`` when the lower bound is not positive);
    ``log_weights``: the M importance log-weights; ``log_z_base``: log Z of the base-rate model;
    ``n_betas``: number of intermediate distributions; ``seconds``: wall time.
    """

    log_z: float
    log_z_low: float
    log_z_high: float
    log_weights: np.ndarray
    log_z_base: float
    n_betas: int
    seconds: float

    def __post_init__(self):
        for name in ("log_z", "log_z_high", "log_z_base"):
            setattr(self, name, check_real(getattr(self, name), name))
        low = self.log_z_low
        if not (isinstance(low, (float, np.floating)) and low == -math.inf):  # -inf: no positive lower bound
            self.log_z_low = check_real(low, "log_z_low")
        self.log_weights = as_real_array(self.log_weights, "log_weights", ndim=1)
        self.n_betas = check_positive_int(self.n_betas, "n_betas")
        self.seconds = check_real(self.seconds, "seconds", low=0.0)


def ais_betas(n_betas: int = 14500) -> np.ndarray:
    """Inverse temperatures 0 = beta_0 < ... < beta_K = 1, spaced as in Salakhutdinov & Murray.

    Their schedule (``n_betas=14500``): steps of 1/1000 up to 0.5, 1/10000 up to 0.9 and
    1/100000 up to 1. Other values of ``n_betas`` keep the same proportions (500 : 4000 : 10000)
    of points in the three segments. Returns ``n_betas + 1`` values including both ends.
    """
    n_betas = check_positive_int(n_betas, "n_betas", minimum=3)
    n1 = max(1, round(n_betas * 500 / 14500))
    n2 = max(1, round(n_betas * 4000 / 14500))
    n3 = max(1, n_betas - n1 - n2)
    return np.concatenate([np.linspace(0.0, 0.5, n1 + 1)[:-1], np.linspace(0.5, 0.9, n2 + 1)[:-1],
                           np.linspace(0.9, 1.0, n3 + 1)])


def base_rate_visible_bias(X, smoothing: float = 1.0) -> torch.Tensor:
    """Visible biases log(p_i / (1 - p_i)) of the pixel frequencies p_i of binary data ``X`` (n, d).

    p_i = (count_i + smoothing) / (n + 2 * smoothing) keeps the biases finite for pixels that
    are always 0 or always 1. Used by Hinton's initialisation and as AIS's base-rate model.
    """
    X = as_binary_states(X, None, "X", torch.float64)
    smoothing = check_real(smoothing, "smoothing", low=0.0)
    p = (X.sum(0) + smoothing) / (X.shape[0] + 2 * smoothing)
    p = p.clamp(1e-6, 1 - 1e-6)
    return torch.log(p) - torch.log1p(-p)


# ----------------------------------------------------------------------------------------------
# the model
# ----------------------------------------------------------------------------------------------
class RBM:
    """A Bernoulli-Bernoulli restricted Boltzmann machine.

    Parameters
    ----------
    n_visible, n_hidden : int
        Layer sizes.
    seed : int or torch.Generator
        Seeds the initial weights and the model's own random generator (used for every
        sampling step unless a ``seed`` is passed); a generator is used as is.
    init_std : float
        Weights start as N(0, init_std^2) (Hinton's guide: 0.01); biases start at 0
        (``fit`` sets the visible biases to log(p/(1-p)) of the data first unless told not to).
    dtype : torch.dtype
        float32 (fast) or float64 (for exact checks).

    Attributes
    ----------
    W : tensor (n_visible, n_hidden);  a : tensor (n_visible,);  b : tensor (n_hidden,)
    """

    def __init__(self, n_visible: int, n_hidden: int, seed: int = 0, init_std: float = 0.01,
                 dtype: torch.dtype = torch.float32):
        self.n_visible = check_positive_int(n_visible, "n_visible")
        self.n_hidden = check_positive_int(n_hidden, "n_hidden")
        self.generator = torch_generator(seed, "seed")
        self.seed = None if isinstance(seed, torch.Generator) else int(seed)
        init_std = check_real(init_std, "init_std", low=0.0)
        self.dtype = check_torch_dtype(dtype, "dtype", (torch.float32, torch.float64))
        self.W = torch.randn(self.n_visible, self.n_hidden, generator=self.generator, dtype=self.dtype) * init_std
        self.a = torch.zeros(self.n_visible, dtype=self.dtype)
        self.b = torch.zeros(self.n_hidden, dtype=self.dtype)
        self._chain_h = None  # persistent chains (hidden states) of PCD
        self._fitted = False

    def __repr__(self) -> str:
        return f"RBM(n_visible={self.n_visible}, n_hidden={self.n_hidden}, dtype={self.dtype})"

    # ----- saving and loading -----------------------------------------------------------------
    def state_dict(self) -> dict:
        """The parameters as plain tensors (for ``torch.save`` / ``torch.load(weights_only=True)``)."""
        return {"W": self.W.clone(), "a": self.a.clone(), "b": self.b.clone()}

    @classmethod
    def from_state_dict(cls, state: dict, seed: int = 0, dtype: torch.dtype | None = None) -> RBM:
        """Build an RBM from ``{"W": (n_visible, n_hidden), "a": (n_visible,), "b": (n_hidden,)}``.

        Tensors or arrays of finite numbers; ``dtype`` None keeps W's dtype (float32 if W is not float).
        """
        check_dict(state, "state")
        if not {"W", "a", "b"} <= set(state):
            raise ValueError("state must be a dict with tensors 'W', 'a' and 'b'")
        dtype = check_torch_dtype(dtype, "dtype", (torch.float32, torch.float64), allow_none=True)
        W, a, b = (_parameter(state[k], f"state[{k!r}]") for k in ("W", "a", "b"))
        if W.ndim != 2 or a.shape != (W.shape[0],) or b.shape != (W.shape[1],):
            raise ValueError(f"state has inconsistent shapes: W {tuple(W.shape)}, a {tuple(a.shape)}, "
                             f"b {tuple(b.shape)}; expected (n_visible, n_hidden), (n_visible,), (n_hidden,)")
        dtype = dtype or (W.dtype if W.dtype in (torch.float32, torch.float64) else torch.float32)
        rbm = cls(W.shape[0], W.shape[1], seed=seed, dtype=dtype)
        rbm.W, rbm.a, rbm.b = W.to(dtype).clone(), a.to(dtype).clone(), b.to(dtype).clone()
        rbm._fitted = True  # trained parameters: fit() continues from them
        return rbm

    # ----- checks -------------------------------------------------------------------------------
    def _v(self, v, name: str = "v") -> torch.Tensor:
        return as_binary_states(v, self.n_visible, name, self.dtype)

    def _h(self, h, name: str = "h") -> torch.Tensor:
        return as_binary_states(h, self.n_hidden, name, self.dtype)

    def _g(self, seed) -> torch.Generator:
        """The stream a sampling call draws from: the model's own for ``seed=None`` (the default, so
        successive calls continue one seeded stream), else ``torch_generator(seed)`` -- an int gives a
        fresh generator, a ``torch.Generator`` is used as is."""
        return self.generator if seed is None else torch_generator(seed, "seed")

    # ----- energies and conditionals -----------------------------------------------------------
    def energy(self, v, h) -> torch.Tensor:
        """E(v, h) = -a.v - b.h - v.W.h for rows of v (n, n_visible) and h (n, n_hidden); shape (n,)."""
        v, h = self._v(v), self._h(h)
        if v.shape[0] != h.shape[0]:
            raise ValueError(f"v and h must have the same number of rows, got {v.shape[0]} and {h.shape[0]}")
        return -(v @ self.a) - (h @ self.b) - ((v @ self.W) * h).sum(1)

    def _free_energy(self, v: torch.Tensor) -> torch.Tensor:
        return -(v @ self.a) - F.softplus(v @ self.W + self.b).sum(1)

    def free_energy(self, v) -> torch.Tensor:
        """F(v) = -a.v - sum_j softplus(b_j + (vW)_j) = -log sum_h exp(-E(v,h)); shape (n,)."""
        return self._free_energy(self._v(v))

    def p_h_given_v(self, v) -> torch.Tensor:
        """P(h_j = 1 | v) = sigmoid(b + vW), shape (n, n_hidden): a product of independent Bernoullis."""
        return torch.sigmoid(self._v(v) @ self.W + self.b)

    def p_v_given_h(self, h) -> torch.Tensor:
        """P(v_i = 1 | h) = sigmoid(a + W h), shape (n, n_visible)."""
        return torch.sigmoid(self._h(h) @ self.W.T + self.a)

    def sample_h(self, v, seed=None) -> torch.Tensor:
        """A 0/1 sample of h ~ P(h | v), shape (n, n_hidden)."""
        g = self._g(seed)
        return _bernoulli(self.p_h_given_v(v), g)

    def sample_v(self, h, seed=None) -> torch.Tensor:
        """A 0/1 sample of v ~ P(v | h), shape (n, n_visible)."""
        g = self._g(seed)
        return _bernoulli(self.p_v_given_h(h), g)

    def gibbs(self, v, k: int = 1, seed=None) -> torch.Tensor:
        """Run k steps of block Gibbs sampling v -> h -> v from the rows of ``v``; returns 0/1 states v."""
        k = check_positive_int(k, "k")
        g = self._g(seed)
        v = self._v(v).clone()
        for _ in range(k):
            h = _bernoulli(torch.sigmoid(v @ self.W + self.b), g)
            v = _bernoulli(torch.sigmoid(h @ self.W.T + self.a), g)
        return v

    def sample(self, n: int, steps: int = 1000, v0=None, seed=None,
               return_probs: bool = False):
        """Draw ``n`` samples by running ``n`` independent Gibbs chains for ``steps`` steps.

        Chains start from ``v0`` (n, n_visible) if given, else from P(v) of the visible biases
        alone. With ``return_probs`` also returns P(v | h) of the last step (smoother to look at).
        """
        n = check_positive_int(n, "n")
        steps = check_positive_int(steps, "steps")
        g = self._g(seed)
        return_probs = check_bool(return_probs, "return_probs")
        if v0 is None:
            v = _bernoulli(torch.sigmoid(self.a).expand(n, -1), g)
        else:
            v = self._v(v0, "v0")
            if v.shape[0] != n:
                raise ValueError(f"v0 must have n={n} rows, got {v.shape[0]}")
        pv = torch.sigmoid(self.a).expand(n, -1)
        for _ in range(steps):
            h = _bernoulli(torch.sigmoid(v @ self.W + self.b), g)
            pv = torch.sigmoid(h @ self.W.T + self.a)
            v = _bernoulli(pv, g)
        return (v, pv) if return_probs else v

    def reconstruct(self, v, seed=None) -> torch.Tensor:
        """P(v' | h) for h ~ P(h | v): a one-step reconstruction (probabilities), shape (n, n_visible)."""
        h = self.sample_h(v, seed)
        return torch.sigmoid(h @ self.W.T + self.a)

    def reconstruction_error(self, v, seed=None) -> float:
        """Mean over rows of sum_i (v_i - P(v'_i | h))^2 for a one-step reconstruction (a rough monitor)."""
        v = self._v(v)
        return float(((v - self.reconstruct(v, seed)) ** 2).sum(1).mean())

    def pseudo_log_likelihood(self, v, seed=None) -> float:
        """Stochastic pseudo-log-likelihood (as scikit-learn's ``score_samples``), mean over rows.

        n_visible * log sigmoid(F(v~) - F(v)) where v~ is v with one random pixel flipped per row.
        Unbiased but noisy; cheap enough to monitor training of any size.
        """
        v = self._v(v)
        g = self._g(seed)
        idx = torch.randint(0, self.n_visible, (v.shape[0],), generator=g)
        vf = v.clone()
        rows = torch.arange(v.shape[0])
        vf[rows, idx] = 1 - vf[rows, idx]
        return float((self.n_visible * F.logsigmoid(self._free_energy(vf) - self._free_energy(v))).mean())

    # ----- exact partition function -------------------------------------------------------------
    def log_partition(self, chunk_size: int = 2 ** 14) -> float:
        """Exact log Z by enumerating the smaller layer (at most ``MAX_EXACT_UNITS`` units).

        Enumerating hidden states h: log Z = logsumexp_h [ b.h + sum_i softplus(a_i + (W h)_i) ];
        enumerating visible states is symmetric. Work: 2^min(n_visible, n_hidden) rows, done
        ``chunk_size`` rows at a time, accumulated in float64.
        """
        chunk_size = check_positive_int(chunk_size, "chunk_size")
        if min(self.n_visible, self.n_hidden) > MAX_EXACT_UNITS:
            raise ValueError(
                f"exact log Z needs 2^{min(self.n_visible, self.n_hidden)} terms: refused above "
                f"{MAX_EXACT_UNITS} units in the smaller layer (n_hidden={self.n_hidden}); "
                "use ais_log_partition() for large models")
        if self.n_hidden <= self.n_visible:
            n, W, lin, other = self.n_hidden, self.W, self.b, self.a  # enumerate h
        else:
            n, W, lin, other = self.n_visible, self.W.T, self.a, self.b  # enumerate v
        total = 2 ** n
        parts = []
        for start in range(0, total, chunk_size):
            s = all_binary_states(n, self.dtype, start, min(total, start + chunk_size))
            terms = s @ lin + F.softplus(s @ W.T + other).sum(1)
            parts.append(torch.logsumexp(terms.double(), 0))
        return float(torch.logsumexp(torch.stack(parts), 0))

    def log_likelihood(self, v, log_z: float | None = None) -> torch.Tensor:
        """log P(v) = -F(v) - log Z for each row of ``v``, shape (n,), in nats.

        ``log_z`` defaults to the exact ``log_partition()``; pass an AIS estimate for large models.
        """
        v = self._v(v)
        if log_z is None:
            log_z = self.log_partition()
        log_z = check_real(log_z, "log_z")
        return -self._free_energy(v).double() - log_z

    # ----- annealed importance sampling ---------------------------------------------------------
    def ais_log_partition(self, n_runs: int = 100, n_betas: int = 14500, base_bias=None,
                          data=None, seed: int = 0) -> AISResult:
        """Estimate log Z by annealed importance sampling (Salakhutdinov & Murray 2008).

        The base model has visible biases ``base_bias`` (default: the base rate of ``data``,
        see ``base_rate_visible_bias``; zeros if neither is given) and no weights:
        log Z_base = sum softplus(base_bias) + n_hidden log 2. The intermediate distributions

            p_k*(v) = exp((1-beta_k) a_base.v + beta_k a.v) prod_j (1 + exp(beta_k (b_j + (vW)_j)))

        for the inverse temperatures ``ais_betas(n_betas)`` are bridged by one block-Gibbs step each,
        in ``n_runs`` independent runs. Returns an ``AISResult``.
        """
        n_runs = check_positive_int(n_runs, "n_runs", minimum=2)
        betas = ais_betas(n_betas)
        if data is not None:
            data = self._v(data, "data")
        if base_bias is None:
            base_bias = (base_rate_visible_bias(data) if data is not None
                         else torch.zeros(self.n_visible, dtype=torch.float64))
        else:
            try:
                as_real_array(base_bias, "base_bias", shape=(self.n_visible,))
            except (TypeError, ValueError) as err:
                raise type(err)(f"base_bias must be a finite vector of length {self.n_visible}: {err}") from None
        if isinstance(base_bias, np.ndarray):
            base_bias = _c_order(base_bias)
        base_bias = torch.as_tensor(base_bias, dtype=torch.float64)
        g = torch_generator(seed, "seed")
        t0 = time.perf_counter()
        dt = self.dtype
        a0 = base_bias.to(dt)
        da = self.a - a0
        log_z_base = float(F.softplus(base_bias).sum() + self.n_hidden * math.log(2.0))
        v = _bernoulli(torch.sigmoid(a0).expand(n_runs, -1).contiguous(), g)
        log_w = torch.zeros(n_runs, dtype=torch.float64)
        for k in range(1, len(betas)):
            bk, bprev = float(betas[k]), float(betas[k - 1])
            x = v @ self.W + self.b  # (M, n_hidden), shared by the weight and the h-step
            log_w += ((bk - bprev) * (v @ da) + (F.softplus(bk * x) - F.softplus(bprev * x)).sum(1)).double()
            if k < len(betas) - 1:  # transition leaving p_k invariant
                h = _bernoulli(torch.sigmoid(bk * x), g)
                v = _bernoulli(torch.sigmoid(a0 + bk * (da + h @ self.W.T)), g)
        lw = log_w.numpy()
        m = lw.max()
        w = np.exp(lw - m)
        mean, sd = w.mean(), w.std(ddof=1) / math.sqrt(n_runs)
        log_z = log_z_base + m + math.log(mean)
        low = log_z_base + m + math.log(mean - 3 * sd) if mean - 3 * sd > 0 else -math.inf
        high = log_z_base + m + math.log(mean + 3 * sd)
        return AISResult(float(log_z), float(low), float(high), lw, float(log_z_base), len(betas) - 1,
                         time.perf_counter() - t0)

    # ----- learning -----------------------------------------------------------------------------
    def cd_statistics(self, v_data, v_model) -> dict:
        """Gradient estimate of the mean log-likelihood from data and model samples (0/1 states).

        dW = <v P(h|v)>_data - <v P(h|v)>_model, da = <v>_data - <v>_model,
        db = <P(h|v)>_data - <P(h|v)>_model. Equals minus the gradient of
        mean F(v_data) - mean F(v_model) with v_model held fixed. Returns {"W", "a", "b"}.
        """
        vd, vm = self._v(v_data, "v_data"), self._v(v_model, "v_model")
        hd = torch.sigmoid(vd @ self.W + self.b)
        hm = torch.sigmoid(vm @ self.W + self.b)
        return {"W": vd.T @ hd / vd.shape[0] - vm.T @ hm / vm.shape[0],
                "a": vd.mean(0) - vm.mean(0), "b": hd.mean(0) - hm.mean(0)}

    def fit(self, X, epochs: int = 10, batch_size: int = 100, lr: float = 0.05, k: int = 1,
            persistent: bool = False, momentum=0.0, momentum_switch: int = 5, lr_final: float | None = None,
            weight_decay: float = 0.0, init_visible_bias: bool | None = None, X_val=None,
            monitor: str = "recon", monitor_every: int = 1, shuffle: bool = True,
            seed: int | None = None, matmul_dtype: torch.dtype | None = None, verbose: bool = False) -> Self:
        """Train by CD-k (``persistent=False``) or persistent CD-k (``persistent=True``).

        Parameters
        ----------
        X : (n, n_visible) binary data.
        epochs, batch_size, lr : passes over X, rows per update, learning rate.
        lr_final : if given, the learning rate decreases linearly from ``lr`` (first epoch) to
            ``lr_final`` (last epoch); annealing the rate reduces the noise of the final parameters.
        k : Gibbs steps per update (CD-k / PCD-k).
        persistent : keep ``batch_size`` fantasy chains across updates (PCD) instead of
            restarting the chains at the data (CD).
        momentum : a number, or a pair (initial, final) used before / from epoch ``momentum_switch``
            (Hinton's guide: (0.5, 0.9)).
        weight_decay : L2 penalty coefficient on W (Hinton's guide: 1e-2 .. 1e-5; 2e-4 is typical).
        init_visible_bias : set a to log(p/(1-p)) of X before training (Hinton's guide); the
            default (None) does so on the first call of ``fit`` only, so a second call continues.
        X_val : optional held-out data for the monitor.
        monitor : "recon" (reconstruction error of X and X_val; always recorded), "pll"
            (also stochastic pseudo-log-likelihood) or "exact" (also exact mean log-likelihood;
            needs a small model, costs one log Z per monitored epoch), or "none".
        monitor_every : monitor every this many epochs (and after the last).
        seed : seeds shuffling and sampling of this call (default: the model's generator).
        matmul_dtype : None (the model's dtype) or ``torch.bfloat16``: run the matrix products in
            bfloat16 (mixed precision: 0/1 states are exact in bfloat16, parameters and statistics
            stay in the model's dtype). Faster on CPUs with bfloat16 units; off by default.

        Returns
        -------
        The model. ``self.history`` is a ``training.History`` with one row per monitored epoch:
        "step" (parameter updates of this call), "epoch", "seconds" (cumulative training time,
        monitoring excluded), "recon_error" [, "recon_error_val"], ["pll", "pll_val"], ["ll", "ll_val"].
        """
        X = self._v(X, "X")
        epochs = check_positive_int(epochs, "epochs")
        batch_size = check_positive_int(batch_size, "batch_size")
        k = check_positive_int(k, "k")
        monitor_every = check_positive_int(monitor_every, "monitor_every")
        lr = check_real(lr, "lr", low=0.0)
        lr_final = lr if lr_final is None else check_real(lr_final, "lr_final", low=0.0)
        weight_decay = check_real(weight_decay, "weight_decay", low=0.0)
        if isinstance(momentum, (tuple, list)):
            if len(momentum) != 2:
                raise ValueError(f"momentum must be a number or a pair (initial, final), got {momentum!r}")
            m0, m1 = (check_real(m, "momentum", 0.0, 1.0) for m in momentum)
        else:
            m0 = m1 = check_real(momentum, "momentum", 0.0, 1.0)
        momentum_switch = check_positive_int(momentum_switch, "momentum_switch", minimum=0)
        persistent = check_bool(persistent, "persistent")
        shuffle = check_bool(shuffle, "shuffle")
        verbose = check_bool(verbose, "verbose")
        init_visible_bias = check_bool(init_visible_bias, "init_visible_bias", allow_none=True)
        matmul_dtype = check_torch_dtype(matmul_dtype, "matmul_dtype", allow_none=True)
        if matmul_dtype not in (None, self.dtype, torch.bfloat16):
            raise ValueError(f"matmul_dtype must be None or torch.bfloat16, got {matmul_dtype}")
        if monitor not in ("recon", "pll", "exact", "none"):
            raise ValueError(f"monitor must be 'recon', 'pll', 'exact' or 'none', got {monitor!r}")
        if monitor == "exact" and min(self.n_visible, self.n_hidden) > MAX_EXACT_UNITS:
            raise ValueError(f"monitor='exact' needs n_hidden <= {MAX_EXACT_UNITS}; use 'pll'")
        if batch_size > X.shape[0]:
            raise ValueError(f"batch_size ({batch_size}) is larger than the number of rows of X ({X.shape[0]})")
        if X_val is not None:
            X_val = self._v(X_val, "X_val")
        g = self.generator if seed is None else torch_generator(seed, "seed")
        if init_visible_bias or (init_visible_bias is None and not self._fitted):
            self.a = base_rate_visible_bias(X).to(self.dtype)
        self._fitted = True

        n, B, dt = X.shape[0], batch_size, self.dtype
        mm_dtype = dt if matmul_dtype is None else matmul_dtype
        if mm_dtype not in (dt, torch.bfloat16):
            raise ValueError(f"matmul_dtype must be None or torch.bfloat16, got {matmul_dtype}")
        low = mm_dtype != dt
        n_batches = n // B  # the last incomplete batch is dropped (as each epoch reshuffles)
        vel_W, vel_a, vel_b = torch.zeros_like(self.W), torch.zeros_like(self.a), torch.zeros_like(self.b)
        plain_sgd = m0 == m1 == 0 and not weight_decay and not low  # no velocity of W needed
        V2 = torch.empty(2 * B, self.n_visible, dtype=dt)  # [data batch; model samples]
        # fp32 products on the faster BLAS of this machine (blas_backend), into buffers reused per batch
        blas = blas_backend() if dt == torch.float32 and not low else "torch"
        if blas == "numpy":
            bufs = {"pv": torch.empty(B, self.n_visible, dtype=dt), "h": torch.empty(B, self.n_hidden, dtype=dt),
                    "H2": torch.empty(2 * B, self.n_hidden, dtype=dt),
                    "stats": torch.empty(self.n_visible, self.n_hidden, dtype=dt)}

        def affine(x, Wm, bias, buf):  # bias + x @ Wm
            if blas == "numpy":
                return _matmul_into(x, Wm, bufs[buf], "numpy").add_(bias)
            return self._affine(x, Wm, bias, low)
        if persistent and (self._chain_h is None or self._chain_h.shape != (B, self.n_hidden)):
            self._chain_h = _bernoulli(torch.full((B, self.n_hidden), 0.5, dtype=dt), g)
        history = History()
        train_seconds = 0.0

        with _torch_threads(1 if blas == "numpy" else None):
            for epoch in range(1, epochs + 1):
                mom = m0 if epoch <= momentum_switch else m1
                lr_e = lr + (lr_final - lr) * (epoch - 1) / max(1, epochs - 1)
                t0 = time.perf_counter()
                order = torch.randperm(n, generator=g)
                if not shuffle:
                    order = torch.arange(n)
                for i in range(n_batches):
                    Wm = self.W.to(mm_dtype) if low else self.W
                    vd = V2[:B]
                    torch.index_select(X, 0, order[i * B:(i + 1) * B], out=vd)
                    if persistent:
                        h = self._chain_h
                    else:
                        h = _bernoulli(affine(vd, Wm, self.b, "h").sigmoid_(), g)
                    for step in range(k):
                        pv = affine(h, Wm.T, self.a, "pv").sigmoid_()
                        if step < k - 1:
                            v = _bernoulli(pv, g)
                            h = _bernoulli(affine(v, Wm, self.b, "h").sigmoid_(), g)
                        else:
                            V2[B:].copy_(_bernoulli(pv, g))
                    # statistics: P(h|v) for data and model samples in one matrix product
                    H2 = affine(V2, Wm, self.b, "H2")
                    H2.sigmoid_()
                    if persistent:
                        self._chain_h = _bernoulli(H2[B:], g)
                    H2[B:].neg_()
                    # W's gradient is the sum over rows of v P(h|v)_data - v P(h|v)_model = V2^T H2
                    if plain_sgd and blas == "numpy":
                        self.W.add_(_matmul_into(V2.T, H2, bufs["stats"], "numpy"), alpha=lr_e / B)
                    elif plain_sgd:  # the update fused into the product: BLAS forms W + alpha V2^T H2 in place
                        self.W.addmm_(V2.T, H2, alpha=lr_e / B)
                    else:  # vel = mom vel + lr/B V2^T H2 - lr wd W; W += vel
                        if blas == "numpy":
                            vel_W.mul_(mom).add_(_matmul_into(V2.T, H2, bufs["stats"], "numpy"), alpha=lr_e / B)
                        elif low:
                            vel_W.mul_(mom).add_((V2.to(mm_dtype).T @ H2.to(mm_dtype)).to(dt), alpha=lr_e / B)
                        else:
                            vel_W.addmm_(V2.T, H2, beta=mom, alpha=lr_e / B)
                        if weight_decay:
                            vel_W.add_(self.W, alpha=-lr_e * weight_decay)
                        self.W.add_(vel_W)
                    gb = H2.sum(0)
                    ga = V2[:B].sum(0) - V2[B:].sum(0)
                    vel_a.mul_(mom).add_(ga, alpha=lr_e / B)
                    vel_b.mul_(mom).add_(gb, alpha=lr_e / B)
                    self.a.add_(vel_a)
                    self.b.add_(vel_b)
                train_seconds += time.perf_counter() - t0
                if monitor != "none" and (epoch % monitor_every == 0 or epoch == epochs):
                    self._monitor(history, epoch, epoch * n_batches, train_seconds, X, X_val, monitor, g)
                    if verbose:
                        print(", ".join(f"{key} {vals[-1]:.4g}" for key, vals in history.items()))
        self.history = history
        return self

    @staticmethod
    def _affine(x, Wm, bias, low):
        """bias + x @ Wm in the model's dtype; with ``low`` the product runs in Wm's (lower) precision."""
        if low:
            return (x.to(Wm.dtype) @ Wm).to(bias.dtype).add_(bias)
        return torch.addmm(bias, x, Wm)

    def _monitor(self, history, epoch, step, seconds, X, X_val, monitor, g):
        rows = {"epoch": epoch, "seconds": seconds}
        rows["recon_error"] = self.reconstruction_error(X[:1000], g)
        if X_val is not None:
            rows["recon_error_val"] = self.reconstruction_error(X_val, g)
        if monitor == "pll":
            rows["pll"] = self.pseudo_log_likelihood(X[:1000], g)
            if X_val is not None:
                rows["pll_val"] = self.pseudo_log_likelihood(X_val, g)
        if monitor == "exact":
            log_z = self.log_partition()
            rows["ll"] = float(self.log_likelihood(X, log_z).mean())
            if X_val is not None:
                rows["ll_val"] = float(self.log_likelihood(X_val, log_z).mean())
        history.add_row(step, rows, finite=False)
