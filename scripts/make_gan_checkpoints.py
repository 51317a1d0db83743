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
from course_lib.checkpoints import record, save_torch  # noqa: E402
from course_lib.data.digits import mnist_float  # noqa: E402
from course_lib.digit_classifier import predict, train_digit_classifier  # noqa: E402

OUT = ROOT / "checkpoints"
def make_classifier():
    X, y, Xt, yt = mnist_float(seed=0)
    model = train_digit_classifier(X, y, epochs=6, seed=0)
    acc = float((predict(model, Xt) == yt).mean())
    save_torch(model.state_dict(), OUT / "digit_classifier.pt")
    print(f"digit classifier: test accuracy {acc:.3f}")


def make_digit_gan():
    t = time.perf_counter()
    X, _, _, _ = mnist_float(seed=0)
    G, D, h = gan.train_digit_gan(X, seed=0)
    a = h.arrays()
    save_torch({"generator": G.state_dict(), "discriminator": D.state_dict(),
                "history": {k: torch.from_numpy(np.asarray(v, dtype=np.float64)) for k, v in a.items()}},
               OUT / "gan_digits.pt")
    print(f"digit GAN: {gan.DIGIT_RECIPE['steps']} steps in {time.perf_counter() - t:.0f} s")


def make_mixtures():
    from gan_mode_coverage import METHODS, run_one

    out = {}
    for data in ("ring", "grid"):
        for method in METHODS:
            r = run_one(data, method, seed=0)
            out[f"{data}_{method}"] = r["samples"]
            print(f"{data} {method}: {r['modes']} modes, {100 * r['hq']:.1f}% high quality, {r['seconds']:.0f} s")
    np.savez_compressed(OUT / "gan_mixtures.npz", **out)
    record(OUT / "gan_mixtures.npz")


if __name__ == "__main__":
    torch.set_num_threads(1)
    OUT.mkdir(exist_ok=True)
    parts = sys.argv[1:] or ["classifier", "digits", "mixtures"]
    for p in parts:
        {"classifier": make_classifier, "digits": make_digit_gan, "mixtures": make_mixtures}[p]()
