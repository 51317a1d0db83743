"""Specs of the public callables of the neural-network modules of course_lib (helper of test_public_api_nn.py).

The harness (``public_api``: kinds, ``Spec``, ``call``, ``run_battery``) is shared with the classic modules;
this file registers into its ``SPECS`` one entry per public callable of the modules in ``NN_MODULES``.
Every valid call is tiny (a few images of a few pixels, widths of 2, one epoch or one step), so the whole
part runs in seconds. The ``make_*`` factories of ``course_lib.recipes`` train for minutes: their specs
patch the recipe's data and step counts down to a few images and one step (restored after each call).

Run ``python tests/public_api_nn.py [module-prefix ...] [-v]`` to print the figures of these modules.
"""

from __future__ import annotations

import copy
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import public_api as api  # noqa: E402
import torch  # noqa: E402
from public_api import (  # noqa: E402
    Array,
    Bool,
    Callable,
    Choice,
    Count,
    Dict,
    Images,
    Instance,
    Kind,
    NonnegInt,
    PathArg,
    Real,
    Seed,
    Skip,
    Spec,
    Text,
    call,
    of_valid,
)

_R = np.random.default_rng(1)
DIGITS = _R.random((3, 28, 28)).astype(np.float32)          # three "digits" in [0, 1]
DIGITS_REF = _R.random((4, 28, 28)).astype(np.float32)
FACES8 = _R.random((3, 8, 8, 3)).astype(np.float32)         # faces of 8x8 pixels for a tiny FaceCNN
FACES32 = _R.random((3, 32, 32, 3)).astype(np.float32)      # faces for the swap autoencoder
GREY = _R.random((2, 8, 8))                                  # grey images (n, h, w), float64
COLOUR = _R.random((2, 4, 4, 3))                             # colour images (n, h, w, 3)
POINTS = _R.normal(size=(6, 2))
CENTERS = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 0.0]])
FEATS_A = _R.normal(size=(6, 3))
FEATS_B = _R.normal(size=(5, 3)) + 0.5
_COV_A, _COV_B = _R.normal(size=(3, 3)), _R.normal(size=(3, 3))
COV1 = _COV_A @ _COV_A.T + np.eye(3)
COV2 = _COV_B @ _COV_B.T + np.eye(3)
_PROTOS: dict = {}


def fresh(key: str, make):
    """A copy of one model built once from torch seed 0 (fresh per call, identical weights every time)."""
    if key not in _PROTOS:
        with torch.random.fork_rng():
            torch.manual_seed(0)
            _PROTOS[key] = make()
    return copy.deepcopy(_PROTOS[key])


def _tmpdir() -> Path:
    return Path(tempfile.mkdtemp(prefix="public_api_nn_"))


def in_tmp(fn, make_kwargs, patches=()):
    """A call of ``fn`` with a fresh temporary folder; ``patches`` = (module, name, value) set for the
    call and restored afterwards (with the folder removed)."""
    d = _tmpdir()
    saved = [(m, name, getattr(m, name)) for m, name, _ in patches]
    for m, name, value in patches:
        setattr(m, name, value)

    def teardown():
        for m, name, value in saved:
            setattr(m, name, value)
        shutil.rmtree(d, ignore_errors=True)
        _close_figures()
    return call(fn, teardown=teardown, **make_kwargs(d))


def _close_figures():
    import matplotlib.pyplot as plt

    plt.close("all")


def restarts_kind() -> Kind:
    """Warm restarts: None or a dict {after so many steps (or epochs): seed}, inside the training."""
    return Dict(allow_none=True, bad=[("a restart at 0", {0: 1}), ("a restart past the end", {10**6: 1}),
                                      ("a negative seed", {1: -1}), ("a string step", {"1": 1}),
                                      ("a float step", {1.5: 1}), ("a string seed", {1: "a"})])


def schedule_kind() -> Kind:
    """An ``lr_schedule``: None or a list of (fraction in [0, 1), multiplier > 0) pairs."""
    return Kind(allow_none=True,
                bad=[("a string", "abc"), ("an int", 3), ("a bare pair", (0.5, 0.25)), ("a triple", [(0.5, 0.25, 1.0)]),
                     ("fraction 1.5", [(1.5, 0.25)]), ("fraction -0.1", [(-0.1, 0.5)]), ("multiplier 0", [(0.5, 0.0)]),
                     ("NaN multiplier", [(0.5, float("nan"))]), ("strings", [("a", "b")]), ("a dict", {"0.5": 0.25}),
                     ("a pair of bools", [(True, True)])],
                edge=[("None", None), ("empty", []), ("a tuple of lists", ([0.5, 0.25],)),
                      ("an array", np.array([[0.5, 0.25]]))])


def figsize_kind() -> Kind:
    return Kind(bad=[("a string", "ab"), ("one number", (9.0,)), ("negative", (-1.0, 4.0)), ("NaN", (float("nan"), 4.0)),
                     ("zero", (0.0, 4.0)), ("strings", ("9", "4"))],
                edge=[("a list", [3.0, 2.0]), ("an array", np.array([3.0, 2.0])), ("ints", (3, 2))])


def names_kind(valid_single: str, unknown=("moustache",)) -> Kind:
    return Kind(bad=[("unknown", list(unknown)), ("empty", []), ("an int", 3), ("[None]", [None]), ("a dict", {"a": 1})],
                edge=[("a single name", valid_single), ("a tuple", (valid_single,))])


# ----------------------------------------------------------------------------- course_lib.training
def _training_specs():
    from course_lib import training as tr

    def hist():
        h = tr.History()
        h.log(1, loss=0.5, acc=0.2)
        h.log(2, loss=0.25, acc=0.4)
        return h

    X = torch.linspace(-1, 1, 12).reshape(6, 2)

    def mini():
        model = fresh("linear", lambda: torch.nn.Linear(2, 1))

        def batch_loss(idx, gen):
            return {"loss": ((model(X[idx]) - 1) ** 2).mean()}
        return call(tr.minimise, model=model, batch_loss=batch_loss, n=6, batch_size=4, lr=0.01, seed=0, epochs=2,
                    steps=None, lr_schedule=[(0.5, 0.5)], log_every=None,
                    validate=lambda: {"val_loss": ((model(X) - 1) ** 2).mean()}, params=None, restarts=None)

    other = {"step": [1, 2], "loss": [0.3, 0.2], "acc": [0.5, 0.6]}
    S = {
        "History": Spec(lambda: call(tr.History), {}),
        "History.arrays": Spec(lambda: call(hist().arrays), {}),
        "History.log": Spec(lambda: call(hist().log, step=3, loss=0.1, acc=0.7), {"step": NonnegInt()}),
        "History.add_row": Spec(lambda: call(hist().add_row, step=3, values={"loss": 0.1, "acc": 0.7}, finite=True),
                                {"step": NonnegInt(),
                                 "values": Dict(bad=[("other quantities", {"loss": 0.1}), ("a string value", {"loss": "a", "acc": 0.7}),
                                                     ("a NaN value", {"loss": float("nan"), "acc": 0.7}),
                                                     ("a list value", {"loss": [0.1], "acc": 0.7})]),
                                 "finite": Bool()}),
        "History.last": Spec(lambda: call(hist().last, key="loss"),
                             {"key": Text(allow_empty=False, bad=[("unknown key", "val_loss")])}),
        "History.extend": Spec(
            lambda: call(hist().extend, other=dict(other), step_offset=2),
            {"other": Dict(bad=[("no 'step'", {"loss": [0.3], "acc": [0.5]}),
                                ("ragged", {"step": [1, 2], "loss": [0.3], "acc": [0.5, 0.6]}),
                                ("other quantities", {"step": [1], "val": [0.1]}),
                                ("a string value", {"step": [1], "loss": ["a"], "acc": [0.5]}),
                                ("a float step", {"step": [1.5], "loss": [0.3], "acc": [0.5]}),
                                ("a scalar column", {"step": 1, "loss": 0.3, "acc": 0.5})],
                           edge=[("a History", of_valid(lambda v: tr.History(v))), ("empty", {}),
                                 ("arrays", {k: np.asarray(v) for k, v in other.items()})]),
             "step_offset": NonnegInt()}),
        "lr_multiplier": Spec(lambda: call(tr.lr_multiplier, schedule=[(0.75, 0.25)], total=100),
                              {"schedule": schedule_kind(), "total": Count()}),
        "minimise": Spec(
            mini,
            {"model": Instance(torch.nn.Module), "batch_loss": Callable(), "n": Count(edge=[("a tuple", (6,))]),
             "batch_size": Count(), "lr": Real(0, 1, lo_open=True, hi_open=True), "seed": Seed("torch"),
             "epochs": Count(), "steps": Count(allow_none=True), "lr_schedule": schedule_kind(),
             "log_every": Count(allow_none=True), "validate": Callable(allow_none=True),
             "params": Kind(allow_none=True, bad=[("a string", "abc"), ("an int", 3), ("a list of strings", ["a"]),
                                                  ("empty", [])]),
             "restarts": restarts_kind()},
            batch=None),
    }
    return {f"course_lib.training:{k}": v for k, v in S.items()}


