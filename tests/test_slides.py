"""Every notebook is a lecture deck: it converts to reveal.js slides that load nothing from the
network, with a sensible number of slides, and shows neither code (unless tagged
``slides-show-code``), prompts, solutions, check outputs nor widget reprs; the rules of
tools/make_slides.py (dropped cells, slide starts kept, headings, paging, widget pictures) on small
notebooks. No browser here: tests/ui/test_slides_browser.py (`make ui-test`) projects every deck in
Chromium. (`make slides` also checks that every file a deck loads is in slides/.)"""

from __future__ import annotations

import json
import re
from pathlib import Path

import make_slides  # tools/make_slides.py (tests/conftest.py)
import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SLIDE_TYPES = {"slide", "subslide", "fragment", "-", "skip", "notes"}
MIN_SLIDES, MAX_SLIDES = 5, 80


@pytest.fixture(scope="module")
def exporter():
    return make_slides.make_exporter()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_cell_has_slide_metadata(path):
    nb = json.loads(path.read_text())
    missing = [i for i, c in enumerate(nb["cells"])
               if c.get("metadata", {}).get("slideshow", {}).get("slide_type") not in SLIDE_TYPES]
    assert not missing, f"{path.name}: cells {missing} lack metadata.slideshow.slide_type"
    assert nb["cells"][0]["metadata"]["slideshow"]["slide_type"] == "slide", "a deck starts with a slide"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_notebook_converts_to_an_offline_deck(path, exporter):
    html = make_slides.convert(path, exporter)
    slides = make_slides.check_deck(html)  # raises if anything is loaded from the network
    assert MIN_SLIDES <= slides <= MAX_SLIDES, f"{path.name}: {slides} slides"
    assert 'src="_static/reveal.js/dist/reveal.js"' not in html  # loaded by RequireJS, below
    assert '"_static/reveal.js/dist/reveal.js"' in html
    assert "_static/mathjax/MathJax.js" in html


def _deck(cells) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    for kind, slide_type, src in cells:
        cell = (nbformat.v4.new_markdown_cell if kind == "md" else nbformat.v4.new_code_cell)(src)
        cell.metadata["slideshow"] = {"slide_type": slide_type}
        nb.cells.append(cell)
    return nb


def test_slide_count_and_cdn_detection(tmp_path, exporter):
    nb = _deck([("md", "slide", "# Title"), ("md", "-", "text $x^2$"), ("md", "subslide", "### A"),
                ("code", "fragment", "1 + 1"), ("md", "slide", "## B"), ("md", "skip", "hidden")])
    path = tmp_path / "demo.ipynb"
    nbformat.write(nb, path)
    html = make_slides.convert(path, exporter)
    assert make_slides.check_deck(html) == 3  # slide 1 with its sub-slide, slide 2
    for bad in ('<script src="https://unpkg.com/reveal.js@4.0.2/dist/reveal.js"></script>',
                '<link rel="stylesheet" href="//cdn.example.org/x.css">',
                '<style>@import url(https://fonts.googleapis.com/css?family=Lato);</style>',
                '<script type="module">import m from "https://cdn.jsdelivr.net/npm/mermaid.mjs";</script>'):
        with pytest.raises(ValueError, match="network"):
            make_slides.check_deck(html.replace("</head>", bad + "</head>"))
    # with a folder, local files must exist there: none do in an empty folder
    with pytest.raises(ValueError, match="missing"):
        make_slides.check_deck(html, tmp_path)


# --- what a deck shows (tools/make_slides.py's rules) -------------------------------------------------

FORBIDDEN = ("### BEGIN SOLUTION", "### END SOLUTION", "check_function(", "check_budget(", "correct --",
             "not yet --", "interactive(children=", "In&nbsp;[", "Out&nbsp;[")
