"""README.md stays true: the two commands, every notebook in the course map, no dead local links."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
READMES = ["README.md"] + (["README.ko.md"] if list((ROOT / "ko").glob("*.ipynb")) else [])


def test_readme_shows_the_two_commands():
    assert "make lab" in README and "make test" in README


def test_course_map_lists_every_notebook():
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        assert f"(notebooks/{nb.name})" in README, f"{nb.name} is missing from the README course map"


@pytest.mark.parametrize("readme", READMES)
def test_local_links_resolve(readme):
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", (ROOT / readme).read_text(encoding="utf-8")):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        assert (ROOT / target).exists(), f"{readme} links to {target}, which does not exist"


def test_readme_learning_goals_are_the_notebooks():
    import course_map  # tools/course_map.py (tests/conftest.py)

    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        title, goals = course_map.lecture_goals(nb)
        assert 3 <= len(goals) <= 5, f"{nb.name}: expected 3-5 learning goals, found {len(goals)}"
    assert course_map.section() in README, "README's learning goals are stale: run make readme"
    for part in course_map.sections():
        assert part in README, f"README's {part.split()[1]} section is stale: run make readme"


def test_korean_readme_is_the_korean_editions():
    import course_map

    if "ko" not in course_map.languages():
        pytest.skip("no Korean lectures yet")
    korean = (ROOT / "README.ko.md").read_text(encoding="utf-8")
    for part in course_map.sections("ko"):
        assert part in korean, f"README.ko.md's {part.split()[1]} section is stale: run make readme"
    for nb in sorted((ROOT / "ko").glob("*.ipynb")):
        assert f"(ko/{nb.name})" in korean and f"student-ko/{nb.name}" in korean
    assert "README.ko.md" in README


def test_notebook_links_to_local_files_resolve():
    import nbformat

    for nb_path in sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "ko").glob("*.ipynb")):
        for cell in nbformat.read(nb_path, as_version=4).cells:
            if cell.cell_type != "markdown":
                continue
            for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", cell.source):
                if target.startswith(("http://", "https://", "mailto:", "attachment:")):
                    continue
                assert (nb_path.parent / target).exists(), f"{nb_path.name} links to {target}, which does not exist"
