"""Counting estimates of a probability distribution over a finite set of categories.

The lecture's apples: count 10,000 observations, divide by N, and you have a PMF you can
evaluate and sample from. ``Categorical`` does exactly that, with validated inputs.

>>> apples = Categorical.from_counts({"Greenish": 3700, "Reddish": 6000, "Blueish": 300})
>>> float(apples.pmf("Reddish"))
0.6
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from typing import Self

import numpy as np

from ._validate import as_numeric_array, as_real_array, check_positive_int, check_real, numpy_rng
from .training import History


def _is_missing(x) -> bool:
    return x is None or (isinstance(x, numbers.Real) and not isinstance(x, bool) and np.isnan(x))


def _hashable(x) -> bool:
    try:
        hash(x)
    except TypeError:
        return False
    return True


def _category_list(categories, name: str = "categories") -> list:
    """``categories`` as a list: a 1-D sequence of distinct hashable categories (not a single string)."""
    if isinstance(categories, (str, bytes)):
        raise TypeError(f"{name} must be a sequence of categories, not a single string {categories!r}")
    if isinstance(categories, np.ndarray) and categories.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {categories.shape}")
    if not isinstance(categories, Iterable) or isinstance(categories, Mapping):
        raise TypeError(f"{name} must be a sequence of categories, got {type(categories).__name__}")
    out = list(categories)
    for i, c in enumerate(out):
        if not _hashable(c):
            raise TypeError(f"{name}[{i}] = {c!r} cannot be a category (it is not hashable)")
    return out


def _sample_rng(seed) -> np.random.Generator:
    """``seed``: an int >= 0 or a Generator; None draws fresh entropy (never the global RNG)."""
    return np.random.default_rng() if seed is None else numpy_rng(seed, "seed")


class Categorical:
    """A categorical distribution P(X = c) over ``categories``.

    Build it with ``Categorical.from_observations(observations)`` (count raw observations),
    ``Categorical.from_counts(counts)`` (counts per category) or ``Categorical(probs, categories)``.

    Attributes
    ----------
    categories : tuple
        The categories, in a fixed order (sorted when learnt from data unless given).
    probs : np.ndarray, shape (K,)
        Probabilities, summing to 1.
    counts : np.ndarray of int, shape (K,), or None
        The counts the estimate came from (None when built from probabilities).
    """

    def __init__(self, probs, categories: Sequence | None = None):
        p = as_real_array(probs, "probs", ndim=1)
        if np.any(p < 0):
            raise ValueError(f"probs must be non-negative, got {p.tolist()}")
        if not np.isclose(p.sum(), 1.0, rtol=0, atol=1e-6):  # 1e-6: float32 probabilities are fine
            raise ValueError(f"probs must sum to 1, they sum to {p.sum():.6g}")
        if categories is None:
            categories = tuple(range(p.size))
        categories = tuple(_category_list(categories))
        if len(categories) != p.size:
            raise ValueError(f"categories has {len(categories)} entries but probs has {p.size}")
        if len(set(categories)) != len(categories):
            raise ValueError(f"categories must be distinct, got {categories}")
        if any(_is_missing(c) for c in categories):
            raise ValueError("categories must not contain None or NaN")
        self.categories = categories
        self.probs = p / p.sum()
        self.counts = None
        self._index = {c: i for i, c in enumerate(categories)}

    # ----- construction from data -------------------------------------------------------------
    @classmethod
    def from_counts(cls, counts, categories: Sequence | None = None) -> Categorical:
        """Estimate P(c) = n_c / N from counts: a mapping {category: n} or a sequence of n."""
        if isinstance(counts, Mapping):
            if categories is not None:
                raise ValueError("give categories either as the keys of counts or as categories, not both")
            categories, counts = list(counts.keys()), list(counts.values())
        if counts is None or isinstance(counts, (str, bytes)):
            raise TypeError("counts must be a mapping or a sequence of non-negative integers, got "
                            f"{'a string' if counts is not None else 'None'}")
        if isinstance(counts, np.ndarray) and counts.dtype.kind not in "biuf":
            raise TypeError(f"counts must hold integers, got an array of dtype {counts.dtype}")
        try:
            values = np.asarray(counts, dtype=object) if not isinstance(counts, np.ndarray) else counts
        except (TypeError, ValueError):
            raise TypeError(f"counts must be a sequence of non-negative integers, got {type(counts).__name__}") from None
        if values.ndim != 1:
            raise ValueError(f"counts must be a 1-D sequence (one count per category), got shape {values.shape}")
        if len(values) == 0:
            raise ValueError("counts is empty: at least one category is needed")
        if categories is not None:
            categories = _category_list(categories)
            if len(categories) != len(values):
                raise ValueError(f"counts has {len(values)} entries but categories has {len(categories)}")
        n = np.empty(len(values), dtype=np.int64)
        for i, v in enumerate(values):
            if _is_missing(v):
                raise ValueError(f"counts[{i}] is NaN or None: counts must be non-negative integers")
            if isinstance(v, (bool, np.bool_)) or not isinstance(v, numbers.Real):
                raise TypeError(f"counts[{i}] = {v!r} is not a number: counts must be non-negative integers")
            if not math.isfinite(float(v)):
                raise ValueError(f"counts[{i}] = {v!r} is infinite: counts must be non-negative integers")
            if float(v) != int(v):
                raise ValueError(f"counts[{i}] = {v!r} is not an integer: counts must be whole numbers")
            if v < 0:
                raise ValueError(f"counts[{i}] = {v!r} is negative: counts must be non-negative integers")
            n[i] = int(v)
        total = int(n.sum())
        if total == 0:
            raise ValueError("counts are all zero: nothing has been observed, so no estimate exists")
        dist = cls(n / total, categories)
        dist.counts = n
        return dist

    @classmethod
    def from_observations(cls, observations, categories: Sequence | None = None) -> Categorical:
        """Estimate P(c) = n_c / N by counting raw observations (one entry per observed item).

        ``categories`` fixes the set (and order) of categories; categories never observed get
        probability 0, and an observation outside the set is an error. Without it, the sorted
        set of observed values is used.
        """
        if observations is None or isinstance(observations, (str, bytes)):
            raise TypeError("observations must be a sequence of observed categories, not "
                            f"{'a single string' if observations is not None else 'None'}")
        try:
            arr = np.asarray(observations, dtype=object)
        except (TypeError, ValueError):
            raise TypeError("observations must be a 1-D sequence of observed categories") from None
        if arr.ndim != 1:
            raise ValueError(f"observations must be a 1-D sequence (one entry per observed item), got shape {arr.shape}")
        obs = list(arr)
        if len(obs) == 0:
            raise ValueError("observations is empty: count at least one observation")
        for i, o in enumerate(obs):
            if _is_missing(o):
                raise ValueError(f"observations[{i}] is NaN or None: drop missing observations first")
            if not _hashable(o):
                raise TypeError(f"observations[{i}] = {o!r} cannot be a category (it is not hashable)")
        if categories is None:
            try:
                categories = sorted(set(obs))
            except TypeError:
                raise TypeError("observations mix types that cannot be ordered; pass categories") from None
        categories = _category_list(categories)
        if len(set(categories)) != len(categories):
            raise ValueError(f"categories must be distinct, got {tuple(categories)}")
        index = {c: i for i, c in enumerate(categories)}
        n = np.zeros(len(categories), dtype=np.int64)
        for i, o in enumerate(obs):
            if o not in index:
                raise ValueError(f"observations[{i}] = {o!r} is not one of the categories {tuple(categories)}")
            n[index[o]] += 1
        return cls.from_counts(n, categories)

    # ----- queries --------------------------------------------------------------------------------
    def _indices(self, x) -> np.ndarray:
        scalar = not isinstance(x, (list, tuple, np.ndarray))
        if scalar:
            items = [x]
        else:
            try:
                arr = np.asarray(x, dtype=object)
            except (TypeError, ValueError):
                raise TypeError("x must be one category or a 1-D sequence of categories") from None
            if arr.ndim != 1:
                raise ValueError(f"x must be one category or a 1-D sequence of categories, got shape {arr.shape}")
            if arr.size == 0:
                raise ValueError("x is empty: give at least one category")
            items = list(arr)
        idx = []
        for item in items:
            if _is_missing(item):
                raise ValueError("x contains NaN or None, which is not a category")
            if not _hashable(item):
                raise TypeError(f"x = {item!r} is not a category (it is not hashable)")
            if item not in self._index:
                raise ValueError(f"x = {item!r} is not one of the categories {self.categories}")
            idx.append(self._index[item])
        return np.asarray(idx, dtype=np.int64)

    def pmf(self, x):
        """P(X = x) for one category (returns a float) or an array of categories."""
        idx = self._indices(x)
        p = self.probs[idx]
        return float(p[0]) if not isinstance(x, (list, tuple, np.ndarray)) else p

    def log_prob(self, x):
        """log P(X = x) in nats (``-inf`` for a category with probability 0)."""
        p = self.pmf(x)
        with np.errstate(divide="ignore"):
            return float(np.log(p)) if np.isscalar(p) else np.log(p)

    def sample(self, n: int, seed=None) -> np.ndarray:
        """Draw ``n`` categories independently; ``seed`` is an int >= 0 or an ``np.random.Generator``
        (None: fresh entropy)."""
        n = check_positive_int(n, "n", minimum=0)
        rng = _sample_rng(seed)
        idx = rng.choice(len(self.categories), size=n, p=self.probs)
        cats = np.empty(len(self.categories), dtype=object)
        cats[:] = self.categories
        out = cats[idx]
        if all(isinstance(c, str) for c in self.categories):
            out = out.astype(str)
        return out

    def entropy(self) -> float:
        """Shannon entropy in nats."""
        p = self.probs[self.probs > 0]
        return float(-(p * np.log(p)).sum())

    def as_dict(self) -> dict:
        """{category: probability}."""
        return {c: float(p) for c, p in zip(self.categories, self.probs)}

    def __repr__(self) -> str:
        inner = ", ".join(f"{c!r}: {p:.4g}" for c, p in zip(self.categories, self.probs))
        return f"Categorical({{{inner}}})"


class BernoulliMixture:
    """A mixture of K product-of-Bernoulli models over binary vectors of length D, fitted by EM.

    P(x) = sum_k pi_k prod_d mu_kd^x_d (1 - mu_kd)^(1 - x_d).  With K = 1 this is the
    independent-pixel model: "counting" done pixel by pixel instead of image by image.

    Parameters: ``n_components`` K >= 1. After ``fit``: ``weights_`` (K,), ``means_`` (K, D) in
    (0, 1) (clipped to [eps, 1 - eps] so unseen pixels keep a non-zero probability).
    """

    def __init__(self, n_components: int = 10, eps: float = 1e-3):
        self.n_components = check_positive_int(n_components, "n_components")
        self.eps = check_real(eps, "eps", 0.0, 0.5, low_open=True, high_open=True)
        self.weights_ = None
        self.means_ = None

    @staticmethod
    def _check_binary(X, name="X") -> np.ndarray:
        X = as_numeric_array(X, name, "a numeric array of 0s and 1s").astype(np.float64, copy=False)
        if X.ndim != 2 or X.shape[0] == 0 or X.shape[1] == 0:
            raise ValueError(f"{name} must be a non-empty 2-D array (n_samples, n_features), got shape {X.shape}")
        if np.isnan(X).any():
            raise ValueError(f"{name} contains NaN")
        if not np.isin(X, (0.0, 1.0)).all():
            raise ValueError(f"{name} must contain only 0 and 1 (binarize images first)")
        return X

    def _log_joint(self, X) -> np.ndarray:
        """log pi_k + log P(x | k), shape (n, K)."""
        logm, log1m = np.log(self.means_), np.log1p(-self.means_)
        return np.log(self.weights_) + X @ logm.T + (1.0 - X) @ log1m.T

    def fit(self, X, n_iter: int = 50, seed=0, tol: float = 1e-4) -> Self:
        """EM from a seeded random start; stops when the mean log-likelihood gains less than ``tol``.

        Returns the model; ``history`` (a ``training.History``) holds, per EM iteration ("step"), the
        mean log-likelihood (nats per sample) at the E-step.
        """
        X = self._check_binary(X)
        n_iter = check_positive_int(n_iter, "n_iter")
        rng = numpy_rng(seed, "seed")
        tol = check_real(tol, "tol", low=0.0)
        K = self.n_components
        if K > X.shape[0]:
            raise ValueError(f"n_components ({K}) must not exceed the number of samples ({X.shape[0]})")
        self.weights_ = np.full(K, 1.0 / K)
        base = X.mean(0)
        # start each component halfway between the pixel means and a random pattern
        self.means_ = np.clip(0.5 * base + 0.5 * rng.uniform(0.25, 0.75, (K, X.shape[1])), self.eps, 1 - self.eps)
        self.history = History()
        for it in range(1, n_iter + 1):
            lj = self._log_joint(X)
            ll = _logsumexp_rows(lj)
            self.history.add_row(it, {"log_likelihood": float(ll.mean())}, finite=False)
            r = np.exp(lj - ll[:, None])
            nk = r.sum(0) + 1e-12
            self.weights_ = nk / nk.sum()
            self.means_ = np.clip((r.T @ X) / nk[:, None], self.eps, 1 - self.eps)
            curve = self.history["log_likelihood"]
            if len(curve) > 1 and curve[-1] - curve[-2] < tol:
                break
        return self

    def _check_fitted(self):
        if self.means_ is None:
            raise RuntimeError("this BernoulliMixture is not fitted yet: call fit(X) first")

    def log_prob(self, X) -> np.ndarray:
        """log P(x) in nats for each row of X, shape (n,)."""
        self._check_fitted()
        X = self._check_binary(X)
        if X.shape[1] != self.means_.shape[1]:
            raise ValueError(f"X must have {self.means_.shape[1]} columns, got {X.shape[1]}")
        return _logsumexp_rows(self._log_joint(X))

    def sample(self, n: int, seed=None) -> np.ndarray:
        """Draw ``n`` binary vectors, shape (n, D), float 0/1."""
        self._check_fitted()
        n = check_positive_int(n, "n", minimum=0)
        rng = _sample_rng(seed)
        k = rng.choice(self.n_components, size=n, p=self.weights_)
        return (rng.random((n, self.means_.shape[1])) < self.means_[k]).astype(np.float64)


def _logsumexp_rows(a: np.ndarray) -> np.ndarray:
    m = a.max(axis=1)
    return m + np.log(np.exp(a - m[:, None]).sum(axis=1))
