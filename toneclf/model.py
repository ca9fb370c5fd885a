"""The model recipe, training, and safe persistence.

:func:`build_pipeline` is the one recipe used by the training script, the
package and the tests: TF-IDF over :class:`~toneclf.features.NewsVectorizer`
features (optionally joined by character n-grams) followed by a multinomial
logistic regression over the five levels.

A saved model is a directory with two files:

* ``toneclf-model-<hash>.joblib``: the fitted pipeline;
* ``toneclf-model.json``: the manifest: the model file's name and SHA-256,
  the toneclf and scikit-learn versions, the training data's SHA-256, the
  parameters and the held-out metrics.

The manifest is the commit point: a new model file is written first under a
new name, then the manifest is replaced atomically (write to a temporary file,
then rename), then the old model file is removed. A run that dies at any
point leaves a manifest that names a complete model file.

Loading checks the model file's SHA-256 against the manifest *before*
unpickling it, and warns when the scikit-learn version differs from the one
that trained it.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from ._gc import paused
from ._version import __version__
from .features import NewsVectorizer
from .scale import LEVELS, decide

__all__ = [
    "MANIFEST_NAME",
    "ModelIntegrityError",
    "ModelVersionWarning",
    "PARAM_GRID",
    "assign_split",
    "build_pipeline",
    "load_artifact",
    "save_artifact",
]

MANIFEST_NAME = "toneclf-model.json"
MODEL_PREFIX = "toneclf-model-"
RETRAIN_HINT = "retrain it with `python training/train.py` (or `--out DIR` for your own model)"

DEFAULT_PARAMS: dict[str, Any] = {
    "C": 8.0,
    "class_weight": None,
    "negation": True,
    "background": True,
    "stems": True,
    "bigrams": True,
    "reversal": True,
    "char_ngrams": False,
    "min_df": 2,
    "calibrate": True,
    "far_cost": 2.0,
}
"""Defaults of :func:`build_pipeline`; the training script tunes ``C`` by CV."""

PARAM_GRID: dict[str, list[Any]] = {"clf__C": [8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0]}
"""Grid searched by cross-validation on the train split."""


class ModelIntegrityError(RuntimeError):
    """A model file is missing, truncated, altered or unreadable."""


class ModelVersionWarning(UserWarning):
    """A model was trained under another scikit-learn or toneclf version."""


class TemperedLogisticRegression(ClassifierMixin, BaseEstimator):
    """Multinomial logistic regression with temperature-scaled probabilities.

    The decision values of a logistic regression fitted with strong enough
    regularisation to generalise are usually under- or over-confident. This
    estimator fits one temperature ``T`` on out-of-fold decision values of the
    training data (minimising the log-loss), then refits on all of it;
    probabilities are ``softmax(decision / T)``. The predicted level is the
    one of least expected cost under these probabilities, a miss by two or
    more levels costing ``far_cost`` times a miss by one
    (:func:`toneclf.scale.decide`; ``far_cost=1`` gives the argmax). The
    model stays linear, so every feature's contribution can still be read
    off ``coef_`` (already divided by ``T``).

    Parameters
    ----------
    C : float, default=8.0
        Inverse regularisation strength.
    class_weight : {None, "balanced"}, default=None
        Class weights.
    calibrate : bool, default=True
        Fit the temperature (else ``T = 1``).
    cv : int, default=5
        Folds for the out-of-fold decision values.
    max_iter : int, default=5000
        Solver iterations.
    random_state : int, default=0
        Seed of the folds.
    far_cost : float, default=2.0
        Cost of reporting a level two or more steps from the truth, relative
        to one step, in the choice of the predicted level.

    Attributes
    ----------
    classes_ : ndarray
        The levels.
    coef_ : ndarray of shape (n_classes, n_features)
        Coefficients divided by ``temperature_``.
    intercept_ : ndarray of shape (n_classes,)
        Intercepts divided by ``temperature_``.
    temperature_ : float
        The fitted temperature.
    """

    def __init__(self, C: float = 8.0, class_weight: str | None = None, calibrate: bool = True, cv: int = 5,
                 max_iter: int = 5000, random_state: int = 0, far_cost: float = 2.0) -> None:
        self.far_cost = far_cost
        self.C = C
        self.class_weight = class_weight
        self.calibrate = calibrate
        self.cv = cv
        self.max_iter = max_iter
        self.random_state = random_state

    def _lr(self) -> LogisticRegression:
        return LogisticRegression(C=float(self.C), class_weight=self.class_weight, max_iter=self.max_iter,
                                  random_state=self.random_state)

    def fit(self, X: Any, y: Any) -> TemperedLogisticRegression:
        """Fit the temperature on out-of-fold decision values, then the model on all rows."""
        from scipy.optimize import minimize_scalar
        from scipy.special import logsumexp
        from sklearn.model_selection import StratifiedKFold, cross_val_predict

        y = np.asarray(y)
        temperature = 1.0
        counts = np.unique(y, return_counts=True)[1]
        if self.calibrate and counts.min() >= self.cv:
            folds = StratifiedKFold(n_splits=self.cv, shuffle=True, random_state=self.random_state)
            z = cross_val_predict(self._lr(), X, y, cv=folds, method="decision_function")
            classes = np.unique(y)
            target = np.searchsorted(classes, y)

            def nll(log_t: float) -> float:
                scaled = z / np.exp(log_t)
                return float(np.mean(logsumexp(scaled, axis=1) - scaled[np.arange(len(y)), target]))

            temperature = float(np.exp(minimize_scalar(nll, bounds=(-3.0, 3.0), method="bounded").x))
        lr = self._lr().fit(X, y)
        self.classes_ = lr.classes_
        self.coef_ = lr.coef_ / temperature
        self.intercept_ = lr.intercept_ / temperature
        self.temperature_ = temperature
        self.n_features_in_ = lr.n_features_in_
        return self

    def decision_function(self, X: Any) -> np.ndarray:
        """Temperature-scaled decision values, one column per level."""
        return np.asarray(X @ self.coef_.T) + self.intercept_

    def predict_proba(self, X: Any) -> np.ndarray:
        """Level probabilities, columns in ``classes_`` order."""
        from scipy.special import softmax

        return softmax(self.decision_function(X), axis=1)

    def predict(self, X: Any) -> np.ndarray:
        """The level of least expected cost (see ``far_cost``)."""
        return self.classes_[decide(self.predict_proba(X), self.far_cost)]

    def __setstate__(self, state: dict[str, Any]) -> None:
        # Models saved before far_cost existed reported the most probable level.
        super().__setstate__({"far_cost": 1.0, **state})


def reported_levels(clf: Any, proba: np.ndarray) -> np.ndarray:
    """The levels ``clf`` reports for rows of its probabilities: :func:`toneclf.scale.decide` with its
    ``far_cost`` (1, the most probable level, for models saved before ``far_cost`` existed)."""
    return np.asarray(clf.classes_)[decide(proba, getattr(clf, "far_cost", 1.0))]


def build_pipeline(
    *,
    C: float = DEFAULT_PARAMS["C"],
    class_weight: str | None = DEFAULT_PARAMS["class_weight"],
    negation: bool = DEFAULT_PARAMS["negation"],
    background: bool = DEFAULT_PARAMS["background"],
    stems: bool = DEFAULT_PARAMS["stems"],
    bigrams: bool = DEFAULT_PARAMS["bigrams"],
    reversal: bool = DEFAULT_PARAMS["reversal"],
    char_ngrams: bool = DEFAULT_PARAMS["char_ngrams"],
    min_df: int = DEFAULT_PARAMS["min_df"],
    calibrate: bool = DEFAULT_PARAMS["calibrate"],
    far_cost: float = DEFAULT_PARAMS["far_cost"],
    random_state: int = 0,
) -> Pipeline:
    """Build the (unfitted) toneclf pipeline.

    Parameters
    ----------
    C : float
        Inverse regularisation strength of the logistic regression.
    class_weight : {None, "balanced"}
        Passed to :class:`~sklearn.linear_model.LogisticRegression`.
    negation, background, stems, bigrams, reversal : bool
        Feature switches of :class:`~toneclf.features.NewsVectorizer`.
    char_ngrams : bool
        Add TF-IDF character n-grams (2-5, within word boundaries); slower,
        kept for the ablation study.
    min_df : int
        Minimum number of training sentences a feature must occur in.
    calibrate : bool
        Fit a temperature for calibrated probabilities
        (:class:`TemperedLogisticRegression`).
    far_cost : float
        Relative cost of a miss by two or more levels in the choice of the
        predicted level (:func:`toneclf.scale.decide`).
    random_state : int
        Seed of the solver.

    Returns
    -------
    sklearn.pipeline.Pipeline
        Steps ``features`` and ``clf``.

    Examples
    --------
    >>> pipe = build_pipeline(min_df=1)
    >>> texts = ["Troops shelled the town.", "Envoys condemned the remarks.",
    ...          "The talks are on Monday.", "Both sides called for calm.",
    ...          "They signed a trade accord."]
    >>> _ = pipe.fit(texts, [-2, -1, 0, 1, 2])
    >>> pipe.classes_.tolist()
    [-2, -1, 0, 1, 2]
    """
    if not (isinstance(C, (int, float)) and C > 0):
        raise ValueError(f"C must be a positive number, got {C!r}")
    if class_weight not in (None, "balanced"):
        raise ValueError(f"class_weight must be None or 'balanced', got {class_weight!r}")
    words = NewsVectorizer(
        negation=negation, background=background, stems=stems, bigrams=bigrams, min_df=min_df,
        reversal=reversal,
    )
    features: Any = words
    if char_ngrams:
        from sklearn.feature_extraction.text import TfidfVectorizer

        chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=min_df, sublinear_tf=True)
        features = FeatureUnion([("words", words), ("chars", chars)])
    if not (isinstance(far_cost, (int, float)) and far_cost >= 1):
        raise ValueError(f"far_cost must be a number >= 1, got {far_cost!r}")
    clf = TemperedLogisticRegression(C=float(C), class_weight=class_weight, calibrate=calibrate,
                                     random_state=random_state, far_cost=float(far_cost))
    return Pipeline([("features", features), ("clf", clf)])


def assign_split(frame: Any, test_size: float = 0.2, seed: int = 0) -> np.ndarray:
    """Assign ``train``/``test`` to rows whose ``split`` is empty.

    Stratified by language and level; rows sharing a non-empty ``group`` go to
    the same side. Rows that already have a split keep it. Groups are placed
    and single rows are visited in one seeded random order and go to the test
    split while none of the strata they touch is full (``ceil(test_size *
    rows)`` each); single rows then top up any stratum left short, so every
    language-and-level cell gets its share and groups are not over-represented.

    Returns
    -------
    ndarray of str
        The split of every row, in order.
    """
    import math

    if not 0.0 < test_size < 1.0:
        raise ValueError(f"test_size must be between 0 and 1 (exclusive), got {test_size!r}")
    rng = np.random.default_rng(seed)
    split = frame["split"].astype(str).to_numpy().copy() if "split" in frame else np.full(len(frame), "", dtype=object)
    split = split.astype(object)
    groups = frame["group"].astype(str).to_numpy() if "group" in frame else np.full(len(frame), "")
    strata = frame["lang"].astype(str).to_numpy() + "|" + frame["level"].astype(str).to_numpy()
    target = {s: math.ceil(test_size * n) for s, n in zip(*np.unique(strata, return_counts=True))}
    taken = dict.fromkeys(target, 0)
    for i in np.flatnonzero(split == "test"):
        taken[strata[i]] += 1
    members: dict[str, list[int]] = {}
    for i in np.flatnonzero(split == ""):
        key = groups[i] if groups[i] else f"__row{i}"
        members.setdefault(key, []).append(int(i))
    keys = sorted(members)
    rng.shuffle(keys)
    for key in keys:
        rows = members[key]
        need: dict[str, int] = {}
        for i in rows:
            need[strata[i]] = need.get(strata[i], 0) + 1
        fits = all(taken[s] + n <= target[s] for s, n in need.items())
        for s, n in need.items():
            taken[s] += n if fits else 0
        for i in rows:
            split[i] = "test" if fits else "train"
    # A group that did not fit can leave a stratum short: top it up with single rows.
    for key in keys:
        if len(members[key]) == 1:
            i = members[key][0]
            if split[i] == "train" and taken[strata[i]] < target[strata[i]]:
                split[i] = "test"
                taken[strata[i]] += 1
    return split.astype(str)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_artifact(pipeline: Pipeline, directory: str | os.PathLike[str], metadata: Mapping[str, Any]) -> Path:
    """Save a fitted pipeline and its manifest atomically; return the manifest path.

    ``metadata`` is stored in the manifest together with the versions and the
    model file's SHA-256. The previous model in ``directory``, if any, stays
    loadable until the new manifest replaces the old one.
    """
    import joblib
    import sklearn

    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=out, prefix=".model.", suffix=".tmp")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        joblib.dump(pipeline, tmp, compress=3)
        digest = _sha256(tmp)
        model_file = out / f"{MODEL_PREFIX}{digest[:16]}.joblib"
        os.chmod(tmp, 0o644)  # mkstemp creates 0600 files; a model is meant to be shared
        os.replace(tmp, model_file)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    manifest_path = out / MANIFEST_NAME
    old_model: Path | None = None
    if manifest_path.exists():
        try:
            old_model = out / json.loads(manifest_path.read_text(encoding="utf-8"))["model_file"]
        except (ValueError, KeyError, OSError):
            old_model = None
    manifest = {
        "format": 1,
        "model_file": model_file.name,
        "model_sha256": digest,
        "toneclf_version": __version__,
        "sklearn_version": sklearn.__version__,
        **dict(metadata),
    }
    _atomic_write_bytes(manifest_path, (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    if old_model is not None and old_model != model_file and old_model.exists():
        old_model.unlink()
    return manifest_path


def _manifest_path(path: str | os.PathLike[str]) -> Path:
    p = Path(path)
    if p.is_dir():
        p = p / MANIFEST_NAME
    return p


def load_artifact(path: str | os.PathLike[str]) -> tuple[Pipeline, dict[str, Any]]:
    """Load a model saved by :func:`save_artifact`, checking it first.

    Parameters
    ----------
    path : path
        The model directory or its ``toneclf-model.json`` manifest.

    Raises
    ------
    FileNotFoundError
        No manifest or no model file at ``path``.
    ModelIntegrityError
        The manifest is unreadable, or the model file's SHA-256 differs from
        the manifest (truncated or altered file), or it does not unpickle to a
        toneclf pipeline.

    Warns
    -----
    ModelVersionWarning
        The model was trained under another scikit-learn or toneclf version.
    """
    import joblib
    import sklearn

    manifest_path = _manifest_path(path)
    if not manifest_path.is_file():
        raise FileNotFoundError(
            f"path: expected a toneclf model directory or its {MANIFEST_NAME}, "
            f"found no manifest at {str(manifest_path)!r}"
        )
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        model_file = manifest_path.parent / manifest["model_file"]
        expected = manifest["model_sha256"]
    except (ValueError, KeyError, TypeError) as exc:
        raise ModelIntegrityError(
            f"the model manifest {str(manifest_path)!r} is unreadable ({exc}); {RETRAIN_HINT}"
        ) from None
    if not model_file.is_file():
        raise FileNotFoundError(
            f"the manifest {str(manifest_path)!r} names {model_file.name!r}, which is missing; {RETRAIN_HINT}"
        )
    actual = _sha256(model_file)
    if actual != expected:
        raise ModelIntegrityError(
            f"the model file {str(model_file)!r} does not match its manifest (SHA-256 {actual[:16]}... "
            f"instead of {str(expected)[:16]}...): it is truncated or altered and was not loaded; {RETRAIN_HINT}"
        )
    trained_with = manifest.get("sklearn_version")
    if trained_with != sklearn.__version__:
        warnings.warn(
            f"this toneclf model was trained with scikit-learn {trained_with} and is being loaded with "
            f"{sklearn.__version__}; its predictions may differ. Install scikit-learn=={trained_with}, "
            f"or {RETRAIN_HINT}.",
            ModelVersionWarning,
            stacklevel=2,
        )
    if manifest.get("toneclf_version") != __version__:
        warnings.warn(
            f"this model was trained by toneclf {manifest.get('toneclf_version')} and is being loaded by "
            f"toneclf {__version__}; {RETRAIN_HINT} if results look wrong.",
            ModelVersionWarning,
            stacklevel=2,
        )
    with warnings.catch_warnings():
        # scikit-learn's own version warning is replaced by the clearer one above.
        warnings.filterwarnings("ignore", module="sklearn.base")
        try:
            with paused():  # unpickling allocates many objects, none in cycles
                pipeline = joblib.load(model_file)
        except Exception as exc:  # unpickling errors come in many types
            raise ModelIntegrityError(
                f"the model file {str(model_file)!r} could not be loaded ({type(exc).__name__}: {exc}); {RETRAIN_HINT}"
            ) from exc
    classes = getattr(pipeline, "classes_", None)
    if not isinstance(pipeline, Pipeline) or classes is None or list(classes) != list(LEVELS):
        raise ModelIntegrityError(
            f"the model file {str(model_file)!r} is not a toneclf pipeline over levels {list(LEVELS)}; {RETRAIN_HINT}"
        )
    return pipeline, manifest


def cv_splitter(seed: int, n_splits: int = 5) -> Any:
    """Stratified, group-aware K-fold used for model selection."""
    from sklearn.model_selection import StratifiedGroupKFold

    return StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=seed)


def select_model(texts: Sequence[str], levels: Sequence[int], groups: Sequence[str], *, seed: int = 0,
                 grid: Mapping[str, Sequence[Any]] | None = None, params: Mapping[str, Any] | None = None,
                 n_jobs: int | None = None) -> tuple[Pipeline, dict[str, Any], float]:
    """Choose hyper-parameters by cross-validation on the given (train) rows and refit.

    Returns the refitted pipeline, the chosen parameters and the best CV macro-F1.
    """
    from sklearn.model_selection import GridSearchCV

    params = {**DEFAULT_PARAMS, **dict(params or {})}
    # The temperature does not change the predicted level, so the search runs
    # without it (5 times cheaper) and only the final refit calibrates.
    base = build_pipeline(random_state=seed, **{**params, "calibrate": False})
    search = GridSearchCV(
        base,
        dict(grid or PARAM_GRID),
        scoring="f1_macro",
        cv=cv_splitter(seed),
        n_jobs=n_jobs,
        refit=False,
        error_score="raise",
    )
    search.fit(list(texts), np.asarray(levels), groups=np.asarray(groups))
    best = dict(search.best_params_)
    final = build_pipeline(random_state=seed, **{**params, **{k.split("__", 1)[1]: v for k, v in best.items()}})
    final.fit(list(texts), np.asarray(levels))
    return final, best, float(search.best_score_)