# ----------------------------------------------------------------------------- course_lib.imaging
def _imaging_specs():
    from course_lib import imaging as im

    grey = Images(("n", None, None), ndim=(3,), channels=(1,))
    grey_any = Images(("n", None, None), unit_range=False, ndim=(3,), channels=(1,))
    colour = Images(("n", None, None, 3), ndim=(4,), channels=(3,))
    positive = Real(lo=0, lo_open=True)

    def unsharp(x, v):
        return im.unsharp_mask(x, 1.0, v)

    S = {
        "gaussian_kernel": Spec(lambda: call(im.gaussian_kernel, sigma=1.0, radius=2),
                                {"sigma": positive, "radius": NonnegInt(allow_none=True, edge=[("None", None)])}),
        "blur": Spec(lambda: call(im.blur, images=GREY, sigma=1.0),
                     {"images": grey, "sigma": Real(lo=0, lo_open=True, bad=[("too wide for 8x8 images", 3.0)])}),
        "add_noise": Spec(lambda: call(im.add_noise, images=GREY, std=0.1, seed=0, clip=True),
                          {"images": Images(), "std": Real(lo=0), "seed": Seed(), "clip": Bool()}),
        "downsample": Spec(lambda: call(im.downsample, images=GREY, factor=2),
                           {"images": grey, "factor": Count(bad=[("not dividing 8", 3)])}),
        "bicubic_upsample": Spec(lambda: call(im.bicubic_upsample, images=GREY, factor=2),
                                 {"images": grey, "factor": Count()}),
        "wiener_deconvolve": Spec(lambda: call(im.wiener_deconvolve, blurred=GREY, sigma=1.0, k=0.01),
                                  {"blurred": grey, "sigma": positive, "k": positive}),
        "unsharp_mask": Spec(lambda: call(im.unsharp_mask, images=GREY, sigma=1.0, amount=0.5),
                             {"images": grey, "sigma": positive, "amount": Real(lo=0)}),
        "tune_parameter": Spec(
            lambda: call(im.tune_parameter, restore=unsharp, degraded=GREY, clean=GREY[::-1].copy(),
                         grid=np.array([0.0, 0.5, 1.0])),
            {"restore": Callable(), "degraded": Images(("n", "h", "w"), ndim=(3,), channels=(1,)),
             "clean": Images(("n", "h", "w"), ndim=(3,), channels=(1,)), "grid": Array(("k",))}),
        "rgb_to_yuv": Spec(lambda: call(im.rgb_to_yuv, images=COLOUR), {"images": colour}),
        "yuv_to_rgb": Spec(lambda: call(im.yuv_to_rgb, images=im.rgb_to_yuv(COLOUR)),
                           {"images": Array(("n", None, None, 3))}),
        "rgb_to_grey": Spec(lambda: call(im.rgb_to_grey, images=COLOUR), {"images": colour}),
        "chroma": Spec(lambda: call(im.chroma, images=COLOUR), {"images": colour}),
        # a sharpness measure, also of a model's raw (unclipped) output: any real values
        "high_frequency_energy": Spec(lambda: call(im.high_frequency_energy, images=GREY), {"images": grey_any}),
        "to_tensor": Spec(lambda: call(im.to_tensor, images=COLOUR, name="images"),
                          {"images": Images(unit_range=False), "name": Text(allow_empty=False)}),
        "to_images": Spec(lambda: call(im.to_images, tensor=torch.from_numpy(COLOUR.astype(np.float32)).permute(0, 3, 1, 2)),
                          {"tensor": Array(("n", 3, None, None))}),
    }
    return {f"course_lib.imaging:{k}": v for k, v in S.items()}


# ----------------------------------------------------------------------------- course_lib.metrics
def _metrics_specs():
    from course_lib import metrics
    from course_lib.classifiers import DigitCNN

    positive = Real(lo=0, lo_open=True)
    hist = np.array([0.2, 0.3, 0.5])
    hist_kind = Array(("k",), lo=0, hi=1, bad=[("not summing to 1", np.array([0.5, 0.6, 0.1]))])
    flat = {"ndim": (2, 3, 4)}
    read = {"smile": np.array([0, 1, 1, 0]), "tilt": np.array([0.1, -0.2, 0.3, 0.0])}
    truth = {"smile": np.array([0, 1, 0, 0]), "tilt": np.array([0.2, -0.1, 0.2, 0.1])}

    def with_(d, **kw):
        return {**d, **kw}

    def verdicts(name):
        d = read if name == "read" else truth
        return Dict(bad=[("missing 'tilt'", {"smile": d["smile"]}), ("NaN tilt", with_(d, tilt=np.array([0.1, np.nan, 0, 0]))),
                         ("a column of the wrong length", with_(d, tilt=np.zeros(3))),
                         ("a column of strings", with_(d, smile=np.array(["a", "b", "c", "d"]))),
                         ("a constant tilt", with_(d, tilt=np.zeros(4))), ("2-D columns", with_(d, tilt=np.zeros((4, 1))))],
                    edge=[("lists", {k: v.tolist() for k, v in d.items()})])

    digit_images = Images(("n", 28, 28), channels=(1,))
    S = {
        "mode_coverage": Spec(lambda: call(metrics.mode_coverage, samples=POINTS, centers=CENTERS, std=0.5, n_sigma=3.0),
                              {"samples": Array(("n", "d")), "centers": Array(("k", "d")), "std": positive,
                               "n_sigma": positive}),
        "gaussian_stats": Spec(lambda: call(metrics.gaussian_stats, features=FEATS_A),
                               {"features": Array(("n", None), bad=[("one row", FEATS_A[:1])])}, batch=None),
        "frechet_distance": Spec(
            lambda: call(metrics.frechet_distance, mu1=FEATS_A[0], cov1=COV1, mu2=FEATS_A[1], cov2=COV2),
            {"mu1": Array(("f",)), "mu2": Array(("f",)),
             "cov1": Array(("f", "f"), bad=[("not symmetric", COV1 + np.triu(np.ones((3, 3)), 1)),
                                            ("not positive semi-definite", -COV1)]),
             "cov2": Array(("f", "f"), bad=[("not symmetric", COV2 + np.triu(np.ones((3, 3)), 1)),
                                            ("not positive semi-definite", -COV2)])}),
        "frechet_distance_features": Spec(
            lambda: call(metrics.frechet_distance_features, features_a=FEATS_A, features_b=FEATS_B),
            {"features_a": Array(("n", "f"), bad=[("one row", FEATS_A[:1])]),
             "features_b": Array(("m", "f"), bad=[("one row", FEATS_B[:1])])}, batch=None),
        "precision_recall": Spec(
            lambda: call(metrics.precision_recall, real=FEATS_A, generated=FEATS_B, k=2),
            {"real": Array(("n", "f"), bad=[("k rows", FEATS_A[:2])]),
             "generated": Array(("m", "f"), bad=[("k rows", FEATS_B[:2])]),
             "k": Count(bad=[("as many as the rows", 5)])}, batch=None),
        "class_histogram": Spec(
            lambda: call(metrics.class_histogram, labels=np.array([0, 1, 2, 1]), n_classes=3),
            {"labels": Array(("n",), "label", bad=[("negative", np.array([0, -1, 2, 1])),
                                                   ("float labels 0.5", np.array([0.5, 1, 2, 1])),
                                                   ("booleans", np.array([True, False, True, True]))]),
             "n_classes": Count(edge_min=False, bad=[("smaller than the largest label", 2)])}),
        "kl_to_uniform": Spec(lambda: call(metrics.kl_to_uniform, hist=hist), {"hist": hist_kind}, batch=None),
        "mode_count": Spec(lambda: call(metrics.mode_count, hist=hist, min_share=0.01),
                           {"hist": hist_kind, "min_share": Real(0, 1, lo_open=True)}, batch=None),
        "nearest_neighbour_distances": Spec(
            lambda: call(metrics.nearest_neighbour_distances, queries=FEATS_A[:4], reference=FEATS_B, return_index=True,
                         rms=False),
            {"queries": Array(("n", "f"), **flat), "reference": Array(("m", "f"), **flat), "return_index": Bool(),
             "rms": Bool()}),
        "memorisation_check": Spec(
            lambda: call(metrics.memorisation_check, generated=FEATS_A[:4], train=FEATS_B, held_out=FEATS_A[4:] + 0.1),
            {"generated": Array(("n", "f"), **flat), "train": Array(("m", "f"), **flat),
             "held_out": Array(("k", "f"), **flat)}),
        "mse": Spec(lambda: call(metrics.mse, estimate=GREY, truth=GREY[::-1].copy()),
                    {"estimate": Array(("n", "h", "w"), ndim=(3, 4)), "truth": Array(("n", "h", "w"), ndim=(3, 4))}),
        "psnr": Spec(lambda: call(metrics.psnr, estimate=GREY, truth=GREY[::-1].copy(), data_range=1.0, per_image=False,
                                  mask=np.ones(GREY.shape[:3], bool)),
                     {"estimate": Array(("n", "h", "w"), ndim=(3, 4)), "truth": Array(("n", "h", "w"), ndim=(3, 4)),
                      "data_range": positive, "per_image": Bool(),
                      "mask": Array(("n", "h", "w"), dtype="binary", allow_none=True, edge=[("None", None)])}),
        "evaluate_digits": Spec(
            lambda: call(metrics.evaluate_digits, model=fresh("digitcnn", DigitCNN).eval(), samples=DIGITS,
                         reference=DIGITS_REF, min_share=0.02),
            {"model": Instance(DigitCNN), "samples": digit_images, "reference": Images(("m", 28, 28), channels=(1,)),
             "min_share": Real(0, 1, lo_open=True)}, batch=None),
        "attribute_agreement": Spec(
            lambda: call(metrics.attribute_agreement, read=dict(read), truth=dict(truth), names=["smile", "tilt"]),
            {"read": verdicts("read"), "truth": verdicts("truth"), "names": names_kind("smile")}, batch=None),
        "detection_accuracy": Spec(
            lambda: call(metrics.detection_accuracy, p_fake_on_real=np.array([0.1, 0.9, 0.4]),
                         p_fake_on_fake=np.array([0.8, 0.3])),
            {"p_fake_on_real": Array(("n",), lo=0, hi=1), "p_fake_on_fake": Array(("m",), lo=0, hi=1)}),
    }
    return {f"course_lib.metrics:{k}": v for k, v in S.items()}


