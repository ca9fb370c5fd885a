"""Scoring: the :class:`Scorer` and the lazily loaded default model."""

from __future__ import annotations

import collections
import itertools
import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import numpy as np

from ._gc import paused as _gc_paused
from .results import DocumentResult, SentenceResult, _new
from .scale import LABELS, LEVELS, decide, level_of_score
from .segment import split_sentences

if TYPE_CHECKING:
    from concurrent.futures import Future

    import pandas as pd
    from sklearn.pipeline import Pipeline

    from .dates import PartialDate

_P = TypeVar("_P")

__all__ = ["Scorer", "default_scorer", "load", "sentence_rows"]

_LEVELS = np.asarray(LEVELS, dtype=float)
_LABEL_LIST = [LABELS[level] for level in LEVELS]
_NEUTRAL = LEVELS.index(0)
# Documents per batch. Whatever the batch, sentences are featurised in blocks of
# _BLOCK_CHARS characters (Scorer.predict_sentences); a batch's size sets how many
# results are built at once and, with several processes, the largest task.
_BATCH_SIZE = 256
_BLOCK_CHARS = 60_000  # characters of sentences featurised at once (see Scorer.predict_sentences)
if len(LEVELS) != 5:  # pragma: no cover - _assemble unpacks five probabilities
    raise RuntimeError("toneclf.scorer: _assemble assumes five levels")
PROBABILITY_COLUMNS = [f"p_{name}" for name in _LABEL_LIST]
FRAME_COLUMNS = [
    "doc", "sentence", "start", "end", "text", "level", "label", "score",
    "confidence", "coverage", *PROBABILITY_COLUMNS, "states",
]


