"""Counting estimates of a probability distribution over a finite set of categories.

The lecture's apples: count 10,000 observations, divide by N, and you have a PMF you can
evaluate and sample from. ``Categorical`` does exactly that, with validated inputs.

>>> apples = Categorical.from_counts({"Greenish": 3700, "Reddish": 6000, "Blueish": 300})
>>> float(apples.pmf("Reddish"))
0.6
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence

import numpy as np

from ._validate import check_positive_int


def _is_missing(x) -> bool:
    return x is None or (isinstance(x, numbers.Real) and not isinstance(x, bool) and np.isnan(x))


class Categorical:
    """A categorical distribution P(X = c) over ``categories``.

    Build it with ``Categorical.fit(observations)`` (count raw observations),
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
        try:
            p = np.asarray(probs, dtype=np.float64)
        except (TypeError, ValueError):
            raise TypeError(f"probs must be a sequence of numbers, got {probs!r}") from None
        if p.ndim != 1 or p.size == 0:
            raise ValueError(f"probs must be a non-empty 1-D sequence, got shape {p.shape}")
        if not np.all(np.isfinite(p)):
            raise ValueError("probs contains NaN or infinite values")
        if np.any(p < 0):
            raise ValueError(f"probs must be non-negative, got {p.tolist()}")
        if not np.isclose(p.sum(), 1.0, rtol=0, atol=1e-9):
            raise ValueError(f"probs must sum to 1, they sum to {p.sum():.6g}")
        if categories is None:
            categories = tuple(range(p.size))
        categories = tuple(categories)
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
        if isinstance(counts, (str, bytes)):
            raise TypeError("counts must be a mapping or a sequence of non-negative integers, got a string")
        values = np.asarray(counts, dtype=object).ravel() if not isinstance(counts, np.ndarray) else counts.ravel()
        if len(values) == 0:
            raise ValueError("counts is empty: at least one category is needed")
        n = np.empty(len(values), dtype=np.int64)
        for i, v in enumerate(values):
            if _is_missing(v):
                raise ValueError(f"counts[{i}] is NaN or None: counts must be non-negative integers")
            if isinstance(v, bool) or not isinstance(v, numbers.Real):
                raise TypeError(f"counts[{i}] = {v!r} is not a number: counts must be non-negative integers")
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
    def fit(cls, observations, categories: Sequence | None = None) -> Categorical:
        """Count raw observations (one entry per observed item).

        ``categories`` fixes the set (and order) of categories; categories never observed get
        probability 0, and an observation outside the set is an error. Without it, the sorted
        set of observed values is used.
        """
        if isinstance(observations, (str, bytes)):
            raise TypeError("observations must be a sequence of observed categories, not a single string")
        obs = list(np.asarray(observations, dtype=object).ravel())
        if len(obs) == 0:
            raise ValueError("observations is empty: count at least one observation")
        for i, o in enumerate(obs):
            if _is_missing(o):
                raise ValueError(f"observations[{i}] is NaN or None: drop missing observations first")
        if categories is None:
            try:
                categories = sorted(set(obs))
            except TypeError:
                raise TypeError("observations mix types that cannot be ordered; pass categories") from None
        categories = list(categories)
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
        items = [x] if scalar else list(np.asarray(x, dtype=object).ravel())
        idx = []
        for item in items:
            if _is_missing(item):
                raise ValueError("x contains NaN or None, which is not a category")
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
        """Draw ``n`` categories independently; ``seed`` is an int or an ``np.random.Generator``."""
        n = check_positive_int(n, "n", minimum=0)
        rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
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
        if not 0 < eps < 0.5:
            raise ValueError(f"eps must be in (0, 0.5), got {eps!r}")
        self.eps = float(eps)
        self.weights_ = None
        self.means_ = None

    @staticmethod
    def _check_binary(X, name="X") -> np.ndarray:
        try:
            X = np.asarray(X, dtype=np.float64)
        except (TypeError, ValueError):
            raise TypeError(f"{name} must be a numeric array of 0s and 1s") from None
        if X.ndim != 2 or X.shape[0] == 0:
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

    def fit(self, X, n_iter: int = 50, seed=0, tol: float = 1e-4) -> BernoulliMixture:
        """EM from a seeded random start; stops when the mean log-likelihood gains less than ``tol``.

        ``history_`` holds the mean log-likelihood (nats per sample) after each E-step.
        """
        X = self._check_binary(X)
        n_iter = check_positive_int(n_iter, "n_iter")
        rng = np.random.default_rng(seed)
        K = self.n_components
        if K > X.shape[0]:
            raise ValueError(f"n_components ({K}) must not exceed the number of samples ({X.shape[0]})")
        self.weights_ = np.full(K, 1.0 / K)
        base = X.mean(0)
        # start each component halfway between the pixel means and a random pattern
        self.means_ = np.clip(0.5 * base + 0.5 * rng.uniform(0.25, 0.75, (K, X.shape[1])), self.eps, 1 - self.eps)
        self.history_ = []
        for _ in range(n_iter):
            lj = self._log_joint(X)
            ll = _logsumexp_rows(lj)
            self.history_.append(float(ll.mean()))
            r = np.exp(lj - ll[:, None])
            nk = r.sum(0) + 1e-12
            self.weights_ = nk / nk.sum()
            self.means_ = np.clip((r.T @ X) / nk[:, None], self.eps, 1 - self.eps)
            if len(self.history_) > 1 and self.history_[-1] - self.history_[-2] < tol:
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
        rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
        k = rng.choice(self.n_components, size=n, p=self.weights_)
        return (rng.random((n, self.means_.shape[1])) < self.means_[k]).astype(np.float64)


def _logsumexp_rows(a: np.ndarray) -> np.ndarray:
    m = a.max(axis=1)
    return m + np.log(np.exp(a - m[:, None]).sum(axis=1))
