"""The model as the worker uses it: a batch of preprocessed images in, probabilities out."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import torch

from luna_common.messages import ModelInfo
from luna_model.checkpoint import load_checkpoint, unvalidated_model
from luna_model.model_card import ModelCard

log = logging.getLogger(__name__)


class Scorer(Protocol):
    """Anything that turns an (N, 3, S, S) float batch into N melanoma probabilities."""

    input_size: int
    info: ModelInfo

    def score(self, batch: torch.Tensor) -> list[float]: ...


def model_info(card: ModelCard) -> ModelInfo:
    return ModelInfo(
        name=card.name, version=card.version, validated=card.validated, threshold=card.threshold
    )


def pick_device(requested: str) -> torch.device:
    if requested == "cuda" or (requested == "auto" and torch.cuda.is_available()):
        return torch.device("cuda")
    return torch.device("cpu")


@dataclass
class TorchScorer:
    """EfficientNet-B1 in PyTorch: channels-last, inference mode, half precision on a GPU."""

    model: torch.nn.Module
    card: ModelCard
    device: torch.device

    def __post_init__(self) -> None:
        self.input_size = self.card.input_size
        self.info = model_info(self.card)
        self.half = self.device.type == "cuda"
        model = self.model.to(self.device).eval().to(memory_format=torch.channels_last)
        self.model = model.half() if self.half else model

    @torch.inference_mode()
    def score(self, batch: torch.Tensor) -> list[float]:
        if self.device.type == "cuda":
            batch = batch.pin_memory().to(self.device, non_blocking=True)
        batch = batch.to(memory_format=torch.channels_last)
        if self.half:
            batch = batch.half()
        logits = self.model(batch).float().reshape(-1)
        return torch.sigmoid(logits).cpu().tolist()


def load_scorer(checkpoint: Path | None, device: str = "auto") -> TorchScorer:
    """The configured checkpoint, or an unvalidated random-init model when none is configured."""
    if checkpoint is None:
        model, card = unvalidated_model()
        log.warning("no LUNA_MODEL_CHECKPOINT: running an UNVALIDATED model; every result says so")
    else:
        model, card = load_checkpoint(checkpoint, map_location="cpu")
        log.info("loaded model %s %s (validated=%s)", card.name, card.version, card.validated)
    return TorchScorer(model=model, card=card, device=pick_device(device))
