"""PyTorch in the worker: the GPU runtime (half precision), and loading the configured model."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from luna_analyzer_worker.scorer import Device, Runtime, Scorer, model_info, pick_runtime
from luna_model.checkpoint import load_checkpoint, unvalidated_model
from luna_model.model_card import ModelCard

log = logging.getLogger(__name__)


def pick_device(requested: str) -> Device:
    if requested == "cuda" or (requested == "auto" and torch.cuda.is_available()):
        return "cuda"
    return "cpu"


@dataclass
class TorchScorer:
    """EfficientNet-B1 in PyTorch: channels-last, inference mode, half precision on a GPU."""

    model: torch.nn.Module
    card: ModelCard
    device: Device

    def __post_init__(self) -> None:
        self.input_size = self.card.input_size
        self.info = model_info(self.card)
        self.half = self.device == "cuda"
        model = self.model.to(self.device).eval().to(memory_format=torch.channels_last)
        self.model = model.half() if self.half else model

    @torch.inference_mode()
    def score(self, batch: torch.Tensor | np.ndarray) -> list[float]:
        batch = torch.from_numpy(batch) if isinstance(batch, np.ndarray) else batch
        if self.device == "cuda":
            batch = batch.pin_memory().to(self.device, non_blocking=True)
        batch = batch.to(memory_format=torch.channels_last)
        if self.half:
            batch = batch.half()
        logits = self.model(batch).float().reshape(-1)
        return torch.sigmoid(logits).cpu().tolist()


def load_model(checkpoint: Path | None) -> tuple[torch.nn.Module, ModelCard]:
    """The configured checkpoint, or an unvalidated random-init model when none is configured."""
    if checkpoint is None:
        log.warning("no LUNA_MODEL_CHECKPOINT: running an UNVALIDATED model; every result says so")
        return unvalidated_model()
    model, card = load_checkpoint(checkpoint, map_location="cpu")
    log.info("loaded model %s %s (validated=%s)", card.name, card.version, card.validated)
    return model, card


def load_scorer(
    checkpoint: Path | None,
    device: str = "auto",
    *,
    runtime: Runtime = "torch",
    onnx_threads: int = 1,
    onnx_cache_dir: Path | None = None,
) -> Scorer:
    """The model behind the runtime asked for, in this process; ModelInfo is the same whichever
    runtime serves. (The worker itself serves ONNX without PyTorch: see ``serving``.)"""
    model, card = load_model(checkpoint)
    resolved = pick_device(device)
    if pick_runtime(runtime, resolved) == "torch":
        return TorchScorer(model=model, card=card, device=resolved)
    from luna_analyzer_worker.onnx_prepare import onnx_file_for
    from luna_analyzer_worker.onnx_scorer import OnnxScorer

    path = onnx_file_for(model, card, checkpoint, onnx_cache_dir)
    return OnnxScorer(
        path=path, card=card, info=model_info(card), threads=onnx_threads, device=resolved
    )
