"""Small factories for a run: device, model, optimiser, scheduler, loss and data loaders."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import torch
from torch.utils.data import DataLoader
from torchsampler import ImbalancedDatasetSampler

from luna_model.network import create_pretrained_model
from training.augmentations import create_eval_transform, create_train_transform
from training.config import TrainConfig
from training.dataset import LesionDataset


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)


def create_device(name: str) -> torch.device:
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name.startswith("cuda") and not torch.cuda.is_available():
        raise ValueError("--device cuda requested but no GPU is available")
    return torch.device(name)


def create_train_model(config: TrainConfig) -> torch.nn.Module:
    """EfficientNet-B1 started as the config says (ImageNet, a weights file, or random)."""
    model = create_pretrained_model(config.start, config.init_weights)
    # Batch-norm momentum is a training-time setting (not stored in the weights); efficientnet's
    # default 0.01 suits long runs, short runs need the running statistics to catch up faster.
    if config.bn_momentum is not None:
        for module in model.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.momentum = config.bn_momentum
    return model


def create_optimizer(model: torch.nn.Module, config: TrainConfig) -> torch.optim.Optimizer:
    if config.opt == "sgd":
        return torch.optim.SGD(
            model.parameters(),
            lr=config.lr,
            momentum=0.9,
            nesterov=True,
            weight_decay=config.weight_decay,
        )
    return torch.optim.AdamW(model.parameters(), lr=config.lr, weight_decay=config.weight_decay)


def create_scheduler(
    optimizer: torch.optim.Optimizer, config: TrainConfig
) -> torch.optim.lr_scheduler.LRScheduler:
    """Cosine over ``config.epochs``; a model trained for fewer epochs follows the same curve."""
    if config.sched == "cosine":
        return torch.optim.lr_scheduler.CosineAnnealingLR(
            optimizer, T_max=config.epochs, eta_min=config.lr * 0.01
        )
    return torch.optim.lr_scheduler.LambdaLR(optimizer, lambda _: 1.0)


def create_loss(config: TrainConfig, device: torch.device) -> torch.nn.Module:
    if config.pos_weight:
        return torch.nn.BCEWithLogitsLoss(
            pos_weight=torch.tensor([float(config.pos_weight)], device=device)
        )
    return torch.nn.BCEWithLogitsLoss()


def create_train_loader(
    frame: pd.DataFrame, config: TrainConfig, device: torch.device
) -> tuple[DataLoader, LesionDataset]:
    """Augmented images, drawn by the class-balancing sampler unless ``sampler: shuffle``."""
    size = config.image_size
    dataset = LesionDataset(frame, create_train_transform(config.augment, size), size)
    sampler = ImbalancedDatasetSampler(dataset) if config.sampler == "balanced" else None
    loader = DataLoader(
        dataset,
        sampler=sampler,
        shuffle=sampler is None,
        drop_last=len(dataset) > config.batch_size,
        batch_size=config.batch_size,
        num_workers=config.workers,
        pin_memory=device.type == "cuda",
    )
    return loader, dataset


def create_eval_loader(
    frame: pd.DataFrame, config: TrainConfig, device: torch.device
) -> DataLoader:
    """The analyzer's preprocessing, in table order."""
    size = config.image_size
    dataset = LesionDataset(frame, create_eval_transform(size), size)
    return DataLoader(
        dataset,
        shuffle=False,
        batch_size=config.batch_size,
        num_workers=config.workers,
        pin_memory=device.type == "cuda",
    )
