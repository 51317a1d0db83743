"""Every slider of the course (ipywidgets + matplotlib): latent-space explorers and a slider over
training snapshots.

The widgets are thin: the arithmetic lives in small pure functions (here and in
``course_lib.latent``) and each widget is an ``ipywidgets.interactive`` whose ``.result`` is the
decoded image (numpy (h, w) or (h, w, 3)), so the logic is testable without a browser: set a
slider's ``.value`` and read ``.result``.

A ``decode_fn`` maps codes (k, d) to images (k, h, w) or (k, h, w, 3) with values in [0, 1].
Display the returned widget as the last expression of a cell (tag the cell nbval-ignore-output).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._validate import (
    as_real_array,
    check_bool,
    check_choice,
    check_dict,
    check_positive_int,
    check_real,
    check_str,
)
from .latent import lerp, slerp


def combine_directions(z0, directions: dict, amounts: dict) -> np.ndarray:
    """z0 + sum over names of amounts[name] * directions[name]: shape (d,)."""
    z = as_real_array(z0, "z0", ndim=1).copy()
    directions = check_dict(directions, "directions")
    amounts = check_dict(amounts, "amounts")
    for name, a in amounts.items():
        if name not in directions:
            raise ValueError(f"amounts has unknown direction {name!r}; expected some of the keys of directions "
                             f"{sorted(map(str, directions))}")
        z += check_real(a, f"amounts[{name!r}]") * _direction(directions, name, z.shape)
    return z


def _direction(directions: dict, name, shape: tuple) -> np.ndarray:
    u = as_real_array(directions[name], f"directions[{name!r}]", ndim=1)
    if u.shape != shape:
        raise ValueError(f"directions[{name!r}] must have the shape of z0 {shape}, got {u.shape}")
    return u


def model_decoder(model) -> Callable:
    """``decode_fn`` for a course_lib autoencoder: codes (k, d) -> images (k, ...) in [0, 1]."""
    from .autoencoder import _check_model, decode

    _check_model(model)
    return lambda Z: decode(model, np.asarray(Z, np.float32))


def _check_decode(decode_fn, z0):
    if not callable(decode_fn):
        raise TypeError(f"decode_fn must be a function from codes (k, d) to images, got {type(decode_fn).__name__}")
    img = decode_fn(np.asarray(z0, np.float32)[None])
    try:
        img = as_real_array(img, "decode_fn's images", ndim=(3, 4))
    except (TypeError, ValueError) as err:
        raise ValueError(f"decode_fn must return images of shape (k, h, w) or (k, h, w, 3): {err}") from None
    if len(img) != 1:
        raise ValueError(f"decode_fn must return images of shape (k, h, w) or (k, h, w, 3), one per code, got "
                         f"{img.shape} for one code")


def _show(img: np.ndarray, title: str, figsize: float):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(figsize, figsize))
    ax.imshow(np.clip(img, 0, 1), cmap="gray" if img.ndim == 2 else None, vmin=0, vmax=1)
    ax.set_title(title, fontsize=11)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    plt.show()


def direction_explorer(decode_fn: Callable, z0, directions: dict, span: float = 3.0, step: float = 0.1,
                       draw: bool = True, figsize: float = 3.5):
    """Sliders a_k in [-span, span], one per direction; shows and returns decode(z0 + sum a_k u_k)[0].

    directions: ``{name: vector (d,)}`` with d = len(z0). Returns an ``ipywidgets.interactive``.
    """
    import ipywidgets as widgets

    z0 = as_real_array(z0, "z0", ndim=1)
    if not isinstance(directions, dict) or not directions:
        raise TypeError("directions must be a non-empty dict {name: vector of shape (d,)}")
    for name in directions:
        _direction(directions, name, z0.shape)
    span = check_real(span, "span", 0, low_open=True)
    step = check_real(step, "step", 0, low_open=True)
    draw = check_bool(draw, "draw")
    figsize = check_real(figsize, "figsize", 0, low_open=True)
    _check_decode(decode_fn, z0)
    names = list(directions)

    def show(**amounts):
        z = combine_directions(z0, directions, amounts)
        img = np.asarray(decode_fn(z[None].astype(np.float32)))[0]
        if draw:
            moved = ", ".join(f"{k} {v:+.1f}" for k, v in amounts.items() if v) or "the starting code"
            _show(img, moved, figsize)
        return img

    sliders = {name: widgets.FloatSlider(value=0.0, min=-span, max=span, step=step, description=name,
                                         continuous_update=False) for name in names}
    return widgets.interactive(show, **sliders)


def interpolation_explorer(decode_fn: Callable, z0, z1, method: str = "slerp", draw: bool = True,
                           figsize: float = 3.5):
    """A slider t in [0, 1] and a lerp/slerp switch; shows and returns decode(path(z0, z1, t))[0]."""
    import ipywidgets as widgets

    z0 = as_real_array(z0, "z0", ndim=1)
    z1 = as_real_array(z1, "z1", ndim=1)
    if z0.shape != z1.shape:
        raise ValueError(f"z0 and z1 must have the same shape, got {z0.shape} and {z1.shape}")
    method = str(check_choice(method, "method", ("lerp", "slerp")))
    draw = check_bool(draw, "draw")
    figsize = check_real(figsize, "figsize", 0, low_open=True)
    _check_decode(decode_fn, z0)

    def show(t=0.5, method=method):
        z = (lerp if method == "lerp" else slerp)(z0, z1, t)
        img = np.asarray(decode_fn(z[None].astype(np.float32)))[0]
        if draw:
            _show(img, f"{method}, t = {t:.2f}, |z| = {np.linalg.norm(z):.2f}", figsize)
        return img

    return widgets.interactive(
        show,
        t=widgets.FloatSlider(value=0.5, min=0.0, max=1.0, step=0.05, description="t", continuous_update=False),
        method=widgets.ToggleButtons(options=["lerp", "slerp"], value=method, description="path"))


def snapshot_slider(draw: Callable, n_snapshots: int, description: str = "snapshot"):
    """An ``ipywidgets.interactive`` slider over snapshot indices 0..n_snapshots-1 calling ``draw(k)``."""
    import ipywidgets as widgets

    if not callable(draw):
        raise TypeError(f"draw must be a function draw(k) of the snapshot index, got {type(draw).__name__}")
    n_snapshots = check_positive_int(n_snapshots, "n_snapshots")
    description = check_str(description, "description")
    slider = widgets.IntSlider(value=0, min=0, max=n_snapshots - 1, step=1, description=description,
                               continuous_update=False)
    return widgets.interactive(draw, k=slider)
