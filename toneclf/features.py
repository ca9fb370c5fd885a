"""Text features for the toneclf model: a fast, scope-aware bag of n-grams.

:class:`NewsAnalyzer` turns one sentence into a list of string features:

* word unigrams and bigrams after normalisation (lowercase, accents folded,
  typographic apostrophes unified, French elision split: "l'Iran" ->
  ``l'`` + ``iran``, English "n't" -> ``not``);
* truncated stems (the first five letters of longer words, ``P:frapp``), a
  cheap, language-free stand-in for character n-grams that makes
  "pakistanais", "pakistanaise" and "pakistanaises" share evidence;
* negation scope: words that follow a negation or dismissal cue ("ne ...
  pas", "not", "ruled out", "a démenti", "sans") up to the end of the clause
  are emitted a second time with a ``NEG:`` prefix, so that "ruled out
  military action" does not look like "threatened military action"
  (SCALE.md rule 2);
* background scope: words of a background or subordinate phrase ("after",
  "despite", "alors que", "malgré", ...) up to the next comma are emitted a
  second time with a ``BG:`` prefix, so the model can learn that force in a
  background phrase does not decide the level (rules 1, 8 and 11).

:class:`NewsVectorizer` is the matching TF-IDF vectoriser (scikit-learn API,
learned state in ``vocabulary_`` and ``idf_``). It is written here rather than
taken from scikit-learn so that one pass over a sentence gives both the
feature row and the *coverage*: the share of the sentence's word tokens that
the model saw in training, which tells a caller how much evidence a score
rests on.

Examples
--------
>>> NewsAnalyzer(stems=False, bigrams=False)("Paris n'a pas exclu l'escalade.")
['paris', 'n', 'a', 'NEG:a', 'pas', 'exclu', 'NEG:exclu', "l'", "NEG:l'", 'escalade', 'NEG:escalade']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin

__all__ = ["NewsAnalyzer", "NewsVectorizer"]

# Accent folding with one C-level str.translate call.
_FOLD = str.maketrans(
    {
        **{c: "a" for c in "àáâãäåā"},
        **{c: "c" for c in "çćč"},
        **{c: "e" for c in "èéêëēėę"},
        **{c: "i" for c in "ìíîïī"},
        **{c: "n" for c in "ñń"},
        **{c: "o" for c in "òóôõöøō"},
        **{c: "u" for c in "ùúûüū"},
        **{c: "y" for c in "ýÿ"},
        "œ": "oe",
        "æ": "ae",
        "ß": "ss",
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "`": "'",
    }
)
_CONTRACTIONS = re.compile(r"\b(?:(won)|(can)|(\w+))n't\b")
_TOKEN = re.compile(
    r"(?:jusqu|lorsqu|puisqu|quoiqu|qu|[cdjlmnst])'(?=\w)"  # French elision
    r"|\w+(?:[-.]\w+)*"  # words, "al-Sissi", "u.s", "10,5" splits at the comma
    r"|[,;:!?()«»\"“”.]"  # clause punctuation (scope boundaries, not features)
)
_PUNCT = frozenset(",;:!?()«»\"“”.")

# Cues are matched on normalised tokens (lowercase, accents folded).
NEGATION_CUES: frozenset[str] = frozenset(
    """
    not no never nor neither without none nobody nothing cannot
    ne n' pas jamais aucun aucune nul nulle ni sans rien guere
    denied denies deny denying dismissed dismisses dismissing ruled rules ruling
    dementi dementis dementant dement dementait nie niant exclu exclut excluant ecarte ecartant
    refute refuted refutes rejette
    """.split()
)
# "ruled"/"rules" only negate with "out": handled in NewsAnalyzer.
_NEEDS_OUT = frozenset({"ruled", "rules", "ruling"})
BACKGROUND_CUES: frozenset[str] = frozenset(
    """
    after following since despite amid although though whereas while
    apres depuis malgre lendemain sillage bien quoique tandis alors
    """.split()
)
# Two-word cues whose first word alone is too common: ("alors", "que"), ...
_BACKGROUND_NEXT = {"alors": "que", "tandis": "que", "bien": "que"}
_SCOPE_END = frozenset({"but", "mais", "yet", "however", "cependant", "toutefois", "pourtant", "and", "et"})
_MAX_SCOPE = 8


class NewsAnalyzer:
    """Turn a sentence into string features (see the module docstring).

    Parameters
    ----------
    negation : bool, default=True
        Emit ``NEG:`` copies of words in a negation scope.
    background : bool, default=True
        Emit ``BG:`` copies of words in a background phrase.
    stems : bool, default=True
        Emit five-letter truncated stems of words longer than five letters.
    bigrams : bool, default=True
        Emit word bigrams.

    Examples
    --------
    >>> NewsAnalyzer(negation=False, background=False, stems=False)("Talks resumed.")
    ['talks', 'resumed', 'talks resumed']
    """

    def __init__(
        self,
        negation: bool = True,
        background: bool = True,
        stems: bool = True,
        bigrams: bool = True,
    ) -> None:
        self.negation = negation
        self.background = background
        self.stems = stems
        self.bigrams = bigrams

    def __repr__(self) -> str:
        return (
            f"NewsAnalyzer(negation={self.negation}, background={self.background}, "
            f"stems={self.stems}, bigrams={self.bigrams})"
        )

    def words(self, text: str) -> list[str]:
        """Normalised word tokens of ``text`` (no punctuation, no marks)."""
        return [t for t in self._tokens(text) if t not in _PUNCT]

    @staticmethod
    def _tokens(text: str) -> list[str]:
        text = text.lower().translate(_FOLD)
        if "n't" in text:
            text = _CONTRACTIONS.sub(lambda m: (m.group(1) or m.group(2) or m.group(3)) + " not", text)
        return _TOKEN.findall(text)

    def __call__(self, text: str) -> list[str]:
        tokens = self._tokens(text)
        out: list[str] = []
        append = out.append
        neg_left = 0
        bg_left = 0
        previous: str | None = None
        n = len(tokens)
        for i, tok in enumerate(tokens):
            if tok in _PUNCT:
                neg_left = 0
                if tok != "." or i == n - 1:
                    bg_left = 0
                previous = None
                continue
            if tok in _SCOPE_END:
                neg_left = 0
                bg_left = 0
            append(tok)
            if self.stems and len(tok) > 5 and tok.isalpha():
                append("P:" + tok[:5])
            if self.bigrams and previous is not None:
                append(previous + " " + tok)
            previous = tok
            if neg_left:
                append("NEG:" + tok)
                neg_left -= 1
            if bg_left:
                append("BG:" + tok)
                bg_left -= 1
            if self.negation and tok in NEGATION_CUES:
                if tok not in _NEEDS_OUT or (i + 1 < n and tokens[i + 1] == "out"):
                    neg_left = _MAX_SCOPE
            if self.background and tok in BACKGROUND_CUES:
                follow = _BACKGROUND_NEXT.get(tok)
                if follow is None or (i + 1 < n and tokens[i + 1] == follow):
                    bg_left = 3 * _MAX_SCOPE
        return out


class NewsVectorizer(TransformerMixin, BaseEstimator):
    """TF-IDF over :class:`NewsAnalyzer` features, with coverage.

    Parameters
    ----------
    negation, background, stems, bigrams : bool
        Passed to :class:`NewsAnalyzer`.
    min_df : int, default=2
        Features seen in fewer training sentences are dropped.
    sublinear_tf : bool, default=True
        Use ``1 + log(tf)`` instead of raw counts.

    Attributes
    ----------
    vocabulary_ : dict of str to int
        Feature -> column index.
    idf_ : ndarray of shape (n_features,)
        Smoothed inverse document frequencies.
    feature_names_ : ndarray of str
        Column index -> feature.

    Examples
    --------
    >>> vec = NewsVectorizer(min_df=1).fit(["Talks resumed.", "Talks failed."])
    >>> X, coverage = vec.transform_with_coverage(["Talks stalled."])
    >>> X.shape[0], float(coverage[0])
    (1, 0.5)
    """

    def __init__(
        self,
        negation: bool = True,
        background: bool = True,
        stems: bool = True,
        bigrams: bool = True,
        min_df: int = 2,
        sublinear_tf: bool = True,
    ) -> None:
        self.negation = negation
        self.background = background
        self.stems = stems
        self.bigrams = bigrams
        self.min_df = min_df
        self.sublinear_tf = sublinear_tf

    def build_analyzer(self) -> NewsAnalyzer:
        """The analyzer this vectoriser applies to each sentence."""
        return NewsAnalyzer(self.negation, self.background, self.stems, self.bigrams)

    def fit(self, X: Iterable[str], y: Any = None) -> NewsVectorizer:
        """Learn the vocabulary and the idf weights from training sentences."""
        analyze = self.build_analyzer()
        df: dict[str, int] = {}
        n_docs = 0
        for doc in X:
            n_docs += 1
            for feature in set(analyze(doc)):
                df[feature] = df.get(feature, 0) + 1
        kept = sorted(f for f, count in df.items() if count >= self.min_df)
        if not kept:
            raise ValueError(
                f"X must contain features seen in at least min_df={self.min_df} sentences; "
                f"got {n_docs} sentences and no such feature (lower min_df or add data)"
            )
        self.vocabulary_ = {f: i for i, f in enumerate(kept)}
        self.feature_names_ = np.array(kept, dtype=object)
        counts = np.array([df[f] for f in kept], dtype=np.float64)
        self.idf_ = np.log((1.0 + n_docs) / (1.0 + counts)) + 1.0
        return self

    def transform(self, X: Iterable[str]) -> sp.csr_matrix:
        """TF-IDF rows (L2-normalised) for the given sentences."""
        return self.transform_with_coverage(X)[0]

    def transform_with_coverage(self, X: Iterable[str]) -> tuple[sp.csr_matrix, np.ndarray]:
        """TF-IDF rows and, per sentence, the share of word tokens in the vocabulary.

        Coverage is 0.0 for a sentence with no word token.
        """
        vocabulary = self.vocabulary_
        analyze = self.build_analyzer()
        get = vocabulary.get
        indptr = [0]
        indices: list[int] = []
        values: list[float] = []
        coverage: list[float] = []
        for doc in X:
            counts: dict[int, int] = {}
            words = known = 0
            for feature in analyze(doc):
                j = get(feature)
                if ":" not in feature and " " not in feature:
                    words += 1
                    if j is not None:
                        known += 1
                if j is not None:
                    counts[j] = counts.get(j, 0) + 1
            indices.extend(counts)
            values.extend(counts.values())
            indptr.append(len(indices))
            coverage.append(known / words if words else 0.0)
        n_features = len(vocabulary)
        data = np.asarray(values, dtype=np.float64)
        if self.sublinear_tf:
            np.log(data, out=data)
            data += 1.0
        cols = np.asarray(indices, dtype=np.int32)
        data *= self.idf_[cols]
        matrix = sp.csr_matrix((data, cols, np.asarray(indptr, dtype=np.int64)), shape=(len(indptr) - 1, n_features))
        # L2 normalisation, row by row, vectorised.
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        norms[norms == 0.0] = 1.0
        matrix.data /= np.repeat(norms, np.diff(matrix.indptr))
        return matrix, np.asarray(coverage, dtype=np.float64)

    def get_feature_names_out(self, input_features: Sequence[str] | None = None) -> np.ndarray:
        """Feature names, in column order."""
        return self.feature_names_
