"""Which states a French or English text mentions.

:func:`find_states` finds explicit mentions of sovereign states in French and
English text and maps them to ISO 3166-1 alpha-3 codes; :func:`rank_states`
and :func:`main_dyad` summarise the mentions of a document, and
:func:`normalize_dyad` checks and canonicalises a dyad given by a user.

Data
----
The name tables are the project's own data files
``toneclf/resources/states_en.tsv`` and ``toneclf/resources/states_fr.tsv``
(header ``code<TAB>form<TAB>kind<TAB>case``, one surface form per line).
They were compiled by hand for this project, with the long official names
seeded from the ISO 3166-1 English names and their French translations
(iso-codes, as shipped by ``pycountry``) and checked by hand.  Unaccented
spellings ("Teheran", "Etats-Unis", "israelien") are listed explicitly.

Coverage: the 193 UN member states, plus Palestine (``PSE``), Taiwan
(``TWN``), Kosovo and the Holy See (``VAT``).  Kosovo has no ISO 3166-1 code;
it uses ``XKX``, the user-assigned code used by the European Commission, the
IMF and others.  Every state has at least one name and one capital in each
language and demonyms in each language, except where the only demonym is
shared with another state (see below).

Kinds: ``name`` (country names, short and long forms, abbreviations such as
"U.S.", "RDC"), ``demonym`` (nationality nouns and adjectives; French ones in
all genders and numbers), ``capital`` (capitals and seats of government used
as metonyms: "Téhéran", "Washington") and ``body`` (official bodies and
seats: "Quai d'Orsay", "the Kremlin", "South Block").

Matching
--------
* ``case`` ``exact`` forms match with their capitalisation only ("Turkey" the
  country, not "turkey" the bird; "Chad", not "chad").  ``fold`` forms (the
  French lowercase demonyms) match in any case ("pakistanais",
  "Pakistanais").  English demonyms are ``exact``.
* Capitals also match in ALL CAPS ("ISLAMABAD", "PEKIN", "PÉKIN") so that
  agency datelines are recognised; other kinds do not ("US" would otherwise
  be everywhere in all-caps headlines).
* Word boundaries are Unicode-aware: a form matches only when it is neither
  preceded nor followed by a letter or digit, so "Niger" does not match in
  "Nigeria" and "iranien" does not match in "iraniennes".  An apostrophe is a
  boundary, so French elision works ("l'Iran", "d’Iran", "qu'Israël"); the
  apostrophes ``'``, ``’`` and ``ʼ`` are interchangeable inside forms
  ("Quai d’Orsay"), as are the hyphens ``-``, U+2010 and U+2011, and any run
  of whitespace matches a space.
* Among overlapping candidates the leftmost wins, then the longest:
  "Guinée équatoriale" beats "Guinée", "South Sudan" beats "Sudan",
  "sud-soudanais" beats "soudanais".
* A few non-state phrases are recognised only to be discarded, so that they
  hide the state name they contain: "Latin America", "latino-américain",
  "New Mexico", "Indian Ocean", "océan Indien", "golfe de Guinée",
  "Niger Delta", "Lake Chad", "British Columbia", "Colombie-Britannique",
  "South China Sea", "American Samoa", "OSCE Minsk Group", "Oslo Accords",
  ... (see ``_BLOCKED_EXACT`` and ``_BLOCKED_FOLD``).

Ambiguity decisions
-------------------
* "Congo" alone -> ``COG`` (Republic of the Congo); ``COD`` needs an
  explicit name: "RDC", "DRC", "DR Congo", "RD Congo", "République
  démocratique du Congo", "Congo-Kinshasa", or its capital "Kinshasa".  The
  shared demonyms "Congolese" and "congolais" go to ``COD``, by far the more
  covered of the two (in the project corpus they refer to the DRC every
  time), so ``COG`` has no demonym of its own.
* "Dominican" -> ``DOM`` (Dominican Republic), far more frequent than
  Dominica, which keeps its French demonym "dominiquais" only.  The French
  name of Dominica is matched as "la Dominique" only, because "Dominique" is
  a common French first name.
* "Georgia", "Géorgie" -> ``GEO`` even though they may mean the U.S. state.
* "Washington" -> ``USA`` (also in "Washington Post", "George Washington");
  "Washington State" and "État de Washington" are discarded.
* "Korea", "Corée", "Korean", "coréen" -> ``KOR`` (South Korea); North Korea
  needs "North"/"du Nord"/"nord-coréen"/"DPRK"/"RPDC"/"Pyongyang".
* "Islamic Republic" / "République islamique" alone -> ``IRN``, the usual
  metonym; the longer official names of Pakistan, Afghanistan and Mauritania
  win over it.  "Republic of China" -> ``TWN``; "People's Republic of China"
  -> ``CHN``.
* "Jerusalem" -> ``ISR`` (seat of the Israeli government; its status is
  disputed, this is a metonym choice, not a position) and "Ramallah" ->
  ``PSE`` (seat of the Palestinian Authority).  "Gaza" and "West Bank" are
  territories, not listed.
* "Brussels"/"Bruxelles" -> ``BEL``, even where it stands for the EU.
  "Tripoli" -> ``LBY`` (not the Lebanese city).  "The Hague" is not listed
  (international courts); the Netherlands' capital is Amsterdam.
* Country names that are also given names -- "Jordan", "Chad", "Victoria",
  "Sofia", "Maurice", "Salvador" -- are not matched when immediately followed
  by a capitalised word that is not a title or date word: "Jordan Bardella",
  "Jordan Peterson" and "Victoria Nuland" are people, while "Jordan King
  Abdullah", "Chad President Déby" and "Jordan said" are the state.
  "Michael Jordan" is still (wrongly) ``JOR``.
* "Malé" (Maldives) is only matched with its accent: "Male" is an English
  word.  "Hollande" and "Holland" are not listed (François Hollande);
  "anglais"/"English" are not listed (mostly the language).  French
  demonyms also name languages ("en français", "parle chinois") and are
  still matched.
* Sentence-initial capitals can still produce false positives ("Turkey
  dinner was served"); lowercase common nouns never do.

Performance
-----------
The tables are read once, lazily, on the first call, into an index of the
forms by their first word (a few milliseconds), which the first texts are
searched with. After ``_INDEX_TEXTS`` texts, two regexes are compiled, one
for the ``exact`` forms and one for the ``fold`` forms (matched in the
lowercased text), and used from then on: they take a tenth of a second to
compile, which a short job (one article on the command line) would not win
back, and search about one and a half times as fast. Each regex is built as a character
trie, which is equivalent to an alternation of all forms tried longest first
but does not try thousands of alternatives at every position. Both ways find
the same mentions.
"""

