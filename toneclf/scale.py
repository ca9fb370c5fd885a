"""The escalation-to-reconciliation scale (see SCALE.md in the documentation).

Five ordered levels; a sentence's ``score`` is the expected level under the
model's class probabilities divided by 2, so that it lies in [-1, +1].
"""

from __future__ import annotations

import math
from typing import Any, Final

LEVELS: Final[tuple[int, ...]] = (-2, -1, 0, 1, 2)
"""The five levels, from open hostility to concrete reconciliation."""

LABELS: Final[dict[int, str]] = {
    -2: "hostile",
    -1: "tense",
    0: "neutral",
    1: "conciliatory",
    2: "cooperative",
}
"""Level -> label name."""

LEVEL_OF_LABEL: Final[dict[str, int]] = {name: level for level, name in LABELS.items()}


def label_of(level: int) -> str:
    """Return the label name of a level.

    Examples
    --------
    >>> label_of(-2)
    'hostile'
    """
    try:
        return LABELS[level]
    except KeyError:
        raise ValueError(
            f"level must be one of {list(LEVELS)}, got {level!r}"
        ) from None


def decide(proba: Any, far_cost: float = 1.0) -> Any:
    """Column of the level to report for each row of class probabilities.

    The level with the least expected cost, where reporting a level one step
    from the truth costs 1 and two or more steps ``far_cost``. With
    ``far_cost=1`` this is the most probable level; above 1 the choice also
    weighs where the rest of the probability lies, so a level next to much
    of it can win over a slightly more probable one far from it (on this
    scale, calling a hostile act cooperative is worse than calling it
    tense). Columns are in ``LEVELS`` order.

    Examples
    --------
    >>> import numpy as np
    >>> p = np.array([[0.38, 0.0, 0.0, 0.30, 0.32]])  # hostile 0.38, but 0.62 on the cooperative side
    >>> int(decide(p)[0]), int(decide(p, far_cost=2.0)[0])
    (0, 4)
    """
    import numpy as np

    proba = np.asarray(proba, dtype=float)
    if proba.ndim != 2 or proba.shape[1] != len(LEVELS):
        raise ValueError(f"proba must have shape (n, {len(LEVELS)}), got {proba.shape}")
    if not far_cost >= 1.0:
        raise ValueError(f"far_cost must be a number >= 1, got {far_cost!r}")
    if far_cost == 1.0 or not len(proba):
        return proba.argmax(axis=1)
    levels = np.asarray(LEVELS)
    distance = np.abs(levels[:, None] - levels[None, :])
    cost = np.where(distance == 0, 0.0, np.where(distance == 1, 1.0, float(far_cost)))
    return (proba @ cost.T).argmin(axis=1)


def level_of_score(score: float) -> int:
    """Nearest level to a score in [-1, 1] (``2 * score`` rounded half up, clipped).

    Examples
    --------
    >>> level_of_score(0.3), level_of_score(0.26), level_of_score(-1.0)
    (1, 1, -2)
    """
    level = math.floor(2.0 * float(score) + 0.5)
    return max(-2, min(2, level))
