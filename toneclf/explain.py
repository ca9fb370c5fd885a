"""Why a sentence got its score: the n-grams that pushed it each way.

The model is linear: for a sentence with feature vector ``x`` its decision
value for level ``k`` is ``z_k = w_k · x + b_k`` (``k`` in -2..2), and the
level probabilities are ``softmax(z)``. toneclf explains a sentence along one
direction, the *reconciliation index*::

    s(x) = sum_k k * z_k = sum_j x_j * d_j + sum_k k * b_k,   where d = sum_k k * w_k.

As the levels sum to zero, ``s`` does not change when the same constant is
added to every ``z_k`` (the softmax is invariant to that shift too), so it is
a property of the probabilities, not of one parametrisation of them. A
positive ``s`` pulls the expected level up (toward reconciliation), a
negative one pulls it down (toward escalation). Each feature's contribution
``x_j * d_j`` is its value (TF-IDF) times the coefficient difference that
moves the expected score, and the contributions plus the intercept term
``sum_k k * b_k`` add up exactly to ``s``.

Feature names are the analyzer's (see :mod:`toneclf.features`): words
("frappes"), bigrams ("signed accord"), five-letter stems ("P:frapp"), words
in a negation scope ("NEG:escalade") or a background phrase ("BG:strikes");
:func:`describe` renders them for people. Words are lowercase and without
accents, as the model sees them.

Examples
--------
>>> from toneclf.explain import explain
>>> e = explain("The two countries signed a trade accord and restored ties.", k=3)
>>> e.label
'cooperative'
>>> e.toward_reconciliation[0].contribution > 0
True
>>> abs(e.intercept + sum(c.contribution for c in e.contributions) - e.total) < 1e-9
True
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from .scale import LABELS, LEVELS

if TYPE_CHECKING:
    from .results import DocumentResult
    from .scorer import Scorer

__all__ = ["Contribution", "Explanation", "describe", "explain", "explain_many", "format_explanations"]

# Prefixes of the analyzer's features, outermost first, and how to say them.
_SCOPES = {"NEG:": "negated", "BG:": "in a background phrase"}


@dataclass(frozen=True)
class Contribution:
    """One feature's share of a sentence's reconciliation index.

    Attributes
    ----------
    feature : str
        The feature as the analyzer names it ("frappes", "NEG:escalade",
        "BG:strikes", "P:frapp", "signed accord").
    value : float
        Its value in the sentence's feature vector (L2-normalised TF-IDF).
    weight : float
        Its coefficient along the reconciliation direction,
        ``d_j = sum_k k * w_kj``.
    contribution : float
        ``value * weight``: negative pushes toward escalation, positive toward
        reconciliation.

    Examples
    --------
    >>> c = Contribution("NEG:escalade", 0.2, 3.0, 0.6000000000000001)
    >>> c.description
    'escalade (negated)'
    """

    feature: str
    value: float
    weight: float
    contribution: float

    @property
    def description(self) -> str:
        """The feature rendered for people (see :func:`describe`)."""
        return describe(self.feature)


@dataclass(frozen=True)
class Explanation:
    """The explanation of one sentence's score.

    Attributes
    ----------
    sentence : str
        The sentence, as given.
    level, label : int, str
        The level the model reports (as in :attr:`toneclf.SentenceResult.level`) and its name.
    score : float
        The sentence score: expected level divided by 2, in [-1, 1].
    toward_escalation : tuple of Contribution
        Up to ``k`` features with a negative contribution, most negative first.
    toward_reconciliation : tuple of Contribution
        Up to ``k`` features with a positive contribution, most positive first.
    intercept : float
        The intercept term ``sum_k k * b_k`` (the same for every sentence).
    total : float
        The reconciliation index ``s = sum_k k * z_k``: the intercept plus the
        contributions of *all* the sentence's features (including those beyond
        the top ``k``).
    contributions : tuple of Contribution
        Every feature present in the sentence, in decreasing order of
        absolute contribution (not shown in the repr).
    """

    sentence: str
    level: int
    label: str
    score: float
    toward_escalation: tuple[Contribution, ...]
    toward_reconciliation: tuple[Contribution, ...]
    intercept: float
    total: float
    contributions: tuple[Contribution, ...] = field(default=(), repr=False)

    @property
    def rest(self) -> float:
        """Sum of the contributions not listed in either top-``k`` tuple."""
        shown = sum(c.contribution for c in (*self.toward_escalation, *self.toward_reconciliation))
        return self.total - self.intercept - shown

    def as_text(self) -> str:
        """A short, readable rendering (two lines of n-grams).

        Examples
        --------
        >>> print(explain("Troops shelled the border town.", k=2).as_text())  # doctest: +ELLIPSIS
        -2 hostile (score -0...): index -...
          toward escalation:     ...
          toward reconciliation: ...
        """
        head = f"{self.level:+d} {self.label} (score {self.score:+.2f}): index {self.total:+.2f}"
        return "\n".join(
            [
                head,
                "  toward escalation:     " + _join(self.toward_escalation),
                "  toward reconciliation: " + _join(self.toward_reconciliation),
            ]
        )


def _join(contributions: Sequence[Contribution]) -> str:
    if not contributions:
        return "(none)"
    return ", ".join(f"{c.description} {c.contribution:+.2f}" for c in contributions)


def describe(feature: str) -> str:
    """Render an analyzer feature readably.

    Parameters
    ----------
    feature : str
        A feature name: a word, a bigram ("signed accord"), a stem
        ("P:frapp"), a word in a negation scope ("NEG:escalade") or in a
        background phrase ("BG:strikes"). Names of a feature union
        ("words__...", "chars__...") are understood too.

    Returns
    -------
    str

    Raises
    ------
    TypeError
        If ``feature`` is not a str.

    Examples
    --------
    >>> describe("escalade")
    'escalade'
    >>> describe("NEG:escalade")
    'escalade (negated)'
    >>> describe("BG:strikes")
    'strikes (in a background phrase)'
    >>> describe("P:frapp")
    'frapp… (stem)'
    >>> describe("signed accord")
    'signed accord'
    """
    if not isinstance(feature, str):
        raise TypeError(f"feature must be a str, got {type(feature).__name__}")
    if feature.startswith("chars__"):
        return f"“{feature[len('chars__'):]}” (characters)"
    if feature.startswith("words__"):
        feature = feature[len("words__"):]
    notes: list[str] = []
    core = feature
    changed = True
    while changed:
        changed = False
        for prefix, note in _SCOPES.items():
            if core.startswith(prefix) and len(core) > len(prefix):
                core = core[len(prefix):]
                notes.append(note)
                changed = True
    if core.startswith("P:") and len(core) > 2:
        core = core[2:] + "…"
        notes.insert(0, "stem")
    return f"{core} ({', '.join(notes)})" if notes else core


def _check_k(k: Any) -> int:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise TypeError(f"k must be an int, got {type(k).__name__}")
    if k < 1:
        raise ValueError(f"k must be at least 1, got k={int(k)}")
    return int(k)


def _check_scorer(scorer: Any) -> Scorer:
    from .scorer import Scorer, default_scorer

    if scorer is None:
        return default_scorer()
    if not isinstance(scorer, Scorer):
        raise TypeError(
            f"scorer must be a toneclf Scorer (e.g. toneclf.load(path)) or None, got {type(scorer).__name__}"
        )
    return scorer


def _feature_names(features: Any) -> np.ndarray:
    names = getattr(features, "feature_names_", None)
    if names is None:
        names = features.get_feature_names_out()
    return np.asarray(names, dtype=object)


def explain_many(sentences: Sequence[str], k: int = 5, scorer: Scorer | None = None) -> list[Explanation]:
    """Explain many sentences at once (one vectorised pass).

    Parameters
    ----------
    sentences : sequence of str
        Sentences, each explained as one unit (they are not split further).
    k : int, default=5
        Number of features to list each way.
    scorer : Scorer, optional
        The model; the packaged one by default.

    Returns
    -------
    list of Explanation
        In the order of ``sentences``.

    Examples
    --------
    >>> [e.level for e in explain_many(["They signed an accord.", "Troops shelled the town."])]
    [2, -2]
    """
    if isinstance(sentences, (str, bytes)) or not isinstance(sentences, Sequence):
        raise TypeError(f"sentences must be a sequence of str, got {type(sentences).__name__}")
    for i, sentence in enumerate(sentences):
        if not isinstance(sentence, str):
            raise TypeError(f"sentences[{i}] must be a str, got {type(sentence).__name__}")
    k = _check_k(k)
    model = _check_scorer(scorer)
    features = model.pipeline.named_steps["features"]
    clf = model.pipeline.named_steps["clf"]
    if not sentences:
        return []
    levels = np.asarray(clf.classes_, dtype=float)
    coef = np.asarray(clf.coef_, dtype=float)
    direction = levels @ coef  # d = sum_k k * w_k
    intercept = float(levels @ np.asarray(clf.intercept_, dtype=float))
    names = _feature_names(features)
    X = features.transform(list(sentences))
    if not hasattr(X, "tocsr"):
        import scipy.sparse as sp

        X = sp.csr_matrix(X)
    X = X.tocsr()
    proba = clf.predict_proba(X)
    scores = proba @ np.asarray(LEVELS, dtype=float) / 2.0
    from .model import reported_levels

    reported = reported_levels(clf, proba).tolist()
    out = []
    for row, sentence in enumerate(sentences):
        lo, hi = X.indptr[row], X.indptr[row + 1]
        cols = X.indices[lo:hi]
        values = X.data[lo:hi]
        contribs = values * direction[cols]
        items = [
            Contribution(str(names[j]), float(v), float(direction[j]), float(c))
            for j, v, c in zip(cols, values, contribs, strict=True)
            if v != 0.0
        ]
        # Deterministic order: by contribution, ties by feature name.
        items.sort(key=operator.attrgetter("feature"))
        down = sorted((c for c in items if c.contribution < 0), key=operator.attrgetter("contribution"))
        up = sorted((c for c in items if c.contribution > 0), key=operator.attrgetter("contribution"), reverse=True)
        ranked = sorted(items, key=lambda c: -abs(c.contribution))
        total = intercept + float(np.sum(contribs))
        level = int(reported[row])
        out.append(
            Explanation(
                sentence=sentence,
                level=level,
                label=LABELS[level],
                score=float(scores[row]),
                toward_escalation=tuple(down[:k]),
                toward_reconciliation=tuple(up[:k]),
                intercept=intercept,
                total=total,
                contributions=tuple(ranked),
            )
        )
    return out


def explain(sentence: str, k: int = 5, scorer: Scorer | None = None) -> Explanation:
    """Explain one sentence's score: the top ``k`` n-grams each way.

    Parameters
    ----------
    sentence : str
        One sentence (it is explained as given, not split further; to
        explain a document, explain each of its ``SentenceResult.text``).
    k : int, default=5
        Number of features to list toward escalation and toward
        reconciliation.
    scorer : Scorer, optional
        The model; the packaged one (:func:`toneclf.default_scorer`) by
        default.

    Returns
    -------
    Explanation
        ``level``, ``label`` and ``score`` are the ones
        :meth:`Scorer.score` gives the same sentence.

    Raises
    ------
    TypeError
        If ``sentence`` is not a str, ``k`` not an int or ``scorer`` not a
        Scorer.
    ValueError
        If ``k`` is less than 1.

    Examples
    --------
    >>> e = explain("Paris a démenti toute escalade et appelé au dialogue.", k=2)
    >>> e.level
    1
    >>> [c.description for c in e.toward_reconciliation]  # doctest: +SKIP
    ['appele au dialogue', 'dialogue']
    """
    if not isinstance(sentence, str):
        hint = " (decode bytes first)" if isinstance(sentence, (bytes, bytearray)) else ""
        raise TypeError(f"sentence must be a str, got {type(sentence).__name__}{hint}")
    return explain_many([sentence], k=k, scorer=scorer)[0]


def format_explanations(doc: DocumentResult, scorer: Scorer | None, k: int) -> str:
    """Explanations of a document's sentences, as text for ``toneclf score --explain``.

    Parameters
    ----------
    doc : DocumentResult
        A scored document.
    scorer : Scorer or None
        The model that scored ``doc`` (None: the packaged one).
    k : int
        Number of n-grams to list each way per sentence.

    Returns
    -------
    str
        Indented lines, no trailing newline.

    Examples
    --------
    >>> import toneclf
    >>> doc = toneclf.score("Troops shelled the town. They later signed a truce.")
    >>> print(format_explanations(doc, None, 1))  # doctest: +ELLIPSIS
      why (top 1 n-gram each way; contributions to the index s = sum of level * decision value):
        1  -2 hostile       s=-...
           - escalation:     ...
           + reconciliation: ...
        2  +2 cooperative   s=+...
    ...
    """
    from .results import DocumentResult

    if not isinstance(doc, DocumentResult):
        raise TypeError(f"doc must be a DocumentResult, got {type(doc).__name__}")
    k = _check_k(k)
    noun = "n-gram" if k == 1 else "n-grams"
    lines = [f"  why (top {k} {noun} each way; contributions to the index s = sum of level * decision value):"]
    if not len(doc):
        lines.append("    (no sentence)")
        return "\n".join(lines)
    for i, e in enumerate(explain_many([s.text for s in doc], k=k, scorer=scorer), 1):
        lines.append(f"  {i:>3}  {e.level:+d} {e.label:<13} s={e.total:+.2f}")
        lines.append(f"       - escalation:     {_join(e.toward_escalation)}")
        lines.append(f"       + reconciliation: {_join(e.toward_reconciliation)}")
    return "\n".join(lines)
