"""The deepfake principle on two synthetic identities: shared encoder, one decoder per identity.

The lecture note describes a deepfake in three steps: recognise the face in the source video,
learn the target person's face from data, replace the one by the other. The classic face-swap
programs do this with one autoencoder per person that share their **encoder**:

* the shared encoder must describe faces of both people with the same code, so the code keeps
  what the two have in common -- expression (smile, eyes) and pose (tilt, size, position);
* decoder A learns to draw person A from that code, decoder B person B;
* the swap: encode a picture of A, decode it with decoder B -> B's look with A's expression/pose.

Safety by construction: this module works **only on arrays drawn by**
``course_lib.data.faces`` (identities ``"A"`` and ``"B"`` are two invented cartoon people). No
function accepts a file name, a URL or a photo, and the models are 32x32 cartoons. The referees
that judge the swaps are ``course_lib.classifiers.FaceCNN``; lecture 10's data and recipe are in
``course_lib.recipes``. Faces: (n, 32, 32, 3) in [0, 1] (the public layout); tensors inside are
(n, 3, 32, 32).
"""

from __future__ import annotations

from typing import Self

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from ._validate import (
    as_float_tensor,
    as_images,
    check_choice,
    check_positive_int,
    check_real,
    to_channels_last,
    torch_generator,
)
from .data.faces import IDENTITY_NAMES
from .training import minimise

SIZE = 32


def _identity_index(identity, name: str = "identity") -> int:
    return IDENTITY_NAMES.index(check_choice(identity, name, IDENTITY_NAMES))


# ----------------------------------------------------------------------------- the swap autoencoder
class SwapAutoencoder(nn.Module):
    """Shared encoder (n, 3, 32, 32) -> code (n, code_dim); decoders ``"A"``/``"B"``: code -> (n, 3, 32, 32).

    Encoder: three stride-2 convolutions (32 -> 16 -> 8 -> 4 pixels) and a linear layer.
    Each decoder mirrors it with transposed convolutions and ends with a sigmoid (pixels in [0, 1]).
    """

    def __init__(self, code_dim: int = 48, width: int = 32):
        super().__init__()
        self.code_dim = check_positive_int(code_dim, "code_dim")
        self.width = w = check_positive_int(width, "width")
        self.encoder = nn.Sequential(
            nn.Conv2d(3, w, 4, 2, 1), nn.LeakyReLU(0.1),
            nn.Conv2d(w, 2 * w, 4, 2, 1), nn.LeakyReLU(0.1),
            nn.Conv2d(2 * w, 4 * w, 4, 2, 1), nn.LeakyReLU(0.1),
            nn.Flatten(), nn.Linear(4 * w * 16, code_dim))
        self.decoders = nn.ModuleList([self._decoder(w) for _ in IDENTITY_NAMES])

    def _decoder(self, w: int) -> nn.Sequential:
        return nn.Sequential(
            nn.Linear(self.code_dim, 4 * w * 16), nn.LeakyReLU(0.1), nn.Unflatten(1, (4 * w, 4, 4)),
            nn.ConvTranspose2d(4 * w, 2 * w, 4, 2, 1), nn.LeakyReLU(0.1),
            nn.ConvTranspose2d(2 * w, w, 4, 2, 1), nn.LeakyReLU(0.1),
            nn.ConvTranspose2d(w, 3, 4, 2, 1), nn.Sigmoid())

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        """Shared code of faces x (n, 3, 32, 32): (n, code_dim)."""
        return self.encoder(as_float_tensor(x, "x", (None, 3, SIZE, SIZE)))

    def decode(self, code: torch.Tensor, identity: str) -> torch.Tensor:
        """Draw ``identity`` ("A" or "B") with the expression and pose in ``code``: (n, 3, 32, 32)."""
        code = as_float_tensor(code, "code", (None, self.code_dim))
        return self.decoders[_identity_index(identity)](code)

    def forward(self, x: torch.Tensor, identity: str) -> torch.Tensor:
        return self.decode(self.encode(x), identity)

    def config(self) -> dict:
        return {"code_dim": self.code_dim, "width": self.width}

    def fit(self, faces_a, faces_b, steps: int = 1000, batch_size: int = 32, lr: float = 2e-3, seed=0,
            log_every: int = 50, warp_strength: float = 1.0, weights_a=None, weights_b=None,
            lr_schedule=None, restarts=None) -> Self:
        """Train the shared encoder with decoder A on A's faces and decoder B on B's faces.

        Each step: one minibatch of each identity, loss = MSE(A's reconstructions) + MSE(B's). Neither
        decoder ever sees the other person, and no pair "A's face -> B's face" is ever shown: the swap
        only works because the encoder is shared. The encoder sees ``warp``-ed inputs
        (``warp_strength`` 0 turns this off). ``weights_a`` / ``weights_b``: optional per-pixel loss
        weights (n, 32, 32), e.g. more weight on the eyes and mouth. ``lr_schedule``: see
        ``training.lr_multiplier``; ``restarts``: warm restarts (``training.minimise``). Returns the model; ``model.history``: ``loss``, ``loss_A``, ``loss_B`` (window means).
        """
        xa = as_images(faces_a, "faces_a", size=SIZE, channels=(3,), unit_range=True)
        xb = as_images(faces_b, "faces_b", size=SIZE, channels=(3,), unit_range=True)
        wts = []
        for name, w, x, faces in (("weights_a", weights_a, xa, "faces_a"), ("weights_b", weights_b, xb, "faces_b")):
            if w is None:
                wts.append(torch.ones(len(x), 1, SIZE, SIZE))
                continue
            w = as_images(w, name, size=SIZE, channels=(1,))
            if len(w) != len(x) or (w < 0).any():
                raise ValueError(f"{name} must be non-negative weights of shape ({len(x)}, {SIZE}, {SIZE}), one map "
                                 f"per image of {faces}, got {len(w)} weight maps")
            wts.append(w)
        log_every = check_positive_int(log_every, "log_every")
        wa, wb = wts
        warp_strength = check_real(warp_strength, "warp_strength", 0, 1)

        def batch_loss(idx, gen):
            ia, ib = idx
            ina, inb = xa[ia], xb[ib]
            if warp_strength > 0:
                ina, inb = _warp(ina, gen, warp_strength), _warp(inb, gen, warp_strength)
            la = (wa[ia] * (self.decode(self.encode(ina), "A") - xa[ia]) ** 2).mean()
            lb = (wb[ib] * (self.decode(self.encode(inb), "B") - xb[ib]) ** 2).mean()
            return {"loss": la + lb, "loss_A": la, "loss_B": lb}
        self.history = minimise(self, batch_loss, (len(xa), len(xb)), steps=steps, batch_size=batch_size, lr=lr,
                                seed=seed, log_every=log_every, lr_schedule=lr_schedule, restarts=restarts)
        return self


