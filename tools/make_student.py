"""Write the student edition: the instructor notebooks with exercise solutions taken out.

Usage: python tools/make_student.py [--out student] [notebooks/NN_topic.ipynb ...]
(`make student` runs it on every notebook.)

In a code cell, the lines between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` (markers
included) become one line at the indentation of the BEGIN marker::

    raise NotImplementedError("exercise: complete estimate_probabilities")

so the stub stays valid Python and ``course_lib.checks`` answers "not yet" on it. Outputs and
execution counts are cleared, widget state dropped; everything else is kept (slide metadata,
tags). The student edition is generated, never edited by hand: edit the instructor notebook.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path

import nbformat

BEGIN = re.compile(r"^(?P<indent>[ \t]*)### BEGIN SOLUTION\s*$")
END = re.compile(r"^(?P<indent>[ \t]*)### END SOLUTION\s*$")
DEF = re.compile(r"^(?P<indent>[ \t]*)(?:async\s+)?def\s+(?P<name>\w+)\s*\(")


class MarkerError(ValueError):
    """Solution markers that do not pair up."""


def _enclosing_function(lines: list[str], indent: str) -> str | None:
    """Name of the nearest ``def`` above with less indentation than ``indent``."""
    for line in reversed(lines):
        m = DEF.match(line)
        if m and len(m["indent"]) < len(indent):
            return m["name"]
    return None


def strip_solutions(source: str, where: str = "cell") -> tuple[str, int]:
    """Replace every marked solution in ``source`` by a placeholder; return (new source, count)."""
    out: list[str] = []
    inside: str | None = None  # indentation of the open BEGIN marker
    count = 0
    for number, line in enumerate(source.split("\n"), start=1):
        begin, end = BEGIN.match(line), END.match(line)
        if begin:
            if inside is not None:
                raise MarkerError(f"{where} line {number}: BEGIN SOLUTION inside another solution")
            inside = begin["indent"]
            name = _enclosing_function(out, inside)
            what = f"complete {name}" if name else "write your solution here"
            out.append(f'{inside}raise NotImplementedError("exercise: {what}")')
            count += 1
        elif end:
            if inside is None:
                raise MarkerError(f"{where} line {number}: END SOLUTION without BEGIN SOLUTION")
            inside = None
        elif inside is None:
            out.append(line)
    if inside is not None:
        raise MarkerError(f"{where}: BEGIN SOLUTION without END SOLUTION")
    return "\n".join(out), count


def _python_only(source: str) -> str:
    """Blank IPython magics / shell escapes so the stub can be checked by Python's parser."""
    return "\n".join("" if ln.lstrip().startswith(("%", "!")) else ln for ln in source.split("\n"))


def student_notebook(nb: nbformat.NotebookNode, name: str = "notebook") -> tuple[nbformat.NotebookNode, int]:
    """Return (student copy of ``nb``, number of solutions removed); ``nb`` is not changed."""
    nb = nbformat.from_dict(nb)  # deep copy
    total = 0
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            src, n = strip_solutions(cell.source, where=f"{name} cell {i}")
            if n:
                try:
                    ast.parse(_python_only(src))
                except SyntaxError as err:
                    raise MarkerError(f"{name} cell {i}: the student stub is not valid Python "
                                      f"({err.msg}, line {err.lineno}): check the marker indentation") from err
            cell.source, total = src, total + n
            cell.outputs, cell.execution_count = [], None
            cell.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)
    return nb, total


STUB = re.compile(r'raise NotImplementedError\("exercise: complete (\w+)"\)')


def placeholder_calls(nb: nbformat.NotebookNode) -> list[tuple[int, str]]:
    """(cell index, name) of top-level calls to an exercise function of the student edition.

    Such a call raises NotImplementedError when a student runs the notebook before solving the
    exercise, so every later cell that needs its result fails too. Checks (``check_function(f,
    ...)``) pass the function without calling it and are fine; so are calls inside functions.
    """
    names = {m for c in nb.cells if c.cell_type == "code" for m in STUB.findall(c.source)}
    found = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not names:
            continue
        try:
            tree = ast.parse(_python_only(cell.source))
        except SyntaxError:
            continue
        stack = [tree]
        while stack:
            node = stack.pop()
            for child in ast.iter_child_nodes(node):
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                    continue
                if (isinstance(child, ast.Call) and isinstance(child.func, ast.Name)
                        and child.func.id in names):
                    found.append((i, child.func.id))
                stack.append(child)
    return sorted(set(found))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, default=Path("student"))
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(Path("notebooks").glob("*.ipynb"))
    if not paths:
        print("no notebooks found", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    for path in paths:
        nb, n = student_notebook(nbformat.read(path, as_version=4), name=str(path))
        dest = args.out / path.name
        nbformat.write(nb, dest)
        print(f"{dest}: {n} solution(s) replaced by placeholders")
        for i, name in placeholder_calls(nb):
            print(f"  warning: cell {i} calls {name}() outside a check: in the student edition it raises "
                  f"NotImplementedError until the exercise is solved, and later cells that use it fail")
    return 0


if __name__ == "__main__":
    sys.exit(main())
