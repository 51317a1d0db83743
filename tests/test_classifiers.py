"""Tests of course_lib.classifiers: the digit and face referees, their targets, blur, checkpoints, bad inputs."""

import numpy as np
import pytest
import torch

torch.set_num_threads(1)

from course_lib import recipes  # noqa: E402
from course_lib.checkpoints import CHECKPOINT_DIR  # noqa: E402
from course_lib.classifiers import (  # noqa: E402
    DigitCNN,
    FaceCNN,
    attribute_targets,
    features,
    load_classifier,
    predict,
    predict_proba,
    random_blur,
    read_attributes,
    save_classifier,
)
from course_lib.data.faces import BINARY_ATTRIBUTES, FACTOR_RANGES, make_faces  # noqa: E402
from course_lib.metrics import attribute_agreement, detection_accuracy  # noqa: E402

READ = recipes.READER_ATTRIBUTES


def test_attribute_targets_columns_and_rescaling():
    _, t = make_faces(7, seed=0)
    A = attribute_targets(t)
    assert A.shape == (7, 5) and A.dtype == np.float32
    for j, name in enumerate(BINARY_ATTRIBUTES):
        np.testing.assert_array_equal(A[:, j], t[name])
    B = attribute_targets(t, ("tilt",))
    lo, hi = FACTOR_RANGES["tilt"]
    np.testing.assert_allclose(B[:, 0], 2 * (np.asarray(t["tilt"]) - lo) / (hi - lo) - 1, rtol=1e-6)
    assert np.abs(B).max() <= 1


def test_random_blur_keeps_constants_and_tiny_sigma_is_identity():
    x = torch.rand(3, 3, 8, 8)
    g = torch.Generator().manual_seed(0)
    torch.testing.assert_close(random_blur(x, 1e-4, g), x, atol=1e-5, rtol=0)
    c = torch.full((2, 3, 8, 8), 0.3)
    torch.testing.assert_close(random_blur(c, 2.0, g), c)
    b = random_blur(x, 2.0, g)
    assert b.shape == x.shape and b.std() < x.std()
    # each image is blurred on its own: changing image 1 leaves image 0's blur unchanged
    y = x.clone()
    y[1] = 0
    g1, g2 = torch.Generator().manual_seed(3), torch.Generator().manual_seed(3)
    torch.testing.assert_close(random_blur(x, 2.0, g1)[0], random_blur(y, 2.0, g2)[0])


def test_face_referee_trains_predicts_and_round_trips(tmp_path):
    X, t = make_faces(256, seed=1)
    torch.manual_seed(0)
    model = FaceCNN(5, channels=(4, 8, 8))
    hist = model.fit(X, attribute_targets(t), epochs=3, batch_size=64, seed=0, max_blur=1.0).history
    assert hist["step"] == [4, 8, 12] and np.isfinite(hist["loss"]).all()
    assert hist["loss"][-1] < hist["loss"][0]
    P = predict_proba(model, X[:10])
    assert P.shape == (10, 5) and P.min() >= 0 and P.max() <= 1
    np.testing.assert_array_equal(predict(model, X[:10]), (P > 0.5).astype(int))
    save_classifier(model, tmp_path / "c.pt", half=False, names=list(BINARY_ATTRIBUTES))
    again = load_classifier(tmp_path / "c.pt")
    assert again.extra["names"] == list(BINARY_ATTRIBUTES)
    np.testing.assert_allclose(predict_proba(again, X[:10]), P, atol=1e-6)


def test_face_referee_learns_identity():
    a, _ = recipes.identity_faces("A", 60, seed=1)
    b, _ = recipes.identity_faces("B", 60, seed=2)
    torch.manual_seed(0)
    clf = FaceCNN(1, channels=(4, 8, 8))
    hist = clf.fit(np.concatenate([a, b]), np.r_[np.zeros(60), np.ones(60)], steps=60, lr=5e-3).history
    assert len(hist["loss"]) == 60
    ta, _ = recipes.identity_faces("A", 20, seed=3)
    tb, _ = recipes.identity_faces("B", 20, seed=3)
    assert detection_accuracy(predict_proba(clf, ta)[:, 0], predict_proba(clf, tb)[:, 0]) == 1.0


def test_attribute_reader_round_trip():
    """read_attributes inverts attribute_targets: a reader whose outputs are the targets reads the truth."""
    faces, attrs = make_faces(16, seed=0)
    t = torch.from_numpy(attribute_targets(attrs, READ))
    nb = recipes.N_READER_BINARY
    oracle = FaceCNN(len(READ), channels=(2, 2, 2))
    logits = torch.cat([2 * t[:, :nb] - 1, t[:, nb:]], 1)           # > 0 exactly where the attribute is on
    oracle.forward = lambda x: logits[: len(x)]
    read = read_attributes(oracle, faces, READ)
    for name in READ:
        np.testing.assert_allclose(read[name], np.asarray(attrs[name], np.float64), atol=1e-6, err_msg=name)
    agree = attribute_agreement(read, attrs, READ)
    assert all(agree[name] == 1.0 for name in READ[:nb]) and all(agree[n] > 0.999 for n in READ[nb:])


