"""Small conditional models for lecture 9: image in, image out, small enough to train on a CPU.

A *conditional* model learns p(output | input): a colour image given its grey version, a sharp
image given a blurred one, a high-resolution image given a low-resolution one, a height map
given a shaded picture. Two kinds live here:

* ``SmallUNet`` trained by ``fit`` with a squared error: a *regression* model. It predicts the
  conditional **mean** E[output | input] -- one answer, the average of all plausible ones.
* ``ConditionalVAE`` trained by ``fit_cvae``: a *generative* conditional model. A latent code
  z ~ N(0, I) is fed to the decoder next to the input, so different z give different plausible
  outputs: it **samples** from p(output | input) instead of averaging.

Tensors are channels first: inputs (n, c_in, h, w), outputs (n, c_out, h, w), float32; h and w
must be multiples of 4 (two halvings inside the U-Net). Helpers convert the course's image
arrays ((n, h, w) grey, (n, h, w, 3) colour) to and from this layout, and build the colorization
data (faces with caps of random colours, split into luma and chroma).
"""

from __future__ import annotations

from typing import Self

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from ._validate import (
    as_float_tensor,
    as_real_array,
    check_bool,
    check_choice,
    check_dict,
    check_path,
    check_positive_int,
    check_real,
    torch_generator,
)
from .autoencoder import _kl_to_standard_normal
from .checkpoints import load_torch, save_torch
from .imaging import RGB_TO_YUV, YUV_TO_RGB, to_tensor
from .training import minimise

__all__ = ["SmallUNet", "ConditionalVAE", "predict", "sample", "make_task", "build_model", "save_checkpoint",
           "load_checkpoint", "TASKS", "split_luma_chroma", "merge_luma_chroma", "coloured_hat_faces", "HAT_HUES",
           "n_parameters", "CVAE_TASKS"]


# ----------------------------------------------------------------------------- colour
def split_luma_chroma(rgb) -> tuple[torch.Tensor, torch.Tensor]:
    """RGB images (n, h, w, 3) -> (grey (n, 1, h, w), chroma UV (n, 2, h, w)) tensors (BT.601 YUV).

    Colorization = predicting the chroma from the grey image; the grey image is kept as it is.
    """
    arr = as_real_array(rgb, "rgb", ndim=4, low=0, high=1)
    if arr.shape[-1] != 3:
        raise ValueError(f"rgb must have shape (n, h, w, 3), got {arr.shape}")
    yuv = to_tensor(arr @ RGB_TO_YUV.T, "rgb")
    return yuv[:, :1], yuv[:, 1:]


def merge_luma_chroma(grey, uv) -> np.ndarray:
    """Inverse of ``split_luma_chroma``: grey (n, 1, h, w) + UV (n, 2, h, w) -> RGB (n, h, w, 3) in [0, 1]."""
    g = as_float_tensor(grey.detach() if isinstance(grey, torch.Tensor) else grey, "grey")
    c = as_float_tensor(uv.detach() if isinstance(uv, torch.Tensor) else uv, "uv")
    if g.ndim != 4 or g.shape[1] != 1:
        raise ValueError(f"grey must have shape (n, 1, h, w), got {tuple(g.shape)}")
    if float(g.min()) < -1e-6 or float(g.max()) > 1 + 1e-6:  # a luma of images in [0, 1]
        raise ValueError(f"grey must hold luma values in [0, 1], got values in [{float(g.min()):.3g}, "
                         f"{float(g.max()):.3g}]")
    if c.ndim != 4 or c.shape[1] != 2 or c.shape[0] != g.shape[0] or c.shape[2:] != g.shape[2:]:
        raise ValueError(f"uv must have shape {(g.shape[0], 2) + tuple(g.shape[2:])} to match grey "
                         f"{tuple(g.shape)}, got {tuple(c.shape)}")
    yuv = torch.cat([g.detach().float(), c.detach().float()], 1).numpy()
    return np.clip(np.moveaxis(yuv, 1, -1) @ YUV_TO_RGB.T, 0.0, 1.0)


# Cap colours for the colorization data: same brightness (luma) as the faces' blue cap, different hue.
HAT_HUES = {"blue": 6.02, "red": 1.83, "green": 4.19}  # angle in the (U, V) plane, radians


def _hue_colour(angle: float, luma: float = 0.34, chroma_: float = 0.25) -> np.ndarray:
    rgb = YUV_TO_RGB @ np.array([luma, chroma_ * np.cos(angle), chroma_ * np.sin(angle)])
    return np.clip(rgb, 0, 1)


