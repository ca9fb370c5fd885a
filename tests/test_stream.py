"""Streaming input and output: directories, JSON Lines, standard input, workers, progress.

The last section checks that the speed-ups of the scoring path (Punkt's break
decision, the batch feature counting, the date search) give exactly what the
straightforward code they replace gives.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import random
import re
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import toneclf
from toneclf import dates as dates_module
from toneclf import segment
from toneclf.features import NewsVectorizer
from toneclf.stream import Document, InputWarning, iter_documents, score_documents

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-m", "toneclf", *args], input=stdin, capture_output=True, text=True,
                          timeout=300, env=env, cwd=cwd)


@pytest.fixture()
def archive(tmp_path: Path) -> Path:
    """A directory tree with text files, JSON Lines, a hidden folder and an unrelated file."""
    root = tmp_path / "archive"
    (root / "b" / "deeper").mkdir(parents=True)
    (root / ".cache").mkdir()
    (root / "a.txt").write_text("Talks resumed on Monday. Both sides called for calm.", encoding="utf-8")
    (root / "b" / "deeper" / "c.txt").write_text("Artillery shelled the border town overnight.", encoding="utf-8")
    (root / "b" / "docs.jsonl").write_text(
        json.dumps({"id": "n1", "text": "The two countries signed a trade accord.", "date": "2024-01"}) + "\n"
        + "\n"
        + json.dumps({"id": 7, "text": "Le ministre a condamné les propos de son homologue."}) + "\n",
        encoding="utf-8",
    )
    (root / "notes.md").write_text("not a document", encoding="utf-8")
    (root / ".cache" / "x.txt").write_text("hidden", encoding="utf-8")
    return root


# -- input discovery -------------------------------------------------------------------------
def test_directory_is_read_recursively_in_sorted_order(archive: Path) -> None:
    docs = list(iter_documents([archive]))
    assert [(Path(d.source).relative_to(archive).as_posix(), d.id) for d in docs] == [
        ("a.txt", None), ("b/deeper/c.txt", None), ("b/docs.jsonl", "n1"), ("b/docs.jsonl", "7"),
    ]
    assert docs[0].text == "Talks resumed on Monday. Both sides called for calm."
    assert [d.line for d in docs[2:]] == [1, 3]  # the blank line 2 is no document
    assert str(docs[2].date) == "2024-01" and docs[3].date is None
    assert [d.name for d in docs[2:]] == ["n1", "7"]


def test_jsonl_date_is_used_and_text_date_found_otherwise(archive: Path) -> None:
    pairs = list(score_documents(toneclf.default_scorer(), iter_documents([archive / "b" / "docs.jsonl"])))
    assert [str(doc.date) for _, doc in pairs] == ["2024-01", "None"]
    text = "PARIS, 12 mars 2024 (AFP) - Les deux pays ont signé un accord."
    [(_, doc)] = score_documents(toneclf.default_scorer(), [Document("x", text)])
    assert str(doc.date) == "2024-03-12"


def test_malformed_jsonl_lines_are_reported_with_file_and_line_and_skipped(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(
        b'{"id": "ok1", "text": "Talks resumed."}\n'
        b"{not json}\n"
        b'["a", "list"]\n'
        b'{"id": "t", "text": 5}\n'
        b'{"text": "no id"}\n'
        b'{"id": "d", "text": "x", "date": "2024-13-01"}\n'
        b'{"id": "latin", "text": "D\xe9j\xe0"}\n'
        b'{"id": "ok2", "text": "Troops shelled the town."}\n'
    )
    messages: list[str] = []
    docs = list(iter_documents([path], on_skip=messages.append))
    assert [d.id for d in docs] == ["ok1", "ok2"]
    assert [m.split(": ", 1)[0] for m in messages] == [f"{path}:{n}" for n in (2, 3, 4, 5, 6, 7)]
    assert "invalid JSON" in messages[0] and "'id' is missing" in messages[3] and "not UTF-8" in messages[5]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert len(list(iter_documents([path]))) == 2
    assert [type(w.message) for w in caught] == [InputWarning] * 6
    assert str(caught[0].message).startswith(f"{path}:2: invalid JSON")


def test_cli_reports_skipped_lines_and_exits_1_after_scoring_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "text": "Talks resumed."}\nnope\n{"id": "b", "text": "Troops shelled it."}\n',
                    encoding="utf-8")
    proc = run("score", "--format", "json", str(path))
    assert proc.returncode == 1
    assert [json.loads(line)["id"] for line in proc.stdout.splitlines()] == ["a", "b"]
    assert f"toneclf: warning: {path}:2: invalid JSON" in proc.stderr
    assert "1 input(s) skipped, 2 document(s) scored" in proc.stderr


def test_missing_path_is_an_error_before_any_output(tmp_path: Path, archive: Path) -> None:
    proc = run("score", str(archive), str(tmp_path / "nope"))
    assert proc.returncode == 1 and proc.stdout == ""
    assert "nope: No such file or directory" in proc.stderr


def test_stdin_as_text_and_as_json_lines() -> None:
    proc = run("score", "--format", "json", "-", stdin="Talks resumed.\r\nTroops shelled the town.")
    assert proc.returncode == 0, proc.stderr
    [record] = [json.loads(line) for line in proc.stdout.splitlines()]
    assert record["source"] == "<stdin>" and "id" not in record
    assert [s["text"] for s in record["sentences"]] == ["Talks resumed.", "Troops shelled the town."]
    lines = "\n".join(json.dumps({"id": f"s{i}", "text": t}) for i, t in enumerate(["Talks resumed.", "Troops fired."]))
    proc = run("score", "--format", "csv", "--input-format", "jsonl", "-", stdin=lines)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert [(r["source"], r["id"], r["text"]) for r in rows] == [("<stdin>", "s0", "Talks resumed."),
                                                                 ("<stdin>", "s1", "Troops fired.")]


def test_cli_json_matches_the_api_for_every_kind_of_input(archive: Path) -> None:
    proc = run("score", "--format", "json", str(archive))
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    docs = list(iter_documents([archive]))
    assert len(records) == len(docs) == 4
    for record, doc in zip(records, docs, strict=True):
        expected = toneclf.score(doc.text, date=doc.date).as_dict()
        assert record == {"source": doc.source, **({} if doc.id is None else {"id": doc.id}), **expected}


# -- streaming -------------------------------------------------------------------------------
def test_results_come_before_the_input_is_exhausted() -> None:
    pulled = 0

    def texts():  # long enough that reading it all first shows (and fails below)
        nonlocal pulled
        for i in range(100_000):
            pulled += 1
            yield f"Talks resumed on day {i}."

    results = toneclf.default_scorer().iter_score(texts(), batch_size=10)
    first = next(results)
    assert first[0].text == "Talks resumed on day 0."
    assert pulled <= 11  # one batch (and at most one more document) read, of an endless input
    for _ in range(25):
        next(results)
    assert pulled <= 41


def test_score_documents_streams_through_worker_processes() -> None:
    pulled = 0

    def documents():
        nonlocal pulled
        for i in range(10_000):
            pulled += 1
            yield Document("gen", f"Troops shelled post {i}. Talks resumed.")

    stream = score_documents(toneclf.default_scorer(), documents(), n_jobs=2, batch_size=8)
    document, doc = next(stream)
    assert document.text.startswith("Troops shelled post 0.") and len(doc) == 2
    assert pulled <= 8 * (4 * 2 + 1)  # at most 4 * n_jobs batches in flight, plus the one handed out
    stream.close()


class _Pool:
    """Stands in for the worker pool: runs a task when its result is asked for; its futures
    report ``done()`` as ``finished`` says, so the scheduler's choices are deterministic."""

    def __init__(self, finished: bool) -> None:
        self.finished = finished
        self.submitted = 0

    def submit(self, fn, *args):
        self.submitted += 1
        pool = self

        class Future:
            def done(self) -> bool:
                return pool.finished

            def result(self):
                return fn(*args)

            def cancel(self) -> bool:
                return True

        return Future()


