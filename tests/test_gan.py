"""Tests of course_lib.gan (losses, networks, the training loop's bookkeeping) and the GAN figures and slider."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402

from course_lib import gan, plotting, recipes, widgets  # noqa: E402
from course_lib.classifiers import DigitCNN, features, predict  # noqa: E402
from course_lib.data.mixtures import ring_centers  # noqa: E402
from course_lib.metrics import evaluate_digits  # noqa: E402


# ----------------------------------------------------------------------------- losses
def test_losses_against_closed_forms():
    logits = torch.tensor([-2.0, 0.0, 3.0])
    d = torch.sigmoid(logits)
    assert torch.allclose(gan.generator_loss(logits, "non-saturating"), -torch.log(d).mean())
    assert torch.allclose(gan.generator_loss(logits, "minimax"), torch.log(1 - d).mean())
    real, fake = torch.tensor([1.0, 2.0]), torch.tensor([-1.0, 0.5])
    expected = -torch.log(torch.sigmoid(real)).mean() - torch.log(1 - torch.sigmoid(fake)).mean()
    assert torch.allclose(gan.discriminator_loss(real, fake), expected)
    # at D = 1/2 everywhere the discriminator's loss is log 4
    assert gan.discriminator_loss(torch.zeros(5), torch.zeros(5)).item() == pytest.approx(np.log(4))
    with pytest.raises(ValueError, match="kind"):
        gan.generator_loss(logits, "wasserstein")


def test_loss_curves_and_gradients():
    c = gan.generator_loss_curves(np.array([0.01, 0.5]))
    assert np.allclose(c["minimax"], np.log([0.99, 0.5])) and np.allclose(c["non-saturating"], -np.log([0.01, 0.5]))
    with pytest.raises(ValueError, match="d_of_fake"):
        gan.generator_loss_curves(np.array([0.0]))
    logit = torch.logit(torch.tensor([0.01])).requires_grad_(True)
    (g_mm,) = torch.autograd.grad(gan.generator_loss(logit, "minimax"), logit)
    (g_ns,) = torch.autograd.grad(gan.generator_loss(logit, "non-saturating"), logit)
    assert g_mm.item() == pytest.approx(-0.01, rel=1e-4) and g_ns.item() == pytest.approx(-0.99, rel=1e-4)


def test_pack_and_r1():
    x = torch.arange(12.0).reshape(6, 2)
    p = gan.pack_samples(x, 3)
    assert p.shape == (2, 6) and torch.equal(p[1], torch.arange(6.0, 12.0))
    with pytest.raises(ValueError, match="multiple"):
        gan.pack_samples(x, 4)
    lin = torch.nn.Linear(2, 1)
    with torch.no_grad():
        lin.weight.copy_(torch.tensor([[3.0, 4.0]]))
    assert gan.r1_penalty(lin, torch.randn(7, 2)).item() == pytest.approx(25.0)


def test_optimal_discriminator_and_density():
    assert np.allclose(gan.optimal_discriminator(np.array([1.0, 0.0, 2.0, 0.0]), np.array([0.0, 1.0, 2.0, 0.0])),
                       [1.0, 0.0, 0.5, 0.5])
    with pytest.raises(ValueError, match="shape"):
        gan.optimal_discriminator(np.ones(2), np.ones(3))
    with pytest.raises(ValueError, match=">= 0"):
        gan.optimal_discriminator(np.array([-1.0]), np.array([1.0]))
    x = np.random.default_rng(0).standard_normal(50000)
    grid = np.linspace(-5, 5, 201)
    p = gan.density_on_grid(x, grid)
    assert np.trapezoid(p, grid) == pytest.approx(1.0, abs=0.01)
    assert np.abs(p - np.exp(-grid**2 / 2) / np.sqrt(2 * np.pi)).max() < 0.02
    with pytest.raises(ValueError, match="grid"):
        gan.density_on_grid(x, np.array([0.0, 1.0, 0.5]))


# ----------------------------------------------------------------------------- networks
def test_network_shapes():
    z = torch.randn(5, 3)
    assert gan.MLPGenerator(3, 2, (8,))(z).shape == (5, 2)
    assert gan.MLPDiscriminator(2, (8,), pack=3)(torch.randn(4, 6)).shape == (4,)
    g = gan.ConvGenerator(latent_dim=8, channels=4)
    img = g(torch.randn(5, 8))
    assert img.shape == (5, 1, 28, 28) and img.min() >= 0 and img.max() <= 1
    assert gan.ConvDiscriminator(4)(img).shape == (5,)
    out = gan.generate(g, 7, seed=1)
    assert isinstance(out, np.ndarray) and out.shape == (7, 28, 28) and g.training   # the image layout; mode restored
    assert torch.equal(gan.latent_noise(3, 2, seed=4), gan.latent_noise(3, 2, seed=torch.Generator().manual_seed(4)))
    with pytest.raises(ValueError, match="hidden"):
        gan.MLPGenerator(2, 2, ())
    with pytest.raises(ValueError, match="activation"):
        gan.MLPGenerator(2, 2, (4,), activation="swish")
    with pytest.raises(TypeError, match="latent_dim"):
        gan.MLPGenerator(2.5, 2)


# ----------------------------------------------------------------------------- training loop
def _tiny(pack=1, seed=0):
    torch.manual_seed(seed)
    return gan.MLPGenerator(2, 2, (8,)), gan.MLPDiscriminator(2, (8,), pack=pack)


def test_train_gan_bookkeeping():
    G, D = _tiny()
    data = np.random.default_rng(0).standard_normal((100, 2)).astype(np.float32)
    h = gan.train_gan(G, D, data, steps=25, batch_size=16, log_every=10, snapshot_every=10)
    assert h["step"] == [1, 10, 20, 25]                       # first, every 10th, last
    assert set(h) == {"step", "d_loss", "g_loss", "d_real", "d_fake"} and all(len(v) == 4 for v in h.values())
    assert all(0 <= v <= 1 for v in h["d_real"] + h["d_fake"])
    assert [s for s, _ in h.snapshots] == [0, 10, 20]
    assert set(h.snapshots[0][1]) == set(G.state_dict())   # default snapshot: G's state_dict
    assert not torch.equal(h.snapshots[0][1]["net.0.weight"], G.state_dict()["net.0.weight"])
    # a custom snapshot function is called with the step
    h = gan.train_gan(G, D, data, steps=5, batch_size=16, snapshot_every=5, snapshot_fn=lambda g, d, s: s)
    assert h["step"] == [1, 2, 3, 4, 5] and h.snapshots == [(0, 0), (5, 5)]
    arr = h.arrays()
    assert arr["d_loss"].shape == (5,) and np.all(np.isfinite(arr["g_loss"]))


def test_train_gan_is_reproducible_and_supports_packing_and_r1():
    runs = []
    for _ in range(2):
        G, D = _tiny(pack=2)
        h = gan.train_gan(G, D, gan.mixture_sampler(ring_centers(), 0.01), steps=10, batch_size=8, pack=2,
                          r1_weight=1.0, lr_final_fraction=0.1, seed=3)
        runs.append(h["d_loss"])
    assert runs[0] == runs[1]


def test_lazy_r1_applies_the_penalty_every_kth_d_update_scaled_by_k(monkeypatch):
    calls = []
    real_r1 = gan.r1_penalty

    def counting_r1(d, x):
        calls.append(len(x))
        return real_r1(d, x)
    monkeypatch.setattr(gan, "r1_penalty", counting_r1)
    G, D = _tiny()
    gan.train_gan(G, D, gan.mixture_sampler(ring_centers(), 0.01), steps=10, batch_size=8, d_steps=1,
                  r1_weight=1.0, r1_every=4, seed=0)
    assert len(calls) == 3                                   # D updates 0, 4 and 8 of 10
    calls.clear()
    gan.train_gan(G, D, gan.mixture_sampler(ring_centers(), 0.01), steps=5, batch_size=8, d_steps=2,
                  r1_weight=1.0, r1_every=1, seed=0)
    assert len(calls) == 10                                  # every D update
    # the lazy penalty is the ordinary one times r1_every: one step from the same state and seed agrees
    # with r1_weight multiplied by r1_every (the first D update always carries the penalty)
    monkeypatch.setattr(gan, "r1_penalty", real_r1)
    out = []
    for weight, every in ((4.0, 1), (1.0, 4)):
        torch.manual_seed(0)
        G, D = _tiny()
        gan.train_gan(G, D, gan.mixture_sampler(ring_centers(), 0.01), steps=1, batch_size=8,
                      r1_weight=weight, r1_every=every, seed=0)
        out.append(torch.cat([p.detach().reshape(-1) for p in D.parameters()]))
    assert torch.allclose(out[0], out[1], atol=1e-6)


def test_fused_adam_is_the_same_algorithm_up_to_rounding():
    out = []
    for fused in (False, True):
        torch.manual_seed(0)
        G, D = _tiny()
        start = torch.cat([p.detach().reshape(-1) for p in [*G.parameters(), *D.parameters()]])
        gan.train_gan(G, D, gan.mixture_sampler(ring_centers(), 0.01), steps=20, batch_size=8,
                      fused_adam=fused, seed=0)
        out.append(torch.cat([p.detach().reshape(-1) for p in [*G.parameters(), *D.parameters()]]))
        assert (out[-1] - start).abs().max() > 1e-3               # training moved the weights
    assert torch.allclose(out[0], out[1], atol=1e-4)


def test_train_gan_bad_inputs():
    G, D = _tiny()
    data = np.zeros((10, 2), dtype=np.float32)
    with pytest.raises(ValueError, match="steps"):
        gan.train_gan(G, D, data, steps=0)
    with pytest.raises(ValueError, match="g_loss"):
        gan.train_gan(G, D, data, steps=1, g_loss="hinge")
    with pytest.raises(ValueError, match="pack"):
        gan.train_gan(G, D, data, steps=1, pack=2)
    with pytest.raises(ValueError, match="lr_g"):
        gan.train_gan(G, D, data, steps=1, lr_g=-1.0)
    with pytest.raises(ValueError, match="r1_weight"):
        gan.train_gan(G, D, data, steps=1, r1_weight=-1.0)
    with pytest.raises(ValueError, match="r1_every"):
        gan.train_gan(G, D, data, steps=1, r1_weight=1.0, r1_every=0)
    with pytest.raises(TypeError, match="fused_adam"):
        gan.train_gan(G, D, data, steps=1, fused_adam="yes")
    with pytest.raises(TypeError, match="real_data"):
        gan.train_gan(G, D, "data", steps=1)
    with pytest.raises(ValueError, match="NaN"):
        gan.train_gan(G, D, np.full((4, 2), np.nan), steps=1)
    with pytest.raises(ValueError, match="recipe"):
        recipes.train_mixture_gan(ring_centers(), 0.01, recipe="magic")


# ----------------------------------------------------------------------------- widgets (no browser)
def test_snapshot_drawers_and_slider():
    grid = np.linspace(-3, 3, 31)
    p = np.exp(-grid**2 / 2) / np.sqrt(2 * np.pi)
    snaps = [(0, {"p_g": p * 0 + 0.1, "d": np.full(31, 0.9)}), (50, {"p_g": p, "d": np.full(31, 0.5)})]
    draw = plotting.make_one_d_drawer(grid, p, snaps)
    fig = draw(1)
    assert "step 50" in fig.axes[0].get_title()
    assert np.allclose(fig.axes[1].lines[0].get_ydata(), 0.5)        # D on the right axis
    assert np.allclose(fig.axes[1].lines[1].get_ydata(), 0.5)        # D* = 1/2 where p_g = p_data
    plt.close("all")
    with pytest.raises(ValueError, match="k must be"):
        draw(2)
    with pytest.raises(ValueError, match="keys"):
        plotting.draw_one_d_snapshot(plt.gca(), grid, p, {"d": p})
    d2 = plotting.make_two_d_drawer([np.zeros((5, 2))], ring_centers(), [7], lim=1.5)
    assert "step 7" in d2(0).axes[0].get_title()
    w = widgets.snapshot_slider(draw, len(snaps))
    assert w.children[0].max == 1
    plt.close("all")


# ----------------------------------------------------------------------------- evaluation by the digit referee
def test_digit_classifier_shapes_and_evaluation():
    torch.manual_seed(0)
    model = DigitCNN().eval()
    x = np.random.default_rng(0).random((6, 28, 28)).astype(np.float32)
    assert predict(model, x).shape == (6,)
    assert features(model, x).shape == (6, 64)
    r = evaluate_digits(model, x, x)
    assert r["frechet"] == pytest.approx(0.0, abs=1e-6) and r["hist"].sum() == pytest.approx(1.0)
    with pytest.raises(ValueError, match="images"):
        predict(model, np.zeros((3, 27, 27)))


def test_recipes_reject_bad_images():
    with pytest.raises(ValueError, match="images"):
        recipes.train_digit_gan(np.zeros((3, 27, 27)), steps=1)
