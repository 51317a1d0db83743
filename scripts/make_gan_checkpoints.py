"""Make the checkpoints of lecture 6 (GANs in practice). Run from the repository root:

    .venv/bin/python scripts/make_gan_checkpoints.py            # everything
    .venv/bin/python scripts/make_gan_checkpoints.py classifier # one part: classifier | digits | mixtures

* checkpoints/digit_classifier.pt -- ``course_lib.digit_classifier.DigitCNN`` trained on the 4,000
  training digits of ``mnist_float(seed=0)`` (the 1,000 test digits are never used for training);
* checkpoints/gan_digits.pt -- state_dicts of the tiny DCGAN (``ConvGenerator`` / ``ConvDiscriminator``)
  trained on the same 4,000 digits, plus its history (losses, D(real), D(fake));
* checkpoints/gan_mixtures.npz -- 2,500 samples of the plain GAN and of the fix on the ring and the grid
  (full-length runs, seed 0, the settings of benchmarks/gan_mode_coverage.py).
One thread, seeded: the same files on every machine with the same torch version.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from course_lib import gan  # noqa: E402
from course_lib.data.digits import mnist_float  # noqa: E402
from course_lib.digit_classifier import predict, train_digit_classifier  # noqa: E402

OUT = ROOT / "checkpoints"
DIGIT_GAN = dict(latent_dim=32, channels=32, steps=2500, batch_size=64, lr=2e-4, betas=(0.5, 0.999))


def make_classifier():
    X, y, Xt, yt = mnist_float(seed=0)
    model = train_digit_classifier(X, y, epochs=6, seed=0)
    acc = float((predict(model, Xt) == yt).mean())
    torch.save(model.state_dict(), OUT / "digit_classifier.pt")
    print(f"digit classifier: test accuracy {acc:.3f}")


def train_digit_gan(steps: int, seed: int = 0, history=None, G=None, D=None):
    """The lecture's digit GAN recipe (also used live in the notebook, with fewer steps)."""
    X, _, _, _ = mnist_float(seed=0)
    torch.manual_seed(seed)
    G = G or gan.ConvGenerator(DIGIT_GAN["latent_dim"], DIGIT_GAN["channels"])
    D = D or gan.ConvDiscriminator(DIGIT_GAN["channels"])
    history = gan.train_gan(G, D, torch.from_numpy(X)[:, None], steps=steps, batch_size=DIGIT_GAN["batch_size"],
                            lr_g=DIGIT_GAN["lr"], lr_d=DIGIT_GAN["lr"], betas=DIGIT_GAN["betas"],
                            log_every=10, seed=seed, history=history)
    return G, D, history


def make_digit_gan():
    t = time.perf_counter()
    G, D, h = train_digit_gan(DIGIT_GAN["steps"])
    a = h.arrays()
    torch.save({"generator": G.state_dict(), "discriminator": D.state_dict(),
                "history": {k: torch.from_numpy(np.asarray(v, dtype=np.float64)) for k, v in a.items()}},
               OUT / "gan_digits.pt")
    print(f"digit GAN: {DIGIT_GAN['steps']} steps in {time.perf_counter() - t:.0f} s")


def make_mixtures():
    from gan_mode_coverage import METHODS, run_one

    out = {}
    for data in ("ring", "grid"):
        for method in METHODS:
            r = run_one(data, method, seed=0)
            out[f"{data}_{method}"] = r["samples"]
            print(f"{data} {method}: {r['modes']} modes, {100 * r['hq']:.1f}% high quality, {r['seconds']:.0f} s")
    np.savez_compressed(OUT / "gan_mixtures.npz", **out)


if __name__ == "__main__":
    torch.set_num_threads(1)
    OUT.mkdir(exist_ok=True)
    parts = sys.argv[1:] or ["classifier", "digits", "mixtures"]
    for p in parts:
        {"classifier": make_classifier, "digits": make_digit_gan, "mixtures": make_mixtures}[p]()
