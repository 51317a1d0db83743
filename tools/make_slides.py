"""Write reveal.js slide decks of the notebooks that open offline (what `make slides` runs).

Usage: python tools/make_slides.py [--out slides] [notebooks/NN_topic.ipynb ...]

Each notebook becomes ``slides/NN_topic.slides.html``; its cells' ``slideshow.slide_type``
metadata makes the slides. nbconvert's reveal template loads reveal.js, RequireJS, jQuery and
MathJax from CDNs by default; here every one of them points at a local copy in
``slides/_static/`` instead, so the decks open from disk in a lecture hall with no network.
Those libraries come from the npm registry, fetched once with ``npm`` (pinned versions below)
into ``build/slides-npm/`` and copied from there. Mermaid and the widget manager, the other two
CDN scripts of the template, are left out (the course uses neither in slides).

To present live from JupyterLab instead, use RISE (the jupyterlab-rise extension installed with
the course): open a notebook and press Alt+R.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
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

# nbconvert's reveal template, minus the scripts the course does not need that would hit a CDN.
TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
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
    exporter.reveal_scroll = True          # long code cells scroll instead of being cut off
    exporter.reveal_number = "c/t"
    exporter.require_js_url = f"{STATIC}/require.js"
    exporter.jquery_url = f"{STATIC}/jquery.min.js"
    exporter.mathjax_url = f"{STATIC}/mathjax/MathJax.js?config={MATHJAX_CONFIG}"
    exporter.mermaid_js_url = ""
    exporter.embed_images = True           # images linked from markdown go into the HTML
    return exporter


def convert(path: Path, exporter: SlidesExporter | None = None) -> str:
    """HTML of the deck for one notebook (asset paths relative to the deck's folder)."""
    exporter = exporter or make_exporter()
    nb = nbformat.read(path, as_version=4)
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
        print(f"{dest}: {check_deck(html, args.out)} slides, every file it loads is in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
