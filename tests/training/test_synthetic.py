from __future__ import annotations

from pathlib import Path

import pandas as pd
from PIL import Image

from training.dataset import REQUIRED_COLUMNS
from training.synthetic import MARKER_FILE, main


def test_generator_writes_siim_isic_layout(tmp_path: Path) -> None:
    out = tmp_path / "data"
    assert (
        main(
            [
                "--out",
                str(out),
                "--patients",
                "5",
                "--images-per-patient",
                "3",
                "--malignant-fraction",
                "0.4",
                "--size",
                "40",
                "--seed",
                "7",
            ]
        )
        == 0
    )
    frame = pd.read_csv(out / "train.csv")
    assert list(frame.columns) == list(REQUIRED_COLUMNS)
    assert len(frame) == 15
    assert frame["patient_id"].nunique() == 5
    assert frame["target"].sum() == 6
    assert set(frame["benign_malignant"]) == {"benign", "malignant"}
    assert (frame["diagnosis"] == "melanoma").sum() == 6
    for name in frame["image_name"]:
        with Image.open(out / "jpeg" / "train" / f"{name}.jpg") as image:
            assert image.size == (40, 40)
            assert image.format == "JPEG"
    assert (out / MARKER_FILE).is_file()


def test_generator_is_deterministic(tmp_path: Path) -> None:
    for name in ("a", "b"):
        main(["--out", str(tmp_path / name), "--patients", "3", "--size", "32", "--seed", "1"])
    assert (tmp_path / "a" / "train.csv").read_text() == (tmp_path / "b" / "train.csv").read_text()
