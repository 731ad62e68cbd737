"""The model as the worker uses it: a batch of preprocessed images in, probabilities out."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

import numpy as np
import torch

from luna_common.messages import ModelInfo
from luna_model.checkpoint import load_checkpoint, unvalidated_model
from luna_model.model_card import ModelCard

log = logging.getLogger(__name__)

Runtime = Literal["auto", "onnx", "torch"]

# Dynamic batching defaults per device: batches beyond 4 gain nothing on a CPU and only add
# waiting; a GPU needs big batches to be busy, and its calls are short, so it waits less.
AUTO_BATCHING = {"cpu": (4, 20), "cuda": (64, 5)}


class Scorer(Protocol):
    """Anything that turns an (N, 3, S, S) float batch into N melanoma probabilities."""

    input_size: int
    info: ModelInfo

    def score(self, batch: torch.Tensor | np.ndarray) -> list[float]: ...


def model_info(card: ModelCard) -> ModelInfo:
    return ModelInfo(
        name=card.name, version=card.version, validated=card.validated, threshold=card.threshold
    )


def pick_device(requested: str) -> torch.device:
    if requested == "cuda" or (requested == "auto" and torch.cuda.is_available()):
        return torch.device("cuda")
    return torch.device("cpu")


def pick_runtime(requested: Runtime, device: torch.device) -> Literal["onnx", "torch"]:
    """``auto``: ONNX Runtime on a CPU, PyTorch (half precision) on a GPU."""
    if requested != "auto":
        return requested
    return "onnx" if device.type == "cpu" else "torch"


def batching(
    device: torch.device, batch_size: int | Literal["auto"], batch_wait_ms: int | Literal["auto"]
) -> tuple[int, int]:
    """The batch size and wait to use, resolving ``auto`` for the device."""
    size, wait = AUTO_BATCHING["cuda" if device.type == "cuda" else "cpu"]
    size = size if batch_size == "auto" else int(batch_size)
    wait = wait if batch_wait_ms == "auto" else int(batch_wait_ms)
    if size < 1 or wait < 0:
        raise ValueError("LUNA_BATCH_SIZE must be at least 1 and LUNA_BATCH_WAIT_MS at least 0")
    return size, wait


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
    def score(self, batch: torch.Tensor | np.ndarray) -> list[float]:
        batch = torch.from_numpy(batch) if isinstance(batch, np.ndarray) else batch
        if self.device.type == "cuda":
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
    """The model behind the runtime asked for; ModelInfo is the same whichever runtime serves."""
    model, card = load_model(checkpoint)
    torch_device = pick_device(device)
    if pick_runtime(runtime, torch_device) == "torch":
        return TorchScorer(model=model, card=card, device=torch_device)
    from luna_analyzer_worker.onnx_scorer import OnnxScorer, onnx_file_for

    path = onnx_file_for(model, card, checkpoint, onnx_cache_dir)
    return OnnxScorer(
        path=path, card=card, info=model_info(card), threads=onnx_threads, device=torch_device
    )
