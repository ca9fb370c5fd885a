"""toneclf: sentence-level escalation-to-reconciliation scores for diplomatic news.

Every sentence of French or English news text gets one of five levels
(-2 hostile, -1 tense, 0 neutral, +1 conciliatory, +2 cooperative) and a
score in [-1, 1], the expected level under the model's probabilities divided
by 2.

Examples
--------
>>> import toneclf
>>> doc = toneclf.score("The two ministers signed a trade accord on Friday.")
>>> [s.label for s in doc]
['cooperative']
>>> -1.0 <= doc.score <= 1.0
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__
from .explain import Contribution, Explanation, explain
from .model import ModelIntegrityError, ModelVersionWarning, build_pipeline
from .results import DocumentResult, SentenceResult
from .scale import LABELS, LEVELS
from .scorer import Scorer, default_scorer, load
from .timeline import timeline

if TYPE_CHECKING:
    import pandas as pd

    from .dates import PartialDate

__all__ = [
    "LABELS",
    "LEVELS",
    "Contribution",
    "DocumentResult",
    "Explanation",
    "ModelIntegrityError",
    "ModelVersionWarning",
    "Scorer",
    "SentenceResult",
    "__version__",
    "build_pipeline",
    "default_scorer",
    "explain",
    "load",
    "score",
    "score_frame",
    "score_many",
    "timeline",
]


def score(text: str, *, date: str | PartialDate | None = None) -> DocumentResult:
    """Score one document with the packaged model (see :meth:`Scorer.score`).

    Examples
    --------
    >>> doc = score("The army shelled three border posts overnight, killing four soldiers.")
    >>> doc[0].level
    -2
    """
    return default_scorer().score(text, date=date)


def score_many(texts: Any, *, dates: Any = None, n_jobs: int = 1) -> list[DocumentResult]:
    """Score many documents with the packaged model (see :meth:`Scorer.score_many`)."""
    return default_scorer().score_many(texts, dates=dates, n_jobs=n_jobs)


def score_frame(frame: pd.DataFrame, text_column: str = "text", *, date_column: str | None = None,
                n_jobs: int = 1) -> pd.DataFrame:
    """Score a DataFrame with the packaged model (see :meth:`Scorer.score_frame`)."""
    return default_scorer().score_frame(frame, text_column, date_column=date_column, n_jobs=n_jobs)
