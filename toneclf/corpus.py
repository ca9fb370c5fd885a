"""Load and validate a labelled corpus (one or more CSV files).

A corpus file is UTF-8 CSV with a header. Required columns: ``text``,
``lang`` (``fr`` or ``en``) and ``level`` (an integer from -2 to 2, see
SCALE.md). Optional columns: ``id``, ``split`` (``train``/``test``, empty
for "let the trainer decide"), ``dyad``, ``topic``, ``tags`` (hard-case tags
separated by ``;``) and ``group`` (rows that must stay on the same side of
the train/test split, e.g. the members of a minimal pair). Other columns are
kept and ignored.

Nothing is dropped silently. Malformed input (bad quoting, bytes that are not
UTF-8, missing columns, unknown levels, languages or splits, empty texts, the
same text with two different levels) raises :class:`CorpusError`, whose
message lists every problem with its file and line. Exact duplicates (same
text, same level) are kept once and reported in :attr:`Corpus.duplicates`.

Examples
--------
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "mini.csv"
>>> _ = path.write_text("text,lang,level\\nTalks resumed.,en,1\\n", encoding="utf-8")
>>> corpus = load_corpus(path)
>>> corpus.frame[["text", "lang", "level", "line"]].values.tolist()
[['Talks resumed.', 'en', 1, 2]]
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Union

from .scale import LEVELS

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Corpus", "CorpusError", "Problem", "load_corpus", "REQUIRED_COLUMNS", "OPTIONAL_COLUMNS", "RELEASES"]

# Corpus releases, by the batch prefix of row ids: the test split grows with each release (new rows get a
# split, old rows keep theirs), so reports also give the figures on each release's own test rows.
RELEASES = [("corpus 2.0 (batches fr1-4, en1-4)", r"^(?:fr|en)[1-4]-"),
            ("added in corpus 3.0 (batches fr5-20, en5-20)", r"^(?:fr|en)(?:[5-9]|1\d|20)-")]

REQUIRED_COLUMNS = ("text", "lang", "level")
OPTIONAL_COLUMNS = ("id", "split", "dyad", "topic", "tags", "group")
LANGUAGES = ("fr", "en")
SPLITS = ("train", "test", "")
MAX_REPORTED = 30

PathArg = Union[str, "PathLike[str]"]


@dataclass(frozen=True)
class Problem:
    """One problem found in a corpus file."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class CorpusError(ValueError):
    """A corpus that cannot be trained on; ``problems`` lists every reason."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        shown = "\n".join(f"  {p}" for p in self.problems[:MAX_REPORTED])
        more = len(self.problems) - MAX_REPORTED
        tail = f"\n  ... and {more} more" if more > 0 else ""
        super().__init__(
            f"the corpus has {len(self.problems)} problem(s); fix them and run again:\n{shown}{tail}"
        )


@dataclass(frozen=True)
class Corpus:
    """A validated corpus.

    Attributes
    ----------
    frame : pandas.DataFrame
        One row per distinct sentence, with the columns of the files plus
        ``source`` (file) and ``line`` (line number of the row's first line).
    duplicates : tuple of Problem
        Exact duplicates that were kept only once (file, line, first seen at).
    counts : dict
        File -> number of rows read.
    sha256 : str
        SHA-256 over the bytes of all files, in the order given.
    """

    frame: pd.DataFrame
    duplicates: tuple[Problem, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)
    sha256: str = ""


def _read_rows(path: Path, problems: list[Problem]) -> tuple[list[str], list[tuple[int, list[str]]], bytes]:
    """Read a CSV file strictly; return header, (line, row) pairs and raw bytes."""
    raw = path.read_bytes()
    name = str(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(name, line, f"not UTF-8 (byte {raw[exc.start]:#04x}); save the file as UTF-8"))
        return [], [], raw
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    header: list[str] = []
    start = 1
    try:
        for record in reader:
            if not header:
                header = [h.strip() for h in record]
            elif record:  # blank lines are not rows
                rows.append((start, record))
            start = reader.line_num + 1
    except csv.Error as exc:
        problems.append(Problem(name, reader.line_num or start, f"bad CSV quoting: {exc}"))
    return header, rows, raw


def load_corpus(paths: PathArg | Sequence[PathArg]) -> Corpus:
    """Load one or more corpus CSV files and validate them.

    Parameters
    ----------
    paths : path or sequence of paths
        CSV files (see the module docstring for the columns).

    Returns
    -------
    Corpus

    Raises
    ------
    CorpusError
        If any file has any problem; the message names file, line and problem.
    TypeError
        If ``paths`` is not a path or a sequence of paths.
    """
    import pandas as pd

    if isinstance(paths, (str, PathLike)):
        path_list = [Path(paths)]
    elif isinstance(paths, Sequence) and paths and all(isinstance(p, (str, PathLike)) for p in paths):
        path_list = [Path(p) for p in paths]
    else:
        raise TypeError(
            f"paths must be a path or a non-empty sequence of paths, got {type(paths).__name__}: {paths!r}"
        )
    problems: list[Problem] = []
    records: list[dict[str, object]] = []
    counts: dict[str, int] = {}
    digest = hashlib.sha256()
    seen: dict[str, tuple[int, str, int]] = {}  # text -> (level, file, line)
    duplicates: list[Problem] = []
    for path in path_list:
        name = str(path)
        if not path.is_file():
            raise FileNotFoundError(f"paths: no corpus file at {name!r}")
        header, rows, raw = _read_rows(path, problems)
        digest.update(raw)
        counts[name] = len(rows)
        if not header and not rows:
            if not any(p.path == name for p in problems):
                problems.append(Problem(name, 1, "empty file: expected a header line with text,lang,level"))
            continue
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            problems.append(Problem(name, 1, f"missing column(s) {missing}; the header has {header}"))
            continue
        index = {c: header.index(c) for c in header}
        for line, row in rows:
            if len(row) != len(header):
                problems.append(Problem(name, line, f"{len(row)} fields, expected {len(header)} as in the header"))
                continue
            values = {c: row[i] for c, i in index.items()}
            text = values["text"].strip()
            lang = values["lang"].strip()
            level_text = values["level"].strip()
            split = values.get("split", "").strip()
            bad = False
            if not text:
                problems.append(Problem(name, line, "empty text"))
                bad = True
            if lang not in LANGUAGES:
                problems.append(Problem(name, line, f"lang must be one of {list(LANGUAGES)}, got {lang!r}"))
                bad = True
            try:
                level = int(level_text)
                if level not in LEVELS:
                    raise ValueError
            except ValueError:
                problems.append(Problem(name, line, f"level must be an integer in {list(LEVELS)}, got {level_text!r}"))
                bad = True
            if split not in SPLITS:
                problems.append(Problem(name, line, f"split must be 'train', 'test' or empty, got {split!r}"))
                bad = True
            if bad:
                continue
            if text in seen:
                first_level, first_file, first_line = seen[text]
                if first_level != level:
                    problems.append(
                        Problem(
                            name,
                            line,
                            f"the same text has level {level} here and level {first_level} at "
                            f"{first_file}:{first_line}; keep one label",
                        )
                    )
                else:
                    duplicates.append(Problem(name, line, f"exact duplicate of {first_file}:{first_line}; kept once"))
                continue
            seen[text] = (level, name, line)
            record: dict[str, object] = {c: values.get(c, "").strip() for c in OPTIONAL_COLUMNS}
            record.update(
                {c: v for c, v in values.items() if c not in REQUIRED_COLUMNS and c not in OPTIONAL_COLUMNS}
            )
            record.update(text=text, lang=lang, level=level, split=split, source=name, line=line)
            records.append(record)
    if problems:
        raise CorpusError(problems)
    if not records:
        raise CorpusError([Problem(str(path_list[0]), 1, "no rows: the corpus is empty")])
    frame = pd.DataFrame.from_records(records)
    frame["level"] = frame["level"].astype("int64")
    frame["line"] = frame["line"].astype("int64")
    return Corpus(frame=frame, duplicates=tuple(duplicates), counts=counts, sha256=digest.hexdigest())
