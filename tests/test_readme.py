"""README.md stays true: the two commands, every notebook in the course map, no dead local links."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_shows_the_two_commands():
    assert "make lab" in README and "make test" in README


def test_course_map_lists_every_notebook():
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        assert f"(notebooks/{nb.name})" in README, f"{nb.name} is missing from the README course map"


def test_local_links_resolve():
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", README):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        assert (ROOT / target).exists(), f"README links to {target}, which does not exist"


def test_readme_learning_goals_are_the_notebooks():
    import importlib.util

    spec = importlib.util.spec_from_file_location("course_map", ROOT / "tools" / "course_map.py")
    course_map = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(course_map)
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        title, goals = course_map.lecture_goals(nb)
        assert 3 <= len(goals) <= 5, f"{nb.name}: expected 3-5 learning goals, found {len(goals)}"
    assert course_map.section() in README, "README's learning goals are stale: run tools/course_map.py --write"
