"""Small input checks shared by the library: each error names the argument and what was expected."""

from __future__ import annotations

import numbers

import numpy as np


def as_float_array(x, name: str, ndim: int | tuple[int, ...] | None = None) -> np.ndarray:
    """Return ``x`` as a float64 array, rejecting non-numeric input, NaN/inf and a wrong ndim."""
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be numeric (an array of numbers), got {type(x).__name__}") from None
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            raise ValueError(f"{name} must have {' or '.join(map(str, allowed))} dimension(s), "
                             f"got shape {arr.shape}")
    if arr.size and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return arr


def check_positive_int(x, name: str, minimum: int = 1) -> int:
    """Return ``x`` as an int if it is an integer >= ``minimum`` (bools rejected)."""
    if isinstance(x, bool) or not isinstance(x, numbers.Integral):
        raise TypeError(f"{name} must be an integer >= {minimum}, got {x!r}")
    if x < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {x}")
    return int(x)


def check_probability(x, name: str) -> float:
    """Return ``x`` as a float in [0, 1]."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real) or not (0.0 <= float(x) <= 1.0):
        raise ValueError(f"{name} must be a number in [0, 1], got {x!r}")
    return float(x)


def as_input_tensor(x, name: str, shape: tuple | None = None):
    """``x`` as a float32 torch tensor for a model's ``forward``.

    NumPy arrays, nested lists and float64 or integer tensors are converted (a float32 tensor is
    returned as is, so gradients flow through it); ``shape`` is a tuple with ``None`` for any size,
    e.g. ``(None, 2)``. Rejects other types, booleans, a wrong shape and NaN/inf, naming ``name``.
    """
    import torch

    if isinstance(x, (np.ndarray, list, tuple)):
        try:
            x = torch.from_numpy(np.ascontiguousarray(x, dtype=np.float32))
        except (TypeError, ValueError):
            raise TypeError(f"{name} must be numeric (an array or tensor of numbers), got {type(x).__name__}") from None
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"{name} must be a torch tensor or a numpy array, got {type(x).__name__}")
    if x.dtype == torch.bool or x.is_complex():
        raise TypeError(f"{name} must hold real numbers, got dtype {x.dtype}")
    if x.dtype != torch.float32:
        x = x.to(torch.float32)
    if shape is not None and (x.ndim != len(shape) or any(s is not None and d != s for d, s in zip(x.shape, shape))):
        want = ", ".join("n" if i == 0 and s is None else ("any" if s is None else str(s)) for i, s in enumerate(shape))
        raise ValueError(f"{name} must have shape ({want}), got {tuple(x.shape)}")
    if not torch.isfinite(x).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    return x
