"""Grading with nbgrader, end to end: a course directory and an exchange in a temporary folder; the
instructor releases a lecture; a student fetches it, solves one exercise right, one wrong and leaves
one as the placeholder, and submits; the instructor collects, autogrades, generates feedback and
exports grades. Every step is nbgrader's own command line, as docs/instructors.md describes."""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]


def _tool(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_course = _tool("make_course")
make_student = _tool("make_student")

LECTURE = "03_boltzmann_machines"
COURSE = "gm-test"
# the student's answers: right, wrong (forgets the hidden bias), and the placeholder left in place
ANSWERS = {
    "energy": "return -a @ v - b @ h - v @ W @ h",
    "p_h_given_v": "return 1.0 / (1.0 + np.exp(-(v @ W)))",
}


def nbgrader(*args, cwd: Path, exchange: Path) -> str:
    # as in an activated venv: nbgrader runs `alembic` (its database migrations) from the PATH
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    run = subprocess.run([sys.executable, "-m", "nbgrader", *args, f"--Exchange.root={exchange}"],
                         cwd=cwd, capture_output=True, text=True, env=env)
    assert run.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{run.stdout}\n{run.stderr}"
    return run.stdout + run.stderr


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("grading")
    course, exchange, home = tmp / "course", tmp / "exchange", tmp / "student"
    exchange.mkdir()
    home.mkdir()
    make_course.write_course(course, [ROOT / "notebooks" / f"{LECTURE}.ipynb"], course_id=COURSE,
                             exchange=str(exchange))
    # instructor: generate the student version and release it
    nbgrader("generate_assignment", LECTURE, cwd=course, exchange=exchange)
    nbgrader("release_assignment", LECTURE, cwd=course, exchange=exchange)
    # student: fetch, answer, submit
    nbgrader("fetch_assignment", LECTURE, f"--course={COURSE}", cwd=home, exchange=exchange)
    fetched = home / LECTURE / f"{LECTURE}.ipynb"
    nb = nbformat.read(fetched, as_version=4)
    stubs = 0
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.metadata.get("nbgrader", {}).get("solution"):
            assert make_course.CODE_STUB in cell.source, f"{grade_id}: no placeholder in the student version"
            stubs += 1
            if grade_id in ANSWERS:
                cell.source = cell.source.replace(make_course.CODE_STUB, ANSWERS[grade_id])
        assert "BEGIN SOLUTION" not in cell.source and "HIDDEN TESTS" not in cell.source
    assert stubs == 3
    nbformat.write(nb, fetched)
    nbgrader("submit", LECTURE, f"--course={COURSE}", cwd=home, exchange=exchange)
    # instructor: collect, autograde, feedback, export
    nbgrader("collect", LECTURE, cwd=course, exchange=exchange)
    nbgrader("autograde", LECTURE, cwd=course, exchange=exchange)
    nbgrader("generate_feedback", LECTURE, cwd=course, exchange=exchange)
    nbgrader("export", "--to=grades.csv", cwd=course, exchange=exchange)
    return course


def _student(course: Path) -> str:
    (student,) = [p.name for p in (course / "submitted").iterdir()]
    return student


def test_the_autograder_scores_right_wrong_and_placeholder(graded):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{graded / 'gradebook.db'}", course_id=COURSE) as gb:
        submission = gb.find_submission_notebook(LECTURE, LECTURE, _student(graded))
        scores = {g.name: (g.score, g.max_score) for g in submission.grades}
    assert scores == {"energy_check": (1, 1), "p_h_given_v_check": (0, 1), "free_energy_check": (0, 1)}


def test_the_grades_export_has_the_score(graded):
    rows = list(csv.DictReader(open(graded / "grades.csv")))
    (row,) = [r for r in rows if r["assignment"] == LECTURE]
    assert float(row["score"]) == 1.0 and float(row["max_score"]) == 3.0


def test_the_feedback_names_the_failing_exercises(graded):
    html = (graded / "feedback" / _student(graded) / LECTURE / f"{LECTURE}.html").read_text()
    assert "wrong -- p_h_given_v:" in html                 # the wrong answer, with its failing cases
    assert "free_energy is still the exercise placeholder" in html
    assert "correct -- energy passed 4 check(s)" in html
    assert "hidden case" in html or "passed 2 hidden check(s)" in html   # hidden tests ran


def test_the_hidden_tests_catch_what_the_visible_ones_miss(graded):
    # the autograded copy runs the instructor's test cells, hidden tests included
    nb = json.loads((graded / "autograded" / _student(graded) / LECTURE / f"{LECTURE}.ipynb").read_text())
    sources = [''.join(c["source"]) for c in nb["cells"]]
    assert sum("### BEGIN HIDDEN TESTS" in s for s in sources) == 3


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
