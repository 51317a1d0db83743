"""Tests of course_lib.latent: interpolation identities, attribute vectors, arithmetic, walks."""

import numpy as np
import pytest

from course_lib.latent import (
    analogy,
    angle,
    attribute_vector,
    attribute_vectors,
    interpolate,
    lerp,
    random_walk,
    slerp,
    step_sizes,
    walk,
)
from course_lib.metrics import nearest_neighbour_distances

rng = np.random.default_rng(0)
Z0, Z1 = rng.standard_normal(64), rng.standard_normal(64)


@pytest.mark.parametrize("fn", [lerp, slerp])
def test_endpoints_and_shapes(fn):
    np.testing.assert_allclose(fn(Z0, Z1, 0.0), Z0, atol=1e-12)
    np.testing.assert_allclose(fn(Z0, Z1, 1.0), Z1, atol=1e-12)
    assert fn(Z0, Z1, np.linspace(0, 1, 5)).shape == (5, 64)
    B0, B1 = rng.standard_normal((3, 8)), rng.standard_normal((3, 8))
    out = fn(B0, B1, np.array([0.0, 0.5, 1.0]))
    assert out.shape == (3, 3, 8)
    np.testing.assert_allclose(out[0], B0, atol=1e-12)
    np.testing.assert_allclose(out[2], B1, atol=1e-12)
    np.testing.assert_allclose(out[1, 2], fn(B0[2], B1[2], 0.5), atol=1e-12)


def test_lerp_is_affine_with_constant_speed():
    path = lerp(Z0, Z1, np.linspace(0, 1, 11))
    steps = np.linalg.norm(np.diff(path, axis=0), axis=1)
    np.testing.assert_allclose(steps, np.linalg.norm(Z1 - Z0) / 10)
    np.testing.assert_allclose(lerp(Z0, Z1, 0.25), 0.75 * Z0 + 0.25 * Z1)


def test_slerp_keeps_the_norm_and_has_constant_angular_speed():
    a = Z0 / np.linalg.norm(Z0) * 8.0
    b = Z1 / np.linalg.norm(Z1) * 8.0
    ts = np.linspace(0, 1, 21)
    path = slerp(a, b, ts)
    np.testing.assert_allclose(np.linalg.norm(path, axis=1), 8.0, rtol=1e-12)
    w = angle(a, b)
    np.testing.assert_allclose(angle(np.broadcast_to(a, path.shape), path), ts * w, atol=1e-9)
    # the path stays in the plane of a and b
    Q, _ = np.linalg.qr(np.stack([a, b], 1))
    np.testing.assert_allclose(path @ Q @ Q.T, path, atol=1e-9)


def test_straight_line_between_prior_samples_leaves_the_shell():
    """In d dimensions |z| ~ sqrt(d); the lerp midpoint of two independent samples has |z| ~ sqrt(d/2)."""
    d = 512
    r = np.random.default_rng(1)
    A, B = r.standard_normal((200, d)), r.standard_normal((200, d))
    mid_lerp = np.linalg.norm(lerp(A, B, 0.5), axis=1)
    mid_slerp = np.linalg.norm(slerp(A, B, 0.5), axis=1)
    assert abs(mid_lerp.mean() / np.sqrt(d / 2) - 1) < 0.02
    assert abs(mid_slerp.mean() / np.sqrt(d) - 1) < 0.02


def test_slerp_degenerate_cases():
    np.testing.assert_allclose(slerp(Z0, Z0, 0.3), Z0)  # zero angle: falls back to lerp
    np.testing.assert_allclose(slerp(Z0, 2 * Z0, 0.5), 1.5 * Z0)
    with pytest.raises(ValueError, match="opposite"):
        slerp(Z0, -Z0, 0.5)
    with pytest.raises(ValueError, match="zero"):
        slerp(np.zeros(64), Z1, 0.5)


def test_interpolate():
    assert interpolate(Z0, Z1, 7, "lerp").shape == (7, 64)
    np.testing.assert_allclose(interpolate(Z0, Z1, 3, "slerp")[1], slerp(Z0, Z1, 0.5))
    with pytest.raises(ValueError, match="method"):
        interpolate(Z0, Z1, 3, "cubic")
    with pytest.raises(ValueError, match="steps"):
        interpolate(Z0, Z1, 1)


