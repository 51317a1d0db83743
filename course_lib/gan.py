"""Generative adversarial networks: small generators and discriminators and one training loop.

A generator G maps noise z ~ N(0, I) to a sample x = G(z); a discriminator D maps a sample to a
*logit* (a real number; sigmoid(logit) = D(x), the probability that x is real). The game:

* D minimises the cross-entropy  -log D(x_real) - log(1 - D(G(z)));
* G either maximises that same loss (the *minimax* loss  log(1 - D(G(z))), which saturates when D
  rejects the fakes confidently) or minimises the *non-saturating* loss  -log D(G(z))
  (Goodfellow et al. 2014, section 3): same fixed point, strong gradients early on.

Modules here: ``MLPGenerator`` / ``MLPDiscriminator`` (1-D and 2-D data, optional packing as in
PacGAN), ``ConvGenerator`` / ``ConvDiscriminator`` (28x28 grey images, a tiny DCGAN). The loop
``train_gan`` records per logged step both losses and the mean D(real) and D(fake), and can take
snapshots of the generator; it returns a ``training.History``.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from ._validate import (
    as_float_tensor,
    as_real_array,
    check_bool,
    check_choice,
    check_positive_int,
    check_real,
    check_restarts,
    to_channels_last,
    torch_generator,
)
from .training import History

G_LOSSES = ("non-saturating", "minimax")


# ----------------------------------------------------------------------------- losses
def _tensor_arg(x, name: str) -> torch.Tensor:
    """A non-empty finite real tensor: a tensor keeps its dtype and graph (gradients flow through it);
    NumPy arrays, lists and numbers become float32 tensors."""
    if isinstance(x, torch.Tensor):
        if x.dtype == torch.bool or x.is_complex() or not x.is_floating_point():
            x = as_float_tensor(x, name)
        if x.numel() == 0:
            raise ValueError(f"{name} must not be empty, got shape {tuple(x.shape)}")
        if not torch.isfinite(x.detach()).all():
            raise ValueError(f"{name} contains NaN or infinite values")
        return x
    return as_float_tensor(x, name)


def discriminator_loss(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    """Binary cross-entropy of D: -mean log D(x_real) - mean log(1 - D(G(z))); logits of any shape
    (tensors, or NumPy arrays converted to float32 tensors)."""
    return _discriminator_loss(_tensor_arg(real_logits, "real_logits"), _tensor_arg(fake_logits, "fake_logits"))


def _discriminator_loss(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    return (F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits))
            + F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits)))


def generator_loss(fake_logits: torch.Tensor, kind: str = "non-saturating") -> torch.Tensor:
    """Generator loss from D's logits on fakes.

    ``kind="minimax"``: mean log(1 - D(G(z))) (G minimises it; flat when D(G(z)) ~ 0).
    ``kind="non-saturating"``: mean -log D(G(z)) (steep when D(G(z)) ~ 0).
    Both are computed stably from logits: log(1 - sigmoid(l)) = -softplus(l), -log sigmoid(l) = softplus(-l).
    """
    check_choice(kind, "kind", G_LOSSES)
    return _generator_loss(_tensor_arg(fake_logits, "fake_logits"), kind)


def _generator_loss(fake_logits: torch.Tensor, kind: str) -> torch.Tensor:
    if kind == "non-saturating":
        return F.softplus(-fake_logits).mean()
    if kind == "minimax":
        return -F.softplus(fake_logits).mean()
    raise ValueError(f"kind must be one of {G_LOSSES}, got {kind!r}")


def generator_loss_curves(d_of_fake) -> dict:
    """Both generator losses as functions of D(G(z)) in (0, 1): for plotting (numpy in, numpy out)."""
    d = as_real_array(d_of_fake, "d_of_fake")
    if np.any((d <= 0) | (d >= 1)):
        raise ValueError(f"d_of_fake must lie strictly between 0 and 1, got values in [{d.min():.3g}, {d.max():.3g}]")
    return {"minimax": np.log1p(-d), "non-saturating": -np.log(d)}


def pack_samples(x: torch.Tensor, pack: int) -> torch.Tensor:
    """PacGAN packing: (n, ...) -> (n // pack, pack * prod(...)); consecutive samples share a row."""
    x = _tensor_arg(x, "x")
    pack = check_positive_int(pack, "pack")
    if x.ndim < 2 or x.shape[0] % pack or x[0].numel() == 0:
        raise ValueError(f"x must be a batch (n, d) or (n, ...) of n samples, n a multiple of pack={pack}, got shape "
                         f"{tuple(x.shape)}")
    return _pack(x, pack)


def _pack(x: torch.Tensor, pack: int) -> torch.Tensor:
    if x.shape[0] % pack:
        raise ValueError(f"the batch size {x.shape[0]} must be a multiple of pack={pack}")
    return x.reshape(x.shape[0] // pack, -1)


def r1_penalty(discriminator: nn.Module, real: torch.Tensor) -> torch.Tensor:
    """Zero-centred gradient penalty on real inputs (Mescheder et al. 2018): mean |grad_x D_logit(x)|^2."""
    if not isinstance(discriminator, nn.Module):
        raise TypeError(f"discriminator must be a torch.nn.Module, got {type(discriminator).__name__}")
    real = _tensor_arg(real, "real")
    try:
        return _r1_penalty(discriminator, real)
    except (ValueError, TypeError) as err:
        raise type(err)(f"real (shape {tuple(real.shape)}) does not fit the discriminator: {err}") from None


def _r1_penalty(discriminator: nn.Module, real: torch.Tensor) -> torch.Tensor:
    real = real.detach().requires_grad_(True)
    (grad,) = torch.autograd.grad(discriminator(real).sum(), real, create_graph=True)
    return grad.reshape(len(grad), -1).pow(2).sum(1).mean()


# ----------------------------------------------------------------------------- networks
def _mlp(sizes, activation: str, batchnorm: bool, final_bias: bool = True) -> nn.Sequential:
    act = {"relu": nn.ReLU, "leaky_relu": lambda: nn.LeakyReLU(0.2), "tanh": nn.Tanh}
    check_choice(activation, "activation", sorted(act))
    batchnorm = check_bool(batchnorm, "batchnorm")
    layers = []
    for i in range(len(sizes) - 2):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if batchnorm:
            layers.append(nn.BatchNorm1d(sizes[i + 1]))
        layers.append(act[activation]())
    layers.append(nn.Linear(sizes[-2], sizes[-1], bias=final_bias))
    return nn.Sequential(*layers)


def _check_hidden(hidden) -> tuple[int, ...]:
    if isinstance(hidden, (str, bytes)) or not isinstance(hidden, (tuple, list, np.ndarray)):
        raise TypeError(f"hidden must be a list of layer widths, got {hidden!r}")
    hidden = tuple(hidden)
    if not hidden:
        raise ValueError("hidden must list at least one layer width, got ()")
    return tuple(check_positive_int(h, "hidden widths") for h in hidden)


class MLPGenerator(nn.Module):
    """z (n, latent_dim) -> x (n, out_dim): a multilayer perceptron."""

    def __init__(self, latent_dim: int = 2, out_dim: int = 2, hidden=(128, 128),
                 activation: str = "relu", batchnorm: bool = False):
        super().__init__()
        self.latent_dim = check_positive_int(latent_dim, "latent_dim")
        self.out_dim = check_positive_int(out_dim, "out_dim")
        self.net = _mlp((self.latent_dim, *_check_hidden(hidden), self.out_dim), activation, batchnorm)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        z = as_float_tensor(z, "z", (None, self.latent_dim))
        return _one_sample_safe(self, lambda: self.net(z), len(z))


class MLPDiscriminator(nn.Module):
    """x (n, pack * in_dim) -> logit (n,). With ``pack`` > 1 it judges ``pack`` samples at once (PacGAN)."""

    def __init__(self, in_dim: int = 2, hidden=(128, 128), activation: str = "leaky_relu", pack: int = 1):
        super().__init__()
        self.in_dim = check_positive_int(in_dim, "in_dim")
        self.pack = check_positive_int(pack, "pack")
        self.net = _mlp((self.in_dim * self.pack, *_check_hidden(hidden), 1), activation, False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(as_float_tensor(x, "x", (None, self.in_dim * self.pack))).squeeze(-1)


class ConvGenerator(nn.Module):
    """z (n, latent_dim) -> images (n, 1, 28, 28) in [0, 1]: a tiny DCGAN generator.

    Linear to (2c, 7, 7), then two stride-2 transposed convolutions 7 -> 14 -> 28, BatchNorm + ReLU
    in between, a sigmoid at the end.
    """

    def __init__(self, latent_dim: int = 32, channels: int = 32):
        super().__init__()
        self.latent_dim = check_positive_int(latent_dim, "latent_dim")
        c = check_positive_int(channels, "channels")
        self.c = c
        self.fc = nn.Sequential(nn.Linear(self.latent_dim, 2 * c * 49), nn.BatchNorm1d(2 * c * 49), nn.ReLU())
        self.net = nn.Sequential(
            nn.ConvTranspose2d(2 * c, c, 4, 2, 1), nn.BatchNorm2d(c), nn.ReLU(),
            nn.ConvTranspose2d(c, 1, 4, 2, 1), nn.Sigmoid())
        init_dcgan_(self)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        z = as_float_tensor(z, "z", (None, self.latent_dim))
        return _one_sample_safe(self, lambda: self.net(self.fc(z).view(-1, 2 * self.c, 7, 7)), len(z))


class ConvDiscriminator(nn.Module):
    """images (n, 1, 28, 28) -> logit (n,): two stride-2 convolutions 28 -> 14 -> 7, LeakyReLU 0.2."""

    def __init__(self, channels: int = 32):
        super().__init__()
        c = check_positive_int(channels, "channels")
        self.net = nn.Sequential(
            nn.Conv2d(1, c, 4, 2, 1), nn.LeakyReLU(0.2),
            nn.Conv2d(c, 2 * c, 4, 2, 1), nn.LeakyReLU(0.2),
            nn.Flatten(), nn.Linear(2 * c * 49, 1))
        init_dcgan_(self)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = as_float_tensor(x, "x")
        if tuple(x.shape[1:]) not in ((1, 28, 28), (28, 28), (784,)):
            raise ValueError(f"x must be 28x28 images, shape (n, 1, 28, 28), (n, 28, 28) or (n, 784), "
                             f"got {tuple(x.shape)}")
        return self.net(x.reshape(-1, 1, 28, 28)).squeeze(-1)


def _one_sample_safe(module: nn.Module, run, n: int):
    """``run()``; for a single sample in training mode BatchNorm has no batch statistics, so that one
    sample goes through with the running statistics (eval mode, which also leaves them unchanged)."""
    if n != 1 or not module.training or not any(isinstance(m, nn.modules.batchnorm._BatchNorm) for m in module.modules()):
        return run()
    module.eval()
    try:
        return run()
    finally:
        module.train()


def init_dcgan_(module: nn.Module) -> nn.Module:
    """DCGAN initialisation in place: conv weights N(0, 0.02), BatchNorm weights N(1, 0.02), biases 0."""
    if not isinstance(module, nn.Module):
        raise TypeError(f"module must be a torch.nn.Module, got {module!r}")
    for m in module.modules():
        if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.normal_(m.weight, 0.0, 0.02)
            nn.init.zeros_(m.bias)
        elif isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
            nn.init.normal_(m.weight, 1.0, 0.02)
            nn.init.zeros_(m.bias)
    return module


# ----------------------------------------------------------------------------- training
def latent_noise(n: int, latent_dim: int, seed=0) -> torch.Tensor:
    """Standard normal noise z, shape (n, latent_dim); ``seed`` an int or a ``torch.Generator``."""
    n = check_positive_int(n, "n")
    latent_dim = check_positive_int(latent_dim, "latent_dim")
    return torch.randn(n, latent_dim, generator=torch_generator(seed))


@torch.no_grad()
def generate(generator: nn.Module, n: int, seed=0, batch_size: int = 2500) -> np.ndarray:
    """``n`` samples of ``generator`` in eval mode (BatchNorm uses its running statistics), as NumPy:
    (n, d) for vector data, (n, 28, 28) for the image generator (the course's image layout)."""
    if not isinstance(generator, nn.Module) or not isinstance(getattr(generator, "latent_dim", None), int):
        raise TypeError(f"generator must be a course_lib GAN generator (with latent_dim), got {type(generator).__name__}")
    batch_size = check_positive_int(batch_size, "batch_size")
    z = latent_noise(n, generator.latent_dim, seed)
    was_training = generator.training
    generator.eval()
    out = torch.cat([generator(z[s:s + batch_size]) for s in range(0, len(z), batch_size)])
    generator.train(was_training)
    return to_channels_last(out) if out.ndim == 4 else out.numpy()


def _real_sampler(real_data):
    """A function (n, torch.Generator) -> real batch, from a callable, an array or a tensor."""
    if callable(real_data):
        def sample_checked(n, gen):
            batch = real_data(n, gen)
            if not isinstance(batch, torch.Tensor) or batch.dtype == torch.bool or batch.is_complex() \
                    or len(batch) != n or not torch.isfinite(batch).all():
                raise ValueError(f"real_data(n, generator) must return a tensor of n = {n} finite real samples, "
                                 f"got {_describe(batch)}")
            return batch
        return sample_checked
    if isinstance(real_data, (np.ndarray, list, tuple)):
        real_data = torch.from_numpy(np.ascontiguousarray(as_real_array(real_data, "real_data", dtype=np.float32)))
    if not isinstance(real_data, torch.Tensor):
        raise TypeError("real_data must be an array/tensor of samples (n, ...) or a function "
                        f"(n, torch.Generator) -> samples, got {type(real_data).__name__}")
    if real_data.dtype == torch.bool or real_data.is_complex():
        raise TypeError(f"real_data must hold real numbers, got dtype {real_data.dtype}")
    if real_data.ndim < 1 or len(real_data) == 0 or real_data[0].numel() == 0:
        raise ValueError(f"real_data must hold at least one sample, got shape {tuple(real_data.shape)}")
    if not torch.isfinite(real_data).all():
        raise ValueError("real_data contains NaN or infinite values")
    data = real_data.float()

    def sample(n, gen):
        return data[torch.randint(len(data), (n,), generator=gen)]
    return sample


def _describe(x) -> str:
    if isinstance(x, torch.Tensor):
        return f"a tensor of shape {tuple(x.shape)} and dtype {x.dtype}"
    return f"{type(x).__name__} {x!r}"[:80]


def train_gan(generator: nn.Module, discriminator: nn.Module, real_data, *, steps: int,
              batch_size: int = 128, lr_g: float = 1e-3, lr_d: float = 1e-3, betas=(0.5, 0.999),
              g_loss: str = "non-saturating", pack: int = 1, r1_weight: float = 0.0,
              d_steps: int = 1, lr_final_fraction: float = 1.0, r1_every: int = 1,
              fused_adam: bool = False, log_every: int = 1,
              snapshot_every: int = 0, snapshot_fn: Callable | None = None, seed=0,
              restarts: dict | None = None) -> History:
    """Alternate ``d_steps`` discriminator updates and one generator update, ``steps`` times (Adam).

    ``real_data``: an array/tensor of real samples (minibatches drawn with replacement) or a
    function ``(n, torch.Generator) -> tensor`` drawing n fresh real samples.
    ``batch_size``: rows seen by D per update; with ``pack`` = m > 1 (PacGAN), each row packs m
    samples, so each update uses ``batch_size * m`` real and as many generated samples, and the
    discriminator must have been built with ``pack=m``.
    ``g_loss``: "non-saturating" or "minimax" (see ``generator_loss``).
    ``r1_weight``: weight gamma of the penalty (gamma / 2) * |grad D(x_real)|^2 (0 = off).
    ``r1_every``: lazy regularisation (StyleGAN2): apply the R1 penalty on every that many D updates
    only, multiplied by that number so its average strength is unchanged (saves its double backward).
    ``fused_adam``: use torch's fused Adam kernel (one pass over all parameters): a third faster for
    small networks on a CPU, same algorithm, different rounding (so other numbers than the default).
    ``lr_final_fraction``: both learning rates decay along a cosine from lr to lr * fraction.
    ``log_every``: record losses and D outputs every that many steps (and at the last step).
    ``restarts`` = {step: seed, ...}: warm restarts -- after that many steps both Adam states start
    afresh and noise and real batches come from ``torch_generator(seed)`` (the shipped digit GAN was
    trained so; it balanced the digits better than one uninterrupted run).
    ``snapshot_every``: call ``snapshot_fn(generator, discriminator, step)`` (default: copy G's
    state_dict) at step 0 (before training) and every that many steps (0 = never).
    ``seed``: an int or a ``torch.Generator`` (noise and real minibatches); global RNG state is not touched.
    Returns a ``History`` (``step``, ``d_loss``, ``g_loss``, ``d_real``, ``d_fake``: D's mean output on
    the real and the generated batch) with the snapshots as ``history.snapshots`` ((step, value) pairs)
    and the training time as ``history.seconds``.
    """
    import time

    steps = check_positive_int(steps, "steps")
    batch_size = check_positive_int(batch_size, "batch_size")
    pack = check_positive_int(pack, "pack")
    d_steps = check_positive_int(d_steps, "d_steps")
    log_every = check_positive_int(log_every, "log_every")
    snapshot_every = check_positive_int(snapshot_every, "snapshot_every", minimum=0)
    check_choice(g_loss, "g_loss", G_LOSSES)
    lr_g = check_real(lr_g, "lr_g", 0, low_open=True)
    lr_d = check_real(lr_d, "lr_d", 0, low_open=True)
    r1_weight = check_real(r1_weight, "r1_weight", 0)
    r1_every = check_positive_int(r1_every, "r1_every")
    fused_adam = check_bool(fused_adam, "fused_adam")
    lr_final_fraction = check_real(lr_final_fraction, "lr_final_fraction", 0, 1, low_open=True)
    if isinstance(betas, (str, bytes)) or not isinstance(betas, (tuple, list, np.ndarray)) or len(betas) != 2:
        raise ValueError(f"betas must be a pair (beta1, beta2), got {betas!r}")
    betas = tuple(check_real(b, "betas", 0, 1, high_open=True) for b in betas)
    if not isinstance(generator, nn.Module) or not isinstance(discriminator, nn.Module):
        raise TypeError(f"generator and discriminator must be torch modules, got {type(generator).__name__} "
                        f"and {type(discriminator).__name__}")
    d_pack = getattr(discriminator, "pack", 1)
    if d_pack != pack:
        raise ValueError(f"pack={pack} but the discriminator was built with pack={d_pack}")
    latent_dim = getattr(generator, "latent_dim", None)
    if latent_dim is None:
        raise TypeError("generator must have a latent_dim attribute (the size of z)")
    sample_real = _real_sampler(real_data)
    if snapshot_fn is not None and not callable(snapshot_fn):
        raise TypeError(f"snapshot_fn must be a function snapshot_fn(generator, discriminator, step) or None, got "
                        f"{type(snapshot_fn).__name__}")
    snap = snapshot_fn or (lambda g, d, s: copy.deepcopy(g.state_dict()))

    history = History()
    gen = torch_generator(seed)
    restarts = check_restarts(restarts, steps)

    def optimisers():
        return (torch.optim.Adam(generator.parameters(), lr=lr_g, betas=tuple(betas), fused=fused_adam or None),
                torch.optim.Adam(discriminator.parameters(), lr=lr_d, betas=tuple(betas), fused=fused_adam or None))
    opt_g, opt_d = optimisers()
    n = batch_size * pack
    generator.train()
    discriminator.train()
    if snapshot_every:
        history.snapshots.append((0, snap(generator, discriminator, 0)))
    t0 = time.perf_counter()
    d_updates = 0
    for i in range(steps):
        if i in restarts:  # a warm restart: fresh Adam states, a fresh stream, the lazy-R1 count from 0
            opt_g, opt_d = optimisers()
            gen = torch_generator(restarts[i], "restarts seed")
            d_updates = 0
        if lr_final_fraction < 1:
            f = lr_final_fraction + (1 - lr_final_fraction) * 0.5 * (1 + math.cos(math.pi * i / steps))
            for o, lr in ((opt_g, lr_g), (opt_d, lr_d)):
                for grp in o.param_groups:
                    grp["lr"] = lr * f
        for _ in range(d_steps):
            real = _pack(sample_real(n, gen), pack) if pack > 1 else sample_real(n, gen)
            with torch.no_grad():
                fake = generator(torch.randn(n, latent_dim, generator=gen))
            fake = _pack(fake, pack) if pack > 1 else fake
            if d_updates == 0:  # the first batch: say which argument does not fit D
                try:
                    real_logits = discriminator(real)
                except (ValueError, TypeError) as err:
                    raise ValueError(f"real_data: samples of shape {tuple(real.shape[1:])} do not fit the "
                                     f"discriminator: {err}") from None
                try:
                    fake_logits = discriminator(fake)
                except (ValueError, TypeError) as err:
                    raise ValueError(f"generator and discriminator do not fit: the generator's samples of shape "
                                     f"{tuple(fake.shape[1:])} are not what the discriminator takes: {err}") from None
            else:
                real_logits = discriminator(real)
                fake_logits = discriminator(fake)
            loss_d = _discriminator_loss(real_logits, fake_logits)
            lazy = r1_weight and d_updates % r1_every == 0
            total_d = loss_d + 0.5 * r1_weight * r1_every * r1_penalty(discriminator, real) if lazy else loss_d
            d_updates += 1
            opt_d.zero_grad(set_to_none=True)
            total_d.backward()
            opt_d.step()
        fake = generator(torch.randn(n, latent_dim, generator=gen))
        fake_logits_g = discriminator(_pack(fake, pack) if pack > 1 else fake)
        loss_g = _generator_loss(fake_logits_g, g_loss)
        opt_g.zero_grad(set_to_none=True)
        loss_g.backward()
        opt_g.step()
        step = i + 1
        if (i + 1) % log_every == 0 or i == steps - 1 or i == 0 or i in restarts:
            history.add_row(step, dict(d_loss=loss_d.detach(), g_loss=loss_g.detach(),
                                       d_real=torch.sigmoid(real_logits.detach()).mean(),
                                       d_fake=torch.sigmoid(fake_logits.detach()).mean()), finite=False)
        if snapshot_every and (i + 1) % snapshot_every == 0:
            history.snapshots.append((step, snap(generator, discriminator, step)))
    history.seconds += time.perf_counter() - t0
    return history


# ----------------------------------------------------------------------------- 1-D helpers (lecture 5)
def density_on_grid(samples, grid, bandwidth: float | None = None) -> np.ndarray:
    """Gaussian kernel density estimate of 1-D ``samples`` (n,) evaluated at ``grid`` (g,), increasing.

    Binned for speed: samples are histogrammed on ``grid``'s spacing, then smoothed with a Gaussian
    of width ``bandwidth`` (default: Silverman's rule). Returns (g,) densities that integrate to ~1
    over a grid wide enough to hold the samples.
    """
    x = as_real_array(samples, "samples", allow_empty=True).ravel()
    grid = _check_grid(grid)
    if x.size < 2:
        raise ValueError(f"samples must hold at least 2 values, got {x.size}")
    if bandwidth is not None:
        bandwidth = check_real(bandwidth, "bandwidth", 0, low_open=True)
    step = float(np.mean(np.diff(grid)))
    if bandwidth is None:
        iqr = np.subtract(*np.percentile(x, [75, 25]))
        bandwidth = 0.9 * min(x.std(), iqr / 1.34 if iqr > 0 else x.std()) * x.size ** -0.2
    bandwidth = max(float(bandwidth), step / 2)
    edges = np.concatenate([[grid[0] - step / 2], (grid[1:] + grid[:-1]) / 2, [grid[-1] + step / 2]])
    counts, _ = np.histogram(x, bins=edges)
    kernel = np.exp(-0.5 * ((grid[:, None] - grid[None, :]) / bandwidth) ** 2) / (bandwidth * np.sqrt(2 * np.pi))
    return kernel @ (counts / x.size)


def _check_grid(grid) -> np.ndarray:
    grid = as_real_array(grid, "grid", ndim=1, allow_empty=True)
    if grid.size < 3 or np.any(np.diff(grid) <= 0):
        raise ValueError(f"grid must be an increasing 1-D array of at least 3 points, got {grid.size} points")
    return grid


def optimal_discriminator(p_data, p_g) -> np.ndarray:
    """D*(x) = p_data(x) / (p_data(x) + p_g(x)), the best discriminator against a fixed generator.

    Arrays of densities of the same shape; where both are 0, D* is undefined and returned as 1/2.
    """
    p_data = as_real_array(p_data, "p_data")
    p_g = as_real_array(p_g, "p_g")
    if p_data.shape != p_g.shape:
        raise ValueError(f"p_data and p_g must have the same shape, got {p_data.shape} and {p_g.shape}")
    if np.any(p_data < 0) or np.any(p_g < 0):
        raise ValueError("p_data and p_g must be densities (>= 0)")
    total = p_data + p_g
    return np.divide(p_data, total, out=np.full_like(total, 0.5), where=total > 0)


def one_d_snapshot_fn(grid, n_samples: int = 20000, seed: int = 12345) -> Callable:
    """A ``snapshot_fn`` for ``train_gan`` on 1-D data: records the generator's density and D on ``grid``.

    The returned function gives a dict with ``"p_g"`` (g,) (kernel estimate from ``n_samples``
    generated points, same noise every time) and ``"d"`` (g,) = sigmoid(D(grid)).
    """
    grid = _check_grid(grid)
    n_samples = check_positive_int(n_samples, "n_samples", minimum=2)
    if isinstance(seed, torch.Generator):  # one seed drawn from it: the same noise at every snapshot
        seed = int(torch.randint(0, 2**62, (1,), generator=seed))
    seed = check_positive_int(seed, "seed", minimum=0)
    grid_t = torch.from_numpy(np.ascontiguousarray(grid)).float()[:, None]

    def snap(g, d, step):
        xs = generate(g, n_samples, seed=seed).ravel()
        with torch.no_grad():
            dx = torch.sigmoid(d(grid_t)).numpy().astype(np.float64)
        return {"p_g": density_on_grid(xs, grid), "d": dx}
    return snap


# ----------------------------------------------------------------------------- 2-D mixtures (lecture 6)
def mixture_sampler(centers, std: float) -> Callable:
    """A ``real_data`` function for ``train_gan``: (n, torch.Generator) -> n fresh mixture samples (n, d)."""
    c = torch.as_tensor(np.ascontiguousarray(as_real_array(centers, "centers", ndim=2)), dtype=torch.float32)
    std = check_real(std, "std", 0)

    def sample(n, gen):
        return c[torch.randint(len(c), (n,), generator=gen)] + std * torch.randn(n, c.shape[1], generator=gen)
    return sample
