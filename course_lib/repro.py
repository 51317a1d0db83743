"""Reproducibility and budgets: one call at the top of every notebook, one check at the end.

``seed_everything`` seeds Python, NumPy and torch and pins torch (and NumPy's BLAS) to a fixed
number of threads, so a notebook prints the same numbers whatever ``OMP_NUM_THREADS`` says:
floating-point sums over a different number of threads round differently, and over thousands
of training steps such differences grow into different printed results.
"""

from __future__ import annotations

import random
import resource
import time

import numpy as np

from ._validate import check_positive_int

_STATE = {"threadpool": None}


def seed_everything(seed: int = 0, threads: int = 1) -> np.random.Generator:
    """Seed ``random``, NumPy's global RNG and torch; use ``threads`` threads for math.

    Returns a fresh ``np.random.Generator(seed)`` for code that prefers an explicit generator.
    """
    seed = check_positive_int(seed, "seed", minimum=0)
    threads = check_positive_int(threads, "threads", minimum=1)
    random.seed(seed)
    np.random.seed(seed)
    try:
        import torch
    except ImportError:  # pragma: no cover - torch is a hard dependency of the course
        torch = None
    if torch is not None:
        torch.manual_seed(seed)
        torch.set_num_threads(threads)
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover
        pass
    else:
        _STATE["threadpool"] = threadpool_limits(limits=threads)
    return np.random.default_rng(seed)


def peak_memory_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def seconds_since_start() -> float:
    """Seconds since this process (the notebook's kernel) started."""
    import psutil

    return time.time() - psutil.Process().create_time()


def check_budget(max_seconds: float = 90.0, max_mb: float = 1500.0) -> None:
    """Print this kernel's run time and peak memory, and fail loudly if over the course budget.

    Put it in the last cell of a notebook (tagged ``nbval-ignore-output``: the figures vary).
    """
    secs, mb = seconds_since_start(), peak_memory_mb()
    print(f"run time so far: {secs:.1f} s (budget {max_seconds:.0f} s); "
          f"peak memory: {mb:.0f} MB (budget {max_mb:.0f} MB)")
    if secs > max_seconds:
        raise RuntimeError(f"notebook over its time budget: {secs:.1f} s > {max_seconds} s")
    if mb > max_mb:
        raise RuntimeError(f"notebook over its memory budget: {mb:.0f} MB > {max_mb} MB")