@pytest.mark.parametrize("finished", [False, True], ids=["worker-busy", "worker-ahead"])
def test_with_two_jobs_this_process_scores_while_the_oldest_chunk_is_out(
    monkeypatch: pytest.MonkeyPatch, finished: bool
) -> None:
    from toneclf import scorer as scorer_module

    pool = _Pool(finished)
    sizes: list[int] = []
    monkeypatch.setattr(scorer_module, "_executor", lambda workers: sizes.append(workers) or pool)
    texts = [f"Troops shelled post {i}. The minister called for calm on day {i}." for i in range(60)]
    scorer = toneclf.default_scorer()
    pulled = held = 0

    def documents():
        nonlocal pulled
        for text in texts:
            pulled += 1
            yield Document("gen", text)

    results = []
    for _document, doc in score_documents(scorer, documents(), n_jobs=2, batch_size=3):
        held = max(held, pulled - len(results))
        results.append(doc)
    assert results == scorer.score_many(texts)
    assert sizes == [1]  # n_jobs=2: one worker process beside this one
    chunks = len(texts) // 3
    if finished:  # the oldest chunk is always back: everything goes to the worker
        assert pool.submitted == chunks
    else:  # this process scored chunks itself, and the worker still got its share
        assert 0.25 * chunks <= chunks - pool.submitted and pool.submitted >= 2
    assert held <= 3 * (4 * 2 + 1)  # at most 4 * n_jobs chunks in flight, plus the one handed out


