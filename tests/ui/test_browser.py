"""Real browser: JupyterLab in headless Chromium, a lecture run top to bottom, a slider moved.

Run with `make ui-test` (it installs Debian's chromium and Playwright, then sets COURSE_UI_TEST=1).
For each lecture whose stored outputs show ipywidgets (or the notebooks named in UI_NOTEBOOKS,
comma-separated), the test starts the venv's JupyterLab on a free loopback port, opens the notebook in
Chromium driven by Playwright (no browser download: executable /usr/bin/chromium), runs all
cells, drags the first slider's handle with the mouse and waits until the figure in that cell's
output is a different image. It also checks that RISE (live slides) is installed in the page.
Screenshots before/after go to build/ui-test/.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SHOTS = ROOT / "build" / "ui-test"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _slider_notebooks() -> list[Path]:
    chosen = os.environ.get("UI_NOTEBOOKS")
    if chosen:
        return [ROOT / p.strip() for p in chosen.split(",") if p.strip()]
    def has_widget(path):
        cells = json.loads(path.read_text())["cells"]
        return any(WIDGET_VIEW in o.get("data", {}) for c in cells if c["cell_type"] == "code"
                   for o in c.get("outputs", []))
    # every English lecture whose stored outputs show a widget (sliders are checked in the page),
    # and the first such lecture of the Korean edition (ko/)
    found = [p for p in sorted((ROOT / "notebooks").glob("*.ipynb")) if has_widget(p)]
    return found + [p for p in sorted((ROOT / "ko").glob("*.ipynb")) if has_widget(p)][:1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_settings(settings: Path) -> None:
    """Lab settings for a test: no news or update checks, every cell rendered in the page."""
    def put(plugin: str, values: dict) -> None:
        path = settings / plugin.replace(":", "/").join(["", ".jupyterlab-settings"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))

    put("@jupyterlab/apputils-extension:notification", {"fetchNews": "false", "checkForUpdates": False})
    put("@jupyterlab/notebook-extension:tracker", {"windowingMode": "none"})
    # the test runs the stored lectures: never save their new outputs back into notebooks/
    put("@jupyterlab/docmanager-extension:plugin", {"autosave": False})


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab from the course venv on 127.0.0.1; yields (base url, token)."""
    tmp = tmp_path_factory.mktemp("lab")
    _write_settings(tmp / "settings")
    port, token = _free_port(), "course-ui-test"
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(tmp / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"), JUPYTER_RUNTIME_DIR=str(tmp / "runtime"))
    log = open(tmp / "lab.log", "w")
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser", f"--port={port}",
         "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={ROOT}",
         "--LabApp.expose_app_in_browser=True", "--ServerApp.open_browser=False",
         *(["--allow-root"] if os.geteuid() == 0 else [])],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 90
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2).read()
                break
            except OSError as err:
                if proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError("JupyterLab did not start:\n" + (tmp / "lab.log").read_text()[-3000:]) from err
                time.sleep(0.5)
        yield base, token
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


# Requests the page may try that are not needed to work: none. (RISE's default reveal theme asked
# Google Fonts for its web fonts; the notebooks set metadata.rise.theme = "white", whose font ships
# with RISE -- tests/test_slides.py checks every notebook does.)
OPTIONAL_HOSTS = ()


