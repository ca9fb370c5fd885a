"""When a French or English news document was written.

:class:`PartialDate` is a date known to the year, the month or the day;
:func:`extract_date` finds the date of a document from its text.

Order of evidence in :func:`extract_date`
-----------------------------------------
1. A metadata prefix at the very start of the text (after any whitespace):
   ``date``, ``Date:``, ``dated``, ``published``, ``publié le``, ``date de
   publication`` followed by an ISO date ("2024", "2024-01", "2024-01-05",
   also with a time) or a written date ("5 mars 2024", "mars 2024", "March
   5, 2024").  The precision given is kept: "date 2024-01" is a month, never
   an invented day.  The article text may follow on the same line.
2. A dateline at the start: a place (a capitalised name of at most five
   words), a comma or dash, then a day and a month, with or without year:
   "Islamabad – 3 août 2025 – ...", "PARIS, 12 mars 2024 (AFP) -",
   "Tehran, 5 January 2024 —", "NEW DELHI, Jan. 5, 2025 /PTI/".  A dateline
   without a year ("WASHINGTON, March 3 (Reuters) -") gives no date; the
   search goes on in the body.
3. The first full date (day, month and year) anywhere in the text: "le 3
   août 2025", "1er mars 2024", "3 August 2025", "3rd of August 2025",
   "August 3, 2025", "Aug. 3, 2025", "2025-08-03".  Numeric dates with
   slashes are ambiguous (03/08/2025 is 3 August in French, March 8 in
   American English): "dd/mm/yyyy" is read only when the text is clearly
   French (many more French than English function words) and skipped
   otherwise.
4. Failing that, the first month and year ("en janvier 2024", "in January
   2024"), at month precision.  A bare year ("severed ties in 2016") is not
   a document date.

Month names are recognised in French and English, in any case, with and
without accents and in common abbreviations with or without a dot ("août",
"aout", "févr.", "janv", "Jan.", "Sept.").  "1er", "1st", "2nd", "3rd",
"4th" are read.  Impossible dates ("31 février 2024") are skipped, and the
month-and-year fallback ignores text that is part of a skipped date.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

__all__ = ["PartialDate", "extract_date"]

_PRECISIONS = ("year", "month", "day")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to the year, the month or the day.

    Ordering is chronological by the first day of the period, a less precise
    date sorting before the more precise ones it contains:
    ``2024 < 2024-01 < 2024-01-01 < 2024-01-02 < 2024-02``.

    Parameters
    ----------
    year : int
        1 to 9999.
    month : int, optional
        1 to 12.
    day : int, optional
        A valid day of ``month`` in ``year``; requires ``month``.

    Raises
    ------
    TypeError
        If a field is not an int (or None for month and day).
    ValueError
        If a field is out of range, naming the field and the value.

    Examples
    --------
    >>> PartialDate(2024, 1).isoformat()
    '2024-01'
    >>> str(PartialDate.parse("2025-08-03"))
    '2025-08-03'
    >>> PartialDate(2024) < PartialDate(2024, 1) < PartialDate(2024, 1, 5)
    True
    """

    year: int = field(compare=False)
    month: int | None = field(default=None, compare=False)
    day: int | None = field(default=None, compare=False)
    # Sort and equality key; month and day 0 stand for "unknown".
    _key: tuple[int, int, int] = field(init=False, repr=False, compare=True)

    def __post_init__(self) -> None:
        for name in ("year", "month", "day"):
            value = getattr(self, name)
            if value is None and name != "year":
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                expected = "int" if name == "year" else "int or None"
                raise TypeError(f"PartialDate: {name} must be {expected}, got {type(value).__name__}")
        if not datetime.MINYEAR <= self.year <= datetime.MAXYEAR:
            raise ValueError(
                f"PartialDate: year must be between {datetime.MINYEAR} and {datetime.MAXYEAR}, got {self.year}"
            )
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"PartialDate: month must be between 1 and 12, got {self.month}")
        if self.day is not None:
            if self.month is None:
                raise ValueError(f"PartialDate: day {self.day} given without a month")
            try:
                datetime.date(self.year, self.month, self.day)
            except ValueError:
                raise ValueError(
                    f"PartialDate: day {self.day} is not a valid day of {self.year:04d}-{self.month:02d}"
                ) from None
        object.__setattr__(self, "_key", (self.year, self.month or 0, self.day or 0))

    @property
    def precision(self) -> str:
        """``"year"``, ``"month"`` or ``"day"``.

        Examples
        --------
        >>> PartialDate(2024, 1).precision
        'month'
        """
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    def isoformat(self) -> str:
        """ISO 8601 text at the date's precision: "2024", "2024-01", "2024-01-05".

        Examples
        --------
        >>> PartialDate(2025, 8, 3).isoformat()
        '2025-08-03'
        """
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def to_date(self) -> datetime.date:
        """The first day of the period.

        Examples
        --------
        >>> PartialDate(2024).to_date()
        datetime.date(2024, 1, 1)
        """
        return datetime.date(self.year, self.month or 1, self.day or 1)

    @classmethod
    def parse(cls, value: str | datetime.date | PartialDate) -> PartialDate:
        """Read a PartialDate from ISO text, a date or datetime, or a PartialDate.

        Parameters
        ----------
        value : str, datetime.date or PartialDate
            "2024", "2024-01" or "2024-01-05" (surrounding whitespace is
            ignored); a ``datetime.date`` or ``datetime.datetime`` gives day
            precision; a PartialDate is returned as is.

        Raises
        ------
        TypeError
            If ``value`` is of another type (the argument is called ``date``
            in messages).
        ValueError
            If the text is not one of the forms above or not a valid date.

        Examples
        --------
        >>> PartialDate.parse("2024-01")
        PartialDate(year=2024, month=1, day=None)
        >>> PartialDate.parse(datetime.date(2025, 8, 3)).precision
        'day'
        """
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, datetime.date):  # includes datetime.datetime
            return cls(value.year, value.month, value.day)
        if not isinstance(value, str):
            raise TypeError(f"date: expected str, datetime.date or PartialDate, got {type(value).__name__}")
        match = _ISO_FULL.fullmatch(value.strip())
        if match is None:
            raise ValueError(f"date: expected 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD', got {value!r}")
        year, month, day = (None if g is None else int(g) for g in match.groups())
        assert year is not None
        try:
            return cls(year, month, day)
        except ValueError as error:
            reason = str(error).removeprefix("PartialDate: ")
            raise ValueError(f"date: {value!r} is not a valid date ({reason})") from None

    def __str__(self) -> str:
        return self.isoformat()