IMG = re.compile(r"<img [^>]*src=\"data:image/png")  # a figure on a slide
CODE = 'class="jp-CodeMirrorEditor'  # a code cell's source on the page


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_no_code_prompt_solution_or_check_output_on_a_slide(path, exporter):
    nb = nbformat.read(path, as_version=4)
    html = make_slides.convert(path, exporter)
    shown = [f for f in FORBIDDEN if f in html]
    assert not shown, f"{path.name}: the deck shows {shown}"
    tagged = sum(make_slides.SHOW_CODE_TAG in c.metadata.get("tags", []) for c in nb.cells if c.cell_type == "code")
    assert html.count(CODE) <= tagged, f"{path.name}: code shown that is not tagged"
    title = make_slides.prepare(nb).cells[0]
    assert title.cell_type == "markdown" and title.source.lstrip().startswith("# "), "the title slide is the title"
    widgets = sum(make_slides.WIDGET_VIEW in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))
    assert html.count(make_slides.WIDGET_NOTE) + len(IMG.findall(html)) >= widgets
    assert make_slides.WIDGET_VIEW not in html


def _code(src, outputs=(), tags=(), slide_type="-", **meta):
    cell = nbformat.v4.new_code_cell(src)
    cell.outputs = [nbformat.from_dict(o) for o in outputs]
    cell.metadata.update(slideshow={"slide_type": slide_type}, **meta)
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def _md(src, slide_type="-"):
    cell = nbformat.v4.new_markdown_cell(src)
    cell.metadata["slideshow"] = {"slide_type": slide_type}
    return cell


def _stream(text):
    return {"output_type": "stream", "name": "stdout", "text": text}


def _png(width=640, height=360):
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buf, format="PNG")
    import base64

    return base64.b64encode(buf.getvalue()).decode()


def _figure(width=640, height=360, widget=False):
    data = {"image/png": _png(width, height), "text/plain": "<Figure>"}
    if widget:
        data[make_slides.WIDGET_VIEW] = {"model_id": "abc", "version_major": 2, "version_minor": 0}
    return {"output_type": "display_data", "data": data, "metadata": {}}


