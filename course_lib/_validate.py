"""Small input checks shared by the library: each error names the argument and what was expected."""

from __future__ import annotations

import numbers

import numpy as np


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


def check_real(x, name: str, low: float | None = None, high: float | None = None,
               low_open: bool = False, high_open: bool = False) -> float:
    """Return ``x`` as a finite float within [low, high] (an open end with ``low_open``/``high_open``).

    Python and NumPy scalars are accepted; bools, strings, None and NaN/inf are not.
    """
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, numbers.Real) or not np.isfinite(float(x)):
        raise TypeError(f"{name} must be a finite number, got {x!r}")
    x = float(x)
    too_low = low is not None and (x <= low if low_open else x < low)
    too_high = high is not None and (x >= high if high_open else x > high)
    if too_low or too_high:
        lo = "" if low is None else ("(" if low_open else "[") + f"{low:g}"
        hi = "" if high is None else f"{high:g}" + (")" if high_open else "]")
        want = (f"in {lo}, {hi}" if low is not None and high is not None
                else f"{'>' if low_open else '>='} {low:g}" if low is not None
                else f"{'<' if high_open else '<='} {high:g}")
        raise ValueError(f"{name} must be a number {want}, got {x:g}")
    return x


def check_choice(x, name: str, options) -> object:
    """Return ``x`` if it is one of ``options`` (compared with ==), else a ValueError listing them."""
    options = tuple(options)
    try:
        ok = any(isinstance(x, type(o)) and x == o for o in options)
    except Exception:  # noqa: BLE001 -- e.g. an array compared with a string
        ok = False
    if not ok:
        raise ValueError(f"{name} must be one of {options}, got {x!r}")
    return x


def torch_generator(seed, name: str = "seed"):
    """The course's seed convention for torch code: an int >= 0 (a fresh ``torch.Generator`` seeded
    with it) or a ``torch.Generator`` (used as is, so a caller can continue a stream). Global RNG
    state is never touched."""
    import torch

    if isinstance(seed, torch.Generator):
        return seed
    seed = check_positive_int(seed, name, minimum=0)
    if seed >= 2**64:
        raise ValueError(f"{name} must be an integer in [0, 2**64) for a torch.Generator, got {seed}")
    return torch.Generator().manual_seed(seed)


def numpy_rng(seed, name: str = "seed") -> np.random.Generator:
    """The same convention for NumPy code: an int >= 0 or a ``numpy.random.Generator``."""
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(check_positive_int(seed, name, minimum=0))


