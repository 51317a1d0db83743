"""Tests of course_lib.training: the one loop against a closed-form least-squares fit, its batching,
schedule, seeding and history format."""

import numpy as np
import pytest
import torch

from course_lib.training import History, lr_multiplier, minimise


def _regression(n=64, seed=0):
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, 3, generator=g)
    y = X @ torch.tensor([1.5, -2.0, 0.5]) + 0.3 + 0.01 * torch.randn(n, generator=g)
    return X, y


def test_minimise_reaches_the_least_squares_solution():
    X, y = _regression()
    model = torch.nn.Linear(3, 1)
    h = minimise(model, lambda idx, gen: {"loss": ((model(X[idx])[:, 0] - y[idx]) ** 2).mean()}, len(X),
                 epochs=300, batch_size=16, lr=0.05, lr_schedule=[(0.5, 0.1), (0.8, 0.01)])
    A = torch.cat([X, torch.ones(len(X), 1)], 1).double()
    coef = torch.linalg.lstsq(A, y.double()[:, None]).solution[:, 0]
    got = torch.cat([model.weight[0], model.bias]).double()
    torch.testing.assert_close(got, coef, atol=2e-3, rtol=0)
    assert h["step"] == [4 * (e + 1) for e in range(300)] and h["loss"][-1] < 1e-3


def test_epochs_visit_every_example_once_and_weight_by_batch_size():
    seen = []
    model = torch.nn.Linear(1, 1)

    def batch_loss(idx, gen):
        seen.append(idx.clone())
        return {"loss": model.weight.sum() * 0 + 1.0 * len(idx), "size": torch.tensor(float(len(idx)))}
    h = minimise(model, batch_loss, 10, epochs=2, batch_size=4, lr=1e-3)
    assert [len(i) for i in seen] == [4, 4, 2, 4, 4, 2]
    assert sorted(torch.cat(seen[:3]).tolist()) == list(range(10))
    assert h["step"] == [3, 6]
    assert h["size"] == [pytest.approx((16 + 16 + 4) / 10)] * 2      # example-weighted mean of the batch sizes


def test_steps_mode_windows_and_two_sets():
    model = torch.nn.Linear(1, 1)
    calls = []

    def batch_loss(idx, gen):
        ia, ib = idx
        calls.append((ia.max().item(), ib.max().item()))
        return {"loss": model.weight.sum() * 0 + len(calls)}
    h = minimise(model, batch_loss, (3, 100), steps=10, batch_size=8, lr=1e-3, log_every=4)
    assert h["step"] == [4, 8, 10]
    assert h["loss"] == [2.5, 6.5, 9.5]                                # window means of 1..10
    assert max(a for a, _ in calls) <= 2 and max(b for _, b in calls) > 2


def test_seeded_reproducible_and_global_rng_untouched():
    X, y = _regression()
    out = []
    for seed in (0, 0, torch.Generator().manual_seed(0), 1):
        torch.manual_seed(5)
        model = torch.nn.Linear(3, 1)
        state = torch.get_rng_state()
        h = minimise(model, lambda idx, gen, m=model: {"loss": ((m(X[idx])[:, 0] - y[idx]) ** 2).mean()}, len(X),
                     steps=20, batch_size=8, lr=0.01, seed=seed, log_every=5)
        assert torch.equal(state, torch.get_rng_state())
        out.append(h["loss"])
    assert out[0] == out[1] == out[2] and out[0] != out[3]


def test_lr_multiplier_and_schedule_reaches_the_optimiser():
    m = lr_multiplier([(0.75, 0.25)], 100)
    assert [m(s) for s in (0, 74, 75, 99)] == [1.0, 1.0, 0.25, 0.25]
    assert lr_multiplier(None, 10)(5) == 1.0
    lrs = []
    model = torch.nn.Linear(1, 1)

    def batch_loss(idx, gen):
        return {"loss": (model.weight ** 2).sum()}
    orig = torch.optim.Adam.step

    def spy(self, *a, **k):
        lrs.append(self.param_groups[0]["lr"])
        return orig(self, *a, **k)
    torch.optim.Adam.step = spy
    try:
        minimise(model, batch_loss, 4, steps=8, batch_size=2, lr=0.1, lr_schedule=[(0.5, 0.1)], log_every=8)
    finally:
        torch.optim.Adam.step = orig
    assert lrs == pytest.approx([0.1] * 4 + [0.01] * 4)


def test_history_rows_stay_aligned():
    h = History()
    h.log(1, loss=2.0, acc=0.5)
    h.log(2, loss=1.0, acc=0.75)
    assert h == {"step": [1, 2], "loss": [2.0, 1.0], "acc": [0.5, 0.75]} and h.last("loss") == 1.0
    with pytest.raises(ValueError, match="logs"):
        h.log(3, loss=0.5)
    g = History()
    g.extend(h, step_offset=10)
    assert g["step"] == [11, 12]
    np.testing.assert_array_equal(h.arrays()["acc"], [0.5, 0.75])
    with pytest.raises(KeyError, match="val_loss"):
        h.last("val_loss")


