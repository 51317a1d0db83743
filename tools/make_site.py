"""Build the course website: static HTML from the stored notebooks, never executed.

Usage: .venv/site/bin/python tools/make_site.py [--out build/site]
(`make site` creates the site venv .venv/site from site/requirements.txt and runs this.)

Sphinx + MyST-NB + sphinx-book-theme (configured in site/conf.py, extended by site/course_site.py).
The Sphinx sources are staged in build/site-src: the home page (site/index.md with the course map:
every lecture's learning goals, read by tools/course_map.py as for the README), the Korean edition's
home page (site/ko.md, the course map of ko/), the notebooks, the Korean lectures (ko/) and
GLOSSARY.md, copied unchanged (a file whose bytes did not change keeps its time stamp, so a warm
rebuild re-reads only what changed). No network is needed.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from course_map import goals_markdown  # noqa: E402

SRC = ROOT / "build" / "site-src"
DOCTREES = ROOT / "build" / "site-doctrees"


def _put(path: Path, data: bytes) -> None:
    """Write ``data`` unless the file already holds it (its mtime then stays)."""
    if not path.exists() or path.read_bytes() != data:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def stage(src: Path = SRC) -> list[Path]:
    """Lay out the Sphinx sources in ``src``; return the lecture notebooks."""
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    korean = sorted((ROOT / "ko").glob("[0-9][0-9]_*.ipynb"))
    wanted = {src / "GLOSSARY.md": (ROOT / "GLOSSARY.md").read_bytes()}
    for page, lectures, language in (("index.md", notebooks, "en"), ("ko.md", korean, "ko")):
        text = (ROOT / "site" / page).read_text(encoding="utf-8")
        text = text.replace("<!-- course map -->", goals_markdown(lectures, language) if lectures else "")
        text = text.replace("<!-- lectures -->", "\n".join(f"{p.parent.name}/{p.stem}" for p in lectures))
        wanted[src / page] = text.encode("utf-8")
    wanted |= {src / p.parent.name / p.name: p.read_bytes() for p in notebooks + korean}
    for path, data in wanted.items():
        _put(path, data)
    for path in src.rglob("*"):  # a notebook renamed or removed leaves no stale page
        if path.is_file() and path not in wanted:
            path.unlink()
    return notebooks


def _tool_digest() -> str:
    """Hash of what turns a source into a page besides the source: site/, the student edition (the
    exercise cells' source), the launch-link setting and this file."""
    files = (sorted((ROOT / "site").rglob("*.*")) + sorted((ROOT / "student").glob("*.ipynb"))
             + sorted((ROOT / "student-ko").glob("*.ipynb"))
             + [Path(__file__), ROOT / "tools" / "links.py", ROOT / "pyproject.toml"])
    digest = hashlib.sha256()
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "build" / "site"))
    parser.add_argument("--jobs", default="1", help="sphinx-build -j (default 1: the machine is shared)")
    args = parser.parse_args()
    started = time.perf_counter()
    notebooks = stage()
    korean = sorted((ROOT / "ko").glob("[0-9][0-9]_*.ipynb"))
    # Sphinx re-reads a changed source by itself; after a change to the site's own code (conf,
    # extension, theme files, the stub rule) everything is read again (-E)
    stamp, digest = DOCTREES / "course-site.sha256", _tool_digest()
    fresh = not stamp.exists() or stamp.read_text() != digest
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", args.jobs, *(["-E"] if fresh else []),
           "-c", str(ROOT / "site"), "-d", str(DOCTREES), str(SRC), args.out]
    subprocess.run(cmd, check=True)
    stamp.write_text(digest)
    out = Path(args.out)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    sys.path.insert(0, str(ROOT / "site"))
    from course_site import course_settings

    settings = course_settings()
    print(f"site: {len(notebooks)} lectures + {len(korean)} Korean + 2 home pages + glossary in {out} "
          f"({size / 1e6:.1f} MB), {time.perf_counter() - started:.0f} s; open {out / 'index.html'}\n"
          f"site: launch links to {settings['repository']} ({settings['branch']}, hub {settings['hub']}) "
          f"from [tool.course] in pyproject.toml")
    shutil.rmtree(out / ".doctrees", ignore_errors=True)


if __name__ == "__main__":
    main()
