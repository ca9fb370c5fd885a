"""Check the project corpus: schema, split hygiene, balance and breadth.

    python training/check_corpus.py              # data/corpus.csv
    python training/check_corpus.py --data other.csv --min-total 0

Prints counts per language and level (train/test), hard-case share, dyads
and topics, and every problem found; exits 1 when there is a problem.
Checks:

* the schema (via :func:`toneclf.corpus.load_corpus`: columns, levels,
  languages, empty texts, conflicting labels) and no exact duplicate;
* every row has a split, an id, a dyad, a topic; ids are unique;
* no exact or near duplicate between train and test (Jaccard similarity of
  word sets of at least ``--near`` , default 0.8), and no group split across;
* floors: rows in total, per language, per language and level, test share per
  language and level, share of hard cases (rows with tags), number of dyads.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from toneclf.corpus import CorpusError, load_corpus  # noqa: E402
from toneclf.features import NewsAnalyzer  # noqa: E402
from toneclf.scale import LEVELS  # noqa: E402

FLOORS = {
    "min_total": 4000,
    "min_per_lang": 1800,
    "min_per_cell": 300,
    "min_test_share": 0.2,
    "min_hard_share": 0.30,
    "min_dyads": 40,
}


@dataclass
class CheckReport:
    """Result of :func:`check`: problems (empty when the corpus passes) and summary lines."""

    problems: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def near_duplicates(a: Sequence[str], b: Sequence[str], threshold: float = 0.8) -> list[tuple[int, int, float]]:
    """Pairs (i, j, jaccard) with word-set Jaccard similarity >= threshold between a[i] and b[j]."""
    from sklearn.feature_extraction.text import CountVectorizer

    analyzer = NewsAnalyzer().words
    vec = CountVectorizer(analyzer=analyzer, binary=True)
    vec.fit(list(a) + list(b))
    A = vec.transform(a).astype(np.float32)
    B = vec.transform(b).astype(np.float32)
    inter = (A @ B.T).tocoo()
    size_a = np.asarray(A.sum(axis=1)).ravel()
    size_b = np.asarray(B.sum(axis=1)).ravel()
    union = size_a[inter.row] + size_b[inter.col] - inter.data
    jaccard = np.divide(inter.data, union, out=np.zeros_like(inter.data), where=union > 0)
    hits = np.flatnonzero(jaccard >= threshold)
    return [(int(inter.row[k]), int(inter.col[k]), float(jaccard[k])) for k in hits]


def check(frame: Any, floors: dict[str, float] | None = None, near: float = 0.8) -> CheckReport:
    """Check a loaded corpus frame (see the module docstring)."""
    floors = {**FLOORS, **(floors or {})}
    report = CheckReport()
    problems, summary = report.problems, report.summary

    def where(i: int) -> str:
        return f"{frame['source'].iloc[i]}:{frame['line'].iloc[i]}"

    for column in ("id", "split", "dyad", "topic"):
        if column not in frame:
            problems.append(f"column {column!r} is missing")
            continue
        empty = np.flatnonzero(frame[column].astype(str).str.strip().eq("").to_numpy())
        for i in empty[:20]:
            problems.append(f"{where(i)}: empty {column}")
        if len(empty) > 20:
            problems.append(f"... and {len(empty) - 20} more rows with an empty {column}")
    if "id" in frame:
        dup_ids = frame["id"][frame["id"].duplicated()].tolist()
        if dup_ids:
            problems.append(f"duplicate ids: {dup_ids[:10]}")
    if "dyad" in frame:
        bad = frame.index[~frame["dyad"].astype(str).str.fullmatch(r"[A-Z]{3}-[A-Z]{3}")].tolist()
        if bad:
            problems.append(f"{len(bad)} dyads not of the form AAA-BBB, e.g. {frame['dyad'].loc[bad[0]]!r}")

    if "split" in frame:
        train = frame[frame["split"] == "train"]
        test = frame[frame["split"] == "test"]
        if "group" in frame:
            grouped = frame[frame["group"].astype(str) != ""].groupby("group")["split"].nunique()
            for group in grouped[grouped > 1].index[:20]:
                problems.append(f"group {group!r} has rows in both train and test")
        for i, j, sim in near_duplicates(test["text"].tolist(), train["text"].tolist(), near):
            problems.append(
                f"near duplicate across splits (Jaccard {sim:.2f}): test {where(frame.index.get_loc(test.index[i]))}"
                f" ~ train {where(frame.index.get_loc(train.index[j]))}"
            )

        summary.append(f"rows: {len(frame)} (train {len(train)}, test {len(test)})")
        if len(frame) < floors["min_total"]:
            problems.append(f"{len(frame)} rows, expected at least {floors['min_total']:.0f}")
        summary.append(f"{'lang':<5}{'level':>6}{'train':>7}{'test':>6}{'total':>7}{'test%':>7}")
        for lang in sorted(frame["lang"].unique()):
            n_lang = int((frame["lang"] == lang).sum())
            if n_lang < floors["min_per_lang"]:
                problems.append(f"{lang}: {n_lang} rows, expected at least {floors['min_per_lang']:.0f}")
            for level in LEVELS:
                cell = frame[(frame["lang"] == lang) & (frame["level"] == level)]
                n_test = int((cell["split"] == "test").sum())
                share = n_test / len(cell) if len(cell) else 0.0
                summary.append(f"{lang:<5}{level:>+6d}{len(cell) - n_test:>7}{n_test:>6}{len(cell):>7}{share:>7.1%}")
                if len(cell) < floors["min_per_cell"]:
                    problems.append(f"{lang} level {level:+d}: {len(cell)} rows, expected at least "
                                    f"{floors['min_per_cell']:.0f}")
                if len(cell) and share < floors["min_test_share"] - 0.01:
                    problems.append(f"{lang} level {level:+d}: test share {share:.1%} below "
                                    f"{floors['min_test_share']:.0%}")
    if "tags" in frame:
        hard = frame["tags"].astype(str).str.strip().ne("")
        summary.append(f"hard cases (tagged): {int(hard.sum())} ({hard.mean():.1%})")
        if hard.mean() < floors["min_hard_share"]:
            problems.append(f"hard-case share {hard.mean():.1%} below {floors['min_hard_share']:.0%}")
        tags = frame["tags"].astype(str).str.split(";").explode().str.strip()
        counts = tags[tags != ""].value_counts()
        summary.append("tags: " + ", ".join(f"{t} {n}" for t, n in counts.items()))
        if "group" in frame:
            summary.append(f"minimal-pair groups: {frame.loc[frame['group'].astype(str) != '', 'group'].nunique()}")
    if "dyad" in frame:
        n_dyads = frame["dyad"].nunique()
        summary.append(f"dyads: {n_dyads}")
        if n_dyads < floors["min_dyads"]:
            problems.append(f"{n_dyads} dyads, expected at least {floors['min_dyads']:.0f}")
    if "topic" in frame:
        summary.append("topics: " + ", ".join(f"{t} {n}" for t, n in frame["topic"].value_counts().items()))
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", nargs="+", default=[str(ROOT / "data" / "corpus.csv")])
    parser.add_argument("--near", type=float, default=0.8, help="Jaccard threshold for near duplicates")
    for name, value in FLOORS.items():
        parser.add_argument("--" + name.replace("_", "-"), type=float, default=value)
    args = parser.parse_args(argv)
    try:
        corpus = load_corpus(args.data)
    except CorpusError as exc:
        print(exc, file=sys.stderr)
        return 1
    report = check(corpus.frame, {k: getattr(args, k) for k in FLOORS}, near=args.near)
    for dup in corpus.duplicates:
        report.problems.append(f"exact duplicate: {dup}")
    print("\n".join(report.summary))
    if report.problems:
        print(f"\n{len(report.problems)} problem(s):", file=sys.stderr)
        for problem in report.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print("\ncorpus OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
