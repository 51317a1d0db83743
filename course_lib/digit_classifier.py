"""A small convolutional digit classifier, trained by the course, used to *evaluate* generated digits.

Its penultimate layer (64 features) plays the role Inception plays for FID: generated digits are
judged by what the classifier sees in them. ``evaluate_digits`` reports the class histogram of
samples (mode count, KL to uniform) and the Frechet distance to real digits in feature space.
The shipped weights are in ``checkpoints/digit_classifier.pt`` (made by scripts/make_gan_checkpoints.py).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from . import metrics
from ._validate import as_input_tensor, check_positive_int
from .checkpoints import load_torch

CHECKPOINT = Path(__file__).resolve().parents[1] / "checkpoints" / "digit_classifier.pt"


class DigitCNN(nn.Module):
    """images (n, 28, 28) or (n, 1, 28, 28) in [0, 1] -> logits (n, 10).

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
        return F.relu(self.fc(self.conv(x.reshape(-1, 1, 28, 28))))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.out(self.features(as_input_tensor(x, "x", (None, 1, 28, 28))))


def _as_images(images, name: str = "images") -> torch.Tensor:
    if isinstance(images, np.ndarray):
        images = torch.from_numpy(np.ascontiguousarray(images, dtype=np.float32))
    if not isinstance(images, torch.Tensor):
        raise TypeError(f"{name} must be an array or tensor of 28x28 images, got {type(images).__name__}")
    if images.numel() == 0 or images.numel() % 784 or images.shape[-2:] not in ((28, 28),) and images.shape[-1] != 784:
        raise ValueError(f"{name} must have shape (n, 28, 28), (n, 1, 28, 28) or (n, 784), got {tuple(images.shape)}")
    images = images.float().reshape(-1, 1, 28, 28)
    if not torch.isfinite(images).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    return images


def train_digit_classifier(images, labels, epochs: int = 6, batch_size: int = 64, lr: float = 2e-3,
                           seed: int = 0) -> DigitCNN:
    """Train a ``DigitCNN`` with Adam on ``images`` (n, 28, 28) in [0, 1] and integer ``labels`` (n,)."""
    x = _as_images(images)
    y = torch.as_tensor(np.asarray(labels), dtype=torch.long)
    if y.shape != (len(x),):
        raise ValueError(f"labels must have shape ({len(x)},), got {tuple(y.shape)}")
    if y.min() < 0 or y.max() > 9:
        raise ValueError("labels must be digits 0..9")
    epochs = check_positive_int(epochs, "epochs")
    batch_size = check_positive_int(batch_size, "batch_size")
    torch.manual_seed(check_positive_int(seed, "seed", minimum=0))
    model = DigitCNN()
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    gen = torch.Generator().manual_seed(seed)
    for _ in range(epochs):
        order = torch.randperm(len(x), generator=gen)
        for s in range(0, len(x), batch_size):
            idx = order[s:s + batch_size]
            loss = F.cross_entropy(model(x[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
    return model.eval()


def load_digit_classifier(path=CHECKPOINT) -> DigitCNN:
    """The shipped classifier (state_dict loaded with ``weights_only=True``), in eval mode."""
    model = DigitCNN()
    model.load_state_dict(load_torch(path))
    return model.eval()


@torch.no_grad()
def predict(model: DigitCNN, images, batch_size: int = 500) -> np.ndarray:
    """Predicted digit (n,) int64 for each image."""
    x = _as_images(images)
    return torch.cat([model(x[s:s + batch_size]).argmax(1) for s in range(0, len(x), batch_size)]).numpy()


@torch.no_grad()
def features(model: DigitCNN, images, batch_size: int = 500) -> np.ndarray:
    """Penultimate features (n, 64) float64 of each image."""
    x = _as_images(images)
    return torch.cat([model.features(x[s:s + batch_size]) for s in range(0, len(x), batch_size)]).double().numpy()


def evaluate_digits(model: DigitCNN, samples, reference, min_share: float = 0.02) -> dict:
    """Classifier-based evaluation of digit ``samples`` against real ``reference`` digits.

    Returns a dict: ``hist`` (10,) class shares of the samples, ``modes`` (classes with a share
    >= ``min_share``), ``kl_uniform`` (KL(hist || uniform), nats; 0 = balanced, log 10 = one class),
    ``frechet`` (Frechet distance between the samples' and the reference's features).
    """
    hist = metrics.class_histogram(predict(model, samples), 10)
    return {"hist": hist, "modes": metrics.mode_count(hist, min_share), "kl_uniform": metrics.kl_to_uniform(hist),
            "frechet": metrics.frechet_distance_features(features(model, samples), features(model, reference))}
