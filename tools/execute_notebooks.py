"""Re-execute notebooks in a fresh kernel and store their outputs (what `make outputs` runs).

Usage: python tools/execute_notebooks.py notebooks/02_learning_a_pdf_by_counting.ipynb [...]

After editing a notebook, run this on it and commit the notebook with its new outputs:
`make test` (strict nbval) compares every stored output with a fresh run. Widget state is
stripped from the metadata (it is regenerated when the notebook runs).

The notebooks run in the same kernel as nbval's, ``course-offline`` (the venv's Python with the
network blocked, `course_lib/offline.py`; `make outputs` installs it), so a stored output can never
depend on a download.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from nbclient import NotebookClient

from course_lib.offline import KERNEL_NAME


def _check_kernel() -> None:
    try:
        KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    except NoSuchKernel:
        raise SystemExit(f"kernel {KERNEL_NAME!r} is not installed: run `make outputs` "
                         f"(or `python -m course_lib.offline install`) first") from None


def execute(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=600, kernel_name=KERNEL_NAME,
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
    _check_kernel()
    for p in paths:
        path = Path(p)
        if path.suffix != ".ipynb" or not path.exists():
            raise SystemExit(f"not a notebook: {p}")
        print(f"{path}: executed in {execute(path):.1f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
