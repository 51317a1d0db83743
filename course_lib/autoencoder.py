"""Autoencoders and variational autoencoders small enough for a CPU.

An autoencoder squeezes an image x through a low-dimensional code z = encoder(x) and
reconstructs x_hat = decoder(z). A variational autoencoder (VAE) makes the encoder output a
Gaussian q(z|x) = N(mu(x), diag(exp(logvar(x)))) and adds to the reconstruction loss the KL
divergence from q(z|x) to the prior p(z) = N(0, I); that term is what makes "sample z from the
prior and decode it" (the generative path) produce images. There is a fully connected model for
MNIST digits and a convolutional one for the 32x32 colour faces.

Images go in and come out in image layout with values in [0, 1]: (n, h, w) grey or
(n, h, w, c) colour, float32 torch tensors (numpy arrays are accepted and converted). Codes are
(n, latent_dim). Losses are in nats per image (summed binary cross-entropy, + beta * KL).
"""

from __future__ import annotations

import math
import numbers
from typing import Self

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from ._validate import (
    as_float_tensor,
    as_real_tensor,
    check_bool,
    check_choice,
    check_path,
    check_positive_int,
    check_real,
    numpy_rng,
)
from .checkpoints import load_torch, save_torch
from .training import minimise


class _Base(nn.Module):
    """Shared logic: image layout checks, the Gaussian encoder head, reparameterisation."""

    kind = "base"

    def __init__(self, image_shape, latent_dim: int, variational: bool):
        super().__init__()
        if not isinstance(image_shape, (tuple, list, np.ndarray)) or len(image_shape) not in (2, 3) or not all(
                isinstance(s, numbers.Integral) and not isinstance(s, (bool, np.bool_)) and s > 0 for s in image_shape):
            raise ValueError(f"image_shape must be (h, w) or (h, w, c) of positive integers, got {image_shape!r}")
        self.image_shape = tuple(int(s) for s in image_shape)
        self.latent_dim = check_positive_int(latent_dim, "latent_dim")
        self.variational = check_bool(variational, "variational")
        self.n_pixels = math.prod(self.image_shape)

    def _check(self, x: torch.Tensor, name: str = "x", unit_range: bool = False) -> torch.Tensor:
        x = as_float_tensor(x, name, allow_empty=True)
        if x.ndim < 1 or tuple(x.shape[1:]) != self.image_shape:
            raise ValueError(f"{name} must have shape (n, {', '.join(map(str, self.image_shape))}), got {tuple(x.shape)}")
        if len(x) == 0:
            raise ValueError(f"{name} must hold at least one image")
        if unit_range and (float(x.min()) < 0 or float(x.max()) > 1):
            raise ValueError(f"{name} must hold pixel values in [0, 1], got values from {float(x.min()):.3g} to "
                             f"{float(x.max()):.3g}; divide 0-255 images by 255")
        return x

    def _check_z(self, z, name: str = "z") -> torch.Tensor:
        z = as_float_tensor(z, name, allow_empty=True)
        if z.ndim != 2 or z.shape[1] != self.latent_dim or len(z) == 0:
            raise ValueError(f"{name} must have shape (n, {self.latent_dim}) with n >= 1, got {tuple(z.shape)}")
        return z

    def encode_stats(self, x) -> tuple[torch.Tensor, torch.Tensor | None]:
        """(mu, logvar), each (n, latent_dim), for a VAE; (z, None) for a plain autoencoder."""
        h = self._encode(self._check(x))
        if self.variational:
            mu, logvar = h.chunk(2, dim=1)
            return mu, logvar.clamp(-12.0, 8.0)
        return h, None

    def encode(self, x) -> torch.Tensor:
        """The deterministic code (the mean mu for a VAE): (n, latent_dim)."""
        return self.encode_stats(x)[0]

    def decode(self, z) -> torch.Tensor:
        """Images in [0, 1] from codes: (n, *image_shape)."""
        return torch.sigmoid(self.decode_logits(z))

    def decode_logits(self, z) -> torch.Tensor:
        return self._decode(self._check_z(z)).reshape(-1, *self.image_shape)

    def forward(self, x) -> dict:
        """``{"logits", "z", "mu", "logvar"}``; z is a reparameterised sample for a VAE in training mode."""
        mu, logvar = self.encode_stats(x)
        z = mu
        if self.variational and self.training:
            z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        return {"logits": self.decode_logits(z), "z": z, "mu": mu, "logvar": logvar}

    def config(self) -> dict:
        raise NotImplementedError

    def fit(self, X, epochs: int = 10, batch_size: int = 128, lr: float = 1e-3, beta: float = 1.0, seed=0,
            X_val=None, pixel_weights=None, lr_schedule=None, restarts=None) -> Self:
        """Train with Adam on shuffled mini-batches of ``X`` (n, *image_shape) in [0, 1].

        ``beta`` weights the KL term (1 = the negative ELBO). ``pixel_weights``: optional
        (n, height, width) weights of the pixels of each training image in the reconstruction loss
        (e.g. more weight where small features live; see ``course_lib.data.faces.attribute_regions``);
        the validation loss stays unweighted. ``lr_schedule``: see ``training.lr_multiplier``;
        ``restarts``: warm restarts, see ``training.minimise``.

        Returns the model; ``model.history`` has one row per epoch: ``loss``, ``recon``, ``kl`` (means, nats per
        image), plus ``val_loss`` when ``X_val`` is given (in eval mode: the mean code, no sampling).
        The VAE's sampling noise comes from ``seed`` too (global RNG state is restored).
        """
        beta = check_real(beta, "beta", 0)
        X = self._check(X, "X", unit_range=True)
        Xv = self._check(X_val, "X_val", unit_range=True) if X_val is not None else None
        pw = None if pixel_weights is None else _pixel_weights(pixel_weights, X, self.image_shape, "X")

        def batch_loss(idx, gen):
            with torch.random.fork_rng():
                torch.manual_seed(int(torch.randint(0, 2**31 - 1, (1,), generator=gen)))
                return autoencoder_loss(self, X[idx], beta, None if pw is None else pw[idx])

        validate = None if Xv is None else (lambda: {"val_loss": autoencoder_loss(self, Xv, beta)["loss"]})
        self.history = minimise(self, batch_loss, len(X), epochs=epochs, batch_size=batch_size, lr=lr, seed=seed,
                                validate=validate, lr_schedule=lr_schedule, restarts=restarts)
        return self


