"""course_lib.checkpoints: every shipped file is in the manifest and matches it; a missing, empty,
truncated, changed or unlisted file gets an error naming the file and the command that rebuilds it,
through every loader of the library."""

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch

from course_lib import autoencoder, checkpoints, classifiers, conditional, recipes
from course_lib.checkpoints import CHECKPOINT_DIR, CheckpointError, load_json, load_npz, load_torch

ROOT = Path(__file__).resolve().parents[1]


def test_manifest_lists_exactly_the_shipped_files_and_each_matches():
    manifest = checkpoints.read_manifest()
    on_disk = sorted(p.name for p in CHECKPOINT_DIR.iterdir() if p.is_file() and p.name != "MANIFEST.json")
    assert sorted(manifest) == on_disk, "checkpoints/MANIFEST.json is stale: python -m course_lib.checkpoints update"
    for name, entry in manifest.items():
        path = checkpoints.verify(CHECKPOINT_DIR / name)
        assert path.stat().st_size == entry["bytes"] and checkpoints.sha256(path) == entry["sha256"]


def test_every_shipped_file_has_a_rebuild_command_naming_an_existing_script():
    for name in checkpoints.read_manifest():
        cmd = checkpoints.rebuild_command(name)
        script = cmd.split("`python ", 1)[1].split("`")[0].split()[0]
        assert (ROOT / script).is_file(), (name, cmd)
        assert f"git checkout -- checkpoints/{name}" in cmd
    assert "make_application_checkpoints.py deblur" in checkpoints.rebuild_command("app_deblur.pt")


# the public loaders, each with the shipped file it reads
LOADERS = {
    "load_torch": ("rbm20_cd1.pt", lambda d: load_torch(d / "rbm20_cd1.pt")),
    "load_npz": ("gan_mixtures.npz", lambda d: load_npz(d / "gan_mixtures.npz")),
    "load_json": ("gan_mode_coverage.json", lambda d: load_json(d / "gan_mode_coverage.json")),
    "load_autoencoder": ("vae_mnist2.pt", lambda d: autoencoder.load_autoencoder(d / "vae_mnist2.pt")),
    "classifiers.load_classifier": ("attr_faces.pt", lambda d: classifiers.load_classifier(d / "attr_faces.pt")),
    "conditional.load_checkpoint": ("app_deblur.pt",
                                    lambda d: conditional.load_checkpoint(d / "app_deblur.pt", "deblur")),
    "load_digit_classifier": ("digit_classifier.pt",
                              lambda d: recipes.load_digit_classifier(d / "digit_classifier.pt")),
    "recipes.load_swap_models": ("swap_detector.pt", lambda d: recipes.load_swap_models(d)),
}
SWAP_FILES = ["swap_autoencoder.pt", "swap_identity.pt", "swap_attributes.pt", "swap_detector.pt"]


@pytest.fixture()
def shipped_copy(tmp_path):
    """A copy of the files the loaders read, with the shipped manifest."""
    names = {f for f, _ in LOADERS.values()} | set(SWAP_FILES)
    for name in names:
        shutil.copy(CHECKPOINT_DIR / name, tmp_path / name)
    shutil.copy(CHECKPOINT_DIR / "MANIFEST.json", tmp_path / "MANIFEST.json")
    return tmp_path


def _corrupt(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "missing":
        path.unlink()
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "tampered":                        # 64 flipped bytes, same size
        mid = len(data) // 2
        path.write_bytes(data[:mid] + bytes(b ^ 0xFF for b in data[mid:mid + 64]) + data[mid + 64:])
    elif how == "unlisted":
        manifest = path.parent / "MANIFEST.json"
        content = json.loads(manifest.read_text())
        del content["files"][path.name]
        manifest.write_text(json.dumps(content))


@pytest.mark.parametrize("loader", sorted(LOADERS))
def test_loaders_read_the_intact_copy(shipped_copy, loader):
    assert LOADERS[loader][1](shipped_copy) is not None


@pytest.mark.parametrize("how", ["missing", "empty", "truncated", "tampered", "unlisted"])
@pytest.mark.parametrize("loader", sorted(LOADERS))
def test_a_damaged_checkpoint_is_a_clear_error_naming_the_file_and_the_fix(shipped_copy, loader, how):
    name, load = LOADERS[loader]
    _corrupt(shipped_copy / name, how)
    error = FileNotFoundError if how == "missing" else CheckpointError
    with pytest.raises(error) as info:
        load(shipped_copy)
    msg = str(info.value)
    assert name in msg, msg
    if how == "unlisted":
        assert "python -m course_lib.checkpoints update" in msg
    else:
        assert "rebuild it with `python " in msg and f"git checkout -- checkpoints/{name}" in msg, msg
    assert {"missing": "missing", "empty": "empty", "truncated": "truncated", "tampered": "sha256",
            "unlisted": "not listed"}[how] in msg


def test_files_outside_a_manifest_folder_still_get_clear_errors(tmp_path):
    empty, junk, good = tmp_path / "empty.pt", tmp_path / "junk.pt", tmp_path / "mine.pt"
    empty.write_bytes(b"")
    junk.write_bytes(np.random.default_rng(0).bytes(4096))
    torch.save({"w": torch.ones(2)}, good)
    with pytest.raises(CheckpointError, match="empty"):
        load_torch(empty)
    with pytest.raises(CheckpointError, match="cannot be read as a torch file") as info:
        load_torch(junk)
    assert "weights_only=False" not in str(info.value)        # never torch's advice to load unsafely
    with pytest.raises(CheckpointError, match="cannot be read as an .npz"):
        load_npz(junk)
    with pytest.raises(CheckpointError, match="not valid JSON"):
        load_json(junk)
    assert torch.equal(load_torch(good)["w"], torch.ones(2))  # your own files load without a manifest


def test_record_updates_a_manifest_folder_only(shipped_copy, tmp_path_factory):
    path = shipped_copy / "rbm20_cd1.pt"
    torch.save({"W": torch.zeros(3)}, path)                   # a re-made checkpoint...
    with pytest.raises(CheckpointError):
        load_torch(path)
    checkpoints.record(path)                                  # ... recorded by its script
    assert torch.equal(load_torch(path)["W"], torch.zeros(3))
    checkpoints.save_torch({"W": torch.ones(3)}, path)        # save_torch = torch.save + record
    assert torch.equal(load_torch(path)["W"], torch.ones(3))
    other = tmp_path_factory.mktemp("scratch") / "x.pt"       # a script's --out folder: nothing recorded
    torch.save({}, other)
    checkpoints.record(other)
    assert not (other.parent / "MANIFEST.json").exists()
