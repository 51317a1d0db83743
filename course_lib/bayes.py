"""A generative classifier: class-conditional Gaussians combined by Bayes' rule.

It learns the joint distribution P(X, Y) = P(Y) P(X | Y) with P(X | Y=k) = N(mu_k, Sigma_k),
so it can classify (P(Y | X) by Bayes' rule), score how typical an input is (P(X)), and
generate new labelled samples -- the three things lecture 1 contrasts with a discriminative
classifier, which learns only P(Y | X).
"""

from __future__ import annotations

from typing import Self

import numpy as np

from ._validate import as_real_array, check_positive_int, check_real, numpy_rng
from .training import History


def _labels(y, n: int) -> np.ndarray:
    """Class labels: a 1-D array of n numbers or strings (no NaN, None or unhashable entries)."""
    if y is None or isinstance(y, (str, bytes)):
        raise TypeError(f"y must be a 1-D array of class labels, got {type(y).__name__}")
    try:
        y = np.asarray(y)
    except (TypeError, ValueError):
        raise TypeError(f"y must be a 1-D array of class labels, got {type(y).__name__}") from None
    if y.ndim != 1 or len(y) != n:
        raise ValueError(f"y must be 1-D with one label per row of X ({n}), got shape {y.shape}")
    if y.dtype.kind not in "biufUSO":
        raise TypeError(f"y must hold class labels (numbers or strings), got dtype {y.dtype}")
    if y.dtype.kind == "f" and not np.all(np.isfinite(y)):
        raise ValueError("y contains NaN or infinite labels")
    if y.dtype.kind == "O":
        for i, label in enumerate(y):
            if label is None or (isinstance(label, float) and not np.isfinite(label)):
                raise ValueError(f"y[{i}] is {label!r}: every sample needs a label")
            try:
                hash(label)
            except TypeError:
                raise TypeError(f"y[{i}] = {label!r} is not a valid class label (unhashable)") from None
    return y


class ClassConditionalGaussian:
    """Gaussian class-conditional model ("quadratic discriminant analysis" as a generative model).

    After ``fit(X, y)``: ``classes_`` (K,), ``priors_`` (K,), ``means_`` (K, D), ``covariances_``
    (K, D, D). ``reg`` is added to each covariance's diagonal for numerical stability.
    """

    def __init__(self, reg: float = 1e-6):
        self.reg = check_real(reg, "reg", low=0.0)
        self.means_ = None

    def fit(self, X, y) -> Self:
        """Estimate P(Y) by counting labels and each P(X | Y=k) by the class mean and covariance.

        Returns the model; ``history`` (a ``training.History``) has one row: the mean log-likelihood
        log p(x, y) of the training data (a closed-form fit has no curve)."""
        X = as_real_array(X, "X", ndim=2)
        y = _labels(y, len(X))
        self.classes_, counts = np.unique(y, return_counts=True)
        if len(self.classes_) < 2:
            raise ValueError("y must contain at least two classes")
        if counts.min() < X.shape[1] + 1:
            raise ValueError(f"each class of y needs at least {X.shape[1] + 1} samples (rows of X) to estimate "
                             "a covariance")
        self.priors_ = counts / counts.sum()
        self.means_ = np.stack([X[y == k].mean(0) for k in self.classes_])
        eye = np.eye(X.shape[1])
        self.covariances_ = np.stack([np.cov(X[y == k], rowvar=False) + self.reg * eye for k in self.classes_])
        joint = self.log_joint(X)[np.arange(len(X)), np.searchsorted(self.classes_, y)]
        self.history = History()
        self.history.add_row(1, {"log_likelihood": float(joint.mean())}, finite=False)
        return self

    def _check(self, X) -> np.ndarray:
        if self.means_ is None:
            raise RuntimeError("this model is not fitted yet: call fit(X, y) first")
        X = as_real_array(X, "X", ndim=2)
        if X.shape[1] != self.means_.shape[1]:
            raise ValueError(f"X must have {self.means_.shape[1]} columns, got {X.shape[1]}")
        return X

    def log_joint(self, X) -> np.ndarray:
        """log P(x, Y=k) = log P(Y=k) + log N(x | mu_k, Sigma_k), shape (n, K)."""
        X = self._check(X)
        out = []
        for prior, mu, cov in zip(self.priors_, self.means_, self.covariances_):
            diff = X - mu
            sol = np.linalg.solve(cov, diff.T).T
            _, logdet = np.linalg.slogdet(cov)
            out.append(np.log(prior) - 0.5 * (np.sum(diff * sol, 1) + logdet + X.shape[1] * np.log(2 * np.pi)))
        return np.stack(out, axis=1)

    def log_density(self, X) -> np.ndarray:
        """log P(x) = log sum_k P(x, Y=k), shape (n,)."""
        lj = self.log_joint(X)
        m = lj.max(1, keepdims=True)
        return (m + np.log(np.exp(lj - m).sum(1, keepdims=True)))[:, 0]

    def predict_proba(self, X) -> np.ndarray:
        """P(Y=k | x) by Bayes' rule, shape (n, K)."""
        lj = self.log_joint(X)
        lj -= lj.max(1, keepdims=True)
        p = np.exp(lj)
        return p / p.sum(1, keepdims=True)

    def predict(self, X) -> np.ndarray:
        """The most probable class for each row of X."""
        k = np.argmax(self.log_joint(X), axis=1)
        return self.classes_[k]

    def sample(self, n: int, seed=None) -> tuple[np.ndarray, np.ndarray]:
        """Generate ``n`` labelled samples: y ~ P(Y), then x ~ P(X | y). Returns ``(X (n, D), y (n,))``.

        ``seed``: an int >= 0 or a ``numpy.random.Generator``; None draws fresh entropy.
        """
        if self.means_ is None:
            raise RuntimeError("this model is not fitted yet: call fit(X, y) first")
        n = check_positive_int(n, "n", minimum=0)
        rng = np.random.default_rng() if seed is None else numpy_rng(seed, "seed")
        k = rng.choice(len(self.classes_), size=n, p=self.priors_)
        X = np.empty((n, self.means_.shape[1]))
        for j in range(len(self.classes_)):
            idx = np.flatnonzero(k == j)
            X[idx] = rng.multivariate_normal(self.means_[j], self.covariances_[j], size=idx.size)
        return X, self.classes_[k]
