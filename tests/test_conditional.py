"""Tests of course_lib.conditional: shapes, the conditional-mean property, the cVAE, data, bad inputs."""

import numpy as np
import pytest
import torch

torch.set_num_threads(1)  # tiny models: one thread is fastest, and avoids oversubscription under xdist

from course_lib import conditional as c
from course_lib import imaging as im


def test_unet_shapes_and_residual_identity():
    torch.manual_seed(0)
    net = c.SmallUNet(1, 1, width=4, residual=True)
    x = torch.rand(3, 1, 28, 28)
    assert net(x).shape == (3, 1, 28, 28)
    for p in net.head.parameters():  # zero correction -> the identity map
        torch.nn.init.zeros_(p)
    torch.testing.assert_close(net(x), x)
    assert c.SmallUNet(2, 3, width=4)(torch.rand(2, 2, 16, 16)).shape == (2, 3, 16, 16)


def test_fit_learns_the_conditional_mean():
    # The same input maps to target 0 or 1 with equal probability: squared error -> predict 1/2.
    torch.manual_seed(0)
    net = c.SmallUNet(1, 1, width=4)
    x = torch.zeros(32, 1, 4, 4)
    y = torch.zeros(32, 1, 4, 4)
    y[::2] = 1.0
    hist = net.fit(x, y, steps=100, batch_size=32, lr=1e-2, seed=0, log_every=25).history
    assert hist["step"] == [25, 50, 75, 100]
    out = c.predict(net, x[:4])
    assert abs(out.mean().item() - 0.5) < 0.1 and torch.allclose(out, torch.full_like(out, 0.5), atol=0.15)
    assert hist["loss"][-1] < 0.26  # the best possible squared error here is 1/4


def test_fit_is_deterministic():
    x, y = torch.rand(8, 1, 4, 4), torch.rand(8, 1, 4, 4)
    outs = []
    for _ in range(2):
        torch.manual_seed(1)
        net = c.SmallUNet(1, 1, width=4)
        net.fit(x, y, steps=5, seed=3)
        outs.append(c.predict(net, x))
    torch.testing.assert_close(outs[0], outs[1])


def test_cvae_uses_z_for_what_the_input_leaves_open():
    # Input carries no information; the target is +-1 everywhere: the cVAE must use z for the sign.
    torch.manual_seed(0)
    model = c.ConditionalVAE(1, 1, z_dim=1, width=4)
    x = torch.zeros(32, 1, 4, 4)
    y = torch.ones(32, 1, 4, 4)
    y[::2] = -1.0
    hist = model.fit(x, y, steps=200, batch_size=32, lr=1e-2, seed=0, noise_std=0.3).history
    assert set(hist) == {"step", "loss", "recon", "kl"}
    np.testing.assert_allclose(hist["loss"], np.add(hist["recon"], hist["kl"]), rtol=1e-5)
    s = c.sample(model, x[:1], n_samples=100, seed=0)
    assert s.shape == (100, 1, 1, 4, 4)
    means = s.mean(dim=(1, 2, 3, 4))
    assert means.std() > 0.4 and means.min() < -0.5 and means.max() > 0.5  # answers of both signs
    # a plain regression on the same data predicts the average, 0, whatever happens
    net = c.SmallUNet(1, 1, width=4)
    net.fit(x, y, steps=100, batch_size=32, lr=1e-2)
    assert c.predict(net, x[:1]).abs().mean() < 0.15


def test_sample_with_given_codes():
    model = c.ConditionalVAE(1, 2, z_dim=3, width=4)
    z = np.zeros((2, 3))
    s = c.sample(model, torch.rand(5, 1, 8, 8), n_samples=2, z=z)
    assert s.shape == (2, 5, 2, 8, 8)
    torch.testing.assert_close(s[0], s[1])


