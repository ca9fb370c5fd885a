"""Typed, immutable results of scoring.

A :class:`DocumentResult` is a sequence of :class:`SentenceResult` with a
document-level score.

Document aggregation rule
-------------------------
The document ``score`` is the mean of its sentence scores weighted by each
sentence's tone mass, ``1 - P(neutral)``: a dateline or a sentence of pure
background weighs little, a clearly hostile or cooperative sentence weighs
fully. A document whose sentences are all confidently neutral (total weight
below 1e-9) or that has no sentence scores 0.0. The document ``level`` is the
level nearest to the score (:func:`toneclf.scale.level_of_score`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, overload

from .scale import LABELS, LEVELS, label_of, level_of_score

if TYPE_CHECKING:
    import pandas as pd

    from .dates import PartialDate

__all__ = ["LOW_EVIDENCE", "DocumentResult", "SentenceResult", "aggregate"]

LOW_EVIDENCE = 0.4
"""Coverage below which a sentence is reported as low evidence."""


@dataclass(frozen=True)
class SentenceResult:
    """The score of one sentence.

    Attributes
    ----------
    text : str
        The sentence, exactly as in the input: ``document[start:end]``.
    start, end : int
        Offsets of the sentence in the scored text.
    level : int
        Most probable level, -2 (hostile) to +2 (cooperative).
    label : str
        Name of ``level``: hostile, tense, neutral, conciliatory, cooperative.
    score : float
        Expected level under ``probabilities``, divided by 2: in [-1, 1].
    probabilities : Mapping[int, float]
        Level -> probability (sums to 1).
    confidence : float
        Probability of ``level`` (the top class).
    coverage : float
        Share of the sentence's content words (words other than the most
        common ones) that the model saw in training, from 0 to 1. On the
        project's own test split 99% of sentences have coverage of at least
        0.4; below that (see :attr:`low_evidence`) the sentence is mostly
        unknown words (another language, another domain, noise), and its score
        means "no evidence", not "neutral".
    states : tuple of str
        ISO 3166 alpha-3 codes of the states the sentence mentions, in order
        of first mention.
    """

    text: str
    start: int
    end: int
    level: int
    label: str
    score: float
    probabilities: Mapping[int, float]
    confidence: float
    coverage: float
    states: tuple[str, ...] = ()

    @property
    def low_evidence(self) -> bool:
        """True when ``coverage`` is below :data:`LOW_EVIDENCE` (0.4; see :attr:`coverage`)."""
        return self.coverage < LOW_EVIDENCE

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary (probabilities keyed by label)."""
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "level": self.level,
            "label": self.label,
            "score": self.score,
            "confidence": self.confidence,
            "coverage": self.coverage,
            "probabilities": {LABELS[k]: v for k, v in self.probabilities.items()},
            "states": list(self.states),
        }


def aggregate(sentences: Sequence[SentenceResult]) -> float:
    """Document score from sentence results (see the module docstring).

    Examples
    --------
    >>> from toneclf.results import SentenceResult, aggregate
    >>> def s(score, p0):
    ...     return SentenceResult("x", 0, 1, 0, "neutral", score, {0: p0}, p0, 1.0)
    >>> aggregate([s(0.5, 0.2), s(0.0, 1.0)])
    0.5
    """
    total = 0.0
    weight = 0.0
    for sentence in sentences:
        w = 1.0 - float(sentence.probabilities.get(0, 0.0))
        total += w * sentence.score
        weight += w
    return total / weight if weight > 1e-9 else 0.0


@dataclass(frozen=True)
class DocumentResult(Sequence[SentenceResult]):
    """The scores of one document: iterable over its sentences.

    Attributes
    ----------
    text : str
        The scored text.
    sentences : tuple of SentenceResult
        In order; ``text[s.start:s.end] == s.text`` for each.
    score : float
        Document score in [-1, 1] (aggregation rule in :mod:`toneclf.results`).
    level, label
        Level nearest to ``score`` and its name.
    states : tuple of str
        States mentioned, most frequent first.
    dyad : str or None
        The pair of states most mentioned together ("IRN-PAK"), if any.
    date : PartialDate or None
        The document's date, given by the caller or found in the text.
    """

    text: str
    sentences: tuple[SentenceResult, ...]
    score: float
    level: int
    label: str
    states: tuple[str, ...] = ()
    dyad: str | None = None
    date: PartialDate | None = None
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_sentences(cls, text: str, sentences: Sequence[SentenceResult], **kwargs: Any) -> DocumentResult:
        """Build a document result and its aggregate score."""
        score = aggregate(sentences)
        level = level_of_score(score)
        return cls(text=text, sentences=tuple(sentences), score=score, level=level, label=label_of(level), **kwargs)

    def __len__(self) -> int:
        return len(self.sentences)

    @overload
    def __getitem__(self, index: int) -> SentenceResult: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[SentenceResult, ...]: ...

    def __getitem__(self, index: int | slice) -> SentenceResult | tuple[SentenceResult, ...]:
        return self.sentences[index]

    def __iter__(self) -> Iterator[SentenceResult]:
        return iter(self.sentences)

    @property
    def counts(self) -> dict[int, int]:
        """Number of sentences at each level."""
        out = dict.fromkeys(LEVELS, 0)
        for sentence in self.sentences:
            out[sentence.level] += 1
        return out

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return {
            "score": self.score,
            "level": self.level,
            "label": self.label,
            "states": list(self.states),
            "dyad": self.dyad,
            "date": None if self.date is None else str(self.date),
            "sentences": [s.as_dict() for s in self.sentences],
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per sentence (same columns as :func:`toneclf.score_frame`)."""
        from .scorer import sentence_rows

        import pandas as pd

        return pd.DataFrame(sentence_rows([self], [0]))
