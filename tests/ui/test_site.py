"""Real browser: the course website (build/site, from `make site`) read in headless Chromium, offline.

Run with `make ui-test` (it builds the site first, installs Debian's chromium and a Hangul system
font, then sets COURSE_UI_TEST=1). The site is served from 127.0.0.1 by Python's http.server; every
request to anywhere else is aborted and recorded, and the test fails if there was any. Each page
is checked: every lecture's figures load (each <img> has naturalWidth > 0), its maths is typeset by
the site's own MathJax (every `.math` element holds an mjx-container, no raw `\\(`/`$...$` left in
the prose), its launch links open the student edition and no solution is shown; the glossary's
Korean terms are drawn with a font that has Hangul glyphs; Sphinx's search (JavaScript) finds the
GAN lectures for "discriminator". Screenshots go to build/ui-test/site_*.png.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "site"))
import course_site  # noqa: E402  (site/course_site.py: what the site shows of a notebook)

SITE = Path(os.environ.get("COURSE_SITE_DIR", ROOT / "build" / "site"))  # another build to read
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SHOTS = ROOT / "build" / "ui-test"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
KOREAN = sorted((ROOT / "ko").glob("[0-9][0-9]_*.ipynb"))     # the Korean edition's pages, ko/...
HANGUL = re.compile("[\uac00-\ud7a3]")


def _has_math(path: Path) -> bool:
    return any(c["cell_type"] == "markdown" and "$" in "".join(c["source"])
               for c in json.loads(path.read_text(encoding="utf-8"))["cells"])


def _has_exercise(path: Path) -> bool:
    return any(c["cell_type"] == "code" and ("### BEGIN SOLUTION" in "".join(c["source"])
                                             or c.get("metadata", {}).get("nbgrader", {}).get("solution"))
               for c in json.loads(path.read_text(encoding="utf-8"))["cells"])


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site_url():
    if not (SITE / "index.html").exists():
        pytest.fail(f"{SITE} has no index.html: run `make site` first (make ui-test does)")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_Quiet, directory=str(SITE)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def outside_requests():
    return []


@pytest.fixture(scope="module")
def context(tmp_path_factory, outside_requests):
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make ui-test` installs Debian's chromium package")
    profile = tmp_path_factory.mktemp("chromium-site-profile")
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=FLAGS,
            viewport={"width": 1300, "height": 900})

        def offline(route):  # a reader with no network: only the local server answers
            url = route.request.url
            host = urllib.parse.urlsplit(url).hostname or ""
            if url.startswith(("data:", "blob:")) or host == "127.0.0.1":
                route.continue_()
            else:
                outside_requests.append(url)
                route.abort()

        ctx.route("**/*", offline)
        try:
            yield ctx
        finally:
            ctx.close()


def _open(context, url: str, errors: list[str]):
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url, wait_until="load", timeout=60_000)
    return page


JS_MATHJAX_DONE = """async () => {
  if (!window.MathJax || !MathJax.startup || !MathJax.startup.promise) return false;
  await MathJax.startup.promise; return true; }"""
JS_BROKEN_IMAGES = """() => Array.from(document.images)
  .filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.getAttribute('src'))"""
JS_UNTYPESET = """() => Array.from(document.querySelectorAll('.math'))
  .filter(m => !m.querySelector('mjx-container')).map(m => m.textContent.slice(0, 80))"""
# the prose of the page, without code, outputs and typeset maths
JS_PROSE = """() => { const a = document.querySelector('article').cloneNode(true);
  a.querySelectorAll('pre, code, .cell_output, mjx-container, script, style').forEach(e => e.remove());
  return a.textContent; }"""
RAW_MATH = re.compile(r"\\\(|\\\[|\$\$|\$[^$\s][^$\n]*\$")


@pytest.mark.parametrize("notebook", NOTEBOOKS + KOREAN, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_lecture_page(context, site_url, outside_requests, notebook):
    errors: list[str] = []
    outside_requests.clear()  # this test's own requests
    language = "ko" if notebook.parent.name == "ko" else "en"
    words = course_site.WORDS[language]
    page = _open(context, f"{site_url}/{notebook.parent.name}/{notebook.stem}.html", errors)
    if page.locator(".math").count():
        assert page.evaluate(JS_MATHJAX_DONE), "MathJax did not load (from _static/mathjax)"
    n_images = page.locator("article .cell_output img").count()
    student_dir = course_site.STUDENT_KO if language == "ko" else course_site.STUDENT
    student = json.loads((student_dir / notebook.name).read_text(encoding="utf-8"))
    shown, _ = course_site.site_notebook(json.loads(notebook.read_text(encoding="utf-8")), notebook.name,
                                         course_site.course_settings(), student, language)
    stored = sum(1 for c in shown["cells"] if c["cell_type"] == "code"
                 for o in c.get("outputs", []) if "image/png" in o.get("data", {}))
    assert n_images == stored, f"{notebook.name}: {stored} stored figures, {n_images} on the page"
    broken = page.evaluate(JS_BROKEN_IMAGES)
    assert not broken, f"{notebook.name}: images that did not load: {broken[:5]}"

    n_math = page.locator("mjx-container").count()
    if _has_math(notebook):
        assert n_math > 0, f"{notebook.name} has maths, but nothing was typeset"
    assert not page.evaluate(JS_UNTYPESET), f"{notebook.name}: maths left untypeset"
    raw = RAW_MATH.findall(page.evaluate(JS_PROSE))
    assert not raw, f"{notebook.name}: raw TeX in the prose: {raw[:5]}"

    launch = page.locator(".course-launch a[href^='https://mybinder.org/v2/']")
    assert launch.count() == 1, f"{notebook.name}: no Binder launch link"
    href = urllib.parse.unquote(launch.get_attribute("href"))
    assert href.endswith(f"urlpath=lab/tree/{words['student']}/{notebook.name}"), href
    other = course_site.WORDS[words["other"]]
    if (ROOT / other["folder"] / notebook.name).exists():    # the same lecture in the other language
        switch = page.locator(".course-launch a", has_text=words["other_label"])
        assert switch.count() == 1, f"{notebook.name}: no link to the {words['other_label']}"
        target = urllib.parse.urljoin(page.url, switch.get_attribute("href"))
        assert target.endswith(f"/{other['folder']}/{notebook.stem}.html"), target
        assert (SITE / other["folder"] / f"{notebook.stem}.html").exists(), target

    text = page.locator("article").inner_text()
    assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text
    if _has_exercise(notebook):
        assert "NotImplementedError" in text, f"{notebook.name}: the exercise stub is not shown"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"site_{notebook.parent.name}_{notebook.stem}.png"))
    assert not errors, f"JavaScript errors on {notebook.name}: {errors[:3]}"
    assert not outside_requests, f"the site tried to reach the network: {outside_requests[:5]}"
    print(f"site {notebook.parent.name}/{notebook.stem}: {n_images} images, {n_math} formulas typeset, launch link ok")
    page.close()


def _fonts_drawing(page, selector: str) -> list[dict]:
    """The platform fonts Chromium really drew the first ``selector`` element's text with."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]


