"""The one training loop of the course's neural networks, and the one history format.

Every network that learns by minimising a loss on minibatches -- the classifiers, the
autoencoders, the conditional models, the swap autoencoder -- trains through ``minimise``:
Adam, minibatches drawn from a seeded ``torch.Generator``, an optional learning-rate schedule,
and a ``History``. The GAN and RBM loops are written out in their own modules (their updates
are the lesson) and return a ``History`` too.

A ``History`` is a dict of equal-length lists: ``"step"`` (optimiser steps done when the row
was logged) and one list per logged quantity (``"loss"``, ``"recon"``, ``"val_loss"`` ...).
It stays a plain dict when saved (``dict(history)``), so checkpoints load with
``weights_only=True``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import torch

from ._validate import check_positive_int, check_real, torch_generator


class History(dict):
    """Training curves: ``"step"`` and one list per quantity, all of the same length.

    Two attributes that are not rows: ``snapshots`` ((step, value) pairs a loop chose to keep,
    e.g. the GAN's generator states) and ``seconds`` (training time).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.snapshots: list = []
        self.seconds = 0.0

    def arrays(self) -> dict:
        """The rows as NumPy arrays, key by key."""
        return {k: np.asarray(v) for k, v in self.items()}

    def log(self, step: int, **values) -> None:
        """Append one row: the step and a value for every quantity (the same quantities each time)."""
        if self and set(values) | {"step"} != set(self):
            raise ValueError(f"history logs {sorted(k for k in self if k != 'step')}, got {sorted(values)}")
        self.setdefault("step", []).append(int(step))
        for k, v in values.items():
            self.setdefault(k, []).append(float(v))

    def last(self, key: str) -> float:
        """The latest value of ``key``."""
        if key not in self or not self[key]:
            raise KeyError(f"history has no values for {key!r}; it holds {sorted(self)}")
        return self[key][-1]

    def extend(self, other: dict, step_offset: int = 0) -> None:
        """Append another history's rows (its steps shifted by ``step_offset``)."""
        for i in range(len(other.get("step", []))):
            self.log(other["step"][i] + step_offset, **{k: other[k][i] for k in other if k != "step"})


def lr_multiplier(schedule: Sequence[tuple[float, float]] | None, total: int) -> Callable[[int], float]:
    """``schedule`` = [(fraction of training, multiplier), ...]: from that fraction of ``total`` steps on,
    the learning rate is the base rate times the multiplier (e.g. ``[(0.75, 0.25)]``: a quarter for the last 25%)."""
    if schedule is None:
        return lambda step: 1.0
    points = []
    for item in schedule:
        if not isinstance(item, (tuple, list)) or len(item) != 2:
            raise ValueError(f"lr_schedule must be a list of (fraction, multiplier) pairs, got {schedule!r}")
        points.append((check_real(item[0], "lr_schedule fraction", 0, 1, high_open=True),
                       check_real(item[1], "lr_schedule multiplier", 0, low_open=True)))
    points.sort()

    def multiplier(step: int) -> float:
        m = 1.0
        for frac, mult in points:
            if step >= frac * total:
                m = mult
        return m
    return multiplier


def minimise(model: torch.nn.Module, batch_loss: Callable, n: int | tuple[int, ...], *, batch_size: int,
             lr: float, seed=0, epochs: int | None = None, steps: int | None = None,
             lr_schedule: Sequence[tuple[float, float]] | None = None, log_every: int | None = None,
             validate: Callable[[], dict] | None = None, params=None) -> History:
    """Train ``model`` with Adam and return its ``History``.

    ``batch_loss(idx, gen)`` gets the minibatch indices and the loop's generator (for noise or
    augmentation) and returns a dict of scalar tensors; ``"loss"`` is minimised, every entry is
    logged. ``n`` is the size of the training set, or a tuple of sizes (then ``idx`` is a tuple of
    index tensors, one per set, e.g. two identities of faces).

    Two ways to draw batches: ``epochs`` -- every epoch a fresh permutation of the ``n`` examples
    in batches of ``batch_size`` (one row per epoch, example-weighted means); or ``steps`` --
    ``steps`` batches drawn with replacement (one row of window means every ``log_every`` steps).
    ``validate()`` (optional, called in eval mode without gradients at every logged row) returns
    more values to log, e.g. ``{"val_loss": ...}``. ``lr_schedule``: see ``lr_multiplier``.
    ``seed``: an int or a ``torch.Generator``; global RNG state is not touched.
    """
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    if (epochs is None) == (steps is None):
        raise ValueError("give exactly one of epochs (passes over the data) or steps (random batches)")
    sizes = (n,) if not isinstance(n, tuple) else n
    sizes = tuple(check_positive_int(s, "n") for s in sizes)
    batch_size = check_positive_int(batch_size, "batch_size")
    lr = check_real(lr, "lr", 0, 1, low_open=True, high_open=True)
    gen = torch_generator(seed)
    if epochs is not None:
        epochs = check_positive_int(epochs, "epochs")
        if len(sizes) != 1:
            raise ValueError("epochs needs a single training set (n an int)")
        per_epoch = -(-sizes[0] // batch_size)
        total = epochs * per_epoch
    else:
        total = check_positive_int(steps, "steps")
        log_every = check_positive_int(log_every if log_every is not None else max(1, total // 50), "log_every")
    opt = torch.optim.Adam(model.parameters() if params is None else params, lr=lr)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_multiplier(lr_schedule, total))
    history = History()
    sums: dict[str, float] = {}
    count = 0

    def step_on(idx) -> None:
        nonlocal count
        parts = batch_loss(idx, gen)
        opt.zero_grad()
        parts["loss"].backward()
        opt.step()
        sched.step()
        weight = len(idx) if epochs is not None else 1
        for k, v in parts.items():
            sums[k] = sums.get(k, 0.0) + float(v.detach()) * weight
        count += weight

    def log_row(step: int) -> None:
        nonlocal count
        row = {k: v / count for k, v in sums.items()}
        if validate is not None:
            model.eval()
            with torch.no_grad():
                row.update({k: float(v) for k, v in validate().items()})
            model.train()
        history.log(step, **row)
        sums.clear()
        count = 0

    model.train()
    done = 0
    if epochs is not None:
        for _ in range(epochs):
            perm = torch.randperm(sizes[0], generator=gen)
            for start in range(0, sizes[0], batch_size):
                step_on(perm[start:start + batch_size])
                done += 1
            log_row(done)
    else:
        for done in range(1, total + 1):
            idx = tuple(torch.randint(0, s, (batch_size,), generator=gen) for s in sizes)
            step_on(idx[0] if len(idx) == 1 else idx)
            if done % log_every == 0 or done == total:
                log_row(done)
    model.eval()
    if not all(np.isfinite(v).all() for k, v in history.items() if k != "step"):
        raise FloatingPointError("training diverged (a logged loss is NaN or infinite): lower lr")
    return history
