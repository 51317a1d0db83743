"""Benchmark (not a test): RBM training speed against scikit-learn and against the machine's GEMM rate.

Persistent CD-1 (PCD-1), 500 hidden units, batch 100, learning rate 0.05, on the 5,000 binarized
MNIST digits of the course (float32), with course_lib.rbm.RBM and with scikit-learn's
``BernoulliRBM`` (which trains by PCD-1 too), same data, same settings, in one run.
Reports seconds per epoch and their ratio, and the achieved GFLOP/s of our training loop
against the machine's best fp32 matrix-multiply rate: the best of torch's BLAS and NumPy's
(scikit-learn's) BLAS, at 2048^3 and in the RBM's own product shapes.

A fair baseline: some machines set OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE for old OpenBLAS builds,
which slow a current NumPy (and so scikit-learn) about 2x. The benchmark re-executes itself without
them (``--keep-blas-env`` keeps them, to show their effect) and prints the BLAS kernels each library
runs. It never changes them for tests or CI.

An extra line times the optional mixed-precision mode (matrix products in bfloat16).
Both use every thread given (default 2: torch.set_num_threads and threadpoolctl for NumPy's BLAS).
Run: .venv/bin/python benchmarks/rbm_speed.py [--threads 2] [--epochs 5] [--keep-blas-env]
On a shared machine the figures vary with the load; the ratio is the meaningful figure.
"""

from __future__ import annotations

import os
import sys

SLOWING_BLAS_VARIABLES = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
if "--keep-blas-env" not in sys.argv and any(v in os.environ for v in SLOWING_BLAS_VARIABLES):
    # OpenBLAS reads them when NumPy is imported: start again without them, before importing NumPy
    print("unsetting " + ", ".join(f"{v}={os.environ[v]}" for v in SLOWING_BLAS_VARIABLES if v in os.environ)
          + " for this benchmark's own process (fair scikit-learn baseline)", flush=True)
    env = {k: v for k, v in os.environ.items() if k not in SLOWING_BLAS_VARIABLES}
    os.execve(sys.executable, [sys.executable, *sys.argv], env)

import argparse  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
from threadpoolctl import threadpool_info, threadpool_limits  # noqa: E402

from course_lib.data.digits import binarized_mnist  # noqa: E402
from course_lib.rbm import RBM, blas_backend  # noqa: E402


def gemm_gflops(library: str, m: int, k: int, n: int, seconds: float = 1.0) -> float:
    """Best fp32 rate (GFLOP/s) of an (m x k) @ (k x n) product with ``library`` ("torch" or "numpy")
    over ~``seconds`` of repeats (at least 3)."""
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((m, k), dtype=np.float32), rng.standard_normal((k, n), dtype=np.float32)
    if library == "torch":
        a, b = torch.from_numpy(a), torch.from_numpy(b)
    reps = max(1, int(2e9 / (2 * m * k * n)))          # enough repeats per timing for ~10 ms
    a @ b
    best, t_end, timings = 0.0, time.perf_counter() + seconds, 0
    while time.perf_counter() < t_end or timings < 3:
        t0 = time.perf_counter()
        for _ in range(reps):
            a @ b
        best = max(best, reps * 2 * m * k * n / (time.perf_counter() - t0) / 1e9)
        timings += 1
    return best


def rbm_shapes(n_visible: int, n_hidden: int, batch: int) -> dict[str, tuple[int, int, int]]:
    """The (m, k, n) shapes of the RBM loop's products (course_lib.rbm's layout)."""
    return {"P(v|h): b x h x v": (batch, n_hidden, n_visible),
            "P(h|v), data+model: 2b x v x h": (2 * batch, n_visible, n_hidden),
            "statistics: v x 2b x h": (n_visible, 2 * batch, n_hidden),
            "square 2048^3": (2048, 2048, 2048)}


def machine_rates(n_visible: int, n_hidden: int, batch: int) -> dict[tuple[str, str], float]:
    """{(library, shape name): GFLOP/s} for torch's and NumPy's BLAS."""
    return {(lib, name): gemm_gflops(lib, *shape)
            for name, shape in rbm_shapes(n_visible, n_hidden, batch).items() for lib in ("torch", "numpy")}


