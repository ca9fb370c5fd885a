"""Speed of toneclf against VADER, and against its own floors; writes reports/benchmark.md.

Run from the repository root (not part of the unit tests; about five minutes
on a two-core laptop):

    python benchmarks/bench.py                  # 100,000 sentences, writes reports/benchmark.md
    python benchmarks/bench.py --quick          # 20,000 sentences, fewer repeats (a smoke test)
    python benchmarks/bench.py --no-dask        # without the dask cluster figures

Needs ``vaderSentiment`` (the reference) and, for the cluster figures,
``dask[dataframe]`` and ``distributed``.

What is measured, in one run on the same input (so that machine noise cancels
in the ratios):

* the input: the corpus test split (``data/corpus.csv``, ``split == "test"``)
  repeated and shuffled to at least ``--sentences`` sentences, joined into
  documents of 10 sentences; VADER scores the same sentences one by one;
* throughput of ``Scorer.score_many`` in one process and with ``n_jobs=2``
  (the worker process started and warmed up first), in input sentences per second, the
  best of ``--rounds`` rounds; in each round VADER, one core and ``n_jobs=2``
  are timed back to back, and the floors use the median of the rounds' ratios;
* per-call latency of ``toneclf.score(sentence)`` and of VADER's
  ``polarity_scores(sentence)``: median and 95th percentile;
* cold start: fresh processes, median of ``--cold-runs``: ``toneclf score`` on
  one seed file, ``import toneclf`` plus one score, VADER import plus one score,
  and a bare ``python -c "import sklearn.linear_model, nltk"`` as the yardstick;
* peak memory (maximum resident set size) of separate processes doing the
  same work, and of the streaming command line on the input written as JSON
  Lines once and twice over (constant memory shows as equal figures);
* 1-worker and 2-worker dask ``LocalCluster`` throughput of ``toneclf.dask``;
* a cProfile of ``score_many`` and the time of each stage of scoring.

toneclf keeps no per-sentence cache, so the repetition of the test split does
not flatter it; it caches per distinct *word* (as real text repeats words).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime
import gc
import io
import itertools
import json
import os
import platform
import pstats
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SENTENCES_PER_DOC = 10
SEED_FILE = sorted((ROOT / "seeds").glob("*.txt"))[0]
COLD_SENTENCE = "The two ministers signed a trade accord on Friday."
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)}


# -- input ------------------------------------------------------------------------------------
def build_input(n_sentences: int, seed: int = 0) -> tuple[list[str], list[str]]:
    """Test-split sentences repeated and shuffled, and documents of 10 of them."""
    import pandas as pd

    corpus = pd.read_csv(ROOT / "data" / "corpus.csv")
    test = corpus.loc[corpus["split"] == "test", "text"].tolist()
    sentences = [test[i % len(test)] for i in range(n_sentences)]
    random.Random(seed).shuffle(sentences)
    docs = [" ".join(sentences[i:i + SENTENCES_PER_DOC]) for i in range(0, len(sentences), SENTENCES_PER_DOC)]
    return sentences, docs


# -- measurements -----------------------------------------------------------------------------
def best_time(fn: Any, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        gc.collect()  # start from a settled heap: no collection left over from the previous measurement
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def throughput(sentences: list[str], docs: list[str], rounds: int) -> dict[str, float]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    import toneclf

    scorer = toneclf.default_scorer()
    scorer.score_many(docs[:20])  # model loaded and regexes compiled: cold start is measured apart
    analyzer = SentimentIntensityAnalyzer()
    found = sum(len(doc) for doc in scorer.score_many(docs[:2000]))
    scorer.score_many(docs[:400], n_jobs=2)  # start the worker process and load the model in it

    def read_scores() -> None:  # what VADER's output holds: a score per sentence
        for doc in scorer.score_many(docs):
            for s in doc:
                _ = s.level, s.score

    def read_everything() -> None:  # and the fields worked out on first access
        for doc in scorer.score_many(docs):
            _ = doc.date, doc.dyad, doc.states
            for s in doc:
                _ = s.level, s.score, s.states

    # Each round times VADER, toneclf on one core and toneclf with n_jobs=2 back to back, so that
    # the ratios of a round compare runs seconds apart: this machine's speed drifts by a fifth
    # over minutes, which a ratio of bests taken from different rounds would not cancel.
    runs: dict[str, list[float]] = {"vader": [], "one": [], "two": [], "scores": [], "everything": []}
    for _ in range(rounds):
        runs["vader"].append(best_time(lambda: [analyzer.polarity_scores(s) for s in sentences], 1))
        runs["one"].append(best_time(lambda: scorer.score_many(docs), 1))
        runs["two"].append(best_time(lambda: scorer.score_many(docs, n_jobs=2), 1))
        runs["scores"].append(best_time(read_scores, 1))
        runs["everything"].append(best_time(read_everything, 1))
    n = len(sentences)
    best = {name: min(times) for name, times in runs.items()}
    vader_ratios = [v / o for v, o in zip(runs["vader"], runs["one"], strict=True)]
    jobs_ratios = [o / t for o, t in zip(runs["one"], runs["two"], strict=True)]
    return {
        "n_sentences": n, "n_docs": len(docs),
        "segmented_per_input": found / min(len(sentences), 2000 * SENTENCES_PER_DOC),
        "toneclf_1": n / best["one"], "toneclf_2": n / best["two"], "vader": n / best["vader"],
        "toneclf_1_scores": n / best["scores"], "toneclf_1_everything": n / best["everything"],
        "toneclf_1_s": best["one"], "toneclf_2_s": best["two"], "vader_s": best["vader"],
        "runs": runs, "vader_ratios": vader_ratios, "jobs_ratios": jobs_ratios,
        "vader_ratio": statistics.median(vader_ratios), "jobs_ratio": statistics.median(jobs_ratios),
    }


def latency(sentences: list[str], calls: int) -> dict[str, float]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    import toneclf

    toneclf.score(COLD_SENTENCE)
    analyzer = SentimentIntensityAnalyzer()
    sample = sentences[:calls]
    out: dict[str, float] = {}
    for name, fn in (("toneclf", toneclf.score), ("vader", analyzer.polarity_scores)):
        times = []
        for sentence in sample:
            start = time.perf_counter()
            fn(sentence)
            times.append(time.perf_counter() - start)
        times.sort()
        out[f"{name}_median_ms"] = 1000 * statistics.median(times)
        out[f"{name}_p95_ms"] = 1000 * times[int(0.95 * (len(times) - 1))]
    return out


COLD_COMMANDS = {
    "baseline": [sys.executable, "-c", "import sklearn.linear_model, nltk"],
    "toneclf_cli": [sys.executable, "-m", "toneclf", "score", str(SEED_FILE)],
    "toneclf_api": [sys.executable, "-c", f"import toneclf; toneclf.score({COLD_SENTENCE!r})"],
    "vader": [sys.executable, "-c", "from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer as S; "
                                    f"S().polarity_scores({COLD_SENTENCE!r})"],
}


def cold_start(runs: int) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in COLD_COMMANDS}
    for _ in range(runs):  # interleaved, so that a slow spell hits every command
        for name, command in COLD_COMMANDS.items():
            start = time.perf_counter()
            subprocess.run(command, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, check=True)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def heavy_imports() -> list[str]:
    """Heavy modules imported by `toneclf score` on one file, with the module importing them first."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "toneclf", "score", str(SEED_FILE)],
                          cwd=ROOT, env=ENV, capture_output=True, text=True, check=True)
    base = subprocess.run([sys.executable, "-X", "importtime", "-c", "import sklearn.linear_model, nltk"],
                          cwd=ROOT, env=ENV, capture_output=True, text=True, check=True)

    def imported(stderr: str) -> set[str]:
        return {line.rsplit("|", 1)[1].strip() for line in stderr.splitlines() if line.startswith("import time:")}

    ours, theirs = imported(proc.stderr), imported(base.stderr)
    notes = []
    for module in ("pandas", "matplotlib", "dask", "distributed", "tqdm", "vaderSentiment"):
        if module in ours:
            notes.append(f"`{module}` is imported" + (" (also by the bare sklearn + nltk import)" if module in theirs
                                                      else " **by toneclf itself**"))
        else:
            notes.append(f"`{module}` is not imported")
    return notes


