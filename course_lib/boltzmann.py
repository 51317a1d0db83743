"""A fully connected Boltzmann machine small enough to list every state.

Units s = (v, h) in {0,1}^n (n = n_visible + n_hidden; the first ``n_visible`` units are visible):

    E(s) = -c.s - 1/2 s.L.s        L symmetric with a zero diagonal (every pair may be coupled)
    P(s) = exp(-E(s)) / Z,   Z = sum over all 2^n states

An RBM is the special case where L couples only visible with hidden units (``from_rbm``): then
P(h | v) is a product over hidden units and a whole layer can be sampled at once (block Gibbs).
In the fully connected machine each unit's conditional depends on all the others, so Gibbs
sampling must visit the units one at a time (``gibbs_sequential``).

The exact quantities (``states``, ``log_partition``, ``probabilities``, conditionals) enumerate
every state, so they refuse above ``MAX_UNITS`` units; energies and Gibbs sampling work at any size.
"""

from __future__ import annotations

import numpy as np
import torch

from ._validate import (
    as_real_array,
    check_bool,
    check_positive_int,
    check_real,
    torch_generator,
)
from .rbm import RBM, all_binary_states, as_binary_states

#: Largest machine handled by exact enumeration (2^22 = 4.2 million states).
MAX_UNITS = 22


