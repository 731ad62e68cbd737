"""One training run, start to end.

1. Validate the data; hold out about ``test_fraction`` of the patients as test patients.
2. k-fold cross-validation on the other (development) patients, scoring every epoch.
3. Choose the epoch count (best pooled out-of-fold ROC-AUC), the temperature and the threshold
   on those out-of-fold predictions.
4. Retrain one model on all development patients for that many epochs: the shipped model.
5. Score it once on the test patients; metrics with patient-bootstrap intervals; validated only
   for real data that reaches the config's minima. Save, export to ONNX, report.

The command line lives in ``training/__main__.py``; this module takes a :class:`TrainConfig`.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import torch

from training import metrics
from training.calibration import fit_temperature, scaled
from training.config import TrainConfig
from training.cross_validation import OutOfFold, choose_epochs, run_folds
from training.dataset import DataSummary, load_and_validate
from training.factories import create_device, create_loss, create_train_model
from training.final_model import train_shipped_model
from training.folds import assign_folds, split_test_patients
from training.run_state import (
    CONFIG_FILE,
    SPLITS_FILE,
    EpochBudget,
    load_state,
    new_state,
    prepare_run_dir,
    save_state,
)
from training.shipping import ship
from training.synthetic import MARKER_FILE

log = logging.getLogger(__name__)


def resolve_paths(config: TrainConfig) -> tuple[Path, Path]:
    """The CSV and image folder: ``--csv``/``--images``, or SIIM-ISIC layout in ``--data-dir``."""
    csv = config.csv or (config.data_dir / "train.csv" if config.data_dir else None)
    images = config.images or (config.data_dir / "jpeg" / "train" if config.data_dir else None)
    if csv is None or images is None:
        raise ValueError("give --data-dir, or both --csv and --images")
    return csv, images


def find_synthetic_marker(csv_path: Path, images_dir: Path) -> Path | None:
    """The marker written by ``training.synthetic`` next to the CSV or above the images, if any."""
    for folder in [csv_path.parent, *images_dir.parents, images_dir]:
        marker = folder / MARKER_FILE
        if marker.is_file():
            return marker
    return None


@dataclass
class RunData:
    """The validated table with its ``split`` and ``fold`` columns, and what it is."""

    summary: DataSummary
    frame: pd.DataFrame
    synthetic: bool

    @property
    def development(self) -> pd.DataFrame:
        return self.frame[self.frame["split"] == "development"]

    @property
    def test(self) -> pd.DataFrame:
        return self.frame[self.frame["split"] == "test"]

    def describe(self, config: TrainConfig) -> str:
        described = config.data_description or f"data from {config.csv_resolved}"
        text = (
            f"{described}: {self.summary.describe()}; {len(self.development)} images of"
            f" {self.development['patient_id'].nunique()} patients for training and"
            f" cross-validation, {len(self.test)} images of {self.test['patient_id'].nunique()}"
            " other patients held out for testing"
        )
        if self.synthetic:
            text = (
                "SYNTHETIC images from training.synthetic (drawn blobs, not photos of patients;"
                f" no clinical meaning) - {text}"
            )
        return text


def load_data(config: TrainConfig) -> RunData:
    """Validate the data, hold out the test patients, assign folds to the others."""
    csv_path, images_dir = resolve_paths(config)
    summary = load_and_validate(
        csv_path,
        images_dir,
        check_images=config.check_images,
        decode_size=config.image_size,
        progress=config.progress,
    )
    if summary.unreadable:
        log.warning("%d unreadable images skipped", len(summary.unreadable))
    split = split_test_patients(summary.frame, config.test_fraction, config.seed)
    development = assign_folds(split[split["split"] == "development"], config.folds, config.seed)
    frame = pd.concat([development, split[split["split"] == "test"].assign(fold=-1)])
    synthetic = find_synthetic_marker(csv_path, images_dir) is not None
    return RunData(summary=summary, frame=frame.reset_index(drop=True), synthetic=synthetic)


def open_run(config: TrainConfig) -> tuple[TrainConfig, Path, dict[str, Any]]:
    """A new run folder with the resolved config saved, or the resumed run's folder and state."""
    if config.resume is not None:
        run_dir = config.resume
        state = load_state(run_dir)
        if state["stage"] == "done":
            raise FileExistsError(f"{run_dir} has finished: nothing to resume")
        log.info(
            "resuming %s (%s, fold %d, epoch %d)",
            run_dir,
            state["stage"],
            state["fold"],
            state["epoch"],
        )
        return config, run_dir, state
    run_dir = prepare_run_dir(config)
    csv_path, images_dir = resolve_paths(config)
    config = config.model_copy(
        update={
            "csv_resolved": str(csv_path),
            "images_resolved": str(images_dir),
            "model_version": config.model_version or run_dir.name,
        }
    )
    saved = config.model_copy(update={"resume": None, "stop_after_epochs": 0})
    (run_dir / CONFIG_FILE).write_text(saved.to_yaml())
    return config, run_dir, new_state()


