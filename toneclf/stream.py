"""Reading documents to score, lazily: files, directories, JSON Lines, standard input.

:func:`iter_documents` turns what a user names on the command line into a
stream of :class:`Document` records, reading one file (or one JSON line) at
a time; :func:`score_documents` scores such a stream in bounded batches,
optionally on several processes, and yields each record with its result as
soon as its batch is done. Memory therefore stays bounded however large the
archive is.

Inputs
------
* a text file (any name not ending in ``.jsonl``): one document, UTF-8;
* a ``.jsonl`` file: JSON Lines, one document per line, an object with
  ``"id"`` (string or integer), ``"text"`` (string) and optionally
  ``"date"`` ("2024", "2024-01" or "2024-01-05", or null); other keys are
  ignored and blank lines are skipped;
* a directory: every ``*.txt`` file (as a document) and ``*.jsonl`` file
  below it, recursively, in sorted path order; hidden files and directories
  (names starting with ".") and links to directories are skipped, other
  files are ignored;
* ``-``: standard input, one text document (or JSON Lines with
  ``input_format="jsonl"``).

Bad input
---------
A document that cannot be read -- a text file that is not UTF-8, a JSON line
that is not valid JSON, not an object, or lacks a string ``text`` or an
``id``, or has an invalid ``date`` -- is skipped and reported to ``on_skip``
with its file and line number (``data.jsonl:17: ...``); the command line
prints these as warnings and exits with status 1 at the end. Nothing is
dropped silently. A path that does not exist is an error before anything is
read.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
import warnings
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .dates import PartialDate
    from .results import DocumentResult
    from .scorer import Scorer

__all__ = ["Document", "InputWarning", "iter_documents", "score_documents"]

INPUT_FORMATS = ("auto", "text", "jsonl")


class InputWarning(UserWarning):
    """A document could not be read and was skipped."""


@dataclass(frozen=True)
class Document:
    """One document to score.

    Attributes
    ----------
    source : str
        The file it comes from, as named, or ``"<stdin>"``.
    text : str
        The document.
    id : str or None
        Its ``id`` (JSON Lines input only).
    line : int or None
        Its line number in ``source`` (JSON Lines input only).
    date : PartialDate or None
        The date given with it (JSON Lines ``date``); None lets the scorer
        find the date in the text.
    """

    source: str
    text: str
    id: str | None = None
    line: int | None = None
    date: PartialDate | None = None

    @property
    def name(self) -> str:
        """How the document is named in output: its id, else its file."""
        return self.source if self.id is None else self.id


def _warn(message: str) -> None:
    warnings.warn(message, InputWarning, stacklevel=3)


def check_paths(paths: Sequence[str]) -> None:
    """Raise FileNotFoundError for a path (other than ``-``) that does not exist."""
    for path in paths:
        if path != "-" and not os.path.exists(path):
            raise FileNotFoundError(f"{path}: No such file or directory")


def iter_documents(
    paths: Iterable[str | os.PathLike[str]],
    *,
    input_format: str = "auto",
    on_skip: Callable[[str], None] | None = None,
    stdin: IO[bytes] | None = None,
) -> Iterator[Document]:
    """Documents of files, directories, JSON Lines files and ``-``, read lazily.

    Parameters
    ----------
    paths : iterable of str or path-like
        See the module docstring. Checked to exist up front.
    input_format : {"auto", "text", "jsonl"}, default="auto"
        ``auto``: ``.jsonl`` files are JSON Lines, other files and ``-`` are
        one text document each. ``text`` or ``jsonl`` applies to every file
        named and to ``-`` (files found in directories go by their suffix).
    on_skip : callable, optional
        Called with a message (``"file:line: reason"``) for each document
        that is skipped; by default an :class:`InputWarning` is issued.
    stdin : binary file, optional
        Read for ``-`` (default: ``sys.stdin.buffer``).

    Yields
    ------
    Document

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("Talks resumed.", encoding="utf-8")
    >>> _ = (folder / "b.jsonl").write_text('{"id": "x1", "text": "Troops shelled the town."}\\n', encoding="utf-8")
    >>> [(d.name, d.text) for d in iter_documents([folder])]  # doctest: +ELLIPSIS
    [('.../a.txt', 'Talks resumed.'), ('x1', 'Troops shelled the town.')]
    """
    if input_format not in INPUT_FORMATS:
        raise ValueError(f"input_format must be one of {INPUT_FORMATS}, got {input_format!r}")
    names = [os.fspath(p) for p in paths]
    check_paths(names)
    skip = on_skip or _warn
    for name in names:
        if name == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            if input_format == "jsonl":
                yield from _jsonl_lines(stream, "<stdin>", skip)
            else:
                yield from _text_document(stream.read(), "<stdin>", skip)
        elif os.path.isdir(name):
            for path in _walk(name):
                yield from _read_file(path, path.endswith(".jsonl"), skip)
        else:
            jsonl = input_format == "jsonl" or (input_format == "auto" and name.endswith(".jsonl"))
            yield from _read_file(name, jsonl, skip)


def _walk(directory: str) -> Iterator[str]:
    """``*.txt`` and ``*.jsonl`` files below ``directory`` in sorted path order, hidden ones left out.

    Symbolic links to directories are not followed (no cycles).
    """
    with os.scandir(directory) as scan:
        entries = sorted(scan, key=lambda entry: entry.name)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(entry.path)
        elif entry.name.endswith((".txt", ".jsonl")) and entry.is_file():
            yield entry.path


def _read_file(path: str, jsonl: bool, skip: Callable[[str], None]) -> Iterator[Document]:
    try:
        if jsonl:
            with open(path, "rb") as handle:
                yield from _jsonl_lines(handle, path, skip)
        else:
            with open(path, "rb") as handle:
                data = handle.read()
            yield from _text_document(data, path, skip)
    except OSError as exc:
        skip(f"{path}: {exc.strerror or exc}")


def _text_document(data: bytes, source: str, skip: Callable[[str], None]) -> Iterator[Document]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        skip(f"{source}: not UTF-8 text ({exc.reason} at byte {exc.start}); skipped")
        return
    # As reading in text mode would: universal newlines; and no byte-order mark.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    yield Document(source, text.removeprefix("\ufeff"))


def _jsonl_lines(lines: Iterable[bytes], source: str, skip: Callable[[str], None]) -> Iterator[Document]:
    for number, raw in enumerate(lines, start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            skip(f"{source}:{number}: not UTF-8 ({exc.reason} at byte {exc.start}); line skipped")
            continue
        if number == 1:
            line = line.removeprefix("\ufeff")
        if not line.strip():
            continue
        try:
            yield _record(line, source, number)
        except ValueError as exc:
            skip(f"{source}:{number}: {exc}; line skipped")


def _record(line: str, source: str, number: int) -> Document:
    """The document of one JSON line; ValueError says what is wrong with it."""
    from .dates import PartialDate

    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"invalid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(record, dict):
        raise ValueError(f"expected a JSON object with 'id' and 'text', got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str):
        raise ValueError("'text' is missing" if text is None else f"'text' must be a string, got {type(text).__name__}")
    if "id" not in record:
        raise ValueError("'id' is missing")
    ident = record["id"]
    if isinstance(ident, bool) or not isinstance(ident, (str, int)):
        raise ValueError(f"'id' must be a string or an integer, got {type(ident).__name__}")
    given = record.get("date")
    date = None
    if given is not None:
        if not isinstance(given, str):
            raise ValueError(f"'date' must be a string like '2024-01-05' or null, got {type(given).__name__}")
        try:
            date = PartialDate.parse(given)
        except ValueError as exc:
            raise ValueError(str(exc)) from None
    return Document(source, text, id=str(ident), line=number, date=date)


def score_documents(
    scorer: Scorer,
    documents: Iterable[Document],
    *,
    n_jobs: int = 1,
    batch_size: int = 256,
) -> Generator[tuple[Document, DocumentResult], None, None]:
    """Score a stream of documents; yield each with its result, in order, batch by batch.

    Documents are read ``batch_size`` at a time and at most ``4 * n_jobs + 1``
    batches are held at once, so memory does not grow with the input.

    Parameters
    ----------
    scorer : Scorer
    documents : iterable of Document
    n_jobs : int, default=1
        Processes that score, this one included (``-1``: every core); see
        :meth:`Scorer.score_many`.
    batch_size : int, default=256
        Documents per batch.

    Yields
    ------
    (Document, DocumentResult)
    """
    from .scorer import _check_jobs

    workers = _check_jobs(n_jobs)
    if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive int, got {batch_size!r}")
    iterator = iter(documents)

    def chunks() -> Iterator[tuple[list[Document], list[str], list[Any] | None]]:
        while True:
            batch = list(itertools.islice(iterator, batch_size))
            if not batch:
                return
            dates = [d.date for d in batch]
            yield batch, [d.text for d in batch], (None if all(d is None for d in dates) else dates)

    for batch, results in scorer._score_chunks(chunks(), workers, annotate=True):
        yield from zip(batch, results, strict=True)
