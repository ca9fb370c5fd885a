"""Explanations: exact arithmetic against decision_function, ordering, describe(), validation."""

from __future__ import annotations

import numpy as np
import pytest

import toneclf
from toneclf.explain import Contribution, Explanation, describe, explain, explain_many, format_explanations
from toneclf.scale import LABELS, LEVELS

from .fixtures import tiny_rows

SENTENCES = [
    "Artillery units shelled three villages along the border overnight, killing six civilians.",
    "The foreign ministry summoned the ambassador to protest hostile remarks.",
    "The summit will take place in Geneva on 14 March.",
    "Both leaders called for restraint and pledged to resolve the dispute through dialogue.",
    "The two countries signed a free-trade agreement and restored full diplomatic relations.",
    "Paris n'a pas exclu l'escalade après les frappes de missiles.",
    "Les deux pays ont signé un accord commercial et rétabli leurs relations diplomatiques vendredi.",
    "« Les dirigeants savent que seuls les terroristes profitent de la tension existante », a-t-il écrit.",
    "",
    "zzzz qqqq",
]


def _linear_index(scorer: toneclf.Scorer, sentence: str) -> float:
    """sum_k k * z_k computed straight from the pipeline's decision_function."""
    features = scorer.pipeline.named_steps["features"]
    clf = scorer.pipeline.named_steps["clf"]
    z = clf.decision_function(features.transform([sentence]))[0]
    return float(np.dot(np.asarray(clf.classes_, dtype=float), z))


@pytest.mark.parametrize("sentence", SENTENCES)
def test_contributions_plus_intercept_equal_the_linear_index(sentence: str) -> None:
    scorer = toneclf.default_scorer()
    e = explain(sentence, k=3)
    expected = _linear_index(scorer, sentence)
    assert abs(e.intercept + sum(c.contribution for c in e.contributions) - expected) < 1e-9
    assert abs(e.total - expected) < 1e-9
    # The listed top-k plus the rest add up too.
    shown = sum(c.contribution for c in (*e.toward_escalation, *e.toward_reconciliation))
    assert abs(e.intercept + shown + e.rest - expected) < 1e-9


def test_each_contribution_is_value_times_the_reconciliation_direction() -> None:
    scorer = toneclf.default_scorer()
    features = scorer.pipeline.named_steps["features"]
    clf = scorer.pipeline.named_steps["clf"]
    direction = np.asarray(LEVELS, dtype=float) @ clf.coef_
    sentence = SENTENCES[5]
    row = features.transform([sentence]).toarray()[0]
    e = explain(sentence, k=50)
    present = {str(features.feature_names_[j]): j for j in np.flatnonzero(row)}
    assert {c.feature for c in e.contributions} == set(present)
    for c in e.contributions:
        j = present[c.feature]
        assert c.value == pytest.approx(row[j], abs=1e-12)
        assert c.weight == pytest.approx(direction[j], abs=1e-12)
        assert c.contribution == pytest.approx(row[j] * direction[j], abs=1e-12)
    assert e.intercept == pytest.approx(float(np.dot(LEVELS, clf.intercept_)), abs=1e-12)


def test_index_ignores_a_common_shift_of_the_decision_values() -> None:
    """sum_k k = 0, so adding the same vector to every class's coefficients changes nothing."""
    rows = tiny_rows()
    pipe = toneclf.build_pipeline(min_df=1, calibrate=False).fit([r["text"] for r in rows], [r["level"] for r in rows])
    scorer = toneclf.Scorer(pipe)
    sentence = "Norway shelled border posts of Chile overnight."
    before = explain(sentence, k=3, scorer=scorer)
    clf = pipe.named_steps["clf"]
    rng = np.random.default_rng(0)
    clf.coef_ = clf.coef_ + rng.normal(size=clf.coef_.shape[1])
    clf.intercept_ = clf.intercept_ + 3.0
    after = explain(sentence, k=3, scorer=scorer)
    assert after.total == pytest.approx(before.total, abs=1e-9)
    assert [c.feature for c in after.toward_escalation] == [c.feature for c in before.toward_escalation]
    assert after.level == before.level == -2
    assert abs(after.total - _linear_index(scorer, sentence)) < 1e-9


def test_top_k_ordering_and_signs() -> None:
    for sentence in SENTENCES[:8]:
        e = explain(sentence, k=4)
        down = [c.contribution for c in e.toward_escalation]
        up = [c.contribution for c in e.toward_reconciliation]
        assert len(down) <= 4 and len(up) <= 4
        assert all(v < 0 for v in down) and all(v > 0 for v in up)
        assert down == sorted(down)  # most negative first
        assert up == sorted(up, reverse=True)  # most positive first
        negatives = sorted(c.contribution for c in e.contributions if c.contribution < 0)
        positives = sorted((c.contribution for c in e.contributions if c.contribution > 0), reverse=True)
        assert down == negatives[:4]
        assert up == positives[:4]


def test_k_limits_the_lists_and_large_k_lists_everything() -> None:
    sentence = SENTENCES[0]
    one = explain(sentence, k=1)
    assert len(one.toward_escalation) == 1 and len(one.toward_reconciliation) <= 1
    everything = explain(sentence, k=10_000)
    n_nonzero = sum(1 for c in everything.contributions if c.contribution != 0)
    assert len(everything.toward_escalation) + len(everything.toward_reconciliation) == n_nonzero
    assert everything.rest == pytest.approx(0.0, abs=1e-9)


