"""Make the checkpoints of lecture 6 (GANs in practice). Run from the repository root:

    .venv/bin/python scripts/make_gan_checkpoints.py            # everything
    .venv/bin/python scripts/make_gan_checkpoints.py classifier # one part: classifier | digits | mixtures

* checkpoints/digit_classifier.pt -- the referee ``classifiers.DigitCNN`` (``recipes.make_digit_classifier``);
* checkpoints/gan_digits.pt -- the tiny DCGAN with ``recipes.DIGIT_RECIPE`` and its history;
* checkpoints/gan_mixtures.npz -- 2,500 samples of the plain GAN and of the fix on the ring and the grid
  (full-length runs, seed 0, the settings of benchmarks/gan_mode_coverage.py).
One thread, seeded: the same files on the same machine with the same torch version.
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

from course_lib import recipes  # noqa: E402
from course_lib.checkpoints import record  # noqa: E402

OUT = ROOT / "checkpoints"


def make_classifier():
    print(f"digit classifier: test accuracy {recipes.make_digit_classifier(OUT):.3f}", flush=True)


def make_digit_gan():
    t = time.perf_counter()
    h = recipes.make_digit_gan(OUT)
    print(f"digit GAN: {h['step'][-1]} steps in {time.perf_counter() - t:.0f} s", flush=True)


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
