"""timeline(): one row per document over time, its chart and its command."""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import toneclf
from toneclf.timeline import COLUMNS, PLOT_INSTALL_HINT, add_parser, band, format_table, plot_timeline, timeline

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

# Written for these tests: short dated dispatches, deliberately out of order.
DOCS = {
    "c.txt": "date 2024-04-22\nThe presidents of Iran and Pakistan signed eight agreements on trade and security.",
    "a.txt": "date 2024-01-17\nIran launched missile strikes on militant bases inside Pakistan.\n\n"
             "Pakistan recalled its ambassador from Tehran.",
    "u.txt": "Officials of Kenya and Peru will meet in Lima next week.",
    "b.txt": "Islamabad, 18 January 2024 – Pakistan carried out retaliatory strikes inside Iran, killing nine people.",
    "y.txt": "date 2023\nPeru and Chile restored full diplomatic relations and signed a trade accord.",
}
ORDER = ["y.txt", "a.txt", "b.txt", "c.txt", "u.txt"]


@pytest.fixture
def dated(tmp_path: Path) -> list[Path]:
    paths = []
    for name, text in DOCS.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="toneclf")
    add_parser(parser.add_subparsers(dest="command", required=True))
    return parser


def run_cli(*argv: str) -> tuple[int, str]:
    args = _parser().parse_args(["timeline", *argv])
    out = io.StringIO()
    code = args.func(args, out)
    return code, out.getvalue()


def test_rows_sorted_by_date_with_undated_last(dated: list[Path]) -> None:
    frame = timeline(dated)
    assert list(frame.columns) == COLUMNS
    assert [Path(d).name for d in frame["doc"]] == ORDER
    assert frame["doc"].tolist()[0] == str(dated[list(DOCS).index("y.txt")])  # the path as given
    assert frame["date"].tolist() == ["2023", "2024-01-17", "2024-01-18", "2024-04-22", None]
    assert frame["precision"].tolist() == ["year", "day", "day", "day", None]
    assert frame["date_value"].dtype.kind == "M"
    assert frame["date_value"].iloc[:4].tolist() == [
        pd.Timestamp("2023-01-01"), pd.Timestamp("2024-01-17"), pd.Timestamp("2024-01-18"), pd.Timestamp("2024-04-22")
    ]
    assert pd.isna(frame["date_value"].iloc[4])
    assert frame.index.tolist() == [0, 1, 2, 3, 4]


def test_counts_scores_and_labels_agree_with_the_scorer(dated: list[Path]) -> None:
    frame = timeline(dated)
    counts = frame[["n_hostile", "n_tense", "n_neutral", "n_conciliatory", "n_cooperative"]]
    assert (counts.sum(axis=1) == frame["n_sentences"]).all()
    for row in frame.itertuples(index=False):
        doc = toneclf.score(Path(str(row.doc)).read_text(encoding="utf-8"))
        assert row.n_sentences == len(doc)
        assert row.score == pytest.approx(doc.score, abs=1e-12)
        assert (row.level, row.label, row.dyad) == (doc.level, doc.label, doc.dyad)
        assert [row.n_hostile, row.n_tense, row.n_neutral, row.n_conciliatory, row.n_cooperative] == [
            doc.counts[level] for level in toneclf.LEVELS
        ]
    strikes = frame.set_index(frame["doc"].map(lambda d: Path(d).name)).loc["a.txt"]
    assert strikes["n_hostile"] >= 1 and strikes["score"] < 0


def test_dyad_filter_accepts_either_order(dated: list[Path]) -> None:
    a = timeline(dated, dyad="PAK-IRN")
    b = timeline(dated, dyad="IRN-PAK")
    c = timeline(dated, dyad=" irn/pak ")
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(a, c)
    assert [Path(d).name for d in a["doc"]] == ["a.txt", "b.txt", "c.txt"]
    assert set(a["dyad"]) == {"IRN-PAK"}
    assert timeline(dated, dyad="CHL-PER")["doc"].map(lambda d: Path(d).name).tolist() == ["y.txt"]
    assert timeline(dated, dyad="FRA-DEU").empty