def test_direction_follows_the_level() -> None:
    hostile = explain("Artillery units shelled three villages along the border overnight.")
    cooperative = explain("The two countries signed a free-trade agreement and restored diplomatic relations.")
    assert hostile.level == -2 and hostile.total < 0
    assert cooperative.level == 2 and cooperative.total > 0
    strongest_up = max([0.0, *(c.contribution for c in hostile.toward_reconciliation)])
    assert -hostile.toward_escalation[0].contribution > strongest_up
    assert cooperative.toward_reconciliation[0].contribution > -min(
        [0.0, *(c.contribution for c in cooperative.toward_escalation)]
    )


@pytest.mark.parametrize("sentence", SENTENCES[:8])
def test_level_label_and_score_match_the_scorer(sentence: str) -> None:
    e = explain(sentence)
    doc = toneclf.score(sentence)
    assert len(doc) == 1
    assert (e.level, e.label) == (doc[0].level, doc[0].label)
    assert e.label == LABELS[e.level]
    assert e.score == pytest.approx(doc[0].score, abs=1e-12)
    assert e.sentence == sentence


def test_explain_many_matches_explain() -> None:
    many = explain_many(SENTENCES, k=3)
    one_by_one = [explain(s, k=3) for s in SENTENCES]
    assert len(many) == len(SENTENCES)
    for a, b in zip(many, one_by_one, strict=True):  # batch and single rows may differ in the last bits only
        assert (a.sentence, a.level, a.label) == (b.sentence, b.level, b.label)
        assert a.score == pytest.approx(b.score, abs=1e-12) and a.total == pytest.approx(b.total, abs=1e-9)
        assert [c.feature for c in a.contributions] == [c.feature for c in b.contributions]
        assert [c.feature for c in a.toward_escalation] == [c.feature for c in b.toward_escalation]
        assert [c.feature for c in a.toward_reconciliation] == [c.feature for c in b.toward_reconciliation]
    assert explain_many([], k=3) == []


def test_results_are_frozen_dataclasses() -> None:
    e = explain(SENTENCES[0], k=2)
    assert isinstance(e, Explanation) and isinstance(e.toward_escalation, tuple)
    assert all(isinstance(c, Contribution) for c in e.toward_escalation)
    with pytest.raises(AttributeError):
        e.total = 0.0  # type: ignore[misc]
    assert "contributions" not in repr(e)  # the full list stays out of the repr


@pytest.mark.parametrize(
    ("feature", "expected"),
    [
        ("frappes", "frappes"),
        ("signed accord", "signed accord"),
        ("NEG:escalade", "escalade (negated)"),
        ("BG:strikes", "strikes (in a background phrase)"),
        ("P:frapp", "frapp… (stem)"),
        ("NEG:P:frapp", "frapp… (stem, negated)"),
        ("BG:NEG:war", "war (in a background phrase, negated)"),
        ("l'", "l'"),
        ("words__BG:strikes", "strikes (in a background phrase)"),
        ("chars__ frap", "“ frap” (characters)"),
        ("NEG:", "NEG:"),
    ],
)
def test_describe(feature: str, expected: str) -> None:
    assert describe(feature) == expected


def test_describe_is_used_by_contributions() -> None:
    c = Contribution("P:frapp", 0.1, -2.0, -0.2)
    assert c.description == "frapp… (stem)"
    with pytest.raises(TypeError, match="feature must be a str"):
        describe(3)  # type: ignore[arg-type]


def test_bad_input_is_a_clear_error() -> None:
    with pytest.raises(TypeError, match=r"sentence must be a str, got bytes \(decode bytes first\)"):
        explain(b"Talks resumed.")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="sentence must be a str, got list"):
        explain(["Talks resumed."])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"k must be at least 1, got k=0"):
        explain("Talks resumed.", k=0)
    with pytest.raises(ValueError, match=r"k must be at least 1, got k=-3"):
        explain("Talks resumed.", k=-3)
    with pytest.raises(TypeError, match="k must be an int, got float"):
        explain("Talks resumed.", k=2.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="k must be an int, got bool"):
        explain("Talks resumed.", k=True)
    with pytest.raises(TypeError, match="scorer must be a toneclf Scorer"):
        explain("Talks resumed.", scorer=toneclf.default_scorer().pipeline)
    with pytest.raises(TypeError, match=r"sentences\[1\] must be a str"):
        explain_many(["ok", 3])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="sentences must be a sequence of str"):
        explain_many("Talks resumed.")


def test_format_explanations_lists_every_sentence() -> None:
    doc = toneclf.score("Troops shelled the town overnight. Later the two sides signed a truce.")
    text = format_explanations(doc, None, 2)
    lines = text.splitlines()
    assert lines[0].startswith("  why (top 2 n-grams each way")
    explanations = explain_many([s.text for s in doc], k=2)
    for i, (s, e) in enumerate(zip(doc, explanations, strict=True), 1):
        assert f"  {i:>3}  {s.level:+d} {s.label:<13} s={e.total:+.2f}" in lines
        for c in e.toward_escalation:
            assert f"{c.description} {c.contribution:+.2f}" in text
        for c in e.toward_reconciliation:
            assert f"{c.description} {c.contribution:+.2f}" in text
    assert len(lines) == 1 + 3 * len(doc)
    assert "(no sentence)" in format_explanations(toneclf.score("   "), None, 2)
    with pytest.raises(TypeError, match="doc must be a DocumentResult"):
        format_explanations("text", None, 2)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="k=0"):
        format_explanations(doc, None, 0)
