"""A short CPU training run on synthetic data, end to end.

Settings (found by trial on 2 CPU cores): 48 px inputs, 2 folds, 3 epochs, batch 8, lr 2e-3,
flips as the only augmentations, and batch-norm statistics recomputed before each validation
("precise BN") because EfficientNet's running averages cannot catch up in a few dozen steps.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pandas as pd
import pytest
import torch

from luna_model.checkpoint import load_checkpoint
from luna_model.network import ARCHITECTURE
from training import metrics
from training.__main__ import main
from training.evaluate import evaluate
from training.synthetic import generate
from training.train import load_state

SIZE = 48
COMMON = [
    "--image-size",
    str(SIZE),
    "--batch-size",
    "8",
    "--lr",
    "2e-3",
    "--workers",
    "0",
    "--threads",
    "2",
    "--precise-bn-batches",
    "8",
    "--no-hair",
    "--no-microscope",
    "--no-color-jitter",
    "--no-random-resized-crop",
    "--no-progress",
    "--seed",
    "0",
]


@pytest.fixture(scope="module")
def trained_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("train")
    generate(
        root / "data", patients=30, images_per_patient=2, malignant_fraction=0.3, size=SIZE, seed=11
    )
    started = time.monotonic()
    code = main(
        [
            "--data-dir",
            str(root / "data"),
            "--folds",
            "2",
            "--epochs",
            "3",
            "--output",
            str(root / "runs"),
            "--experiment",
            "short",
            *COMMON,
        ]
    )
    print(f"training run took {time.monotonic() - started:.1f} s")
    assert code == 0
    return root / "runs" / "short"


@pytest.mark.slow
def test_run_writes_every_output(trained_run: Path) -> None:
    for name in (
        "model.pt",
        "model.onnx",
        "report.json",
        "roc.png",
        "pr.png",
        "config.yaml",
        "folds.csv",
        "oof.csv",
        "fold0/best.pt",
        "fold1/best.pt",
    ):
        assert (trained_run / name).is_file(), name
    report = json.loads((trained_run / "report.json").read_text())
    # check_onnx_matches already enforced 1e-4 x max(1, |logit|) during the run
    assert report["onnx"]["tolerance"] == 1e-4
    assert report["onnx"]["max_abs_diff"] < 1e-3
    assert report["data"]["synthetic"] is True
    assert {"roc_auc", "pr_auc", "sensitivity", "specificity", "per_class", "confusion"} <= set(
        report["history"][0]
    )


@pytest.mark.slow
def test_folds_share_no_patient(trained_run: Path) -> None:
    folds = pd.read_csv(trained_run / "folds.csv")
    assert (folds.groupby("patient_id")["fold"].nunique() == 1).all()


@pytest.mark.slow
def test_pipeline_learns(trained_run: Path) -> None:
    report = json.loads((trained_run / "report.json").read_text())
    print("out-of-fold ROC-AUC", report["oof_metrics"]["roc_auc"])
    assert report["oof_metrics"]["roc_auc"] > 0.75


@pytest.mark.slow
def test_threshold_meets_target_sensitivity_out_of_fold(trained_run: Path) -> None:
    oof = pd.read_csv(trained_run / "oof.csv")
    report = json.loads((trained_run / "report.json").read_text())
    threshold = report["threshold"]
    assert metrics.sensitivity(oof["target"], oof["prob"], threshold) >= 0.90
    assert report["oof_metrics"]["sensitivity"] >= 0.90


@pytest.mark.slow
def test_analyzer_loader_reads_model_and_card(trained_run: Path) -> None:
    model, card = load_checkpoint(trained_run / "model.pt")
    assert not model.training
    assert card.architecture == ARCHITECTURE
    assert card.input_size == SIZE
    assert card.target_sensitivity == 0.90
    assert len(card.fold_metrics) == 2
    assert card.oof_metrics is not None and card.oof_metrics["sensitivity"] >= 0.90
    assert "SYNTHETIC" in card.training_data
    assert card.validated is False  # synthetic data never yields a clinically validated model
    with torch.no_grad():
        assert model(torch.zeros(1, 3, SIZE, SIZE)).shape == (1, 1)


@pytest.mark.slow
def test_held_out_evaluation(
    trained_run: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    generate(
        tmp_path / "test",
        patients=20,
        images_per_patient=2,
        malignant_fraction=0.3,
        size=SIZE,
        seed=99,
    )
    result = evaluate(
        trained_run / "model.pt",
        tmp_path / "test" / "train.csv",
        tmp_path / "test" / "jpeg" / "train",
        progress=False,
    )
    print("held-out ROC-AUC", result["roc_auc"])
    assert result["roc_auc"] > 0.75
    from training.evaluate import main as evaluate_main

    assert (
        evaluate_main(
            [
                "--checkpoint",
                str(trained_run / "model.pt"),
                "--csv",
                str(tmp_path / "test" / "train.csv"),
                "--images",
                str(tmp_path / "test" / "jpeg" / "train"),
                "--no-progress",
            ]
        )
        == 0
    )
    assert "ROC-AUC" in capsys.readouterr().out


@pytest.mark.slow
def test_resume_continues_from_saved_epoch(tmp_path: Path, trained_run: Path) -> None:
    data = trained_run.parent.parent / "data"
    args = [
        "--data-dir",
        str(data),
        "--folds",
        "2",
        "--epochs",
        "2",
        "--output",
        str(tmp_path),
        "--experiment",
        "r",
        *COMMON,
    ]
    assert main([*args, "--stop-after-epochs", "1"]) == 3
    state = load_state(tmp_path / "r")
    assert (state["fold"], state["epoch"]) == (0, 1)
    assert len(state["history"]) == 1
    assert not (tmp_path / "r" / "model.pt").exists()
    assert main(["--resume", str(tmp_path / "r"), "--no-progress"]) == 0
    state = load_state(tmp_path / "r")
    assert [(h["fold"], h["epoch"]) for h in state["history"]] == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert state["finished_training"]
    _, card = load_checkpoint(tmp_path / "r" / "model.pt")
    assert card.input_size == SIZE
