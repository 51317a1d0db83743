"""Shipped checkpoints: load them only if they are the files the course shipped.

Every file in ``checkpoints/`` is listed in ``checkpoints/MANIFEST.json`` with its size and sha256.
The loaders here check a file against that list before reading it, so a missing, empty, truncated or
changed file stops with an error that names the file and the command that rebuilds it -- not with an
``EOFError`` or an unpickling message from deep inside torch. Torch files are always read with
``torch.load(path, weights_only=True)``: tensors and plain containers, never arbitrary code.

A file in a folder without a manifest (a model you saved yourself) is loaded without the hash check,
with the same clear errors for empty or unreadable files. Checkpoints are written with
:func:`save_torch` (or :func:`record` after another writer), which updates the manifest;
``python -m course_lib.checkpoints verify`` checks every shipped file, ``... update`` re-hashes them.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import sys
from pathlib import Path

from ._validate import MissingFileError, check_path, check_str

CHECKPOINT_DIR = Path(__file__).resolve().parents[1] / "checkpoints"
MANIFEST_NAME = "MANIFEST.json"

#: The command that rebuilds each shipped file (run from the repository root); first match wins.
REBUILD = (
    ("rbm*.pt", "python scripts/make_rbm_checkpoints.py"),
    ("digit_classifier.pt", "python scripts/make_gan_checkpoints.py classifier"),
    ("gan_digits.pt", "python scripts/make_gan_checkpoints.py digits"),
    ("gan_mixtures.npz", "python scripts/make_gan_checkpoints.py mixtures"),
    ("gan_ablation.json", "python scripts/make_gan_checkpoints.py ablation"),
    ("gan_digits_progress.npz", "python scripts/make_gan_checkpoints.py progress"),
    ("gan_decision_maps.npz", "python scripts/make_gan_checkpoints.py maps"),
    ("gan_mode_coverage.json", "python benchmarks/gan_mode_coverage.py --seeds 10 --first-seed 1 "
                               "--json checkpoints/gan_mode_coverage.json"),
    ("*_mnist*.pt", "python scripts/make_latent_checkpoints.py mnist"),
    ("vae_faces*.pt", "python scripts/make_latent_checkpoints.py faces"),
    ("attr_faces.pt", "python scripts/make_latent_checkpoints.py attr"),
    ("app_*.pt", "python scripts/make_application_checkpoints.py {task}"),
    ("swap_*.pt", "python scripts/make_application_checkpoints.py swap"),
)


class CheckpointError(ValueError):
    """A checkpoint file that is missing from the manifest, empty, truncated, changed or unreadable."""


def rebuild_command(path) -> str:
    """How to make ``path`` again (or get the shipped copy back)."""
    name = check_path(path, "path").name
    for pattern, command in REBUILD:
        if fnmatch.fnmatch(name, pattern):
            task = name.removeprefix("app_").removesuffix(".pt")
            return (f"rebuild it with `{command.format(task=task)}` or restore the shipped copy with "
                    f"`git checkout -- checkpoints/{name}`")
    return "rebuild it with the script that made it"


def sha256(path) -> str:
    """The sha256 of the file ``path``, as hex."""
    path = _existing_file(path)
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _manifest_path(path: Path) -> Path:
    return path.parent / MANIFEST_NAME


def _existing_file(path, name: str = "path") -> Path:
    path = check_path(path, name)
    if not path.is_file():
        raise MissingFileError(f"{name} {str(path)!r} is not an existing file")
    return path


def _existing_folder(folder, name: str = "folder") -> Path:
    folder = check_path(folder, name)
    if not folder.is_dir():
        raise MissingFileError(f"{name} {str(folder)!r} is not an existing folder")
    return folder


def read_manifest(folder=CHECKPOINT_DIR) -> dict:
    """``{file name: {"bytes": int, "sha256": str}}`` of ``folder``'s manifest ({} if it has none)."""
    m = _existing_folder(folder) / MANIFEST_NAME
    return json.loads(m.read_text())["files"] if m.exists() else {}


def verify(path) -> Path:
    """Check ``path`` against its folder's manifest (if the folder has one); return it as a Path.

    Raises FileNotFoundError for a missing file and CheckpointError for an empty, truncated or
    changed one, or one the manifest does not list; each message names the file and the fix.
    """
    path = check_path(path, "path")
    if not path.is_file():
        raise MissingFileError(f"checkpoint {path} is missing (no file at this path): {rebuild_command(path)}")
    size = path.stat().st_size
    if size == 0:
        raise CheckpointError(f"checkpoint path {path} is empty (0 bytes): {rebuild_command(path)}")
    manifest = _manifest_path(path)
    if not manifest.exists():
        return path
    entry = read_manifest(path.parent).get(path.name)
    if entry is None:
        raise CheckpointError(f"checkpoint path {path} is not listed in {manifest}: after making it with a "
                              f"script, record it (python -m course_lib.checkpoints update)")
    if size != entry["bytes"]:
        raise CheckpointError(f"checkpoint path {path} has {size:,} bytes, the shipped file {entry['bytes']:,} "
                              f"({'truncated' if size < entry['bytes'] else 'changed'}): {rebuild_command(path)}")
    if sha256(path) != entry["sha256"]:
        raise CheckpointError(f"checkpoint path {path} does not match its sha256 in {manifest} (changed or "
                              f"corrupted): {rebuild_command(path)}")
    return path