_ISO_FULL = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")

# Month names and abbreviations, French and English, lowercase without dot.
_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "janvier janv jan january",
        "février fevrier févr fevr fév fev february feb",
        "mars march mar",
        "avril avr april apr",
        "mai may",
        "juin june jun",
        "juillet juil july jul",
        "août aout aoû aou august aug",
        "septembre sept sep september",
        "octobre oct october",
        "novembre nov november",
        "décembre decembre déc dec december",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number

_MONTH = r"(?P<{}>" + "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True)) + r")(?!\w)\.?"
_DAY = r"(?P<{}>[0-3]?\d)(?:er|st|nd|rd|th)?(?!\d)"
_YEAR = r"(?P<{}>\d{{4}})(?!\d)"

# day month [year]: "3 août 2025", "1er mars", "3rd of August, 2025"
_DMY = _DAY.format("d1") + r"\s+(?:of\s+)?" + _MONTH.format("m1") + r"(?:,?\s+" + _YEAR.format("y1") + ")?"
# month day [year]: "August 3, 2025", "Jan. 5 2025", "March 3"
_MDY = _MONTH.format("m2") + r"\s+" + _DAY.format("d2") + r"(?:,?\s+" + _YEAR.format("y2") + ")?"
# ISO: "2025-08-03" (in metadata also "2024-01" and "2024")
_ISO = r"(?P<iy>\d{4})(?:-(?P<im>\d{1,2})(?:-(?P<id>\d{1,2}))?)?(?!\d)"
# month year: "janvier 2024", "January, 2024", "mars de 2024"
_MY = _MONTH.format("m3") + r",?\s+(?:de\s+|d['’]\s*)?" + _YEAR.format("y3")

