"""The library's conventions (CONTRIBUTING.md, "Library conventions"), checked over every public callable.

The bad-input battery (tests/test_public_api*.py) checks what the callables do with bad input; this
file checks the shape of the API itself: one style of ``fit`` (a method that trains in place, returns
the model, and leaves its curves in ``model.history``), one name and one meaning for seeds and counts,
NumPy at the named boundaries, and that seeded functions leave the global RNG state alone.
"""

import importlib
import inspect
import pkgutil
import typing

import numpy as np
import pytest
import torch

import course_lib
from course_lib.training import History


def _public():
    out = {}
    for info in pkgutil.walk_packages(course_lib.__path__, "course_lib."):
        if any(part.startswith("_") for part in info.name.split(".")):
            continue
        mod = importlib.import_module(info.name)
        for name, obj in vars(mod).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != info.name:
                continue
            if inspect.isfunction(obj):
                out[f"{info.name}:{name}"] = obj
            elif inspect.isclass(obj):
                out[f"{info.name}:{name}"] = obj.__init__
                for k in dir(obj):                    # own and inherited methods written in course_lib
                    v = inspect.getattr_static(obj, k)
                    v = v.__func__ if isinstance(v, (classmethod, staticmethod)) else v
                    if (not k.startswith("_") and inspect.isfunction(v)
                            and getattr(v, "__module__", "").startswith("course_lib")):
                        out[f"{info.name}:{name}.{k}"] = v
    return out


PUBLIC = _public()
VAE = __import__("course_lib.autoencoder", fromlist=["x"]).MLPAutoencoder((4, 4), 2, hidden=(4,), variational=True)
# Parameter names the conventions replaced: a seed is `seed`, a count is `n` (or n_<what>).
OLD_NAMES = {"seed_or_gen", "rng", "random_state", "generator", "num", "count", "m", "num_samples", "n_sample"}


def test_the_enumeration_sees_the_whole_library():
    assert len(PUBLIC) > 150
    assert "course_lib.training:minimise" in PUBLIC and "course_lib.rbm:RBM.fit" in PUBLIC


def test_seeds_and_counts_have_one_name():
    bad = {}
    for key, f in PUBLIC.items():
        names = set(inspect.signature(f).parameters)
        if key.startswith("course_lib.gan:"):
            names.discard("generator")        # the GAN's generator network, not a random generator
        bad[key] = sorted(OLD_NAMES & names)
    bad = {k: v for k, v in bad.items() if v}
    assert not bad, f"use `seed` (int or generator) and `n` for counts: {bad}"


def test_seed_defaults_are_ints_or_none():
    bad = {}
    for key, f in PUBLIC.items():
        p = inspect.signature(f).parameters.get("seed")
        if p is not None and p.default is not inspect.Parameter.empty and not (
                p.default is None or (isinstance(p.default, int) and not isinstance(p.default, bool))):
            bad[key] = p.default
    assert not bad, bad


def test_every_fit_is_a_method_that_returns_the_model():
    fits = {k: f for k, f in PUBLIC.items() if k.endswith(".fit")}
    assert len(fits) >= 9, sorted(fits)
    wrong = {k: typing.get_type_hints(f).get("return") for k, f in fits.items()}
    wrong = {k: v for k, v in wrong.items() if v is not typing.Self}
    assert not wrong, f"fit trains in place and returns the model (-> Self), its curves in .history: {wrong}"
    classmethod_fits = [k for k in fits if isinstance(inspect.getattr_static(
        getattr(importlib.import_module(k.split(":")[0]), k.split(":")[1].split(".")[0]), "fit"), classmethod)]
    assert not classmethod_fits, f"a constructor is from_<what>, not fit: {classmethod_fits}"
    trainers = [k for k in PUBLIC if k.split(":", 1)[1].startswith("train_") and k != "course_lib.gan:train_gan"
                and not k.endswith(":train_test_indices")
                and not k.startswith("course_lib.recipes:")]
    assert not trainers, f"module-level trainers besides the GAN loop and the recipes: {trainers}"


def test_fit_leaves_a_history_of_aligned_rows():
    from course_lib.bayes import ClassConditionalGaussian
    from course_lib.density import BernoulliMixture
    from course_lib.rbm import RBM

    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 2))
    Xb = (rng.random((40, 6)) < 0.3).astype(float)
    models = [ClassConditionalGaussian().fit(X, np.arange(40) % 2), BernoulliMixture(2).fit(Xb, n_iter=5),
              RBM(6, 3).fit(Xb, epochs=2, batch_size=10), VAE.fit(rng.random((8, 4, 4)), epochs=2, batch_size=4)]
    for m in models:
        assert isinstance(m.history, History) and "step" in m.history, type(m).__name__
        assert len({len(v) for v in m.history.values()}) == 1, (type(m).__name__, m.history)
        assert m.history["step"] == sorted(m.history["step"])


def test_boundary_functions_return_numpy():
    from course_lib import autoencoder, classifiers, faceswap, gan

    torch.manual_seed(0)
    ae = autoencoder.MLPAutoencoder((4, 4), 2, hidden=(4,))
    x = np.random.default_rng(0).random((3, 4, 4))
    outs = [autoencoder.encode(ae, x), autoencoder.decode(ae, np.zeros((2, 2))), autoencoder.reconstruct(ae, x),
            gan.generate(gan.MLPGenerator(2, 2, (4,)), 5), gan.generate(gan.ConvGenerator(4, 4), 2),
            classifiers.predict(classifiers.DigitCNN(), np.zeros((2, 28, 28))),
            faceswap.swap(faceswap.SwapAutoencoder(4, 2), np.zeros((1, 32, 32, 3)), "B")]
    assert all(isinstance(o, np.ndarray) for o in outs)
    assert outs[4].shape == (2, 28, 28)        # images come out in the public layout


@pytest.mark.parametrize("call", [
    lambda: __import__("course_lib.data.mixtures", fromlist=["x"]).sample_ring(10, seed=1),
    lambda: __import__("course_lib.gan", fromlist=["x"]).latent_noise(4, 2, seed=1),
    lambda: __import__("course_lib.recipes", fromlist=["x"]).train_mixture_gan(np.zeros((2, 2)), 0.1, "plain",
                                                                             seed=1, steps=2),
    lambda: VAE.fit(np.random.default_rng(0).random((8, 4, 4)), epochs=1, batch_size=4),
])
def test_seeded_functions_leave_the_global_rng_alone(call):
    torch_state, np_state = torch.get_rng_state(), np.random.get_state()
    call()
    assert torch.equal(torch_state, torch.get_rng_state())
    assert all(np.array_equal(a, b) if isinstance(a, np.ndarray) else a == b
               for a, b in zip(np_state, np.random.get_state()))
