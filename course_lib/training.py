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

from ._validate import (
    check_bool,
    check_dict,
    check_log_value,
    check_positive_int,
    check_real,
    check_restarts,
    check_str,
    torch_generator,
)


class _UnknownKeyError(KeyError, ValueError):
    """A key a ``History`` does not hold: a ``KeyError`` that is also a ``ValueError`` (the argument is bad)."""

    def __str__(self) -> str:  # the message as is, not its repr
        return str(self.args[0]) if self.args else ""


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
        """Append one row: the step and a value for every quantity (the same quantities each time).

        Each value is a finite real number (a Python or NumPy scalar, or a 0-d array or tensor)."""
        self.add_row(step, values)

    def add_row(self, step: int, values: dict, finite: bool = True) -> None:
        """``log`` with the values as a dict. ``finite=False`` records NaN/inf too: the training loops
        keep a diverged run's numbers (``minimise`` then refuses the run with a ``FloatingPointError``)."""
        step = check_positive_int(step, "step", minimum=0)
        values = check_dict(values, "values")
        finite = check_bool(finite, "finite")
        if self and set(values) | {"step"} != set(self):
            raise ValueError(f"values: history logs {sorted(k for k in self if k != 'step')}, got {sorted(values)}")
        values = {k: check_log_value(v, f"values[{k!r}]") for k, v in values.items()}
        if finite:
            for k, v in values.items():
                if not np.isfinite(v):
                    raise ValueError(f"values[{k!r}] must be a finite number, got {v}")
        self.setdefault("step", []).append(int(step))
        for k, v in values.items():
            self.setdefault(k, []).append(v)

    def last(self, key: str) -> float:
        """The latest value of ``key``."""
        key = check_str(key, "key")
        if key not in self or not self[key]:
            raise _UnknownKeyError(f"key {key!r}: history has no values for it; it holds {sorted(self)}")
        return self[key][-1]

    def extend(self, other: dict, step_offset: int = 0) -> None:
        """Append another history's rows (its steps shifted by ``step_offset``)."""
        rows = _history_rows(other, "other")
        step_offset = check_positive_int(step_offset, "step_offset", minimum=0)
        if rows and self and set(rows) != set(self):
            raise ValueError(f"other must log the same quantities as this history ({sorted(self)}), got {sorted(rows)}")
        for i in range(len(rows.get("step", []))):
            self.log(rows["step"][i] + step_offset, **{k: rows[k][i] for k in rows if k != "step"})


def _history_rows(other, name: str) -> dict:
    """``other`` (a History or a dict of equal-length sequences, one of them ``"step"``) as a dict of
    lists: integer steps >= 0 and finite numbers. An empty dict stays empty; errors name ``name``."""
    from ._validate import as_real_array

    other = check_dict(other, name)
    if not other:
        return {}
    if "step" not in other:
        raise ValueError(f"{name} must hold a 'step' list next to the logged quantities, got keys {sorted(other)}")
    rows = {k: as_real_array(v, f"{name}[{k!r}]", ndim=1, allow_empty=True) for k, v in other.items()}
    steps = np.asarray(rows["step"])
    if np.any(steps != np.round(steps)) or (steps.size and steps.min() < 0):
        raise ValueError(f"{name}['step'] must hold integer steps >= 0, got {other['step']!r}")
    if len({len(v) for v in rows.values()}) != 1:
        raise ValueError(f"{name} must hold sequences of the same length, got lengths "
                         f"{ {k: len(v) for k, v in rows.items()} }")
    return {k: ([int(s) for s in v] if k == "step" else v.tolist()) for k, v in rows.items()}


def lr_multiplier(schedule: Sequence[tuple[float, float]] | None, total: int) -> Callable[[int], float]:
    """``schedule`` = [(fraction of training, multiplier), ...]: from that fraction of ``total`` steps on,
    the learning rate is the base rate times the multiplier (e.g. ``[(0.75, 0.25)]``: a quarter for the last 25%)."""
    return _multiplier(schedule, check_positive_int(total, "total"), "schedule")


def _multiplier(schedule, total: int, name: str) -> Callable[[int], float]:
    if schedule is None:
        return lambda step: 1.0
    points = _schedule_points(schedule, name)

    def multiplier(step: int) -> float:
        m = 1.0
        for frac, mult in points:
            if step >= frac * total:
                m = mult
        return m
    return multiplier