def describe_blas() -> list[str]:
    """Which BLAS each library runs, with its kernels (threadpoolctl for NumPy, torch's build config)."""
    lines = [f"NumPy {np.__version__}: " + "; ".join(
        f"{i['internal_api']} {i.get('version') or ''} kernels {i.get('architecture') or '?'}, "
        f"{i['num_threads']} threads" for i in threadpool_info() if i.get("user_api") == "blas")]
    import re

    cfg = torch.__config__.show()
    blas = re.findall(r"\b(?:BLAS_INFO|LAPACK_INFO|USE_MKL|USE_MKLDNN|USE_OPENMP)=[^,\s]+", cfg)
    lines.append(f"torch {torch.__version__}: vector kernels {torch.backends.cpu.get_cpu_capability()}, "
                 f"MKL {'yes' if torch.backends.mkl.is_available() else 'no'}, "
                 f"{torch.get_num_threads()} threads; " + ", ".join(blas))
    kept = [f"{v}={os.environ[v]}" for v in SLOWING_BLAS_VARIABLES if v in os.environ]
    lines.append("OpenBLAS variables: " + (", ".join(kept) + " (kept: --keep-blas-env)" if kept else "none set"))
    return lines


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
    parser.add_argument("--keep-blas-env", action="store_true",
                        help="keep OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE (to measure their effect)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    Xtr, _, Xte, _ = binarized_mnist(seed=0)
    X = np.concatenate([Xtr, Xte])  # the 5,000 digits, float32 0/1
    n, d = X.shape
    settings = dict(batch=100, lr=0.05, epochs=args.epochs, hidden=args.hidden)
    print(f"data: {n} x {d} float32 binary; PCD-1, {settings}; threads: {args.threads}")

    with threadpool_limits(limits=args.threads):
        from sklearn.neural_network import BernoulliRBM

        for line in describe_blas():
            print(line)
        rates = machine_rates(d, args.hidden, 100)
        print(f"{'fp32 GEMM, GFLOP/s':34s} {'torch':>7s} {'NumPy':>7s}")
        for name in rbm_shapes(d, args.hidden, 100):
            print(f"{name:34s} {rates['torch', name]:7.0f} {rates['numpy', name]:7.0f}")
        (peak_lib, peak_shape), peak = max(rates.items(), key=lambda kv: kv[1])
        print(f"machine rate (best of both BLAS, all shapes): {peak:.0f} GFLOP/s ({peak_lib}, {peak_shape})")
        floor = products_floor(d, args.hidden, 100, n // 100)

        def time_ours(matmul_dtype=None, blas=None):
            if blas:
                os.environ["COURSE_RBM_BLAS"] = blas
            times = []
            for rep in range(2):
                rbm = RBM(d, args.hidden, seed=rep)
                kw = dict(batch_size=100, lr=0.05, persistent=True, monitor="none", matmul_dtype=matmul_dtype)
                rbm.fit(X, epochs=1, **kw)  # warm-up
                t0 = time.perf_counter()
                rbm.fit(X, epochs=args.epochs, **kw)
                times.append((time.perf_counter() - t0) / args.epochs)
            os.environ.pop("COURSE_RBM_BLAS", None)
            return times

        chosen = blas_backend()
        print(f"RBM.fit runs its fp32 products on: {chosen}'s BLAS (course_lib.rbm.blas_backend, timed once)")
        ours = time_ours()
        other = time_ours(blas="numpy" if chosen == "torch" else "torch")
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
    print(f"course_lib.rbm.RBM.fit      : {t_ours:.3f} s/epoch (best of {len(ours)}; products on {chosen}'s BLAS; "
          f"on the other: {min(other):.3f})")
    print(f"sklearn BernoulliRBM.fit    : {t_sk:.3f} s/epoch (best of {len(sk)})")
    print(f"speed-up over scikit-learn  : {t_sk / t_ours:.2f}x  (target >= 2x)")
    print(f"achieved                    : {gflops:.0f} GFLOP/s = {gflops / peak:.2f} of the machine rate "
          f"(target >= 0.7)")
    print(f"floor: the fp32 products alone : {floor:.3f} s/epoch in these shapes (no loop, no sampling) "
          f"= {flops_per_epoch(n, d, args.hidden, 100) / floor / 1e9:.0f} GFLOP/s; even a loop with zero other "
          f"cost would be only {t_sk / floor:.2f}x scikit-learn")
    t_bf = min(ours_bf16)
    print(f"optional bfloat16 products  : {t_bf:.3f} s/epoch, {t_sk / t_bf:.2f}x scikit-learn "
          f"(mixed precision, fit(matmul_dtype=torch.bfloat16); not the default)")


if __name__ == "__main__":
    main()
