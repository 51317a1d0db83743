"""Learning goals of every lecture, read from the notebooks, as markdown for the README.

Usage: python tools/course_map.py            # print the section
       python tools/course_map.py --write    # replace it in README.md (between the goals markers)

tests/test_readme.py checks that README.md holds exactly what this prints, so the README's goals
stay those of the notebooks.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- goals:start (tools/course_map.py --write) -->", "<!-- goals:end -->"


def _plain(md: str) -> str:
    """Markdown link text without its target, one line."""
    return " ".join(re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", md).split())


def lecture_goals(path: Path) -> tuple[str, list[str]]:
    """(title, goals) from the notebook's first markdown cell."""
    first = nbformat.read(path, as_version=4).cells[0].source
    title = re.sub(r"^#\s*", "", first.splitlines()[0]).strip()
    after = first.split("earning goals", 1)[1]
    goals, current = [], None
    for line in after.splitlines()[1:]:
        m = re.match(r"^\s*\d+\.\s+(.*)", line)
        if m:
            current = [m.group(1)]
            goals.append(current)
        elif current is not None and line.strip():
            current.append(line.strip())
        elif current is not None:
            break
    return title, [_plain(" ".join(g)) for g in goals]


def section() -> str:
    out = [START, ""]
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        title, goals = lecture_goals(path)
        out.append(f"**[{title}](notebooks/{path.name})** — after it you can")
        out += [f"{i}. {g}" for i, g in enumerate(goals, 1)]
        out.append("")
    out.append(END)
    return "\n".join(out)


if __name__ == "__main__":
    text = section()
    if "--write" in sys.argv[1:]:
        readme = ROOT / "README.md"
        old = readme.read_text(encoding="utf-8")
        if START not in old or END not in old:
            raise SystemExit("README.md has no goals markers")
        head, rest = old.split(START, 1)
        readme.write_text(head + text + rest.split(END, 1)[1], encoding="utf-8")
        print("README.md: learning goals updated")
    else:
        print(text)
