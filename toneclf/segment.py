"""Sentence segmentation for French and English news copy.

The splitter is nltk's Punkt algorithm with parameters that this project
builds itself (no downloaded NLTK data is needed or read): the abbreviation lists
below tell Punkt that "M.", "Gen.", "U.S." or "janv." do not end a sentence.
Around Punkt, three rules that news text needs:

* line breaks: a blank line always ends a sentence; a single line break ends
  one unless the next line starts with a lowercase letter (a hard-wrapped
  line), so that headlines without a full stop stand alone;
* a metadata prefix such as ``date 2024-01`` at the start of a block is its
  own segment;
* a dateline at the start of a block ("Islamabad – 3 août 2025 –",
  "PARIS, 12 mars 2024 (AFP) -", "WASHINGTON (Reuters) -") is its own
  segment, because it carries no tone (SCALE.md, rule 6).

Every segment is returned as ``(start, end)`` offsets into the input, with
surrounding white space trimmed, in order and without overlap.

Examples
--------
>>> text = "M. Le Drian a rencontré Mme Dupont. Ils ont parlé."
>>> [text[a:b] for a, b in split_sentences(text)]
['M. Le Drian a rencontré Mme Dupont.', 'Ils ont parlé.']
"""

from __future__ import annotations

import itertools
import re
import threading
from typing import Any, Final

from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer, PunktToken

__all__ = ["ABBREVIATIONS_EN", "ABBREVIATIONS_FR", "split_sentences"]