def test_shipped_referees_read_new_faces_and_digits():
    reader = recipes.load_swap_models(CHECKPOINT_DIR)["attributes"]
    faces, attrs = make_faces(300, seed=12345, size=32, feature_scale=recipes.FEATURE_SCALE)
    agree = attribute_agreement(read_attributes(reader, faces, READ), attrs, READ)
    assert min(agree[name] for name in READ[:5]) > 0.9, agree
    assert min(agree[name] for name in READ[5:]) > 0.8, agree
    from course_lib.data.digits import mnist_float

    _, _, Xt, yt = mnist_float(seed=0)
    clf = recipes.load_digit_classifier()
    assert (predict(clf, Xt) == yt).mean() > 0.95
    P = predict_proba(clf, Xt[:50])
    np.testing.assert_allclose(P.sum(1), 1, atol=1e-5)
    assert features(clf, Xt[:3]).shape == (3, 64)


def test_digit_referee_trains():
    rng = np.random.default_rng(0)
    X = np.zeros((40, 28, 28), np.float32)
    y = np.arange(40) % 2
    X[y == 1, :, :14] = 1.0                   # class 1: left half white
    X = np.clip(X + 0.05 * rng.random(X.shape).astype(np.float32), 0, 1)   # pixels stay in [0, 1]
    torch.manual_seed(0)
    m = DigitCNN()
    h = m.fit(X, y, epochs=3, batch_size=8, lr=3e-3).history
    assert len(h["loss"]) == 3 and h["loss"][-1] < h["loss"][0]
    assert (predict(m, X) == y).mean() == 1.0


def test_detection_accuracy_closed_form():
    assert detection_accuracy([0.1, 0.9], [0.8, 0.7]) == 0.75
    assert detection_accuracy([0.2], [0.4, 0.5, 0.6]) == 0.75


@pytest.mark.parametrize("call, err", [
    (lambda: attribute_targets([1, 2]), TypeError),
    (lambda: attribute_targets({"glasses": [1]}), ValueError),
    (lambda: attribute_targets(make_faces(2)[1], ("colour",)), ValueError),
    (lambda: FaceCNN(size=20), ValueError),
    (lambda: FaceCNN(channels=(4, 0, 4)), ValueError),
    (lambda: FaceCNN(0), ValueError),
    (lambda: predict_proba(FaceCNN(), np.zeros((2, 16, 16, 3))), ValueError),
    (lambda: predict_proba(FaceCNN(), "faces"), TypeError),
    (lambda: predict_proba(FaceCNN(), np.full((1, 32, 32, 3), np.nan)), ValueError),
    (lambda: predict_proba("clf", np.zeros((1, 32, 32, 3))), TypeError),
    (lambda: predict(DigitCNN(), np.zeros((2, 32, 32, 3))), ValueError),
    (lambda: features(FaceCNN(), np.zeros((1, 32, 32, 3))), TypeError),
    (lambda: FaceCNN(5).fit(np.zeros((4, 32, 32, 3)), np.zeros((4, 3)), epochs=1), ValueError),
    (lambda: FaceCNN(5).fit(np.zeros((4, 32, 32, 3)), np.full((4, 5), 2), epochs=1), ValueError),
    (lambda: FaceCNN(5).fit(np.zeros((4, 32, 32, 3)), np.zeros((4, 5)), epochs=0), ValueError),
    (lambda: FaceCNN(5).fit(np.zeros((4, 32, 32, 3)), np.zeros((4, 5)), epochs=1, lr=0), ValueError),
    (lambda: FaceCNN(5).fit(np.zeros((4, 32, 32, 3)), np.zeros((4, 5))), ValueError),   # neither epochs nor steps
    (lambda: FaceCNN(1).fit(np.zeros((2, 32, 32, 3)), [0, 1, 1], steps=1), ValueError),
    (lambda: FaceCNN(1).fit(np.full((2, 32, 32, 3), 2.0), [0, 1], steps=1), ValueError),
    (lambda: DigitCNN().fit(np.zeros((3, 28, 28)), [0, 1, 10]), ValueError),
    (lambda: DigitCNN().fit(np.zeros((3, 28, 28)), [0, 1]), ValueError),
    (lambda: read_attributes(FaceCNN(1), np.zeros((1, 32, 32, 3)), READ), TypeError),
    (lambda: load_classifier("/nonexistent/c.pt"), FileNotFoundError),
    (lambda: detection_accuracy([], [0.5]), ValueError),
    (lambda: detection_accuracy([1.5], [0.5]), ValueError),
    (lambda: attribute_agreement({}, {}, READ), ValueError),
])
def test_bad_inputs(call, err):
    with pytest.raises(err):
        call()
