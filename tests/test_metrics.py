"""Tests of course_lib.metrics and course_lib.data.mixtures: hand-made cases with known answers."""

import numpy as np
import pytest
from scipy import linalg

from course_lib import metrics
from course_lib.data.mixtures import (
    GRID_STD,
    RING_STD,
    grid_centers,
    one_d_pdf,
    ring_centers,
    sample_grid,
    sample_one_d,
    sample_ring,
)


# ----------------------------------------------------------------------------- mixtures
def test_ring_has_eight_distinct_centres_on_unit_circle():
    c = ring_centers()
    assert c.shape == (8, 2)
    assert np.allclose(np.linalg.norm(c, axis=1), 1.0)
    assert len({tuple(np.round(p, 6)) for p in c}) == 8          # endpoint=False: no repeated centre
    assert np.allclose(c[2], [0.0, 1.0])


def test_grid_centres():
    c = grid_centers()
    assert c.shape == (25, 2)
    assert set(np.unique(c)) == {-4.0, -2.0, 0.0, 2.0, 4.0}


def test_real_samples_score_at_the_ceiling():
    # a real sample lies within 3 sigma (2-D) with probability 1 - exp(-4.5) = 98.9%
    for x, c, s in ((sample_ring(2500, seed=1), ring_centers(), RING_STD),
                    (sample_grid(2500, seed=1), grid_centers(), GRID_STD)):
        modes, hq = metrics.mode_coverage(x, c, s)
        assert modes == len(c)
        assert abs(hq - (1 - np.exp(-4.5))) < 0.006


def test_one_d_density_integrates_to_one_and_matches_samples():
    g = np.linspace(-6, 7, 2001)
    assert abs(np.trapezoid(one_d_pdf(g), g) - 1) < 1e-6
    x = sample_one_d(50000, seed=0)
    assert x.shape == (50000, 1) and abs(x.mean() - (0.4 * -1 + 0.6 * 1.5)) < 0.02


def test_mixture_bad_inputs():
    with pytest.raises(ValueError, match="n"):
        sample_ring(0)
    with pytest.raises(TypeError, match="seed"):
        sample_grid(10, seed=1.5)
    with pytest.raises(ValueError, match="weights"):
        one_d_pdf([0.0], weights=(0.5, 0.6))
    with pytest.raises(ValueError, match="stds"):
        one_d_pdf([0.0], stds=(0.0, 1.0))


# ----------------------------------------------------------------------------- mode coverage
def test_mode_coverage_hand_made():
    c = np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0]])
    s = 1.0
    # two samples on mode 0, one 2.9 sigma from mode 1, one far from everything (5 sigma from mode 2)
    x = np.array([[0.1, 0.0], [0.0, -0.5], [10.0, 2.9], [0.0, 15.0]])
    assert metrics.mode_coverage(x, c, s) == (2, 0.75)
    # boundary: exactly 3 sigma counts as high quality
    assert metrics.mode_coverage(np.array([[3.0, 0.0]]), c, s) == (1, 1.0)
    # a collapsed generator: every sample on one mode
    assert metrics.mode_coverage(np.zeros((2500, 2)), c, s) == (1, 1.0)
    # a mode only reached by low-quality samples is not covered
    assert metrics.mode_coverage(np.array([[0.0, 0.0], [10.0, 4.0]]), c, s) == (1, 0.5)


def test_mode_coverage_bad_inputs():
    c = ring_centers()
    with pytest.raises(ValueError, match="samples"):
        metrics.mode_coverage(np.zeros(5), c, 0.01)
    with pytest.raises(ValueError, match="dimension"):
        metrics.mode_coverage(np.zeros((5, 3)), c, 0.01)
    with pytest.raises(ValueError, match="std"):
        metrics.mode_coverage(np.zeros((5, 2)), c, -1.0)
    with pytest.raises(ValueError, match="NaN"):
        metrics.mode_coverage(np.full((5, 2), np.nan), c, 0.01)
    with pytest.raises(ValueError, match="centers"):
        metrics.mode_coverage(np.zeros((5, 2)), np.zeros((0, 2)), 0.01)


# ----------------------------------------------------------------------------- Frechet distance
def test_frechet_closed_form():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((4, 4))
    cov = a @ a.T + np.eye(4)
    mu = rng.standard_normal(4)
    assert metrics.frechet_distance(mu, cov, mu, cov) == pytest.approx(0.0, abs=1e-6)
    # diagonal covariances: |mu1 - mu2|^2 + sum (s1 - s2)^2
    s1, s2 = np.array([1.0, 4.0]), np.array([9.0, 1.0])
    d = metrics.frechet_distance(np.zeros(2), np.diag(s1), np.ones(2), np.diag(s2))
    assert d == pytest.approx(2 + np.sum((np.sqrt(s1) - np.sqrt(s2)) ** 2))
    # general case against scipy's matrix square root formula
    b = rng.standard_normal((4, 4))
    cov2 = b @ b.T + 0.5 * np.eye(4)
    ref = np.sum((mu - 1) ** 2) + np.trace(cov + cov2 - 2 * np.real(linalg.sqrtm(cov @ cov2)))
    assert metrics.frechet_distance(mu, cov, np.ones(4), cov2) == pytest.approx(ref)


