"""Tests of course_lib.recipes: the lecture data, the loss weights, the factories' argument checks."""

import numpy as np
import pytest
import torch

from course_lib import recipes


def test_identity_faces_share_expression_and_pose():
    a, ta = recipes.identity_faces("A", 8, seed=5)
    b, tb = recipes.identity_faces("B", 8, seed=5)
    assert a.shape == (8, 32, 32, 3)
    for name in recipes.READER_ATTRIBUTES:
        np.testing.assert_array_equal(ta[name], tb[name])
    assert not np.allclose(a, b)
    assert set(ta["identity"]) == {0} and set(tb["identity"]) == {1}


def test_expression_weights_mark_eyes_and_mouth():
    _, ta = recipes.identity_faces("A", 8, seed=5)
    w = recipes.expression_weights(ta, priority=5.0)
    assert w.shape == (8, 32, 32) and set(np.unique(w)) == {1.0, 5.0}
    rows, cols = np.nonzero(w[0] > 1)
    assert 10 < len(rows) < 200                      # a few dozen pixels, not the whole face
    assert 8 < rows.mean() < 26 and 8 < cols.mean() < 24  # in the middle of the image


def test_lecture8_faces_are_both_identities_and_seeded():
    X, t = recipes.lecture8_faces(40, seed=1)
    X2, _ = recipes.lecture8_faces(40, seed=1)
    np.testing.assert_array_equal(X, X2)
    assert set(np.unique(t["identity"])) == {0, 1}


def test_mixture_recipe_short_run_is_seeded_and_keeps_global_rng():
    from course_lib.data.mixtures import ring_centers

    state = torch.get_rng_state()
    _, _, h1 = recipes.train_mixture_gan(ring_centers(), 0.01, "plain", seed=0, steps=5, log_every=1)
    _, _, h2 = recipes.train_mixture_gan(ring_centers(), 0.01, "plain", seed=0, steps=5, log_every=1)
    assert torch.equal(state, torch.get_rng_state())
    assert h1["d_loss"] == h2["d_loss"] and h1["step"] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("call, err", [
    (lambda: recipes.identity_faces("Alice", 2), ValueError),
    (lambda: recipes.identity_faces("A", 0), ValueError),
    (lambda: recipes.expression_weights({"tilt": [0.0]}), ValueError),
    (lambda: recipes.expression_weights(recipes.identity_faces("A", 2)[1], priority=0.5), ValueError),
    (lambda: recipes.make_swap_checkpoints("/tmp", parts=("everything",)), ValueError),
    (lambda: recipes.make_swap_checkpoints("/nonexistent-dir"), FileNotFoundError),
    (lambda: recipes.load_swap_models("/nonexistent-dir"), FileNotFoundError),
    (lambda: recipes.train_mixture_gan(np.zeros((2, 2)), 0.1, recipe="best"), ValueError),
    (lambda: recipes.train_digit_gan(np.zeros((2, 32, 32))), ValueError),
    (lambda: recipes.make_app_checkpoint("paint"), ValueError),
    (lambda: recipes.lecture8_faces(0, 1), ValueError),
])
def test_bad_inputs(call, err):
    with pytest.raises(err):
        call()



def test_lecture8_faces_carry_age_and_the_referee_reads_it():
    X, t = recipes.lecture8_faces(40, seed=1)
    assert t["age"].shape == (40,) and 0 <= t["age"].min() and t["age"].max() <= 1
    # age is drawn after every other factor: the rest of the table is that of the faces without age
    ids = np.random.default_rng(1001).integers(0, 2, 40)
    _, plain = recipes.make_faces(40, seed=1, identity=ids, ranges=recipes.WIDE_POSE, feature_scale=recipes.FEATURE_SCALE)
    assert all(np.array_equal(plain[k], t[k]) for k in plain)
    clf = recipes.load_attribute_classifier()
    assert clf.n_outputs == len(recipes.BINARY_ATTRIBUTES) and clf.extra["names"] == list(recipes.BINARY_ATTRIBUTES)
    assert clf.factor_reader.n_outputs == len(recipes.REFEREE_FACTORS) and "age" in recipes.REFEREE_FACTORS
    assert clf.extra["factor_names"] == list(recipes.REFEREE_FACTORS) and "factor_reader" not in clf.extra
    assert not clf.factor_reader.training and "factor_reader" not in dict(clf.named_modules())


def test_lecture8_vaes_have_their_recipes():
    from course_lib.autoencoder import load_autoencoder
    from course_lib.checkpoints import CHECKPOINT_DIR
    for name, beta, epochs in (("vae_faces32.pt", recipes.FACES_VAE["beta"], recipes.FACES_VAE["epochs"]),
                               ("vae_faces32_beta1.pt", recipes.FACES_VAE_BETA1["beta"], recipes.FACES_VAE_BETA1["epochs"])):
        vae = load_autoencoder(CHECKPOINT_DIR / name)
        assert vae.extra["beta"] == beta and vae.extra["epochs"] == epochs and vae.latent_dim == 32
