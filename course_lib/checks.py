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

The feedback is printed in English or Korean (``set_language``, ``COURSE_LANGUAGE``; the sentences
are in ``MESSAGES``).
"""

from __future__ import annotations

import functools
import math
import numbers
import os
import re
from collections.abc import Callable, Iterable

import numpy as np

from ._validate import check_bool, check_choice, check_str

MAX_SHOWN = 3          # failing cases printed in full; the rest are counted
LANGUAGES = ("en", "ko")

# Every sentence a check prints, in each language of the course. The Korean edition calls
# set_language("ko") in its first code cell; COURSE_LANGUAGE=ko in the environment does the same.
MESSAGES = {
    "correct": {"en": "correct -- {name} passed {n} {kind}.",
                "ko": "정답 -- {name}: {kind} {n}개를 모두 통과했습니다."},
    "failed": {"en": "{label} -- {name}: {k} of {n} {kind} failed:",
               "ko": "{label} -- {name}: {kind} {n}개 중 {k}개를 통과하지 못했습니다:"},
    "label_wrong": {"en": "wrong", "ko": "오답"},
    "label_not_yet": {"en": "not yet", "ko": "아직"},
    "kind": {"en": "check(s)", "ko": "검사"},
    "kind_hidden": {"en": "hidden check(s)", "ko": "숨겨진 검사"},
    "hidden_case": {"en": "hidden case {number}", "ko": "숨겨진 사례 {number}"},
    "not_function": {"en": "not yet -- {name} should be a function, got {type}",
                     "ko": "아직 -- {name}은(는) 함수여야 하는데 {type}입니다"},
    "placeholder": {"en": "not yet -- {name} is still the exercise placeholder: replace the "
                          "`raise NotImplementedError` line with your code.",
                    "ko": "아직 -- {name}은(는) 아직 연습 문제의 빈칸 그대로입니다: "
                          "`raise NotImplementedError` 줄을 여러분의 코드로 바꾸세요."},
    "ellipsis": {"en": "not yet -- {name} is still `...`: replace it with your answer.",
                 "ko": "아직 -- {name}이(가) 아직 `...`입니다: 여러분의 답으로 바꾸세요."},
    "raised": {"en": "{call} raised {type}: {error}", "ko": "{call}에서 {type} 오류가 났습니다: {error}"},
    "returned_none": {"en": "{call} returned None: did you forget `return`?",
                      "ko": "{call}이(가) None을 돌려주었습니다: `return`을 빠뜨리지 않았나요?"},
    "returned": {"en": "{call} returned {shown}", "ko": "{call}의 결과가 {shown}"},
    "a_wrong_value": {"en": "a wrong value", "ko": "틀린 값입니다"},
    "got_expected": {"en": "{got}, expected {expected}", "ko": "{got}인데, 기대한 값은 {expected}입니다"},
    "more": {"en": "  ... and {k} more", "ko": "  ... 그리고 {k}개 더"},
    "hint": {"en": "  hint: {hint}", "ko": "  힌트: {hint}"},
    "why_expected": {"en": "expected {expected}", "ko": "기대한 값은 {expected}"},
    "why_keys": {"en": "expected a dict with keys {keys}", "ko": "키가 {keys}인 dict여야 합니다"},
    "why_at_key": {"en": "at key {key}: {why}", "ko": "키 {key}에서: {why}"},
    "why_not_number": {"en": "not a number or an array of numbers", "ko": "수나 수의 배열이 아닙니다"},
    "why_shape": {"en": "shape {got} instead of {expected}", "ko": "모양이 {expected}가 아니라 {got}입니다"},
    "why_nan": {"en": "NaN or infinity where a finite number was expected",
                "ko": "유한한 수가 와야 할 자리에 NaN 또는 무한대가 있습니다"},
    "why_compare": {"en": "cannot be compared: {type}: {error}", "ko": "비교할 수 없습니다: {type}: {error}"},
}
_language: str | None = None


def set_language(language: str) -> None:
    """Print the checks' feedback in ``language`` ("en" or "ko") from now on in this kernel."""
    global _language
    _language = check_choice(language, "language", LANGUAGES)


def get_language() -> str:
    """The feedback language: set_language's choice, else $COURSE_LANGUAGE, else English."""
    if _language is not None:
        return _language
    env = os.environ.get("COURSE_LANGUAGE", "en")
    return env if env in LANGUAGES else "en"


def _t(key: str, language: str | None = None, **fields) -> str:
    return MESSAGES[key][language or get_language()].format(**fields)


def _hint_tail(hint: str) -> str:
    return "\n" + _t("hint", hint=hint) if hint else ""


