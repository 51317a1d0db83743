"""Tests of course_lib.rbm against brute force, autograd and exact enumeration."""

import itertools
import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from course_lib.rbm import (
    MAX_EXACT_UNITS,
    RBM,
    ais_betas,
    all_binary_states,
    as_binary_states,
    base_rate_visible_bias,
)


def random_rbm(nv, nh, seed=0, scale=1.0, dtype=torch.float64):
    rbm = RBM(nv, nh, seed=seed, dtype=dtype)
    g = torch.Generator().manual_seed(seed + 100)
    rbm.W = torch.randn(nv, nh, generator=g, dtype=dtype) * scale
    rbm.a = torch.randn(nv, generator=g, dtype=dtype) * scale
    rbm.b = torch.randn(nh, generator=g, dtype=dtype) * scale
    return rbm


def brute_force_log_z(rbm):
    """log sum over every (v, h) of exp(-E(v, h)), written with plain loops over states."""
    terms = []
    for v in itertools.product([0.0, 1.0], repeat=rbm.n_visible):
        for h in itertools.product([0.0, 1.0], repeat=rbm.n_hidden):
            v_t = torch.tensor(v, dtype=torch.float64)
            h_t = torch.tensor(h, dtype=torch.float64)
            e = -(rbm.a @ v_t) - (rbm.b @ h_t) - v_t @ rbm.W @ h_t
            terms.append(-e)
    return float(torch.logsumexp(torch.stack(terms), 0))


def test_all_binary_states_order_and_chunks():
    s = all_binary_states(3)
    assert s.tolist()[:3] == [[0, 0, 0], [0, 0, 1], [0, 1, 0]]
    assert s.shape == (8, 3)
    assert torch.equal(all_binary_states(3, start=2, stop=5), s[2:5])


def test_energy_matches_formula():
    rbm = random_rbm(4, 3)
    v = torch.tensor([[1.0, 0, 1, 1], [0, 0, 0, 1]], dtype=torch.float64)
    h = torch.tensor([[1.0, 1, 0], [0, 1, 1]], dtype=torch.float64)
    expected = [float(-(rbm.a @ v[i]) - rbm.b @ h[i] - v[i] @ rbm.W @ h[i]) for i in range(2)]
    assert np.allclose(rbm.energy(v, h).numpy(), expected)


def test_free_energy_against_brute_force_sum_over_h():
    rbm = random_rbm(5, 4, seed=1)
    hs = all_binary_states(4, torch.float64)
    v = all_binary_states(5, torch.float64)
    for row in v:
        e = rbm.energy(row.expand(len(hs), -1), hs)
        assert float(rbm.free_energy(row)) == pytest.approx(float(-torch.logsumexp(-e, 0)), abs=1e-10)


@pytest.mark.parametrize("nv,nh", [(6, 4), (3, 7), (5, 5)])
def test_exact_log_partition_against_enumeration_of_all_states(nv, nh):
    rbm = random_rbm(nv, nh, seed=nv + nh)
    assert rbm.log_partition() == pytest.approx(brute_force_log_z(rbm), abs=1e-9)
    assert rbm.log_partition(chunk_size=3) == pytest.approx(brute_force_log_z(rbm), abs=1e-9)


def test_log_likelihood_is_normalised():
    rbm = random_rbm(6, 5, seed=3)
    p = torch.exp(rbm.log_likelihood(all_binary_states(6, torch.float64)))
    assert float(p.sum()) == pytest.approx(1.0, abs=1e-10)


def test_float32_log_partition_close_to_float64():
    r64 = random_rbm(50, 12, seed=4, scale=0.3)
    r32 = RBM.from_state_dict(r64.state_dict(), dtype=torch.float32)
    assert r32.log_partition() == pytest.approx(r64.log_partition(), abs=1e-3)


def test_log_partition_refuses_large_layers():
    with pytest.raises(ValueError, match="refused above 25"):
        RBM(784, MAX_EXACT_UNITS + 1).log_partition()


