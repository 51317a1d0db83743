"""Make data/apples.csv: the lecture note's survey of 10,000 apples, one row per apple.

The note gives only the totals (Greenish 3,700, Reddish 6,000, Blueish 300); this script writes
exactly those many rows in a seeded random order, so the file can be counted like field data.
Run: python data/make_apples.py
"""

from pathlib import Path

import numpy as np

COUNTS = {"Greenish": 3700, "Reddish": 6000, "Blueish": 300}
SEED = 2025


def main() -> None:
    colours = np.repeat(list(COUNTS), list(COUNTS.values()))
    rng = np.random.default_rng(SEED)
    colours = colours[rng.permutation(colours.size)]
    out = Path(__file__).with_name("apples.csv")
    with out.open("w") as f:
        f.write("apple_id,colour\n")
        for i, c in enumerate(colours):
            f.write(f"{i},{c}\n")
    print(f"wrote {out} ({colours.size} apples)")


if __name__ == "__main__":
    main()
