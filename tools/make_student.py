"""Write the student edition: nbgrader's student version of every lecture, one folder, no solutions.

Usage: python tools/make_student.py [--out student] [notebooks/NN_topic.ipynb ...]
(`make student` runs it on every notebook; Binder's postBuild runs it too, so the launch link opens
``student/``.)

The stripping is nbgrader's own: the lectures are copied into a temporary course directory
(tools/make_course.py) and ``nbgrader generate_assignment --no-db`` makes each student version --
solutions replaced by ``raise NotImplementedError(...)`` (a line course_lib.checks reports as "not
yet"), hidden tests removed, outputs cleared, test cells locked, checksums for the autograder --
which is copied to ``OUT/NN_topic.ipynb``. The student edition is generated, never edited by hand:
edit the instructor notebook.

What nbgrader does not check, this tool does, and stops on (``exercise_problems``):

* an exercise function called outside a test cell: in the student version the call raises
  NotImplementedError until the exercise is solved, and every later cell that needs its result fails;
* a solution cell whose function no graded test cell checks (the exercise would score nothing);
* a test cell without hidden tests (the autograder would grade only what the student can see).
"""

from __future__ import annotations

import argparse
import ast
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_course  # noqa: E402  (tools/make_course.py, beside this file)

DEF = re.compile(r"^(?:async\s+)?def\s+(\w+)\s*\(", re.M)


def _python_only(source: str) -> str:
    """Blank IPython magics / shell escapes so a cell can be read by Python's parser."""
    return "\n".join("" if ln.lstrip().startswith(("%", "!")) else ln for ln in source.split("\n"))


def _nbgrader(cell) -> dict:
    return cell.metadata.get("nbgrader", {}) if cell.cell_type == "code" else {}


def exercise_functions(nb: nbformat.NotebookNode) -> dict[str, int]:
    """{function name: index of its solution cell} for every top-level def in a solution cell."""
    return {name: i for i, c in enumerate(nb.cells) if _nbgrader(c).get("solution")
            for name in DEF.findall(c.source)}


def _calls(source: str, names: set[str]) -> set[str]:
    """Names in ``names`` called at the top level of ``source`` (not inside a def/lambda/class)."""
    try:
        tree = ast.parse(_python_only(source))
    except SyntaxError:
        return set()
    found, stack = set(), [tree]
    while stack:
        node = stack.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                continue
            if isinstance(child, ast.Call) and isinstance(child.func, ast.Name) and child.func.id in names:
                found.add(child.func.id)
            stack.append(child)
    return found


def placeholder_calls(nb: nbformat.NotebookNode) -> list[tuple[int, str]]:
    """(cell index, name) of calls to an exercise function outside the graded test cells."""
    names = set(exercise_functions(nb))
    return sorted((i, name) for i, c in enumerate(nb.cells)
                  if c.cell_type == "code" and not _nbgrader(c).get("grade")
                  for name in _calls(c.source, names))


def exercise_problems(nb: nbformat.NotebookNode, name: str = "notebook") -> list[str]:
    """What would break the exercises of ``nb`` for students or the autograder (empty: fine)."""
    problems = [f"{name} cell {i}: calls {fn}() outside a test cell: in the student edition it raises "
                f"NotImplementedError until the exercise is solved, and later cells that use it fail"
                for i, fn in placeholder_calls(nb)]
    graded = [(i, c) for i, c in enumerate(nb.cells) if _nbgrader(c).get("grade")]
    for fn, i in exercise_functions(nb).items():
        checked_by = [j for j, c in graded if j > i and re.search(rf"\bcheck_function\(\s*{fn}\b", c.source)]
        if not checked_by:
            problems.append(f"{name} cell {i}: no graded test cell after it checks {fn} with check_function")
    for j, c in graded:
        if "### BEGIN HIDDEN TESTS" not in c.source:
            problems.append(f"{name} cell {j}: test cell {_nbgrader(c).get('grade_id')!r} has no hidden tests")
        if not _nbgrader(c).get("points"):
            problems.append(f"{name} cell {j}: test cell {_nbgrader(c).get('grade_id')!r} is worth no points")
    for i, c in enumerate(nb.cells):
        if "### BEGIN SOLUTION" in c.source and not _nbgrader(c).get("solution"):
            problems.append(f"{name} cell {i}: solution markers in a cell without nbgrader solution metadata")
    return problems


def generate(paths: list[Path], out: Path) -> list[Path]:
    """Student editions of ``paths`` into ``out`` by nbgrader's generate_assignment; their paths."""
    problems = [p for path in paths for p in exercise_problems(nbformat.read(path, as_version=4), path.name)]
    if problems:
        raise ValueError("the exercises need fixing first:\n  " + "\n  ".join(problems))
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        names = make_course.write_course(Path(tmp), paths)
        run = subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", "*", "--no-db",
                              "--force"], cwd=tmp, capture_output=True, text=True)
        if run.returncode != 0:
            raise RuntimeError(f"nbgrader generate_assignment failed:\n{run.stdout}{run.stderr}")
        for name in names:
            dest = out / f"{name}.ipynb"
            shutil.copyfile(Path(tmp) / "release" / name / f"{name}.ipynb", dest)
            written.append(dest)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, default=Path("student"))
    args = parser.parse_args(argv)
    try:
        paths = make_course.lectures(args.notebooks)
        written = generate(paths, args.out)
    except (FileNotFoundError, ValueError, RuntimeError) as err:
        print(f"make_student: {err}", file=sys.stderr)
        return 1
    for dest in written:
        nb = nbformat.read(dest, as_version=4)
        n = sum(1 for c in nb.cells if _nbgrader(c).get("solution"))
        points = sum(_nbgrader(c).get("points", 0) for c in nb.cells if _nbgrader(c).get("grade"))
        print(f"{dest}: {n} exercise(s), {points:g} point(s), solutions and hidden tests removed by nbgrader")
    return 0


if __name__ == "__main__":
    sys.exit(main())