from __future__ import annotations

import functools
import importlib.resources
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ._gc import paused

__all__ = [
    "KINDS",
    "StateMention",
    "find_states",
    "main_dyad",
    "normalize_dyad",
    "rank_states",
]

#: The kinds of mention, in order of preference when one form has several.
KINDS: tuple[str, ...] = ("name", "capital", "body", "demonym")

_TABLES = ("resources/states_en.tsv", "resources/states_fr.tsv")
_HEADER = ["code", "form", "kind", "case"]
_CASES = ("exact", "fold")

#: The user-assigned code used for Kosovo, which has no ISO 3166-1 code.
KOSOVO = "XKX"

# fmt: off
# Non-state phrases containing a state form; matched only to be discarded.
_BLOCKED_EXACT: tuple[str, ...] = (
    "Latin America", "Latin American", "Latin Americans",
    "South America", "South American", "South Americans",
    "North America", "North American", "North Americans",
    "Central America", "Central American", "Central Americans",
    "African American", "African Americans", "African-American",
    "African-Americans", "Afro-American", "Afro-Americans",
    "Native American", "Native Americans", "Pan-American",
    "American Samoa", "New Mexico", "New Guinea", "Gulf of Guinea",
    "Indian Ocean", "West Indian", "West Indians", "American Indian",
    "American Indians", "South China Sea", "East China Sea", "Sea of Japan",
    "Korean Peninsula", "Turks and Caicos", "Niger Delta", "Niger River",
    "Washington State", "Washington state", "George Washington",
    "Amérique latine", "Amerique latine", "Amérique du Sud",
    "Amerique du Sud", "Amérique du Nord", "Amerique du Nord",
    "Amérique centrale", "Amerique centrale", "Nouvelle-Guinée",
    "Nouvelle-Guinee", "golfe de Guinée", "golfe de Guinee",
    "Golfe de Guinée", "océan Indien", "ocean Indien", "Océan Indien",
    "mer de Chine", "mer de Chine méridionale", "mer de Chine orientale",
    "mer du Japon", "Samoa américaines", "Nouveau-Mexique",
    "îles Turques-et-Caïques", "delta du Niger", "fleuve Niger",
    "État de Washington", "état de Washington",
    "Lake Chad", "lac Tchad", "British Columbia", "Colombie-Britannique",
    "Gulf of Oman", "golfe d'Oman", "Golfe d'Oman",
    # agreements and groups named after a capital, not about its state
    "Minsk Group", "groupe de Minsk", "Minsk agreements", "Minsk accords",
    "accords de Minsk", "Oslo Accords", "Oslo accords", "accords d'Oslo",
    "Paris Agreement", "Paris agreement", "accord de Paris", "Accord de Paris",
)
_BLOCKED_FOLD: tuple[str, ...] = (
    *(
        prefix + suffix
        for prefix in (
            "latino-américain", "latino-americain", "sud-américain",
            "sud-americain", "nord-américain", "nord-americain",
            "afro-américain", "afro-americain", "amérindien", "amerindien",
        )
        for suffix in (("", "ne", "s", "nes") if prefix.endswith("ien") else ("", "e", "s", "es"))
    ),
    "péninsule coréenne", "peninsule coreenne",
)

