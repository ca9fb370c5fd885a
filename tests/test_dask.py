"""toneclf.dask on a local cluster of two worker processes: same results as one process."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pandas as pd
import pytest

import toneclf

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import toneclf.dask  # noqa: E402  (after the skips: needs dask)

ROOT = Path(__file__).resolve().parents[1]


def _write_archive(folder: Path, n_docs: int = 2000, n_files: int = 8) -> list[Path]:
    """JSON Lines files of documents of 1 to 12 test-split sentences, some with a date."""
    corpus = pd.read_csv(ROOT / "data" / "corpus.csv")
    sentences = corpus.loc[corpus["split"] == "test", "text"].tolist()
    rng = random.Random(0)
    paths = [folder / f"part-{i:02d}.jsonl" for i in range(n_files)]
    lines: list[list[str]] = [[] for _ in paths]
    for i in range(n_docs):
        record = {"id": f"doc{i:05d}", "text": " ".join(rng.sample(sentences, rng.randint(1, 12))),
                  "date": f"2024-{1 + i % 12:02d}" if i % 3 == 0 else None}
        lines[i % n_files].append(json.dumps(record, ensure_ascii=False) + "\n")
    for path, part in zip(paths, lines, strict=True):
        path.write_text("".join(part), encoding="utf-8")
    return paths


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with cluster, distributed.Client(cluster) as client:
        yield client


@pytest.mark.slow
def test_cluster_results_equal_one_process(tmp_path: Path, client) -> None:
    paths = _write_archive(tmp_path)
    # dates stay strings ("2024-01"): pandas would turn a "date" column into timestamps
    read = {"lines": True, "dtype": False}
    ddf = dd.read_json(str(tmp_path / "*.jsonl"), **read)
    ddf = ddf.map_partitions(lambda frame: frame.set_index("id"))
    assert ddf.npartitions == len(paths)

    scored = toneclf.dask.score_frame(ddf, date_column="date")
    got = scored.compute()

    frame = pd.concat([pd.read_json(path, lines=True, dtype=False) for path in paths]).set_index("id")
    expected = toneclf.score_frame(frame, date_column="date")
    assert len(got) > 10_000
    assert list(got.columns) == list(expected.columns)
    assert got.dtypes.equals(expected.dtypes)
    assert scored.dtypes.equals(expected.dtypes)  # the declared meta
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected, check_exact=True)
    # each worker loaded the model once and kept it
    loaded = client.run(lambda: sys.modules["toneclf.scorer"]._default is not None)
    assert all(loaded.values()) and len(loaded) == 2


def test_user_model_path_and_empty_partitions(tmp_path: Path, client) -> None:
    frame = pd.DataFrame({"text": ["Talks resumed.", "", "   ", "Troops shelled the town. Talks failed."]},
                         index=["a", "b", "c", "d"])
    ddf = dd.from_pandas(frame, npartitions=3, sort=False)
    model_dir = toneclf.default_scorer().source
    got = toneclf.dask.score_frame(ddf, model=model_dir).compute()
    expected = toneclf.score_frame(frame)
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected, check_exact=True)
    # a partition without any sentence still has the declared dtypes
    empty = toneclf.dask.score_frame(dd.from_pandas(frame.iloc[1:3], npartitions=1)).compute()
    assert len(empty) == 0 and empty.dtypes.equals(expected.dtypes)


def test_errors_are_clear(tmp_path: Path) -> None:
    ddf = dd.from_pandas(pd.DataFrame({"body": ["x"]}), npartitions=1)
    with pytest.raises(KeyError, match="text_column='text' is not a column"):
        toneclf.dask.score_frame(ddf)
    with pytest.raises(TypeError, match="must be a dask DataFrame"):
        toneclf.dask.score_frame(pd.DataFrame({"text": ["x"]}))  # type: ignore[arg-type]
    with pytest.raises(FileNotFoundError, match="no model directory"):
        toneclf.dask.score_frame(ddf, "body", model=tmp_path / "missing")


def test_missing_dask_names_the_pip_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "dask.dataframe", None)  # makes `import dask.dataframe` fail
    with pytest.raises(ImportError, match=r"pip install 'toneclf\[dask\]'"):
        toneclf.dask.score_frame(object())  # type: ignore[arg-type]
