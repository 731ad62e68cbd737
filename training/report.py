"""The run's outputs for people: a JSON report and ROC / precision-recall curves as PNG."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.metrics import precision_recall_curve, roc_curve  # noqa: E402


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Path):
        return str(value)
    return value


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Write ``data`` as indented JSON (NaN and infinity become null)."""
    path.write_text(json.dumps(_jsonable(data), indent=2) + "\n")


def plot_roc(
    path: Path, targets: np.ndarray, probs: np.ndarray, threshold: float, title: str
) -> None:
    """ROC curve with the chosen operating point marked."""
    fpr, tpr, _ = roc_curve(targets, probs)
    predicted = probs >= threshold
    sens = predicted[targets == 1].mean()
    spec = (~predicted[targets == 0]).mean()
    fig, ax = plt.subplots(figsize=(5, 5))
    ax.plot(fpr, tpr, label="model")
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label="chance")
    ax.scatter([1 - spec], [sens], color="red", zorder=3, label=f"threshold {threshold:.3f}")
    ax.set_xlabel("1 - specificity (benign lesions flagged)")
    ax.set_ylabel("sensitivity (melanomas flagged)")
    ax.set_title(title)
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def plot_pr(
    path: Path, targets: np.ndarray, probs: np.ndarray, threshold: float, title: str
) -> None:
    """Precision-recall curve with the prevalence baseline and the operating point."""
    precision, recall, _ = precision_recall_curve(targets, probs)
    predicted = probs >= threshold
    tp = int(np.sum(predicted & (targets == 1)))
    point_precision = tp / max(int(predicted.sum()), 1)
    point_recall = tp / max(int(targets.sum()), 1)
    fig, ax = plt.subplots(figsize=(5, 5))
    ax.plot(recall, precision, label="model")
    ax.axhline(targets.mean(), linestyle="--", color="grey", label="prevalence (chance)")
    ax.scatter(
        [point_recall], [point_precision], color="red", zorder=3, label=f"threshold {threshold:.3f}"
    )
    ax.set_xlabel("recall / sensitivity")
    ax.set_ylabel("precision (flagged lesions that are melanoma)")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.set_title(title)
    ax.legend(loc="upper right")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
