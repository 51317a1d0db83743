"""The course website's own Sphinx extension (loaded by site/conf.py; built by `make site`).

What it does, at build time only (the notebooks in notebooks/ are never changed):
- **Solutions out.** A lecture page is the instructor notebook with its stored outputs, but a public
  site for students must not show exercise solutions. Every nbgrader cell (a solution cell or a
  test cell) is shown as nbgrader's student edition has it -- its source taken from the committed
  ``student/<notebook>`` (made by ``make student`` = nbgrader's generate_assignment: solutions
  replaced by the placeholder, hidden tests removed), matched by cell id -- and without outputs (a
  solution's results; a test cell's verdict on the hidden solution). No stripping is re-done here.
- **Launch links.** Under each lecture's first cell: open the student edition on Binder
  (``lab/tree/student/<notebook>``; ``student-ko/`` on the Korean pages, ``ko/...``) and on a
  JupyterHub through nbgitpuller, and the link to the same lecture in the other language. The links are
  tools/links.py's, made from the one setting ``[tool.course]`` in pyproject.toml.
- **Sliders.** ipywidgets have no kernel on a static page: the widget view is dropped (no widget
  JavaScript from a CDN); a cell shows its stored image/png fallback, or else a one-line note
  instead of the widget's text repr (``interactive(children=(IntSlider(...``).
- **MathJax offline.** MathJax 3 comes from the pinned wheel sphinx-mathjax-offline; the files the
  pages load are copied into ``_static/mathjax`` of the site (``mathjax_path`` points there).

The functions above :func:`setup` need neither Sphinx nor nbformat (tests/test_site.py runs them
in the course venv).
"""

from __future__ import annotations

import copy
import importlib.util
import json
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STUDENT = ROOT / "student"   # the committed student edition (make student)
STUDENT_KO = ROOT / "student-ko"   # the Korean edition's (lectures in ko/, pages under ko/)
# the words of a lecture page's launch box, and the link to the same lecture in the other language
WORDS = {
    "en": {"title": "Run this lecture", "folder": "notebooks", "student": "student",
           "open": "Open the student edition (exercises to solve, no solutions) live",
           "other": "ko", "other_label": "한국어판"},
    "ko": {"title": "이 강의 실행하기", "folder": "ko", "student": "student-ko",
           "open": "학생판(풀어 볼 연습 문제, 풀이 없음)을 바로 여세요",
           "other": "en", "other_label": "English edition"},
}
_spec = importlib.util.spec_from_file_location("links", ROOT / "tools" / "links.py")
links = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(links)

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = ("*An interactive widget (slider) is shown here when the lecture runs live: "
               "use the launch link at the top of the page.*")


# --- the one setting ------------------------------------------------------------------------------

def course_settings(pyproject: Path = ROOT / "pyproject.toml") -> dict:
    """``[tool.course]`` of pyproject.toml (tools/links.py checks it)."""
    return links.settings(pyproject)


def launch_links(notebook: str, settings: dict, language: str = "en") -> list[tuple[str, str]]:
    """[(label, url)] that open the student edition of ``notebook`` (a file name) live."""
    edition = WORDS[language]["student"]
    return [("Binder", links.binder(notebook, settings, edition)),
            ("JupyterHub", links.hub(notebook, settings, edition))]


# --- a lecture notebook as the site shows it ------------------------------------------------------