# Forms that are also given names; see the module docstring.
_GIVEN_NAME_FORMS = frozenset({"Jordan", "Chad", "Victoria", "Sofia", "Maurice", "Salvador"})
# Capitalised words that may follow a state name in a title or a date.
_TITLE_WORDS = frozenset(
    {
        "President", "Prime", "King", "Queen", "Crown", "Prince", "Emir",
        "Foreign", "Defence", "Defense", "Interior", "Army", "Armed",
        "Government", "Minister", "Ministry", "Parliament", "Embassy",
        "Ambassador", "Mission", "Delegation", "Court", "Supreme", "National",
        "Central", "State", "Federal", "Republic", "River", "Valley", "Basin",
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
        "Sunday", "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
        "The", "On", "In", "And", "But", "As", "At",
    }
)
# fmt: on
_NEXT_WORD = re.compile(r"[ \t\u00a0]+(\w+)")

_APOSTROPHES = "'\u2019\u02bc"
_HYPHENS = "-\u2010\u2011"
_APOSTROPHE_RE = re.compile(f"[{_APOSTROPHES}]")
_HYPHEN_RE = re.compile(f"[{_HYPHENS}]")
_SPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class StateMention:
    """One mention of a state in a text.

    Attributes
    ----------
    code : str
        ISO 3166-1 alpha-3 code of the state (``XKX`` for Kosovo).
    start, end : int
        Offsets into the text given to :func:`find_states`, so that
        ``text[start:end] == surface``.
    surface : str
        The text as it appears.
    kind : str
        ``"name"``, ``"demonym"``, ``"capital"`` or ``"body"``.

    Examples
    --------
    >>> find_states("l'Iran")[0]
    StateMention(code='IRN', start=2, end=6, surface='Iran', kind='name')
    """

    code: str
    start: int
    end: int
    surface: str
    kind: str


