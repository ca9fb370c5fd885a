"""Scoring a dask DataFrame, partition by partition, on a dask cluster.

When one machine is not enough, hand the archive to dask: :func:`score_frame`
is :func:`toneclf.score_frame` applied to every partition of a
``dask.dataframe.DataFrame``. Each worker process loads the model once, on
its first partition, and keeps it (the task refers to the model by name or
path; the model itself is never shipped inside the tasks).

Needs the ``dask`` extra: ``pip install 'toneclf[dask]'`` (``dask[dataframe]``
and ``distributed``). The model directory given as ``model`` must be readable
at the same path on every worker.

Examples
--------
>>> import pandas as pd, dask.dataframe as dd  # doctest: +SKIP
>>> import toneclf.dask  # doctest: +SKIP
>>> frame = dd.from_pandas(pd.DataFrame({"text": ["Talks resumed.", "Troops shelled the town."]}),
...                        npartitions=2)  # doctest: +SKIP
>>> toneclf.dask.score_frame(frame).compute()[["doc", "label"]]  # doctest: +SKIP
   doc        label
0    0  cooperative
0    1      hostile
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import dask.dataframe as dd
    import pandas as pd

__all__ = ["score_frame"]

_INSTALL = "pip install 'toneclf[dask]'"


def _require_dask() -> Any:
    try:
        import dask.dataframe
    except ImportError as exc:
        raise ImportError(
            f"toneclf.dask needs dask with its DataFrame support ({exc}); install it with: {_INSTALL}"
        ) from exc
    return dask.dataframe


def score_frame(
    ddf: dd.DataFrame,
    text_column: str = "text",
    date_column: str | None = None,
    *,
    model: str | os.PathLike[str] | None = None,
) -> dd.DataFrame:
    """Score a dask DataFrame of documents: one output row per sentence.

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
        One document per row.
    text_column : str, default="text"
        Column holding the texts (str).
    date_column : str, optional
        Column holding the documents' dates ("2024-01-05", ...); when not
        given, dates are found in the texts.
    model : path, optional
        A model directory written by ``toneclf train`` (default: the packaged
        model). Each worker loads it once, from this path.

    Returns
    -------
    dask.dataframe.DataFrame
        Lazy; the columns and dtypes of :func:`toneclf.score_frame`
        (``doc`` is the input row's index label, so set the index to your
        document ids first, e.g. ``ddf.map_partitions(lambda f: f.set_index("id"))``).
        Within a partition the index runs from 0; the divisions are unknown.

    Raises
    ------
    ImportError
        dask is not installed (the message names the pip command).
    TypeError, KeyError
        ``ddf`` is not a dask DataFrame, or a column is missing.
    """
    dd_module = _require_dask()
    if not isinstance(ddf, dd_module.DataFrame):
        raise TypeError(f"ddf must be a dask DataFrame, got {type(ddf).__name__}")
    for name, column in (("text_column", text_column), ("date_column", date_column)):
        if column is not None and column not in ddf.columns:
            raise KeyError(f"{name}={column!r} is not a column of ddf; its columns are {list(ddf.columns)}")
    source = None if model is None else os.fspath(model)
    if source is not None and not os.path.exists(source):
        raise FileNotFoundError(f"model: no model directory or manifest at {source!r}")
    meta = _meta(ddf)
    return ddf.map_partitions(
        _score_partition, text_column, date_column, source, meta, meta=meta, enforce_metadata=False,
    )


def _meta(ddf: dd.DataFrame) -> pd.DataFrame:
    """An empty frame with the output's columns and dtypes (those of a non-empty result).

    Built the way :meth:`toneclf.Scorer.score_frame` builds its frame, from a
    row of the right Python types, so that no model is needed here.
    """
    import pandas as pd
    from dask.dataframe.utils import meta_nonempty

    from .scorer import FRAME_COLUMNS, PROBABILITY_COLUMNS

    row: dict[str, Any] = {
        "doc": meta_nonempty(ddf._meta).index[0], "sentence": 0, "start": 0, "end": 1, "text": "x",
        "level": 0, "label": "neutral", "score": 0.0, "confidence": 1.0, "coverage": 1.0,
        **dict.fromkeys(PROBABILITY_COLUMNS, 0.2), "states": "",
    }
    return pd.DataFrame([row], columns=FRAME_COLUMNS).iloc[:0]


def _scorer(source: str | None) -> Any:
    """The scorer of ``source`` in this process, loaded once (the packaged model for None)."""
    from .scorer import _worker_scorer, default_scorer

    return default_scorer() if source is None else _worker_scorer(("model", source))


def _score_partition(frame: pd.DataFrame, text_column: str, date_column: str | None, source: str | None,
                     meta: pd.DataFrame) -> pd.DataFrame:
    """Score one partition (runs on a worker)."""
    if date_column is not None:
        # dask stores strings as pyarrow strings, whose missing value is pd.NA (NaT for
        # timestamps): hand the scorer None for "no date given", as a pandas frame would.
        dates = frame[date_column].astype(object)
        frame = frame.assign(**{date_column: dates.where(dates.notna(), None)})
    out = _scorer(source).score_frame(frame, text_column, date_column=date_column)
    if len(out) == 0 or not out.dtypes.equals(meta.dtypes):
        out = out.astype(meta.dtypes.to_dict())  # a partition without sentences comes back untyped
    return out