def child_peak(mode: str, n_sentences: int) -> list[float]:
    """Peak RSS (MiB) of a fresh process doing one kind of work (see ``_child``), and of its largest worker."""
    proc = subprocess.run([sys.executable, __file__, "--child", mode, "--sentences", str(n_sentences)],
                          cwd=ROOT, env=ENV, capture_output=True, text=True, check=True)
    return [float(x) for x in proc.stdout.strip().splitlines()[-1].split()]


def _child(mode: str, n_sentences: int) -> None:
    sentences, docs = build_input(n_sentences)
    if mode == "vader":
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        analyzer = SentimentIntensityAnalyzer()
        results: Any = [analyzer.polarity_scores(s) for s in sentences]
    else:
        import toneclf

        jobs = 2 if mode == "toneclf2" else 1
        results = toneclf.default_scorer().score_many(docs, n_jobs=jobs)
        if jobs > 1:  # the parent's peak, then the largest worker's
            from toneclf.scorer import _executor

            workers = list(_executor(jobs - 1)._processes)  # the pool score_many used (it scores too)
            print(f"{peak_rss_mib()} {max(peak_rss_mib(pid) for pid in workers)}")
            return
    assert results
    print(f"{peak_rss_mib()}")


def peak_rss_mib(pid: int | str = "self") -> float:
    """Peak resident set size of a live process, in MiB.

    Read from /proc (VmHWM): ``getrusage``'s ``ru_maxrss`` survives ``exec``
    on Linux, so a child started by a large parent would report the parent's
    size.
    """
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # not Linux: the best there is
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


