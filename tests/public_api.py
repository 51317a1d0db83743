"""A battery of bad and edge inputs for every public callable of course_lib (helper of test_public_api.py).

The issue's requirement: every public callable rejects bad input (NaN/inf, wrong shape, dtype or ndim,
strings or None, negative or zero counts, out-of-range parameters, shapes mismatched between
arguments) with a ``ValueError``/``TypeError`` whose message names the argument, and accepts the
valid edge inputs (float64, tensors, NumPy scalars, a batch of 1). This module

1. enumerates every public callable (``public_callables``): each module found by
   ``pkgutil.walk_packages(course_lib.__path__, "course_lib.")`` except private ones (a ``_``
   in the dotted name), its public functions and classes defined there (``__module__`` is the
   module), and the public methods (functions, class- and staticmethods in the class body) of
   those classes; a class stands for its constructor. Key: ``"module:qualname"``, e.g.
   ``"course_lib.rbm:RBM"`` and ``"course_lib.rbm:RBM.fit"``;
2. holds ``SPECS``, one entry per key: a ``Spec`` (how to make one valid call, and the *kind* of
   each argument) or a ``Skip`` (with the reason; only for what cannot run in a test);
3. derives from each kind a list of bad values and of valid edge values, makes one call per value
   (the other arguments valid) and classifies it (``run_battery``).

Classification of a bad call: **clear** = raised ``ValueError`` or ``TypeError`` (or a subclass)
whose message contains the argument's name as a word; **obscure** = any other exception, or a
message that does not name the argument; **silent** = returned normally (flagged ``nan/inf`` or
``wrong shape`` when its result has non-finite numbers, or shapes different from the valid call's
result). An edge call must return without error, with finite numbers (unless the spec says
``nonfinite_ok``), without touching the global RNGs (``random``, NumPy's, torch's) unless the spec
says ``touches_global_rng``; an edge marked *same* (the valid value in another type: np.int64(3)
for 3, float64 or a tensor for a float32 array, a list) must also give the valid call's result.

Writing a spec
--------------
::

    SPECS["course_lib.rbm:RBM.free_energy"] = Spec(
        lambda: call(RBM(6, 3, seed=0).free_energy, v=V8),      # a fresh valid call, tiny and fast
        {"v": Array(("n", 6), dtype="binary")})                  # the kind of every parameter

* the factory returns ``call(fn, **kwargs)``: ``fn`` the callable (a bound method of a fresh
  object for methods, the class for a constructor), ``kwargs`` a valid value for *every* argument
  in the spec (all passed by keyword; ``teardown=`` an optional clean-up run after the call). It
  is called once per test call, so mutation by one call never leaks into the next.
* the dict gives each parameter of the signature a kind (``test_specs_cover_every_parameter``
  checks that none is forgotten; ``self``/``cls`` and ``*args`` are not parameters). Kinds:

  ===========================================  ==================================================
  ``Count(min=1, max=None, dim=None)``         an int >= min (``NonnegInt()`` is ``Count(min=0)``);
                                               ``dim="n"`` ties it to the arrays' dimension "n"
  ``Seed(lib="numpy"|"torch", allow_none)``    an int >= 0 or that library's generator
  ``Generator(allow_none=True)``               a ``torch.Generator`` (or None)
  ``Real(lo, hi, lo_open, hi_open)``           a finite number in the range (``Prob()`` = [0, 1])
  ``Choice(options)``                          one of the options
  ``Bool(allow_none)``, ``Text(...)``          a flag, a string
  ``PathArg(exists=None|"file"|"dir")``        a str/Path (that exists, if told)
  ``Array(shape, dtype, lo, hi, ndim, ...)``   an array; ``shape`` entries: an int (fixed), None
                                               (free) or a name such as ``"n"`` shared between
                                               arguments (their sizes must agree: the harness
                                               also makes mismatched pairs); ``dtype`` "float",
                                               "binary" (0/1), "int" or "label" (class labels)
  ``Images(shape, unit_range)``                a channels-last batch of images (an ``Array``)
  ``Dict()``, ``Callable()``, ``Instance(cls)``, ``Dtype(options)``
  ``Any()``                                    anything is valid (no bad values): data passed
                                               through, or the student's side of a check
  ===========================================  ==================================================

  Every kind takes ``allow_none=`` (None is then valid, not bad), ``bad=[(label, value), ...]``
  and ``edge=[(label, value), ...]`` for values the generic lists miss (``value`` may be a
  function of the valid value, marked with ``of_valid``), ``not_bad=(label, ...)`` to drop
  generic bad values that are valid here (e.g. ``"-inf"`` for a lower bound), and
  ``names=(...)`` for other words an error may use to name the argument.
* options of ``Spec``: ``batch`` (default ``"n"``: the dimension sliced to 1 for the batch-of-1
  edge; None for none), ``nonfinite_ok`` (results may hold inf, e.g. log 0), ``touches_global_rng``,
  ``compare`` (False: *same* edges need not give the valid result, e.g. timings), ``ignore``
  (result fields not compared, default ``("seconds",)``).
* ``Skip("reason")`` instead of a Spec: only for what cannot run in a test (a kernel, an
  exception class); the reasons are listed by ``test_skips_are_few_and_justified``.
* a kind states what the callable *accepts* (its contract): ``NonnegInt()`` where 0 is meaningful
  (an empty sample), ``allow_none=True`` where None is a documented value, ``ndim=(1, 2)`` where
  one row may be given without its batch axis. The generic bad values follow from it.
* factories must be deterministic (module-level constants such as ``BIN8x6``, fixed seeds; never
  a generator shared between calls), and cheap: the whole battery should stay well under 60 s.

Adding a module: write ``_<module>_specs()`` returning ``{key: Spec or Skip}`` (see the ones at
the end of this file), add it to ``SPEC_MAKERS``, run ``python tests/public_api.py course_lib.<module> -v``
until every line is clear, then add the module to ``SPECCED_MODULES``: ``tests/test_public_api.py`` runs the battery over the
specs of those modules, and a public callable added to one of them later without a spec fails
``test_every_public_callable_has_a_spec``. A maker that raises is
reported by ``test_all_spec_makers_ran`` instead of breaking the other modules' specs.

Run ``python tests/public_api.py [module-prefix ...] [-v]`` to print the figures (``-v``: every
call that is not clear, and every failing edge).
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import inspect
import io
import math
import numbers
import pkgutil
import random
import re
import shutil
import sys
import tempfile
import time
import warnings
from collections import OrderedDict
from collections.abc import Callable as _CallableABC
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch

import course_lib

#: Modules whose every public callable must have a spec. Extend it as specs are written.
SPECCED_MODULES = (
    "course_lib.bayes", "course_lib.boltzmann", "course_lib.density", "course_lib.rbm",
    "course_lib.data", "course_lib.data.apples", "course_lib.data.digits", "course_lib.data.mixtures",
    "course_lib.data.shapes", "course_lib.data.faces", "course_lib.latent", "course_lib.checks",
    "course_lib.checkpoints", "course_lib.repro", "course_lib.offline",
)
#: Callables of those modules that are deliberately left without a spec for now (with why).
UNSPECCED_FOR_NOW: dict[str, str] = {}
MIN_CLEAR_SHARE = 0.98


# =============================================================================================
# enumeration
# =============================================================================================
def _is_private(module_name: str) -> bool:
    return any(part.startswith("_") for part in module_name.split("."))


def public_callables() -> tuple[dict[str, object], dict[str, str]]:
    """``({key: callable}, {module: import error})`` over every public module of course_lib."""
    found: dict[str, object] = {}
    errors: dict[str, str] = {}
    names = ["course_lib"] + [m.name for m in pkgutil.walk_packages(
        course_lib.__path__, "course_lib.", onerror=lambda name: errors.setdefault(name, "import failed"))]
    for mod_name in names:
        if _is_private(mod_name):
            continue
        try:
            mod = importlib.import_module(mod_name)
        except Exception as err:  # noqa: BLE001 -- a module being rewritten must not hide the others
            errors[mod_name] = f"{type(err).__name__}: {err}"
            continue
        for name, obj in sorted(vars(mod).items()):
            if name.startswith("_") or getattr(obj, "__module__", None) != mod_name:
                continue
            if inspect.isfunction(obj):
                found[f"{mod_name}:{obj.__qualname__}"] = obj
            elif inspect.isclass(obj):
                found[f"{mod_name}:{obj.__qualname__}"] = obj
                for attr_name in dir(obj):   # its own methods and those inherited from course_lib's (private) bases
                    attr = inspect.getattr_static(obj, attr_name)
                    func = attr.__func__ if isinstance(attr, (staticmethod, classmethod)) else attr
                    if (attr_name.startswith("_") or not inspect.isfunction(func)
                            or not getattr(func, "__module__", "").startswith("course_lib")):
                        continue
                    found[f"{mod_name}:{obj.__qualname__}.{attr_name}"] = getattr(obj, attr_name)
    return found, errors


def module_of(key: str) -> str:
    return key.split(":", 1)[0]


def in_modules(key: str, modules) -> bool:
    return module_of(key) in tuple(modules)


# =============================================================================================
# calls and specs
# =============================================================================================
@dataclass
class Call:
    fn: _CallableABC
    kwargs: dict
    teardown: _CallableABC | None = None


def call(fn, /, teardown=None, **kwargs) -> Call:
    """One valid call: ``fn(**kwargs)``; ``teardown()`` runs after it (temporary files...)."""
    return Call(fn, kwargs, teardown)


@dataclass
class Spec:
    """How to test one callable: ``factory()`` makes a fresh valid ``Call``; ``args`` maps each
    parameter to its kind; the options are described in the module docstring."""

    factory: _CallableABC
    args: dict = field(default_factory=dict)
    batch: str | None = "n"
    nonfinite_ok: bool = False
    touches_global_rng: bool = False
    compare: bool = True
    ignore: tuple = ("seconds",)


@dataclass
class Skip:
    """A callable deliberately left out of the battery, and why."""

    reason: str


# =============================================================================================
# helpers on values
# =============================================================================================
def _is_tensor(x) -> bool:
    return isinstance(x, torch.Tensor)


def _np(x) -> np.ndarray:
    if _is_tensor(x):
        x = x.detach().cpu()
        if x.dtype in (torch.bfloat16, torch.float16):
            x = x.float()
        return x.numpy().copy()
    return np.array(x)


def _like(orig, arr: np.ndarray):
    """``arr`` in the container of ``orig`` (tensor, list or ndarray); dtype follows ``arr``."""
    if _is_tensor(orig):
        return torch.from_numpy(np.array(arr, order="C"))
    if isinstance(orig, (list, tuple)):
        return arr.tolist()
    return arr


def _with_first(orig, value, dtype=None):
    arr = _np(orig)
    arr = arr.astype(dtype or (arr.dtype if arr.dtype.kind == "f" else np.float64))
    if arr.size:
        arr.flat[0] = value
    return _like(orig, arr)


def _resize(orig, axis: int, size: int):
    arr = _np(orig)
    idx = np.minimum(np.arange(size), max(arr.shape[axis] - 1, 0))
    return _like(orig, np.take(arr, idx, axis=axis))


def _short(x, limit: int = 70) -> str:
    if _is_tensor(x) or isinstance(x, np.ndarray):
        arr = x
        dt = str(arr.dtype).replace("torch.", "")
        kind = "tensor" if _is_tensor(x) else "array"
        if arr.ndim == 0 or (arr.numel() if _is_tensor(x) else arr.size) <= 4:
            return f"{kind}({_np(arr).tolist()!r}, {dt})"
        return f"{kind} {tuple(arr.shape)} {dt}"
    s = re.sub(r"\s+", " ", repr(x))
    return s if len(s) <= limit else s[: limit - 3] + "..."


def _apply(value, valid):
    return value(valid) if callable(value) and not isinstance(value, type) and getattr(
        value, "_is_value_fn", False) else value


def of_valid(fn):
    """Mark ``fn`` as a function of the valid value (for ``bad=``/``edge=`` entries)."""
    fn._is_value_fn = True
    return fn


# =============================================================================================
# kinds
# =============================================================================================
class Kind:
    """An argument's kind: which values are bad and which are valid edge cases."""

    def __init__(self, allow_none: bool = False, bad=(), edge=(), names=(), not_bad=()):
        self.allow_none = allow_none
        self.extra_bad = list(bad)
        self.extra_edge = list(edge)
        self.names = tuple(names)
        self.not_bad = tuple(not_bad)

    # lists of (label, value) / (label, value, same)
    def bad(self, valid) -> list:
        out = [] if self.allow_none else [("None", None)]
        out = [(lbl, v) for lbl, v in out + self._bad(valid) if lbl not in self.not_bad]
        return out + [(lbl, _apply(v, valid)) for lbl, v in self.extra_bad]

    def edge(self, valid) -> list:
        return self._edge(valid) + [(lbl, _apply(v, valid), False) for lbl, v in self.extra_edge]

    def _bad(self, valid) -> list:
        return []

    def _edge(self, valid) -> list:
        return []

    def dims(self) -> tuple:
        """The named dimensions of this argument, as ``((axis, name), ...)``."""
        return ()


