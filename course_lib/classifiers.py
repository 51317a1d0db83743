"""The course's referees: small CNNs that judge generated images, never trained on what they judge.

* ``DigitCNN`` reads MNIST digits. Lecture 6 judges generated digits by its predictions (which
  digits appear, how often) and by its 64 penultimate features, which play the role Inception
  plays for FID (``course_lib.metrics.evaluate_digits``).
* ``FaceCNN`` reads the synthetic faces of ``course_lib.data.faces``: the binary attributes
  (lecture 8: did latent arithmetic switch the glasses on?), the identity A or B, a swap
  detector's "real or swapped", and pose in original units (lecture 10).

Both follow the course's conventions: ``forward`` takes channels-first tensors; the functions
below take images in the public layout ((n, 28, 28) digits, (n, size, size, 3) faces, NumPy or
torch) and return NumPy; ``fit`` trains in place and returns a ``training.History``.
"""

from __future__ import annotations

from typing import Self

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from ._validate import (
    as_float_tensor,
    as_images,
    as_real_array,
    check_bool,
    check_dict,
    check_path,
    check_positive_int,
    check_real,
    torch_generator,
)
from .checkpoints import load_torch, save_torch
from .data.faces import BINARY_ATTRIBUTES, FACTOR_RANGES
from .training import minimise


# ----------------------------------------------------------------------------- digits
class DigitCNN(nn.Module):
    """images (n, 1, 28, 28) in [0, 1] -> logits (n, 10).

    conv 3x3 (16) - ReLU - maxpool - conv 3x3 (32) - ReLU - maxpool - linear 64 (the features) - ReLU - linear 10.
    """

    n_features = 64

    def __init__(self):
        super().__init__()
        self.conv = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                                  nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten())
        self.fc = nn.Linear(32 * 49, self.n_features)
        self.out = nn.Linear(self.n_features, 10)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """Penultimate features (n, 64), after the ReLU."""
        return F.relu(self.fc(self.conv(as_float_tensor(x, "x", (None, 1, 28, 28)))))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.out(self.features(x))

    def config(self) -> dict:
        return {}

    def fit(self, images, labels, epochs: int = 6, batch_size: int = 64, lr: float = 2e-3, seed=0) -> Self:
        """Train with Adam on ``images`` (n, 28, 28) in [0, 1] and digit ``labels`` (n,); returns the model, ``history`` = loss per epoch."""
        x = as_images(images, "images", size=28, channels=(1,), unit_range=True)
        y = _integer_labels(labels, "labels", len(x), 10)
        self.history = minimise(self, lambda idx, gen: {"loss": F.cross_entropy(self(x[idx]), y[idx])}, len(x),
                                epochs=epochs, batch_size=batch_size, lr=lr, seed=seed)
        return self


def _integer_labels(labels, name: str, n: int, n_classes: int) -> torch.Tensor:
    arr = as_real_array(labels, name, allow_empty=True)
    if not np.all(arr == np.round(arr)):
        raise TypeError(f"{name} must be integer class labels 0..{n_classes - 1}, got non-integer values")
    if arr.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},), one label per image of images, got {arr.shape}")
    if arr.size and (arr.min() < 0 or arr.max() >= n_classes):
        raise ValueError(f"{name} must be class labels in 0..{n_classes - 1}, got values {arr.min()}..{arr.max()}")
    return torch.as_tensor(arr.astype(np.int64))


