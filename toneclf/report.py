"""A self-contained HTML page to read scored documents on.

:func:`render_html` turns scored documents into one HTML file with no
external asset and no script: inline CSS, sentences highlighted by level on a
diverging, colour-blind-safe scale (ColorBrewer RdBu, red hostile, grey
neutral, blue cooperative), a tooltip per sentence (shown on hover or
keyboard focus) with its level, label, score, probabilities, states and the
n-grams that pushed it each way (:mod:`toneclf.explain`), a summary header
per document, and the timeline chart (:mod:`toneclf.timeline`) as an inline
PNG when at least two documents are dated and matplotlib is installed.

Every piece of input text (document names, sentences, n-grams) is escaped
with :func:`html.escape`.

Command line::

    toneclf report FILE... --html report.html

Examples
--------
>>> import toneclf
>>> from toneclf.report import render_html
>>> page = render_html([("note.txt", toneclf.score("Both sides signed an accord. <b>Talks</b> follow."))])
>>> page.startswith("<!DOCTYPE html>"), "&lt;b&gt;Talks&lt;/b&gt;" in page, "<b>Talks" in page
(True, True, False)
"""

from __future__ import annotations

import argparse
import base64
import html
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .scale import LABELS, LEVELS
from .timeline import BAND_COLORS, LEVEL_COLORS, PLOT_INSTALL_HINT

if TYPE_CHECKING:
    from .explain import Explanation
    from .results import DocumentResult, SentenceResult
    from .scorer import Scorer

__all__ = ["add_parser", "render_html", "write_html"]

DEFAULT_K = 5
"""N-grams listed each way in a sentence's tooltip."""


def _e(value: object) -> str:
    """Escape text for HTML element content and quoted attribute values."""
    return html.escape(str(value), quote=True)


def _cls(level: int) -> str:
    return f"lv{level}"


def _signed(level: int) -> str:
    """ "-2", "-1", "0", "+1", "+2"."""
    return f"{level:+d}" if level else "0"


def _css() -> str:
    levels = "\n".join(
        f".{_cls(lv)}{{--bg:{BAND_COLORS[lv]};--fg:{LEVEL_COLORS[lv]}}}" for lv in LEVELS
    )
    return f"""
:root{{color-scheme:light}}
*{{box-sizing:border-box}}
body{{margin:0;background:#fafafa;color:#222;font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}}
main{{max-width:980px;margin:0 auto;padding:20px 28px 60px}}
h1{{font-size:24px;margin:4px 0 2px}}
h2{{font-size:18px;margin:0 0 6px;word-break:break-all}}
.meta,.note{{color:#666;font-size:13px;margin:2px 0}}
{levels}
.legend{{display:flex;flex-wrap:wrap;gap:6px;list-style:none;padding:0;margin:10px 0}}
.legend li{{background:var(--bg);border-bottom:3px solid var(--fg);padding:1px 8px;border-radius:3px;font-size:13px}}
table.overview{{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0 14px;background:#fff}}
.overview th,.overview td{{padding:4px 8px;border-bottom:1px solid #e5e5e5;text-align:left;vertical-align:middle}}
.overview td.num{{text-align:right;font-variant-numeric:tabular-nums}}
.overview a{{color:#2166ac;word-break:break-all}}
figure.chart{{margin:10px 0 18px;background:#fff;border:1px solid #e5e5e5;padding:6px}}
figure.chart img{{display:block;max-width:100%;height:auto}}
figure.chart figcaption{{font-size:12px;color:#666}}
article.doc{{background:#fff;border:1px solid #e2e2e2;border-radius:6px;padding:14px 18px;margin:16px 0}}
.summary{{display:flex;flex-wrap:wrap;align-items:center;gap:6px 14px;font-size:13px;color:#444;margin-bottom:6px}}
.pill{{background:var(--bg);border-bottom:3px solid var(--fg);border-radius:3px;padding:1px 8px;font-weight:600;
  color:#222}}
.gauge{{position:relative;display:inline-block;width:120px;height:10px;border-radius:5px;vertical-align:middle;
  background:linear-gradient(90deg,{LEVEL_COLORS[-2]},{BAND_COLORS[0]} 50%,{LEVEL_COLORS[2]})}}
.gauge .mark{{position:absolute;top:-3px;width:3px;height:16px;margin-left:-1px;background:#111}}
.dist{{display:inline-flex;width:160px;height:10px;border-radius:2px;overflow:hidden;vertical-align:middle;
  background:#eee}}
.dist span{{display:block;height:100%;background:var(--fg)}}
.text p{{margin:0 0 10px}}
.s{{position:relative;background:var(--bg);box-shadow:inset 0 -2px 0 var(--fg);padding:1px 1px;border-radius:2px;
  cursor:help;-webkit-box-decoration-break:clone;box-decoration-break:clone}}
.s:hover,.s:focus{{outline:2px solid var(--fg);outline-offset:0}}
.s.low{{box-shadow:none;border-bottom:2px dotted var(--fg)}}
.b{{font-size:10px;font-weight:700;color:var(--fg);margin-left:2px;vertical-align:super;line-height:0}}
.tip{{display:none;position:absolute;left:0;top:100%;z-index:20;width:440px;max-width:90vw;margin-top:4px;
  background:#fff;color:#222;border:1px solid #bbb;border-top:4px solid var(--fg);border-radius:4px;
  box-shadow:0 4px 14px rgba(0,0,0,.18);padding:8px 10px;font-size:12.5px;line-height:1.4;cursor:auto;
  white-space:normal}}
.s:hover>.tip,.s:focus>.tip{{display:block}}
.tip .row{{display:block;margin:2px 0}}
.tip .h{{font-weight:700}}
.tip .probs{{display:grid;grid-template-columns:max-content 1fr 40px;gap:1px 6px;align-items:center;margin:6px 0}}
.tip .probs>span{{white-space:nowrap}}
.tip .bar{{display:block;height:8px;background:var(--fg);min-width:1px}}
.tip .v{{text-align:right;font-variant-numeric:tabular-nums}}
.tip .why{{display:grid;grid-template-columns:1fr 1fr;gap:8px;margin-top:6px}}
.tip .why .col{{display:block}}
.tip .ng{{display:block;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:11.5px}}
.tip .neg{{color:{LEVEL_COLORS[-2]}}}
.tip .pos{{color:{LEVEL_COLORS[2]}}}
.tip .muted{{color:#777}}
footer{{color:#888;font-size:12px;margin-top:30px}}
"""