class Any(Kind):
    """Anything goes (the argument is data passed through, or the student's side of a check)."""

    def __init__(self, **kw):
        super().__init__(allow_none=True, **kw)


class Count(Kind):
    def __init__(self, min: int = 1, max: int | None = None, dim: str | None = None, edge_min: bool = True, **kw):
        super().__init__(**kw)
        self.min, self.max, self.dim, self.edge_min = min, max, dim, edge_min

    def _bad(self, valid):
        out = [("string", str(valid)), ("float 2.5", 2.5), ("bool True", True), ("nan", float("nan")),
               ("np.float64(3.0)", np.float64(3.0)), ("array", np.array([valid])),
               (f"{self.min - 1} (below min {self.min})", self.min - 1)]
        if self.min - 1 != -1:
            out.append(("-1", -1))
        if self.max is not None:
            out.append((f"{self.max + 1} (above max {self.max})", self.max + 1))
        return out

    def _edge(self, valid):
        if valid is None:
            return []
        out = [("np.int64", np.int64(valid), True), ("np.int32", np.int32(valid), True)]
        if self.edge_min and self.dim is None and valid != self.min:
            out.append((f"minimum {self.min}", self.min, False))
        return out


def NonnegInt(**kw) -> Count:  # noqa: N802 -- reads as a kind
    return Count(min=0, **kw)


class Seed(Kind):
    def __init__(self, lib: str = "numpy", **kw):
        super().__init__(**kw)
        self.lib = lib

    def _bad(self, valid):
        other = torch.Generator().manual_seed(0) if self.lib == "numpy" else np.random.default_rng(0)
        out = [("-1", -1), ("float 1.5", 1.5), ("string", "0"), ("bool True", True),
               (f"a {type(other).__module__.split('.')[0]} generator", other)]
        if self.lib == "numpy":
            out.append(("legacy RandomState", np.random.RandomState(0)))
        return out

    def _edge(self, valid):
        gen = np.random.default_rng(5) if self.lib == "numpy" else torch.Generator().manual_seed(5)
        out = [("generator", gen, False), ("2**32 + 1", 2 ** 32 + 1, False)]
        if isinstance(valid, numbers.Integral) and not isinstance(valid, bool):
            out.append(("np.int64", np.int64(valid), True))
        return out


class Generator(Kind):
    def __init__(self, allow_none: bool = True, **kw):
        super().__init__(allow_none=allow_none, **kw)

    def _bad(self, valid):
        return [("int 3", 3), ("string", "gen"), ("a numpy generator", np.random.default_rng(0)), ("float", 1.5)]

    def _edge(self, valid):
        return [("a fresh generator", torch.Generator().manual_seed(7), False)]


class Real(Kind):
    def __init__(self, lo=None, hi=None, lo_open: bool = False, hi_open: bool = False, **kw):
        super().__init__(**kw)
        self.lo, self.hi, self.lo_open, self.hi_open = lo, hi, lo_open, hi_open

    def ok(self, x) -> bool:
        return not ((self.lo is not None and (x <= self.lo if self.lo_open else x < self.lo))
                    or (self.hi is not None and (x >= self.hi if self.hi_open else x > self.hi)))

    def _bad(self, valid):
        out = [("string", str(valid)), ("bool True", True), ("nan", float("nan")), ("inf", float("inf")),
               ("-inf", float("-inf")), ("np.float64 nan", np.float64("nan")),
               ("array", np.array([valid if valid is not None else 0.5])), ("complex", 1j)]
        if self.lo is not None:
            if self.lo_open:
                out.append((f"{self.lo} (open end)", self.lo))
            out.append((f"{self.lo - 1} (below {self.lo})", self.lo - 1))
        if self.hi is not None:
            if self.hi_open:
                out.append((f"{self.hi} (open end)", self.hi))
            out.append((f"{self.hi + 1} (above {self.hi})", self.hi + 1))
        return [(lbl, v) for lbl, v in out if lbl.startswith(("string", "bool", "array", "complex", "np.float64"))
                or (isinstance(v, float) and not math.isfinite(v)) or not self.ok(v)]

    def _edge(self, valid):
        if valid is None:
            return []
        v = float(valid)
        out = [("np.float64", np.float64(v), True), ("np.float32", np.float32(v), False)]
        if v == int(v):
            out += [("int", int(v), True), ("np.int64", np.int64(int(v)), True)]
        else:
            for cand in (round(v), math.floor(v), math.ceil(v)):
                if self.ok(cand):
                    out.append((f"int {cand}", int(cand), False))
                    break
        return out


def Prob(**kw) -> Real:  # noqa: N802
    return Real(0.0, 1.0, **kw)


class Choice(Kind):
    def __init__(self, options, **kw):
        super().__init__(**kw)
        self.options = tuple(options)

    def _bad(self, valid):
        out = [("unknown option", "no-such-option"), ("int 1", 1), ("list", [valid])]
        if isinstance(valid, str) and valid.upper() != valid and valid.upper() not in self.options:
            out.append(("upper case", valid.upper()))
        return out

    def _edge(self, valid):
        return [("np.str_", np.str_(valid), True)] if isinstance(valid, str) else []


class Bool(Kind):
    def _bad(self, valid):
        return [("string 'False'", "False"), ("string 'yes'", "yes"), ("float 1.5", 1.5),
                ("bool array", np.array([True, False]))]

    def _edge(self, valid):
        return [] if valid is None else [("np.bool_", np.bool_(valid), True)]


class Text(Kind):
    def __init__(self, allow_empty: bool = True, **kw):
        super().__init__(**kw)
        self.allow_empty = allow_empty

    def _bad(self, valid):
        out = [("int", 3), ("bytes", b"abc"), ("list", ["a"])]
        return out if self.allow_empty else out + [("empty string", "")]

    def _edge(self, valid):
        return [("np.str_", np.str_(valid), True)] if isinstance(valid, str) and valid else []


class PathArg(Kind):
    """A file path: a str or ``pathlib.Path``; ``exists="file"``/``"dir"`` if it must exist."""

    def __init__(self, exists: str | None = None, **kw):
        super().__init__(**kw)
        self.exists = exists

    def _bad(self, valid):
        out = [("int", 3), ("empty string", ""), ("float", 1.5), ("list", ["a", "b"]), ("bytes", b"x")]
        if self.exists:
            base = Path(valid).parent if valid is not None else Path(tempfile.gettempdir())
            out.append(("a missing path", str(base / "no_such_file_or_folder.xyz")))
        return out

    def _edge(self, valid):
        if valid is None:
            return []
        return [("str", str(valid), True)] if isinstance(valid, Path) else [("Path", Path(valid), True)]


class Callable(Kind):
    def _bad(self, valid):
        return [("string", "f"), ("int", 3)]


class Dict(Kind):
    def _bad(self, valid):
        return [("string", "abc"), ("list of pairs", [("a", 1)]), ("int", 3)]

    def _edge(self, valid):
        return [("OrderedDict", OrderedDict(valid), True)] if isinstance(valid, dict) else []


class Instance(Kind):
    def __init__(self, cls, **kw):
        super().__init__(**kw)
        self.cls = cls

    def _bad(self, valid):
        return [("string", "model"), ("object()", object()), ("the class itself", self.cls)]


