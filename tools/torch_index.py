"""Print the pip option that selects where torch comes from (what `make venv` passes to pip).

Usage: python tools/torch_index.py [cpu|default|URL]      (make venv TORCH_INDEX=...)

- ``cpu`` (the default): on Linux, PyTorch's CPU-only wheel index, about 200 MB instead of the CUDA
  build of several GB that PyPI serves there -- if that index answers within a few seconds. If it
  does not, one line on stderr says so and pip uses the default index (on Linux: the CUDA build).
  On macOS and Windows, PyPI's torch is already a CPU build: nothing is added.
- ``default``: the default index only (on Linux the CUDA build, for an NVIDIA GPU).
- a URL, e.g. https://download.pytorch.org/whl/cu126 : that index as well (a given CUDA version).

The probe runs in a thread and is abandoned after TIMEOUT seconds, so an unreachable or slow host
costs seconds, not pip's retries per package.
"""

from __future__ import annotations

import sys
import threading
import urllib.request

CPU_INDEX = "https://download.pytorch.org/whl/cpu"
TIMEOUT = 5.0


def answers(url: str, timeout: float = TIMEOUT) -> tuple[bool, str]:
    """(whether ``url`` answered with HTTP 2xx within ``timeout`` seconds, why not)."""
    result = {"ok": False, "why": f"no answer within {timeout:.0f} s"}

    def probe():
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:
                result.update(ok=200 <= response.status < 300, why=f"HTTP {response.status}")
        except Exception as exc:  # any failure means: do not use it
            result.update(ok=False, why=str(getattr(exc, "reason", exc)))

    thread = threading.Thread(target=probe, daemon=True)
    thread.start()
    thread.join(timeout)        # name look-ups ignore urlopen's timeout; the join does not
    return result["ok"], result["why"]


def pip_option(choice: str, platform: str = sys.platform) -> str:
    """The pip arguments for ``choice`` ("cpu", "default" or an index URL), as one string."""
    choice = choice.strip()
    if choice == "default":
        return ""
    if choice.startswith(("https://", "http://", "file:")):
        return f"--extra-index-url {choice}"
    if choice != "cpu":
        raise SystemExit(f"TORCH_INDEX must be cpu, default or an index URL, got {choice!r}")
    if not platform.startswith("linux"):
        return ""                                    # PyPI's macOS and Windows wheels are CPU builds
    ok, why = answers(f"{CPU_INDEX}/torch/")
    if ok:
        return f"--extra-index-url {CPU_INDEX}"
    print(f"note: PyTorch's CPU-only index ({CPU_INDEX}) did not answer ({why}): torch comes from the "
          f"default index instead, which on Linux may be the CUDA build (several GB)", file=sys.stderr)
    return ""


if __name__ == "__main__":
    print(pip_option(sys.argv[1] if len(sys.argv) > 1 else "cpu"))
