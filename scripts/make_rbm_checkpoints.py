"""Make the RBM checkpoints of Lecture 4 (checkpoints/rbm_*.pt).

* ``rbm20_cd1.pt``, ``rbm20_cd10.pt``, ``rbm20_pcd1.pt`` -- 20-hidden-unit RBMs trained with CD-1, CD-10
  and PCD-1 (same recipe otherwise, see ``SMALL``), with the exact test log-likelihood recorded every
  ``MONITOR_EVERY`` epochs (exact log Z by enumerating the 2^20 hidden states).
* ``rbm500_pcd1.pt`` -- a 500-hidden-unit RBM trained with PCD-1 (see ``LARGE``), with an AIS estimate of
  its log Z using Salakhutdinov & Murray's full schedule (14,500 intermediate distributions, 100 runs).

Data: ``course_lib.data.digits.binarized_mnist(seed=0)`` (4,000 train / 1,000 test).
Each file is a dict of plain tensors, numbers and strings: load with ``torch.load(path, weights_only=True)``
and rebuild the model with ``RBM.from_state_dict(ckpt)``.

Run: .venv/bin/python scripts/make_rbm_checkpoints.py [small | cd1 cd10 pcd1] [large]   (about 10 minutes on one core)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import torch

from course_lib.data.digits import binarized_mnist
from course_lib.rbm import RBM, base_rate_visible_bias

OUT = Path(__file__).resolve().parents[1] / "checkpoints"
MONITOR_EVERY = 40

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
    torch.save(state, path)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB)", flush=True)


def make_small(Xtr, Xte, names) -> None:
    for name in names:
        method = METHODS[name]
        t0 = time.perf_counter()
        rbm = RBM(784, 20, seed=0)
        hist = rbm.fit(Xtr, **SMALL, **method, X_val=Xte, monitor="exact", monitor_every=MONITOR_EVERY, seed=0)
        ll = float(rbm.log_likelihood(Xte).mean())
        print(f"{name}: test log-likelihood {ll:.2f} nats after {SMALL['epochs']} epochs "
              f"({time.perf_counter() - t0:.0f} s)", flush=True)
        save(OUT / f"rbm20_{name}.pt", rbm, method=name, k=method["k"], persistent=method["persistent"],
             recipe={k: float(v) for k, v in SMALL.items()}, history_epoch=hist["epoch"],
             history_ll_train=hist["ll"], history_ll_test=hist["ll_val"], test_ll=ll)


def make_large(Xtr, Xte) -> None:
    t0 = time.perf_counter()
    rbm = RBM(784, 500, seed=0)
    hist = rbm.fit(Xtr, **LARGE, X_val=Xte, monitor="pll", monitor_every=MONITOR_EVERY, seed=0)
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
    Xtr, _, Xte, _ = binarized_mnist(seed=0)
    which = which or ["small", "large"]
    if "small" in which or set(which) & set(METHODS):
        make_small(Xtr, Xte, [m for m in METHODS if m in which or "small" in which])
    if "large" in which:
        make_large(Xtr, Xte)


if __name__ == "__main__":
    main(sys.argv[1:])
