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
from pathlib import Path

import mutants  # tools/mutants.py (tests/conftest.py puts tools/ on the path)
import pytest

ROOT = Path(__file__).resolve().parents[1]

THRESHOLD = 0.9
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
EQUIVALENT: dict[str, dict[str, str]] = {
    # the two guard loops correct any starting k (and the first guess is exact or one too high), so a
    # mutant of the float estimate, or of the loop that only runs when the estimate is too low, ends at the
    # same count on every input: 18 equivalent mutants
    "n_digits_of_image_count": {k: "guard loops correct it" for k in (
        '8b68cb862ccd', '482e56230a7c', '870b91b9db8c', 'e3d0f1d6b0cf', '2506c9431667', '55b15f4eba50',
        '206e49a8e7b2', 'e93a79aab898', '1504c6c25587', '6de2408d4908', '37497a3edf3b', '506b64dc13e8',
        'c091577ed452', '0c7dc7f6113e', '17f2e87d6b10', 'a691f8e51f7e', 'c4f97f5d78ac', 'bebaad3d07ce',
    )},
    # the inner np.where only supplies a dummy divisor where p_data + p_g = 0, and the outer one
    # replaces those entries by 0.5 anyway
    "optimal_d": {"777c191c6c64": "inner total >= 0: dummy divisor", "dc1701f60f5b": "inner dummy 2.0",
                  "7bd101222036": "inner total > -1: dummy divisor"},
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