def test_layout_and_colour_helpers_round_trip():
    rgb = np.random.default_rng(0).random((2, 8, 8, 3)).astype(np.float32)
    grey, uv = c.split_luma_chroma(rgb)
    assert grey.shape == (2, 1, 8, 8) and uv.shape == (2, 2, 8, 8)
    np.testing.assert_allclose(c.merge_luma_chroma(grey, uv), rgb, atol=1e-5)
    np.testing.assert_allclose(grey[:, 0].numpy(), im.rgb_to_grey(rgb), atol=1e-6)
    assert im.to_tensor(rgb).shape == (2, 3, 8, 8)
    np.testing.assert_allclose(im.to_images(im.to_tensor(rgb)), rgb)
    g = rgb[..., 0]
    np.testing.assert_allclose(im.to_images(im.to_tensor(g)), g)


def test_coloured_hat_faces_same_grey_different_colour():
    rgb, hue, cap = c.coloured_hat_faces(60, seed=0)
    assert rgb.shape == (60, 32, 32, 3) and set(np.unique(hue)) == {0, 1, 2}
    assert cap.shape == (60, 32, 32) and cap.any(axis=(1, 2)).all()
    yuv = im.rgb_to_yuv(rgb)
    hat_luma = [yuv[..., 0][cap & (hue[:, None, None] == k)].mean() for k in range(3)]
    assert np.ptp(hat_luma) < 0.02          # the grey image cannot tell the caps apart
    hat_uv = [yuv[..., 1:][cap & (hue[:, None, None] == k)].mean(0) for k in range(3)]
    assert min(np.linalg.norm(hat_uv[i] - hat_uv[j]) for i in range(3) for j in range(i)) > 0.2


@pytest.mark.parametrize("task", c.TASKS)
def test_make_task_shapes(task):
    d = c.make_task(task, "test", n=6)
    assert d["inputs"].shape[0] == d["targets"].shape[0] == 6
    out = c.build_model(task)
    assert isinstance(out, c.ConditionalVAE) == (task in c.CVAE_TASKS)
    if task in c.CVAE_TASKS:
        assert c.sample(out, d["inputs"], n_samples=1).shape[1:] == d["targets"].shape
    else:
        assert c.predict(out, d["inputs"]).shape == d["targets"].shape
    # the pairs are what the task says: seeded, held out from training, and for colorization the
    # input and the target are the two halves of the colour image
    again = c.make_task(task, "test", n=6)
    torch.testing.assert_close(again["inputs"], d["inputs"])
    train = c.make_task(task, "train", n=6)
    assert not torch.equal(train["inputs"], d["inputs"])
    if task.startswith("colorize"):
        np.testing.assert_allclose(c.merge_luma_chroma(d["inputs"], d["targets"]), d["rgb"], atol=1e-5)
    if task.startswith("relief"):   # one object per scene, a dent or a bump, and the picture cannot tell which
        from course_lib.data.shapes import shade
        np.testing.assert_array_equal(d["sign"], np.sign(d["targets"].flatten(1).sum(1).numpy()))
        np.testing.assert_allclose(shade(-d["heights"], elevation=c.RELIEF_ELEVATION), d["shaded"], atol=1e-6)
    if task.startswith("superres"):   # the input is the 7x7 image, upsampled: averaging 4x4 blocks gives it back roughly
        blocks = d["inputs"][:, 0].reshape(6, 7, 4, 7, 4).mean((2, 4))
        assert float((blocks - torch.as_tensor(d["low"]).reshape(6, 7, 7)).abs().mean()) < 0.05


def test_checkpoint_round_trip(tmp_path):
    torch.manual_seed(0)
    model = c.build_model("deblur")
    c.save_checkpoint(model, tmp_path / "m.pt", "deblur", {"step": [1], "loss": [0.5]})
    loaded, hist = c.load_checkpoint(tmp_path / "m.pt", "deblur")
    x = torch.rand(2, 1, 28, 28)
    torch.testing.assert_close(c.predict(loaded, x), c.predict(model, x))
    assert hist == {"step": [1], "loss": [0.5]}
    with pytest.raises(ValueError, match="deblur"):
        c.load_checkpoint(tmp_path / "m.pt", "depth")


