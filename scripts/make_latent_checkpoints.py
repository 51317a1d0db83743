"""Train the models of lectures 7-8 and write small checkpoints to checkpoints/.

Usage (from the repository root):
    .venv/bin/python scripts/make_latent_checkpoints.py            # everything (~15-25 min on 1 CPU thread)
    .venv/bin/python scripts/make_latent_checkpoints.py mnist      # only the digit models (~3 min)
    .venv/bin/python scripts/make_latent_checkpoints.py faces attr # face VAE, attribute classifier
    options: beta=0.01 (the face VAE's KL weight), upsample=nearest, n=8000, epochs=16, width=64 (channels
             of the first conv layer), prio=5 (weight of the cross-entropy on the pixels where glasses,
             smile, beard or open eyes are drawn, 1 = plain loss), name=vae_faces32.pt (its file name),
             resume=<file> (continue training a saved face VAE)

Writes (state_dicts in float16 + config, load with torch.load(path, weights_only=True) via
course_lib.autoencoder.load_autoencoder / course_lib.attributes.load_classifier):
    checkpoints/ae_mnist2.pt, vae_mnist2.pt     MLP 784-256-2 autoencoder / VAE on MNIST-5k train
    checkpoints/ae_mnist16.pt, vae_mnist16.pt   same with a 16-D code
    checkpoints/vae_faces32.pt                  conv VAE, 32-D code, 64 channels, beta 0.01, cross-entropy x5 on
                                                the pixels of glasses/smile/beard/eyes, 16 epochs (~15 min), on 8,000 synthetic faces of
                                                persons A and B (seed 1, WIDE_POSE; see lecture8_faces)
    checkpoints/attr_faces.pt                   attribute classifier on 12,000 other faces (seed 3, WIDE_POSE,
                                                any skin/hair/width, feature_scale 1.6)
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

from course_lib.attributes import (  # noqa: E402
    attribute_matrix,
    predict_attributes,
    save_classifier,
    train_attribute_classifier,
)
from course_lib.autoencoder import (  # noqa: E402
    ConvAutoencoder,
    MLPAutoencoder,
    reconstruct,
    save_autoencoder,
    train_autoencoder,
)
from course_lib.data.digits import mnist_float  # noqa: E402
from course_lib.data.faces import WIDE_POSE, attribute_regions, make_faces  # noqa: E402
from course_lib.repro import seed_everything  # noqa: E402

OUT = ROOT / "checkpoints"

# Settings the notebooks rely on (they read them back from the checkpoint's "extra").
# Lecture 8 uses faces with WIDE_POSE (not aligned like passport photos).
FACES_TRAIN_SEED, FACES_ATTR_SEED, ATTR_N = 1, 3, 12000
FEATURE_SCALE = 1.6  # eyes and mouth drawn larger: at 1.0 a 32-D VAE ignores smile and eyes_open
MNIST_EPOCHS, ATTR_EPOCHS = 40, 6
OPTS = dict(a.split("=") for a in sys.argv[1:] if "=" in a)
FACES_BETA = float(OPTS.get("beta", 0.01))
FACES_NAME = OPTS.get("name", "vae_faces32.pt")
FACES_UPSAMPLE = OPTS.get("upsample", "nearest")
# Lecture 8's faces: two identities (A and B, half each), every accessory, expression and wide pose.
FACES_N = int(OPTS.get("n", 8000))
FACES_EPOCHS = int(OPTS.get("epochs", 16))
FACES_WIDTH = int(OPTS.get("width", 64))
FACES_PRIO = float(OPTS.get("prio", 5))
PRIO_ATTRIBUTES = ("glasses", "smile", "beard", "eyes_open")  # small features; the hat is big and never lost


def mnist():
    Xtr, _, Xte, _ = mnist_float(seed=0)
    for latent in (2, 16):
        for variational in (False, True):
            seed_everything(0)
            model = MLPAutoencoder((28, 28), latent, hidden=(256,), variational=variational)
            t = time.time()
            hist = train_autoencoder(model, Xtr, epochs=MNIST_EPOCHS, batch_size=64, lr=1e-3, seed=0, X_val=Xte)
            name = f"{'vae' if variational else 'ae'}_mnist{latent}.pt"
            save_autoencoder(model, OUT / name, history=hist, data="mnist_float(seed=0) train split",
                             epochs=MNIST_EPOCHS)
            print(f"{name}: val loss {hist['val_loss'][-1]:.1f} nats, {time.time() - t:.0f} s", flush=True)


def lecture8_faces(n: int, seed: int):
    """The faces of lecture 8: identity A or B (half each, by a seeded coin), WIDE_POSE, larger eyes and mouth."""
    ids = np.random.default_rng(seed + 1000).integers(0, 2, n)
    return make_faces(n, seed=seed, identity=ids, ranges=WIDE_POSE, feature_scale=FEATURE_SCALE)


def faces():
    X, table = lecture8_faces(FACES_N, FACES_TRAIN_SEED)
    Xv, _ = lecture8_faces(1000, 100)
    weights = None
    if FACES_PRIO != 1:  # per-pixel loss weights: the small attribute regions of each face count FACES_PRIO times
        regions = attribute_regions(table, PRIO_ATTRIBUTES, feature_scale=FEATURE_SCALE)
        weights = (1 + (FACES_PRIO - 1) * regions).astype(np.float32)
    seed_everything(0)
    model = ConvAutoencoder((32, 32, 3), latent_dim=32, width=FACES_WIDTH, variational=True, upsample=FACES_UPSAMPLE)
    t = time.time()
    hist = {"loss": [], "recon": [], "kl": [], "val_loss": []}
    lr = 1e-3
    done = 0
    if "resume" in OPTS:  # continue from a saved checkpoint (resume=vae_faces32.pt), at the lower learning rate
        from course_lib.autoencoder import load_autoencoder
        model = load_autoencoder(OUT / OPTS["resume"])
        hist = {k: list(v) for k, v in model.extra["history"].items()}
        done = int(model.extra["epochs"])
        lr = 3e-4
    for epoch in range(FACES_EPOCHS):
        if epoch == int(0.7 * FACES_EPOCHS) and not done:
            lr = 3e-4
        h = train_autoencoder(model, X, epochs=1, batch_size=32, lr=lr, beta=FACES_BETA, seed=done + epoch, X_val=Xv,
                              pixel_weights=weights)
        for k in hist:
            hist[k] += h[k]
        print(f"faces epoch {epoch + 1}: loss {h['loss'][0]:.1f} val {h['val_loss'][0]:.1f} "
              f"kl {h['kl'][0]:.1f} ({time.time() - t:.0f} s)", flush=True)
        # saved after every epoch, so an interrupted run still leaves a usable checkpoint
        save_autoencoder(model, OUT / FACES_NAME, history=hist, epochs=done + epoch + 1, beta=FACES_BETA,
                         upsample=FACES_UPSAMPLE, width=FACES_WIDTH, prio=FACES_PRIO, prio_attributes=PRIO_ATTRIBUTES,
                         data=f"lecture8_faces({FACES_N}, seed={FACES_TRAIN_SEED})")


def attr():
    X, attrs = make_faces(ATTR_N, seed=FACES_ATTR_SEED, ranges=WIDE_POSE, feature_scale=FEATURE_SCALE)
    seed_everything(0)
    t = time.time()
    model, hist = train_attribute_classifier(X, attrs, epochs=ATTR_EPOCHS, seed=0)
    save_classifier(model, OUT / "attr_faces.pt")
    Xt, at = make_faces(2000, seed=101, ranges=WIDE_POSE, feature_scale=FEATURE_SCALE)
    acc = (predict_attributes(model, Xt) == attribute_matrix(at)).mean(0)
    print(f"attr_faces.pt: test accuracy per attribute {np.round(acc, 3)} ({time.time() - t:.0f} s)", flush=True)
    vae = OUT / "vae_faces32.pt"
    if vae.exists():
        from course_lib.autoencoder import load_autoencoder
        R = reconstruct(load_autoencoder(vae), Xt)
        acc = (predict_attributes(model, R) == attribute_matrix(at)).mean(0)
        print(f"  on VAE reconstructions: {np.round(acc, 3)}", flush=True)


if __name__ == "__main__":
    OUT.mkdir(exist_ok=True)
    torch.set_num_threads(1)
    parts = [a for a in sys.argv[1:] if "=" not in a] or ["mnist", "faces", "attr"]
    for part in parts:
        {"mnist": mnist, "faces": faces, "attr": attr}[part]()
