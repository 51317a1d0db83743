"""Tests of course_lib.widgets without a browser: set slider values, read ``.result``."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_lib.latent import lerp, slerp  # noqa: E402
from course_lib.widgets import combine_directions, direction_explorer, interpolation_explorer  # noqa: E402

rng = np.random.default_rng(0)
W = rng.standard_normal((4, 6 * 6 * 3)) * 0.1


def fake_decode(Z):
    """A linear 'decoder': codes (k, 4) -> colour images (k, 6, 6, 3)."""
    Z = np.asarray(Z, np.float64)
    return (0.5 + Z @ W).reshape(len(Z), 6, 6, 3)


Z0 = rng.standard_normal(4)
Z1 = rng.standard_normal(4)
DIRS = {"glasses": np.array([1.0, 0, 0, 0]), "smile": np.array([0, 0.5, 0.5, 0])}


def test_combine_directions():
    np.testing.assert_allclose(combine_directions(Z0, DIRS, {"glasses": 2.0, "smile": -1.0}),
                               Z0 + [2.0, -0.5, -0.5, 0.0])
    with pytest.raises(ValueError, match="unknown direction"):
        combine_directions(Z0, DIRS, {"hat": 1.0})


@pytest.mark.parametrize("draw", [False, True])
def test_direction_explorer_redraws_on_slider_change(draw):
    w = direction_explorer(fake_decode, Z0, DIRS, span=2.0, draw=draw)
    sliders = {c.description: c for c in w.children if hasattr(c, "min")}
    assert set(sliders) == {"glasses", "smile"} and sliders["glasses"].min == -2.0
    np.testing.assert_allclose(w.result, fake_decode(Z0[None])[0], atol=1e-6)
    sliders["glasses"].value = 1.5
    np.testing.assert_allclose(w.result, fake_decode((Z0 + 1.5 * DIRS["glasses"])[None])[0], atol=1e-6)
    sliders["smile"].value = -1.0
    expected = Z0 + 1.5 * DIRS["glasses"] - DIRS["smile"]
    np.testing.assert_allclose(w.result, fake_decode(expected[None])[0], atol=1e-6)


def test_interpolation_explorer_follows_t_and_method():
    w = interpolation_explorer(fake_decode, Z0, Z1, method="lerp", draw=False)
    t = next(c for c in w.children if getattr(c, "description", "") == "t")
    m = next(c for c in w.children if getattr(c, "description", "") == "path")
    np.testing.assert_allclose(w.result, fake_decode(lerp(Z0, Z1, 0.5)[None])[0], atol=1e-6)
    t.value = 0.0
    np.testing.assert_allclose(w.result, fake_decode(Z0[None])[0], atol=1e-6)
    t.value = 1.0
    np.testing.assert_allclose(w.result, fake_decode(Z1[None])[0], atol=1e-6)
    t.value = 0.25
    m.value = "slerp"
    np.testing.assert_allclose(w.result, fake_decode(slerp(Z0, Z1, 0.25)[None])[0], atol=1e-6)


def test_works_with_a_real_autoencoder():
    import torch

    from course_lib.autoencoder import MLPAutoencoder
    from course_lib.widgets import model_decoder

    torch.manual_seed(0)
    m = MLPAutoencoder((5, 5), 3, hidden=(8,)).eval()
    z0, z1 = np.array([1.0, 0, 0]), np.ones(3)
    w = interpolation_explorer(model_decoder(m), z0, z1, method="lerp", draw=False)
    assert w.result.shape == (5, 5)
    expected = m.decode(torch.tensor((z0 + z1)[None] / 2, dtype=torch.float32))[0].detach().numpy()
    np.testing.assert_allclose(w.result, expected, atol=1e-6)       # the slider starts at t = 1/2


@pytest.mark.parametrize("call, err", [
    (lambda: direction_explorer("not a function", Z0, DIRS), TypeError),
    (lambda: direction_explorer(fake_decode, Z0, {}), TypeError),
    (lambda: direction_explorer(fake_decode, Z0, {"a": np.ones(3)}), ValueError),
    (lambda: direction_explorer(fake_decode, Z0, DIRS, span=0), ValueError),
    (lambda: direction_explorer(lambda Z: np.ones(5), Z0, DIRS), ValueError),
    (lambda: interpolation_explorer(fake_decode, Z0, Z1[:2]), ValueError),
    (lambda: interpolation_explorer(fake_decode, Z0, Z1, method="cubic"), ValueError),
    (lambda: interpolation_explorer(fake_decode, [np.nan] * 4, Z1), ValueError),
])
def test_bad_inputs(call, err):
    with pytest.raises(err):
        call()