@pytest.mark.parametrize("call, err", [
    (lambda: c.SmallUNet(0, 1), ValueError),
    (lambda: c.SmallUNet(1, 2, residual=True), ValueError),
    (lambda: c.SmallUNet(1, 1)(torch.rand(1, 2, 8, 8)), ValueError),
    (lambda: c.SmallUNet(1, 1)(torch.rand(1, 1, 10, 10)), ValueError),
    (lambda: c.ConditionalVAE(1, 1, z_dim=0), ValueError),
    (lambda: c.ConditionalVAE(1, 1).encode(torch.rand(2, 1, 8, 8), torch.rand(3, 1, 8, 8)), ValueError),
    (lambda: c.ConditionalVAE(1, 1, z_dim=2).decode(torch.rand(2, 1, 8, 8), torch.rand(2, 3)), ValueError),
        (lambda: c.SmallUNet(1, 1).fit(torch.rand(2, 1, 8, 8), torch.rand(3, 1, 8, 8)), ValueError),
    (lambda: c.SmallUNet(1, 1).fit(torch.rand(2, 1, 8, 8), torch.rand(2, 1, 8, 8), steps=0), ValueError),
    (lambda: c.SmallUNet(1, 1).fit(torch.rand(2, 1, 8, 8), torch.rand(2, 1, 8, 8), lr=2.0), ValueError),
    (lambda: c.SmallUNet(1, 1).fit(torch.full((2, 1, 8, 8), float("nan")), torch.rand(2, 1, 8, 8)), ValueError),
    (lambda: c.SmallUNet(1, 1).fit(torch.rand(2, 1, 8, 8), torch.rand(2, 1, 8, 8), noise_std=0.1), TypeError),
    (lambda: c.ConditionalVAE(1, 1).fit(torch.rand(2, 1, 8, 8), torch.rand(2, 1, 8, 8), noise_std=0),
     ValueError),
    (lambda: c.predict(c.SmallUNet(1, 1), np.zeros((2, 8, 8))), ValueError),
    (lambda: c.sample(c.SmallUNet(1, 1), torch.rand(1, 1, 8, 8)), TypeError),
    (lambda: c.sample(c.ConditionalVAE(1, 1, z_dim=2), torch.rand(1, 1, 8, 8), n_samples=2, z=np.zeros((3, 2))),
     ValueError),
    (lambda: c.make_task("paint"), ValueError),
    (lambda: c.make_task("deblur", "valid"), ValueError),
    (lambda: c.make_task("deblur", "test", n=5000), ValueError),
    (lambda: c.split_luma_chroma(np.zeros((2, 8, 8))), ValueError),
    (lambda: c.merge_luma_chroma(torch.zeros(2, 1, 8, 8), torch.zeros(2, 3, 8, 8)), ValueError),
    (lambda: c.coloured_hat_faces(0), ValueError),
    (lambda: c.build_model("x"), ValueError),
    (lambda: c.n_parameters("x"), TypeError),
])
def test_bad_inputs(call, err):
    with pytest.raises(err):
        call()


def test_residual_cvae_adds_its_input():
    torch.manual_seed(0)
    model = c.ConditionalVAE(1, 1, z_dim=2, width=4, residual=True)
    torch.nn.init.zeros_(model.decoder.head.weight)
    torch.nn.init.zeros_(model.decoder.head.bias)
    x = torch.rand(3, 1, 8, 8)
    torch.testing.assert_close(model.decode(x, torch.randn(3, 2)), x)   # a zero correction returns the input
    assert not c.ConditionalVAE(1, 1).residual and c.build_model("superres_cvae").residual
    with pytest.raises(ValueError, match="residual"):
        c.ConditionalVAE(1, 2, residual=True)