class BoltzmannMachine:
    """Fully connected Boltzmann machine with exact probabilities by enumeration.

    Parameters
    ----------
    n_visible, n_hidden : int
        Numbers of visible and hidden units (n_hidden may be 0). Exact enumeration needs
        n_visible + n_hidden <= ``MAX_UNITS``.
    seed : int or torch.Generator
        Seeds the random couplings and the sampler (a generator is used as is).
    scale : float
        Couplings and biases start as N(0, scale^2).

    Attributes
    ----------
    L : tensor (n, n), symmetric, zero diagonal (couplings);  c : tensor (n,) (biases).
    """

    def __init__(self, n_visible: int, n_hidden: int = 0, seed: int = 0, scale: float = 1.0):
        self.n_visible = check_positive_int(n_visible, "n_visible")
        self.n_hidden = check_positive_int(n_hidden, "n_hidden", minimum=0)
        self.n = self.n_visible + self.n_hidden
        scale = check_real(scale, "scale", low=0.0)
        self.generator = torch_generator(seed, "seed")
        upper = torch.randn(self.n, self.n, generator=self.generator, dtype=torch.float64).triu(1) * scale
        self.L = upper + upper.T
        self.c = torch.randn(self.n, generator=self.generator, dtype=torch.float64) * scale

    def __repr__(self) -> str:
        return f"BoltzmannMachine(n_visible={self.n_visible}, n_hidden={self.n_hidden})"

    # ----- construction -------------------------------------------------------------------------
    @classmethod
    def from_parameters(cls, L, c, n_visible: int, seed: int = 0) -> BoltzmannMachine:
        """A machine with couplings ``L`` (n, n; symmetric, zero diagonal) and biases ``c`` (n,)."""
        as_real_array(L, "L", ndim=2)
        as_real_array(c, "c", ndim=1)
        L, c = (torch.as_tensor(x.detach() if isinstance(x, torch.Tensor) else
                                np.ascontiguousarray(x) if isinstance(x, np.ndarray) else x, dtype=torch.float64)
                for x in (L, c))
        if L.ndim != 2 or L.shape[0] != L.shape[1] or c.shape != (L.shape[0],):
            raise ValueError(f"L must be (n, n) and c (n,), got {tuple(L.shape)} and {tuple(c.shape)}")
        if not (torch.isfinite(L).all() and torch.isfinite(c).all()):
            raise ValueError("L and c must not contain NaN or infinite values")
        if not torch.allclose(L, L.T) or L.diagonal().abs().max() > 0:
            raise ValueError("L must be symmetric with a zero diagonal (no self-couplings)")
        n_visible = check_positive_int(n_visible, "n_visible")
        if n_visible > L.shape[0]:
            raise ValueError(f"n_visible ({n_visible}) exceeds the number of units ({L.shape[0]})")
        bm = cls(n_visible, L.shape[0] - n_visible, seed=seed, scale=0.0)
        bm.L, bm.c = L.clone(), c.clone()
        return bm

    @classmethod
    def from_rbm(cls, rbm: RBM, seed: int = 0) -> BoltzmannMachine:
        """The same energy as ``rbm``, written as a Boltzmann machine whose L has only v-h couplings."""
        if not isinstance(rbm, RBM):
            raise TypeError(f"rbm must be a course_lib.rbm.RBM, got {type(rbm).__name__}")
        nv, nh = rbm.n_visible, rbm.n_hidden
        L = torch.zeros(nv + nh, nv + nh, dtype=torch.float64)
        L[:nv, nv:] = rbm.W.double()
        L[nv:, :nv] = rbm.W.double().T
        return cls.from_parameters(L, torch.cat([rbm.a.double(), rbm.b.double()]), nv, seed)

    @property
    def is_restricted(self) -> bool:
        """True when no visible-visible and no hidden-hidden couplings are non-zero (an RBM)."""
        nv = self.n_visible
        return bool((self.L[:nv, :nv] == 0).all() and (self.L[nv:, nv:] == 0).all())

    # ----- energies and exact probabilities ---------------------------------------------------
    def _s(self, s, name: str = "s") -> torch.Tensor:
        return as_binary_states(s, self.n, name, torch.float64)

    def _g(self, seed) -> torch.Generator:
        """The model's own stream for ``seed=None``, else ``torch_generator(seed)`` (int or torch.Generator)."""
        return self.generator if seed is None else torch_generator(seed, "seed")

    def energy(self, s) -> torch.Tensor:
        """E(s) = -c.s - 1/2 s.L.s for each row of ``s`` (m, n); shape (m,)."""
        s = self._s(s)
        return -(s @ self.c) - 0.5 * ((s @ self.L) * s).sum(1)

    def states(self) -> torch.Tensor:
        """All 2^n states, shape (2^n, n), first unit as the most significant bit."""
        if self.n > MAX_UNITS:
            raise ValueError(f"exact enumeration lists 2^n states: refused above n_visible + n_hidden = "
                             f"{MAX_UNITS} units, this machine has {self.n}")
        return all_binary_states(self.n, torch.float64)

    def log_partition(self) -> float:
        """Exact log Z = log sum_s exp(-E(s)) over all 2^n states."""
        return float(torch.logsumexp(-self.energy(self.states()), 0))

    def probabilities(self) -> torch.Tensor:
        """P(s) for every state of ``states()``, shape (2^n,), summing to 1."""
        e = -self.energy(self.states())
        return torch.exp(e - torch.logsumexp(e, 0))

    def visible_marginal(self) -> torch.Tensor:
        """P(v) = sum_h P(v, h) for all 2^n_visible visible states (in ``all_binary_states`` order)."""
        return self.probabilities().reshape(2 ** self.n_visible, 2 ** self.n_hidden).sum(1)

    def hidden_conditional(self, v) -> torch.Tensor:
        """The exact table P(h | v) over all 2^n_hidden hidden states for one visible state v; shape (2^n_hidden,)."""
        if self.n_hidden == 0:
            raise ValueError("this machine has no hidden units")
        if self.n > MAX_UNITS:
            raise ValueError(f"exact enumeration refused above {MAX_UNITS} units, this machine has {self.n}")
        v = as_binary_states(v, self.n_visible, "v", torch.float64)
        if v.shape[0] != 1:
            raise ValueError(f"v must be a single visible state, got {v.shape[0]} rows")
        hs = all_binary_states(self.n_hidden, torch.float64)
        s = torch.cat([v.expand(hs.shape[0], -1), hs], 1)
        e = -self.energy(s)
        return torch.exp(e - torch.logsumexp(e, 0))

    def factorisation_gap(self, v) -> float:
        """max over h of |P(h | v) - prod_j P(h_j | v)| for one visible state v.

        Zero (up to rounding) for a restricted machine; positive when hidden units are coupled.
        """
        table = self.hidden_conditional(v)
        hs = all_binary_states(self.n_hidden, torch.float64)
        marg = table @ hs  # P(h_j = 1 | v), shape (n_hidden,)
        product = torch.prod(hs * marg + (1 - hs) * (1 - marg), 1)
        return float((table - product).abs().max())

    # ----- sampling -----------------------------------------------------------------------------
    def p_unit(self, s, i: int) -> torch.Tensor:
        """P(s_i = 1 | all other units) = sigmoid(c_i + sum_j L_ij s_j) for each row of s; shape (m,)."""
        s = self._s(s)
        i = check_positive_int(i, "i", minimum=0)
        if i >= self.n:
            raise ValueError(f"i must be a unit index < {self.n}, got {i}")
        return torch.sigmoid(self.c[i] + s @ self.L[:, i])

    def gibbs_sequential(self, s, sweeps: int = 1, seed=None,
                         clamp_visible: bool = False) -> torch.Tensor:
        """Sequential Gibbs sampling: each sweep updates unit 0, 1, ..., n-1 in turn, each from its
        conditional given the current values of all others. ``s``: (m, n) states of m chains.

        With ``clamp_visible`` only the hidden units are resampled (the visible ones stay fixed).
        Returns the new states (m, n).
        """
        s = self._s(s).clone()
        sweeps = check_positive_int(sweeps, "sweeps")
        g = self._g(seed)
        clamp_visible = check_bool(clamp_visible, "clamp_visible")
        first = self.n_visible if clamp_visible else 0
        for _ in range(sweeps):
            u = torch.rand(s.shape[0], self.n, generator=g, dtype=torch.float64)
            for i in range(first, self.n):
                p = torch.sigmoid(self.c[i] + s @ self.L[:, i])
                s[:, i] = (u[:, i] < p).to(s.dtype)
        return s

    def sample(self, n: int, sweeps: int = 100, seed=None) -> torch.Tensor:
        """n states from n independent chains of ``sweeps`` sequential Gibbs sweeps from random starts."""
        n = check_positive_int(n, "n")
        sweeps = check_positive_int(sweeps, "sweeps")
        g = self._g(seed)
        s0 = (torch.rand(n, self.n, generator=g, dtype=torch.float64) < 0.5).double()   # uniform random starts
        return self.gibbs_sequential(s0, sweeps, g)


def state_index(s) -> torch.Tensor:
    """Row index in ``all_binary_states`` of each binary row of ``s`` (m, n); shape (m,), int64."""
    s = as_binary_states(s, None, "s", torch.float64)
    if s.shape[1] > 62:
        raise ValueError(f"s must have at most 62 units (an int64 index), got shape {tuple(s.shape)}")
    s = s.to(torch.int64)
    weights = 2 ** torch.arange(s.shape[1] - 1, -1, -1, dtype=torch.int64)
    return s @ weights
