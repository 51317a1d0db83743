"""repro, checks, data loaders and plotting helpers."""

import os
import subprocess
import sys

import numpy as np
import pytest
import torch

from course_lib import checks
from course_lib.data import digits
from course_lib.repro import SIMULATION_VARIABLES, check_budget, seed_everything


def test_seed_everything_repeats_all_generators():
    import random

    seed_everything(3)
    a = (random.random(), np.random.rand(), torch.rand(1).item())
    seed_everything(3)
    b = (random.random(), np.random.rand(), torch.rand(1).item())
    assert a == b
    assert torch.get_num_threads() == 1
    with pytest.raises(ValueError, match="seed"):
        seed_everything(-1)
    with pytest.raises(TypeError, match="threads"):
        seed_everything(0, threads=1.5)


def test_check_budget_fails_loudly_when_over(capsys, monkeypatch):
    for name in SIMULATION_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(RuntimeError, match="time budget"):
        check_budget(max_seconds=1e-3, max_mb=1e9)
    check_budget(max_seconds=1e9, max_mb=1e9)
    assert "peak memory" in capsys.readouterr().out
    with pytest.raises(RuntimeError, match="memory budget"):
        check_budget(max_seconds=1e9, max_mb=1)


def test_check_function_reports_each_state(capsys):
    def placeholder(x):
        raise NotImplementedError("exercise: write it")

    def solution(x):
        return x / x.sum()

    def wrong(x):
        return x

    def crashes(x):
        return x.nonexistent

    cases = [((np.array([1.0, 3.0]),), np.array([0.25, 0.75]))]
    assert not checks.check_function(placeholder, cases)
    assert "not yet" in capsys.readouterr().out
    assert checks.check_function(solution, cases)
    assert "correct" in capsys.readouterr().out
    assert not checks.check_function(wrong, cases, hint="divide by the total")
    out = capsys.readouterr().out
    assert "wrong" in out and "divide by the total" in out
    assert not checks.check_function(crashes, cases)
    assert "AttributeError" in capsys.readouterr().out
    assert not checks.check_value(..., 1.0)
    assert "not yet" in capsys.readouterr().out
    assert checks.check_value(torch.tensor([1.0, 2.0]), [1.0, 2.0])


def test_binarized_mnist_split_is_stratified_and_binary():
    Xtr, ytr, Xte, yte = digits.binarized_mnist(seed=0)
    assert Xtr.shape == (4000, 784) and Xte.shape == (1000, 784)
    assert set(np.unique(Xtr)) <= {0.0, 1.0}
    assert np.bincount(ytr).tolist() == [400] * 10 and np.bincount(yte).tolist() == [100] * 10
    Xtr2, *_ = digits.binarized_mnist(seed=0)
    np.testing.assert_array_equal(Xtr, Xtr2)


def test_missing_data_file_is_a_clear_error():
    from course_lib.data import data_path

    with pytest.raises(FileNotFoundError, match="data/README.md"):
        data_path("no_such_file.npz")


def test_image_grid_rejects_bad_shape():
    from course_lib.plotting import image_grid

    with pytest.raises(ValueError, match=r"images must have (shape|3 or 4 dimension)"):
        image_grid(np.zeros(5))
    with pytest.raises(ValueError, match="row_labels must have one label per row"):
        image_grid(np.zeros((4, 3, 3)), nrows=2, row_labels=["only one"])


def test_image_grid_labels_each_row_at_its_centre():
    import matplotlib

    matplotlib.use("Agg")
    from course_lib.plotting import image_grid

    ax = image_grid(np.zeros((6, 5, 5)), nrows=2, row_labels=["first", "second"])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["first", "second"]
    np.testing.assert_allclose(ax.get_yticks(), [2.0, 8.0])             # rows of 5 pixels, 1 pixel apart


def test_plot_gan_history_draws_both_panels_and_names_missing_keys():
    import matplotlib

    matplotlib.use("Agg")
    from course_lib.plotting import plot_gan_history

    h = {"step": [1, 2, 3], "d_loss": [1.0, 1.2, 1.38], "g_loss": [2.0, 1.0, 0.7],
         "d_real": [0.9, 0.6, 0.5], "d_fake": [0.1, 0.4, 0.5]}
    fig, (a1, a2) = plot_gan_history(h, reference_loss=np.log(4), reference_label="log 4")
    assert len(a1.lines) == 3 and len(a2.lines) == 3
    np.testing.assert_array_equal(a2.lines[0].get_ydata(), h["d_real"])
    with pytest.raises(ValueError, match="d_fake"):
        plot_gan_history({k: v for k, v in h.items() if k != "d_fake"})


@pytest.mark.parametrize("name", ["ATEN_CPU_CAPABILITY", "MKL_ENABLE_INSTRUCTIONS", "ONEDNN_MAX_CPU_ISA"])
def test_check_budget_under_a_simulated_machine_prints_time_and_still_checks_memory(capsys, monkeypatch, name):
    for other in SIMULATION_VARIABLES:
        monkeypatch.delenv(other, raising=False)
    monkeypatch.setenv(name, "avx2")
    check_budget(max_seconds=1e-3, max_mb=1e9)                  # slower kernels on purpose: time not enforced
    out = capsys.readouterr().out
    assert "time budget not enforced" in out and name in out
    with pytest.raises(RuntimeError, match="memory budget"):
        check_budget(max_seconds=1e-3, max_mb=1)
    monkeypatch.setenv(name, "")                                 # an empty variable simulates nothing
    with pytest.raises(RuntimeError, match="time budget"):
        check_budget(max_seconds=1e-3, max_mb=1e9)


def _machine_line(**simulate) -> str:
    env = {k: v for k, v in os.environ.items() if k not in SIMULATION_VARIABLES}
    env.update(simulate)
    return subprocess.run([sys.executable, "-c", "from course_lib.repro import describe_machine as d; print(d())"],
                          env=env, capture_output=True, text=True, timeout=120, check=True).stdout


@pytest.mark.parametrize("capability, expected", [("default", "DEFAULT"), ("avx2", "AVX2")])
def test_simulated_machine_really_switches_kernels(capability, expected):
    """What make test-portable relies on: the variables take effect in a fresh process."""
    native = _machine_line()
    out = _machine_line(ATEN_CPU_CAPABILITY=capability, OPENBLAS_CORETYPE="Prescott")
    assert f"torch kernels: {expected};" in out, out
    assert "ATEN_CPU_CAPABILITY=" + capability in out and "OPENBLAS_CORETYPE=Prescott" in out, out
    assert "simulation variables: none" in native, native
    blas = [line.split("NumPy BLAS: ")[1].split(";")[0] for line in (native, out)]
    assert blas[0] != blas[1], f"OPENBLAS_CORETYPE did not change NumPy's BLAS kernels: {blas}"
