"""The course website's own code (site/course_site.py, tools/make_site.py), without Sphinx.

Fast, in the course venv: the repository setting, the launch links, how a lecture notebook is shown
(exercise cells as the student edition has them, check verdicts out, widgets), the glossary's
anchors, the home page's course map, and that the site's tools stay out of the course's lock.
The site itself is built by `make site` and read in a browser by tests/ui/test_site.py.
"""

from __future__ import annotations

import copy
import json
import re
import sys
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "site"))
sys.path.insert(0, str(ROOT / "tools"))

import course_site as cs  # noqa: E402
import make_site  # noqa: E402

SETTINGS = {"repository": "https://github.com/someone/gm-course", "branch": "dev",
            "hub": "https://hub.example.edu"}


def test_setting_is_the_one_in_pyproject(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "x"\n\n[tool.course]\nrepository = "https://github.com/a/b.git"\n'
                         'branch = "release"\nhub = "https://hub.example.edu"\n')
    got = cs.course_settings(pyproject)
    assert got == {"repository": "https://github.com/a/b.git", "branch": "release", "hub": "https://hub.example.edu"}
    pyproject.write_text('[project]\nname = "x"\n')
    with pytest.raises(ValueError, match="no \\[tool.course\\] table"):
        cs.course_settings(pyproject)


def test_launch_links_open_the_student_edition():
    (binder_label, binder), (hub_label, hub) = cs.launch_links("05_gan_the_game.ipynb", SETTINGS)
    assert binder_label == "Binder" and hub_label == "JupyterHub"
    assert binder == ("https://mybinder.org/v2/gh/someone/gm-course/dev"
                      "?urlpath=lab/tree/student/05_gan_the_game.ipynb")
    parts = urllib.parse.urlsplit(hub)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://hub.example.edu/hub/user-redirect/git-pull"
    query = urllib.parse.parse_qs(parts.query)
    assert query == {"repo": ["https://github.com/someone/gm-course"], "branch": ["dev"],
                     "urlpath": ["lab/tree/gm-course/student/05_gan_the_game.ipynb"]}


def _code(source, outputs=(), **nbgrader):
    cell = {"cell_type": "code", "metadata": {}, "source": source, "outputs": list(outputs),
            "execution_count": 3}
    if nbgrader:
        cell["metadata"]["nbgrader"] = nbgrader
    return cell


STREAM = {"output_type": "stream", "name": "stdout", "text": "correct -- f passed 2 check(s).\n"}
PNG = {"output_type": "display_data", "metadata": {},
       "data": {"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>",
                cs.WIDGET_VIEW: {"model_id": "abc", "version_major": 2, "version_minor": 0}}}
WIDGET_TEXT = {"output_type": "display_data", "metadata": {},
               "data": {"text/plain": "interactive(children=(IntSlider(value=20)))",
                        cs.WIDGET_VIEW: {"model_id": "def", "version_major": 2, "version_minor": 0}}}


def _tiny_notebook():
    check = _code(["check_function(f, [((1,), 2)])\n", "### BEGIN HIDDEN TESTS\n", "assert f(3) == 6\n",
                   "### END HIDDEN TESTS\n"], [STREAM], grade=True, solution=False, grade_id="f_check")
    check["id"] = "c2"
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {"widgets": {"state": {}}}, "cells": [
        {"cell_type": "markdown", "id": "t", "metadata": {}, "source": "# Lecture 0 — Title\n\ngoals"},
        dict(_code("def f(x):\n    y = 2\n    ### BEGIN SOLUTION\n    return x * y\n    ### END SOLUTION\n",
                   solution=True, grade=False, grade_id="f"), id="c1"),
        check,
        dict(_code("slider", [PNG]), id="c3"),
        dict(_code("other_slider", [WIDGET_TEXT]), id="c4"),
    ]}


def _student_of(nb):
    """What nbgrader's release holds for the nbgrader cells of ``nb`` (the test's stand-in)."""
    student = copy.deepcopy(nb)
    student["cells"][1]["source"] = "def f(x):\n    y = 2\n    raise NotImplementedError()\n"
    student["cells"][2]["source"] = "check_function(f, [((1,), 2)])\n"
    return student


