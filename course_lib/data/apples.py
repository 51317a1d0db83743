"""The lecture note's apples: 10,000 observed colours (data/apples.csv, made by data/make_apples.py)."""

from __future__ import annotations

import numpy as np

from . import data_path

COLOURS = ("Greenish", "Reddish", "Blueish")


def load_apples(n: int | None = None) -> np.ndarray:
    """The observed colours, one string per apple, in survey order; the first ``n`` if given."""
    rows = np.loadtxt(data_path("apples.csv"), delimiter=",", skiprows=1, dtype=str)
    colours = rows[:, 1]
    if n is not None:
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= colours.size:
            raise ValueError(f"n must be an integer between 1 and {colours.size}, got {n!r}")
        colours = colours[:n]
    return colours
