"""Tests of course_lib.autoencoder: shapes, the VAE loss against closed forms, training, checkpoints."""

import numpy as np
import pytest
import torch
from torch.distributions import Normal, kl_divergence

from course_lib.autoencoder import (
    ConvAutoencoder,
    MLPAutoencoder,
    autoencoder_loss,
    decode,
    encode,
    kl_to_standard_normal,
    load_autoencoder,
    reconstruct,
    sample_prior,
    save_autoencoder,
)


@pytest.mark.parametrize("variational", [False, True])
def test_shapes_mlp_and_conv(variational):
    torch.manual_seed(0)
    m = MLPAutoencoder((28, 28), 3, hidden=(32,), variational=variational)
    x = torch.rand(5, 28, 28)
    assert m.encode(x).shape == (5, 3)
    assert m.decode(torch.zeros(2, 3)).shape == (2, 28, 28)
    c = ConvAutoencoder((16, 16, 3), 4, width=4, variational=variational)
    xc = np.random.default_rng(0).random((6, 16, 16, 3)).astype(np.float32)
    assert encode(c, xc).shape == (6, 4)
    out = reconstruct(c, xc)
    assert out.shape == (6, 16, 16, 3) and out.min() >= 0 and out.max() <= 1
    mu, logvar = c.encode_stats(torch.from_numpy(xc))
    assert (logvar is None) != variational
    n = ConvAutoencoder((16, 16, 3), 4, width=4, variational=variational, upsample="nearest")
    assert reconstruct(n, xc).shape == (6, 16, 16, 3)


def test_kl_matches_torch_distributions():
    torch.manual_seed(1)
    mu, logvar = torch.randn(7, 5), torch.randn(7, 5)
    q = Normal(mu, torch.exp(0.5 * logvar))
    p = Normal(torch.zeros(5), torch.ones(5))
    torch.testing.assert_close(kl_to_standard_normal(mu, logvar), kl_divergence(q, p).sum(1))
    assert torch.allclose(kl_to_standard_normal(torch.zeros(2, 3), torch.zeros(2, 3)), torch.zeros(2))


def test_loss_is_bce_plus_beta_kl():
    torch.manual_seed(2)
    m = MLPAutoencoder((4, 4), 2, hidden=(8,), variational=True).eval()  # eval: z = mu, deterministic
    x = torch.rand(3, 4, 4)
    parts = autoencoder_loss(m, x, beta=0.5)
    mu, logvar = m.encode_stats(x)
    p = m.decode(mu).clamp(1e-7, 1 - 1e-7)
    bce = -(x * torch.log(p) + (1 - x) * torch.log(1 - p)).reshape(3, -1).sum(1)
    kl = 0.5 * (mu**2 + logvar.exp() - 1 - logvar).sum(1)
    torch.testing.assert_close(parts["recon"], bce.mean(), rtol=1e-4, atol=1e-4)
    torch.testing.assert_close(parts["kl"], kl.mean())
    torch.testing.assert_close(parts["loss"], (bce + 0.5 * kl).mean(), rtol=1e-4, atol=1e-4)
    ae = MLPAutoencoder((4, 4), 2, hidden=(8,))
    assert float(autoencoder_loss(ae, x)["kl"]) == 0.0


def test_pixel_weights_weight_each_pixels_cross_entropy():
    torch.manual_seed(3)
    m = ConvAutoencoder((8, 8, 3), 2, width=4, variational=True).eval()
    x = torch.rand(2, 8, 8, 3)
    w = torch.rand(2, 8, 8) * 3
    logits = m(x)["logits"]
    bce = torch.nn.functional.binary_cross_entropy_with_logits(logits, x, reduction="none")
    expected = (bce * w[..., None]).reshape(2, -1).sum(1).mean()
    torch.testing.assert_close(autoencoder_loss(m, x, pixel_weights=w)["recon"], expected)
    torch.testing.assert_close(autoencoder_loss(m, x, pixel_weights=torch.ones(2, 8, 8))["recon"],
                               autoencoder_loss(m, x)["recon"])
    # training accepts per-image weights and checks them
    X = np.random.default_rng(0).random((6, 8, 8, 3)).astype(np.float32)
    m.fit(X, epochs=1, batch_size=4, pixel_weights=np.ones((6, 8, 8)))
    with pytest.raises(ValueError, match="pixel_weights"):
        m.fit(X, epochs=1, pixel_weights=np.ones((5, 8, 8)))
    with pytest.raises(ValueError, match="pixel_weights"):
        m.fit(X, epochs=1, pixel_weights=-np.ones((6, 8, 8)))


