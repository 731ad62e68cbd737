"""Metrics for a rare positive class: ranking (ROC-AUC, PR-AUC) and operating point.

Convention everywhere: a case is called malignant when ``probability >= threshold``.
Accuracy is deliberately absent: on a 98% benign set it rewards calling everything benign.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score


def _as_arrays(targets: Any, probabilities: Any) -> tuple[np.ndarray, np.ndarray]:
    y = np.asarray(targets, dtype=int).ravel()
    p = np.asarray(probabilities, dtype=float).ravel()
    if y.shape != p.shape:
        raise ValueError(f"{y.size} targets but {p.size} probabilities")
    return y, p


def _both_classes(y: np.ndarray) -> bool:
    return bool(y.size) and 0 < int(y.sum()) < y.size


def roc_auc(targets: Any, probabilities: Any) -> float | None:
    """Area under the ROC curve; ``None`` when only one class is present."""
    y, p = _as_arrays(targets, probabilities)
    return float(roc_auc_score(y, p)) if _both_classes(y) else None


def pr_auc(targets: Any, probabilities: Any) -> float | None:
    """Area under the precision-recall curve (average precision) for the malignant class."""
    y, p = _as_arrays(targets, probabilities)
    return float(average_precision_score(y, p)) if _both_classes(y) else None


def confusion(targets: Any, probabilities: Any, threshold: float) -> dict[str, int]:
    """Confusion matrix counts at ``threshold``: tn, fp, fn, tp."""
    y, p = _as_arrays(targets, probabilities)
    predicted = p >= threshold
    return {
        "tn": int(np.sum(~predicted & (y == 0))),
        "fp": int(np.sum(predicted & (y == 0))),
        "fn": int(np.sum(~predicted & (y == 1))),
        "tp": int(np.sum(predicted & (y == 1))),
    }


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def sensitivity(targets: Any, probabilities: Any, threshold: float) -> float | None:
    """Share of malignant cases flagged (recall of the malignant class)."""
    c = confusion(targets, probabilities, threshold)
    return _ratio(c["tp"], c["tp"] + c["fn"])


def specificity(targets: Any, probabilities: Any, threshold: float) -> float | None:
    """Share of benign cases correctly not flagged (recall of the benign class)."""
    c = confusion(targets, probabilities, threshold)
    return _ratio(c["tn"], c["tn"] + c["fp"])


def per_class(targets: Any, probabilities: Any, threshold: float) -> dict[str, dict[str, Any]]:
    """Precision, recall and support of each class at ``threshold``."""
    c = confusion(targets, probabilities, threshold)
    return {
        "benign": {
            "precision": _ratio(c["tn"], c["tn"] + c["fn"]),
            "recall": _ratio(c["tn"], c["tn"] + c["fp"]),
            "support": c["tn"] + c["fp"],
        },
        "malignant": {
            "precision": _ratio(c["tp"], c["tp"] + c["fp"]),
            "recall": _ratio(c["tp"], c["tp"] + c["fn"]),
            "support": c["tp"] + c["fn"],
        },
    }


def threshold_for_sensitivity(targets: Any, probabilities: Any, target: float) -> float:
    """The highest threshold whose sensitivity is at least ``target``.

    Highest, so specificity is as good as it can be while the sensitivity goal is met:
    it is the k-th highest malignant score, with k = ceil(target * number of malignant cases).
    """
    y, p = _as_arrays(targets, probabilities)
    if not 0.0 < target <= 1.0:
        raise ValueError("target sensitivity must be in (0, 1]")
    positives = np.sort(p[y == 1])[::-1]
    if positives.size == 0:
        raise ValueError("no malignant cases: a threshold for sensitivity cannot be chosen")
    # The small epsilon keeps 0.9 * 10 from becoming ceil(9.000000000000002) = 10.
    k = max(1, math.ceil(target * positives.size - 1e-9))
    return float(positives[k - 1])


def compute_metrics(targets: Any, probabilities: Any, threshold: float) -> dict[str, Any]:
    """All the metrics LUNA reports, as a JSON-ready dict."""
    y, p = _as_arrays(targets, probabilities)
    return {
        "n": int(y.size),
        "n_malignant": int(y.sum()),
        "roc_auc": roc_auc(y, p),
        "pr_auc": pr_auc(y, p),
        "threshold": float(threshold),
        "sensitivity": sensitivity(y, p, threshold),
        "specificity": specificity(y, p, threshold),
        "per_class": per_class(y, p, threshold),
        "confusion": confusion(y, p, threshold),
    }


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.4f}"


def format_metrics(metrics: dict[str, Any]) -> str:
    """A few human-readable lines for the console."""
    c = metrics["confusion"]
    pc = metrics["per_class"]
    return "\n".join(
        [
            f"images {metrics['n']} (malignant {metrics['n_malignant']})",
            f"ROC-AUC {_fmt(metrics['roc_auc'])}  PR-AUC {_fmt(metrics['pr_auc'])}",
            f"at threshold {metrics['threshold']:.4f}: sensitivity {_fmt(metrics['sensitivity'])}"
            f"  specificity {_fmt(metrics['specificity'])}",
            f"malignant precision {_fmt(pc['malignant']['precision'])}"
            f" recall {_fmt(pc['malignant']['recall'])};"
            f" benign precision {_fmt(pc['benign']['precision'])}"
            f" recall {_fmt(pc['benign']['recall'])}",
            "confusion (rows true benign/malignant, columns predicted benign/malignant):"
            f" [[{c['tn']}, {c['fp']}], [{c['fn']}, {c['tp']}]]",
        ]
    )
