"""Image degradations, classical restorations, colour spaces and a sharpness measure (lecture 9).

Everything works on batches of images stored as NumPy arrays: grey images of shape ``(n, h, w)``
and colour images of shape ``(n, h, w, 3)`` (RGB), values in [0, 1]. The degradations are what the
models learn to undo (Gaussian blur as a periodic convolution computed with the FFT, noise, box
downsampling); the classical baselines are what the models must beat (Wiener deconvolution and
unsharp masking for deblurring, bicubic upsampling for super-resolution), each given its best
setting on training data. Colour is split into luma and chroma with BT.601's YUV; restorations are
measured by ``course_lib.metrics.mse`` and ``psnr``.
"""

from __future__ import annotations

import numpy as np

from ._validate import (
    as_images,
    as_real_array,
    check_bool,
    check_positive_int,
    check_real,
    check_str,
    numpy_rng,
    to_channels_last,
)

# BT.601 luma and the matching YUV transform (rows: Y, U, V).
RGB_TO_YUV = np.array([[0.299, 0.587, 0.114],
                        [-0.14713, -0.28886, 0.436],
                        [0.615, -0.51499, -0.10001]])
YUV_TO_RGB = np.linalg.inv(RGB_TO_YUV)


# Pixel values may stray this far outside [0, 1] (rounding of an FFT blur or a mean) and still count as in range.
_RANGE_TOLERANCE = 1e-6


def _check_unit_range(arr: np.ndarray, name: str) -> None:
    if arr.size and (arr.min() < -_RANGE_TOLERANCE or arr.max() > 1 + _RANGE_TOLERANCE):
        raise ValueError(f"{name} must hold pixel values in [0, 1], got values in [{arr.min():.4g}, {arr.max():.4g}]"
                         f" (divide 0-255 images by 255)")


def _grey_batch(images, name: str, unit_range: bool = True) -> np.ndarray:
    """Validate a batch of grey images (n, h, w) as float64; a single (h, w) image is rejected on purpose.

    Refuses strings, booleans, objects, complex numbers, NaN/inf and (with ``unit_range``) values outside [0, 1]."""
    arr = as_real_array(images, name, ndim=3, allow_empty=True)
    if arr.shape[0] == 0 or arr.shape[1] < 2 or arr.shape[2] < 2:
        raise ValueError(f"{name} must be a non-empty batch of images (n, h, w) with h, w >= 2, "
                         f"got shape {arr.shape}")
    if unit_range:
        _check_unit_range(arr, name)
    return arr


def _colour_batch(images, name: str, unit_range: bool = True) -> np.ndarray:
    arr = as_real_array(images, name, ndim=4, allow_empty=True)
    if arr.shape[-1] != 3 or arr.shape[0] == 0 or arr.shape[1] == 0 or arr.shape[2] == 0:
        raise ValueError(f"{name} must be a non-empty batch of RGB images (n, h, w, 3), got shape {arr.shape}")
    if unit_range:
        _check_unit_range(arr, name)
    return arr


def _one_colour_image(shape, name: str) -> None:
    """Refuse an (h, w, 3) array where a batch of grey (n, h, w) or colour (n, h, w, 3) images is expected:
    it is one colour image without its batch axis (a batch of grey images 3 pixels wide is not plausible)."""
    if shape is not None and len(shape) == 3 and shape[-1] == 3 and min(shape[:2]) > 3:
        raise ValueError(f"{name} must be a batch of images (n, h, w) or (n, h, w, 3); got shape {tuple(shape)}, "
                         f"which looks like one colour image without its batch axis (use images[None])")


def _any_batch(images, name: str) -> np.ndarray:
    """A batch of grey (n, h, w) or colour (n, h, w, 1 or 3) images in [0, 1], as float64."""
    _one_colour_image(getattr(images, "shape", None), name)
    arr = as_real_array(images, name, ndim=(3, 4), allow_empty=True)
    if arr.ndim == 4 and arr.shape[-1] not in (1, 3):
        raise ValueError(f"{name} must have shape (n, h, w) or (n, h, w, 3) (channels last), got {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must be a non-empty batch of images, got shape {arr.shape}")
    _check_unit_range(arr, name)
    return arr


