"""Shared pytest set-up: tools/ importable by name; print each notebook's share of ignored outputs at the end."""

from __future__ import annotations

import sys
from pathlib import Path

# tools/ holds scripts, not a package: tests import them by name, as the scripts import each other
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))


def pytest_terminal_summary(terminalreporter):
    try:
        from test_nbval_rules import MAX_IGNORED_SHARE, NOTEBOOKS, ignored_share
    except ImportError:  # pragma: no cover - only when the rules module is not collected
        return
    terminalreporter.section("stored outputs not compared by nbval (nbval-ignore-output)")
    for path in NOTEBOOKS:
        ignored, total = ignored_share(path)
        terminalreporter.write_line(f"{path.stem:40s} {ignored:2d} of {total:2d} code cells with output "
                                    f"({ignored / total:4.0%}; limit {MAX_IGNORED_SHARE:.0%})")