def _check_text(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(
            f"{name} must be a str, got {type(value).__name__}"
            + (" (decode bytes first, e.g. data.decode('utf-8'))" if isinstance(value, (bytes, bytearray)) else "")
        )
    return value


def _check_texts(texts: Any, name: str = "texts") -> list[str]:
    if isinstance(texts, (str, bytes, bytearray)) or not isinstance(texts, Iterable):
        raise TypeError(
            f"{name} must be a list (or other iterable) of str, got {type(texts).__name__}"
            + ("; to score one text use score(text)" if isinstance(texts, str) else "")
        )
    out = list(texts)
    for i, value in enumerate(out):
        if not isinstance(value, str):
            raise TypeError(f"{name}[{i}] must be a str, got {type(value).__name__}")
    return out


class _Analysis(NamedTuple):
    """The scores of a batch of documents as arrays: what a worker process sends back.

    Building the result objects from this in the parent costs less than
    pickling them, and the transfer is a few numbers per sentence.
    """

    counts: np.ndarray  # sentences per document
    spans: np.ndarray  # (sentences, 2) offsets into the document
    proba: np.ndarray  # (sentences, levels) probabilities
    coverage: np.ndarray  # per sentence
    dates: list[PartialDate | None] | None  # per document: given by the caller (None: not given)
    # Worked out only when asked for (``annotate``); else left to the results' first access.
    mentions: list[list[str]] | None  # per sentence, the code of every state mention
    doc_dates: list[PartialDate | None] | None  # per document, given or found in the text


def _assemble(texts: Sequence[str], analysis: _Analysis, far_cost: float = 1.0) -> list[DocumentResult]:
    """The result objects of ``texts`` from their :class:`_Analysis`.

    Equal to building each with ``SentenceResult(...)`` and
    ``DocumentResult.from_sentences(...)`` (``tests/test_score.py`` checks
    it), without their per-field ``__init__`` cost: with ``n_jobs > 1`` this
    process runs it for every chunk, the worker processes' too.
    """
    proba = analysis.proba
    counts = analysis.counts.tolist()
    # One tuple per sentence: (start, end), probabilities, reported level index, score,
    # weight in the document score (results.aggregate, inlined), coverage.
    per_sentence = zip(
        analysis.spans.tolist(), proba.tolist(), decide(proba, far_cost).tolist(), (proba @ _LEVELS / 2.0).tolist(),
        (1.0 - proba[:, _NEUTRAL]).tolist(), analysis.coverage.tolist(), strict=True,
    )
    given = analysis.dates
    doc_dates = analysis.doc_dates
    levels = LEVELS
    labels = _LABEL_LIST
    l0, l1, l2, l3, l4 = LEVELS
    new = object.__new__
    set_dict = object.__setattr__
    sentence_cls = SentenceResult
    islice = itertools.islice
    results = []
    for d, (text, n) in enumerate(zip(texts, counts, strict=True)):
        sentences: list[SentenceResult] = []
        append = sentences.append
        total = weight = 0.0
        for (a, b), row, t, score, w, cov in islice(per_sentence, n):
            r0, r1, r2, r3, r4 = row
            sentence = new(sentence_cls)
            set_dict(sentence, "__dict__", {  # results._new, inlined: this loop runs once per sentence
                "text": text[a:b], "start": a, "end": b, "level": levels[t], "label": labels[t],
                "score": score, "probabilities": {l0: r0, l1: r1, l2: r2, l3: r3, l4: r4}, "confidence": row[t],
                "coverage": cov,
            })
            append(sentence)
            total += w * score
            weight += w
        score = total / weight if weight > 1e-9 else 0.0
        level = level_of_score(score)
        doc = {"text": text, "sentences": tuple(sentences), "score": score, "level": level,
               "label": LABELS[level], "extra": {}}
        if doc_dates is not None:
            doc["date"] = doc_dates[d]
        elif given is not None and given[d] is not None:
            doc["date"] = given[d]
        results.append(_new(DocumentResult, doc))
    if analysis.mentions is not None:
        flat = itertools.chain.from_iterable(doc.sentences for doc in results)
        for sentence, codes in zip(flat, analysis.mentions, strict=True):
            sentence.__dict__["_mentions"] = codes
            sentence.__dict__["states"] = tuple(dict.fromkeys(codes))
    return results


class Scorer:
    """Score text with a fitted toneclf pipeline.

    Parameters
    ----------
    pipeline : sklearn.pipeline.Pipeline
        A fitted pipeline from :func:`toneclf.build_pipeline` whose classes
        are the five levels.
    manifest : dict, optional
        The model's manifest (versions, training data hash, metrics).
    source : str, optional
        Where the model was loaded from (used to reload it in worker
        processes).

    Examples
    --------
    >>> import toneclf
    >>> doc = toneclf.default_scorer().score("Both ministers called for calm. Talks resume on Monday.")
    >>> len(doc), doc[0].label in toneclf.LABELS.values()
    (2, True)
    """

    def __init__(self, pipeline: Pipeline, manifest: dict[str, Any] | None = None, source: str | None = None):
        classes = getattr(pipeline, "classes_", None)
        if classes is None or list(classes) != list(LEVELS):
            raise ValueError(
                f"pipeline must be fitted on the five levels {list(LEVELS)}, "
                f"got classes {None if classes is None else list(classes)}"
            )
        self.pipeline = pipeline
        self.manifest = dict(manifest or {})
        self.source = source
        self._features = pipeline.named_steps["features"]
        self._clf = pipeline.named_steps["clf"]
        self._far_cost = float(getattr(self._clf, "far_cost", 1.0))
        self._pipeline_file: str | None = None

    def __repr__(self) -> str:
        return f"Scorer(source={self.source!r})"

    # -- core -------------------------------------------------------------
    def predict_sentences(self, sentences: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Class probabilities (columns in ``LEVELS`` order) and coverage for sentences.

        Sentences are featurised in blocks of about ``_BLOCK_CHARS``
        characters, whatever the number and length of the documents they come
        from: the arrays of a block then stay small enough for the allocator
        to reuse their memory from one block to the next. Larger ones are
        handed back to the system after each batch and paged in afresh, which
        cost a tenth of the scoring time on the benchmark machine.
        """
        sentences = list(sentences)
        bounds = _block_bounds(sentences)
        if len(bounds) <= 2:
            return self._predict_block(sentences)
        parts = [self._predict_block(sentences[a:b]) for a, b in itertools.pairwise(bounds)]
        return np.concatenate([p for p, _ in parts]), np.concatenate([c for _, c in parts])

    def _predict_block(self, sentences: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        if not len(sentences):
            return np.zeros((0, len(LEVELS))), np.zeros(0)
        with_coverage = getattr(self._features, "transform_with_coverage", None)
        if with_coverage is not None:
            X, coverage = with_coverage(sentences)
        else:
            X = self._features.transform(sentences)
            coverage = np.full(len(sentences), np.nan)
        return self._clf.predict_proba(X), coverage

    def _analyse(self, texts: Sequence[str], dates: Sequence[Any] | None, annotate: bool = False) -> _Analysis:
        """The work of scoring documents, as compact arrays (see :class:`_Analysis`).

        With ``annotate``, the states mentioned and the documents' dates are
        worked out here (in the worker process, when there are workers);
        otherwise the results work them out on first access.
        """
        from .dates import PartialDate, extract_date

        spans = [split_sentences(t) for t in texts]
        flat = [t[a:b] for t, doc_spans in zip(texts, spans, strict=True) for a, b in doc_spans]
        proba, coverage = self.predict_sentences(flat)
        given: list[PartialDate | None] | None = None
        if dates is not None:
            given = [None if _missing(value) else PartialDate.parse(value) for value in dates]
        mentions = doc_dates = None
        if annotate:
            from .states import find_states

            mentions = [[m.code for m in find_states(sentence)] for sentence in flat]
            doc_dates = [
                extract_date(text) if given is None or given[d] is None else given[d]
                for d, text in enumerate(texts)
            ]
        return _Analysis(
            counts=np.fromiter(map(len, spans), dtype=np.int64, count=len(spans)),
            spans=np.array([span for doc_spans in spans for span in doc_spans], dtype=np.int64).reshape(-1, 2),
            proba=proba,
            coverage=coverage,
            dates=given,
            mentions=mentions,
            doc_dates=doc_dates,
        )

    def _documents(self, texts: Sequence[str], dates: Sequence[Any] | None,
                   annotate: bool = False) -> list[DocumentResult]:
        with _gc_paused():
            return _assemble(texts, self._analyse(texts, dates, annotate), self._far_cost)

    # -- public API -------------------------------------------------------
    def score(self, text: str, *, date: str | PartialDate | None = None) -> DocumentResult:
        """Split ``text`` into sentences and score each.

        Parameters
        ----------
        text : str
            The document. Empty or white-space-only text gives a result with
            no sentences and score 0.0.
        date : str, datetime.date or PartialDate, optional
            The document's date ("2024-01", "2025-08-03"); found in the text
            (metadata line, dateline, first full date) when not given.

        Returns
        -------
        DocumentResult

        Raises
        ------
        TypeError
            If ``text`` is not a str.
        """
        _check_text(text, "text")
        return self._documents([text], None if date is None else [date])[0]

    def score_many(
        self,
        texts: Iterable[str],
        *,
        dates: Sequence[Any] | None = None,
        n_jobs: int = 1,
        batch_size: int = _BATCH_SIZE,
    ) -> list[DocumentResult]:
        """Score many documents; sentences are classified in vectorised batches.

        Parameters
        ----------
        texts : iterable of str
            Documents.
        dates : sequence, optional
            One date (or None) per document; see :meth:`score`.
        n_jobs : int, default=1
            Processes that score, this one included: ``n_jobs=2`` starts one
            worker process and scores in this one too; ``-1`` uses every
            core. Worker processes are kept for later calls (they exit after
            five idle minutes) and each loads the model once; they send back
            compact arrays, from which this process builds the results, and
            it scores the next batch itself whenever the oldest one is still
            out.
        batch_size : int, default=256
            Documents per batch (smaller batches when ``n_jobs > 1``, and
            smaller still toward the end, so that the processes finish
            together). Larger batches are not faster: sentences are
            featurised in blocks of fixed size whatever the batch.

        Returns
        -------
        list of DocumentResult
            In the order of ``texts``.
        """
        return self._score_list(_check_texts(texts), dates, n_jobs, batch_size)

    def _score_list(self, docs: list[str], dates: Sequence[Any] | None, n_jobs: int, batch_size: int,
                    annotate: bool = False) -> list[DocumentResult]:
        """:meth:`score_many` of checked texts; ``annotate`` as in :meth:`_analyse`."""
        if dates is not None:
            dates = list(dates)
            if len(dates) != len(docs):
                raise ValueError(f"dates must have one entry per text ({len(docs)}), got {len(dates)}")
        workers = _check_jobs(n_jobs)
        if not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(f"batch_size must be a positive int, got {batch_size!r}")
        if workers > 1 and len(docs) >= 2:
            bounds = _guided_bounds(len(docs), min(batch_size, _TASK_SIZE), workers)
        else:
            workers = 1
            bounds = [*range(0, len(docs), batch_size), len(docs)]
        chunks = ((None, docs[a:b], None if dates is None else dates[a:b]) for a, b in itertools.pairwise(bounds))
        out: list[DocumentResult] = []
        # One pause for the whole call, not one per batch: between batches the
        # collector would traverse every result built so far, again and again.
        with _gc_paused():
            for _, part in self._score_chunks(chunks, workers, annotate):
                out.extend(part)
        return out

    def iter_score(
        self,
        texts: Iterable[str],
        *,
        dates: Iterable[Any] | None = None,
        n_jobs: int = 1,
        batch_size: int = _BATCH_SIZE,
    ) -> Iterator[DocumentResult]:
        """Score documents as they come: a generator, for inputs larger than memory.

        ``texts`` (and ``dates``) are read ``batch_size`` documents at a time,
        and each result is yielded as soon as its batch is scored, so memory
        stays bounded whatever the number of documents: at most
        ``4 * n_jobs + 1`` batches are held at once. Results are those of
        :meth:`score_many`, in the order of ``texts``.

        Parameters
        ----------
        texts : iterable of str
            Documents; a generator is consumed lazily.
        dates : iterable, optional
            One date (or None) per document; see :meth:`score`.
        n_jobs : int, default=1
            Processes that score, this one included (``-1``: every core), as
            in :meth:`score_many`.
        batch_size : int, default=256
            Documents per batch.

        Yields
        ------
        DocumentResult

        Examples
        --------
        >>> import toneclf
        >>> docs = (f"Talks resumed on day {i}." for i in range(3))
        >>> [len(doc) for doc in toneclf.default_scorer().iter_score(docs)]
        [1, 1, 1]
        """
        if isinstance(texts, (str, bytes, bytearray)) or not isinstance(texts, Iterable):
            raise TypeError(
                f"texts must be an iterable of str, got {type(texts).__name__}"
                + ("; to score one text use score(text)" if isinstance(texts, str) else "")
            )
        workers = _check_jobs(n_jobs)
        if not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(f"batch_size must be a positive int, got {batch_size!r}")
        for _, part in self._score_chunks(_chunked(texts, dates, batch_size), workers):
            yield from part

    def _score_chunks(
        self, chunks: Iterable[tuple[_P, list[str], list[Any] | None]], workers: int, annotate: bool = False
    ) -> Iterator[tuple[_P, list[DocumentResult]]]:
        """Score ``(payload, texts, dates)`` chunks in order, on ``workers`` processes if more than one.

        With several, this process is one of them: it starts ``workers - 1``
        worker processes, keeps each fed with two chunks, and while the oldest
        chunk is still out it scores the next one itself. It also turns every
        :class:`_Analysis` the workers send back into result objects, so the
        share it scores itself adjusts to that load. Chunks are read lazily:
        at most ``4 * workers`` are being scored or waiting while the results
        of another are handed out. With ``annotate``, states and dates are
        worked out while scoring rather than on first access (see
        :meth:`_analyse`).
        """
        if workers <= 1:
            for payload, texts, dates in chunks:
                yield payload, self._documents(texts, dates, annotate)
            return
        helpers = workers - 1
        executor = _executor(helpers)
        source = self._worker_source()
        # In input order: chunks out in a worker (a Future) or already scored here (an _Analysis).
        pending: collections.deque[tuple[_P, list[str], Future[_Analysis] | _Analysis]] = collections.deque()
        out = 0  # chunks out in a worker
        chunks = iter(chunks)
        more = True
        try:
            while True:
                while more and out < 2 * helpers and len(pending) < _AHEAD * workers:
                    chunk = next(chunks, None)
                    if chunk is None:
                        more = False
                        break
                    payload, texts, dates = chunk
                    future = executor.submit(_analyse_in_worker, source, texts, dates, annotate)
                    pending.append((payload, texts, future))
                    out += 1
                if not pending:
                    return
                work = pending[0][2]
                if more and len(pending) < _AHEAD * workers and not isinstance(work, _Analysis) and not work.done():
                    chunk = next(chunks, None)  # the oldest is still out: score the next chunk here
                    if chunk is None:
                        more = False
                        continue
                    payload, texts, dates = chunk
                    with _gc_paused():
                        pending.append((payload, texts, self._analyse(texts, dates, annotate)))
                    continue
                payload, texts, work = pending.popleft()
                if not isinstance(work, _Analysis):
                    out -= 1
                    work = work.result()
                with _gc_paused():
                    part = _assemble(texts, work, self._far_cost)
                yield payload, part
        finally:
            for _, _, work in pending:
                if not isinstance(work, _Analysis):
                    work.cancel()

    def _worker_source(self) -> tuple[str, str]:
        """How a worker process loads this scorer's model: from its model directory,
        or else from a private copy of the pipeline written once."""
        if self.source is not None:
            return ("model", self.source)
        if self._pipeline_file is None:
            import tempfile
            import weakref

            import joblib

            directory = tempfile.mkdtemp(prefix="toneclf-")
            path = os.path.join(directory, "pipeline.joblib")
            joblib.dump(self.pipeline, path)
            self._pipeline_file = path
            weakref.finalize(self, _remove_tree, directory)
        return ("pipeline", self._pipeline_file)

    def score_frame(
        self,
        frame: pd.DataFrame,
        text_column: str = "text",
        *,
        date_column: str | None = None,
        n_jobs: int = 1,
    ) -> pd.DataFrame:
        """Score a DataFrame of documents; one output row per sentence.

        Parameters
        ----------
        frame : pandas.DataFrame
            One document per row.
        text_column : str, default="text"
            Column holding the texts (str).
        date_column : str, optional
            Column holding the documents' dates.
        n_jobs : int, default=1
            See :meth:`score_many`.

        Returns
        -------
        pandas.DataFrame
            Columns: ``doc`` (the input row's index label), ``sentence``
            (ordinal within the document), ``start``, ``end``, ``text``,
            ``level``, ``label``, ``score``, ``confidence``, ``coverage``,
            ``p_hostile`` ... ``p_cooperative``, ``states`` (";"-joined ISO codes).
        """
        import pandas as pd

        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
        for name, column in (("text_column", text_column), ("date_column", date_column)):
            if column is not None and column not in frame.columns:
                raise KeyError(
                    f"{name}={column!r} is not a column of frame; its columns are {list(frame.columns)}"
                )
        texts = _check_texts(frame[text_column].tolist(), f"frame[{text_column!r}]")
        dates = None if date_column is None else frame[date_column].tolist()
        docs = self._score_list(texts, dates, n_jobs, _BATCH_SIZE, annotate=True)
        return pd.DataFrame(sentence_rows(docs, list(frame.index)), columns=FRAME_COLUMNS)


def sentence_rows(docs: Sequence[DocumentResult], index: Sequence[Any]) -> list[dict[str, Any]]:
    """Rows of :meth:`Scorer.score_frame` for scored documents."""
    rows = []
    for label, doc in zip(index, docs):
        for i, s in enumerate(doc.sentences):
            row: dict[str, Any] = {
                "doc": label, "sentence": i, "start": s.start, "end": s.end, "text": s.text,
                "level": s.level, "label": s.label, "score": s.score,
                "confidence": s.confidence, "coverage": s.coverage,
            }
            for level, column in zip(LEVELS, PROBABILITY_COLUMNS):
                row[column] = s.probabilities[level]
            row["states"] = ";".join(s.states)
            rows.append(row)
    return rows


# -- model loading ------------------------------------------------------------
_default: Scorer | None = None
_loaded: dict[str, Scorer] = {}
_lock = threading.Lock()
_worker_lock = threading.Lock()


def _packaged_model_dir() -> str:
    from importlib.resources import files

    return str(files("toneclf").joinpath("models"))


def load(path: str | os.PathLike[str]) -> Scorer:
    """Load a model saved by the training script (``--out DIR``).

    Parameters
    ----------
    path : path
        The model directory, or its ``toneclf-model.json`` manifest.

    Returns
    -------
    Scorer

    Notes
    -----
    Model files are joblib (pickle) files, and unpickling can execute code:
    load only models you trained or trust. toneclf checks the model file's
    SHA-256 against its manifest before unpickling it, which detects a
    truncated or altered file but not a malicious manifest, and it never
    loads a file you did not name.
    """
    from .model import load_artifact

    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or os.PathLike, got {type(path).__name__}")
    pipeline, manifest = load_artifact(path)
    return Scorer(pipeline, manifest, source=os.fspath(path))


def default_scorer() -> Scorer:
    """The packaged model, loaded once on first use (thread-safe)."""
    global _default
    if _default is None:
        with _lock:
            if _default is None:
                _default = load(_packaged_model_dir())
    return _default


def _check_jobs(n_jobs: Any) -> int:
    """Number of processes that score, this one included, for ``n_jobs`` (validated)."""
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, int) or n_jobs == 0 or n_jobs < -1:
        raise ValueError(f"n_jobs must be a positive int or -1, got {n_jobs!r}")
    return (os.cpu_count() or 1) if n_jobs == -1 else n_jobs


def _chunked(
    texts: Iterable[Any], dates: Iterable[Any] | None, size: int
) -> Iterator[tuple[None, list[str], list[Any] | None]]:
    """``(None, texts, dates)`` chunks of ``size`` documents, checking each text."""
    if dates is not None and (isinstance(dates, (str, bytes)) or not isinstance(dates, Iterable)):
        raise TypeError(f"dates must be an iterable with one date (or None) per text, got {type(dates).__name__}")
    text_iter = iter(texts)
    date_iter = None if dates is None else iter(dates)
    done = 0
    while True:
        chunk = list(itertools.islice(text_iter, size))
        for i, value in enumerate(chunk):
            if not isinstance(value, str):
                raise TypeError(f"texts[{done + i}] must be a str, got {type(value).__name__}")
        chunk_dates = None
        if date_iter is not None:
            chunk_dates = list(itertools.islice(date_iter, len(chunk)))
            if len(chunk_dates) < len(chunk) or (len(chunk) < size and next(date_iter, _END) is not _END):
                raise ValueError(f"dates must have one entry per text; they ran out or were left over "
                                 f"after text {done + len(chunk_dates)}")
        if not chunk:
            return
        done += len(chunk)
        yield None, chunk, chunk_dates


_END = object()
_TASK_SIZE = 256  # documents per task sent to a worker process, at most
_AHEAD = 4  # chunks being scored or waiting, per process, at most
_MIN_TASK = 8  # documents per chunk, at least, when several processes score


def _block_bounds(sentences: Sequence[str]) -> list[int]:
    """Boundaries of the blocks :meth:`Scorer.predict_sentences` featurises: a block
    ends once it holds ``_BLOCK_CHARS`` characters.

    >>> _block_bounds(["x" * 40_000] * 5)
    [0, 2, 4, 5]
    """
    bounds = [0]
    size = 0
    for i, sentence in enumerate(sentences, 1):
        size += len(sentence)
        if size >= _BLOCK_CHARS:
            bounds.append(i)
            size = 0
    if bounds[-1] != len(sentences):
        bounds.append(len(sentences))
    return bounds


def _guided_bounds(n: int, size: int, workers: int) -> list[int]:
    """Chunk boundaries for ``n`` documents scored by ``workers`` processes.

    Chunks of ``size`` documents while there is much left, then smaller as
    the end nears (a quarter of what is left per process, down to
    ``_MIN_TASK`` documents), so that the processes finish at about the same time
    instead of one waiting on the other's last full chunk.

    >>> _guided_bounds(200, 32, 2)
    [0, 25, 47, 67, 84, 99, 112, 123, 133, 142, 150, 158, 166, 174, 182, 190, 198, 200]
    """
    bounds = [0]
    done = 0
    while done < n:
        done += min(size, max(_MIN_TASK, -(-(n - done) // (4 * workers))), n - done)
        bounds.append(done)
    return bounds


def _executor(workers: int) -> Any:
    """A process pool of ``workers`` processes, reused between calls.

    It is loky's reusable executor (shipped with joblib): processes are
    started (not forked), so they are safe with threads in the parent, and
    they stay up for five idle minutes, keeping the model they loaded.
    """
    from joblib.externals.loky import get_reusable_executor

    return get_reusable_executor(max_workers=workers, timeout=300)


def _remove_tree(directory: str) -> None:
    import shutil

    shutil.rmtree(directory, ignore_errors=True)


def _worker_scorer(source: tuple[str, str]) -> Scorer:
    """The scorer for ``source`` in this process, loaded on first use."""
    kind, path = source
    if kind == "model" and path == _packaged_model_dir():
        return default_scorer()
    key = "\0".join(source)
    scorer = _loaded.get(key)
    if scorer is None:
        with _worker_lock:  # not _lock: default_scorer() takes that one
            scorer = _loaded.get(key)
            if scorer is None:
                if kind == "pipeline":
                    import joblib

                    scorer = Scorer(joblib.load(path))
                else:
                    scorer = load(path)
                _loaded[key] = scorer
    return scorer


def _analyse_in_worker(source: tuple[str, str], texts: list[str], dates: list[Any] | None,
                       annotate: bool = False) -> _Analysis:
    """Worker-process entry point: score with the model this process loaded once."""
    with _gc_paused():
        return _worker_scorer(source)._analyse(texts, dates, annotate)


def _missing(value: Any) -> bool:
    """True for a date given as None, NaN, ``pd.NA`` or ``NaT``: "find it in the text"."""
    if value is None or (isinstance(value, float) and value != value):
        return True
    return type(value).__name__ in ("NAType", "NaTType")  # pandas' missing values, without importing pandas