class Dtype(Kind):
    def __init__(self, options=(torch.float32, torch.float64), **kw):
        super().__init__(**kw)
        self.options = tuple(options)

    def _bad(self, valid):
        out = [("string", "float32"), ("numpy dtype", np.float64), ("python type", float)]
        return out + [(f"{d}", d) for d in (torch.int64, torch.float16) if d not in self.options]


class Array(Kind):
    """An array argument. ``shape``: the valid value's shape as a tuple of int (fixed), None (any)
    or a dimension name shared between arguments. ``dtype``: "float", "binary", "int", "label".
    ``ndim``: every number of dimensions accepted (default: only ``len(shape)``; "any": any)."""

    def __init__(self, shape=None, dtype: str = "float", lo=None, hi=None, ndim=None,
                 allow_empty: bool = False, **kw):
        super().__init__(**kw)
        self.shape = tuple(shape) if shape is not None else None
        self.dtype, self.lo, self.hi, self.allow_empty = dtype, lo, hi, allow_empty
        if ndim == "any" or (ndim is None and self.shape is None):
            self.ndim = None
        else:
            self.ndim = tuple(ndim) if ndim is not None else (len(self.shape),)

    def dims(self):
        return tuple((i, s) for i, s in enumerate(self.shape or ()) if isinstance(s, str))

    def _bad(self, valid):
        a = _np(valid)
        out = [("string", "abc")]
        numeric = self.dtype != "label" or a.dtype.kind in "iuf"
        if self.ndim is not None:
            lo_nd, hi_nd = min(self.ndim), max(self.ndim)
            out.append((f"{hi_nd + 1}-D", _like(valid, a.reshape((1,) * (hi_nd + 1 - a.ndim) + a.shape))))
            if lo_nd >= 1:
                low = a[(0,) * (a.ndim - lo_nd + 1)]
                out.append((f"{lo_nd - 1}-D", _like(valid, np.asarray(low)) if lo_nd > 1 else low))
                if lo_nd > 1:
                    out.append(("a scalar", 0.5))
        if a.ndim >= 1 and not self.allow_empty:
            out.append(("empty", _like(valid, a[:0])))
            if a.ndim >= 2:
                out.append(("no columns", _like(valid, a[..., :0])))
        if a.ndim >= 1 and a.size >= 2:
            rows = a.tolist()
            out.append(("a list with None", [None] + rows[1:]))
            if a.ndim >= 2 and a.shape[-1] >= 2:
                out.append(("a ragged list", [rows[0][:-1]] + rows[1:]))
        if numeric:
            out += [("NaN inside", _with_first(valid, np.nan)), ("inf inside", _with_first(valid, np.inf))]
            if a.size >= 2:
                last = a.astype(np.float64)
                last.flat[-1] = np.nan
                out.append(("a tensor with NaN last", torch.from_numpy(last)))
        if self.dtype in ("float", "binary", "int"):
            out += [("object array", np.array(a, dtype=object)), ("array of strings", a.astype(str)),
                    ("complex array", a.astype(complex) + 1j)]
        if self.dtype in ("float", "int"):
            out.append(("bool array", a != 0))
        if self.dtype == "binary":
            out += [("value 0.5", _with_first(valid, 0.5)), ("value 2", _with_first(valid, 2.0))]
        if self.dtype == "int":
            out.append(("value 0.5", _with_first(valid, 0.5)))
        if self.lo is not None:
            out.append((f"value below {self.lo}", _with_first(valid, self.lo - 1)))
        if self.hi is not None:
            out.append((f"value above {self.hi}", _with_first(valid, self.hi + 1)))
        for axis, s in enumerate(self.shape or ()):
            if isinstance(s, int) and not isinstance(s, bool) and axis < a.ndim:
                out.append((f"axis {axis} of size {s + 1} (want {s})", _resize(valid, axis, s + 1)))
        return out

    def _edge(self, valid):
        a = _np(valid)
        out = []
        if self.dtype in ("float", "binary", "int") or a.dtype.kind in "iuf":
            if a.dtype.kind == "f" or self.dtype in ("float",):
                out += [("float64 array", a.astype(np.float64), True), ("float32 array", a.astype(np.float32), True),
                        ("float32 tensor", torch.from_numpy(a.astype(np.float32)), True),
                        ("float64 tensor", torch.from_numpy(a.astype(np.float64)), True)]
            if self.dtype in ("binary", "int", "label") and np.all(a == np.round(a)):
                out += [("int64 array", a.astype(np.int64), True), ("int32 array", a.astype(np.int32), True)]
            if self.dtype == "binary":
                out += [("bool array", a.astype(bool), True), ("float64 array", a.astype(np.float64), True),
                        ("float64 tensor", torch.from_numpy(a.astype(np.float64)), True)]
        if a.ndim >= 1:
            out.append(("nested list", a.tolist(), True))
        if a.ndim >= 2:
            out.append(("Fortran order", np.asfortranarray(a), True))
        return out


class Images(Array):
    """A channels-last batch of images: (n, h, w) or (n, h, w, c) (an ``Array`` with image bads)."""

    def __init__(self, shape=("n", None, None), unit_range: bool = True, channels=(1, 3), **kw):
        super().__init__(shape, "float", lo=0.0 if unit_range else None, hi=1.0 if unit_range else None,
                         ndim=kw.pop("ndim", (3, 4)), **kw)
        self.channels = tuple(channels)

    def _bad(self, valid):
        a = _np(valid)
        out = super()._bad(valid)
        out += [("a file name", "face.png"), ("a Path", Path("face.png")), ("one image, no batch axis", a[0])]
        wrong_c = next(c for c in (2, 5) if c not in self.channels)
        base = a if a.ndim == 3 else a[..., 0]
        out.append((f"{wrong_c} channels", np.repeat(base[..., None], wrong_c, axis=-1)))
        if self.hi == 1.0:
            out.append(("0..255 pixels", a * 255 + 2))
        return out


# =============================================================================================
# running calls
# =============================================================================================
@dataclass
class Outcome:
    key: str
    arg: str
    label: str
    value: str
    status: str          # bad calls: clear / obscure / silent; edge calls: ok / fail
    detail: str = ""
    flag: str = ""       # silent: "nan/inf" or "wrong shape"

    def line(self) -> str:
        flag = f" [{self.flag}]" if self.flag else ""
        detail = re.sub(r"\s+", " ", self.detail)[:300]
        return f"{self.key} {self.arg}={self.value} ({self.label}): {self.status}{flag} -- {detail}"


def _leaves(x, path: str = "result", depth: int = 0, ignore=()):
    """(path, np.ndarray) for every numeric or string leaf of a result."""
    if depth > 4:
        return
    if _is_tensor(x) or isinstance(x, np.ndarray):
        yield path, _np(x)
    elif isinstance(x, (bool, np.bool_, str, bytes)) or x is None:
        return
    elif isinstance(x, (numbers.Number, np.generic)):
        yield path, np.asarray(x)
    elif isinstance(x, dict):
        for k, v in x.items():
            if k not in ignore:
                yield from _leaves(v, f"{path}[{k!r}]", depth + 1, ignore)
    elif isinstance(x, (list, tuple)):
        for i, v in enumerate(x[:50]):
            yield from _leaves(v, f"{path}[{i}]", depth + 1, ignore)
    elif dataclasses.is_dataclass(x) and not isinstance(x, type):
        for f in dataclasses.fields(x):
            if f.name not in ignore:
                yield from _leaves(getattr(x, f.name), f"{path}.{f.name}", depth + 1, ignore)
    elif type(x).__module__.startswith("course_lib") and hasattr(x, "__dict__") and depth == 0:
        for k, v in vars(x).items():
            if not k.startswith("_") and k not in ignore:
                yield from _leaves(v, f"{path}.{k}", depth + 1, ignore)


def _nonfinite(leaves) -> str:
    for path, a in leaves:
        if a.dtype.kind in "fc" and not np.all(np.isfinite(a)):
            return path
    return ""


def _shapes(leaves) -> dict:
    return {p: a.shape for p, a in leaves}


def _same(a_leaves, b_leaves) -> str:
    """'' if the two results agree, else what differs."""
    a, b = dict(a_leaves), dict(b_leaves)
    if set(a) != set(b):
        return f"different fields {sorted(set(a) ^ set(b))[:3]}"
    for p, x in a.items():
        y = b[p]
        if x.shape != y.shape:
            return f"{p} has shape {y.shape} instead of {x.shape}"
        if x.dtype.kind in "biufc" and y.dtype.kind in "biufc":
            if not np.allclose(x.astype(np.complex128), y.astype(np.complex128), rtol=1e-4, atol=1e-5, equal_nan=True):
                return f"{p} differs from the valid call's result"
        elif not np.array_equal(x, y):
            return f"{p} differs from the valid call's result"
    return ""


def _rng_state():
    return (random.getstate(), np.random.get_state()[1].tobytes(), bytes(torch.get_rng_state().numpy()))


@contextlib.contextmanager
def _sandbox():
    """Silence output and warnings, run in an empty temporary working folder (a bad path such as ""
    must not write into the repository), restore the global RNGs, torch's threads and the network guard."""
    from course_lib import offline

    states = (random.getstate(), np.random.get_state(), torch.get_rng_state())
    threads, blocked = torch.get_num_threads(), offline.network_blocked()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()), \
            warnings.catch_warnings(), tempfile.TemporaryDirectory(prefix="public_api_cwd_") as cwd, \
            contextlib.chdir(cwd):
        warnings.simplefilter("ignore")
        try:
            yield
        finally:
            random.setstate(states[0])
            np.random.set_state(states[1])
            torch.set_rng_state(states[2])
            if torch.get_num_threads() != threads:
                torch.set_num_threads(threads)
            if offline.network_blocked() and not blocked:
                offline.allow_network()


class HarnessError(Exception):
    """A spec that cannot build its call (reported as a failing edge of that spec)."""


