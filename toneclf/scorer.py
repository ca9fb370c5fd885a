"""Scoring: the :class:`Scorer` and the lazily loaded default model."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .results import DocumentResult, SentenceResult
from .scale import LABELS, LEVELS
from .segment import split_sentences

if TYPE_CHECKING:
    import pandas as pd
    from sklearn.pipeline import Pipeline

    from .dates import PartialDate

__all__ = ["Scorer", "default_scorer", "load", "sentence_rows"]

_LEVELS = np.asarray(LEVELS, dtype=float)
_LABEL_LIST = [LABELS[level] for level in LEVELS]
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

    def __repr__(self) -> str:
        return f"Scorer(source={self.source!r})"

    # -- core -------------------------------------------------------------
    def predict_sentences(self, sentences: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Class probabilities (columns in ``LEVELS`` order) and coverage for sentences."""
        if not len(sentences):
            return np.zeros((0, len(LEVELS))), np.zeros(0)
        with_coverage = getattr(self._features, "transform_with_coverage", None)
        if with_coverage is not None:
            X, coverage = with_coverage(sentences)
        else:
            X = self._features.transform(sentences)
            coverage = np.full(len(sentences), np.nan)
        return self._clf.predict_proba(X), coverage

    def _documents(self, texts: Sequence[str], dates: Sequence[Any] | None) -> list[DocumentResult]:
        from .dates import PartialDate, extract_date
        from .states import find_states, main_dyad, rank_states

        spans = [split_sentences(t) for t in texts]
        flat = [t[a:b] for t, doc_spans in zip(texts, spans) for a, b in doc_spans]
        proba, coverage = self.predict_sentences(flat)
        scores = proba @ _LEVELS / 2.0
        top = proba.argmax(axis=1) if len(flat) else np.zeros(0, dtype=int)
        results = []
        k = 0
        for d, (text, doc_spans) in enumerate(zip(texts, spans)):
            sentences = []
            sentence_codes: list[tuple[str, ...]] = []
            all_codes: list[str] = []
            for a, b in doc_spans:
                sentence = flat[k]
                codes = [m.code for m in find_states(sentence)]
                all_codes.extend(codes)
                distinct = tuple(dict.fromkeys(codes))
                sentence_codes.append(distinct)
                p = proba[k]
                level = LEVELS[int(top[k])]
                sentences.append(
                    SentenceResult(
                        text=sentence,
                        start=a,
                        end=b,
                        level=level,
                        label=LABELS[level],
                        score=float(scores[k]),
                        probabilities={lvl: float(p[i]) for i, lvl in enumerate(LEVELS)},
                        confidence=float(p[top[k]]),
                        coverage=float(coverage[k]),
                        states=distinct,
                    )
                )
                k += 1
            given = None if dates is None else dates[d]
            date: PartialDate | None
            if given is None or (isinstance(given, float) and np.isnan(given)):
                date = extract_date(text)
            else:
                date = PartialDate.parse(given)
            results.append(
                DocumentResult.from_sentences(
                    text, sentences, states=rank_states(all_codes), dyad=main_dyad(sentence_codes), date=date
                )
            )
        return results

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
        batch_size: int = 2000,
    ) -> list[DocumentResult]:
        """Score many documents; sentences are classified in vectorised batches.

        Parameters
        ----------
        texts : iterable of str
            Documents.
        dates : sequence, optional
            One date (or None) per document; see :meth:`score`.
        n_jobs : int, default=1
            Worker processes. ``-1`` uses every core. Each worker loads the
            model once.
        batch_size : int, default=2000
            Documents per batch.

        Returns
        -------
        list of DocumentResult
            In the order of ``texts``.
        """
        docs = _check_texts(texts)
        if dates is not None:
            dates = list(dates)
            if len(dates) != len(docs):
                raise ValueError(f"dates must have one entry per text ({len(docs)}), got {len(dates)}")
        if not isinstance(n_jobs, int) or n_jobs == 0 or n_jobs < -1:
            raise ValueError(f"n_jobs must be a positive int or -1, got {n_jobs!r}")
        if not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(f"batch_size must be a positive int, got {batch_size!r}")
        workers = (os.cpu_count() or 1) if n_jobs == -1 else n_jobs
        chunks = [(docs[i:i + batch_size], None if dates is None else dates[i:i + batch_size])
                  for i in range(0, len(docs), batch_size)]
        if workers <= 1 or len(docs) < 2:
            out: list[DocumentResult] = []
            for chunk, chunk_dates in chunks:
                out.extend(self._documents(chunk, chunk_dates))
            return out
        from joblib import Parallel, delayed

        if len(chunks) < workers:  # give every worker something to do
            size = max(1, -(-len(docs) // workers))
            chunks = [(docs[i:i + size], None if dates is None else dates[i:i + size])
                      for i in range(0, len(docs), size)]
        parts = Parallel(n_jobs=workers)(
            delayed(_score_in_worker)(self.source, None if self.source else self.pipeline, chunk, chunk_dates)
            for chunk, chunk_dates in chunks
        )
        return [doc for part in parts for doc in part]

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
        docs = self.score_many(texts, dates=dates, n_jobs=n_jobs)
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


def _score_in_worker(source: str | None, pipeline: Any, texts: list[str], dates: list[Any] | None) -> list[DocumentResult]:
    """Worker-process entry point: reuse a model already loaded in this process."""
    if source is None:
        return Scorer(pipeline)._documents(texts, dates)
    scorer = _loaded.get(source)
    if scorer is None:
        with _lock:
            scorer = _loaded.get(source)
            if scorer is None:
                scorer = default_scorer() if source == _packaged_model_dir() else load(source)
                _loaded[source] = scorer
    return scorer._documents(texts, dates)
