"""Re-execute notebooks in a fresh kernel and store their outputs (what `make outputs` runs).

Usage: python tools/execute_notebooks.py notebooks/02_learning_a_pdf_by_counting.ipynb [...]

After editing a notebook, run this on it and commit the notebook with its new outputs:
`make test` (strict nbval) compares every stored output with a fresh run. Widget state is
stripped from the metadata (it is regenerated when the notebook runs).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    seconds = time.perf_counter() - start
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nbformat.write(nb, path)
    return seconds


def main(paths: list[str]) -> None:
    if not paths:
        raise SystemExit(__doc__)
    for p in paths:
        path = Path(p)
        if path.suffix != ".ipynb" or not path.exists():
            raise SystemExit(f"not a notebook: {p}")
        print(f"{path}: executed in {execute(path):.1f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
