"""Launch links of the course, all made from one setting: ``[tool.course]`` in pyproject.toml.

``repository`` (the public git repository, https://github.com/OWNER/NAME), ``branch``, and ``hub``
(a JupyterHub with nbgitpuller, for classes that run on their own hub). The README's badges and
links (tools/course_map.py) and the website's launch boxes (site/course_site.py) call the functions
below, so a fork changes three lines of pyproject.toml and runs ``make readme``.

Every link opens a *student* edition (``student/NN_topic.ipynb``: no solutions, no outputs; the
Korean edition's is ``student-ko/``, ``edition="student-ko"``).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
KEYS = ("repository", "branch", "hub")
EDITION = "student"          # the folder every launch link opens
EDITIONS = ("student", "student-ko")   # English, Korean


def settings(pyproject: Path = ROOT / "pyproject.toml") -> dict[str, str]:
    """The ``[tool.course]`` table, checked: an https URL for repository and hub, a branch name."""
    table = tomllib.loads(Path(pyproject).read_text(encoding="utf-8")).get("tool", {}).get("course")
    if not isinstance(table, dict):
        raise ValueError(f"{pyproject}: no [tool.course] table (repository, branch, hub)")
    missing = [k for k in KEYS if not isinstance(table.get(k), str) or not table[k].strip()]
    if missing:
        raise ValueError(f"{pyproject}: [tool.course] needs {', '.join(missing)} (strings)")
    for key in ("repository", "hub"):
        url = urlsplit(table[key])
        if url.scheme != "https" or not url.netloc:
            raise ValueError(f"{pyproject}: [tool.course] {key} must be an https URL, got {table[key]!r}")
    if urlsplit(table["repository"]).netloc != "github.com" or len(_owner_name(table["repository"])) != 2:
        raise ValueError(f"{pyproject}: [tool.course] repository must be https://github.com/OWNER/NAME "
                         f"(Binder's gh provider), got {table['repository']!r}")
    return {k: table[k].strip().rstrip("/") for k in KEYS}


def _owner_name(repository: str) -> list[str]:
    return [p for p in urlsplit(repository).path.strip("/").removesuffix(".git").split("/") if p]


def _notebook(name: str) -> str:
    name = Path(name).name
    if not name.endswith(".ipynb"):
        raise ValueError(f"notebook must be a file name ending in .ipynb, got {name!r}")
    return name


def _edition(edition: str) -> str:
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {EDITIONS}, got {edition!r}")
    return edition


def binder(name: str | None = None, config: dict | None = None, edition: str = EDITION) -> str:
    """mybinder.org link that opens ``<edition>/<name>`` (or the folder) in JupyterLab."""
    config = config or settings()
    owner, repo = _owner_name(config["repository"])
    edition = _edition(edition)
    path = f"lab/tree/{edition}/{_notebook(name)}" if name else f"lab/tree/{edition}"
    return f"https://mybinder.org/v2/gh/{owner}/{repo}/{quote(config['branch'], safe='')}?urlpath={quote(path)}"


def hub(name: str | None = None, config: dict | None = None, edition: str = EDITION) -> str:
    """nbgitpuller link: the hub clones (or updates) the repository into the user's home, then opens
    ``<repo>/<edition>/<name>``. The hub needs nbgitpuller and the course's environment installed."""
    config = config or settings()
    repo = _owner_name(config["repository"])[1]
    edition = _edition(edition)
    path = f"lab/tree/{repo}/{edition}/{_notebook(name)}" if name else f"lab/tree/{repo}/{edition}"
    query = urlencode({"repo": config["repository"], "branch": config["branch"], "urlpath": path})
    return f"{config['hub']}/hub/user-redirect/git-pull?{query}"


def badge(name: str | None = None, config: dict | None = None, edition: str = EDITION) -> str:
    """Markdown Binder badge for ``name`` (or the student folder)."""
    return f"[![Binder](https://mybinder.org/badge_logo.svg)]({binder(name, config, edition)})"
