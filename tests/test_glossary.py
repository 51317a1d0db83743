"""GLOSSARY.md: English and Korean terms with stable anchors; every notebook link resolves."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTE = ROOT.parent / "shared" / "seed" / "generative_models.md"  # the lecture note, when present
ENTRY = re.compile(r'^(?P<ids>(?:<a id="[^"]+"></a>)+)\n### (?P<heading>[^\n]+)\n(?P<body>.*?)(?=^<a id=|\Z)',
                   re.M | re.S)
LINK = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<path>[^)#\s]*GLOSSARY\.md)#(?P<anchor>[^)\s]+)\)")
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _no_parens(s: str) -> str:
    return re.sub(r"\s*\([^)]*\)", "", s).strip()


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", _no_parens(s))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")


def _entries() -> tuple[dict[str, dict], dict[str, str]]:
    """({main anchor: entry}, {every anchor, aliases included: main anchor})."""
    text = (ROOT / "GLOSSARY.md").read_text(encoding="utf-8")
    entries, anchors = {}, {}
    for m in ENTRY.finditer(text):
        english, _, korean = m["heading"].partition(" / ")
        ids = re.findall(r'<a id="([^"]+)"></a>', m["ids"])
        for anchor in ids:
            assert anchor not in anchors, f"anchor {anchor} appears twice"
            anchors[anchor] = ids[0]
        entries[ids[0]] = {"english": english, "korean": korean, "body": m["body"], "ids": ids}
    assert text.count('<a id="') == len(anchors), "an anchor is not followed by a ### heading"
    return entries, anchors


ENTRIES, ANCHORS = _entries()


def test_entries_have_english_korean_and_the_anchor_rule():
    assert len(ENTRIES) >= 40
    for anchor, e in ENTRIES.items():
        slug = _slug(_no_parens(e["english"]))
        assert anchor == slug, f"anchor {anchor!r} should be {slug!r} (English term, lower case, hyphens)"
        bracketed = {_slug(x) for x in re.findall(r"\(([^)]*)\)", e["english"])}
        for alias in e["ids"][1:]:
            assert alias in bracketed, f"alias {alias!r} of {anchor} is not the term in brackets"
        assert all(HANGUL.search(k) for k in e["korean"].split(", ")), f"{anchor}: no Korean term in the heading"
        assert e["body"].strip(), f"{anchor}: no definition"
    names = [_no_parens(e["english"]).lower().replace("-", " ") for e in ENTRIES.values()]
    assert names == sorted(names), "keep the glossary in alphabetical order"


def test_terms_the_course_relies_on_are_there():
    for anchor in ("generative-model", "discriminative-model", "probability-density-function", "latent-space",
                   "latent-vector", "energy-based-learning", "boltzmann-machine", "restricted-boltzmann-machine",
                   "contrastive-divergence", "free-energy", "partition-function", "gibbs-sampling", "gan",
                   "generator", "discriminator", "mode-collapse", "autoencoder", "vae", "linear-interpolation",
                   "colorization", "deblurring", "super-resolution", "deepfake", "overfitting"):
        assert anchor in ANCHORS, anchor
    assert ENTRIES["latent-space"]["korean"] == "잠재 공간"
    assert ENTRIES["gan"]["korean"].split(", ")[0] == "생성적 적대 신경망"
    assert ENTRIES["energy-based-learning"]["korean"] == "에너지 기반 학습"


@pytest.mark.skipif(not NOTE.exists(), reason="the lecture note (../shared/seed) is not beside the repository")
def test_quotes_from_the_note_are_verbatim():
    note = re.sub(r"\s+", " ", NOTE.read_text(encoding="utf-8"))
    for anchor, e in ENTRIES.items():
        m = re.search(r"Note: (.*?)(?:Lectures:|\Z)", e["body"], re.S)
        for quote in re.findall(r'"([^"]+)"', m.group(1) if m else ""):
            assert re.sub(r"\s+", " ", quote) in note, f"{anchor}: {quote!r} is not in the lecture note"


NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_glossary_link_in_the_notebooks_resolves(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for i, cell in enumerate(cells):
        if cell["cell_type"] != "markdown":
            continue
        for m in LINK.finditer("".join(cell["source"])):
            where = f"{path.name} cell {i}: [{m['text']}]"
            assert (path.parent / unquote(m["path"])).resolve() == ROOT / "GLOSSARY.md", \
                f"{where} points at {m['path']}, not ../GLOSSARY.md"
            anchor = unquote(m["anchor"])
            assert anchor in ANCHORS, f"{where}: GLOSSARY.md has no entry #{anchor}"
            anchor = ANCHORS[anchor]
            _, _, korean = m["text"].partition(" / ")
            if korean:  # the Korean term in the link is (part of) one of the glossary's, spacing aside
                ours = [_squash(k) for k in ENTRIES[anchor]["korean"].split(", ")]
                assert any(_squash(korean) in k or k in _squash(korean) for k in ours), \
                    f"{where}: Korean {korean!r} differs from the glossary's {ENTRIES[anchor]['korean']!r}"