# ----------------------------------------------------------------------------- degradations
def gaussian_kernel(sigma: float, radius: int | None = None) -> np.ndarray:
    """Normalised 2-D Gaussian blur kernel, shape ``(2*radius+1, 2*radius+1)``, entries sum to 1.

    ``sigma`` is the standard deviation in pixels; ``radius`` defaults to ``ceil(3 * sigma)``.
    """
    sigma = check_real(sigma, "sigma", 0, low_open=True)
    radius = int(np.ceil(3 * sigma)) if radius is None else check_positive_int(radius, "radius", 0)
    t = np.arange(-radius, radius + 1, dtype=np.float64)
    g = np.exp(-0.5 * (t / sigma) ** 2)
    k = np.outer(g, g)
    return k / k.sum()


def _transfer_function(sigma: float, shape: tuple[int, int]) -> np.ndarray:
    """FFT of the Gaussian kernel placed (centred at pixel (0, 0), wrapped) on an ``shape`` grid."""
    h, w = shape
    k = gaussian_kernel(sigma)
    r = k.shape[0] // 2
    if 2 * r + 1 > min(h, w):
        raise ValueError(f"sigma={sigma} is too large for {h}x{w} images (kernel {2 * r + 1} pixels wide)")
    padded = np.zeros((h, w))
    padded[:2 * r + 1, :2 * r + 1] = k
    padded = np.roll(padded, (-r, -r), axis=(0, 1))
    return np.fft.fft2(padded)


def blur(images, sigma: float) -> np.ndarray:
    """Gaussian blur of grey images ``(n, h, w)`` with periodic ("wrap") borders, same shape out.

    Computed as a product in the Fourier domain, which is exactly what ``wiener_deconvolve``
    inverts. Identical to ``scipy.ndimage.gaussian_filter(x, sigma, mode="wrap", truncate=r/sigma)``
    with ``r = ceil(3 sigma)`` applied to each image.
    """
    x = _grey_batch(images, "images")
    sigma = check_real(sigma, "sigma", 0, low_open=True)
    H = _transfer_function(sigma, x.shape[1:])
    return np.real(np.fft.ifft2(np.fft.fft2(x) * H))


def add_noise(images, std: float, seed: int = 0, clip: bool = True) -> np.ndarray:
    """Add i.i.d. Gaussian noise of standard deviation ``std`` to images (n, h, w) or (n, h, w, 3) in [0, 1];
    clip to [0, 1] if ``clip``. ``seed``: an int or a ``numpy.random.Generator``."""
    x = _any_batch(images, "images")
    std = check_real(std, "std", 0)
    rng = numpy_rng(seed)
    clip = check_bool(clip, "clip")
    out = x + std * rng.standard_normal(x.shape)
    return np.clip(out, 0.0, 1.0) if clip else out