@pytest.mark.parametrize("kwargs, err, match", [
    (dict(epochs=1, steps=1), ValueError, "exactly one"),
    (dict(), ValueError, "exactly one"),
    (dict(epochs=0), ValueError, "epochs"),
    (dict(steps=-1), ValueError, "steps"),
    (dict(epochs=1, lr=0), ValueError, "lr"),
    (dict(epochs=1, lr="fast"), TypeError, "lr"),
    (dict(epochs=1, batch_size=0), ValueError, "batch_size"),
    (dict(epochs=1, seed=-1), ValueError, "seed"),
    (dict(steps=2, lr_schedule=[(1.5, 0.1)]), ValueError, "fraction"),
    (dict(steps=2, lr_schedule=[0.5]), ValueError, "pairs"),
])
def test_bad_arguments(kwargs, err, match):
    model = torch.nn.Linear(1, 1)
    args = {"batch_size": 2, "lr": 1e-3, **kwargs}
    with pytest.raises(err, match=match):
        minimise(model, lambda idx, gen: {"loss": model.weight.sum()}, 4, **args)


def test_divergence_is_reported():
    model = torch.nn.Linear(1, 1)
    with pytest.raises(FloatingPointError, match="lr"):
        minimise(model, lambda idx, gen: {"loss": model.weight.sum() * float("nan")}, 4, steps=2, batch_size=2,
                 lr=1e-3, log_every=1)
    with pytest.raises(TypeError, match="model"):
        minimise("net", lambda idx, gen: {}, 4, steps=1, batch_size=1, lr=1e-3)


def test_warm_restarts_equal_separate_runs_with_fresh_adam():
    """restarts={at: seed}: the same as stopping, and training on with a fresh Adam and that seed."""
    X, y = _regression()

    def run(chunks, **kw):
        torch.manual_seed(0)
        model = torch.nn.Linear(3, 1)
        rows = []
        for c in chunks:
            h = minimise(model, lambda idx, gen: {"loss": ((model(X[idx])[:, 0] - y[idx]) ** 2).mean()}, len(X),
                         batch_size=8, lr=0.01, log_every=5, **c, **kw)
            rows += h["loss"]
        return torch.cat([p.detach().flatten() for p in model.parameters()]), rows

    one, rows1 = run([dict(steps=30, seed=0, restarts={10: 7, 20: 9})])
    three, rows3 = run([dict(steps=10, seed=0), dict(steps=10, seed=7), dict(steps=10, seed=9)])
    assert torch.equal(one, three) and rows1 == rows3
    plain, _ = run([dict(steps=30, seed=0)])
    assert not torch.equal(one, plain)
    # by epochs: a restart after epoch 1 with seed 5 = two one-epoch runs with seeds 0 and 5
    e1, _ = run([dict(epochs=2, seed=0, restarts={1: 5})])
    e2, _ = run([dict(epochs=1, seed=0), dict(epochs=1, seed=5)])
    assert torch.equal(e1, e2)


def test_gan_restarts_equal_separate_runs():
    from course_lib import gan

    data = torch.randn(64, 2, generator=torch.Generator().manual_seed(0))

    def nets():
        torch.manual_seed(0)
        return gan.MLPGenerator(2, 2, (8,)), gan.MLPDiscriminator(2, (8,))
    G1, D1 = nets()
    h = gan.train_gan(G1, D1, data, steps=12, batch_size=8, seed=3, restarts={6: 4}, log_every=3)
    G2, D2 = nets()
    gan.train_gan(G2, D2, data, steps=6, batch_size=8, seed=3)
    gan.train_gan(G2, D2, data, steps=6, batch_size=8, seed=4)
    for a, b in zip([*G1.parameters(), *D1.parameters()], [*G2.parameters(), *D2.parameters()]):
        assert torch.equal(a, b)
    assert h["step"] == [1, 3, 6, 7, 9, 12]          # the first step after a restart is logged too


@pytest.mark.parametrize("restarts, err", [({0: 1}, ValueError), ({30: 1}, ValueError), ({5: -1}, ValueError),
                                           ([5], TypeError), ({"5": 1}, TypeError)])
def test_bad_restarts(restarts, err):
    model = torch.nn.Linear(1, 1)
    with pytest.raises(err, match="restarts"):
        minimise(model, lambda idx, gen: {"loss": model.weight.sum()}, 4, steps=30, batch_size=2, lr=1e-3,
                 restarts=restarts)
