"""The student edition (tools/make_student.py, by nbgrader's generate_assignment): solutions and
hidden tests out, placeholders in, outputs cleared, checks say "not yet"; and the exercise rules
nbgrader does not check itself."""

from __future__ import annotations

import ast
from pathlib import Path

import make_course  # tools/ (tests/conftest.py)
import make_student
import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]



SOLUTION = '''def estimate_probabilities(counts):
    """Counts (k,) -> probabilities (k,)."""
    counts = np.asarray(counts, dtype=float)
    ### BEGIN SOLUTION
    total = counts.sum()
    return counts / total
    ### END SOLUTION'''

CHECK = '''result = check_function(estimate_probabilities, [(([1, 3],), np.array([0.25, 0.75]))])
### BEGIN HIDDEN TESTS
check_function(estimate_probabilities, [(([2, 2, 4],), np.array([0.25, 0.25, 0.5]))], hidden=True)
### END HIDDEN TESTS'''

SETUP = "import numpy as np\nfrom course_lib.checks import check_function"


def _meta(grade_id, solution=False, grade=False, points=None):
    meta = {"grade": grade, "grade_id": grade_id, "locked": not solution, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta, "slideshow": {"slide_type": "-"}}


def _notebook(extra: list | None = None) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    md = nbformat.v4.new_markdown_cell("## Exercise\nWrite `estimate_probabilities`.")
    setup = nbformat.v4.new_code_cell(SETUP)
    sol = nbformat.v4.new_code_cell(SOLUTION, metadata=_meta("estimate_probabilities", solution=True))
    check = nbformat.v4.new_code_cell(CHECK, execution_count=4,
                                      metadata=_meta("estimate_probabilities_check", grade=True, points=1))
    check.outputs = [nbformat.v4.new_output("stream", name="stdout", text="correct -- ...\n")]
    nb.cells = [md, setup, sol, check, *(extra or [])]
    return nb


def _student(nb, tmp_path, name="07_demo"):
    src = tmp_path / f"{name}.ipynb"
    nbformat.write(nb, src)
    (dest,) = make_student.generate([src], tmp_path / "student")
    return nbformat.read(dest, as_version=4)


def _run(*sources, capsys) -> str:
    namespace: dict = {}
    for source in sources:
        exec(compile(source, "<cell>", "exec"), namespace)
    return capsys.readouterr().out


def test_nbgrader_replaces_the_solution_and_removes_hidden_tests(tmp_path):
    student = _student(_notebook(), tmp_path)
    sol, check = student.cells[2], student.cells[3]
    assert "BEGIN SOLUTION" not in sol.source and "total = counts.sum()" not in sol.source
    assert f"    {make_course.CODE_STUB}" in sol.source                  # at the marker's indentation
    assert "counts = np.asarray(counts, dtype=float)" in sol.source      # lines outside the markers stay
    assert "HIDDEN" not in check.source and "[2, 2, 4]" not in check.source
    assert check.source.startswith("result = check_function(estimate_probabilities")
    assert check.metadata["nbgrader"]["locked"] and check.metadata["nbgrader"]["checksum"]
    assert all(not c.outputs and c.execution_count is None for c in student.cells if c.cell_type == "code")


def test_the_check_says_not_yet_on_the_placeholder_and_correct_on_the_solution(tmp_path, capsys):
    student = _student(_notebook(), tmp_path)
    out = _run(SETUP, student.cells[2].source, student.cells[3].source, capsys=capsys)
    assert out.startswith("not yet -- estimate_probabilities is still the exercise placeholder")
    out = _run(SETUP, SOLUTION, CHECK, capsys=capsys)
    assert out == ("correct -- estimate_probabilities passed 1 check(s).\n"
                   "correct -- estimate_probabilities passed 1 hidden check(s).\n")


def test_calls_to_an_exercise_function_outside_a_test_cell_are_refused(tmp_path):
    call = nbformat.v4.new_code_cell(
        "p = estimate_probabilities([1, 1])\nf = lambda c: estimate_probabilities(c)\n"
        "def g(c):\n    return estimate_probabilities(c)")
    nb = _notebook([call])
    # the test cell passes the function without calling it; the lambda and def are not run
    assert make_student.placeholder_calls(nb) == [(4, "estimate_probabilities")]
    with pytest.raises(ValueError, match=r"cell 4: calls estimate_probabilities\(\) outside a test cell"):
        _student(nb, tmp_path)


