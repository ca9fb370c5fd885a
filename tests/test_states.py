"""Tests for toneclf.states: golden mentions, tables, ranking, dyads."""

from __future__ import annotations

import functools
import importlib.resources
import itertools
import re

import pycountry
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toneclf import states
from toneclf.states import StateMention, find_states, main_dyad, normalize_dyad, rank_states

# The 193 UN member states (ISO 3166-1 alpha-3).
UN_MEMBERS = frozenset(
    """
    AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA
    BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG COD CRI CIV HRV CUB CYP CZE
    DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM
    GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO
    LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MDA MCO MNG MNE
    MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA PRK MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL
    PRT QAT KOR ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF
    SSD ESP LKA SDN SUR SWE CHE SYR TJK TZA THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR
    USA URY UZB VUT VEN VNM YEM ZMB ZWE
    """.split()  # noqa: SIM905 (a readable block of codes)
)
REQUIRED = UN_MEMBERS | {"PSE", "TWN", "XKX"}
# Documented exceptions: the only demonyms are shared with another state.
NO_OWN_DEMONYM = {("COG", "en"), ("COG", "fr"), ("DMA", "en")}

PAK_SENTENCE = "Le ministre pakistanais de la Défense a rencontré à Islamabad son homologue iranien."
CAPITALS_SENTENCE = "Islamabad et Téhéran ont souligné leur volonté d'apaiser les tensions."


def triples(text: str) -> list[tuple[str, str, str]]:
    return [(m.code, m.surface, m.kind) for m in find_states(text)]


def pairs(text: str) -> list[tuple[str, str]]:
    return [(m.code, m.surface) for m in find_states(text)]


# --- golden mentions ---------------------------------------------------------

