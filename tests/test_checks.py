"""course_lib.checks: every failing case shown with its expected value and the hint; a malformed check
is the author's error; nothing the student's function does makes a check raise."""

import math

import numpy as np
import pytest
import torch

from course_lib.checks import MAX_SHOWN, check_function, check_value

CASES = [((np.array([1.0, 3.0]),), np.array([0.25, 0.75])),
         ((np.array([2.0, 2.0]),), np.array([0.5, 0.5])),
         ((np.array([0.0, 5.0]),), np.array([0.0, 1.0]))]
HINT = "divide by the total"


def solution(x):
    return x / x.sum()


def test_a_right_answer_passes_every_case(capsys):
    assert check_function(solution, CASES, hint=HINT)
    assert capsys.readouterr().out == "correct -- solution passed 3 check(s).\n"
    assert check_function(lambda x: torch.tensor(x / x.sum()), CASES)          # tensors are compared too


def test_every_failing_case_is_shown_with_expected_value_and_hint(capsys):
    def wrong(x):
        return x / x.max()                       # right on case 3 only
    assert not check_function(wrong, CASES, hint=HINT)
    out = capsys.readouterr().out
    assert out.startswith("wrong -- wrong: 2 of 3 check(s) failed:")
    assert "wrong([1.0, 3.0]) returned [0.3333333333333333, 1.0], expected [0.25, 0.75]" in out
    assert "wrong([2.0, 2.0]) returned [1.0, 1.0], expected [0.5, 0.5]" in out
    assert "[0.0, 5.0]" not in out                # the passing case is not listed
    assert out.rstrip().endswith(f"hint: {HINT}")


def test_many_failures_are_counted_beyond_the_first_few(capsys):
    cases = [((float(i),), float(i)) for i in range(MAX_SHOWN + 4)]
    assert not check_function(lambda x: x + 1, cases)
    out = capsys.readouterr().out
    assert f"{MAX_SHOWN + 4} of {MAX_SHOWN + 4} check(s) failed" in out
    assert out.count("  - ") == MAX_SHOWN and "... and 4 more" in out


def test_placeholder_and_crash_show_the_hint(capsys):
    def placeholder(x):
        raise NotImplementedError("exercise: write it")

    assert not check_function(placeholder, CASES, hint=HINT)
    out = capsys.readouterr().out
    assert out.startswith("not yet -- placeholder is still the exercise placeholder") and f"hint: {HINT}" in out

    def crashes(x):
        return x.nonexistent

    assert not check_function(crashes, CASES, hint=HINT)
    out = capsys.readouterr().out
    assert out.startswith("not yet -- crashes: 3 of 3 check(s) failed") and "AttributeError" in out and f"hint: {HINT}" in out
    assert not check_value(..., 1.0, hint=HINT)
    assert f"hint: {HINT}" in capsys.readouterr().out


def test_a_crash_on_one_case_does_not_hide_the_others(capsys):
    def fragile(x):
        if x[0] == 0:
            raise ZeroDivisionError("no")
        return x                                   # wrong on the others
    assert not check_function(fragile, CASES)
    out = capsys.readouterr().out
    assert out.startswith("wrong -- fragile: 3 of 3") and "ZeroDivisionError" in out and "expected [0.25, 0.75]" in out


@pytest.mark.parametrize("result", [None, "text", {"a": 1}, [[1, 2], [3]], object(), np.array(["a", "b"]),
                                    np.array([np.nan, np.nan]), np.array([np.inf, 1.0]), np.zeros((2, 2)),
                                    torch.tensor([0.25, 0.75], dtype=torch.float64).reshape(2, 1)])
def test_no_return_value_makes_a_check_raise(capsys, result):
    assert not check_function(lambda x: result, CASES)
    out = capsys.readouterr().out
    assert out.startswith(("wrong --", "not yet --")), out


def test_a_return_value_that_breaks_comparison_is_reported_not_raised(capsys):
    class Weird:
        def __array__(self, *a, **k):
            raise RuntimeError("boom")

        def __eq__(self, other):
            raise RuntimeError("boom")

    assert not check_function(lambda: Weird(), [((), 1.0)])
    assert not check_function(lambda: Weird(), [((), "a string")])
    assert "wrong --" in capsys.readouterr().out


def test_long_arguments_are_summarised_not_cut(capsys):
    big = np.arange(1000.0)
    assert not check_function(lambda x: x.sum() + 1, [((big,), big.sum())])
    out = capsys.readouterr().out
    assert "array of shape (1000,), dtype float64, starting [0.0, 1.0, 2.0, 3.0]" in out


@pytest.mark.parametrize("cases, error, match", [
    ([], ValueError, "empty"),
    (5, TypeError, "cases must be a list"),
    ("abc", TypeError, "cases must be a list"),
    ([1.0], TypeError, r"cases\[0\] must be a pair"),
    ([((1.0,), 1.0, 2.0)], TypeError, r"cases\[0\] must be a pair"),
    ([(1.0, 1.0)], TypeError, r"cases\[0\]: args must be a tuple"),
])
def test_a_malformed_case_list_is_the_authors_error(cases, error, match):
    with pytest.raises(error, match=match):
        check_function(solution, cases)


@pytest.mark.parametrize("rtol, atol", [(math.inf, 1e-9), (1e-6, math.inf), (math.nan, 0.0), (-1e-3, 0.0),
                                        (1.0, 0.0), (0.2, 0.0), (0.0, 10.0), ("1e-6", 0.0), (True, 0.0)])
