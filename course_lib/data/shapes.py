"""Procedural 3-D shapes: height maps, their shaded renderings, and a classical inverse.

The 2-D -> 3-D task of lecture 9: from one shaded grey image, recover the height of every pixel.
Scenes hold 1-3 objects (smooth bumps, cones, domes, flat-topped boxes) on a flat floor, heights in
[0, 1], shape (n, size, size). Shading is Lambertian under one distant light:
intensity = ambient + (1 - ambient) * max(0, n . l), with n the surface normal. The classical
baseline is Pentland's linear shape from shading, which inverts the first-order (linearised)
shading in the Fourier domain.

Units: a height of 1 is ``relief`` pixels tall (default ``size / 4``); ``azimuth`` is measured in
the image plane from the +x axis (to the right) towards +y (downwards on screen), in radians;
``elevation`` is the light's angle above the floor (pi/2 = straight overhead).
"""

from __future__ import annotations

import numpy as np

from .._validate import as_real_array, check_positive_int, check_real, numpy_rng

DEFAULT_AZIMUTH = -3 * np.pi / 4  # light from the upper left of the screen
DEFAULT_ELEVATION = np.pi / 4
KINDS = ("bump", "cone", "dome", "box")


def make_height_maps(n: int, size: int = 32, seed: int = 0, max_objects: int = 3,
                     dent_share: float = 0.0) -> np.ndarray:
    """``n`` random scenes of 1..``max_objects`` objects on a flat floor, float32 (n, size, size).

    Objects: Gaussian ``bump``, ``cone``, hemispherical ``dome``, flat-topped ``box`` with sloped
    sides; random position (kept off the border), radius 0.12..0.28 of the image and height
    0.4..1. Overlapping objects merge by taking the maximum (the union of solids). ``seed``: an int
    >= 0 or a ``numpy.random.Generator``.

    ``dent_share`` > 0: each object is, with that probability, a *dent* (the same shape pressed
    into the floor, heights down to -1; dents merge by the minimum) instead of a bump, so heights
    lie in [-1, 1]. With the default 0 no extra random number is drawn: the scenes are exactly
    those of earlier versions.
    """
    n = check_positive_int(n, "n")
    size = check_positive_int(size, "size", 8)
    rng = numpy_rng(seed, "seed")
    max_objects = check_positive_int(max_objects, "max_objects")
    dent_share = check_real(dent_share, "dent_share", 0.0, 1.0)
    t = (np.arange(size) + 0.5) / size
    x, y = t[None, :], t[:, None]
    out = np.zeros((n, size, size), np.float64)
    for i in range(n):
        for _ in range(rng.integers(1, max_objects + 1)):
            kind = KINDS[rng.integers(len(KINDS))]
            r = rng.uniform(0.12, 0.28)
            cx, cy = rng.uniform(r, 1 - r, size=2)
            h = rng.uniform(0.4, 1.0)
            d = np.hypot(x - cx, y - cy) / r  # distance in units of the radius
            if kind == "bump":
                z = h * np.exp(-0.5 * (2.0 * d) ** 2)
            elif kind == "cone":
                z = h * np.clip(1 - d, 0, None)
            elif kind == "dome":
                z = h * np.sqrt(np.clip(1 - d ** 2, 0, None))
            else:  # box: square footprint, rotated, flat top, sloped sides
                a = rng.uniform(0, np.pi / 2)
                u = (np.cos(a) * (x - cx) + np.sin(a) * (y - cy)) / r
                v = (-np.sin(a) * (x - cx) + np.cos(a) * (y - cy)) / r
                cheb = np.maximum(np.abs(u), np.abs(v))
                z = h * np.clip((1 - cheb) / 0.35, 0, 1)
            if dent_share > 0 and rng.uniform() < dent_share:
                out[i] = np.minimum(out[i], -z)
            else:
                out[i] = np.maximum(out[i], z)
    return out.astype(np.float32)


def _light(azimuth: float, elevation: float) -> np.ndarray:
    return np.array([np.cos(elevation) * np.cos(azimuth), np.cos(elevation) * np.sin(azimuth),
                     np.sin(elevation)])