def test_frechet_features_and_bad_inputs():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((4000, 3))
    assert metrics.frechet_distance_features(x, x + 2.0) == pytest.approx(12.0, rel=1e-6)
    with pytest.raises(ValueError, match="mu2"):
        metrics.frechet_distance(np.zeros(2), np.eye(2), np.zeros(3), np.eye(2))
    with pytest.raises(ValueError, match="cov2"):
        metrics.frechet_distance(np.zeros(2), np.eye(2), np.zeros(2), np.eye(3))
    with pytest.raises(ValueError, match="at least 2"):
        metrics.gaussian_stats(np.zeros((1, 3)))


# ----------------------------------------------------------------------------- precision / recall
def test_precision_recall_brute_force():
    rng = np.random.default_rng(2)
    real, gen = rng.standard_normal((60, 2)), rng.standard_normal((50, 2)) + 0.7
    p, r = metrics.precision_recall(real, gen, k=3)

    def brute(a, b, k):  # share of b inside the union of k-NN balls of a
        dab = np.linalg.norm(a[:, None] - a[None], axis=2)
        radii = np.sort(dab, axis=1)[:, k]
        d = np.linalg.norm(b[:, None] - a[None], axis=2)
        return np.mean(np.any(d <= radii[None], axis=1))
    assert p == pytest.approx(brute(real, gen, 3)) and r == pytest.approx(brute(gen, real, 3))
    assert metrics.precision_recall(real, real, k=3) == (1.0, 1.0)
    far = real + 100.0
    assert metrics.precision_recall(real, far, k=3) == (0.0, 0.0)
    with pytest.raises(ValueError, match="more than k"):
        metrics.precision_recall(real[:3], gen, k=3)
    with pytest.raises(ValueError, match="features"):
        metrics.precision_recall(real, np.zeros((10, 3)))


# ----------------------------------------------------------------------------- classifier-based
def test_histogram_kl_mode_count():
    h = metrics.class_histogram(np.array([0, 0, 1, 3]), 4)
    assert np.allclose(h, [0.5, 0.25, 0.0, 0.25])
    assert metrics.kl_to_uniform(np.full(10, 0.1)) == pytest.approx(0.0)
    assert metrics.kl_to_uniform(np.eye(10)[3]) == pytest.approx(np.log(10))
    assert metrics.kl_to_uniform(h) == pytest.approx(np.log(4) + 0.5 * np.log(0.5) + 2 * 0.25 * np.log(0.25))
    assert metrics.mode_count(h) == 3
    assert metrics.mode_count(np.array([0.985, 0.005, 0.01]), min_share=0.01) == 2
    with pytest.raises(ValueError, match="labels"):
        metrics.class_histogram(np.array([0, 4]), 4)
    with pytest.raises(TypeError, match="integers"):
        metrics.class_histogram(np.array([0.5]), 4)
    with pytest.raises(ValueError, match="hist"):
        metrics.kl_to_uniform(np.array([0.5, 0.6]))
    with pytest.raises(ValueError, match="min_share"):
        metrics.mode_count(np.array([0.5, 0.5]), min_share=0)


# ----------------------------------------------------------------------------- memorisation
def test_nearest_neighbours_and_memorisation():
    rng = np.random.default_rng(3)
    train = rng.random((200, 5, 5))
    held = rng.random((50, 5, 5))
    d, idx = metrics.nearest_neighbour_distances(train[[7, 3]], train, return_index=True)
    assert np.allclose(d, 0.0, atol=1e-6) and list(idx) == [7, 3]
    brute = np.linalg.norm(held.reshape(50, 1, -1) - train.reshape(1, 200, -1), axis=2).min(1)
    assert np.allclose(metrics.nearest_neighbour_distances(held, train), brute)
    copier = metrics.memorisation_check(train[:50], train, held)
    honest = metrics.memorisation_check(rng.random((50, 5, 5)), train, held)
    assert copier["ratio"] < 0.01 and copier["share_closer_than_any_held_out"] == 1.0
    assert 0.8 < honest["ratio"] < 1.25
    with pytest.raises(ValueError, match="features"):
        metrics.nearest_neighbour_distances(np.zeros((2, 3)), np.zeros((2, 4)))
    with pytest.raises(ValueError, match="queries"):
        metrics.nearest_neighbour_distances(np.zeros(3), np.zeros((2, 3)))
