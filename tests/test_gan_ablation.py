"""Lecture 6's ablation of the mixture-GAN fix: the variants change what their names say, and the shipped
checkpoints of the ablation, the decision maps and the digit-GAN progression hold what the notebook reads."""

import numpy as np
import pytest

from course_lib import recipes
from course_lib.checkpoints import CHECKPOINT_DIR, load_json, load_npz

PLAIN, FIX = recipes.MIXTURE_RECIPES["plain"], recipes.MIXTURE_RECIPES["fix"]
# name -> (base recipe, settings that differ from it)
EXPECTED = {"plain+R1": (PLAIN, {"r1_weight", "r1_every"}), "plain+anneal": (PLAIN, {"lr", "lr_final_fraction"}),
            "plain+R1+anneal": (PLAIN, {"r1_weight", "r1_every", "lr", "lr_final_fraction"}),
            "fix-R1": (FIX, {"r1_weight", "r1_every"}), "fix-anneal": (FIX, {"lr", "lr_final_fraction"}),
            "fix-betas": (FIX, {"betas"}), "fix-batch": (FIX, {"batch_size"})}


def test_the_plain_gan_and_the_fix_are_unchanged():
    assert PLAIN["r1_weight"] == 0 and PLAIN["steps"] == 4000 and PLAIN["lr"] == 1e-3 and PLAIN["batch_size"] == 128
    assert FIX["r1_weight"] == 0.1 and FIX["steps"] == 9500 and FIX["lr_final_fraction"] == 0.01
    assert FIX["r1_every"] == 16 and FIX["batch_size"] == 256 and FIX["lr"] == 2e-3


@pytest.mark.parametrize("name", EXPECTED)
def test_each_variant_changes_only_what_its_name_says(name):
    base, keys = EXPECTED[name]
    variant = recipes.MIXTURE_RECIPES[name]
    assert variant["steps"] == recipes.ABLATION_STEPS == FIX["steps"]
    assert {k for k in base if k != "steps" and base[k] != variant[k]} == keys
    other = FIX if base is PLAIN else PLAIN      # what changed comes from the other recipe
    assert all(variant[k] == other[k] for k in keys)


def test_ablation_seeds_are_the_benchmarks_held_out_seeds():
    """Not the notebook's seed 0, not the seeds below 100 the recipe was tuned on: the benchmark's first seeds."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "gan_mode_coverage.py"
    spec = importlib.util.spec_from_file_location("gan_mode_coverage", path)
    gan_mode_coverage = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gan_mode_coverage)
    first = gan_mode_coverage.FIRST_SEED
    assert first >= 1000 and list(recipes.ABLATION_SEEDS) == list(range(first, first + len(recipes.ABLATION_SEEDS)))
    assert len(recipes.ABLATION_SEEDS) >= 3


def test_shipped_ablation_matches_the_recipes():
    abl = load_json(CHECKPOINT_DIR / "gan_ablation.json")
    assert abl["steps"] == recipes.ABLATION_STEPS and abl["seeds"] == list(recipes.ABLATION_SEEDS)
    assert set(abl["methods"]) == {"plain", "fix", *EXPECTED}
    for m in abl["methods"]:
        want = {k: list(v) if isinstance(v, tuple) else v for k, v in recipes.MIXTURE_RECIPES[m].items() if k != "steps"}
        assert abl["settings"][m] == want
    for key, v in abl["summary"].items():
        runs = [r for r in abl["runs"] if f"{r['data']}/{r['method']}" == key]
        assert v["n_runs"] == len(runs) == len(abl["seeds"])
        assert v["modes"] == pytest.approx(np.mean([r["modes"] for r in runs]))
        assert v["hq_percent"] == pytest.approx(100 * np.mean([r["hq"] for r in runs]))
        assert v["modes_min"] <= v["modes"] <= v["modes_max"]


def test_shipped_maps_and_progression_have_the_notebook_shapes():
    maps = load_npz(CHECKPOINT_DIR / "gan_decision_maps.npz")
    n = len(maps["axis"])
    for recipe in ("plain", "fix"):
        k = len(maps[f"{recipe}_steps"])
        assert maps[f"{recipe}_d"].shape == (k, n, n) and maps[f"{recipe}_fake"].shape == (k, 1000, 2)
        assert 0 <= maps[f"{recipe}_d"].min() and maps[f"{recipe}_d"].max() <= 1
    prog = load_npz(CHECKPOINT_DIR / "gan_digits_progress.npz")
    assert prog["fixed_noise_samples"].shape == (len(prog["grid_steps"]), 16, 28, 28)
    assert set(prog["grid_steps"]) <= set(prog["steps"]) and len(prog["frechet"]) == len(prog["steps"])
    assert len(prog["d_real"]) == len(prog["d_fake"]) == len(prog["history_step"])


def test_shipped_mode_coverage_is_the_current_recipes_on_held_out_seeds():
    """checkpoints/gan_mode_coverage.json (lecture 6's and the README's 10-seed figures): the recipes as they are
    now, on the benchmark's held-out seeds, each summary the mean of its runs."""
    cov = load_json(CHECKPOINT_DIR / "gan_mode_coverage.json")
    assert cov["seeds"] == list(range(1000, 1010)) and min(cov["seeds"]) >= 1000
    for m in ("plain", "fix"):
        want = {k: list(v) if isinstance(v, tuple) else v for k, v in recipes.MIXTURE_RECIPES[m].items()}
        assert cov["recipes"][m] == want
    for key, v in cov["summary"].items():
        runs = [r for r in cov["runs"] if f"{r['data']}/{r['method']}" == key]
        assert sorted(r["seed"] for r in runs) == cov["seeds"]
        assert v["hq_percent"] == pytest.approx(100 * np.mean([r["hq"] for r in runs]))
        assert v["modes"] == pytest.approx(np.mean([r["modes"] for r in runs]))