# ----------------------------------------------------------------------------- course_lib.gan
def _gan_specs():
    from course_lib import gan

    Z = _R.normal(size=(4, 2)).astype(np.float32)
    Z4 = _R.normal(size=(3, 4)).astype(np.float32)
    logits = _R.normal(size=4).astype(np.float32)
    grid = np.linspace(-3, 3, 13)
    grid_kind = Array(("g",), bad=[("decreasing", grid[::-1].copy()), ("two points", grid[:2])])
    hidden = Kind(bad=[("empty", ()), ("a string", "abc"), ("an int", 3), ("a zero width", (0,)),
                       ("a float width", (2.5,)), ("a bool width", (True,)), ("None", None)],
                  edge=[("a list", [4]), ("numpy ints", np.array([4]))])

    def mlp_g(batchnorm=False):
        return fresh(f"mlp_g{batchnorm}", lambda: gan.MLPGenerator(2, 2, hidden=(4,), batchnorm=batchnorm))

    def mlp_d():
        return fresh("mlp_d", lambda: gan.MLPDiscriminator(2, hidden=(4,)))

    betas = Kind(bad=[("one number", (0.5,)), ("a string", "ab"), ("beta 1", (0.5, 1.0)), ("NaN", (float("nan"), 0.9)),
                      ("strings", ("a", "b")), ("an int", 3), ("negative", (-0.1, 0.9))],
                 edge=[("a list", [0.5, 0.9]), ("an array", np.array([0.5, 0.9]))])
    S = {
        "discriminator_loss": Spec(lambda: call(gan.discriminator_loss, real_logits=logits, fake_logits=-logits[:3]),
                                   {"real_logits": Array(("n",), ndim="any"), "fake_logits": Array(("m",), ndim="any")}),
        "generator_loss": Spec(lambda: call(gan.generator_loss, fake_logits=logits, kind="minimax"),
                               {"fake_logits": Array(("n",), ndim="any"), "kind": Choice(gan.G_LOSSES)}),
        "generator_loss_curves": Spec(
            lambda: call(gan.generator_loss_curves, d_of_fake=np.array([0.1, 0.5, 0.9])),
            {"d_of_fake": Array(("n",), ndim="any", lo=0, hi=1,
                                bad=[("0 (open end)", np.array([0.0, 0.5])), ("1 (open end)", np.array([0.5, 1.0]))])}),
        "pack_samples": Spec(lambda: call(gan.pack_samples, x=torch.from_numpy(Z), pack=2),
                             {"x": Array(("n", None), ndim=(2, 3, 4)), "pack": Count(bad=[("not dividing 4", 3)])},
                             batch=None),
        "r1_penalty": Spec(lambda: call(gan.r1_penalty, discriminator=mlp_d(), real=Z),
                           {"discriminator": Instance(torch.nn.Module), "real": Array(("n", 2))}),
        "MLPGenerator": Spec(
            lambda: call(gan.MLPGenerator, latent_dim=2, out_dim=2, hidden=(4,), activation="relu", batchnorm=False),
            {"latent_dim": Count(), "out_dim": Count(), "hidden": hidden,
             "activation": Choice(("relu", "leaky_relu", "tanh")), "batchnorm": Bool()}, touches_global_rng=True),
        "MLPGenerator.forward": Spec(lambda: call(mlp_g().forward, z=Z), {"z": Array(("n", 2))}),
        "MLPDiscriminator": Spec(
            lambda: call(gan.MLPDiscriminator, in_dim=2, hidden=(4,), activation="leaky_relu", pack=1),
            {"in_dim": Count(), "hidden": hidden, "activation": Choice(("relu", "leaky_relu", "tanh")), "pack": Count()},
            touches_global_rng=True),
        "MLPDiscriminator.forward": Spec(lambda: call(mlp_d().forward, x=Z), {"x": Array(("n", 2))}),
        "ConvGenerator": Spec(lambda: call(gan.ConvGenerator, latent_dim=4, channels=2),
                              {"latent_dim": Count(), "channels": Count()}, touches_global_rng=True),
        "ConvGenerator.forward": Spec(
            lambda: call(fresh("conv_g", lambda: gan.ConvGenerator(4, 2)).forward, z=Z4),   # training mode
            {"z": Array(("n", 4))}),
        "ConvDiscriminator": Spec(lambda: call(gan.ConvDiscriminator, channels=2), {"channels": Count()},
                                  touches_global_rng=True),
        "ConvDiscriminator.forward": Spec(
            lambda: call(fresh("conv_d", lambda: gan.ConvDiscriminator(2)).forward, x=DIGITS[:, None]),
            {"x": Array(("n", 1, 28, 28), ndim=(2, 3, 4), edge=[("(n, 28, 28)", DIGITS), ("(n, 784)", DIGITS.reshape(3, -1))])}),
        "init_dcgan_": Spec(lambda: call(gan.init_dcgan_, module=fresh("conv_d", lambda: gan.ConvDiscriminator(2))),
                            {"module": Instance(torch.nn.Module)}, touches_global_rng=True),
        "latent_noise": Spec(lambda: call(gan.latent_noise, n=4, latent_dim=3, seed=0),
                             {"n": Count(), "latent_dim": Count(), "seed": Seed("torch")}),
        "generate": Spec(lambda: call(gan.generate, generator=mlp_g(), n=4, seed=0, batch_size=3),
                         {"generator": Instance(gan.MLPGenerator), "n": Count(), "seed": Seed("torch"),
                          "batch_size": Count()}),
        "density_on_grid": Spec(
            lambda: call(gan.density_on_grid, samples=POINTS[:, 0], grid=grid, bandwidth=0.5),
            {"samples": Array(("n",), ndim="any", bad=[("one value", POINTS[:1, 0])]), "grid": grid_kind,
             "bandwidth": Real(lo=0, lo_open=True, allow_none=True, edge=[("None", None)])}, batch=None),
        "optimal_discriminator": Spec(
            lambda: call(gan.optimal_discriminator, p_data=np.array([0.0, 0.2, 0.5]), p_g=np.array([0.0, 0.4, 0.1])),
            {"p_data": Array(("g",), ndim="any", lo=0), "p_g": Array(("g",), ndim="any", lo=0)}, batch=None),
        "one_d_snapshot_fn": Spec(lambda: call(gan.one_d_snapshot_fn, grid=grid, n_samples=50, seed=12345),
                                  {"grid": grid_kind, "n_samples": Count(min=2), "seed": Seed("torch")}),
        "mixture_sampler": Spec(lambda: call(gan.mixture_sampler, centers=CENTERS, std=0.1),
                                {"centers": Array(("k", "d")), "std": Real(lo=0)}),
        "train_gan": Spec(
            lambda: call(gan.train_gan, generator=mlp_g(), discriminator=mlp_d(), real_data=POINTS, steps=2,
                         batch_size=4, lr_g=1e-3, lr_d=1e-3, betas=(0.5, 0.999), g_loss="non-saturating", pack=1,
                         r1_weight=0.1, d_steps=1, lr_final_fraction=0.5, r1_every=1, fused_adam=False, log_every=1,
                         snapshot_every=1, snapshot_fn=None, seed=0, restarts=None),
            {"generator": Instance(gan.MLPGenerator), "discriminator": Instance(gan.MLPDiscriminator),
             "real_data": Array(("n", 2), edge=[("a function", lambda n, g: torch.randn(n, 2, generator=g))],
                                bad=[("a function returning strings", lambda n, g: "abc"),
                                     ("a function returning NaN", lambda n, g: torch.full((n, 2), float("nan")))]),
             "steps": Count(), "batch_size": Count(), "lr_g": Real(lo=0, lo_open=True), "lr_d": Real(lo=0, lo_open=True),
             "betas": betas, "g_loss": Choice(gan.G_LOSSES), "pack": Count(bad=[("2 (D was built with 1)", 2)]),
             "r1_weight": Real(lo=0), "d_steps": Count(), "lr_final_fraction": Real(0, 1, lo_open=True),
             "r1_every": Count(), "fused_adam": Bool(), "log_every": Count(), "snapshot_every": NonnegInt(),
             "snapshot_fn": Callable(allow_none=True, edge=[("a function", lambda g, d, s: s)]),
             "seed": Seed("torch"), "restarts": restarts_kind()},
            batch=None),
    }
    return {f"course_lib.gan:{k}": v for k, v in S.items()}