def _invoke(spec: Spec, replace=None):
    """Build a fresh valid call, replace some arguments, run it: ``(result, error, rng_touched, seconds)``.

    ``replace(valid_kwargs) -> {name: value}`` derives the replacements from this call's own valid
    values (so a value derived from a temporary file of the call points into the call's own folder).
    """
    result, error = None, None
    t0 = time.perf_counter()
    with _sandbox():
        try:
            c = spec.factory()
            kwargs = dict(c.kwargs)
            if replace is not None:
                kwargs.update(replace(dict(c.kwargs)))
        except Exception as err:  # noqa: BLE001 -- the spec is broken, not the callable
            raise HarnessError(f"the factory or a value derived from it raised {type(err).__name__}: {err}") from err
        before = _rng_state()
        try:
            result = c.fn(**kwargs)
        except BaseException as err:  # noqa: BLE001 -- SystemExit and KeyboardInterrupt-like too
            if isinstance(err, KeyboardInterrupt):
                raise
            error = err
        touched = _rng_state() != before
        if c.teardown is not None:
            c.teardown()
    return result, error, touched, time.perf_counter() - t0


def _named(err: BaseException, names) -> bool:
    msg = str(err)
    return any(re.search(rf"(?<![A-Za-z0-9_]){re.escape(n)}(?![A-Za-z0-9_])", msg) for n in names)


def bad_values(spec: Spec, valid_kwargs: dict) -> list:
    """(arg, label, value, make) for every bad value of every argument, mismatched dimensions included;
    ``make(kwargs)`` makes the same bad value from another call's valid values."""
    out = []
    for name, kind in spec.args.items():
        for j, (label, value) in enumerate(kind.bad(valid_kwargs[name])):
            out.append((name, label, value, lambda kw, name=name, kind=kind, j=j: kind.bad(kw[name])[j][1]))
    for dim, places in _dim_places(spec).items():
        if len(places) < 2:
            continue
        for name, axis in places:
            valid = valid_kwargs[name]
            if valid is None:
                continue
            if axis is None:  # a Count tied to the dimension
                out.append((name, f"'{dim}' mismatched with the arrays ({valid + 1})", valid + 1,
                            lambda kw, name=name: kw[name] + 1))
            else:
                size = _np(valid).shape[axis]
                out.append((name, f"'{dim}' mismatched (axis {axis} of size {size + 1})",
                            _resize(valid, axis, size + 1),
                            lambda kw, name=name, axis=axis: _resize(kw[name], axis, _np(kw[name]).shape[axis] + 1)))
    return out


def _dim_places(spec: Spec) -> dict:
    places: dict = {}
    for name, kind in spec.args.items():
        for axis, dim in kind.dims():
            places.setdefault(dim, []).append((name, axis))
        if isinstance(kind, Count) and kind.dim:
            places.setdefault(kind.dim, []).append((name, None))
    return places


def _batch_of_one(places, kw: dict) -> dict:
    return {name: 1 if axis is None else _like(kw[name], np.take(_np(kw[name]), [0], axis=axis))
            for name, axis in places if kw[name] is not None}


def edge_values(spec: Spec, valid_kwargs: dict) -> list:
    """(replacements, arg, label, same, make) for every valid edge input, the batch of 1 included;
    ``make(kwargs)`` makes the same replacements from another call's valid values."""
    out = [({}, "-", "the valid call", True, None)]
    for name, kind in spec.args.items():
        for j, (label, value, same) in enumerate(kind.edge(valid_kwargs[name])):
            out.append(({name: value}, name, label, same,
                        lambda kw, name=name, kind=kind, j=j: {name: kind.edge(kw[name])[j][1]}))
    places = _dim_places(spec).get(spec.batch, []) if spec.batch else []
    repl = _batch_of_one(places, valid_kwargs)
    if repl:
        out.append((repl, ",".join(repl), f"a batch of 1 ('{spec.batch}' = 1)", False,
                    lambda kw: _batch_of_one(places, kw)))
    return out


@dataclass
class Report:
    bad: list = field(default_factory=list)
    edge: list = field(default_factory=list)
    skipped: dict = field(default_factory=dict)
    seconds: float = 0.0

    def counts(self, modules=None) -> dict:
        rows = [o for o in self.bad if modules is None or in_modules(o.key, modules)]
        c = {s: sum(o.status == s for o in rows) for s in ("clear", "obscure", "silent")}
        c["total"] = len(rows)
        c["silent_bad"] = sum(o.status == "silent" and bool(o.flag) for o in rows)
        c["share"] = c["clear"] / c["total"] if c["total"] else 1.0
        edges = [o for o in self.edge if modules is None or in_modules(o.key, modules)]
        c["edges"], c["edge_failures"] = len(edges), sum(o.status != "ok" for o in edges)
        return c

    def summary(self) -> str:
        mods = sorted({module_of(o.key) for o in self.bad + self.edge})
        lines = [f"{'module':28s} {'bad':>5s} {'clear':>6s} {'obscure':>8s} {'silent':>7s} {'(nan/shape)':>11s}"
                 f" {'clear %':>8s} {'edges':>6s} {'edge fail':>9s}"]
        for m in mods + [None]:
            c = self.counts(None if m is None else (m,))
            lines.append(f"{m or 'ALL':28s} {c['total']:5d} {c['clear']:6d} {c['obscure']:8d} {c['silent']:7d} "
                         f"{c['silent_bad']:11d} {100 * c['share']:7.1f}% {c['edges']:6d} {c['edge_failures']:9d}")
        lines.append(f"({len(self.skipped)} skipped; {self.seconds:.1f} s)")
        return "\n".join(lines)


def run_spec(key: str, spec: Spec, report: Report) -> None:
    try:
        with _sandbox():
            base = spec.factory()
            valid_kwargs = dict(base.kwargs)
            if base.teardown is not None:
                base.teardown()
    except Exception as err:  # noqa: BLE001 -- a broken factory is reported, the others still run
        report.edge.append(Outcome(key, "-", "the factory", "-", "fail", f"raised {type(err).__name__}: {err}"))
        return
    missing = [n for n in spec.args if n not in valid_kwargs]
    if missing:
        report.edge.append(Outcome(key, ",".join(missing), "spec", "-", "fail",
                                   f"the factory gives no valid value for {missing}"))
        return
    try:
        _run_calls(key, spec, report, valid_kwargs)
    except HarnessError as err:
        report.edge.append(Outcome(key, "-", "the spec", "-", "fail", str(err)))
    except Exception as err:  # noqa: BLE001 -- e.g. a kind that cannot derive values from the valid one
        report.edge.append(Outcome(key, "-", "the spec", "-", "fail", f"the harness raised {type(err).__name__}: {err}"))


def _run_calls(key: str, spec: Spec, report: Report, valid_kwargs: dict) -> None:
    names_of = {n: (n,) + k.names for n, k in spec.args.items()}
    ref, err, touched, _ = _invoke(spec)
    if err is not None:
        report.edge.append(Outcome(key, "-", "the valid call", "-", "fail",
                                   f"the valid call raised {type(err).__name__}: {err}"))
        return
    ref_leaves = list(_leaves(ref, ignore=spec.ignore))
    for repl, arg, label, same, make in edge_values(spec, valid_kwargs):
        value = _short(repl[arg]) if arg in repl else "-"
        if make is not None:
            result, err, touched, _ = _invoke(spec, make)
        else:
            result = ref
        if err is not None:
            report.edge.append(Outcome(key, arg, label, value, "fail", f"raised {type(err).__name__}: {err}"))
            continue
        leaves = list(_leaves(result, ignore=spec.ignore))
        problem = ""
        bad_path = _nonfinite(leaves)
        if bad_path and not spec.nonfinite_ok:
            problem = f"{bad_path} holds NaN or inf"
        elif touched and not spec.touches_global_rng:
            problem = "changed the global RNG state (random, numpy or torch)"
        elif same and spec.compare:
            problem = _same(ref_leaves, leaves)
        report.edge.append(Outcome(key, arg, label, value, "fail" if problem else "ok", problem))
    ref_shapes = _shapes(ref_leaves)
    for arg, label, value, make in bad_values(spec, valid_kwargs):
        result, err, _, _ = _invoke(spec, lambda kw, arg=arg, make=make: {arg: make(kw)})
        if err is None:
            leaves = list(_leaves(result, ignore=spec.ignore))
            bad_path = _nonfinite(leaves)
            flag = ""
            if bad_path and not spec.nonfinite_ok:
                flag = "nan/inf"
            elif _shapes(leaves) != ref_shapes:
                flag = "wrong shape"
            report.bad.append(Outcome(key, arg, label, _short(value), "silent", f"returned {_short(result)}", flag))
        elif isinstance(err, (ValueError, TypeError)) and _named(err, names_of[arg]):
            report.bad.append(Outcome(key, arg, label, _short(value), "clear", f"{type(err).__name__}: {err}"))
        else:
            why = "" if not isinstance(err, (ValueError, TypeError)) else " (does not name the argument)"
            report.bad.append(Outcome(key, arg, label, _short(value), "obscure",
                                      f"{type(err).__name__}{why}: {str(err)[:300]}"))


def run_battery(specs: dict | None = None, prefixes=None, modules=None) -> Report:
    """Run every spec of ``specs`` (default ``SPECS``); only those of the modules whose names start
    with one of ``prefixes``, and/or of exactly the ``modules``, if given."""
    specs = SPECS if specs is None else specs
    report = Report()
    t0 = time.perf_counter()
    for key, spec in specs.items():
        if prefixes and not module_of(key).startswith(tuple(prefixes)):
            continue
        if modules is not None and not in_modules(key, modules):
            continue
        if isinstance(spec, Skip):
            report.skipped[key] = spec.reason
            continue
        run_spec(key, spec, report)
    report.seconds = time.perf_counter() - t0
    return report


def parameters(fn) -> list[str]:
    """The named parameters of ``fn`` (a class: of its constructor), without self/cls and *args/**kwargs."""
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return []
    return [p.name for p in sig.parameters.values()
            if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) and p.name not in ("self", "cls")]


# =============================================================================================
# the registry
# =============================================================================================
SPECS: dict[str, Spec | Skip] = {}


def _tmpdir() -> Path:
    return Path(tempfile.mkdtemp(prefix="public_api_"))


def _rmtree(path):
    return lambda: shutil.rmtree(path, ignore_errors=True)


