"""Exercise checkers: friendly feedback, never a crash of the kernel.

Every exercise in the course asks the student to write a *function*. In the student edition its
body is ``raise NotImplementedError("exercise: ...")``; a checker calls the function on every test
case and prints one of

* ``not yet -- ...``   the placeholder is still there, or the function crashed (with the error);
* ``wrong -- ...``     it ran but results differ: each failing case (the first few) with its
  input, the result and the expected value;
* ``correct -- ...``   every case matched,

followed by the exercise's hint when it is not correct. It returns a CheckResult (truthy only on
``correct``, invisible in a notebook) and never raises because of the student's function, so a
notebook keeps running. A check that is malformed -- no cases, a case that is not an
``(args, expected)`` pair, a tolerance so loose that a result 10% off would pass -- is the
author's error and raises ``TypeError``/``ValueError`` at once.

Under nbgrader (its autograder and its Validate button set ``NBGRADER_EXECUTION``), a check that
is not correct raises ``AssertionError`` with the same message after printing it: nbgrader scores
a test cell by whether it raises, and its feedback then names the exercise and the failing cases.
``hidden=True`` marks the instructor's extra cases (between ``### BEGIN HIDDEN TESTS`` and
``### END HIDDEN TESTS``, which nbgrader removes from the student edition): their inputs and
expected values are never printed, only how many failed and why (crash, placeholder, wrong).
"""

from __future__ import annotations

import math
import numbers
import os
from collections.abc import Callable, Iterable

import numpy as np

from ._validate import check_bool, check_str

MAX_SHOWN = 3          # failing cases printed in full; the rest are counted


def _fmt(x, limit: int = 400) -> str:
    x = _to_numpy(x)
    if isinstance(x, np.ndarray) and x.size > 8:
        flat = np.round(x.ravel()[:4].astype(np.float64), 4).tolist() if x.dtype.kind in "biuf" else None
        return f"array of shape {x.shape}, dtype {x.dtype}" + (f", starting {flat}" if flat else "")
    s = repr(x.tolist() if isinstance(x, np.ndarray) else x)
    return s if len(s) <= limit else s[: limit - 3] + "..."


def _fmt_call(name: str, args: tuple) -> str:
    return f"{name}(" + ", ".join(_fmt(a) for a in args) + ")"


def _to_numpy(x):
    try:
        import torch

        if isinstance(x, torch.Tensor):
            return x.detach().cpu().numpy()
    except ImportError:  # pragma: no cover
        pass
    return x


def _matches(got, expected, rtol: float, atol: float) -> tuple[bool, str]:
    got, expected = _to_numpy(got), _to_numpy(expected)
    if isinstance(expected, (str, bytes)):
        return isinstance(got, type(expected)) and got == expected, ""
    if isinstance(expected, (bool, np.bool_)) or expected is None:
        if isinstance(got, (bool, np.bool_)) or got is None:
            return got is expected or (got is not None and expected is not None and bool(got) == bool(expected)), ""
        return False, f"expected {expected!r}"
    if isinstance(expected, dict):
        if not isinstance(got, dict) or set(got) != set(expected):
            return False, f"expected a dict with keys {sorted(expected)}"
        for k in expected:
            ok, why = _matches(got[k], expected[k], rtol, atol)
            if not ok:
                return False, f"at key {k!r}: {why}".rstrip(": ")
        return True, ""
    try:
        g = np.asarray(got, dtype=np.float64)
        e = np.asarray(expected, dtype=np.float64)
    except (TypeError, ValueError):
        return False, "not a number or an array of numbers"
    if g.shape != e.shape:
        return False, f"shape {g.shape} instead of {e.shape}"
    if not np.all(np.isfinite(g) == np.isfinite(e)):
        return False, "NaN or infinity where a finite number was expected"
    fin = np.isfinite(e)
    return bool(np.allclose(g[fin], e[fin], rtol=rtol, atol=atol) and np.all(g[~fin] == e[~fin])), ""


class CheckResult:
    """Outcome of a check: truthy when correct. Shows nothing in a notebook (the message is printed)."""

    def __init__(self, passed: bool):
        self.passed = check_bool(passed, "passed")

    def __bool__(self) -> bool:
        return self.passed

    def __repr__(self) -> str:
        return "correct" if self.passed else "not yet"

    def _ipython_display_(self) -> None:  # the printed message already said it
        pass


def grading() -> bool:
    """True inside nbgrader's autograder or validator (they set ``NBGRADER_EXECUTION``)."""
    return bool(os.environ.get("NBGRADER_EXECUTION"))


def _report(passed: bool, message: str) -> CheckResult:
    print(message)
    if not passed and grading():
        raise AssertionError(message)
    return CheckResult(passed)