def choose_operating_point(
    oof: OutOfFold, config: TrainConfig
) -> tuple[pd.DataFrame, float | None, float]:
    """Temperature (if calibrating) and threshold, from out-of-fold predictions only."""
    targets = oof.frame["target"].to_numpy()
    temperature = (
        fit_temperature(targets, oof.frame["prob"].to_numpy()) if config.calibrate else None
    )
    calibrated = oof.frame.copy()
    if temperature is not None:
        calibrated["prob"] = scaled(calibrated["prob"].to_numpy(), temperature)
    threshold = metrics.threshold_for_sensitivity(
        targets, calibrated["prob"].to_numpy(), config.target_sensitivity
    )
    return calibrated, temperature, threshold


def run(config: TrainConfig) -> Path:
    """Train (or resume) the run described by ``config``; return the run folder.

    Raises :class:`training.dataset.DataError` for bad input before any training,
    :class:`luna_model.network.PretrainedWeightsUnavailable` when the start weights cannot be
    had, and :class:`training.run_state.RunInterrupted` when ``stop_after_epochs`` ends the
    session early.
    """
    started = time.monotonic()
    if config.threads:
        torch.set_num_threads(config.threads)
    device = create_device(config.device)
    amp = config.amp and device.type == "cuda"
    # Everything that can be wrong is found before a run folder exists or training starts.
    create_train_model(config)  # the start weights (download, or the file)
    data = load_data(config)
    config, run_dir, state = open_run(config)
    data.frame[["image_name", "patient_id", "target", "split", "fold"]].to_csv(
        run_dir / SPLITS_FILE, index=False
    )
    log.info(
        "data: %s; run folder %s; device %s (amp %s)", data.describe(config), run_dir, device, amp
    )
    loss_fn = create_loss(config, device)
    budget = EpochBudget(config.stop_after_epochs, run_dir)
    common: dict[str, Any] = {
        "run_dir": run_dir,
        "device": device,
        "amp": amp,
        "loss_fn": loss_fn,
        "budget": budget,
    }
    if state["stage"] == "folds":
        run_folds(data.development, config, state, **common)
        oof = choose_epochs(data.development, config, state)
        state.update(stage="final", chosen_epochs=oof.epochs, epoch=0, training=None)
        save_state(run_dir, state)
    oof = choose_epochs(data.development, config, state)
    calibrated, temperature, threshold = choose_operating_point(oof, config)
    model = train_shipped_model(data.development, config, state, **common)
    ship(
        model,
        run_dir=run_dir,
        config=config,
        data=data,
        oof=oof,
        calibrated=calibrated,
        temperature=temperature,
        threshold=threshold,
        history=state["history"],
        device=device,
        amp=amp,
    )
    state.update(stage="done", training=None)
    save_state(run_dir, state)
    log.info("finished in %.0f s: %s", time.monotonic() - started, run_dir)
    return run_dir