# `python -m toneclf ...` that reports its own peak RSS on the file descriptor given first.
_CLI_WITH_PEAK = (
    "import atexit, os, runpy, sys\n"
    "sys.path.insert(0, {here!r})\n"
    "from bench import peak_rss_mib\n"
    "fd = int(sys.argv.pop(1))\n"
    "atexit.register(lambda: os.write(fd, str(peak_rss_mib()).encode()))\n"
    "sys.argv = ['toneclf', *sys.argv[1:]]\n"
    "runpy.run_module('toneclf', run_name='__main__')\n"
)


def streaming_peak(docs: list[str], folder: Path, copies: int, jobs: int) -> tuple[float, float]:
    """Peak RSS (MiB) and time of `toneclf score --format csv` on the documents written ``copies`` times."""
    path = folder / f"input-{copies}.jsonl"
    with open(path, "w", encoding="utf-8") as handle:
        for copy in range(copies):
            for i, doc in enumerate(docs):
                handle.write(json.dumps({"id": f"{copy}-{i}", "text": doc}, ensure_ascii=False) + "\n")
    read, write = os.pipe()
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", _CLI_WITH_PEAK.format(here=str(Path(__file__).resolve().parent)), str(write),
         "score", "--format", "csv", "--jobs", str(jobs), str(path)],
        cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, pass_fds=(write,),
    )
    os.close(write)
    with os.fdopen(read) as handle:
        peak = handle.read()
    if process.wait() != 0:
        raise RuntimeError(f"toneclf score failed with status {process.returncode}")
    return float(peak), time.perf_counter() - start


