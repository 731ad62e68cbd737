"""Training one model for some epochs, resumable: the piece the fold models and the shipped
model share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import torch
from torch.utils.data import DataLoader

from training.config import TrainConfig
from training.dataset import LesionDataset
from training.engine import recompute_bn_stats, train_one_epoch
from training.factories import (
    create_optimizer,
    create_scheduler,
    create_train_model,
    seed_everything,
)


@dataclass
class Fit:
    """A model being trained, with its optimiser, schedule and loss scaler."""

    model: torch.nn.Module
    optimizer: torch.optim.Optimizer
    scheduler: torch.optim.lr_scheduler.LRScheduler
    scaler: torch.amp.GradScaler

    def state_dict(self) -> dict[str, Any]:
        return {
            "model": self.model.state_dict(),
            "optimizer": self.optimizer.state_dict(),
            "scheduler": self.scheduler.state_dict(),
            "scaler": self.scaler.state_dict(),
        }


def start_fit(
    config: TrainConfig,
    device: torch.device,
    *,
    amp: bool,
    seed: int,
    saved: dict[str, Any] | None = None,
) -> Fit:
    """A fresh model (seeded, started as the config says), or the one ``saved`` left off."""
    seed_everything(seed)
    model = create_train_model(config).to(device)
    optimizer = create_optimizer(model, config)
    fit = Fit(
        model=model,
        optimizer=optimizer,
        scheduler=create_scheduler(optimizer, config),
        scaler=torch.amp.GradScaler(device.type, enabled=amp),
    )
    if saved is not None:
        fit.model.load_state_dict(saved["model"])
        fit.optimizer.load_state_dict(saved["optimizer"])
        fit.scheduler.load_state_dict(saved["scheduler"])
        fit.scaler.load_state_dict(saved["scaler"])
    return fit


def train_epoch(
    fit: Fit,
    loader: DataLoader,
    dataset: LesionDataset,
    loss_fn: torch.nn.Module,
    config: TrainConfig,
    device: torch.device,
    *,
    amp: bool,
    seed: int,
    description: str,
) -> float:
    """One epoch; its randomness (sampler, augmentations, dropout) depends on ``seed`` only,
    so a resumed run draws what an uninterrupted one would."""
    seed_everything(seed)
    dataset.set_epoch_seed(seed)
    loss = train_one_epoch(
        fit.model,
        loader,
        fit.optimizer,
        loss_fn,
        device,
        fit.scaler,
        amp=amp,
        description=description,
        progress=config.progress,
    )
    fit.scheduler.step()
    if config.precise_bn_batches:
        recompute_bn_stats(fit.model, loader, device, config.precise_bn_batches, amp=amp)
    return loss
