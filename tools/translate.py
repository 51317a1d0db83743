"""Translations of the lectures, kept in step with the English source.

The English notebooks in ``notebooks/`` are the only source. A translation lives in
``translations/LANG/NN_topic.json``::

    {"language": "ko", "lecture": "NN_topic",
     "cells": {"<cell id>": {"en": "<sha256[:16] of the English cell source>", "text": "..."},      # markdown
               "<cell id>": {"en": "...", "strings": {"<English literal>": "<translated>"}}}}       # code

Markdown cells are translated whole. In code cells only text meant for the student is translated:
the ``hint=`` of a check and the docstring of an exercise function (``strings``, matched by their
English value); code, maths and numbers are never touched. ``en`` records which English text a
translation was written for: when the English cell changes, the translation is *stale*.

Commands (``LANG`` is ``ko``)::

    python tools/translate.py status LANG [NN ...]        # per lecture: cells missing / stale / done
    python tools/translate.py todo LANG NN [--all] > work.json   # what needs (re)translation, to fill in
    python tools/translate.py merge LANG NN work.json     # check a filled-in work file and store it

A work file is a list of ``{"id", "kind", "en" (the English text), "text" or "strings"}``; fill in
``text`` (markdown) or the values of ``strings`` and merge. ``merge`` refuses a translation whose
maths (``$...$``), inline code, link targets, headings or numbers differ from the English cell's.
``tools/make_korean.py`` writes the translated notebooks; ``tests/test_korean.py`` fails on any
stale or missing translation of a lecture that has a translation file, naming lecture and cell.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_student import _python_only  # noqa: E402  (tools/make_student.py: magics blanked for ast)

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
TRANSLATIONS = ROOT / "translations"
LANGUAGES = ("ko",)
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def digest(source: str) -> str:
    return hashlib.sha256(source.encode()).hexdigest()[:16]


def _source(cell) -> str:
    s = cell["source"]
    return s if isinstance(s, str) else "".join(s)


def lecture_path(lecture: str) -> Path:
    """notebooks/NN_topic.ipynb for ``NN`` or ``NN_topic``."""
    hits = sorted(NOTEBOOKS.glob(f"{lecture}*.ipynb")) if re.fullmatch(r"\d\d", lecture) else \
        [NOTEBOOKS / f"{lecture}.ipynb"]
    if len(hits) != 1 or not hits[0].exists():
        raise SystemExit(f"lecture must name one notebook in notebooks/ (NN or NN_topic), got {lecture!r}")
    return hits[0]


def load_notebook(lecture: str) -> dict:
    return json.loads(lecture_path(lecture).read_text())


def translation_path(language: str, lecture: str) -> Path:
    return TRANSLATIONS / language / f"{lecture_path(lecture).stem}.json"


def load_translation(language: str, lecture: str) -> dict:
    p = translation_path(language, lecture)
    if not p.exists():
        return {"language": language, "lecture": lecture_path(lecture).stem, "cells": {}}
    return json.loads(p.read_text())


def translated_lectures(language: str) -> list[str]:
    """The lectures that have a translation file (the Korean edition holds exactly these)."""
    return sorted(p.stem for p in (TRANSLATIONS / language).glob("*.json"))


# ---------------------------------------------------------------- what a cell offers for translation

def code_strings(source: str, nbgrader: dict | None = None) -> list[tuple[str, tuple[int, int]]]:
    """(English text, (start, end) character span of its literal) of every translatable string.

    Translatable: the value of a ``hint=`` keyword (a plain string constant) anywhere, and the
    docstring of a function defined in an exercise solution cell.
    """
    try:
        tree = ast.parse(_python_only(source))
    except SyntaxError:
        return []
    lines = source.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)

    def offset(lineno, col):   # ast columns count UTF-8 bytes
        return starts[lineno - 1] + len(lines[lineno - 1].encode()[:col].decode())

    nodes = []
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "hint" and isinstance(node.value, ast.Constant) \
                and isinstance(node.value.value, str) and node.value.value:
            nodes.append(node.value)
        if (nbgrader or {}).get("solution") and isinstance(node, ast.FunctionDef) and node.body \
                and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant) \
                and isinstance(node.body[0].value.value, str):
            nodes.append(node.body[0].value)
    out = [(n.value, (offset(n.lineno, n.col_offset), offset(n.end_lineno, n.end_col_offset))) for n in nodes]
    return sorted(out, key=lambda t: t[1])


def translatable(cell) -> bool:
    if cell["cell_type"] == "markdown":
        return bool(_source(cell).strip())
    return cell["cell_type"] == "code" and bool(code_strings(_source(cell), cell["metadata"].get("nbgrader")))


def cell_state(cell, entry: dict | None) -> str:
    """'done', 'missing' or 'stale' for one translatable cell."""
    if not entry or not (entry.get("text") or entry.get("strings")):
        return "missing"
    return "done" if entry.get("en") == digest(_source(cell)) else "stale"


def status(language: str, lecture: str) -> dict[str, list[str]]:
    nb, tr = load_notebook(lecture), load_translation(language, lecture)
    out = {"done": [], "missing": [], "stale": []}
    for i, cell in enumerate(nb["cells"]):
        if translatable(cell):
            out[cell_state(cell, tr["cells"].get(cell["id"]))].append(f"cell {i} (id {cell['id']})")
    return out


# ---------------------------------------------------------------- checks on a translation

MATH = re.compile(r"\$\$.+?\$\$|\$[^$\n]+?\$", re.S)
CODE = re.compile(r"```.*?```|`[^`\n]+`", re.S)
LINK = re.compile(r"\]\(([^)\s]+)\)")
NUMBER = re.compile(r"(?<![\w.])[-+]?\d+(?:[.,]\d+)*")
HEADING = re.compile(r"^(#{1,6})\s", re.M)


def _numbers(text: str) -> Counter:
    rest = LINK.sub("]", CODE.sub(" ", MATH.sub(" ", text)))
    rest = re.sub(r"<[^>]+>", " ", rest)
    return Counter(n.replace(",", "") for n in NUMBER.findall(rest))


def problems(english: str, translated: str, markdown: bool = True) -> list[str]:
    """What a translation changed that it must keep: maths, code, links, headings, numbers."""
    if not translated.strip():
        return ["the translation is empty"]
    out = []
    if not HANGUL.search(translated):
        out.append("no Korean text in the translation")
    checks = [("maths ($...$)", MATH), ("inline code (`...`)", CODE)]
    if markdown:
        checks.append(("link targets", LINK))
    for what, rx in checks:
        a, b = Counter(rx.findall(english)), Counter(rx.findall(translated))
        if a != b:
            out.append(f"{what} differ: missing {sorted((a - b).elements())[:5]}, "
                       f"added {sorted((b - a).elements())[:5]}")
    if markdown and HEADING.findall(english) != HEADING.findall(translated):
        out.append(f"headings differ: {HEADING.findall(english)} vs {HEADING.findall(translated)}")
    a, b = _numbers(english), _numbers(translated)
    if a != b:
        out.append(f"numbers differ: missing {sorted((a - b).elements())[:8]}, added {sorted((b - a).elements())[:8]}")
    return out


def entry_problems(cell, entry: dict) -> list[str]:
    src = _source(cell)
    if cell["cell_type"] == "markdown":
        return problems(src, entry.get("text", ""))
    wanted = [s for s, _ in code_strings(src, cell["metadata"].get("nbgrader"))]
    got = entry.get("strings", {})
    out = [f"string not translated: {s[:60]!r}" for s in wanted if not got.get(s)]
    out += [f"string not in the cell: {s[:60]!r}" for s in got if s not in wanted]
    for s in wanted:
        if got.get(s):
            out += [f"{s[:40]!r}: {p}" for p in problems(s, got[s], markdown=False)]
            if '"""' in got[s] or got[s].endswith("\\"):
                out.append(f"{s[:40]!r}: the translation may not contain \"\"\" or end with a backslash")
    return out


