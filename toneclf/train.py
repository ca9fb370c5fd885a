"""Train a toneclf model from a labelled corpus and report held-out metrics.

Used by ``training/train.py`` (which retrains the packaged model) and by
``toneclf train`` (for a user's own corpus). Hyper-parameters are chosen by
cross-validation on the train split only; the test split is touched once, to
report metrics.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from .corpus import Corpus, CorpusError, load_corpus
from .metrics import LevelReport, evaluate
from .model import DEFAULT_PARAMS, PARAM_GRID, assign_split, reported_levels, save_artifact, select_model
from .scale import LEVELS

__all__ = ["TrainingResult", "hard_case_accuracy", "main", "train"]


@dataclass(frozen=True)
class TrainingResult:
    """What a training run produced."""

    manifest_path: Path
    params: dict[str, Any]
    cv_macro_f1: float
    overall: LevelReport
    per_language: dict[str, LevelReport]
    hard_case_accuracy: float | None
    n_train: int
    n_test: int
    corpus: Corpus = field(repr=False)


def hard_case_accuracy(frame: Any, pred: np.ndarray) -> float | None:
    """Accuracy on rows with a non-empty ``tags`` value (None if there is none)."""
    if "tags" not in frame:
        return None
    mask = frame["tags"].astype(str).str.strip().ne("").to_numpy()
    if not mask.any():
        return None
    return float(np.mean(frame["level"].to_numpy()[mask] == pred[mask]))


def train(
    data: Sequence[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    seed: int = 0,
    test_size: float = 0.2,
    search: bool = True,
    n_jobs: int | None = None,
    log: TextIO | None = None,
) -> TrainingResult:
    """Train, evaluate on the test split, and save the model with its manifest.

    Parameters
    ----------
    data : sequence of paths
        Corpus CSV files (see :mod:`toneclf.corpus`).
    out : path
        Directory to write the model and its manifest to.
    seed : int
        Seed for the split of rows without one, the CV folds and the solver.
    test_size : float
        Share of rows without a split that go to the test split.
    search : bool
        Choose ``C`` by cross-validation (else use the default).
    n_jobs : int, optional
        Parallel CV fits.
    log : text stream, optional
        Where to print progress and the report (default: standard output).
    """
    log = log or sys.stdout
    corpus = load_corpus(list(data))
    for name, count in corpus.counts.items():
        print(f"read {count} rows from {name}", file=log)
    for dup in corpus.duplicates:
        print(f"duplicate: {dup}", file=log)
    frame = corpus.frame.copy()
    frame["split"] = assign_split(frame, test_size=test_size, seed=seed)
    train_rows = frame[frame["split"] == "train"]
    test_rows = frame[frame["split"] == "test"]
    missing = sorted(set(LEVELS) - set(train_rows["level"]))
    if missing:
        raise ValueError(
            f"data: the train split has no sentence at level(s) {missing}; every level needs examples"
        )
    if len(test_rows) == 0:
        raise ValueError("data: the test split is empty; add rows or leave their split column empty")
    print(f"train: {len(train_rows)} sentences, test: {len(test_rows)} sentences", file=log)
    grid = PARAM_GRID if search else {"clf__C": [DEFAULT_PARAMS["C"]]}
    groups = [g if g else f"row{i}" for i, g in enumerate(train_rows.get("group", [""] * len(train_rows)))]
    pipeline, best, cv_f1 = select_model(
        train_rows["text"].tolist(), train_rows["level"].to_numpy(), groups, seed=seed, grid=grid, n_jobs=n_jobs
    )
    print(f"model selection (5-fold CV on train, macro-F1): best {best} -> {cv_f1:.3f}", file=log)
    proba = pipeline.predict_proba(test_rows["text"].tolist())
    pred = reported_levels(pipeline.named_steps["clf"], proba)
    gold = test_rows["level"].to_numpy()
    overall = evaluate(gold, pred, proba)
    per_language = {}
    for lang in sorted(test_rows["lang"].unique()):
        mask = (test_rows["lang"] == lang).to_numpy()
        per_language[lang] = evaluate(gold[mask], pred[mask], proba[mask])
    hard = hard_case_accuracy(test_rows, pred)
    print(overall.format("== test split, all languages =="), file=log)
    for lang, report in per_language.items():
        print(report.format(f"== test split, {lang} =="), file=log)
    if hard is not None:
        print(f"hard-case accuracy (rows with tags): {hard:.3f}", file=log)
    params = {**DEFAULT_PARAMS, **{k.split("__", 1)[1]: v for k, v in best.items()}}
    metadata = {
        "trained_at": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
        "seed": seed,
        "data": {
            "files": [Path(p).name for p in data],
            "sha256": corpus.sha256,
            "rows": int(len(frame)),
            "duplicates_dropped": len(corpus.duplicates),
        },
        "params": params,
        "cv_macro_f1": cv_f1,
        "n_train": int(len(train_rows)),
        "n_test": int(len(test_rows)),
        "metrics": {
            "all": overall.as_dict(),
            **{lang: report.as_dict() for lang, report in per_language.items()},
            "hard_case_accuracy": hard,
        },
    }
    manifest = save_artifact(pipeline, out, metadata)
    print(f"wrote {manifest}", file=log)
    return TrainingResult(
        manifest_path=manifest,
        params=params,
        cv_macro_f1=cv_f1,
        overall=overall,
        per_language=per_language,
        hard_case_accuracy=hard,
        n_train=int(len(train_rows)),
        n_test=int(len(test_rows)),
        corpus=corpus,
    )


def build_parser(default_data: Sequence[str] | None = None, default_out: str | None = None) -> argparse.ArgumentParser:
    """Command-line options of the training entry points."""
    parser = argparse.ArgumentParser(description="Train a toneclf model and report held-out metrics.")
    parser.add_argument(
        "--data", nargs="+", default=default_data, required=default_data is None,
        help="corpus CSV file(s) with columns text, lang, level (optional: split, group, tags, ...)",
    )
    parser.add_argument("--out", default=default_out, required=default_out is None,
                        help="directory to write the model and its manifest to")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--test-size", type=float, default=0.2,
                        help="share of rows without a split that go to the test split (default 0.2)")
    parser.add_argument("--no-search", action="store_true", help="skip the cross-validated choice of C")
    parser.add_argument("--jobs", type=int, default=None, help="parallel CV fits")
    return parser


def main(argv: Sequence[str] | None = None, *, default_data: Sequence[str] | None = None,
         default_out: str | None = None) -> int:
    """Entry point; returns a process exit code."""
    args = build_parser(default_data, default_out).parse_args(argv)
    try:
        train(args.data, args.out, seed=args.seed, test_size=args.test_size, search=not args.no_search,
              n_jobs=args.jobs)
    except (CorpusError, FileNotFoundError, ValueError, TypeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0
