"""Judging the shipped model on the held-out test patients, in words a clinician can read.

Intervals are percentile bootstrap intervals that resample *patients* (with all their images),
since images of one patient are not independent evidence.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from luna_model.model_card import MetricEstimate, TestMetrics, ValidationMinima
from training import metrics


def _estimates(
    targets: np.ndarray, probs: np.ndarray, threshold: float
) -> tuple[float | None, float | None, float | None]:
    return (
        metrics.roc_auc(targets, probs),
        metrics.sensitivity(targets, probs, threshold),
        metrics.specificity(targets, probs, threshold),
    )


def bootstrap_test_metrics(
    predictions: pd.DataFrame, threshold: float, *, resamples: int, seed: int
) -> TestMetrics:
    """ROC-AUC, sensitivity and specificity at ``threshold`` with 95% intervals.

    ``predictions`` has columns ``patient_id``, ``target`` and ``prob`` (one row per image).
    Resamples that draw no malignant (or no benign) image leave that metric undefined and are
    skipped for it.
    """
    targets = predictions["target"].to_numpy(dtype=int)
    probs = predictions["prob"].to_numpy(dtype=float)
    point = _estimates(targets, probs, threshold)
    if any(value is None for value in point):
        raise ValueError("the test patients need both benign and malignant images")
    patients = predictions["patient_id"].to_numpy()
    unique, rows_of = np.unique(patients, return_inverse=True)
    members = [np.flatnonzero(rows_of == p) for p in range(len(unique))]
    rng = np.random.default_rng(seed)
    samples: list[list[float]] = [[], [], []]
    for _ in range(resamples):
        chosen = rng.integers(0, len(unique), len(unique))
        rows = np.concatenate([members[p] for p in chosen])
        for store, value in zip(
            samples, _estimates(targets[rows], probs[rows], threshold), strict=True
        ):
            if value is not None:
                store.append(value)

    def estimate(value: float | None, store: list[float]) -> MetricEstimate:
        assert value is not None
        low, high = np.percentile(store, [2.5, 97.5]) if store else (value, value)
        return MetricEstimate(value=value, ci95_low=float(low), ci95_high=float(high))

    return TestMetrics(
        roc_auc=estimate(point[0], samples[0]),
        sensitivity=estimate(point[1], samples[1]),
        specificity=estimate(point[2], samples[2]),
        patients=len(unique),
        images=len(predictions),
        malignant_images=int(targets.sum()),
    )


@dataclass(frozen=True)
class Verdict:
    validated: bool
    reason: str


def judge(test: TestMetrics | None, minima: ValidationMinima, *, synthetic: bool) -> Verdict:
    """``validated`` only for real data whose test metrics reach the minima; the reason in words."""
    if test is None:
        return Verdict(
            False,
            "Not validated: the model was not tested on patients kept apart from training"
            " (the run had no test split).",
        )
    auc, sens, spec = test.roc_auc.value, test.sensitivity.value, test.specificity.value
    measured = (
        f"On {test.patients} test patients never used in training ({test.images} images,"
        f" {test.malignant_images} melanomas) it found {sens:.0%} of melanomas"
        f" (95% interval {test.sensitivity.ci95_low:.0%}-{test.sensitivity.ci95_high:.0%}),"
        f" correctly cleared {spec:.0%} of benign lesions, and ranked them with ROC-AUC {auc:.2f}"
        f" ({test.roc_auc.ci95_low:.2f}-{test.roc_auc.ci95_high:.2f})."
    )
    if synthetic:
        return Verdict(
            False,
            "Not validated: it was trained and tested on synthetic drawings, not on photos of"
            f" patients, so its numbers say nothing about real lesions. {measured}",
        )
    shortfalls = []
    if test.malignant_images < minima.test_melanomas:
        shortfalls.append(
            f"the test patients hold {test.malignant_images} melanoma images, too few to"
            f" measure sensitivity (at least {minima.test_melanomas} needed)"
        )
    if auc < minima.roc_auc:
        shortfalls.append(f"ROC-AUC {auc:.2f} is below the required {minima.roc_auc:.2f}")
    if sens < minima.sensitivity:
        shortfalls.append(f"sensitivity {sens:.0%} is below the required {minima.sensitivity:.0%}")
    if shortfalls:
        return Verdict(False, f"Not validated: {' and '.join(shortfalls)}. {measured}")
    return Verdict(
        True,
        f"Validated: {measured} The minima were ROC-AUC {minima.roc_auc:.2f}, sensitivity"
        f" {minima.sensitivity:.0%} and {minima.test_melanomas} test melanomas.",
    )


def known_limits(frame: pd.DataFrame, *, synthetic: bool) -> list[str]:
    """What the training data cannot speak for, from what its table records (or does not)."""
    limits = []
    if synthetic:
        limits.append("Trained on synthetic drawings: not for patients.")
    columns = {c.lower() for c in frame.columns}
    if not columns & {"fitzpatrick", "skin_type", "fitzpatrick_skin_type"}:
        limits.append(
            "The data records no skin type: how well it works on darker skin is unknown"
            " (SIIM-ISIC is mostly light skin)."
        )
    if not columns & {"device", "camera", "image_type", "modality"}:
        limits.append(
            "The data records no camera or device: SIIM-ISIC holds dermoscopic images, and"
            " ordinary phone photos may be scored differently."
        )
    if "age_approx" in frame.columns and frame["age_approx"].notna().any():
        ages = frame["age_approx"].dropna()
        limits.append(f"Patients aged about {ages.min():.0f} to {ages.max():.0f} in the data.")
    sites = frame.get("anatom_site_general_challenge")
    if sites is not None and sites.notna().any():
        limits.append(
            "Body sites in the data: " + ", ".join(sorted(str(s) for s in sites.dropna().unique()))
        )
    return limits
