"""Golden tests for the sentence splitter (nltk Punkt with the project's parameters)."""

from __future__ import annotations

import pytest

from toneclf.segment import split_sentences


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


GOLDEN = [
    # French abbreviations and titles
    ("M. Dupont a rencontré Mme Martin à Paris. Ils ont parlé du Sahel.",
     ["M. Dupont a rencontré Mme Martin à Paris.", "Ils ont parlé du Sahel."]),
    ("Le Dr Ahmed et le Pr Kone sont arrivés. La réunion commence.",
     ["Le Dr Ahmed et le Pr Kone sont arrivés.", "La réunion commence."]),
    ("Le gén. Diallo a parlé. Le col. Traoré aussi.",
     ["Le gén. Diallo a parlé.", "Le col. Traoré aussi."]),
    # English abbreviations
    ("The U.S. envoy met Gen. Smith on Jan. 5 in Manila. Talks went well.",
     ["The U.S. envoy met Gen. Smith on Jan. 5 in Manila.", "Talks went well."]),
    ("Mr. Lee and Dr. Park spoke. Lt. Col. Kim did not.",
     ["Mr. Lee and Dr. Park spoke.", "Lt. Col. Kim did not."]),
    ("The U.N. Security Council met. It adjourned.", ["The U.N. Security Council met.", "It adjourned."]),
    # numbers
    ("Les échanges ont atteint 10,5 milliards de dollars. Ils progressent.",
     ["Les échanges ont atteint 10,5 milliards de dollars.", "Ils progressent."]),
    ("Trade rose 3.5 percent in 2024. Exports fell.", ["Trade rose 3.5 percent in 2024.", "Exports fell."]),
    # quotations
    ("« Nous voulons la paix », a-t-il dit. Le ministre est parti.",
     ["« Nous voulons la paix », a-t-il dit.", "Le ministre est parti."]),
    ("Il a ajouté. « Le dialogue est la seule voie », a-t-il écrit.",
     ["Il a ajouté.", "« Le dialogue est la seule voie », a-t-il écrit."]),
    ("He said: “We will talk.” Then he left.", ["He said: “We will talk.”", "Then he left."]),
    # datelines and metadata
    ("Islamabad – 3 août 2025 – Le ministre a rencontré son homologue.",
     ["Islamabad – 3 août 2025 –", "Le ministre a rencontré son homologue."]),
    ("PARIS, 12 mars 2024 (AFP) - Le président a parlé.", ["PARIS, 12 mars 2024 (AFP) -", "Le président a parlé."]),
    ("WASHINGTON (Reuters) - The talks resumed.", ["WASHINGTON (Reuters) -", "The talks resumed."]),
    ("NEW DELHI, Jan. 5, 2025 /PTI/ India and Nepal met.", ["NEW DELHI, Jan. 5, 2025 /PTI/", "India and Nepal met."]),
    (" date 2024-01 Le Pakistan et l’Iran se sont parlé.", ["date 2024-01", "Le Pakistan et l’Iran se sont parlé."]),
    # line breaks: headlines stand alone, hard-wrapped lines are joined
    ("Iran and Pakistan agree to talks\nOfficials met on Friday.",
     ["Iran and Pakistan agree to talks", "Officials met on Friday."]),
    ("The ministers said\nthat talks went well.", ["The ministers said\nthat talks went well."]),
    ("Premier paragraphe.\r\n\r\nSecond paragraphe.", ["Premier paragraphe.", "Second paragraphe."]),
    # other sentence ends
    ("Will they meet? Nobody knows! Maybe… Later.", ["Will they meet?", "Nobody knows!", "Maybe…", "Later."]),
    ("", []),
    ("   \n\t ", []),
]


@pytest.mark.parametrize(("text", "expected"), GOLDEN)
def test_golden(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_regression_opening_guillemet_stays_with_its_sentence() -> None:
    # Punkt leaves "«" at the end of the previous sentence.
    text = "Il a parlé des deux pays. « Nos défis sont communs », a-t-il ajouté."
    assert sentences(text)[1].startswith("« Nos")


@pytest.mark.parametrize("text", [g[0] for g in GOLDEN] + ["a. b. c.", "...", "« »", "\n\n\nX\n\n"])
def test_spans_are_ordered_trimmed_and_non_overlapping(text: str) -> None:
    spans = split_sentences(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        piece = text[start:end]
        assert piece == piece.strip()
        previous_end = end
    # nothing but white space is left out
    covered = set()
    for start, end in spans:
        covered.update(range(start, end))
    assert all(text[i].isspace() for i in range(len(text)) if i not in covered)


def test_seed_documents_split_into_their_sentences(seeds) -> None:
    counts = [len(split_sentences(p.read_text(encoding="utf-8"))) for p in seeds]
    # 1 metadata line + 9 sentences; 1 dateline + 11 sentences
    assert counts == [10, 12]


def test_non_string_is_rejected() -> None:
    with pytest.raises(TypeError, match="text must be a str, got bytes"):
        split_sentences(b"bytes")  # type: ignore[arg-type]
