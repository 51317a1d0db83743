"""Launch links come from one setting ([tool.course] in pyproject.toml, read by tools/links.py): the
README's links are exactly the ones it makes, they open the student edition, and no file spells the
repository URL by hand."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import links  # tools/links.py (tests/conftest.py)
import pytest

ROOT = Path(__file__).resolve().parents[1]

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
CONFIG = {"repository": "https://github.com/someone/gm-fork", "branch": "spring-2027",
          "hub": "https://jupyter.uni.example"}


def test_binder_and_hub_links_open_the_student_edition():
    name = NOTEBOOKS[0].name
    assert links.binder(name, CONFIG) == (f"https://mybinder.org/v2/gh/someone/gm-fork/spring-2027"
                                          f"?urlpath=lab/tree/student/{name}")
    url = urlsplit(links.hub(name, CONFIG))
    assert f"{url.scheme}://{url.netloc}{url.path}" == "https://jupyter.uni.example/hub/user-redirect/git-pull"
    assert parse_qs(url.query) == {"repo": [CONFIG["repository"]], "branch": ["spring-2027"],
                                   "urlpath": [f"lab/tree/gm-fork/student/{name}"]}


def test_every_student_notebook_a_link_opens_exists():
    for nb in NOTEBOOKS:
        target = links.binder(nb.name).split("urlpath=lab/tree/", 1)[1]
        assert (ROOT / target).is_file(), f"{target} (opened by the launch link) does not exist"


@pytest.mark.parametrize("table, message", [
    ("", "no \\[tool.course\\] table"),
    ('[tool.course]\nrepository = "https://github.com/a/b"\nbranch = "main"\n', "needs hub"),
    ('[tool.course]\nrepository = "http://github.com/a/b"\nbranch = "main"\nhub = "https://h"\n',
     "repository must be an https URL"),
    ('[tool.course]\nrepository = "https://gitlab.com/a/b"\nbranch = "main"\nhub = "https://h"\n',
     "github.com/OWNER/NAME"),
    ('[tool.course]\nrepository = "https://github.com/a"\nbranch = "main"\nhub = "https://h"\n',
     "github.com/OWNER/NAME"),
    ('[tool.course]\nrepository = "https://github.com/a/b"\nbranch = ""\nhub = "https://h"\n', "needs branch"),
])
def test_a_bad_setting_is_named(tmp_path, table, message):
    path = tmp_path / "pyproject.toml"
    path.write_text(table)
    with pytest.raises(ValueError, match=message):
        links.settings(path)


def test_no_file_spells_the_repository_or_a_launch_url_by_hand():
    repo = links.settings()["repository"]
    owner_name = "/".join(urlsplit(repo).path.strip("/").split("/")[:2])
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    allowed = {"pyproject.toml", "README.md", "README.ko.md"}   # the setting, and the generated sections
    found = []
    for name in tracked:
        path = ROOT / name
        if name in allowed or not path.is_file() or path.suffix in (".pt", ".npz", ".png", ".gz"):
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        # tests may spell Binder URLs of made-up repositories (they test the links' format)
        binder_by_hand = re.search(r"mybinder\.org/v2/gh/\w", text) and not name.startswith("tests/")
        if owner_name in text or binder_by_hand:
            found.append(name)
    assert not found, f"these files spell the repository or a Binder URL by hand: {found}"


@pytest.mark.parametrize("name, folder", [("README.md", "notebooks"), ("README.ko.md", "ko")])
def test_the_readme_links_are_only_the_generated_ones(name, folder):
    if not (ROOT / name).exists():
        pytest.skip(f"no {name}")
    readme = (ROOT / name).read_text(encoding="utf-8")
    generated = "\n".join(_generated_sections(readme))
    outside = readme
    for part in _generated_sections(readme):
        outside = outside.replace(part, "")
    assert "mybinder.org/v2" not in outside and "git-pull?" not in outside
    assert generated.count("mybinder.org/v2") == len(list((ROOT / folder).glob("[0-9][0-9]_*.ipynb"))) + 1


def _generated_sections(readme: str) -> list[str]:
    return re.findall(r"<!-- (?:badge|launch):start.*?<!-- (?:badge|launch):end -->", readme, re.S)
