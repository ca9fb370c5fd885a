"""The project corpus passes its checker (run in CI), and the checker catches what it should."""

from __future__ import annotations

import pandas as pd
import pytest

from toneclf.corpus import load_corpus
from training.check_corpus import check, main, near_duplicates


@pytest.fixture(scope="module")
def corpus(root):
    return load_corpus(root / "data" / "corpus.csv")


def test_project_corpus_passes_the_checker(corpus) -> None:
    report = check(corpus.frame)
    assert report.problems == []
    assert corpus.duplicates == ()


def test_checker_script_exits_zero_on_the_project_corpus(capsys) -> None:
    assert main([]) == 0
    assert "corpus OK" in capsys.readouterr().out


def test_seeds_are_not_in_the_corpus(corpus, seeds) -> None:
    texts = set(corpus.frame["text"])
    for path in seeds:
        for line in path.read_text(encoding="utf-8").splitlines():
            for piece in line.split(". "):
                piece = piece.strip()
                if len(piece) > 40:
                    assert not any(piece[:60] in t for t in texts), piece


def _frame(texts, splits, levels=None, langs=None):
    n = len(texts)
    return pd.DataFrame({
        "id": [f"r{i}" for i in range(n)], "text": texts, "lang": langs or ["en"] * n,
        "level": levels or [0] * n, "split": splits, "dyad": ["AAA-BBB"] * n, "topic": ["trade"] * n,
        "tags": [""] * n, "group": [""] * n, "source": ["x.csv"] * n, "line": list(range(2, n + 2)),
    })


def test_near_duplicate_across_splits_is_caught() -> None:
    frame = _frame(["The two ministers signed a trade accord in Geneva on Monday.",
                    "The two ministers signed a trade accord in Geneva on Tuesday.",
                    "Artillery shelled the northern villages overnight."], ["train", "test", "train"])
    problems = check(frame, {"min_total": 0, "min_per_lang": 0, "min_per_cell": 0, "min_dyads": 0,
                             "min_hard_share": 0}).problems
    assert any("near duplicate across splits" in p and "x.csv:3" in p and "x.csv:2" in p for p in problems)


def test_near_duplicates_respects_the_threshold() -> None:
    a = ["one two three four five six seven eight nine ten"]
    b = ["one two three four five six seven eight nine eleven", "completely different words here"]
    assert [(i, j) for i, j, _ in near_duplicates(a, b, 0.8)] == [(0, 0)]
    assert near_duplicates(a, b, 0.9) == []


def test_imbalance_and_missing_test_share_are_caught() -> None:
    frame = _frame([f"sentence number {i} about trade" for i in range(10)], ["train"] * 10,
                   levels=[0] * 9 + [1])
    problems = check(frame, {"min_total": 20, "min_per_lang": 0, "min_per_cell": 2, "min_dyads": 0,
                             "min_hard_share": 0}).problems
    assert any("10 rows, expected at least 20" in p for p in problems)
    assert any("en level +1: 1 rows, expected at least 2" in p for p in problems)
    assert any("test share 0.0%" in p for p in problems)
