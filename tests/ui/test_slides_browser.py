"""Real browser: every lecture deck projected at 1280x720 in headless Chromium, slide by slide.

Run with `make ui-test` (Debian's chromium driven by Playwright, COURSE_UI_TEST=1). The decks are
built from notebooks/ with tools/make_slides.py into a temporary folder (SLIDES_DIR=folder to
check decks already built, e.g. `slides/`; SLIDES_NOTEBOOKS=folder to build from other copies).
Each deck is opened from file:// with every non-file request aborted and recorded; the test
walks every slide with reveal.js's API (Reveal.getTotalSlides, Reveal.next, Reveal.getCurrentSlide)
and fails naming the deck and slide where

- the content overflows the slide (below/right of the 1280x720 stage, or a box that scrolls or cuts
  its content: a slide that needs scrolling, a code line cut at the right edge),
- a code cell's input is shown that is not tagged ``slides-show-code``, or an ``In [n]:`` prompt,
- a solution or a check's output is there ("### BEGIN SOLUTION", "correct --", "not yet --"),
  or a widget's text repr ("interactive(children=...") stands where a picture should be,
- an image has not loaded, or a figure is shrunk below MIN_FIGURE of the stage height or below
  MIN_SCALE of its own size (figures may grow: the deck fits them into the room left),
- or the deck tried to reach the network.

Screenshots of the slides with a problem go to build/ui-test/slides/.

Contact sheet (a grid of slide screenshots for the README):
    COURSE_UI_TEST=1 .venv/bin/python tests/ui/test_slides_browser.py --contact-sheet \
        [notebooks/05_gan_the_game.ipynb] [--out docs/figures/slides_contact_sheet.png]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))   # also when run as a script (--contact-sheet), without conftest
import make_slides  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-extensions"]
VIEWPORT = {"width": 1280, "height": 720}
SHOTS = ROOT / "build" / "ui-test" / "slides"
CONTACT_SHEET = ROOT / "docs" / "figures" / "slides_contact_sheet.png"
SHOW_CODE_TAG = "slides-show-code"
FORBIDDEN = ("### BEGIN SOLUTION", "### END SOLUTION", "correct --", "not yet --", "interactive(children=",
             "check_function(", "check_budget(")
OVERFLOW = ("content ", "jp-", "section", "div", "pre", "PRE", "DIV", "SECTION")  # problems that are overflow
MIN_FIGURE = 0.25   # a figure drawn smaller than this share of the stage's height is too small to read
MIN_SCALE = 0.6     # ... or smaller than this share of the size it was made for


# Runs in the page: reveal's API (window.Reveal, else the RequireJS module), every slide once.
JS_REVEAL = """async () => {
  if (!window.Reveal || !window.Reveal.getTotalSlides) {
    window.Reveal = await new Promise(ok => require(['_static/reveal.js/dist/reveal.js'], ok));
  }
  const R = window.Reveal;
  for (let i = 0; i < 200 && !R.isReady(); i++) await new Promise(ok => setTimeout(ok, 50));
  for (let i = 0; i < 200 && !(window.MathJax && MathJax.Hub); i++) await new Promise(ok => setTimeout(ok, 50));
  if (window.MathJax && MathJax.Hub) await new Promise(ok => MathJax.Hub.Queue(ok));  // typeset the deck
  await document.fonts.ready;
  return R.isReady() && R.getTotalSlides();
}"""

JS_SLIDE = """async ([showTag, forbidden, minFigure, minScale]) => {
  const R = window.Reveal;
  const slide = R.getCurrentSlide();
  const imgs = [...slide.querySelectorAll('img')];
  // wait for this slide's images and for MathJax's typesetting queue
  for (let i = 0; i < 100 && imgs.some(im => !im.complete); i++) await new Promise(ok => setTimeout(ok, 20));
  if (window.MathJax && MathJax.Hub) await new Promise(ok => MathJax.Hub.Queue(ok));
  const frame = () => new Promise(ok => requestAnimationFrame(() => requestAnimationFrame(ok)));
  for (let i = 0; i < 3; i++) {   // MathJax's web fonts load when a slide first uses a glyph
    await frame();
    await document.fonts.ready;
  }
  if (window.courseFitFigures) await window.courseFitFigures();   // the deck's own figure sizing
  await frame();
  const problems = [];
  const stage = R.getSlidesElement().getBoundingClientRect();
  const vw = window.innerWidth, vh = window.innerHeight;
  const bottom = Math.min(stage.bottom, vh), right = Math.min(stage.right, vw);
  const scale = R.getScale ? R.getScale() : 1;
  const visible = el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
                          return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
  const name = el => (el.className && typeof el.className === 'string' ? el.className.split(' ')[0] : el.tagName);
  let lowest = 0, rightmost = 0;
  for (const el of slide.querySelectorAll('*')) {
    if (el.closest('aside.notes') || el.closest('.MJX_Assistive_MathML, mjx-assistive-mml') || !visible(el)) continue;
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    lowest = Math.max(lowest, r.bottom); rightmost = Math.max(rightmost, r.right);
    const scrollsY = ['auto', 'scroll', 'hidden', 'clip'].includes(s.overflowY) && el.scrollHeight > el.clientHeight + 2;
    const scrollsX = ['auto', 'scroll', 'hidden', 'clip'].includes(s.overflowX) && el.scrollWidth > el.clientWidth + 2;
    if (scrollsY || scrollsX) problems.push(`${name(el)} ${scrollsX ? 'cuts/scrolls its lines' : 'scrolls'} `
        + `(${el.scrollWidth}x${el.scrollHeight} content in ${el.clientWidth}x${el.clientHeight})`);
  }
  if (lowest > bottom + 2) problems.push(`content ${Math.round((lowest - bottom) / scale)} px below the slide's bottom edge`);
  if (rightmost > right + 2) problems.push(`content ${Math.round((rightmost - right) / scale)} px beyond the right edge`);
  for (const cell of slide.querySelectorAll('.jp-CodeCell')) {
    const input = cell.querySelector('.jp-InputArea');
    if (input && visible(input) && !cell.classList.contains('celltag_' + showTag))
      problems.push('code input shown without the tag ' + showTag + ': ' + input.textContent.trim().slice(0, 60));
  }
  for (const p of slide.querySelectorAll('.jp-InputPrompt, .jp-OutputPrompt'))
    if (visible(p) && /\\[\\s*\\d*\\s*\\]/.test(p.textContent)) problems.push('prompt shown: ' + p.textContent.trim());
  const text = slide.textContent;
  for (const f of forbidden) if (text.includes(f)) problems.push(`shows "${f}"`);
  const figures = [];
  for (const im of imgs) {
    if (!im.complete || im.naturalWidth === 0) { problems.push('image not loaded: ' + (im.src || '').slice(0, 60)); continue; }
    const r = im.getBoundingClientRect();
    const natural = im.getAttribute('width') ? im.naturalHeight * im.getAttribute('width') / im.naturalWidth
                                             : im.naturalHeight;   // CSS px the figure was made for
    figures.push(Math.round(100 * r.height / scale / natural) / 100);
    if (r.height / scale < minScale * natural)
      problems.push(`figure shrunk to ${Math.round(100 * r.height / scale / natural)}% of its size`);
    if (r.height < minFigure * stage.height && im.naturalHeight * scale > minFigure * stage.height)
      problems.push(`figure shrunk to ${Math.round(100 * r.height / stage.height)}% of the slide's height`);
  }
  const idx = R.getIndices();
  const heading = (slide.querySelector('h1, h2, h3, h4') || document.createElement('h1')).cloneNode(true);
  heading.querySelectorAll('.MathJax_CHTML, .MJX_Assistive_MathML, .MathJax_Preview, a.anchor-link').forEach(e => e.remove());
  heading.querySelectorAll('script').forEach(e => e.replaceWith('$' + e.textContent + '$'));
  const title = heading.textContent.trim();
  return {h: idx.h, v: idx.v || 0, title: title.slice(0, 60), problems, figures};
}"""


def build_decks(out: Path, notebooks: list[Path] | None = None) -> list[Path]:
    """Write the decks of ``notebooks`` (default: SLIDES_NOTEBOOKS or notebooks/) into ``out``."""
    if notebooks is None:
        folder = Path(os.environ.get("SLIDES_NOTEBOOKS", ROOT / "notebooks"))
        notebooks = sorted(folder.glob("*.ipynb"))
    make_slides.main(["--out", str(out), "--quiet", *map(str, notebooks)])
    return [out / f"{p.stem}.slides.html" for p in notebooks]


def launch(playwright):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make ui-test` installs Debian's chromium package")
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)


def open_deck(browser, deck: Path, outside: list[str]):
    """A 1280x720 page showing ``deck``; every request that is not file:, data: or blob: is
    aborted and appended to ``outside``."""
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)

    def offline(route):
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", offline)
    page = context.new_page()
    page.goto(deck.resolve().as_uri(), wait_until="load")
    total = page.evaluate(JS_REVEAL)
    assert total, f"{deck.name}: reveal.js did not start"
    return context, page, total


def walk(page, total: int, shot=None) -> list[dict]:
    """Visit every slide in order (Reveal.next through fragments); one record per slide."""
    page.evaluate("() => Reveal.slide(0, 0)")
    seen, records = set(), []
    for _ in range(10 * total + 10):
        idx = page.evaluate("() => { const i = Reveal.getIndices(); return [i.h, i.v || 0]; }")
        if tuple(idx) not in seen:
            seen.add(tuple(idx))
            page.evaluate("() => Reveal.navigateFragment && Reveal.getCurrentSlide().querySelectorAll("
                          "'.fragment').length && Reveal.navigateFragment(1000)")
            records.append(page.evaluate(JS_SLIDE, [SHOW_CODE_TAG, list(FORBIDDEN), MIN_FIGURE, MIN_SCALE]))
            if shot:
                shot(page, records[-1], len(records))
        if page.evaluate("() => Reveal.isLastSlide() && !Reveal.availableFragments().next"):
            break
        page.evaluate("() => Reveal.next()")
    return records


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    if os.environ.get("SLIDES_DIR"):
        return sorted(Path(os.environ["SLIDES_DIR"]).glob("*.slides.html"))
    decks = build_decks(tmp_path_factory.mktemp("slides"))
    korean = sorted((ROOT / "ko").glob("*.ipynb"))     # the Korean edition's decks (make slides: slides/ko)
    return decks + (build_decks(tmp_path_factory.mktemp("slides-ko"), korean) if korean else [])


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch(p)
        try:
            yield b
        finally:
            b.close()


def test_every_deck_fits_a_projector_and_stays_offline(decks, browser):
    started = time.perf_counter()
    assert decks, "no decks were built"
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob("*.png"):
        old.unlink()
    failures, outside, counts, overflowing, scales = [], [], {}, 0, []
    for deck in decks:
        before = len(outside)
        context, page, total = open_deck(browser, deck, outside)
        errors: list[str] = []
        page.on("pageerror", lambda exc, errors=errors: errors.append(str(exc)))
        records = walk(page, total, shot=lambda pg, rec, n, deck=deck: rec["problems"] and pg.screenshot(
            path=str(SHOTS / f"{deck.name.split('.')[0]}_{n:02d}.png")))
        counts[("ko/" if "slides-ko" in deck.parent.name else "") + deck.name] = len(records)
        if len(records) != total:
            failures.append(f"{deck.name}: visited {len(records)} of {total} slides")
        for n, rec in enumerate(records, 1):
            overflowing += any(p.startswith(OVERFLOW) for p in rec["problems"])
            scales += rec["figures"]
            for problem in rec["problems"]:
                failures.append(f"{deck.name} slide {n}/{total} ({rec['h']}.{rec['v']} {rec['title']!r}): {problem}")
        failures += [f"{deck.name}: JavaScript error {e}" for e in errors]
        failures += [f"{deck.name}: tried to reach the network: {url}" for url in outside[before:]]
        context.close()
    seconds = time.perf_counter() - started
    scales.sort()
    print(f"\n{len(decks)} decks, {sum(counts.values())} slides {counts}, {overflowing} overflowing; "
          f"{len(scales)} figures drawn at {scales[0] if scales else '-'}-{scales[-1] if scales else '-'} "
          f"(median {scales[len(scales) // 2] if scales else '-'}) times their size; walked in {seconds:.1f} s")
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(failures)


def contact_sheet(deck: Path, out: Path, columns: int = 4, thumb=(320, 180)) -> Path:
    """A grid of every slide of ``deck`` (screenshots at 1280x720 scaled to ``thumb``), as PNG."""
    from io import BytesIO

    from PIL import Image, ImageDraw
    from playwright.sync_api import sync_playwright

    shots: list[Image.Image] = []
    with sync_playwright() as p:
        browser = launch(p)
        outside: list[str] = []
        context, page, total = open_deck(browser, deck, outside)
        walk(page, total, shot=lambda pg, rec, n: shots.append(Image.open(BytesIO(pg.screenshot())).convert("RGB")))
        context.close()
        browser.close()
    gap = 8
    rows = -(-len(shots) // columns)
    sheet = Image.new("RGB", (columns * (thumb[0] + gap) + gap, rows * (thumb[1] + gap) + gap), (200, 200, 200))
    draw = ImageDraw.Draw(sheet)
    for i, shot in enumerate(shots):
        x, y = gap + (i % columns) * (thumb[0] + gap), gap + (i // columns) * (thumb[1] + gap)
        sheet.paste(shot.resize(thumb, Image.LANCZOS), (x, y))
        draw.rectangle([x - 1, y - 1, x + thumb[0], y + thumb[1]], outline=(120, 120, 120))
    out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(out, optimize=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="contact sheet of one lecture deck")
    parser.add_argument("--contact-sheet", action="store_true", required=True)
    parser.add_argument("notebook", nargs="?", type=Path, default=ROOT / "notebooks" / "05_gan_the_game.ipynb")
    parser.add_argument("--out", type=Path, default=CONTACT_SHEET)
    parser.add_argument("--columns", type=int, default=4)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        (deck,) = build_decks(Path(tmp), [args.notebook])
        print(contact_sheet(deck, args.out, args.columns))
    return 0


if __name__ == "__main__":
    sys.exit(main())