def _probabilities(s: SentenceResult) -> str:
    cells = []
    for lv in LEVELS:
        p = float(s.probabilities.get(lv, 0.0))
        cells.append(
            f'<span class="{_cls(lv)}">{_signed(lv)} {LABELS[lv]}</span>'
            f'<span class="{_cls(lv)}"><span class="bar" style="width:{100 * p:.1f}%"></span></span>'
            f'<span class="v">{p:.2f}</span>'
        )
    return '<span class="probs">' + "".join(cells) + "</span>"


def _ngrams(items: Sequence[Any], css: str) -> str:
    if not items:
        return '<span class="ng muted">(none)</span>'
    return "".join(
        f'<span class="ng"><span class="{css}">{c.contribution:+.2f}</span> {_e(c.description)}</span>' for c in items
    )


def _tooltip(s: SentenceResult, e: Explanation) -> str:
    states = ", ".join(s.states) if s.states else "none named"
    low = (
        '<span class="row muted">Low evidence: most words of this sentence are unknown to the model.</span>'
        if s.low_evidence
        else ""
    )
    return (
        '<span class="tip" role="tooltip">'
        f'<span class="row"><span class="h">{_signed(s.level)} {_e(s.label)}</span> · score {s.score:+.2f}'
        f" · confidence {s.confidence:.2f} · coverage {s.coverage:.2f}</span>"
        f"{low}{_probabilities(s)}"
        f'<span class="row">Reconciliation index s = {e.total:+.2f} (intercept {e.intercept:+.2f}; '
        f"n-gram contributions below)</span>"
        '<span class="why">'
        f'<span class="col"><span class="h neg">toward escalation</span>{_ngrams(e.toward_escalation, "neg")}</span>'
        f'<span class="col"><span class="h pos">toward reconciliation</span>'
        f'{_ngrams(e.toward_reconciliation, "pos")}</span>'
        "</span>"
        f'<span class="row"><span class="h">states:</span> {_e(states)}</span>'
        "</span>"
    )


def _sentence(s: SentenceResult, e: Explanation, anchor: str) -> str:
    low = " low" if s.low_evidence else ""
    return (
        f'<span class="s {_cls(s.level)}{low}" id="{anchor}" tabindex="0">'
        f'<span class="t">{_e(s.text)}</span><span class="b" aria-hidden="true">{_signed(s.level)}</span>'
        f"{_tooltip(s, e)}</span>"
    )


