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
  background phrase does not decide the level (rules 1, 8 and 11);
* reversal scope: the few words after a verb that undoes or ends something
  ("lifted", "reopened", "suspended", "levé", "rouvert") are emitted a
  second time with a ``REV:`` prefix, so that "lifted the sanctions" (+2)
  does not look like "imposed sanctions" (-2).

:class:`NewsVectorizer` is the matching TF-IDF vectoriser (scikit-learn API,
learned state in ``vocabulary_`` and ``idf_``). It is written here rather than
taken from scikit-learn so that one pass over a sentence gives both the
feature row and the *coverage*: the share of the sentence's word tokens that
the model saw in training, which tells a caller how much evidence a score
rests on.

Examples
--------
>>> NewsAnalyzer(stems=False, bigrams=False)("Paris n'a pas exclu l'escalade.")
['paris', "n'", 'a', 'NEG:a', 'pas', 'NEG:pas', 'exclu', 'NEG:exclu', "l'", "NEG:l'", 'escalade', 'NEG:escalade']
"""

from __future__ import annotations

import functools
import itertools
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
# The same folding for non-ASCII text, character by character where there is
# something to fold: str.translate with a dict table looks up every character.
_FOLD_CHAR = re.compile("[" + re.escape("".join(map(chr, _FOLD))) + "]")
_FOLD_MAP = {chr(code): value for code, value in _FOLD.items()}


def _fold(text: str) -> str:
    """``text.translate(_FOLD)``, faster."""
    if text.isascii():  # "`" is the one ASCII key
        return text.replace("`", "'") if "`" in text else text
    return _FOLD_CHAR.sub(lambda m: _FOLD_MAP[m.group()], text)


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
# Reversal cues: a verb that undoes or ends what follows it. "lifted sanctions",
# "reopened the border" and "removed its tariffs" are cooperative deeds while
# "sanctions", "border" and "tariffs" alone lean hostile; "suspended the
# agreement" or "closed the embassy" turn warm nouns hostile. The next few words
# are emitted again with a ``REV:`` prefix.
REVERSAL_CUES: frozenset[str] = frozenset(
    """
    lift lifts lifted lifting ease eases eased easing remove removes removed removing scrap scraps scrapped
    waive waives waived reopen reopens reopened reopening reinstate reinstates reinstated reinstating
    resume resumes resumed resuming restore restores restored restoring end ends ended ending
    halt halts halted halting suspend suspends suspended suspending cancel cancels cancelled canceled
    withdraw withdraws withdrew withdrawn withdrawing revoke revokes revoked terminate terminated
    annul annulled unfreeze unfroze unfrozen recall recalls recalled close closes closed closing
    freeze freezes froze frozen drop drops dropped
    leve levee levees leves lever levent levant assoupli assouplit assouplir allege suspendu suspendue
    suspendus suspendues suspend suspendre suspension rouvert rouverte rouverts rouvre rouvrir reouverture
    retabli retablie retablis retablir retablit repris reprise reprend reprendre reprennent annule annulee
    annuler abroge abroger retire retiree retirer retrait ferme fermee fermes fermer fermeture gele gelee
    geler gel rappele rappeler rappel rompu rompre supprime supprimee supprimer supprimes interrompu
    interrompre
    """.split()
)
_MAX_REVERSAL = 4
# Feature slots per token in the batched path: word, stem, bigram, NEG:, BG:, REV:.
_SLOTS = 6
# Distinct tokens whose columns a vectoriser remembers between calls (then it starts afresh).
_TOKEN_CACHE_SIZE = 50_000
# Key under which a pickled vectoriser keeps its feature names, newline-joined.
_PACKED_NAMES = "_feature_names_packed"


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
    reversal : bool, default=True
        Emit ``REV:`` copies of the words that follow a reversal verb.

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
        reversal: bool = True,
    ) -> None:
        self.negation = negation
        self.background = background
        self.stems = stems
        self.bigrams = bigrams
        self.reversal = reversal

    def __repr__(self) -> str:
        return (
            f"NewsAnalyzer(negation={self.negation}, background={self.background}, "
            f"stems={self.stems}, bigrams={self.bigrams}, reversal={self.reversal})"
        )

    def words(self, text: str) -> list[str]:
        """Normalised word tokens of ``text`` (no punctuation, no marks)."""
        return [t for t in self._tokens(text) if t not in _PUNCT]

    @staticmethod
    def _tokens(text: str) -> list[str]:
        text = _fold(text.lower())
        if "n't" in text:
            text = _CONTRACTIONS.sub(lambda m: (m.group(1) or m.group(2) or m.group(3)) + " not", text)
        # _TOKEN.findall(text), faster: no token spans white space, so the
        # text is cut at white space and only pieces that are not a plain
        # word (punctuation, elision, "10,5") go through the regex.
        out: list[str] = []
        append, extend, findall = out.append, out.extend, _TOKEN.findall
        for piece in text.split():
            if piece.isalnum():
                append(piece)
            else:
                extend(findall(piece))
        return out

    def __call__(self, text: str) -> list[str]:
        tokens = self._tokens(text)
        out: list[str] = []
        append = out.append
        neg_left = 0
        bg_left = 0
        rev_left = 0
        previous: str | None = None
        n = len(tokens)
        for i, tok in enumerate(tokens):
            if tok in _PUNCT:
                neg_left = 0
                rev_left = 0
                if tok != "." or i == n - 1:
                    bg_left = 0
                previous = None
                continue
            if tok in _SCOPE_END:
                neg_left = 0
                bg_left = 0
                rev_left = 0
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
            if rev_left:
                append("REV:" + tok)
                rev_left -= 1
            if self.reversal and tok in REVERSAL_CUES:
                rev_left = _MAX_REVERSAL
            if self.negation and tok in NEGATION_CUES:
                if tok not in _NEEDS_OUT or (i + 1 < n and tokens[i + 1] == "out"):
                    neg_left = _MAX_SCOPE
            if self.background and tok in BACKGROUND_CUES:
                follow = _BACKGROUND_NEXT.get(tok)
                if follow is None or (i + 1 < n and tokens[i + 1] == follow):
                    bg_left = 3 * _MAX_SCOPE
        return out


@functools.lru_cache(maxsize=8)
def _cue_union(negation: bool, background: bool, reversal: bool) -> frozenset[str]:
    """The cues that open the enabled scopes, as one set (one membership test per sentence)."""
    return frozenset().union(
        NEGATION_CUES if negation else (), BACKGROUND_CUES if background else (), REVERSAL_CUES if reversal else ()
    )


class NewsVectorizer(TransformerMixin, BaseEstimator):
    """TF-IDF over :class:`NewsAnalyzer` features, with coverage.

    Parameters
    ----------
    negation, background, stems, bigrams, reversal : bool
        Passed to :class:`NewsAnalyzer`.
    min_df : int, default=2
        Features seen in fewer training sentences are dropped.
    sublinear_tf : bool, default=True
        Use ``1 + log(tf)`` instead of raw counts.
    common_share : float, default=0.01
        Words found in more than this share of training sentences ("the",
        "de", "minister") are left out of the coverage figure, which then
        measures how many of a sentence's *content* words the model knows.

    Attributes
    ----------
    vocabulary_ : dict of str to int
        Feature -> column index.
    idf_ : ndarray of shape (n_features,)
        Smoothed inverse document frequencies.
    common_ : frozenset of str
        Words left out of coverage (see ``common_share``).
    feature_names_ : ndarray of str
        Column index -> feature.

    Examples
    --------
    >>> vec = NewsVectorizer(min_df=1, common_share=1.0).fit(["Talks resumed.", "Talks failed."])
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
        common_share: float = 0.01,
        reversal: bool = True,
    ) -> None:
        self.negation = negation
        self.background = background
        self.stems = stems
        self.bigrams = bigrams
        self.reversal = reversal
        self.min_df = min_df
        self.sublinear_tf = sublinear_tf
        self.common_share = common_share

    def build_analyzer(self) -> NewsAnalyzer:
        """The analyzer this vectoriser applies to each sentence."""
        return NewsAnalyzer(self.negation, self.background, self.stems, self.bigrams, self.reversal)

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
        limit = self.common_share * n_docs
        self.common_ = frozenset(
            f for f in kept if df[f] > limit and ":" not in f and " " not in f
        )
        return self

    def transform(self, X: Iterable[str]) -> sp.csr_matrix:
        """TF-IDF rows (L2-normalised) for the given sentences."""
        return self.transform_with_coverage(X)[0]

    def transform_with_coverage(self, X: Iterable[str]) -> tuple[sp.csr_matrix, np.ndarray]:
        """TF-IDF rows and, per sentence, the share of content words in the vocabulary.

        Content words are word tokens other than the common words in
        ``common_``. Coverage is 0.0 for a sentence with no content word.
        """
        vocabulary = self.vocabulary_
        indices, values, indptr, coverage = self._counts_and_coverage(list(X))
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

    def _token_rows(self, tokens: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Row of each token in the per-token table, the table and the bigram table (see :meth:`_token_table`).

        Once the common words of a corpus have rows, a batch seldom brings a
        new token: the rows are then read straight from the cached tables,
        without first collecting the batch's distinct tokens.
        """
        tables = self._cached_tables()
        if tables is not None:
            try:
                row_of = np.fromiter(map(tables[0].__getitem__, tokens), dtype=np.int64, count=len(tokens))
                return row_of, *tables[1:]
            except KeyError:  # a new token: extend the tables
                pass
        tables = self._token_table(tokens)
        return np.fromiter(map(tables[0].__getitem__, tokens), dtype=np.int64, count=len(tokens)), *tables[1:]

    def _cached_tables(self) -> tuple[dict[str, int], np.ndarray, np.ndarray, np.ndarray] | None:
        """The tables :meth:`_token_table` cached, if made for this vocabulary, common-word set and stem setting."""
        cached = self.__dict__.get("_token_columns")
        if cached is None:
            return None
        owner, rows, table, pair_keys, pair_cols = cached
        key = (self.vocabulary_, getattr(self, "common_", frozenset()), self.stems)
        if any(a is not b for a, b in zip(owner, key, strict=True)):
            return None
        return rows, table, pair_keys, pair_cols

    def _token_table(self, tokens: Iterable[str]) -> tuple[dict[str, int], np.ndarray, np.ndarray, np.ndarray]:
        """Row numbers of ``tokens`` in a per-token table, the table, and the bigram table.

        A row holds, for one distinct token: its column, its stem's, its
        ``NEG:`` and ``BG:`` copies' (-1: none), 1 if it is a content word,
        1 if it is a known content word, and its ``REV:`` copy's column. The bigram table lists, sorted,
        ``row(a) * 2**32 + row(b)`` for every vocabulary bigram "a b" whose
        two words have rows, and (second array) its column. The tables are
        cached on the vectoriser for one vocabulary, common-word set and stem
        setting (a refit or ``set_params`` starts afresh; holding the objects
        keeps their ids unique) and start afresh at _TOKEN_CACHE_SIZE tokens.
        """
        vocabulary = self.vocabulary_
        get = vocabulary.get
        common: frozenset[str] = getattr(self, "common_", frozenset())
        key = (vocabulary, common, self.stems)
        cached = self._cached_tables()
        if cached is not None and len(cached[0]) <= _TOKEN_CACHE_SIZE:
            rows, table, pair_keys, pair_cols = cached
        else:
            rows, table = {}, np.zeros((0, 7), dtype=np.int64)
            pair_keys, pair_cols = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        new = set(tokens).difference(rows)
        if new:
            # Copy on write: another thread may be reading the published tables.
            rows = dict(rows)
            stems = self.stems
            added = []
            new_pairs: list[tuple[int, int]] = []
            by_word = self._bigrams_by_word() if self.bigrams else {}
            for tok in sorted(new):
                rows[tok] = len(rows)
                # Vocabulary bigrams that this token completes (both words now have rows).
                for first, second, column in by_word.get(tok, ()):
                    a, b = rows.get(first), rows.get(second)
                    if a is not None and b is not None:
                        new_pairs.append(((a << 32) | b, column))
                word = tok not in _PUNCT
                j = get(tok, -1) if word else -1
                content = word and tok not in common
                added.append((
                    j,
                    get("P:" + tok[:5], -1) if stems and len(tok) > 5 and tok.isalpha() else -1,
                    get("NEG:" + tok, -1) if word else -1,
                    get("BG:" + tok, -1) if word else -1,
                    int(content),
                    int(content and j >= 0),
                    get("REV:" + tok, -1) if word else -1,
                ))
            table = np.concatenate([table, np.array(added, dtype=np.int64)])
            if new_pairs:
                extra = np.array(sorted(set(new_pairs)), dtype=np.int64).reshape(-1, 2)
                pair_keys = np.concatenate([pair_keys, extra[:, 0]])
                pair_cols = np.concatenate([pair_cols, extra[:, 1]])
                order = np.argsort(pair_keys, kind="stable")
                pair_keys, pair_cols = pair_keys[order], pair_cols[order]
            self.__dict__["_token_columns"] = (key, rows, table, pair_keys, pair_cols)
        return rows, table, pair_keys, pair_cols

    def _bigrams_by_word(self) -> dict[str, list[tuple[str, str, int]]]:
        """Vocabulary bigrams indexed by each of their two words (cached per vocabulary)."""
        vocabulary = self.vocabulary_
        owner, index = self.__dict__.get("_bigram_index", (None, None))
        if owner is not vocabulary or index is None:
            index = {}
            for feature, column in vocabulary.items():
                if " " in feature:
                    first, second = feature.split(" ", 1)
                    entry = (first, second, column)
                    index.setdefault(first, []).append(entry)
                    if second != first:
                        index.setdefault(second, []).append(entry)
            self.__dict__["_bigram_index"] = (vocabulary, index)
        return index

    def _counts_and_coverage(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Column indices and counts of each sentence's features, and coverage.

        Gives exactly what counting ``self.build_analyzer()(text)`` feature by
        feature gives (``tests/test_stream.py`` checks it): per sentence, the
        columns in order of first occurrence with their counts. The features
        of token *i* come in the analyzer's order (the word, its stem, the
        bigram ending at it, its ``NEG:``, ``BG:`` then ``REV:`` copy), so the
        batch is laid out as a (tokens x 6) table of columns, -1 where there is
        none, and counted with numpy; only the negation, background and
        reversal scopes are followed token by token, in the sentences that
        have a cue.
        """
        vocabulary = self.vocabulary_
        token_lists = [NewsAnalyzer._tokens(text) for text in texts]
        lengths = np.fromiter(map(len, token_lists), dtype=np.int64, count=len(token_lists))
        flat = list(itertools.chain.from_iterable(token_lists))
        n_tokens = len(flat)
        row_of, table, pair_keys, pair_cols = self._token_rows(flat)
        per_token = table[row_of]
        slots = np.full((n_tokens, _SLOTS), -1, dtype=np.int64)
        ends = np.cumsum(lengths)
        starts = ends - lengths
        slots[:, :2] = per_token[:, :2]
        if n_tokens:
            if self.bigrams and n_tokens > 1:
                # "previous current", looked up for every adjacent pair as a pair of
                # token rows in the sorted bigram table; a pair with a punctuation
                # token is never in the vocabulary (features are made of word
                # tokens), and pairs across sentences are dropped.
                if len(pair_keys):
                    wanted = (row_of[:-1] << 32) | row_of[1:]
                    at = np.minimum(np.searchsorted(pair_keys, wanted), len(pair_keys) - 1)
                    slots[1:, 2] = np.where(pair_keys[at] == wanted, pair_cols[at], -1)
                    slots[starts[starts < n_tokens], 2] = -1
            if self.negation or self.background or self.reversal:
                self._scope_columns(token_lists, starts.tolist(), per_token, slots)
        # Count (sentence, column) pairs, then order them by first occurrence.
        n_features = max(len(vocabulary), 1)
        sentence = np.repeat(np.arange(len(texts), dtype=np.int64), lengths * _SLOTS)
        columns = slots.ravel()
        present = columns >= 0
        keys = sentence[present] * n_features + columns[present]
        unique, first, counts = np.unique(keys, return_index=True, return_counts=True)
        order = np.argsort(first, kind="stable")
        unique = unique[order]
        rows = unique // n_features
        indptr = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=len(texts)), out=indptr[1:])
        word_sums = np.concatenate(([0], np.cumsum(per_token[:, 4])))
        known_sums = np.concatenate(([0], np.cumsum(per_token[:, 5])))
        n_words = word_sums[ends] - word_sums[starts]
        n_known = known_sums[ends] - known_sums[starts]
        coverage = np.zeros(len(texts), dtype=np.float64)
        ok = n_words > 0
        coverage[ok] = n_known[ok] / n_words[ok]
        return unique % n_features, counts[order], indptr, coverage

    def _scope_columns(self, token_lists: list[list[str]], starts: list[int], per_token: np.ndarray,
                       slots: np.ndarray) -> None:
        """Fill the ``NEG:``, ``BG:`` and ``REV:`` slots as :meth:`NewsAnalyzer.__call__` emits them."""
        negation, background, reversal = self.negation, self.background, self.reversal
        cues = _cue_union(negation, background, reversal)
        for tokens, offset in zip(token_lists, starts, strict=True):
            if cues.isdisjoint(tokens):  # no scope opens in this sentence
                continue
            neg_left = 0
            bg_left = 0
            rev_left = 0
            n = len(tokens)
            for i, tok in enumerate(tokens):
                if tok in _PUNCT:
                    neg_left = 0
                    rev_left = 0
                    if tok != "." or i == n - 1:
                        bg_left = 0
                    continue
                if tok in _SCOPE_END:
                    neg_left = 0
                    bg_left = 0
                    rev_left = 0
                if neg_left:
                    slots[offset + i, 3] = per_token[offset + i, 2]
                    neg_left -= 1
                if bg_left:
                    slots[offset + i, 4] = per_token[offset + i, 3]
                    bg_left -= 1
                if rev_left:
                    slots[offset + i, 5] = per_token[offset + i, 6]
                    rev_left -= 1
                if reversal and tok in REVERSAL_CUES:
                    rev_left = _MAX_REVERSAL
                if negation and tok in NEGATION_CUES and (
                    tok not in _NEEDS_OUT or (i + 1 < n and tokens[i + 1] == "out")
                ):
                    neg_left = _MAX_SCOPE
                if background and tok in BACKGROUND_CUES:
                    follow = _BACKGROUND_NEXT.get(tok)
                    if follow is None or (i + 1 < n and tokens[i + 1] == follow):
                        bg_left = 3 * _MAX_SCOPE

    def __setstate__(self, state: dict[str, Any]) -> None:
        # Models saved before the reversal scope existed were fitted without it.
        state = {"reversal": False, **state}
        packed = state.pop(_PACKED_NAMES, None)
        if packed is not None:
            names = packed.split("\n") if packed else []
            state["vocabulary_"] = dict(zip(names, range(len(names)), strict=True))
            state["feature_names_"] = np.array(names, dtype=object)
        super().__setstate__(state)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(super().__getstate__())
        state.pop("_token_columns", None)  # caches, never saved with the model
        state.pop("_bigram_index", None)
        names = state.get("feature_names_")
        vocabulary = state.get("vocabulary_")
        if (
            isinstance(names, np.ndarray) and isinstance(vocabulary, dict) and len(names) == len(vocabulary)
            and all(isinstance(f, str) and f and "\n" not in f and vocabulary.get(f) == i for i, f in enumerate(names))
        ):
            # One string instead of a 50,000-entry dict and object array:
            # joblib unpickles those entry by entry in Python, ten times slower.
            del state["vocabulary_"], state["feature_names_"]
            state[_PACKED_NAMES] = "\n".join(names)
        return state

    def get_feature_names_out(self, input_features: Sequence[str] | None = None) -> np.ndarray:
        """Feature names, in column order."""
        return self.feature_names_
