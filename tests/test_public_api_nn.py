"""The bad-input battery of tests/public_api.py over the neural-network modules (specs in
tests/public_api_nn.py): at least 98% clear errors, no silent NaN/inf or wrong shape, every valid
edge input works, every public callable of ``NN_MODULES`` has a spec. ``python tests/public_api_nn.py -v``
prints the same figures and every call that is not clear."""

from __future__ import annotations

import inspect

import public_api as pa
import public_api_nn as nn
import pytest
from test_public_api import _listing


@pytest.fixture(scope="module")
def report():
    rep = nn.run_nn_battery()
    print("\n" + rep.summary())
    return rep


@pytest.fixture(scope="module")
def enumerated():
    return pa.public_callables()


def test_every_module_of_course_lib_is_in_one_battery(enumerated):
    """A new module cannot be forgotten: it must be listed in SPECCED_MODULES (tests/public_api.py)
    or NN_MODULES (tests/public_api_nn.py), whose tests then require a spec for each callable."""
    found, errors = enumerated
    modules = {pa.module_of(k) for k in found} | set(errors)
    covered = set(pa.SPECCED_MODULES) | set(nn.NN_MODULES)
    assert modules <= covered, f"modules in no battery: {sorted(modules - covered)}"
    assert not set(pa.SPECCED_MODULES) & set(nn.NN_MODULES)


def test_all_spec_makers_ran():
    assert not nn.NN_SPEC_ERRORS, f"spec makers that raised: {nn.NN_SPEC_ERRORS}"


def test_every_public_callable_has_a_spec(enumerated):
    found, errors = enumerated
    broken = {m: e for m, e in errors.items() if m in nn.NN_MODULES}
    assert not broken, f"modules that do not import: {broken}"
    missing = sorted(k for k in found if pa.in_modules(k, nn.NN_MODULES) and k not in nn.NN_SPECS)
    assert not missing, "public callables without a spec (add one in tests/public_api_nn.py):" + _listing(missing)


def test_no_spec_is_stale(enumerated):
    found, _ = enumerated
    stale = sorted(k for k in nn.NN_SPECS if k not in found)
    assert not stale, "specs of callables that no longer exist (remove or rename them):" + _listing(stale)


def test_specs_cover_every_parameter(enumerated):
    found, _ = enumerated
    problems = []
    for key, spec in nn.NN_SPECS.items():
        if isinstance(spec, pa.Skip) or key not in found:
            continue
        params = pa.parameters(found[key])
        takes_kwargs = any(p.kind == p.VAR_KEYWORD for p in inspect.signature(found[key]).parameters.values())
        missing = [p for p in params if p not in spec.args]
        extra = [a for a in spec.args if a not in params and not takes_kwargs]
        if missing or extra:
            problems.append(f"{key}: no kind for {missing}" if missing else f"{key}: unknown parameters {extra}")
    assert not problems, "specs out of step with their signatures:" + _listing(problems)


def test_no_skips():
    skips = {k: s.reason for k, s in nn.NN_SPECS.items() if isinstance(s, pa.Skip)}
    assert not skips, skips


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
    specs = {k for k, s in nn.NN_SPECS.items() if not isinstance(s, pa.Skip)}
    assert specs <= ran, f"specs whose valid call did not run: {sorted(specs - ran)}"
