"""The README's generated parts: the learning goals of every lecture (read from the notebooks) and
the launch links (made by tools/links.py from ``[tool.course]`` in pyproject.toml).

Usage: python tools/course_map.py            # print the sections
       python tools/course_map.py --write    # replace them in README.md and README.ko.md (between
                                             # their markers); `make readme` runs --write

README.ko.md is the Korean edition's: its goals come from ko/ (the Korean lectures), its links open
student-ko/. tests/test_readme.py checks that both READMEs hold exactly what this prints, so their
goals stay those of the notebooks and their links those of the setting.
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


# per language: lecture folder, student edition, README, the words of the generated sections
EDITIONS = {
    "en": {"folder": "notebooks", "student": "student", "readme": "README.md", "after": "after it you can",
           "table": "| # | lecture | open the student edition |"},
    "ko": {"folder": "ko", "student": "student-ko", "readme": "README.ko.md", "after": "이 강의를 마치면",
           "table": "| # | 강의 | 학생판 열기 |"},
}


def lectures(language: str = "en") -> list[Path]:
    return sorted((ROOT / EDITIONS[language]["folder"]).glob("[0-9][0-9]_*.ipynb"))


def _plain(md: str) -> str:
    """Markdown link text without its target, one line."""
    return " ".join(re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", md).split())


def lecture_goals(path: Path) -> tuple[str, list[str]]:
    """(title, goals) from the notebook's first markdown cell."""
    first = nbformat.read(path, as_version=4).cells[0].source
    title = re.sub(r"^#\s*", "", first.splitlines()[0]).strip()
    after = re.split(r"earning goals|학습 목표", first, maxsplit=1)[1]
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


def goals_markdown(paths: list[Path] | None = None, language: str = "en") -> str:
    """Each lecture linked (``notebooks/NN_topic.ipynb``, or ``ko/...``) with its numbered learning
    goals; the README's section and the website's home page."""
    out = []
    for path in paths or lectures(language):
        title, goals = lecture_goals(path)
        out.append(f"**[{title}]({path.parent.name}/{path.name})** — {EDITIONS[language]['after']}")
        out += [f"{i}. {g}" for i, g in enumerate(goals, 1)]
        out.append("")
    return "\n".join(out)


def section(language: str = "en") -> str:
    """The learning goals of every lecture, between the README's markers."""
    return "\n".join([START, "", goals_markdown(language=language), END])


def badge_section(language: str = "en") -> str:
    """The Binder badge at the top of the README (opens lecture 1 of the student edition)."""
    start, end = markers("badge")
    edition = EDITIONS[language]["student"]
    return "\n".join([start, links.badge(lectures(language)[0].name, edition=edition), end])


def launch_section(language: str = "en") -> str:
    """Per lecture: the student edition on Binder, on a JupyterHub (nbgitpuller), and the file."""
    start, end = markers("launch")
    ed = EDITIONS[language]
    out = [start, "", ed["table"], "|---|---|---|"]
    for path in lectures(language):
        title = re.sub(r"^(?:(?:Lecture|강의)\s+\d+|\d+강)\s*(—|--|-|:)\s*", "", lecture_goals(path)[0])
        number = int(path.name[:2])
        out.append(f"| {number} | {title} | [Binder]({links.binder(path.name, edition=ed['student'])}) · "
                   f"[JupyterHub]({links.hub(path.name, edition=ed['student'])}) · "
                   f"[file]({ed['student']}/{path.name}) |")
    out += ["", end]
    return "\n".join(out)


def sections(language: str = "en") -> list[str]:
    return [badge_section(language), launch_section(language), section(language)]


def languages() -> list[str]:
    """The editions that have lectures (Korean once ko/ holds any)."""
    return [lang for lang in EDITIONS if lectures(lang)]


def write(readme: Path = ROOT / "README.md", language: str = "en") -> None:
    text = readme.read_text(encoding="utf-8")
    for new in sections(language):
        start, end = new.split("\n", 1)[0], new.rsplit("\n", 1)[-1]
        if start not in text or end not in text:
            raise SystemExit(f"README.md lacks the markers {start} ... {end}")
        head, rest = text.split(start, 1)
        text = head + new + rest.split(end, 1)[1]
    readme.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    for lang in languages():
        readme = ROOT / EDITIONS[lang]["readme"]
        if "--write" in sys.argv[1:]:
            write(readme, lang)
            print(f"{readme.name}: learning goals and launch links updated")
        else:
            print("\n\n".join(sections(lang)))