_R = np.random.default_rng(0)
BIN8x6 = (_R.random((8, 6)) < 0.5).astype(np.float32)         # 8 binary rows of 6 units
BIN8x3 = (_R.random((8, 3)) < 0.5).astype(np.float32)
BIN5 = (_R.random((6, 5)) < 0.5).astype(np.float64)           # states of a 5-unit machine
GAUSS = np.concatenate([_R.normal(0, 1, (6, 2)), _R.normal(3, 1, (6, 2))])   # 12 rows, 2 classes
LABELS = np.repeat([0, 1], 6)
CODES = _R.normal(size=(4, 3))
PATH_IMAGES = _R.random((4, 5, 5))
_SCRATCH: list[Path] = []


def _scratch() -> Path:
    """A temporary folder for the whole run (files the read-only specs read)."""
    if not _SCRATCH:
        import atexit

        _SCRATCH.append(_tmpdir())
        atexit.register(_rmtree(_SCRATCH[0]))
    return _SCRATCH[0]


# ----------------------------------------------------------------------------- course_lib.rbm
def _rbm_specs():
    from course_lib.rbm import (
        RBM,
        AISResult,
        ais_betas,
        all_binary_states,
        as_binary_states,
        base_rate_visible_bias,
        blas_backend,
    )

    def rbm6(dtype=torch.float32):
        return RBM(6, 3, seed=0, dtype=dtype)

    V, H = BIN8x6, BIN8x3
    tseed = Seed(lib="torch", allow_none=True)
    states = {"W": torch.randn(6, 3, generator=torch.Generator().manual_seed(1)) * 0.1,
              "a": torch.zeros(6), "b": torch.zeros(3)}

    def state_with(**kw):
        return of_valid(lambda s: {**s, **kw})

    S = {
        "as_binary_states": Spec(
            lambda: call(as_binary_states, x=V, width=6, name="x", dtype=torch.float32),
            {"x": Array(("n", 6), "binary", ndim=(1, 2)), "width": Count(edge_min=False, allow_none=True),
             "name": Text(allow_empty=False),
             "dtype": Dtype((torch.float16, torch.bfloat16, torch.float32, torch.float64, torch.int64, torch.int32,
                             torch.uint8))}),
        "all_binary_states": Spec(
            lambda: call(all_binary_states, n=3, dtype=torch.float32, start=1, stop=6),
            {"n": Count(max=62, edge_min=False), "dtype": Dtype((torch.float16, torch.bfloat16, torch.float32, torch.float64,
                                                 torch.int64, torch.int32, torch.uint8)),
             "start": NonnegInt(bad=[("start >= stop", 6)]),
             "stop": Count(allow_none=True, edge_min=False, bad=[("above 2**n", 9), ("stop <= start", 1)])}),
        "AISResult": Spec(
            lambda: call(AISResult, log_z=1.0, log_z_low=0.5, log_z_high=1.5, log_weights=np.zeros(4),
                         log_z_base=0.2, n_betas=10, seconds=0.1),
            {"log_z": Real(), "log_z_low": Real(bad=[], not_bad=("-inf",)), "log_z_high": Real(),
             "log_weights": Array((None,)), "log_z_base": Real(), "n_betas": Count(), "seconds": Real(lo=0)},
            compare=False),
        "ais_betas": Spec(lambda: call(ais_betas, n_betas=20), {"n_betas": Count(min=3)}),
        "base_rate_visible_bias": Spec(
            lambda: call(base_rate_visible_bias, X=V, smoothing=1.0),
            {"X": Array(("n", None), "binary", ndim=(1, 2)), "smoothing": Real(lo=0)}),
        "RBM": Spec(
            lambda: call(RBM, n_visible=6, n_hidden=3, seed=0, init_std=0.01, dtype=torch.float32),
            {"n_visible": Count(), "n_hidden": Count(), "seed": Seed("torch"), "init_std": Real(lo=0),
             "dtype": Dtype()}),
        "RBM.state_dict": Spec(lambda: call(rbm6().state_dict), {}),
        "RBM.from_state_dict": Spec(
            lambda: call(RBM.from_state_dict, state=dict(states), seed=0, dtype=None),
            {"state": Dict(bad=[("no 'b'", of_valid(lambda s: {k: v for k, v in s.items() if k != "b"})),
                                ("NaN in W", state_with(W=_with_first(states["W"], np.nan))),
                                ("inf in a", state_with(a=_with_first(states["a"], np.inf))),
                                ("a of the wrong length", state_with(a=torch.zeros(5))),
                                ("W 1-D", state_with(W=torch.zeros(6))),
                                ("strings", state_with(W="abc")),
                                ("bool W", state_with(W=torch.zeros(6, 3, dtype=torch.bool)))],
                           edge=[("float64 tensors", {k: v.double() for k, v in states.items()}),
                                 ("numpy arrays", {k: v.numpy() for k, v in states.items()})]),
             "seed": Seed("torch"), "dtype": Dtype(allow_none=True)}),
        "RBM.energy": Spec(lambda: call(rbm6().energy, v=V, h=H),
                           {"v": Array(("n", 6), "binary", ndim=(1, 2)), "h": Array(("n", 3), "binary", ndim=(1, 2))}),
        "RBM.free_energy": Spec(lambda: call(rbm6().free_energy, v=V), {"v": Array(("n", 6), "binary", ndim=(1, 2))}),
        "RBM.p_h_given_v": Spec(lambda: call(rbm6().p_h_given_v, v=V), {"v": Array(("n", 6), "binary", ndim=(1, 2))}),
        "RBM.p_v_given_h": Spec(lambda: call(rbm6().p_v_given_h, h=H), {"h": Array(("n", 3), "binary", ndim=(1, 2))}),
        "RBM.sample_h": Spec(lambda: call(rbm6().sample_h, v=V, seed=None),
                             {"v": Array(("n", 6), "binary", ndim=(1, 2)), "seed": tseed}),
        "RBM.sample_v": Spec(lambda: call(rbm6().sample_v, h=H, seed=None),
                             {"h": Array(("n", 3), "binary", ndim=(1, 2)), "seed": tseed}),
        "RBM.gibbs": Spec(lambda: call(rbm6().gibbs, v=V, k=2, seed=None),
                          {"v": Array(("n", 6), "binary", ndim=(1, 2)), "k": Count(), "seed": tseed}),
        "RBM.sample": Spec(
            lambda: call(rbm6().sample, n=8, steps=2, v0=V, seed=None, return_probs=True),
            {"n": Count(dim="n"), "steps": Count(), "v0": Array(("n", 6), "binary", allow_none=True),
             "seed": tseed, "return_probs": Bool()}),
        "RBM.reconstruct": Spec(lambda: call(rbm6().reconstruct, v=V, seed=None),
                                {"v": Array(("n", 6), "binary", ndim=(1, 2)), "seed": tseed}),
        "RBM.reconstruction_error": Spec(lambda: call(rbm6().reconstruction_error, v=V, seed=None),
                                         {"v": Array(("n", 6), "binary", ndim=(1, 2)), "seed": tseed}),
        "RBM.pseudo_log_likelihood": Spec(lambda: call(rbm6().pseudo_log_likelihood, v=V, seed=None),
                                          {"v": Array(("n", 6), "binary", ndim=(1, 2)), "seed": tseed}),
        "RBM.log_partition": Spec(lambda: call(rbm6().log_partition, chunk_size=4), {"chunk_size": Count()}),
        "RBM.log_likelihood": Spec(lambda: call(rbm6().log_likelihood, v=V, log_z=5.0),
                                   {"v": Array(("n", 6), "binary", ndim=(1, 2)), "log_z": Real(allow_none=True)}),
        "RBM.ais_log_partition": Spec(
            lambda: call(rbm6().ais_log_partition, n_runs=4, n_betas=10, base_bias=np.zeros(6), data=V, seed=0),
            {"n_runs": Count(min=2), "n_betas": Count(min=3), "base_bias": Array((6,), allow_none=True),
             "data": Array(("n", 6), "binary", ndim=(1, 2), allow_none=True), "seed": Seed("torch")},
            ignore=("seconds", "log_z_low")),
        "RBM.cd_statistics": Spec(lambda: call(rbm6().cd_statistics, v_data=V, v_model=V[::-1].copy()),
                                  {"v_data": Array(("n", 6), "binary", ndim=(1, 2)),
                                   "v_model": Array(("m", 6), "binary", ndim=(1, 2))}),
        "RBM.fit": Spec(
            lambda: call(rbm6().fit, X=V, epochs=2, batch_size=4, lr=0.05, k=1, persistent=False, momentum=0.5,
                         momentum_switch=1, lr_final=0.01, weight_decay=1e-4, init_visible_bias=None, X_val=V[:3],
                         monitor="pll", monitor_every=1, shuffle=True, seed=0, matmul_dtype=None, verbose=False),
            {"X": Array(("n", 6), "binary"), "epochs": Count(), "batch_size": Count(), "lr": Real(lo=0),
             "k": Count(), "persistent": Bool(),
             "momentum": Real(0, 1, bad=[("a triple", (0.5, 0.6, 0.9)), ("a pair with NaN", (0.5, float("nan"))),
                                         ("a pair out of range", (0.5, 1.5)), ("a pair of strings", ("a", "b"))],
                              edge=[("a pair", (0.5, 0.9))]),
             "momentum_switch": NonnegInt(), "lr_final": Real(lo=0, allow_none=True), "weight_decay": Real(lo=0),
             "init_visible_bias": Bool(allow_none=True), "X_val": Array(("m", 6), "binary", ndim=(1, 2), allow_none=True),
             "monitor": Choice(("recon", "pll", "exact", "none")), "monitor_every": Count(), "shuffle": Bool(),
             "seed": Seed("torch", allow_none=True),
             "matmul_dtype": Dtype((torch.bfloat16, torch.float32), allow_none=True), "verbose": Bool()},
            batch=None),
    }
    S["blas_backend"] = Spec(lambda: call(blas_backend), {})
    return {f"course_lib.rbm:{k}": v for k, v in S.items()}