# ----------------------------------------------------------------------------- course_lib.autoencoder
def _autoencoder_specs():
    from course_lib import autoencoder as ae
    from course_lib.checkpoints import CHECKPOINT_DIR

    X = _R.random((3, 4, 4)).astype(np.float32)
    Zc = _R.normal(size=(3, 2)).astype(np.float32)

    def mlp(variational=False):
        return fresh(f"ae_mlp{variational}", lambda: ae.MLPAutoencoder((4, 4), 2, hidden=(8,), variational=variational))

    shape_bad = [("a string", "abc"), ("an int", 4), ("one size", (4,)), ("four sizes", (4, 4, 4, 4)),
                 ("a zero size", (0, 4)), ("a float size", (2.5, 4)), ("bools", (True, True)), ("a negative size", (-4, 4)),
                 ("None inside", (None, 4))]
    images = Images(("n", 4, 4), ndim=(3,), channels=(1,))
    S = {
        "MLPAutoencoder": Spec(
            lambda: call(ae.MLPAutoencoder, image_shape=(4, 4), latent_dim=2, hidden=(8,), variational=False),
            {"image_shape": Kind(bad=shape_bad, edge=[("a list", [4, 4]), ("numpy ints", np.array([4, 4])),
                                                     ("with one channel", (4, 4, 1))]),
             "latent_dim": Count(),
             "hidden": Kind(bad=[("a string", "abc"), ("an int", 3), ("a zero width", (0,)), ("a float width", (2.5,)),
                                 ("None inside", (None,)), ("None", None)],
                            edge=[("a list", [8]), ("no hidden layer", ()), ("numpy ints", np.array([8]))]),
             "variational": Bool()}, touches_global_rng=True),
        "MLPAutoencoder.config": Spec(lambda: call(mlp().config), {}),
        "ConvAutoencoder": Spec(
            lambda: call(ae.ConvAutoencoder, image_shape=(8, 8, 1), latent_dim=2, width=2, variational=True,
                         upsample="nearest"),
            {"image_shape": Kind(bad=shape_bad + [("not divisible by 8", (12, 12, 1)), ("not square", (8, 16, 1)),
                                                  ("no channel axis", (8, 8))],
                                 edge=[("a list", [8, 8, 1]), ("colour", (8, 8, 3)), ("numpy ints", np.array([8, 8, 1]))]),
             "latent_dim": Count(), "width": Count(), "variational": Bool(),
             "upsample": Choice(("transpose", "nearest"))}, touches_global_rng=True),
        "ConvAutoencoder.config": Spec(
            lambda: call(fresh("ae_conv", lambda: ae.ConvAutoencoder((8, 8, 1), 2, width=2)).config), {}),
        "kl_to_standard_normal": Spec(lambda: call(ae.kl_to_standard_normal, mu=Zc, logvar=Zc[::-1].copy()),
                                      {"mu": Array(("n", "d")), "logvar": Array(("n", "d"))}),
        "autoencoder_loss": Spec(
            lambda: call(ae.autoencoder_loss, model=mlp(), x=X, beta=0.5, pixel_weights=X * 2),
            {"model": Instance(ae.MLPAutoencoder), "x": images, "beta": Real(lo=0),
             "pixel_weights": Array(("n", 4, 4), lo=0, allow_none=True, edge=[("None", None)])}),
        "encode": Spec(lambda: call(ae.encode, model=mlp(True), X=X, batch_size=2),
                       {"model": Instance(ae.MLPAutoencoder), "X": images, "batch_size": Count()}),
        "decode": Spec(lambda: call(ae.decode, model=mlp(), Z=Zc, batch_size=2),
                       {"model": Instance(ae.MLPAutoencoder), "Z": Array(("n", 2)), "batch_size": Count()}),
        "reconstruct": Spec(lambda: call(ae.reconstruct, model=mlp(True), X=X, batch_size=2),
                            {"model": Instance(ae.MLPAutoencoder), "X": images, "batch_size": Count()}),
        "sample_prior": Spec(lambda: call(ae.sample_prior, model=mlp(), n=3, seed=0),
                             {"model": Instance(ae.MLPAutoencoder), "n": Count(), "seed": Seed()}),
        "save_autoencoder": Spec(
            lambda: in_tmp(ae.save_autoencoder, lambda d: {"model": mlp(), "path": d / "ae.pt", "half": True}),
            {"model": Instance(ae.MLPAutoencoder), "path": PathArg(), "half": Bool()}),
        "load_autoencoder": Spec(
            lambda: call(ae.load_autoencoder, path=CHECKPOINT_DIR / "ae_mnist2.pt"),
            {"path": PathArg(exists="file", bad=[("a classifier checkpoint", CHECKPOINT_DIR / "swap_identity.pt"),
                                                 ("an npz file", CHECKPOINT_DIR / "gan_mixtures.npz")])}, touches_global_rng=True),
    }
    # the methods both models inherit from the shared base (the same code, specced on each model)
    Xc = _R.random((3, 8, 8, 1)).astype(np.float32)

    def conv(variational=True):
        return fresh(f"ae_conv{variational}", lambda: ae.ConvAutoencoder((8, 8, 1), 2, width=2, variational=variational))
    for cls, make, data, img in (("MLPAutoencoder", mlp, X, images),
                                 ("ConvAutoencoder", conv, Xc, Images(("n", 8, 8, 1), ndim=(4,), channels=(1,)))):
        tensor_img = Array(("n",) + data.shape[1:])
        codes = Array(("n", 2))
        S[f"{cls}.encode_stats"] = Spec(lambda m=make, d=data: call(m(True).encode_stats, x=d), {"x": tensor_img})
        S[f"{cls}.encode"] = Spec(lambda m=make, d=data: call(m(True).encode, x=d), {"x": tensor_img})
        S[f"{cls}.forward"] = Spec(lambda m=make, d=data: call(m(False).forward, x=d), {"x": tensor_img})
        S[f"{cls}.decode"] = Spec(lambda m=make: call(m().decode, z=Zc), {"z": codes})
        S[f"{cls}.decode_logits"] = Spec(lambda m=make: call(m().decode_logits, z=Zc), {"z": codes})
        S[f"{cls}.fit"] = Spec(
            lambda m=make, d=data: call(m(True).fit, X=d, epochs=1, batch_size=2, lr=1e-3, beta=1.0, seed=0, X_val=d[:2],
                                        pixel_weights=np.ones(d.shape[:3], np.float32), lr_schedule=[(0.5, 0.5)],
                                        restarts=None),
            {"X": img, "epochs": Count(), "batch_size": Count(), "lr": Real(0, 1, lo_open=True, hi_open=True),
             "beta": Real(lo=0), "seed": Seed("torch"),
             "X_val": Images((None,) + data.shape[1:], ndim=(data.ndim,), channels=(1,), allow_none=True,
                             edge=[("None", None)]),
             "pixel_weights": Array(("n",) + data.shape[1:3], lo=0, allow_none=True, edge=[("None", None)]),
             "lr_schedule": schedule_kind(), "restarts": restarts_kind()})
    return {f"course_lib.autoencoder:{k}": v for k, v in S.items()}


