"""Stepping through GAN training snapshots: drawing functions and the ipywidgets slider around them.

The drawing functions take a snapshot index and draw it on a Matplotlib axes, so they can be
tested without a browser; ``snapshot_slider`` wraps any of them in ``ipywidgets.interactive``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from .gan import optimal_discriminator

# Goodfellow et al. (2014), figure 1: data black dotted, generator green solid, D blue dashed.
STYLE = {"data": dict(color="black", ls=":", lw=2.5, label="data density p_data"),
         "gen": dict(color="tab:green", ls="-", lw=2.5, label="generator density p_g"),
         "d": dict(color="tab:blue", ls="--", lw=2.5, label="learned D(x)"),
         "dstar": dict(color="tab:purple", ls="-.", lw=1.8, label="optimal D*(x)")}


def draw_one_d_snapshot(ax, grid, p_data, snapshot: dict, title: str = "", show_optimal: bool = True):
    """Draw one 1-D snapshot on ``ax``: p_data, p_g and D (left axis: densities; D on [0, 1], right axis).

    ``grid`` (g,), ``p_data`` (g,), ``snapshot`` = {"p_g": (g,), "d": (g,)} as made by
    ``course_lib.gan.one_d_snapshot_fn``. Returns ``(ax, ax_right)``.
    """
    grid = np.asarray(grid)
    p_data = np.asarray(p_data)
    if not {"p_g", "d"} <= set(snapshot):
        raise ValueError(f"snapshot must be a dict with keys 'p_g' and 'd', got keys {sorted(snapshot)}")
    if not (len(grid) == len(p_data) == len(snapshot["p_g"]) == len(snapshot["d"])):
        raise ValueError("grid, p_data, snapshot['p_g'] and snapshot['d'] must have the same length")
    ax.plot(grid, p_data, **STYLE["data"])
    ax.plot(grid, snapshot["p_g"], **STYLE["gen"])
    ax.set_xlabel("x")
    ax.set_ylabel("density")
    ax.set_ylim(0, 1.15 * max(p_data.max(), min(np.max(snapshot["p_g"]), 3 * p_data.max())))
    right = ax.twinx()
    right.plot(grid, snapshot["d"], **STYLE["d"])
    if show_optimal:
        right.plot(grid, optimal_discriminator(p_data, snapshot["p_g"]), **STYLE["dstar"])
    right.axhline(0.5, color="grey", lw=1)
    right.set_ylim(-0.02, 1.02)
    right.set_ylabel("D(x)")
    right.grid(False)
    if title:
        ax.set_title(title)
    return ax, right


def one_d_legend(fig, ax, right) -> None:
    """One legend for the four curves of ``draw_one_d_snapshot``, below the axes."""
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = right.get_legend_handles_labels()
    fig.legend(h1 + h2, l1 + l2, loc="lower center", ncol=4, frameon=False)


def make_one_d_drawer(grid, p_data, snapshots: Sequence, figsize=(9, 4.5)) -> Callable:
    """Return ``draw(k)``: a new figure of snapshot ``k`` of ``snapshots`` (a list of (step, snapshot)).

    ``draw(k)`` returns the figure (used by the slider, and by tests without a browser).
    """
    import matplotlib.pyplot as plt

    snapshots = list(snapshots)
    if not snapshots:
        raise ValueError("snapshots must hold at least one (step, snapshot) pair")

    def draw(k: int = 0):
        if not 0 <= int(k) < len(snapshots):
            raise ValueError(f"k must be in 0..{len(snapshots) - 1}, got {k}")
        step, snap = snapshots[int(k)]
        fig, ax = plt.subplots(figsize=figsize)
        ax, right = draw_one_d_snapshot(ax, grid, p_data, snap, title=f"training step {step}")
        one_d_legend(fig, ax, right)
        fig.subplots_adjust(bottom=0.3)
        plt.show()
        return fig
    return draw


def make_two_d_drawer(samples: Sequence, centers, steps: Sequence[int], lim: float, figsize=(5, 5)) -> Callable:
    """Return ``draw(k)``: scatter of generated 2-D ``samples[k]`` (n, 2) over the mixture ``centers``."""
    import matplotlib.pyplot as plt

    samples, steps = list(samples), list(steps)
    if len(samples) != len(steps) or not samples:
        raise ValueError("samples and steps must be non-empty and of the same length")
    centers = np.asarray(centers)

    def draw(k: int = 0):
        if not 0 <= int(k) < len(samples):
            raise ValueError(f"k must be in 0..{len(samples) - 1}, got {k}")
        fig, ax = plt.subplots(figsize=figsize)
        x = np.asarray(samples[int(k)])
        ax.scatter(x[:, 0], x[:, 1], s=3, alpha=0.4, color="tab:green", label="generated")
        ax.scatter(centers[:, 0], centers[:, 1], marker="x", color="black", s=60, label="mode centres")
        ax.set_xlim(-lim, lim)
        ax.set_ylim(-lim, lim)
        ax.set_aspect("equal")
        ax.set_xlabel("x1")
        ax.set_ylabel("x2")
        ax.set_title(f"generator samples, step {steps[int(k)]}")
        plt.show()
        return fig
    return draw


def snapshot_slider(draw: Callable, n_snapshots: int, description: str = "snapshot"):
    """An ``ipywidgets.interactive`` slider over snapshot indices 0..n_snapshots-1 calling ``draw(k)``."""
    import ipywidgets as widgets

    if n_snapshots < 1:
        raise ValueError(f"n_snapshots must be >= 1, got {n_snapshots}")
    slider = widgets.IntSlider(value=0, min=0, max=n_snapshots - 1, step=1, description=description,
                               continuous_update=False)
    return widgets.interactive(draw, k=slider)
