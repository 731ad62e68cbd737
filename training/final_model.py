"""The shipped model: retrained on every development patient for the chosen epoch count, then
scored once on the held-out test patients."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pandas as pd
import torch

from training.config import TrainConfig
from training.cross_validation import fold_seed
from training.engine import validate
from training.factories import create_eval_loader, create_train_loader
from training.fitting import start_fit, train_epoch
from training.run_state import EpochBudget, save_state

log = logging.getLogger(__name__)


def train_shipped_model(
    development: pd.DataFrame,
    config: TrainConfig,
    state: dict[str, Any],
    *,
    run_dir: Path,
    device: torch.device,
    amp: bool,
    loss_fn: torch.nn.Module,
    budget: EpochBudget,
) -> torch.nn.Module:
    """Train on all of ``development`` for ``state["chosen_epochs"]`` epochs with the fold
    models' recipe (same schedule, so its first epochs are theirs); resumable per epoch."""
    epochs = int(state["chosen_epochs"])
    final = config.folds  # seeds after the folds'
    loader, dataset = create_train_loader(development, config, device)
    resuming = state["epoch"] > 0 and state["training"] is not None
    fit = start_fit(
        config,
        device,
        amp=amp,
        seed=fold_seed(config, final),
        saved=state["training"] if resuming else None,
    )
    for epoch in range(state["epoch"], epochs):
        tag = f"shipped model epoch {epoch + 1}/{epochs}"
        train_loss = train_epoch(
            fit,
            loader,
            dataset,
            loss_fn,
            config,
            device,
            amp=amp,
            seed=fold_seed(config, final, epoch),
            description=f"train {tag}",
        )
        state["history"].append(
            {
                "stage": "final",
                "epoch": epoch,
                "train_loss": train_loss,
                "lr": fit.optimizer.param_groups[0]["lr"],
            }
        )
        log.info("%s: train loss %.4f", tag, train_loss)
        state.update(epoch=epoch + 1, training=fit.state_dict())
        save_state(run_dir, state)
        budget.count(last_of_run=epoch == epochs - 1)
    fit.model.eval()
    return fit.model


def predict(
    model: torch.nn.Module,
    frame: pd.DataFrame,
    config: TrainConfig,
    device: torch.device,
    *,
    amp: bool,
) -> pd.DataFrame:
    """The model's probabilities for ``frame``'s images, through the analyzer's preprocessing."""
    loader = create_eval_loader(frame, config, device)
    targets, probs, _ = validate(
        model,
        loader,
        torch.nn.BCEWithLogitsLoss(),
        device,
        amp=amp,
        description="test patients",
        progress=config.progress,
    )
    result = frame[["image_name", "patient_id", "target"]].reset_index(drop=True).copy()
    result["prob"] = probs
    return result