def coloured_hat_faces(n: int, seed: int = 0, size: int = 32) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Synthetic faces that all wear a cap whose colour (blue, red or green) is drawn at random.

    The three cap colours have the same brightness, so a grey picture cannot tell them apart:
    the right colour is genuinely uncertain -- the point of the colorization lecture. Returns
    ``(images, hue, cap)``: float32 (n, size, size, 3) in [0, 1], int64 indices into
    ``HAT_HUES`` (n,), and a boolean mask (n, size, size) of the pixels covered by the cap.
    """
    from .data.faces import HAT_COLOUR, make_faces

    n = check_positive_int(n, "n")
    if isinstance(seed, np.random.Generator):  # one seed drawn from it: both renderings need the same faces
        seed = int(seed.integers(0, 2**63 - 1))
    seed = check_positive_int(seed, "seed", 0)
    size = check_positive_int(size, "size", 8)
    with_hat, _ = make_faces(n, seed=seed, size=size, fix={"hat": 1})
    without, _ = make_faces(n, seed=seed, size=size, fix={"hat": 0})
    hat = np.asarray(HAT_COLOUR, np.float64)
    d = hat[None, None, None] - without
    alpha = np.clip((d * (with_hat - without)).sum(-1) / np.maximum((d * d).sum(-1), 1e-6), 0, 1)
    alpha[np.abs(with_hat - without).sum(-1) < 1e-4] = 0.0
    hue = np.random.default_rng([seed, 1]).integers(len(HAT_HUES), size=n)
    colours = np.stack([_hue_colour(a) for a in HAT_HUES.values()])[hue]  # (n, 3)
    out = (1 - alpha[..., None]) * without + alpha[..., None] * colours[:, None, None, :]
    return np.clip(out, 0, 1).astype(np.float32), hue.astype(np.int64), alpha > 0.5


# ----------------------------------------------------------------------------- models
def _block(c_in: int, c_out: int) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(c_in, c_out, 3, padding=1), nn.ReLU(),
                         nn.Conv2d(c_out, c_out, 3, padding=1), nn.ReLU())


class SmallUNet(nn.Module):
    """A two-level U-Net: (n, in_channels, h, w) -> (n, out_channels, h, w); h, w multiples of 4.

    Encoder at full, 1/2 and 1/4 resolution (``width``, 2*``width``, 2*``width`` channels),
    decoder back up with skip connections, so fine detail and wide context both reach the
    output. ``residual=True`` adds the first ``out_channels`` input channels to the output (the
    net then learns only the *correction*, e.g. what the blur removed).
    """

    def __init__(self, in_channels: int, out_channels: int, width: int = 16, residual: bool = False):
        super().__init__()
        self.in_channels = check_positive_int(in_channels, "in_channels")
        self.out_channels = check_positive_int(out_channels, "out_channels")
        width = check_positive_int(width, "width")
        residual = check_bool(residual, "residual")
        if residual and out_channels > in_channels:
            raise ValueError(f"residual=True needs out_channels <= in_channels, got {out_channels} > {in_channels}")
        self.residual = bool(residual)
        self.enc1 = _block(in_channels, width)
        self.enc2 = _block(width, 2 * width)
        self.mid = _block(2 * width, 2 * width)
        self.dec2 = _block(4 * width, width)
        self.dec1 = _block(2 * width, width)
        self.head = nn.Conv2d(width, out_channels, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = as_float_tensor(x, "x")
        if x.ndim != 4 or x.shape[1] != self.in_channels:
            raise ValueError(f"x must have shape (n, {self.in_channels}, h, w), got {tuple(x.shape)}")
        _check_multiple_of_4(x, "x")
        e1 = self.enc1(x)
        e2 = self.enc2(F.avg_pool2d(e1, 2))
        m = self.mid(F.avg_pool2d(e2, 2))
        d2 = self.dec2(torch.cat([F.interpolate(m, scale_factor=2.0), e2], 1))
        d1 = self.dec1(torch.cat([F.interpolate(d2, scale_factor=2.0), e1], 1))
        out = self.head(d1)
        return out + x[:, : self.out_channels] if self.residual else out

    def fit(self, inputs, targets, steps: int = 500, batch_size: int = 32, lr: float = 2e-3, seed=0,
                  log_every: int = 25, lr_schedule=None) -> Self:
        """Train to map ``inputs`` (n, c_in, h, w) to ``targets`` (n, c_out, h, w) by mean squared error.

        Adam, ``steps`` random minibatches drawn with ``seed`` (see ``training.minimise``). Returns the
        model; ``model.history``: ``loss`` (the minibatch MSE averaged over each window of ``log_every`` steps).
        Minimising a squared error makes the model predict the conditional mean of the targets.
        """
        x, y = _pairs(self, inputs, targets, self.in_channels)
        batch_size = min(check_positive_int(batch_size, "batch_size"), x.shape[0])
        log_every = check_positive_int(log_every, "log_every")
        self.history = minimise(self, lambda idx, gen: {"loss": F.mse_loss(self(x[idx]), y[idx])}, x.shape[0], steps=steps,
                                batch_size=batch_size, lr=lr, seed=seed, log_every=log_every, lr_schedule=lr_schedule)
        return self


class ConditionalVAE(nn.Module):
    """Conditional VAE: p(y | x) = integral of p(y | x, z) N(z; 0, I) dz, with a global code z.

    * encoder q(z | x, y): a small strided CNN over the input ``x`` (n, cond_channels, h, w)
      and the answer ``y`` (n, out_channels, h, w) -> mean and log-variance, each (n, z_dim);
    * decoder p(y | x, z): a ``SmallUNet`` fed with x and z broadcast over the image
      (``residual=True``: it adds the first ``out_channels`` channels of x to its output).

    After training, ``sample(x)`` draws z from the prior N(0, I): each z picks one plausible
    answer. What z learns to hold is exactly what x leaves undetermined (e.g. a cap's colour).
    """

    def __init__(self, cond_channels: int, out_channels: int, z_dim: int = 2, width: int = 16,
                 residual: bool = False):
        super().__init__()
        self.cond_channels = check_positive_int(cond_channels, "cond_channels")
        self.out_channels = check_positive_int(out_channels, "out_channels")
        self.z_dim = check_positive_int(z_dim, "z_dim")
        width = check_positive_int(width, "width")
        residual = check_bool(residual, "residual")
        if residual and out_channels > cond_channels:
            raise ValueError(f"residual=True needs out_channels <= cond_channels, got {out_channels} > {cond_channels}")
        self.encoder = nn.Sequential(
            nn.Conv2d(cond_channels + out_channels, width, 3, stride=2, padding=1), nn.ReLU(),
            nn.Conv2d(width, 2 * width, 3, stride=2, padding=1), nn.ReLU(),
            nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(2 * width, 2 * z_dim))
        self.decoder = SmallUNet(cond_channels + z_dim, out_channels, width, residual=residual)
        self.residual = bool(residual)

    def _check(self, x, y=None, with_y: bool = False, name: str = "x"):
        """``(x, y)`` as float32 tensors of matching shapes (``y`` is only checked ``with_y``)."""
        x = as_float_tensor(x, name)
        y = as_float_tensor(y, "y") if with_y else None
        if x.ndim != 4 or x.shape[1] != self.cond_channels:
            raise ValueError(f"{name} must have shape (n, {self.cond_channels}, h, w), got {tuple(x.shape)}")
        _check_multiple_of_4(x, name)
        if y is not None and (y.ndim != 4 or y.shape[1] != self.out_channels or y.shape[0] != x.shape[0]
                              or y.shape[2:] != x.shape[2:]):
            raise ValueError(f"y must have shape {(x.shape[0], self.out_channels) + tuple(x.shape[2:])} to match "
                             f"{name} {tuple(x.shape)}, got {tuple(y.shape)}")
        return x, y

    def encode(self, x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """q(z | x, y): ``(mu, logvar)``, each (n, z_dim)."""
        x, y = self._check(x, y, with_y=True)
        mu, logvar = self.encoder(torch.cat([x, y], 1)).chunk(2, dim=1)
        return mu, logvar

    def decode(self, x: torch.Tensor, z: torch.Tensor) -> torch.Tensor:
        """Mean of p(y | x, z): (n, out_channels, h, w); ``z`` is (n, z_dim)."""
        x, _ = self._check(x)
        z = as_float_tensor(z, "z")
        if z.ndim != 2 or z.shape != (x.shape[0], self.z_dim):
            raise ValueError(f"z must have shape ({x.shape[0]}, {self.z_dim}): one code per image of x, got "
                             f"{tuple(z.shape)}")
        zmap = z[:, :, None, None].expand(-1, -1, x.shape[2], x.shape[3])
        return self.decoder(torch.cat([x, zmap], 1))

    def forward(self, x: torch.Tensor, y: torch.Tensor):
        """Training pass: ``(reconstruction, mu, logvar)`` with z = mu + sigma * eps."""
        mu, logvar = self.encode(x, y)
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
        return self.decode(x, z), mu, logvar

    def fit(self, inputs, targets, steps: int = 500, batch_size: int = 32, lr: float = 2e-3, seed=0,
                  noise_std: float = 0.1, log_every: int = 25, lr_schedule=None) -> Self:
        """Train by maximising the evidence lower bound (ELBO); see ``training.minimise`` for the loop.

        Per image: loss = sum of squared errors / (2 noise_std^2) + KL(q(z | x, y) || N(0, I)).
        ``noise_std`` is the pixel noise of the Gaussian likelihood (smaller = sharper fits, more
        information pushed into z). Returns the model; ``model.history``: ``loss``, ``recon`` and ``kl`` (per image,
        window means). The reparameterisation noise is seeded by ``seed`` (global RNG state is restored).
        """
        x, y = _pairs(self, inputs, targets, self.cond_channels)
        batch_size = min(check_positive_int(batch_size, "batch_size"), x.shape[0])
        log_every = check_positive_int(log_every, "log_every")
        noise_std = check_real(noise_std, "noise_std", 0, low_open=True)
        gen = torch_generator(seed)
        noise_seed = seed if not isinstance(seed, torch.Generator) else int(torch.randint(0, 2**31 - 1, (1,), generator=gen))

        def batch_loss(idx, g):
            out, mu, logvar = self(x[idx], y[idx])
            recon = ((out - y[idx]) ** 2).flatten(1).sum(1).mean() / (2 * noise_std ** 2)
            kl = _kl_to_standard_normal(mu, logvar).mean()
            return {"loss": recon + kl, "recon": recon, "kl": kl}
        with torch.random.fork_rng():
            torch.manual_seed(noise_seed)  # the reparameterisation noise
            self.history = minimise(self, batch_loss, x.shape[0], steps=steps, batch_size=batch_size, lr=lr, seed=gen,
                                    log_every=log_every, lr_schedule=lr_schedule)
            return self


def n_parameters(model: nn.Module) -> int:
    """Number of trainable parameters."""
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


# ----------------------------------------------------------------------------- training
def _check_multiple_of_4(x: torch.Tensor, name: str) -> None:
    if x.shape[2] % 4 or x.shape[3] % 4:
        raise ValueError(f"{name} must have a height and width that are multiples of 4, got {tuple(x.shape[2:])}")


def _as_tensor4(x, name: str) -> torch.Tensor:
    t = as_float_tensor(x.detach() if isinstance(x, torch.Tensor) else x, name, allow_empty=True)
    if t.ndim != 4 or t.numel() == 0:
        raise ValueError(f"{name} must be a non-empty tensor (n, c, h, w), got shape {tuple(t.shape)}")
    return t


def _pairs(model, inputs, targets, in_channels: int):
    x, y = _as_tensor4(inputs, "inputs"), _as_tensor4(targets, "targets")
    if x.shape[1] != in_channels:
        raise ValueError(f"inputs must have shape (n, {in_channels}, h, w) for this model, got {tuple(x.shape)}")
    _check_multiple_of_4(x, "inputs")
    if x.shape[0] != y.shape[0]:
        raise ValueError(f"inputs and targets must hold the same number of images, got {x.shape[0]} and {y.shape[0]}")
    if y.shape[1] != model.out_channels or y.shape[2:] != x.shape[2:]:
        raise ValueError(f"targets must have shape (n, {model.out_channels}, {x.shape[2]}, {x.shape[3]}) to match "
                         f"the inputs and the model's output, got {tuple(y.shape)}")
    return x, y


@torch.no_grad()
def predict(model: nn.Module, inputs, batch_size: int = 250) -> torch.Tensor:
    """Run ``model`` on ``inputs`` (n, c_in, h, w) in batches, without gradients: (n, c_out, h, w)."""
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    x = _as_tensor4(inputs, "inputs")
    batch_size = check_positive_int(batch_size, "batch_size")
    was_training = model.training
    model.eval()
    try:
        out = torch.cat([model(x[i:i + batch_size]) for i in range(0, x.shape[0], batch_size)])
    except (ValueError, TypeError) as err:  # the model's own check, naming its argument x
        raise type(err)(f"inputs of shape {tuple(x.shape)} do not fit the model: {err}") from None
    finally:
        model.train(was_training)
    return out


@torch.no_grad()
def sample(model: ConditionalVAE, inputs, n_samples: int = 4, seed: int = 0, z=None) -> torch.Tensor:
    """Draw ``n_samples`` answers per input from a ``ConditionalVAE``: (n_samples, n, c_out, h, w).

    z ~ N(0, I) drawn with ``seed``, unless ``z`` (n_samples, z_dim) is given: then every input
    gets the same list of codes (handy for showing what each z means).
    """
    if not isinstance(model, ConditionalVAE):
        raise TypeError(f"model must be a ConditionalVAE, got {type(model).__name__}")
    x, _ = model._check(_as_tensor4(inputs, "inputs"), name="inputs")
    n_samples = check_positive_int(n_samples, "n_samples")
    gen = torch_generator(seed)
    if z is None:
        zs = torch.randn((n_samples, x.shape[0], model.z_dim), generator=gen)
    else:
        z = as_float_tensor(z, "z")
        if z.shape != (n_samples, model.z_dim):
            raise ValueError(f"z must have shape (n_samples, z_dim) = ({n_samples}, {model.z_dim}), got {tuple(z.shape)}")
        zs = z[:, None, :].expand(-1, x.shape[0], -1)
    model.eval()
    return torch.stack([model.decode(x, zs[k].contiguous()) for k in range(n_samples)])


# ----------------------------------------------------------------------------- the four tasks of lecture 9
TASKS = ("colorize", "colorize_cvae", "deblur", "superres", "depth", "superres_cvae", "relief", "relief_cvae")
CVAE_TASKS = ("colorize_cvae", "superres_cvae", "relief_cvae")  # tasks whose model is a ConditionalVAE
DEBLUR_SIGMAS = (1.0, 1.5, 2.0)  # blur strengths, pixels
DEBLUR_NOISE = 0.02              # sensor noise added after the blur
SR_FACTOR = 4
RELIEF_ELEVATION = np.pi / 2     # "relief" tasks: light straight overhead, so a dent and a bump shade alike
RELIEF_DENT_SHARE = 0.5          # share of the one-object scenes that are dents


def make_task(task: str, split: str = "train", n: int | None = None) -> dict:
    """Input/target pairs of one lecture-9 task, ready for ``fit`` (tensors (n, c, h, w), float32).

    ``task``: ``"colorize"`` / ``"colorize_cvae"`` (grey face -> its chroma UV, faces with
    random cap colours), ``"deblur"`` (blurred + noisy MNIST digit -> sharp digit; the blur
    strength cycles through ``DEBLUR_SIGMAS``, returned as ``"sigma"``), ``"superres"`` (a 7x7
    digit, bicubic-upsampled to 28x28 -> the 28x28 digit; the 7x7 image is ``"low"``),
    ``"depth"`` (shaded 32x32 scene -> its height map), ``"superres_cvae"`` (the superres pairs,
    for a conditional VAE), ``"relief"`` / ``"relief_cvae"`` (one object per 32x32 scene, a bump or,
    with probability ``RELIEF_DENT_SHARE``, a dent, lit from straight overhead: the picture of a dent
    is exactly that of the bump it mirrors; extra ``"sign"``: +1 bump, -1 dent). ``split``: ``"train"`` (seed 0 data, at
    most 4,000 images) or ``"test"`` (held-out images, at most 1,000). ``n`` keeps the first n.
    Returns a dict with ``"inputs"``, ``"targets"`` and the task's extras.
    """
    from . import imaging as im

    task = str(check_choice(task, "task", TASKS))
    split = str(check_choice(split, "split", ("train", "test")))
    limit = 4000 if split == "train" else 1000
    n = limit if n is None else check_positive_int(n, "n")
    if n > limit:
        raise ValueError(f"n must be at most {limit} for the {split} split, got {n}")
    seed = 0 if split == "train" else 1
    if task in ("colorize", "colorize_cvae"):
        rgb, hue, cap = coloured_hat_faces(n, seed=seed)
        grey, uv = split_luma_chroma(rgb)
        return {"inputs": grey, "targets": uv, "rgb": rgb, "hue": hue, "cap": cap}
    if task == "depth":
        from .data.shapes import make_shapes

        shaded, heights = make_shapes(n, size=32, seed=seed)
        return {"inputs": to_tensor(shaded), "targets": to_tensor(heights),
                "shaded": shaded, "heights": heights}
    if task in ("relief", "relief_cvae"):
        from .data.shapes import dent_or_bump, make_height_maps, shade

        heights = make_height_maps(n, size=32, seed=seed + 20, max_objects=1, dent_share=RELIEF_DENT_SHARE)
        shaded = shade(heights, elevation=RELIEF_ELEVATION)
        return {"inputs": to_tensor(shaded), "targets": to_tensor(heights),
                "shaded": shaded, "heights": heights, "sign": dent_or_bump(heights)}
    from .data.digits import mnist_float

    X_train, _, X_test, _ = mnist_float(seed=0)
    clean = (X_train if split == "train" else X_test)[:n].astype(np.float64)
    if task == "deblur":
        sigma = np.array(DEBLUR_SIGMAS)[np.arange(n) % len(DEBLUR_SIGMAS)]
        blurred = np.empty_like(clean)
        for s in DEBLUR_SIGMAS:
            rows = sigma == s
            if rows.any():  # fewer than three images leave a blur strength unused
                blurred[rows] = im.blur(clean[rows], s)
        blurred = im.add_noise(blurred, DEBLUR_NOISE, seed=seed + 10)
        return {"inputs": to_tensor(blurred), "targets": to_tensor(clean),
                "sigma": sigma, "blurred": blurred, "clean": clean}
    low = im.downsample(clean, SR_FACTOR)
    up = im.bicubic_upsample(low, SR_FACTOR)
    return {"inputs": to_tensor(up), "targets": to_tensor(clean),
            "low": low, "bicubic": up, "clean": clean}


def build_model(task: str) -> nn.Module:
    """The (untrained) architecture used for ``task`` (see ``make_task``), seeded by the caller."""
    task = check_choice(task, "task", TASKS)
    if task == "colorize":
        return SmallUNet(1, 2, width=16)
    if task == "colorize_cvae":
        return ConditionalVAE(1, 2, z_dim=2, width=16)
    if task == "superres_cvae":
        return ConditionalVAE(1, 1, z_dim=8, width=16, residual=True)
    if task == "relief_cvae":
        return ConditionalVAE(1, 1, z_dim=1, width=16)   # one number: enough for "dent or bump"
    if task in ("depth", "relief"):
        return SmallUNet(1, 1, width=16)
    return SmallUNet(1, 1, width=16, residual=True)


def save_checkpoint(model: nn.Module, path, task: str, history: dict | None = None) -> None:
    """Save ``{"task", "state_dict", "history"}`` (plain tensors, numbers and lists) to ``path``."""
    task = str(check_choice(task, "task", TASKS))
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    with torch.random.fork_rng(devices=[]):  # the reference model's initialisation must not move the global RNG
        ref = build_model(task)
    want = {k: tuple(v.shape) for k, v in ref.state_dict().items()}
    got = {k: tuple(v.shape) for k, v in model.state_dict().items()}
    if got != want or type(model) is not type(ref) or getattr(model, "residual", None) != getattr(ref, "residual", None):
        raise ValueError(f"model must be the network of build_model({task!r}) (the one load_checkpoint rebuilds), "
                         f"got a {type(model).__name__} with other parameters")
    path = check_path(path, "path")
    history = check_dict(history, "history", allow_none=True)
    state = {k: v.detach().clone().contiguous() for k, v in model.state_dict().items()}
    save_torch({"task": task, "state_dict": state, "history": dict(history or {})}, path)


def load_checkpoint(path, task: str) -> tuple[nn.Module, dict]:
    """Rebuild ``build_model(task)`` from a checkpoint made by ``save_checkpoint``: ``(model, history)``.

    Loaded with ``torch.load(path, weights_only=True)``: only tensors and plain containers.
    """
    task = str(check_choice(task, "task", TASKS))
    ckpt = load_torch(path)
    if not isinstance(ckpt, dict) or "state_dict" not in ckpt or ckpt.get("task") not in TASKS:
        raise ValueError(f"path {str(path)!r} is not a checkpoint saved by conditional.save_checkpoint")
    if ckpt.get("task") != task:
        raise ValueError(f"path {str(path)!r} holds a {ckpt.get('task')!r} model, not task={task!r}")
    model = build_model(task)
    model.load_state_dict(ckpt["state_dict"])
    model.eval()
    return model, ckpt.get("history", {})