def dask_throughput(docs: list[str], n_sentences: int, folder: Path) -> dict[str, float]:
    """Sentences/s of toneclf.dask on JSON Lines files (16 of them) read by the workers."""
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    import toneclf.dask

    parts = 16
    for part in range(parts):
        with open(folder / f"part-{part:02d}.jsonl", "w", encoding="utf-8") as handle:
            for i in range(part, len(docs), parts):
                handle.write(json.dumps({"id": f"d{i}", "text": docs[i]}, ensure_ascii=False) + "\n")
    out = {}
    for workers in (1, 2):
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        with cluster, Client(cluster):
            ddf = dd.read_json(str(folder / "part-*.jsonl"), lines=True, dtype=False)
            ddf = ddf.map_partitions(lambda frame: frame.set_index("id"))
            warm = dd.read_json(str(folder / "part-0*.jsonl"), lines=True, dtype=False).head(2 * workers,
                                                                                               compute=False)
            toneclf.dask.score_frame(warm).compute()  # the workers start and load the model
            elapsed = best_time(lambda ddf=ddf: len(toneclf.dask.score_frame(ddf)), 1)
            out[f"dask_{workers}"] = n_sentences / elapsed
    return out


def profile(docs: list[str], top: int = 15) -> tuple[str, list[tuple[str, float]]]:
    """cProfile's top entries for score_many, and the time of each stage without the profiler."""
    import toneclf
    from toneclf.dates import extract_date
    from toneclf.scorer import _BATCH_SIZE, _assemble, _block_bounds
    from toneclf.segment import split_sentences
    from toneclf.states import find_states, main_dyad, rank_states

    scorer = toneclf.default_scorer()
    scorer.score_many(docs[:20])
    profiler = cProfile.Profile()
    profiler.runcall(scorer.score_many, docs)
    buffer = io.StringIO()
    stats = pstats.Stats(profiler, stream=buffer)
    stats.sort_stats("tottime").print_stats(top)
    table = buffer.getvalue()
    table = table[table.index("   ncalls"):].rstrip()
    table = table.replace(str(ROOT) + os.sep, "").replace(os.path.dirname(os.__file__) + os.sep, "")
    table = "\n".join(line.replace(sys.prefix, "…") for line in table.splitlines())

    spans = [split_sentences(d) for d in docs]
    flat = [d[a:b] for d, s in zip(docs, spans, strict=True) for a, b in s]
    features = scorer.pipeline.named_steps["features"]
    classifier = scorer.pipeline.named_steps["clf"]
    # Each stage runs as in score_many: results are built per batch of _BATCH_SIZE documents, and
    # the sentences of a batch are featurised and classified in blocks (scorer._block_bounds).
    size = _BATCH_SIZE
    batches = [docs[i:i + size] for i in range(0, len(docs), size)]
    blocks = []
    for batch in batches:
        batch_flat = [d[a:b] for d in batch for a, b in split_sentences(d)]
        bounds = _block_bounds(batch_flat)
        blocks.extend(batch_flat[a:b] for a, b in itertools.pairwise(bounds))
    matrices = [features.transform(block) for block in blocks]
    gc.disable()  # as score_many does while it scores (scorer._gc_paused)
    try:
        analyses = [scorer._analyse(batch, None) for batch in batches]
        stages = [
            ("sentence splitting (Punkt and news rules)", best_time(lambda: [split_sentences(d) for d in docs], 2)),
            ("features (tokens, TF-IDF rows, coverage)",
             best_time(lambda: [features.transform_with_coverage(block) for block in blocks], 2)),
            ("classifier (sparse product, softmax)",
             best_time(lambda: [classifier.predict_proba(X) for X in matrices], 2)),
            ("building the result objects",
             best_time(lambda: [_assemble(b, a) for b, a in zip(batches, analyses, strict=True)], 2)),
        ]
        codes = [tuple(dict.fromkeys(m.code for m in find_states(s))) for s in flat]
        per_doc, k = [], 0
        for doc_spans in spans:
            per_doc.append(codes[k:k + len(doc_spans)])
            k += len(doc_spans)
        deferred = [
            ("states mentioned, per sentence", best_time(lambda: [find_states(s) for s in flat], 2)),
            ("document dates", best_time(lambda: [extract_date(d) for d in docs], 2)),
            ("dyads and state ranking", best_time(
                lambda: [(main_dyad(c), rank_states([x for s in c for x in s])) for c in per_doc], 2)),
        ]
    finally:
        gc.enable()
    total = best_time(lambda: scorer.score_many(docs), 2)
    stages.append(("rest (bookkeeping between batches; noise)",
                   max(0.0, total - sum(t for _, t in stages))))
    stages.append(("total score_many", total))
    return table, stages, deferred


