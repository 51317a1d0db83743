"""Write reveal.js slide decks of the notebooks that open offline (what `make slides` runs).

Usage: python tools/make_slides.py [--out slides] [--quiet] [notebooks/NN_topic.ipynb ...]

Each notebook becomes ``slides/NN_topic.slides.html``; its cells' ``slideshow.slide_type``
metadata makes the slides. nbconvert's reveal template loads reveal.js, RequireJS, jQuery and
MathJax from CDNs by default; here every one of them points at a local copy in
``slides/_static/`` instead, so the decks open from disk in a lecture hall with no network.
Those libraries come from the npm registry, fetched once with ``npm`` (pinned versions below)
into ``build/slides-npm/`` and copied from there. Mermaid and the widget manager, the other two
CDN scripts of the template, are left out (the course uses neither in slides).

A deck is made for a projector (a 1280x720 stage), by these rules (``prepare``):

- **Code is hidden**: a code cell shows only its outputs, never its source or ``In [n]:`` prompts,
  unless the cell is tagged ``slides-show-code`` (then its code is shown, wrapped, never cut off).
  A code cell with nothing to show (imports, set-up, definitions) is left out.
- **No solutions, no checks**: exercise solution and check cells are left out (nbgrader's
  ``solution``/``grade`` cells, and any code containing ``### BEGIN SOLUTION`` or
  ``check_function(``), as is the budget check (``check_budget()``); the exercise's text stays.
  Any output line "correct -- ..." / "not yet -- ..." (or the Korean edition's) left elsewhere is dropped too.
- **Sliders show a picture**: a widget output is replaced by the PNG stored next to it
  (``course_lib.widgets`` stores the figure at the initial slider values); a widget with no picture
  shows a one-line note instead of its ``interactive(children=...`` repr.
- **Everything fits**: a markdown cell is split before each ``#``/``##`` heading (a new slide) and
  ``###`` heading (a new sub-slide); the cells of a slide are then paged by their estimated height
  (text lines, output lines, figure pixels): what does not fit goes on a sub-slide headed
  "... (continued)". Figures are fitted to the room left on their slide: they shrink (CSS flex;
  the paging leaves them about 3/4 of their size) or grow into free room (the deck's script, at
  most FIGURE_GROW times, never wider than the text), so small notebook figures become readable.
- Prompts are never shown; code and text outputs wrap instead of being cut at the right edge;
  nothing scrolls inside a slide.

tests/ui/test_slides_browser.py (`make ui-test`) opens every deck in Chromium at 1280x720 and fails
on any slide that overflows, shows untagged code, a solution or a check, or loads from the network;
`tests/ui/test_slides_browser.py --contact-sheet` draws a deck's slides as one PNG.

To present live from JupyterLab instead, use RISE (the jupyterlab-rise extension installed with
the course): open a notebook and press Alt+R. RISE's default theme ("simple") @imports the web
fonts "News Cycle" and "Lato" from fonts.googleapis.com (offline the browser falls back to a local
sans-serif); the notebooks set ``metadata.rise.theme = "white"``, whose font (Source Sans Pro) is
bundled with jupyterlab-rise, so RISE loads nothing from the network either.
"""

from __future__ import annotations

import argparse
import base64
import copy
import re
import shutil
import subprocess
import sys
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
from jinja2 import DictLoader
from nbconvert import SlidesExporter

ROOT = Path(__file__).resolve().parents[1]
NPM_DIR = ROOT / "build" / "slides-npm"
# Exact versions of the browser libraries the decks load (the npm registry's package names).
NPM_PINS = {"reveal.js": "5.2.1", "requirejs": "2.3.7", "jquery": "3.7.1", "mathjax": "2.7.9"}
STATIC = "_static"
MATHJAX_CONFIG = "TeX-AMS_CHTML-full,Safe"

