"""The scoring API with the packaged model: levels, offsets, seeds, bad input, tables."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import toneclf
from toneclf import LABELS, LEVELS

# Written for these tests (not taken from the corpus): one clear case per
# level and language, as wire copy or a communiqué would put it.
GOLDEN = [
    ("en", -2, "Artillery units shelled three villages along the border overnight, killing six civilians, the defence ministry said."),
    ("en", -2, "The government expelled four diplomats on Tuesday and closed the neighbouring country's consulate."),
    ("en", -1, "The foreign ministry summoned the ambassador to protest what it called hostile remarks by the prime minister."),
    ("en", -1, "Officials accused the neighbouring government of backing separatist groups and warned of consequences."),
    ("en", 0, "The summit will take place in Geneva on 14 March, according to the published agenda."),
    ("en", 0, "The minister, a former economist, has held the post since 2021."),
    ("en", 1, "Both leaders called for restraint and pledged to resolve the dispute through dialogue."),
    ("en", 1, "The president expressed his willingness to visit the capital next month to deepen cooperation."),
    ("en", 2, "The two countries signed a free-trade agreement and restored full diplomatic relations on Friday."),
    ("en", 2, "The two governments exchanged 40 prisoners on Sunday under a deal brokered by Qatar."),
    ("fr", -2, "L'armée a bombardé plusieurs postes frontaliers dans la nuit, tuant quatre soldats, selon le ministère de la Défense."),
    ("fr", -2, "Le gouvernement a expulsé trois diplomates et fermé son ambassade dans la capitale voisine."),
    ("fr", -1, "Le ministère des Affaires étrangères a convoqué l'ambassadeur pour protester contre des propos jugés inacceptables."),
    ("fr", -1, "Le porte-parole a accusé le gouvernement voisin de soutenir des groupes rebelles et a dénoncé son attitude."),
    ("fr", 0, "La réunion se tiendra le 12 mars à Genève, selon l'ordre du jour publié par le secrétariat."),
    ("fr", 0, "Le ministre, ancien diplomate de carrière, occupe ce poste depuis 2022."),
    ("fr", 1, "Les deux dirigeants ont appelé à la retenue et se sont dits prêts à reprendre le dialogue."),
    ("fr", 1, "Le président a salué l'esprit d'amitié entre les deux peuples et souhaité renforcer la coopération."),
    ("fr", 2, "Les deux pays ont signé un accord commercial et rétabli leurs relations diplomatiques vendredi."),
    ("fr", 2, "Les deux gouvernements ont procédé à un échange de prisonniers, libérant trente détenus de chaque côté."),
]


@pytest.mark.parametrize(("lang", "level", "sentence"), GOLDEN)
def test_golden_sentence_levels(lang: str, level: int, sentence: str) -> None:
    doc = toneclf.score(sentence)
    assert len(doc) == 1
    assert (doc[0].level, doc[0].label) == (level, LABELS[level])


def test_sentence_result_fields_are_consistent() -> None:
    text = "Les deux pays ont signé un accord. Puis l'armée a bombardé la frontière."
    doc = toneclf.score(text)
    assert len(doc) == 2
    for s in doc:
        assert text[s.start:s.end] == s.text
        assert set(s.probabilities) == set(LEVELS)
        assert math.isclose(sum(s.probabilities.values()), 1.0, abs_tol=1e-9)
        assert math.isclose(s.score, sum(k * p for k, p in s.probabilities.items()) / 2, abs_tol=1e-12)
        assert -1.0 <= s.score <= 1.0
        assert s.level == max(s.probabilities, key=s.probabilities.__getitem__)
        assert s.label == LABELS[s.level]
        assert s.confidence == s.probabilities[s.level]
        assert 0.0 <= s.coverage <= 1.0


def test_seeds_score_above_zero_and_have_no_hostile_sentence(seeds) -> None:
    for path in seeds:
        doc = toneclf.score(path.read_text(encoding="utf-8"))
        assert doc.score > 0, (path.name, doc.score)
        hostile = [s.text for s in doc if s.label == "hostile"]
        assert hostile == [], (path.name, hostile)


@pytest.mark.parametrize("bad", [None, b"bytes", 3, 1.5, ["a list"], {"text": "x"}])
def test_score_rejects_non_strings_with_a_type_error(bad) -> None:
    with pytest.raises(TypeError, match=f"text must be a str, got {type(bad).__name__}"):
        toneclf.score(bad)


def test_bytes_error_says_how_to_fix() -> None:
    with pytest.raises(TypeError, match="decode"):
        toneclf.score(b"x")


@pytest.mark.parametrize("text", ["", "   ", "\n\t\r\n"])
def test_empty_text_gives_no_sentences(text: str) -> None:
    doc = toneclf.score(text)
    assert len(doc) == 0 and list(doc) == []
    assert (doc.score, doc.level, doc.label) == (0.0, 0, "neutral")


def test_score_many_equals_score_one_by_one(seeds) -> None:
    texts = [p.read_text(encoding="utf-8") for p in seeds] + ["", "Talks resumed on Monday."]
    many = toneclf.score_many(texts)
    assert [d.as_dict() for d in many] == [toneclf.score(t).as_dict() for t in texts]


@pytest.mark.parametrize("block_chars", [1, 60, 500])
def test_sentences_featurised_in_blocks_score_as_in_one(monkeypatch: pytest.MonkeyPatch, block_chars: int) -> None:
    from toneclf import scorer as scorer_module

    scorer = toneclf.default_scorer()
    sentences = [f"Troops shelled post {i} near the border." if i % 3 else "Talks resumed." for i in range(40)]
    sentences += ["x" * 700, "Les deux ministres ont signé un accord commercial."]
    monkeypatch.setattr(scorer_module, "_BLOCK_CHARS", 10**9)
    whole = scorer.predict_sentences(sentences)
    monkeypatch.setattr(scorer_module, "_BLOCK_CHARS", block_chars)
    calls = []
    block = scorer._predict_block
    monkeypatch.setattr(scorer, "_predict_block", lambda part: calls.append(len(part)) or block(part))
    proba, coverage = scorer.predict_sentences(sentences)
    assert sum(calls) == len(sentences) and len(calls) > 1 and all(calls)
    assert proba.tolist() == whole[0].tolist() and coverage.tolist() == whole[1].tolist()

@pytest.mark.parametrize("bad", ["one string", None, [1, "x"], ["x", None]])
def test_score_many_rejects_bad_input(bad) -> None:
    with pytest.raises(TypeError, match="texts"):
        toneclf.score_many(bad)


def test_score_frame_one_row_per_sentence(seeds) -> None:
    frame = pd.DataFrame({"body": [p.read_text(encoding="utf-8") for p in seeds]}, index=["a", "b"])
    out = toneclf.score_frame(frame, text_column="body")
    docs = [toneclf.score(t) for t in frame["body"]]
    assert len(out) == sum(len(d) for d in docs)
    assert list(out["doc"].unique()) == ["a", "b"]
    first = out[out["doc"] == "a"].iloc[1]
    assert first["text"] == docs[0][1].text
    assert first["score"] == pytest.approx(docs[0][1].score)
    probs = out[[c for c in out.columns if c.startswith("p_")]].sum(axis=1)
    assert probs.to_numpy() == pytest.approx(1.0)
    for _, row in out.iterrows():
        assert frame.loc[row["doc"], "body"][row["start"]:row["end"]] == row["text"]


def test_score_frame_names_a_missing_column() -> None:
    with pytest.raises(KeyError, match="text_column='text' is not a column"):
        toneclf.score_frame(pd.DataFrame({"body": ["x"]}))


def test_document_score_follows_the_documented_rule() -> None:
    from toneclf.results import aggregate

    doc = toneclf.score("Les deux pays ont signé un accord commercial. La réunion a eu lieu à Genève.")
    weights = [1 - s.probabilities[0] for s in doc]
    expected = sum(w * s.score for w, s in zip(weights, doc)) / sum(weights)
    assert doc.score == pytest.approx(expected)
    assert aggregate(doc.sentences) == pytest.approx(expected)


def test_manifest_records_versions_data_hash_and_metrics() -> None:
    import sklearn

    manifest = toneclf.default_scorer().manifest
    assert manifest["sklearn_version"] == sklearn.__version__
    assert manifest["toneclf_version"] == toneclf.__version__
    assert len(manifest["data"]["sha256"]) == 64
    for lang in ("fr", "en"):
        assert 0.0 <= manifest["metrics"][lang]["macro_f1"] <= 1.0


def test_packaged_model_was_trained_on_the_corpus_as_it_is(root) -> None:
    import hashlib

    digest = hashlib.sha256((root / "data" / "corpus.csv").read_bytes()).hexdigest()
    assert toneclf.default_scorer().manifest["data"]["sha256"] == digest, "retrain: python training/train.py"


# -- results built on the fast path, and fields worked out on first access ------------------
_DOCS = [
    "ISLAMABAD, 3 août 2025 (AFP) - Le Pakistan et l'Iran ont signé un accord. Téhéran a salué la décision.",
    "date: 2024-05\nIndia and Pakistan exchanged fire along the Line of Control. China called for restraint.",
    "",
    "No state here. Nothing to see.",
]


def test_fast_built_results_equal_results_built_field_by_field() -> None:
    from toneclf.results import DocumentResult, SentenceResult

    for doc in toneclf.score_many(_DOCS):
        rebuilt = [SentenceResult(s.text, s.start, s.end, s.level, s.label, s.score, dict(s.probabilities),
                                  s.confidence, s.coverage) for s in doc]
        assert rebuilt == list(doc)  # states worked out on both sides
        again = DocumentResult.from_sentences(doc.text, rebuilt)
        assert again == doc
        assert (again.score, again.level, again.label) == (doc.score, doc.level, doc.label)


def test_states_dyad_and_date_are_worked_out_on_first_access_and_equal_the_eager_ones() -> None:
    from toneclf.dates import extract_date
    from toneclf.states import find_states

    scorer = toneclf.default_scorer()
    lazy = scorer.score_many(_DOCS)
    assert all("states" not in s.__dict__ for doc in lazy for s in doc)
    assert all(not {"states", "dyad", "date"} & set(doc.__dict__) for doc in lazy)
    eager = scorer._documents(_DOCS, None, annotate=True)
    # annotate: mentions and dates found while scoring (in the workers); a document's
    # states and dyad are then ranked from its sentences' mentions on first access
    assert all("date" in doc.__dict__ and all("states" in s.__dict__ for s in doc) for doc in eager)
    for a, b in zip(lazy, eager, strict=True):
        assert (a.states, a.dyad, a.date) == (b.states, b.dyad, b.date)
        assert [s.states for s in a] == [s.states for s in b]
        assert [s.states for s in a] == [tuple(dict.fromkeys(m.code for m in find_states(s.text))) for s in a]
        assert a.date == extract_date(a.text)
    assert lazy[0].states[:2] in {("PAK", "IRN"), ("IRN", "PAK")} and lazy[0].dyad == "IRN-PAK"
    assert str(lazy[1].date) == "2024-05"


def test_given_states_and_date_are_kept() -> None:
    from toneclf.dates import PartialDate
    from toneclf.results import DocumentResult, SentenceResult

    sentence = SentenceResult("Paris and Rome met.", 0, 19, 1, "conciliatory", 0.5, {1: 1.0}, 1.0, 1.0, states=("XXX",))
    assert sentence.states == ("XXX",)
    doc = DocumentResult.from_sentences("Paris and Rome met.", [sentence], date=PartialDate.parse("2020"), dyad=None)
    assert str(doc.date) == "2020" and doc.dyad is None
    assert "UNSET" not in repr(SentenceResult("x", 0, 1, 0, "neutral", 0.0, {0: 1.0}, 1.0, 1.0))


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA, pd.NaT])
def test_missing_dates_in_a_frame_are_found_in_the_text(missing) -> None:
    frame = pd.DataFrame({"text": ["PARIS, 3 mars 2024 (AFP) - Les deux pays ont signé un accord.", "Talks resumed."],
                          "date": [missing, "2021-06-01"]})
    docs = toneclf.default_scorer().score_many(frame["text"], dates=frame["date"].tolist())
    assert str(docs[0].date) == "2024-03-03"
    assert str(docs[1].date) == "2021-06-01"


def test_scoring_pauses_the_garbage_collector_and_restores_it() -> None:
    import gc
    import threading

    scorer = toneclf.default_scorer()
    seen = []
    original = scorer._analyse

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return original(*args, **kwargs)

    scorer._analyse = spy  # type: ignore[method-assign]
    try:
        assert gc.isenabled()
        scorer.score_many(_DOCS)
        assert seen == [False] and gc.isenabled()
        gc.disable()  # a caller who runs without the collector keeps it off
        try:
            scorer.score_many(_DOCS)
            assert not gc.isenabled()
        finally:
            gc.enable()
        errors = []

        def work() -> None:
            try:
                for _ in range(20):
                    scorer.score_many(_DOCS)
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=work) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not errors and gc.isenabled()
    finally:
        del scorer._analyse


def test_score_many_runs_no_collection_between_its_batches() -> None:
    """The collector stays paused for the whole call, not batch by batch: between batches it
    would traverse every result built so far (with a threshold of 1, it would run at once)."""
    import gc

    scorer = toneclf.default_scorer()
    docs = [f"Talks resumed on day {i}. Troops shelled the town." for i in range(40)]
    scorer.score_many(docs[:2])
    collections: list[str] = []
    seen: list[int] = []  # collections so far, when each batch starts
    original = scorer._documents

    def spy(*args, **kwargs):
        seen.append(len(collections))
        return original(*args, **kwargs)

    def record(phase: str, info: dict) -> None:
        if phase == "start":
            collections.append(phase)

    threshold = gc.get_threshold()
    scorer._documents = spy  # type: ignore[method-assign]
    gc.callbacks.append(record)
    gc.set_threshold(1)
    try:
        out = scorer.score_many(docs, batch_size=1)
        [].append(object())  # with the collector back on, the next allocation collects
    finally:
        gc.set_threshold(*threshold)
        gc.callbacks.remove(record)
        del scorer._documents
    assert len(out) == 40 and len(seen) == 40
    assert len(set(seen)) == 1  # no collection from the first batch to the last
    assert len(collections) > seen[-1]  # the callback does see collections once the call is over