@pytest.fixture(scope="module")
def outside_requests():
    """Every request the browser tried to send off this machine (all of them are aborted)."""
    return []


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory, outside_requests):
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make ui-test` installs Debian's chromium package")
    profile = tmp_path_factory.mktemp("chromium-profile")  # a fresh --user-data-dir
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=FLAGS,
            viewport={"width": 1400, "height": 1000})

        def offline(route):  # the browser works as in a lecture hall with no network
            host = urllib.parse.urlsplit(route.request.url).hostname or ""
            if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
                route.continue_()
            else:
                outside_requests.append(route.request.url)
                route.abort()

        context.route("**/*", offline)
        try:
            yield context
        finally:
            context.close()


JS_NOTEBOOK = "() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
JS_IDLE = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!(k && k.status === 'idle' && w.content && w.content.widgets.length > 0);
}"""


def _figure_src(cell) -> str | None:
    imgs = cell.locator(".jp-OutputArea img")
    return imgs.last.get_attribute("src") if imgs.count() else None


@pytest.mark.parametrize("notebook", _slider_notebooks(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_run_lecture_and_move_a_slider(lab, browser_context, outside_requests, notebook):
    base, token = lab
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    rel = notebook.relative_to(ROOT).as_posix()
    started = time.perf_counter()
    # ?reset: start from an empty workspace, not with the previous test's notebook open
    page.goto(f"{base}/lab/tree/{rel}?reset&token={token}", wait_until="domcontentloaded", timeout=120_000)
    page.wait_for_function(JS_IDLE, timeout=120_000, polling=500)
    panel = page.locator("#" + page.evaluate("() => window.jupyterapp.shell.currentWidget.id"))
    assert page.evaluate("() => window.jupyterapp.shell.currentWidget.context.path") == rel

    # RISE (live slides from JupyterLab) is installed and active in the page
    assert page.evaluate("() => window.jupyterapp.commands.hasCommand('RISE:slideshow')")

    # run every cell, as Run > Run All Cells does; the command resolves when all have run
    ok = page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    assert ok is not False, "a cell failed while running all cells"
    page.wait_for_function(JS_IDLE, timeout=300_000, polling=500)
    run_seconds = time.perf_counter() - started
    errors_out = panel.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error'], "
                              ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    assert errors_out.count() == 0, errors_out.first.inner_text()[:2000]

    # the first cell showing a slider, and the figure in its output
    cell = panel.locator(".jp-Notebook .jp-CodeCell").filter(has=page.locator(".noUi-handle")).first
    if panel.locator(".jp-Notebook .noUi-handle").count() == 0:
        page.wait_for_timeout(5000)  # widgets render asynchronously after the kernel is idle
        if panel.locator(".jp-Notebook .noUi-handle").count() == 0:
            pytest.skip(f"{rel} shows widgets but no slider")
    cell.scroll_into_view_if_needed()
    handle = cell.locator(".noUi-handle").first
    handle.wait_for(state="visible", timeout=60_000)
    page.wait_for_function("(el) => el.querySelector('.jp-OutputArea img') !== null",
                           arg=cell.element_handle(), timeout=60_000)
    before_img = _figure_src(cell)
    readout = cell.locator(".widget-readout").first
    before_value = readout.inner_text() if readout.count() else None
    cell.screenshot(path=str(SHOTS / f"{notebook.parent.name}_{notebook.stem}_before.png"))

    box = handle.bounding_box()
    track = cell.locator(".noUi-target").first.bounding_box()
    x0, y0 = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    x1 = x0 + 0.4 * (track["x"] + track["width"] - x0) if x0 < track["x"] + track["width"] / 2 \
        else track["x"] + 0.2 * track["width"]
    page.mouse.move(x0, y0)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(x0 + (x1 - x0) * step / 10, y0)
    page.mouse.up()

    page.wait_for_function(
        """([el, before]) => { const imgs = el.querySelectorAll('.jp-OutputArea img');
             return imgs.length > 0 && imgs[imgs.length - 1].getAttribute('src') !== before; }""",
        arg=[cell.element_handle(), before_img], timeout=60_000, polling=250)
    page.wait_for_function(JS_IDLE, timeout=60_000, polling=500)
    after_img = _figure_src(cell)
    cell.screenshot(path=str(SHOTS / f"{notebook.parent.name}_{notebook.stem}_after.png"))
    if before_value is not None:
        assert readout.inner_text() != before_value, "the slider's value did not change"
    assert after_img and after_img != before_img, "the figure did not change when the slider moved"
    assert not errors, f"JavaScript errors in the page: {errors[:3]}"
    assert not outside_requests, f"JupyterLab tried to reach the network: {outside_requests[:5]}"
    print(f"{rel}: ran all cells in {run_seconds:.0f} s; slider {before_value} -> "
          f"{readout.inner_text() if readout.count() else '?'}; figure redrawn")
    page.close()


def _math_notebook() -> Path:
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        if any(c["cell_type"] == "markdown" and "$" in "".join(c["source"])
               for c in json.loads(path.read_text())["cells"]):
            return path
    return sorted((ROOT / "notebooks").glob("*.ipynb"))[0]


def test_rise_presents_a_lecture_offline(lab, browser_context, outside_requests):
    """RISE (what an instructor uses to present live) shows the lecture as reveal.js slides,
    maths typeset, with the network cut off."""
    base, token = lab
    notebook = _math_notebook()
    rel = notebook.relative_to(ROOT).as_posix()
    page = browser_context.new_page()
    page.goto(f"{base}/rise/{rel}?token={token}", wait_until="domcontentloaded", timeout=120_000)
    page.wait_for_function("() => document.querySelectorAll('.reveal .slides section').length >= 5",
                           timeout=120_000, polling=500)
    has_math = any(c["cell_type"] == "markdown" and "$" in "".join(c["source"])
                   for c in json.loads(notebook.read_text())["cells"])
    if has_math:
        page.wait_for_function("() => document.querySelectorAll('mjx-container').length > 0",
                               timeout=60_000, polling=500)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"rise_{notebook.stem}.png"))
    needed = [u for u in outside_requests if urllib.parse.urlsplit(u).hostname not in OPTIONAL_HOSTS]
    assert not needed, f"RISE tried to reach the network: {needed[:5]}"
    print(f"RISE: {rel} as {page.locator('.reveal .slides section').count()} sections"
          f"{', maths typeset' if has_math else ''}; aborted optional requests: "
          f"{sorted({urllib.parse.urlsplit(u).hostname for u in outside_requests})}")
    page.close()