# Abbreviations are written as Punkt stores them: lowercase, without the final
# period (internal periods stay: "u.s" stands for "U.S.").  Words that also end
# sentences in ordinary prose ("no", "me", "est", "art") are deliberately left out.
ABBREVIATIONS_EN: Final[frozenset[str]] = frozenset(
    """
    mr mrs ms messrs dr prof gen gens lt col maj capt cmdr cdr adm sgt cpl pvt brig
    gov sen rep pres amb sec hon rev st jr sr mt ft ave blvd dept univ
    approx vs fig vol nos inc corp ltd co
    u.s u.k u.n e.u u.s.a d.c a.m p.m i.e e.g u.a.e u.s.s.r
    jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()
)
ABBREVIATIONS_FR: Final[frozenset[str]] = frozenset(
    """
    m mm mme mmes mlle mlles dr pr mgr gén gal cdt lt cne adj st ste
    av apr j.-c cf env p pp al éd ibid chap
    janv févr fév avr juil sept oct nov déc
    o.n.u é.-u
    """.split()
)
# The last white-space character (nltk's _get_last_whitespace_index counts string.whitespace).
_LAST_SPACE = re.compile(r"(?s).*[ \t\n\r\x0b\x0c]")
_INITIALS: Final[frozenset[str]] = frozenset("abcdefghijklmnopqrstuvwxyz")


def _raw(pattern: Any) -> Any:
    """The compiled pattern inside nltk's ReDoS-guard wrapper (nltk >= 3.10), else the pattern itself.

    The wrapper runs every match under a wall-clock timeout, which costs more
    than the match itself on the short strings Punkt looks at; the patterns
    used here are nltk's own fixed ones, not caller-supplied.
    """
    return getattr(pattern, "_rx", pattern)


class _NewsLanguageVars(PunktLanguageVars):
    """Punkt language variables: the ellipsis character also ends sentences."""

    sent_end_chars = (".", "?", "!", "…")
    re_boundary_realignment = _raw(PunktLanguageVars.re_boundary_realignment)

    def period_context_re(self) -> Any:
        return _raw(super().period_context_re())


class _NewsPunkt(PunktSentenceTokenizer):
    """Punkt for this module's parameters, with the break decision inlined.

    The parameters hold abbreviations only (no collocations, no frequent
    sentence starters, no orthographic context), so most of Punkt's second
    pass cannot fire. :meth:`text_contains_sentbreak` below makes exactly
    the decision of nltk's first and second passes for such parameters
    without building a ``PunktToken`` per word (this was the largest cost of
    scoring); ``tests/test_stream.py`` checks it against nltk's own on
    generated text.
    """

    def __init__(self, params: PunktParameters) -> None:
        super().__init__(params, lang_vars=_NewsLanguageVars())
        if params.collocations or params.sent_starters or params.ortho_context:
            raise ValueError("_NewsPunkt supports abbreviation-only parameters")
        self._abbrev = frozenset(params.abbrev_types)
        self._words = _raw(self._lang_vars._word_tokenizer_re()).findall
        self._sent_end = frozenset(self._lang_vars.sent_end_chars)
        self._no_start = frozenset(self.PUNCTUATION)
        self._ellipsis = _raw(PunktToken._RE_ELLIPSIS).match
        self._initial = _raw(PunktToken._RE_INITIAL).match
        self._numeric = _raw(PunktToken._RE_NUMERIC).sub
        self._candidates = self._lang_vars.period_context_re().finditer
        self._realign = self._lang_vars.re_boundary_realignment.match

    def _breaks_after(self, tok: str, nxt: str) -> bool:
        """Whether Punkt marks a sentence break after ``tok`` when ``nxt`` follows."""
        if tok in self._sent_end:
            return True
        if not tok.endswith("."):  # the second pass only reconsiders period-final tokens
            return False
        if self._ellipsis(tok) or tok.endswith(".."):
            return False  # ellipsis, or period-final token never marked a break
        stem = tok[:-1].lower()
        if stem in self._abbrev or stem.split("-")[-1] in self._abbrev:
            return False  # abbreviation: without orthographic data it never becomes a break
        if len(tok) > 2 and tok[0].isalpha():
            return True  # neither an initial (one letter) nor a number (starts with a digit, "-", "." or ",")
        # Initials and ordinals: the orthographic heuristic without context says
        # "not a sentence start" for punctuation and lowercase words.
        kind = self._numeric("##number##", tok.lower())
        if len(kind) > 1 and kind[-1] == ".":
            kind = kind[:-1]
        initial = self._initial(tok)
        if initial or kind == "##number##":
            if nxt in self._no_start or nxt[0].islower():
                return False
            if initial and nxt[0].isupper():
                return False
        return True

    def _ends_sentence(self, word: str, match: Any) -> bool:
        """Punkt's decision for the candidate end ``match`` after ``word``.

        ``text_contains_sentbreak`` of the context, with a shortcut for the
        common case of a period after a plain word of two letters or more
        that is not an abbreviation: the context's first token is then
        ``word.``, which ends a sentence whatever follows.
        """
        if len(word) > 1 and word.isalpha() and match.group() == "." and word.lower() not in self._abbrev:
            return True
        return self.text_contains_sentbreak(word + match.group() + match.group("after_tok"))

    def text_contains_sentbreak(self, text: str) -> bool:
        words = self._words
        if "\n" not in text:
            tokens = words(text) if text.strip() else []
        else:
            tokens = []
            for line in text.split("\n"):
                if line.strip():
                    tokens.extend(words(line))
        breaks = self._breaks_after
        return any(breaks(tokens[i], tokens[i + 1]) for i in range(len(tokens) - 1))

    def span_tokenize(self, text: str, realign_boundaries: bool = True) -> list[tuple[int, int]]:
        """nltk's ``span_tokenize`` (``_match_potential_end_contexts``,
        ``_slices_from_text`` and ``_realign_boundaries``) fused into one loop
        over the candidate ends, without its generators and its character-by-
        character search for the last white space. Same spans as nltk's:
        ``tests/test_stream.py`` checks them on generated text.
        """
        last_space = _LAST_SPACE.match
        breaks: list[tuple[int, int]] = []
        last_break = 0
        previous = None  # the previous candidate end, and the start and end of the word before it
        word_start = word_end = 0
        for match in itertools.chain(self._candidates(text), (None,)):
            if match is not None:
                start = match.start()
                # The word before this candidate: from the last white space after the previous word.
                space = last_space(text, word_end, start)
                index = space.end() - 1 - word_end if space is not None else 0
                new_start = index + word_end + 1 if index else word_start
                if previous is None or word_end > new_start:  # overlapping: the previous one is dropped
                    previous = match
                    word_start, word_end = new_start, start
                    continue
            elif previous is None:
                break
            if self._ends_sentence(text[word_start:word_end], previous):
                breaks.append((last_break, previous.end()))
                following = previous.start("next_tok")
                last_break = following if following >= 0 else previous.end()
            if match is not None:
                previous = match
                word_start, word_end = new_start, start
        breaks.append((last_break, len(text.rstrip())))
        if not realign_boundaries:
            return breaks
        out: list[tuple[int, int]] = []
        realign_match = self._realign
        shift = 0
        last = len(breaks) - 1
        for i, (a, b) in enumerate(breaks):
            a += shift
            if i == last:
                if text[a:b]:
                    out.append((a, b))
                break
            c, d = breaks[i + 1]
            m = realign_match(text[c:d])
            if m:
                out.append((a, c + len(m.group(0).rstrip())))
                shift = m.end()
            else:
                shift = 0
                if text[a:b]:
                    out.append((a, b))
        return out


_tokenizer: PunktSentenceTokenizer | None = None
_lock = threading.Lock()


def _punkt_parameters() -> PunktParameters:
    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS_EN | ABBREVIATIONS_FR | _INITIALS)
    return params


def _punkt() -> PunktSentenceTokenizer:
    """Build the Punkt tokenizer once, on first use."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                _tokenizer = _NewsPunkt(_punkt_parameters())
    return _tokenizer