# ---------------------------------------------------------------- applying a translation

def translate_code(source: str, nbgrader: dict | None, strings: dict[str, str]) -> str:
    """``source`` with each translatable literal replaced by its translation (code untouched)."""
    out, last = [], 0
    for text, (a, b) in code_strings(source, nbgrader):
        literal = source[a:b]
        new = strings[text]
        if literal.startswith(('"""', "'''")):
            repl = '"""' + new + '"""'
        else:
            repl = json.dumps(new, ensure_ascii=False)
        out += [source[last:a], repl]
        last = b
    out.append(source[last:])
    result = "".join(out)
    ast.parse(_python_only(result))
    return result


# ---------------------------------------------------------------- command line

def _todo(language: str, lecture: str, everything: bool) -> list[dict]:
    nb, tr = load_notebook(lecture), load_translation(language, lecture)
    work = []
    for cell in nb["cells"]:
        if not translatable(cell):
            continue
        entry = tr["cells"].get(cell["id"])
        state = cell_state(cell, entry)
        if state == "done" and not everything:
            continue
        item = {"id": cell["id"], "kind": cell["cell_type"], "state": state, "en": _source(cell)}
        if cell["cell_type"] == "markdown":
            item["text"] = (entry or {}).get("text", "") if state != "missing" else ""
            if state == "stale":
                item["previous_text"] = item.pop("text")
                item["text"] = ""
        else:
            old = (entry or {}).get("strings", {})
            item["strings"] = {s: old.get(s, "") for s, _ in code_strings(_source(cell), cell["metadata"].get("nbgrader"))}
            item["en"] = None   # the strings are the English; the code is for context only
            item["code"] = _source(cell)
        work.append(item)
    return work


