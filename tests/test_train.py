"""Training: corpus validation with file and line, round trip, determinism, persistence."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

import toneclf
from toneclf.corpus import CorpusError, load_corpus
from toneclf.model import ModelIntegrityError, ModelVersionWarning, load_artifact
from toneclf.train import train

from .fixtures import tiny_rows, write_csv


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("tiny")
    data = write_csv(tmp / "tiny.csv", tiny_rows())
    log = io.StringIO()
    result = train([data], tmp / "model", seed=3, log=log)
    return data, tmp / "model", result, log.getvalue()


def test_round_trip_train_save_load_score(tiny_model) -> None:
    _, out, result, log = tiny_model
    scorer = toneclf.load(out)
    assert scorer.manifest["n_test"] == result.n_test > 0
    assert "macro-F1" in log and "confusion" in log
    doc = scorer.score("Norway signed a trade accord with Peru. Kenya shelled border posts of Chile overnight.")
    assert [s.level for s in doc] == [2, -2]
    assert scorer.manifest["data"]["sha256"] == result.corpus.sha256


def test_same_seed_gives_identical_metrics(tiny_model, tmp_path) -> None:
    data, _, first, _ = tiny_model
    second = train([data], tmp_path / "again", seed=3, log=io.StringIO())
    assert second.overall.as_dict() == first.overall.as_dict()
    assert second.params == first.params


def test_training_script_runs_as_documented(tiny_model, tmp_path, root) -> None:
    data, _, _, _ = tiny_model
    proc = subprocess.run(
        [sys.executable, str(root / "training" / "train.py"), "--data", str(data), "--out", str(tmp_path / "m"),
         "--seed", "1", "--no-search"],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "== test split, fr ==" in proc.stdout and "== test split, en ==" in proc.stdout
    manifest = json.loads((tmp_path / "m" / "toneclf-model.json").read_text(encoding="utf-8"))
    assert manifest["seed"] == 1 and manifest["model_sha256"]


def _corpus_error(path) -> str:
    with pytest.raises(CorpusError) as info:
        load_corpus(path)
    return str(info.value)


def test_bad_level_language_and_empty_text_are_reported_with_file_and_line(tmp_path) -> None:
    rows = tiny_rows()[:4]
    rows[1] = {**rows[1], "level": "3"}
    rows[2] = {**rows[2], "lang": "de"}
    rows[3] = {**rows[3], "text": "  "}
    path = write_csv(tmp_path / "bad.csv", rows)
    message = _corpus_error(path)
    assert f"{path}:3: level must be an integer in [-2, -1, 0, 1, 2], got '3'" in message
    assert f"{path}:4: lang must be one of ['fr', 'en'], got 'de'" in message
    assert f"{path}:5: empty text" in message


def test_conflicting_levels_are_refused(tmp_path) -> None:
    rows = tiny_rows()[:2] + [{**tiny_rows()[0], "level": 2}]
    path = write_csv(tmp_path / "conflict.csv", rows)
    assert f"{path}:4: the same text has level 2 here and level -2 at {path}:2" in _corpus_error(path)


def test_missing_column_is_named(tmp_path) -> None:
    path = write_csv(tmp_path / "cols.csv", tiny_rows()[:2], columns=["text", "lang"])
    assert "missing column(s) ['level']" in _corpus_error(path)


def test_non_utf8_file_is_refused_with_its_line(tmp_path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("text,lang,level\nok,fr,0\nDéjà vu,fr,0\n".encode("latin-1"))
    assert f"{path}:3: not UTF-8" in _corpus_error(path)


def test_bad_quoting_is_refused(tmp_path) -> None:
    path = tmp_path / "quotes.csv"
    path.write_text('text,lang,level\n"ok",fr,0\n"unclosed,fr,0\n', encoding="utf-8")
    assert "bad CSV quoting" in _corpus_error(path)


def test_exact_duplicates_are_reported_not_silently_dropped(tmp_path) -> None:
    rows = tiny_rows()[:3] + [tiny_rows()[1]]
    path = write_csv(tmp_path / "dups.csv", rows)
    corpus = load_corpus(path)
    assert len(corpus.frame) == 3
    assert [str(d) for d in corpus.duplicates] == [f"{path}:5: exact duplicate of {path}:3; kept once"]


def test_multiline_rows_keep_their_first_line_number(tmp_path) -> None:
    path = tmp_path / "multi.csv"
    path.write_text('text,lang,level\n"two\nlines",en,0\nthird,en,9\n', encoding="utf-8")
    assert f"{path}:4: level must be" in _corpus_error(path)


def test_several_files_are_counted_per_file(tmp_path) -> None:
    rows = tiny_rows()
    a = write_csv(tmp_path / "a.csv", rows[:10])
    b = write_csv(tmp_path / "b.csv", rows[10:25])
    corpus = load_corpus([a, b])
    assert corpus.counts == {str(a): 10, str(b): 15}
    assert len(corpus.frame) == 25


def test_altered_model_file_is_refused_before_unpickling(tiny_model, tmp_path) -> None:
    import shutil

    _, out, _, _ = tiny_model
    copy = shutil.copytree(out, tmp_path / "copy")
    manifest = json.loads((copy / "toneclf-model.json").read_text(encoding="utf-8"))
    model_file = copy / manifest["model_file"]
    model_file.write_bytes(model_file.read_bytes()[:1000])  # truncated
    with pytest.raises(ModelIntegrityError, match="truncated or altered.*retrain"):
        toneclf.load(copy)


def test_other_sklearn_version_warns_with_what_to_do(tiny_model, tmp_path) -> None:
    import shutil

    _, out, _, _ = tiny_model
    copy = shutil.copytree(out, tmp_path / "old")
    path = copy / "toneclf-model.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["sklearn_version"] = "0.24.0"
    path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.warns(ModelVersionWarning, match="scikit-learn 0.24.0.*Install scikit-learn==0.24.0"):
        load_artifact(copy)


# -- the decision rule: least expected cost, far misses costing more ---------------------------
def test_decide_minimises_expected_cost_and_is_the_argmax_at_cost_one() -> None:
    import numpy as np

    from toneclf.scale import LEVELS, decide

    rng = np.random.default_rng(0)
    proba = rng.dirichlet(np.full(5, 0.4), size=4000)
    assert (decide(proba) == proba.argmax(axis=1)).all()
    for far_cost in (1.5, 2.0, 3.0):
        got = decide(proba, far_cost)
        for row, k in zip(proba[:300], got[:300], strict=True):
            costs = [sum(p * (0 if i == j else 1 if abs(LEVELS[i] - LEVELS[j]) == 1 else far_cost)
                         for j, p in enumerate(row)) for i in range(5)]
            assert costs[k] == min(costs)
    assert decide(np.eye(5), 2.0).tolist() == [0, 1, 2, 3, 4]
    assert decide(np.array([[0.38, 0.0, 0.0, 0.30, 0.32]]), 2.0).tolist() == [4]


@pytest.mark.parametrize(("proba", "far_cost", "message"), [
    ([[0.5, 0.5]], 2.0, "proba must have shape"),
    ([[0.2] * 5], 0.5, "far_cost must be a number >= 1"),
])
def test_decide_names_bad_input(proba, far_cost, message) -> None:
    import numpy as np

    from toneclf.scale import decide

    with pytest.raises(ValueError, match=message):
        decide(np.asarray(proba), far_cost)


def test_models_predict_and_score_with_their_far_cost() -> None:
    import numpy as np

    from toneclf.model import build_pipeline
    from toneclf.scale import decide

    scorer = toneclf.default_scorer()
    clf = scorer.pipeline.named_steps["clf"]
    assert clf.far_cost == 2.0
    texts = ["Troops shelled the town but both sides later agreed a truce.", "Paris a levé les sanctions.",
             "The talks ended without agreement.", "Le ministre a salué l'accord."]
    proba = scorer.pipeline.predict_proba(texts)
    assert (scorer.pipeline.predict(texts) == np.asarray(toneclf.LEVELS)[decide(proba, 2.0)]).all()
    levels = [s.level for doc in scorer.score_many(texts) for s in doc]
    assert levels == scorer.pipeline.predict(texts).tolist()
    with pytest.raises(ValueError, match="far_cost"):
        build_pipeline(far_cost=0.0)


def test_a_model_saved_before_far_cost_reports_the_most_probable_level() -> None:
    from toneclf.model import TemperedLogisticRegression

    clf = TemperedLogisticRegression()
    state = clf.__getstate__()
    del state["far_cost"]
    old = TemperedLogisticRegression.__new__(TemperedLogisticRegression)
    old.__setstate__(state)
    assert old.far_cost == 1.0


def test_a_pickled_vectoriser_keeps_its_feature_names_as_one_string() -> None:
    """joblib unpickles a dict entry by entry in Python: the names travel as one string and
    the vocabulary is rebuilt from them, equal to the fitted one."""
    import pickle

    import numpy as np

    from toneclf.features import _PACKED_NAMES, NewsVectorizer

    texts = ["Talks resumed in Geneva.", "Troops shelled the border town.", "Il n'a pas menacé."]
    vec = NewsVectorizer(min_df=1).fit(texts)
    state = vec.__getstate__()
    assert "vocabulary_" not in state and "feature_names_" not in state
    assert isinstance(state[_PACKED_NAMES], str)
    back = pickle.loads(pickle.dumps(vec))
    assert back.vocabulary_ == vec.vocabulary_
    assert back.feature_names_.dtype == object and list(back.feature_names_) == list(vec.feature_names_)
    assert (back.transform(["Talks resumed."]) != vec.transform(["Talks resumed."])).nnz == 0
    # A vectoriser pickled before the names were packed still loads.
    old = dict(state)
    names = old.pop(_PACKED_NAMES).split("\n")
    old["vocabulary_"] = {f: i for i, f in enumerate(names)}
    old["feature_names_"] = np.array(names, dtype=object)
    legacy = NewsVectorizer.__new__(NewsVectorizer)
    legacy.__setstate__(old)
    assert legacy.vocabulary_ == vec.vocabulary_


def test_the_shipped_model_loads_its_vocabulary_in_column_order() -> None:
    vec = toneclf.default_scorer().pipeline.named_steps["features"]
    assert len(vec.vocabulary_) == len(vec.feature_names_) == len(vec.idf_) > 10_000
    assert all(vec.vocabulary_[name] == i for i, name in enumerate(vec.feature_names_))
