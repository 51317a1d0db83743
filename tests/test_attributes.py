"""Tests of course_lib.attributes: the attribute classifier's plumbing, blur, checkpoints, bad inputs."""

import numpy as np
import pytest
import torch

from course_lib.attributes import (
    AttributeClassifier,
    attribute_matrix,
    load_classifier,
    predict_attributes,
    predict_proba,
    random_blur,
    save_classifier,
    train_attribute_classifier,
)
from course_lib.data.faces import BINARY_ATTRIBUTES, make_faces


def test_attribute_matrix_column_order():
    _, t = make_faces(7, seed=0)
    A = attribute_matrix(t)
    assert A.shape == (7, 5)
    for j, name in enumerate(BINARY_ATTRIBUTES):
        np.testing.assert_array_equal(A[:, j], t[name])


def test_random_blur_keeps_constants_and_tiny_sigma_is_identity():
    x = torch.rand(3, 8, 8, 3)
    g = torch.Generator().manual_seed(0)
    torch.testing.assert_close(random_blur(x, 1e-4, g), x, atol=1e-5, rtol=0)
    c = torch.full((2, 8, 8, 3), 0.3)
    torch.testing.assert_close(random_blur(c, 2.0, g), c)
    b = random_blur(x, 2.0, g)
    assert b.shape == x.shape and b.std() < x.std()


def test_classifier_shapes_training_and_checkpoint(tmp_path):
    X, t = make_faces(256, seed=1)
    model, hist = train_attribute_classifier(X, t, epochs=2, batch_size=64, seed=0, width=4)
    assert len(hist["loss"]) == 2 and np.isfinite(hist["loss"]).all()
    assert hist["loss"][1] < hist["loss"][0]
    P = predict_proba(model, X[:10])
    assert P.shape == (10, 5) and P.min() >= 0 and P.max() <= 1
    np.testing.assert_array_equal(predict_attributes(model, X[:10]), (P > 0.5).astype(int))
    save_classifier(model, tmp_path / "c.pt", half=False)
    again = load_classifier(tmp_path / "c.pt")
    np.testing.assert_allclose(predict_proba(again, X[:10]), P, atol=1e-6)


@pytest.mark.parametrize("call, err", [
    (lambda: attribute_matrix([1, 2]), TypeError),
    (lambda: attribute_matrix({"glasses": [1]}), ValueError),
    (lambda: AttributeClassifier(size=20), ValueError),
    (lambda: AttributeClassifier(size=32, width=0), ValueError),
    (lambda: predict_proba(AttributeClassifier(), np.zeros((2, 16, 16, 3))), ValueError),
    (lambda: predict_proba(AttributeClassifier(), "faces"), TypeError),
    (lambda: predict_proba(AttributeClassifier(), np.full((1, 32, 32, 3), np.nan)), ValueError),
    (lambda: train_attribute_classifier(np.zeros((4, 32, 32, 3)), np.zeros((4, 3))), ValueError),
    (lambda: train_attribute_classifier(np.zeros((4, 32, 32, 3)), np.full((4, 5), 2)), ValueError),
    (lambda: train_attribute_classifier(np.zeros((4, 32, 32, 3)), np.zeros((4, 5)), epochs=0), ValueError),
    (lambda: train_attribute_classifier(np.zeros((4, 32, 32, 3)), np.zeros((4, 5)), lr=0), ValueError),
])
def test_bad_inputs(call, err):
    with pytest.raises(err):
        call()
