"""Precision and recall of Q103, Q104 and Q105 on the labelled sets in tests/data.

``text_dev.jsonl`` is the development set the rules were built against;
``text_heldout.jsonl`` was written and committed before any rule changed and was never
used to tune them (see README, "How the labelled sets were made"). Both are scored as
SPEC section 7 reads: Q105 is not reported where Q103 fires. ``make test`` prints the
figures (pytest's ``-ra`` summary shows them on failure; ``-s`` shows them always).
"""

from __future__ import annotations

import pytest
from text_scoring import CODES, load_set, score, table

MIN_PRECISION = 0.9
MIN_RECALL = 0.9


def test_sets_are_large_and_labelled_both_ways() -> None:
    for name in ("text_dev", "text_heldout"):
        records = load_set(name)
        assert len(records) >= 300
        assert len({(r["kind"], r["text"]) for r in records}) == len(records)
        for code in CODES:
            positive = sum(code in r["expect"] for r in records)  # type: ignore[operator]
            assert positive >= 30, (name, code)
    dev = {r["text"] for r in load_set("text_dev")}
    assert not dev & {r["text"] for r in load_set("text_heldout")}


@pytest.mark.parametrize("name", ["text_dev", "text_heldout"])
def test_precision_and_recall(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    scores = score(load_set(name))
    with capsys.disabled():
        print()
        print(table(name, scores))
        for code_scores in scores.values():
            for wrong in code_scores.wrong:
                print(f"    {wrong}")
    for code, code_scores in scores.items():
        assert code_scores.precision >= MIN_PRECISION, (name, code)
        assert code_scores.recall >= MIN_RECALL, (name, code)


def test_the_lexicon_loads_without_importing_lemminflect_or_numpy() -> None:
    """Only lemminflect's data file is read: its package would bring numpy (a third of a
    second per process). How fast the checks load is a speed target, measured outside
    the unit tests so that a busy machine cannot fail them."""
    import subprocess
    import sys

    program = (
        "import sys\n"
        "from okrsite.text import judge_key_result_is_task as judge\n"
        "verdict = judge('Gather feedback from ten design partners', kind='milestone')\n"
        "assert verdict.fires, verdict\n"
        "assert 'lemminflect' not in sys.modules and 'numpy' not in sys.modules\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


def test_a_missing_lexicon_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    """A broken install must not make the checks go quiet (every word unknown)."""
    from okrsite.text import lexicon

    monkeypatch.setattr(lexicon, "_lexicon_path", lambda: None)
    lexicon._lexicon.cache_clear()
    try:
        with pytest.raises(ImportError, match="lemminflect"):
            lexicon._lexicon()
    finally:
        monkeypatch.undo()
        lexicon._lexicon.cache_clear()
