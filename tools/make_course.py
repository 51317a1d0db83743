"""Write (or refresh) an nbgrader course directory for the course's lectures.

Usage: python tools/make_course.py DIR [--course-id ID] [--exchange PATH] [NN_topic.ipynb ...]
(`make course DIR=...` runs it on every lecture.)

DIR gets the layout nbgrader expects: ``source/NN_topic/NN_topic.ipynb`` for every lecture (one
assignment per lecture, copied from ``notebooks/``) and an ``nbgrader_config.py`` with the
course's grading settings (below). From then on everything is plain nbgrader, run inside DIR::

    nbgrader generate_assignment 05_gan_the_game     # student version into release/
    nbgrader release_assignment 05_gan_the_game      # into the exchange, for students to fetch
    nbgrader collect 05_gan_the_game                 # submissions into submitted/
    nbgrader autograde 05_gan_the_game               # run them, score the test cells
    nbgrader generate_feedback 05_gan_the_game       # one HTML report per student
    nbgrader export                                  # grades.csv

(see docs/instructors.md). Run this tool again after the notebooks change: it refreshes
``source/`` and leaves an existing ``nbgrader_config.py`` alone (so your edits stay), unless
``--force-config``. The student edition (``make student``) is made the same way, by nbgrader's
own ``generate_assignment`` on a course directory written by this module.

How the notebooks carry the assignment (CONTRIBUTING.md, "Exercises"): each exercise is a
solution cell (nbgrader ``solution``; the solution between ``### BEGIN SOLUTION`` and
``### END SOLUTION``) followed by a locked, autograded test cell (nbgrader ``grade`` with its
points) that calls ``course_lib.checks.check_function`` on visible cases and, between
``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS``, on hidden ones.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
COURSE_ID = "generative-models"
# What replaces a solution in the student version: one valid line that course_lib.checks reports
# as "not yet -- still the exercise placeholder" (nbgrader keeps the marker's indentation).
CODE_STUB = 'raise NotImplementedError("exercise: replace this line with your code")'
CODE_STUBS = {"en": CODE_STUB,   # the Korean edition's (ko/, metadata.course.edition = "ko") in Korean
              "ko": 'raise NotImplementedError("연습 문제: 이 줄을 여러분의 코드로 바꾸세요")'}
# Seconds a single cell may run under nbgrader (its default, 30 s, is below what some lecture
# cells need on a loaded 2-core machine; a whole lecture runs in 90 s or less).
CELL_TIMEOUT = 600

CONFIG = '''\
# nbgrader configuration of the course "Generative models, hands-on" (written by
# tools/make_course.py; edit freely -- the tool does not overwrite this file unless --force-config).
c = get_config()  # noqa: F821 (nbgrader provides get_config)

c.CourseDirectory.course_id = {course_id!r}
{exchange}
# The student version of a solution: one line that course_lib.checks reports as "not yet".
c.ClearSolutions.code_stub = {{"python": {stub!r}}}
# Seconds one cell may run while autograding (nbgrader's default of 30 s is too short here).
c.Execute.timeout = {timeout}
'''


def nbgrader_config(course_id: str = COURSE_ID, exchange: str | None = None, language: str = "en") -> str:
    """Text of the course's nbgrader_config.py (``language``: of the placeholder line)."""
    if language not in CODE_STUBS:
        raise ValueError(f"language must be one of {sorted(CODE_STUBS)}, got {language!r}")
    if not course_id or not course_id.replace("-", "").replace("_", "").isalnum():
        raise ValueError(f"course_id must be letters, digits, '-' or '_', got {course_id!r}")
    line = (f"c.Exchange.root = {exchange!r}   # the exchange folder shared by instructor and students"
            if exchange else "# c.Exchange.root = '/srv/nbgrader/exchange'   # nbgrader's default exchange")
    return CONFIG.format(course_id=course_id, exchange=line, stub=CODE_STUBS[language], timeout=CELL_TIMEOUT)


def lectures(paths: list[Path] | None = None) -> list[Path]:
    """The lecture notebooks (all of notebooks/ when ``paths`` is empty), checked to exist."""
    paths = [Path(p) for p in paths] if paths else sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    missing = [str(p) for p in paths if not p.is_file() or p.suffix != ".ipynb"]
    if missing:
        raise FileNotFoundError(f"not a notebook file: {', '.join(missing)}")
    if not paths:
        raise FileNotFoundError(f"no lecture notebooks in {NOTEBOOKS}")
    return paths


def edition(paths: list[Path]) -> str:
    """The language of the lectures: their ``metadata.course.edition`` ("en" when absent); one only."""
    found = {json.loads(Path(p).read_text(encoding="utf-8")).get("metadata", {}).get("course", {})
             .get("edition", "en") for p in paths}
    if len(found) != 1:
        raise ValueError(f"the lectures mix editions {sorted(found)}: make one course per language")
    return found.pop()


def write_course(folder: Path, paths: list[Path] | None = None, course_id: str = COURSE_ID,
                 exchange: str | None = None, force_config: bool = False) -> list[str]:
    """Write ``folder``/nbgrader_config.py (unless present) and one source assignment per lecture;
    return the assignment names."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "nbgrader_config.py"
    if force_config or not config.exists():
        language = edition(lectures(paths))
        config.write_text(nbgrader_config(course_id, exchange, language), encoding="utf-8")
    names = []
    for path in lectures(paths):
        dest = folder / "source" / path.stem
        dest.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest / path.name)
        names.append(path.stem)
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path, help="the course directory to write (created if missing)")
    parser.add_argument("notebooks", nargs="*", type=Path, help="lectures (default: every notebook)")
    parser.add_argument("--course-id", default=COURSE_ID)
    parser.add_argument("--exchange", default=None, help="nbgrader exchange folder (default: nbgrader's)")
    parser.add_argument("--force-config", action="store_true", help="rewrite an existing nbgrader_config.py")
    args = parser.parse_args(argv)
    try:
        names = write_course(args.folder, args.notebooks, args.course_id, args.exchange, args.force_config)
    except (FileNotFoundError, ValueError) as err:
        print(f"make_course: {err}", file=sys.stderr)
        return 1
    print(f"{args.folder}: nbgrader course with {len(names)} assignment(s) in source/: {', '.join(names)}")
    print(f"next: cd {args.folder} && nbgrader generate_assignment {names[0]}   (docs/instructors.md)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
