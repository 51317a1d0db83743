"""Tests of course_lib.imaging: closed forms, brute force against scipy, and bad inputs."""

import numpy as np
import pytest
from scipy import ndimage

from course_lib import imaging as im
from course_lib import metrics

RNG = np.random.default_rng(0)
X = RNG.random((3, 16, 16))


def test_gaussian_kernel_normalised_symmetric():
    k = im.gaussian_kernel(1.5)
    assert k.shape == (11, 11)
    assert np.isclose(k.sum(), 1.0)
    np.testing.assert_allclose(k, k.T)
    np.testing.assert_allclose(k, k[::-1, ::-1])
    assert k[5, 5] == k.max()


@pytest.mark.parametrize("sigma", [0.7, 1.0, 2.0])
def test_blur_matches_scipy_wrap(sigma):
    r = int(np.ceil(3 * sigma))
    expected = np.stack([ndimage.gaussian_filter(x, sigma, mode="wrap", truncate=r / sigma) for x in X])
    np.testing.assert_allclose(im.blur(X, sigma), expected, atol=1e-10)


def test_blur_keeps_constant_and_mean():
    c = np.full((2, 8, 8), 0.3)
    np.testing.assert_allclose(im.blur(c, 1.0), c)
    np.testing.assert_allclose(im.blur(X, 1.3).mean(axis=(1, 2)), X.mean(axis=(1, 2)))


def test_wiener_inverts_noiseless_mild_blur():
    x = np.clip(X, 0.05, 0.95)
    y = im.blur(x, 0.7)
    np.testing.assert_allclose(im.wiener_deconvolve(y, 0.7, 1e-10), x, atol=1e-5)
    assert metrics.psnr(im.wiener_deconvolve(y, 0.7, 1e-3), x) > metrics.psnr(y, x)


def test_unsharp_mask_zero_amount_is_identity_and_sharpens():
    np.testing.assert_allclose(im.unsharp_mask(X, 1.0, 0.0), X)
    b = im.blur(X, 1.0)
    assert im.high_frequency_energy(im.unsharp_mask(b, 1.0, 1.0)) > im.high_frequency_energy(b)


def test_downsample_is_block_mean():
    d = im.downsample(X, 4)
    assert d.shape == (3, 4, 4)
    assert np.isclose(d[1, 2, 3], X[1, 8:12, 12:16].mean())


def test_bicubic_upsample_keeps_constants_and_shape():
    c = np.full((2, 4, 4), 0.25)
    up = im.bicubic_upsample(c, 4)
    assert up.shape == (2, 16, 16)
    np.testing.assert_allclose(up, 0.25, atol=1e-6)
    # downsampling the upsampled image returns roughly the small image
    small = im.downsample(X, 4)
    assert np.abs(im.downsample(im.bicubic_upsample(small, 4), 4) - small).mean() < 0.05


def test_psnr_closed_form():
    truth = np.zeros((2, 4, 4))
    est = truth + 0.1  # MSE 0.01 -> 20 dB
    assert np.isclose(metrics.psnr(est, truth), 20.0)
    assert np.isclose(metrics.psnr(est * 2, truth, data_range=2.0), 20.0)
    per = metrics.psnr(np.stack([truth[0] + 0.1, truth[1] + 0.01]), truth, per_image=True)
    np.testing.assert_allclose(per, [20.0, 40.0])
    assert metrics.psnr(truth, truth) == np.inf
    # a mask: per image over the selected pixels, then averaged (not the pooled MSE)
    est2 = truth.copy()
    est2[0, 0, :2], est2[1, 1, 0] = 0.1, 0.01
    mask = np.zeros((2, 4, 4), bool)
    mask[0, 0, :2], mask[1, 1, :2] = True, True
    np.testing.assert_allclose(metrics.psnr(est2, truth, mask=mask, per_image=True), [20.0, 10 * np.log10(2e4)])
    assert np.isclose(metrics.psnr(est2, truth, mask=mask), (20.0 + 10 * np.log10(2e4)) / 2)
    rgb = np.zeros((1, 2, 2, 3))
    assert np.isclose(metrics.psnr(rgb + 0.1, rgb, mask=np.array([[[True, False], [False, False]]])), 20.0)
    with pytest.raises(ValueError, match="at least one pixel"):
        metrics.psnr(est2, truth, mask=np.zeros((2, 4, 4), bool))
    with pytest.raises(ValueError, match="shape"):
        metrics.psnr(est2, truth, mask=mask[:, :2])
    np.testing.assert_allclose(metrics.mse(est, truth), [0.01, 0.01])