# ----------------------------------------------------------------------------- course_lib.classifiers
def _classifier_specs():
    from course_lib import classifiers as cl
    from course_lib.checkpoints import CHECKPOINT_DIR
    from course_lib.data.faces import sample_face_factors

    def digit():
        return fresh("digitcnn", cl.DigitCNN)

    def face(n_outputs=2):
        return fresh(f"facecnn{n_outputs}", lambda: cl.FaceCNN(n_outputs, channels=(2, 2, 2), size=8))

    table = sample_face_factors(4, seed=0)

    def table_with(**kw):
        return {**table, **kw}

    faces8 = Images(("n", 8, 8, 3), ndim=(4,), channels=(3,))
    digits = Images(("n", 28, 28), channels=(1,))
    x_digits = Array(("n", 1, 28, 28))
    targets = (FACES8[:, 0, 0, :2] > 0.5).astype(np.float64)
    S = {
        "DigitCNN": Spec(lambda: call(cl.DigitCNN), {}, touches_global_rng=True),
        "DigitCNN.features": Spec(lambda: call(digit().features, x=DIGITS[:, None]), {"x": x_digits}),
        "DigitCNN.forward": Spec(lambda: call(digit().forward, x=DIGITS[:, None]), {"x": x_digits}),
        "DigitCNN.config": Spec(lambda: call(digit().config), {}),
        "DigitCNN.fit": Spec(
            lambda: call(digit().fit, images=DIGITS, labels=np.array([0, 1, 9]), epochs=1, batch_size=2, lr=2e-3, seed=0),
            {"images": digits, "labels": Array(("n",), "label", lo=0, hi=9), "epochs": Count(), "batch_size": Count(),
             "lr": Real(0, 1, lo_open=True, hi_open=True), "seed": Seed("torch")}),
        "FaceCNN": Spec(lambda: call(cl.FaceCNN, n_outputs=2, channels=(2, 2, 2), size=8),
                        {"n_outputs": Count(),
                         "channels": Kind(bad=[("two counts", (2, 2)), ("a string", "abc"), ("an int", 2), ("a zero", (0, 2, 2)),
                                               ("a float", (2.5, 2, 2)), ("None", None)],
                                          edge=[("a list", [2, 2, 2]), ("numpy ints", np.array([2, 2, 2]))]),
                         "size": Count(min=8, bad=[("not divisible by 8", 12)])}, touches_global_rng=True),
        "FaceCNN.forward": Spec(lambda: call(face().forward, x=np.moveaxis(FACES8, -1, 1)), {"x": Array(("n", 3, 8, 8))}),
        "FaceCNN.config": Spec(lambda: call(face().config), {}),
        "FaceCNN.fit": Spec(
            lambda: call(face().fit, images=FACES8, targets=targets, n_binary=2, epochs=1, steps=None, batch_size=2,
                         lr=2e-3, seed=0, max_blur=0.5),
            {"images": faces8, "targets": Array(("n", 2), "binary"), "n_binary": NonnegInt(max=2, allow_none=True),
             "epochs": Count(), "steps": Count(allow_none=True), "batch_size": Count(),
             "lr": Real(0, 1, lo_open=True, hi_open=True), "seed": Seed("torch"), "max_blur": Real(lo=0)}),
        "attribute_targets": Spec(
            lambda: call(cl.attribute_targets, table=dict(table), names=("glasses", "tilt")),
            {"table": Dict(bad=[("no 'glasses'", {k: v for k, v in table.items() if k != "glasses"}),
                                ("NaN tilt", table_with(tilt=np.array([0.0, np.nan, 0.0, 0.0]))),
                                ("a column of the wrong length", table_with(tilt=np.zeros(3))),
                                ("a column of strings", table_with(tilt=np.array(["a", "b", "c", "d"]))),
                                ("glasses 2", table_with(glasses=np.full(4, 2))),
                                ("2-D tilt", table_with(tilt=np.zeros((4, 1))))],
                           edge=[("lists", {k: np.asarray(v).tolist() for k, v in table.items()})]),
             "names": names_kind("glasses")}, batch=None),
        "features": Spec(lambda: call(cl.features, model=digit(), images=DIGITS, batch_size=2),
                         {"model": Instance(cl.DigitCNN), "images": digits, "batch_size": Count()}),
        "predict": Spec(lambda: call(cl.predict, model=digit(), images=DIGITS, batch_size=2),
                        {"model": Instance(cl.DigitCNN), "images": digits, "batch_size": Count()}),
        "predict_proba": Spec(lambda: call(cl.predict_proba, model=face(), images=FACES8, batch_size=2),
                              {"model": Instance(cl.FaceCNN), "images": faces8, "batch_size": Count()}),
        "random_blur": Spec(lambda: call(cl.random_blur, x=torch.from_numpy(np.moveaxis(FACES8, -1, 1).copy()),
                                         max_sigma=1.2, seed=0),
                            {"x": Array(("n", None, None, None)), "max_sigma": Real(lo=0), "seed": Seed("torch")}),
        "read_attributes": Spec(
            lambda: call(cl.read_attributes, model=face(), images=FACES8, names=["glasses", "tilt"]),
            {"model": Instance(cl.FaceCNN), "images": faces8,
             "names": Kind(bad=[("unknown", ["glasses", "moustache"]), ("one name for two outputs", ["glasses"]),
                                ("empty", []), ("an int", 3), ("[None, None]", [None, None])],
                           edge=[("a tuple", ("smile", "shift_x"))])}),
        "save_classifier": Spec(
            lambda: in_tmp(cl.save_classifier, lambda d: {"model": face(), "path": d / "c.pt", "half": False}),
            {"model": Instance(cl.FaceCNN), "path": PathArg(), "half": Bool()}),
        "load_classifier": Spec(
            lambda: call(cl.load_classifier, path=CHECKPOINT_DIR / "swap_identity.pt"),
            {"path": PathArg(exists="file", bad=[("an autoencoder checkpoint", CHECKPOINT_DIR / "ae_mnist2.pt"),
                                                 ("an npz file", CHECKPOINT_DIR / "gan_mixtures.npz")])}, touches_global_rng=True),
    }
    return {f"course_lib.classifiers:{k}": v for k, v in S.items()}