@pytest.mark.parametrize(("n", "size", "workers"), [(0, 256, 2), (1, 256, 2), (7, 256, 2), (10_000, 256, 2),
                                                   (10_000, 256, 8), (300, 5, 2), (999, 256, 3)])
def test_chunks_for_several_processes_cover_the_input_and_shrink_toward_the_end(n: int, size: int,
                                                                                 workers: int) -> None:
    from toneclf.scorer import _MIN_TASK, _guided_bounds

    bounds = _guided_bounds(n, size, workers)
    sizes = [b - a for a, b in itertools.pairwise(bounds)]
    assert bounds[0] == 0 and bounds[-1] == n and all(s > 0 for s in sizes)
    assert all(s <= size for s in sizes)
    assert sizes == sorted(sizes, reverse=True)  # never a large chunk after a small one
    assert all(s >= min(_MIN_TASK, size) for s in sizes[:-1])  # no chunk too small to be worth a task
    if n >= 4 * workers * size:  # a long input: full chunks first, small ones last
        assert sizes[0] == size and sizes[-2] <= max(_MIN_TASK, size // 4)


def test_iter_score_equals_score_many_and_checks_its_input() -> None:
    texts = [f"Le ministre a salué l'accord n°{i}. Date: 2024-0{1 + i % 9}" for i in range(30)]
    scorer = toneclf.default_scorer()
    assert list(scorer.iter_score(iter(texts), batch_size=7)) == scorer.score_many(texts)
    with pytest.raises(TypeError, match=r"texts\[2\] must be a str"):
        list(scorer.iter_score(["a", "b", b"c"]))  # type: ignore[list-item]
    with pytest.raises(ValueError, match="one entry per text"):
        list(scorer.iter_score(["a", "b"], dates=["2024"]))


def test_jobs_2_output_equals_jobs_1(archive: Path, tmp_path: Path) -> None:
    corpus = pd.read_csv(ROOT / "data" / "corpus.csv")
    sentences = corpus.loc[corpus["split"] == "test", "text"].tolist()[:120]
    with open(tmp_path / "many.jsonl", "w", encoding="utf-8") as handle:
        for i in range(0, len(sentences), 6):
            handle.write(json.dumps({"id": f"d{i}", "text": " ".join(sentences[i:i + 6])}) + "\n")
    args = ("score", "--format", "csv", "--batch-size", "3", str(archive), str(tmp_path / "many.jsonl"))
    one = run(*args, "--jobs", "1")
    two = run(*args, "--jobs", "2")
    assert one.returncode == two.returncode == 0, two.stderr
    assert len(one.stdout.splitlines()) > 100
    assert two.stdout == one.stdout


def test_score_many_with_workers_equals_one_process_also_for_an_unsaved_model() -> None:
    texts = [f"Troops shelled post {i}. The minister called for calm. Date: 2024-05" for i in range(40)]
    scorer = toneclf.default_scorer()
    assert scorer.score_many(texts, n_jobs=2) == scorer.score_many(texts)
    unsaved = toneclf.Scorer(scorer.pipeline)  # no source: workers get a private copy of the pipeline
    dates = ["2024-01"] * 40
    assert unsaved.score_many(texts, n_jobs=2, dates=dates) == scorer.score_many(texts, dates=dates)


# -- progress bar ----------------------------------------------------------------------------
def test_no_progress_bar_when_stderr_is_not_a_terminal(archive: Path) -> None:
    proc = run("score", str(archive))
    assert proc.returncode == 0
    assert proc.stderr == ""


def _stderr_on_a_terminal(*args: str) -> str:
    pty = pytest.importorskip("pty")
    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a new pty has 0 columns
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.run([sys.executable, "-m", "toneclf", *args], stdout=subprocess.DEVNULL, stderr=slave,
                          timeout=300, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert proc.returncode == 0
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_progress_bar_on_a_terminal_unless_disabled(archive: Path) -> None:
    assert "docs" in _stderr_on_a_terminal("score", "--batch-size", "1", str(archive))
    assert _stderr_on_a_terminal("score", "--no-progress", str(archive)) == ""


# -- the speed-ups give what the code they replace gives --------------------------------------
ATOMS = ["M.", "Mr.", "U.S.", "J.", "É.", "1.", "2024.", "...", "…", "!", "?", ".", "«", "»", '"', "(", ")", "--",
         "a.m.", "Gen.", "janv.", "x.", "a-b.", "e.g.", "No.", "5.5", "fin.»", ".)", "word", "Word", "the", "le",
         "Paris", "talks", "«Nos", "1er", "3rd", ";", ",", ":", "'", "’", "Iran", "ISLAMABAD", "Z.", "ß.", "_.",
         "mars", "ſept", "Sept.", "03/08/2025", "2025-08-03", "3 août 2025", "August 3, 2025", "date 2024-01",
         "Jan. 5", "de 2024", "MARCH", "Décembre", "n't", "won't", "l'Iran", "qu’il", "œuvre", "Ça", "naïve"]
SEPARATORS = ["", " ", " ", " ", "  ", "\n", "\n\n", "\t"]


def _random_texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    corpus = pd.read_csv(ROOT / "data" / "corpus.csv")["text"].tolist()
    texts = []
    for i in range(n):
        if i % 3 == 0:
            texts.append(rng.choice(SEPARATORS[1:]).join(rng.choice(corpus) for _ in range(rng.randint(1, 6))))
        else:
            texts.append("".join(rng.choice(ATOMS) + rng.choice(SEPARATORS) for _ in range(rng.randint(1, 40))))
    return texts


def test_punkt_break_decision_matches_nltk() -> None:
    from nltk.tokenize.punkt import PunktLanguageVars, PunktSentenceTokenizer

    class Vars(PunktLanguageVars):
        sent_end_chars = (".", "?", "!", "…")

    reference = PunktSentenceTokenizer(segment._punkt_parameters(), lang_vars=Vars())
    fast = segment._punkt()
    assert type(fast) is not PunktSentenceTokenizer  # the test is about the fast one
    for text in _random_texts(3000, seed=1):
        assert list(fast.span_tokenize(text)) == list(reference.span_tokenize(text)), text


def _reference_counts(
    vectorizer: NewsVectorizer, texts: list[str]
) -> tuple[list[int], list[int], list[int], list[float]]:
    """Feature counting as NewsVectorizer did it before batching: from the analyzer's list."""
    analyze = vectorizer.build_analyzer()
    get = vectorizer.vocabulary_.get
    common: frozenset[str] = getattr(vectorizer, "common_", frozenset())
    indptr: list[int] = [0]
    indices: list[int] = []
    values: list[int] = []
    coverage: list[float] = []
    for text in texts:
        counts: dict[int, int] = {}
        words = known = 0
        for feature in analyze(text):
            j = get(feature)
            if ":" not in feature and " " not in feature and feature not in common:
                words += 1
                known += j is not None
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        indices.extend(counts)
        values.extend(counts.values())
        indptr.append(len(indices))
        coverage.append(known / words if words else 0.0)
    return indices, values, indptr, coverage


@pytest.mark.parametrize("options", [
    {}, {"negation": False}, {"background": False}, {"stems": False}, {"bigrams": False}, {"reversal": False},
    {"negation": False, "background": False, "stems": False, "bigrams": False, "reversal": False},
])
def test_batch_feature_counts_match_the_analyzer(options: dict[str, bool]) -> None:
    corpus = pd.read_csv(ROOT / "data" / "corpus.csv")["text"].tolist()
    vectorizer = NewsVectorizer(min_df=1, **options).fit(corpus[::3])
    texts = _random_texts(600, seed=2) + corpus[1::7] + ["", " ", "?", "Talks."]
    indices, values, indptr, coverage = vectorizer._counts_and_coverage(texts)
    expected = _reference_counts(vectorizer, texts)
    assert indices.tolist() == expected[0]
    assert values.tolist() == expected[1]
    assert indptr.tolist() == expected[2]
    assert coverage.tolist() == expected[3]
    # the per-token table is rebuilt after a refit (another vocabulary)
    vectorizer.fit(corpus[1::3])
    assert vectorizer._counts_and_coverage(texts)[0].tolist() == _reference_counts(vectorizer, texts)[0]


def test_batches_read_from_warm_token_tables_match_the_analyzer() -> None:
    """Batches after the first read rows from the cached tables; a new token, even as the last
    token of a batch, extends them (regression for the cached path of _token_rows)."""
    corpus = pd.read_csv(ROOT / "data" / "corpus.csv")["text"].tolist()
    vectorizer = NewsVectorizer(min_df=1).fit(corpus[::3])
    texts = corpus[1::9]
    batches = [texts[:200], texts[:200], texts[200:400], [*texts[:50], "Talks resumed with zzqxnew partners"],
               ["Talks resumed with zzqxnew partners"], texts[400:600]]
    for batch in batches:
        got = vectorizer._counts_and_coverage(batch)
        assert [a.tolist() for a in got] == [list(e) for e in _reference_counts(vectorizer, batch)]


def test_packaged_model_features_match_the_analyzer() -> None:
    vectorizer = toneclf.default_scorer().pipeline.named_steps["features"]
    texts = _random_texts(600, seed=3)
    got = vectorizer._counts_and_coverage(texts)
    expected = _reference_counts(vectorizer, texts)
    assert [a.tolist() for a in got] == [list(e) for e in expected]


def test_date_search_finds_what_finditer_finds() -> None:
    texts = [*_random_texts(1500, seed=4), "x 3 ſept 2025", "Ça s'est passé le 1er MARS 2024", "2024-02-31 2024-03-01"]
    for text in texts:
        starts = dates_module._starts(text)
        for pattern in (dates_module._FULL_DATE, dates_module._MONTH_YEAR):
            got = [m.span() for m in dates_module._matches(pattern, text, starts)]
            assert got == [m.span() for m in pattern.finditer(text)], text


def test_token_folding_matches_translate() -> None:
    from toneclf import features

    for text in [*_random_texts(500, seed=5), "`quoted`", "ŒUVRE ß’ʼ‘"]:
        lowered = text.lower()
        assert features._fold(lowered) == lowered.translate(features._FOLD)


def test_sentence_results_equal_the_arrays_they_are_built_from() -> None:
    scorer = toneclf.default_scorer()
    texts = ["Troops shelled the town. Talks resumed.", "", "Le ministre a salué l'accord."]
    analysis = scorer._analyse(texts, None)
    docs = scorer.score_many(texts)
    flat = [s for doc in docs for s in doc]
    assert [[s.probabilities[level] for level in toneclf.LEVELS] for s in flat] == analysis.proba.tolist()
    assert np.array_equal(analysis.counts, [2, 0, 1])


def test_state_fold_forms_match_in_lowercased_text_except_for_the_listed_characters() -> None:
    """find_states matches the fold forms exactly in ``text.lower()``: derive where that differs
    from matching them ignoring case, over every code point, and check states._CASE_TRAPS covers it."""
    from toneclf import states

    matcher = states._matcher()
    literals = sorted(set("".join(matcher.fold_index)) - {" ", "'", "-"})
    assert all(char == char.lower() for char in literals)
    chars = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    lowered = "".join(low if len(low) == 1 else "\0" for low in map(str.lower, chars))
    differs = set()
    for literal in literals:
        ignoring_case = {m.start() for m in re.finditer(re.escape(literal), chars, re.IGNORECASE)}
        exactly = {m.start() for m in re.finditer(re.escape(literal), lowered)}
        differs |= {chars[i] for i in ignoring_case ^ exactly}
    for pattern in (re.compile(r"\w"), re.compile(r"\s")):  # the look-arounds and \s+ see the same classes
        inside = {m.start() for m in pattern.finditer(chars)}
        inside_lowered = {m.start() for m in pattern.finditer(lowered)}
        differs |= {chars[i] for i in inside ^ inside_lowered if lowered[i] != "\0"}
    expanding = {c for c, low in zip(chars, lowered, strict=True) if low == "\0"}  # caught by the length check
    assert differs - expanding <= {c for c in differs if states._CASE_TRAPS.search(c)}
    # and the slow path taken for them gives what matching ignoring case gives
    slow = states._compile(matcher.fold_index, re.IGNORECASE)
    for text in ("Les ſoudanais et les PAKISTANAIS", "un ıranien", "İran et les İraniens"):
        assert states._spans(matcher, text, 1) == [m.span() for m in slow.finditer(text)]


def test_tokens_are_what_the_token_pattern_finds() -> None:
    from toneclf import features

    corpus = pd.read_csv(ROOT / "data" / "corpus.csv")["text"].tolist()[::5]
    tricky = ["l'Iran et qu'il", "jusqu'à 10,5 %", "U.S.-led al-Sissi", "under_score x_y", "a\u00a0b\tc\nd",
              "²³ ½", "« Non ! » (dit-il).", "aujourd’hui l’ONU", "''", "won't can't isn't"]
    for text in [*_random_texts(800, seed=6), *corpus, *tricky]:
        folded = features._fold(text.lower())
        if "n't" in folded:
            folded = features._CONTRACTIONS.sub(lambda m: (m.group(1) or m.group(2) or m.group(3)) + " not", folded)
        assert features.NewsAnalyzer._tokens(text) == features._TOKEN.findall(folded), text


def test_opening_tail_is_what_the_former_pattern_found() -> None:
    """segment._opening_tail replaced a regex search; the regex is the oracle here."""
    oracle = re.compile(r"(?<=\s)[«“‘„(\[]+\s*$")
    rng = random.Random(0)
    alphabet = "ab «“‘„([\n.)"
    for _ in range(50_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        a = rng.randint(0, len(text))
        b = rng.randint(a, len(text))
        match = oracle.search(text, a, b)
        expected = match.start() if match and match.start() > a else -1
        got = segment._opening_tail(text, a, b)
        assert (got if got > a else -1) == expected, (text, a, b)


def test_reversal_scope_marks_the_words_after_a_reversal_verb() -> None:
    from toneclf.features import NewsAnalyzer

    features = NewsAnalyzer(stems=False, bigrams=False)("Washington lifted the sanctions, and trade resumed.")
    assert [f for f in features if f.startswith("REV:")] == ["REV:the", "REV:sanctions"]
    assert not [f for f in NewsAnalyzer(reversal=False)("Washington lifted the sanctions.") if f.startswith("REV:")]


def test_a_model_saved_before_the_reversal_scope_loads_without_it() -> None:
    import pickle

    vectorizer = NewsVectorizer(min_df=1).fit(["Paris lifted the ban.", "Rome lifted the ban."])
    state = vectorizer.__getstate__()
    del state["reversal"]  # as pickled by toneclf 0.1.0
    old = NewsVectorizer.__new__(NewsVectorizer)
    old.__setstate__(state)
    assert old.reversal is False
    assert not any(f.startswith("REV:") for f in old.build_analyzer()("Paris lifted the ban."))
    assert pickle.loads(pickle.dumps(vectorizer)).reversal is True