def _body(doc: DocumentResult, explanations: Sequence[Explanation], prefix: str) -> str:
    """The document's text as paragraphs of highlighted sentences."""
    paragraphs: list[list[str]] = [[]]
    position = 0

    def gap(text: str) -> None:
        if not text:
            return
        if "\n" in text and paragraphs[-1]:
            paragraphs.append([])
        if text.strip():  # text outside any sentence: shown as is, escaped
            paragraphs[-1].append(f'<span class="gap">{_e(text.strip())}</span>')
        elif paragraphs[-1]:
            paragraphs[-1].append(" ")

    for i, (s, e) in enumerate(zip(doc.sentences, explanations, strict=True), 1):
        gap(doc.text[position:s.start])
        paragraphs[-1].append(_sentence(s, e, f"{prefix}-s{i}"))
        position = s.end
    gap(doc.text[position:])
    parts = ["<p>" + "".join(p).strip() + "</p>" for p in paragraphs if p]
    return '<div class="text">' + "".join(parts) + "</div>" if parts else '<p class="note">(empty document)</p>'


def _dist(doc: DocumentResult) -> str:
    n = max(1, len(doc))
    counts = doc.counts
    bars = "".join(
        f'<span class="{_cls(lv)}" style="width:{100 * counts[lv] / n:.2f}%" '
        f'title="{counts[lv]} {LABELS[lv]}"></span>'
        for lv in LEVELS
        if counts[lv]
    )
    text = ", ".join(f"{counts[lv]} {LABELS[lv]}" for lv in LEVELS if counts[lv]) or "no sentence"
    return f'<span class="dist" role="img" aria-label="{_e(text)}">{bars}</span>'


def _gauge(score: float) -> str:
    left = 50.0 * (max(-1.0, min(1.0, score)) + 1.0)
    return (
        f'<span class="gauge" role="img" aria-label="score {score:+.2f} on -1..+1">'
        f'<span class="mark" style="left:{left:.1f}%"></span></span>'
    )


def _document(index: int, name: str, doc: DocumentResult, explanations: Sequence[Explanation]) -> str:
    anchor = f"doc-{index}"
    facts = [
        f'<span class="pill {_cls(doc.level)}">{doc.score:+.2f} {_e(doc.label)}</span>',
        _gauge(doc.score),
        f"<span>dyad: <b>{_e(doc.dyad or '—')}</b></span>",
        f"<span>date: <b>{_e(doc.date.isoformat() if doc.date else 'unknown')}</b></span>",
        f"<span>{len(doc)} sentence{'s' if len(doc) != 1 else ''}</span>",
        _dist(doc),
    ]
    if doc.states:
        facts.append(f"<span>states: {_e(', '.join(doc.states))}</span>")
    return (
        f'<article class="doc" id="{anchor}"><header><h2>{_e(name)}</h2>'
        f'<div class="summary">{"".join(facts)}</div></header>'
        f"{_body(doc, explanations, anchor)}</article>"
    )


def _chart(docs: Sequence[tuple[str, DocumentResult]]) -> str:
    dated = sum(1 for _, d in docs if d.date is not None)
    if dated < 2:
        return ""
    try:
        from .timeline import _require_matplotlib

        _require_matplotlib()
    except ImportError:
        return f'<p class="note">Install matplotlib ({_e(PLOT_INSTALL_HINT)}) to see the timeline chart.</p>'
    from .timeline import frame_from_results, plot_png

    frame = frame_from_results(list(docs))
    dyads = {d.dyad for _, d in docs}
    dyad = next(iter(dyads)) if len(dyads) == 1 else None
    png = plot_png(frame, dyad=dyad, width=9.2, height=3.4)
    data = base64.b64encode(png).decode("ascii")
    undated = len(docs) - dated
    caption = f"{dated} dated documents" + (f"; {undated} undated not shown" if undated else "")
    return (
        '<figure class="chart">'
        f'<img alt="Escalation-to-reconciliation index over time ({_e(caption)})" '
        f'src="data:image/png;base64,{data}">'
        f"<figcaption>Each point is a document, coloured by its level; the line is a rolling mean; "
        "the shaded bands are the five levels.</figcaption></figure>"
    )


