"""Figures readable on a projector, and small plotting helpers used by several notebooks."""

from __future__ import annotations

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
    ``d_loss``, ``g_loss``, ``d_real``, ``d_fake`` (``course_lib.gan.GANHistory`` or its saved dict).
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