# ----------------------------------------------------------------------------- faces
class FaceCNN(nn.Module):
    """Faces (n, 3, size, size) -> ``n_outputs`` logits (or values) per face.

    Three 3x3 convolutions with ``channels`` output channels, each followed by ReLU and 2x2
    max-pooling, then linear 64 - ReLU - linear ``n_outputs``.
    """

    def __init__(self, n_outputs: int = 1, channels=(16, 32, 32), size: int = 32):
        super().__init__()
        self.n_outputs = check_positive_int(n_outputs, "n_outputs")
        if isinstance(channels, (str, bytes)) or not isinstance(channels, (tuple, list, np.ndarray)) or len(channels) != 3:
            raise ValueError(f"channels must be three channel counts, got {channels!r}")
        self.channels = tuple(check_positive_int(c, "channels") for c in channels)
        self.size = check_positive_int(size, "size", minimum=8)
        if self.size % 8:
            raise ValueError(f"size must be divisible by 8, got {size}")
        c1, c2, c3 = self.channels
        s = self.size // 8
        self.net = nn.Sequential(
            nn.Conv2d(3, c1, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(c1, c2, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(c2, c3, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(c3 * s * s, 64), nn.ReLU(), nn.Linear(64, self.n_outputs))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(as_float_tensor(x, "x", (None, 3, self.size, self.size)))

    def config(self) -> dict:
        return {"n_outputs": self.n_outputs, "channels": list(self.channels), "size": self.size}

    def fit(self, images, targets, n_binary: int | None = None, epochs: int | None = None, steps: int | None = None,
            batch_size: int = 64, lr: float = 2e-3, seed=0, max_blur: float = 0.0) -> Self:
        """Train on faces (n, size, size, 3) in [0, 1]; give ``epochs`` or ``steps`` (see ``training.minimise``).

        ``targets``: (n,) of 0/1 (one logit: identity B, or swapped), or (n, n_outputs) whose first
        ``n_binary`` columns are 0/1 attributes (logistic loss) and the rest real values (squared
        error; ``n_binary`` defaults to all). ``max_blur`` > 0 blurs the first half of every batch
        by ``random_blur`` (sigma up to ``max_blur`` pixels), so the referee also reads the soft
        images a decoder draws. Returns the model; ``model.history`` holds the loss.
        """
        x = as_images(images, "images", size=self.size, channels=(3,), unit_range=True)
        y = _targets(targets, len(x), self.n_outputs)
        nb = y.shape[1] if n_binary is None else check_positive_int(n_binary, "n_binary", minimum=0)
        if nb > y.shape[1]:
            raise ValueError(f"n_binary must be at most the number of target columns ({y.shape[1]}), got {nb}")
        if ((y[:, :nb] != 0) & (y[:, :nb] != 1)).any():
            raise ValueError(f"targets: the first {nb} column(s) are binary and must hold 0 or 1")
        max_blur = check_real(max_blur, "max_blur", 0)

        def batch_loss(idx, gen):
            xb = x[idx]
            half = len(xb) // 2
            if max_blur > 0 and half > 0:
                xb = torch.cat([_random_blur(xb[:half], max_blur, gen), xb[half:]])
            out, yb = self(xb), y[idx]
            loss = F.binary_cross_entropy_with_logits(out[:, :nb], yb[:, :nb]) if nb else 0.0
            if nb < y.shape[1]:
                loss = loss + F.mse_loss(out[:, nb:], yb[:, nb:])
            return {"loss": loss}
        self.history = minimise(self, batch_loss, len(x), epochs=epochs, steps=steps, batch_size=batch_size, lr=lr,
                                seed=seed, log_every=1 if steps else None)
        return self


def _targets(targets, n: int, n_outputs: int) -> torch.Tensor:
    if isinstance(targets, torch.Tensor) and targets.dtype == torch.bool:
        targets = targets.float()
    elif isinstance(targets, np.ndarray) and targets.dtype == np.bool_:
        targets = targets.astype(np.float32)
    y = as_real_array(targets, "targets", ndim=(1, 2), dtype=np.float32, allow_empty=True)
    shape = y.shape
    if y.ndim == 1:
        y = y[:, None]
    if y.shape != (n, n_outputs):
        raise ValueError(f"targets must have shape ({n},) or ({n}, {n_outputs}) for a FaceCNN with "
                         f"{n_outputs} output(s) and {n} images (one row per image of images), got {shape}")
    return torch.from_numpy(np.ascontiguousarray(y))


def random_blur(x: torch.Tensor, max_sigma: float = 1.2, seed=0) -> torch.Tensor:
    """Blur each image of a channels-first batch (n, c, h, w) with a Gaussian of random width sigma ~ U(0, max_sigma).

    ``seed``: an int or a ``torch.Generator`` (a training loop passes its own, so the widths follow its stream)."""
    x = as_float_tensor(x, "x", ndim=4)
    max_sigma = check_real(max_sigma, "max_sigma", 0)
    return _random_blur(x, max_sigma, torch_generator(seed))


def _random_blur(x: torch.Tensor, max_sigma: float, generator: torch.Generator) -> torch.Tensor:
    n, c = x.shape[:2]
    sigma = torch.rand(n, generator=generator) * max_sigma + 1e-3
    r = torch.arange(-2, 3, dtype=torch.float32)
    k1 = torch.exp(-0.5 * (r[None, :] / sigma[:, None]) ** 2)
    k1 = k1 / k1.sum(1, keepdim=True)  # (n, 5)
    img = x.permute(1, 0, 2, 3).reshape(1, c * n, *x.shape[2:])  # every channel of every image is a group
    kh = k1.repeat(c, 1)[:, None, None, :]  # (c n, 1, 1, 5)
    kv = k1.repeat(c, 1)[:, None, :, None]
    img = F.conv2d(F.pad(img, (2, 2, 0, 0), mode="replicate"), kh, groups=c * n)
    img = F.conv2d(F.pad(img, (0, 0, 2, 2), mode="replicate"), kv, groups=c * n)
    return img.reshape(c, n, *x.shape[2:]).permute(1, 0, 2, 3)


def attribute_targets(table: dict, names=BINARY_ATTRIBUTES) -> np.ndarray:
    """Targets for a face referee from a ``make_faces`` factor table: float32 (n, len(names)).

    Binary attributes (glasses, smile, ...) as 0/1; continuous factors (tilt, shift_x, ...)
    rescaled from their ``FACTOR_RANGES`` to [-1, 1]. Put the binary names first to train with
    ``FaceCNN.fit(..., n_binary=...)``.
    """
    check_dict(table, "table")
    names = _factor_names(names)
    missing = [k for k in names if k not in table]
    if missing:
        raise ValueError(f"table is missing {missing}")
    cols = []
    for name in names:
        v = as_real_array(table[name], f"table[{name!r}]", ndim=1)
        if name in BINARY_ATTRIBUTES:
            if not np.isin(v, (0, 1)).all():
                raise ValueError(f"table[{name!r}] must hold 0 or 1")
        else:
            lo, hi = FACTOR_RANGES[name]
            v = 2 * (v - lo) / (hi - lo) - 1
        cols.append(v)
    if len({len(c) for c in cols}) != 1:
        raise ValueError(f"table's columns must all have the same length, got lengths {[len(c) for c in cols]}")
    return np.stack(cols, 1).astype(np.float32)


def _factor_names(names) -> tuple[str, ...]:
    """One factor name of ``course_lib.data.faces`` or a non-empty list of them."""
    names = (names,) if isinstance(names, str) else names
    if isinstance(names, np.ndarray) and names.ndim == 1:
        names = names.tolist()
    if not isinstance(names, (list, tuple)) or not names:
        raise TypeError(f"names must be a factor name or a non-empty list of factor names, got {names!r}")
    unknown = [k for k in names if not isinstance(k, str) or (k not in BINARY_ATTRIBUTES and k not in FACTOR_RANGES)]
    if unknown:
        raise ValueError(f"names must be factor names of course_lib.data.faces "
                         f"({', '.join(BINARY_ATTRIBUTES + tuple(FACTOR_RANGES))}), got unknown {unknown!r}")
    return tuple(str(k) for k in names)


def read_attributes(model: FaceCNN, images, names) -> dict:
    """A referee trained on ``attribute_targets(table, names)`` reads faces: dict name -> (n,) array,
    binary attributes as 0/1, continuous factors in their original units (radians for tilt,
    half-image widths for shifts)."""
    if not isinstance(model, FaceCNN):
        raise TypeError(f"model must be a FaceCNN, got {type(model).__name__}")
    names = _factor_names(names)
    if model.n_outputs != len(names):
        raise TypeError(f"model must be a FaceCNN with one output per name in names: the model has "
                        f"{model.n_outputs} output(s), names lists {len(names)}: {names}")
    out = _logits(model, images).astype(np.float64)
    res = {}
    for k, name in enumerate(names):
        if name in BINARY_ATTRIBUTES:
            res[name] = (out[:, k] > 0).astype(np.int64)
        else:
            lo, hi = FACTOR_RANGES[name]
            res[name] = lo + (np.clip(out[:, k], -1.5, 1.5) + 1) / 2 * (hi - lo)
    return res


# ----------------------------------------------------------------------------- both referees
def _check_model(model) -> nn.Module:
    if not isinstance(model, (DigitCNN, FaceCNN)):
        raise TypeError(f"model must be a DigitCNN or a FaceCNN, got {type(model).__name__}")
    return model


@torch.no_grad()
def _logits(model, images, batch_size: int = 500, features: bool = False, name: str = "images") -> np.ndarray:
    model = _check_model(model)
    if isinstance(model, DigitCNN):
        x = as_images(images, name, size=28, channels=(1,), unit_range=True)
    else:
        x = as_images(images, name, size=model.size, channels=(3,), unit_range=True)
    batch_size = check_positive_int(batch_size, "batch_size")
    model.eval()
    fn = model.features if features else model
    return torch.cat([fn(x[s:s + batch_size]) for s in range(0, len(x), batch_size)]).numpy()


def predict_proba(model, images, batch_size: int = 500) -> np.ndarray:
    """Class probabilities (n, 10) of a ``DigitCNN`` (softmax), or P(output = 1) (n, n_outputs) of a ``FaceCNN``."""
    z = torch.from_numpy(_logits(model, images, batch_size))
    return (torch.softmax(z, 1) if isinstance(model, DigitCNN) else torch.sigmoid(z)).numpy()


def predict(model, images, batch_size: int = 500) -> np.ndarray:
    """Predicted digit (n,) of a ``DigitCNN``, or 0/1 per output (n, n_outputs) of a ``FaceCNN``; int64."""
    z = _logits(model, images, batch_size)
    return z.argmax(1).astype(np.int64) if isinstance(model, DigitCNN) else (z > 0).astype(np.int64)


def features(model: DigitCNN, images, batch_size: int = 500) -> np.ndarray:
    """Penultimate features (n, 64), float64, of a ``DigitCNN`` for each image."""
    if not isinstance(model, DigitCNN):
        raise TypeError(f"model must be a DigitCNN, got {type(model).__name__}")
    return _logits(model, images, batch_size, features=True).astype(np.float64)


def save_classifier(model, path, half: bool = False, **extra) -> None:
    """Save a referee (kind, config, state_dict -- float16 if ``half`` -- and ``extra``); see ``load_classifier``."""
    model = _check_model(model)
    path = check_path(path, "path")
    half = check_bool(half, "half")
    state = {k: (v.half() if half and v.is_floating_point() else v).detach().clone().contiguous()
             for k, v in model.state_dict().items()}
    save_torch({"kind": type(model).__name__, "config": model.config(), "state_dict": state, "extra": extra}, path)


def load_classifier(path):
    """Rebuild a referee saved by ``save_classifier`` (checked against the manifest, weights_only=True), in eval mode.

    The saved ``extra`` dict is attached as ``model.extra``."""
    blob = load_torch(path)
    kinds = {"DigitCNN": DigitCNN, "FaceCNN": FaceCNN}
    if not isinstance(blob, dict) or blob.get("kind") not in kinds:
        raise ValueError(f"path {str(path)!r} is not a classifier saved by save_classifier")
    cfg = dict(blob["config"])
    if "channels" in cfg:
        cfg["channels"] = tuple(cfg["channels"])
    model = kinds[blob["kind"]](**cfg)
    model.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in blob["state_dict"].items()})
    model.extra = blob.get("extra", {})
    return model.eval()