# Deck layout: a 1280x720 stage (16:9, what projectors show); sizes below are stage pixels.
STAGE_W, STAGE_H = 1280, 720
PAD_X, PAD_Y = 40, 24
SHOW_CODE_TAG = "slides-show-code"      # an author's tag: show this code cell's source on the slide
FIGURE_TAG = "slides-figure"            # set by prepare() on cells with images: a CSS hook
CONT_TAG = "slides-continued"           # set by prepare() on the "(continued)" headings it adds
FIGURE_GROW = 1.75                      # a figure may grow to this multiple of its size into free room
CHECK_OUTPUT = re.compile(r"^\s*(correct|not yet|wrong|정답|아직|오답) --", re.M)   # English and Korean checks
CONTINUED = {"en": "continued", "ko": "계속"}   # by the notebook's metadata.course.edition
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = "[live slider: run the notebook to explore it]"

CSS = f"""
:root {{ --jp-content-font-size1: 24px; --jp-ui-font-size1: 22px; --jp-code-font-size: 19px;
        --jp-cell-prompt-width: 0px; --jp-content-line-height: 1.4; }}
.reveal {{ font-size: 24px; }}
.reveal .slides section:not(.stack) {{ height: {STAGE_H}px; box-sizing: border-box; padding: {PAD_Y}px {PAD_X}px;
  flex-direction: column; align-items: stretch; justify-content: flex-start; }}
.reveal .slides section:not(.stack) > * {{ flex: 0 0 auto; }}
.reveal .jp-InputPrompt, .reveal .jp-OutputPrompt, .reveal .jp-Collapser {{ display: none; }}
.reveal .jp-Cell {{ padding: 0; margin: 0; }}
.reveal .jp-RenderedHTMLCommon {{ padding-right: 0; }}
.reveal .slides h1, .reveal .slides h2, .reveal .slides h3, .reveal .slides h4 {{ text-transform: none; }}
.reveal .jp-RenderedHTMLCommon h1 {{ font-size: 44px; margin: 0 0 14px; }}
.reveal .jp-RenderedHTMLCommon h2 {{ font-size: 36px; margin: 0 0 12px; }}
.reveal .jp-RenderedHTMLCommon h3 {{ font-size: 30px; margin: 0 0 10px; }}
.reveal .jp-RenderedHTMLCommon h4 {{ font-size: 26px; margin: 0 0 8px; }}
.reveal .jp-RenderedHTMLCommon p, .reveal .jp-RenderedHTMLCommon ul, .reveal .jp-RenderedHTMLCommon ol
  {{ margin: 0 0 10px; }}
.reveal .jp-RenderedHTMLCommon li {{ margin: 0 0 4px; }}
.reveal .celltag_{CONT_TAG} h3 {{ color: #555; font-size: 26px; }}
/* code and text outputs wrap instead of being cut at the right edge */
.reveal .slides pre, .reveal .jp-RenderedText pre, .reveal .highlight pre {{ white-space: pre-wrap;
  overflow-wrap: anywhere; word-break: break-word; overflow: visible; width: 100%; box-sizing: border-box;
  box-shadow: none; }}
.reveal .jp-InputArea-editor, .reveal .jp-CodeMirrorEditor, .reveal .jp-OutputArea-child,
  .reveal .jp-OutputArea-output {{ overflow: visible; }}
.reveal .jp-OutputArea-child {{ display: block; width: auto; }}
.reveal .jp-OutputArea-output, .reveal div.jp-OutputArea-output > pre {{ width: 100%; box-sizing: border-box; }}
.reveal .jp-RenderedText pre {{ font-size: 19px; line-height: 1.3; margin: 0 0 6px; }}
.reveal .jp-RenderedMarkdown pre {{ font-size: 19px; line-height: 1.3; margin: 0 0 10px; padding: 6px 10px; }}
.reveal .jp-RenderedMarkdown pre code {{ font-size: inherit; line-height: inherit; max-height: none; padding: 0; }}
.reveal .jp-InputArea {{ display: block; }}
/* a figure takes the room left on its slide: shrinks to fit, never beyond the stage */
.reveal .slides section:not(.stack) > .celltag_{FIGURE_TAG}, .reveal .celltag_{FIGURE_TAG} .jp-Cell-outputWrapper,
.reveal .celltag_{FIGURE_TAG} .jp-OutputArea, .reveal .celltag_{FIGURE_TAG} .jp-OutputArea-child,
.reveal .celltag_{FIGURE_TAG} .jp-RenderedImage {{
  display: flex; flex-direction: column; min-height: 0; flex: 0 1 auto; align-items: center; }}
.reveal .celltag_{FIGURE_TAG} .jp-OutputArea-child:not(:has(img)) {{ flex: 0 0 auto; align-items: stretch; }}
.reveal section img {{ min-height: 0; max-height: {STAGE_H - 2 * PAD_Y}px; max-width: 100%; width: auto;
  height: auto; object-fit: contain; flex: 0 1 auto; margin: 0; }}
"""