GOLDEN_TRIPLES = [
    # the two sample sentences of the brief
    (PAK_SENTENCE, [("PAK", "pakistanais", "demonym"), ("PAK", "Islamabad", "capital"), ("IRN", "iranien", "demonym")]),
    (CAPITALS_SENTENCE, [("PAK", "Islamabad", "capital"), ("IRN", "Téhéran", "capital")]),
    # names, short and long forms
    ("Les États-Unis et la Chine ont parlé.", [("USA", "États-Unis", "name"), ("CHN", "Chine", "name")]),
    ("la République islamique d'Iran", [("IRN", "République islamique d'Iran", "name")]),
    ("the Islamic Republic of Pakistan", [("PAK", "Islamic Republic of Pakistan", "name")]),
    ("the United States and Russia", [("USA", "United States", "name"), ("RUS", "Russia", "name")]),
    ("the United States of America", [("USA", "United States of America", "name")]),
    ("U.S. officials met UK envoys", [("USA", "U.S.", "name"), ("GBR", "UK", "name")]),
    ("USA and Britain", [("USA", "USA", "name"), ("GBR", "Britain", "name")]),
    ("le Royaume-Uni", [("GBR", "Royaume-Uni", "name")]),
    ("la Fédération de Russie", [("RUS", "Fédération de Russie", "name")]),
    ("Türkiye and Turkey", [("TUR", "Türkiye", "name"), ("TUR", "Turkey", "name")]),
    ("le Kosovo et la Serbie", [("XKX", "Kosovo", "name"), ("SRB", "Serbie", "name")]),
    ("la Palestine et Taïwan", [("PSE", "Palestine", "name"), ("TWN", "Taïwan", "name")]),
    # elision, both apostrophes
    ("l'Iran", [("IRN", "Iran", "name")]),
    ("les sanctions d’Iran", [("IRN", "Iran", "name")]),
    ("l’Inde", [("IND", "Inde", "name")]),
    ("qu'Israël", [("ISR", "Israël", "name")]),
    ("l’Élysée a réagi", [("FRA", "Élysée", "body")]),
    # French demonyms, all genders and numbers, any case
    ("la délégation pakistanaise", [("PAK", "pakistanaise", "demonym")]),
    ("des frappes pakistanaises", [("PAK", "pakistanaises", "demonym")]),
    ("les Pakistanais", [("PAK", "Pakistanais", "demonym")]),
    ("les forces iraniennes", [("IRN", "iraniennes", "demonym")]),
    ("des diplomates iraniens", [("IRN", "iraniens", "demonym")]),
    ("La diplomatie Iranienne", [("IRN", "Iranienne", "demonym")]),
    ("le président américain", [("USA", "américain", "demonym")]),
    ("les troupes américaines", [("USA", "américaines", "demonym")]),
    ("les autorités chinoises", [("CHN", "chinoises", "demonym")]),
    ("la marine turque et les soldats turcs", [("TUR", "turque", "demonym"), ("TUR", "turcs", "demonym")]),
    ("la frontière sud-soudanaise", [("SSD", "sud-soudanaise", "demonym")]),
    ("le gouvernement israelien", [("ISR", "israelien", "demonym")]),
    # English demonyms
    ("Iranian and Pakistani officials", [("IRN", "Iranian", "demonym"), ("PAK", "Pakistani", "demonym")]),
    ("Pakistanis and Iranians", [("PAK", "Pakistanis", "demonym"), ("IRN", "Iranians", "demonym")]),
    ("Turkish and Emirati ministers", [("TUR", "Turkish", "demonym"), ("ARE", "Emirati", "demonym")]),
    ("North Korean and South Korean", [("PRK", "North Korean", "demonym"), ("KOR", "South Korean", "demonym")]),
    # capitals as metonyms
    ("Tehran and Washington", [("IRN", "Tehran", "capital"), ("USA", "Washington", "capital")]),
    ("Pékin et Beijing", [("CHN", "Pékin", "capital"), ("CHN", "Beijing", "capital")]),
    ("Moscou a répondu à Kyiv", [("RUS", "Moscou", "capital"), ("UKR", "Kyiv", "capital")]),
    ("Kiev, Kyïv", [("UKR", "Kiev", "capital"), ("UKR", "Kyïv", "capital")]),
    ("Alger et Rabat", [("DZA", "Alger", "capital"), ("MAR", "Rabat", "capital")]),
    ("une source au Caire", [("EGY", "Caire", "capital")]),
    ("N’Djamena", [("TCD", "N’Djamena", "capital")]),
    # ALL-CAPS datelines
    ("ISLAMABAD, 3 août 2025", [("PAK", "ISLAMABAD", "capital")]),
    ("WASHINGTON, March 3 (Reuters) -", [("USA", "WASHINGTON", "capital")]),
    ("NEW DELHI, Jan. 5 /PTI/", [("IND", "NEW DELHI", "capital")]),
    ("PEKIN (AFP) et PÉKIN", [("CHN", "PEKIN", "capital"), ("CHN", "PÉKIN", "capital")]),
    # official bodies and seats
    ("le Quai d'Orsay", [("FRA", "Quai d'Orsay", "body")]),
    ("le Quai d’Orsay", [("FRA", "Quai d’Orsay", "body")]),
    ("the Kremlin and the White House", [("RUS", "Kremlin", "body"), ("USA", "White House", "body")]),
    ("the Pentagon and the State Department", [("USA", "Pentagon", "body"), ("USA", "State Department", "body")]),
    ("Downing Street and Foggy Bottom", [("GBR", "Downing Street", "body"), ("USA", "Foggy Bottom", "body")]),
    ("Zhongnanhai", [("CHN", "Zhongnanhai", "body")]),
    ("la Maison-Blanche et le Kremlin", [("USA", "Maison-Blanche", "body"), ("RUS", "Kremlin", "body")]),
    ("South Block said", [("IND", "South Block", "body")]),
    ("Matignon a confirmé", [("FRA", "Matignon", "body")]),
]

