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


def _bundle(widget):
    out = widget._repr_mimebundle_()
    return out if isinstance(out, tuple) else (out, {})


@pytest.mark.parametrize("make", [
    lambda: direction_explorer(fake_decode, Z0, DIRS, span=2.0),
    lambda: interpolation_explorer(fake_decode, Z0, Z1),
    lambda: __import__("course_lib.widgets", fromlist=["x"]).snapshot_slider(_draw_bars, 4),
], ids=["direction", "interpolation", "snapshot"])
def test_display_carries_a_still_picture_beside_the_live_widget(make, capsys):
    """Where no widget manager runs (slide decks, GitHub) the stored PNG is shown; JupyterLab
    still renders the widget view (it ranks above image/png)."""
    import base64

    import matplotlib.pyplot as plt

    w = make()
    capsys.readouterr()
    n_figures = len(plt.get_fignums())
    data, meta = _bundle(w)
    assert "application/vnd.jupyter.widget-view+json" in data
    png = base64.b64decode(data["image/png"])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert meta["image/png"] == {"width": width // 2, "height": height // 2} and height > 100
    assert "interactive(children" not in data["text/plain"] and "run the notebook" in data["text/plain"]
    assert len(plt.get_fignums()) == n_figures, "the off-screen figure was left open"
    assert capsys.readouterr().out == "", "drawing the picture printed something"


def _draw_bars(k=0):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(3, 2))
    ax.bar([0, 1], [k, 1])
    print("drawn", k)        # printed output of the draw function must not leak into the display
    plt.show()


def test_picture_follows_the_slider_and_no_figure_means_no_picture():
    w = direction_explorer(fake_decode, Z0, DIRS, span=2.0)
    first = _bundle(w)[0]["image/png"]
    next(c for c in w.children if getattr(c, "description", "") == "glasses").value = 2.0
    assert _bundle(w)[0]["image/png"] != first
    data, _ = _bundle(direction_explorer(fake_decode, Z0, DIRS, draw=False))
    assert "image/png" not in data and "application/vnd.jupyter.widget-view+json" in data


def test_explore_wraps_any_drawing_function_with_a_still_picture():
    import matplotlib.pyplot as plt

    from course_lib.widgets import explore

    def bars(n=3):
        fig, ax = plt.subplots()
        ax.bar(range(n), range(n))
        plt.show()
        return n

    w = explore(bars, {"n": (1, 10)})
    data = w._repr_mimebundle_()
    data = data[0] if isinstance(data, tuple) else data
    assert "image/png" in data and "application/vnd.jupyter.widget-view+json" in data
    assert data["text/plain"].startswith("live slider") and "n=" in data["text/plain"]
    w.close()
    for bad in ({}, [1], {"1x": (0, 3)}):
        with pytest.raises(TypeError, match="controls"):
            explore(bars, bad)
    with pytest.raises(TypeError, match="draw must be a function"):
        explore(3, {"n": (1, 10)})
