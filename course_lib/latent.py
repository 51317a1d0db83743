"""Moving around a latent space: interpolation, attribute vectors, arithmetic and walks.

The functions take and return numpy arrays of codes, shape (d,) for one code or (n, d) for a
batch; they know nothing about the model, so they work for a VAE, a GAN or a planted toy.
Straight-line (linear) and great-circle (spherical) interpolation differ in high dimensions:
prior samples live near the shell |z| ~ sqrt(d), and the straight line between two of them dips
inside (|lerp(1/2)| ~ sqrt(d/2)), where the prior has little mass. An attribute vector is the mean
code of exemplars with an attribute minus the mean code of those without (DCGAN-style), and the
lecture note's arithmetic -- "glasses on - glasses off + another face" -- adds it to a code.
Paths are measured by how much the image changes per step and how far each image is from the
closest training image.
"""

from __future__ import annotations

import numpy as np

from ._validate import (
    as_numeric_array,
    as_real_array,
    check_choice,
    check_positive_int,
    check_real,
    numpy_rng,
)


def _pair(z0, z1):
    z0 = as_real_array(z0, "z0", ndim=(1, 2))
    z1 = as_real_array(z1, "z1", ndim=(1, 2))
    if z0.shape[-1] != z1.shape[-1]:
        raise ValueError(f"z0 and z1 must have the same dimension, got {z0.shape} and {z1.shape}")
    try:
        np.broadcast_shapes(z0.shape, z1.shape)
    except ValueError:
        raise ValueError(f"z0 and z1 must have broadcastable shapes, got {z0.shape} and {z1.shape}") from None
    return z0, z1


def _ts(t):
    return as_real_array(t, "t", ndim=(0, 1))


def lerp(z0, z1, t) -> np.ndarray:
    """Linear interpolation (1 - t) z0 + t z1.

    z0, z1: (d,) or (n, d) (broadcastable); t: a number or a 1-D array of k numbers.
    Returns shape ``z.shape`` for a number t, ``(k,) + z.shape`` for an array.
    """
    z0, z1 = _pair(z0, z1)
    t = _ts(t)
    tt = t.reshape(t.shape + (1,) * max(z0.ndim, z1.ndim))
    return (1.0 - tt) * z0 + tt * z1


def angle(z0, z1) -> np.ndarray:
    """Angle in radians between z0 and z1 (along the last axis), in [0, pi]."""
    z0, z1 = _pair(z0, z1)
    n0 = np.linalg.norm(z0, axis=-1)
    n1 = np.linalg.norm(z1, axis=-1)
    if np.any(n0 == 0) or np.any(n1 == 0):
        raise ValueError("the angle to a zero vector is undefined: z0 and z1 must be non-zero")
    cos = np.sum(z0 * z1, axis=-1) / (n0 * n1)
    return np.arccos(np.clip(cos, -1.0, 1.0))


def slerp(z0, z1, t) -> np.ndarray:
    """Spherical linear interpolation along the great circle from z0 to z1.

    slerp(t) = sin((1 - t) w) / sin(w) z0 + sin(t w) / sin(w) z1, with w the angle between them.
    Endpoints are z0 and z1; the angle to z0 grows linearly, t w; if |z0| = |z1| = r every
    point has norm r. Falls back to lerp when w is ~0; raises for opposite vectors (w = pi:
    every great circle joins them). Shapes as in ``lerp``.
    """
    z0, z1 = _pair(z0, z1)
    t = _ts(t)
    w = angle(z0, z1)
    if np.any(np.pi - w < 1e-6):
        raise ValueError("slerp between opposite vectors z0 and z1 (angle pi) is undefined: the great circle "
                         "is not unique")
    tt = t.reshape(t.shape + (1,) * max(z0.ndim, z1.ndim))
    w = w[..., None]
    small = w < 1e-6
    sw = np.where(small, 1.0, np.sin(w))
    a = np.where(small, 1.0 - tt, np.sin((1.0 - tt) * w) / sw)
    b = np.where(small, tt, np.sin(tt * w) / sw)
    return a * z0 + b * z1


def interpolate(z0, z1, steps: int = 9, method: str = "slerp") -> np.ndarray:
    """``steps`` codes from z0 to z1 (both (d,)) inclusive, by "lerp" or "slerp": (steps, d)."""
    steps = check_positive_int(steps, "steps", minimum=2)
    check_choice(method, "method", ("lerp", "slerp"))
    fn = lerp if method == "lerp" else slerp
    return fn(z0, z1, np.linspace(0.0, 1.0, steps))


