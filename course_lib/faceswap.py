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
function accepts a file name, a URL or a photo, and the models are 32x32 cartoons.

Also here: ``FaceClassifier`` (a small CNN), trained as an identity classifier (A or B), an
attribute reader (smile, eyes_open, tilt, shift_x, shift_y) and a swap **detector** (real or
swapped), plus the measurements of lecture 10. Images: float32 arrays (n, 32, 32, 3) in [0, 1]
(channels last, as ``make_faces`` returns them); tensors inside are (n, 3, 32, 32).
"""

from __future__ import annotations

import numbers
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from ._validate import as_input_tensor, check_positive_int
from .checkpoints import load_torch, save_torch
from .data.faces import FACTOR_RANGES, IDENTITY_NAMES, make_faces

SIZE = 32
# Eyes and mouth drawn 1.6 times the library's default size, as in lecture 8: at the default they cover
# 2-3 pixels of a 32x32 face, and a swap autoencoder of CPU size cannot carry them from A to B.
FEATURE_SCALE = 1.6
ATTRIBUTES = ("smile", "eyes_open", "glasses", "hat", "beard", "tilt", "shift_x", "shift_y")  # what a swap must keep from A
BINARY = ("smile", "eyes_open", "glasses", "hat", "beard")
CONTINUOUS = ("tilt", "shift_x", "shift_y")
# The shipped swap autoencoder (SwapAutoencoder's defaults): 32 channels, 10,000 steps in chunks of 2,500 (fresh
# Adam and noise seed = steps done), learning rate 2e-3 for the first 75% and 5e-4 after (about 8 minutes on one core).
SWAP_RECIPE = dict(width=32, code_dim=48, steps=10_000, chunk=2500, lr=2e-3, lr_final=5e-4, final_share=0.25)
# Seeds of the data sets (distinct, so training, calibration and test faces never coincide).
SEEDS = {"train_A": 100, "train_B": 101, "detector_real": 102, "detector_source": 103,
         "classifier": 104, "test": 200, "test_real": 201}


# ----------------------------------------------------------------------------- data
def identity_faces(identity: str, n: int, seed: int = 0) -> tuple[np.ndarray, dict]:
    """``n`` synthetic faces of identity ``"A"`` or ``"B"``: (images (n, 32, 32, 3), attributes).

    The same ``seed`` gives the same expression, pose and accessories for both identities, so
    ``identity_faces("B", n, s)`` is the *ground truth* of swapping ``identity_faces("A", n, s)``.
    """
    if identity not in IDENTITY_NAMES:
        raise ValueError(f"identity must be one of {IDENTITY_NAMES} (synthetic people only), got {identity!r}")
    return make_faces(check_positive_int(n, "n"), seed=check_positive_int(seed, "seed", 0), size=SIZE,
                      identity=identity, feature_scale=FEATURE_SCALE)


def to_tensor(images, name: str = "images") -> torch.Tensor:
    """Synthetic face images (n, 32, 32, 3) in [0, 1] -> float32 tensor (n, 3, 32, 32).

    Only arrays are accepted (what ``course_lib.data.faces`` draws): file names, paths and
    images of other sizes are refused on purpose.
    """
    if isinstance(images, (str, bytes, Path)):
        raise TypeError(f"{name} must be an array of synthetic faces from course_lib.data.faces; "
                        "this course does not load photos or files")
    if isinstance(images, torch.Tensor):
        images = images.detach().cpu().numpy()
    try:
        arr = np.asarray(images, dtype=np.float32)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a numeric array (n, 32, 32, 3), got {type(images).__name__}") from None
    if arr.ndim != 4 or arr.shape[1:] != (SIZE, SIZE, 3) or arr.shape[0] == 0:
        raise ValueError(f"{name} must have shape (n, {SIZE}, {SIZE}, 3) (synthetic faces), got {arr.shape}")
    if not np.all(np.isfinite(arr)) or arr.min() < 0 or arr.max() > 1:
        raise ValueError(f"{name} must hold finite values in [0, 1]")
    return torch.from_numpy(np.ascontiguousarray(np.moveaxis(arr, -1, 1)))


def to_images(tensor: torch.Tensor) -> np.ndarray:
    """(n, 3, 32, 32) tensor -> float32 numpy (n, 32, 32, 3)."""
    return np.ascontiguousarray(np.moveaxis(tensor.detach().cpu().numpy(), 1, -1))


def _identity_index(identity) -> int:
    if identity not in IDENTITY_NAMES:
        raise ValueError(f"identity must be one of {IDENTITY_NAMES}, got {identity!r}")
    return IDENTITY_NAMES.index(identity)


# ----------------------------------------------------------------------------- the swap autoencoder
class SwapAutoencoder(nn.Module):
    """Shared encoder (n, 3, 32, 32) -> code (n, code_dim); decoders ``"A"``/``"B"``: code -> (n, 3, 32, 32).

    Encoder: three stride-2 convolutions (32 -> 16 -> 8 -> 4 pixels) and a linear layer.
    Each decoder mirrors it with transposed convolutions and ends with a sigmoid (pixels in [0, 1]).
    """

    def __init__(self, code_dim: int = SWAP_RECIPE["code_dim"], width: int = SWAP_RECIPE["width"]):
        super().__init__()
        self.code_dim = check_positive_int(code_dim, "code_dim")
        w = check_positive_int(width, "width")
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
        return self.encoder(as_input_tensor(x, "x", (None, 3, SIZE, SIZE)))

    def decode(self, code: torch.Tensor, identity: str) -> torch.Tensor:
        """Draw ``identity`` ("A" or "B") with the expression and pose in ``code``: (n, 3, 32, 32)."""
        code = as_input_tensor(code, "code", (None, self.code_dim))
        return self.decoders[_identity_index(identity)](code)

    def forward(self, x: torch.Tensor, identity: str) -> torch.Tensor:
        return self.decode(self.encode(x), identity)


def warp(x: torch.Tensor, generator: torch.Generator, strength: float = 1.0) -> torch.Tensor:
    """Random distortion of encoder inputs (n, 3, 32, 32): colour gains and a horizontal stretch.

    The face-swap programs feed the encoder *warped* faces and ask for the unwarped ones back.
    Here the warp hides exactly what tells A and B apart (skin and hair colour, face width), so
    the shared code cannot rely on it and must keep expression and pose instead; each decoder
    then adds its own person's colours and width. ``strength`` in [0, 1] scales the distortion.
    """
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


def expression_priority(attributes: dict, priority: float = 10.0) -> np.ndarray:
    """Per-pixel loss weights (n, 32, 32): ``priority`` on the eyes and mouth, 1 elsewhere.

    Eyes and mouth cover a few pixels of a 32x32 face, so a plain squared error hardly notices
    whether they are right. Face-swap programs therefore give them priority ("eyes and mouth
    priority"). We find those pixels by rendering each face again with smile and eyes_open
    flipped: where the picture changes, the expression lives.
    """
    from .data.faces import render_faces

    if not isinstance(attributes, dict) or "smile" not in attributes or "eyes_open" not in attributes:
        raise ValueError("attributes must be a make_faces factor table (with 'smile' and 'eyes_open')")
    if isinstance(priority, bool) or not isinstance(priority, numbers.Real) or not priority >= 1:
        raise ValueError(f"priority must be a number >= 1, got {priority!r}")
    base = render_faces(attributes, size=SIZE, feature_scale=FEATURE_SCALE)
    flipped = dict(attributes, smile=1 - np.asarray(attributes["smile"]),
                   eyes_open=1 - np.asarray(attributes["eyes_open"]))
    changed = np.abs(render_faces(flipped, size=SIZE, feature_scale=FEATURE_SCALE) - base).sum(-1) > 0.05
    return (1.0 + (float(priority) - 1.0) * changed).astype(np.float32)


def _check_lr(lr):
    if isinstance(lr, bool) or not isinstance(lr, numbers.Real) or not 0 < lr < 1:
        raise ValueError(f"lr must be a number in (0, 1), got {lr!r}")
    return float(lr)


def train_swap_autoencoder(model: SwapAutoencoder, faces_a, faces_b, steps: int = 1000, batch_size: int = 32,
                           lr: float = 2e-3, seed: int = 0, log_every: int = 50, warp_strength: float = 1.0,
                           weights_a=None, weights_b=None) -> dict:
    """Train the shared encoder with decoder A on A's faces and decoder B on B's faces.

    Each step: one minibatch of each identity, loss = MSE(A's reconstructions) + MSE(B's). Neither
    decoder ever sees the other person, and no pair "A's face -> B's face" is ever shown: the swap
    only works because the encoder is shared. The encoder sees ``warp``-ed inputs
    (``warp_strength`` 0 turns this off). ``weights_a`` / ``weights_b``: optional per-pixel loss
    weights (n, 32, 32), e.g. from ``expression_priority``. Returns ``{"step", "loss_A", "loss_B"}`` (window means).
    """
    if not isinstance(model, SwapAutoencoder):
        raise TypeError(f"model must be a SwapAutoencoder, got {type(model).__name__}")
    xa, xb = to_tensor(faces_a, "faces_a"), to_tensor(faces_b, "faces_b")
    wts = []
    for name, w, x in (("weights_a", weights_a, xa), ("weights_b", weights_b, xb)):
        if w is None:
            wts.append(torch.ones(len(x), 1, SIZE, SIZE))
            continue
        w = torch.as_tensor(np.asarray(w, np.float32))
        if tuple(w.shape) != (len(x), SIZE, SIZE) or not torch.isfinite(w).all() or (w < 0).any():
            raise ValueError(f"{name} must be non-negative weights of shape ({len(x)}, {SIZE}, {SIZE})")
        wts.append(w[:, None])
    wa_, wb_ = wts
    steps = check_positive_int(steps, "steps")
    batch_size = check_positive_int(batch_size, "batch_size")
    log_every = check_positive_int(log_every, "log_every")
    if isinstance(warp_strength, bool) or not isinstance(warp_strength, numbers.Real) or not 0 <= warp_strength <= 1:
        raise ValueError(f"warp_strength must be a number in [0, 1], got {warp_strength!r}")
    gen = torch.Generator().manual_seed(check_positive_int(seed, "seed", 0))
    opt = torch.optim.Adam(model.parameters(), lr=_check_lr(lr))
    hist, wa, wb = {"step": [], "loss_A": [], "loss_B": []}, [], []
    model.train()
    for step in range(1, steps + 1):
        ia = torch.randint(0, len(xa), (batch_size,), generator=gen)
        ib = torch.randint(0, len(xb), (batch_size,), generator=gen)
        ina, inb = xa[ia], xb[ib]
        if warp_strength > 0:
            ina, inb = warp(ina, gen, warp_strength), warp(inb, gen, warp_strength)
        ca, cb = model.encode(ina), model.encode(inb)
        la = (wa_[ia] * (model.decode(ca, "A") - xa[ia]) ** 2).mean()
        lb = (wb_[ib] * (model.decode(cb, "B") - xb[ib]) ** 2).mean()
        loss = la + lb
        opt.zero_grad()
        loss.backward()
        opt.step()
        wa.append(la.item())
        wb.append(lb.item())
        if step % log_every == 0 or step == steps:
            hist["step"].append(step)
            hist["loss_A"].append(float(np.mean(wa)))
            hist["loss_B"].append(float(np.mean(wb)))
            wa, wb = [], []
    model.eval()
    return hist


@torch.no_grad()
def swap(model: SwapAutoencoder, faces, target: str, batch_size: int = 500) -> np.ndarray:
    """Encode ``faces`` (n, 32, 32, 3) with the shared encoder, decode as ``target``: (n, 32, 32, 3).

    ``swap(model, faces_of_A, "B")`` is the deepfake; ``swap(model, faces_of_A, "A")`` is a plain
    reconstruction (the same path a real face of A takes through its own autoencoder).
    """
    if not isinstance(model, SwapAutoencoder):
        raise TypeError(f"model must be a SwapAutoencoder, got {type(model).__name__}")
    _identity_index(target)
    x = to_tensor(faces, "faces")
    batch_size = check_positive_int(batch_size, "batch_size")
    model.eval()
    out = torch.cat([model(x[i:i + batch_size], target) for i in range(0, len(x), batch_size)])
    return to_images(out)


# ----------------------------------------------------------------------------- classifiers
class FaceClassifier(nn.Module):
    """Small CNN: faces (n, 3, 32, 32) -> ``n_outputs`` logits / values per face."""

    def __init__(self, n_outputs: int = 1, width: int = 16):
        super().__init__()
        self.n_outputs = check_positive_int(n_outputs, "n_outputs")
        w = check_positive_int(width, "width")
        self.net = nn.Sequential(
            nn.Conv2d(3, w, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(w, 2 * w, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(2 * w, 2 * w, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(2 * w * 16, 64), nn.ReLU(), nn.Linear(64, n_outputs))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(as_input_tensor(x, "x", (None, 3, SIZE, SIZE)))


def attribute_targets(attributes: dict) -> torch.Tensor:
    """Targets of the attribute reader from a ``make_faces`` table: (n, 8) float32.

    Columns follow ``ATTRIBUTES``: the binary attributes as 0/1, tilt and shifts rescaled from
    their ``FACTOR_RANGES`` to [-1, 1].
    """
    if not isinstance(attributes, dict) or any(k not in attributes for k in ATTRIBUTES):
        raise ValueError(f"attributes must be a dict with keys {ATTRIBUTES} (a make_faces table)")
    cols = []
    for name in ATTRIBUTES:
        v = np.asarray(attributes[name], np.float64)
        if name in CONTINUOUS:
            lo, hi = FACTOR_RANGES[name]
            v = 2 * (v - lo) / (hi - lo) - 1
        cols.append(v)
    return torch.tensor(np.stack(cols, 1), dtype=torch.float32)


def _classifier_loss(out: torch.Tensor, y: torch.Tensor, kind: str) -> torch.Tensor:
    if kind == "binary":
        return F.binary_cross_entropy_with_logits(out[:, 0], y)
    nb = len(BINARY)
    return F.binary_cross_entropy_with_logits(out[:, :nb], y[:, :nb]) + F.mse_loss(out[:, nb:], y[:, nb:])


def train_classifier(model: FaceClassifier, images, targets, kind: str = "binary", steps: int = 500,
                     batch_size: int = 64, lr: float = 2e-3, seed: int = 0) -> list[float]:
    """Train ``model`` on faces (n, 32, 32, 3).

    ``kind="binary"``: ``targets`` (n,) of 0/1 (identity B, or swapped), logistic loss on output 0.
    ``kind="attributes"``: ``targets`` (n, 8) from ``attribute_targets`` (needs 8 outputs).
    Returns the loss of every step.
    """
    if not isinstance(model, FaceClassifier):
        raise TypeError(f"model must be a FaceClassifier, got {type(model).__name__}")
    if kind not in ("binary", "attributes"):
        raise ValueError(f"kind must be 'binary' or 'attributes', got {kind!r}")
    x = to_tensor(images)
    y = torch.as_tensor(np.asarray(targets, np.float32))
    want = (len(x),) if kind == "binary" else (len(x), len(ATTRIBUTES))
    if tuple(y.shape) != want:
        raise ValueError(f"targets must have shape {want} for kind={kind!r}, got {tuple(y.shape)}")
    if kind == "attributes" and model.n_outputs != len(ATTRIBUTES):
        raise ValueError(f"an attribute reader needs n_outputs={len(ATTRIBUTES)}, got {model.n_outputs}")
    steps = check_positive_int(steps, "steps")
    batch_size = check_positive_int(batch_size, "batch_size")
    gen = torch.Generator().manual_seed(check_positive_int(seed, "seed", 0))
    opt = torch.optim.Adam(model.parameters(), lr=_check_lr(lr))
    losses = []
    model.train()
    for _ in range(steps):
        idx = torch.randint(0, len(x), (batch_size,), generator=gen)
        loss = _classifier_loss(model(x[idx]), y[idx], kind)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    model.eval()
    return losses


@torch.no_grad()
def predict_proba(model: FaceClassifier, images) -> np.ndarray:
    """P(class 1 | image) of a binary ``FaceClassifier``: (n,) in [0, 1]."""
    if not isinstance(model, FaceClassifier):
        raise TypeError(f"model must be a FaceClassifier, got {type(model).__name__}")
    model.eval()
    return torch.sigmoid(model(to_tensor(images))[:, 0]).numpy()


@torch.no_grad()
def read_attributes(model: FaceClassifier, images) -> dict:
    """The attribute reader's estimates: dict name -> (n,) array, binary as 0/1, continuous in
    their original units (radians for tilt, half-image widths for shifts)."""
    if not isinstance(model, FaceClassifier) or model.n_outputs != len(ATTRIBUTES):
        raise TypeError(f"model must be a FaceClassifier with {len(ATTRIBUTES)} outputs (an attribute reader)")
    model.eval()
    out = model(to_tensor(images)).numpy().astype(np.float64)
    res = {}
    for k, name in enumerate(ATTRIBUTES):
        if name in BINARY:
            res[name] = (out[:, k] > 0).astype(np.int64)
        else:
            lo, hi = FACTOR_RANGES[name]
            res[name] = lo + (np.clip(out[:, k], -1.5, 1.5) + 1) / 2 * (hi - lo)
    return res


def attribute_agreement(read: dict, truth: dict) -> dict:
    """How well attributes ``read`` from images match ``truth``: accuracy for the binary attributes,
    correlation for tilt / shift_x / shift_y. Returns dict name -> float."""
    for nm, d in (("read", read), ("truth", truth)):
        if not isinstance(d, dict) or any(k not in d for k in ATTRIBUTES):
            raise ValueError(f"{nm} must be a dict with keys {ATTRIBUTES}")
    res = {}
    for name in ATTRIBUTES:
        a, b = np.asarray(read[name], np.float64), np.asarray(truth[name], np.float64)
        if a.shape != b.shape or a.ndim != 1 or len(a) < 2:
            raise ValueError(f"read[{name!r}] and truth[{name!r}] must be 1-D arrays of the same length >= 2")
        res[name] = float(np.mean(a == b)) if name in BINARY else float(np.corrcoef(a, b)[0, 1])
    return res


def accuracy(model: FaceClassifier, real, fake) -> float:
    """Detector accuracy on a set of ``real`` and a set of ``fake`` faces (threshold 1/2, class 1 = fake)."""
    p_real, p_fake = predict_proba(model, real), predict_proba(model, fake)
    return float((np.sum(p_real < 0.5) + np.sum(p_fake >= 0.5)) / (len(p_real) + len(p_fake)))


# ----------------------------------------------------------------------------- checkpoints
def _save(model: nn.Module, path: Path, extra: dict) -> None:
    state = {k: v.detach().clone().contiguous() for k, v in model.state_dict().items()}
    save_torch({"state_dict": state, **extra}, path)


def make_checkpoints(out_dir, n_train: int = 3000, steps: int = SWAP_RECIPE["steps"],
                     parts=("autoencoder", "classifiers", "detector")) -> None:
    """Train and save what lecture 10 loads (the script scripts/make_application_checkpoints.py calls this).

    swap_autoencoder.pt: ``SwapAutoencoder`` trained on ``n_train`` faces of A and of B;
    swap_identity.pt: identity classifier (A = 0 / B = 1) on real faces of both;
    swap_attributes.pt: attribute reader trained on random faces (any identity);
    swap_detector.pt: detector of swaps (real B = 0, A swapped to B = 1).
    """
    out = Path(out_dir)
    if isinstance(parts, str):
        parts = (parts,)
    unknown = set(parts) - {"autoencoder", "classifiers", "detector"}
    if unknown or not parts:
        raise ValueError(f"parts must be some of ('autoencoder', 'classifiers', 'detector'), got {parts!r}")
    steps = check_positive_int(steps, "steps")
    n_train = check_positive_int(n_train, "n_train")
    if not out.is_dir():
        raise FileNotFoundError(f"out_dir {out} is not a folder: create it first")
    fa, ta = identity_faces("A", n_train, SEEDS["train_A"])
    fb, tb = identity_faces("B", n_train, SEEDS["train_B"])
    if "autoencoder" in parts:
        r = SWAP_RECIPE
        torch.manual_seed(0)
        ae = SwapAutoencoder()
        hist = {"step": [], "loss_A": [], "loss_B": []}
        wa, wb = expression_priority(ta), expression_priority(tb)
        n_high = steps - int(r["final_share"] * steps)
        done = 0
        for lr, n_steps in ((r["lr"], n_high), (r["lr_final"], steps - n_high)):
            for start in range(0, n_steps, r["chunk"]):
                k = min(r["chunk"], n_steps - start)
                h = train_swap_autoencoder(ae, fa, fb, steps=k, batch_size=32, lr=lr, seed=done,
                                           weights_a=wa, weights_b=wb)
                hist["step"] += [done + s for s in h["step"]]
                hist["loss_A"] += h["loss_A"]
                hist["loss_B"] += h["loss_B"]
                done += k
        _save(ae, out / "swap_autoencoder.pt", {"history": hist})
        print(f"autoencoder: final losses A {hist['loss_A'][-1]:.5f}, B {hist['loss_B'][-1]:.5f}", flush=True)

    if "classifiers" in parts:
        torch.manual_seed(1)
        ident = FaceClassifier(1)
        x = np.concatenate([fa[:1000], fb[:1000]])
        y = np.r_[np.zeros(1000), np.ones(1000)]
        train_classifier(ident, x, y, "binary", steps=300, seed=1)
        _save(ident, out / "swap_identity.pt", {})

        torch.manual_seed(2)
        reader = FaceClassifier(len(ATTRIBUTES))
        faces, attrs = make_faces(4000, seed=SEEDS["classifier"], size=SIZE, feature_scale=FEATURE_SCALE)
        train_classifier(reader, faces, attribute_targets(attrs), "attributes", steps=1000, seed=2)
        _save(reader, out / "swap_attributes.pt", {})

    if "detector" in parts:
        ae = SwapAutoencoder()
        ae.load_state_dict(load_torch(out / "swap_autoencoder.pt")["state_dict"])
        ae.eval()
        torch.manual_seed(3)
        det = FaceClassifier(1)
        real, _ = identity_faces("B", 2000, SEEDS["detector_real"])
        src, _ = identity_faces("A", 2000, SEEDS["detector_source"])
        fake = swap(ae, src, "B")
        train_classifier(det, np.concatenate([real, fake]), np.r_[np.zeros(2000), np.ones(2000)], "binary",
                         steps=600, seed=3)
        _save(det, out / "swap_detector.pt", {})


def load_models(checkpoint_dir) -> dict:
    """Load the four lecture-10 models: dict with ``"autoencoder"``, ``"identity"``, ``"attributes"``,
    ``"detector"`` (eval mode) and ``"history"`` (the autoencoder's training losses)."""
    d = Path(checkpoint_dir)
    models = {}
    for key, fname, make in (("autoencoder", "swap_autoencoder.pt", SwapAutoencoder),
                             ("identity", "swap_identity.pt", lambda: FaceClassifier(1)),
                             ("attributes", "swap_attributes.pt", lambda: FaceClassifier(len(ATTRIBUTES))),
                             ("detector", "swap_detector.pt", lambda: FaceClassifier(1))):
        ckpt = load_torch(d / fname)
        model = make()
        model.load_state_dict(ckpt["state_dict"])
        model.eval()
        models[key] = model
        if key == "autoencoder":
            models["history"] = ckpt.get("history", {})
    return models
