"""Synthetic data for the GAN lectures: 2-D Gaussian mixtures (ring of 8, grid of 25) and a 1-D mixture.

The 2-D settings are the published ones (VEEGAN, Srivastava et al. 2017; PacGAN, Lin et al. 2018):

* ring: 8 modes at (cos 2 pi i/8, sin 2 pi i/8), i = 0..7 (radius 1), standard deviation 0.01;
* grid: 25 modes at (i, j), i, j in {-4, -2, 0, 2, 4}, standard deviation 0.05.

Every mixture weighs its modes equally and is isotropic. All samplers take an explicit ``seed``
(or a ``numpy.random.Generator``) and return float32 arrays.
"""

from __future__ import annotations

import numpy as np

from .._validate import as_real_array, check_bool, check_positive_int, check_real, numpy_rng

RING_STD = 0.01
GRID_STD = 0.05


def ring_centers(n_modes: int = 8, radius: float = 1.0) -> np.ndarray:
    """Means of the ring mixture, shape (n_modes, 2): (r cos 2 pi i/n, r sin 2 pi i/n), i = 0..n-1.

    Uses ``endpoint=False``: ``np.linspace(0, 2 pi, 8)`` would repeat the first centre.
    """
    n_modes = check_positive_int(n_modes, "n_modes")
    radius = check_real(radius, "radius", low=0.0, low_open=True)
    angles = np.linspace(0.0, 2.0 * np.pi, n_modes, endpoint=False)
    return radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)


def grid_centers(side: int = 5, spacing: float = 2.0) -> np.ndarray:
    """Means of the grid mixture, shape (side**2, 2), centred on 0: {-4, -2, 0, 2, 4}^2 by default."""
    side = check_positive_int(side, "side")
    spacing = check_real(spacing, "spacing", low=0.0, low_open=True)
    ticks = spacing * (np.arange(side) - (side - 1) / 2.0)
    xx, yy = np.meshgrid(ticks, ticks, indexing="ij")
    return np.stack([xx.ravel(), yy.ravel()], axis=1)


def sample_mixture(n: int, centers, std: float, seed=0, return_labels: bool = False):
    """``n`` samples of the equal-weight isotropic Gaussian mixture with means ``centers`` (k, d).

    Returns float32 array (n, d), and the int64 mode index of each sample (n,) if ``return_labels``.
    """
    n = check_positive_int(n, "n")
    centers = as_real_array(centers, "centers", ndim=2)
    std = check_real(std, "std", low=0.0, low_open=True)
    return_labels = check_bool(return_labels, "return_labels")
    rng = numpy_rng(seed, "seed")
    labels = rng.integers(0, len(centers), size=n)
    x = (centers[labels] + std * rng.standard_normal((n, centers.shape[1]))).astype(np.float32)
    return (x, labels) if return_labels else x


def sample_ring(n: int, seed=0, return_labels: bool = False):
    """``n`` samples (n, 2) of the ring of 8 Gaussians (radius 1, std 0.01)."""
    return sample_mixture(n, ring_centers(), RING_STD, seed, return_labels)


def sample_grid(n: int, seed=0, return_labels: bool = False):
    """``n`` samples (n, 2) of the grid of 25 Gaussians (means {-4,...,4}^2, std 0.05)."""
    return sample_mixture(n, grid_centers(), GRID_STD, seed, return_labels)


# ----------------------------------------------------------------------------- 1-D data (lecture 5)
ONE_D_MEANS = (-1.0, 1.5)
ONE_D_STDS = (0.4, 0.6)
ONE_D_WEIGHTS = (0.4, 0.6)


def _one_d_params(means, stds, weights):
    means = as_real_array(means, "means", ndim=1)
    stds = as_real_array(stds, "stds", ndim=1)
    weights = as_real_array(weights, "weights", ndim=1)
    if not (len(means) == len(stds) == len(weights)) or len(means) == 0:
        raise ValueError(f"means, stds and weights must have the same non-zero length, got "
                         f"{len(means)}, {len(stds)}, {len(weights)}")
    if np.any(stds <= 0):
        raise ValueError(f"stds must be positive, got {stds.tolist()}")
    if np.any(weights < 0) or not np.isclose(weights.sum(), 1.0):
        raise ValueError(f"weights must be non-negative and sum to 1, got {weights.tolist()}")
    return means, stds, weights


def one_d_pdf(x, means=ONE_D_MEANS, stds=ONE_D_STDS, weights=ONE_D_WEIGHTS) -> np.ndarray:
    """Density of the 1-D data of lecture 5 (a mixture of two Gaussians by default) at points ``x``."""
    x = as_real_array(x, "x")
    means, stds, weights = _one_d_params(means, stds, weights)
    z = (x[..., None] - means) / stds
    return np.sum(weights * np.exp(-0.5 * z**2) / (stds * np.sqrt(2 * np.pi)), axis=-1)


def sample_one_d(n: int, seed=0, means=ONE_D_MEANS, stds=ONE_D_STDS, weights=ONE_D_WEIGHTS) -> np.ndarray:
    """``n`` samples, float32 shape (n, 1), of the 1-D data distribution of lecture 5."""
    n = check_positive_int(n, "n")
    means, stds, weights = _one_d_params(means, stds, weights)
    rng = numpy_rng(seed, "seed")
    k = rng.choice(len(means), size=n, p=weights / weights.sum())
    return (means[k] + stds[k] * rng.standard_normal(n)).astype(np.float32)[:, None]
