"""The escalation-to-reconciliation scale (see SCALE.md in the documentation).

Five ordered levels; a sentence's ``score`` is the expected level under the
model's class probabilities divided by 2, so that it lies in [-1, +1].
"""

from __future__ import annotations

import math
from typing import Final

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


def level_of_score(score: float) -> int:
    """Nearest level to a score in [-1, 1] (``2 * score`` rounded half up, clipped).

    Examples
    --------
    >>> level_of_score(0.3), level_of_score(0.26), level_of_score(-1.0)
    (1, 1, -2)
    """
    level = math.floor(2.0 * float(score) + 0.5)
    return max(-2, min(2, level))
