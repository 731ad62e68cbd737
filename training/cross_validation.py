"""k-fold cross-validation on the development patients: every fold model is scored after every
epoch, so the epoch count, the temperature and the threshold can be chosen on out-of-fold
predictions, never on the test patients."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import torch
from torch.utils.data import DataLoader

from training import metrics
from training.config import TrainConfig
from training.dataset import LesionDataset
from training.engine import validate
from training.factories import create_eval_loader, create_train_loader
from training.fitting import Fit, start_fit, train_epoch
from training.run_state import EpochBudget, save_state

log = logging.getLogger(__name__)


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.4f}"


def fold_seed(config: TrainConfig, fold: int, epoch: int | None = None) -> int:
    """Seeds per (fold, epoch); fold ``config.folds`` is the shipped model's training."""
    return config.seed + 1000 * fold + (0 if epoch is None else epoch + 1)


def run_folds(
    development: pd.DataFrame,
    config: TrainConfig,
    state: dict[str, Any],
    *,
    run_dir: Path,
    device: torch.device,
    amp: bool,
    loss_fn: torch.nn.Module,
    budget: EpochBudget,
) -> None:
    """Train and score every fold model for ``config.epochs`` epochs (resuming where ``state``
    stopped); their validation probabilities per epoch go into ``state["fold_probs"]``."""
    for fold in range(state["fold"], config.folds):
        train_frame = development[development["fold"] != fold]
        val_frame = development[development["fold"] == fold]
        train_loader, train_set = create_train_loader(train_frame, config, device)
        val_loader = create_eval_loader(val_frame, config, device)
        resuming = state["epoch"] > 0 and state["training"] is not None
        fit = start_fit(
            config,
            device,
            amp=amp,
            seed=fold_seed(config, fold),
            saved=state["training"] if resuming else None,
        )
        for epoch in range(state["epoch"], config.epochs):
            scored = _fold_epoch(
                fit, fold, epoch, train_loader, train_set, val_loader, config, device, amp, loss_fn
            )
            probs = scored.pop("probs")
            state["fold_probs"].setdefault(fold, []).append(probs)
            state["history"].append({"stage": "folds", "fold": fold, "epoch": epoch, **scored})
            state.update(epoch=epoch + 1, training=fit.state_dict())
            save_state(run_dir, state)
            budget.count(last_of_run=False)
        state.update(fold=fold + 1, epoch=0, training=None)
        save_state(run_dir, state)


def _fold_epoch(
    fit: Fit,
    fold: int,
    epoch: int,
    train_loader: DataLoader,
    train_set: LesionDataset,
    val_loader: DataLoader,
    config: TrainConfig,
    device: torch.device,
    amp: bool,
    loss_fn: torch.nn.Module,
) -> dict[str, Any]:
    """Train the fold model one epoch and score its validation patients (``probs`` included)."""
    tag = f"fold {fold + 1}/{config.folds} epoch {epoch + 1}/{config.epochs}"
    train_loss = train_epoch(
        fit, train_loader, train_set, loss_fn, config, device,
        amp=amp, seed=fold_seed(config, fold, epoch), description=f"train {tag}",
    )  # fmt: skip
    targets, probs, val_loss = validate(
        fit.model, val_loader, loss_fn, device, amp=amp,
        description=f"validate {tag}", progress=config.progress,
    )  # fmt: skip
    scored = metrics.compute_metrics(targets, probs, config.monitor_threshold)
    log.info(
        "%s: train loss %.4f, val loss %.4f, ROC-AUC %s, sens %s, spec %s",
        tag, train_loss, val_loss, _fmt(scored["roc_auc"]),
        _fmt(scored["sensitivity"]), _fmt(scored["specificity"]),
    )  # fmt: skip
    return {
        "train_loss": train_loss,
        "val_loss": val_loss,
        "lr": fit.optimizer.param_groups[0]["lr"],
        **scored,
        "probs": probs.tolist(),
    }


@dataclass(frozen=True)
class OutOfFold:
    """The pooled out-of-fold predictions after a chosen number of epochs."""

    epochs: int
    frame: pd.DataFrame  # image_name, patient_id, target, fold, prob
    roc_auc_by_epochs: list[float | None]


def choose_epochs(
    development: pd.DataFrame, config: TrainConfig, state: dict[str, Any]
) -> OutOfFold:
    """The epoch count whose pooled out-of-fold ROC-AUC is best (the fewest on a tie)."""
    parts = [development[development["fold"] == fold] for fold in range(config.folds)]
    targets = np.concatenate([part["target"].to_numpy() for part in parts])
    aucs: list[float | None] = []
    for epoch in range(config.epochs):
        probs = np.concatenate([state["fold_probs"][fold][epoch] for fold in range(config.folds)])
        aucs.append(metrics.roc_auc(targets, probs))
    best = max(range(config.epochs), key=lambda e: (aucs[e] if aucs[e] is not None else -1, -e))
    frame = pd.concat(parts)[["image_name", "patient_id", "target", "fold"]].copy()
    frame["prob"] = np.concatenate(
        [state["fold_probs"][fold][best] for fold in range(config.folds)]
    )
    return OutOfFold(epochs=best + 1, frame=frame.reset_index(drop=True), roc_auc_by_epochs=aucs)