# ----------------------------------------------------------------------------- course_lib.conditional
def _conditional_specs():
    from course_lib import conditional as cond
    from course_lib.checkpoints import CHECKPOINT_DIR

    grey = torch.from_numpy(_R.random((2, 1, 4, 4)).astype(np.float32))
    uv = torch.from_numpy((_R.random((2, 2, 4, 4)) - 0.5).astype(np.float32) * 0.4)
    inputs = torch.from_numpy(_R.random((3, 1, 4, 4)).astype(np.float32))
    targets = torch.from_numpy(_R.random((3, 1, 4, 4)).astype(np.float32))
    targets2 = torch.from_numpy(_R.random((3, 2, 4, 4)).astype(np.float32))

    def unet():
        return fresh("unet", lambda: cond.SmallUNet(1, 1, width=2))

    def cvae():
        return fresh("cvae", lambda: cond.ConditionalVAE(1, 2, z_dim=2, width=2))

    fit_kinds = {"steps": Count(), "batch_size": Count(), "lr": Real(0, 1, lo_open=True, hi_open=True),
                 "seed": Seed("torch"), "log_every": Count(), "lr_schedule": schedule_kind()}
    x4 = Array(("n", 1, "h", "w"), bad=[("5x4 pixels", torch.zeros(3, 1, 5, 4))])
    S = {
        "split_luma_chroma": Spec(lambda: call(cond.split_luma_chroma, rgb=COLOUR),
                                  {"rgb": Images(("n", None, None, 3), ndim=(4,), channels=(3,))}),
        "merge_luma_chroma": Spec(lambda: call(cond.merge_luma_chroma, grey=grey, uv=uv),
                                  {"grey": Array(("n", 1, "h", "w"), lo=0, hi=1), "uv": Array(("n", 2, "h", "w"))}),
        "coloured_hat_faces": Spec(lambda: call(cond.coloured_hat_faces, n=2, seed=0, size=8),
                                   {"n": Count(), "seed": Seed(), "size": Count(min=8)}),
        "SmallUNet": Spec(lambda: call(cond.SmallUNet, in_channels=2, out_channels=1, width=2, residual=True),
                          {"in_channels": Count(), "out_channels": Count(bad=[("more than in_channels (residual)", 3)]),
                           "width": Count(), "residual": Bool()}, touches_global_rng=True),
        "SmallUNet.forward": Spec(lambda: call(unet().forward, x=inputs), {"x": x4}),
        "SmallUNet.fit": Spec(
            lambda: call(unet().fit, inputs=inputs, targets=targets, steps=1, batch_size=2, lr=2e-3, seed=0, log_every=1,
                         lr_schedule=None),
            {"inputs": x4, "targets": Array(("n", 1, "h", "w")), **fit_kinds}),
        "ConditionalVAE": Spec(lambda: call(cond.ConditionalVAE, cond_channels=2, out_channels=2, z_dim=2, width=2,
                                            residual=False),
                               {"cond_channels": Count(), "out_channels": Count(), "z_dim": Count(), "width": Count(),
                                "residual": Bool()},
                               touches_global_rng=True),
        "ConditionalVAE.encode": Spec(lambda: call(cvae().encode, x=inputs, y=targets2),
                                      {"x": x4, "y": Array(("n", 2, "h", "w"))}),
        "ConditionalVAE.decode": Spec(lambda: call(cvae().decode, x=inputs, z=np.zeros((3, 2), np.float32)),
                                      {"x": x4, "z": Array(("n", 2))}),
        "ConditionalVAE.forward": Spec(lambda: call(cvae().forward, x=inputs, y=targets2),
                                       {"x": x4, "y": Array(("n", 2, "h", "w"))}, touches_global_rng=True),
        "ConditionalVAE.fit": Spec(
            lambda: call(cvae().fit, inputs=inputs, targets=targets2, steps=1, batch_size=2, lr=2e-3, seed=0,
                         noise_std=0.1, log_every=1, lr_schedule=[(0.5, 0.5)]),
            {"inputs": x4, "targets": Array(("n", 2, "h", "w")), **fit_kinds, "noise_std": Real(lo=0, lo_open=True)}),
        "n_parameters": Spec(lambda: call(cond.n_parameters, model=unet()), {"model": Instance(torch.nn.Module)}),
        "predict": Spec(lambda: call(cond.predict, model=unet(), inputs=inputs, batch_size=2),
                        {"model": Instance(torch.nn.Module), "inputs": x4, "batch_size": Count()}),
        "sample": Spec(
            lambda: call(cond.sample, model=cvae(), inputs=inputs, n_samples=2, seed=0, z=np.zeros((2, 2))),
            {"model": Instance(cond.ConditionalVAE), "inputs": x4, "n_samples": Count(dim="s"), "seed": Seed("torch"),
             "z": Array(("s", 2), allow_none=True, edge=[("None", None)])}),
        "make_task": Spec(lambda: call(cond.make_task, task="colorize", split="train", n=2),
                          {"task": Choice(cond.TASKS), "split": Choice(("train", "test")),
                           "n": Count(max=4000, allow_none=True)}),
        "build_model": Spec(lambda: call(cond.build_model, task="deblur"), {"task": Choice(cond.TASKS)},
                            touches_global_rng=True),
        "save_checkpoint": Spec(
            lambda: in_tmp(cond.save_checkpoint, lambda d: {"model": fresh("deblur", lambda: cond.build_model("deblur")),
                                                            "path": d / "u.pt", "task": "deblur",
                                                            "history": {"step": [1], "loss": [0.5]}}),
            {"model": Instance(torch.nn.Module, bad=[("another task's network", cond.SmallUNet(1, 1, width=2))]),
             "path": PathArg(), "task": Choice(cond.TASKS), "history": Dict(allow_none=True)}),
        "load_checkpoint": Spec(
            lambda: call(cond.load_checkpoint, path=CHECKPOINT_DIR / "app_deblur.pt", task="deblur"),
            {"path": PathArg(exists="file", bad=[("an autoencoder checkpoint", CHECKPOINT_DIR / "ae_mnist2.pt")]),
             "task": Choice(cond.TASKS, bad=[("another task", "depth")])}, touches_global_rng=True),
    }
    return {f"course_lib.conditional:{k}": v for k, v in S.items()}


# ----------------------------------------------------------------------------- course_lib.faceswap
def _faceswap_specs():
    from course_lib import faceswap as fs

    def model():
        return fresh("swap", lambda: fs.SwapAutoencoder(code_dim=4, width=2))

    x = np.moveaxis(FACES32, -1, 1).copy()
    faces = Images(("n", 32, 32, 3), ndim=(4,), channels=(3,))
    identity = Choice(("A", "B"))
    weights = _R.random((3, 32, 32)) + 0.5
    S = {
        "SwapAutoencoder": Spec(lambda: call(fs.SwapAutoencoder, code_dim=4, width=2),
                                {"code_dim": Count(), "width": Count()}, touches_global_rng=True),
        "SwapAutoencoder.encode": Spec(lambda: call(model().encode, x=x), {"x": Array(("n", 3, 32, 32))}),
        "SwapAutoencoder.decode": Spec(lambda: call(model().decode, code=np.ones((2, 4), np.float32), identity="B"),
                                       {"code": Array(("n", 4)), "identity": identity}),
        "SwapAutoencoder.forward": Spec(lambda: call(model().forward, x=x, identity="A"),
                                        {"x": Array(("n", 3, 32, 32)), "identity": identity}),
        "SwapAutoencoder.config": Spec(lambda: call(model().config), {}),
        "SwapAutoencoder.fit": Spec(
            lambda: call(model().fit, faces_a=FACES32, faces_b=FACES32[:2], steps=1, batch_size=2, lr=2e-3, seed=0,
                         log_every=1, warp_strength=1.0, weights_a=weights, weights_b=weights[:2], lr_schedule=[(0.5, 0.5)],
                         restarts=None),
            {"faces_a": faces, "faces_b": Images(("m", 32, 32, 3), ndim=(4,), channels=(3,)), "steps": Count(),
             "batch_size": Count(), "lr": Real(0, 1, lo_open=True, hi_open=True), "seed": Seed("torch"),
             "log_every": Count(), "warp_strength": Real(0, 1),
             "weights_a": Array(("n", 32, 32), lo=0, allow_none=True, edge=[("None", None)]),
             "weights_b": Array(("m", 32, 32), lo=0, allow_none=True, edge=[("None", None)]),
             "lr_schedule": schedule_kind(), "restarts": restarts_kind()}),
        "swap": Spec(lambda: call(fs.swap, model=model(), faces=FACES32, target="B", batch_size=2),
                     {"model": Instance(fs.SwapAutoencoder), "faces": faces, "target": identity, "batch_size": Count()}),
        "warp": Spec(lambda: call(fs.warp, x=torch.from_numpy(x), seed=0, strength=0.5),
                     {"x": Array(("n", 3, 32, 32), lo=0, hi=1), "seed": Seed("torch"), "strength": Real(0, 1)}),
    }
    return {f"course_lib.faceswap:{k}": v for k, v in S.items()}