GOLDEN_PAIRS = [
    # (regression name, text, expected (code, surface) pairs)
    ("niger_not_inside_nigeria", "Niger and Nigeria", [("NER", "Niger"), ("NGA", "Nigeria")]),
    ("niger_not_inside_nigeria_fr", "le Niger et le Nigéria", [("NER", "Niger"), ("NGA", "Nigéria")]),
    ("nigerien_vs_nigerian_fr", "nigérien ou nigériane", [("NER", "nigérien"), ("NGA", "nigériane")]),
    ("nigerien_vs_nigerian_en", "Nigerien and Nigerian troops", [("NER", "Nigerien"), ("NGA", "Nigerian")]),
    ("guinee_alone", "Guinée", [("GIN", "Guinée")]),
    ("guinee_bissau_longest", "Guinée-Bissau", [("GNB", "Guinée-Bissau")]),
    ("guinee_equatoriale_longest", "la Guinée équatoriale", [("GNQ", "Guinée équatoriale")]),
    ("papouasie_not_guinee", "Papouasie-Nouvelle-Guinée", [("PNG", "Papouasie-Nouvelle-Guinée")]),
    (
        "guinea_family_en",
        "Guinea, Guinea-Bissau, Equatorial Guinea",
        [("GIN", "Guinea"), ("GNB", "Guinea-Bissau"), ("GNQ", "Equatorial Guinea")],
    ),
    ("non_breaking_hyphen", "Guinée\u2011Bissau", [("GNB", "Guinée\u2011Bissau")]),
    ("congo_alone_is_cog", "le Congo", [("COG", "Congo")]),
    ("rdc_is_cod", "la RDC", [("COD", "RDC")]),
    ("rdc_long_form", "la République démocratique du Congo", [("COD", "République démocratique du Congo")]),
    (
        "congo_kinshasa_vs_brazzaville",
        "Congo-Kinshasa et Congo-Brazzaville",
        [("COD", "Congo-Kinshasa"), ("COG", "Congo-Brazzaville")],
    ),
    ("dr_congo_en", "DR Congo and the DRC", [("COD", "DR Congo"), ("COD", "DRC")]),
    ("congolese_is_cod", "the Congolese parliament in Kinshasa", [("COD", "Congolese"), ("COD", "Kinshasa")]),
    ("congolais_is_cod", "le gouvernement congolais", [("COD", "congolais")]),
    ("lake_chad_not_chad", "from Lake Chad to the lac Tchad shores", []),
    ("british_columbia_not_gbr", "British Columbia et la Colombie-Britannique", []),
    ("minsk_group_not_belarus", "The OSCE Minsk Group and the Oslo Accords", []),
    ("south_sudan_longest", "Sudan and South Sudan", [("SDN", "Sudan"), ("SSD", "South Sudan")]),
    ("soudan_du_sud_longest", "le Soudan du Sud", [("SSD", "Soudan du Sud")]),
    (
        "korea_variants",
        "North Korea, South Korea, Korea",
        [("PRK", "North Korea"), ("KOR", "South Korea"), ("KOR", "Korea")],
    ),
    ("coree_du_nord", "la Corée du Nord", [("PRK", "Corée du Nord")]),
    ("northern_ireland_is_gbr", "Northern Ireland and Ireland", [("GBR", "Northern Ireland"), ("IRL", "Ireland")]),
    (
        "prc_vs_roc",
        "the People's Republic of China and the Republic of China",
        [("CHN", "People's Republic of China"), ("TWN", "Republic of China")],
    ),
    (
        "dominica_vs_dominican",
        "Dominica and the Dominican Republic",
        [("DMA", "Dominica"), ("DOM", "Dominican Republic")],
    ),
    ("georgia_is_the_country", "Georgia and Armenia", [("GEO", "Georgia"), ("ARM", "Armenia")]),
    ("turkey_the_bird", "a turkey dinner", []),
    ("turkey_the_country", "Turkey and Greece", [("TUR", "Turkey"), ("GRC", "Greece")]),
    ("chad_lowercase", "the chad of the ballot", []),
    ("chad_the_country", "Chad and Sudan", [("TCD", "Chad"), ("SDN", "Sudan")]),
    ("chad_before_title", "Chad President Mahamat Déby", [("TCD", "Chad")]),
    ("jordan_peterson_is_a_person", "Jordan Peterson said", []),
    ("jordan_bardella_is_a_person", "Jordan Bardella a déclaré", []),
    ("victoria_nuland_is_a_person", "Victoria Nuland met Ukrainian officials", [("UKR", "Ukrainian")]),
    ("jordan_the_country", "Jordan and Egypt", [("JOR", "Jordan"), ("EGY", "Egypt")]),
    ("jordan_before_title", "Jordan King Abdullah", [("JOR", "Jordan")]),
    ("jordan_possessive", "Jordan's king", [("JOR", "Jordan")]),
    ("dominique_first_name", "la Dominique et Dominique de Villepin", [("DMA", "la Dominique")]),
    ("lowercase_names", "the iran of turkey: lowercase words", []),
    ("latin_america_not_usa", "Latin American leaders met in South America", []),
    ("latino_americain_not_usa", "les pays latino-américains", []),
    ("south_china_sea_not_china", "tensions in the South China Sea", []),
    ("new_mexico_indiana", "New Mexico and Indiana", []),
    ("ocean_indien_golfe_de_guinee", "dans l’océan Indien et le golfe de Guinée", []),
    ("niger_delta_not_niger", "violence in the Niger Delta", []),
    (
        "no_match_inside_words",
        "Indianapolis, Romanians, Omanis",
        [("ROU", "Romanians"), ("OMN", "Omanis")],
    ),
    ("newline_inside_name", "the United\nStates", [("USA", "United\nStates")]),
    ("city_state_capital_dateline", "SINGAPORE, 3 March", [("SGP", "SINGAPORE")]),
]


