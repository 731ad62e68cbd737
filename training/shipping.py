"""Shipping the trained model: judge it on the test patients, write its card, checkpoint, ONNX
export, predictions and report."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import torch

from luna_model.checkpoint import save_checkpoint
from luna_model.model_card import ModelCard, TestMetrics, ValidationMinima
from luna_model.network import ARCHITECTURE
from luna_model.onnx_export import check_onnx_matches, export_onnx
from training import metrics, report
from training.calibration import fold_temperature
from training.config import TrainConfig
from training.cross_validation import OutOfFold
from training.final_model import predict
from training.run_state import MODEL_FILE, ONNX_FILE, OOF_FILE, REPORT_FILE, TEST_FILE
from training.validation import bootstrap_test_metrics, judge, known_limits

if TYPE_CHECKING:
    from training.train import RunData

log = logging.getLogger(__name__)


def shipped_model_text(
    config: TrainConfig, data: RunData, oof: OutOfFold, temperature: float | None
) -> str:
    """How the shipped weights and their threshold came about, for the card."""
    development = data.development
    calibration = (
        f" after temperature scaling (T = {temperature:.3f}, fitted on the same predictions)"
        if temperature is not None
        else ""
    )
    return (
        f"One {ARCHITECTURE} retrained on all {len(development)} development images"
        f" ({development['patient_id'].nunique()} patients: everyone not held out for testing)"
        f" for {oof.epochs} epoch{'s' if oof.epochs != 1 else ''}, the count with the best"
        " pooled out-of-fold ROC-AUC in"
        f" {config.folds}-fold cross-validation grouped by patient. Its threshold reaches"
        f" sensitivity >= {config.target_sensitivity:.2f} on the pooled out-of-fold predictions"
        f" of the {config.folds} fold models at that epoch{calibration}, and was then checked"
        " once on the held-out test patients, who chose nothing."
    )


def test_metrics_of(
    model: torch.nn.Module,
    config: TrainConfig,
    data: RunData,
    threshold: float,
    device: torch.device,
    *,
    amp: bool,
    run_dir: Path,
) -> TestMetrics | None:
    """The shipped model on the test patients (predictions saved beside the model)."""
    if data.test.empty:
        return None
    predictions = predict(model, data.test, config, device, amp=amp)
    predictions.to_csv(run_dir / TEST_FILE, index=False)
    return bootstrap_test_metrics(
        predictions, threshold, resamples=config.bootstrap, seed=config.seed
    )


def ship(
    model: torch.nn.Module,
    *,
    run_dir: Path,
    config: TrainConfig,
    data: RunData,
    oof: OutOfFold,
    calibrated: pd.DataFrame,
    temperature: float | None,
    threshold: float,
    history: list[dict[str, Any]],
    device: torch.device,
    amp: bool,
) -> ModelCard:
    """Judge, save and export the shipped model; return its card."""
    if temperature is not None:
        fold_temperature(model, temperature)
    test = test_metrics_of(model, config, data, threshold, device, amp=amp, run_dir=run_dir)
    minima = ValidationMinima(
        roc_auc=config.min_test_roc_auc,
        sensitivity=config.required_test_sensitivity,
        test_melanomas=config.min_test_melanomas,
    )
    verdict = judge(test, minima, synthetic=data.synthetic)
    oof_metrics = metrics.compute_metrics(calibrated["target"], calibrated["prob"], threshold)
    calibrated.to_csv(run_dir / OOF_FILE, index=False)
    card = ModelCard(
        version=config.model_version,
        architecture=ARCHITECTURE,
        input_size=config.image_size,
        threshold=threshold,
        validated=verdict.validated,
        validation_reason=verdict.reason,
        validation_minima=minima,
        test_metrics=test,
        pretrained=config.start,
        training_data=data.describe(config),
        shipped_model=shipped_model_text(config, data, oof, temperature),
        temperature=temperature,
        known_limits=known_limits(data.summary.frame, synthetic=data.synthetic),
        fold_metrics=fold_metrics(calibrated, threshold, config.folds),
        oof_metrics=oof_metrics,
        target_sensitivity=config.target_sensitivity,
    )
    save_checkpoint(run_dir / MODEL_FILE, model, card)
    export_onnx(model, run_dir / ONNX_FILE, config.image_size)
    onnx_diff = check_onnx_matches(model, run_dir / ONNX_FILE, tolerance=config.onnx_tolerance)
    write_report(run_dir, config, data, card, oof, calibrated, history, onnx_diff)
    log.info("%s", verdict.reason)
    return card


def fold_metrics(calibrated: pd.DataFrame, threshold: float, folds: int) -> list[dict[str, Any]]:
    """Each fold model's metrics at the chosen epoch, at the shipped threshold."""
    rows = []
    for fold in range(folds):
        part = calibrated[calibrated["fold"] == fold]
        rows.append(
            {"fold": fold, **metrics.compute_metrics(part["target"], part["prob"], threshold)}
        )
    return rows


def split_counts(data: RunData) -> dict[str, dict[str, int]]:
    return {
        name: {
            "images": len(part),
            "patients": int(part["patient_id"].nunique()),
            "malignant": int(part["target"].sum()),
        }
        for name, part in (("development", data.development), ("test", data.test))
    }


def write_report(
    run_dir: Path,
    config: TrainConfig,
    data: RunData,
    card: ModelCard,
    oof: OutOfFold,
    calibrated: pd.DataFrame,
    history: list[dict[str, Any]],
    onnx_diff: float,
) -> None:
    """report.json and the ROC / PR curves (out-of-fold, and the test patients when any)."""
    targets = calibrated["target"].to_numpy()
    probs = calibrated["prob"].to_numpy()
    kind = "synthetic data" if data.synthetic else "cross-validation"
    report.plot_roc(
        run_dir / "roc.png", targets, probs, card.threshold, f"ROC (out-of-fold, {kind})"
    )
    report.plot_pr(run_dir / "pr.png", targets, probs, card.threshold, f"PR (out-of-fold, {kind})")
    if (run_dir / TEST_FILE).is_file():
        test = pd.read_csv(run_dir / TEST_FILE)
        report.plot_roc(
            run_dir / "roc_test.png",
            test["target"].to_numpy(),
            test["prob"].to_numpy(),
            card.threshold,
            "ROC (shipped model, test patients)",
        )
    report.write_json(
        run_dir / REPORT_FILE,
        {
            "model_card": card.model_dump(mode="json"),
            "data": {
                "csv": config.csv_resolved,
                "images": config.images_resolved,
                "synthetic": data.synthetic,
                "listed_images": data.summary.n_listed,
                "unreadable_images_skipped": len(data.summary.unreadable),
                "unreadable_examples": data.summary.unreadable[:20],
                "splits": split_counts(data),
            },
            "selection": (
                "epochs by pooled out-of-fold ROC-AUC; temperature and threshold on out-of-fold"
                " predictions; shipped: one model retrained on all development patients"
            ),
            "chosen_epochs": oof.epochs,
            "oof_roc_auc_by_epochs": oof.roc_auc_by_epochs,
            "threshold": card.threshold,
            "temperature": card.temperature,
            "target_sensitivity": config.target_sensitivity,
            "oof_metrics": card.oof_metrics,
            "test_metrics": card.test_metrics.model_dump() if card.test_metrics else None,
            "validated": card.validated,
            "validation_reason": card.validation_reason,
            "fold_metrics": card.fold_metrics,
            "history": history,
            "onnx": {
                "file": ONNX_FILE,
                "max_abs_diff": onnx_diff,
                "tolerance": config.onnx_tolerance,
            },
        },
    )
