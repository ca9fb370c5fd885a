"""Evaluation metrics on the five-level scale.

All functions take gold levels, predicted levels and (where needed) the
predicted probability matrix whose columns follow :data:`toneclf.scale.LEVELS`.

Examples
--------
>>> within_one([-2, 0, 2], [-1, 2, 2])
0.6666666666666666
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .scale import LABELS, LEVELS

__all__ = [
    "LevelReport",
    "expected_calibration_error",
    "evaluate",
    "within_one",
]

_LEVELS = np.asarray(LEVELS)


def within_one(gold: Sequence[int], pred: Sequence[int]) -> float:
    """Share of predictions at most one level away from the gold level."""
    g, p = np.asarray(gold), np.asarray(pred)
    return float(np.mean(np.abs(g - p) <= 1)) if len(g) else float("nan")


def expected_calibration_error(gold: Sequence[int], proba: np.ndarray, n_bins: int = 10) -> float:
    """Expected calibration error of the top-class probability (equal-width bins).

    Examples
    --------
    >>> import numpy as np
    >>> p = np.array([[0, 0, 1.0, 0, 0], [0, 0, 1.0, 0, 0]])
    >>> expected_calibration_error([0, 0], p)
    0.0
    """
    proba = np.asarray(proba, dtype=float)
    g = np.asarray(gold)
    if len(g) == 0:
        return float("nan")
    confidence = proba.max(axis=1)
    correct = _LEVELS[proba.argmax(axis=1)] == g
    bins = np.minimum((confidence * n_bins).astype(int), n_bins - 1)
    ece = 0.0
    for b in range(n_bins):
        mask = bins == b
        if mask.any():
            ece += mask.mean() * abs(correct[mask].mean() - confidence[mask].mean())
    return float(ece)


def reliability_table(gold: Sequence[int], proba: np.ndarray, n_bins: int = 10) -> list[tuple[float, float, int]]:
    """(mean confidence, accuracy, count) per non-empty confidence bin."""
    proba = np.asarray(proba, dtype=float)
    g = np.asarray(gold)
    confidence = proba.max(axis=1)
    correct = _LEVELS[proba.argmax(axis=1)] == g
    bins = np.minimum((confidence * n_bins).astype(int), n_bins - 1)
    rows = []
    for b in range(n_bins):
        mask = bins == b
        if mask.any():
            rows.append((float(confidence[mask].mean()), float(correct[mask].mean()), int(mask.sum())))
    return rows


@dataclass(frozen=True)
class LevelReport:
    """Metrics of one set of predictions against gold levels.

    ``per_level`` maps each level to ``(precision, recall, f1, support)``;
    ``confusion[i][j]`` counts gold ``LEVELS[i]`` predicted as ``LEVELS[j]``.
    """

    n: int
    accuracy: float
    macro_f1: float
    within_one: float
    spearman: float
    mae: float
    ece: float
    per_level: dict[int, tuple[float, float, float, int]] = field(default_factory=dict)
    confusion: list[list[int]] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready dictionary."""
        return {
            "n": self.n,
            "accuracy": self.accuracy,
            "macro_f1": self.macro_f1,
            "within_one": self.within_one,
            "spearman": self.spearman,
            "mae": self.mae,
            "ece": self.ece,
            "per_level": {
                str(k): {"precision": v[0], "recall": v[1], "f1": v[2], "support": v[3]}
                for k, v in self.per_level.items()
            },
            "confusion": self.confusion,
        }

    def format(self, title: str = "") -> str:
        """A plain-text table for terminals and logs."""
        lines = [title] if title else []
        lines.append(
            f"n={self.n}  accuracy={self.accuracy:.3f}  macro-F1={self.macro_f1:.3f}  "
            f"within-one={self.within_one:.3f}  Spearman={self.spearman:.3f}  "
            f"MAE={self.mae:.3f}  ECE={self.ece:.3f}"
        )
        lines.append(f"  {'level':>14} {'precision':>9} {'recall':>7} {'F1':>6} {'support':>7}")
        for level, (p, r, f, s) in self.per_level.items():
            lines.append(f"  {level:+d} {LABELS[level]:>11} {p:9.3f} {r:7.3f} {f:6.3f} {s:7d}")
        lines.append("  confusion (rows gold, columns predicted, -2..+2):")
        for level, row in zip(LEVELS, self.confusion):
            lines.append(f"  {level:+d} " + " ".join(f"{c:5d}" for c in row))
        return "\n".join(lines)


def evaluate(gold: Sequence[int], pred: Sequence[int], proba: np.ndarray | None = None,
             scores: Sequence[float] | None = None) -> LevelReport:
    """Compute a :class:`LevelReport`.

    Parameters
    ----------
    gold, pred : sequence of int
        Gold and predicted levels.
    proba : ndarray of shape (n, 5), optional
        Class probabilities (columns in ``LEVELS`` order); needed for ECE and
        used for the default ``scores``.
    scores : sequence of float, optional
        Continuous scores for the Spearman correlation; by default the expected
        level under ``proba``, else the predicted level.
    """
    from scipy.stats import spearmanr
    from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support

    g = np.asarray(gold, dtype=int)
    p = np.asarray(pred, dtype=int)
    if g.shape != p.shape:
        raise ValueError(f"gold and pred must have the same length, got {len(g)} and {len(p)}")
    if scores is None:
        scores = (np.asarray(proba) @ _LEVELS) / 2.0 if proba is not None else p
    s = np.asarray(scores, dtype=float)
    if len(g) > 1 and np.ptp(s) > 0 and np.ptp(g) > 0:
        rho = float(spearmanr(s, g).statistic)
    else:
        rho = float("nan")
    precision, recall, f1, support = precision_recall_fscore_support(
        g, p, labels=list(LEVELS), zero_division=0
    )
    return LevelReport(
        n=int(len(g)),
        accuracy=float(np.mean(g == p)) if len(g) else float("nan"),
        macro_f1=float(f1_score(g, p, labels=list(LEVELS), average="macro", zero_division=0)),
        within_one=within_one(g, p),
        spearman=rho,
        mae=float(np.mean(np.abs(g - p))) if len(g) else float("nan"),
        ece=expected_calibration_error(g, proba) if proba is not None else float("nan"),
        per_level={
            level: (float(precision[i]), float(recall[i]), float(f1[i]), int(support[i]))
            for i, level in enumerate(LEVELS)
        },
        confusion=confusion_matrix(g, p, labels=list(LEVELS)).tolist(),
    )