def test_training_reduces_the_loss_and_is_seeded():
    r = np.random.default_rng(3)
    # data on a 2-D manifold: blobs at two positions
    t = r.random((256, 2))
    g = np.linspace(0, 1, 8)
    X = np.exp(-((g[None, :, None] - t[:, 0, None, None]) ** 2 + (g[None, None, :] - t[:, 1, None, None]) ** 2) / 0.05)
    X = X.astype(np.float32)
    runs = []
    for _ in range(2):
        torch.manual_seed(0)
        m = MLPAutoencoder((8, 8), 2, hidden=(32,), variational=True)
        runs.append(m.fit(X, epochs=15, batch_size=32, lr=3e-3, seed=0, X_val=X[:64]).history)
    h = runs[0]
    assert h["loss"][-1] < 0.9 * h["loss"][0]
    assert set(h) == {"step", "loss", "recon", "kl", "val_loss"} and len(h["loss"]) == 15
    assert h["step"] == [8 * (e + 1) for e in range(15)]   # 256 images in batches of 32: 8 steps per epoch
    assert h["loss"] == runs[1]["loss"]
    assert not m.training


def test_checkpoint_roundtrip_weights_only(tmp_path):
    torch.manual_seed(4)
    for m in (MLPAutoencoder((6, 6), 2, hidden=(5, 4), variational=True), ConvAutoencoder((8, 8, 3), 3, width=2),
              ConvAutoencoder((8, 8, 3), 3, width=2, upsample="nearest")):
        path = tmp_path / f"{m.kind}.pt"
        save_autoencoder(m, path, half=False, note="hello", history={"loss": [1.0, 0.5]})
        blob = torch.load(path, weights_only=True)
        assert blob["kind"] == m.kind
        m2 = load_autoencoder(path)
        z = sample_prior(m, 4, seed=1)
        np.testing.assert_allclose(decode(m2, z), decode(m.eval(), z), atol=1e-6)
        assert m2.extra["note"] == "hello" and m2.variational == m.variational
        save_autoencoder(m, path)  # float16 by default: close, not exact
        np.testing.assert_allclose(decode(load_autoencoder(path), z), decode(m, z), atol=2e-2)


def test_sample_prior():
    m = MLPAutoencoder((4, 4), 3, hidden=(4,))
    z = sample_prior(m, 1000, seed=0)
    assert z.shape == (1000, 3) and z.dtype == np.float32
    assert abs(z.std() - 1) < 0.05
    np.testing.assert_array_equal(z, sample_prior(m, 1000, seed=0))


@pytest.mark.parametrize("call, err", [
    (lambda: MLPAutoencoder((28,), 2), ValueError),
    (lambda: MLPAutoencoder((28, 28), 0), ValueError),
    (lambda: MLPAutoencoder((28, 28), 2, variational=1), TypeError),
    (lambda: ConvAutoencoder((28, 28, 1), 2), ValueError),
    (lambda: ConvAutoencoder((32, 32), 2), ValueError),
    (lambda: ConvAutoencoder((32, 32, 3), 2, upsample="bilinear"), ValueError),
    (lambda: MLPAutoencoder((4, 4), 2, hidden=(4,)).encode(torch.rand(2, 5, 5)), ValueError),
    (lambda: MLPAutoencoder((4, 4), 2, hidden=(4,)).encode([[1.0]]), ValueError),   # a list is converted; wrong shape
    (lambda: MLPAutoencoder((4, 4), 2, hidden=(4,)).encode("digits"), TypeError),
    (lambda: MLPAutoencoder((4, 4), 2, hidden=(4,)).encode(torch.full((1, 4, 4), float("nan"))), ValueError),
    (lambda: MLPAutoencoder((4, 4), 2, hidden=(4,)).decode(torch.zeros(2, 3)), ValueError),
    (lambda: MLPAutoencoder((4, 4), 2, hidden=(4,)).fit(np.zeros((4, 4, 4)), epochs=0), ValueError),
    (lambda: MLPAutoencoder((4, 4), 2, hidden=(4,)).fit(np.zeros((4, 4, 4)), lr=-1.0), ValueError),
    (lambda: MLPAutoencoder((4, 4), 2, hidden=(4,)).fit(np.zeros((4, 4, 4)), beta=-1.0), ValueError),
    (lambda: sample_prior(MLPAutoencoder((4, 4), 2, hidden=(4,)), 0), ValueError),
])
def test_bad_inputs(call, err):
    with pytest.raises(err):
        call()
