"""Train the models of lectures 7-8 and write small checkpoints to checkpoints/ (recipes in course_lib.recipes).

Usage (from the repository root):
    .venv/bin/python scripts/make_latent_checkpoints.py            # everything (~15-25 min on 1 CPU thread)
    .venv/bin/python scripts/make_latent_checkpoints.py mnist      # only the digit models (~3 min)
    .venv/bin/python scripts/make_latent_checkpoints.py faces attr # face VAEs, attribute referee
    options for the face VAE (defaults in recipes.FACES_VAE): beta=0.01, upsample=nearest, n=8000, epochs=16,
             width=64, prio=5, name=vae_faces32.pt (with any option, only that one VAE is made)

Writes (float16 state_dicts + config, loaded with weights_only=True):
    checkpoints/ae_mnist2.pt, vae_mnist2.pt     MLP 784-256-2 autoencoder / VAE on MNIST-5k train
    checkpoints/ae_mnist16.pt, vae_mnist16.pt   same with a 16-D code
    checkpoints/vae_faces32.pt                  conv VAE, 32-D code, on recipes.lecture8_faces (recipes.make_face_vae)
    checkpoints/vae_faces32_beta1.pt            the same with beta = 1, 3 epochs (recipes.FACES_VAE_BETA1)
    checkpoints/attr_faces.pt                   the attribute referee (recipes.make_attribute_classifier)
Everything is seeded; one thread, so the files are reproducible on the same machine and versions.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from course_lib import recipes  # noqa: E402

OUT = ROOT / "checkpoints"
OPTS = dict(a.split("=", 1) for a in sys.argv[1:] if "=" in a)
CASTS = {"beta": float, "upsample": str, "n": int, "epochs": int, "width": int, "prio": float}


def mnist():
    for name, val in recipes.make_mnist_autoencoders(OUT).items():
        print(f"{name}: val loss {val:.1f} nats", flush=True)


def faces():
    overrides = {k: CASTS[k](v) for k, v in OPTS.items() if k in CASTS}
    runs = [(OPTS.get("name", "vae_faces32.pt"), overrides)]
    if not OPTS:  # the default: lecture 8's VAE and its beta = 1 twin
        runs.append(("vae_faces32_beta1.pt", dict(recipes.FACES_VAE_BETA1)))
    for name, kw in runs:
        t = time.perf_counter()
        h = recipes.make_face_vae(OUT, name=name, **kw)
        print(f"{name}: loss {h.last('loss'):.1f}, val {h.last('val_loss'):.1f}, kl {h.last('kl'):.1f} "
              f"({time.perf_counter() - t:.0f} s)", flush=True)


def attr():
    acc = recipes.make_attribute_classifier(OUT)
    print(f"attr_faces.pt: test accuracy per attribute {np.round(acc, 3)}", flush=True)


if __name__ == "__main__":
    OUT.mkdir(exist_ok=True)
    torch.set_num_threads(1)
    parts = [a for a in sys.argv[1:] if "=" not in a] or ["mnist", "faces", "attr"]
    for part in parts:
        t = time.perf_counter()
        {"mnist": mnist, "faces": faces, "attr": attr}[part]()
        print(f"{part}: {time.perf_counter() - t:.0f} s", flush=True)
