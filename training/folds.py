"""Cross-validation folds grouped by patient and stratified by target."""

from __future__ import annotations

import pandas as pd
from sklearn.model_selection import StratifiedGroupKFold

from training.dataset import DataError


class FoldLeakError(AssertionError):
    """A patient's images appear in more than one fold."""


def assign_folds(frame: pd.DataFrame, k: int, seed: int) -> pd.DataFrame:
    """Return a copy of ``frame`` with a ``fold`` column in ``0..k-1``.

    StratifiedGroupKFold keeps every patient in one fold (no leak between training and
    validation) while keeping the share of melanomas similar across folds.
    """
    if k < 2:
        raise DataError(f"k-fold cross-validation needs k >= 2, got {k}")
    n_patients = frame["patient_id"].nunique()
    if k > n_patients:
        raise DataError(f"k={k} folds but only {n_patients} patients: use k <= {n_patients}")
    malignant_patients = frame.loc[frame["target"] == 1, "patient_id"].nunique()
    if k > malignant_patients:
        raise DataError(
            f"k={k} folds but only {malignant_patients} patients with a malignant image:"
            " some validation folds would have no melanoma; lower k"
        )
    splitter = StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=seed)
    result = frame.copy()
    result["fold"] = -1
    for fold, (_, val_index) in enumerate(
        splitter.split(result, result["target"], groups=result["patient_id"])
    ):
        result.iloc[val_index, result.columns.get_loc("fold")] = fold
    check_no_patient_leak(result)
    for fold in range(k):
        targets = result.loc[result["fold"] == fold, "target"]
        if targets.nunique() < 2:
            raise DataError(f"validation fold {fold} holds only one class; lower k or add data")
    return result


def check_no_patient_leak(frame: pd.DataFrame) -> None:
    """Raise :class:`FoldLeakError` when any patient appears in more than one fold."""
    folds_per_patient = frame.groupby("patient_id")["fold"].nunique()
    leaking = folds_per_patient[folds_per_patient > 1]
    if not leaking.empty:
        raise FoldLeakError(
            f"{len(leaking)} patients span several folds, e.g. {list(leaking.index[:5])}"
        )
