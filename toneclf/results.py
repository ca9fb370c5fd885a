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

States, dyad and date
---------------------
The states a sentence mentions (:attr:`SentenceResult.states`) and a
document's ``states``, ``dyad`` and ``date`` are worked out on first access
and then kept: a caller who reads only levels and scores does not pay for
them. The values are the same whether they were computed while scoring
(``score_frame``, the command line and the timeline do it in the worker
processes) or later.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from .scale import LABELS, LEVELS, label_of, level_of_score

if TYPE_CHECKING:
    import pandas as pd

    from .dates import PartialDate

__all__ = ["LOW_EVIDENCE", "DocumentResult", "SentenceResult", "aggregate"]

_T = TypeVar("_T")


class _Deferred(Generic[_T]):
    """A dataclass field's value worked out from the instance on first access.

    Installed on the class after ``@dataclass`` has built ``__init__``. It is
    a non-data descriptor: a value in the instance ``__dict__`` (passed to
    ``__init__``, or set by the scorer) wins; otherwise the first read stores
    ``compute(instance)`` there, where a frozen dataclass keeps its fields.
    """

    def __init__(self, name: str, compute: Any) -> None:
        self.name = name
        self.compute = compute

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = self.compute(instance)
        instance.__dict__[self.name] = value
        return value


class _Unset:
    """Default of a deferred field: "work it out when first read"."""

    def __repr__(self) -> str:
        return "<computed on first access>"


UNSET: Any = _Unset()


def _defer(cls: type, name: str, compute: Any) -> None:
    """Make field ``name`` of dataclass ``cls`` deferred (see :class:`_Deferred`)."""
    original_init = cls.__init__  # type: ignore[misc]

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        if self.__dict__.get(name) is UNSET:
            del self.__dict__[name]

    __init__.__doc__ = original_init.__doc__
    __init__.__wrapped__ = original_init  # type: ignore[attr-defined]
    cls.__init__ = __init__  # type: ignore[misc]
    setattr(cls, name, _Deferred(name, compute))


def _new(cls: type[_T], values: dict[str, Any]) -> _T:
    """An instance of frozen dataclass ``cls`` from its field values, skipping ``__init__``.

    ``__init__`` sets a frozen dataclass's fields one ``object.__setattr__``
    at a time; the scorer builds millions of results. ``values`` becomes the
    instance's ``__dict__`` (not copied: pass a fresh dict). Deferred fields
    may be left out of it.
    """
    obj = object.__new__(cls)
    object.__setattr__(obj, "__dict__", values)
    return obj

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
        The level the model reports, -2 (hostile) to +2 (cooperative): the
        one of least expected cost under ``probabilities``, where a miss by
        two or more levels costs twice a miss by one
        (:func:`toneclf.scale.decide`). It is the most probable level except
        when the probability is split between distant levels.
    label : str
        Name of ``level``: hostile, tense, neutral, conciliatory, cooperative.
    score : float
        Expected level under ``probabilities``, divided by 2: in [-1, 1].
    probabilities : Mapping[int, float]
        Level -> probability (sums to 1).
    confidence : float
        Probability of ``level``.
    coverage : float
        Share of the sentence's content words (words other than the most
        common ones) that the model saw in training, from 0 to 1. On the
        project's own test split 99% of sentences have coverage of at least
        0.4; below that (see :attr:`low_evidence`) the sentence is mostly
        unknown words (another language, another domain, noise), and its score
        means "no evidence", not "neutral".
    states : tuple of str
        ISO 3166 alpha-3 codes of the states the sentence mentions, in order
        of first mention (:func:`toneclf.states.find_states`); worked out on
        first access when not given.
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
    states: tuple[str, ...] = UNSET

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

    ``states``, ``dyad`` and ``date`` are worked out on first access when
    not given (see the module docstring).
    """

    text: str
    sentences: tuple[SentenceResult, ...]
    score: float
    level: int
    label: str
    states: tuple[str, ...] = UNSET
    dyad: str | None = UNSET
    date: PartialDate | None = UNSET
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
        import pandas as pd

        from .scorer import sentence_rows

        return pd.DataFrame(sentence_rows([self], [0]))


# -- deferred fields -----------------------------------------------------------
def _mention_codes(sentence: SentenceResult) -> list[str]:
    """Codes of every state mention in the sentence, with repetitions (kept once worked out)."""
    codes = sentence.__dict__.get("_mentions")
    if codes is None:
        from .states import find_states

        codes = [m.code for m in find_states(sentence.text)]
        sentence.__dict__["_mentions"] = codes
    return codes


def _sentence_states(sentence: SentenceResult) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_mention_codes(sentence)))


def _document_states(doc: DocumentResult) -> tuple[str, ...]:
    from .states import rank_states

    return rank_states([code for sentence in doc.sentences for code in _mention_codes(sentence)])


def _document_dyad(doc: DocumentResult) -> str | None:
    from .states import main_dyad

    return main_dyad([sentence.states for sentence in doc.sentences])


def _document_date(doc: DocumentResult) -> PartialDate | None:
    from .dates import extract_date

    return extract_date(doc.text)


_defer(SentenceResult, "states", _sentence_states)
_defer(DocumentResult, "states", _document_states)
_defer(DocumentResult, "dyad", _document_dyad)
_defer(DocumentResult, "date", _document_date)
