"""Make the shipped checkpoints of lectures 9 and 10 (CPU, one thread; recipes in course_lib.recipes).

Usage:
    python scripts/make_application_checkpoints.py            # everything
    python scripts/make_application_checkpoints.py deblur depth   # only some
    python scripts/make_application_checkpoints.py swap:autoencoder swap:detector   # parts of "swap"

Lecture 9: checkpoints/app_<task>.pt for the tasks colorize, colorize_cvae, deblur, superres, depth,
superres_cvae, relief, relief_cvae
(``recipes.make_app_checkpoint``). Lecture 10: checkpoints/swap_autoencoder.pt, swap_identity.pt,
swap_attributes.pt and swap_detector.pt (``recipes.make_swap_checkpoints``).
Every file holds plain tensors, numbers and lists, loaded with ``torch.load(path, weights_only=True)``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from course_lib import recipes  # noqa: E402
from course_lib.conditional import TASKS  # noqa: E402

OUT = ROOT / "checkpoints"


def main(args: list[str]) -> None:
    OUT.mkdir(exist_ok=True)
    torch.set_num_threads(1)
    for name in args or list(TASKS) + ["swap"]:
        start = time.time()
        if name == "swap" or name.startswith("swap:"):  # e.g. swap:classifiers (parts can run in parallel)
            parts = recipes.SWAP_PARTS if name == "swap" else tuple(name[5:].split(","))
            recipes.make_swap_checkpoints(OUT, parts=parts)
            print(f"swap checkpoints {parts} in {time.time() - start:.0f} s", flush=True)
        elif name in TASKS:
            hist = recipes.make_app_checkpoint(name, OUT)
            last = {k: round(v[-1], 5) for k, v in hist.items() if k != "step"}
            print(f"app_{name}.pt: {time.time() - start:.0f} s, final {last}", flush=True)
        else:
            raise SystemExit(f"unknown checkpoint {name!r}; expected some of {TASKS + ('swap',)}")


if __name__ == "__main__":
    main(sys.argv[1:])
