"""A check that a wrong answer passes is a defect: every exercise's test cell (visible and hidden
cases) must reject the simple mutants of its solution that tools/mutants.py makes -- a flipped sign
or operator, a dropped term, a boundary, an off-by-one, a wrong axis, a swapped function, "return
the first argument" -- at least THRESHOLD of those that are not equivalent to the solution.

EQUIVALENT lists, per exercise, the mutants a person has read and found to compute the same
function as the solution on every input the exercise allows (they cannot be caught), keyed by
the first 12 hex digits of the sha1 of the mutant's source, with the reason.
Each lecture is executed once in the network-blocked kernel (about as long as nbval takes for it).
"""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("mutants", ROOT / "tools" / "mutants.py")
mutants = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mutants)

THRESHOLD = 0.9
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
EQUIVALENT: dict[str, dict[str, str]] = {
    "my_slerp": {"2178df6aca08": "np.clip(cos, -1, 2): a cosine is never above 1",
                 "2a97e2257b22": "np.clip(cos, -2, 1): a cosine is never below -1"},
}


def key(mutant) -> str:
    return hashlib.sha1(mutant.source.encode()).hexdigest()[:12]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_exercise_checks_reject_mutants_of_the_solution(path):
    reports = mutants.run(path)
    assert reports, f"{path.name}: no exercise found"
    weak = []
    for r in reports:
        known = EQUIVALENT.get(r.exercise, {})
        survivors = [m for m in r.survivors if key(m) not in known]
        total = r.total - (len(r.survivors) - len(survivors))
        share = (total - len(survivors)) / total if total else 1.0
        print(f"{path.stem} {r.exercise}: {total - len(survivors)} of {total} mutants caught ({share:.0%})")
        if share < THRESHOLD:
            weak.append(f"{r.exercise}: {share:.0%} caught; survivors: "
                        + "; ".join(f"line {m.line} {m.description} [{key(m)}]" for m in survivors))
    assert not weak, f"{path.name}: checks that let wrong answers pass:\n  " + "\n  ".join(weak)
