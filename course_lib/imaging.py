"""Image degradations, classical restorations and image metrics (lecture 9).

Everything works on batches of images stored as NumPy arrays: grey images of shape ``(n, h, w)``
and colour images of shape ``(n, h, w, 3)`` (RGB), values in [0, 1]. The degradations are what the
models learn to undo (Gaussian blur as a periodic convolution computed with the FFT, noise, box
downsampling); the classical baselines are what the models must beat (Wiener deconvolution and
unsharp masking for deblurring, bicubic upsampling for super-resolution), each given its best
setting on training data. Colour is split into luma and chroma with BT.601's YUV; restorations are
measured by mean squared error and PSNR (peak signal-to-noise ratio, in dB).
"""

from __future__ import annotations

import numbers

import numpy as np

from ._validate import as_float_array, check_positive_int

# BT.601 luma and the matching YUV transform (rows: Y, U, V).
_RGB_TO_YUV = np.array([[0.299, 0.587, 0.114],
                        [-0.14713, -0.28886, 0.436],
                        [0.615, -0.51499, -0.10001]])
_YUV_TO_RGB = np.linalg.inv(_RGB_TO_YUV)


def _check_positive_real(x, name: str, allow_zero: bool = False) -> float:
    if isinstance(x, bool) or not isinstance(x, numbers.Real) or not np.isfinite(float(x)):
        raise TypeError(f"{name} must be a finite number, got {x!r}")
    x = float(x)
    if x < 0 or (x == 0 and not allow_zero):
        raise ValueError(f"{name} must be {'>= 0' if allow_zero else '> 0'}, got {x}")
    return x


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
    sigma = _check_positive_real(sigma, "sigma")
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
    sigma = _check_positive_real(sigma, "sigma")
    H = _transfer_function(sigma, x.shape[1:])
    return np.real(np.fft.ifft2(np.fft.fft2(x) * H))


def add_noise(images, std: float, seed: int = 0, clip: bool = True) -> np.ndarray:
    """Add i.i.d. Gaussian noise of standard deviation ``std``; clip to [0, 1] if ``clip``."""
    x = as_float_array(images, "images")
    std = _check_positive_real(std, "std", allow_zero=True)
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
    sigma = _check_positive_real(sigma, "sigma")
    k = _check_positive_real(k, "k")
    H = _transfer_function(sigma, y.shape[1:])
    X = np.conj(H) * np.fft.fft2(y) / (np.abs(H) ** 2 + k)
    return np.clip(np.real(np.fft.ifft2(X)), 0.0, 1.0)


def unsharp_mask(images, sigma: float, amount: float) -> np.ndarray:
    """Unsharp masking: x + amount * (x - blur(x, sigma)), clipped to [0, 1]. (n, h, w) -> same."""
    x = _grey_batch(images, "images")
    amount = _check_positive_real(amount, "amount", allow_zero=True)
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
    scores = [psnr(restore(degraded, float(v)), clean) for v in grid]
    best = int(np.argmax(scores))
    return float(grid[best]), float(scores[best])


# ----------------------------------------------------------------------------- colour
def rgb_to_yuv(images) -> np.ndarray:
    """RGB (n, h, w, 3) -> YUV (n, h, w, 3), BT.601: Y is the grey image, U and V the colour."""
    return _colour_batch(images, "images") @ _RGB_TO_YUV.T


def yuv_to_rgb(images) -> np.ndarray:
    """YUV (n, h, w, 3) -> RGB (n, h, w, 3), the inverse of ``rgb_to_yuv`` (not clipped)."""
    return _colour_batch(images, "images") @ _YUV_TO_RGB.T


def rgb_to_grey(images) -> np.ndarray:
    """Luma Y = 0.299 R + 0.587 G + 0.114 B: (n, h, w, 3) -> (n, h, w)."""
    return rgb_to_yuv(images)[..., 0]


def chroma(images) -> float:
    """Mean colourfulness sqrt(U^2 + V^2) of RGB images (n, h, w, 3); 0 for grey images."""
    yuv = rgb_to_yuv(images)
    return float(np.mean(np.hypot(yuv[..., 1], yuv[..., 2])))


# ----------------------------------------------------------------------------- metrics
def _pair(estimate, truth) -> tuple[np.ndarray, np.ndarray]:
    e = as_float_array(estimate, "estimate", ndim=(3, 4))
    t = as_float_array(truth, "truth", ndim=(3, 4))
    if e.shape != t.shape:
        raise ValueError(f"estimate and truth must have the same shape, got {e.shape} and {t.shape}")
    if e.shape[0] == 0:
        raise ValueError("estimate and truth must hold at least one image")
    return e, t


def mse(estimate, truth) -> np.ndarray:
    """Mean squared error per image: (n, h, w[, c]) x2 -> (n,)."""
    e, t = _pair(estimate, truth)
    return ((e - t) ** 2).reshape(len(e), -1).mean(axis=1)


def psnr(estimate, truth, data_range: float = 1.0, per_image: bool = False):
    """Peak signal-to-noise ratio in dB: 10 log10(data_range^2 / MSE), higher is better.

    Computed per image and averaged over the batch (``per_image=True`` returns the (n,) array).
    An image identical to its truth has infinite PSNR. +6 dB halves the RMS error.
    """
    data_range = _check_positive_real(data_range, "data_range")
    err = mse(estimate, truth)
    with np.errstate(divide="ignore"):
        values = 10.0 * np.log10(data_range ** 2 / err)
    return values if per_image else float(values.mean())


def high_frequency_energy(images) -> float:
    """Mean squared difference of neighbouring pixels (horizontal and vertical), (n, h, w) -> float.

    A sharpness measure: blurring lowers it, and so does averaging several plausible answers.
    """
    x = _grey_batch(images, "images")
    dx = np.diff(x, axis=2)
    dy = np.diff(x, axis=1)
    return float(0.5 * (np.mean(dx ** 2) + np.mean(dy ** 2)))
