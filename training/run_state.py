"""A run folder and the state saved in it after every epoch, so a run can stop and resume."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import torch

from training.config import TrainConfig

STATE_FILE = "state.pt"
CONFIG_FILE = "config.yaml"
MODEL_FILE = "model.pt"
ONNX_FILE = "model.onnx"
REPORT_FILE = "report.json"
SPLITS_FILE = "splits.csv"
OOF_FILE = "oof.csv"
TEST_FILE = "test_predictions.csv"


class RunInterrupted(Exception):
    """The run stopped on purpose (``--stop-after-epochs``); resume it with ``--resume``."""


def new_state() -> dict[str, Any]:
    """Where a fresh run starts: cross-validation fold 0, epoch 0."""
    return {
        "stage": "folds",  # then "final", then "done"
        "fold": 0,
        "epoch": 0,
        # fold -> list of validation probabilities per epoch, in the fold's row order
        "fold_probs": {},
        "history": [],
        "chosen_epochs": None,
        "temperature": None,
        "training": None,  # model, optimiser, scheduler, scaler of the model being trained
    }


def save_state(run_dir: Path, state: dict[str, Any]) -> None:
    """Write the state atomically (a crash mid-write leaves the previous one)."""
    tmp = run_dir / (STATE_FILE + ".tmp")
    torch.save(state, tmp)
    tmp.replace(run_dir / STATE_FILE)


def load_state(run_dir: Path) -> dict[str, Any]:
    """The last saved state of a run folder (written after every epoch)."""
    path = run_dir / STATE_FILE
    if not path.is_file():
        raise FileNotFoundError(f"no {STATE_FILE} in {run_dir}: nothing to resume")
    state: dict[str, Any] = torch.load(path, map_location="cpu", weights_only=True)
    return state


def prepare_run_dir(config: TrainConfig) -> Path:
    """A new, empty run folder (never one that holds a run)."""
    name = config.experiment or datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    run_dir = config.output / name
    if (run_dir / STATE_FILE).exists() or (run_dir / MODEL_FILE).exists():
        raise FileExistsError(
            f"{run_dir} already holds a run; use --resume {run_dir} or another --experiment"
        )
    run_dir.mkdir(parents=True, exist_ok=True)
    return run_dir


class EpochBudget:
    """Counts this session's epochs and stops it (resumably) after ``stop_after_epochs``."""

    def __init__(self, stop_after: int, run_dir: Path) -> None:
        self.stop_after = stop_after
        self.run_dir = run_dir
        self.done = 0

    def count(self, *, last_of_run: bool) -> None:
        self.done += 1
        if self.stop_after and self.done >= self.stop_after and not last_of_run:
            raise RunInterrupted(
                f"stopped after {self.done} epochs; continue with --resume {self.run_dir}"
            )
