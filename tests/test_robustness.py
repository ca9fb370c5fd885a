"""Trust: whatever a scraper produces gets a defined outcome; models are written safely."""

from __future__ import annotations

import io
import json
import math
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import toneclf
from toneclf import DocumentResult
from toneclf.model import load_artifact, save_artifact
from toneclf.train import train

from .fixtures import tiny_rows, write_csv


def assert_consistent(text: str, doc: DocumentResult) -> None:
    """The invariants every result must satisfy, whatever the input."""
    previous_end = 0
    for s in doc:
        assert previous_end <= s.start < s.end <= len(text)
        assert text[s.start:s.end] == s.text
        assert s.text == s.text.strip()
        assert -1.0 <= s.score <= 1.0
        assert math.isclose(sum(s.probabilities.values()), 1.0, abs_tol=1e-9)
        assert 0.0 <= s.coverage <= 1.0 and 0.0 < s.confidence <= 1.0
        previous_end = s.end
    assert -1.0 <= doc.score <= 1.0
    assert not any(text[i].strip() for i in range(len(text)) if not any(s.start <= i < s.end for s in doc))


SENTENCE = "Les deux ministres ont signé un accord de coopération frontalière à Niamey. "
STRING_CASES = {
    "empty": "",
    "whitespace only": " \t\n\r\n  ",
    "no punctuation 20k chars": ("border talks resumed " * 1000)[:20_000],
    "control characters and NUL": "Talks\x00 resumed\x07 on Monday.\x1b The army\x0c shelled the border.",
    "invalid surrogates": "Talks resumed \ud800 on Monday. The \udfff army shelled the border.",
    "emoji": "Both leaders shook hands 🤝🇫🇷🇩🇿 and called for calm. 🔥💣",
    "arabic": "التقى وزير الخارجية الجزائري نظيره الفرنسي في باريس.",
    "persian": "وزیر امور خارجه ایران با همتای پاکستانی خود در اسلام‌آباد دیدار کرد.",
    "urdu": "پاکستان اور ایران کے وزرائے خارجہ نے اسلام آباد میں ملاقات کی۔",
    "mixed scripts": "Islamabad et Tehran (تهران) ont signé un accord; Москва молчит. 北京 a salué l'accord.",
    "html markup": "<p>Talks <b>resumed</b> on Monday.</p><script>alert('x')</script><p>The army shelled the border.</p>",
    "windows line endings": "Pakistan, Iran agree to talks\r\nOfficials met on Friday.\r\n\r\nThey signed an accord.",
    "only punctuation": "... !!! ??? « » — –",
}


@pytest.mark.parametrize("name", list(STRING_CASES))
def test_any_string_gives_a_consistent_result(name: str) -> None:
    text = STRING_CASES[name]
    doc = toneclf.score(text)
    assert_consistent(text, doc)
    if not text.strip():
        assert len(doc) == 0