@pytest.mark.parametrize(("text", "expected"), GOLDEN_TRIPLES, ids=[t[:40] for t, _ in GOLDEN_TRIPLES])
def test_find_states_golden(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert triples(text) == expected


@pytest.mark.parametrize(("name", "text", "expected"), GOLDEN_PAIRS, ids=[n for n, _, _ in GOLDEN_PAIRS])
def test_find_states_regressions(name: str, text: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(text) == expected


@pytest.mark.parametrize("text", [t for t, _ in GOLDEN_TRIPLES] + [t for _, t, _ in GOLDEN_PAIRS])
def test_offsets_point_at_surface(text: str) -> None:
    mentions = find_states(text)
    for m in mentions:
        assert text[m.start : m.end] == m.surface
    assert all(a.end <= b.start for a, b in itertools.pairwise(mentions))


def test_iranien_not_matched_inside_iraniennes() -> None:
    assert pairs("Iraniennes") == [("IRN", "Iraniennes")]
    assert pairs("Iranienneses") == []


def test_offsets_after_prefix_are_into_original_text() -> None:
    text = "  \u00ab\u00a0l’Iran\u00a0\u00bb et l'Inde"
    assert [(m.start, m.end) for m in find_states(text)] == [(6, 10), (18, 22)]


def test_mention_is_frozen_dataclass() -> None:
    mention = find_states("Iran")[0]
    assert mention == StateMention("IRN", 0, 4, "Iran", "name")
    with pytest.raises(AttributeError):
        mention.code = "PAK"  # type: ignore[misc]


@pytest.mark.parametrize("bad", [None, b"Iran", 42, ["Iran"]])
def test_find_states_rejects_non_str(bad: object) -> None:
    with pytest.raises(TypeError, match=rf"text: expected str, got {type(bad).__name__}"):
        find_states(bad)  # type: ignore[arg-type]


_FORMS = st.sampled_from(["Iran", "l’Iran", "pakistanais", "Guinée", "Guinée-Bissau", "Niger", "U.S.", "ISLAMABAD"])


@given(st.lists(st.one_of(_FORMS, st.text(max_size=8)), max_size=12))
@settings(max_examples=200, deadline=None)
def test_offsets_invariant_on_arbitrary_text(parts: list[str]) -> None:
    text = " ".join(parts)
    mentions = find_states(text)
    for m in mentions:
        assert text[m.start : m.end] == m.surface
        assert m.kind in states.KINDS
    assert all(a.end <= b.start for a, b in itertools.pairwise(mentions))


# --- tables ------------------------------------------------------------------


def _table(lang: str) -> list[list[str]]:
    path = importlib.resources.files("toneclf").joinpath(f"resources/states_{lang}.tsv")
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]


TABLES = {lang: _table(lang) for lang in ("en", "fr")}
ROWS = [(lang, *row) for lang, table in TABLES.items() for row in table[1:]]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_table_format(lang: str) -> None:
    table = TABLES[lang]
    assert table[0] == ["code", "form", "kind", "case"]
    for row in table[1:]:
        assert len(row) == 4, row
        _code, form, kind, case = row
        assert kind in states.KINDS and case in ("exact", "fold"), row
        assert form == form.strip() and form, row
    assert len({(r[1], r[2], r[3]) for r in table[1:]}) == len(table) - 1, "duplicate row"


def test_table_codes_are_known_to_pycountry() -> None:
    codes = {code for _lang, code, *_ in ROWS}
    unknown = {c for c in codes if pycountry.countries.get(alpha_3=c) is None} - {"XKX"}
    assert unknown == set()


def test_no_form_maps_to_two_states() -> None:
    seen: dict[tuple[str, str], str] = {}
    for _lang, code, form, _kind, case in ROWS:
        key = (states._normalize(form).casefold(), case)
        assert seen.setdefault(key, code) == code, form


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("kind", ["name", "capital", "demonym"])
def test_every_required_state_is_covered(lang: str, kind: str) -> None:
    assert len(UN_MEMBERS) == 193
    covered = {code for row_lang, code, _form, row_kind, _case in ROWS if row_lang == lang and row_kind == kind}
    missing = REQUIRED - covered
    if kind == "demonym":
        missing -= {code for code, exc_lang in NO_OWN_DEMONYM if exc_lang == lang}
    assert missing == set()


def test_every_table_form_is_found() -> None:
    """Each form is found alone, as one mention of its state; fold forms in
    any case; capitals also in ALL CAPS (datelines), as capitals."""
    failures: list[tuple[str, str, object]] = []
    for _lang, code, form, kind, case in ROWS:
        found = [(m.code, m.surface) for m in find_states(f"({form}).")]
        if found != [(code, form)]:
            failures.append((form, code, found))
        if case == "fold" and [m.code for m in find_states(form.upper())] != [code]:
            failures.append((form.upper(), code, "fold"))
        if kind == "capital":
            caps = [(m.code, m.kind) for m in find_states(f"{form.upper()}, 3 mars")]
            if caps != [(code, "capital")]:
                failures.append((form.upper(), code, caps))
    assert len(ROWS) > 2500
    assert failures == []


def test_tables_are_compiled_once(monkeypatch: pytest.MonkeyPatch) -> None:
    find_states("Iran")
    first = states._matcher()

    def fail() -> None:
        raise AssertionError("tables read again")

    monkeypatch.setattr(states, "_read_rows", fail)
    assert pairs("l'Iran et le Pakistan") == [("IRN", "Iran"), ("PAK", "Pakistan")]
    assert states._matcher() is first


# --- the two ways of searching: the forms' index, then the compiled regexes ------------------

# (name, text): each caught, or would catch, a way the index could differ from the regex.
SEARCH_CASES = [
    ("modifier_apostrophe_is_a_word_character", "l\u02bcIran et la C\u00f4te d\u02bcIvoire"),
    ("curly_apostrophe_inside_a_form", "la C\u00f4te d\u2019Ivoire et l\u2019Iran"),
    ("white_space_runs_inside_a_form", "the United \n\t States and Saudi\u00a0\u00a0Arabia"),
    ("non_breaking_hyphen", "les \u00c9tats\u2011Unis et les \u00c9mirats arabes unis"),
    ("form_followed_by_a_word_character", "Iranian Iran_x Iran2 Iran"),
    ("longest_form_wins", "the Islamic Republic of Pakistan and the Islamic Republic"),
    ("dotted_forms", "U.S.-led talks, the U.S.A. and Washington, D.C."),
    ("capital_sigma_lowercases_by_context", "\u0391\u03a3 IRANIAN \u03a3pakistanais"),
    ("case_traps_take_the_slow_way", "les PAKISTANAIS et les \u0130raniens, \u017foudanais"),
    ("upper_case_capitals", "ISLAMABAD, 3 mars - T\u00c9H\u00c9RAN et TEHERAN"),
    ("empty", ""),
]


def _generated_texts(count: int, seed: int = 0) -> list[str]:
    """Table forms in random spellings (case, white space, apostrophes, hyphens) between random separators."""
    import random

    rng = random.Random(seed)
    matcher = states._matcher()
    forms = sorted(matcher.exact_index) + sorted(matcher.fold_index)
    separators = [" ", "  ", "\t", "\n", "\u00a0", "'", "\u2019", "\u02bc", "-", "\u2010", "\u2011", ".", ",", "",
                  "x", "\u00e9", "_", "\u03a3", "\u0130"]
    texts = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 6)):
            form = rng.choice(forms) if rng.random() < 0.7 else rng.choice(["le", "the", "al", "d", "St", "U"])
            form = form.replace(" ", rng.choice([" ", "  ", "\n", "\u00a0"]))
            form = form.replace("'", rng.choice(["'", "\u2019", "\u02bc"])).replace("-", rng.choice(["-", "\u2011"]))
            form = rng.choice([form, form, form.upper(), form.lower(), form.title()])
            parts += [form, rng.choice(separators)]
        texts.append("".join(parts))
    return texts


