"""Figures readable on a projector: the course style, image grids, and the GAN figures.

Every drawing function draws on Matplotlib axes and returns them (or the figure), so it can be
tested without a browser; the sliders that step through figures are in ``course_lib.widgets``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import matplotlib as mpl
import numpy as np

COURSE_STYLE = {
    "figure.figsize": (8.0, 4.5),
    "figure.dpi": 80,
    "savefig.dpi": 100,
    "font.size": 13,
    "axes.titlesize": 15,
    "axes.labelsize": 13,
    "legend.fontsize": 11,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "image.cmap": "gray",
}


def use_course_style() -> None:
    """Large fonts, a grid, no top/right spines: figures stay readable in a lecture hall."""
    mpl.rcParams.update(COURSE_STYLE)


def image_grid(images, nrows: int | None = None, ncols: int | None = None, ax=None, title: str | None = None,
               cmap: str = "gray", vmin: float | None = 0.0, vmax: float | None = 1.0, pad: int = 1,
               row_labels=None):
    """Show a batch of images as one tiled picture on ``ax``.

    ``images``: array (n, h, w) grey or (n, h, w, 3) colour (numpy or torch), values in [vmin, vmax].
    ``row_labels``: optional list of one string per row, written left of the rows.
    Returns the axes.
    """
    import matplotlib.pyplot as plt

    try:
        import torch

        if isinstance(images, torch.Tensor):
            images = images.detach().cpu().numpy()
    except ImportError:  # pragma: no cover
        pass
    images = np.asarray(images, dtype=np.float64)
    if images.ndim not in (3, 4):
        raise ValueError(f"images must have shape (n, h, w) or (n, h, w, 3), got {images.shape}")
    n, h, w = images.shape[:3]
    if ncols is None:
        ncols = int(np.ceil(np.sqrt(n))) if nrows is None else int(np.ceil(n / nrows))
    if nrows is None:
        nrows = int(np.ceil(n / ncols))
    fill = vmax if vmax is not None else images.max()
    shape = (nrows * (h + pad) - pad, ncols * (w + pad) - pad) + images.shape[3:]
    canvas = np.full(shape, fill, dtype=np.float64)
    for k in range(min(n, nrows * ncols)):
        r, c = divmod(k, ncols)
        canvas[r * (h + pad): r * (h + pad) + h, c * (w + pad): c * (w + pad) + w] = images[k]
    if ax is None:
        _, ax = plt.subplots(figsize=(min(12, 0.6 * ncols + 1), min(12, 0.6 * nrows + 1)))
    if canvas.ndim == 3:
        ax.imshow(np.clip(canvas, vmin if vmin is not None else 0, vmax if vmax is not None else 1))
    else:
        ax.imshow(canvas, cmap=cmap, vmin=vmin, vmax=vmax)
    ax.set_xticks([])
    if row_labels is None:
        ax.set_yticks([])
    else:
        row_labels = [str(s) for s in row_labels]
        if len(row_labels) != nrows:
            raise ValueError(f"row_labels must have one label per row ({nrows}), got {len(row_labels)}")
        ax.set_yticks([r * (h + pad) + (h - 1) / 2 for r in range(nrows)], row_labels)
        ax.tick_params(axis="y", length=0)
    ax.grid(False)
    if title:
        ax.set_title(title)
    return ax


def plot_gan_history(history, titles=("Losses", "D on real and fake"), reference_loss: float | None = None,
                     reference_label: str | None = None):
    """Two panels from a GAN training history: both losses, and mean D(real) / D(fake) per step.

    ``history``: a mapping (or object with attributes) holding equal-length sequences ``step``,
    ``d_loss``, ``g_loss``, ``d_real``, ``d_fake`` (a ``training.History`` from ``gan.train_gan`` or its saved dict).
    ``titles``: the two panels' titles. ``reference_loss`` draws a dotted line (e.g. log 4, D's loss
    at equilibrium, labelled ``reference_label``) and a line at 1/2 on the D panel. Returns ``(fig, (ax_loss, ax_d))``.
    """
    import matplotlib.pyplot as plt

    def get(key):
        value = history.get(key) if isinstance(history, dict) else getattr(history, key, None)
        if value is None:
            raise ValueError(f"history has no {key!r}: expected step, d_loss, g_loss, d_real, d_fake")
        return np.asarray(value, dtype=np.float64)

    step = get("step")
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(13, 4))
    a1.plot(step, get("d_loss"), lw=1, label="D loss")
    a1.plot(step, get("g_loss"), lw=1, label="G loss (non-saturating)")
    a2.plot(step, get("d_real"), lw=1, label="mean D(real)")
    a2.plot(step, get("d_fake"), lw=1, label="mean D(fake)")
    if reference_loss is not None:
        a1.axhline(reference_loss, color="k", ls=":", label=reference_label or f"{reference_loss:.3f}")
        a2.axhline(0.5, color="k", ls=":")
    a1.set_ylabel("loss")
    a1.set_title(titles[0])
    a2.set_ylabel("D output")
    a2.set_title(titles[1])
    for ax in (a1, a2):
        ax.set_xlabel("training step")
        ax.legend()
    return fig, (a1, a2)


# ----------------------------------------------------------------------------- GAN training snapshots
# Goodfellow et al. (2014), figure 1: data black dotted, generator green solid, D blue dashed.
GAN_STYLE = {"data": dict(color="black", ls=":", lw=2.5, label="data density p_data"),
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
    ax.plot(grid, p_data, **GAN_STYLE["data"])
    ax.plot(grid, snapshot["p_g"], **GAN_STYLE["gen"])
    ax.set_xlabel("x")
    ax.set_ylabel("density")
    ax.set_ylim(0, 1.15 * max(p_data.max(), min(np.max(snapshot["p_g"]), 3 * p_data.max())))
    right = ax.twinx()
    right.plot(grid, snapshot["d"], **GAN_STYLE["d"])
    if show_optimal:
        from .gan import optimal_discriminator

        right.plot(grid, optimal_discriminator(p_data, snapshot["p_g"]), **GAN_STYLE["dstar"])
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
