"""Tests of course_lib.boltzmann: exact enumeration, the RBM as a special case, sequential Gibbs."""

import itertools

import numpy as np
import pytest
import torch

from course_lib.boltzmann import MAX_UNITS, BoltzmannMachine, state_index
from course_lib.rbm import RBM, all_binary_states


def small_rbm(nv=3, nh=2, seed=0):
    rbm = RBM(nv, nh, seed=seed, dtype=torch.float64)
    g = torch.Generator().manual_seed(seed)
    rbm.W = torch.randn(nv, nh, generator=g, dtype=torch.float64)
    rbm.a = torch.randn(nv, generator=g, dtype=torch.float64)
    rbm.b = torch.randn(nh, generator=g, dtype=torch.float64)
    return rbm


def test_energy_matches_pairwise_sum():
    bm = BoltzmannMachine(3, 1, seed=1)
    for s in itertools.product([0.0, 1.0], repeat=4):
        e = -sum(bm.c[i] * s[i] for i in range(4)) - sum(
            bm.L[i, j] * s[i] * s[j] for i in range(4) for j in range(i + 1, 4))
        assert float(bm.energy(torch.tensor(s))) == pytest.approx(float(e), abs=1e-12)


def test_probabilities_normalised_and_log_partition():
    bm = BoltzmannMachine(4, 2, seed=2)
    p = bm.probabilities()
    assert p.shape == (64,) and float(p.sum()) == pytest.approx(1.0, abs=1e-12)
    e = bm.energy(bm.states())
    assert bm.log_partition() == pytest.approx(float(torch.logsumexp(-e, 0)), abs=1e-12)
    assert torch.allclose(torch.log(p), -e - bm.log_partition())


def test_rbm_is_a_restricted_boltzmann_machine():
    rbm = small_rbm(4, 3)
    bm = BoltzmannMachine.from_rbm(rbm)
    assert bm.is_restricted and not BoltzmannMachine(4, 3).is_restricted
    s = bm.states()
    assert torch.allclose(bm.energy(s), rbm.energy(s[:, :4], s[:, 4:]))
    assert bm.log_partition() == pytest.approx(rbm.log_partition(), abs=1e-10)
    pv = torch.exp(rbm.log_likelihood(all_binary_states(4, torch.float64)))
    assert torch.allclose(bm.visible_marginal(), pv, atol=1e-12)


def test_factorisation_only_without_lateral_couplings():
    rbm = small_rbm(3, 3, seed=3)
    v = torch.tensor([1.0, 0.0, 1.0])
    assert BoltzmannMachine.from_rbm(rbm).factorisation_gap(v) < 1e-12
    assert BoltzmannMachine(3, 3, seed=3).factorisation_gap(v) > 1e-3
    table = BoltzmannMachine.from_rbm(rbm).hidden_conditional(v)
    assert table.shape == (8,) and float(table.sum()) == pytest.approx(1.0)


def test_sequential_gibbs_reaches_the_exact_distribution():
    bm = BoltzmannMachine(3, 1, seed=4, scale=0.8)
    s = bm.sample(8000, sweeps=10, seed=0)
    emp = torch.bincount(state_index(s), minlength=16).double() / len(s)
    assert 0.5 * float((emp - bm.probabilities()).abs().sum()) < 0.04


def test_clamped_sequential_gibbs_samples_the_hidden_conditional():
    bm = BoltzmannMachine(2, 2, seed=5)
    v = torch.tensor([1.0, 0.0])
    s0 = torch.cat([v.expand(8000, -1), torch.zeros(8000, 2, dtype=torch.float64)], 1)
    s = bm.gibbs_sequential(s0, sweeps=8, clamp_visible=True, seed=1)
    assert torch.equal(s[:, :2], s0[:, :2])
    emp = torch.bincount(state_index(s[:, 2:]), minlength=4).double() / len(s)
    assert 0.5 * float((emp - bm.hidden_conditional(v)).abs().sum()) < 0.04


def test_p_unit_and_state_index():
    bm = BoltzmannMachine(2, 1, seed=6)
    s = torch.tensor([[1.0, 0.0, 1.0]])
    assert float(bm.p_unit(s, 1)) == pytest.approx(float(torch.sigmoid(bm.c[1] + bm.L[0, 1] + bm.L[2, 1])))
    assert state_index(all_binary_states(3)).tolist() == list(range(8))


def test_bad_inputs():
    with pytest.raises(ValueError, match=f"refused above n_visible \\+ n_hidden = {MAX_UNITS}"):
        BoltzmannMachine(20, 10).log_partition()
    with pytest.raises(ValueError, match=f"refused above {MAX_UNITS}"):
        BoltzmannMachine(20, 10).hidden_conditional(np.zeros(20))
    assert BoltzmannMachine(20, 10).gibbs_sequential(np.zeros((2, 30))).shape == (2, 30)
    with pytest.raises(ValueError, match="scale"):
        BoltzmannMachine(2, 1, scale=-1.0)
    with pytest.raises(ValueError, match="symmetric"):
        BoltzmannMachine.from_parameters(np.array([[0.0, 1.0], [2.0, 0.0]]), np.zeros(2), 1)
    with pytest.raises(ValueError, match="symmetric"):
        BoltzmannMachine.from_parameters(np.eye(2), np.zeros(2), 1)
    with pytest.raises(ValueError, match="NaN"):
        BoltzmannMachine.from_parameters(np.array([[0.0, np.nan], [np.nan, 0.0]]), np.zeros(2), 1)
    with pytest.raises(ValueError, match="n_visible"):
        BoltzmannMachine.from_parameters(np.zeros((2, 2)), np.zeros(2), 3)
    with pytest.raises(TypeError, match="RBM"):
        BoltzmannMachine.from_rbm("rbm")
    bm = BoltzmannMachine(2, 1)
    with pytest.raises(ValueError, match="binary"):
        bm.energy(np.array([[0.5, 0, 1]]))
    with pytest.raises(ValueError, match="3 columns"):
        bm.energy(np.zeros((1, 2)))
    with pytest.raises(ValueError, match="unit index"):
        bm.p_unit(np.zeros((1, 3)), 3)
    with pytest.raises(ValueError, match="single visible state"):
        bm.hidden_conditional(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="no hidden units"):
        BoltzmannMachine(3).hidden_conditional(np.zeros(3))
    with pytest.raises(ValueError, match="shape"):
        state_index(np.zeros((2, 2, 2)))