# ----------------------------------------------------------------------------- course_lib.plotting
def _plotting_specs():
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from course_lib import plotting as pl

    grid = np.linspace(-2, 2, 5)
    p_data = np.array([0.05, 0.2, 0.4, 0.2, 0.05])
    snap = {"p_g": np.array([0.1, 0.2, 0.3, 0.2, 0.1]), "d": np.array([0.3, 0.5, 0.6, 0.5, 0.3])}
    hist = {"step": [1, 2, 3], "d_loss": [1.4, 1.3, 1.35], "g_loss": [0.7, 0.8, 0.75], "d_real": [0.5, 0.6, 0.55],
            "d_fake": [0.5, 0.4, 0.45]}

    def with_figure(fn, make_kwargs):
        fig, ax = plt.subplots()
        return call(fn, teardown=_close_figures, **make_kwargs(fig, ax))

    def drawing(fn, **kwargs):
        return call(fn, teardown=_close_figures, **kwargs)

    snapshot_kind = Dict(bad=[("no 'd'", {"p_g": snap["p_g"]}), ("a short 'd'", {**snap, "d": snap["d"][:3]}),
                              ("NaN in 'p_g'", {**snap, "p_g": np.array([np.nan, 0.2, 0.3, 0.2, 0.1])}),
                              ("strings", {**snap, "d": np.array(list("abcde"))}), ("'d' above 1", {**snap, "d": snap["d"] + 1}),
                              ("negative 'p_g'", {**snap, "p_g": -snap["p_g"]})])
    snapshots = [(0, snap), (10, {**snap, "d": snap["d"][::-1].copy()})]
    samples = [POINTS, POINTS + 0.1]
    S = {
        "use_course_style": Spec(lambda: call(pl.use_course_style), {}),
        "image_grid": Spec(
            lambda: drawing(pl.image_grid, images=GREY[[0, 1, 0, 1]], nrows=2, ncols=None, ax=None, title="t",
                            cmap="gray", vmin=0.0, vmax=1.0, pad=1, row_labels=["a", "b"]),
            {"images": Images(unit_range=False), "nrows": Count(allow_none=True, edge_min=False),
             "ncols": Count(allow_none=True),
             "ax": Instance(Axes, allow_none=True), "title": Text(allow_none=True),
             "cmap": Kind(bad=[("an int", 3), ("unknown name", "no-such-colormap"), ("a list", ["gray"])],
                          edge=[("a Colormap", matplotlib.colormaps["viridis"])]),
             "vmin": Real(allow_none=True, bad=[("above vmax", 2.0)], edge=[("None", None)]),
             "vmax": Real(allow_none=True, bad=[("below vmin", -1.0)], edge=[("None", None)]),
             "pad": NonnegInt(), "row_labels": Kind(allow_none=True, bad=[("one label for two rows", ["a"]),
                                                                         ("a string", "ab"), ("an int", 3)],
                                                    edge=[("numbers", [1, 2]), ("None", None)])},
            compare=False),
        "plot_gan_history": Spec(
            lambda: drawing(pl.plot_gan_history, history=dict(hist), titles=("a", "b"), reference_loss=1.386,
                            reference_label="log 4"),
            {"history": Dict(bad=[("no 'd_fake'", {k: v for k, v in hist.items() if k != "d_fake"}),
                                  ("a short 'g_loss'", {**hist, "g_loss": [0.7]}),
                                  ("strings", {**hist, "d_loss": ["a", "b", "c"]}),
                                  ("NaN", {**hist, "d_loss": [1.4, np.nan, 1.3]})],
                             edge=[("a History", of_valid(lambda v: __import__("course_lib.training", fromlist=["x"]).History(v))),
                                   ("arrays", {k: np.asarray(v) for k, v in hist.items()})]),
             "titles": Kind(bad=[("a string", "ab"), ("one title", ("a",)), ("an int", 3), ("numbers", (1, 2))],
                            edge=[("a list", ["x", "y"])]),
             "reference_loss": Real(allow_none=True, edge=[("None", None)]),
             "reference_label": Text(allow_none=True)}, compare=False),
        "draw_one_d_snapshot": Spec(
            lambda: with_figure(pl.draw_one_d_snapshot, lambda fig, ax: dict(ax=ax, grid=grid, p_data=p_data,
                                                                              snapshot=dict(snap), title="t",
                                                                              show_optimal=True)),
            {"ax": Instance(Axes), "grid": Array(("g",)), "p_data": Array(("g",), lo=0), "snapshot": snapshot_kind,
             "title": Text(), "show_optimal": Bool()}, compare=False),
        "one_d_legend": Spec(
            lambda: with_figure(pl.one_d_legend, lambda fig, ax: dict(fig=fig, ax=ax, right=ax.twinx())),
            {"fig": Instance(Figure), "ax": Instance(Axes), "right": Instance(Axes)}, compare=False),
        "make_one_d_drawer": Spec(
            lambda: drawing(pl.make_one_d_drawer, grid=grid, p_data=p_data, snapshots=list(snapshots), figsize=(3, 2)),
            {"grid": Array(("g",), bad=[("decreasing", grid[::-1].copy())]), "p_data": Array(("g",), lo=0),
             "snapshots": Kind(bad=[("empty", []), ("a string", "abc"), ("a bare pair", (0, snap)),
                                    ("a snapshot without 'd'", [(0, {"p_g": snap["p_g"]})]),
                                    ("a short snapshot", [(0, {**snap, "d": snap["d"][:2]})]),
                                    ("a string step", [("a", snap)]), ("a dict", {0: snap})],
                               edge=[("a tuple", tuple(snapshots))]),
             "figsize": figsize_kind()}, compare=False),
        "make_two_d_drawer": Spec(
            lambda: drawing(pl.make_two_d_drawer, samples=list(samples), centers=CENTERS, steps=[0, 10], lim=3.0,
                            figsize=(3, 3)),
            {"samples": Kind(bad=[("empty", []), ("a string", "abc"), ("3 columns", [np.zeros((4, 3)), np.zeros((4, 3))]),
                                  ("NaN inside", [POINTS, np.full((6, 2), np.nan)]), ("1-D", [np.zeros(4), np.zeros(4)])],
                              edge=[("an array (k, n, 2)", np.stack(samples)), ("a tuple", tuple(samples))]),
             "centers": Array(("k", 2)),
             "steps": Kind(bad=[("wrong length", [0, 1, 2]), ("strings", ["a", "b"]), ("negative", [-1, 5]),
                                ("an int", 3), ("floats", [0.5, 1.5])],
                           edge=[("an array", np.array([0, 10])), ("a range", range(0, 20, 10))]),
             "lim": Real(lo=0, lo_open=True), "figsize": figsize_kind()}, compare=False),
    }
    return {f"course_lib.plotting:{k}": v for k, v in S.items()}


# ----------------------------------------------------------------------------- course_lib.widgets
def _widget_specs():
    from course_lib import autoencoder as ae
    from course_lib import widgets as w

    W = _R.normal(size=(3, 4 * 4 * 3)) * 0.1
    z0, z1 = _R.normal(size=3), _R.normal(size=3)
    dirs = {"a": np.array([1.0, 0.0, 0.0]), "b": np.array([0.0, 0.5, 0.5])}

    def decode_fn(Z):
        Z = np.asarray(Z, np.float64)
        return (0.5 + Z @ W).reshape(len(Z), 4, 4, 3)

    directions = Dict(bad=[("a vector of the wrong length", {"a": np.zeros(2)}), ("NaN", {"a": np.array([np.nan, 0, 0])}),
                           ("a string vector", {"a": "xyz"}), ("empty", {}), ("a 2-D vector", {"a": np.zeros((1, 3))})])
    decode_kind = Callable(bad=[("returning one image without a batch axis", lambda Z: np.zeros((4, 4))),
                                ("returning strings", lambda Z: "abc")])
    S = {
        "combine_directions": Spec(
            lambda: call(w.combine_directions, z0=z0, directions=dict(dirs), amounts={"a": 1.0, "b": -0.5}),
            {"z0": Array(("d",)), "directions": directions,
             "amounts": Dict(bad=[("unknown direction", {"zz": 1.0}), ("a string amount", {"a": "1"}),
                                  ("NaN amount", {"a": float("nan")}), ("an array amount", {"a": np.array([1.0])})],
                             edge=[("numpy scalars", {"a": np.float32(1.0)}), ("empty", {})])}),
        "model_decoder": Spec(
            lambda: call(w.model_decoder, model=fresh("ae_mlpFalse", lambda: ae.MLPAutoencoder((4, 4), 2, hidden=(8,)))),
            {"model": Instance(ae.MLPAutoencoder)}),
        "direction_explorer": Spec(
            lambda: call(w.direction_explorer, teardown=_close_figures, decode_fn=decode_fn, z0=z0,
                         directions=dict(dirs), span=3.0, step=0.1, draw=False, figsize=3.5),
            {"decode_fn": decode_kind, "z0": Array(("d",)), "directions": directions, "span": Real(lo=0, lo_open=True),
             "step": Real(lo=0, lo_open=True), "draw": Bool(), "figsize": Real(lo=0, lo_open=True)}),
        "interpolation_explorer": Spec(
            lambda: call(w.interpolation_explorer, teardown=_close_figures, decode_fn=decode_fn, z0=z0, z1=z1,
                         method="slerp", draw=False, figsize=3.5),
            {"decode_fn": decode_kind, "z0": Array(("d",)), "z1": Array(("d",)), "method": Choice(("lerp", "slerp")),
             "draw": Bool(), "figsize": Real(lo=0, lo_open=True)}),
        "explore": Spec(lambda: call(w.explore, draw=lambda k=0: k, controls={"k": (0, 3)}),
                        {"draw": Callable(), "controls": Kind(bad=[("empty", {}), ("a list", [1, 2]),
                                                                   ("a key that is no name", {"1x": (0, 3)})])}),
        "snapshot_slider": Spec(lambda: call(w.snapshot_slider, draw=lambda k=0: k, n_snapshots=3, description="s"),
                                {"draw": Callable(), "n_snapshots": Count(), "description": Text()}),
    }
    return {f"course_lib.widgets:{k}": v for k, v in S.items()}