def _binary(labels, n: int, name: str = "labels") -> np.ndarray:
    y = as_numeric_array(labels, name, "an array of 0/1 labels (or booleans)")
    if y.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},) (one label per row of codes), got {y.shape}")
    if y.dtype == bool:
        return y
    if y.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold 0/1 labels (or booleans), got dtype {y.dtype}")
    if not np.isin(y, (0, 1)).all():
        raise ValueError(f"{name} must contain only 0/1 (or booleans)")
    return y.astype(bool)


def attribute_vector(codes, labels) -> np.ndarray:
    """Mean code of the examples with the attribute minus mean code of those without: (d,).

    codes: (n, d); labels: (n,) of 0/1 or booleans, with at least one example of each.
    """
    return _attribute_vector(as_real_array(codes, "codes", ndim=2), labels, "labels")


def _attribute_vector(Z: np.ndarray, labels, name: str) -> np.ndarray:
    y = _binary(labels, len(Z), name)
    if y.all() or not y.any():
        raise ValueError(f"{name} must contain both 0s and 1s: an attribute vector needs examples with "
                         "and without the attribute")
    return Z[y].mean(0) - Z[~y].mean(0)


def attribute_vectors(codes, table: dict, names=None) -> dict:
    """``{name: attribute_vector(codes, table[name])}`` for each binary column ``names`` (default: all)."""
    if not isinstance(table, dict):
        raise TypeError(f"table must be a dict of label arrays, got {type(table).__name__}")
    if not table:
        raise ValueError("table is empty: it needs at least one column of labels")
    Z = as_real_array(codes, "codes", ndim=2)
    if names is None:
        names = list(table)
    elif isinstance(names, str):
        names = [names]
    else:
        try:
            names = list(names)
        except TypeError:
            raise TypeError(f"names must be a list of column names of table, got {type(names).__name__}") from None
        if not names:
            raise ValueError("names is empty: give at least one column of table (or None for all)")
    missing = [k for k in names if not isinstance(k, (str, int)) or k not in table]
    if missing:
        raise ValueError(f"names has column(s) {missing} that table does not have; table has {list(table)}")
    return {k: _attribute_vector(Z, table[k], f"table[{k!r}]") for k in names}


def analogy(z_with, z_without, z_target) -> np.ndarray:
    """z_target + mean(z_with) - mean(z_without).

    z_with, z_without: one code (d,) or exemplars (k, d), averaged over axis 0 (DCGAN-style);
    z_target: (d,) or (n, d). Returns the shape of z_target.
    """
    a = as_real_array(z_with, "z_with", ndim=(1, 2))
    b = as_real_array(z_without, "z_without", ndim=(1, 2))
    c = as_real_array(z_target, "z_target", ndim=(1, 2))
    a = a.mean(0) if a.ndim == 2 else a
    b = b.mean(0) if b.ndim == 2 else b
    if not (a.shape[-1] == b.shape[-1] == c.shape[-1]):
        raise ValueError(f"z_with, z_without and z_target must share their dimension d, got codes of size "
                         f"{a.shape[-1]}, {b.shape[-1]} and {c.shape[-1]}")
    return c + (a - b)


def walk(z0, direction, ts) -> np.ndarray:
    """Codes z0 + t * direction for each t in ``ts``: (k, d) for z0 and direction of shape (d,)."""
    z0 = as_real_array(z0, "z0", ndim=1)
    u = as_real_array(direction, "direction", ndim=1)
    if u.shape != z0.shape:
        raise ValueError(f"direction must have the shape of z0 {z0.shape}, got {u.shape}")
    ts = as_real_array(ts, "ts", ndim=1)
    return z0[None, :] + ts[:, None] * u[None, :]


def random_walk(z0, steps: int, step_size: float, seed: int = 0) -> np.ndarray:
    """A Gaussian random walk of ``steps`` codes starting at z0 (d,): (steps, d).

    ``seed``: an int >= 0 or a ``numpy.random.Generator``.
    """
    z0 = as_real_array(z0, "z0", ndim=1)
    steps = check_positive_int(steps, "steps")
    step_size = check_real(step_size, "step_size", low=0.0, low_open=True)
    rng = numpy_rng(seed, "seed")
    moves = rng.standard_normal((steps - 1, len(z0))) * step_size
    return np.concatenate([z0[None], z0[None] + np.cumsum(moves, axis=0)])


def step_sizes(images) -> np.ndarray:
    """RMS pixel change between consecutive images of a path (k, ...): shape (k - 1,)."""
    X = as_real_array(images, "images")
    if X.ndim < 2:
        raise ValueError(f"images must be a batch of images (k, ...), got shape {X.shape}")
    X = X.reshape(len(X), -1)
    if len(X) < 2:
        raise ValueError("images must hold at least 2 images to measure steps")
    return np.sqrt(np.mean(np.diff(X, axis=0) ** 2, axis=1))