def as_images(x, name: str = "images", size: int | tuple[int, int] | None = None, channels=(1, 3),
              unit_range: bool = False, allow_empty: bool = False):
    """The course's one image layout: a batch of images -> float32 torch tensor (n, c, h, w).

    The public layout is channels-last NumPy or torch: (n, h, w) grey, or (n, h, w, c) with c in
    ``channels`` (a grey (n, h, w, 1) is accepted too). ``size`` is h = w or (h, w). With
    ``unit_range`` the values must lie in [0, 1]. File names and paths are refused (the course
    only works on arrays it draws itself). Errors name ``name`` and the expected shape.
    """
    import torch

    want = "(n, h, w)" if channels == (1,) else f"(n, h, w) or (n, h, w, {'/'.join(map(str, channels))})"
    if size is not None:
        h, w = (size, size) if isinstance(size, int) else size
        want = want.replace("h, w", f"{h}, {w}")
    if isinstance(x, (str, bytes)) or type(x).__name__.endswith("Path"):
        raise TypeError(f"{name} must be an array of images {want}; this course does not load image files")
    if isinstance(x, (np.ndarray, list, tuple)):
        try:
            arr = np.asarray(x) if not isinstance(x, np.ndarray) else x
        except (TypeError, ValueError):
            raise TypeError(f"{name} must be a numeric array of images {want} (nested lists of equal lengths), "
                            "got a ragged or non-numeric sequence") from None
        if arr.dtype == object or arr.dtype.kind not in "biuf":
            raise TypeError(f"{name} must be a numeric array of images {want}, got {type(x).__name__} "
                            f"of dtype {arr.dtype}")
        if arr.dtype.kind == "b":
            raise TypeError(f"{name} must hold numbers, not booleans")
        x = torch.from_numpy(np.ascontiguousarray(arr, dtype=np.float32))
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"{name} must be a numpy array or torch tensor of images {want}, got {type(x).__name__}")
    if x.dtype == torch.bool or x.is_complex():
        raise TypeError(f"{name} must hold real numbers, got dtype {x.dtype}")
    if x.ndim == 3:
        x = x[:, None]
        c = 1
    elif x.ndim == 4 and x.shape[-1] in channels + ((1,) if 1 not in channels else ()):
        c = x.shape[-1]
        x = x.permute(0, 3, 1, 2)
    else:
        raise ValueError(f"{name} must have shape {want} (channels last), got {tuple(x.shape)}")
    if c not in channels and not (c == 1 and 1 in channels):
        raise ValueError(f"{name} must have shape {want}, got {c} channel(s)")
    if size is not None and tuple(x.shape[2:]) != (h, w):
        raise ValueError(f"{name} must have shape {want}, got images of {x.shape[2]}x{x.shape[3]} pixels")
    if len(x) == 0 and not allow_empty:
        raise ValueError(f"{name} must hold at least one image, got an empty batch")
    x = x.to(torch.float32).contiguous()
    if not torch.isfinite(x).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    if unit_range and x.numel() and (x.min() < 0 or x.max() > 1):
        raise ValueError(f"{name} must hold pixel values in [0, 1], got values in "
                         f"[{float(x.min()):.3g}, {float(x.max()):.3g}]")
    return x


def to_channels_last(x) -> np.ndarray:
    """The inverse of ``as_images``: a (n, c, h, w) tensor -> float32 NumPy (n, h, w) if c == 1, else (n, h, w, c)."""
    import torch

    if isinstance(x, torch.Tensor):
        x = x.detach().cpu().numpy()
    arr = np.asarray(x, dtype=np.float32)
    if arr.ndim != 4:
        raise ValueError(f"expected a (n, c, h, w) batch, got shape {arr.shape}")
    return np.ascontiguousarray(arr[:, 0] if arr.shape[1] == 1 else np.moveaxis(arr, 1, -1))


# ---------------------------------------------------------------------------------------------
# more checks (bools, strings, paths, generators, dtypes, dicts and real arrays)
# ---------------------------------------------------------------------------------------------
class MissingFileError(FileNotFoundError, ValueError):
    """A file or folder named by an argument does not exist: a ``FileNotFoundError`` that is also a
    ``ValueError`` (the argument's value is bad), so both ``except`` clauses catch it."""