def downsample(images, factor: int) -> np.ndarray:
    """Average over non-overlapping ``factor x factor`` blocks: (n, h, w) -> (n, h/factor, w/factor).

    This is how a camera with bigger pixels sees the scene (each pixel integrates its area).
    ``h`` and ``w`` must be multiples of ``factor``.
    """
    x = _grey_batch(images, "images")
    factor = check_positive_int(factor, "factor", 1)
    n, h, w = x.shape
    if h % factor or w % factor:
        raise ValueError(f"images of {h}x{w} pixels: their size must be a multiple of factor={factor}")
    return x.reshape(n, h // factor, factor, w // factor, factor).mean(axis=(2, 4))


# ----------------------------------------------------------------------------- classical baselines
def bicubic_upsample(images, factor: int) -> np.ndarray:
    """Bicubic interpolation (torch, ``align_corners=False``), clipped to [0, 1].

    (n, h, w) -> (n, h*factor, w*factor): the classical super-resolution baseline.
    """
    import torch
    import torch.nn.functional as F

    x = _grey_batch(images, "images")
    factor = check_positive_int(factor, "factor", 1)
    t = torch.from_numpy(np.ascontiguousarray(x))[:, None]
    up = F.interpolate(t, scale_factor=factor, mode="bicubic", align_corners=False)
    return np.clip(up[:, 0].numpy(), 0.0, 1.0)


def wiener_deconvolve(blurred, sigma: float, k: float) -> np.ndarray:
    """Wiener deconvolution of a known Gaussian blur: X = conj(H) Y / (|H|^2 + k).

    ``blurred``: (n, h, w); ``sigma``: the blur's standard deviation in pixels (the filter is
    told the true blur -- an advantage the learned model does not get); ``k`` > 0: the
    noise-to-signal ratio (small ``k`` inverts more and amplifies noise more). Clipped to [0, 1].
    """
    y = _grey_batch(blurred, "blurred")
    sigma = check_real(sigma, "sigma", 0, low_open=True)
    k = check_real(k, "k", 0, low_open=True)
    H = _transfer_function(sigma, y.shape[1:])
    X = np.conj(H) * np.fft.fft2(y) / (np.abs(H) ** 2 + k)
    return np.clip(np.real(np.fft.ifft2(X)), 0.0, 1.0)


def unsharp_mask(images, sigma: float, amount: float) -> np.ndarray:
    """Unsharp masking: x + amount * (x - blur(x, sigma)), clipped to [0, 1]. (n, h, w) -> same."""
    x = _grey_batch(images, "images")
    amount = check_real(amount, "amount", 0)
    return np.clip(x + amount * (x - blur(x, sigma)), 0.0, 1.0)


def tune_parameter(restore, degraded, clean, grid) -> tuple[float, float]:
    """Pick the value in ``grid`` for which ``restore(degraded, value)`` has the best mean PSNR.

    Use it on *training* images, so that a classical baseline gets its best setting before it is
    compared with a learned model on test images. Returns ``(best_value, best_psnr)``.
    """
    if not callable(restore):
        raise TypeError(f"restore must be a function restore(images, value), got {type(restore).__name__}")
    d = as_real_array(degraded, "degraded", ndim=(3, 4))
    c = as_real_array(clean, "clean", ndim=(3, 4))
    if d.shape != c.shape:
        raise ValueError(f"degraded and clean must have the same shape, got {d.shape} and {c.shape}")
    if d.ndim == 4 and d.shape[-1] not in (1, 3):
        raise ValueError(f"degraded and clean must be images (n, h, w) or (n, h, w, 3), got shape {d.shape}")
    _check_unit_range(d, "degraded")
    _check_unit_range(c, "clean")
    grid = as_real_array(grid, "grid", ndim=1)
    from .metrics import psnr

    scores = [psnr(restore(degraded, float(v)), clean) for v in grid]
    best = int(np.argmax(scores))
    return float(grid[best]), float(scores[best])


# ----------------------------------------------------------------------------- colour
def rgb_to_yuv(images) -> np.ndarray:
    """RGB (n, h, w, 3) -> YUV (n, h, w, 3), BT.601: Y is the grey image, U and V the colour."""
    return _colour_batch(images, "images") @ RGB_TO_YUV.T


def yuv_to_rgb(images) -> np.ndarray:
    """YUV (n, h, w, 3) -> RGB (n, h, w, 3), the inverse of ``rgb_to_yuv`` (not clipped)."""
    return _colour_batch(images, "images", unit_range=False) @ YUV_TO_RGB.T


def rgb_to_grey(images) -> np.ndarray:
    """Luma Y = 0.299 R + 0.587 G + 0.114 B: (n, h, w, 3) -> (n, h, w)."""
    return rgb_to_yuv(images)[..., 0]


def chroma(images) -> float:
    """Mean colourfulness sqrt(U^2 + V^2) of RGB images (n, h, w, 3); 0 for grey images."""
    yuv = rgb_to_yuv(images)
    return float(np.mean(np.hypot(yuv[..., 1], yuv[..., 2])))


def high_frequency_energy(images) -> float:
    """Mean squared difference of neighbouring pixels (horizontal and vertical), (n, h, w) -> float.

    A sharpness measure: blurring lowers it, and so does averaging several plausible answers.
    """
    x = _grey_batch(images, "images", unit_range=False)
    dx = np.diff(x, axis=2)
    dy = np.diff(x, axis=1)
    return float(0.5 * (np.mean(dx ** 2) + np.mean(dy ** 2)))


# ----------------------------------------------------------------------------- layout
def to_tensor(images, name: str = "images"):
    """The course's image layout -> the models' layout: (n, h, w) or (n, h, w, c) -> float32 tensor (n, c, h, w)."""
    name = check_str(name, "name", allow_empty=False)
    _one_colour_image(getattr(images, "shape", None), name)
    return as_images(images, name)


def to_images(tensor) -> np.ndarray:
    """The models' layout -> the course's: a (n, c, h, w) tensor -> float32 NumPy (n, h, w) if c == 1, else (n, h, w, c)."""
    arr = as_real_array(tensor, "tensor", ndim=4, dtype=np.float32)
    if arr.shape[1] not in (1, 3):
        raise ValueError(f"tensor must have shape (n, c, h, w) with c = 1 (grey) or 3 (colour), got {arr.shape}")
    return to_channels_last(arr)
