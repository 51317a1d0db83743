"""The student edition (tools/make_student.py): solutions out, placeholders in, checks say "not yet"."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("make_student", ROOT / "tools" / "make_student.py")
make_student = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_student)

EXERCISE = '''import numpy as np
from course_lib.checks import check_function


def estimate_probabilities(counts):
    """Counts (k,) -> probabilities (k,)."""
    counts = np.asarray(counts, dtype=float)
    ### BEGIN SOLUTION
    total = counts.sum()
    return counts / total
    ### END SOLUTION


class Model:
    def energy(self, v):
        if v is None:
            ### BEGIN SOLUTION
            return 0.0
            ### END SOLUTION
        return 1.0'''

STUDENT = '''import numpy as np
from course_lib.checks import check_function


def estimate_probabilities(counts):
    """Counts (k,) -> probabilities (k,)."""
    counts = np.asarray(counts, dtype=float)
    raise NotImplementedError("exercise: complete estimate_probabilities")


class Model:
    def energy(self, v):
        if v is None:
            raise NotImplementedError("exercise: complete energy")
        return 1.0'''

CHECK = "result = check_function(estimate_probabilities, [(([1, 3],), np.array([0.25, 0.75]))])"


def _notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    md = nbformat.v4.new_markdown_cell("## Exercise\nWrite `estimate_probabilities`.")
    md.metadata["slideshow"] = {"slide_type": "slide"}
    ex = nbformat.v4.new_code_cell(EXERCISE, execution_count=3)
    ex.outputs = [nbformat.v4.new_output("stream", name="stdout", text="hello\n")]
    ex.metadata.update(slideshow={"slide_type": "-"}, tags=["exercise"], execution={"x": 1})
    check = nbformat.v4.new_code_cell(CHECK, execution_count=4)
    check.outputs = [nbformat.v4.new_output("stream", name="stdout", text="correct -- ...\n")]
    nb.cells = [md, ex, check]
    nb.metadata["widgets"] = {"state": {}}
    return nb


def test_solutions_become_placeholders_at_the_right_indentation():
    nb = _notebook()
    student, n = make_student.student_notebook(nb)
    assert n == 2
    assert student.cells[1].source == STUDENT
    assert nb.cells[1].source == EXERCISE, "the instructor notebook must not change"
    for cell in student.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
            assert "execution" not in cell.metadata
    assert student.cells[1].metadata["tags"] == ["exercise"]
    assert student.cells[0].metadata["slideshow"] == {"slide_type": "slide"}
    assert "widgets" not in student.metadata
    nbformat.validate(student)


def _run(source: str, capsys) -> tuple[bool, str]:
    namespace: dict = {}
    exec(compile(source + "\n" + CHECK, "<cell>", "exec"), namespace)
    return bool(namespace["result"]), capsys.readouterr().out


def test_checker_says_not_yet_on_the_placeholder_and_correct_on_the_solution(capsys):
    student, _ = make_student.student_notebook(_notebook())
    ok, out = _run(student.cells[1].source, capsys)
    assert not ok and out.startswith("not yet -- estimate_probabilities is still the exercise placeholder")
    ok, out = _run(EXERCISE, capsys)
    assert ok and out.startswith("correct -- estimate_probabilities passed 1 check(s)")


def test_calls_to_a_placeholder_outside_a_check_are_found():
    nb = _notebook()
    nb.cells.append(nbformat.v4.new_code_cell(
        "p = estimate_probabilities([1, 1])\nf = lambda c: estimate_probabilities(c)\n"
        "def g(c):\n    return estimate_probabilities(c)\nprint(Model().energy(None))"))
    student, _ = make_student.student_notebook(nb)
    # the check cell passes the function without calling it; the lambda and def are not run
    assert make_student.placeholder_calls(student) == [(3, "estimate_probabilities")]


def test_top_level_solution_and_magics():
    src = "%matplotlib inline\nanswer = 1\n### BEGIN SOLUTION\nanswer = 42\n### END SOLUTION\nprint(answer)"
    out, n = make_student.strip_solutions(src)
    assert n == 1
    assert out == ('%matplotlib inline\nanswer = 1\n'
                   'raise NotImplementedError("exercise: write your solution here")\nprint(answer)')


@pytest.mark.parametrize("source, message", [
    ("def f():\n    ### BEGIN SOLUTION\n    return 1\n", "without END"),
    ("def f():\n    return 1\n    ### END SOLUTION\n", "without BEGIN"),
    ("### BEGIN SOLUTION\n### BEGIN SOLUTION\nx = 1\n### END SOLUTION\n", "inside another"),
])
def test_unpaired_markers_are_reported(source, message):
    with pytest.raises(make_student.MarkerError, match=message):
        make_student.strip_solutions(source)


def test_a_stub_that_is_not_python_is_reported():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "def f(x):\n### BEGIN SOLUTION\n    return x\n### END SOLUTION\n")])
    with pytest.raises(make_student.MarkerError, match="not valid Python"):
        make_student.student_notebook(nb, name="bad.ipynb")


def test_command_line_writes_the_student_folder(tmp_path, capsys):
    src = tmp_path / "07_demo.ipynb"
    nbformat.write(_notebook(), src)
    assert make_student.main([str(src), "--out", str(tmp_path / "student")]) == 0
    written = nbformat.read(tmp_path / "student" / "07_demo.ipynb", as_version=4)
    assert "BEGIN SOLUTION" not in written.cells[1].source
    assert "2 solution(s) replaced" in capsys.readouterr().out


NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_lecture_has_a_clean_student_edition(path):
    nb = nbformat.read(path, as_version=4)
    markers = sum(c.source.count("### BEGIN SOLUTION") for c in nb.cells if c.cell_type == "code")
    student, n = make_student.student_notebook(nb, name=path.name)
    assert n == markers
    text = "\n".join(c.source for c in student.cells)
    assert "SOLUTION" not in text.replace("NotImplementedError", "")
    assert all(not c.outputs for c in student.cells if c.cell_type == "code")
    if re.search(r"\bcheck_(function|value)\(", "\n".join(c.source for c in nb.cells if c.cell_type == "code")):
        assert n >= 1, f"{path.name} has exercise checks but no marked solution: the student would see it"