def test_a_tolerance_that_cannot_fail_is_the_authors_error(rtol, atol):
    with pytest.raises(ValueError, match="rtol|atol"):
        check_function(solution, CASES, rtol=rtol, atol=atol)
    with pytest.raises(ValueError, match="rtol|atol"):
        check_value(1.0, 0.5, rtol=rtol, atol=atol)


def test_usual_tolerances_are_accepted_and_still_reject_a_wrong_answer(capsys):
    for rtol, atol in [(1e-6, 1e-9), (1e-4, 1e-5), (0.01, 0.0), (0.0, 1e-3)]:
        assert check_function(solution, CASES, rtol=rtol, atol=atol)
        assert not check_function(lambda x: 1.05 * solution(x), CASES, rtol=rtol, atol=atol)
    # exact answers: strings, booleans, dicts of numbers
    assert check_value("generative", "generative") and not check_value("discriminative", "generative")
    assert check_value(True, True) and not check_value(False, True)
    assert check_value({"a": 0.5, "b": np.array([1.0])}, {"a": 0.5, "b": [1.0]})
    assert not check_value({"a": 0.5}, {"a": 0.6})
    with pytest.raises(ValueError, match="10% off"):
        check_value({"a": 0.5}, {"a": 100.0}, atol=50.0)


# ---------------------------------------------------------------- hidden tests and nbgrader

def test_hidden_cases_report_failures_without_inputs_or_expected_values(capsys):
    secret = [((np.array([7.0, 13.0]),), np.array([0.35, 0.65])),
              ((np.array([4.0, 4.0]),), np.array([0.5, 0.5]))]
    assert check_function(solution, secret, hidden=True)
    assert capsys.readouterr().out == "correct -- solution passed 2 hidden check(s).\n"

    def half_wrong(x):
        return x / x.sum() if x[0] == x[1] else x

    assert not check_function(half_wrong, secret, hidden=True)
    out = capsys.readouterr().out
    assert out.startswith("wrong -- half_wrong: 1 of 2 hidden check(s) failed:")
    assert "hidden case 1 returned a wrong value" in out
    for leak in ("7.0", "13.0", "0.35", "0.65", "expected"):
        assert leak not in out


@pytest.mark.parametrize("mode", ["autograde", "validate"])
def test_under_nbgrader_a_failing_check_raises_and_names_the_exercise(monkeypatch, capsys, mode):
    monkeypatch.setenv("NBGRADER_EXECUTION", mode)
    assert check_function(solution, CASES)                      # correct: no exception

    def wrong(x):
        return x

    with pytest.raises(AssertionError, match=r"wrong -- wrong: 3 of 3 check\(s\) failed"):
        check_function(wrong, CASES)

    def placeholder(x):
        raise NotImplementedError()

    with pytest.raises(AssertionError, match="placeholder is still the exercise placeholder"):
        check_function(placeholder, CASES)
    with pytest.raises(AssertionError, match="not yet -- answer is still `...`"):
        check_value(..., 3.0, name="answer")
    with pytest.raises(AssertionError, match="should be a function"):
        check_function(3.0, CASES, name="f")
    assert "wrong -- wrong" in capsys.readouterr().out            # printed as well as raised


def test_outside_nbgrader_a_failing_check_never_raises(monkeypatch, capsys):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    assert not check_function(lambda x: x, CASES, name="identity")
    assert capsys.readouterr().out.startswith("wrong -- identity: 3 of 3")


def test_hidden_must_be_a_bool():
    with pytest.raises(TypeError, match="hidden"):
        check_function(solution, CASES, hidden="yes")


# ---------------------------------------------------------------- languages

def _reports(fn, cases, capsys, **kw):
    check_function(fn, cases, **kw)
    return capsys.readouterr().out


@pytest.mark.parametrize("fn, kw", [
    (lambda x: 2 * x, {}),                                   # correct
    (lambda x: 2 * x, {"hidden": True}),
    (lambda x: 3 * x, {"hint": "double it"}),                # wrong, with hint
    (lambda x: 3 * x, {"hidden": True, "hint": "double it"}),
])
def test_korean_feedback_equals_localised_english(fn, kw, capsys, monkeypatch):
    from course_lib import checks
    cases = [((float(i),), 2.0 * i) for i in range(1, 6)]
    monkeypatch.setattr(checks, "_language", None)     # restored at teardown
    english = _reports(fn, cases, capsys, **kw)
    checks.set_language("ko")
    korean = _reports(fn, cases, capsys, **kw)
    assert korean != english and any("\uac00" <= ch <= "\ud7a3" for ch in korean)
    assert checks.localise(english, "ko") == korean
    assert checks.localise(english, "en") == english


def test_placeholder_feedback_in_korean(capsys, monkeypatch):
    from course_lib import checks

    def stub(x):
        raise NotImplementedError("exercise")
    monkeypatch.setenv("COURSE_LANGUAGE", "ko")
    check_function(stub, [((1,), 1)], hint="h")
    out = capsys.readouterr().out
    assert out.startswith("아직 -- stub") and "힌트: h" in out
    assert checks.localise(checks.MESSAGES["placeholder"]["en"].format(name="stub"), "ko") == out.split("\n")[0]


def test_set_language_rejects_unknown():
    from course_lib import checks
    with pytest.raises(ValueError, match="language must be one of"):
        checks.set_language("fr")
    with pytest.raises(ValueError, match="language must be one of"):
        checks.localise("x", "de")


def test_every_message_has_every_language_with_the_same_fields():
    import string

    from course_lib import checks
    for key, texts in checks.MESSAGES.items():
        assert set(texts) == set(checks.LANGUAGES), key
        fields = [{f for _, f, _, _ in string.Formatter().parse(t) if f} for t in texts.values()]
        assert all(f == fields[0] for f in fields), key
