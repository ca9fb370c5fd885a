"""The ``toneclf`` command line.

    toneclf score FILE|DIR... [-]        a table per document
    toneclf score --format json FILE...  one JSON object per document per line
    toneclf score --format csv FILE...   one CSV row per sentence
    toneclf score --jobs 2 archive/      every *.txt and *.jsonl below archive/, on two cores
    toneclf train --data my.csv --out my_model

``score`` streams: documents are read and scored in batches and written as
they are done, so memory does not grow with the input (see
:mod:`toneclf.stream` for the inputs it reads and how bad ones are reported).
A progress bar is shown on standard error when it is a terminal.

Exit status: 0; 1 if some input was skipped (each is reported on standard
error) or a named path does not exist; 2 for a usage error.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from .results import DocumentResult
from .scale import LABELS, LEVELS

if TYPE_CHECKING:
    from .stream import Document

__all__ = ["main"]


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


_CSV_HEADER = ["source", "id", "sentence", "start", "end", "level", "label", "score", "confidence",
               "coverage", *(f"p_{LABELS[lv]}" for lv in LEVELS), "states", "text"]


class _Writer:
    """Writes scored documents in one of the output formats, as they come."""

    def __init__(self, fmt: str, out: TextIO, explain: int = 0, scorer: Any = None) -> None:
        self.format = fmt
        self.out = out
        self.explain = explain
        self.scorer = scorer
        self.count = 0
        self.width = shutil.get_terminal_size((110, 20)).columns
        if fmt == "csv":
            self.csv = csv.writer(out)
            self.csv.writerow(_CSV_HEADER)

    def write(self, document: Document, doc: DocumentResult) -> None:
        out = self.out
        if self.format == "table":
            out.write(("\n" if self.count else "") + format_table(document.name, doc, self.width) + "\n")
            if self.explain:
                from .explain import format_explanations

                out.write(format_explanations(doc, self.scorer, self.explain) + "\n")
        elif self.format == "json":
            record: dict[str, object] = {"source": document.source}
            if document.id is not None:
                record["id"] = document.id
            out.write(json.dumps({**record, **doc.as_dict()}, ensure_ascii=False) + "\n")
        else:
            ident = "" if document.id is None else document.id
            for i, s in enumerate(doc):
                self.csv.writerow([document.source, ident, i, s.start, s.end, s.level, s.label, f"{s.score:.4f}",
                                   f"{s.confidence:.4f}", f"{s.coverage:.4f}",
                                   *(f"{s.probabilities[lv]:.4f}" for lv in LEVELS), ";".join(s.states), s.text])
        self.count += 1


def _progress(enabled: bool) -> Any:
    """A tqdm bar on standard error when ``enabled`` and standard error is a terminal, else None."""
    if not enabled or not sys.stderr.isatty():
        return None
    try:
        from tqdm import tqdm
    except ImportError:  # tqdm is a dependency; a broken install only loses the bar
        return None
    return tqdm(unit=" docs", file=sys.stderr, dynamic_ncols=True, leave=False)


def _cmd_score(args: argparse.Namespace, out: TextIO) -> int:
    from .stream import check_paths, iter_documents, score_documents

    try:
        check_paths(args.files)
    except FileNotFoundError as exc:
        print(f"toneclf: error: {exc}", file=sys.stderr)
        return 1
    from .scorer import default_scorer, load

    scorer = load(args.model) if args.model else default_scorer()
    skipped = 0

    def on_skip(message: str) -> None:
        nonlocal skipped
        skipped += 1
        if bar is not None:
            bar.clear()
        print(f"toneclf: warning: {message}", file=sys.stderr, flush=True)

    bar = _progress(args.progress)
    if args.explain and args.format != "table":
        print("toneclf: error: --explain goes with the table format", file=sys.stderr)
        return 2
    writer = _Writer(args.format, out, explain=args.explain, scorer=scorer)
    documents = iter_documents(args.files, input_format=args.input_format, on_skip=on_skip)
    try:
        for document, doc in score_documents(scorer, documents, n_jobs=args.jobs, batch_size=args.batch_size):
            writer.write(document, doc)
            out.flush()  # a reader downstream sees each document when it is done
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    out.flush()
    if skipped:
        print(f"toneclf: warning: {skipped} input(s) skipped, {writer.count} document(s) scored", file=sys.stderr)
        return 1
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

    from .report import add_parser as add_report_parser
    from .timeline import add_parser as add_timeline_parser

    _add_score_parser(sub)
    add_timeline_parser(sub)
    add_report_parser(sub)
    _add_train_parser(sub)
    return parser


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {value}")
    return number


def _jobs(value: str) -> int:
    number = int(value)
    if number == 0 or number < -1:
        raise argparse.ArgumentTypeError(f"must be a positive integer or -1 (every core), got {value}")
    return number


def _add_score_parser(sub: Any) -> argparse.ArgumentParser:
    score: argparse.ArgumentParser = sub.add_parser(
        "score", help="score text files, directories and JSON Lines files ('-' reads standard input)",
        description="Score documents sentence by sentence and write the results as they are done "
                    "(in batches: memory does not grow with the input).",
        epilog="JSON Lines input: one object per line, {\"id\": ..., \"text\": ..., \"date\": \"2024-01-05\"} "
               "(date optional; blank lines ignored). A line that is not such an object, or a text file that "
               "is not UTF-8, is reported on standard error with its file and line number and skipped; the "
               "other documents are scored and the exit status is then 1.",
    )
    score.add_argument("files", nargs="+", metavar="PATH",
                       help="UTF-8 text files (one document each), .jsonl files (one JSON object per line with "
                            "'id', 'text' and optional 'date'), directories (every *.txt and *.jsonl below), "
                            "or - for standard input")
    score.add_argument("--format", choices=("table", "json", "csv"), default="table",
                       help="table (default, for people), json (one document per line) or csv (one sentence per row)")
    score.add_argument("--explain", nargs="?", const=5, default=0, type=_positive, metavar="K",
                       help="after each table, the K n-grams (default 5) that pushed each sentence toward "
                            "escalation and toward reconciliation")
    score.add_argument("--input-format", choices=("auto", "text", "jsonl"), default="auto",
                       help="how to read the files named and standard input: auto (default: .jsonl files as "
                            "JSON Lines, anything else as one text document), text or jsonl")
    score.add_argument("--model", help="a model directory written by `toneclf train` (default: the packaged model)")
    score.add_argument("--jobs", type=_jobs, default=1, metavar="N",
                       help="processes that score, this one included (default 1, -1 for every core)")
    score.add_argument("--batch-size", type=_positive, default=256, metavar="N",
                       help="documents read and scored at a time (default 256); memory grows with it")
    score.add_argument("--no-progress", dest="progress", action="store_false",
                       help="no progress bar (it is only shown when standard error is a terminal)")
    score.set_defaults(func=_cmd_score)
    return score


def _add_train_parser(sub: Any) -> argparse.ArgumentParser:
    train: argparse.ArgumentParser = sub.add_parser("train", help="train a model on your own corpus CSV")
    train.add_argument("--data", nargs="+", required=True, help="corpus CSV file(s): text, lang, level, ...")
    train.add_argument("--out", required=True, help="directory for the model")
    train.add_argument("--seed", type=int, default=0)
    train.set_defaults(func=_cmd_train)
    return train


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args, out or sys.stdout))
    except BrokenPipeError:  # e.g. `toneclf score ... | head`
        return 0


if __name__ == "__main__":
    sys.exit(main())
