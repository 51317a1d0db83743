"""Make the checkpoints of lecture 6 (GANs in practice). Run from the repository root:

    .venv/bin/python scripts/make_gan_checkpoints.py            # everything
    .venv/bin/python scripts/make_gan_checkpoints.py classifier # one part: classifier | digits | mixtures
                                                                #   | maps | progress | ablation | ablation-ring

* checkpoints/digit_classifier.pt -- the referee ``classifiers.DigitCNN`` (``recipes.make_digit_classifier``);
* checkpoints/gan_digits.pt -- the tiny DCGAN with ``recipes.DIGIT_RECIPE`` and its history;
* checkpoints/gan_mixtures.npz -- 2,500 samples of the plain GAN and of the fix on the ring and the grid
  (full-length runs, seed 0, the settings of benchmarks/gan_mode_coverage.py);
* checkpoints/gan_decision_maps.npz -- D(x) on a 2-D mesh over the grid mixture and 1,000 samples of G, at
  snapshots of seed-0 runs of the plain GAN and of the fix (the recipes and seed of gan_mixtures.npz; floating
  point on another machine gives other samples);
* checkpoints/gan_digits_progress.npz -- the digit GAN's run again (same recipe and seed as gan_digits.pt) with
  snapshots every 50 steps: fixed-noise samples at a few steps, the classifier's verdict (Frechet
  distance, KL to uniform, classes) on 1,000 samples at every snapshot, and the run's D(real)/D(fake) curve;
* checkpoints/gan_ablation.json -- the ablation of the fix at equal steps (``recipes.ABLATION_VARIANTS``,
  ``ABLATION_STEPS``, ``ABLATION_SEEDS``) on the grid (part ``ablation-ring`` adds the ring to the file),
  VEEGAN protocol, mean and spread; about 40 minutes on one shared core.
One thread, seeded: the same files on the same machine with the same torch version.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from course_lib import recipes  # noqa: E402
from course_lib.checkpoints import record  # noqa: E402

OUT = ROOT / "checkpoints"


def make_classifier():
    print(f"digit classifier: test accuracy {recipes.make_digit_classifier(OUT):.3f}", flush=True)


def make_digit_gan():
    t = time.perf_counter()
    h = recipes.make_digit_gan(OUT)
    print(f"digit GAN: {h['step'][-1]} steps in {time.perf_counter() - t:.0f} s", flush=True)


def make_mixtures():
    from gan_mode_coverage import METHODS, run_one

    out = {}
    for data in ("ring", "grid"):
        for method in METHODS:
            r = run_one(data, method, seed=0)
            out[f"{data}_{method}"] = r["samples"]
            print(f"{data} {method}: {r['modes']} modes, {100 * r['hq']:.1f}% high quality, {r['seconds']:.0f} s")
    np.savez_compressed(OUT / "gan_mixtures.npz", **out)
    record(OUT / "gan_mixtures.npz")


MAP_LIM, MAP_POINTS = 5.5, 89                      # the mesh of the decision maps: 89 x 89 points on [-5.5, 5.5]^2
MAP_STEPS = {"plain": (0, 500, 1500, 4000), "fix": (500, 1500, 9500)}


def make_maps():
    from course_lib import gan
    from course_lib.data.mixtures import GRID_STD, grid_centers

    axis = np.linspace(-MAP_LIM, MAP_LIM, MAP_POINTS)
    mesh = torch.tensor(np.stack(np.meshgrid(axis, axis), -1).reshape(-1, 2), dtype=torch.float32)

    def snap(g, d, step):
        with torch.no_grad():
            dmap = torch.sigmoid(d(mesh)).reshape(MAP_POINTS, MAP_POINTS).numpy()
        return dmap.astype(np.float32), gan.generate(g, 1000, seed=1).astype(np.float32)

    shipped = np.load(OUT / "gan_mixtures.npz")
    out = {"axis": axis}
    for recipe, keep in MAP_STEPS.items():
        G, _, h = recipes.train_mixture_gan(grid_centers(), GRID_STD, recipe, seed=0, snapshot_every=500, snapshot_fn=snap)
        same = np.array_equal(gan.generate(G, 2500, seed=10_000), shipped[f"grid_{recipe}"])
        print(f"maps, {recipe}: final samples equal gan_mixtures.npz's: {same}", flush=True)
        snaps = dict(h.snapshots)
        out[f"{recipe}_steps"] = np.array(keep)
        out[f"{recipe}_d"] = np.stack([snaps[k][0] for k in keep])
        out[f"{recipe}_fake"] = np.stack([snaps[k][1] for k in keep])
    np.savez_compressed(OUT / "gan_decision_maps.npz", **out)
    record(OUT / "gan_decision_maps.npz")


PROGRESS_EVERY, PROGRESS_GRID_STEPS, PROGRESS_N_FIXED = 50, (0, 100, 250, 500, 1000, 2000), 16


def make_progress():
    from course_lib import gan
    from course_lib.data.digits import mnist_float
    from course_lib.metrics import evaluate_digits

    X, _, Xt, _ = mnist_float(seed=0)
    clf = recipes.load_digit_classifier(OUT / "digit_classifier.pt")
    t = time.perf_counter()
    G, _, h = recipes.train_digit_gan(X, seed=0, snapshot_every=PROGRESS_EVERY)
    shipped = torch.load(OUT / "gan_digits.pt", weights_only=True)["generator"]
    same = all(torch.equal(v, shipped[k]) for k, v in G.state_dict().items())
    print(f"progress: trained in {time.perf_counter() - t:.0f} s; final G equals gan_digits.pt's: {same}", flush=True)
    steps, frechet, kl, modes, fixed = [], [], [], [], []
    for step, state in h.snapshots:
        G.load_state_dict(state)
        r = evaluate_digits(clf, gan.generate(G, 1000, seed=1), Xt)      # the notebook's 1,000 samples and reference
        steps.append(step)
        frechet.append(r["frechet"])
        kl.append(r["kl_uniform"])
        modes.append(r["modes"])
        if step in PROGRESS_GRID_STEPS:
            fixed.append(gan.generate(G, PROGRESS_N_FIXED, seed=1))       # = the first 16 of those samples
        print(f"  step {step:5d}: Frechet {r['frechet']:8.2f}, KL {r['kl_uniform']:.3f}, {r['modes']} classes", flush=True)
    np.savez_compressed(OUT / "gan_digits_progress.npz", steps=np.array(steps), frechet=np.array(frechet),
                        kl_uniform=np.array(kl), modes=np.array(modes), grid_steps=np.array(PROGRESS_GRID_STEPS),
                        fixed_noise_samples=np.stack(fixed).astype(np.float32),
                        history_step=np.asarray(h["step"]), d_real=np.asarray(h["d_real"], dtype=np.float32),
                        d_fake=np.asarray(h["d_fake"], dtype=np.float32))
    record(OUT / "gan_digits_progress.npz")


def make_ablation(data=("grid",)):
    import json

    from gan_mode_coverage import run_one

    methods = ("plain", *list(recipes.ABLATION_VARIANTS)[:3], "fix", *list(recipes.ABLATION_VARIANTS)[3:])
    path, runs = OUT / "gan_ablation.json", []
    if path.exists():      # keep the runs of the other data set (``ablation-grid`` first, ``ablation-ring`` later)
        runs = [r for r in json.loads(path.read_text())["runs"] if r["data"] not in data]
    for d in data:
        for m in methods:                   # methods outermost: an interrupted run has every seed of the first ones
            for seed in recipes.ABLATION_SEEDS:
                r = run_one(d, m, seed, steps=recipes.ABLATION_STEPS)
                r.pop("samples")
                runs.append(r)
                print(f"ablation {d} {m:16s} seed {seed}: {r['modes']:2d} modes, {100 * r['hq']:5.1f}% HQ, "
                      f"{r['seconds']:.0f} s", flush=True)
                _write_ablation(path, methods, runs)      # after every run: an interrupted run keeps what it did


def _write_ablation(path, methods, runs):
    import json

    from gan_mode_coverage import summarise

    summary = summarise(runs)
    for key, v in summary.items():          # the spread: smallest and largest over the seeds
        rows = [r for r in runs if f"{r['data']}/{r['method']}" == key]
        v["modes_min"], v["modes_max"] = min(r["modes"] for r in rows), max(r["modes"] for r in rows)
        v["hq_percent_min"] = min(100 * r["hq"] for r in rows)
        v["hq_percent_max"] = max(100 * r["hq"] for r in rows)
    done = [m for m in methods if any(r["method"] == m for r in runs)]
    settings = {m: {k: list(v) if isinstance(v, tuple) else v for k, v in recipes.MIXTURE_RECIPES[m].items()
                    if k != "steps"} for m in done}
    path.write_text(json.dumps({"steps": recipes.ABLATION_STEPS, "seeds": list(recipes.ABLATION_SEEDS),
                                "n_samples": 2500, "methods": done, "settings": settings,
                                "summary": summary, "runs": runs}, indent=1) + "\n")
    record(path)


if __name__ == "__main__":
    torch.set_num_threads(1)
    OUT.mkdir(exist_ok=True)
    parts = sys.argv[1:] or ["classifier", "digits", "mixtures", "maps", "progress", "ablation"]
    for p in parts:
        {"classifier": make_classifier, "digits": make_digit_gan, "mixtures": make_mixtures, "maps": make_maps,
         "progress": make_progress, "ablation": make_ablation,
         "ablation-ring": lambda: make_ablation(("ring",))}[p]()