class MLPAutoencoder(_Base):
    """Fully connected (variational) autoencoder: pixels -> hidden -> code -> hidden -> pixels."""

    kind = "mlp"

    def __init__(self, image_shape=(28, 28), latent_dim: int = 2, hidden=(256,), variational: bool = False):
        super().__init__(image_shape, latent_dim, variational)
        if isinstance(hidden, (str, bytes)) or not isinstance(hidden, (tuple, list, np.ndarray)):
            raise TypeError(f"hidden must be a list of hidden-layer widths (possibly empty), got {hidden!r}")
        hidden = tuple(check_positive_int(h, "hidden") for h in hidden)
        self.hidden = hidden
        out = 2 * latent_dim if variational else latent_dim
        sizes = (self.n_pixels,) + hidden
        enc = []
        for a, b in zip(sizes[:-1], sizes[1:]):
            enc += [nn.Linear(a, b), nn.ReLU()]
        self.encoder = nn.Sequential(*enc, nn.Linear(sizes[-1], out))
        rsizes = (latent_dim,) + hidden[::-1]
        dec = []
        for a, b in zip(rsizes[:-1], rsizes[1:]):
            dec += [nn.Linear(a, b), nn.ReLU()]
        self.decoder = nn.Sequential(*dec, nn.Linear(rsizes[-1], self.n_pixels))

    def _encode(self, x):
        return self.encoder(x.reshape(len(x), -1))

    def _decode(self, z):
        return self.decoder(z)

    def config(self) -> dict:
        return {"image_shape": list(self.image_shape), "latent_dim": self.latent_dim,
                "hidden": list(self.hidden), "variational": self.variational}