# ----------------------------------------------------------------------------- course_lib.recipes
def _recipes_specs():
    from course_lib import conditional as cond
    from course_lib import recipes
    from course_lib.checkpoints import CHECKPOINT_DIR
    from course_lib.data import faces as faces_mod

    digits8 = _R.random((8, 28, 28)).astype(np.float32)
    labels8 = np.arange(8) % 10

    def tiny_mnist(seed=0):
        return digits8, labels8, digits8[:4], labels8[:4]

    def capped_faces(n, **kw):
        return faces_mod.make_faces(min(int(n), 4), **kw)

    def capped_lecture8(n, seed):
        return _ORIG_LECTURE8(min(int(n), 4), seed)

    _ORIG_LECTURE8 = recipes.lecture8_faces

    def capped_task(task, split="train", n=None):
        return _ORIG_TASK(task, split, 4)

    _ORIG_TASK = cond.make_task
    out_dir = PathArg(exists="dir")
    identity = Choice(("A", "B"))
    _, table = recipes.identity_faces("A", 2, seed=0)
    S = {
        "train_mixture_gan": Spec(
            lambda: call(recipes.train_mixture_gan, centers=CENTERS, std=0.1, recipe="plain", seed=0, steps=2),
            {"centers": Array(("k", 2)), "std": Real(lo=0), "recipe": Choice(tuple(recipes.MIXTURE_RECIPES)),
             "seed": Seed("torch"), "steps": Count(allow_none=True)}),
        "train_digit_gan": Spec(
            lambda: call(recipes.train_digit_gan, images=DIGITS, steps=1, seed=0),
            {"images": Images(("n", 28, 28), channels=(1,)), "steps": Count(allow_none=True), "seed": Seed("torch")}),
        "lecture8_faces": Spec(lambda: call(recipes.lecture8_faces, n=2, seed=0), {"n": Count(), "seed": Seed()}),
        "identity_faces": Spec(lambda: call(recipes.identity_faces, identity="B", n=2, seed=0),
                               {"identity": identity, "n": Count(), "seed": Seed()}),
        "expression_weights": Spec(
            lambda: call(recipes.expression_weights, table=dict(table), priority=10.0),
            {"table": Dict(bad=[("no 'smile'", {k: v for k, v in table.items() if k != "smile"}),
                                ("NaN tilt", {**table, "tilt": np.array([np.nan, 0.0])}),
                                ("a column of the wrong length", {**table, "tilt": np.zeros(3)})]),
             "priority": Real(lo=1)}, batch=None),
        "load_digit_classifier": Spec(
            lambda: call(recipes.load_digit_classifier, path=CHECKPOINT_DIR / "digit_classifier.pt"),
            {"path": PathArg(exists="file", bad=[("a face classifier", CHECKPOINT_DIR / "attr_faces.pt")])}, touches_global_rng=True),
        "load_digit_gan": Spec(
            lambda: call(recipes.load_digit_gan, path=CHECKPOINT_DIR / "gan_digits.pt"),
            {"path": PathArg(exists="file", bad=[("a classifier", CHECKPOINT_DIR / "digit_classifier.pt")])}, touches_global_rng=True),
        "load_attribute_classifier": Spec(
            lambda: call(recipes.load_attribute_classifier, path=CHECKPOINT_DIR / "attr_faces.pt"),
            {"path": PathArg(exists="file", bad=[("the digit classifier", CHECKPOINT_DIR / "digit_classifier.pt")])}, touches_global_rng=True),
        "load_swap_autoencoder": Spec(
            lambda: call(recipes.load_swap_autoencoder, path=CHECKPOINT_DIR / "swap_autoencoder.pt"),
            {"path": PathArg(exists="file", bad=[("an autoencoder of digits", CHECKPOINT_DIR / "ae_mnist2.pt")])}, touches_global_rng=True),
        "load_swap_models": Spec(
            lambda: call(recipes.load_swap_models, folder=CHECKPOINT_DIR),
            {"folder": PathArg(exists="dir", bad=[("a folder without them", Path(tempfile.gettempdir()))])}, touches_global_rng=True),
        "make_digit_classifier": Spec(
            lambda: in_tmp(recipes.make_digit_classifier, lambda d: {"out": d},
                           [(recipes, "mnist_float", tiny_mnist)]),
            {"out": out_dir}, touches_global_rng=True),
        "make_digit_gan": Spec(
            lambda: in_tmp(recipes.make_digit_gan, lambda d: {"out": d},
                           [(recipes, "mnist_float", tiny_mnist),
                            (recipes, "DIGIT_RECIPE", {**recipes.DIGIT_RECIPE, "steps": 1, "channels": 2, "latent_dim": 4,
                                                       "batch_size": 4})]),
            {"out": out_dir}, touches_global_rng=True),
        "make_mnist_autoencoders": Spec(
            lambda: in_tmp(recipes.make_mnist_autoencoders, lambda d: {"out": d},
                           [(recipes, "mnist_float", tiny_mnist), (recipes, "MNIST_EPOCHS", 1)]),
            {"out": out_dir}, touches_global_rng=True),
        "make_face_vae": Spec(
            lambda: in_tmp(recipes.make_face_vae, lambda d: {"out": d, "name": "vae.pt", "n": 4, "epochs": 1, "width": 2},
                           [(recipes, "lecture8_faces", capped_lecture8)]),
            {"out": out_dir, "name": Text(allow_empty=False, bad=[("a path", "sub/vae.pt"), ("..", "..")])},
            touches_global_rng=True),
        "make_attribute_classifier": Spec(
            lambda: in_tmp(recipes.make_attribute_classifier, lambda d: {"out": d},
                           [(recipes, "make_faces", capped_faces), (recipes, "ATTR_EPOCHS", 1)]),
            {"out": out_dir}, touches_global_rng=True),
        "make_app_checkpoint": Spec(
            lambda: in_tmp(recipes.make_app_checkpoint, lambda d: {"task": "colorize", "out": d},
                           [(cond, "make_task", capped_task), (recipes, "APP_STEPS", dict.fromkeys(cond.TASKS, 1))]),
            {"task": Choice(cond.TASKS), "out": out_dir}, touches_global_rng=True),
        "make_swap_checkpoints": Spec(
            lambda: in_tmp(recipes.make_swap_checkpoints, lambda d: {"out": d, "parts": ("autoencoder",), "n_train": 2},
                           [(recipes, "SWAP_RECIPE", {**recipes.SWAP_RECIPE, "steps": 1, "width": 2, "code_dim": 4,
                                                      "batch_size": 2})]),
            {"out": out_dir,
             "parts": Kind(bad=[("unknown", ("decoder",)), ("empty", ()), ("an int", 3), ("[None]", [None])],
                           edge=[("a single name", "autoencoder"), ("a list", ["autoencoder"])]),
             "n_train": Count()}, touches_global_rng=True),
    }
    return {f"course_lib.recipes:{k}": v for k, v in S.items()}


#: The modules whose every public callable has a spec in this file.
NN_MODULES = ("course_lib.autoencoder", "course_lib.classifiers", "course_lib.conditional", "course_lib.faceswap",
              "course_lib.gan", "course_lib.imaging", "course_lib.metrics", "course_lib.plotting", "course_lib.widgets",
              "course_lib.recipes", "course_lib.training")
NN_SPECS: dict[str, Spec | Skip] = {}
#: Spec makers that raised (a module being rewritten must not hide the specs of the others).
NN_SPEC_ERRORS: dict[str, str] = {}
for _make in (_training_specs, _imaging_specs, _metrics_specs, _gan_specs, _autoencoder_specs, _classifier_specs,
              _conditional_specs, _faceswap_specs, _plotting_specs, _widget_specs, _recipes_specs):
    try:
        NN_SPECS.update(_make())
    except Exception as _err:  # noqa: BLE001 -- reported by test_public_api_nn.py
        NN_SPEC_ERRORS[_make.__name__] = f"{type(_err).__name__}: {_err}"
api.SPECS.update(NN_SPECS)


def run_nn_battery(prefixes=None, modules=NN_MODULES) -> api.Report:
    """The battery over these specs (of ``modules``, and of the module-name ``prefixes`` if given), with torch
    on one thread: on a busy machine a second thread makes these tiny models many times slower. The thread
    count is restored."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return api.run_battery(NN_SPECS, prefixes=prefixes, modules=modules)
    finally:
        torch.set_num_threads(threads)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    api.print_report(run_nn_battery(args or None), "-v" in sys.argv)