def check_bool(x, name: str, allow_none: bool = False):
    """Return ``x`` as a bool if it is ``True``/``False`` (or a NumPy bool); ``None`` only with ``allow_none``.

    Numbers, strings and arrays are refused: ``flag="no"`` would otherwise count as true.
    """
    if x is None and allow_none:
        return None
    if not isinstance(x, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False{' (or None)' if allow_none else ''}, got {x!r}")
    return bool(x)


def check_str(x, name: str, allow_none: bool = False, allow_empty: bool = True):
    """Return ``x`` if it is a string (a NumPy string too); ``None`` only with ``allow_none``."""
    if x is None and allow_none:
        return None
    if not isinstance(x, str):
        raise TypeError(f"{name} must be a string{' or None' if allow_none else ''}, got {type(x).__name__}")
    if not allow_empty and not x:
        raise ValueError(f"{name} must be a non-empty string")
    return str(x)


def check_path(x, name: str = "path"):
    """Return ``x`` as a ``pathlib.Path`` if it is a non-empty ``str`` or ``os.PathLike`` (not bytes).

    The empty string is refused: ``Path("")`` is the current folder, never what was meant.
    """
    import os
    from pathlib import Path

    if isinstance(x, os.PathLike):
        x = os.fspath(x)
    if not isinstance(x, str):
        raise TypeError(f"{name} must be a file path (a str or pathlib.Path), got {type(x).__name__}")
    if not x.strip():
        raise ValueError(f"{name} must be a non-empty file path, got {x!r}")
    return Path(x)


def check_generator(x, name: str = "generator", allow_none: bool = True):
    """Return ``x`` if it is a ``torch.Generator`` (or ``None`` with ``allow_none``).

    An int is refused with a hint: a generator argument continues a stream, a seed starts one.
    """
    import torch

    if x is None and allow_none:
        return None
    if not isinstance(x, torch.Generator):
        raise TypeError(f"{name} must be a torch.Generator{' or None' if allow_none else ''}, got "
                        f"{type(x).__name__} (for a seed k pass torch.Generator().manual_seed(k))")
    return x


def check_torch_dtype(x, name: str = "dtype", options=None, allow_none: bool = False):
    """Return ``x`` if it is a ``torch.dtype`` (one of ``options`` if given); ``None`` with ``allow_none``."""
    import torch

    if x is None and allow_none:
        return None
    if not isinstance(x, torch.dtype) or (options is not None and x not in tuple(options)):
        want = "a torch.dtype" if options is None else " or ".join(map(str, options))
        raise TypeError(f"{name} must be {want}{' (or None)' if allow_none else ''}, got {x!r}")
    return x


def check_dict(x, name: str, allow_none: bool = False):
    """Return ``x`` if it is a dict (any ``Mapping``); ``None`` only with ``allow_none``."""
    from collections.abc import Mapping

    if x is None and allow_none:
        return None
    if not isinstance(x, Mapping):
        raise TypeError(f"{name} must be a dict{' or None' if allow_none else ''}, got {type(x).__name__}")
    return x


def as_real_array(x, name: str, ndim: int | tuple[int, ...] | None = None, shape: tuple | None = None,
                  allow_empty: bool = False, low: float | None = None, high: float | None = None,
                  dtype=np.float64) -> np.ndarray:
    """``x`` as a finite NumPy array of real numbers in ``dtype`` (float64 unless told).

    Accepts NumPy arrays and scalars, nested lists and torch tensors of any integer or float dtype.
    Refuses, naming ``name``: None, strings (and arrays of strings, even "1.5"), booleans, object
    and complex arrays, ragged lists, a wrong ``ndim`` or ``shape`` (a tuple with ``None`` for any
    size, e.g. ``(None, 2)``), an empty array (unless ``allow_empty``), NaN/inf and values outside
    [``low``, ``high``]. A float64 input is returned without a copy, as ``np.asarray`` would.
    """
    if x is None or isinstance(x, (str, bytes, dict, set)):
        raise TypeError(f"{name} must be an array of numbers, got {type(x).__name__}")
    if type(x).__module__.startswith("torch") and hasattr(x, "detach"):
        import torch

        x = x.detach().cpu()
        x = (x.float() if x.dtype in (torch.bfloat16, torch.float16) else x).numpy()
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a regular array of numbers (no ragged lists), got "
                        f"{type(x).__name__}") from None
    if arr.dtype.kind == "b":
        raise TypeError(f"{name} must hold numbers, not booleans")
    if arr.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold real numbers, got {type(x).__name__} of dtype {arr.dtype}")
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            raise ValueError(f"{name} must have {' or '.join(map(str, allowed))} dimension(s), got shape {arr.shape}")
    if shape is not None and (arr.ndim != len(shape) or any(s is not None and d != s for d, s in zip(arr.shape, shape))):
        want = ", ".join("n" if i == 0 and s is None else ("any" if s is None else str(s)) for i, s in enumerate(shape))
        raise ValueError(f"{name} must have shape ({want}{',' if len(shape) == 1 else ''}), got {arr.shape}")
    if arr.size == 0 and not allow_empty:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    arr = arr.astype(dtype, copy=False)
    if arr.size and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values")
    if arr.size and ((low is not None and arr.min() < low) or (high is not None and arr.max() > high)):
        want = f"in [{low:g}, {high:g}]" if low is not None and high is not None else (
            f">= {low:g}" if low is not None else f"<= {high:g}")
        raise ValueError(f"{name} must hold values {want}, got values in [{arr.min():.4g}, {arr.max():.4g}]")
    return arr