def _overview(docs: Sequence[tuple[str, DocumentResult]]) -> str:
    rows = []
    order = sorted(range(len(docs)), key=lambda i: (docs[i][1].date is None, docs[i][1].date or 0))
    for i in order:
        name, doc = docs[i]
        rows.append(
            f"<tr><td>{_e(doc.date.isoformat() if doc.date else '—')}</td>"
            f'<td><a href="#doc-{i + 1}">{_e(name)}</a></td><td>{_e(doc.dyad or "—")}</td>'
            f'<td class="num">{doc.score:+.2f}</td><td><span class="pill {_cls(doc.level)}">{_e(doc.label)}</span></td>'
            f'<td class="num">{len(doc)}</td><td>{_dist(doc)}</td></tr>'
        )
    return (
        '<table class="overview"><thead><tr><th>date</th><th>document</th><th>dyad</th><th>score</th>'
        "<th>label</th><th>sentences</th><th>levels</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _check_docs(docs: Any) -> list[tuple[str, DocumentResult]]:
    from .results import DocumentResult

    if isinstance(docs, (str, bytes)) or not isinstance(docs, Sequence):
        raise TypeError(f"docs must be a sequence of (name, DocumentResult) pairs, got {type(docs).__name__}")
    out = []
    for i, item in enumerate(docs):
        if not (isinstance(item, tuple) and len(item) == 2):
            raise TypeError(f"docs[{i}] must be a (name, DocumentResult) pair, got {type(item).__name__}")
        name, doc = item
        if not isinstance(name, str):
            raise TypeError(f"docs[{i}][0] (the name) must be a str, got {type(name).__name__}")
        if not isinstance(doc, DocumentResult):
            raise TypeError(f"docs[{i}][1] must be a DocumentResult, got {type(doc).__name__}")
        out.append((name, doc))
    return out


def render_html(
    docs: Sequence[tuple[str, DocumentResult]],
    scorer: Scorer | None = None,
    *,
    k: int = DEFAULT_K,
    title: str = "toneclf report",
    chart: bool = True,
) -> str:
    """Render scored documents as one self-contained HTML page.

    Parameters
    ----------
    docs : sequence of (str, DocumentResult)
        Document names (shown as headings, e.g. file paths) and results.
    scorer : Scorer, optional
        The model that scored ``docs``, used for the per-sentence
        explanations; the packaged one by default.
    k : int, default=5
        N-grams listed each way in a sentence's tooltip.
    title : str, default="toneclf report"
        Page title (escaped).
    chart : bool, default=True
        Embed the timeline chart when at least two documents are dated and
        matplotlib is installed (else a note says how to install it).

    Returns
    -------
    str
        The HTML page: no script, no external resource.

    Raises
    ------
    TypeError
        ``docs`` is not a sequence of (str, DocumentResult) pairs.
    ValueError
        ``k`` < 1.

    Examples
    --------
    >>> import toneclf
    >>> page = render_html([("a", toneclf.score("Troops shelled the town."))], chart=False)
    >>> page.count('class="s lv-2')
    1
    """
    from ._version import __version__
    from .explain import explain_many

    pairs = _check_docs(docs)
    flat = [s.text for _, doc in pairs for s in doc]
    explanations = explain_many(flat, k=k, scorer=scorer)
    articles = []
    position = 0
    for i, (name, doc) in enumerate(pairs, 1):
        articles.append(_document(i, name, doc, explanations[position:position + len(doc)]))
        position += len(doc)
    legend = "".join(f'<li class="{_cls(lv)}">{_signed(lv)} {LABELS[lv]}</li>' for lv in LEVELS)
    n_sentences = len(flat)
    head = (
        f"<h1>{_e(title)}</h1>"
        f'<p class="meta">{len(pairs)} document{"s" if len(pairs) != 1 else ""}, {n_sentences} sentence'
        f'{"s" if n_sentences != 1 else ""} · scored by toneclf {_e(__version__)}</p>'
        f'<ul class="legend" aria-label="levels">{legend}</ul>'
        '<p class="note">Each sentence is highlighted by its level. Hover over a sentence (or move to it with '
        "Tab) to see its score, its probabilities, its states and the n-grams that pushed it toward escalation "
        "or toward reconciliation, with their contributions to the reconciliation index.</p>"
    )
    overview = _overview(pairs) if pairs else '<p class="note">No document.</p>'
    figure = _chart(pairs) if chart else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_css()}</style></head>"
        f"<body><main><header>{head}</header>{overview}{figure}{''.join(articles)}"
        '<footer>Levels: -2 hostile, -1 tense, 0 neutral, +1 conciliatory, +2 cooperative. A sentence\'s score is '
        "its expected level divided by 2 (-1 to +1); a document's score weighs its sentences by 1 - P(neutral). "
        "Colours: ColorBrewer RdBu.</footer></main></body></html>\n"
    )


