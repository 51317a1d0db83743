"""Offline and safe: the network guard blocks downloads and allows loopback; the kernel that
`make nbval` uses has it on; nothing in the course downloads; every torch.load is weights_only."""

from __future__ import annotations

import ast
import http.server
import json
import re
import socket
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from course_lib import offline
from course_lib.offline import NetworkBlockedError

ROOT = Path(__file__).resolve().parents[1]
REMOTE_URL = "http://example.com/data.csv"


@pytest.fixture
def loopback_server():
    """A tiny HTTP server on 127.0.0.1 (random port) answering 'ok'."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_urllib_to_an_external_host_raises_the_guard_error(capsys):
    with offline.offline():
        with pytest.raises(urllib.error.URLError) as info:
            urllib.request.urlopen(REMOTE_URL, timeout=5)
    assert isinstance(info.value.reason, NetworkBlockedError)
    assert "network blocked by course_lib.offline" in capsys.readouterr().err
    assert not offline.network_blocked()


@pytest.mark.parametrize("address", [("93.184.216.34", 80), ("8.8.8.8", 53), ("2001:4860:4860::8888", 53)])
def test_connect_and_send_to_external_addresses_are_blocked(address):
    family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
    with offline.offline():
        with pytest.raises(NetworkBlockedError):
            socket.create_connection(address, timeout=1)
        with socket.socket(family, socket.SOCK_STREAM) as s, pytest.raises(NetworkBlockedError):
            s.connect(address)
        with socket.socket(family, socket.SOCK_STREAM) as s, pytest.raises(NetworkBlockedError):
            s.connect_ex(address)
        with socket.socket(family, socket.SOCK_DGRAM) as s, pytest.raises(NetworkBlockedError):
            s.sendto(b"x", address)
        with pytest.raises(NetworkBlockedError):
            socket.gethostbyname("example.org")
    assert isinstance(NetworkBlockedError("x"), OSError)  # libraries see a normal network failure


def test_loopback_stays_allowed(loopback_server):
    port = loopback_server
    with offline.offline():
        for host in ("127.0.0.1", "localhost"):
            with urllib.request.urlopen(f"http://{host}:{port}/", timeout=5) as r:
                assert r.read() == b"ok"
        assert offline.is_loopback("::1") and offline.is_loopback("::ffff:127.0.0.1")
        assert not offline.is_loopback("10.0.0.1") and not offline.is_loopback("example.com")


def test_guard_is_restored_and_nests():
    original = socket.socket.connect
    with offline.offline():
        with offline.offline():
            assert offline.network_blocked()
        assert offline.network_blocked()  # the inner block did not lift the outer one
    assert socket.socket.connect is original and not offline.network_blocked()


def test_offline_kernel_blocks_downloads(tmp_path):
    """Start the kernelspec that `make nbval` uses and try a download inside it."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    dest = offline.install_kernelspec(tmp_path)
    spec = json.loads((dest / "kernel.json").read_text())
    assert spec["argv"][1:4] == ["-m", "course_lib.offline", "kernel"]
    km = KernelManager(kernel_name=offline.KERNEL_NAME,
                       kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(dest.parent)]))
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        code = ("import urllib.request\n"
                "try:\n"
                f"    urllib.request.urlopen({REMOTE_URL!r}, timeout=5)\n"
                "except Exception as e:\n"
                "    print('blocked:', type(getattr(e, 'reason', e)).__name__)\n")
        outputs = []
        kc.execute_interactive(code, timeout=60, output_hook=outputs.append)
        text = "".join(m["content"].get("text", "") for m in outputs if m["msg_type"] == "stream")
        assert "blocked: NetworkBlockedError" in text, text
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


# --- static checks over the course's own code ------------------------------------------------

def _sources(raw: bool = False):
    """(label, python source) for course_lib/, scripts/, data/ scripts and notebook code cells
    (with IPython magics and shell escapes blanked unless ``raw``)."""
    for folder in ("course_lib", "scripts", "data", "tools"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            yield str(path.relative_to(ROOT)), path.read_text()
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = json.loads(path.read_text())
        for i, cell in enumerate(nb["cells"]):
            if cell["cell_type"] == "code":
                src = "".join(cell["source"])
                # IPython magics and shell escapes are not Python: blank them for the parser
                if not raw:
                    src = "\n".join("" if ln.lstrip().startswith(("%", "!")) else ln for ln in src.splitlines())
                yield f"{path.relative_to(ROOT)} cell {i}", src


def test_every_torch_load_passes_weights_only_true():
    found = 0
    for label, src in _sources():
        if "load" not in src:
            continue
        tree = ast.parse(src)
        # names under which torch is imported (`import torch`, `import torch as th`)
        aliases = {a.asname or a.name for n in ast.walk(tree) if isinstance(n, ast.Import)
                   for a in n.names if a.name == "torch"} | {"torch"}
        for n in ast.walk(tree):
            if isinstance(n, ast.ImportFrom) and n.module == "torch":
                assert "load" not in {a.name for a in n.names}, f"{label}: call torch.load explicitly"
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)
                 and isinstance(n.func, ast.Attribute) and n.func.attr == "load"
                 and isinstance(n.func.value, ast.Name) and n.func.value.id in aliases]
        for call in calls:
            found += 1
            kw = {k.arg: k.value for k in call.keywords}
            ok = isinstance(kw.get("weights_only"), ast.Constant) and kw["weights_only"].value is True
            assert ok, f"{label} line {call.lineno}: torch.load(...) without weights_only=True"
    print(f"{found} torch.load call(s), all weights_only=True")


DOWNLOADS = re.compile(r"urlopen|urlretrieve|\brequests\.(get|post)\(|download\s*=\s*True|hf_hub_download"
                       r"|from_pretrained\(|fetch_openml|\bdatasets\.load_dataset\(|from\s+datasets\s+import"
                       r"|torch\.hub\.|^\s*!\s*(wget|curl)\b|[\"']\s*(wget|curl)\b|^\s*[!%]\s*pip\b", re.M)


def test_nothing_in_the_course_downloads():
    for label, src in _sources(raw=True):
        # the network guard itself, and the set-up's probe of PyPI's/PyTorch's package index (run by
        # `make venv` before anything is installed, never by a notebook or a test of the course)
        if label in ("course_lib/offline.py", "tools/torch_index.py"):
            continue
        m = DOWNLOADS.search(src)
        assert m is None, f"{label}: {m.group(0)!r} looks like a download; ship the file instead"