def test_site_notebook_shows_the_student_editions_exercise_cells():
    nb = _tiny_notebook()
    before = copy.deepcopy(nb)
    shown, replaced = cs.site_notebook(nb, "00_tiny.ipynb", SETTINGS, _student_of(nb))
    assert nb == before, "the notebook itself must not change"
    assert replaced == 2
    cells = shown["cells"]
    assert cells[0] == nb["cells"][0]
    launch = cells[1]
    assert launch["cell_type"] == "markdown" and "course-launch" in launch["source"]
    assert "lab/tree/student/00_tiny.ipynb" in launch["source"] and launch["id"] == "course-launch"
    stub, check, png, text = cells[2:]
    assert stub["source"] == "def f(x):\n    y = 2\n    raise NotImplementedError()\n"
    assert stub["outputs"] == [] and stub["execution_count"] is None
    assert check["source"] == "check_function(f, [((1,), 2)])\n" and check["outputs"] == []
    assert set(png["outputs"][0]["data"]) == {"image/png", "text/plain"}
    assert text["outputs"][0]["data"] == {"text/markdown": cs.WIDGET_NOTE}
    assert "widgets" not in shown["metadata"]
    text_of_page = str(cells)
    for secret in ("return x * y", "BEGIN SOLUTION", "HIDDEN TESTS", "f(3) == 6", "correct --"):
        assert secret not in text_of_page, secret


def test_a_stale_student_edition_or_unmarked_solution_is_refused():
    nb = _tiny_notebook()
    stale = _student_of(nb)
    del stale["cells"][2]
    with pytest.raises(ValueError, match="stale, run make student"):
        cs.site_notebook(nb, "00_tiny.ipynb", SETTINGS, stale)
    nb["cells"].append(_code("### BEGIN SOLUTION\nx = 1\n### END SOLUTION"))
    with pytest.raises(ValueError, match="solution markers but no nbgrader metadata"):
        cs.site_notebook(nb, "00_tiny.ipynb", SETTINGS, _student_of(nb))


def test_every_lecture_shows_no_solution():
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        student = json.loads((ROOT / "student" / path.name).read_text(encoding="utf-8"))
        shown, replaced = cs.site_notebook(json.loads(path.read_text(encoding="utf-8")), path.name, SETTINGS,
                                           student)
        text = json.dumps([c["source"] for c in shown["cells"]])
        assert replaced >= 4
        assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text, path.name
        assert "hidden=True" not in text and "correct --" not in json.dumps(shown), path.name


def test_glossary_anchors_become_targets():
    md = ('intro\n\n<a id="annealed-importance-sampling"></a><a id="ais"></a>\n### annealed importance '
          'sampling (AIS) / 어닐링 중요도 샘플링\ntext <a id="inline"></a> stays\n')
    out = cs.glossary_targets(md)
    assert "(annealed-importance-sampling)=\n(ais)=\n### annealed" in out
    assert 'text <a id="inline"></a> stays' in out
    glossary = (ROOT / "GLOSSARY.md").read_text(encoding="utf-8")
    assert len(re.findall(r"^\([a-z0-9-]+\)=$", cs.glossary_targets(glossary), re.M)) >= 62


def test_home_page_course_map_and_staging(tmp_path):
    notebooks = make_site.stage(tmp_path)
    assert len(notebooks) == 10
    index = (tmp_path / "index.md").read_text(encoding="utf-8")
    for path in notebooks:
        assert f"](notebooks/{path.name})" in index and f"notebooks/{path.stem}\n" in index
        assert (tmp_path / "notebooks" / path.name).read_bytes() == path.read_bytes()
    assert "<!--" not in index and index.count("after it you can") == 10
    assert (tmp_path / "GLOSSARY.md").exists()
    stale = tmp_path / "notebooks" / "99_gone.ipynb"
    stale.write_text("{}")
    make_site.stage(tmp_path)
    assert not stale.exists()


def test_site_tools_are_pinned_and_stay_out_of_the_course_lock():
    pins = [ln.split("#")[0].strip() for ln in (ROOT / "site" / "requirements.in").read_text().splitlines()]
    pins = [p for p in pins if p]
    assert pins and all(re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][^ ;]*", p) for p in pins), pins
    lock = (ROOT / "site" / "requirements.txt").read_text()
    for pin in pins:
        assert re.search(rf"^{re.escape(pin)}\b", lock, re.M | re.I), f"{pin} not in site/requirements.txt"
    course = (ROOT / "requirements.txt").read_text().lower()
    for name in ("sphinx==", "myst-nb", "sphinx-book-theme", "pydata-sphinx-theme"):
        assert not re.search(rf"^{re.escape(name)}", course, re.M), f"{name} in the course's own lock"
