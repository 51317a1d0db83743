"""Sample-quality metrics for generative models.

Mode coverage and the share of high-quality samples on a Gaussian mixture (the VEEGAN protocol,
used by PacGAN's tables); the Frechet distance between Gaussians fitted to feature vectors (FID
when the features come from Inception, here a small digit classifier); k-nearest-neighbour
precision and recall (Kynkaanniemi et al. 2019); what a classifier says about samples (class
histogram, KL to uniform, classes present, and the whole digit evaluation of lecture 6); whether a
model copies its training set (nearest-neighbour distances against those of held-out real data);
restorations (MSE, PSNR); and the face referees' verdicts (attribute agreement, detector accuracy).

Inputs are NumPy arrays (or anything ``np.asarray`` takes); every function validates them and names
the bad argument.
"""

from __future__ import annotations

import warnings

import numpy as np
from scipy import linalg

from ._validate import as_real_array, check_bool, check_dict, check_positive_int, check_real


def _pairwise_sq_dists(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Squared Euclidean distances (len(a), len(b)), clipped at 0."""
    d = (a * a).sum(1)[:, None] + (b * b).sum(1)[None, :] - 2.0 * a @ b.T
    return np.maximum(d, 0.0)


def _chunked_min_sq_dists(a: np.ndarray, b: np.ndarray, chunk: int = 1024):
    """For each row of ``a``: (squared distance to its nearest row of ``b``, index of that row)."""
    mins = np.empty(len(a))
    idx = np.empty(len(a), dtype=np.int64)
    for s in range(0, len(a), chunk):
        d = _pairwise_sq_dists(a[s:s + chunk], b)
        idx[s:s + chunk] = d.argmin(1)
        mins[s:s + chunk] = d[np.arange(len(d)), idx[s:s + chunk]]
    return mins, idx


# ----------------------------------------------------------------------------- mixtures
def mode_coverage(samples, centers, std: float, n_sigma: float = 3.0) -> tuple[int, float]:
    """Modes covered and share of high-quality samples (the VEEGAN protocol).

    ``samples``: (n, d) generated points; ``centers``: (k, d) means of the mixture's modes;
    ``std``: the modes' standard deviation. A sample is *high quality* when its Euclidean distance
    to the nearest mean is at most ``n_sigma * std``; a mode is *covered* when it is the nearest
    mode of at least one high-quality sample. Returns ``(modes_covered, high_quality_share)``,
    an int in 0..k and a float in [0, 1] (the papers use 2,500 samples and report the share in %).
    """
    samples = as_real_array(samples, "samples", ndim=2, allow_empty=True)
    centers = as_real_array(centers, "centers", ndim=2, allow_empty=True)
    if samples.size == 0:
        raise ValueError(f"samples must hold at least one point, got shape {samples.shape}")
    if centers.size == 0:
        raise ValueError(f"centers must hold at least one mode, got shape {centers.shape}")
    if samples.shape[1] != centers.shape[1]:
        raise ValueError(f"samples and centers must have the same dimension, got samples "
                         f"{samples.shape} and centers {centers.shape}")
    std = check_real(std, "std", 0, low_open=True)
    n_sigma = check_real(n_sigma, "n_sigma", 0, low_open=True)
    d2, nearest = _chunked_min_sq_dists(samples, centers)
    good = np.sqrt(d2) <= n_sigma * std
    return int(np.unique(nearest[good]).size), float(good.mean())


# ----------------------------------------------------------------------------- Frechet distance
def gaussian_stats(features) -> tuple[np.ndarray, np.ndarray]:
    """Mean (f,) and covariance (f, f) of feature vectors ``features`` (n, f), n >= 2."""
    return _gaussian_stats(features, "features")


def _gaussian_stats(features, name: str) -> tuple[np.ndarray, np.ndarray]:
    features = as_real_array(features, name, ndim=2, allow_empty=True)
    if len(features) < 2:
        raise ValueError(f"{name} must hold at least 2 rows to estimate a covariance, got {len(features)}")
    if features.shape[1] == 0:
        raise ValueError(f"{name} must hold at least one feature per row, got shape {features.shape}")
    return features.mean(0), np.cov(features, rowvar=False).reshape(features.shape[1], features.shape[1])


def frechet_distance(mu1, cov1, mu2, cov2) -> float:
    """Frechet distance between N(mu1, cov1) and N(mu2, cov2):

    |mu1 - mu2|^2 + Tr(cov1 + cov2 - 2 (cov1 cov2)^(1/2)).  Shapes: mu (f,), cov (f, f).
    """
    mu1 = as_real_array(mu1, "mu1", ndim=1)
    mu2 = as_real_array(mu2, "mu2", ndim=1, allow_empty=True)
    cov1 = as_real_array(cov1, "cov1", ndim=2, allow_empty=True)
    cov2 = as_real_array(cov2, "cov2", ndim=2, allow_empty=True)
    f = mu1.shape[0]
    for name, m in (("mu2", mu2),):
        if m.shape != (f,):
            raise ValueError(f"{name} must have shape ({f},) like mu1, got {m.shape}")
    for name, c in (("cov1", cov1), ("cov2", cov2)):
        if c.shape != (f, f):
            raise ValueError(f"{name} must have shape ({f}, {f}), got {c.shape}")
        scale = max(1.0, float(np.abs(c).max())) if c.size else 1.0
        if not np.allclose(c, c.T, rtol=0, atol=1e-8 * scale):
            raise ValueError(f"{name} must be a covariance matrix: symmetric, got an asymmetric matrix")
        lowest = float(np.linalg.eigvalsh(c).min()) if f else 0.0
        if lowest < -1e-6 * scale:
            raise ValueError(f"{name} must be a covariance matrix: positive semi-definite, got an eigenvalue "
                             f"{lowest:.3g}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", linalg.LinAlgWarning)   # singular products are handled below
        covmean = linalg.sqrtm(cov1 @ cov2)
        if not np.all(np.isfinite(covmean)):  # nearly singular product: regularise, as the FID code does
            eps = 1e-6 * np.eye(f)
            covmean = linalg.sqrtm((cov1 + eps) @ (cov2 + eps))
    covmean = np.real(covmean)
    diff = mu1 - mu2
    return float(max(diff @ diff + np.trace(cov1) + np.trace(cov2) - 2.0 * np.trace(covmean), 0.0))


def frechet_distance_features(features_a, features_b) -> float:
    """Frechet distance between Gaussians fitted to two feature sets (n_a, f) and (n_b, f)."""
    mu_a, cov_a = _gaussian_stats(features_a, "features_a")
    mu_b, cov_b = _gaussian_stats(features_b, "features_b")
    if mu_a.shape != mu_b.shape:
        raise ValueError(f"features_a and features_b must have the same number of features, got "
                         f"{len(mu_a)} and {len(mu_b)}")
    return frechet_distance(mu_a, cov_a, mu_b, cov_b)


# ----------------------------------------------------------------------------- precision / recall
def _knn_radii(x: np.ndarray, k: int) -> np.ndarray:
    """Distance of each row of ``x`` to its k-th nearest other row."""
    radii = np.empty(len(x))
    for s in range(0, len(x), 1024):
        d = _pairwise_sq_dists(x[s:s + 1024], x)
        radii[s:s + 1024] = np.sqrt(np.partition(d, k, axis=1)[:, k])  # index 0 is the point itself
    return radii


def _coverage_of(points: np.ndarray, ref: np.ndarray, radii: np.ndarray) -> float:
    inside = np.zeros(len(points), dtype=bool)
    r2 = radii**2
    for s in range(0, len(points), 1024):
        d = _pairwise_sq_dists(points[s:s + 1024], ref)
        inside[s:s + 1024] = np.any(d <= r2[None, :], axis=1)
    return float(inside.mean())


def precision_recall(real, generated, k: int = 3) -> tuple[float, float]:
    """Improved precision and recall (Kynkaanniemi et al. 2019) with ``k`` nearest neighbours.

    ``real`` (n, f) and ``generated`` (m, f) are feature vectors (or flattened samples).
    Precision: share of generated points inside the union of balls around real points, each ball's
    radius being the distance to that real point's k-th nearest real neighbour. Recall: the same
    with the roles swapped. Returns ``(precision, recall)``, both in [0, 1].
    """
    real = as_real_array(real, "real", ndim=2)
    generated = as_real_array(generated, "generated", ndim=2)
    k = check_positive_int(k, "k")
    if real.shape[1] != generated.shape[1]:
        raise ValueError(f"real and generated must have the same number of features, got "
                         f"{real.shape} and {generated.shape}")
    for name, x in (("real", real), ("generated", generated)):
        if len(x) <= k:
            raise ValueError(f"{name} must hold more than k={k} rows (k nearest neighbours), got {len(x)}")
    precision = _coverage_of(generated, real, _knn_radii(real, k))
    recall = _coverage_of(real, generated, _knn_radii(generated, k))
    return precision, recall


# ----------------------------------------------------------------------------- classifier-based
def class_histogram(labels, n_classes: int) -> np.ndarray:
    """Share of each class 0..n_classes-1 among integer ``labels`` (n,): float array (n_classes,)."""
    n_classes = check_positive_int(n_classes, "n_classes")
    values = as_real_array(labels, "labels", ndim=1)
    if np.any(values != np.round(values)):
        raise TypeError(f"labels must be integers (class indices), got {np.asarray(values)[:5].tolist()}...")
    labels = values.astype(np.int64)
    if labels.min() < 0 or labels.max() >= n_classes:
        raise ValueError(f"labels must lie in 0..{n_classes - 1} (n_classes={n_classes}), got values "
                         f"{labels.min()}..{labels.max()}")
    return np.bincount(labels, minlength=n_classes) / labels.size


def _check_hist(hist) -> np.ndarray:
    hist = as_real_array(hist, "hist", ndim=1)
    if np.any(hist < 0) or not np.isclose(hist.sum(), 1.0):
        raise ValueError(f"hist must be non-negative shares summing to 1, got {hist.tolist()}")
    return hist


def kl_to_uniform(hist) -> float:
    """KL(hist || uniform) in nats = log K - entropy(hist); 0 for a uniform histogram, log K for one class."""
    hist = _check_hist(hist)
    nz = hist[hist > 0]
    return float(np.log(hist.size) + np.sum(nz * np.log(nz)))


def mode_count(hist, min_share: float = 0.01) -> int:
    """Number of classes whose share in ``hist`` is at least ``min_share`` (default 1%)."""
    hist = _check_hist(hist)
    min_share = check_real(min_share, "min_share", 0, 1, low_open=True)
    return int(np.sum(hist >= min_share))


# ----------------------------------------------------------------------------- memorisation
def nearest_neighbour_distances(queries, reference, return_index: bool = False, rms: bool = False):
    """Euclidean distance from each row of ``queries`` (n, f) to its nearest row of ``reference`` (m, f).

    Returns (n,) distances, and the (n,) indices of the nearest reference rows if ``return_index``.
    Images can be passed as (n, h, w) or (n, h, w, 3): they are flattened. ``rms=True`` divides by
    sqrt(f): the root-mean-square difference per pixel, comparable across image sizes.
    """
    return _nn_distances(queries, reference, return_index, rms, "queries", "reference")


def _batch_rows(x, name: str) -> np.ndarray:
    """A non-empty batch (n, f), (n, h, w) or (n, h, w, c) as float64 rows (n, features)."""
    arr = as_real_array(x, name, ndim=(2, 3, 4), allow_empty=True)
    if arr.size == 0:
        raise ValueError(f"{name} must be a non-empty batch (n, features) or (n, h, w[, c]), got shape {arr.shape}")
    return arr.reshape(len(arr), -1)


def _nn_distances(queries, reference, return_index, rms, qname: str, rname: str):
    q, r = _batch_rows(queries, qname), _batch_rows(reference, rname)
    if q.shape[1] != r.shape[1]:
        raise ValueError(f"{qname} and {rname} must have the same number of features, got "
                         f"{q.shape[1]} and {r.shape[1]}")
    return_index = check_bool(return_index, "return_index")
    rms = check_bool(rms, "rms")
    d2, idx = _chunked_min_sq_dists(q, r)
    d = np.sqrt(d2 / q.shape[1]) if rms else np.sqrt(d2)
    return (d, idx) if return_index else d


def memorisation_check(generated, train, held_out) -> dict:
    """Compare how close generated samples and held-out real samples come to the training set.

    A model that copies its training set puts its samples at distance ~0 from a training image;
    an honest model's samples are about as far from the training set as unseen real images are.
    Returns a dict with the median nearest-neighbour distance of ``generated`` and of
    ``held_out`` to ``train``, their ratio (generated / held-out; near or above 1 = no copying),
    and the share of generated samples closer to the training set than the closest held-out image.
    """
    train = _batch_rows(train, "train")
    d_gen = _nn_distances(generated, train, False, False, "generated", "train")
    d_ref = _nn_distances(held_out, train, False, False, "held_out", "train")
    med_gen, med_ref = float(np.median(d_gen)), float(np.median(d_ref))
    return {
        "median_nn_generated": med_gen,
        "median_nn_held_out": med_ref,
        "ratio": med_gen / med_ref if med_ref > 0 else float("inf"),
        "share_closer_than_any_held_out": float(np.mean(d_gen < d_ref.min())),
    }


# ----------------------------------------------------------------------------- restorations
def _pair(estimate, truth) -> tuple[np.ndarray, np.ndarray]:
    e = as_real_array(estimate, "estimate", ndim=(3, 4), allow_empty=True)
    t = as_real_array(truth, "truth", ndim=(3, 4), allow_empty=True)
    if e.shape != t.shape:
        raise ValueError(f"estimate and truth must have the same shape, got {e.shape} and {t.shape}")
    if e.size == 0:
        raise ValueError(f"estimate and truth must hold at least one image of at least one pixel, got shape {e.shape}")
    return e, t


def mse(estimate, truth) -> np.ndarray:
    """Mean squared error per image: (n, h, w[, c]) x2 -> (n,)."""
    e, t = _pair(estimate, truth)
    return ((e - t) ** 2).reshape(len(e), -1).mean(axis=1)


def psnr(estimate, truth, data_range: float = 1.0, per_image: bool = False, mask=None):
    """Peak signal-to-noise ratio in dB, the course's one definition: computed per image, then averaged.

    PSNR = (1/n) sum_i 10 log10(data_range^2 / MSE_i), with MSE_i the mean squared error of image i
    over its pixels (and colour channels); higher is better, +6 dB halves the RMS error. ``mask``
    (n, h, w) of booleans restricts MSE_i to the selected pixels of image i (e.g. a face's cap); every
    image needs at least one. ``per_image=True`` returns the (n,) values instead of their mean. An
    image identical to its truth has infinite PSNR.
    """
    data_range = check_real(data_range, "data_range", 0, low_open=True)
    per_image = check_bool(per_image, "per_image")
    if mask is None:
        err = mse(estimate, truth)
    else:
        e, t = _pair(estimate, truth)
        m = np.asarray(mask.detach().cpu() if hasattr(mask, "detach") else mask)
        m = as_real_array(m.astype(np.int64) if m.dtype == bool else m, "mask", ndim=3)
        if m.shape != e.shape[:3]:
            raise ValueError(f"mask must have shape {e.shape[:3]} (one entry per pixel of each image), got {m.shape}")
        if not np.all((m == 0) | (m == 1)):
            raise ValueError("mask must hold booleans (or 0/1): True selects a pixel")
        m = m.astype(bool)
        count = m.reshape(len(m), -1).sum(axis=1)
        if np.any(count == 0):
            raise ValueError(f"mask must select at least one pixel of every image; images {np.flatnonzero(count == 0)[:5].tolist()} "
                             f"have none")
        sq = (e - t) ** 2
        if sq.ndim == 4:
            sq = sq.mean(axis=-1)
        err = (sq * m).reshape(len(m), -1).sum(axis=1) / count
    with np.errstate(divide="ignore"):
        values = 10.0 * np.log10(data_range ** 2 / err)
    return values if per_image else float(values.mean())


# ----------------------------------------------------------------------------- judged by a referee
def evaluate_digits(model, samples, reference, min_share: float = 0.02) -> dict:
    """Classifier-based evaluation of digit ``samples`` (n, 28, 28) against real ``reference`` digits.

    ``model``: a ``course_lib.classifiers.DigitCNN`` (the referee). Returns a dict: ``hist`` (10,)
    class shares of the samples, ``modes`` (classes with a share >= ``min_share``), ``kl_uniform``
    (KL(hist || uniform), nats; 0 = balanced, log 10 = one class), ``frechet`` (Frechet distance
    between the samples' and the reference's penultimate features).
    """
    from .classifiers import DigitCNN, _logits

    if not isinstance(model, DigitCNN):
        raise TypeError(f"model must be a course_lib.classifiers.DigitCNN (the referee), got {type(model).__name__}")
    min_share = check_real(min_share, "min_share", 0, 1, low_open=True)
    hist = class_histogram(_logits(model, samples, name="samples").argmax(1).astype(np.int64), 10)
    feats = {}
    for name, images in (("samples", samples), ("reference", reference)):
        feats[name] = _logits(model, images, features=True, name=name).astype(np.float64)
        if len(feats[name]) < 2:
            raise ValueError(f"{name} must hold at least 2 images (for the Frechet distance), got {len(feats[name])}")
    return {"hist": hist, "modes": mode_count(hist, min_share), "kl_uniform": kl_to_uniform(hist),
            "frechet": frechet_distance(*gaussian_stats(feats["samples"]), *gaussian_stats(feats["reference"]))}


def attribute_agreement(read: dict, truth: dict, names) -> dict:
    """How well attributes ``read`` from images match ``truth`` (dicts name -> (n,) array, e.g. from
    ``classifiers.read_attributes`` and a factor table): accuracy for the binary attributes of
    ``course_lib.data.faces``, correlation for continuous factors. Returns dict name -> float."""
    from .data.faces import BINARY_ATTRIBUTES

    names = _attribute_names(names)
    for nm, d in (("read", read), ("truth", truth)):
        check_dict(d, nm)
        missing = [k for k in names if k not in d]
        if missing:
            raise ValueError(f"{nm} must hold an array for every name in names; missing {missing} "
                             f"(it has keys {sorted(map(str, d))})")
    res = {}
    for name in names:
        a = as_real_array(read[name], f"read[{name!r}]", ndim=1)
        b = as_real_array(truth[name], f"truth[{name!r}]", ndim=1)
        if a.shape != b.shape or len(a) < 2:
            raise ValueError(f"read[{name!r}] and truth[{name!r}] must be 1-D arrays of the same length >= 2, "
                             f"got {a.shape} and {b.shape}")
        binary = name in BINARY_ATTRIBUTES
        if not binary and (np.std(a) == 0 or np.std(b) == 0):
            raise ValueError(f"read[{name!r}] and truth[{name!r}] must vary to have a correlation")
        res[name] = float(np.mean(a == b)) if binary else float(np.corrcoef(a, b)[0, 1])
    return res


def _attribute_names(names) -> tuple[str, ...]:
    """``names``: one name or a non-empty list/tuple of names (strings)."""
    names = (names,) if isinstance(names, str) else names
    if isinstance(names, np.ndarray) and names.ndim == 1:
        names = names.tolist()
    if not isinstance(names, (list, tuple)) or not names or not all(isinstance(k, str) for k in names):
        raise TypeError(f"names must be an attribute name or a non-empty list of names (strings), got {names!r}")
    return tuple(str(k) for k in names)


def detection_accuracy(p_fake_on_real, p_fake_on_fake) -> float:
    """Accuracy of a real-or-fake detector at threshold 1/2, from its P(fake) on a set of real and a set of fake images."""
    a = as_real_array(p_fake_on_real, "p_fake_on_real", ndim=1, low=0, high=1)
    b = as_real_array(p_fake_on_fake, "p_fake_on_fake", ndim=1, low=0, high=1)
    return float((np.sum(a < 0.5) + np.sum(b >= 0.5)) / (len(a) + len(b)))
