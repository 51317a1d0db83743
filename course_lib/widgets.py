"""Every slider of the course (ipywidgets + matplotlib): latent-space explorers and a slider over
training snapshots.

The widgets are thin: the arithmetic lives in small pure functions (here and in
``course_lib.latent``) and each widget is an ``ipywidgets.interactive`` whose ``.result`` is the
decoded image (numpy (h, w) or (h, w, 3)), so the logic is testable without a browser: set a
slider's ``.value`` and read ``.result``.

A ``decode_fn`` maps codes (k, d) to images (k, h, w) or (k, h, w, 3) with values in [0, 1].
Display the returned widget as the last expression of a cell (tag the cell nbval-ignore-output).

Displayed, each widget also carries a still picture: besides the live widget view, its display data
hold an ``image/png`` of the figure at the sliders' current values (drawn again, off screen) and a
one-line ``text/plain`` instead of the ``interactive(children=...`` repr. JupyterLab shows the live
widget (the widget view ranks first); where there is no widget manager -- the slide decks of
``make slides``, GitHub, nbconvert's HTML -- the stored picture is shown.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import io
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


def _figure_png(f: Callable, kwargs: dict) -> tuple[str, dict] | None:
    """(base64 PNG, its display size) of the figure ``f(**kwargs)`` draws, drawn off screen at twice
    the figure's dpi (sharp on a projector), or None if it draws none. Nothing is shown or printed."""
    import matplotlib.pyplot as plt

    before = set(plt.get_fignums())
    show = plt.show
    plt.show = lambda *args, **kw: None
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            f(**kwargs)
    except Exception:  # noqa: BLE001 -- a picture is optional: the live widget reports the error
        return None
    finally:
        plt.show = show
        new = [n for n in plt.get_fignums() if n not in before]
        figures = [plt.figure(n) for n in new]
        for n in new:
            plt.close(n)
    if not figures:
        return None
    fig, buf = figures[-1], io.BytesIO()
    fig.savefig(buf, format="png", dpi=2 * fig.dpi, bbox_inches="tight")
    raw = buf.getvalue()
    width, height = int.from_bytes(raw[16:20], "big"), int.from_bytes(raw[20:24], "big")
    return base64.b64encode(raw).decode("ascii"), {"width": width // 2, "height": height // 2}


@functools.cache
def _picture_interactive() -> type:
    """``ipywidgets.interactive`` whose display data also hold a PNG of its figure (module docstring)."""
    import ipywidgets as widgets

    class PictureInteractive(widgets.interactive):
        def _repr_mimebundle_(self, **kwargs):
            data = super()._repr_mimebundle_(**kwargs)
            if not data:                   # a closed widget has no display
                return data
            picture = _figure_png(self.f, dict(self.kwargs))
            values = ", ".join(f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}" for k, v in self.kwargs.items())
            text = f"live slider (run the notebook to move it): {values}"
            data["text/plain"] = text if len(text) <= 110 else text[:109] + "…"
            if picture is None:
                return data
            data["image/png"], size = picture
            return data, {"image/png": size}

    PictureInteractive.__name__ = PictureInteractive.__qualname__ = "interactive"
    return PictureInteractive


def direction_explorer(decode_fn: Callable, z0, directions: dict, span: float = 3.0, step: float = 0.1,
                       draw: bool = True, figsize: float = 3.5):
    """Sliders a_k in [-span, span], one per direction; shows and returns decode(z0 + sum a_k u_k)[0].

    directions: ``{name: vector (d,)}`` with d = len(z0). Returns an ``ipywidgets.interactive``
    (whose display also carries a still PNG, see the module docstring).
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
    return _picture_interactive()(show, **sliders)


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

    return _picture_interactive()(
        show,
        t=widgets.FloatSlider(value=0.5, min=0.0, max=1.0, step=0.05, description="t", continuous_update=False),
        method=widgets.ToggleButtons(options=["lerp", "slerp"], value=method, description="path"))


def explore(draw: Callable, controls: dict):
    """``ipywidgets.interactive(draw, **controls)`` whose display also carries a still PNG of the figure
    ``draw`` makes at the controls' starting values (for decks, the website and GitHub; JupyterLab
    shows the live widget). ``controls``: ``{argument of draw: a widget or an ipywidgets abbreviation}``.
    """
    if not callable(draw):
        raise TypeError(f"draw must be a function of the controls' values, got {type(draw).__name__}")
    if not isinstance(controls, dict) or not controls:
        raise TypeError("controls must be a non-empty dict {argument name: widget}, "
                        f"got {type(controls).__name__ if not isinstance(controls, dict) else 'an empty dict'}")
    bad = [k for k in controls if not isinstance(k, str) or not k.isidentifier()]
    if bad:
        raise TypeError(f"controls: keys must be argument names of draw, got {bad[:3]}")
    return _picture_interactive()(draw, **controls)


def snapshot_slider(draw: Callable, n_snapshots: int, description: str = "snapshot"):
    """An ``ipywidgets.interactive`` slider over snapshot indices 0..n_snapshots-1 calling ``draw(k)``."""
    import ipywidgets as widgets

    if not callable(draw):
        raise TypeError(f"draw must be a function draw(k) of the snapshot index, got {type(draw).__name__}")
    n_snapshots = check_positive_int(n_snapshots, "n_snapshots")
    description = check_str(description, "description")
    slider = widgets.IntSlider(value=0, min=0, max=n_snapshots - 1, step=1, description=description,
                               continuous_update=False)
    return _picture_interactive()(draw, k=slider)
