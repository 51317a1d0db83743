"""Authoring aid: turn a percent-format script into a notebook with slide metadata.

Usage: python tools/py2nb.py draft.py notebooks/NN_topic.ipynb

Cells start with `# %%` (code) or `# %% [markdown]` (markdown, each line prefixed with `# `);
`# %% tags=["nbval-ignore-output"]` adds cell tags. Slide types: a markdown cell whose first
line is a `#`/`##` heading starts a slide, `###` a sub-slide, everything else continues the
current slide. The notebook is the source of truth afterwards: edit it, not the draft.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat

HEADER = re.compile(r"^# %%(?P<md> \[markdown\])?(?: tags=(?P<tags>\[.*\]))?\s*$")


def convert(text: str) -> nbformat.NotebookNode:
    cells, kind, tags, lines = [], None, [], []

    def flush():
        if kind is None:
            return
        body = "\n".join(lines).strip("\n")
        if kind == "markdown":
            body = "\n".join(re.sub(r"^# ?", "", ln) for ln in body.splitlines())
            first = body.lstrip().splitlines()[0] if body.strip() else ""
            slide = "slide" if re.match(r"^#{1,2} ", first) else "subslide" if first.startswith("### ") else "-"
            cell = nbformat.v4.new_markdown_cell(body)
        else:
            slide = "-"
            cell = nbformat.v4.new_code_cell(body)
        cell.metadata["slideshow"] = {"slide_type": slide}
        if tags:
            cell.metadata["tags"] = list(tags)
        cells.append(cell)

    for line in text.splitlines():
        m = HEADER.match(line)
        if m:
            flush()
            kind = "markdown" if m.group("md") else "code"
            tags = json.loads(m.group("tags")) if m.group("tags") else []
            lines = []
        else:
            lines.append(line)
    flush()
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    src, dst = Path(sys.argv[1]), Path(sys.argv[2])
    nbformat.write(convert(src.read_text()), dst)
    print(f"wrote {dst}")