def _schedule_points(schedule, name: str) -> list[tuple[float, float]]:
    """The sorted (fraction, multiplier) pairs of a learning-rate schedule, checked; errors name ``name``."""
    if isinstance(schedule, (str, bytes, dict)) or not isinstance(schedule, (list, tuple, np.ndarray)):
        raise TypeError(f"{name} must be a list of (fraction, multiplier) pairs, got {type(schedule).__name__}")
    points = []
    for item in schedule:
        if isinstance(item, (str, bytes)) or not isinstance(item, (tuple, list, np.ndarray)) or len(item) != 2:
            raise ValueError(f"{name} must be a list of (fraction, multiplier) pairs, got {schedule!r}")
        points.append((check_real(item[0], f"{name} fraction", 0, 1, high_open=True),
                       check_real(item[1], f"{name} multiplier", 0, low_open=True)))
    points.sort()
    return points


def minimise(model, batch_loss: Callable, n: int | tuple[int, ...], *, batch_size: int,
             lr: float, seed=0, epochs: int | None = None, steps: int | None = None,
             lr_schedule: Sequence[tuple[float, float]] | None = None, log_every: int | None = None,
             validate: Callable[[], dict] | None = None, params=None, restarts: dict | None = None) -> History:
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
    ``restarts`` = {at: seed, ...}: warm restarts -- after ``at`` steps (epochs, when training by epochs)
    Adam starts afresh (its moment estimates reset) and batches and noise are drawn from
    ``torch_generator(seed)``; the shipped swap autoencoder and face VAE were trained this way.
    """
    import torch

    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    if not callable(batch_loss):
        raise TypeError(f"batch_loss must be a function batch_loss(idx, gen) -> dict of losses, got "
                        f"{type(batch_loss).__name__}")
    if validate is not None and not callable(validate):
        raise TypeError(f"validate must be a function validate() -> dict of values (or None), got "
                        f"{type(validate).__name__}")
    if params is not None:
        if isinstance(params, (str, bytes, torch.Tensor)) or not hasattr(params, "__iter__"):
            raise TypeError(f"params must be an iterable of tensors (e.g. model.parameters()) or None, got "
                            f"{type(params).__name__}")
        params = list(params)
        if not params or not all(isinstance(p, (torch.Tensor, dict)) for p in params):
            raise ValueError(f"params must hold at least one tensor (or parameter group), got {params!r}")
    if log_every is not None:
        log_every = check_positive_int(log_every, "log_every")
    if (epochs is None) == (steps is None):
        raise ValueError("give exactly one of epochs (passes over the data) or steps (random batches)")
    sizes = (n,) if not isinstance(n, tuple) else n
    if not sizes:
        raise ValueError("n must be the size of the training set, or a non-empty tuple of sizes, got ()")
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
        log_every = log_every if log_every is not None else max(1, total // 50)
    restarts = check_restarts(restarts, epochs if epochs is not None else total)
    params = list(model.parameters()) if params is None else params
    multiplier = _multiplier(lr_schedule, total, "lr_schedule")

    def optimiser(offset: int):
        o = torch.optim.Adam(params, lr=lr)
        return o, torch.optim.lr_scheduler.LambdaLR(o, lambda k: multiplier(k + offset))
    opt, sched = optimiser(0)
    history = History()
    sums: dict[str, float] = {}
    count = 0

    def step_on(idx) -> None:
        nonlocal count
        parts = batch_loss(idx, gen)
        if (not isinstance(parts, dict) or not isinstance(parts.get("loss"), torch.Tensor)
                or not all(isinstance(v, torch.Tensor) and v.numel() == 1 for v in parts.values())):
            raise TypeError("batch_loss must return a dict of scalar tensors with a 'loss' entry, got "
                            f"{type(parts).__name__}" + (f" with keys {sorted(parts)}" if isinstance(parts, dict) else ""))
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
        history.add_row(step, row, finite=False)
        sums.clear()
        count = 0

    model.train()
    done = 0
    if epochs is not None:
        for epoch in range(epochs):
            if epoch in restarts:
                opt, sched = optimiser(done)
                gen = torch_generator(restarts[epoch], "restarts seed")
            perm = torch.randperm(sizes[0], generator=gen)
            for start in range(0, sizes[0], batch_size):
                step_on(perm[start:start + batch_size])
                done += 1
            log_row(done)
    else:
        for done in range(1, total + 1):
            if done - 1 in restarts:
                opt, sched = optimiser(done - 1)
                gen = torch_generator(restarts[done - 1], "restarts seed")
            idx = tuple(torch.randint(0, s, (batch_size,), generator=gen) for s in sizes)
            step_on(idx[0] if len(idx) == 1 else idx)
            if done % log_every == 0 or done == total:
                log_row(done)
    model.eval()
    if not all(np.isfinite(v).all() for k, v in history.items() if k != "step"):
        raise FloatingPointError("training diverged (a logged loss is NaN or infinite): lower lr")
    return history