# ----------------------------------------------------------------------------- course_lib.boltzmann
def _boltzmann_specs():
    from course_lib.boltzmann import BoltzmannMachine, state_index
    from course_lib.rbm import RBM

    def bm():
        return BoltzmannMachine(3, 2, seed=0)

    tseed = Seed(lib="torch", allow_none=True)
    S5 = BIN5
    g = torch.Generator().manual_seed(3)
    up = torch.randn(5, 5, generator=g, dtype=torch.float64).triu(1)
    L, c = (up + up.T).numpy(), torch.randn(5, generator=g, dtype=torch.float64).numpy()
    asym = L.copy()
    asym[0, 1] += 1.0
    diag = L + np.eye(5)
    binary = Array(("n", 5), "binary", ndim=(1, 2))
    S = {
        "BoltzmannMachine": Spec(
            lambda: call(BoltzmannMachine, n_visible=3, n_hidden=2, seed=0, scale=1.0),
            {"n_visible": Count(), "n_hidden": NonnegInt(), "seed": Seed("torch"), "scale": Real(lo=0)}),
        "BoltzmannMachine.from_parameters": Spec(
            lambda: call(BoltzmannMachine.from_parameters, L=L, c=c, n_visible=3, seed=0),
            {"L": Array(("u", "u"), bad=[("not symmetric", asym), ("a non-zero diagonal", diag)]),
             "c": Array(("u",)), "n_visible": Count(max=5), "seed": Seed("torch")}),
        "BoltzmannMachine.from_rbm": Spec(lambda: call(BoltzmannMachine.from_rbm, rbm=RBM(3, 2, seed=0), seed=0),
                                          {"rbm": Instance(RBM), "seed": Seed("torch")}),
        "BoltzmannMachine.energy": Spec(lambda: call(bm().energy, s=S5), {"s": binary}),
        "BoltzmannMachine.states": Spec(lambda: call(bm().states), {}),
        "BoltzmannMachine.log_partition": Spec(lambda: call(bm().log_partition), {}),
        "BoltzmannMachine.probabilities": Spec(lambda: call(bm().probabilities), {}),
        "BoltzmannMachine.visible_marginal": Spec(lambda: call(bm().visible_marginal), {}),
        "BoltzmannMachine.hidden_conditional": Spec(lambda: call(bm().hidden_conditional, v=S5[0, :3]),
                                                    {"v": Array((3,), "binary", ndim=(1, 2))}),
        "BoltzmannMachine.factorisation_gap": Spec(lambda: call(bm().factorisation_gap, v=S5[0, :3]),
                                                   {"v": Array((3,), "binary", ndim=(1, 2))}),
        "BoltzmannMachine.p_unit": Spec(lambda: call(bm().p_unit, s=S5, i=2), {"s": binary, "i": NonnegInt(max=4)}),
        "BoltzmannMachine.gibbs_sequential": Spec(
            lambda: call(bm().gibbs_sequential, s=S5, sweeps=2, seed=None, clamp_visible=False),
            {"s": binary, "sweeps": Count(), "seed": tseed, "clamp_visible": Bool()}),
        "BoltzmannMachine.sample": Spec(lambda: call(bm().sample, n=4, sweeps=3, seed=None),
                                        {"n": Count(), "sweeps": Count(), "seed": tseed}),
        "state_index": Spec(lambda: call(state_index, s=S5), {"s": Array(("n", None), "binary", ndim=(1, 2))}),
    }
    return {f"course_lib.boltzmann:{k}": v for k, v in S.items()}


# ----------------------------------------------------------------------------- course_lib.density
def _density_specs():
    from course_lib.density import BernoulliMixture, Categorical

    cats = ("a", "b", "c")

    def dist():
        return Categorical.from_counts([2, 3, 5], categories=cats)

    def mixture(fitted=True):
        m = BernoulliMixture(n_components=2)
        return m.fit(BIN8x6, n_iter=5, seed=0) if fitted else m

    categories = Array(("k",), "label", allow_none=True,
                       bad=[("duplicates", ("a", "a", "c")), ("a string", "abc"), ("None inside", ("a", None, "c")),
                            ("unhashable", [["a"], ["b"], ["c"]])])
    query = Kind(bad=[("NaN", float("nan")), ("unknown", "zzz"), ("empty list", []), ("unhashable", {}),
                      ("None inside", ["a", None]), ("2-D", [["a", "b"]])],
                 edge=[("np.str_", np.str_("b")), ("a list", ["a", "c"]), ("an array", np.array(["a", "b"]))])
    S = {
        "Categorical": Spec(
            lambda: call(Categorical, probs=np.array([0.2, 0.3, 0.5]), categories=cats),
            {"probs": Array(("k",), lo=0, hi=1, bad=[("not summing to 1", [0.5, 0.6, 0.1])]),
             "categories": categories}),
        "Categorical.from_counts": Spec(
            lambda: call(Categorical.from_counts, counts=np.array([2, 3, 5]), categories=cats),
            {"counts": Array(("k",), "int", lo=0, bad=[("all zero", [0, 0, 0])]), "categories": categories}),
        "Categorical.from_observations": Spec(
            lambda: call(Categorical.from_observations, observations=["a", "b", "a", "c", "b", "a"], categories=cats),
            {"observations": Array(("m",), "label", bad=[("unknown category", ["a", "z"]), ("None inside", ["a", None]),
                                                          ("a string", "abc")]),
             "categories": Array(("k",), "label", allow_none=True,
                                 bad=[("a string", "abc"), ("missing an observed one", ("a", "b")),
                                      ("unhashable", [["a"], ["b"], ["c"]]), ("duplicates", ("a", "a", "b", "c"))])}),
        "Categorical.pmf": Spec(lambda: call(dist().pmf, x="b"), {"x": query}),
        "Categorical.log_prob": Spec(lambda: call(dist().log_prob, x="b"), {"x": query}),
        "Categorical.sample": Spec(lambda: call(dist().sample, n=5, seed=0),   # n = 0: an empty sample
                                   {"n": NonnegInt(), "seed": Seed(allow_none=True)}),
        "Categorical.entropy": Spec(lambda: call(dist().entropy), {}),
        "Categorical.as_dict": Spec(lambda: call(dist().as_dict), {}),
        "BernoulliMixture": Spec(lambda: call(BernoulliMixture, n_components=2, eps=1e-3),
                                 {"n_components": Count(), "eps": Real(0, 0.5, lo_open=True, hi_open=True)}),
        "BernoulliMixture.fit": Spec(
            lambda: call(mixture(False).fit, X=BIN8x6, n_iter=5, seed=0, tol=1e-4),
            {"X": Array(("n", None), "binary"), "n_iter": Count(), "seed": Seed(), "tol": Real(lo=0)}, batch=None),
        "BernoulliMixture.log_prob": Spec(lambda: call(mixture().log_prob, X=BIN8x6),
                                          {"X": Array(("n", 6), "binary")}),
        "BernoulliMixture.sample": Spec(lambda: call(mixture().sample, n=4, seed=0),
                                        {"n": NonnegInt(), "seed": Seed(allow_none=True)}),
    }
    return {f"course_lib.density:{k}": v for k, v in S.items()}


# ----------------------------------------------------------------------------- course_lib.bayes
def _bayes_specs():
    from course_lib.bayes import ClassConditionalGaussian

    def fitted():
        return ClassConditionalGaussian().fit(GAUSS, LABELS)

    X = Array(("n", 2))
    S = {
        "ClassConditionalGaussian": Spec(lambda: call(ClassConditionalGaussian, reg=1e-6), {"reg": Real(lo=0)}),
        "ClassConditionalGaussian.fit": Spec(
            lambda: call(ClassConditionalGaussian().fit, X=GAUSS, y=LABELS),
            {"X": Array(("n", None)),
             "y": Array(("n",), "label", bad=[("one class", np.zeros(12, int))],
                        edge=[("string labels", np.where(LABELS == 0, "pear", "apple"))])},
            batch=None),
        "ClassConditionalGaussian.log_joint": Spec(lambda: call(fitted().log_joint, X=GAUSS[:3]), {"X": X}),
        "ClassConditionalGaussian.log_density": Spec(lambda: call(fitted().log_density, X=GAUSS[:3]), {"X": X}),
        "ClassConditionalGaussian.predict_proba": Spec(lambda: call(fitted().predict_proba, X=GAUSS[:3]), {"X": X}),
        "ClassConditionalGaussian.predict": Spec(lambda: call(fitted().predict, X=GAUSS[:3]), {"X": X}),
        "ClassConditionalGaussian.sample": Spec(lambda: call(fitted().sample, n=5, seed=0),
                                                {"n": NonnegInt(), "seed": Seed(allow_none=True)}),
    }
    return {f"course_lib.bayes:{k}": v for k, v in S.items()}


