"""Tests of course_lib.data.shapes: closed-form shading, the generator, the linear inverse, bad inputs."""

import numpy as np
import pytest

from course_lib.data import shapes


def test_flat_floor_closed_form():
    for elev in (0.3, np.pi / 4, np.pi / 2):
        img = shapes.shade(np.zeros((1, 8, 8)), elevation=elev, ambient=0.1)
        np.testing.assert_allclose(img, 0.1 + 0.9 * np.sin(elev), atol=1e-6)


def test_tilted_plane_closed_form():
    size, slope, relief = 16, 0.02, 4.0
    x = np.arange(size)[None, None, :] * np.ones((1, size, 1))
    h = slope * x  # dz/dx = slope * relief per pixel, dz/dy = 0
    az, el = 0.3, 0.9
    p = slope * relief
    lx, lz = np.cos(el) * np.cos(az), np.sin(el)          # the light's y component meets dz/dy = 0
    expected = (-p * lx + lz) / np.sqrt(1 + p * p)
    img = shapes.shade(h, azimuth=az, elevation=el, relief=relief, ambient=0.0)
    np.testing.assert_allclose(img, expected, atol=1e-6)


def test_self_shadowed_slope_gets_ambient_only():
    h = np.tile(np.arange(8.0), (1, 8, 1))  # rises towards the light (+x side): faces away from it
    img = shapes.shade(h, azimuth=0.0, elevation=0.2, relief=1.0, ambient=0.25)
    np.testing.assert_allclose(img[0, :, 1:-1], 0.25, atol=1e-6)


def test_height_maps_range_seed_and_floor():
    a = shapes.make_height_maps(20, size=32, seed=3)
    assert a.shape == (20, 32, 32) and a.dtype == np.float32
    assert a.min() >= 0 and a.max() <= 1
    assert np.all(a.max(axis=(1, 2)) >= 0.39)          # at least one object per scene
    assert np.all(a[:, 0, 0] < 0.05)                  # corners are floor
    np.testing.assert_array_equal(a, shapes.make_height_maps(20, size=32, seed=3))
    assert not np.array_equal(a, shapes.make_height_maps(20, size=32, seed=4))


def test_make_shapes_consistent():
    s, h = shapes.make_shapes(5, size=16, seed=0)
    np.testing.assert_allclose(s, shapes.shade(h))
    assert s.min() >= 0.1 - 1e-6 and s.max() <= 1.0


def test_linear_shape_from_shading_recovers_gentle_bump():
    t = np.arange(32) - 15.5
    h = 0.3 * np.exp(-(t[None, :] ** 2 + t[:, None] ** 2) / (2 * 5.0 ** 2))[None]
    img = shapes.shade(h, relief=2.0)
    est = shapes.linear_shape_from_shading(img, relief=2.0, eps=1e-3)
    rmse = np.sqrt(np.mean((est - h) ** 2))
    assert rmse < 0.5 * np.sqrt(np.mean(h ** 2))  # far better than guessing a flat floor


@pytest.mark.parametrize("call, err", [
    (lambda: shapes.make_height_maps(0), ValueError),
    (lambda: shapes.make_height_maps(2, size=4), ValueError),
    (lambda: shapes.make_height_maps(2, seed=-1), ValueError),
    (lambda: shapes.make_height_maps(2, max_objects=0), ValueError),
    (lambda: shapes.shade(np.zeros((8, 8))), ValueError),
    (lambda: shapes.shade(np.full((1, 8, 8), np.nan)), ValueError),
    (lambda: shapes.shade(np.zeros((1, 8, 8)), elevation=2.0), ValueError),
    (lambda: shapes.shade(np.zeros((1, 8, 8)), azimuth="left"), TypeError),
    (lambda: shapes.shade(np.zeros((1, 8, 8)), ambient=1.5), ValueError),
    (lambda: shapes.shade(np.zeros((1, 8, 8)), relief=-1.0), ValueError),
    (lambda: shapes.linear_shape_from_shading(np.zeros((1, 8, 8)), eps=0.0), ValueError),
    (lambda: shapes.linear_shape_from_shading(np.zeros((8, 8))), ValueError),
])
def test_bad_inputs(call, err):
    with pytest.raises(err):
        call()


def test_default_stream_unchanged_by_the_dent_option():
    import hashlib
    a = shapes.make_height_maps(50, size=32, seed=3)
    # the sha256 of these scenes before dent_share existed: the default stream (lectures 9's "depth" task) is kept
    assert hashlib.sha256(a.tobytes()).hexdigest() == "c40dc5d99e7be00aa5b0a6a392c0c28c6c74dd67f4e46c5ec8c37ee3225c0199"
    np.testing.assert_array_equal(a, shapes.make_height_maps(50, size=32, seed=3, dent_share=0.0))


def test_dents_mirror_bumps_and_shade_alike_from_overhead():
    h = shapes.make_height_maps(400, size=32, seed=0, max_objects=1, dent_share=0.5)
    sign = shapes.dent_or_bump(h)
    assert h.min() >= -1 and h.max() <= 1 and set(np.unique(sign)) == {-1, 1}
    assert 0.4 < (sign == -1).mean() < 0.6
    assert np.all(h[sign == -1] <= 0) and np.all(h[sign == 1] >= 0)  # one object: a dent never rises
    only_dents = shapes.make_height_maps(20, size=16, seed=1, max_objects=1, dent_share=1.0)
    assert np.all(shapes.dent_or_bump(only_dents) == -1)
    overhead = np.pi / 2   # light straight above: brightness depends on the slope's size only
    np.testing.assert_allclose(shapes.shade(h, elevation=overhead), shapes.shade(-h, elevation=overhead), atol=1e-6)
    assert np.abs(shapes.shade(h[:20]) - shapes.shade(-h[:20])).max() > 0.2   # a side light tells them apart


def test_dent_or_bump_closed_form():
    z = np.zeros((3, 4, 4))
    z[0, 1, 1], z[1, 2, 2], z[1, 0, 0] = 0.5, -0.7, 0.6
    np.testing.assert_array_equal(shapes.dent_or_bump(z), [1, -1, 0])
    with pytest.raises(ValueError):
        shapes.make_height_maps(2, dent_share=1.5)
