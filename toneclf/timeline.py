"""Tone over time: one row per document, sorted by date, and its chart.

:func:`timeline` scores documents and returns one row per document with its
date (given or found in the text, see :mod:`toneclf.dates`), its main dyad,
its score and its sentence counts per level. :func:`plot_timeline` draws the
escalation-to-reconciliation index over time (needs matplotlib:
``pip install 'toneclf[plot]'``).

Command line::

    toneclf timeline FILES... [--dyad PAK-IRN] [--plot timeline.png] [--csv timeline.csv]

Examples
--------
>>> from toneclf.timeline import timeline
>>> frame = timeline([
...     "date 2024-03-02\\nThe army shelled border posts overnight.",
...     "date 2024-01\\nBoth governments signed a trade accord.",
...     "No date here. Officials met in Geneva.",
... ])
>>> frame[["doc", "date", "precision", "label"]].values.tolist()
[[1, '2024-01', 'month', 'cooperative'], [0, '2024-03-02', 'day', 'hostile'], [2, None, None, 'conciliatory']]
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
from collections.abc import Hashable, Iterable, Sequence
from typing import IO, TYPE_CHECKING, Any, TextIO

import numpy as np

from .scale import LABELS, LEVELS

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from .dates import PartialDate
    from .results import DocumentResult
    from .scorer import Scorer

__all__ = [
    "COLUMNS",
    "LEVEL_COLORS",
    "PLOT_INSTALL_HINT",
    "ROLLING_WINDOW",
    "add_parser",
    "band",
    "frame_from_results",
    "plot_timeline",
    "read_documents",
    "timeline",
]

COUNT_COLUMNS = [f"n_{LABELS[level]}" for level in LEVELS]
COLUMNS = [
    "doc", "date", "date_value", "precision", "dyad", "score", "level", "label", "n_sentences", *COUNT_COLUMNS,
]
"""Columns of :func:`timeline`, in order."""

ROLLING_WINDOW = 3
"""Default window of the chart's rolling mean: the last 3 dated documents (trailing)."""

PLOT_INSTALL_HINT = "pip install 'toneclf[plot]'"
"""The command that installs the optional plotting dependency."""

# ColorBrewer RdBu (7 classes; colour-blind safe) with a grey neutral:
# strong colours for points and marks, light ones for backgrounds and bands.
LEVEL_COLORS: dict[int, str] = {-2: "#b2182b", -1: "#ef8a62", 0: "#8c8c8c", 1: "#67a9cf", 2: "#2166ac"}
"""Level -> colour of its points (and strong marks in the HTML report)."""
BAND_COLORS: dict[int, str] = {-2: "#f4a582", -1: "#fddbc7", 0: "#f0f0f0", 1: "#d1e5f0", 2: "#92c5de"}
"""Level -> light colour of its band (and sentence background in the HTML report)."""

_PATH_LIKE = re.compile(r"[^\s]*(?:[/\\][^\s]*|\.[A-Za-z0-9]{1,5})")


def band(level: int) -> tuple[float, float]:
    """Score range of a level: ``[(level - 0.5) / 2, (level + 0.5) / 2]`` clipped to [-1, 1].

    Examples
    --------
    >>> band(-2), band(0), band(1)
    ((-1.0, -0.75), (-0.25, 0.25), (0.25, 0.75))
    """
    if level not in LABELS:
        raise ValueError(f"level must be one of {list(LEVELS)}, got {level!r}")
    return max(-1.0, (level - 0.5) / 2.0), min(1.0, (level + 0.5) / 2.0)