# ----------------------------------------------------------------------------- course_lib.latent
def _latent_specs():
    from course_lib import latent

    z0, z1 = CODES[0], CODES[1]
    ts = np.array([0.0, 0.25, 1.0])
    t = Array(("k",), ndim=(0, 1), edge=[("a number", 0.5), ("np.float64", np.float64(0.5))])
    pair = {"z0": Array(("d",), ndim=(1, 2)), "z1": Array(("d",), ndim=(1, 2))}
    labels = np.array([1, 0, 1, 0])
    table = {"a": labels, "b": np.array([0, 0, 1, 1])}
    S = {
        "lerp": Spec(lambda: call(latent.lerp, z0=z0, z1=z1, t=ts), {**pair, "t": t}),
        "angle": Spec(lambda: call(latent.angle, z0=z0, z1=z1),
                      {**{k: Array(("d",), ndim=(1, 2), bad=[("zero vector", np.zeros(3))]) for k in pair}}),
        "slerp": Spec(lambda: call(latent.slerp, z0=z0, z1=z1, t=ts),
                      {"z0": Array(("d",), ndim=(1, 2), bad=[("zero vector", np.zeros(3))]),
                       "z1": Array(("d",), ndim=(1, 2), bad=[("opposite to z0", -z0)]), "t": t}),
        "interpolate": Spec(lambda: call(latent.interpolate, z0=z0, z1=z1, steps=5, method="slerp"),
                            {**pair, "steps": Count(min=2), "method": Choice(("lerp", "slerp"))}),
        "attribute_vector": Spec(
            lambda: call(latent.attribute_vector, codes=CODES, labels=labels),
            {"codes": Array(("n", "d")),
             "labels": Array(("n",), "binary", bad=[("all ones", np.ones(4))],
                             edge=[("booleans", labels.astype(bool))])},
            batch=None),
        "attribute_vectors": Spec(
            lambda: call(latent.attribute_vectors, codes=CODES, table=dict(table), names=["a", "b"]),
            {"codes": Array(("n", "d")),
             "table": Dict(bad=[("a column of the wrong length", {"a": labels[:3], "b": table["b"]}),
                                ("a non-binary column", {"a": np.array([2, 0, 1, 0]), "b": table["b"]}),
                                ("an empty dict", {})]),
             "names": Kind(allow_none=True, bad=[("unknown name", ["zz"]), ("empty", []), ("int", 3), ("[None]", [None])],
                           edge=[("a single name", "a"), ("a tuple", ("b",))])},
            batch=None),
        "analogy": Spec(
            lambda: call(latent.analogy, z_with=CODES[:2], z_without=CODES[2:], z_target=z0),
            {"z_with": Array(("k", "d"), ndim=(1, 2)), "z_without": Array(("m", "d"), ndim=(1, 2)),
             "z_target": Array(("d",), ndim=(1, 2))}),
        "walk": Spec(lambda: call(latent.walk, z0=z0, direction=z1, ts=ts),
                     {"z0": Array(("d",)), "direction": Array(("d",)), "ts": Array(("k",))}),
        "random_walk": Spec(lambda: call(latent.random_walk, z0=z0, steps=4, step_size=0.1, seed=0),
                            {"z0": Array(("d",)), "steps": Count(), "step_size": Real(lo=0, lo_open=True),
                             "seed": Seed()}),
        "step_sizes": Spec(lambda: call(latent.step_sizes, images=PATH_IMAGES),
                           {"images": Array(("k", None, None), ndim=(2, 3, 4),
                                            bad=[("one image", np.zeros((1, 5, 5)))])}, batch=None),
    }
    return {f"course_lib.latent:{k}": v for k, v in S.items()}


# ----------------------------------------------------------------------------- course_lib.checks
def _checks_specs():
    from course_lib import checks

    cases = [((1.0,), 2.0), ((np.array([1.0, 2.0]),), np.array([2.0, 4.0]))]
    cases_kind = Kind(bad=[("a string", "abc"), ("empty", []), ("a list of numbers", [1, 2]),
                           ("a case without expected", [((1.0,),)]), ("args not a tuple", [(1.0, 2.0)]),
                           ("a dict", {"x": 1})],
                      edge=[("a tuple of lists", tuple([list(c) for c in cases]))])
    tol = Real(lo=0, bad=[("so loose that 10% off passes", 0.5)])
    S = {
        # fn and value are the student's side: a non-function gets "not yet" feedback, never an error
        "check_function": Spec(
            lambda: call(checks.check_function, fn=lambda x: 2 * x, cases=list(cases), name="double",
                         rtol=1e-6, atol=1e-9, hint="multiply", hidden=False),
            {"fn": Any(), "cases": cases_kind, "name": Text(allow_none=True), "rtol": tol, "atol": tol,
             "hint": Text(), "hidden": Bool()}),
        "check_value": Spec(
            lambda: call(checks.check_value, value=2.0, expected=2.0, name="answer", rtol=1e-6, atol=1e-9,
                         hint="two"),
            {"value": Any(), "expected": Any(), "name": Text(), "rtol": tol, "atol": tol, "hint": Text()}),
        "CheckResult": Spec(lambda: call(checks.CheckResult, passed=True), {"passed": Bool()}),
        "grading": Spec(lambda: call(checks.grading), {}),
        "set_language": Spec(lambda: call(checks.set_language, language="ko",
                                          teardown=lambda: setattr(checks, "_language", None)),
                             {"language": Choice(("en", "ko"))}),
        "get_language": Spec(lambda: call(checks.get_language), {}),
        "localise": Spec(lambda: call(checks.localise, text="correct -- f passed 2 check(s).", language="ko"),
                         {"text": Text(), "language": Choice(("en", "ko"))}),
    }
    return {f"course_lib.checks:{k}": v for k, v in S.items()}


# ----------------------------------------------------------------------------- course_lib.checkpoints
def _checkpoint_specs():
    from course_lib import checkpoints as ck

    shipped = ck.CHECKPOINT_DIR

    def scratch_file():
        d = _scratch() / "plain"
        d.mkdir(exist_ok=True)
        p = d / "blob.pt"
        if not p.exists():
            torch.save({"w": torch.ones(2)}, p)
        return p

    def manifest_folder():
        d = _tmpdir()
        torch.save({"w": torch.ones(2)}, d / "a.pt")
        ck.update(d)
        return d

    def with_folder(fn, make_kwargs):
        d = manifest_folder()
        return call(fn, teardown=_rmtree(d), **make_kwargs(d))

    path_in = PathArg(exists="file")
    S = {
        "rebuild_command": Spec(lambda: call(ck.rebuild_command, path="rbm20_cd1.pt"), {"path": PathArg()}),
        "sha256": Spec(lambda: call(ck.sha256, path=scratch_file()), {"path": path_in}),
        "read_manifest": Spec(lambda: call(ck.read_manifest, folder=shipped), {"folder": PathArg(exists="dir")}),
        "verify": Spec(lambda: call(ck.verify, path=shipped / "rbm20_cd1.pt"), {"path": path_in}),
        "load_torch": Spec(lambda: call(ck.load_torch, path=shipped / "rbm20_cd1.pt", name="path"),
                           {"path": path_in, "name": Text(allow_empty=False)}),
        "save_torch": Spec(
            lambda: with_folder(ck.save_torch, lambda d: {"obj": {"w": torch.zeros(3)}, "path": d / "b.pt"}),
            {"obj": Any(bad=[("a lambda (cannot be pickled)", lambda: 0)]), "path": PathArg()}),
        "load_npz": Spec(lambda: call(ck.load_npz, path=shipped / "gan_mixtures.npz"), {"path": path_in}),
        "load_json": Spec(lambda: call(ck.load_json, path=shipped / "gan_mode_coverage.json"), {"path": path_in}),
        "record": Spec(lambda: with_folder(ck.record, lambda d: {"path": d / "a.pt"}), {"path": path_in}),
        "update": Spec(lambda: with_folder(ck.update, lambda d: {"folder": d}), {"folder": PathArg(exists="dir")}),
        "main": Spec(lambda: call(ck.main, argv=["verify"]),
                     {"argv": Kind(bad=[("a string", "verify"), ("int", 3), ("a list of ints", [3])])}),
        "CheckpointError": Skip("an exception class: it is raised with a message, not called with user data"),
    }
    return {f"course_lib.checkpoints:{k}": v for k, v in S.items()}


# ----------------------------------------------------------------------------- course_lib.repro
def _repro_specs():
    from course_lib import repro

    budget = Real(lo=0, lo_open=True)
    def seed_everything():
        """The call, and a teardown that lifts the BLAS thread limit it sets (torch's threads and the
        global RNGs are restored by the sandbox of every call)."""
        before = repro._STATE["threadpool"]

        def teardown():
            limits = repro._STATE["threadpool"]
            if limits is not None and limits is not before:
                limits.restore_original_limits()
            repro._STATE["threadpool"] = before

        return call(repro.seed_everything, teardown=teardown, seed=0, threads=1)

    S = {
        "seed_everything": Spec(seed_everything, {"seed": NonnegInt(), "threads": Count()}, touches_global_rng=True),
        "peak_memory_mb": Spec(lambda: call(repro.peak_memory_mb), {}, compare=False),
        "seconds_since_start": Spec(lambda: call(repro.seconds_since_start), {}, compare=False),
        "simulated_machine": Spec(lambda: call(repro.simulated_machine), {}),
        "describe_machine": Spec(lambda: call(repro.describe_machine), {}),
        "check_budget": Spec(lambda: call(repro.check_budget, max_seconds=1e9, max_mb=1e9),
                             {"max_seconds": budget, "max_mb": budget}),
    }
    return {f"course_lib.repro:{k}": v for k, v in S.items()}


# ----------------------------------------------------------------------------- course_lib.offline
def _offline_specs():
    from course_lib import offline

    def in_tmp(fn, make_kwargs):
        d = _tmpdir()
        return call(fn, teardown=_rmtree(d), **make_kwargs(d))

    S = {
        "is_loopback": Spec(lambda: call(offline.is_loopback, host="localhost"),
                            {"host": Kind(allow_none=True, bad=[("int", 3), ("float", 1.5), ("a list", ["localhost"])],
                                          edge=[("bytes", b"localhost"), ("np.str_", np.str_("localhost")),
                                                ("an IPv4 address", "127.0.0.1"), ("a remote name", "example.com")])}),
        "network_blocked": Spec(lambda: call(offline.network_blocked), {}),
        "block_network": Spec(lambda: call(offline.block_network, teardown=offline.allow_network), {}),
        "allow_network": Spec(lambda: call(offline.allow_network), {}),
        "offline": Spec(lambda: call(offline.offline), {}),
        "install_kernelspec": Spec(lambda: in_tmp(offline.install_kernelspec, lambda d: {"prefix": d}),
                                   {"prefix": PathArg(allow_none=True)}),
        "main": Spec(lambda: in_tmp(offline.main, lambda d: {"argv": ["install", "--prefix", str(d)]}),
                     {"argv": Kind(allow_none=True, bad=[("a string", "install"), ("int", 3), ("a list of ints", [3])])}),
        "NetworkBlockedError": Skip("an exception class: it is raised with a message, not called with user data"),
    }
    return {f"course_lib.offline:{k}": v for k, v in S.items()}


