"""Figures readable on a projector: the course style, image grids, and the GAN figures.

Every drawing function draws on Matplotlib axes and returns them (or the figure), so it can be
tested without a browser; the sliders that step through figures are in ``course_lib.widgets``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import matplotlib as mpl
import numpy as np

from ._validate import (
    as_real_array,
    check_bool,
    check_dict,
    check_positive_int,
    check_real,
    check_str,
)

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


# ----------------------------------------------------------------------------- argument checks
def _check_axes(ax, name: str = "ax", allow_none: bool = False):
    from matplotlib.axes import Axes

    if ax is None and allow_none:
        return None
    if not isinstance(ax, Axes):
        raise TypeError(f"{name} must be Matplotlib axes (e.g. from plt.subplots()){' or None' if allow_none else ''}, "
                        f"got {type(ax).__name__}")
    return ax


def _check_figsize(figsize, name: str = "figsize") -> tuple[float, float]:
    if isinstance(figsize, (str, bytes)) or not isinstance(figsize, (tuple, list, np.ndarray)) or len(figsize) != 2:
        raise TypeError(f"{name} must be a pair (width, height) in inches, got {figsize!r}")
    return tuple(check_real(v, name, 0, low_open=True) for v in figsize)


def _check_curve(x, name: str, n: int | None = None, low=None, high=None) -> np.ndarray:
    """A finite 1-D array of numbers (of length ``n`` if given)."""
    arr = as_real_array(x, name, ndim=1, low=low, high=high)
    if n is not None and len(arr) != n:
        raise ValueError(f"{name} must have the same length as grid ({n}), got {len(arr)}")
    return arr


def _check_snapshot(snapshot, name: str, n: int) -> dict:
    """A 1-D snapshot {"p_g": (n,) density >= 0, "d": (n,) values in [0, 1]} (other keys are kept as they are)."""
    snapshot = check_dict(snapshot, name)
    if not {"p_g", "d"} <= set(snapshot):
        raise ValueError(f"{name} must be a dict with keys 'p_g' and 'd', got keys {sorted(map(str, snapshot))}")
    return {**snapshot, "p_g": _check_curve(snapshot["p_g"], f"{name}['p_g']", n, low=0),
            "d": _check_curve(snapshot["d"], f"{name}['d']", n, low=0, high=1)}


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

    from .imaging import _one_colour_image

    _one_colour_image(getattr(images, "shape", None), "images")
    images = as_real_array(images, "images", ndim=(3, 4))
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim == 4 and images.shape[-1] != 3:
        raise ValueError(f"images must have shape (n, h, w) or (n, h, w, 3), got {images.shape}")
    nrows = None if nrows is None else check_positive_int(nrows, "nrows")
    ncols = None if ncols is None else check_positive_int(ncols, "ncols")
    ax = _check_axes(ax, "ax", allow_none=True)
    title = check_str(title, "title", allow_none=True)
    if isinstance(cmap, str):
        if cmap not in mpl.colormaps:
            raise ValueError(f"cmap must be the name of a Matplotlib colormap (e.g. 'gray', 'viridis'), got {cmap!r}")
    elif not isinstance(cmap, mpl.colors.Colormap):
        raise TypeError(f"cmap must be a colormap name or a Matplotlib Colormap, got {cmap!r}")
    vmin = None if vmin is None else check_real(vmin, "vmin")
    vmax = None if vmax is None else check_real(vmax, "vmax")
    if vmin is not None and vmax is not None and not vmin < vmax:
        raise ValueError(f"vmin must be below vmax, got vmin={vmin:g} and vmax={vmax:g}")
    pad = check_positive_int(pad, "pad", minimum=0)
    if row_labels is not None and (isinstance(row_labels, (str, bytes)) or
                                   not isinstance(row_labels, (list, tuple, np.ndarray))):
        raise TypeError(f"row_labels must be a list of one label per row (or None), got {row_labels!r}")
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
    from collections.abc import Mapping

    import matplotlib.pyplot as plt

    def get(key):
        value = history.get(key) if isinstance(history, Mapping) else getattr(history, key, None)
        if value is None:
            raise ValueError(f"history has no {key!r}: expected step, d_loss, g_loss, d_real, d_fake")
        return as_real_array(value, f"history[{key!r}]", ndim=1)

    if isinstance(titles, (str, bytes)) or not isinstance(titles, (list, tuple)) or len(titles) != 2 \
            or not all(isinstance(t, str) for t in titles):
        raise TypeError(f"titles must be a pair of strings (one per panel), got {titles!r}")
    reference_loss = None if reference_loss is None else check_real(reference_loss, "reference_loss")
    reference_label = check_str(reference_label, "reference_label", allow_none=True)
    curves = {key: get(key) for key in ("step", "d_loss", "g_loss", "d_real", "d_fake")}
    if len({len(v) for v in curves.values()}) != 1:
        raise ValueError(f"history must hold curves of the same length, got lengths "
                         f"{ {k: len(v) for k, v in curves.items()} }")
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
    ax = _check_axes(ax)
    grid = _check_curve(grid, "grid")
    p_data = _check_curve(p_data, "p_data", len(grid), low=0)
    snapshot = _check_snapshot(snapshot, "snapshot", len(grid))
    title = check_str(title, "title")
    show_optimal = check_bool(show_optimal, "show_optimal")
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
    from matplotlib.figure import Figure

    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a Matplotlib figure, got {type(fig).__name__}")
    ax, right = _check_axes(ax, "ax"), _check_axes(right, "right")
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = right.get_legend_handles_labels()
    fig.legend(h1 + h2, l1 + l2, loc="lower center", ncol=4, frameon=False)


def make_one_d_drawer(grid, p_data, snapshots: Sequence, figsize=(9, 4.5)) -> Callable:
    """Return ``draw(k)``: a new figure of snapshot ``k`` of ``snapshots`` (a list of (step, snapshot)).

    ``draw(k)`` returns the figure (used by the slider, and by tests without a browser).
    """
    import matplotlib.pyplot as plt

    grid = _check_curve(grid, "grid")
    if np.any(np.diff(grid) <= 0):
        raise ValueError("grid must be increasing")
    p_data = _check_curve(p_data, "p_data", len(grid), low=0)
    if isinstance(snapshots, (str, bytes, dict)) or not isinstance(snapshots, (list, tuple)):
        raise TypeError(f"snapshots must be a list of (step, snapshot) pairs, got {type(snapshots).__name__}")
    snapshots = list(snapshots)
    if not snapshots:
        raise ValueError("snapshots must hold at least one (step, snapshot) pair")
    for i, item in enumerate(snapshots):
        if not isinstance(item, (tuple, list)) or len(item) != 2:
            raise ValueError(f"snapshots must be a list of (step, snapshot) pairs, got {item!r} at position {i}")
        check_positive_int(item[0], f"snapshots[{i}] step", minimum=0)
        _check_snapshot(item[1], f"snapshots[{i}] snapshot", len(grid))
    figsize = _check_figsize(figsize)

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

    if isinstance(samples, (str, bytes, dict)) or not isinstance(samples, (list, tuple, np.ndarray)):
        raise TypeError(f"samples must be a list of (n, 2) arrays of generated points, got {type(samples).__name__}")
    samples = [as_real_array(x, f"samples[{i}]", shape=(None, 2)) for i, x in enumerate(samples)]
    if isinstance(steps, (str, bytes)) or not isinstance(steps, (list, tuple, range, np.ndarray)):
        raise TypeError(f"steps must be a list of training steps (one per entry of samples), got {steps!r}")
    steps = [check_positive_int(s, "steps", minimum=0) for s in steps]
    if len(samples) != len(steps) or not samples:
        raise ValueError(f"samples and steps must be non-empty and of the same length, got {len(samples)} and "
                         f"{len(steps)}")
    centers = as_real_array(centers, "centers", shape=(None, 2))
    lim = check_real(lim, "lim", 0, low_open=True)
    figsize = _check_figsize(figsize)

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