def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _nbgrader(cell: dict) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def site_notebook(nb: dict, notebook: str, settings: dict, student: dict, language: str = "en",
                  translated: bool = False) -> tuple[dict, int]:
    """(the notebook as the site shows it, number of nbgrader cells shown as in ``student``, the
    notebook's student edition); ``nb`` is not changed. ``language``: of the page (ko: a page of
    the Korean edition); ``translated``: the lecture exists in the other language too (the launch
    box links to it)."""
    nb = copy.deepcopy(nb)
    released = {c.get("id"): c for c in student["cells"]}
    replaced = 0
    for cell in nb["cells"]:
        if cell["cell_type"] == "code" and ("### BEGIN SOLUTION" in _source(cell) and not _nbgrader(cell)):
            raise ValueError(f"{notebook}: a cell with solution markers but no nbgrader metadata")
        if not _nbgrader(cell):
            continue
        twin = released.get(cell.get("id"))
        if twin is None or _nbgrader(twin).get("grade_id") != _nbgrader(cell).get("grade_id"):
            raise ValueError(f"{notebook}: student/{notebook} lacks cell {_nbgrader(cell).get('grade_id')!r}: "
                             f"it is stale, run make student")
        cell["source"] = _source(twin)
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
        replaced += 1
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW in data:  # the page shows the stored image/png fallback, or a note
                data.pop(WIDGET_VIEW)
                if not any(m.startswith("image/") for m in data):
                    data.clear()
                    data["text/markdown"] = WIDGET_NOTE
    nb.get("metadata", {}).pop("widgets", None)
    words = WORDS[language]
    launch_md = " · ".join(f"[{label}]({url})" for label, url in launch_links(notebook, settings, language))
    other = WORDS[words["other"]]
    switch = f"\n\n[{words['other_label']}](../{other['folder']}/{notebook})" if translated else ""
    launch = {"cell_type": "markdown", "metadata": {"tags": ["course-launch"]}, "source":
              f"```{{admonition}} {words['title']}\n:class: tip course-launch\n"
              f"{words['open']}: {launch_md}.{switch}\n```"}
    if (nb.get("nbformat"), nb.get("nbformat_minor", 0)) >= (4, 5):
        launch["id"] = "course-launch"
    nb["cells"].insert(1 if nb["cells"] else 0, launch)
    return nb, replaced


# --- Sphinx ---------------------------------------------------------------------------------------

# What the pages load of MathJax 3 (its combined TeX + CHTML file, the fonts, the TeX extensions it
# autoloads, and what its menu loads on demand: accessibility, speech rules).
MATHJAX_PARTS = ("tex-chtml.js", "output/chtml/fonts/woff-v2", "input/tex/extensions", "a11y", "ui", "sre")


def mathjax_source() -> Path:
    spec = importlib.util.find_spec("sphinx-mathjax-offline")
    if spec is None or spec.origin is None:
        raise RuntimeError("the site venv lacks sphinx-mathjax-offline (site/requirements.txt): make site")
    return Path(spec.origin).parent / "static" / "mathjax"


ANCHORS = re.compile(r'^((?:<a id="[^"]+"></a>)+)[ \t]*$', re.M)


def glossary_targets(markdown: str) -> str:
    """GLOSSARY.md's HTML anchors (``<a id="ais"></a>``, GitHub's) as MyST targets ``(ais)=``,
    so the notebooks' links ``../GLOSSARY.md#ais`` resolve to the entry's heading."""
    return ANCHORS.sub(lambda m: "\n".join(f"({a})=" for a in re.findall(r'id="([^"]+)"', m[1])),
                       markdown)


def _on_source_read(app, docname: str, source: list[str]) -> None:
    path = Path(app.env.doc2path(docname))
    if path.name == "GLOSSARY.md":
        source[0] = glossary_targets(source[0])
    if path.suffix != ".ipynb":
        return
    language = "ko" if path.parent.name == "ko" else "en"
    student = json.loads(((STUDENT_KO if language == "ko" else STUDENT) / path.name).read_text(encoding="utf-8"))
    other = (ROOT / WORDS[WORDS[language]["other"]]["folder"] / path.name).exists()
    nb, _ = site_notebook(json.loads(source[0]), path.name, app.config.course_settings, student, language, other)
    source[0] = json.dumps(nb)


def _copy_mathjax(app, exc) -> None:
    if exc is not None or app.builder.format != "html":
        return
    src, dest = mathjax_source(), Path(app.outdir) / "_static" / "mathjax"
    for part in MATHJAX_PARTS:
        if (src / part).is_dir():
            shutil.copytree(src / part, dest / part, dirs_exist_ok=True)
        else:
            dest.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src / part, dest / part)


def setup(app):
    app.add_config_value("course_settings", {}, "env")
    app.connect("source-read", _on_source_read)
    app.connect("build-finished", _copy_mathjax)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