@functools.lru_cache(maxsize=1)
def _reference_regexes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    matcher = states._matcher()
    return states._compile(matcher.exact_index), states._compile(matcher.fold_index, re.IGNORECASE)


def _reference_spans(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The matches of the plain look-behind regexes (``states._compile``), which define the search."""
    exact, fold = _reference_regexes()
    return [m.span() for m in exact.finditer(text)], [m.span() for m in fold.finditer(text)]


@pytest.fixture(scope="module")
def search_texts(root) -> list[str]:
    import pandas as pd

    corpus = pd.read_csv(root / "data" / "corpus.csv")["text"].tolist()
    seeds = [path.read_text(encoding="utf-8") for path in sorted((root / "seeds").glob("*.txt"))]
    return [text for _, text in SEARCH_CASES] + corpus[::8] + seeds + _generated_texts(1500)


@pytest.mark.parametrize("way", ["index", "regexes"])
def test_both_ways_of_searching_find_what_the_reference_regexes_find(
    way: str, search_texts: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    matcher = states._matcher()
    monkeypatch.setattr(states, "_INDEX_TEXTS", 10**12 if way == "index" else 0)
    monkeypatch.setattr(states, "_searched", 0)
    differ = [text for text in search_texts if states._both_spans(matcher, text) != _reference_spans(text)]
    assert differ == []


@pytest.mark.parametrize(("name", "text"), SEARCH_CASES, ids=[name for name, _ in SEARCH_CASES])
def test_search_regressions_index_equals_regexes(name: str, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    matcher = states._matcher()
    monkeypatch.setattr(states, "_INDEX_TEXTS", 10**12)
    by_index = states._both_spans(matcher, text)
    monkeypatch.setattr(states, "_INDEX_TEXTS", 0)
    assert by_index == states._both_spans(matcher, text) == _reference_spans(text)


def test_regexes_are_compiled_only_after_the_first_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    """A short job never pays for the regexes; a long one switches to them after _INDEX_TEXTS texts."""
    compiled = []
    monkeypatch.setattr(states, "_compile_scanner", lambda forms: compiled.append(1) or re.compile(r"$^"))
    states._regexes.cache_clear()
    monkeypatch.setattr(states, "_INDEX_TEXTS", 3)
    monkeypatch.setattr(states, "_searched", 0)
    try:
        for _ in range(3):
            assert pairs("l'Iran et le Pakistan") == [("IRN", "Iran"), ("PAK", "Pakistan")]
        assert compiled == []
        find_states("l'Iran et le Pakistan")  # the fourth text: searched with the (stub) regexes
        assert compiled == [1, 1]
    finally:
        states._regexes.cache_clear()


@pytest.mark.parametrize(
    "text", ["\u0391\u03a3'\u0391 \u0391\u03a3", "\u0391\u03a3 \u0391\u03a3'\u0391", "\u03a3\u03a3"]
)
def test_index_lowercases_a_capital_sigma_in_context(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Final sigma: "ΑΣ" lowercases to "ας" alone but to "ασ" before an apostrophe and a letter."""
    fold_index = {"\u03b1\u03c3": ("GRC", "name"), "\u03b1\u03c2": ("GRC", "name")}
    matcher = states._Matcher(exact=states._Scanner([]), fold=states._Scanner(fold_index),
                              exact_index={}, fold_index=fold_index)
    monkeypatch.setattr(states, "_INDEX_TEXTS", 10**12)
    lowered = text.lower()
    expected = [(m.start(1) - 1, m.end(1) - 1) for m in states._compile_scanner(fold_index).finditer(" " + lowered)]
    assert states._both_spans(matcher, text)[1] == expected


def test_a_form_must_start_with_a_word_character() -> None:
    with pytest.raises(RuntimeError, match="must start with a letter or digit"):
        states._Scanner(["Iran", "-Iran"])


# --- ranking and dyads -------------------------------------------------------

RANK_CASES = [
    (["IRN", "PAK", "PAK", "USA", "IRN", "PAK"], ("PAK", "IRN", "USA")),
    (["USA", "IRN", "IRN", "USA"], ("USA", "IRN")),  # tie: first appearance
    (["CHN"], ("CHN",)),
    ([], ()),
]


@pytest.mark.parametrize(("codes", "expected"), RANK_CASES)
def test_rank_states(codes: list[str], expected: tuple[str, ...]) -> None:
    assert rank_states(codes) == expected
    assert rank_states(iter(codes)) == expected


@pytest.mark.parametrize("bad", ["IRN", None, 3, ["IRN", 4]])
def test_rank_states_rejects_bad_input(bad: object) -> None:
    with pytest.raises(TypeError, match="codes"):
        rank_states(bad)  # type: ignore[arg-type]


DYAD_CASES = [
    ("single_pair", [["PAK", "IRN"], ["PAK"], ["USA"]], "IRN-PAK"),
    ("repeats_in_sentence", [["PAK", "PAK"], ["PAK", "IRN"], ["USA"]], "IRN-PAK"),
    ("cooccurrence_beats_frequency", [["USA"]] * 5 + [["IRN", "PAK"], ["PAK", "IRN"], ["USA", "IRN"]], "IRN-PAK"),
    ("tie_broken_by_mentions", [["IRN", "PAK"], ["USA", "CHN"], ["USA"]], "CHN-USA"),
    ("tie_broken_by_first_pair", [["IRN", "PAK"], ["USA", "CHN"]], "IRN-PAK"),
    ("tie_broken_by_first_pair_reversed", [["USA", "CHN"], ["IRN", "PAK"]], "CHN-USA"),
    ("tie_within_sentence_order", [["PAK", "IRN", "USA"]], "IRN-PAK"),
    ("fallback_most_frequent", [["PAK"], ["IRN"], ["IRN"], ["USA"]], "IRN-PAK"),
    ("fallback_first_appearance", [["USA"], [], ["PAK"], ["CHN"]], "PAK-USA"),
    ("one_state_only", [["PAK"], ["PAK", "PAK"]], None),
    ("no_sentence", [], None),
    ("empty_sentences", [[], []], None),
]


@pytest.mark.parametrize(("name", "sentences", "expected"), DYAD_CASES, ids=[c[0] for c in DYAD_CASES])
def test_main_dyad(name: str, sentences: list[list[str]], expected: str | None) -> None:
    assert main_dyad(sentences) == expected
    assert main_dyad(tuple(tuple(s) for s in sentences)) == expected


def test_main_dyad_from_sample_sentences() -> None:
    sentence_codes = [[m.code for m in find_states(s)] for s in (PAK_SENTENCE, CAPITALS_SENTENCE)]
    assert sentence_codes == [["PAK", "PAK", "IRN"], ["PAK", "IRN"]]
    assert main_dyad(sentence_codes) == "IRN-PAK"
    assert rank_states(c for s in sentence_codes for c in s) == ("PAK", "IRN")


@pytest.mark.parametrize("bad", ["PAK IRN", None, [["PAK"], "IRN"], [["PAK", 1]]])
def test_main_dyad_rejects_bad_input(bad: object) -> None:
    with pytest.raises(TypeError, match="sentence_codes"):
        main_dyad(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("PAK-IRN", "IRN-PAK"),
        ("pak-irn", "IRN-PAK"),
        ("IRN/PAK", "IRN-PAK"),
        ("PAK IRN", "IRN-PAK"),
        (" pak , irn ", "IRN-PAK"),
        ("IRN-PAK", "IRN-PAK"),
        ("XKX-SRB", "SRB-XKX"),
        ("TWN/CHN", "CHN-TWN"),
    ],
)
def test_normalize_dyad(value: str, expected: str) -> None:
    assert normalize_dyad(value) == expected


@pytest.mark.parametrize(
    "value", ["PAK", "PAK-IRN-USA", "PAKIRN", "PA-IRN", "", "PAK-XYZ", "QQQ-IRN", "PAK-PAK", "PAK_IRN"]
)
def test_normalize_dyad_errors(value: str) -> None:
    with pytest.raises(ValueError) as info:
        normalize_dyad(value)
    message = str(info.value)
    assert message.startswith("dyad: ")
    assert "two ISO 3166 alpha-3 codes like 'PAK-IRN'" in message
    assert repr(value) in message


def test_normalize_dyad_names_unknown_code() -> None:
    with pytest.raises(ValueError, match="unknown code XYZ"):
        normalize_dyad("PAK-XYZ")


@pytest.mark.parametrize("bad", [None, 42, ("PAK", "IRN")])
def test_normalize_dyad_rejects_non_str(bad: object) -> None:
    with pytest.raises(TypeError, match=rf"dyad: expected str, got {type(bad).__name__}"):
        normalize_dyad(bad)  # type: ignore[arg-type]
