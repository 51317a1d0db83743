"""Tests of course_lib.faceswap: shapes, the swap path, classifiers, metrics, refusal of files, bad inputs."""

from pathlib import Path

import numpy as np
import pytest
import torch

torch.set_num_threads(1)  # tiny models: one thread is fastest, and avoids oversubscription under xdist

from course_lib import faceswap as fs
from course_lib.checkpoints import CHECKPOINT_DIR as CHECKPOINTS
from course_lib.data.faces import make_faces


@pytest.fixture(scope="module")
def faces():
    a, ta = fs.identity_faces("A", 8, seed=5)
    b, tb = fs.identity_faces("B", 8, seed=5)
    return a, ta, b, tb


def test_identity_faces_share_expression_and_pose(faces):
    a, ta, b, tb = faces
    assert a.shape == (8, 32, 32, 3)
    for name in fs.ATTRIBUTES:
        np.testing.assert_array_equal(ta[name], tb[name])
    assert not np.allclose(a, b)
    assert set(ta["identity"]) == {0} and set(tb["identity"]) == {1}


def test_autoencoder_shapes_and_swap_uses_the_target_decoder(faces):
    a, _, _, _ = faces
    torch.manual_seed(0)
    model = fs.SwapAutoencoder(code_dim=8, width=4)
    x = fs.to_tensor(a)
    assert model.encode(x).shape == (8, 8)
    out_b = fs.swap(model, a, "B")
    assert out_b.shape == a.shape and out_b.min() >= 0 and out_b.max() <= 1
    expected = fs.to_images(model.decoders[1](model.encoder(x)))
    np.testing.assert_allclose(out_b, expected, atol=1e-6)
    assert not np.allclose(out_b, fs.swap(model, a, "A"))


def test_training_reduces_both_losses(faces):
    a, _, b, _ = faces
    torch.manual_seed(0)
    model = fs.SwapAutoencoder(code_dim=8, width=4)
    hist = fs.train_swap_autoencoder(model, a, b, steps=40, batch_size=8, lr=5e-3, log_every=20)
    assert hist["step"] == [20, 40]
    assert hist["loss_A"][-1] < hist["loss_A"][0] and hist["loss_B"][-1] < hist["loss_B"][0]


def test_expression_priority_marks_eyes_and_mouth(faces):
    _, ta, _, _ = faces
    w = fs.expression_priority(ta, priority=5.0)
    assert w.shape == (8, 32, 32) and set(np.unique(w)) == {1.0, 5.0}
    rows, cols = np.nonzero(w[0] > 1)
    assert 10 < len(rows) < 200                      # a few dozen pixels, not the whole face
    assert 8 < rows.mean() < 26 and 8 < cols.mean() < 24  # in the middle of the image


def test_warp_keeps_shape_range_and_is_identity_at_zero(faces):
    a, _, _, _ = faces
    x = fs.to_tensor(a)
    g = torch.Generator().manual_seed(0)
    w = fs.warp(x, g, 1.0)
    assert w.shape == x.shape and w.min() >= 0 and w.max() <= 1 and not torch.allclose(w, x)
    torch.testing.assert_close(fs.warp(x, g, 0.0), x, atol=1e-5, rtol=0)


def test_classifier_learns_identity():
    a, _ = fs.identity_faces("A", 60, seed=1)
    b, _ = fs.identity_faces("B", 60, seed=2)
    torch.manual_seed(0)
    clf = fs.FaceClassifier(1, width=4)
    fs.train_classifier(clf, np.concatenate([a, b]), np.r_[np.zeros(60), np.ones(60)], steps=60, lr=5e-3)
    ta, _ = fs.identity_faces("A", 20, seed=3)
    tb, _ = fs.identity_faces("B", 20, seed=3)
    assert fs.accuracy(clf, ta, tb) == 1.0  # skin and hair colour differ a lot


def test_attribute_targets_and_reader_round_trip():
    """read_attributes inverts attribute_targets: a reader whose outputs are the targets reads the truth."""
    faces, attrs = make_faces(16, seed=0)
    t = fs.attribute_targets(attrs)
    assert t.shape == (16, 8) and t[:, 5:].abs().max() <= 1
    nb = len(fs.BINARY)
    oracle = fs.FaceClassifier(len(fs.ATTRIBUTES), width=4)
    logits = torch.cat([2 * t[:, :nb] - 1, t[:, nb:]], 1)           # > 0 exactly where the attribute is on
    oracle.forward = lambda x: logits[: len(x)]
    read = fs.read_attributes(oracle, faces)
    for name in fs.ATTRIBUTES:
        np.testing.assert_allclose(read[name], np.asarray(attrs[name], np.float64), atol=1e-6, err_msg=name)
    agree = fs.attribute_agreement(read, attrs)
    assert all(agree[name] == 1.0 for name in fs.BINARY) and all(agree[n] > 0.999 for n in fs.CONTINUOUS)


def test_shipped_attribute_reader_reads_new_faces():
    reader = fs.load_models(CHECKPOINTS)["attributes"]
    faces, attrs = make_faces(300, seed=12345, size=fs.SIZE, feature_scale=fs.FEATURE_SCALE)
    agree = fs.attribute_agreement(fs.read_attributes(reader, faces), attrs)
    assert min(agree[name] for name in fs.BINARY) > 0.9, agree
    assert min(agree[name] for name in fs.CONTINUOUS) > 0.8, agree


