"""Mutation test of the exercises: do the checks reject simple wrong versions of each solution?

Usage: python tools/mutants.py [notebooks/NN_topic.ipynb ...] [--show-survivors]
(`tests/test_exercise_mutants.py` runs it on every lecture and asserts the share caught.)

For every exercise (an nbgrader solution cell, CONTRIBUTING.md "Exercises"), ``mutants`` makes
the simple mistakes a student makes, one at a time, inside the solution's marked lines: a flipped
sign or operator (``+``/``-``, ``*``/``/``, ``**``), a dropped term or factor, a boundary
(``<``/``<=``, ``>``/``>=``), an off-by-one or changed constant, a wrong axis, a swapped function
(min/max, argmin/argmax, sum/mean, exp/log, sin/cos, ...), a swapped string option
("left"/"right"), and "return the first argument". The lecture is executed in a fresh
network-blocked kernel (``course-offline``, as nbval does); at each test cell, after the real
solution passed, every mutant is defined in its place and the test cell -- visible and hidden
cases -- is run as nbgrader's autograder runs it (``NBGRADER_EXECUTION`` set, so a check that is
not correct raises). A mutant is *caught* when the test cell raises or runs longer than 5 s. A
mutant equivalent to the solution cannot be caught; the report lists the survivors so a person
can tell.
"""

from __future__ import annotations

import argparse
import ast
import copy
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
KERNEL = "course-offline"
SECONDS = 5

BINOP_SWAPS = {ast.Add: [ast.Sub], ast.Sub: [ast.Add], ast.Mult: [ast.Div, ast.Add], ast.Div: [ast.Mult],
               ast.Pow: [ast.Mult], ast.FloorDiv: [ast.Div], ast.Mod: [ast.FloorDiv]}
COMPARE_SWAPS = {ast.Lt: [ast.LtE, ast.Gt], ast.LtE: [ast.Lt, ast.GtE], ast.Gt: [ast.GtE, ast.Lt],
                 ast.GtE: [ast.Gt, ast.LtE], ast.Eq: [ast.NotEq], ast.NotEq: [ast.Eq]}
NAME_SWAPS = {"min": "max", "max": "min", "argmin": "argmax", "argmax": "argmin", "sum": "mean",
              "mean": "sum", "exp": "log", "log": "exp", "log1p": "log", "sin": "cos", "cos": "sin",
              "arccos": "arcsin", "sqrt": "square", "square": "sqrt", "log10": "log", "sigmoid": "tanh",
              "softplus": "relu", "T": "conj", "cumsum": "cumprod", "floor": "ceil", "ceil": "floor",
              "abs": "negative", "unique": "sort", "norm": "sum", "any": "all", "all": "any"}
STRING_SWAPS = {"left": "right", "right": "left", "lerp": "slerp", "slerp": "lerp"}
SOLUTION = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION\s*$")


def solution_lines(source: str) -> set[int]:
    """1-based line numbers strictly between the solution markers of ``source``."""
    inside, lines = False, set()
    for number, line in enumerate(source.split("\n"), start=1):
        marker = SOLUTION.match(line)
        if marker:
            inside = marker[1] == "BEGIN"
        elif inside:
            lines.add(number)
    return lines


def _points(tree: ast.AST, lines: set[int]) -> list[ast.AST]:
    return [n for n in ast.walk(tree) if getattr(n, "lineno", None) in lines]


def _variants(node: ast.AST) -> list[tuple[str, ast.AST]]:
    """(description, replacement node) for one node."""
    out: list[tuple[str, ast.AST]] = []
    if isinstance(node, ast.BinOp):
        for new in BINOP_SWAPS.get(type(node.op), []):
            out.append((f"operator {type(node.op).__name__} -> {new.__name__}",
                        ast.BinOp(node.left, new(), node.right)))
        if isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
            out.append(("dropped right operand", node.left))
            out.append(("dropped left operand", node.right))
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        out.append(("dropped minus sign", node.operand))
    elif isinstance(node, ast.Compare) and len(node.ops) == 1:
        for new in COMPARE_SWAPS.get(type(node.ops[0]), []):
            out.append((f"comparison {type(node.ops[0]).__name__} -> {new.__name__}",
                        ast.Compare(node.left, [new()], node.comparators)))
    elif isinstance(node, ast.Constant) and not isinstance(node.value, bool):
        value = node.value
        if isinstance(value, int):
            out += [(f"constant {value} -> {value + 1}", ast.Constant(value + 1)),
                    (f"constant {value} -> {value - 1}", ast.Constant(value - 1))]
        elif isinstance(value, float):
            new = value * 2 if value else 1.0
            out.append((f"constant {value} -> {new}", ast.Constant(new)))
        elif isinstance(value, str) and value in STRING_SWAPS:
            out.append((f"option {value!r} -> {STRING_SWAPS[value]!r}", ast.Constant(STRING_SWAPS[value])))
    elif isinstance(node, ast.Attribute) and node.attr in NAME_SWAPS:
        out.append((f".{node.attr} -> .{NAME_SWAPS[node.attr]}",
                    ast.Attribute(node.value, NAME_SWAPS[node.attr], node.ctx)))
    elif isinstance(node, ast.Return) and node.value is not None:
        out.append(("returned value negated", ast.Return(ast.UnaryOp(ast.USub(), node.value))))
    return out