def check_function(fn: Callable, cases: Iterable[tuple], name: str | None = None,
                   rtol: float = 1e-6, atol: float = 1e-9, hint: str = "",
                   hidden: bool = False) -> CheckResult:
    """Call ``fn(*args)`` for each ``(args, expected)`` in ``cases`` and report every failing case.

    ``args`` is a tuple of positional arguments; ``expected`` a number, array, tensor, string or
    dict, compared with tolerances ``rtol``/``atol`` where numeric. ``hidden=True``: the cases are
    the grader's hidden tests, reported without their inputs and expected values. Raises
    ``TypeError`` or ``ValueError`` only for a malformed check (see the module docstring), never
    because of ``fn`` -- except under nbgrader, where a check that is not correct raises
    ``AssertionError`` (see the module docstring).
    """
    cases = _validate_cases(cases)
    _validate_tolerances(rtol, atol, cases)
    check_str(name, "name", allow_none=True)
    check_str(hint, "hint")
    check_bool(hidden, "hidden")
    name = name or getattr(fn, "__name__", "your function")
    tail = f"\n  hint: {hint}" if hint else ""
    kind = "hidden check(s)" if hidden else "check(s)"
    if not callable(fn):
        return _report(False, f"not yet -- {name} should be a function, got {type(fn).__name__}{tail}")
    crashed, wrong = [], []
    for number, (args, expected) in enumerate(cases, start=1):
        call = f"hidden case {number}" if hidden else _fmt_call(name, args)
        try:
            got = fn(*args)
        except NotImplementedError:
            return _report(False, f"not yet -- {name} is still the exercise placeholder: replace the "
                                  f"`raise NotImplementedError` line with your code.{tail}")
        except Exception as err:  # the student's code crashed: report it, do not re-raise
            crashed.append(f"{call} raised {type(err).__name__}: {err}")
            continue
        if got is None:
            crashed.append(f"{call} returned None: did you forget `return`?")
            continue
        try:
            ok, why = _matches(got, expected, rtol, atol)
            ok = bool(ok)
        except Exception as err:  # an odd return value that cannot even be compared
            ok, why = False, f"cannot be compared: {type(err).__name__}: {err}"
        if not ok:
            shown = "a wrong value" if hidden else f"{_fmt(got)}, expected {_fmt(expected)}"
            wrong.append(f"{call} returned {shown}" + (f" ({why})" if why else ""))
    failures = crashed + wrong
    if not failures:
        return _report(True, f"correct -- {name} passed {len(cases)} {kind}.")
    label = "wrong" if wrong else "not yet"
    lines = [f"{label} -- {name}: {len(failures)} of {len(cases)} {kind} failed:"]
    lines += [f"  - {f}" for f in failures[:MAX_SHOWN]]
    if len(failures) > MAX_SHOWN:
        lines.append(f"  ... and {len(failures) - MAX_SHOWN} more")
    return _report(False, "\n".join(lines) + tail)


def check_value(value, expected, name: str = "your answer", rtol: float = 1e-6,
                atol: float = 1e-9, hint: str = "") -> CheckResult:
    """Compare a single value with the expected one and report (``...`` counts as not yet)."""
    _validate_tolerances(rtol, atol, [((), expected)])
    check_str(name, "name")
    check_str(hint, "hint")
    if value is Ellipsis:
        return _report(False, f"not yet -- {name} is still `...`: replace it with your answer."
                              + (f"\n  hint: {hint}" if hint else ""))
    return check_function(lambda: value, [((), expected)], name=name, rtol=rtol, atol=atol, hint=hint)


# ---------------------------------------------------------------- the author's side

def _validate_cases(cases) -> list[tuple[tuple, object]]:
    if isinstance(cases, (str, bytes, dict)) or not isinstance(cases, Iterable):
        raise TypeError(f"cases must be a list of (args, expected) pairs, got {type(cases).__name__}")
    out = []
    for i, case in enumerate(cases):
        if not isinstance(case, (tuple, list)) or len(case) != 2:
            raise TypeError(f"cases[{i}] must be a pair (args, expected), got {_fmt(case, 80)}")
        args, expected = case
        if not isinstance(args, (tuple, list)):
            raise TypeError(f"cases[{i}]: args must be a tuple of positional arguments, e.g. (x,) for one "
                            f"argument; got {type(args).__name__}")
        out.append((tuple(args), expected))
    if not out:
        raise ValueError("cases is empty: a check with no cases cannot fail")
    return out


def _numeric(x):
    """``x`` as a float64 array if it is plain numbers (not bool, str or None), else None."""
    x = _to_numpy(x)
    if x is None or isinstance(x, (str, bytes, bool, np.bool_)):
        return None
    try:
        a = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return None if a.dtype == object or np.asarray(x).dtype == bool else a


def _perturbable(expected) -> list[np.ndarray]:
    """The numeric leaves of ``expected`` (dicts are searched), as float arrays."""
    expected = _to_numpy(expected)
    if isinstance(expected, dict):
        return [leaf for v in expected.values() for leaf in _perturbable(v)]
    a = _numeric(expected)
    return [] if a is None or a.size == 0 else [a]


def _validate_tolerances(rtol, atol, cases) -> None:
    for value, label in ((rtol, "rtol"), (atol, "atol")):
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value) or value < 0:
            raise ValueError(f"{label} must be a finite number >= 0, got {value!r}")
    for i, (_, expected) in enumerate(cases):
        for e in _perturbable(expected):
            fin = np.isfinite(e)
            if not fin.any():
                continue
            off = np.where(fin, e + 0.1 * np.abs(e) + 1e-3, e)    # every finite entry 10% (and 0.001) off
            if np.allclose(off[fin], e[fin], rtol=rtol, atol=atol):
                raise ValueError(f"rtol={rtol!r}, atol={atol!r} are so loose that a result 10% off passes "
                                 f"case {i}: tighten them")