class ConvAutoencoder(_Base):
    """Convolutional (variational) autoencoder for (size, size, c) images, size divisible by 8.

    Encoder: three stride-2 4x4 convolutions (width, 2 width, 4 width channels) and a linear map
    to the code; the decoder mirrors it with transposed convolutions (``upsample="transpose"``) or
    with nearest-neighbour upsampling, 3x3 convolutions and batch norm (``upsample="nearest"``).
    """

    kind = "conv"

    def __init__(self, image_shape=(32, 32, 3), latent_dim: int = 32, width: int = 32, variational: bool = False,
                 upsample: str = "transpose"):
        super().__init__(image_shape, latent_dim, variational)
        self.upsample = str(check_choice(upsample, "upsample", ("transpose", "nearest")))
        if len(self.image_shape) != 3 or self.image_shape[0] != self.image_shape[1] or self.image_shape[0] % 8:
            raise ValueError(f"image_shape must be (size, size, c) with size divisible by 8, got {image_shape!r}")
        self.width = check_positive_int(width, "width")
        size, _, c = self.image_shape
        w, s = self.width, size // 8
        self._feat = (4 * w, s, s)
        out = 2 * latent_dim if variational else latent_dim
        self.encoder = nn.Sequential(
            nn.Conv2d(c, w, 4, 2, 1), nn.LeakyReLU(0.2),
            nn.Conv2d(w, 2 * w, 4, 2, 1), nn.LeakyReLU(0.2),
            nn.Conv2d(2 * w, 4 * w, 4, 2, 1), nn.LeakyReLU(0.2),
            nn.Flatten(), nn.Linear(4 * w * s * s, out))
        self.decoder_fc = nn.Linear(latent_dim, 4 * w * s * s)
        if upsample == "transpose":
            self.decoder = nn.Sequential(
                nn.LeakyReLU(0.2),
                nn.ConvTranspose2d(4 * w, 2 * w, 4, 2, 1), nn.LeakyReLU(0.2),
                nn.ConvTranspose2d(2 * w, w, 4, 2, 1), nn.LeakyReLU(0.2),
                nn.ConvTranspose2d(w, c, 4, 2, 1))
        else:  # nearest-neighbour upsampling + 3x3 convolutions with batch norm: learns details faster
            def up(a, b):
                return [nn.Upsample(scale_factor=2, mode="nearest"), nn.Conv2d(a, b, 3, 1, 1),
                        nn.BatchNorm2d(b), nn.LeakyReLU(0.2)]
            self.decoder = nn.Sequential(nn.LeakyReLU(0.2), *up(4 * w, 2 * w), *up(2 * w, w), *up(w, w),
                                         nn.Conv2d(w, c, 3, 1, 1))

    def _encode(self, x):
        return self.encoder(x.permute(0, 3, 1, 2))

    def _decode(self, z):
        h = self.decoder_fc(z).reshape(len(z), *self._feat)
        return self.decoder(h).permute(0, 2, 3, 1)

    def config(self) -> dict:
        return {"image_shape": list(self.image_shape), "latent_dim": self.latent_dim,
                "width": self.width, "variational": self.variational, "upsample": self.upsample}


MODELS = {"mlp": MLPAutoencoder, "conv": ConvAutoencoder}


