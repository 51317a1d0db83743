"""The README's generated parts: the learning goals of every lecture (read from the notebooks) and
the launch links (made by tools/links.py from ``[tool.course]`` in pyproject.toml).

Usage: python tools/course_map.py            # print the sections
       python tools/course_map.py --write    # replace them in README.md (between their markers)
       (`make readme` runs --write)

tests/test_readme.py checks that README.md holds exactly what this prints, so the README's goals
stay those of the notebooks and its links those of the setting.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import links  # noqa: E402  (tools/links.py, beside this file)

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- goals:start (tools/course_map.py --write) -->", "<!-- goals:end -->"


def markers(name: str) -> tuple[str, str]:
    return f"<!-- {name}:start (tools/course_map.py --write) -->", f"<!-- {name}:end -->"


def lectures() -> list[Path]:
    return sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


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


def goals_markdown(paths: list[Path] | None = None) -> str:
    """Each lecture linked (``notebooks/NN_topic.ipynb``) with its numbered learning goals; the
    README's section and the website's home page."""
    out = []
    for path in paths or lectures():
        title, goals = lecture_goals(path)
        out.append(f"**[{title}](notebooks/{path.name})** — after it you can")
        out += [f"{i}. {g}" for i, g in enumerate(goals, 1)]
        out.append("")
    return "\n".join(out)


def section() -> str:
    """The learning goals of every lecture, between the README's markers."""
    return "\n".join([START, "", goals_markdown(), END])


def badge_section() -> str:
    """The Binder badge at the top of the README (opens lecture 1 of the student edition)."""
    start, end = markers("badge")
    return "\n".join([start, links.badge(lectures()[0].name), end])


def launch_section() -> str:
    """Per lecture: the student edition on Binder, on a JupyterHub (nbgitpuller), and the file."""
    start, end = markers("launch")
    out = [start, "", "| # | lecture | open the student edition |", "|---|---|---|"]
    for path in lectures():
        title = re.sub(r"^Lecture\s+\d+\s*(—|--|-|:)\s*", "", lecture_goals(path)[0])
        number = int(path.name[:2])
        out.append(f"| {number} | {title} | [Binder]({links.binder(path.name)}) · "
                   f"[JupyterHub]({links.hub(path.name)}) · [file](student/{path.name}) |")
    out += ["", end]
    return "\n".join(out)


def sections() -> list[str]:
    return [badge_section(), launch_section(), section()]


def write(readme: Path = ROOT / "README.md") -> None:
    text = readme.read_text(encoding="utf-8")
    for new in sections():
        start, end = new.split("\n", 1)[0], new.rsplit("\n", 1)[-1]
        if start not in text or end not in text:
            raise SystemExit(f"README.md lacks the markers {start} ... {end}")
        head, rest = text.split(start, 1)
        text = head + new + rest.split(end, 1)[1]
    readme.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    if "--write" in sys.argv[1:]:
        write()
        print("README.md: learning goals and launch links updated")
    else:
        print("\n\n".join(sections()))