_DASH = r"[\-\u2010-\u2015\u2212]"
_MONTH_WORD = r"[A-Za-zÀ-ÿ]{3,10}\.?"
_DATE = (
    r"(?:\d{1,2}(?:er)?\s+" + _MONTH_WORD + r"(?:\s+\d{4})?"  # 3 août 2025, 1er mars
    r"|" + _MONTH_WORD + r"\s+\d{1,2}(?:,\s*\d{4})?"  # March 3, 2025
    r"|\d{4}-\d{2}-\d{2})"
)
_AGENCY = r"\((?:[A-Z][A-Za-z]{1,12}|[A-Z]{2,6}(?:/[A-Z]{2,6})?)\)"
_PLACE = r"[A-ZÀ-Ý][\w'’.\-]*(?:[ \-][A-ZÀ-Ýa-zà-ÿ][\w'’.\-]*){0,3}"
# "Islamabad – 3 août 2025 –", "PARIS, 12 mars 2024 (AFP) -", "WASHINGTON (Reuters) -",
# "NEW DELHI, Jan. 5, 2025 /PTI/", "Tehran, 5 January 2024 —"
_DATELINE = re.compile(
    r"(?:" + _PLACE + r"(?:\s*,\s*|\s+" + _DASH + r"\s+)" + _DATE
    + r"(?:\s*" + _AGENCY + r")?\s*(?:" + _DASH + r"+|/[A-Z]{2,6}/)"
    r"|[A-ZÀ-Ý][A-ZÀ-Ý'’.\- ]{1,30}(?:,\s*[A-Za-zÀ-ÿ ]{2,30})?\s*" + _AGENCY + r"\s*" + _DASH + r"+"
    r"|[A-ZÀ-Ý]{3,}(?:[ \-][A-ZÀ-Ý]{2,}){0,3}\s+[\u2013\u2014]+)"
    r"(?=\s)"
)
_METADATA = re.compile(r"(?i:date)\s*:?\s*\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?(?=\s|$)")
_OPENERS = frozenset("«“‘„([")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _blocks(text: str) -> list[tuple[int, int]]:
    """Cut the text at hard line breaks (see the module docstring)."""
    blocks: list[tuple[int, int]] = []
    start = 0
    for match in _LINE_BREAK.finditer(text):
        rest = text[match.end():]
        stripped = rest.lstrip(" \t")
        soft = bool(stripped) and stripped[0].islower() and text[start:match.start()].strip() != ""
        if not soft:
            blocks.append((start, match.start()))
            start = match.end()
    blocks.append((start, len(text)))
    return blocks


def _opening_tail(text: str, start: int, end: int) -> int:
    """Start of the run of opening quotes or brackets that ends ``text[start:end]``
    (trailing white space aside) right after white space, as the ``«`` of
    ``"Il a dit. « "``; -1 if there is none."""
    while end > start and text[end - 1].isspace():
        end -= 1
    if end == start or text[end - 1] not in _OPENERS:
        return -1
    k = end - 1
    while k > start and text[k - 1] in _OPENERS:
        k -= 1
    return k if k > start and text[k - 1].isspace() else -1


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentences and return their ``(start, end)`` offsets.

    Parameters
    ----------
    text : str
        Any text; empty or white-space-only text gives an empty list.

    Returns
    -------
    list of (int, int)
        Offsets such that ``text[start:end]`` is a sentence with no leading or
        trailing white space; spans are in order and do not overlap.

    Examples
    --------
    >>> text = "Islamabad – 3 août 2025 – Le ministre a rencontré son homologue."
    >>> [text[a:b] for a, b in split_sentences(text)]
    ['Islamabad – 3 août 2025 –', 'Le ministre a rencontré son homologue.']
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    spans: list[tuple[int, int]] = []
    punkt = _punkt()
    for block_start, block_end in _blocks(text):
        trimmed = _trim(text, block_start, block_end)
        if trimmed is None:
            continue
        start, end = trimmed
        block = text[start:end]
        for pattern in (_METADATA, _DATELINE):
            head = pattern.match(block)
            if head and head.end() < len(block):
                spans.append((start, start + head.end()))
                start += head.end()
                while text[start].isspace():
                    start += 1
                block = text[start:end]
        pieces = [(start + a, start + b) for a, b in punkt.span_tokenize(block)]
        for i in range(len(pieces) - 1):
            # Punkt leaves an opening quote or bracket at the end of the sentence
            # before it ("... pays. « Nos défis ..."): hand it to the next one.
            a, b = pieces[i]
            opening = _opening_tail(text, a, b)
            if opening > a:
                pieces[i] = (a, opening)
                pieces[i + 1] = (opening, pieces[i + 1][1])
        for a, b in pieces:
            piece = _trim(text, a, b)
            if piece is not None:
                spans.append(piece)
    return spans
