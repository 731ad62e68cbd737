from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from training.dataset import DataError
from training.folds import FoldLeakError, assign_folds, check_no_patient_leak


def _frame(patients: int = 60, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for p in range(patients):
        for i in range(rng.integers(1, 6)):
            rows.append({"image_name": f"I{p}_{i}", "patient_id": f"P{p}", "target": 0})
    frame = pd.DataFrame(rows)
    frame.loc[rng.choice(len(frame), len(frame) // 6, replace=False), "target"] = 1
    return frame


@pytest.mark.parametrize("k", [2, 3, 5])
def test_no_patient_in_two_folds(k: int) -> None:
    frame = assign_folds(_frame(), k, seed=1)
    assert set(frame["fold"]) == set(range(k))
    assert (frame.groupby("patient_id")["fold"].nunique() == 1).all()
    for fold in range(k):
        train = set(frame.loc[frame["fold"] != fold, "patient_id"])
        val = set(frame.loc[frame["fold"] == fold, "patient_id"])
        assert not train & val
        assert frame.loc[frame["fold"] == fold, "target"].nunique() == 2


def test_folds_are_stratified() -> None:
    frame = assign_folds(_frame(200), 5, seed=0)
    overall = frame["target"].mean()
    for _, group in frame.groupby("fold"):
        assert abs(group["target"].mean() - overall) < 0.08


def test_leak_check_catches_a_shared_patient() -> None:
    frame = assign_folds(_frame(), 3, seed=0)
    patient = frame["patient_id"].iloc[0]
    rows = frame.index[frame["patient_id"] == patient]
    frame.loc[rows[0], "fold"] = (frame.loc[rows[0], "fold"] + 1) % 3
    if len(rows) == 1:
        frame = pd.concat([frame, frame.loc[[rows[0]]].assign(fold=frame.loc[rows[0], "fold"] + 1)])
    with pytest.raises(FoldLeakError):
        check_no_patient_leak(frame)


def test_k_larger_than_patients_is_refused() -> None:
    with pytest.raises(DataError, match="only 60 patients"):
        assign_folds(_frame(60), 61, seed=0)


def test_too_few_malignant_patients_is_refused() -> None:
    frame = _frame(30)
    frame["target"] = 0
    frame.loc[0, "target"] = 1
    with pytest.raises(DataError, match="with a malignant image"):
        assign_folds(frame, 3, seed=0)
