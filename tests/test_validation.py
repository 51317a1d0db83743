"""Inputs a student can type: the valid edge cases work (float64, NumPy arrays, a batch of 1, NumPy
scalars), the bad ones get a ValueError/TypeError that names the argument -- never a silent wrong
answer or an error from deep inside torch."""

import numpy as np
import pytest
import torch

from course_lib import autoencoder as ae
from course_lib import conditional as c
from course_lib import gan, metrics, recipes
from course_lib._validate import as_float_tensor
from course_lib.classifiers import DigitCNN, FaceCNN
from course_lib.data.mixtures import GRID_STD, grid_centers
from course_lib.faceswap import SwapAutoencoder

torch.manual_seed(0)
MODELS = {
    "MLPGenerator": (lambda: gan.MLPGenerator(2, 2), lambda n: torch.rand(n, 2)),
    "MLPDiscriminator": (lambda: gan.MLPDiscriminator(2), lambda n: torch.rand(n, 2)),
    "ConvGenerator": (lambda: gan.ConvGenerator(8, 4), lambda n: torch.rand(n, 8)),
    "ConvDiscriminator": (lambda: gan.ConvDiscriminator(4), lambda n: torch.rand(n, 1, 28, 28)),
    "DigitCNN": (DigitCNN, lambda n: torch.rand(n, 1, 28, 28)),
    "FaceCNN": (lambda: FaceCNN(1, channels=(4, 8, 8)), lambda n: torch.rand(n, 3, 32, 32)),
    "SmallUNet": (lambda: c.build_model("deblur"), lambda n: torch.rand(n, 1, 28, 28)),
}


@pytest.mark.parametrize("name", sorted(MODELS))
def test_models_accept_float64_numpy_and_a_batch_of_one(name):
    make, data = MODELS[name]
    model = make().eval()
    x = data(3)
    with torch.no_grad():
        ref = model(x)
        torch.testing.assert_close(model(x.double()), ref)                  # float64: same answer
        torch.testing.assert_close(model(x.numpy()), ref)                   # numpy: same answer
        torch.testing.assert_close(model(x[:1]), ref[:1], atol=1e-5, rtol=1e-5)   # a batch of one


@pytest.mark.parametrize("name", sorted(MODELS))
def test_models_reject_nan_wrong_shape_and_strings_by_name(name):
    make, data = MODELS[name]
    model = make().eval()
    x = data(2)
    bad_nan = x.clone()
    bad_nan.view(-1)[0] = float("nan")
    with pytest.raises(ValueError, match=r"\b(x|z)\b.*NaN"):
        model(bad_nan)
    with pytest.raises(ValueError, match=r"\b(x|z)\b must"):
        model(x.reshape(-1)[:7])
    with pytest.raises(TypeError, match=r"\b(x|z)\b must"):
        model("an image")
    with pytest.raises(TypeError, match=r"\b(x|z)\b must hold real numbers"):
        model(x > 0.5)


def test_gradients_flow_through_the_input_check():
    """R1's gradient penalty differentiates D with respect to its input."""
    D = gan.MLPDiscriminator(2)
    x = torch.rand(4, 2, requires_grad=True)
    assert as_float_tensor(x, "x") is x
    (g,) = torch.autograd.grad(D(x).sum(), x)
    assert g.shape == x.shape and torch.isfinite(g).all()


def test_zero_steps_is_an_error_not_the_full_recipe():
    with pytest.raises(ValueError, match="steps"):
        recipes.train_mixture_gan(grid_centers(), GRID_STD, "plain", steps=0)
    with pytest.raises(ValueError, match="steps"):
        recipes.train_digit_gan(np.zeros((8, 28, 28), np.float32), steps=0)
    with pytest.raises(ValueError, match="steps"):
        SwapAutoencoder(8, 4).fit(np.zeros((2, 32, 32, 3)), np.zeros((2, 32, 32, 3)), steps=0)


def test_make_checkpoints_needs_an_existing_folder_and_known_parts(tmp_path):
    with pytest.raises(FileNotFoundError, match="out"):
        recipes.make_swap_checkpoints(tmp_path / "nope", parts=("autoencoder",))
    with pytest.raises(ValueError, match="parts"):
        recipes.make_swap_checkpoints(tmp_path, parts=())


def test_frechet_distance_rejects_matrices_that_are_not_covariances():
    mu = np.zeros(2)
    assert metrics.frechet_distance(mu, np.eye(2), mu, np.eye(2)) == pytest.approx(0.0, abs=1e-9)
    assert metrics.frechet_distance(mu, np.eye(2), mu + 1, 4 * np.eye(2)) == pytest.approx(2 + 2, abs=1e-9)
    with pytest.raises(ValueError, match="cov1.*positive semi-definite"):
        metrics.frechet_distance(mu, -np.eye(2), mu, np.eye(2))
    with pytest.raises(ValueError, match="cov2.*symmetric"):
        metrics.frechet_distance(mu, np.eye(2), mu, np.array([[1.0, 0.5], [0.0, 1.0]]))


def test_vae_loss_rejects_pixels_outside_0_1():
    model = ae.MLPAutoencoder((28, 28), 2, variational=True)
    x = torch.rand(4, 28, 28)
    assert ae.autoencoder_loss(model, x)["recon"].item() > 0
    with pytest.raises(ValueError, match=r"x must hold pixel values in \[0, 1\].*255"):
        ae.autoencoder_loss(model, 255 * x)


def test_conditional_fit_rejects_targets_of_the_wrong_shape():
    model = c.build_model("deblur")
    with pytest.raises(ValueError, match=r"targets must have shape \(n, 1, 28, 28\)"):
        model.fit(torch.rand(8, 1, 28, 28), torch.rand(8, 1, 14, 14), steps=1)
    with pytest.raises(ValueError, match="targets must have shape"):
        model.fit(torch.rand(8, 1, 28, 28), torch.rand(8, 2, 28, 28), steps=1)


def test_numpy_scalars_are_accepted_where_numbers_are():
    G, D, _ = recipes.train_mixture_gan(grid_centers(), GRID_STD, "plain", seed=np.int64(1), steps=np.int64(2))
    gan.train_gan(gan.MLPGenerator(2, 2), gan.MLPDiscriminator(2), torch.rand(50, 2), steps=2,
                  lr_g=np.float64(1e-3), lr_d=np.float32(1e-3))
