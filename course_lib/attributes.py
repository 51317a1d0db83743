"""The course's attribute classifier for the synthetic faces: it reads the five binary attributes.

It is the referee of lecture 8: latent arithmetic "switches glasses on" only if this classifier,
trained on rendered faces (never on the outputs it will judge), says glasses = 1 on the result
and keeps the other attributes. It is trained with random blur so that it also reads the
slightly soft images a decoder produces (its accuracy on decoded faces is measured, not assumed).
Images are (n, size, size, 3) in [0, 1]; attributes come in the order of
``course_lib.data.faces.BINARY_ATTRIBUTES``.
"""

from __future__ import annotations

import numbers

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from ._validate import check_positive_int
from .checkpoints import load_torch, save_torch
from .data.faces import BINARY_ATTRIBUTES


def attribute_matrix(attributes: dict) -> np.ndarray:
    """Stack the binary attributes of a factor table: int64 (n, 5), columns = BINARY_ATTRIBUTES."""
    if not isinstance(attributes, dict):
        raise TypeError(f"attributes must be a dict of arrays, got {type(attributes).__name__}")
    missing = [k for k in BINARY_ATTRIBUTES if k not in attributes]
    if missing:
        raise ValueError(f"attributes is missing {missing}")
    return np.stack([np.asarray(attributes[k], np.int64) for k in BINARY_ATTRIBUTES], axis=1)


def _images(x, size: int) -> torch.Tensor:
    if isinstance(x, np.ndarray):
        x = torch.from_numpy(np.ascontiguousarray(x, dtype=np.float32))
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"images must be a numpy array or torch tensor, got {type(x).__name__}")
    if x.ndim != 4 or tuple(x.shape[1:]) != (size, size, 3):
        raise ValueError(f"images must have shape (n, {size}, {size}, 3), got {tuple(x.shape)}")
    x = x.float()
    if not torch.isfinite(x).all():
        raise ValueError("images contain NaN or infinite values")
    return x


class AttributeClassifier(nn.Module):
    """Three stride-2 convolutions and a linear layer: images (n, size, size, 3) -> logits (n, 5)."""

    def __init__(self, size: int = 32, width: int = 16):
        super().__init__()
        self.size = check_positive_int(size, "size", minimum=8)
        if self.size % 8:
            raise ValueError(f"size must be divisible by 8, got {size}")
        self.width = check_positive_int(width, "width")
        w, s = self.width, self.size // 8
        self.net = nn.Sequential(
            nn.Conv2d(3, w, 3, 1, 1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(w, 2 * w, 3, 1, 1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(2 * w, 4 * w, 3, 1, 1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(4 * w * s * s, 64), nn.ReLU(), nn.Linear(64, len(BINARY_ATTRIBUTES)))

    def forward(self, x):
        return self.net(_images(x, self.size).permute(0, 3, 1, 2))


def random_blur(x: torch.Tensor, max_sigma: float = 1.2, generator: torch.Generator | None = None) -> torch.Tensor:
    """Blur each image (n, h, w, 3) with a Gaussian of random width sigma ~ U(0, max_sigma) pixels."""
    n = len(x)
    sigma = torch.rand(n, generator=generator) * max_sigma + 1e-3
    r = torch.arange(-2, 3, dtype=torch.float32)
    k1 = torch.exp(-0.5 * (r[None, :] / sigma[:, None]) ** 2)
    k1 = k1 / k1.sum(1, keepdim=True)  # (n, 5)
    img = x.permute(3, 0, 1, 2).reshape(1, 3 * n, *x.shape[1:3])  # channels of all images as groups
    kh = k1.repeat(3, 1)[:, None, None, :]  # (3n, 1, 1, 5)
    kv = k1.repeat(3, 1)[:, None, :, None]
    img = F.conv2d(F.pad(img, (2, 2, 0, 0), mode="replicate"), kh, groups=3 * n)
    img = F.conv2d(F.pad(img, (0, 0, 2, 2), mode="replicate"), kv, groups=3 * n)
    return img.reshape(3, n, *x.shape[1:3]).permute(1, 2, 3, 0)


def train_attribute_classifier(images, attributes, epochs: int = 5, batch_size: int = 128, lr: float = 2e-3,
                               max_blur: float = 1.2, seed: int = 0, width: int = 16):
    """Train an ``AttributeClassifier`` on faces and their factor table (or an (n, 5) 0/1 matrix).

    Half of every batch is blurred by ``random_blur`` (sigma up to ``max_blur`` pixels).
    Returns ``(model, history)`` with ``history["loss"]`` the mean binary cross-entropy per epoch.
    """
    epochs = check_positive_int(epochs, "epochs")
    batch_size = check_positive_int(batch_size, "batch_size")
    if isinstance(lr, bool) or not isinstance(lr, numbers.Real) or not lr > 0:
        raise ValueError(f"lr must be a positive number, got {lr!r}")
    size = np.shape(images)[1] if np.ndim(images) == 4 else -1
    X = _images(images, size)
    Y = attribute_matrix(attributes) if isinstance(attributes, dict) else np.asarray(attributes)
    if Y.shape != (len(X), len(BINARY_ATTRIBUTES)) or not np.isin(Y, (0, 1)).all():
        raise ValueError(f"attributes must be a factor table or a 0/1 array of shape ({len(X)}, "
                         f"{len(BINARY_ATTRIBUTES)}), got shape {Y.shape}")
    Y = torch.as_tensor(Y, dtype=torch.float32)
    gen = torch.Generator().manual_seed(check_positive_int(seed, "seed", minimum=0))
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        model = AttributeClassifier(size, width)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    hist = {"loss": []}
    for _ in range(epochs):
        model.train()
        perm = torch.randperm(len(X), generator=gen)
        total = 0.0
        for start in range(0, len(X), batch_size):
            idx = perm[start:start + batch_size]
            xb = X[idx]
            half = len(xb) // 2
            xb = torch.cat([random_blur(xb[:half], max_blur, gen), xb[half:]])
            loss = F.binary_cross_entropy_with_logits(model(xb), Y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        hist["loss"].append(total / len(X))
    return model.eval(), hist


def predict_proba(model: AttributeClassifier, images, batch_size: int = 256) -> np.ndarray:
    """P(attribute = 1) for each image: float array (n, 5), columns = BINARY_ATTRIBUTES."""
    X = _images(images, model.size)
    model.eval()
    with torch.no_grad():
        out = [torch.sigmoid(model(X[s:s + batch_size])) for s in range(0, len(X), batch_size)]
    return torch.cat(out).numpy() if out else np.zeros((0, len(BINARY_ATTRIBUTES)), np.float32)


def predict_attributes(model: AttributeClassifier, images, batch_size: int = 256) -> np.ndarray:
    """Predicted attributes (probability > 1/2): int64 array (n, 5) of 0/1."""
    return (predict_proba(model, images, batch_size) > 0.5).astype(np.int64)


def save_classifier(model: AttributeClassifier, path, half: bool = True) -> None:
    state = {k: (v.half() if half and v.is_floating_point() else v).clone() for k, v in model.state_dict().items()}
    save_torch({"config": {"size": model.size, "width": model.width}, "state_dict": state}, path)


def load_classifier(path) -> AttributeClassifier:
    """Rebuild a classifier saved by ``save_classifier`` (weights_only=True), in eval mode."""
    blob = load_torch(path)
    model = AttributeClassifier(**blob["config"])
    model.load_state_dict({k: v.float() for k, v in blob["state_dict"].items()})
    return model.eval()
