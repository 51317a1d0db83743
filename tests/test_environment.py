"""One list of pins: requirements.txt drives `make venv`, environment.yml and Binder alike.

The Binder check runs repo2docker itself (`jupyter-repo2docker --no-build` prints the Dockerfile
it would build, without a docker daemon) and reads what the image would install. `make test`
installs repo2docker into a separate tools venv (.venv/tools, see the Makefile); without it the
Dockerfile check is skipped, except under CI where it must run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CPU_INDEX = "--extra-index-url https://download.pytorch.org/whl/cpu"
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[0-9][^\s;#]*)$")


def _lines(path: Path) -> list[str]:
    """Non-empty, comment-free lines of a requirements-style file."""
    out = []
    for line in path.read_text().splitlines():
        line = line.split(" #", 1)[0].strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(path: Path) -> dict[str, str]:
    """{normalised name: version} of a requirements file, following -r includes."""
    pins: dict[str, str] = {}
    for line in _lines(path):
        if line.startswith("-r "):
            pins.update(_pins((path.parent / line[3:].strip()).resolve()))
        elif line.startswith("-"):
            continue
        else:
            m = PIN.match(line)
            assert m, f"{path.name}: {line!r} is not an exact pin (name==version)"
            pins[_norm(m["name"])] = m["version"]
    return pins


def _environment_yml() -> tuple[list[str], list[str]]:
    """(conda dependencies, pip lines) of environment.yml, parsed without a YAML library."""
    conda, pip, in_pip = [], [], False
    for raw in (ROOT / "environment.yml").read_text().splitlines():
        line = raw.split(" #", 1)[0].rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = re.match(r"^(\s*)- (.*)$", line)
        if not item:
            in_pip = False
            continue
        indent, value = len(item[1]), item[2].strip()
        if value == "pip:":
            in_pip = True
        elif in_pip and indent > 2:
            pip.append(value)
        else:
            in_pip = False
            conda.append(value)
    return conda, pip


def test_requirements_is_one_list_of_exact_pins():
    pins = _pins(ROOT / "requirements.txt")
    names = [_norm(PIN.match(line)["name"]) for line in _lines(ROOT / "requirements.txt")]
    assert len(names) == len(set(names)), "a package is pinned twice in requirements.txt"
    assert pins.get("torch") == "2.13.0", "torch must stay pinned to 2.13.0 (CPU build)"
    for needed in ("jupyterlab", "ipywidgets", "matplotlib", "numpy", "nbval", "pytest"):
        assert needed in pins, f"requirements.txt lacks a pin for {needed}"


def test_binder_installs_the_same_pins_with_cpu_torch():
    lines = _lines(ROOT / "binder" / "requirements.txt")
    assert "-r ../requirements.txt" in lines, "binder/requirements.txt must include ../requirements.txt"
    assert CPU_INDEX in lines, "binder/requirements.txt must add the CPU-only torch index"
    extra = [ln for ln in lines if not ln.startswith("-")]
    assert not extra, f"binder/requirements.txt pins packages of its own: {extra}"
    assert _pins(ROOT / "binder" / "requirements.txt") == _pins(ROOT / "requirements.txt")
    post = ROOT / "binder" / "postBuild"
    assert os.access(post, os.X_OK), "binder/postBuild must be executable"
    assert re.search(r"pip install .*-e \.", post.read_text()), "postBuild must install course_lib"


def test_environment_yml_uses_the_same_list_and_python():
    conda, pip = _environment_yml()
    assert "-r requirements.txt" in pip and "-e ." in pip and CPU_INDEX in pip, pip
    assert not [p for p in pip if not p.startswith("-")], "environment.yml pins packages of its own"
    pythons = [c for c in conda if c.startswith("python")]
    assert len(pythons) == 1, conda
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()
    assert runtime == "python-" + pythons[0].split("=", 1)[1], (runtime, pythons)
    # the one Python version must satisfy the package's own requirement
    minimum = re.search(r'requires-python = ">=(\d+)\.(\d+)"', (ROOT / "pyproject.toml").read_text())
    version = tuple(int(x) for x in runtime.removeprefix("python-").split("."))
    assert version >= (int(minimum[1]), int(minimum[2]))


def _repo2docker() -> str | None:
    local = ROOT / ".venv" / "tools" / "bin" / "jupyter-repo2docker"
    return str(local) if local.exists() else shutil.which("jupyter-repo2docker")


def test_repo2docker_dockerfile_installs_the_pins():
    exe = _repo2docker()
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("jupyter-repo2docker is missing: `make test` installs it into .venv/tools")
        pytest.skip("jupyter-repo2docker not installed (make test installs it into .venv/tools)")
    # no daemon is needed: point the docker client at a socket that does not exist
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCKER_")}
    env["DOCKER_HOST"] = "unix:///nonexistent/docker.sock"
    # as on mybinder.org: user jovyan, uid 1000 (repo2docker defaults to the caller's uid)
    proc = subprocess.run([exe, "--no-build", "--debug", "--user-id", "1000", "--user-name", "jovyan",
                           str(ROOT)], capture_output=True,
                          text=True, timeout=120, env=env, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    dockerfile = proc.stdout + proc.stderr
    assert "FROM " in dockerfile, dockerfile[-2000:]
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip().removeprefix("python-")
    assert f"python={runtime}" in dockerfile or f"py-{runtime}" in dockerfile.replace("-2d", "-").replace("-2e", ".")
    # binder/requirements.txt includes ../requirements.txt, so repo2docker must install it after
    # the whole repository is copied in (the "assemble" stage), then run postBuild.
    # the repository belongs to the user, so postBuild's `pip install -e .` can write its egg-info
    copy_repo = dockerfile.index("COPY --chown=1000:1000 src/ ${REPO_DIR}/")
    install = dockerfile.index('pip install --no-cache-dir -r "binder/requirements.txt"')
    post = dockerfile.index("./binder/postBuild")
    assert copy_repo < install < post
    assert "environment.yml" not in dockerfile.split("FROM ", 1)[1], \
        "repo2docker must use binder/, not the root environment.yml"
