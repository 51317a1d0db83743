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



# The lectures graded end to end: lecture 3 by default (three exercises, 7 s to run);
# COURSE_GRADING_LECTURES=all (or a comma-separated list of notebook stems) grades others the same way.
_chosen = os.environ.get("COURSE_GRADING_LECTURES", "03_boltzmann_machines")
LECTURES = ([p.stem for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))] if _chosen == "all"
            else [s.strip() for s in _chosen.split(",") if s.strip()])
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
    lecture = request.param
    tmp = tmp_path_factory.mktemp(f"grading-{lecture}")
    course, exchange, home = tmp / "course", tmp / "exchange", tmp / "student"
    exchange.mkdir()
    home.mkdir()
    source = ROOT / "notebooks" / f"{lecture}.ipynb"
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
        assert make_course.CODE_STUB in cell.source, f"{grade_id}: no placeholder in the student version"
        if not did:
            cell.source, did[grade_id] = solutions[grade_id], "right"
        elif len(did) == 1:
            cell.source, did[grade_id] = cell.source.replace(make_course.CODE_STUB, WRONG), "wrong"
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
    return course, lecture, did


def _student(course: Path) -> str:
    (student,) = [p.name for p in (course / "submitted").iterdir()]
    return student


def test_the_autograder_scores_right_wrong_and_placeholder(graded):
    from nbgrader.api import Gradebook

    course, lecture, did = graded
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id=COURSE) as gb:
        submission = gb.find_submission_notebook(lecture, lecture, _student(course))
        scores = {g.name: (g.score, g.max_score) for g in submission.grades}
    assert scores == {f"{name}_check": (1 if what == "right" else 0, 1) for name, what in did.items()}


def test_the_grades_export_has_the_score(graded):
    course, lecture, did = graded
    rows = list(csv.DictReader(open(course / "grades.csv")))
    (row,) = [r for r in rows if r["assignment"] == lecture]
    assert float(row["score"]) == 1.0 and float(row["max_score"]) == float(len(did))


def test_the_feedback_names_the_failing_exercises(graded):
    course, lecture, did = graded
    html = (course / "feedback" / _student(course) / lecture / f"{lecture}.html").read_text()
    for name, what in did.items():
        if what == "right":
            assert f"correct -- {name} passed" in html and "hidden check(s)." in html   # hidden tests ran
        elif what == "wrong":
            assert f"wrong -- {name}:" in html                      # with its failing cases
        else:
            assert f"not yet -- {name} is still the exercise placeholder" in html


def test_only_the_failing_exercises_raise(graded):
    """The rest of the lecture runs in the grader's folders as it does in notebooks/ (no path, data or
    checkpoint that only works from the repository)."""
    course, lecture, did = graded
    nb = json.loads((course / "autograded" / _student(course) / lecture / f"{lecture}.ipynb").read_text())
    errors = {(c["metadata"].get("nbgrader", {}).get("grade_id"), o["ename"])
              for c in nb["cells"] if c["cell_type"] == "code" for o in c["outputs"] if o["output_type"] == "error"}
    assert errors == {(f"{name}_check", "AssertionError") for name, what in did.items() if what != "right"}


def test_the_hidden_tests_are_restored_for_grading(graded):
    course, lecture, did = graded
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