def test_tune_parameter_picks_best():
    y = im.blur(X, 1.0)
    best, score = im.tune_parameter(lambda d, a: im.unsharp_mask(d, 1.0, a), y, X, [0.0, 0.5, 1.0, 2.0])
    scores = [metrics.psnr(im.unsharp_mask(y, 1.0, a), X) for a in [0.0, 0.5, 1.0, 2.0]]
    assert np.isclose(score, max(scores)) and best == [0.0, 0.5, 1.0, 2.0][int(np.argmax(scores))]


def test_colour_round_trip_and_grey():
    rgb = RNG.random((2, 5, 5, 3))
    np.testing.assert_allclose(im.yuv_to_rgb(im.rgb_to_yuv(rgb)), rgb, atol=1e-12)
    grey = np.repeat(RNG.random((2, 5, 5, 1)), 3, axis=-1)
    np.testing.assert_allclose(im.rgb_to_grey(grey), grey[..., 0], atol=1e-12)
    assert im.chroma(grey) < 1e-4
    assert im.chroma(np.broadcast_to([1.0, 0.0, 0.0], (1, 2, 2, 3))) > 0.5


def test_add_noise_std_and_seed():
    z = np.full((4, 32, 32), 0.5)
    a = im.add_noise(z, 0.05, seed=1, clip=False)
    assert abs((a - z).std() - 0.05) < 0.003
    np.testing.assert_array_equal(a, im.add_noise(z, 0.05, seed=1, clip=False))
    assert im.add_noise(z, 1.0, seed=2).max() <= 1.0


def test_high_frequency_energy_closed_form():
    x = np.zeros((1, 4, 4))
    x[0, :, 1::2] = 1.0  # stripes: every horizontal step is 1, vertical 0
    assert np.isclose(im.high_frequency_energy(x), 0.5)


@pytest.mark.parametrize("call, err", [
    (lambda: im.gaussian_kernel(0), ValueError),
    (lambda: im.gaussian_kernel(-1.0), ValueError),
    (lambda: im.gaussian_kernel("1"), TypeError),
    (lambda: im.blur(X[0], 1.0), ValueError),               # single image, not a batch
    (lambda: im.blur(X, 10.0), ValueError),                 # kernel wider than the image
    (lambda: im.blur(np.full((1, 4, 4), np.nan), 1.0), ValueError),
    (lambda: im.blur([["a"]], 1.0), TypeError),
    (lambda: im.downsample(X, 3), ValueError),              # 16 not a multiple of 3
    (lambda: im.downsample(X, 0), ValueError),
    (lambda: im.downsample(X, 2.0), TypeError),
    (lambda: im.bicubic_upsample(X, True), TypeError),
    (lambda: im.wiener_deconvolve(X, 1.0, 0.0), ValueError),
    (lambda: im.unsharp_mask(X, 1.0, -1.0), ValueError),
    (lambda: metrics.psnr(X, X[:2]), ValueError),
    (lambda: metrics.psnr(X, X, data_range=0), ValueError),
    (lambda: metrics.psnr(X[:0], X[:0]), ValueError),
    (lambda: im.rgb_to_yuv(X), ValueError),
    (lambda: im.tune_parameter("f", X, X, [1.0]), TypeError),
    (lambda: im.tune_parameter(im.unsharp_mask, X, X, []), ValueError),
    (lambda: im.add_noise(X, -0.1), ValueError),
    (lambda: im.add_noise(X, 0.1, seed=-1), ValueError),
])
def test_bad_inputs(call, err):
    with pytest.raises(err):
        call()


def test_error_messages_name_the_argument():
    with pytest.raises(ValueError, match="sigma"):
        im.gaussian_kernel(-2.0)
    with pytest.raises(ValueError, match="factor"):
        im.downsample(X, 5)
    with pytest.raises(ValueError, match="estimate and truth"):
        metrics.psnr(X, X[:1])
