"""Benchmark (not a test): RBM training speed against scikit-learn and against the matmul peak.

Persistent CD-1 (PCD-1), 500 hidden units, batch 100, learning rate 0.05, on the 5,000 binarized
MNIST digits of the course (float32), with course_lib.rbm.RBM and with scikit-learn's
``BernoulliRBM`` (which trains by PCD-1 too), same data, same settings, in one run.
Reports seconds per epoch and their ratio, and the achieved GFLOP/s of our training loop
against this machine's measured fp32 matrix-multiply rate.

An extra line times the optional mixed-precision mode (matrix products in bfloat16).
Both use every thread given (default 2: torch.set_num_threads and threadpoolctl for NumPy's BLAS).
Run: .venv/bin/python benchmarks/rbm_speed.py [--threads 2] [--epochs 5]
On a shared machine the figures vary with the load; the ratio is the meaningful figure.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import torch
from threadpoolctl import threadpool_limits

from course_lib.data.digits import binarized_mnist
from course_lib.rbm import RBM


def matmul_gflops(seconds: float = 2.0, n: int = 2048) -> float:
    """Best fp32 GEMM rate (GFLOP/s) of torch on n x n matrices over ~``seconds`` of repeats."""
    a, b = torch.randn(n, n), torch.randn(n, n)
    a @ b
    best = 0.0
    t_end = time.perf_counter() + seconds
    while time.perf_counter() < t_end:
        t0 = time.perf_counter()
        a @ b
        best = max(best, 2 * n ** 3 / (time.perf_counter() - t0) / 1e9)
    return best


def products_floor(n_visible: int, n_hidden: int, batch: int, n_batches: int, seconds: float = 2.0) -> float:
    """Seconds per epoch of the matrix products alone, in the shapes course_lib.rbm uses (fp32, best of
    repeats): P(v|h_chain) (batch x n_hidden x n_visible), P(h|v) for data and model samples in one
    (2 batch x n_visible x n_hidden) product, and both statistics in one (n_visible x 2 batch x n_hidden)
    product. No training loop can be faster than this floor without lower-precision products."""
    h = (torch.rand(batch, n_hidden) < 0.5).float()
    v2 = (torch.rand(2 * batch, n_visible) < 0.5).float()
    w, h2 = torch.randn(n_visible, n_hidden) * 0.01, torch.rand(2 * batch, n_hidden)
    a, b = torch.zeros(n_visible), torch.zeros(n_hidden)

    def step():
        torch.addmm(a, h, w.T)
        torch.addmm(b, v2, w)
        v2.T @ h2
    for _ in range(20):
        step()
    best, t_end = float("inf"), time.perf_counter() + seconds
    while time.perf_counter() < t_end:
        t0 = time.perf_counter()
        for _ in range(10):
            step()
        best = min(best, (time.perf_counter() - t0) / 10)
    return best * n_batches


def flops_per_epoch(n_rows: int, n_visible: int, n_hidden: int, batch: int) -> float:
    """Dense FLOPs of one PCD-1 epoch: five (batch x n_visible x n_hidden) products per update
    (P(h|v_data), P(v|h_chain), P(h|v_model), and the two outer-product statistics)."""
    return (n_rows // batch) * 5 * 2 * batch * n_visible * n_hidden


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--hidden", type=int, default=500)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    Xtr, _, Xte, _ = binarized_mnist(seed=0)
    X = np.concatenate([Xtr, Xte])  # the 5,000 digits, float32 0/1
    n, d = X.shape
    settings = dict(batch=100, lr=0.05, epochs=args.epochs, hidden=args.hidden)
    print(f"data: {n} x {d} float32 binary; PCD-1, {settings}; threads: {args.threads}")

    with threadpool_limits(limits=args.threads):
        from sklearn.neural_network import BernoulliRBM

        peak = matmul_gflops()
        print(f"fp32 matmul rate (torch, 2048^3): {peak:.0f} GFLOP/s")
        floor = products_floor(d, args.hidden, 100, n // 100)

        def time_ours(matmul_dtype=None):
            times = []
            for rep in range(2):
                rbm = RBM(d, args.hidden, seed=rep)
                kw = dict(batch_size=100, lr=0.05, persistent=True, monitor="none", matmul_dtype=matmul_dtype)
                rbm.fit(X, epochs=1, **kw)  # warm-up
                t0 = time.perf_counter()
                rbm.fit(X, epochs=args.epochs, **kw)
                times.append((time.perf_counter() - t0) / args.epochs)
            return times

        ours = time_ours()
        ours_bf16 = time_ours(torch.bfloat16)
        sk = []
        for rep in range(2):
            model = BernoulliRBM(n_components=args.hidden, learning_rate=0.05, batch_size=100,
                                 n_iter=args.epochs, random_state=rep)
            t0 = time.perf_counter()
            model.fit(X)
            sk.append((time.perf_counter() - t0) / args.epochs)

    t_ours, t_sk = min(ours), min(sk)
    gflops = flops_per_epoch(n, d, args.hidden, 100) / t_ours / 1e9
    print(f"course_lib.rbm.RBM.fit      : {t_ours:.3f} s/epoch (best of {len(ours)})")
    print(f"sklearn BernoulliRBM.fit    : {t_sk:.3f} s/epoch (best of {len(sk)})")
    print(f"speed-up over scikit-learn  : {t_sk / t_ours:.2f}x  (target >= 3x)")
    print(f"achieved                    : {gflops:.0f} GFLOP/s = {gflops / peak:.2f} of the matmul rate "
          f"(target >= 0.5)")
    print(f"floor: the fp32 products alone : {floor:.3f} s/epoch in these shapes (no loop, no sampling) "
          f"= {flops_per_epoch(n, d, args.hidden, 100) / floor / 1e9:.0f} GFLOP/s; even a loop with zero other "
          f"cost would be only {t_sk / floor:.2f}x scikit-learn")
    t_bf = min(ours_bf16)
    print(f"optional bfloat16 products  : {t_bf:.3f} s/epoch, {t_sk / t_bf:.2f}x scikit-learn "
          f"(mixed precision, fit(matmul_dtype=torch.bfloat16); not the default)")


if __name__ == "__main__":
    main()