_FLAGS = re.IGNORECASE
_BOUNDARY = r"(?<!\w)"
_DATE_EXPR = f"(?:{_DMY}|{_MDY}|{_MY}|{_ISO})"

_METADATA = re.compile(
    r"\s*(?:date\s+de\s+publication|date|dated|published(?:\s+on)?|publi[ée]e?(?:\s+le)?)"
    r"\s*[:=]?\s*(?:le\s+|on\s+)?" + _DATE_EXPR,
    _FLAGS,
)
_DATELINE = re.compile(
    r"\s*[^\W\d_][\w.'’]*(?:[ \-][^\W\d_][\w.'’]*){0,4}"  # place, at most five words
    r"\s*(?:,|\s[–—-])\s*(?:(?:le|on)\s+)?(?:[^\W\d_]+,?\s+)?" + f"(?:{_DMY}|{_MDY})",  # separator, weekday
    _FLAGS,
)
_FULL_DATE = re.compile(
    _BOUNDARY
    + f"(?:{_DMY}|{_MDY})"
    + "|"
    + _BOUNDARY
    + r"(?P<sy>\d{4})-(?P<sm>\d{2})-(?P<sd>\d{2})(?!\d)"
    # French numeric dates, dd/mm/yyyy; only used when the text looks French
    + "|"
    + r"(?<![\w/])(?P<fd>[0-3]?\d)/(?P<fm>[01]?\d)/(?P<fy>\d{4})(?![\d/])",
    _FLAGS,
)
_MONTH_YEAR = re.compile(_BOUNDARY + _MY, _FLAGS)

# Where a match of _FULL_DATE or _MONTH_YEAR can start: the start of the text,
# or after a non-word character (every alternative begins with a look-behind
# for that) where a digit or the first three letters of a month name follow,
# compared under the same flags as the patterns. Scanning for these with a
# pattern that starts with a character class, then trying the date patterns
# only there, is several times faster than letting the look-behind-first
# patterns try every position of the text.
def _start_pattern() -> re.Pattern[str]:
    assert min(map(len, _MONTHS)) >= 3
    heads: dict[str, set[str]] = {}
    for name in _MONTHS:
        heads.setdefault(name[0], set()).add(name[1:3])
    first = "".join(sorted(map(re.escape, heads)))
    trie = "|".join(
        re.escape(head) + "(?:" + "|".join(sorted(map(re.escape, tails))) + ")" for head, tails in sorted(heads.items())
    )
    return re.compile(rf"\W(?=[\d{first}])(?=\d|{trie})", _FLAGS)


_START = _start_pattern()

# fmt: off
_FRENCH_WORDS = frozenset({
    "le", "la", "les", "des", "du", "de", "et", "est", "une", "un", "dans", "pour", "sur", "avec",
    "au", "aux", "que", "qui", "ont", "sont", "a", "été", "ce", "cette", "il", "elle", "ne", "pas", "par",
})
_ENGLISH_WORDS = frozenset({
    "the", "of", "and", "to", "in", "is", "was", "for", "on", "with", "that", "by", "are", "were",
    "has", "have", "it", "this", "at", "from",
})
# fmt: on
_WORD = re.compile(r"[^\W\d_]+")


def _month(name: str) -> int:
    # The patterns match case-insensitively, so "ſept" (long s), "İ" or "ı" can
    # reach here: fold them the way the regex engine did.
    key = name.lower()
    if key not in _MONTHS:
        key = name.casefold().replace("\u0307", "").replace("ı", "i")
    return _MONTHS[key]


