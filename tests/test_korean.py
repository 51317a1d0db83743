"""The Korean edition: translations complete and in step with the English cells; ko/ generated.

A lecture belongs to the Korean edition when it has ``translations/ko/NN_topic.json``. For each,
every markdown cell and every translatable code string must be translated for the English text
that is in the notebook today (a stale translation fails, naming lecture and cell), the
translation must keep the English cell's maths, code, links, headings and numbers, and ko/ must be
exactly what tools/make_korean.py writes.
"""

from __future__ import annotations

import json

import make_korean
import pytest
import translate

LECTURES = translate.translated_lectures("ko")


@pytest.mark.parametrize("lecture", LECTURES)
def test_translation_complete_and_fresh(lecture):
    st = translate.status("ko", lecture)
    assert not st["missing"] and not st["stale"], (
        f"{lecture}: Korean translation out of step -- missing: {st['missing']}; stale (English changed "
        f"since translated): {st['stale']}; run: python tools/translate.py todo ko {lecture[:2]}")


@pytest.mark.parametrize("lecture", LECTURES)
def test_translation_keeps_maths_code_links_numbers(lecture):
    nb = translate.load_notebook(lecture)
    tr = translate.load_translation("ko", lecture)
    bad = [f"{lecture} cell {i} (id {c['id']}): {p}" for i, c in enumerate(nb["cells"])
           if c["id"] in tr["cells"] and translate.cell_state(c, tr["cells"][c["id"]]) == "done"
           for p in translate.entry_problems(c, tr["cells"][c["id"]])]
    assert not bad, "\n".join(bad)


def test_korean_edition_is_generated(tmp_path):
    differ = make_korean.main(["--out", str(translate.ROOT / "ko"), "--check"])
    assert differ == 0, "ko/ differs from what tools/make_korean.py writes: run `make korean`"


# ---------------------------------------------------------------- the tools themselves, on a toy lecture

TOY = {
    "cells": [
        {"cell_type": "markdown", "id": "m1", "metadata": {}, "source": ["# Title\n", "We draw 5,000 apples; $p = 0.37$."]},
        {"cell_type": "code", "id": "c1", "metadata": {}, "execution_count": 1, "outputs": [],
         "source": ["import numpy as np"]},
        {"cell_type": "code", "id": "c2", "metadata": {"nbgrader": {"solution": True}}, "execution_count": 2,
         "outputs": [], "source": ["def f(x):\n", '    """Twice x."""\n', "    return 2 * x"]},
        {"cell_type": "code", "id": "c3", "metadata": {"nbgrader": {"grade": True}}, "execution_count": 3,
         "outputs": [{"output_type": "stream", "name": "stdout", "text": ["correct -- f passed 2 check(s).\n"]}],
         "source": ['check_function(f, [((1,), 2), ((2,), 4)], hint="multiply by 2")']},
    ],
    "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
}
KO = {"m1": {"text": "# 제목\n사과 5,000개를 뽑는다; $p = 0.37$."},
      "c2": {"strings": {"Twice x.": "x의 두 배."}},
      "c3": {"strings": {"multiply by 2": "2를 곱하세요"}}}


@pytest.fixture
def toy(tmp_path, monkeypatch):
    nbdir, trdir = tmp_path / "notebooks", tmp_path / "translations"
    nbdir.mkdir()
    (nbdir / "01_toy.ipynb").write_text(json.dumps(TOY))
    monkeypatch.setattr(translate, "NOTEBOOKS", nbdir)
    monkeypatch.setattr(translate, "TRANSLATIONS", trdir)
    return nbdir / "01_toy.ipynb"


def _work():
    return [dict(id=k, **v) for k, v in KO.items()]


def test_toy_round_trip(toy, tmp_path):
    assert translate.status("ko", "01")["missing"] == ["cell 0 (id m1)", "cell 2 (id c2)", "cell 3 (id c3)"]
    assert translate.merge("ko", "01", _work()) == []
    assert translate.status("ko", "01") == {"done": ["cell 0 (id m1)", "cell 2 (id c2)", "cell 3 (id c3)"],
                                            "missing": [], "stale": []}
    ko = make_korean.korean_notebook("01")
    cells = {c["id"]: "".join(c["source"]) for c in ko["cells"]}
    assert cells["m1"] == KO["m1"]["text"]
    assert cells["c1"].startswith("import numpy as np") and 'set_language("ko")' in cells["c1"]
    assert cells["c2"] == 'def f(x):\n    """x의 두 배."""\n    return 2 * x'
    assert cells["c3"] == 'check_function(f, [((1,), 2), ((2,), 4)], hint="2를 곱하세요")'
    assert "".join(ko["cells"][3]["outputs"][0]["text"]) == "정답 -- f: 검사 2개를 모두 통과했습니다.\n"
    assert ko["cells"][2]["outputs"] == TOY["cells"][2]["outputs"]


def test_toy_stale_after_english_edit(toy):
    translate.merge("ko", "01", _work())
    nb = json.loads(toy.read_text())
    nb["cells"][0]["source"] = ["# Title\n", "We draw 6,000 apples."]
    toy.write_text(json.dumps(nb))
    assert translate.status("ko", "01")["stale"] == ["cell 0 (id m1)"]
    with pytest.raises(SystemExit, match="stale: cell 0 \\(id m1\\)"):
        make_korean.korean_notebook("01")
    nb["cells"][3]["source"] = ['check_function(f, [((1,), 2)], hint="times two")']
    toy.write_text(json.dumps(nb))
    assert translate.status("ko", "01")["stale"] == ["cell 0 (id m1)", "cell 3 (id c3)"]


@pytest.mark.parametrize("bad, why", [
    ("# 제목\n사과 6,000개; $p = 0.37$.", "numbers differ"),
    ("# 제목\n사과 5,000개; $p=0.37$.", "maths"),
    ("## 제목\n사과 5,000개; $p = 0.37$.", "headings differ"),
    ("Title: 5,000 apples; $p = 0.37$.", "no Korean"),
    ("", "empty"),
])
def test_merge_refuses_a_translation_that_changes_what_it_must_keep(toy, bad, why):
    errors = translate.merge("ko", "01", [{"id": "m1", "text": bad}])
    assert errors and why in errors[0]
    assert translate.status("ko", "01")["missing"][0] == "cell 0 (id m1)"


def test_merge_refuses_code_strings_that_break_or_miss(toy):
    errors = translate.merge("ko", "01", [{"id": "c3", "strings": {"multiply by 3": "3을 곱하세요"}}])
    assert any("not translated" in e for e in errors) and any("not in the cell" in e for e in errors)
    errors = translate.merge("ko", "01", [{"id": "c2", "strings": {"Twice x.": 'x의 """두 배'}}])
    assert errors and '"""' in errors[0]


def test_course_directory_of_the_korean_edition_has_the_korean_placeholder(tmp_path):
    import make_course

    ko, en = tmp_path / "ko.ipynb", tmp_path / "en.ipynb"
    ko.write_text(json.dumps({**TOY, "metadata": {"course": {"edition": "ko"}}}))
    en.write_text(json.dumps(TOY))
    assert make_course.edition([ko]) == "ko" and make_course.edition([en]) == "en"
    with pytest.raises(ValueError, match="mix editions"):
        make_course.edition([ko, en])
    make_course.write_course(tmp_path / "course", [ko])
    assert make_course.CODE_STUBS["ko"] in (tmp_path / "course" / "nbgrader_config.py").read_text()
    with pytest.raises(ValueError, match="language must be one of"):
        make_course.nbgrader_config(language="fr")
