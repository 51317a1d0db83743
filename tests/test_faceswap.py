"""Tests of course_lib.faceswap: shapes, the swap path, training, refusal of files, bad inputs."""

from pathlib import Path

import numpy as np
import pytest
import torch

torch.set_num_threads(1)  # tiny models: one thread is fastest, and avoids oversubscription under xdist

from course_lib import faceswap as fs  # noqa: E402
from course_lib import recipes  # noqa: E402
from course_lib.imaging import to_images, to_tensor  # noqa: E402


@pytest.fixture(scope="module")
def faces():
    a, ta = recipes.identity_faces("A", 8, seed=5)
    b, tb = recipes.identity_faces("B", 8, seed=5)
    return a, ta, b, tb


def test_autoencoder_shapes_and_swap_uses_the_target_decoder(faces):
    a, _, _, _ = faces
    torch.manual_seed(0)
    model = fs.SwapAutoencoder(code_dim=8, width=4)
    x = to_tensor(a)
    assert model.encode(x).shape == (8, 8)
    out_b = fs.swap(model, a, "B")
    assert out_b.shape == a.shape and out_b.min() >= 0 and out_b.max() <= 1
    expected = to_images(model.decoders[1](model.encoder(x)))
    np.testing.assert_allclose(out_b, expected, atol=1e-6)
    assert not np.allclose(out_b, fs.swap(model, a, "A"))


def test_training_reduces_both_losses_and_follows_the_schedule(faces):
    a, _, b, _ = faces
    torch.manual_seed(0)
    model = fs.SwapAutoencoder(code_dim=8, width=4)
    hist = model.fit(a, b, steps=40, batch_size=8, lr=5e-3, log_every=20, lr_schedule=[(0.5, 0.1)]).history
    assert hist["step"] == [20, 40]
    assert hist["loss_A"][-1] < hist["loss_A"][0] and hist["loss_B"][-1] < hist["loss_B"][0]
    np.testing.assert_allclose(hist["loss"], np.add(hist["loss_A"], hist["loss_B"]), rtol=1e-6)


def test_training_is_seeded_and_leaves_global_rng_alone(faces):
    a, _, b, _ = faces
    runs = []
    for _ in range(2):
        torch.manual_seed(0)
        m = fs.SwapAutoencoder(code_dim=8, width=4)
        state = torch.get_rng_state()
        runs.append(m.fit(a, b, steps=10, batch_size=4, seed=3, log_every=5).history["loss"])
        assert torch.equal(state, torch.get_rng_state())
    assert runs[0] == runs[1]


def test_warp_keeps_shape_range_and_is_identity_at_zero(faces):
    a, _, _, _ = faces
    x = to_tensor(a)
    g = torch.Generator().manual_seed(0)
    w = fs.warp(x, g, 1.0)
    assert w.shape == x.shape and w.min() >= 0 and w.max() <= 1 and not torch.allclose(w, x)
    torch.testing.assert_close(fs.warp(x, g, 0.0), x, atol=1e-5, rtol=0)


def test_no_photos_or_files():
    m = fs.SwapAutoencoder(8, 4)
    for bad in ("face.jpg", Path("face.png"), b"bytes"):
        with pytest.raises(TypeError, match="does not load image files"):
            fs.swap(m, bad, "B")
    with pytest.raises(ValueError, match="32, 32"):
        fs.swap(m, np.zeros((1, 64, 64, 3)), "B")  # not the generator's size


@pytest.mark.parametrize("call, err", [
    (lambda: fs.swap(fs.SwapAutoencoder(8, 4), np.full((1, 32, 32, 3), 2.0), "B"), ValueError),
    (lambda: fs.swap(fs.SwapAutoencoder(8, 4), np.full((1, 32, 32, 3), np.nan), "B"), ValueError),
    (lambda: fs.swap(fs.SwapAutoencoder(8, 4), [["x"]], "B"), TypeError),
    (lambda: fs.SwapAutoencoder(code_dim=0), ValueError),
    (lambda: fs.SwapAutoencoder(8, 4).decode(torch.zeros(2, 8), "C"), ValueError),
    (lambda: fs.SwapAutoencoder(8, 4).decode(torch.zeros(2, 7), "A"), ValueError),
    (lambda: fs.SwapAutoencoder(8, 4).encode(torch.zeros(2, 3, 16, 16)), ValueError),
    (lambda: fs.swap("model", np.zeros((1, 32, 32, 3)), "B"), TypeError),
    (lambda: fs.swap(fs.SwapAutoencoder(8, 4), np.zeros((1, 32, 32, 3)), "Z"), ValueError),
    (lambda: fs.SwapAutoencoder(8, 4).fit(np.zeros((2, 32, 32, 3)), np.zeros((2, 32, 32, 3)), steps=0), ValueError),
    (lambda: fs.SwapAutoencoder(8, 4).fit(np.zeros((2, 32, 32, 3)), np.zeros((2, 32, 32, 3)), warp_strength=2.0),
     ValueError),
    (lambda: fs.SwapAutoencoder(8, 4).fit(np.zeros((2, 32, 32, 3)), np.zeros((2, 32, 32, 3)), lr=0), ValueError),
    (lambda: fs.SwapAutoencoder(8, 4).fit(np.zeros((2, 32, 32, 3)), np.zeros((2, 32, 32, 3)),
                                          weights_a=np.ones((3, 32, 32))), ValueError),
    (lambda: fs.warp(torch.zeros(1, 3, 32, 32), "seed"), TypeError),
])
def test_bad_inputs(call, err):
    with pytest.raises(err):
        call()