def test_home_page_and_glossary(context, site_url, outside_requests):
    errors: list[str] = []
    outside_requests.clear()  # this test's own requests
    page = _open(context, f"{site_url}/index.html", errors)
    for notebook in NOTEBOOKS:  # the course map links every lecture
        assert page.locator(f"article a[href='notebooks/{notebook.stem}.html']").count() >= 1, notebook.name
    assert page.locator("article ol li").count() >= 3 * len(NOTEBOOKS), "learning goals missing"
    page.screenshot(path=str(SHOTS / "site_index.png"), full_page=False)
    page.close()

    page = _open(context, f"{site_url}/GLOSSARY.html", errors)
    text = page.locator("article").inner_text()
    assert len(HANGUL.findall(text)) > 200, "the glossary shows little or no Hangul"
    # a heading with a Korean term, drawn in its Korean part by a font that has Hangul glyphs
    page.evaluate("""() => { const h = Array.from(document.querySelectorAll('article h2'))
        .find(e => /[\\uac00-\\ud7a3]/.test(e.textContent.split('/').pop()));
      const s = document.createElement('span'); s.id = 'hangul-probe';
      s.textContent = h.textContent.split('/').pop().replace(/[^\\uac00-\\ud7a3]/g, '');
      h.appendChild(s); }""")
    probe = page.locator("#hangul-probe").inner_text()
    assert HANGUL.search(probe), probe
    fonts = _fonts_drawing(page, "#hangul-probe")
    assert fonts and sum(f["glyphCount"] for f in fonts) >= len(probe), fonts
    notdef = page.evaluate("""() => { const c = document.createElement('canvas').getContext('2d');
      c.font = getComputedStyle(document.getElementById('hangul-probe')).font;
      return [c.measureText('\\uac00').width, c.measureText('\\ue000').width]; }""")
    assert notdef[0] != notdef[1], f"Hangul drawn as missing-glyph boxes ({fonts})"
    page.locator("#hangul-probe").evaluate("e => e.remove()")
    # a lecture's glossary link lands on the entry
    page.goto(f"{site_url}/notebooks/{NOTEBOOKS[0].stem}.html", wait_until="load")
    link = page.locator("article a[href*='GLOSSARY.html#']").first
    anchor = link.get_attribute("href").split("#", 1)[1]
    page.goto(f"{site_url}/GLOSSARY.html#{anchor}", wait_until="load")
    assert page.locator(f"[id='{anchor}']").count() == 1, anchor
    page.screenshot(path=str(SHOTS / "site_glossary.png"))
    assert not errors, errors[:3]
    assert not outside_requests, f"the site tried to reach the network: {outside_requests[:5]}"
    print(f"site glossary: {len(HANGUL.findall(text))} Hangul syllables, drawn with "
          f"{[f['familyName'] for f in fonts]}")
    page.close()


def test_search_finds_a_lecture(context, site_url, outside_requests):
    errors: list[str] = []
    outside_requests.clear()
    started = time.perf_counter()
    page = _open(context, f"{site_url}/search.html?q=discriminator", errors)
    results = page.locator("#search-results ul li a")
    results.first.wait_for(timeout=30_000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert any("notebooks/05_gan_the_game" in h for h in hrefs), hrefs
    page.screenshot(path=str(SHOTS / "site_search.png"))
    assert not errors, errors[:3]
    assert not outside_requests, f"the site tried to reach the network: {outside_requests[:5]}"
    print(f"site search 'discriminator': {len(hrefs)} results in {time.perf_counter() - started:.1f} s, "
          f"e.g. {hrefs[:3]}")
    page.close()