def test_five_megabyte_article_is_scored_whole() -> None:
    text = SENTENCE * (5_000_000 // len(SENTENCE))
    assert len(text) >= 4_900_000
    doc = toneclf.score(text)
    assert len(doc) == 5_000_000 // len(SENTENCE)
    assert doc[-1].end == len(text.rstrip())
    assert all(s.text == SENTENCE.strip() for s in doc[:50])


@pytest.mark.parametrize(
    ("bad", "received"),
    [(None, "NoneType"), (b"Talks resumed.", "bytes"), (42, "int"), (3.5, "float"), (["x"], "list")],
)
def test_wrong_types_raise_type_error_naming_argument_and_type(bad, received) -> None:
    with pytest.raises(TypeError, match=f"^text must be a str, got {received}"):
        toneclf.score(bad)


@pytest.mark.parametrize(("bad", "message"), [
    (["fine", 3], r"texts\[1\] must be a str, got int"),
    (["fine", b"raw"], r"texts\[1\] must be a str, got bytes"),
    ([None], r"texts\[0\] must be a str, got NoneType"),
    ("a whole string", "texts must be a list .* got str; to score one text use score"),
    (12, "texts must be a list .* got int"),
])
def test_score_many_names_the_bad_element(bad, message) -> None:
    with pytest.raises(TypeError, match=message):
        toneclf.score_many(bad)


@given(st.text(max_size=400))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_property_arbitrary_unicode_keeps_the_invariants(text: str) -> None:
    assert_consistent(text, toneclf.score(text))


@given(st.lists(st.sampled_from(["Talks resumed.", "L'armée a bombardé la frontière.", "\n", " ", "M.", "«", "»",
                                 "U.S.", "date 2024-01", "Islamabad – 3 août 2025 –", "\r\n\r\n", "?"]),
                max_size=30).map("".join))
@settings(max_examples=150, deadline=None)
def test_property_news_like_fragments_keep_the_invariants(text: str) -> None:
    assert_consistent(text, toneclf.score(text))


# -- text the model knows nothing about ------------------------------------------------------
UNKNOWN = [
    "Preheat the oven to 180 degrees and whisk the eggs with the sugar until pale.",
    "Der Außenminister hat am Montag seinen Amtskollegen in Berlin getroffen.",
    "xq zzv plorb wunk fribble snag tonk",
    "El ministro de Asuntos Exteriores se reunió con su homólogo en Madrid.",
    "وزير الخارجية الباكستاني التقى نظيره الإيراني",
]
KNOWN = [
    "The two countries signed a free-trade agreement and restored full diplomatic relations on Friday.",
    "Le ministère a convoqué l'ambassadeur pour protester contre des propos jugés inacceptables.",
]


@pytest.mark.parametrize("text", UNKNOWN)
def test_text_without_evidence_is_flagged_as_such(text: str) -> None:
    (sentence,) = toneclf.score(text)
    assert sentence.low_evidence, (sentence.coverage, text)


@pytest.mark.parametrize("text", KNOWN)
def test_diplomatic_text_is_not_flagged(text: str) -> None:
    (sentence,) = toneclf.score(text)
    assert not sentence.low_evidence and sentence.coverage >= 0.5


# -- threads -----------------------------------------------------------------------------------
def test_scoring_from_eight_threads_equals_one_thread(seeds) -> None:
    texts = [p.read_text(encoding="utf-8") for p in seeds] + list(STRING_CASES.values()) + KNOWN + UNKNOWN
    expected = [toneclf.score(t).as_dict() for t in texts]
    results: dict[int, list[dict]] = {}
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def work(i: int) -> None:
        try:
            barrier.wait()
            out = []
            for _ in range(3):
                out = [toneclf.score(t).as_dict() for t in texts]
            results[i] = out
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert all(results[i] == expected for i in range(8))


# -- safe retraining -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("safe")
    data = write_csv(tmp / "tiny.csv", tiny_rows())
    train([data], tmp / "model", seed=0, search=False, log=io.StringIO())
    return data, tmp / "model"


def test_failed_save_leaves_the_previous_model_loadable(trained, monkeypatch) -> None:
    import joblib

    _, model_dir = trained
    before = (model_dir / "toneclf-model.json").read_text(encoding="utf-8")
    pipeline, _ = load_artifact(model_dir)

    def broken_dump(obj, filename, **kwargs):
        with open(filename, "wb") as handle:
            handle.write(b"partial pickle")
        raise OSError("disk full")

    monkeypatch.setattr(joblib, "dump", broken_dump)
    with pytest.raises(OSError, match="disk full"):
        save_artifact(pipeline, model_dir, {"note": "should not land"})
    assert (model_dir / "toneclf-model.json").read_text(encoding="utf-8") == before
    assert toneclf.load(model_dir).score("Talks resumed.")
    assert not [p for p in os.listdir(model_dir) if p.endswith(".tmp")]


def test_failed_training_run_leaves_the_previous_model(trained, tmp_path) -> None:
    data, model_dir = trained
    before = (model_dir / "toneclf-model.json").read_text(encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text(data.read_text(encoding="utf-8") + "broken row,en,7\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "toneclf", "train", "--data", str(bad), "--out", str(model_dir)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert f"{bad}:{len(tiny_rows()) + 2}: level must be" in proc.stderr
    assert (model_dir / "toneclf-model.json").read_text(encoding="utf-8") == before


def test_killed_training_run_leaves_a_loadable_model(trained, tmp_path) -> None:
    """Kill a retraining subprocess at several moments; the directory always holds a loadable model."""
    import shutil

    data, model_dir = trained
    work = shutil.copytree(model_dir, tmp_path / "model")
    for delay in (0.3, 1.0, 2.0):
        proc = subprocess.Popen([sys.executable, "-m", "toneclf", "train", "--data", str(data), "--out", str(work)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        manifest = json.loads((work / "toneclf-model.json").read_text(encoding="utf-8"))
        assert (work / manifest["model_file"]).is_file()
        assert toneclf.load(work).score("Norway signed a trade accord with Peru.")[0].level == 2


@pytest.mark.parametrize("text", ["Le 3 ſept 2025, les ministres ont parlé.", "On 3 SEPTEMBER 2025 they met.",
                                  "Le 1er JANVİER 2024, accord signé.", "Le 5 avrıl 2024, rien."])
def test_regression_case_folded_month_names_do_not_crash(text: str) -> None:
    doc = toneclf.score(text)
    assert_consistent(text, doc)
