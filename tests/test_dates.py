"""Tests for toneclf.dates: PartialDate and extract_date."""

from __future__ import annotations

import dataclasses
import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toneclf.dates import PartialDate, extract_date

# --- extract_date golden table ------------------------------------------------

GOLDEN = [
    # (regression name, text, expected isoformat or None)
    # 1. metadata prefix
    (
        "metadata_month_kept_as_month",
        " date 2024-01 Le Pakistan et l’Iran se sont mis d’accord vendredi sur la nécessité...",
        "2024-01",
    ),
    ("metadata_colon_iso_day", "Date: 2024-01-05\nLe ministre a parlé.", "2024-01-05"),
    ("metadata_iso_with_time", "Date: 2024-01-05T10:30:00Z\nText", "2024-01-05"),
    ("metadata_written_fr", "date: 5 mars 2024 Le ministre a parlé.", "2024-03-05"),
    ("metadata_month_name_fr", "date : mars 2024\nLe ministre", "2024-03"),
    ("metadata_year_only", "date 2024\nLe ministre a parlé le 3 mai.", "2024"),
    ("metadata_beats_body_date", "date 2024-01 Le traité du 5 mars 1999 est caduc.", "2024-01"),
    ("metadata_invalid_falls_back", "date 2024-13 Le texte du 5 mai 2024.", "2024-05-05"),
    ("metadata_published_en", "Published: March 5, 2024. The minister said", "2024-03-05"),
    # 2. datelines
    (
        "dateline_en_dash_fr",
        "Islamabad – 3 août 2025 – Le ministre pakistanais de la Défense a rencontré...",
        "2025-08-03",
    ),
    ("dateline_em_dash", "Islamabad — 3 août 2025 — Le ministre", "2025-08-03"),
    ("dateline_hyphen", "Islamabad - 3 août 2025 - Le ministre", "2025-08-03"),
    ("dateline_afp", "PARIS, 12 mars 2024 (AFP) - Le ministre", "2024-03-12"),
    ("dateline_weekday_fr", "PARIS, lundi 3 mars 2025 (AFP) - Le ministre", "2025-03-03"),
    (
        "dateline_without_year_is_no_date",
        "WASHINGTON, March 3 (Reuters) - The United States severed ties in 2016.",
        None,
    ),
    (
        "dateline_without_year_then_body_date",
        "WASHINGTON, March 3 (Reuters) - In a statement dated March 1, 2024, officials said",
        "2024-03-01",
    ),
    ("dateline_day_month_year_en", "Tehran, 5 January 2024 — Iran said", "2024-01-05"),
    ("dateline_abbreviated_month_en", "NEW DELHI, Jan. 5, 2025 /PTI/ India said", "2025-01-05"),
    # 3. first full date in the body
    ("body_le_jour_mois_annee", "Le ministre est arrivé le 3 août 2025 à Islamabad.", "2025-08-03"),
    ("body_premier", "Le sommet s'ouvrira le 1er mars 2024.", "2024-03-01"),
    ("body_no_accent_aout", "signé le 3 aout 2025", "2025-08-03"),
    ("body_no_accent_fevrier", "signé le 12 fevrier 2024", "2024-02-12"),
    ("body_abbrev_fevr", "signé le 12 févr. 2024", "2024-02-12"),
    ("body_abbrev_janv", "signé le 5 janv. 2024", "2024-01-05"),
    ("body_decembre", "le 25 décembre 2023 et le 25 decembre 2022", "2023-12-25"),
    ("body_uppercase_month", "LE 3 AOÛT 2025", "2025-08-03"),
    ("body_day_month_year_en", "The talks opened on 3 August 2025.", "2025-08-03"),
    ("body_month_day_year_en", "The talks opened on August 3, 2025.", "2025-08-03"),
    ("body_abbrev_month_day_year_en", "The talks opened on Aug. 3, 2025.", "2025-08-03"),
    ("body_sept_abbreviation", "Sept. 12, 2024 was the day", "2024-09-12"),
    ("body_ordinal_of_en", "on the 3rd of August, 2025", "2025-08-03"),
    ("body_weekday_en", "on Monday, August 4, 2025, the envoys met", "2025-08-04"),
    ("body_iso", "The report (2025-08-03) said", "2025-08-03"),
    ("slash_date_in_french_text", "Le 03/08/2025, le ministre a rencontré son homologue à Islamabad.", "2025-08-03"),
    ("slash_date_skipped_in_english", "On 03/08/2025 the minister met his counterpart in Islamabad.", None),
    ("invalid_date_skipped", "Le 31 février 2024, le ministre a parlé.", None),
    ("invalid_date_then_valid", "Le 31 février 2024 puis le 2 mars 2024, il a parlé.", "2024-03-02"),
    ("day_month_without_year_is_no_date", "Le 1er mars, les deux pays ont signé.", None),
    # 4. month and year, bare years
    ("month_year_fr", "en janvier 2024 les deux pays ont rompu", "2024-01"),
    ("month_year_en", "in January 2024, the two countries met", "2024-01"),
    ("full_date_beats_earlier_month_year", "Talks in January 2024 led to an accord on 5 March 2024.", "2024-03-05"),
    ("bare_year_is_not_a_date", "The two countries severed ties in 2016.", None),
    ("bare_years_fr", "depuis 2016 et jusqu'en 2017", None),
    ("empty_text", "", None),
]