def test_attribute_agreement_closed_form():
    truth = {"smile": [0, 1, 1, 0], "eyes_open": [1, 1, 0, 0], "glasses": [1, 1, 1, 1], "hat": [0, 0, 0, 0],
             "beard": [0, 1, 0, 1], "tilt": [0.1, 0.2, 0.3, 0.4],
             "shift_x": [0, 1, 2, 3], "shift_y": [3, 2, 1, 0]}
    read = dict(truth, smile=[0, 1, 0, 0], shift_y=[0, 1, 2, 3])
    agree = fs.attribute_agreement(read, truth)
    assert agree["smile"] == 0.75 and agree["eyes_open"] == 1.0
    assert np.isclose(agree["tilt"], 1.0) and np.isclose(agree["shift_y"], -1.0)


def test_detector_accuracy_counts(faces):
    a, _, b, _ = faces

    class Always(fs.FaceClassifier):
        def forward(self, x):
            return torch.full((len(x), 1), 5.0)  # always says "fake"

    assert fs.accuracy(Always(1, 2), a, b) == 0.5


def test_no_photos_or_files():
    for bad in ("face.jpg", Path("face.png"), b"bytes"):
        with pytest.raises(TypeError, match="synthetic"):
            fs.to_tensor(bad)
    with pytest.raises(ValueError, match="synthetic"):
        fs.to_tensor(np.zeros((1, 64, 64, 3)))  # not the generator's size
    with pytest.raises(ValueError, match="synthetic"):
        fs.identity_faces("Alice", 2)


@pytest.mark.parametrize("call, err", [
    (lambda: fs.identity_faces("A", 0), ValueError),
    (lambda: fs.to_tensor(np.full((1, 32, 32, 3), 2.0)), ValueError),
    (lambda: fs.to_tensor(np.full((1, 32, 32, 3), np.nan)), ValueError),
    (lambda: fs.to_tensor([["x"]]), TypeError),
    (lambda: fs.SwapAutoencoder(code_dim=0), ValueError),
    (lambda: fs.SwapAutoencoder(8, 4).decode(torch.zeros(2, 8), "C"), ValueError),
    (lambda: fs.SwapAutoencoder(8, 4).decode(torch.zeros(2, 7), "A"), ValueError),
    (lambda: fs.SwapAutoencoder(8, 4).encode(torch.zeros(2, 3, 16, 16)), ValueError),
    (lambda: fs.swap("model", np.zeros((1, 32, 32, 3)), "B"), TypeError),
    (lambda: fs.swap(fs.SwapAutoencoder(8, 4), np.zeros((1, 32, 32, 3)), "Z"), ValueError),
    (lambda: fs.train_swap_autoencoder(fs.SwapAutoencoder(8, 4), np.zeros((2, 32, 32, 3)),
                                       np.zeros((2, 32, 32, 3)), steps=0), ValueError),
    (lambda: fs.train_swap_autoencoder(fs.SwapAutoencoder(8, 4), np.zeros((2, 32, 32, 3)),
                                       np.zeros((2, 32, 32, 3)), warp_strength=2.0), ValueError),
    (lambda: fs.train_swap_autoencoder(fs.SwapAutoencoder(8, 4), np.zeros((2, 32, 32, 3)),
                                       np.zeros((2, 32, 32, 3)), lr=0), ValueError),
    (lambda: fs.FaceClassifier(0), ValueError),
    (lambda: fs.expression_priority({"tilt": [0.0]}), ValueError),
    (lambda: fs.expression_priority(make_faces(2)[1], priority=0.5), ValueError),
    (lambda: fs.train_swap_autoencoder(fs.SwapAutoencoder(8, 4), np.zeros((2, 32, 32, 3)),
                                       np.zeros((2, 32, 32, 3)), weights_a=np.ones((3, 32, 32))), ValueError),
    (lambda: fs.make_checkpoints("/tmp", parts=("everything",)), ValueError),
    (lambda: fs.train_classifier(fs.FaceClassifier(1), np.zeros((2, 32, 32, 3)), [0, 1, 1]), ValueError),
    (lambda: fs.train_classifier(fs.FaceClassifier(1), np.zeros((2, 32, 32, 3)), [0, 1], kind="multi"),
     ValueError),
    (lambda: fs.train_classifier(fs.FaceClassifier(1), np.zeros((2, 32, 32, 3)), np.zeros((2, 5)),
                                 kind="attributes"), ValueError),
    (lambda: fs.predict_proba("clf", np.zeros((1, 32, 32, 3))), TypeError),
    (lambda: fs.read_attributes(fs.FaceClassifier(1), np.zeros((1, 32, 32, 3))), TypeError),
    (lambda: fs.attribute_targets({"smile": [1]}), ValueError),
    (lambda: fs.attribute_agreement({}, {}), ValueError),
    (lambda: fs.load_models("/nonexistent-dir"), FileNotFoundError),
])
def test_bad_inputs(call, err):
    with pytest.raises(err):
        call()
