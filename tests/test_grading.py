"""Grading with nbgrader, end to end: a course directory and an exchange in a temporary folder; the
instructor releases a lecture; a student fetches it, solves one exercise right, one wrong and leaves
one as the placeholder, and submits; the instructor collects, autogrades, generates feedback and
exports grades. Every step is nbgrader's own command line, as docs/instructors.md describes."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import make_course  # tools/ (tests/conftest.py)
import make_student
import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]



# The lectures graded end to end: lecture 3 by default (three exercises, 7 s to run), in English and,
# once it is translated, in the Korean edition (ko/: checks and placeholder in Korean);
# COURSE_GRADING_LECTURES=all (or a comma-separated list of paths such as notebooks/05_gan_the_game,
# ko/03_boltzmann_machines) grades others the same way.
_chosen = os.environ.get("COURSE_GRADING_LECTURES", "notebooks/03_boltzmann_machines,ko/03_boltzmann_machines")
LECTURES = ([p.relative_to(ROOT).with_suffix("").as_posix() for folder in ("notebooks", "ko")
             for p in sorted((ROOT / folder).glob("[0-9][0-9]_*.ipynb"))] if _chosen == "all"
            else [s.strip() for s in _chosen.split(",") if s.strip() and (ROOT / f"{s.strip()}.ipynb").exists()])
# what the feedback says, per edition (course_lib.checks.MESSAGES)
SAYS = {"notebooks": {"right": "correct -- {name} passed", "hidden": "hidden check(s).", "wrong": "wrong -- {name}:",
                      "placeholder": "not yet -- {name} is still the exercise placeholder"},
        "ko": {"right": "정답 -- {name}:", "hidden": "숨겨진 검사", "wrong": "오답 -- {name}:",
               "placeholder": "아직 -- {name}은(는) 아직 연습 문제의 빈칸 그대로입니다"}}
COURSE = "gm-test"
WRONG = "return 0.0"     # the student's wrong answer to the second exercise (right type, wrong value)


def nbgrader(*args, cwd: Path, exchange: Path) -> str:
    # as in an activated venv: nbgrader runs `alembic` (its database migrations) from the PATH
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    run = subprocess.run([sys.executable, "-m", "nbgrader", *args, f"--Exchange.root={exchange}"],
                         cwd=cwd, capture_output=True, text=True, env=env)
    assert run.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{run.stdout}\n{run.stderr}"
    return run.stdout + run.stderr


def _exercises(nb) -> list[tuple[str, str]]:
    """(grade_id, source) of every solution cell, in order."""
    return [(c.metadata["nbgrader"]["grade_id"], c.source) for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("solution")]


@pytest.fixture(scope="module", params=LECTURES)
def graded(request, tmp_path_factory):
    """Run the round trip for one lecture; return (course dir, lecture, {exercise: what the student did})."""
    source = ROOT / f"{request.param}.ipynb"
    lecture = source.stem
    stub = make_course.CODE_STUBS["ko" if source.parent.name == "ko" else "en"]
    tmp = tmp_path_factory.mktemp(f"grading-{source.parent.name}-{lecture}")
    course, exchange, home = tmp / "course", tmp / "exchange", tmp / "student"
    exchange.mkdir()
    home.mkdir()
    solutions = dict(_exercises(nbformat.read(source, as_version=4)))
    make_course.write_course(course, [source], course_id=COURSE, exchange=str(exchange))
    # instructor: generate the student version and release it
    nbgrader("generate_assignment", lecture, cwd=course, exchange=exchange)
    nbgrader("release_assignment", lecture, cwd=course, exchange=exchange)
    # student: fetch; the first exercise right (the instructor's solution), the second wrong, the
    # rest left as the placeholder; submit
    nbgrader("fetch_assignment", lecture, f"--course={COURSE}", cwd=home, exchange=exchange)
    fetched = home / lecture / f"{lecture}.ipynb"
    nb = nbformat.read(fetched, as_version=4)
    did = {}
    for cell in nb.cells:
        assert "BEGIN SOLUTION" not in cell.source and "HIDDEN TESTS" not in cell.source
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if not cell.metadata.get("nbgrader", {}).get("solution"):
            continue
        assert stub in cell.source, f"{grade_id}: no placeholder in the student version"
        if not did:
            cell.source, did[grade_id] = solutions[grade_id], "right"
        elif len(did) == 1:
            cell.source, did[grade_id] = cell.source.replace(stub, WRONG), "wrong"
        else:
            did[grade_id] = "placeholder"
    assert len(did) == len(solutions) >= 2
    nbformat.write(nb, fetched)
    nbgrader("submit", lecture, f"--course={COURSE}", cwd=home, exchange=exchange)
    # instructor: collect, autograde, feedback, export
    nbgrader("collect", lecture, cwd=course, exchange=exchange)
    nbgrader("autograde", lecture, cwd=course, exchange=exchange)
    nbgrader("generate_feedback", lecture, cwd=course, exchange=exchange)
    nbgrader("export", "--to=grades.csv", cwd=course, exchange=exchange)
    return course, lecture, did, SAYS[source.parent.name]


def _student(course: Path) -> str:
    (student,) = [p.name for p in (course / "submitted").iterdir()]
    return student


def test_the_autograder_scores_right_wrong_and_placeholder(graded):
    from nbgrader.api import Gradebook

    course, lecture, did, _ = graded
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id=COURSE) as gb:
        submission = gb.find_submission_notebook(lecture, lecture, _student(course))
        scores = {g.name: (g.score, g.max_score) for g in submission.grades}
    assert scores == {f"{name}_check": (1 if what == "right" else 0, 1) for name, what in did.items()}


def test_the_grades_export_has_the_score(graded):
    course, lecture, did, _ = graded
    rows = list(csv.DictReader(open(course / "grades.csv")))
    (row,) = [r for r in rows if r["assignment"] == lecture]
    assert float(row["score"]) == 1.0 and float(row["max_score"]) == float(len(did))


def test_the_feedback_names_the_failing_exercises(graded):
    course, lecture, did, says = graded
    html = (course / "feedback" / _student(course) / lecture / f"{lecture}.html").read_text()
    for name, what in did.items():
        assert says[what].format(name=name) in html, (what, name)     # wrong: with its failing cases
        if what == "right":
            assert says["hidden"] in html                                # hidden tests ran


def test_only_the_failing_exercises_raise(graded):
    """The rest of the lecture runs in the grader's folders as it does in notebooks/ (no path, data or
    checkpoint that only works from the repository)."""
    course, lecture, did, _ = graded
    nb = json.loads((course / "autograded" / _student(course) / lecture / f"{lecture}.ipynb").read_text())
    errors = {(c["metadata"].get("nbgrader", {}).get("grade_id"), o["ename"])
              for c in nb["cells"] if c["cell_type"] == "code" for o in c["outputs"] if o["output_type"] == "error"}
    assert errors == {(f"{name}_check", "AssertionError") for name, what in did.items() if what != "right"}


def test_the_hidden_tests_are_restored_for_grading(graded):
    course, lecture, did, _ = graded
    nb = json.loads((course / "autograded" / _student(course) / lecture / f"{lecture}.ipynb").read_text())
    sources = ["".join(c["source"]) for c in nb["cells"]]
    assert sum("### BEGIN HIDDEN TESTS" in s for s in sources) == len(did)


NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_lecture_is_a_well_formed_assignment(path):
    nb = nbformat.read(path, as_version=4)
    assert make_student.exercise_problems(nb, path.name) == []
    ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if "nbgrader" in c.metadata]
    assert len(ids) == len(set(ids)), f"{path.name}: repeated nbgrader grade_id"
    solutions = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
    tests = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert len(solutions) >= 2 and len(tests) == len(solutions)
    assert all(c.metadata["nbgrader"]["locked"] for c in tests)
    assert all("check_function(" in c.source and "check_function(" not in s.source
               for s, c in zip(solutions, tests, strict=True)), "solution and check must be separate cells"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_no_lecture_depends_on_the_folder_it_is_opened_from(path):
    """nbgrader runs a lecture in source/, release/, submitted/<student>/...; a hub in ~/<course>/:
    code must find the course's files through course_lib (CHECKPOINT_DIR), never a relative path."""
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert not re.search(r"""["']\.\.?(/|["'])""", cell.source), (
                f"{path.name} cell {i}: a path relative to the notebook's folder; use course_lib.checkpoints."
                f"CHECKPOINT_DIR (or the data loaders)")