def write_html(
    paths: Sequence[str | os.PathLike[str]],
    out_path: str | os.PathLike[str],
    *,
    scorer: Scorer | None = None,
    k: int = DEFAULT_K,
) -> Path:
    """Score UTF-8 text files and write their HTML report.

    Parameters
    ----------
    paths : sequence of str or path-like
        The documents.
    out_path : str or path-like
        The HTML file to write (UTF-8).
    scorer : Scorer, optional
        The model; the packaged one by default.
    k : int, default=5
        N-grams listed each way per sentence.

    Returns
    -------
    pathlib.Path
        ``out_path``.

    Raises
    ------
    TypeError
        ``paths`` is a single str or path rather than a list of them.
    FileNotFoundError, OSError, ValueError
        A file cannot be read or is not UTF-8 text.
    """
    from .scorer import default_scorer
    from .timeline import read_documents

    if isinstance(paths, (str, bytes, os.PathLike)):
        raise TypeError(f"paths must be a list of file paths, got {type(paths).__name__}; for one file pass [path]")
    inputs = read_documents(paths)
    model = scorer or default_scorer()
    docs = model.score_many([text for _, text in inputs])
    page = render_html([(name, doc) for (name, _), doc in zip(inputs, docs, strict=True)], model, k=k)
    out = Path(out_path)
    out.write_text(page, encoding="utf-8")
    return out


def _cmd_report(args: argparse.Namespace, out: TextIO) -> int:
    from .scorer import default_scorer, load
    from .timeline import _require_matplotlib, read_documents

    if args.top < 1:
        print(f"toneclf: error: --top must be at least 1, got {args.top}", file=sys.stderr)
        return 2
    try:
        inputs = read_documents(args.files)
    except (OSError, ValueError) as exc:
        message = f"{exc.filename}: {exc.strerror}" if isinstance(exc, OSError) and exc.filename else str(exc)
        print(f"toneclf: error: {message}", file=sys.stderr)
        return 1
    scorer = load(args.model) if args.model else default_scorer()
    docs = scorer.score_many([text for _, text in inputs])
    pairs = [(name, doc) for (name, _), doc in zip(inputs, docs, strict=True)]
    page = render_html(pairs, scorer, k=args.top)
    try:
        Path(args.html).write_text(page, encoding="utf-8")
    except OSError as exc:
        print(f"toneclf: error: {args.html}: {exc.strerror}", file=sys.stderr)
        return 1
    if sum(1 for d in docs if d.date is not None) >= 2:
        try:
            _require_matplotlib()
        except ImportError as exc:
            print(f"toneclf: note: the report has no timeline chart: {exc}", file=sys.stderr)
    n = sum(len(d) for d in docs)
    out.write(f"wrote {args.html}: {len(docs)} document{'s' if len(docs) != 1 else ''}, {n} sentences\n")
    return 0


def add_parser(subparsers: Any) -> None:
    """Register ``toneclf report`` on an argparse sub-parser collection.

    Examples
    --------
    >>> import argparse
    >>> parser = argparse.ArgumentParser(prog="toneclf")
    >>> add_parser(parser.add_subparsers(dest="command"))
    >>> parser.parse_args(["report", "a.txt", "--html", "r.html"]).html
    'r.html'
    """
    parser = subparsers.add_parser(
        "report",
        help="write a self-contained HTML report with highlighted sentences",
        description="Score documents and write one self-contained HTML page: sentences highlighted by level, "
        "a tooltip per sentence with its scores and the n-grams behind them, and a timeline chart when at "
        f"least two documents are dated (needs {PLOT_INSTALL_HINT}).",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="UTF-8 text files")
    parser.add_argument("--html", required=True, metavar="OUT", help="the HTML file to write")
    parser.add_argument("--top", type=int, default=DEFAULT_K, metavar="K",
                        help=f"n-grams listed each way per sentence (default {DEFAULT_K})")
    parser.add_argument("--model", help="a model directory written by `toneclf train` (default: the packaged model)")
    parser.set_defaults(func=_cmd_report)