def warp(x: torch.Tensor, seed=0, strength: float = 1.0) -> torch.Tensor:
    """Random distortion of encoder inputs (n, 3, 32, 32): colour gains and a horizontal stretch.

    The face-swap programs feed the encoder *warped* faces and ask for the unwarped ones back.
    Here the warp hides exactly what tells A and B apart (skin and hair colour, face width), so
    the shared code cannot rely on it and must keep expression and pose instead; each decoder
    then adds its own person's colours and width. ``strength`` in [0, 1] scales the distortion;
    ``seed`` is an int or a ``torch.Generator`` (the training loop passes its own).
    """
    x = as_float_tensor(x, "x", (None, 3, SIZE, SIZE), low=0, high=1)
    generator = torch_generator(seed)
    strength = check_real(strength, "strength", 0, 1)
    return _warp(x, generator, strength)


def _warp(x: torch.Tensor, generator: torch.Generator, strength: float) -> torch.Tensor:
    n = x.shape[0]
    u = lambda *shape: 2 * torch.rand(*shape, generator=generator) - 1  # noqa: E731
    gain = 1 + 0.5 * strength * u(n, 3, 1, 1)
    bright = 0.15 * strength * u(n, 1, 1, 1)
    stretch = torch.exp(0.15 * strength * u(n))
    theta = torch.zeros(n, 2, 3)
    theta[:, 0, 0] = 1 / stretch
    theta[:, 1, 1] = 1.0
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    bg = x[:, :, :1, :1]
    warped = F.grid_sample(x - bg, grid, align_corners=False, padding_mode="zeros") + bg
    return (warped * gain + bright).clamp(0, 1)


@torch.no_grad()
def swap(model: SwapAutoencoder, faces, target: str, batch_size: int = 500) -> np.ndarray:
    """Encode ``faces`` (n, 32, 32, 3) with the shared encoder, decode as ``target``: (n, 32, 32, 3).

    ``swap(model, faces_of_A, "B")`` is the deepfake; ``swap(model, faces_of_A, "A")`` is a plain
    reconstruction (the same path a real face of A takes through its own autoencoder).
    """
    if not isinstance(model, SwapAutoencoder):
        raise TypeError(f"model must be a SwapAutoencoder, got {type(model).__name__}")
    _identity_index(target, "target")
    x = as_images(faces, "faces", size=SIZE, channels=(3,), unit_range=True)
    batch_size = check_positive_int(batch_size, "batch_size")
    model.eval()
    out = torch.cat([model(x[i:i + batch_size], target) for i in range(0, len(x), batch_size)])
    return to_channels_last(out)