@pytest.mark.parametrize("bad", ["PAK", "PAK-", "PAKIRN", "PAK-XYZ", "PAK-PAK", "PAK-IRN-IND"])
def test_malformed_dyad_is_a_clear_error(dated: list[Path], bad: str) -> None:
    with pytest.raises(ValueError, match="dyad: expected two ISO 3166 alpha-3 codes"):
        timeline(dated, dyad=bad)


def test_dyad_of_wrong_type() -> None:
    with pytest.raises(TypeError, match="dyad must be a str"):
        timeline(["Talks resumed."], dyad=("PAK", "IRN"))  # type: ignore[arg-type]


def test_seeds(seeds: list[Path]) -> None:
    frame = timeline(seeds)
    assert frame["dyad"].tolist() == ["IRN-PAK", "IRN-PAK"]
    assert frame["date"].tolist() == ["2024-01", "2025-08-03"]
    assert frame["precision"].tolist() == ["month", "day"]
    assert [Path(d).name for d in frame["doc"]] == [p.name for p in sorted(seeds)]
    pd.testing.assert_frame_equal(frame, timeline(list(reversed(seeds)), dyad="pak-irn"))


def test_list_of_texts_uses_positions() -> None:
    texts = [
        "date 2025-02\nBoth governments signed a trade accord.",
        "No date. The army shelled border posts overnight.",
        "date 2024-11-05\nThe ministers met in Geneva.",
    ]
    frame = timeline(texts)
    assert frame["doc"].tolist() == [2, 0, 1]
    assert frame["date"].tolist() == ["2024-11-05", "2025-02", None]


def test_dataframe_input_with_dates_and_index_labels() -> None:
    frame = pd.DataFrame(
        {
            "text": ["date 2020-01-01\nThe army shelled border posts.", "Talks resumed in Doha.", "They met."],
            "date": ["2024-03", None, pd.Timestamp("2023-07-09")],
        },
        index=["x", "y", "z"],
    )
    out = timeline(frame)
    assert out["doc"].tolist() == ["z", "x", "y"]
    assert out["date"].tolist() == ["2023-07-09", "2024-03", None]  # the given date wins over the text's
    no_date_column = timeline(frame[["text"]])
    assert no_date_column["date"].tolist() == ["2020-01-01", None, None]
    with pytest.raises(KeyError, match="needs a 'text' column"):
        timeline(pd.DataFrame({"body": ["x"]}))
    with pytest.raises(ValueError, match=r"documents\['date'\]\['x'\]: date: expected 'YYYY'"):
        timeline(pd.DataFrame({"text": ["a"], "date": ["March"]}, index=["x"]))
    with pytest.raises(TypeError, match=r"documents\['text'\]\[0\] must be a str"):
        timeline(pd.DataFrame({"text": [3]}))


def test_wrong_document_types_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match=r"documents must be a list .*got str; for one document pass a list"):
        timeline("Talks resumed.")
    with pytest.raises(TypeError, match=r"got (Posix|Windows)Path"):
        timeline(tmp_path)
    with pytest.raises(TypeError, match="got int"):
        timeline(3)
    with pytest.raises(TypeError, match="got dict"):
        timeline({"a": "Talks resumed."})
    with pytest.raises(TypeError, match=r"documents\[1\] must be a str \(text or path\) or a path, got int"):
        timeline(["Talks resumed.", 3])
    with pytest.raises(TypeError, match=r"documents\[0\].*got bytes \(decode bytes first\)"):
        timeline([b"Talks resumed."])
    with pytest.raises(TypeError, match="scorer must be a toneclf Scorer"):
        timeline(["Talks resumed."], scorer="default")  # type: ignore[arg-type]


def test_missing_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"documents\[0\]: no such file: 'news/missing\.txt'"):
        timeline(["news/missing.txt"])
    with pytest.raises(FileNotFoundError):
        timeline([tmp_path / "missing.txt"])
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Déjà".encode("latin-1"))
    with pytest.raises(ValueError, match=r"latin1\.txt: not UTF-8 text"):
        timeline([bad])


def test_empty_input_gives_an_empty_table() -> None:
    frame = timeline([])
    assert frame.empty and list(frame.columns) == COLUMNS


