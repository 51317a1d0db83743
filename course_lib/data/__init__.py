"""Data for the course: loaders of the files shipped in ``data/`` and seeded generators.

Nothing here touches the network. Submodules: ``apples`` (the lecture note's 10,000 apples),
``digits`` (5,000 real MNIST digits and scikit-learn's 8x8 digits); other lectures add theirs.
"""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[2] / "data"


def data_path(name: str) -> Path:
    """Path of a file shipped in the course's ``data/`` folder; a clear error if it is missing."""
    path = DATA_DIR / name
    if not path.exists():
        raise FileNotFoundError(f"{name!r} is not in {DATA_DIR}; see data/README.md for how each file is made")
    return path
