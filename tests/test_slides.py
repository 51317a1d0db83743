"""Every notebook is a lecture deck: it converts to reveal.js slides that load nothing from the
network, with a sensible number of slides. (`make slides` also checks that every file a deck
loads is in slides/; see tools/make_slides.py.)"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("make_slides", ROOT / "tools" / "make_slides.py")
make_slides = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_slides)

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