def load_torch(path, name: str = "path"):
    """``torch.load(path, weights_only=True)`` of a verified file, with a clear error if unreadable.

    Every error names the argument ``name`` (a loader taking a folder passes ``"folder"``); a missing
    file is a ``MissingFileError``."""
    name = check_str(name, "name", allow_empty=False)
    path = check_path(path, name)
    try:
        return _load_verified_torch(path)
    except FileNotFoundError as err:
        raise MissingFileError(f"{name}: {err}") from None
    except ValueError as err:  # a CheckpointError
        raise type(err)(f"{name}: {err}") from None


def _load_verified_torch(path):
    import torch

    path = verify(path)
    try:
        return torch.load(path, weights_only=True)
    except Exception as err:  # unpickling errors, truncated zip archives, foreign files
        raise CheckpointError(f"checkpoint path {path} cannot be read as a torch file ({type(err).__name__}): "
                              f"{rebuild_command(path)}") from None


def save_torch(obj, path) -> None:
    """``torch.save(obj, path)``, then :func:`record` it (the shipped folder's manifest stays true)."""
    import pickle

    import torch

    path = check_path(path, "path")
    if path.is_dir():
        raise ValueError(f"path {str(path)!r} is a folder: give the file to write")
    if not path.parent.is_dir():
        raise MissingFileError(f"path {str(path)!r}: its folder {str(path.parent)!r} does not exist")
    existed = path.exists()
    try:
        torch.save(obj, path)
    except (pickle.PicklingError, AttributeError, TypeError) as err:
        if not existed:
            path.unlink(missing_ok=True)
        raise TypeError(f"obj cannot be saved by torch.save ({type(err).__name__}: {err}); save tensors and "
                        "plain containers") from None
    record(path)


def load_npz(path) -> dict:
    """The arrays of a verified ``.npz`` file, as a dict of NumPy arrays (no pickled objects)."""
    import numpy as np

    path = verify(path)
    try:
        with np.load(path, allow_pickle=False) as f:
            return {k: f[k] for k in f.files}
    except Exception as err:
        raise CheckpointError(f"checkpoint path {path} cannot be read as an .npz file ({type(err).__name__}): "
                              f"{rebuild_command(path)}") from None


def load_json(path):
    """The content of a verified JSON file."""
    path = verify(path)
    try:
        return json.loads(path.read_text())
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise CheckpointError(f"checkpoint path {path} is not valid JSON ({type(err).__name__}): "
                              f"{rebuild_command(path)}") from None


def record(path) -> None:
    """Write ``path``'s size and sha256 into its folder's manifest (scripts call this after saving).

    Only folders that already have a manifest are recorded (the shipped ``checkpoints/``; a script's
    ``--out`` folder for trying recipes stays unrecorded).
    """
    path = _existing_file(path)
    manifest = _manifest_path(path)
    if not manifest.exists():
        return
    files = read_manifest(path.parent)
    files[path.name] = {"bytes": path.stat().st_size, "sha256": sha256(path)}
    _write(manifest, files)


def _write(manifest: Path, files: dict) -> None:
    manifest.write_text(json.dumps({"about": "size and sha256 of every shipped checkpoint; checked at load by "
                                             "course_lib.checkpoints", "files": dict(sorted(files.items()))},
                                   indent=1) + "\n")


def update(folder=CHECKPOINT_DIR) -> dict:
    """Re-hash every file of ``folder`` into its manifest (creating it); returns the new entries."""
    folder = _existing_folder(folder)
    files = {p.name: {"bytes": p.stat().st_size, "sha256": sha256(p)}
             for p in sorted(folder.iterdir()) if p.is_file() and p.name != MANIFEST_NAME}
    _write(folder / MANIFEST_NAME, files)
    return files


def main(argv: list[str]) -> None:
    """The command line: ``argv`` is ``["verify"]`` or ``["update"]``."""
    if not isinstance(argv, (list, tuple)) or not all(isinstance(a, str) for a in argv):
        raise TypeError(f"argv must be a list of strings (the command-line arguments), got {argv!r}")
    argv = list(argv)
    if argv == ["update"]:
        print(f"recorded {len(update())} files in {CHECKPOINT_DIR / MANIFEST_NAME}")
    elif argv == ["verify"]:
        names = sorted(read_manifest())
        for name in names:
            verify(CHECKPOINT_DIR / name)
        print(f"all {len(names)} checkpoints match {CHECKPOINT_DIR / MANIFEST_NAME}")
    else:
        raise SystemExit("usage: python -m course_lib.checkpoints verify|update")


if __name__ == "__main__":
    main(sys.argv[1:])
