"""Every public callable of course_lib rejects bad input with a ValueError/TypeError naming the
argument, never returns NaN/inf or a wrong shape silently, and accepts the valid edge inputs (the
issue's requirement). The harness and the registry of specs are in tests/public_api.py (its
docstring says how to add a spec), the neural-network modules' specs in tests/public_api_nn.py;
``python tests/public_api.py -v`` and ``python tests/public_api_nn.py -v`` print the same figures."""

from __future__ import annotations

import inspect

import numpy as np
import public_api as pa
import public_api_nn as nn
import pytest
import torch

from course_lib._validate import as_real_array, check_positive_int, check_real

PARTS = {"classic": (pa.SPECCED_MODULES, lambda: pa.run_battery(modules=pa.SPECCED_MODULES)),
         "nn": (nn.NN_MODULES, nn.run_nn_battery)}     # the neural-network modules' specs: tests/public_api_nn.py


@pytest.fixture(scope="module", params=sorted(PARTS))
def report(request):
    """The battery over one part of the library (the specs of ``SPECCED_MODULES``, or of ``NN_MODULES``
    run with torch on one thread)."""
    modules, run = PARTS[request.param]
    rep = run()
    rep.modules = modules
    print("\n" + rep.summary())
    return rep


@pytest.fixture(scope="module")
def enumerated():
    return pa.public_callables()


def _listing(lines, limit: int = 200) -> str:
    more = f"\n  ... and {len(lines) - limit} more" if len(lines) > limit else ""
    return "\n  " + "\n  ".join(lines[:limit]) + more


# ----------------------------------------------------------------------------- the registry
def test_every_public_callable_has_a_spec(enumerated):
    found, errors = enumerated
    assert not errors, f"modules that do not import: {errors}"
    missing = sorted(k for k in found if k not in pa.SPECS and k not in pa.UNSPECCED_FOR_NOW)
    assert not missing, ("public callables without a spec (add one to SPECS in tests/public_api.py):"
                         + _listing(missing))


def test_every_module_is_in_one_battery(enumerated):
    """A new module cannot be forgotten: SPECCED_MODULES (tests/public_api.py) and NN_MODULES
    (tests/public_api_nn.py) together list every public module of course_lib, each once."""
    found, errors = enumerated
    modules = {pa.module_of(k) for k in found} | set(errors)
    covered = set(pa.SPECCED_MODULES) | set(nn.NN_MODULES)
    assert modules <= covered, f"modules in no battery: {sorted(modules - covered)}"
    assert not set(pa.SPECCED_MODULES) & set(nn.NN_MODULES)


def test_all_spec_makers_ran():
    assert not pa.SPEC_ERRORS, f"spec makers that raised: {pa.SPEC_ERRORS}"
    assert not nn.NN_SPEC_ERRORS, f"spec makers that raised: {nn.NN_SPEC_ERRORS}"


def test_no_spec_is_stale(enumerated):
    found, errors = enumerated
    stale = sorted(k for k in pa.SPECS if k not in found and pa.module_of(k) not in errors)
    assert not stale, "specs of callables that no longer exist (remove or rename them):" + _listing(stale)


def test_specs_cover_every_parameter(enumerated):
    """Each parameter has a kind (so each is validated) and the factory gives it a valid value."""
    found, _ = enumerated
    problems = []
    for key, spec in pa.SPECS.items():
        if isinstance(spec, pa.Skip) or key not in found:
            continue
        params = pa.parameters(found[key])
        try:
            sig = inspect.signature(found[key])
            takes_kwargs = any(p.kind == p.VAR_KEYWORD for p in sig.parameters.values())
        except (TypeError, ValueError):
            takes_kwargs = True
        missing = [p for p in params if p not in spec.args]
        extra = [a for a in spec.args if a not in params and not takes_kwargs]
        if missing or extra:
            problems.append(f"{key}: no kind for {missing}" if missing else f"{key}: unknown parameters {extra}")
    assert not problems, "specs out of step with their signatures:" + _listing(problems)


