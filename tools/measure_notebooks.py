"""Measure each notebook in a fresh kernel: wall time and peak memory, without touching the files.

Usage: python tools/measure_notebooks.py [notebooks/*.ipynb]   (prints a markdown table)

Peak memory is the kernel's own maximum resident set size (ru_maxrss), read by a cell appended
in memory after the notebook's last cell. Run it on a quiet machine: the README's course map
quotes these figures.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from course_lib.offline import KERNEL_NAME

PROBE = "import resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"


def measure(path: Path) -> tuple[float, float]:
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    start = time.perf_counter()
    NotebookClient(nb, timeout=600, kernel_name=KERNEL_NAME,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    seconds = time.perf_counter() - start
    peak_mb = float(nb.cells[-1].outputs[0]["text"].strip())
    return seconds, peak_mb


def main(paths: list[str]) -> None:
    paths = [Path(p) for p in paths] or sorted(Path("notebooks").glob("*.ipynb"))
    print("| notebook | wall time (s) | peak memory (MB) |\n|---|---|---|")
    for path in paths:
        seconds, mb = measure(path)
        print(f"| {path.name} | {seconds:.1f} | {mb:.0f} |", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