def _require_str(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected str, got {type(value).__name__}")
    return value


@functools.lru_cache(maxsize=4096)  # called for every match; the surfaces are few
def _normalize(surface: str) -> str:
    """Canonical spelling of a form: one apostrophe, one hyphen, one space."""
    surface = _APOSTROPHE_RE.sub("'", surface)
    surface = _HYPHEN_RE.sub("-", surface)
    return _SPACE_RE.sub(" ", surface.strip())


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn"))


def _fragment(char: str) -> str:
    """Regex fragment matching one character of a (normalized) form."""
    if char == " ":
        return r"\s+"
    if char == "'":
        return f"[{_APOSTROPHES}]"
    if char == "-":
        return f"[{_HYPHENS}]"
    return re.escape(char)


_Trie = dict[str, "_Trie"]
_END = ""  # trie key marking the end of a form (no fragment is empty)


def _trie_pattern(node: _Trie) -> str:
    """Regex for a trie; greedy, so longer forms are tried before shorter."""
    branches = [frag + _trie_pattern(child) for frag, child in sorted(node.items()) if frag]
    if not branches:
        return ""
    ends_here = _END in node
    if len(branches) == 1 and not ends_here:
        return branches[0]
    return "(?:" + "|".join(branches) + ")" + ("?" if ends_here else "")


def _trie_source(forms: Iterable[str]) -> str:
    trie: _Trie = {}
    for form in forms:
        node = trie
        for char in form:
            node = node.setdefault(_fragment(char), {})
        node[_END] = {}
    return _trie_pattern(trie)


def _compile(forms: Iterable[str], flags: int = 0) -> re.Pattern[str]:
    """The forms as one regex, each matched only between non-word characters."""
    return re.compile(r"(?<!\w)" + _trie_source(forms) + r"(?!\w)", flags)


class _Scanner:
    r"""Where the forms of an index occur in a text: the matches of ``_compile(forms)``, without the regex.

    A regex of two thousand forms takes a tenth of a second to compile, on
    every cold start; this index is built in a few milliseconds, and searches
    a text in about one and a half times the regex's time (17.6 against
    11.6 µs per corpus sentence, both kinds of form). It finds what ``_compile(forms)`` finds (checked over the
    corpus and generated texts in ``tests/test_states.py``): scanning left to
    right, at each word start not preceded by a word character, the longest
    form that matches there and is not followed by a word character, where a
    space in a form matches any run of white space, an apostrophe any of
    ``_APOSTROPHES`` and a hyphen any of ``_HYPHENS``. To match them, the text
    is brought to that canonical spelling (with a map back to its offsets);
    word boundaries are checked in the text itself.

    Forms are grouped by their first run of word characters, which must be
    the whole run of the text where they start; within a group, longest first.
    Only the runs of the text that begin some form are visited.
    """

    def __init__(self, forms: Iterable[str]) -> None:
        groups: dict[str, list[str]] = {}
        for form in forms:
            first = _WORD_RUN.match(form)
            if first is None:
                raise RuntimeError(f"state tables: every form must start with a letter or digit, got {form!r}")
            groups.setdefault(first.group(), []).append(form)
        self.groups = {first: tuple(sorted(group, key=len, reverse=True)) for first, group in groups.items()}
        self.firsts = frozenset(self.groups)

    def find(self, text: str, canon: str, offsets: list[int] | None, words: list[str]) -> list[tuple[int, int]]:
        """Offsets of the matches in ``text``, in order, given ``canon, offsets = _canonical(text)``
        and the word runs of ``canon``."""
        hits = self.firsts.intersection(words)
        if not hits:
            return []
        word = _WORD_CHAR.match
        # Where each first run found in the text occurs as a whole run, in order.
        size = len(canon)
        starts: list[tuple[int, str]] = []
        for first in hits:
            i = canon.find(first)
            while i != -1:
                j = i + len(first)
                if (i == 0 or not word(canon, i - 1)) and (j == size or not word(canon, j)):
                    starts.append((i, first))
                i = canon.find(first, j)
        starts.sort()
        groups = self.groups
        size = len(text)
        out: list[tuple[int, int]] = []
        last = 0
        for start, first in starts:
            if start < last:
                continue
            begin = start if offsets is None else offsets[start]
            if begin and word(text, begin - 1):
                continue
            for form in groups[first]:
                if canon.startswith(form, start):
                    stop = start + len(form)
                    end = stop if offsets is None else offsets[stop - 1] + 1
                    if end < size and word(text, end):
                        continue
                    out.append((begin, end))
                    last = stop
                    break
        return out


def _compile_scanner(forms: Iterable[str]) -> re.Pattern[str]:
    r"""The same matches as ``_compile(forms)``, faster to search.

    A pattern that starts with a look-behind is tried at every position of the
    text; ``[^\w](form)`` starts with a character class, which the regex
    engine skips to directly. It is run on ``" " + text`` (so that a form can
    start the text) and the form is group 1. Both find the same matches
    because every form starts with a word character (checked by
    :class:`_Scanner`), so a match never starts where the previous one ended.
    """
    return re.compile(r"[^\w](" + _trie_source(forms) + r")(?!\w)")


def _canonical(text: str) -> tuple[str, list[int] | None]:
    """``text`` with white-space runs, apostrophes and hyphens in their canonical form
    (as :func:`_normalize`), and the offset in ``text`` of each of its characters
    (None when they are unchanged: only one-for-one replacements, or none)."""
    if text.isprintable() and "  " not in text:  # no white space but single plain spaces
        if text.isascii() or not _ONE_FOR_ONE_RE.search(text):
            return text, None
        for char, plain in _ONE_FOR_ONE.items():
            text = text.replace(char, plain)
        return text, None
    pieces: list[str] = []
    offsets: list[int] = []
    done = 0
    for m in _NOT_CANONICAL.finditer(text):
        a, b = m.span()
        pieces.append(text[done:a])
        offsets.extend(range(done, a))
        piece = m.group()
        pieces.append(_ONE_FOR_ONE.get(piece, " "))
        offsets.append(a)
        done = b
    pieces.append(text[done:])
    offsets.extend(range(done, len(text)))
    return "".join(pieces), offsets


_WORD_RUN = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")
# What _canonical replaces: runs of white space other than one plain space,
# and apostrophes and hyphens other than the plain ones (one for one).
_NOT_CANONICAL = re.compile(f"\\s\\s+|[^\\S ]|[{_APOSTROPHES[1:]}{_HYPHENS[1:]}]")
_ONE_FOR_ONE = {c: "'" for c in _APOSTROPHES[1:]} | {c: "-" for c in _HYPHENS[1:]}
_ONE_FOR_ONE_RE = re.compile(f"[{_APOSTROPHES[1:]}{_HYPHENS[1:]}]")


# Characters whose lowercase is not what IGNORECASE matching equates them with:
# U+0130 (lowercase "i̇", two characters), U+0131 "ı" and U+017F "ſ" (equal to
# "i" and "s" when ignoring case). tests/test_stream.py derives this set.
_CASE_TRAPS = re.compile("[\u0130\u0131\u017f]")


def _spans(matcher: _Matcher, text: str, mode: int) -> list[tuple[int, int]]:
    """Offsets of the ``exact`` (mode 0) or ``fold`` (mode 1) matches in ``text``."""
    return _both_spans(matcher, text)[mode]


def _both_spans(matcher: _Matcher, text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Offsets of the ``exact`` and of the ``fold`` matches in ``text``.

    The first ``_INDEX_TEXTS`` texts are searched with the forms' index
    (:class:`_Scanner`, ready at once); after them, with two regexes compiled
    then (:func:`_regexes`): a tenth of a second that a short job would not
    win back, and that a long one wins back many times over, the regexes
    being about one and a half times as fast to search. Both find the same matches
    (``tests/test_states.py``).

    The fold forms are lowercase, so instead of matching them ignoring case
    they are matched exactly in the lowercased text, which has the same
    offsets and the same matches unless it holds a ``_CASE_TRAPS`` character
    (then the slow way is used).
    """
    global _searched
    lowered = text.lower()
    trapped = len(lowered) != len(text) or (not text.isascii() and _CASE_TRAPS.search(text) is not None)
    if _searched >= _INDEX_TEXTS:
        exact_re, fold_re = _regexes(matcher)
        exact = [(m.start(1) - 1, m.end(1) - 1) for m in exact_re.finditer(" " + text)]
        if trapped:
            return exact, [m.span() for m in _fold_ignoring_case(matcher).finditer(text)]
        return exact, [(m.start(1) - 1, m.end(1) - 1) for m in fold_re.finditer(" " + lowered)]
    _searched += 1  # not atomic across threads: at worst the regexes come a few texts later
    canon, offsets = _canonical(text)
    words = _WORD_RUN.findall(canon)
    exact = matcher.exact.find(text, canon, offsets, words)
    if trapped:
        return exact, [m.span() for m in _fold_ignoring_case(matcher).finditer(text)]
    # The word runs of the lowercased text are those of the text, lowercased,
    # except around a capital sigma, whose lowercase depends on its neighbours.
    lowered_canon = canon.lower()
    lowered_words = _WORD_RUN.findall(lowered_canon) if "\u03a3" in canon else " ".join(words).lower().split(" ")
    return exact, matcher.fold.find(lowered, lowered_canon, offsets, lowered_words)


_INDEX_TEXTS = 10_000  # texts searched with the index before the regexes are compiled (see _both_spans)
_searched = 0


@functools.lru_cache(maxsize=1)
def _regexes(matcher: _Matcher) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The exact and fold forms as :func:`_compile_scanner` regexes (once, when first needed)."""
    with paused():
        return _compile_scanner(matcher.exact_index), _compile_scanner(matcher.fold_index)


@functools.lru_cache(maxsize=1)
def _fold_ignoring_case(matcher: _Matcher) -> re.Pattern[str]:
    return _compile(matcher.fold_index, re.IGNORECASE)


# An index maps a normalized form (casefolded for ``fold``) to (code, kind),
# or to None for the discarded non-state phrases.
_Index = dict[str, "tuple[str, str] | None"]


@dataclass(frozen=True, eq=False)
class _Matcher:
    exact: _Scanner  # of the exact forms
    fold: _Scanner  # of the fold forms, on lowercased text: see _spans
    exact_index: _Index
    fold_index: _Index


def _read_rows() -> list[tuple[str, str, str, str]]:
    rows: list[tuple[str, str, str, str]] = []
    package = importlib.resources.files("toneclf")
    for table in _TABLES:
        lines = package.joinpath(table).read_text(encoding="utf-8").splitlines()
        if not lines or lines[0].split("\t") != _HEADER:
            raise RuntimeError(f"{table}: header must be {'<TAB>'.join(_HEADER)}")
        for number, line in enumerate(lines[1:], start=2):
            if not line.strip():
                continue
            fields = line.split("\t")
            if len(fields) != 4 or fields[2] not in KINDS or fields[3] not in _CASES:
                raise RuntimeError(f"{table}:{number}: malformed row {line!r}")
            code, form, kind, case = fields
            rows.append((code, form, kind, case))
    return rows


def _add(index: _Index, key: str, value: tuple[str, str], origin: str) -> None:
    current = index.get(key)
    if current is None:
        index[key] = value
    elif current[0] != value[0]:
        raise RuntimeError(f"state tables: {origin!r} is listed for both {current[0]} and {value[0]}")
    elif KINDS.index(value[1]) < KINDS.index(current[1]):
        index[key] = value


@functools.lru_cache(maxsize=1)
def _matcher() -> _Matcher:
    """Read the tables and index the forms (once, on first use)."""
    with paused():  # tens of thousands of small dicts and strings, none in cycles
        return _build_matcher()


def _build_matcher() -> _Matcher:
    exact_index: _Index = {}
    fold_index: _Index = {}
    for code, form, kind, case in _read_rows():
        key = _normalize(form)
        if case == "fold":
            _add(fold_index, key.casefold(), (code, kind), form)
            continue
        _add(exact_index, key, (code, kind), form)
        if kind == "capital":
            for variant in {key.upper(), _strip_accents(key).upper()}:
                if variant not in exact_index:
                    exact_index[variant] = (code, "capital")
    for phrase in _BLOCKED_EXACT:
        exact_index[_normalize(phrase)] = None
    for phrase in _BLOCKED_FOLD:
        fold_index[_normalize(phrase).casefold()] = None
    if any(key != key.lower() for key in fold_index):
        raise RuntimeError("state tables: fold forms must be lowercase after case folding")
    return _Matcher(
        exact=_Scanner(exact_index),
        fold=_Scanner(fold_index),
        exact_index=exact_index,
        fold_index=fold_index,
    )


def _is_given_name(text: str, form: str, end: int) -> bool:
    """True if ``form`` at ``text[:end]`` is followed by a surname-like word."""
    if form not in _GIVEN_NAME_FORMS:
        return False
    following = _NEXT_WORD.match(text, end)
    if following is None:
        return False
    word = following.group(1)
    return len(word) > 1 and word[0].isupper() and word[1:].islower() and word not in _TITLE_WORDS


def find_states(text: str) -> tuple[StateMention, ...]:
    """Find the states mentioned in a French or English text.

    Parameters
    ----------
    text : str
        Any text; offsets in the result refer to it unchanged.

    Returns
    -------
    tuple of StateMention
        In order of appearance, non-overlapping; where candidates overlap
        the leftmost, then the longest, wins.

    Raises
    ------
    TypeError
        If ``text`` is not a str.

    Examples
    --------
    >>> [(m.code, m.kind) for m in find_states("Islamabad et Téhéran ont parlé.")]
    [('PAK', 'capital'), ('IRN', 'capital')]
    >>> [m.surface for m in find_states("le ministre pakistanais et l’Iran")]
    ['pakistanais', 'Iran']
    >>> find_states("a turkey dinner")
    ()
    """
    _require_str(text, "text")
    matcher = _matcher()
    # (start, end, mode) candidates; mode 0 (exact) before 1 (fold) on ties.
    candidates: list[tuple[int, int, int, tuple[str, str] | None]] = []
    for mode, (index, spans) in enumerate(zip((matcher.exact_index, matcher.fold_index), _both_spans(matcher, text),
                                              strict=True)):
        for start, end in spans:
            key = _normalize(text[start:end])
            lookup = key.casefold() if mode else key
            if lookup not in index:  # not with the shipped tables; guards odd case folds
                continue
            if mode == 0 and _is_given_name(text, key, end):
                continue
            candidates.append((start, end, mode, index[lookup]))
    candidates.sort(key=lambda c: (c[0], c[0] - c[1], c[2]))
    mentions: list[StateMention] = []
    last_end = 0
    for start, end, _mode, value in candidates:
        if start < last_end:
            continue
        last_end = end
        if value is not None:
            code, kind = value
            mentions.append(StateMention(code, start, end, text[start:end], kind))
    return tuple(mentions)


def _require_codes(codes: object, name: str) -> list[str]:
    if isinstance(codes, (str, bytes)) or not isinstance(codes, Iterable):
        raise TypeError(f"{name}: expected an iterable of ISO 3166 alpha-3 codes, got {type(codes).__name__}")
    result = list(codes)
    for code in result:
        if not isinstance(code, str):
            raise TypeError(f"{name}: expected str codes, got {type(code).__name__}")
    return result


def rank_states(codes: Iterable[str]) -> tuple[str, ...]:
    """Distinct codes, most frequent first, ties by first appearance.

    Parameters
    ----------
    codes : iterable of str
        Codes in order of appearance, with repetitions (e.g. the ``code`` of
        each mention of a document).

    Returns
    -------
    tuple of str

    Raises
    ------
    TypeError
        If ``codes`` is a string or not an iterable of strings.

    Examples
    --------
    >>> rank_states(["IRN", "PAK", "PAK", "USA", "IRN", "PAK"])
    ('PAK', 'IRN', 'USA')
    """
    items = _require_codes(codes, "codes")
    counts = Counter(items)
    first = {code: i for i, code in reversed(list(enumerate(items)))}
    return tuple(sorted(counts, key=lambda code: (-counts[code], first[code])))


def main_dyad(sentence_codes: Iterable[Iterable[str]]) -> str | None:
    """The pair of states a document is mainly about.

    Parameters
    ----------
    sentence_codes : iterable of iterables of str
        For each sentence of a document, in order, the codes it mentions
        (repetitions count as mentions).

    Returns
    -------
    str or None
        The two codes sorted alphabetically and joined by ``-``.  The pair
        of distinct codes mentioned together in the most sentences wins; ties
        go to the pair with more mentions in the document (both codes'
        mentions added), then to the pair that co-occurred first (within a
        sentence, pairs are taken in order of their codes' first appearance
        in it).  If no sentence mentions two states, the two most frequent
        states (:func:`rank_states`) are returned.  None if the document
        mentions fewer than two states.

    Raises
    ------
    TypeError
        If ``sentence_codes`` or one of its items is a string, or not an
        iterable of strings.

    Examples
    --------
    >>> main_dyad([["PAK", "PAK"], ["PAK", "IRN"], ["USA"]])
    'IRN-PAK'
    >>> main_dyad([["PAK"], ["IRN"], ["IRN"]])
    'IRN-PAK'
    >>> main_dyad([["PAK"], []]) is None
    True
    """
    if isinstance(sentence_codes, (str, bytes)) or not isinstance(sentence_codes, Iterable):
        raise TypeError(
            f"sentence_codes: expected an iterable of iterables of codes, got {type(sentence_codes).__name__}"
        )
    sentences = [_require_codes(s, "sentence_codes item") for s in sentence_codes]
    all_codes = [code for sentence in sentences for code in sentence]
    mentions = Counter(all_codes)
    together: Counter[tuple[str, str]] = Counter()
    first_seen: dict[tuple[str, str], int] = {}
    for sentence in sentences:
        distinct = list(dict.fromkeys(sentence))
        for a, b in itertools.combinations(distinct, 2):
            pair = (min(a, b), max(a, b))
            together[pair] += 1
            first_seen.setdefault(pair, len(first_seen))
    if together:
        best = min(
            together,
            key=lambda p: (-together[p], -(mentions[p[0]] + mentions[p[1]]), first_seen[p]),
        )
        return "-".join(best)
    ranked = rank_states(all_codes)
    if len(ranked) < 2:
        return None
    return "-".join(sorted(ranked[:2]))


_DYAD_RE = re.compile(r"\s*([A-Za-z]{3})\s*(?:[-/\u2010\u2013,]|\s)\s*([A-Za-z]{3})\s*")


@functools.lru_cache(maxsize=1)
def _known_codes() -> frozenset[str]:
    import pycountry  # imported lazily: only normalize_dyad needs it

    return frozenset(c.alpha_3 for c in pycountry.countries) | {KOSOVO}


def normalize_dyad(value: str) -> str:
    """Canonical form of a dyad: two distinct codes, sorted, joined by ``-``.

    Parameters
    ----------
    value : str
        Two ISO 3166-1 alpha-3 codes in any case, separated by ``-``, ``/``,
        ``,`` or whitespace: "PAK-IRN", "pak-irn", "IRN/PAK", "PAK IRN".

    Returns
    -------
    str

    Raises
    ------
    TypeError
        If ``value`` is not a str.
    ValueError
        If it is not two distinct known codes (checked with pycountry; XKX
        for Kosovo is accepted too).

    Examples
    --------
    >>> normalize_dyad("PAK-IRN")
    'IRN-PAK'
    >>> normalize_dyad("irn/pak")
    'IRN-PAK'
    """
    if not isinstance(value, str):
        raise TypeError(f"dyad: expected str, got {type(value).__name__}")
    expected = "two ISO 3166 alpha-3 codes like 'PAK-IRN'"
    match = _DYAD_RE.fullmatch(value)
    if match is None:
        raise ValueError(f"dyad: expected {expected}, got {value!r}")
    codes = [match.group(1).upper(), match.group(2).upper()]
    unknown = [code for code in codes if code not in _known_codes()]
    if unknown:
        raise ValueError(f"dyad: expected {expected}, got {value!r} (unknown code {', '.join(unknown)})")
    if codes[0] == codes[1]:
        raise ValueError(f"dyad: expected {expected} naming two different states, got {value!r}")
    return "-".join(sorted(codes))