def test_skips_are_few_and_justified():
    skips = {k: s.reason for k, s in pa.SPECS.items() if isinstance(s, pa.Skip)}
    print("skipped:", skips)
    assert all(len(reason) >= 20 for reason in skips.values()), skips
    assert len(skips) <= max(3, len(pa.SPECS) // 20), f"too many skips: {sorted(skips)}"


# ----------------------------------------------------------------------------- the battery
def test_bad_inputs_get_clear_errors(report):
    c = report.counts()
    print(f"\nbad calls: {c['total']}, clear {c['clear']} ({100 * c['share']:.1f}%), obscure {c['obscure']}, "
          f"silent {c['silent']} (of which NaN/inf or wrong shape: {c['silent_bad']})")
    not_clear = [o.line() for o in report.bad if o.status != "clear"]
    assert c["total"] > 0
    assert c["share"] >= pa.MIN_CLEAR_SHARE, (
        f"only {100 * c['share']:.1f}% clear errors (need {100 * pa.MIN_CLEAR_SHARE:.0f}%)\n{report.summary()}\n"
        "calls that were not clear (key argument=value (what): outcome):" + _listing(not_clear))


def test_no_silent_nan_inf_or_wrong_shape(report):
    flagged = [o.line() for o in report.bad if o.status == "silent" and o.flag]
    assert not flagged, "bad inputs that silently returned NaN/inf or a wrong shape:" + _listing(flagged)


def test_valid_edge_inputs_work(report):
    failed = [o.line() for o in report.edge if o.status != "ok"]
    assert not failed, "valid inputs that failed (crash, NaN/inf, global RNG, another answer):" + _listing(failed)


def test_every_spec_ran(report):
    ran = {o.key for o in report.edge if o.label == "the valid call" and o.status == "ok"}
    specs = {k for k, s in pa.SPECS.items() if not isinstance(s, pa.Skip) and pa.in_modules(k, report.modules)}
    assert specs <= ran, f"specs whose valid call did not run: {sorted(specs - ran)}"


# ----------------------------------------------------------------------------- the harness can fail
def _unvalidated(x, n=2, scale=1.0):
    """What the battery must catch: no checks at all."""
    return np.asarray(x, dtype=float)[:n] * scale


def _validated(x, n=2, scale=1.0):
    x = as_real_array(x, "x", shape=(None, 2))
    n = check_positive_int(n, "n")
    scale = check_real(scale, "scale", low=0.0, low_open=True)
    return x[:n] * scale


def _vague(x, n=2, scale=1.0):
    """Raises the right types, but the messages do not say which argument is wrong."""
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ValueError("bad input")
    if not isinstance(x, np.ndarray) or x.ndim != 2 or not np.isfinite(x).all():
        raise TypeError("invalid value")
    return _validated(x, n, scale)


def _synthetic(fn, **spec_options):
    x = np.arange(6.0).reshape(3, 2)
    return {f"synthetic:{fn.__name__}": pa.Spec(
        lambda: pa.call(fn, x=x, n=2, scale=1.5),
        {"x": pa.Array(("n", 2)), "n": pa.Count(), "scale": pa.Real(lo=0, lo_open=True)}, batch=None, **spec_options)}


def test_the_battery_fails_a_function_without_validation():
    c = pa.run_battery(_synthetic(_unvalidated)).counts()
    assert c["share"] < 0.5 and c["obscure"] > 0 and c["silent"] > 0 and c["silent_bad"] > 0, c


def test_the_battery_passes_a_validated_function():
    rep = pa.run_battery(_synthetic(_validated))
    c = rep.counts()
    assert c["share"] == 1.0 and c["edge_failures"] == 0, rep.summary()


def test_the_battery_requires_the_argument_name():
    c = pa.run_battery(_synthetic(_vague)).counts()
    assert c["obscure"] >= 10 and c["share"] < 0.9, c


def test_the_battery_flags_crashes_on_valid_edges_and_global_rng():
    def strict_int(x, n=2, scale=1.0):  # refuses np.int64 and tensors: edge failures
        if type(n) is not int or not isinstance(x, np.ndarray):
            raise TypeError("n must be a Python int and x a NumPy array")
        return _validated(x, n, scale)

    def global_rng(x, n=2, scale=1.0):
        return _validated(x, n, scale) + torch.rand(1).item() * 0

    failed = {o.label for o in pa.run_battery(_synthetic(strict_int)).edge if o.status != "ok"}
    assert {"np.int64", "float32 tensor", "nested list"} <= failed, failed
    rng_failures = [o for o in pa.run_battery(_synthetic(global_rng)).edge if o.status != "ok"]
    assert rng_failures and all("global RNG" in o.detail for o in rng_failures)
    assert not [o for o in pa.run_battery(_synthetic(global_rng, touches_global_rng=True)).edge if o.status != "ok"]


def test_enumeration_keys_methods_and_constructors(enumerated):
    found, _ = enumerated
    assert {"course_lib.rbm:RBM", "course_lib.rbm:RBM.fit", "course_lib.rbm:RBM.from_state_dict",
            "course_lib.data:data_path"} <= set(found)
    assert not [k for k in found if any(part.startswith("_") for part in k.replace(":", ".").split("."))]
