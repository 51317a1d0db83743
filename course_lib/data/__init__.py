"""Data for the course: loaders of the files shipped in ``data/`` and seeded generators.

Nothing here touches the network. Submodules: ``apples`` (the lecture note's 10,000 apples),
``digits`` (5,000 real MNIST digits and scikit-learn's 8x8 digits); other lectures add theirs.
"""

from pathlib import Path

from .._validate import MissingFileError, check_path

DATA_DIR = Path(__file__).resolve().parents[2] / "data"


def data_path(name: str) -> Path:
    """Path of a file shipped in the course's ``data/`` folder (``name`` relative to it, e.g. ``"apples.csv"``).

    A missing file is a ``FileNotFoundError`` (also a ``ValueError``) that says how the file is made.
    """
    rel = check_path(name, "name")
    path = DATA_DIR / rel
    if DATA_DIR.resolve() not in path.resolve().parents:
        raise ValueError(f"name must name a file inside {DATA_DIR}, got {str(rel)!r}")
    if not path.is_file():
        raise MissingFileError(f"name {str(rel)!r}: no such file in {DATA_DIR}; see data/README.md for how "
                               "each file is made")
    return path