def _image_batch_and_light(images, name, azimuth, elevation, relief, ambient, ambient_max):
    """Validate a batch (n, h, w) with h, w >= 3 and the lighting arguments shared by ``shade`` and
    ``linear_shape_from_shading``; ``relief`` None means h / 4. Returns the checked values."""
    arr = as_real_array(images, name, ndim=3, allow_empty=True)
    if arr.shape[0] == 0 or min(arr.shape[1:]) < 3:
        raise ValueError(f"{name} must be a non-empty batch (n, h, w) with h, w >= 3, got {arr.shape}")
    azimuth = check_real(azimuth, "azimuth")
    elevation = check_real(elevation, "elevation", 0.0, np.pi / 2)
    relief = arr.shape[1] / 4 if relief is None else check_real(relief, "relief", 0.0)
    ambient = check_real(ambient, "ambient", 0.0, ambient_max)
    return arr, azimuth, elevation, relief, ambient


def shade(heights, azimuth: float = DEFAULT_AZIMUTH, elevation: float = DEFAULT_ELEVATION,
          relief: float | None = None, ambient: float = 0.1) -> np.ndarray:
    """Lambertian rendering of height maps (n, h, w) -> grey images (n, h, w) in [0, 1], float32.

    The surface is z = relief * heights (pixel units); slopes by central differences
    (``np.gradient``); normal n = (-dz/dx, -dz/dy, 1) / norm; light direction from
    ``azimuth``/``elevation``. A flat floor gets ambient + (1 - ambient) * sin(elevation).
    """
    z, azimuth, elevation, relief, ambient = _image_batch_and_light(
        heights, "heights", azimuth, elevation, relief, ambient, ambient_max=1.0)
    dzdy, dzdx = np.gradient(relief * z, axis=(1, 2))
    lx, ly, lz = _light(azimuth, elevation)
    ndotl = (-dzdx * lx - dzdy * ly + lz) / np.sqrt(1 + dzdx ** 2 + dzdy ** 2)
    return (ambient + (1 - ambient) * np.clip(ndotl, 0, None)).astype(np.float32)


def dent_or_bump(heights) -> np.ndarray:
    """+1 for a scene whose relief is a bump, -1 for a dent, 0 for a flat one: the sign of the height
    of largest magnitude, per height map (n, h, w) -> (n,) int64. Meant for one-object scenes."""
    z = as_real_array(heights, "heights", ndim=3)
    flat = z.reshape(len(z), -1)
    peak = flat[np.arange(len(flat)), np.abs(flat).argmax(axis=1)]
    return np.sign(peak).astype(np.int64)


def make_shapes(n: int, size: int = 32, seed: int = 0, **shade_kwargs) -> tuple[np.ndarray, np.ndarray]:
    """``(shaded, heights)``: ``make_height_maps(n, size, seed)`` and their ``shade``-ing, both (n, size, size)."""
    heights = make_height_maps(n, size=size, seed=seed)
    return shade(heights, **shade_kwargs), heights


def linear_shape_from_shading(shaded, azimuth: float = DEFAULT_AZIMUTH,
                              elevation: float = DEFAULT_ELEVATION, relief: float | None = None,
                              ambient: float = 0.1, eps: float = 0.2) -> np.ndarray:
    """Pentland's linear shape from shading: a classical estimate of heights (n, h, w) from images.

    For gentle slopes the shading is linear in the slopes: I - I_floor ~ -(1 - ambient) *
    (lx dz/dx + ly dz/dy). In the Fourier domain the derivative is a multiplication, so the
    heights follow by a (regularised, ``eps`` > 0) division. The floor level is recovered by
    shifting each estimate so that its lowest 10% of pixels sit at height 0. What it cannot do:
    frequencies perpendicular to the light direction are invisible in the image, and steep
    slopes break the linearisation.
    """
    img, azimuth, elevation, relief, ambient = _image_batch_and_light(
        shaded, "shaded", azimuth, elevation, relief, ambient, ambient_max=0.999)
    eps = check_real(eps, "eps", 0.0, low_open=True)  # > 0: it regularises the division
    lx, ly, lz = _light(azimuth, elevation)
    floor = ambient + (1 - ambient) * lz
    _, h, w = img.shape
    wy = 2 * np.pi * np.fft.fftfreq(h)[:, None]
    wx = 2 * np.pi * np.fft.fftfreq(w)[None, :]
    # central difference in Fourier space: i sin(omega)
    D = -(1 - ambient) * relief * 1j * (lx * np.sin(wx) + ly * np.sin(wy))
    F = np.fft.fft2(img - floor)
    Z = np.conj(D) * F / (np.abs(D) ** 2 + eps)
    z = np.real(np.fft.ifft2(Z))
    z -= np.quantile(z.reshape(len(z), -1), 0.1, axis=1)[:, None, None]
    return z.astype(np.float32)
