"""Write the Korean edition, ko/: the English lectures with their markdown in Korean.

Usage: python tools/make_korean.py [--out ko] [--check]   (`make korean`)

For every lecture with a translation file (``translations/ko/NN_topic.json``, see
tools/translate.py) this writes ``ko/NN_topic.ipynb``:

* markdown cells: the stored Korean text (a link to a lecture not yet translated leads to the
  English one, ``../notebooks/NN_topic.ipynb``);
* code cells: the English code, with only the translatable strings (a check's ``hint=``, an
  exercise function's docstring) in Korean, and one line added to the first code cell,
  ``set_language("ko")``, so the exercise checks answer in Korean;
* outputs: the English edition's stored outputs, unchanged -- except the printed report of a
  check cell, re-worded by ``course_lib.checks.localise`` into what the Korean kernel prints.
  Figures and other printed text stay English (they come from the same code).

It stops, naming lecture and cell, if a translation is missing or stale (the English cell changed
after it was translated): run ``python tools/translate.py status ko``. The Korean edition is
generated, never edited by hand; ``tests/test_korean.py`` fails while ko/ differs from what this
writes. ``--check`` writes nothing and exits 1 if ko/ is not up to date.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import translate  # noqa: E402  (tools/translate.py, beside this file)

ROOT = translate.ROOT
LANGUAGE = "ko"
SET_LANGUAGE = ('\n\nfrom course_lib.checks import set_language\n\n'
                'set_language("ko")  # 한국어판: 연습 문제 확인 메시지를 한국어로 출력한다')
CHECK_CALLS = ("check_function(", "check_value(")


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


LECTURE_LINK = re.compile(r"\]\((\d\d_[\w-]+\.ipynb)")


def _link_lectures(text: str, translated: set[str]) -> str:
    """A link to another lecture goes to its Korean page, or to the English one while untranslated."""
    return LECTURE_LINK.sub(lambda m: m[0] if m[1][:-6] in translated else f"](../notebooks/{m[1]}", text)


def korean_notebook(lecture: str) -> dict:
    """The Korean edition of one lecture (raises SystemExit listing what is missing or stale)."""
    nb = translate.load_notebook(lecture)
    tr = translate.load_translation(LANGUAGE, lecture)
    st = translate.status(LANGUAGE, lecture)
    if st["missing"] or st["stale"]:
        raise SystemExit(f"{translate.lecture_path(lecture).stem}: translation incomplete -- "
                         + "; ".join(f"{k}: {', '.join(v)}" for k, v in st.items() if k != "done" and v)
                         + " (python tools/translate.py todo ko NN)")
    out = copy.deepcopy(nb)
    translated = set(translate.translated_lectures(LANGUAGE))
    first_code = True
    for cell in out["cells"]:
        entry = tr["cells"].get(cell["id"])
        src = translate._source(cell)
        if cell["cell_type"] == "markdown" and entry:
            cell["source"] = _lines(_link_lectures(entry["text"], translated))
        elif cell["cell_type"] == "code":
            if entry and entry.get("strings"):
                src = translate.translate_code(src, cell["metadata"].get("nbgrader"), entry["strings"])
            if first_code:
                src += SET_LANGUAGE
                first_code = False
            cell["source"] = _lines(src)
            if any(call in src for call in CHECK_CALLS):
                _localise_outputs(cell)
    out["metadata"]["course"] = {"edition": LANGUAGE, "source": f"notebooks/{translate.lecture_path(lecture).name}"}
    return out


def _localise_outputs(cell) -> None:
    from course_lib.checks import localise

    for o in cell.get("outputs", []):
        if o.get("output_type") == "stream" and o.get("name") == "stdout":
            text = localise("".join(o["text"]) if isinstance(o["text"], list) else o["text"], LANGUAGE)
            o["text"] = _lines(text)


def dumps(nb: dict) -> str:
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def expected_files(out: Path) -> dict[Path, str]:
    return {out / f"{lec}.ipynb": dumps(korean_notebook(lec)) for lec in translate.translated_lectures(LANGUAGE)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "ko")
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 if OUT is not up to date")
    a = ap.parse_args(argv)
    want = expected_files(a.out)
    have = {p: p.read_text() for p in a.out.glob("*.ipynb")} if a.out.exists() else {}
    differ = sorted(str(p) for p in set(want) | set(have) if want.get(p) != have.get(p))
    if a.check:
        for p in differ:
            print(f"out of date: {p}")
        return 1 if differ else 0
    a.out.mkdir(parents=True, exist_ok=True)
    for p in have:
        if p not in want:
            p.unlink()
    for p, text in want.items():
        if have.get(p) != text:
            p.write_text(text)
    print(f"{a.out}: {len(want)} Korean lecture(s), {len(differ)} written or removed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