def _build(year: str | None, month: int | None = None, day: str | None = None) -> PartialDate | None:
    """A PartialDate, or None if there is no year or the date is invalid."""
    if year is None:
        return None
    try:
        return PartialDate(int(year), month, None if day is None else int(day))
    except ValueError:
        return None


def _from_match(match: re.Match[str]) -> PartialDate | None:
    """The date of a match of one of the date patterns (None if invalid)."""
    groups = match.groupdict()
    if groups.get("m1"):
        return _build(groups["y1"], _month(groups["m1"]), groups["d1"])
    if groups.get("m2"):
        return _build(groups["y2"], _month(groups["m2"]), groups["d2"])
    if groups.get("m3"):
        return _build(groups["y3"], _month(groups["m3"]))
    if groups.get("iy"):
        month = groups["im"]
        return _build(groups["iy"], None if month is None else int(month), groups["id"])
    if groups.get("sy"):
        return _build(groups["sy"], int(groups["sm"]), groups["sd"])
    if groups.get("fy"):
        return _build(groups["fy"], int(groups["fm"]), groups["fd"])
    return None


def _starts(text: str) -> list[int]:
    """Offsets where a match of _FULL_DATE or _MONTH_YEAR may start (see ``_START``)."""
    return [0, *(m.end() for m in _START.finditer(text))]


def _matches(pattern: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """The same matches as ``pattern.finditer(text)`` for the date patterns above.

    Tries ``pattern.match`` only at ``starts``, a superset of the offsets where
    a match can start, in order (look-behinds still see the text before).
    """
    end = 0
    for start in starts:
        if start >= end:
            found = pattern.match(text, start)
            if found is not None:
                end = found.end()
                yield found


def _looks_french(text: str) -> bool:
    """True if the text is clearly French (used only for slash dates)."""
    french = english = 0
    for word in _WORD.findall(text[:5000].lower()):
        french += word in _FRENCH_WORDS
        english += word in _ENGLISH_WORDS
    return french >= 3 and french >= 3 * english


def extract_date(text: str) -> PartialDate | None:
    """Find the date a French or English news document was written.

    Parameters
    ----------
    text : str
        The document, possibly starting with a metadata prefix or a
        dateline.

    Returns
    -------
    PartialDate or None
        At day precision when the evidence gives a day, month precision for
        a month and year ("date 2024-01", "en janvier 2024"), year precision
        only for an explicit metadata year ("date: 2024").  None if there is
        no evidence.  See the module docstring for the order of evidence.

    Raises
    ------
    TypeError
        If ``text`` is not a str.

    Examples
    --------
    >>> str(extract_date(" date 2024-01 Le Pakistan et l’Iran se sont mis d’accord"))
    '2024-01'
    >>> str(extract_date("Islamabad – 3 août 2025 – Le ministre pakistanais..."))
    '2025-08-03'
    >>> extract_date("WASHINGTON, March 3 (Reuters) - Talks resumed.") is None
    True
    """
    if not isinstance(text, str):
        raise TypeError(f"text: expected str, got {type(text).__name__}")

    metadata = _METADATA.match(text)
    if metadata is not None:
        found = _from_match(metadata)
        if found is not None:
            return found

    dateline = _DATELINE.match(text)
    if dateline is not None and dateline.group().lstrip()[0].isupper():
        found = _from_match(dateline)
        if found is not None:
            return found

    skipped: list[tuple[int, int]] = []  # spans of impossible full dates
    french: bool | None = None  # computed on the first slash date
    starts = _starts(text)
    for match in _matches(_FULL_DATE, text, starts):
        if match.group("fy"):
            if french is None:
                french = _looks_french(text)
            if not french:
                continue
        found = _from_match(match)
        if found is not None and found.precision == "day":
            return found
        if found is None and any(match.group(g) for g in ("y1", "y2", "sy", "fy")):
            skipped.append(match.span())

    for match in _matches(_MONTH_YEAR, text, starts):
        start, end = match.span()
        if any(s <= start < e or s < end <= e for s, e in skipped):
            continue
        found = _from_match(match)
        if found is not None:
            return found
    return None