def machine() -> dict[str, str]:
    import nltk
    import numpy
    import pandas
    import sklearn

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    versions = {"numpy": numpy.__version__, "scikit-learn": sklearn.__version__, "nltk": nltk.__version__,
                "pandas": pandas.__version__}
    for name in ("dask", "distributed", "joblib", "tqdm"):
        with contextlib.suppress(ImportError):
            versions[name] = __import__(name).__version__
    try:
        from importlib.metadata import version

        versions["vaderSentiment"] = version("vaderSentiment")
    except Exception:
        pass
    return {
        "cpu": cpu, "cores": str(os.cpu_count()), "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
        "versions": ", ".join(f"{k} {v}" for k, v in versions.items()),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def accuracy() -> dict[str, float]:
    """Macro-F1 of the packaged model on the held-out test split, measured in this run with the code
    benchmarked: per language, overall, and on the test rows of corpus 2.0 alone."""
    import pandas as pd

    import toneclf
    from toneclf.corpus import RELEASES
    from toneclf.metrics import evaluate
    from toneclf.model import reported_levels

    corpus = pd.read_csv(ROOT / "data" / "corpus.csv")
    test = corpus[corpus["split"] == "test"]
    scorer = toneclf.default_scorer()
    proba, _ = scorer.predict_sentences(test["text"].tolist())
    pred = reported_levels(scorer.pipeline.named_steps["clf"], proba)
    gold = test["level"].to_numpy()
    masks = {"all": slice(None), "en": (test["lang"] == "en").to_numpy(), "fr": (test["lang"] == "fr").to_numpy(),
             "corpus_2": test["id"].str.match(RELEASES[0][1]).to_numpy()}
    out = {name: evaluate(gold[mask], pred[mask]).macro_f1 for name, mask in masks.items()}
    return out | {"n_test": len(test), "n_corpus_2": int(masks["corpus_2"].sum())}


# -- report -----------------------------------------------------------------------------------
def verdict(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def write_report(path: Path, r: dict[str, Any]) -> str:
    t, lat, cold, mem, acc = r["throughput"], r["latency"], r["cold"], r["memory"], r["accuracy"]
    ratio_vader = t["vader_ratio"]
    ratio_jobs = t["jobs_ratio"]
    ratio_cold = cold["toneclf_cli"] / cold["baseline"]
    m = r["machine"]
    lines = [
        "# toneclf benchmark",
        "",
        f"Generated by `python benchmarks/bench.py{r['argv']}` on {m['date']}.",
        "",
        f"**Machine:** {m['cpu']}, {m['cores']} cores, {m['os']}; Python {m['python']}; {m['versions']}.",
        "",
        f"**Input:** {t['n_sentences']:,} sentences of the corpus test split (repeated and shuffled), in "
        f"{t['n_docs']:,} documents of {SENTENCES_PER_DOC} sentences; toneclf's splitter finds "
        f"{t['segmented_per_input']:.2f} sentences per input sentence. Throughput counts input sentences, "
        "so both tools are timed on the same text. Throughputs are the best of "
        f"{r['rounds']} rounds; the floors' ratios are the median over the rounds of each round's ratio "
        "(VADER, one core and `n_jobs=2` are timed back to back in every round).",
        "",
        "**Accuracy of the model measured here** (scored in this run on the held-out test split, "
        f"{acc['n_test']} sentences): macro-F1 {acc['en']:.3f} (English), {acc['fr']:.3f} (French), "
        f"{acc['all']:.3f} (both); on the {acc['n_corpus_2']:,} test sentences of corpus 2.0 alone, "
        f"{acc['corpus_2']:.3f}. VADER is an English sentiment lexicon with no notion of "
        "this scale; it is here as the speed reference a user would otherwise pick, not as a rival in accuracy.",
        "",
        "## Results",
        "",
        "| | toneclf | VADER |",
        "|---|---:|---:|",
        f"| throughput, one core (sentences/s) | {t['toneclf_1']:,.0f} | {t['vader']:,.0f} |",
        f"| throughput, `n_jobs=2` (sentences/s) | {t['toneclf_2']:,.0f} | – |",
        f"| throughput, one core, reading every sentence's level and score (sentences/s) "
        f"| {t['toneclf_1_scores']:,.0f} | – |",
        f"| throughput, one core, also reading every sentence's states and every document's date, "
        f"dyad and states (sentences/s) | {t['toneclf_1_everything']:,.0f} | – |",
        f"| latency per call, median (ms) | {lat['toneclf_median_ms']:.3f} | {lat['vader_median_ms']:.3f} |",
        f"| latency per call, p95 (ms) | {lat['toneclf_p95_ms']:.3f} | {lat['vader_p95_ms']:.3f} |",
        f"| cold start: import, load, one score (s, median of {r['cold_runs']}) | {cold['toneclf_api']:.2f} "
        f"| {cold['vader']:.2f} |",
        f"| cold start: `toneclf score` on one seed file (s) | {cold['toneclf_cli']:.2f} | – |",
        f"| cold start: bare `python -c \"import sklearn.linear_model, nltk\"` (s) | {cold['baseline']:.2f} | – |",
        f"| peak memory (RSS), `score_many` of all documents in one process (MiB) | {mem['toneclf']:.0f} "
        f"| {mem['vader']:.0f} |",
        f"| peak memory (RSS), `score_many(n_jobs=2)`: this process / the worker (MiB) | {mem['toneclf2']:.0f} / "
        f"{mem['toneclf2_worker']:.0f} | – |",
        f"| peak memory (RSS), `toneclf score --format csv` streaming the input once / twice over (MiB) "
        f"| {mem['stream_1']:.0f} / {mem['stream_2']:.0f} | – |",
    ]
    if "dask_1" in r.get("dask", {}):
        d = r["dask"]
        lines.append(f"| dask `LocalCluster`, 1 worker / 2 workers (sentences/s) | {d['dask_1']:,.0f} / "
                     f"{d['dask_2']:,.0f} ({d['dask_2'] / d['dask_1']:.2f}x) | – |")
    lines += [
        "",
        "A result's states, dyad and date are worked out on first access (`toneclf.results`), so a caller "
        "who reads only levels and scores does not pay for them; the last throughput row is what a caller "
        "who reads them all gets (the command line, `score_frame` and `toneclf.dask` work them out while "
        "scoring, in the worker processes when there are workers).",
        "",
        "`score_many` returns every result, so its memory grows with the input; the command line streams "
        f"(batches of 256 documents, output written as it comes): its peak stayed at {mem['stream_1']:.0f} MiB "
        f"for the input once and {mem['stream_2']:.0f} MiB for twice as much.",
        "",
        "## Floors",
        "",
        "| floor | measured | verdict |",
        "|---|---:|---|",
        f"| one-core throughput at least VADER's (ratio >= 1.0) | {ratio_vader:.2f} | {verdict(ratio_vader >= 1.0)} |",
        f"| `n_jobs=2` at least 1.6x one core | {ratio_jobs:.2f}x | {verdict(ratio_jobs >= 1.6)} |",
        f"| cold start of `toneclf score` at most 1.3x the bare sklearn + nltk import | {ratio_cold:.2f}x "
        f"| {verdict(ratio_cold <= 1.3)} |",
        "",
        "Ratios of each round, in order: one core / VADER "
        + ", ".join(f"{x:.2f}" for x in t["vader_ratios"]) + "; `n_jobs=2` / one core "
        + ", ".join(f"{x:.2f}" for x in t["jobs_ratios"]) + ". Seconds per round (VADER / one core / `n_jobs=2`): "
        + ", ".join(f"{v:.2f} / {o:.2f} / {w:.2f}" for v, o, w in zip(t["runs"]["vader"], t["runs"]["one"],
                                                                     t["runs"]["two"], strict=True)) + ".",
        "",
        "Heavy imports on `toneclf score <seed file>` (`python -X importtime`): " + "; ".join(r["imports"]) + ".",
        "",
        "## Where the time goes",
        "",
        f"Each stage of `score_many` timed on its own ({r['profile_sentences']:,} sentences, no profiler), "
        "in microseconds per input sentence:",
        "",
        "| stage | µs/sentence | share |",
        "|---|---:|---:|",
    ]
    total = dict(r["stages"])["total score_many"]
    for name, seconds in r["stages"]:
        us = 1e6 * seconds / r["profile_sentences"]
        lines.append(f"| {name} | {us:.1f} | {100 * seconds / total:.0f}% |")
    lines += [
        "",
        "Worked out on first access only (not part of `score_many` above):",
        "",
        "| field | µs/sentence |",
        "|---|---:|",
    ]
    for name, seconds in r["deferred"]:
        lines.append(f"| {name} | {1e6 * seconds / r['profile_sentences']:.1f} |")
    lines += [
        "",
        f"VADER spends {1e6 / t['vader']:.1f} µs per sentence on the same text.",
        "",
        "cProfile of `score_many` (top entries by own time; the profiler inflates small functions):",
        "",
        "```",
        r["profile"],
        "```",
        "",
    ]
    text = "\n".join(lines)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--latency-calls", type=int, default=2000)
    parser.add_argument("--cold-runs", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="20,000 sentences, 1 round, 3 cold runs")
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "benchmark.md")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child, args.sentences)
        return 0
    if args.quick:
        args.sentences, args.rounds, args.cold_runs, args.latency_calls = 20_000, 1, 3, 500
    shown = " ".join(a for a in (argv if argv is not None else sys.argv[1:]) if not a.startswith("--out"))
    results: dict[str, Any] = {"argv": (" " + shown) if shown else "", "rounds": args.rounds,
                               "cold_runs": args.cold_runs, "machine": machine(), "accuracy": accuracy()}

    def step(name: str) -> None:
        print(f"[bench] {name} ...", file=sys.stderr, flush=True)

    sentences, docs = build_input(args.sentences)
    step("profile")
    subset = docs[: max(1, 20_000 // SENTENCES_PER_DOC)]
    results["profile_sentences"] = len(subset) * SENTENCES_PER_DOC
    results["profile"], results["stages"], results["deferred"] = profile(subset)
    step("throughput")
    results["throughput"] = throughput(sentences, docs, args.rounds)
    step("latency")
    results["latency"] = latency(sentences, args.latency_calls)
    step("cold start")
    results["cold"] = cold_start(args.cold_runs)
    results["imports"] = heavy_imports()
    step("memory")
    memory = {"toneclf": child_peak("toneclf", args.sentences)[0], "vader": child_peak("vader", args.sentences)[0]}
    memory["toneclf2"], memory["toneclf2_worker"] = child_peak("toneclf2", args.sentences)
    with tempfile.TemporaryDirectory() as folder:
        memory["stream_1"], _ = streaming_peak(docs, Path(folder), 1, 1)
        memory["stream_2"], _ = streaming_peak(docs, Path(folder), 2, 1)
    results["memory"] = memory
    if not args.no_dask:
        step("dask")
        try:
            with tempfile.TemporaryDirectory() as folder:
                results["dask"] = dask_throughput(docs, len(sentences), Path(folder))
        except ImportError as exc:
            print(f"[bench] dask skipped: {exc}", file=sys.stderr)
    text = write_report(args.out, results)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