def test_attribute_vector_recovers_a_planted_direction():
    r = np.random.default_rng(2)
    n, d = 4000, 16
    u = r.standard_normal(d)
    y = r.random(n) < 0.3
    Z = r.standard_normal((n, d)) + 2.0 * y[:, None] * u
    v = attribute_vector(Z, y)
    assert np.linalg.norm(v - 2.0 * u) < 0.15 * np.linalg.norm(2.0 * u)
    cos = v @ u / np.linalg.norm(v) / np.linalg.norm(u)
    assert cos > 0.99
    # exact on tiny data: difference of the two group means
    Zs = np.array([[1.0, 0.0], [3.0, 2.0], [0.0, 4.0]])
    np.testing.assert_allclose(attribute_vector(Zs, [1, 1, 0]), [2.0, -3.0])
    vs = attribute_vectors(Zs, {"a": np.array([1, 1, 0]), "b": np.array([0, 1, 1])})
    np.testing.assert_allclose(vs["b"], [0.5, 3.0])


def test_analogy_moves_a_target_along_the_planted_direction():
    r = np.random.default_rng(3)
    u = r.standard_normal(8)
    base = r.standard_normal((5, 8))
    with_, without = base + u, base
    target = r.standard_normal((10, 8))
    np.testing.assert_allclose(analogy(with_, without, target), target + u)
    np.testing.assert_allclose(analogy(with_[0], without[0], target[0]), target[0] + u)


def test_walks():
    ts = np.linspace(-2, 2, 5)
    path = walk(Z0, Z1, ts)
    np.testing.assert_allclose(path[2], Z0)
    np.testing.assert_allclose(path[4] - path[3], Z1)
    rw = random_walk(Z0, 50, 0.1, seed=4)
    assert rw.shape == (50, 64)
    np.testing.assert_allclose(rw[0], Z0)
    assert np.allclose(np.linalg.norm(np.diff(rw, axis=0), axis=1).mean(), 0.1 * 8, rtol=0.1)
    np.testing.assert_array_equal(rw, random_walk(Z0, 50, 0.1, seed=4))


def test_step_sizes_and_rms_nearest_distances_against_brute_force():
    r = np.random.default_rng(5)
    imgs = r.random((6, 4, 4, 3))
    ref = r.random((30, 4, 4, 3))
    s = step_sizes(imgs)
    np.testing.assert_allclose(s, [np.sqrt(np.mean((imgs[i + 1] - imgs[i]) ** 2)) for i in range(5)])
    d, i = nearest_neighbour_distances(imgs, ref, return_index=True, rms=True)
    brute = np.sqrt(((imgs[:, None] - ref[None]) ** 2).reshape(6, 30, -1).mean(-1))
    np.testing.assert_allclose(d, brute.min(1), rtol=1e-6)
    np.testing.assert_array_equal(i, brute.argmin(1))
    d0, i0 = nearest_neighbour_distances(ref[7:9], ref, return_index=True, rms=True)
    np.testing.assert_allclose(d0, 0, atol=1e-6)
    np.testing.assert_array_equal(i0, [7, 8])


@pytest.mark.parametrize("call, err", [
    (lambda: lerp(Z0, Z1[:10], 0.5), ValueError),
    (lambda: lerp(Z0, Z1, np.ones((2, 2))), ValueError),
    (lambda: lerp([np.nan] * 64, Z1, 0.5), ValueError),
    (lambda: lerp("a", Z1, 0.5), TypeError),
    (lambda: slerp(np.ones((2, 2, 2)), Z1, 0.5), ValueError),
    (lambda: lerp(np.ones((3, 64)), np.ones((2, 64)), 0.5), ValueError),
    (lambda: attribute_vector(np.ones((3, 2)), [1, 1, 1]), ValueError),
    (lambda: attribute_vector(np.ones((3, 2)), [1, 0]), ValueError),
    (lambda: attribute_vector(np.ones((3, 2)), [1, 0, 2]), ValueError),
    (lambda: attribute_vector(np.ones(3), [1, 0, 1]), ValueError),
    (lambda: attribute_vectors(np.ones((3, 2)), [1, 0, 1]), TypeError),
    (lambda: attribute_vectors(np.ones((3, 2)), {"a": [1, 0, 1]}, names=["b"]), ValueError),
    (lambda: analogy(np.ones(3), np.ones(3), np.ones(4)), ValueError),
    (lambda: walk(Z0, Z1[:3], [0, 1]), ValueError),
    (lambda: random_walk(Z0, 0, 0.1), ValueError),
    (lambda: random_walk(Z0, 5, -1.0), ValueError),
    (lambda: step_sizes(np.ones((1, 4))), ValueError),
])
def test_bad_inputs(call, err):
    with pytest.raises(err):
        call()