@pytest.mark.parametrize(("name", "text", "expected"), GOLDEN, ids=[n for n, _, _ in GOLDEN])
def test_extract_date(name: str, text: str, expected: str | None) -> None:
    found = extract_date(text)
    assert (None if found is None else found.isoformat()) == expected


def test_metadata_month_precision_is_month() -> None:
    found = extract_date(" date 2024-01 Le Pakistan et l’Iran se sont mis d’accord vendredi")
    assert found == PartialDate(2024, 1)
    assert found is not None and found.precision == "month" and found.day is None


def test_dateline_precision_is_day() -> None:
    found = extract_date("Islamabad – 3 août 2025 – Le ministre pakistanais de la Défense a rencontré...")
    assert found == PartialDate(2025, 8, 3)
    assert found is not None and found.precision == "day"


@pytest.mark.parametrize("bad", [None, b"date 2024", 2024, ["2024"]])
def test_extract_date_rejects_non_str(bad: object) -> None:
    with pytest.raises(TypeError, match=rf"text: expected str, got {type(bad).__name__}"):
        extract_date(bad)  # type: ignore[arg-type]


FR_MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
EN_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@given(
    day=st.dates(min_value=datetime.date(1950, 1, 1), max_value=datetime.date(2099, 12, 31)),
    style=st.sampled_from(["fr", "fr1er", "en_dmy", "en_mdy", "iso"]),
)
@settings(max_examples=300, deadline=None)
def test_extract_date_reads_every_written_date(day: datetime.date, style: str) -> None:
    if style in ("fr", "fr1er"):
        number = "1er" if style == "fr1er" and day.day == 1 else str(day.day)
        text = f"Le ministre a déclaré le {number} {FR_MONTHS[day.month - 1]} {day.year} que les tensions baissaient."
    elif style == "en_dmy":
        text = f"The minister said on {day.day} {EN_MONTHS[day.month - 1]} {day.year} that tensions eased."
    elif style == "en_mdy":
        text = f"The minister said on {EN_MONTHS[day.month - 1]} {day.day}, {day.year} that tensions eased."
    else:
        text = f"The minister said ({day.isoformat()}) that tensions eased."
    assert extract_date(text) == PartialDate(day.year, day.month, day.day)


# --- PartialDate ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "field", "value"),
    [
        ((2024, 13), "month", "13"),
        ((2024, 0), "month", "0"),
        ((2024, 2, 30), "day", "30"),
        ((2023, 2, 29), "day", "29"),
        ((2024, 4, 31), "day", "31"),
        ((2024, 1, 0), "day", "0"),
        ((2024, None, 5), "day", "5"),
        ((0,), "year", "0"),
        ((10000,), "year", "10000"),
    ],
)
def test_partial_date_validation(args: tuple[int, ...], field: str, value: str) -> None:
    with pytest.raises(ValueError) as info:
        PartialDate(*args)
    message = str(info.value)
    assert field in message and value in message


@pytest.mark.parametrize(
    ("args", "field"),
    [(("2024",), "year"), ((2024.0,), "year"), ((True,), "year"), ((2024, "1"), "month"), ((2024, 1, 5.0), "day")],
)
def test_partial_date_type_errors(args: tuple[object, ...], field: str) -> None:
    with pytest.raises(TypeError, match=field):
        PartialDate(*args)  # type: ignore[arg-type]


