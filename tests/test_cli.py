"""The command line, run as a user would run it (a subprocess)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import toneclf


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "toneclf", *args], input=stdin, capture_output=True,
                          text=True, timeout=120)


def test_score_table_shows_each_sentence_and_the_document_score(seeds) -> None:
    proc = run("score", *map(str, seeds))
    assert proc.returncode == 0, proc.stderr
    for path in seeds:
        doc = toneclf.score(path.read_text(encoding="utf-8"))
        assert f"{path}: score {doc.score:+.2f} ({doc.label}), {len(doc)} sentences" in proc.stdout
        for s in doc:
            assert f"{s.level:>+5d}  {s.label:<12}  {s.score:>+6.2f}" in proc.stdout


def test_score_json_lines_match_the_api(seeds) -> None:
    proc = run("score", "--format", "json", str(seeds[0]))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    expected = toneclf.score(seeds[0].read_text(encoding="utf-8")).as_dict()
    assert record["source"] == str(seeds[0])
    assert [s["text"] for s in record["sentences"]] == [s["text"] for s in expected["sentences"]]
    assert record["score"] == expected["score"]


def test_score_csv_from_standard_input() -> None:
    proc = run("score", "--format", "csv", "-", stdin="Talks resumed on Monday. The army shelled the border.")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert [r["text"] for r in rows] == ["Talks resumed on Monday.", "The army shelled the border."]
    assert all(r["source"] == "<stdin>" for r in rows)
    assert float(rows[1]["score"]) < float(rows[0]["score"])


def test_missing_file_is_a_clear_error(tmp_path) -> None:
    proc = run("score", str(tmp_path / "nope.txt"))
    assert proc.returncode != 0
    assert "nope.txt: No such file or directory" in proc.stderr


def test_non_utf8_file_is_a_clear_error(tmp_path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Déjà".encode("latin-1"))
    proc = run("score", str(path))
    assert proc.returncode != 0 and "not UTF-8" in proc.stderr


def test_unknown_format_is_refused_by_argparse() -> None:
    proc = run("score", "--format", "xml", "-", stdin="x")
    assert proc.returncode == 2 and "invalid choice: 'xml'" in proc.stderr


def test_score_explain_lists_ngrams_each_way(seeds) -> None:
    proc = run("score", "--explain", "2", str(seeds[1]))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("+ reconciliation:") == len(toneclf.score(seeds[1].read_text(encoding="utf-8")))


def test_explain_refuses_machine_formats() -> None:
    proc = run("score", "--explain", "--format", "json", "-", stdin="Talks resumed.")
    assert proc.returncode == 2 and "--explain goes with the table format" in proc.stderr


def test_timeline_and_report_subcommands_are_wired(seeds, tmp_path) -> None:
    proc = run("timeline", *map(str, seeds), "--csv", str(tmp_path / "t.csv"))
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "t.csv").read_text(encoding="utf-8").count("IRN-PAK") == 2
    proc = run("report", *map(str, seeds), "--html", str(tmp_path / "r.html"))
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