# ---------------------------------------------------------------------------------------------
# tensors for models (strict: NumPy/list input goes through as_real_array) and existing paths
# ---------------------------------------------------------------------------------------------
def as_float_tensor(x, name: str, shape: tuple | None = None, ndim: int | tuple[int, ...] | None = None,
                    allow_empty: bool = False, low: float | None = None, high: float | None = None):
    """``x`` as a finite float32 torch tensor, for a model or a loss.

    A float32 tensor is returned as is (so gradients flow through it) and other real tensors are
    converted; NumPy arrays, scalars and nested lists go through ``as_real_array``: strings, objects, booleans and complex numbers are refused instead of
    converted. ``shape``: a tuple with ``None`` for any size; ``ndim``: the allowed numbers of
    dimensions; ``low``/``high``: the allowed range of the values. Errors name ``name``.
    """
    import torch

    if isinstance(x, torch.Tensor):
        if x.dtype == torch.bool or x.is_complex():
            raise TypeError(f"{name} must hold real numbers, got dtype {x.dtype}")
        if x.dtype != torch.float32:
            x = x.to(torch.float32)
    elif isinstance(x, (np.ndarray, list, tuple, numbers.Real, np.generic)) and not isinstance(x, (bool, str, bytes)):
        x = torch.from_numpy(np.ascontiguousarray(as_real_array(x, name, allow_empty=True, dtype=np.float32)))
    else:
        raise TypeError(f"{name} must be a torch tensor or a numpy array, got {type(x).__name__}")
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if x.ndim not in allowed:
            raise ValueError(f"{name} must have {' or '.join(map(str, allowed))} dimension(s), got shape "
                             f"{tuple(x.shape)}")
    if shape is not None and (x.ndim != len(shape) or any(s is not None and d != s for d, s in zip(x.shape, shape))):
        want = ", ".join("n" if i == 0 and s is None else ("any" if s is None else str(s)) for i, s in enumerate(shape))
        raise ValueError(f"{name} must have shape ({want}{',' if len(shape) == 1 else ''}), got {tuple(x.shape)}")
    if x.numel() == 0 and not allow_empty:
        raise ValueError(f"{name} must not be empty, got shape {tuple(x.shape)}")
    if not torch.isfinite(x).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    if x.numel() and ((low is not None and float(x.min()) < low) or (high is not None and float(x.max()) > high)):
        want = f"in [{low:g}, {high:g}]" if low is not None and high is not None else (
            f">= {low:g}" if low is not None else f"<= {high:g}")
        raise ValueError(f"{name} must hold values {want}, got values in [{float(x.min()):.4g}, {float(x.max()):.4g}]")
    return x


def check_existing_path(x, name: str = "path", kind: str = "file"):
    """``check_path``, and the path must be an existing file (``kind="file"``) or folder (``kind="dir"``);
    otherwise a ``MissingFileError`` (a ``FileNotFoundError`` that is also a ``ValueError``) naming ``name``."""
    path = check_path(x, name)
    if not (path.is_file() if kind == "file" else path.is_dir()):
        what = "an existing file" if kind == "file" else "an existing folder"
        found = "a folder" if path.is_dir() else ("a file" if path.exists() else "nothing")
        raise MissingFileError(f"{name} must be {what}, got {str(path)!r} ({found} there)")
    return path


