"""Retrain the packaged toneclf model from data/ (run from anywhere).

    python training/train.py                 # data/corpus.csv -> toneclf/models/
    python training/train.py --data my.csv --out my_model --seed 1

Prints per-language and per-level precision, recall and F1, macro-F1, the
confusion matrix, within-one accuracy and Spearman's rho on the test split,
and writes the model with its JSON manifest (versions, data hash, metrics).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from toneclf.train import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(default_data=[str(ROOT / "data" / "corpus.csv")], default_out=str(ROOT / "toneclf" / "models")))