def test_leap_day_is_valid() -> None:
    assert PartialDate(2024, 2, 29).to_date() == datetime.date(2024, 2, 29)


@pytest.mark.parametrize(
    ("date", "precision", "iso", "first_day"),
    [
        (PartialDate(2024), "year", "2024", datetime.date(2024, 1, 1)),
        (PartialDate(2024, 1), "month", "2024-01", datetime.date(2024, 1, 1)),
        (PartialDate(2025, 8, 3), "day", "2025-08-03", datetime.date(2025, 8, 3)),
        (PartialDate(999, 12), "month", "0999-12", datetime.date(999, 12, 1)),
    ],
)
def test_partial_date_accessors(date: PartialDate, precision: str, iso: str, first_day: datetime.date) -> None:
    assert date.precision == precision
    assert date.isoformat() == iso
    assert str(date) == iso
    assert date.to_date() == first_day


@pytest.mark.parametrize("text", ["2024", "2024-01", "2024-01-05", "2024-02-29", "0999-12-31", " 2024-03 "])
def test_parse_round_trip(text: str) -> None:
    parsed = PartialDate.parse(text)
    assert str(parsed) == text.strip()
    assert PartialDate.parse(str(parsed)) == parsed


@given(
    day=st.dates(),
    precision=st.sampled_from(["year", "month", "day"]),
)
def test_parse_isoformat_round_trip_property(day: datetime.date, precision: str) -> None:
    date = PartialDate(
        day.year,
        day.month if precision != "year" else None,
        day.day if precision == "day" else None,
    )
    assert PartialDate.parse(date.isoformat()) == date
    assert date.precision == precision


def test_parse_date_datetime_and_partial_date() -> None:
    assert PartialDate.parse(datetime.date(2025, 8, 3)) == PartialDate(2025, 8, 3)
    assert PartialDate.parse(datetime.datetime(2025, 8, 3, 14, 30)) == PartialDate(2025, 8, 3)
    existing = PartialDate(2024, 1)
    assert PartialDate.parse(existing) is existing


@pytest.mark.parametrize("text", ["2024-1", "2024-13", "2024-02-30", "March 2024", "", "24-01-05", "2024/01/05"])
def test_parse_value_errors_name_date(text: str) -> None:
    with pytest.raises(ValueError) as info:
        PartialDate.parse(text)
    assert str(info.value).startswith("date: ")
    assert repr(text) in str(info.value)


@pytest.mark.parametrize("bad", [2024, None, 2024.5, ["2024"]])
def test_parse_type_errors_name_date(bad: object) -> None:
    with pytest.raises(TypeError, match=rf"date: expected str, datetime.date or PartialDate, got {type(bad).__name__}"):
        PartialDate.parse(bad)  # type: ignore[arg-type]


def test_ordering_is_chronological_and_coarse_first() -> None:
    expected = [
        PartialDate(2023, 12, 31),
        PartialDate(2024),
        PartialDate(2024, 1),
        PartialDate(2024, 1, 1),
        PartialDate(2024, 1, 2),
        PartialDate(2024, 2),
        PartialDate(2025),
    ]
    assert sorted(reversed(expected)) == expected
    assert PartialDate(2024) < PartialDate(2024, 1) < PartialDate(2024, 1, 5)
    assert max(expected) == PartialDate(2025)


@given(a=st.dates(), b=st.dates())
def test_ordering_matches_dates(a: datetime.date, b: datetime.date) -> None:
    pa, pb = PartialDate.parse(a), PartialDate.parse(b)
    assert (pa < pb) == (a < b)
    assert (pa == pb) == (a == b)


def test_equality_and_hash() -> None:
    assert PartialDate(2024, 1) == PartialDate(2024, 1, None)
    assert PartialDate(2024, 1) != PartialDate(2024, 1, 1)
    assert PartialDate(2024) != PartialDate(2024, 1)
    assert len({PartialDate(2024, 1), PartialDate(2024, 1), PartialDate(2024, 1, 1)}) == 2


def test_frozen_and_repr() -> None:
    date = PartialDate(2024, 1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        date.year = 2025  # type: ignore[misc]
    assert repr(date) == "PartialDate(year=2024, month=1, day=None)"