class _Replace(ast.NodeTransformer):
    def __init__(self, target: ast.AST, new: ast.AST):
        self.target, self.new = target, new

    def generic_visit(self, node):
        if node is self.target:
            return self.new
        return super().generic_visit(node)

    def visit(self, node):
        if node is self.target:
            return self.new
        return super().visit(node)


@dataclass
class Mutant:
    description: str
    line: int
    source: str


def mutants(source: str) -> list[Mutant]:
    """Every single-point mutant of the marked solution lines of ``source`` (a solution cell), plus
    "return the first argument" for each exercise function; duplicates and no-ops removed."""
    lines = solution_lines(source)
    tree = ast.parse(source)
    original = ast.unparse(tree)
    seen, out = {original}, []
    for index, node in enumerate(_points(tree, lines)):
        for k in range(len(_variants(node))):
            mutated = copy.deepcopy(tree)              # each variant built on its own copy
            target = _points(mutated, lines)[index]
            description, new = _variants(target)[k]
            try:
                text = ast.unparse(ast.fix_missing_locations(_Replace(target, new).visit(mutated)))
                compile(text, "<mutant>", "exec")
            except (SyntaxError, ValueError, TypeError):
                continue
            if text not in seen:
                seen.add(text)
                out.append(Mutant(description, node.lineno, text))
    for fn in (n for n in tree.body if isinstance(n, ast.FunctionDef) and n.args.args):
        mutated = copy.deepcopy(tree)
        target = next(n for n in mutated.body if isinstance(n, ast.FunctionDef) and n.name == fn.name)
        target.body = [ast.Return(ast.Name(fn.args.args[0].arg, ast.Load()))]
        text = ast.unparse(ast.fix_missing_locations(mutated))
        if text not in seen:
            seen.add(text)
            out.append(Mutant(f"{fn.name} returns its first argument", fn.lineno, text))
    return out


# ------------------------------------------------------------------------- running the checks

RUNNER = r'''
import contextlib as _cl, io as _io, json as _json, os as _os, signal as _signal
def _course_mutants(_sources, _test, _solution):
    class _Slow(BaseException):   # not Exception: check_function must not catch it as a crash
        pass
    def _alarm(*_):
        raise _Slow()
    _old = _signal.signal(_signal.SIGALRM, _alarm)
    _os.environ["NBGRADER_EXECUTION"] = "autograde"
    _caught = []
    try:
        for _src in _sources:
            try:
                _signal.setitimer(_signal.ITIMER_REAL, __SECONDS__)
                with _cl.redirect_stdout(_io.StringIO()), _cl.redirect_stderr(_io.StringIO()):
                    exec(_src, globals())
                    exec(_test, globals())
                _caught.append(False)
            except BaseException:
                _caught.append(True)
            finally:
                _signal.setitimer(_signal.ITIMER_REAL, 0)
    finally:
        del _os.environ["NBGRADER_EXECUTION"]
        _signal.signal(_signal.SIGALRM, _old)
        exec(_solution, globals())
    print(_json.dumps(_caught))
'''.replace("__SECONDS__", str(SECONDS))


@dataclass
class Report:
    notebook: str
    exercise: str
    total: int = 0
    caught: int = 0
    survivors: list[Mutant] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.caught / self.total if self.total else 1.0


def _nbgrader(cell) -> dict:
    return cell.metadata.get("nbgrader", {}) if cell.cell_type == "code" else {}


def run(path: Path, timeout: int = 600) -> list[Report]:
    """Execute ``path`` and return one Report per exercise."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name=KERNEL, timeout=timeout, resources={"metadata": {"path": str(path.parent)}})
    solutions: dict[str, tuple[str, str]] = {}        # function name -> (grade_id, solution source)
    reports = []
    with client.setup_kernel():
        client.execute_cell(nbformat.v4.new_code_cell(RUNNER), 0, store_history=False)
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            client.execute_cell(cell, index)
            grader = _nbgrader(cell)
            if grader.get("solution"):
                for name in re.findall(r"^def (\w+)\(", cell.source, re.M):
                    solutions[name] = (grader["grade_id"], cell.source)
            if not grader.get("grade"):
                continue
            checked = [n for n in solutions if re.search(rf"\bcheck_function\(\s*{n}\b", cell.source)]
            for name in checked:
                grade_id, source = solutions.pop(name)
                found = mutants(source)
                call = (f"_course_mutants({json.dumps([m.source for m in found])}, {json.dumps(cell.source)}, "
                        f"{json.dumps(source)})")
                probe = nbformat.v4.new_code_cell(call)
                client.execute_cell(probe, index, store_history=False)
                text = "".join(o.get("text", "") for o in probe.outputs if o.get("name") == "stdout")
                caught = json.loads(text.strip().splitlines()[-1])
                report = Report(path.name, name, len(found), sum(caught),
                                [m for m, c in zip(found, caught) if not c])
                reports.append(report)
    return reports


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--show-survivors", action="store_true")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    for path in paths:
        for r in run(path):
            print(f"{r.notebook:40s} {r.exercise:26s} {r.caught:3d} of {r.total:3d} mutants caught ({r.share:.0%})")
            if args.show_survivors:
                for m in r.survivors:
                    print(f"    survives: line {m.line}: {m.description}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