def merge(language: str, lecture: str, work: list[dict]) -> list[str]:
    nb, tr = load_notebook(lecture), load_translation(language, lecture)
    cells = {c["id"]: c for c in nb["cells"]}
    errors = []
    for item in work:
        cell = cells.get(item.get("id"))
        if cell is None:
            errors.append(f"{lecture}: no cell with id {item.get('id')!r}")
            continue
        entry = {"en": digest(_source(cell))}
        if cell["cell_type"] == "markdown":
            entry["text"] = item.get("text", "")
        else:
            entry["strings"] = item.get("strings", {})
        bad = entry_problems(cell, entry)
        if bad:
            errors += [f"{lecture} cell id {cell['id']}: {b}" for b in bad]
            continue
        tr["cells"][cell["id"]] = entry
    order = {c["id"]: i for i, c in enumerate(nb["cells"])}
    tr["cells"] = dict(sorted(tr["cells"].items(), key=lambda kv: order.get(kv[0], 10**6)))
    path = translation_path(language, lecture)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(tr, indent=1, ensure_ascii=False) + "\n")
    return errors


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("status")
    s.add_argument("language", choices=LANGUAGES)
    s.add_argument("lectures", nargs="*")
    t = sub.add_parser("todo")
    t.add_argument("language", choices=LANGUAGES)
    t.add_argument("lecture")
    t.add_argument("--all", action="store_true", help="every translatable cell, done ones included")
    m = sub.add_parser("merge")
    m.add_argument("language", choices=LANGUAGES)
    m.add_argument("lecture")
    m.add_argument("work", type=Path)
    a = ap.parse_args(argv)
    if a.cmd == "status":
        lectures = a.lectures or [p.stem for p in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))]
        bad = 0
        for lec in lectures:
            st = status(a.language, lec)
            has = translation_path(a.language, lec).exists()
            print(f"{lecture_path(lec).stem:42s} {'translated' if has else 'no translation file':>20s}: "
                  f"{len(st['done'])} done, {len(st['missing'])} missing, {len(st['stale'])} stale")
            for what in ("missing", "stale"):
                for c in st[what]:
                    print(f"    {what}: {c}")
            bad += has and bool(st["missing"] or st["stale"])
        return 1 if bad else 0
    if a.cmd == "todo":
        json.dump(_todo(a.language, a.lecture, a.all), sys.stdout, indent=1, ensure_ascii=False)
        print()
        return 0
    work = json.loads(a.work.read_text())
    lecture = a.lecture
    errors = merge(a.language, lecture, work)
    for e in errors:
        print(e, file=sys.stderr)
    print(f"merged into {translation_path(a.language, lecture).relative_to(ROOT)}; "
          f"{len(errors)} problem(s) (those cells were not stored)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