def test_conditionals_factorise_as_exact_ratio():
    rbm = random_rbm(4, 3, seed=5)
    hs = all_binary_states(3, torch.float64)
    v = torch.tensor([1.0, 0, 1, 1], dtype=torch.float64)
    e = -rbm.energy(v.expand(len(hs), -1), hs)
    table = torch.exp(e - torch.logsumexp(e, 0))  # exact P(h | v)
    marg = rbm.p_h_given_v(v)[0]
    product = torch.prod(hs * marg + (1 - hs) * (1 - marg), 1)
    assert torch.allclose(table, product, atol=1e-12)
    h = torch.tensor([0.0, 1, 1], dtype=torch.float64)
    assert torch.allclose(rbm.p_v_given_h(h)[0], torch.sigmoid(rbm.a + rbm.W @ h))


def test_cd_statistics_equal_minus_autograd_of_free_energy_difference():
    rbm = random_rbm(7, 5, seed=6, scale=0.5)
    g = torch.Generator().manual_seed(0)
    vd = (torch.rand(9, 7, generator=g) < 0.5).double()
    vm = (torch.rand(6, 7, generator=g) < 0.5).double()
    W, a, b = (t.clone().requires_grad_(True) for t in (rbm.W, rbm.a, rbm.b))

    def fe(v):
        return -(v @ a) - F.softplus(v @ W + b).sum(1)

    (fe(vd).mean() - fe(vm).mean()).backward()
    stats = rbm.cd_statistics(vd, vm)
    assert torch.allclose(stats["W"], -W.grad, atol=1e-12)
    assert torch.allclose(stats["a"], -a.grad, atol=1e-12)
    assert torch.allclose(stats["b"], -b.grad, atol=1e-12)


@pytest.mark.parametrize("momentum, weight_decay", [(0.0, 0.0), ((0.0, 0.5), 0.01)])
def test_one_fit_update_without_momentum_follows_the_cd_statistics(momentum, weight_decay):
    """With lr, no momentum yet and k=1 the update is lr * (cd_statistics(data, chain sample) - wd W).

    (0, 0): the plain-SGD path (update fused into the product); ((0, 0.5), wd): the velocity path
    with weight decay, in its first epoch (momentum 0 until the switch).
    """
    rbm = random_rbm(6, 4, seed=7, scale=0.5, dtype=torch.float64)
    X = (torch.rand(10, 6, generator=torch.Generator().manual_seed(1)) < 0.5).double()
    before = rbm.state_dict()
    rbm.fit(X, epochs=1, batch_size=10, lr=0.1, persistent=True, init_visible_bias=False,
            shuffle=False, monitor="none", seed=3, momentum=momentum, weight_decay=weight_decay)
    # replay the same random numbers: chains start from a draw of P(h)=1/2, then v ~ P(v|h)
    g = torch.Generator().manual_seed(3)
    ref = RBM.from_state_dict(before, dtype=torch.float64)
    h0 = (torch.rand(10, 4, generator=g, dtype=torch.float64) < 0.5).double()
    torch.randperm(10, generator=g)  # fit draws an ordering even when it does not shuffle
    vm = (torch.rand(10, 6, generator=g, dtype=torch.float64) < ref.p_v_given_h(h0)).double()
    stats = ref.cd_statistics(X, vm)
    stats["W"] = stats["W"] - weight_decay * before["W"]
    for key in ("W", "a", "b"):
        assert torch.allclose(rbm.state_dict()[key], before[key] + 0.1 * stats[key], atol=1e-12)


def test_gibbs_chain_reaches_the_exact_distribution():
    rbm = random_rbm(3, 2, seed=8)
    exact = torch.exp(rbm.log_likelihood(all_binary_states(3, torch.float64)))
    v = rbm.sample(8000, steps=15, seed=0)
    idx = (v @ torch.tensor([4.0, 2.0, 1.0], dtype=torch.float64)).long()
    emp = torch.bincount(idx, minlength=8).double() / len(idx)
    assert 0.5 * float((emp - exact).abs().sum()) < 0.04  # total variation distance
    assert set(torch.unique(v).tolist()) <= {0.0, 1.0}