def as_real_tensor(x, name: str, ndim: int | tuple[int, ...] | None = None, allow_empty: bool = False):
    """A finite real torch tensor for a loss or a penalty: a floating tensor keeps its dtype and its graph
    (so gradients flow through it and float64 stays float64); integer tensors, NumPy arrays, lists and
    numbers become float32 tensors (``as_float_tensor``). Errors name ``name``."""
    import torch

    if not isinstance(x, torch.Tensor) or not x.is_floating_point():
        return as_float_tensor(x, name, ndim=ndim, allow_empty=allow_empty)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if x.ndim not in allowed:
            raise ValueError(f"{name} must have {' or '.join(map(str, allowed))} dimension(s), got shape "
                             f"{tuple(x.shape)}")
    if x.numel() == 0 and not allow_empty:
        raise ValueError(f"{name} must not be empty, got shape {tuple(x.shape)}")
    if not torch.isfinite(x.detach()).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    return x


def check_restarts(restarts, total: int, name: str = "restarts") -> dict:
    """A warm-restart plan {at: seed} checked: 0 < at < total (steps or epochs), each seed an int >= 0
    or a generator. None means no restarts ({})."""
    if restarts is None:
        return {}
    if not isinstance(restarts, dict):
        raise TypeError(f"{name} must be a dict {{step: seed}} or None, got {type(restarts).__name__}")
    out = {}
    for at, seed in restarts.items():
        at = check_positive_int(at, f"{name} step")
        if at >= total:
            raise ValueError(f"{name}: a restart after {at} must fall inside the training ({total})")
        out[at] = seed if not isinstance(seed, numbers.Integral) or isinstance(seed, bool) else \
            check_positive_int(seed, f"{name} seed", minimum=0)
    return out


def as_numeric_array(x, name: str, what: str = "an array of numbers") -> np.ndarray:
    """``x`` as a NumPy array of numbers or booleans (a torch tensor is converted), without casting;
    None, strings and non-numeric arrays get a TypeError naming ``name`` and ``what`` was expected."""
    if x is None or isinstance(x, (str, bytes)):
        raise TypeError(f"{name} must be {what}, got {type(x).__name__}")
    if hasattr(x, "detach") and hasattr(x, "numpy"):  # a torch tensor
        x = x.detach().cpu().numpy()
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be {what}") from None
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be {what}, got dtype {arr.dtype}")
    return arr


# ---------------------------------------------------------------------------------------------
# values logged in a training history, and seeds for the global RNGs
# ---------------------------------------------------------------------------------------------
def check_log_value(x, name: str):
    """A value for a training history: a real number (Python or NumPy scalar, or a 0-d real array or
    tensor). Returned as the history stores it: a Python int stays an int, anything else becomes a
    float. NaN/inf are kept (a diverging run is recorded, and refused by the trainer). Booleans,
    strings, None, complex numbers and containers get a TypeError naming ``name``."""
    if isinstance(x, int) and not isinstance(x, bool):
        return x
    ok = isinstance(x, numbers.Real) and not isinstance(x, (bool, np.bool_))
    if not ok and hasattr(x, "ndim") and hasattr(x, "dtype") and x.ndim == 0:
        kind = getattr(x.dtype, "kind", None)
        ok = kind in ("i", "u", "f") if kind is not None else (
            not x.is_complex() and str(x.dtype) != "torch.bool")  # a torch tensor
    if not ok:
        raise TypeError(f"{name} must be a real number (a scalar), got {type(x).__name__} {x!r:.60}")
    return float(x)


def check_global_seed(x, name: str = "seed") -> int:
    """An int in [0, 2**32): what ``random``, NumPy's global RNG and torch all accept."""
    x = check_positive_int(x, name, minimum=0)
    if x >= 2**32:
        raise ValueError(f"{name} must be an integer in [0, 2**32) (NumPy's global RNG's range), got {x}")
    return x
