"""The ``toneclf`` command line.

    toneclf score FILE... [-]            a table per document
    toneclf score --format json FILE...  one JSON object per document per line
    toneclf score --format csv FILE...   one CSV row per sentence
    toneclf train --data my.csv --out my_model
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import sys
from collections.abc import Iterator, Sequence
from typing import TextIO

from .results import DocumentResult
from .scale import LABELS, LEVELS

__all__ = ["main"]


def _read_inputs(paths: Sequence[str]) -> Iterator[tuple[str, str]]:
    """Yield (name, text) for each input; "-" is standard input."""
    for path in paths:
        if path == "-":
            yield "<stdin>", sys.stdin.read()
            continue
        try:
            with open(path, encoding="utf-8") as handle:
                yield path, handle.read()
        except UnicodeDecodeError as exc:
            raise SystemExit(f"toneclf: error: {path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
        except OSError as exc:
            raise SystemExit(f"toneclf: error: {path}: {exc.strerror}") from None


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def format_table(name: str, doc: DocumentResult, width: int = 100) -> str:
    """A readable table of one document's sentences."""
    meta = [f"score {doc.score:+.2f} ({doc.label})", f"{len(doc)} sentences"]
    if doc.date is not None:
        meta.append(f"date {doc.date}")
    if doc.dyad:
        meta.append(f"dyad {doc.dyad}")
    lines = [f"{name}: " + ", ".join(meta)]
    text_width = max(20, width - 32)
    lines.append(f"  {'#':>3}  {'level':>5}  {'label':<12}  {'score':>6}  sentence")
    for i, s in enumerate(doc, 1):
        flag = " ?" if s.low_evidence else ""
        lines.append(
            f"  {i:>3}  {s.level:>+5d}  {s.label:<12}  {s.score:>+6.2f}  {_clip(s.text, text_width)}{flag}"
        )
    if any(s.low_evidence for s in doc):
        lines.append("  ? = low evidence: most words of the sentence are unknown to the model")
    return "\n".join(lines)


def _cmd_score(args: argparse.Namespace, out: TextIO) -> int:
    from .scorer import default_scorer, load

    scorer = load(args.model) if args.model else default_scorer()
    inputs = list(_read_inputs(args.files))
    docs = scorer.score_many([text for _, text in inputs], n_jobs=args.jobs)
    if args.format == "table":
        width = shutil.get_terminal_size((110, 20)).columns
        out.write("\n\n".join(format_table(name, doc, width) for (name, _), doc in zip(inputs, docs)) + "\n")
    elif args.format == "json":
        for (name, _), doc in zip(inputs, docs):
            out.write(json.dumps({"source": name, **doc.as_dict()}, ensure_ascii=False) + "\n")
    else:
        writer = csv.writer(out)
        writer.writerow(["source", "sentence", "start", "end", "level", "label", "score", "confidence",
                         "coverage", *(f"p_{LABELS[lv]}" for lv in LEVELS), "states", "text"])
        for (name, _), doc in zip(inputs, docs):
            for i, s in enumerate(doc):
                writer.writerow([name, i, s.start, s.end, s.level, s.label, f"{s.score:.4f}",
                                 f"{s.confidence:.4f}", f"{s.coverage:.4f}",
                                 *(f"{s.probabilities[lv]:.4f}" for lv in LEVELS), ";".join(s.states), s.text])
    return 0


def _cmd_train(args: argparse.Namespace, out: TextIO) -> int:
    from .train import main as train_main

    argv = ["--data", *args.data, "--out", args.out, "--seed", str(args.seed)]
    return train_main(argv)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``toneclf`` command."""
    from ._version import __version__

    parser = argparse.ArgumentParser(
        prog="toneclf",
        description="Score diplomatic news, sentence by sentence, from hostile (-2) to cooperative (+2).",
    )
    parser.add_argument("--version", action="version", version=f"toneclf {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    score = sub.add_parser("score", help="score text files ('-' reads standard input)")
    score.add_argument("files", nargs="+", metavar="FILE", help="UTF-8 text files, or - for standard input")
    score.add_argument("--format", choices=("table", "json", "csv"), default="table",
                       help="table (default, for people), json (one document per line) or csv (one sentence per row)")
    score.add_argument("--model", help="a model directory written by `toneclf train` (default: the packaged model)")
    score.add_argument("--jobs", type=int, default=1, help="worker processes (default 1, -1 for all cores)")
    score.set_defaults(func=_cmd_score)

    train = sub.add_parser("train", help="train a model on your own corpus CSV")
    train.add_argument("--data", nargs="+", required=True, help="corpus CSV file(s): text, lang, level, ...")
    train.add_argument("--out", required=True, help="directory for the model")
    train.add_argument("--seed", type=int, default=0)
    train.set_defaults(func=_cmd_train)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args, out or sys.stdout))
    except BrokenPipeError:  # e.g. `toneclf score ... | head`
        return 0


if __name__ == "__main__":
    sys.exit(main())