def test_bands() -> None:
    assert [band(level) for level in toneclf.LEVELS] == [
        (-1.0, -0.75), (-0.75, -0.25), (-0.25, 0.25), (0.25, 0.75), (0.75, 1.0)
    ]
    for level in toneclf.LEVELS:  # each level's band holds the scores that round to it
        lo, hi = band(level)
        assert toneclf.scale.level_of_score((lo + hi) / 2) == level
    with pytest.raises(ValueError, match="level must be one of"):
        band(3)


def test_plot_is_a_png(dated: list[Path], tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    frame = timeline(dated)
    out = tmp_path / "t.png"
    fig = plot_timeline(frame, out, dyad="IRN-PAK", window=2)
    assert out.read_bytes()[:8] == PNG_MAGIC
    ax = fig.axes[0]
    assert ax.get_title(loc="left") == "Escalation-to-reconciliation index — IRN-PAK"
    labels = {t.get_text() for t in ax.texts}
    assert {"-2 hostile", "-1 tense", "0 neutral", "+1 conciliatory", "+2 cooperative"} <= labels
    assert any("1 undated document not shown" in t.get_text() for t in fig.texts)
    line = ax.lines[-1]  # the rolling mean over the 4 dated documents, window 2
    scores = frame["score"].iloc[:4].to_numpy()
    expected = [scores[0], *((scores[1:] + scores[:-1]) / 2)]
    assert np.allclose(line.get_ydata(), expected)
    with pytest.raises(ValueError, match="no dated document"):
        plot_timeline(frame.iloc[4:])
    with pytest.raises(ValueError, match="window must be a positive int"):
        plot_timeline(frame, window=0)


def test_missing_matplotlib_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, dated: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    frame = timeline(dated)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(ImportError, match=r"install it with: pip install 'toneclf\[plot\]'"):
        plot_timeline(frame)
    code, out = run_cli(*map(str, dated), "--plot", "x.png")
    assert code == 2 and out == ""
    assert "toneclf: error: plotting needs matplotlib" in capsys.readouterr().err


def test_cli_prints_a_table(dated: list[Path]) -> None:
    code, out = run_cli(*map(str, dated), "--dyad", "IRN-PAK")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["date", "score", "label", "n", "-2", "-1", "0", "+1", "+2", "dyad", "document"]
    assert [line.split()[0] for line in lines[1:]] == ["2024-01-17", "2024-01-18", "2024-04-22"]
    assert [Path(line.split()[-1]).name for line in lines[1:]] == ["a.txt", "b.txt", "c.txt"]
    assert out == format_table(timeline(dated, dyad="PAK-IRN")) + "\n"


def test_cli_csv_and_plot(dated: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("matplotlib")
    csv_path, png_path = tmp_path / "t.csv", tmp_path / "t.png"
    code, out = run_cli(*map(str, dated), "--csv", str(csv_path), "--plot", str(png_path))
    assert code == 0 and out == ""
    rows = list(csv.DictReader(csv_path.open(encoding="utf-8")))
    assert [Path(r["doc"]).name for r in rows] == ORDER
    assert rows[0].keys() == set(COLUMNS)
    assert png_path.read_bytes()[:8] == PNG_MAGIC
    err = capsys.readouterr().err
    assert "1 undated document left out of the plot" in err and "u.txt" in err


def test_cli_csv_to_stdout(dated: list[Path]) -> None:
    code, out = run_cli(*map(str, dated), "--csv", "-")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["date"] for r in rows] == ["2023", "2024-01-17", "2024-01-18", "2024-04-22", ""]


def test_cli_errors(dated: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run_cli(*map(str, dated), "--dyad", "PAKIRN")
    assert code == 2 and "toneclf: error: --dyad: expected two ISO 3166" in capsys.readouterr().err
    code, _ = run_cli(str(tmp_path / "nope.txt"))
    assert code == 1 and "nope.txt: No such file or directory" in capsys.readouterr().err
    code, _ = run_cli(*map(str, dated), "--window", "0")
    assert code == 2 and "--window must be at least 1" in capsys.readouterr().err


def test_cli_plot_without_dated_documents(
    dated: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("matplotlib")
    undated = tmp_path / "u.txt"
    code, _ = run_cli(str(undated), "--plot", str(tmp_path / "x.png"))
    assert code == 1 and "no dated document to plot" in capsys.readouterr().err


def test_install_hint_is_the_documented_command() -> None:
    assert PLOT_INSTALL_HINT == "pip install 'toneclf[plot]'"
