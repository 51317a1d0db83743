"""Exercise checkers: friendly feedback, never a crash of the kernel.

Every exercise in the course asks the student to write a *function*. In the student edition its
body is ``raise NotImplementedError("exercise: ...")``; a checker calls the function on test
cases and prints one of

* ``not yet -- ...``   the placeholder is still there, or the function crashed (with the error);
* ``wrong -- ...``     it ran but a result differs (with the input, expected value and a hint);
* ``correct -- ...``   every case matched.

It returns a CheckResult (truthy only on ``correct``, invisible in a notebook) and never raises,
so a notebook keeps running.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np


def _fmt(x, limit: int = 120) -> str:
    if isinstance(x, np.ndarray) and x.size > 8:
        return f"array of shape {x.shape}"
    s = repr(x.tolist() if isinstance(x, np.ndarray) else x)
    return s if len(s) <= limit else s[: limit - 3] + "..."


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
    if isinstance(expected, (str, bytes, bool)) or expected is None:
        return got == expected, ""
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
        return got == expected, ""
    if g.shape != e.shape:
        return False, f"shape {g.shape} instead of {e.shape}"
    if not np.all(np.isfinite(g) == np.isfinite(e)):
        return False, "NaN or infinity where a finite number was expected"
    fin = np.isfinite(e)
    return bool(np.allclose(g[fin], e[fin], rtol=rtol, atol=atol) and np.all(g[~fin] == e[~fin])), ""


class CheckResult:
    """Outcome of a check: truthy when correct. Shows nothing in a notebook (the message is printed)."""

    def __init__(self, passed: bool):
        self.passed = bool(passed)

    def __bool__(self) -> bool:
        return self.passed

    def __repr__(self) -> str:
        return "correct" if self.passed else "not yet"

    def _ipython_display_(self) -> None:  # the printed message already said it
        pass


def check_function(fn: Callable, cases: Iterable[tuple], name: str | None = None,
                   rtol: float = 1e-6, atol: float = 1e-9, hint: str = "") -> CheckResult:
    """Call ``fn(*args)`` for each ``(args, expected)`` in ``cases`` and report.

    ``args`` is a tuple of positional arguments; ``expected`` a number, array, tensor, string or
    dict, compared with tolerances ``rtol``/``atol`` where numeric.
    """
    name = name or getattr(fn, "__name__", "your function")
    if not callable(fn):
        print(f"not yet -- {name} should be a function, got {type(fn).__name__}")
        return CheckResult(False)
    cases = list(cases)
    for args, expected in cases:
        try:
            got = fn(*args)
        except NotImplementedError:
            print(f"not yet -- {name} is still the exercise placeholder: replace the "
                  f"`raise NotImplementedError` line with your code.")
            return CheckResult(False)
        except Exception as err:  # the student's code crashed: report it, do not re-raise
            print(f"not yet -- {name}{_fmt(args)} raised {type(err).__name__}: {err}")
            return CheckResult(False)
        if got is None:
            print(f"not yet -- {name} returned None: did you forget `return`?")
            return CheckResult(False)
        ok, why = _matches(got, expected, rtol, atol)
        if not ok:
            msg = f"wrong -- {name}{_fmt(args)} returned {_fmt(_to_numpy(got))}, expected {_fmt(_to_numpy(expected))}"
            if why:
                msg += f" ({why})"
            if hint:
                msg += f"\n  hint: {hint}"
            print(msg)
            return CheckResult(False)
    print(f"correct -- {name} passed {len(cases)} check(s).")
    return CheckResult(True)


def check_value(value, expected, name: str = "your answer", rtol: float = 1e-6,
                atol: float = 1e-9, hint: str = "") -> bool:
    """Compare a single value with the expected one and report (``...`` counts as not yet)."""
    if value is Ellipsis:
        print(f"not yet -- {name} is still `...`: replace it with your answer.")
        return CheckResult(False)
    return check_function(lambda: value, [((), expected)], name=name, rtol=rtol, atol=atol, hint=hint)
