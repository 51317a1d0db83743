"""Make the RBM checkpoints of Lecture 4 (checkpoints/rbm_*.pt).

* ``rbm20_cd1.pt``, ``rbm20_cd10.pt``, ``rbm20_pcd1.pt`` -- 20-hidden-unit RBMs trained with CD-1, CD-10
  and PCD-1 (same recipe otherwise, see ``SMALL``), with **model selection on a validation split**:
  ``N_VAL_PER_CLASS`` images per class (500 in all) are held out of the 4,000 training images
  (stratified, seed 0) and the RBM trains on the other 3,500. Every ``SELECT_EVERY`` epochs the exact
  mean log-likelihood of the validation images is computed (exact log Z by enumerating the 2^20 hidden
  states) and the parameters with the best validation log-likelihood are kept (early stopping /
  epoch selection). The test set is never looked at during training or selection: the test
  log-likelihood is computed once, for the selected parameters, and stored as ``test_ll``.
  Each file records the selected epoch (``best_epoch``), the validation curve (``history_epoch``,
  ``history_ll_train``, ``history_ll_val``) and the recipe. CD-1 is trained from three random
  initialisations (``RESTARTS``) and the one with the best validation log-likelihood is kept
  (``seed``, ``n_restarts``); this, too, uses only the validation images.
* ``rbm500_pcd1.pt`` -- a 500-hidden-unit RBM trained with PCD-1 (see ``LARGE``), with an AIS estimate of
  its log Z using Salakhutdinov & Murray's full schedule (14,500 intermediate distributions, 100 runs).

Data: ``course_lib.data.digits.binarized_mnist(seed=0)`` (4,000 train / 1,000 test).
Each file is a dict of plain tensors, numbers and strings: load with ``torch.load(path, weights_only=True)``
and rebuild the model with ``RBM.from_state_dict(ckpt)``.

Run: .venv/bin/python scripts/make_rbm_checkpoints.py [small | cd1 cd10 pcd1] [large] [--out DIR]
(the three small models take a few minutes each on one core and can run as three processes in
parallel, e.g. ``... cd1 & ... cd10 & ... pcd1``; the large one about 10 minutes)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import torch

from course_lib.checkpoints import save_torch
from course_lib.data.digits import binarized_mnist, train_test_indices
from course_lib.rbm import RBM, base_rate_visible_bias

OUT = Path(__file__).resolve().parents[1] / "checkpoints"
MONITOR_EVERY = 40   # large model: pseudo-likelihood monitor
SELECT_EVERY = 5     # small models: validation log-likelihood every this many epochs
N_VAL_PER_CLASS = 50  # small models: 50 validation images per class (500) held out of the 4,000
# Random restarts (seed, validate every ... epochs) per small model; the run with the best validation
# log-likelihood is kept. CD-1 is the noisiest (its validation curve wanders by a nat between seeds),
# so it gets three restarts; the other two methods one run each.
RESTARTS = {"cd1": [(0, 5), (1, 10), (2, 10)], "cd10": [(0, 5)], "pcd1": [(0, 5)]}

# One recipe for the three small models; only the sampler differs.
SMALL = dict(epochs=200, batch_size=100, lr=0.05, lr_final=0.0, momentum=0.0, weight_decay=2e-4)
METHODS = {"cd1": dict(k=1, persistent=False), "cd10": dict(k=10, persistent=False),
           "pcd1": dict(k=1, persistent=True)}
LARGE = dict(epochs=100, batch_size=100, lr=0.05, lr_final=0.005, momentum=0.5, weight_decay=2e-4,
             k=1, persistent=True)
AIS = dict(n_runs=100, n_betas=14500, seed=0)


def save(path: Path, rbm: RBM, **extra) -> None:
    state = {k: v.contiguous() for k, v in rbm.state_dict().items()}
    state.update(extra)
    save_torch(state, path)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB)", flush=True)


def validation_split(Xtr, ytr):
    """(X_fit, X_val): ``N_VAL_PER_CLASS`` images per class held out of the training set (seed 0)."""
    fit_idx, val_idx = train_test_indices(ytr, N_VAL_PER_CLASS, seed=0)
    return Xtr[fit_idx], Xtr[val_idx]


def train_select(X_fit, X_val, method: dict, recipe: dict, seed: int = 0, select_every: int = SELECT_EVERY):
    """Train a 20-hidden RBM on ``X_fit`` and keep the parameters with the best validation log-likelihood.

    Training runs in segments of ``select_every`` epochs; the learning rate follows the linear schedule
    from ``recipe["lr"]`` (epoch 1) to ``recipe["lr_final"]`` (last epoch) across segments, the model's
    generator and (for PCD) its fantasy chains carry over between segments.
    Returns (rbm with the selected parameters, best_epoch, history dict).
    """
    epochs, lr0, lr1 = int(recipe["epochs"]), recipe["lr"], recipe["lr_final"]
    lr_at = lambda e: lr0 + (lr1 - lr0) * (e - 1) / max(1, epochs - 1)  # noqa: E731
    rbm = RBM(784, 20, seed=seed)
    hist = {"epoch": [], "ll": [], "ll_val": []}
    best = (-float("inf"), 0, None)
    for e0 in range(0, epochs, select_every):
        e1 = min(epochs, e0 + select_every)
        rbm.fit(X_fit, epochs=e1 - e0, batch_size=int(recipe["batch_size"]), lr=lr_at(e0 + 1),
                lr_final=lr_at(e1), momentum=recipe["momentum"], weight_decay=recipe["weight_decay"],
                monitor="none", **method)
        log_z = rbm.log_partition()
        ll_val = float(rbm.log_likelihood(X_val, log_z).mean())
        hist["epoch"].append(e1)
        hist["ll"].append(float(rbm.log_likelihood(X_fit, log_z).mean()))
        hist["ll_val"].append(ll_val)
        if ll_val > best[0]:
            best = (ll_val, e1, {k: v.clone() for k, v in rbm.state_dict().items()})
    selected = RBM.from_state_dict(best[2])
    return selected, best[1], hist


def make_small(Xtr, ytr, Xte, names) -> None:
    X_fit, X_val = validation_split(Xtr, ytr)
    for name in names:
        method = METHODS[name]
        t0 = time.perf_counter()
        runs = []  # random restarts (seed, validation every ...): the best validation log-likelihood wins
        for seed, every in RESTARTS.get(name, [(0, SELECT_EVERY)]):
            rbm, best_epoch, hist = train_select(X_fit, X_val, method, SMALL, seed=seed, select_every=every)
            print(f"{name} seed {seed}: best validation LL {max(hist['ll_val']):.2f} at epoch {best_epoch}", flush=True)
            runs.append((max(hist["ll_val"]), seed, rbm, best_epoch, hist))
        ll_val, seed, rbm, best_epoch, hist = max(runs, key=lambda r: r[0])
        ll = float(rbm.log_likelihood(Xte).mean())  # the test set, once, for the selected model
        print(f"{name}: selected epoch {best_epoch} (validation LL {ll_val:.2f}); "
              f"test log-likelihood {ll:.2f} nats ({time.perf_counter() - t0:.0f} s)", flush=True)
        save(OUT / f"rbm20_{name}.pt", rbm, method=name, k=method["k"], persistent=method["persistent"],
             recipe={k: float(v) for k, v in SMALL.items()}, n_fit=len(X_fit), n_val=len(X_val),
             seed=seed, n_restarts=len(runs), best_epoch=best_epoch, val_ll=ll_val, history_epoch=hist["epoch"],
             history_ll_train=hist["ll"], history_ll_val=hist["ll_val"], test_ll=ll)


def make_large(Xtr, Xte) -> None:
    t0 = time.perf_counter()
    rbm = RBM(784, 500, seed=0)
    hist = rbm.fit(Xtr, **LARGE, X_val=Xte, monitor="pll", monitor_every=MONITOR_EVERY, seed=0).history
    print(f"large RBM trained in {time.perf_counter() - t0:.0f} s", flush=True)
    res = rbm.ais_log_partition(**AIS, base_bias=base_rate_visible_bias(Xtr))
    ll = float(rbm.log_likelihood(Xte, res.log_z).mean())
    print(f"AIS ({res.n_betas} betas, {AIS['n_runs']} runs, {res.seconds:.0f} s): log Z = {res.log_z:.2f} "
          f"[{res.log_z_low:.2f}, {res.log_z_high:.2f}]; test log-likelihood {ll:.2f}", flush=True)
    save(OUT / "rbm500_pcd1.pt", rbm, method="pcd1", recipe={k: float(v) for k, v in LARGE.items()},
         history_epoch=hist["epoch"], history_pll_test=hist["pll_val"],
         ais_log_z=res.log_z, ais_log_z_low=res.log_z_low, ais_log_z_high=res.log_z_high,
         ais_n_betas=res.n_betas, ais_n_runs=AIS["n_runs"], test_ll=ll)


def main(which: list[str]) -> None:
    global OUT
    if "--out" in which:  # write to another folder (for trying recipes without touching checkpoints/)
        i = which.index("--out")
        OUT = Path(which[i + 1])
        which = which[:i] + which[i + 2:]
    if "--weight-decay" in which:
        i = which.index("--weight-decay")
        SMALL["weight_decay"] = float(which[i + 1])
        which = which[:i] + which[i + 2:]
    torch.set_num_threads(1)  # small products: one thread is as fast, and safe on a shared machine
    np.random.seed(0)
    OUT.mkdir(exist_ok=True)
    Xtr, ytr, Xte, _ = binarized_mnist(seed=0)
    which = which or ["small", "large"]
    if "small" in which or set(which) & set(METHODS):
        make_small(Xtr, ytr, Xte, [m for m in METHODS if m in which or "small" in which])
    if "large" in which:
        make_large(Xtr, Xte)


if __name__ == "__main__":
    main(sys.argv[1:])
