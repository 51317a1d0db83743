"""Reproducibility and budgets: one call at the top of every notebook, one check at the end.

``seed_everything`` seeds Python, NumPy and torch and pins torch (and NumPy's BLAS) to a fixed
number of threads, so a notebook prints the same numbers whatever ``OMP_NUM_THREADS`` says:
floating-point sums over a different number of threads round differently, and over thousands
of training steps such differences grow into different printed results.
"""

from __future__ import annotations

import os
import random
import resource
import time

import numpy as np

from ._validate import check_global_seed, check_positive_int, check_real

_STATE = {"threadpool": None}


def seed_everything(seed: int = 0, threads: int = 1) -> np.random.Generator:
    """Seed ``random``, NumPy's global RNG and torch; use ``threads`` threads for math.

    Returns a fresh ``np.random.Generator(seed)`` for code that prefers an explicit generator.
    """
    seed = check_global_seed(seed, "seed")
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


#: Environment variables that make torch, MKL, oneDNN or OpenBLAS run the kernels of another CPU
#: (``make test-portable`` sets them to simulate other machines).
SIMULATION_VARIABLES = ("ATEN_CPU_CAPABILITY", "MKL_ENABLE_INSTRUCTIONS", "ONEDNN_MAX_CPU_ISA",
                        "OPENBLAS_CORETYPE")
#: The subset that slows torch's kernels down on purpose (older vector instructions).
_SLOWING = ("ATEN_CPU_CAPABILITY", "MKL_ENABLE_INSTRUCTIONS", "ONEDNN_MAX_CPU_ISA")


def simulated_machine() -> dict[str, str]:
    """The kernel-selecting variables set in this process's environment, ``{name: value}``.

    Empty on a normal run. ``OPENBLAS_CORETYPE`` is listed when set, although some machines set
    it for old OpenBLAS builds rather than to simulate anything.
    """
    return {k: os.environ[k] for k in SIMULATION_VARIABLES if os.environ.get(k)}


def describe_machine() -> str:
    """One line: the vector kernels torch and NumPy's BLAS run in this process, and the simulation."""
    import torch
    from threadpoolctl import threadpool_info

    blas = ", ".join(f"{i['internal_api']} {i.get('architecture') or ''}".strip()
                     for i in threadpool_info() if i.get("user_api") == "blas") or "none found"
    sim = " ".join(f"{k}={v}" for k, v in simulated_machine().items()) or "none"
    return (f"torch kernels: {torch.backends.cpu.get_cpu_capability()}; NumPy BLAS: {blas}; "
            f"simulation variables: {sim}")


def check_budget(max_seconds: float = 90.0, max_mb: float = 1500.0) -> None:
    """Print this kernel's run time and peak memory, and fail loudly if over the course budget.

    Put it in the last cell of a notebook (tagged ``nbval-ignore-output``: the figures vary).
    The time budget holds for the machine's own kernels; under a simulated older CPU
    (``ATEN_CPU_CAPABILITY``, ``MKL_ENABLE_INSTRUCTIONS`` or ``ONEDNN_MAX_CPU_ISA`` set, as in
    ``make test-portable``) the kernels are slower on purpose, so the time is printed but not
    enforced. The memory budget is enforced always. Both budgets are positive numbers.
    """
    max_seconds = check_real(max_seconds, "max_seconds", low=0.0, low_open=True)
    max_mb = check_real(max_mb, "max_mb", low=0.0, low_open=True)
    secs, mb = seconds_since_start(), peak_memory_mb()
    print(f"run time so far: {secs:.1f} s (budget {max_seconds:.0f} s); "
          f"peak memory: {mb:.0f} MB (budget {max_mb:.0f} MB)")
    slowed = [k for k in simulated_machine() if k in _SLOWING]
    if slowed:
        print(f"time budget not enforced: simulated machine ({', '.join(slowed)} set)")
    elif secs > max_seconds:
        raise RuntimeError(f"notebook over its time budget: {secs:.1f} s > {max_seconds} s")
    if mb > max_mb:
        raise RuntimeError(f"notebook over its memory budget: {mb:.0f} MB > {max_mb} MB")