def kl_to_standard_normal(mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    """KL( N(mu, exp(logvar)) || N(0, I) ) per row, summed over dimensions: shape (n,).

    ``mu`` and ``logvar``: (n, d) tensors (or NumPy arrays, converted to float32 tensors) of the same shape."""
    mu = as_real_tensor(mu, "mu", ndim=2)
    logvar = as_real_tensor(logvar, "logvar", ndim=2)
    if mu.shape != logvar.shape:
        raise ValueError(f"mu and logvar must have the same shape (n, d), got {tuple(mu.shape)} and {tuple(logvar.shape)}")
    kl = _kl_to_standard_normal(mu, logvar)
    if not torch.isfinite(kl.detach()).all():
        raise ValueError(f"mu and logvar are too large for {kl.dtype}: exp(logvar) or mu^2 overflows (max |mu| "
                         f"{float(mu.detach().abs().max()):.3g}, max logvar {float(logvar.detach().max()):.3g})")
    return kl


def _kl_to_standard_normal(mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    return 0.5 * (mu.pow(2) + logvar.exp() - 1.0 - logvar).sum(dim=1)


def _check_model(model) -> _Base:
    if not isinstance(model, _Base):
        raise TypeError(f"model must be a course_lib autoencoder (MLPAutoencoder or ConvAutoencoder), got "
                        f"{type(model).__name__}")
    return model


def _pixel_weights(pixel_weights, x: torch.Tensor, image_shape: tuple, images: str = "x") -> torch.Tensor:
    """Non-negative finite weights (n, height, width), one map per image of ``x`` (called ``images``)."""
    pw = as_float_tensor(pixel_weights, "pixel_weights", allow_empty=True)
    want = (len(x), *image_shape[:2])
    if tuple(pw.shape) != want:
        raise ValueError(f"pixel_weights must have shape {want}, one weight map per image of {images}, got {tuple(pw.shape)}")
    if (pw < 0).any():
        raise ValueError("pixel_weights must be non-negative")
    return pw


def autoencoder_loss(model: _Base, x, beta: float = 1.0, pixel_weights=None) -> dict:
    """Mean over the batch of per-image losses: ``{"loss", "recon", "kl"}`` (scalar tensors).

    recon = binary cross-entropy summed over pixels (nats per image); kl = KL(q(z|x) || N(0, I))
    (0 for a plain autoencoder); loss = recon + beta * kl, the negative ELBO when beta = 1.
    ``pixel_weights``: optional (n, height, width) non-negative weights of each pixel's cross-entropy
    (shared by the channels); then recon is the weighted sum (no longer nats).
    """
    x = _check_model(model)._check(x)
    if x.numel() and (float(x.min()) < 0 or float(x.max()) > 1):
        raise ValueError(f"x must hold pixel values in [0, 1] (the loss is a binary cross-entropy), got values "
                         f"from {float(x.min()):.3g} to {float(x.max()):.3g}; divide 0-255 images by 255")
    beta = check_real(beta, "beta", 0)
    if pixel_weights is not None:
        pixel_weights = _pixel_weights(pixel_weights, x, model.image_shape)
    out = model(x)
    bce = F.binary_cross_entropy_with_logits(out["logits"], x, reduction="none")
    if pixel_weights is not None:
        bce = bce * (pixel_weights[..., None] if bce.ndim == 4 else pixel_weights)
    recon = bce.reshape(len(x), -1).sum(1)
    if model.variational:
        kl = _kl_to_standard_normal(out["mu"], out["logvar"])
    else:
        kl = torch.zeros_like(recon)
    return {"loss": (recon + beta * kl).mean(), "recon": recon.mean(), "kl": kl.mean()}


def _batched(fn, x, batch_size: int = 256) -> np.ndarray:
    batch_size = check_positive_int(batch_size, "batch_size")
    outs = []
    with torch.no_grad():
        for start in range(0, len(x), batch_size):
            outs.append(fn(x[start:start + batch_size]))
    return torch.cat(outs).numpy() if outs else np.zeros((0,), np.float32)


def encode(model: _Base, X, batch_size: int = 256) -> np.ndarray:
    """Deterministic codes (mu for a VAE) of images ``X`` (n, *image_shape) in [0, 1]: numpy (n, latent_dim)."""
    X = _check_model(model)._check(X, "X", unit_range=True)
    model.eval()
    return _batched(model.encode, X, batch_size)


def decode(model: _Base, Z, batch_size: int = 256) -> np.ndarray:
    """Images in [0, 1] decoded from codes ``Z`` (n, latent_dim): numpy (n, *image_shape)."""
    Z = _check_model(model)._check_z(Z, "Z")
    model.eval()
    return _batched(model.decode, Z, batch_size)


def reconstruct(model: _Base, X, batch_size: int = 256) -> np.ndarray:
    """decode(encode(X)): numpy (n, *image_shape)."""
    return decode(model, encode(model, X, batch_size), batch_size)


def sample_prior(model: _Base, n: int, seed: int = 0) -> np.ndarray:
    """``n`` codes from the prior N(0, I): numpy (n, latent_dim), float32."""
    model = _check_model(model)
    n = check_positive_int(n, "n")
    rng = numpy_rng(seed)
    return rng.standard_normal((n, model.latent_dim)).astype(np.float32)


def save_autoencoder(model: _Base, path, half: bool = True, **extra) -> None:
    """Save kind, config and state_dict (float16 if ``half``, to keep the file small) + ``extra``."""
    model = _check_model(model)
    path = check_path(path, "path")
    half = check_bool(half, "half")
    state = {k: (v.half() if half and v.is_floating_point() else v).clone() for k, v in model.state_dict().items()}
    save_torch({"kind": model.kind, "config": model.config(), "state_dict": state, "extra": extra}, path)


def load_autoencoder(path) -> _Base:
    """Rebuild a model saved by ``save_autoencoder`` (``torch.load(..., weights_only=True)``), in eval mode.

    The ``extra`` dict saved with it is attached as ``model.extra``.
    """
    blob = load_torch(path)
    if not isinstance(blob, dict) or blob.get("kind") not in MODELS or not isinstance(blob.get("config"), dict):
        raise ValueError(f"path {str(path)!r} is not an autoencoder saved by save_autoencoder")
    cfg = dict(blob["config"])
    cfg["image_shape"] = tuple(cfg["image_shape"])
    if "hidden" in cfg:
        cfg["hidden"] = tuple(cfg["hidden"])
    model = MODELS[blob["kind"]](**cfg)
    model.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in blob["state_dict"].items()})
    model.extra = blob.get("extra", {})
    return model.eval()