def test_ais_agrees_with_exact_log_z():
    rbm = random_rbm(40, 10, seed=9, scale=0.4, dtype=torch.float32)
    exact = rbm.log_partition()
    res = rbm.ais_log_partition(n_runs=100, n_betas=1000, seed=0)
    assert abs(res.log_z - exact) < 0.1
    assert res.log_z_low <= exact + 0.05 and exact - 0.05 <= res.log_z_high
    assert res.log_weights.shape == (100,) and res.n_betas == 1000


def test_ais_betas_follow_the_published_schedule():
    b = ais_betas(14500)
    assert len(b) == 14501 and b[0] == 0 and b[-1] == 1
    assert np.all(np.diff(b) > 0)
    assert np.isclose(b[500], 0.5) and np.isclose(b[4500], 0.9)
    assert np.isclose(b[1] - b[0], 1e-3) and np.isclose(b[-1] - b[-2], 1e-5)


def test_fit_improves_exact_likelihood_and_returns_history():
    g = torch.Generator().manual_seed(0)
    protos = torch.tensor([[1.0] * 8 + [0.0] * 8, [0.0] * 8 + [1.0] * 8])
    X = protos[torch.randint(0, 2, (400,), generator=g)]
    X = torch.where(torch.rand(X.shape, generator=g) < 0.05, 1 - X, X)
    for kwargs in ({"k": 1}, {"k": 3}, {"k": 1, "persistent": True}):
        rbm = RBM(16, 4, seed=0)
        rbm.a = base_rate_visible_bias(X).float()
        before = float(rbm.log_likelihood(X).mean())
        hist = rbm.fit(X, epochs=6, batch_size=20, lr=0.05, momentum=(0.5, 0.6), momentum_switch=2,
                       weight_decay=1e-4, monitor="exact", X_val=X[:50], **kwargs).history
        after = float(rbm.log_likelihood(X).mean())
        assert after > before + 1.0, kwargs
        assert hist["epoch"] == list(range(1, 7)) and hist["step"] == [e * (len(X) // 20) for e in range(1, 7)]
        assert set(hist) >= {"seconds", "recon_error", "recon_error_val", "ll", "ll_val"}
        assert hist["ll"][-1] == pytest.approx(after, abs=1e-4)


def test_fit_pll_monitor_and_monitor_every():
    X = (torch.rand(60, 10, generator=torch.Generator().manual_seed(0)) < 0.3).float()
    hist = RBM(10, 30).fit(X, epochs=5, batch_size=20, monitor="pll", monitor_every=2).history
    assert hist["epoch"] == [2, 4, 5] and len(hist["pll"]) == 3
    # a pseudo-log-likelihood is a sum of 10 log-probabilities: negative, and above 10 log(1e-3) here
    assert all(10 * np.log(1e-3) < p < 0 for p in hist["pll"]), hist["pll"]


def test_state_dict_round_trip_and_sample_shapes():
    rbm = random_rbm(6, 3, dtype=torch.float32)
    copy = RBM.from_state_dict(rbm.state_dict())
    assert torch.equal(copy.W, rbm.W) and copy.n_hidden == 3
    v, pv = rbm.sample(5, steps=3, return_probs=True)
    assert v.shape == (5, 6) and pv.shape == (5, 6)
    assert rbm.gibbs(v, k=2).shape == (5, 6)
    assert rbm.sample_h(v).shape == (5, 3) and rbm.sample_v(rbm.sample_h(v)).shape == (5, 6)
    assert rbm.reconstruction_error(v) >= 0


def test_base_rate_bias_is_logit_of_smoothed_frequency():
    X = np.array([[1, 0], [1, 0], [0, 0]], dtype=np.float32)
    expected = np.log([3 / 2, (1 / 5) / (4 / 5)])  # p = (2+1)/(3+2), (0+1)/(3+2)
    assert np.allclose(base_rate_visible_bias(X).numpy(), expected)


# ----- bad inputs -------------------------------------------------------------------------------
@pytest.mark.parametrize("bad,match", [
    (np.full((2, 4), 0.5), "binary"),
    (np.ones((2, 5)), "4 columns"),
    (np.array([[0, 1, np.nan, 0]]), "NaN"),
    (np.ones((2, 2, 4)), "shape"),
    ("0101", "array or tensor"),
])
def test_bad_visible_input(bad, match):
    rbm = RBM(4, 3)
    with pytest.raises((ValueError, TypeError), match=match):
        rbm.free_energy(bad)


def test_bad_arguments():
    rbm = RBM(4, 3)
    X = np.zeros((10, 4), dtype=np.float32)
    with pytest.raises(ValueError, match="n_hidden"):
        RBM(4, 0)
    with pytest.raises(TypeError, match="dtype"):
        RBM(4, 3, dtype=torch.int64)
    with pytest.raises(ValueError, match="3 columns"):
        rbm.p_v_given_h(np.ones((1, 4)))
    with pytest.raises(ValueError, match="same number of rows"):
        rbm.energy(np.zeros((2, 4)), np.zeros((3, 3)))
    with pytest.raises(ValueError, match="binary"):
        rbm.fit(X + 0.5)
    with pytest.raises(ValueError, match="batch_size"):
        rbm.fit(X, batch_size=20)
    with pytest.raises(ValueError, match="momentum"):
        rbm.fit(X, batch_size=5, momentum=1.5)
    with pytest.raises(ValueError, match="momentum"):
        rbm.fit(X, batch_size=5, momentum=(0.5, 0.6, 0.9))
    with pytest.raises(ValueError, match="lr"):
        rbm.fit(X, batch_size=5, lr=-1.0)
    with pytest.raises(TypeError, match="k must be an integer"):
        rbm.fit(X, batch_size=5, k=1.5)
    with pytest.raises(ValueError, match="monitor"):
        rbm.fit(X, batch_size=5, monitor="loss")
    with pytest.raises(ValueError, match="X_val must have 4 columns"):
        rbm.fit(X, batch_size=5, X_val=np.zeros((2, 3)))  # 4 columns expected
    with pytest.raises(ValueError, match="monitor='exact'"):
        RBM(40, 30).fit(np.zeros((10, 40)), batch_size=5, monitor="exact")
    with pytest.raises(TypeError, match="log_z"):
        rbm.log_likelihood(X, log_z=float("nan"))
    with pytest.raises(ValueError, match="base_bias"):
        rbm.ais_log_partition(base_bias=np.zeros(3))
    with pytest.raises(ValueError, match="n_runs"):
        rbm.ais_log_partition(n_runs=1)
    with pytest.raises(ValueError, match="rows"):
        rbm.sample(3, v0=np.zeros((2, 4)))
    with pytest.raises(ValueError, match="'W', 'a' and 'b'"):
        RBM.from_state_dict({"W": torch.zeros(2, 2)})
    with pytest.raises(ValueError, match="inconsistent"):
        RBM.from_state_dict({"W": torch.zeros(2, 3), "a": torch.zeros(3), "b": torch.zeros(3)})


def test_as_binary_states_accepts_bool_and_int():
    t = as_binary_states(np.array([[True, False]]), 2, "x")
    assert t.dtype == torch.float32 and t.tolist() == [[1.0, 0.0]]
    assert as_binary_states(torch.tensor([1, 0]), 2, "x").shape == (1, 2)
    assert math.isfinite(float(RBM(2, 2).free_energy([1, 0])))


def test_bfloat16_matmuls_train_like_float32():
    g = torch.Generator().manual_seed(0)
    protos = torch.tensor([[1.0] * 8 + [0.0] * 8, [0.0] * 8 + [1.0] * 8])
    X = protos[torch.randint(0, 2, (400,), generator=g)]
    X = torch.where(torch.rand(X.shape, generator=g) < 0.05, 1 - X, X)
    lls = {}
    for dtype in (None, torch.bfloat16):
        rbm = RBM(16, 4, seed=0)
        rbm.fit(X, epochs=6, batch_size=20, lr=0.05, momentum=0.5, persistent=True, monitor="none",
                seed=0, matmul_dtype=dtype)
        lls[dtype] = float(rbm.log_likelihood(X).mean())
    assert lls[torch.bfloat16] > -9.0 and abs(lls[torch.bfloat16] - lls[None]) < 1.5
    with pytest.raises(ValueError, match="matmul_dtype"):
        RBM(16, 4).fit(X, batch_size=20, matmul_dtype=torch.float16)


# ---------------------------------------------------------------- the fast path: either BLAS, same training

@pytest.mark.parametrize("kw", [dict(persistent=True), dict(persistent=False, k=2),
                                dict(persistent=True, momentum=0.5, weight_decay=1e-3)])
def test_fit_is_the_same_on_numpys_blas(kw, monkeypatch):
    from course_lib import rbm as rbm_module

    X = (torch.rand(300, 30, generator=torch.Generator().manual_seed(0)) < 0.3).float()
    out = {}
    for backend in ("torch", "numpy"):
        monkeypatch.setenv("COURSE_RBM_BLAS", backend)
        assert rbm_module.blas_backend() == backend
        model = RBM(30, 20, seed=0).fit(X, epochs=3, batch_size=50, lr=0.1, monitor="none", **kw)
        out[backend] = (model.W, model.a, model.b)
    for t, n in zip(out["torch"], out["numpy"]):
        assert torch.allclose(t, n, atol=1e-4), float((t - n).abs().max())    # rounding only


def test_blas_backend_choice(monkeypatch):
    from course_lib import rbm as rbm_module

    monkeypatch.setenv("COURSE_RBM_BLAS", "mkl")
    with pytest.raises(ValueError, match="COURSE_RBM_BLAS must be one of"):
        rbm_module.blas_backend()
    monkeypatch.delenv("COURSE_RBM_BLAS")
    assert rbm_module.blas_backend() in ("torch", "numpy")
    a, b = torch.rand(7, 5), torch.rand(5, 3)
    for backend in ("torch", "numpy"):
        out = torch.empty(7, 3)
        assert rbm_module._matmul_into(a, b, out, backend) is out and torch.allclose(out, a @ b)
        out2 = torch.empty(5, 3)
        assert torch.allclose(rbm_module._matmul_into(a.T, a[:, :3], out2, backend), a.T @ a[:, :3])


def test_numpy_route_runs_torch_on_one_thread_and_restores_the_setting(monkeypatch):
    """On NumPy's BLAS, fit runs torch's own work on one thread (its spinning OpenMP threads would take the
    cores OpenBLAS's threads need) and gives the caller's thread count back, also when the loop fails."""
    X = (torch.rand(100, 12, generator=torch.Generator().manual_seed(0)) < 0.3).float()
    before = torch.get_num_threads()
    seen = []
    real_select = torch.index_select

    def spy(*args, **kwargs):
        seen.append(torch.get_num_threads())
        return real_select(*args, **kwargs)
    monkeypatch.setenv("COURSE_RBM_BLAS", "numpy")
    monkeypatch.setattr(torch, "index_select", spy)
    try:
        torch.set_num_threads(2)
        RBM(12, 6, seed=0).fit(X, epochs=1, batch_size=50, monitor="none")
        assert seen and set(seen) == {1} and torch.get_num_threads() == 2
        monkeypatch.setenv("COURSE_RBM_BLAS", "torch")
        seen.clear()
        RBM(12, 6, seed=0).fit(X, epochs=1, batch_size=50, monitor="none")
        assert set(seen) == {2}                                      # the torch route keeps the setting
        monkeypatch.setenv("COURSE_RBM_BLAS", "numpy")
        monkeypatch.setattr(torch, "index_select", lambda *a, **k: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            RBM(12, 6, seed=0).fit(X, epochs=1, batch_size=50, monitor="none")
        assert torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(before)