def localise(text: str, language: str) -> str:
    """An English check report (as stored in the English edition) re-worded in ``language``.

    Lines that are not a check's own sentences (e.g. a crash message of the student's code) are
    kept. Used by the Korean edition's generator for the stored outputs of check cells.
    """
    check_str(text, "text")
    check_choice(language, "language", LANGUAGES)
    return "\n".join(_localise_line(line, language) for line in text.split("\n"))


@functools.cache
def _pattern(key: str) -> re.Pattern:
    """The English sentence ``MESSAGES[key]["en"]`` as a regular expression, one group per field."""
    parts = re.split(r"\{(\w+)\}", MESSAGES[key]["en"])
    regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
    return re.compile("^" + regex + "$")


def _localise_line(line: str, language: str) -> str:
    if line.startswith("  - "):      # one failing case
        item = line[4:]
        for key in ("returned_none", "raised", "returned"):
            m = _pattern(key).match(item)
            if m:
                fields = m.groupdict()
                fields["call"] = _localise_words(fields["call"], language)
                if key == "returned":
                    fields["shown"] = _localise_words(fields["shown"], language)
                return "  - " + _t(key, language, **fields)
        return line
    for key in ("correct", "failed", "placeholder", "ellipsis", "not_function", "hint", "more"):
        m = _pattern(key).match(line)
        if m:
            fields = {f: _localise_words(v, language) for f, v in m.groupdict().items()}
            return _t(key, language, **fields)
    return line


_WORDS = ("label_wrong", "label_not_yet", "kind", "kind_hidden", "a_wrong_value")


def _localise_words(value: str, language: str) -> str:
    """A fixed word or short phrase inside a sentence (kind, label, hidden case, got/expected)."""
    for w in _WORDS:
        if value == MESSAGES[w]["en"]:
            return MESSAGES[w][language]
    for key in ("hidden_case", "got_expected"):
        m = _pattern(key).match(value)
        if m:
            return _t(key, language, **m.groupdict())
    return value


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
        return False, _t("why_expected", expected=repr(expected))
    if isinstance(expected, dict):
        if not isinstance(got, dict) or set(got) != set(expected):
            return False, _t("why_keys", keys=sorted(expected))
        for k in expected:
            ok, why = _matches(got[k], expected[k], rtol, atol)
            if not ok:
                return False, _t("why_at_key", key=repr(k), why=why).rstrip(": ")
        return True, ""
    try:
        g = np.asarray(got, dtype=np.float64)
        e = np.asarray(expected, dtype=np.float64)
    except (TypeError, ValueError):
        return False, _t("why_not_number")
    if g.shape != e.shape:
        return False, _t("why_shape", got=g.shape, expected=e.shape)
    if not np.all(np.isfinite(g) == np.isfinite(e)):
        return False, _t("why_nan")
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
    tail = _hint_tail(hint)
    kind = _t("kind_hidden" if hidden else "kind")
    if not callable(fn):
        return _report(False, _t("not_function", name=name, type=type(fn).__name__) + tail)
    crashed, wrong = [], []
    for number, (args, expected) in enumerate(cases, start=1):
        call = _t("hidden_case", number=number) if hidden else _fmt_call(name, args)
        try:
            got = fn(*args)
        except NotImplementedError:
            return _report(False, _t("placeholder", name=name) + tail)
        except Exception as err:  # the student's code crashed: report it, do not re-raise
            crashed.append(_t("raised", call=call, type=type(err).__name__, error=err))
            continue
        if got is None:
            crashed.append(_t("returned_none", call=call))
            continue
        try:
            ok, why = _matches(got, expected, rtol, atol)
            ok = bool(ok)
        except Exception as err:  # an odd return value that cannot even be compared
            ok, why = False, _t("why_compare", type=type(err).__name__, error=err)
        if not ok:
            shown = _t("a_wrong_value") if hidden else _t("got_expected", got=_fmt(got), expected=_fmt(expected))
            wrong.append(_t("returned", call=call, shown=shown) + (f" ({why})" if why else ""))
    failures = crashed + wrong
    if not failures:
        return _report(True, _t("correct", name=name, n=len(cases), kind=kind))
    label = _t("label_wrong" if wrong else "label_not_yet")
    lines = [_t("failed", label=label, name=name, k=len(failures), n=len(cases), kind=kind)]
    lines += [f"  - {f}" for f in failures[:MAX_SHOWN]]
    if len(failures) > MAX_SHOWN:
        lines.append(_t("more", k=len(failures) - MAX_SHOWN))
    return _report(False, "\n".join(lines) + tail)


def check_value(value, expected, name: str = "your answer", rtol: float = 1e-6,
                atol: float = 1e-9, hint: str = "") -> CheckResult:
    """Compare a single value with the expected one and report (``...`` counts as not yet)."""
    _validate_tolerances(rtol, atol, [((), expected)])
    check_str(name, "name")
    check_str(hint, "hint")
    if value is Ellipsis:
        return _report(False, _t("ellipsis", name=name) + _hint_tail(hint))
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
