"""The training loop, in two functions: one epoch of training, one pass of validation."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import torch
from tqdm import tqdm


def _autocast(device: torch.device, amp: bool) -> torch.autocast:
    # Mixed precision only on a GPU; the CPU path stays float32.
    return torch.autocast(device_type=device.type, dtype=torch.float16, enabled=amp)


def train_one_epoch(
    model: torch.nn.Module,
    loader: Iterable[tuple[torch.Tensor, torch.Tensor]],
    optimizer: torch.optim.Optimizer,
    loss_fn: torch.nn.Module,
    device: torch.device,
    scaler: torch.amp.GradScaler,
    *,
    amp: bool = False,
    description: str = "train",
    progress: bool = True,
) -> float:
    """Train for one pass over ``loader``; return the mean loss."""
    model.train()
    total, count = 0.0, 0
    bar = tqdm(loader, desc=description, disable=not progress, leave=False)
    for images, targets in bar:
        images = images.to(device, non_blocking=True)
        targets = targets.to(device, non_blocking=True).float().view(-1, 1)
        optimizer.zero_grad(set_to_none=True)
        with _autocast(device, amp):
            logits = model(images)
        loss = loss_fn(logits.float(), targets)
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
        total += loss.item() * images.size(0)
        count += images.size(0)
        bar.set_postfix(loss=f"{total / count:.4f}")
    return total / max(count, 1)


@torch.no_grad()
def validate(
    model: torch.nn.Module,
    loader: Iterable[tuple[torch.Tensor, torch.Tensor]],
    loss_fn: torch.nn.Module,
    device: torch.device,
    *,
    amp: bool = False,
    description: str = "validate",
    progress: bool = True,
) -> tuple[np.ndarray, np.ndarray, float]:
    """Score ``loader`` in eval mode; return (targets, probabilities of melanoma, mean loss)."""
    model.eval()
    all_targets: list[np.ndarray] = []
    all_probs: list[np.ndarray] = []
    total, count = 0.0, 0
    for images, targets in tqdm(loader, desc=description, disable=not progress, leave=False):
        images = images.to(device, non_blocking=True)
        targets = targets.to(device, non_blocking=True).float().view(-1, 1)
        with _autocast(device, amp):
            logits = model(images)
        logits = logits.float()
        total += loss_fn(logits, targets).item() * images.size(0)
        count += images.size(0)
        all_probs.append(torch.sigmoid(logits).view(-1).cpu().numpy())
        all_targets.append(targets.view(-1).cpu().numpy())
    if not all_probs:
        return np.zeros(0, dtype=int), np.zeros(0), 0.0
    return (
        np.concatenate(all_targets).astype(int),
        np.concatenate(all_probs).astype(float),
        total / max(count, 1),
    )


@torch.no_grad()
def recompute_bn_stats(
    model: torch.nn.Module,
    loader: Iterable[tuple[torch.Tensor, torch.Tensor]],
    device: torch.device,
    max_batches: int,
    *,
    amp: bool = False,
) -> None:
    """Replace batch-norm running statistics by their average over up to ``max_batches`` batches.

    "Precise BN": after few optimiser steps the running averages lag far behind the weights,
    so eval-mode outputs are meaningless; averaging fresh statistics fixes that.
    """
    norms = [m for m in model.modules() if isinstance(m, torch.nn.BatchNorm2d)]
    if not norms or max_batches <= 0:
        return
    momenta = [m.momentum for m in norms]
    for m in norms:
        m.reset_running_stats()
        m.momentum = None  # cumulative moving average over the batches seen
    model.train()
    for index, (images, _) in enumerate(loader):
        if index >= max_batches:
            break
        with _autocast(device, amp):
            model(images.to(device, non_blocking=True))
    for m, momentum in zip(norms, momenta, strict=True):
        m.momentum = momentum
    model.eval()
