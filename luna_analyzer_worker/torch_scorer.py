"""PyTorch in the worker: the GPU runtime (half precision), and loading the configured model.

Build scorers through :func:`luna_analyzer_worker.serving.scorer_for`, the one factory; this
module holds the PyTorch pieces it (and the ONNX preparation child) use.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from luna_analyzer_worker.scorer import Device, model_info
from luna_model.checkpoint import load_checkpoint, unvalidated_model
from luna_model.model_card import ModelCard
from luna_model.network import LogitAndCam

log = logging.getLogger(__name__)


def pick_device(requested: str) -> Device:
    if requested == "cuda" or (requested == "auto" and torch.cuda.is_available()):
        return "cuda"
    return "cpu"


@dataclass
class TorchScorer:
    """EfficientNet-B1 in PyTorch: channels-last, inference mode, half precision on a GPU.

    The class-activation maps come from the same forward pass (:class:`LogitAndCam`).
    """

    model: torch.nn.Module
    card: ModelCard
    device: Device

    def __post_init__(self) -> None:
        self.input_size = self.card.input_size
        self.info = model_info(self.card)
        self.half = self.device == "cuda"
        network = LogitAndCam(self.model).to(self.device).eval()
        network = network.to(memory_format=torch.channels_last)
        self.network = network.half() if self.half else network

    def _run(self, batch: torch.Tensor | np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
        batch = torch.from_numpy(batch) if isinstance(batch, np.ndarray) else batch
        if self.device == "cuda":
            batch = batch.pin_memory().to(self.device, non_blocking=True)
        batch = batch.to(memory_format=torch.channels_last)
        if self.half:
            batch = batch.half()
        logits, cams = self.network(batch)
        return logits.float().reshape(-1), cams.float()[:, 0]

    @torch.inference_mode()
    def score(self, batch: torch.Tensor | np.ndarray) -> list[float]:
        logits, _ = self._run(batch)
        return torch.sigmoid(logits).cpu().tolist()

    @torch.inference_mode()
    def score_with_maps(self, batch: torch.Tensor | np.ndarray) -> tuple[list[float], np.ndarray]:
        logits, cams = self._run(batch)
        return torch.sigmoid(logits).cpu().tolist(), cams.cpu().numpy()


def load_model(checkpoint: Path | None) -> tuple[torch.nn.Module, ModelCard]:
    """The configured checkpoint, or an unvalidated random-init model when none is configured."""
    if checkpoint is None:
        log.warning("no LUNA_MODEL_CHECKPOINT: running an UNVALIDATED model; every result says so")
        return unvalidated_model()
    model, card = load_checkpoint(checkpoint, map_location="cpu")
    log.info("loaded model %s %s (validated=%s)", card.name, card.version, card.validated)
    return model, card
