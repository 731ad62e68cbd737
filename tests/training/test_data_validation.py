"""Bad input fails with a clear message before any training starts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from training.__main__ import main
from training.dataset import DataError, load_and_validate


def _copy(small_dataset: Path, tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(small_dataset, data)
    return data


def _validate(data: Path):
    return load_and_validate(data / "train.csv", data / "jpeg" / "train", progress=False)


def test_valid_data_passes(small_dataset: Path) -> None:
    summary = _validate(small_dataset)
    assert len(summary.frame) == 24
    assert summary.unreadable == []


def test_missing_columns(small_dataset: Path, tmp_path: Path) -> None:
    data = _copy(small_dataset, tmp_path)
    frame = pd.read_csv(data / "train.csv").drop(columns=["patient_id", "target"])
    frame.to_csv(data / "train.csv", index=False)
    with pytest.raises(DataError, match=r"missing required columns \['patient_id', 'target'\]"):
        _validate(data)


def test_missing_images(small_dataset: Path, tmp_path: Path) -> None:
    data = _copy(small_dataset, tmp_path)
    name = pd.read_csv(data / "train.csv")["image_name"].iloc[4]
    (data / "jpeg" / "train" / f"{name}.jpg").unlink()
    with pytest.raises(DataError, match=f"1 images listed .* missing .*{name}"):
        _validate(data)


def test_unreadable_images_are_counted_and_skipped(small_dataset: Path, tmp_path: Path) -> None:
    data = _copy(small_dataset, tmp_path)
    names = pd.read_csv(data / "train.csv")["image_name"].tolist()
    (data / "jpeg" / "train" / f"{names[0]}.jpg").write_bytes(b"not a jpeg")
    truncated = data / "jpeg" / "train" / f"{names[1]}.jpg"
    truncated.write_bytes(truncated.read_bytes()[:200])
    summary = _validate(data)
    assert sorted(summary.unreadable) == sorted(names[:2])
    assert len(summary.frame) == 22
    assert "2 unreadable images skipped" in summary.describe()


def test_single_class(small_dataset: Path, tmp_path: Path) -> None:
    data = _copy(small_dataset, tmp_path)
    frame = pd.read_csv(data / "train.csv")
    frame["target"] = 0
    frame.to_csv(data / "train.csv", index=False)
    with pytest.raises(DataError, match="only benign images"):
        _validate(data)


def test_bad_target_values(small_dataset: Path, tmp_path: Path) -> None:
    data = _copy(small_dataset, tmp_path)
    frame = pd.read_csv(data / "train.csv")
    frame.loc[0, "target"] = 2
    frame.to_csv(data / "train.csv", index=False)
    with pytest.raises(DataError, match="only 0 .* and 1"):
        _validate(data)


def test_cli_refuses_k_larger_than_patients(
    small_dataset: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    code = main(
        [
            "--data-dir",
            str(small_dataset),
            "--folds",
            "13",
            "--test-fraction",
            "0",
            "--no-pretrained",
            "--image-size",
            "32",
            "--output",
            str(tmp_path / "runs"),
            "--experiment",
            "x",
            "--no-progress",
        ]
    )
    assert code == 2
    assert "k=13 folds but only 12 patients" in caplog.text
    # refused before a run folder or any training state was written
    assert not (tmp_path / "runs" / "x").exists()


def test_cli_refuses_missing_csv(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    code = main(
        [
            "--data-dir",
            str(tmp_path),
            "--output",
            str(tmp_path / "runs"),
            "--no-progress",
            "--no-pretrained",
        ]
    )
    assert code == 2
    assert "CSV file not found" in caplog.text