def _html(tmp_path, exporter, cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    path = tmp_path / "demo.ipynb"
    nbformat.write(nb, path)
    return make_slides.convert(path, exporter)


def test_rules_code_hidden_exercises_and_setup_dropped(tmp_path, exporter):
    html = _html(tmp_path, exporter, [
        _md("# Lecture 0 — demo", "slide"),
        _code("import numpy as np  # set-up: no output"),
        _md("## 1. Section", "slide"),
        _code("print('visible output')", [_stream("visible output\n")]),
        _code("def shown(x):\n    return x  # SHOWN-CODE", tags=[make_slides.SHOW_CODE_TAG]),
        _code("def f(x):\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION", [_stream("defined\n")],
              nbgrader={"solution": True, "grade": False}),
        _code("check_function(f, [((1,), 1)])", [_stream("correct -- f passed 1 check(s)\n")],
              nbgrader={"grade": True, "solution": False}),
        _code("answer = 42", [_stream("not yet -- an old check\nkept line\n")]),
        _code("from course_lib.repro import check_budget\ncheck_budget()", [_stream("budget ok\n")],
              tags=["nbval-ignore-output"]),
    ])
    assert "visible output" in html and "SHOWN-CODE" in html and "kept line" in html
    for gone in ("import numpy", "print(", "BEGIN SOLUTION", "defined", "correct --", "not yet --",
                 "budget ok", "In&nbsp;[", "answer = 42"):
        assert gone not in html, gone
    assert html.count(CODE) == 1
    assert make_slides.check_deck(html) == 2


def test_rules_slide_start_of_a_dropped_cell_is_kept():
    nb = nbformat.v4.new_notebook()
    nb.cells = [_md("# T", "slide"), _code("x = 1", slide_type="slide"), _md("text after"),
                _code("### BEGIN SOLUTION", slide_type="subslide"), _md("exercise text")]
    cells = make_slides.prepare(nb).cells
    assert [(c.cell_type, c.metadata.slideshow.slide_type) for c in cells] == \
        [("markdown", "slide"), ("markdown", "slide"), ("markdown", "subslide")]


def test_rules_widget_picture_or_note(tmp_path, exporter):
    note_only = {"output_type": "execute_result", "execution_count": 1, "metadata": {},
                 "data": {make_slides.WIDGET_VIEW: {"model_id": "x", "version_major": 2, "version_minor": 0},
                          "text/plain": "interactive(children=(IntSlider(value=0),))"}}
    html = _html(tmp_path, exporter, [_md("# T", "slide"), _code("w", [_figure(widget=True)]),
                                      _code("v", [note_only])])
    assert len(IMG.findall(html)) == 1 and make_slides.WIDGET_NOTE in html
    assert "interactive(children" not in html and make_slides.WIDGET_VIEW not in html


def test_course_widgets_store_a_picture_that_decks_show(tmp_path, exporter):
    """course_lib.widgets' display data carry a PNG: a deck (no widget manager) shows it."""
    import matplotlib

    matplotlib.use("Agg")
    import numpy as np

    from course_lib.widgets import direction_explorer

    w = direction_explorer(lambda Z: np.full((len(Z), 4, 4), 0.5), np.zeros(2), {"a": np.array([1.0, 0.0])})
    data, meta = w._repr_mimebundle_()
    out = {"output_type": "execute_result", "execution_count": 1, "data": data, "metadata": meta}
    html = _html(tmp_path, exporter, [_md("# T", "slide"), _md("### Try it", "subslide"), _code("w", [out])])
    assert data["image/png"][:40] in html and make_slides.WIDGET_NOTE not in html
    w.close()


def test_rules_paging_headings_and_figures():
    long_text = "\n\n".join(f"Paragraph {i}: " + "words " * 60 for i in range(12))
    nb = nbformat.v4.new_notebook()
    nb.cells = [_md("# T", "slide"), _md("## 1. Long\n\n" + long_text, "slide"),
                _md("Intro text\n\n## 2. Inline heading\nwith text\n\n### A sub-part\nmore"),
                _code("fig", [_stream("numbers\n"), _figure(900, 500), _figure(900, 500)])]
    cells = make_slides.prepare(nb).cells
    kinds = [(c.metadata.slideshow.slide_type, c.source.split("\n")[0][:30]) for c in cells if c.cell_type == "markdown"]
    assert ("slide", "## 2. Inline heading") in kinds and ("subslide", "### A sub-part") in kinds
    assert ("subslide", "### 1. Long (continued)") in kinds
    for c in cells:   # every page fits by the estimate, and every figure cell is tagged as such
        if c.cell_type == "code":
            assert any(o.get("data", {}).get("image/png") for o in c.outputs) == \
                (make_slides.FIGURE_TAG in c.metadata.get("tags", []))
    pages, height = [], 0.0
    for c in cells:
        if c.metadata.slideshow.slide_type in ("slide", "subslide"):
            pages.append(height)
            height = 0.0
        height += make_slides._block_height(c)
    assert max(pages + [height]) <= make_slides.ROOM
    figures = [c for c in cells if make_slides.FIGURE_TAG in c.metadata.get("tags", [])]
    assert len(figures) == 2 and figures[1].metadata.slideshow.slide_type == "subslide" or \
        any(c.metadata.slideshow.slide_type == "subslide" for c in cells[cells.index(figures[0]) - 1:])


def test_deck_layout_is_a_projector_stage(tmp_path, exporter):
    html = _html(tmp_path, exporter, [_md("# T", "slide"), _code("x", [_stream("y " * 200)])])
    assert "width: 1280, height: 720" in html and "center: false" in html
    assert "white-space: pre-wrap" in html            # long lines wrap instead of being cut
    assert "window.Reveal = Reveal" in html           # reveal's API for tests/ui/test_slides_browser.py


def test_every_lecture_sets_the_offline_rise_theme():
    """RISE's default theme (reveal's "simple") @imports Google Fonts; "white" uses a font bundled
    with jupyterlab-rise, so presenting live from JupyterLab loads nothing from the network."""
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        rise = nbformat.read(path, as_version=4).metadata.get("rise", {})
        assert rise.get("theme") == "white", f"{path.name}: set metadata.rise.theme = 'white' (see make_slides.py)"


def test_a_bullet_list_taller_than_a_slide_is_cut_between_items_for_paging():
    item = "- " + "a long bullet with many words that wraps over several lines on a projector slide " * 3
    tall = ["## Summary", *[item] * 12]
    pieces = make_slides._cut_long_list(tall)
    assert len(pieces) > 1 and pieces[0][0] == "## Summary" and pieces[0][1] == item    # the heading keeps an item
    assert sum(pieces, []) == tall                                                        # nothing lost or reordered
    assert all(make_slides.LIST_ITEM.match(p[0]) for p in pieces[1:])
    short = ["## Summary", item, item]
    assert make_slides._cut_long_list(short) == [short]
