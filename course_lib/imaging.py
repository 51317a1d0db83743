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

from ._validate import as_float_array, as_images, check_positive_int, check_real, to_channels_last

# BT.601 luma and the matching YUV transform (rows: Y, U, V).
RGB_TO_YUV = np.array([[0.299, 0.587, 0.114],
                        [-0.14713, -0.28886, 0.436],
                        [0.615, -0.51499, -0.10001]])
YUV_TO_RGB = np.linalg.inv(RGB_TO_YUV)


def _grey_batch(images, name: str) -> np.ndarray:
    """Validate a batch of grey images (n, h, w); a single (h, w) image is rejected on purpose."""
    arr = as_float_array(images, name, ndim=3)
    if arr.shape[0] == 0 or arr.shape[1] < 2 or arr.shape[2] < 2:
        raise ValueError(f"{name} must be a non-empty batch of images (n, h, w) with h, w >= 2, "
                         f"got shape {arr.shape}")
    return arr


def _colour_batch(images, name: str) -> np.ndarray:
    arr = as_float_array(images, name, ndim=4)
    if arr.shape[-1] != 3 or arr.shape[0] == 0:
        raise ValueError(f"{name} must be a non-empty batch of RGB images (n, h, w, 3), got shape {arr.shape}")
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
    """Add i.i.d. Gaussian noise of standard deviation ``std``; clip to [0, 1] if ``clip``."""
    x = as_float_array(images, "images")
    std = check_real(std, "std", 0)
    seed = check_positive_int(seed, "seed", 0)
    out = x + std * np.random.default_rng(seed).standard_normal(x.shape)
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
        raise ValueError(f"image size {h}x{w} must be a multiple of factor={factor}")
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
    t = torch.from_numpy(x)[:, None]
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
    grid = as_float_array(grid, "grid", ndim=1)
    if grid.size == 0:
        raise ValueError("grid must contain at least one value")
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
    return _colour_batch(images, "images") @ YUV_TO_RGB.T


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
    x = _grey_batch(images, "images")
    dx = np.diff(x, axis=2)
    dy = np.diff(x, axis=1)
    return float(0.5 * (np.mean(dx ** 2) + np.mean(dy ** 2)))


# ----------------------------------------------------------------------------- layout
def to_tensor(images, name: str = "images"):
    """The course's image layout -> the models' layout: (n, h, w) or (n, h, w, c) -> float32 tensor (n, c, h, w)."""
    return as_images(images, name)


def to_images(tensor) -> np.ndarray:
    """The models' layout -> the course's: a (n, c, h, w) tensor -> float32 NumPy (n, h, w) if c == 1, else (n, h, w, c)."""
    return to_channels_last(tensor)