# -- input --------------------------------------------------------------------
def read_documents(paths: Iterable[str | os.PathLike[str]]) -> list[tuple[str, str]]:
    """Read UTF-8 text files.

    Parameters
    ----------
    paths : iterable of str or path-like

    Returns
    -------
    list of (str, str)
        ``(path as given, text)`` per file.

    Raises
    ------
    FileNotFoundError, OSError
        A file cannot be read; the message names it.
    ValueError
        A file is not UTF-8 text; the message names it.
    """
    out = []
    for path in paths:
        name = os.fspath(path)
        try:
            with open(name, encoding="utf-8") as handle:
                out.append((name, handle.read()))
        except UnicodeDecodeError as exc:
            raise ValueError(f"{name}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    return out


def _looks_like_path(value: str) -> bool:
    return "\n" not in value and len(value) < 4096 and _PATH_LIKE.fullmatch(value.strip()) is not None


def _is_file(value: str) -> bool:
    if "\n" in value or "\0" in value or len(value) >= 4096:
        return False
    try:
        return os.path.isfile(value)
    except (OSError, ValueError):
        return False


def _collect(documents: Any) -> tuple[list[Hashable], list[str], list[Any] | None]:
    """Names, texts and (optional) given dates of ``documents``."""
    import pandas as pd

    if isinstance(documents, pd.DataFrame):
        if "text" not in documents.columns:
            raise KeyError(
                f"documents: a DataFrame needs a 'text' column; its columns are {list(documents.columns)}"
            )
        names = list(documents.index)
        texts = documents["text"].tolist()
        for label, text in zip(names, texts, strict=True):
            if not isinstance(text, str):
                raise TypeError(f"documents['text'][{label!r}] must be a str, got {type(text).__name__}")
        dates = documents["date"].tolist() if "date" in documents.columns else None
        return names, texts, dates
    if isinstance(documents, (str, bytes, bytearray, os.PathLike)) or not isinstance(documents, Iterable) \
            or isinstance(documents, dict):
        raise TypeError(
            "documents must be a list of file paths, a list of texts or a DataFrame with a 'text' column, "
            f"got {type(documents).__name__}"
            + ("; for one document pass a list: [document]" if isinstance(documents, (str, os.PathLike)) else "")
        )
    names = []
    texts = []
    for i, item in enumerate(documents):
        if isinstance(item, os.PathLike) or (isinstance(item, str) and _is_file(item)):
            name, text = read_documents([item])[0]
            names.append(name)
            texts.append(text)
        elif isinstance(item, str):
            if _looks_like_path(item):
                raise FileNotFoundError(
                    f"documents[{i}]: no such file: {item!r} (a str that names no file is read as a text, "
                    "but this one looks like a path; to score it as text, pass a DataFrame with a 'text' column)"
                )
            names.append(i)
            texts.append(item)
        else:
            hint = " (decode bytes first)" if isinstance(item, (bytes, bytearray)) else ""
            raise TypeError(f"documents[{i}] must be a str (text or path) or a path, got {type(item).__name__}{hint}")
    return names, texts, None


def _parse_dates(names: Sequence[Hashable], dates: Sequence[Any]) -> list[PartialDate | None]:
    import pandas as pd

    from .dates import PartialDate

    out: list[PartialDate | None] = []
    for name, value in zip(names, dates, strict=True):
        if value is None or (not isinstance(value, (str, PartialDate)) and bool(pd.isna(value))):
            out.append(None)
            continue
        if isinstance(value, pd.Timestamp):
            value = value.to_pydatetime()
        try:
            out.append(PartialDate.parse(value))
        except (TypeError, ValueError) as exc:
            raise type(exc)(f"documents['date'][{name!r}]: {exc}") from None
    return out


# -- the table ----------------------------------------------------------------
def frame_from_results(docs: Sequence[tuple[Hashable, DocumentResult]]) -> pd.DataFrame:
    """The :func:`timeline` table of already scored documents (no filter).

    Parameters
    ----------
    docs : sequence of (name, DocumentResult)

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`, sorted by date, undated documents last
        (ties keep the input order).
    """
    import pandas as pd

    rows: list[dict[str, Any]] = []
    keys: list[tuple[bool, Any]] = []
    for name, doc in docs:
        date = doc.date
        counts = doc.counts
        rows.append(
            {
                "doc": name,
                "date": None if date is None else date.isoformat(),
                "date_value": np.datetime64("NaT", "s") if date is None else np.datetime64(date.to_date(), "s"),
                "precision": None if date is None else date.precision,
                "dyad": doc.dyad,
                "score": float(doc.score),
                "level": int(doc.level),
                "label": doc.label,
                "n_sentences": len(doc),
                **{column: counts[level] for column, level in zip(COUNT_COLUMNS, LEVELS, strict=True)},
            }
        )
        keys.append((date is None, date if date is not None else 0))
    order = sorted(range(len(rows)), key=lambda i: keys[i])
    ordered = [rows[i] for i in order]
    columns: dict[str, Any] = {}
    for column in COLUMNS:
        values = [row[column] for row in ordered]
        if column == "date_value":
            columns[column] = pd.Series(np.array(values, dtype="datetime64[s]"), dtype="datetime64[s]")
        elif column == "score":
            columns[column] = pd.Series(values, dtype="float64")
        elif column in ("doc", "date", "precision", "dyad", "label"):
            columns[column] = pd.Series(values, dtype=object)
        else:
            columns[column] = pd.Series(values, dtype="int64")
    frame = pd.DataFrame(columns, columns=COLUMNS)
    return frame


def timeline(documents: Any, dyad: str | None = None, scorer: Scorer | None = None) -> pd.DataFrame:
    """Score documents and tabulate them over time, one row per document.

    Parameters
    ----------
    documents : list of paths, list of str, or pandas.DataFrame
        * paths (``pathlib.Path``, or a str naming an existing file) of UTF-8
          text files;
        * texts (a str that names no file; a str that looks like a path,
          such as ``"news/a.txt"``, but names no file raises
          FileNotFoundError rather than being scored as text);
        * a DataFrame with a ``text`` column and an optional ``date`` column
          (str "2024", "2024-01", "2024-01-05", dates, timestamps, or
          missing).

        A document's date is the one given, else the one found in its text.
    dyad : str, optional
        Keep only the documents whose main dyad is this pair of states, in
        either order and any case: "PAK-IRN", "irn-pak" and "IRN/PAK" are the
        same.
    scorer : Scorer, optional
        The model; the packaged one by default.

    Returns
    -------
    pandas.DataFrame
        One row per document, sorted by date (undated last; ties keep the
        input order), with a fresh RangeIndex and the columns

        * ``doc``: the path as given, or the list position / DataFrame index
          label;
        * ``date``: ISO text at the known precision ("2024-01") or None;
        * ``date_value``: datetime64, the first day of the period (NaT when
          unknown);
        * ``precision``: "year", "month", "day" or None;
        * ``dyad``: the main dyad ("IRN-PAK") or None;
        * ``score``, ``level``, ``label``: the document's;
        * ``n_sentences`` and ``n_hostile`` ... ``n_cooperative``: sentence
          counts (the five counts add up to ``n_sentences``).

    Raises
    ------
    TypeError
        ``documents`` (or one of its items, or a date) has the wrong type.
    KeyError
        A DataFrame without a ``text`` column.
    FileNotFoundError, OSError, ValueError
        A file cannot be read or is not UTF-8; a date is invalid; ``dyad`` is
        not two distinct ISO 3166 alpha-3 codes.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"text": ["Tehran and Islamabad restored ties.", "Kabul and Delhi held talks."],
    ...                       "date": ["2024-02", None]})
    >>> timeline(frame, dyad="PAK-IRN")[["doc", "date", "dyad", "n_sentences"]].values.tolist()
    [[0, '2024-02', 'IRN-PAK', 1]]
    """
    from .scorer import Scorer, default_scorer
    from .states import normalize_dyad

    wanted = None
    if dyad is not None:
        if not isinstance(dyad, str):
            raise TypeError(f"dyad must be a str such as 'PAK-IRN', got {type(dyad).__name__}")
        wanted = normalize_dyad(dyad)
    if scorer is not None and not isinstance(scorer, Scorer):
        raise TypeError(f"scorer must be a toneclf Scorer or None, got {type(scorer).__name__}")
    names, texts, given = _collect(documents)
    dates = None if given is None else _parse_dates(names, given)
    docs = (scorer or default_scorer()).score_many(texts, dates=dates)
    pairs = [(name, doc) for name, doc in zip(names, docs, strict=True) if wanted is None or doc.dyad == wanted]
    return frame_from_results(pairs)


# -- the chart ----------------------------------------------------------------
def _require_matplotlib() -> None:
    try:
        import matplotlib  # noqa: F401
    except ImportError as exc:
        raise ImportError(
            f"plotting needs matplotlib, an optional extra of toneclf; install it with: {PLOT_INSTALL_HINT}"
        ) from exc


def plot_timeline(
    frame: pd.DataFrame,
    path: str | os.PathLike[str] | IO[bytes] | None = None,
    *,
    title: str | None = None,
    dyad: str | None = None,
    window: int = ROLLING_WINDOW,
    width: float = 9.0,
    height: float = 4.2,
    dpi: int = 100,
) -> Figure:
    """Draw the escalation-to-reconciliation index over time.

    Documents are points coloured by level; a line shows the rolling mean of
    the scores over the last ``window`` dated documents (trailing, so each
    point of the line summarises that document and the ``window - 1`` before
    it); the five bands of the scale (level ``k`` covers scores
    ``[(k - 0.5) / 2, (k + 0.5) / 2]``) are shaded and named on the chart.
    Undated documents are left out, and a note at the foot of the chart says
    how many.

    Parameters
    ----------
    frame : pandas.DataFrame
        The output of :func:`timeline` (columns ``date_value``, ``score``,
        ``level``).
    path : str, path-like or binary file, optional
        Where to save the chart as PNG.
    title : str, optional
        Chart title; by default "Escalation-to-reconciliation index", with
        the dyad when given.
    dyad : str, optional
        Shown in the default title.
    window : int, default=3
        Documents in the rolling mean.
    width, height, dpi : float, float, int
        Figure size in inches and resolution.

    Returns
    -------
    matplotlib.figure.Figure
        Rendered with the Agg backend, independent of pyplot (no global
        state is changed).

    Raises
    ------
    ImportError
        matplotlib is not installed (the message says how to install it).
    ValueError
        No dated document in ``frame``, or ``window`` < 1.
    """
    _require_matplotlib()
    import matplotlib.dates as mdates
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.legend_handler import HandlerTuple
    from matplotlib.lines import Line2D

    missing = [c for c in ("date_value", "score", "level") if c not in frame.columns]
    if missing:
        raise KeyError(f"frame must be the output of timeline(); missing columns {missing}")
    if isinstance(window, bool) or not isinstance(window, int) or window < 1:
        raise ValueError(f"window must be a positive int, got window={window!r}")
    dated = frame[frame["date_value"].notna()].sort_values("date_value", kind="stable")
    if dated.empty:
        raise ValueError("no dated document to plot (a timeline needs documents with a date)")
    undated = len(frame) - len(dated)
    x = [d.to_pydatetime() for d in dated["date_value"]]
    scores = dated["score"].to_numpy(dtype=float)
    levels = dated["level"].to_numpy(dtype=int)
    rolling = dated["score"].rolling(window, min_periods=1).mean().to_numpy(dtype=float)

    fig = Figure(figsize=(width, height), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    for level in LEVELS:
        lo, hi = band(level)
        ax.axhspan(lo, hi, color=BAND_COLORS[level], alpha=0.55, lw=0, zorder=0)
        name = f"{level:+d} {LABELS[level]}" if level else f"0 {LABELS[level]}"
        ax.text(1.005, (lo + hi) / 2, name, transform=ax.get_yaxis_transform(), va="center", ha="left",
                fontsize=9, color=LEVEL_COLORS[level], fontweight="bold")
    ax.axhline(0.0, color="#777777", lw=0.6, zorder=1)
    if len(x) > 1:
        ax.plot(x, rolling, color="#333333", lw=1.8, zorder=2, label=f"rolling mean of the last {window} documents")
    ax.scatter(x, scores, c=[LEVEL_COLORS[int(v)] for v in levels], s=46, edgecolors="white", linewidths=0.8,
               zorder=3)
    handles = [Line2D([], [], ls="", marker="o", markersize=6, markerfacecolor=LEVEL_COLORS[level],
                      markeredgecolor="white") for level in (-2, 0, 2)]
    labels = ["", "", "a document, coloured by its level"]
    if len(x) > 1:
        handles.append(Line2D([], [], color="#333333", lw=1.8))
        labels.append(f"rolling mean of the last {window} documents")
    ax.legend([tuple(handles[:3]), *handles[3:]], labels[2:], handler_map={tuple: HandlerTuple(ndivide=None)},
              loc="upper left", fontsize=8, frameon=True, framealpha=0.85, edgecolor="#cccccc")
    ax.set_ylim(-1.0, 1.0)
    ax.set_yticks([-1.0, -0.5, 0.0, 0.5, 1.0])
    ax.set_ylabel("score  (← escalation · reconciliation →)")
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    if len(x) == 1 or x[0] == x[-1]:
        pad = np.timedelta64(30, "D").astype("timedelta64[s]").item()
        ax.set_xlim(x[0] - pad, x[-1] + pad)
    else:
        span = x[-1] - x[0]
        ax.set_xlim(x[0] - span * 0.04, x[-1] + span * 0.04)
    ax.grid(axis="x", color="#dddddd", lw=0.6)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if title is None:
        title = "Escalation-to-reconciliation index" + (f" — {dyad}" if dyad else "")
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
    foot = f"{len(dated)} dated document{'s' if len(dated) != 1 else ''}; points coloured by level"
    if len(x) > 1:
        foot += f"; line: rolling mean of the last {window}"
    if undated:
        foot += f"; {undated} undated document{'s' if undated != 1 else ''} not shown"
    fig.text(0.01, 0.01, foot, fontsize=8, color="#555555", ha="left", va="bottom")
    fig.subplots_adjust(left=0.09, right=0.83, top=0.9, bottom=0.17)
    if path is not None:
        target = os.fspath(path) if isinstance(path, (str, os.PathLike)) else path
        fig.savefig(target, format="png", dpi=dpi)
    return fig


def plot_png(frame: pd.DataFrame, **kwargs: Any) -> bytes:
    """The chart of :func:`plot_timeline` as PNG bytes."""
    buffer = io.BytesIO()
    plot_timeline(frame, buffer, **kwargs)
    return buffer.getvalue()


# -- command line -------------------------------------------------------------
def format_table(frame: pd.DataFrame) -> str:
    """The timeline as a plain-text table.

    Examples
    --------
    >>> from toneclf.timeline import timeline
    >>> print(format_table(timeline(["date 2024-01\\nThe two sides signed an accord."])))  # doctest: +ELLIPSIS
    date        score  label           n  -2  -1   0  +1  +2  dyad     document
    2024-01     +0...  cooperative     2   0   0   1   0   1  -        0
    """
    head = f"{'date':<10}  {'score':>5}  {'label':<12}  {'n':>3}  " + "  ".join(
        f"{level:>+2d}" if level else " 0" for level in LEVELS
    ) + f"  {'dyad':<7}  document"
    lines = [head]
    for row in frame.itertuples(index=False):
        counts = "  ".join(f"{getattr(row, c):>2d}" for c in COUNT_COLUMNS)
        date, label, dyad = str(row.date or "(undated)"), str(row.label), str(row.dyad or "-")
        lines.append(
            f"{date:<10}  {row.score:>+5.2f}  {label:<12}  {row.n_sentences:>3d}  {counts}  {dyad:<7}  {row.doc}"
        )
    if frame.empty:
        lines.append("(no document)")
    return "\n".join(lines)


def _error(message: str) -> None:
    print(f"toneclf: error: {message}", file=sys.stderr)


def _cmd_timeline(args: argparse.Namespace, out: TextIO) -> int:
    from .scorer import default_scorer, load
    from .states import normalize_dyad

    if args.window < 1:
        _error(f"--window must be at least 1, got {args.window}")
        return 2
    dyad = None
    if args.dyad is not None:
        try:
            dyad = normalize_dyad(args.dyad)
        except ValueError as exc:
            _error(f"--dyad: {str(exc).removeprefix('dyad: ')}")
            return 2
    if args.plot:
        try:
            _require_matplotlib()
        except ImportError as exc:
            _error(str(exc))
            return 2
    try:
        inputs = read_documents(args.files)
    except (OSError, ValueError) as exc:
        _error(str(exc) if isinstance(exc, ValueError) or not exc.filename else f"{exc.filename}: {exc.strerror}")
        return 1
    scorer = load(args.model) if args.model else default_scorer()
    docs = scorer.score_many([text for _, text in inputs])
    frame = frame_from_results(
        [(name, doc) for (name, _), doc in zip(inputs, docs, strict=True) if dyad is None or doc.dyad == dyad]
    )
    if args.csv:
        if args.csv == "-":
            frame.to_csv(out, index=False)
        else:
            frame.to_csv(args.csv, index=False)
    if args.plot:
        undated = frame.loc[frame["date_value"].isna(), "doc"].tolist()
        if len(undated) == len(frame):
            _error("no dated document to plot" + (f" for dyad {dyad}" if dyad else "")
                   + "; give documents a date line such as 'date 2024-01'")
            return 1
        if undated:
            print(f"toneclf: note: {len(undated)} undated document{'s' if len(undated) != 1 else ''} "
                  f"left out of the plot: {', '.join(map(str, undated))}", file=sys.stderr)
        plot_timeline(frame, args.plot, dyad=dyad, window=args.window)
    if not args.csv and not args.plot:
        out.write(format_table(frame) + "\n")
    return 0


def add_parser(subparsers: Any) -> None:
    """Register ``toneclf timeline`` on an argparse sub-parser collection.

    Examples
    --------
    >>> import argparse
    >>> parser = argparse.ArgumentParser(prog="toneclf")
    >>> add_parser(parser.add_subparsers(dest="command"))
    >>> parser.parse_args(["timeline", "a.txt", "--dyad", "PAK-IRN"]).dyad
    'PAK-IRN'
    """
    parser = subparsers.add_parser(
        "timeline",
        help="one row per document over time; optional chart and CSV",
        description="Score documents and show their escalation-to-reconciliation index over time "
        "(one row per document, sorted by date; undated documents last). With neither --plot nor "
        "--csv, prints a table.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="UTF-8 text files")
    parser.add_argument("--dyad", help="keep documents whose main dyad is this pair, in either order: PAK-IRN")
    parser.add_argument("--plot", metavar="PNG", help=f"write the chart to this PNG file (needs {PLOT_INSTALL_HINT})")
    parser.add_argument("--csv", metavar="CSV", help="write the table as CSV to this file ('-' for standard output)")
    parser.add_argument("--window", type=int, default=ROLLING_WINDOW,
                        help=f"documents in the chart's rolling mean (default {ROLLING_WINDOW})")
    parser.add_argument("--model", help="a model directory written by `toneclf train` (default: the packaged model)")
    parser.set_defaults(func=_cmd_timeline)