# ----------------------------------------------------------------------------- course_lib.data
def _data_specs():
    from course_lib import data
    from course_lib.data import apples, digits, faces, mixtures, shapes

    S = {
        "course_lib.data:data_path": Spec(
            lambda: call(data.data_path, name="apples.csv"),
            {"name": Text(allow_empty=False, bad=[("a missing file", "no_such_file.npz"), ("the folder", "."),
                                                  ("outside data/", "../pyproject.toml")])}),
        "course_lib.data.apples:load_apples": Spec(lambda: call(apples.load_apples, n=5),
                                                   {"n": Count(max=10000, allow_none=True)}),
        "course_lib.data.digits:load_mnist5k": Spec(lambda: call(digits.load_mnist5k), {}),
        "course_lib.data.digits:load_digits8": Spec(lambda: call(digits.load_digits8), {}),
        "course_lib.data.digits:train_test_indices": Spec(
            lambda: call(digits.train_test_indices, labels=np.repeat(np.arange(3), 5), n_test_per_class=2, seed=0),
            {"labels": Array(("n",), "label"), "n_test_per_class": Count(max=4), "seed": Seed()}, batch=None),
        "course_lib.data.digits:binarized_mnist": Spec(lambda: call(digits.binarized_mnist, seed=0, flatten=True),
                                                       {"seed": Seed(), "flatten": Bool()}),
        "course_lib.data.digits:mnist_float": Spec(lambda: call(digits.mnist_float, seed=0, flatten=False),
                                                   {"seed": Seed(), "flatten": Bool()}),
    }
    # mixtures
    centers = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 0.0]])
    one_d = dict(means=np.array([-1.0, 1.5]), stds=np.array([0.4, 0.6]), weights=np.array([0.4, 0.6]))
    one_d_kinds = {"means": Array(("k",)),
                   "stds": Array(("k",), lo=0, bad=[("a zero std", np.array([0.0, 0.6]))]),
                   "weights": Array(("k",), lo=0, hi=1, bad=[("not summing to 1", np.array([0.5, 0.6]))])}
    positive = Real(lo=0, lo_open=True)
    S.update({
        "course_lib.data.mixtures:ring_centers": Spec(lambda: call(mixtures.ring_centers, n_modes=8, radius=1.0),
                                                      {"n_modes": Count(), "radius": positive}),
        "course_lib.data.mixtures:grid_centers": Spec(lambda: call(mixtures.grid_centers, side=5, spacing=2.0),
                                                      {"side": Count(), "spacing": positive}),
        "course_lib.data.mixtures:sample_mixture": Spec(
            lambda: call(mixtures.sample_mixture, n=10, centers=centers, std=0.1, seed=0, return_labels=True),
            {"n": Count(), "centers": Array(("k", "d")), "std": positive, "seed": Seed(), "return_labels": Bool()}),
        "course_lib.data.mixtures:sample_ring": Spec(
            lambda: call(mixtures.sample_ring, n=10, seed=0, return_labels=False),
            {"n": Count(), "seed": Seed(), "return_labels": Bool()}),
        "course_lib.data.mixtures:sample_grid": Spec(
            lambda: call(mixtures.sample_grid, n=10, seed=0, return_labels=False),
            {"n": Count(), "seed": Seed(), "return_labels": Bool()}),
        "course_lib.data.mixtures:one_d_pdf": Spec(
            lambda: call(mixtures.one_d_pdf, x=np.linspace(-2, 2, 5), **one_d),
            {"x": Array((None,), ndim="any"), **one_d_kinds}),
        "course_lib.data.mixtures:sample_one_d": Spec(
            lambda: call(mixtures.sample_one_d, n=10, seed=0, **one_d),
            {"n": Count(), "seed": Seed(), **one_d_kinds}),
    })
    # shapes
    heights = shapes.make_height_maps(2, size=8, seed=0)
    light = {"azimuth": Real(), "elevation": Real(0, np.pi / 2), "relief": Real(lo=0, allow_none=True),
             "ambient": Real(0, 1)}
    light_values = dict(azimuth=-2.0, elevation=0.7, relief=2.0, ambient=0.1)
    image_batch = Array(("n", None, None), bad=[("images of 2x2 pixels", np.zeros((2, 2, 2)))])
    S.update({
        "course_lib.data.shapes:make_height_maps": Spec(
            lambda: call(shapes.make_height_maps, n=2, size=8, seed=0, max_objects=2, dent_share=0.5),
            {"n": Count(), "size": Count(min=8), "seed": Seed(), "max_objects": Count(), "dent_share": Real(0, 1)}),
        "course_lib.data.shapes:dent_or_bump": Spec(lambda: call(shapes.dent_or_bump, heights=heights),
                                                    {"heights": Array(("n", None, None))}),
        "course_lib.data.shapes:shade": Spec(lambda: call(shapes.shade, heights=heights, **light_values),
                                             {"heights": image_batch, **light}),
        "course_lib.data.shapes:make_shapes": Spec(
            lambda: call(shapes.make_shapes, n=2, size=8, seed=0, **light_values),
            {"n": Count(), "size": Count(min=8), "seed": Seed(), **light}),
        "course_lib.data.shapes:linear_shape_from_shading": Spec(
            lambda: call(shapes.linear_shape_from_shading, shaded=shapes.shade(heights), **light_values, eps=0.2),
            {"shaded": image_batch, **light, "ambient": Real(0, 0.999), "eps": Real(lo=0, lo_open=True)}),
    })
    # faces
    table = faces.sample_face_factors(3, seed=0)

    def table_with(**kw):
        return {**table, **kw}

    attributes = Dict(bad=[("no 'hat'", {k: v for k, v in table.items() if k != "hat"}),
                           ("NaN tilt", table_with(tilt=np.array([0.0, np.nan, 0.0]))),
                           ("a column of the wrong length", table_with(tilt=np.zeros(2))),
                           ("a column of strings", table_with(skin=np.array(["a", "b", "c"]))),
                           ("scale 0", table_with(scale=np.zeros(3))), ("width 0", table_with(width=np.zeros(3))),
                           ("glasses 2", table_with(glasses=np.full(3, 2))), ("no faces", {k: v[:0] for k, v in table.items()})],
                      edge=[("one face", {k: v[:1] for k, v in table.items()}),
                            ("lists", {k: v.tolist() for k, v in table.items()})])
    identity = Array(("n",), "int", allow_none=True,
                     bad=[("unknown name", "C"), ("code 2", np.array([0, 1, 2])), ("an int", 3)],
                     edge=[("name 'B'", "B"), ("np.str_ 'A'", np.str_("A")), ("None", None)])
    fix = Dict(allow_none=True, bad=[("unknown factor", {"moustache": 1}), ("glasses 2", {"glasses": 2}),
                                     ("NaN tilt", {"tilt": np.nan}), ("tilt of the wrong length", {"tilt": [0.1, 0.2]}),
                                     ("a string value", {"tilt": "left"})])
    p = Prob(allow_none=True, bad=[("unknown name", {"moustache": 0.5}), ("hat 1.5", {"hat": 1.5}),
                                   ("a string value", {"hat": "0.5"})],
             edge=[("a dict", {"hat": 0.2})])
    ranges = Dict(allow_none=True, bad=[("unknown factor", {"glasses": (0, 1)}), ("a number", {"tilt": 0.3}),
                                        ("low > high", {"tilt": (0.3, -0.3)}), ("inf", {"tilt": (0, np.inf)})])
    factor_values = dict(identity=np.array([0, 1, -1]), fix={"glasses": 1, "tilt": 0.1}, p=0.4, age=True,
                         ranges={"tilt": (-0.1, 0.1)})
    factor_kinds = {"identity": identity, "fix": fix, "p": p, "ranges": ranges, "age": Bool()}
    names = Kind(bad=[("unknown", ["tilt"]), ("empty", []), ("int", 3)],
                 edge=[("a single name", "hat"), ("a tuple", ("smile",))])
    unit = Array((None,), ndim="any", lo=0, hi=1)
    S.update({
        "course_lib.data.faces:skin_colour": Spec(lambda: call(faces.skin_colour, t=np.array([0.0, 0.5, 1.0])),
                                                  {"t": unit}),
        "course_lib.data.faces:hair_colour": Spec(lambda: call(faces.hair_colour, t=np.array([0.0, 0.5, 1.0])),
                                                  {"t": unit}),
        "course_lib.data.faces:sample_face_factors": Spec(
            lambda: call(faces.sample_face_factors, n=3, seed=0, **factor_values),
            {"n": Count(dim="n"), "seed": Seed(), **factor_kinds}),
        "course_lib.data.faces:render_faces": Spec(
            lambda: call(faces.render_faces, attributes=dict(table), size=8, feature_scale=1.0),
            {"attributes": attributes, "size": Count(min=8), "feature_scale": Real(0.5, 2)}),
        "course_lib.data.faces:attribute_regions": Spec(
            lambda: call(faces.attribute_regions, attributes=dict(table), names=["glasses", "smile"], size=8,
                         feature_scale=1.0, threshold=0.05),
            {"attributes": attributes, "names": names, "size": Count(min=8), "feature_scale": Real(0.5, 2),
             "threshold": Real(lo=0, lo_open=True)}),
        "course_lib.data.faces:make_faces": Spec(
            lambda: call(faces.make_faces, n=3, seed=0, size=8, feature_scale=1.0, **factor_values),
            {"n": Count(dim="n"), "seed": Seed(), "size": Count(min=8), "feature_scale": Real(0.5, 2),
             **factor_kinds}),
    })
    return S


#: One function per module (or group of modules), each returning ``{key: Spec or Skip}``.
SPEC_MAKERS = (_rbm_specs, _boltzmann_specs, _density_specs, _bayes_specs, _latent_specs, _checks_specs,
               _checkpoint_specs, _repro_specs, _offline_specs, _data_specs)
#: Makers that raised (e.g. a module being rewritten does not import): {maker name: error}.
SPEC_ERRORS: dict[str, str] = {}
for _make in SPEC_MAKERS:
    try:
        SPECS.update(_make())
    except Exception as _err:  # noqa: BLE001 -- one broken module must not hide the others' specs
        SPEC_ERRORS[_make.__name__] = f"{type(_err).__name__}: {_err}"


# =============================================================================================
def print_report(rep, verbose: bool) -> None:
    """The figures of a battery; with ``verbose`` first every call that was not clear and every failing edge."""
    if verbose:
        for o in rep.bad:
            if o.status != "clear":
                print(o.line())
        for o in rep.edge:
            if o.status != "ok":
                print("EDGE", o.line())
    print(rep.summary())


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    print_report(run_battery(prefixes=args or None), "-v" in sys.argv)
