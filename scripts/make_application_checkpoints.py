"""Make the shipped checkpoints of lectures 9 and 10 (CPU, one thread, a few minutes each).

Usage:
    python scripts/make_application_checkpoints.py            # everything
    python scripts/make_application_checkpoints.py deblur depth   # only some
    python scripts/make_application_checkpoints.py swap:autoencoder swap:detector   # parts of "swap"

Lecture 9 (course_lib.conditional): checkpoints/app_<task>.pt for the tasks colorize,
colorize_cvae, deblur, superres, depth -- each the model of ``build_model(task)`` trained on
``make_task(task, "train")`` with seed 0.
Lecture 10 (course_lib.faceswap): checkpoints/swap_autoencoder.pt (shared encoder, decoders
A and B), checkpoints/swap_detector.pt and checkpoints/swap_identity.pt.

Every file holds plain tensors, numbers and lists, and is loaded with
``torch.load(path, weights_only=True)``. Deterministic given the seed and thread count.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from course_lib import conditional as cond  # noqa: E402
from course_lib.repro import seed_everything  # noqa: E402

OUT = ROOT / "checkpoints"
STEPS = {"colorize": 1500, "colorize_cvae": 1500, "deblur": 2000, "superres": 2000, "depth": 2500}


def make_app(task: str) -> None:
    seed_everything(0)
    data = cond.make_task(task, "train")
    model = cond.build_model(task)
    start = time.time()
    if task == "colorize_cvae":
        hist = cond.fit_cvae(model, data["inputs"], data["targets"], steps=STEPS[task], batch_size=32,
                             lr=2e-3, seed=0, noise_std=0.1, log_every=50)
    else:
        hist = cond.fit(model, data["inputs"], data["targets"], steps=STEPS[task], batch_size=32,
                        lr=2e-3, seed=0, log_every=50)
    path = OUT / f"app_{task}.pt"
    cond.save_checkpoint(model, path, task, hist)
    last = {k: round(v[-1], 5) for k, v in hist.items() if k != "step"}
    print(f"{path.name}: {STEPS[task]} steps in {time.time() - start:.0f} s, final {last}, "
          f"{path.stat().st_size / 1e6:.2f} MB", flush=True)


def make_swap(parts) -> None:
    from course_lib import faceswap

    seed_everything(0)
    start = time.time()
    faceswap.make_checkpoints(OUT, parts=parts)
    print(f"swap checkpoints {parts} in {time.time() - start:.0f} s", flush=True)


def main(args: list[str]) -> None:
    OUT.mkdir(exist_ok=True)
    todo = args or list(cond.TASKS) + ["swap"]
    for name in todo:
        if name == "swap":
            make_swap(("autoencoder", "classifiers", "detector"))
        elif name.startswith("swap:"):  # e.g. swap:classifiers (parts can be made in parallel)
            make_swap(tuple(name[5:].split(",")))
        elif name in cond.TASKS:
            make_app(name)
        else:
            raise SystemExit(f"unknown checkpoint {name!r}; expected some of {cond.TASKS + ('swap',)}")


if __name__ == "__main__":
    main(sys.argv[1:])
