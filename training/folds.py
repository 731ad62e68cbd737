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


def split_test_patients(frame: pd.DataFrame, fraction: float, seed: int) -> pd.DataFrame:
    """Return a copy of ``frame`` with ``split`` = ``test`` or ``development``.

    About ``fraction`` of the patients (grouped, stratified by target: one fold of a
    StratifiedGroupKFold with round(1 / fraction) folds) are held out as test patients. They
    choose nothing: no epoch, no threshold, no temperature; they only judge the shipped model.
    ``fraction`` 0 holds out nobody (the model then cannot be validated).
    """
    result = frame.copy()
    result["split"] = "development"
    if fraction <= 0:
        return result
    n_splits = max(2, round(1 / fraction))
    malignant_patients = frame.loc[frame["target"] == 1, "patient_id"].nunique()
    if malignant_patients < 2 or frame["patient_id"].nunique() < n_splits:
        raise DataError(
            f"a {fraction:.0%} test split needs at least {n_splits} patients and 2 with a"
            " malignant image; add data or lower --test-fraction (0 disables testing)"
        )
    splitter = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    _, test_index = next(splitter.split(result, result["target"], groups=result["patient_id"]))
    result.iloc[test_index, result.columns.get_loc("split")] = "test"
    test = result[result["split"] == "test"]
    if test["target"].nunique() < 2:
        raise DataError("the test split holds only one class; add data or change --seed")
    leaking = set(test["patient_id"]) & set(result.loc[result["split"] != "test", "patient_id"])
    if leaking:
        raise FoldLeakError(f"test patients also in development: {sorted(leaking)[:5]}")
    return result