# nbconvert's reveal template, minus the scripts the course does not need that would hit a CDN,
# with the course's projector layout and reveal's API on window.Reveal (for tests).
TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{% block notebook_css %}{{ super() }}<style type="text/css">""" + CSS + """</style>{% endblock notebook_css %}
{% block footer_js %}
<script>
require({waitSeconds: 15},
  ["{{ resources.reveal.url_prefix }}/dist/reveal.js", "{{ resources.reveal.url_prefix }}/plugin/notes/notes.js"],
  function (Reveal, RevealNotes) {
    window.Reveal = Reveal;
    Reveal.initialize({controls: true, progress: true, history: true, center: false, display: "flex",
                       transition: "{{ resources.reveal.transition }}", slideNumber: "{{ resources.reveal.number }}",
                       width: """ + str(STAGE_W) + """, height: """ + str(STAGE_H) + """, margin: 0.02,
                       plugins: [RevealNotes]});
    // Figures grow into the room left on their slide (at most GROW times their size, never wider
    // than the text): small notebook figures become readable from the back of a lecture hall.
    var GROW = """ + str(FIGURE_GROW) + """, BOTTOM = """ + str(STAGE_H - PAD_Y) + """, WIDTH = """ + str(STAGE_W - 2 * PAD_X) + """;
    function fitFigures(slide) {
      var imgs = Array.prototype.slice.call(slide.querySelectorAll(".celltag_""" + FIGURE_TAG + """ img"));
      imgs.forEach(function (im) { im.style.height = ""; });
      if (!imgs.length || imgs.some(function (im) { return !im.complete || !im.naturalHeight; })) return;
      var bottom = 0, height = 0;
      Array.prototype.forEach.call(slide.children, function (el) {
        bottom = Math.max(bottom, el.offsetTop + el.offsetHeight + parseFloat(getComputedStyle(el).marginBottom || 0));
      });
      imgs.forEach(function (im) { height += im.offsetHeight; });
      var grow = Math.min(GROW, 1 + Math.max(0, BOTTOM - bottom - 2) / height);
      if (grow <= 1.02) return;
      imgs.forEach(function (im) {
        var g = Math.min(grow, WIDTH / Math.max(1, im.offsetWidth));
        if (g > 1.02) im.style.height = Math.floor(im.offsetHeight * g) + "px";
      });
    }
    function refresh() {
      var slide = Reveal.getCurrentSlide();
      var done = function () { fitFigures(slide); };
      if (window.MathJax && MathJax.Hub) {
        if (MathJax.Hub.getAllJax(slide).length) MathJax.Hub.Queue(["Rerender", MathJax.Hub, slide]);
        MathJax.Hub.Queue(function () { return document.fonts.ready.then(done); });
      } else {
        done();
      }
    }
    window.courseFitFigures = function () {   // (tests) resolves when the current slide is laid out
      return new Promise(function (ok) {
        if (window.MathJax && MathJax.Hub) MathJax.Hub.Queue(function () { document.fonts.ready.then(function () {
          fitFigures(Reveal.getCurrentSlide()); ok(); }); });
        else { fitFigures(Reveal.getCurrentSlide()); ok(); }
      });
    };
    Reveal.on("ready", refresh);
    Reveal.on("slidechanged", refresh);
  });
</script>
{% endblock footer_js %}
"""


def _modules() -> Path:
    return NPM_DIR / "node_modules"


def fetch_assets() -> Path:
    """Install the pinned npm packages into build/slides-npm once; return its node_modules."""
    modules = _modules()
    have = all((modules / name / "package.json").exists() and
               f'"version": "{version}"' in (modules / name / "package.json").read_text()
               for name, version in NPM_PINS.items())
    if have:
        return modules
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("make slides needs npm (Node.js) once, to fetch reveal.js, RequireJS, jQuery "
                         "and MathJax from the npm registry; install Node.js (e.g. apt-get install npm) "
                         "or present live with RISE in JupyterLab (Alt+R).")
    NPM_DIR.mkdir(parents=True, exist_ok=True)
    specs = [f"{name}@{version}" for name, version in NPM_PINS.items()]
    subprocess.run([npm, "install", "--no-audit", "--no-fund", "--no-save", "--loglevel=error",
                    "--prefix", str(NPM_DIR), *specs], check=True)
    return modules


def _copy(src: Path, dst: Path, ignore=None) -> None:
    if src.is_dir():
        shutil.copytree(src, dst, ignore=ignore, dirs_exist_ok=True)
    else:
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)


def copy_assets(modules: Path, out: Path) -> Path:
    """Copy what the decks load into ``out/_static`` (reveal.js, require.js, jQuery, MathJax)."""
    static = out / STATIC
    reveal = modules / "reveal.js"
    for part in ("dist", "plugin/notes", "LICENSE"):
        _copy(reveal / part, static / "reveal.js" / part)
    _copy(modules / "requirejs" / "require.js", static / "require.js")
    _copy(modules / "jquery" / "dist" / "jquery.min.js", static / "jquery.min.js")
    mj = modules / "mathjax"
    for part in ("MathJax.js", "LICENSE", "config/TeX-AMS_CHTML-full.js", "config/Safe.js", "config/local",
                 "extensions", "jax/input/TeX", "jax/output/CommonHTML", "jax/element",
                 "fonts/HTML-CSS/TeX/woff", "localization/en"):
        _copy(mj / part, static / "mathjax" / part)
    return static


def make_exporter() -> SlidesExporter:
    exporter = SlidesExporter(extra_loaders=[DictLoader({"course_reveal.html.j2": TEMPLATE})])
    exporter.template_file = "course_reveal.html.j2"
    exporter.reveal_url_prefix = f"{STATIC}/reveal.js"
    exporter.reveal_theme = "white"
    exporter.reveal_transition = "none"
    exporter.reveal_scroll = False         # nothing scrolls: prepare() pages the content instead
    exporter.reveal_number = "c/t"
    exporter.require_js_url = f"{STATIC}/require.js"
    exporter.jquery_url = f"{STATIC}/jquery.min.js"
    exporter.mathjax_url = f"{STATIC}/mathjax/MathJax.js?config={MATHJAX_CONFIG}"
    exporter.mermaid_js_url = ""
    exporter.embed_images = True           # images linked from markdown go into the HTML
    exporter.exclude_input_prompt = True   # no In [n]: / Out[n]: on a slide
    exporter.exclude_output_prompt = True
    return exporter


# --- what goes on the slides (see the module docstring) ------------------------------------------

def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else (value or "")


def _slide_type(cell) -> str:
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type") or "-"


def _set_slide_type(cell, slide_type: str) -> None:
    cell.setdefault("metadata", {}).setdefault("slideshow", {})["slide_type"] = slide_type


def _tags(cell) -> list:
    return list(cell.get("metadata", {}).get("tags", []))


def _set_tags(cell, tags: list) -> None:
    cell.setdefault("metadata", {})["tags"] = list(dict.fromkeys(tags))


def is_exercise_cell(cell) -> bool:
    """An exercise's solution or check cell (nbgrader's metadata or the course's markers)."""
    if cell.get("cell_type") != "code":
        return False
    grader = cell.get("metadata", {}).get("nbgrader", {})
    src = _source(cell)
    return bool(grader.get("solution") or grader.get("grade")) or "### BEGIN SOLUTION" in src \
        or "check_function(" in src


def is_budget_cell(cell) -> bool:
    return cell.get("cell_type") == "code" and "check_budget(" in _source(cell)


def _clean_output(out):
    """The output as a slide shows it, or None to leave it out."""
    out = copy.deepcopy(out)
    if out.get("output_type") == "stream":
        text = _text(out.get("text"))
        if CHECK_OUTPUT.search(text):
            text = "".join(line for line in text.splitlines(keepends=True) if not CHECK_OUTPUT.match(line))
            out["text"] = text
        return out if text.strip() else None
    if out.get("output_type") == "error":
        return out
    data = out.get("data", {})
    if WIDGET_VIEW in data:            # no widget manager in a deck: its picture, or a note
        data.pop(WIDGET_VIEW)
        if any(k.startswith("image/") for k in data):
            data.pop("text/plain", None)
        else:
            data.clear()
            data["text/plain"] = WIDGET_NOTE
    if set(data) == {"text/plain"} and CHECK_OUTPUT.search(_text(data["text/plain"])):
        return None
    return out if data else None


def _png_size(out) -> tuple[int, int] | None:
    """(width, height) in CSS pixels of an output's PNG, or None."""
    png = out.get("data", {}).get("image/png")
    if not png:
        return None
    meta = out.get("metadata", {}).get("image/png", {})
    head = "".join(_text(png)[:64].split())[:48]
    raw = base64.b64decode(head + "=" * (-len(head) % 4))
    if raw[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    w, h = int.from_bytes(raw[16:20], "big"), int.from_bytes(raw[20:24], "big")
    if meta.get("width"):              # e.g. a retina figure: shown at the given width
        return int(meta["width"]), int(meta.get("height") or h * int(meta["width"]) / w)
    return w, h


# Estimated heights in stage pixels (calibrated in Chromium with tests/ui/test_slides_browser.py).
TEXT_W = STAGE_W - 2 * PAD_X
ROOM = STAGE_H - 2 * PAD_Y
LINE, CHARS = 36, TEXT_W / 11.5          # body text: 24 px font, line height 1.4 (+ inline maths)
PRE_LINE, PRE_CHARS = 25, TEXT_W / 11.5  # output text: 19 px monospace
HEADING = {1: 76, 2: 64, 3: 54, 4: 44}
FIGURE_SHRINK = 0.75                     # a figure may shrink to this share of its height to fit


def _wrapped(line: str, chars: float) -> int:
    width = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line.rstrip())
    return max(1, -(-width // int(chars)))


def _markdown_height(text: str) -> float:
    height, in_math, in_code = 0.0, False, False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("```"):
            in_code = not in_code
            height += 8
        elif in_code:
            height += PRE_LINE
        elif stripped.startswith("$$") or (in_math and stripped.endswith("$$")):
            if stripped.count("$$") == 1:
                in_math = not in_math
            height += 90 if stripped.count("$$") == 2 else 40   # a one-line display is ~2.5 lines
        elif in_math:
            height += 14
        elif not stripped:
            height += 10
        elif m := re.match(r"(#{1,6})\s", stripped):
            height += HEADING.get(len(m.group(1)), 40) * _wrapped(stripped, CHARS * 0.7)
        elif stripped.startswith("|"):
            height += 0 if re.fullmatch(r"[|:\-\s]+", stripped) else 38
        else:
            indent = 40 if re.match(r"([-*+]|\d+\.)\s", stripped) or line.startswith("  ") else 0
            # LaTeX commands and link targets are shorter on the slide than in the source
            shown = re.sub(r"\]\([^)]*\)", "]", re.sub(r"\\[a-zA-Z]+", "x", stripped))
            height += LINE * _wrapped(shown, CHARS * (TEXT_W - indent) / TEXT_W) + (4 if indent else 0)
    return height


def _output_height(out) -> tuple[float, float]:
    """(height that cannot shrink, height of the figures that can) of one output."""
    size = _png_size(out)
    if size:
        w, h = size
        return 0.0, min(h * min(1.0, TEXT_W / w), ROOM)
    data = out.get("data", {})
    text = _text(out.get("text")) if out.get("output_type") == "stream" else \
        _text(data.get("text/plain") or data.get("text/html"))
    lines = text.rstrip("\n").split("\n")
    return 6 + PRE_LINE * sum(_wrapped(line, PRE_CHARS) for line in lines), 0.0


def _block_height(cell) -> float:
    """Estimated height of a prepared cell on a slide (figures counted at FIGURE_SHRINK)."""
    if cell.get("cell_type") == "markdown":
        return _markdown_height(_source(cell)) + 6
    if cell.get("cell_type") != "code" or _slide_type(cell) == "notes":
        return 0.0
    fixed = figures = 0.0
    if SHOW_CODE_TAG in _tags(cell):
        fixed += 16 + PRE_LINE * sum(_wrapped(line, PRE_CHARS) for line in _source(cell).split("\n"))
    for out in cell.get("outputs", []):
        f, g = _output_height(out)
        fixed, figures = fixed + f, figures + g
    return fixed + FIGURE_SHRINK * figures


HEADING_LINE = re.compile(r"^(#{1,3})\s+(.*\S)\s*$")


def _split_markdown(cell) -> list:
    """The cell cut before every heading of level 1-3 that is not its first line (a new slide
    for # and ##, a sub-slide for ###) and between paragraphs (for paging)."""
    parts, current, in_fence, in_math = [], [], False, False
    for line in _source(cell).split("\n"):
        stripped = line.strip()
        if stripped.startswith("```"):
            in_fence = not in_fence
        if stripped.count("$$") % 2:
            in_math = not in_math
        if not in_fence and HEADING_LINE.match(line) and any(x.strip() for x in current):
            parts.append(current)
            current = []
        current.append(line)
        if not in_fence and not in_math and not stripped and any(x.strip() for x in current):
            parts.append(current)
            current = []
    if any(x.strip() for x in current):
        parts.append(current)
    merged = []                        # a heading stays with what follows it
    for lines in parts:
        if merged and all(HEADING_LINE.match(x) or not x.strip() for x in merged[-1]):
            merged[-1] = merged[-1] + lines
        else:
            merged.append(lines)
    parts, cells = [piece for lines in merged for piece in _cut_long_list(lines)], []
    for i, lines in enumerate(parts):
        new = copy.deepcopy(cell)
        new["source"] = "\n".join(lines).strip("\n")
        if i:
            new["id"] = f"{cell.get('id', 'md')}-p{i}"
            m = HEADING_LINE.match(lines[0])
            _set_slide_type(new, ("slide" if len(m.group(1)) <= 2 else "subslide") if m else "-")
        cells.append(new)
    return cells or [cell]


LIST_ITEM = re.compile(r"^(?:[-*+]|\d+[.)])\s")


def _cut_long_list(lines: list[str]) -> list[list[str]]:
    """A paragraph taller than a slide (a long bullet list), cut before its top-level list items
    so that paging can continue it on the next sub-slide; shorter paragraphs stay whole."""
    if _markdown_height("\n".join(lines)) <= ROOM:
        return [lines]
    pieces, current = [], []
    for line in lines:
        if LIST_ITEM.match(line) and any(x.strip() and not HEADING_LINE.match(x) for x in current):
            pieces.append(current)
            current = []
        current.append(line)
    return pieces + [current] if current else pieces


def _strength(slide_type: str) -> int:
    return {"slide": 2, "subslide": 1}.get(slide_type, 0)


def _visible_cells(nb) -> list:
    """The cells a deck shows (exercises, budget, skipped and empty code cells left out; code
    hidden unless tagged), slide starts of left-out cells carried to the next cell shown."""
    cells, pending = [], "-"
    for cell in nb.cells:
        cell = copy.deepcopy(cell)
        kind, slide_type = cell.get("cell_type"), _slide_type(cell)
        drop = slide_type == "skip" or is_exercise_cell(cell) or is_budget_cell(cell)
        if not drop and kind == "code":
            cell["outputs"] = [o for o in map(_clean_output, cell.get("outputs", [])) if o is not None]
            show = SHOW_CODE_TAG in _tags(cell)
            if not show:
                cell.setdefault("metadata", {})["transient"] = {"remove_source": True}
            drop = not show and not cell["outputs"]
        if not drop and kind == "markdown" and not _source(cell).strip():
            drop = True
        if drop:
            if _strength(slide_type) > _strength(pending):
                pending = slide_type
            continue
        if _strength(pending) > _strength(slide_type):
            _set_slide_type(cell, pending)
        if slide_type != "notes":
            pending = "-"
        if _slide_type(cell) == "fragment":
            _set_slide_type(cell, "-")    # a slide is shown whole: that is what was measured to fit
        cells.extend(_split_markdown(cell) if kind == "markdown" else [cell])
    return cells


def _title_of(cell) -> str | None:
    if cell.get("cell_type") == "markdown":
        for line in _source(cell).split("\n"):
            if m := HEADING_LINE.match(line):
                return re.sub(r"\s*\((continued|계속)\)$", "", m.group(2))
    return None


def _continued(title: str | None, n: int, language: str = "en"):
    word = CONTINUED[language]
    cell = nbformat.v4.new_markdown_cell(f"### {title} ({word})" if title else f"### ({word})")
    cell["id"] = f"continued-{n}"
    _set_slide_type(cell, "subslide")
    _set_tags(cell, [CONT_TAG])
    return cell


def _split_outputs(cell) -> list:
    """A code cell as one cell per figure (with the text outputs around it kept together), so
    that paging can cut between them; figure cells carry FIGURE_TAG."""
    groups, current = [], []
    for out in cell.get("outputs", []):
        if _png_size(out):
            if current:
                groups.append(current)
            groups.append([out])
            current = []
        else:
            current.append(out)
    if current or not groups:
        groups.append(current)
    parts = []
    for i, outs in enumerate(groups):
        new = copy.deepcopy(cell)
        new["outputs"] = outs
        tags = [t for t in _tags(cell) if t != FIGURE_TAG]
        if any(_png_size(o) for o in outs):
            tags.append(FIGURE_TAG)
        if i:
            new["id"] = f"{cell.get('id', 'code')}-o{i}"
            _set_slide_type(new, "-")
            if SHOW_CODE_TAG in tags:      # the code is shown once, above its first output
                tags.remove(SHOW_CODE_TAG)
                new["metadata"]["transient"] = {"remove_source": True}
        _set_tags(new, tags)
        if not new["metadata"]["tags"]:
            new["metadata"].pop("tags")
        parts.append(new)
    return parts


def _paged(cells: list, language: str = "en") -> list:
    """Start a sub-slide headed "<title> (continued)" wherever the next cell would not fit."""
    out, used, title = [], 0.0, None
    for cell in cells:
        for part in _split_outputs(cell) if cell.get("cell_type") == "code" else [cell]:
            height = _block_height(part)
            if _strength(_slide_type(part)):
                used = 0.0
            elif out and used > 0 and used + height > ROOM:
                out.append(_continued(title, len(out), language))
                used = _block_height(out[-1])
            out.append(part)
            used += height
            title = _title_of(part) or title
    return out


def prepare(nb) -> nbformat.NotebookNode:
    """A copy of the notebook as its deck shows it (the rules in the module docstring)."""
    deck = copy.deepcopy(nb)
    language = nb.metadata.get("course", {}).get("edition", "en")
    deck.cells = [nbformat.from_dict(c) for c in _paged(_visible_cells(nb), language)]
    if deck.cells:
        _set_slide_type(deck.cells[0], "slide")
    deck.metadata.pop("widgets", None)
    return deck


def convert(path: Path, exporter: SlidesExporter | None = None) -> str:
    """HTML of the deck for one notebook (asset paths relative to the deck's folder)."""
    exporter = exporter or make_exporter()
    nb = prepare(nbformat.read(path, as_version=4))
    html, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": path.stem,
                                                                      "path": str(path.parent)}})
    return html


class _DeckParser(HTMLParser):
    """Collects the deck's slides (leaf <section>s) and every resource it loads."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open_sections: list[bool] = []  # per open <section>: has a nested section?
        self.slides = 0
        self.resources: list[str] = []
        self.in_script = False
        self.scripts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            if self.open_sections:
                self.open_sections[-1] = True
            self.open_sections.append(False)
        elif tag in ("script", "img", "iframe", "source", "audio", "video", "embed") and attrs.get("src"):
            self.resources.append(attrs["src"])
        elif tag == "link" and attrs.get("href"):
            self.resources.append(attrs["href"])
        self.in_script = tag == "script"

    def handle_endtag(self, tag):
        if tag == "section" and self.open_sections:
            if not self.open_sections.pop():
                self.slides += 1
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script:
            self.scripts.append(data)


REMOTE = re.compile(r"^(https?:)?//", re.I)
# what a script or style sheet can load: url(...), @import, ES imports, and RequireJS module paths
LOADS = re.compile(r"""url\(\s*['"]?(?P<a>[^'")\s]+)|@import\s+['"](?P<b>[^'"]+)|"""
                   r"""\bfrom\s+['"](?P<c>[^'"]+)['"]|\bimport\s*\(\s*['"](?P<d>[^'"]+)|"""
                   r"""^\s*['"](?P<e>[^'"\s]+\.js)['"],?\s*$""", re.M)


def inspect_deck(html: str) -> tuple[int, list[str]]:
    """(number of slides, every resource the deck loads: src/href of scripts, images, style
    sheets, and url()/@import/import/require paths inside its scripts and styles)."""
    parser = _DeckParser()
    parser.feed(html)
    styles = re.findall(r"<style[^>]*>(.*?)</style>", html, re.S | re.I)
    loads = [next(g for g in m.groups() if g) for text in (*parser.scripts, *styles)
             for m in LOADS.finditer(text)]
    resources = [r for r in parser.resources + loads if not r.startswith(("data:", "#"))]
    return parser.slides, resources


def check_deck(html: str, folder: Path | None = None) -> int:
    """Fail if the deck loads anything from the network (or, given ``folder``, a local file that
    is missing there); return its number of slides."""
    slides, resources = inspect_deck(html)
    remote = [r for r in resources if REMOTE.match(r)]
    if remote:
        raise ValueError(f"the deck loads from the network: {remote[:5]}")
    if folder is not None:
        missing = [r for r in resources
                   if not (folder / unquote(urlsplit(r).path)).exists()]
        if missing:
            raise ValueError(f"the deck loads files missing from {folder}: {missing[:5]}")
    return slides


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "slides")
    parser.add_argument("--quiet", action="store_true", help="print nothing on success")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("*.ipynb"))
    if not paths:
        print("no notebooks found", file=sys.stderr)
        return 1
    copy_assets(fetch_assets(), args.out)
    exporter = make_exporter()
    for path in paths:
        dest = args.out / f"{path.stem}.slides.html"
        html = convert(path, exporter)
        dest.write_text(html, encoding="utf-8")
        slides = check_deck(html, args.out)
        if not args.quiet:
            print(f"{dest}: {slides} slides, every file it loads is in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