@pytest.mark.parametrize("change, message", [
    (lambda nb: nb.cells[3].update(source="check_function(other, [((1,), 1)])\n### BEGIN HIDDEN TESTS\n"
                                          "### END HIDDEN TESTS"), "no graded test cell after it checks"),
    (lambda nb: nb.cells[3].update(source="check_function(estimate_probabilities, [((1,), 1)])"),
     "has no hidden tests"),
    (lambda nb: nb.cells[3].metadata["nbgrader"].update(points=0), "is worth no points"),
    (lambda nb: nb.cells[1].update(source=SETUP + "\n### BEGIN SOLUTION\nx = 1\n### END SOLUTION"),
     "solution markers in a cell without nbgrader solution metadata"),
])
def test_broken_exercises_are_named(change, message):
    nb = _notebook()
    change(nb)
    problems = make_student.exercise_problems(nb, "demo.ipynb")
    assert any(message in p for p in problems), problems


def test_nbgrader_errors_are_reported_not_hidden(tmp_path):
    nb = _notebook()
    nb.cells[2].source = SOLUTION.replace("    ### END SOLUTION", "")      # BEGIN without END
    with pytest.raises(RuntimeError, match="nbgrader generate_assignment failed"):
        _student(nb, tmp_path)


def test_command_line_names_a_missing_notebook(tmp_path, capsys):
    assert make_student.main([str(tmp_path / "nope.ipynb"), "--out", str(tmp_path / "s")]) == 1
    assert "not a notebook file" in capsys.readouterr().err


NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
KOREAN = sorted((ROOT / "ko").glob("[0-9][0-9]_*.ipynb"))   # the Korean edition (make korean)
# (lecture, folder of its student edition, placeholder line): English and Korean editions
LECTURES = ([(p, "student", make_course.CODE_STUBS["en"]) for p in NOTEBOOKS]
            + [(p, "student-ko", make_course.CODE_STUBS["ko"]) for p in KOREAN])
IDS = [f"{p.parent.name}/{p.stem}" for p, _, _ in LECTURES]


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    out = {}
    for paths, folder in ((NOTEBOOKS, "student"), (KOREAN, "student-ko")):
        if paths:
            tmp = tmp_path_factory.mktemp(folder)
            out |= {(folder, p.stem): nbformat.read(p, as_version=4) for p in make_student.generate(paths, tmp)}
    return out


@pytest.mark.parametrize("path, folder, stub", LECTURES, ids=IDS)
def test_every_lecture_has_a_clean_student_edition(path, folder, stub, editions):
    nb, student = nbformat.read(path, as_version=4), editions[folder, path.stem]
    assert len(student.cells) == len(nb.cells)
    solutions = [c for c in student.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert solutions and all(stub in c.source for c in solutions)
    text = "\n".join(c.source for c in student.cells)
    assert "SOLUTION" not in text and "HIDDEN TESTS" not in text and "hidden=True" not in text
    assert all(not c.outputs for c in student.cells if c.cell_type == "code")
    for cell in student.cells:
        if cell.cell_type == "code":
            ast.parse(make_student._python_only(cell.source))              # still valid Python


@pytest.mark.parametrize("path, folder, stub", LECTURES, ids=IDS)
def test_the_committed_student_edition_is_what_make_student_writes(path, folder, stub, editions):
    committed = ROOT / folder / path.name
    assert committed.is_file(), f"{folder}/{path.name} is missing: run make student and commit it"
    assert nbformat.read(committed, as_version=4) == editions[folder, path.stem], (
        f"{folder}/{path.name} is stale (the notebook changed since): run make student and commit it")


@pytest.mark.parametrize("folder, paths", [("student", NOTEBOOKS), ("student-ko", KOREAN)])
def test_the_student_folder_holds_only_lectures(folder, paths):
    if not (ROOT / folder).exists():
        assert not paths, f"{folder}/ is missing: run make student"
        return
    extra = {p.name for p in (ROOT / folder).iterdir()} - {p.name for p in paths}
    assert not extra, f"{folder}/ has files no lecture makes: {sorted(extra)} (make student writes them all)"
