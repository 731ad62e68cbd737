from __future__ import annotations

import numpy as np
import pytest

from training import metrics

TARGETS = [0, 0, 0, 0, 1, 1, 0, 1]
PROBS = [0.1, 0.2, 0.3, 0.6, 0.4, 0.8, 0.05, 0.9]


def test_confusion_and_rates_by_hand() -> None:
    # at 0.5: predicted positive = 0.6 (benign), 0.8, 0.9 (malignant); 0.4 malignant missed
    assert metrics.confusion(TARGETS, PROBS, 0.5) == {"tn": 4, "fp": 1, "fn": 1, "tp": 2}
    assert metrics.sensitivity(TARGETS, PROBS, 0.5) == pytest.approx(2 / 3)
    assert metrics.specificity(TARGETS, PROBS, 0.5) == pytest.approx(4 / 5)
    per_class = metrics.per_class(TARGETS, PROBS, 0.5)
    assert per_class["malignant"] == {"precision": 2 / 3, "recall": 2 / 3, "support": 3}
    assert per_class["benign"] == {"precision": 4 / 5, "recall": 4 / 5, "support": 5}


def test_threshold_is_inclusive() -> None:
    assert metrics.confusion([1, 0], [0.5, 0.49], 0.5) == {"tn": 1, "fp": 0, "fn": 0, "tp": 1}


def test_roc_auc_by_hand() -> None:
    # 15 benign/malignant pairs; misordered: (0.6 benign > 0.4 malignant) only -> 14/15
    assert metrics.roc_auc(TARGETS, PROBS) == pytest.approx(14 / 15)


def test_pr_auc_by_hand() -> None:
    # ranking: 0.9 M, 0.8 M, 0.6 B, 0.4 M -> AP = (1 + 1 + 3/4) / 3
    assert metrics.pr_auc(TARGETS, PROBS) == pytest.approx((1 + 1 + 0.75) / 3)


def test_single_class_gives_no_auc() -> None:
    assert metrics.roc_auc([0, 0], [0.1, 0.2]) is None
    assert metrics.pr_auc([1, 1], [0.1, 0.2]) is None
    assert metrics.sensitivity([0, 0], [0.1, 0.2], 0.5) is None


def test_threshold_for_sensitivity_by_hand() -> None:
    # malignant scores 0.9, 0.8, 0.4: 2/3 needs the 2nd highest, 0.9 needs all three
    assert metrics.threshold_for_sensitivity(TARGETS, PROBS, 0.6) == 0.8
    assert metrics.threshold_for_sensitivity(TARGETS, PROBS, 2 / 3) == 0.8
    assert metrics.threshold_for_sensitivity(TARGETS, PROBS, 0.9) == 0.4
    assert metrics.threshold_for_sensitivity(TARGETS, PROBS, 0.3) == 0.9


def test_threshold_meets_target_on_random_scores() -> None:
    rng = np.random.default_rng(0)
    for target in (0.5, 0.8, 0.9, 0.95, 1.0):
        y = rng.integers(0, 2, 500)
        p = rng.random(500) * 0.5 + y * 0.3
        threshold = metrics.threshold_for_sensitivity(y, p, target)
        assert metrics.sensitivity(y, p, threshold) >= target
        # the next higher malignant score would miss the target: the threshold is the highest
        higher = p[(y == 1) & (p > threshold)]
        if higher.size:
            assert metrics.sensitivity(y, p, higher.min()) < target


def test_threshold_needs_malignant_cases() -> None:
    with pytest.raises(ValueError, match="no malignant"):
        metrics.threshold_for_sensitivity([0, 0], [0.1, 0.2], 0.9)


def test_compute_metrics_has_every_field() -> None:
    result = metrics.compute_metrics(TARGETS, PROBS, 0.5)
    assert set(result) >= {
        "roc_auc",
        "pr_auc",
        "sensitivity",
        "specificity",
        "per_class",
        "confusion",
        "threshold",
    }
    assert "accuracy" not in result
    assert "ROC-AUC" in metrics.format_metrics(result)
