"""The model as the worker uses it: a batch of preprocessed images in, probabilities out.

Nothing here imports PyTorch: on a CPU the worker serves ONNX without it (see ``serving``).
"""

from __future__ import annotations

from typing import Literal, Protocol

import numpy as np

from luna_common.messages import ModelInfo
from luna_model.model_card import ModelCard

Runtime = Literal["auto", "onnx", "torch"]
Device = Literal["cpu", "cuda"]

# Dynamic batching defaults per device. On a CPU a one-thread worker scores as fast at batch 1
# as at 4 (BENCHMARKS.md), so it only takes what has already arrived and a lone photo does not
# wait for company; a GPU needs big batches to be busy, so it waits a little for them.
AUTO_BATCHING = {"cpu": (4, 2), "cuda": (64, 5)}


class Scorer(Protocol):
    """Anything that turns an (N, 3, S, S) float batch into N melanoma probabilities."""

    input_size: int
    info: ModelInfo

    def score(self, batch: np.ndarray) -> list[float]: ...


def model_info(card: ModelCard) -> ModelInfo:
    return ModelInfo(
        name=card.name, version=card.version, validated=card.validated, threshold=card.threshold
    )


def pick_runtime(requested: Runtime, device: Device) -> Literal["onnx", "torch"]:
    """``auto``: ONNX Runtime on a CPU, PyTorch (half precision) on a GPU."""
    if requested != "auto":
        return requested
    return "onnx" if device == "cpu" else "torch"


def batching(
    device: Device, batch_size: int | Literal["auto"], batch_wait_ms: int | Literal["auto"]
) -> tuple[int, int]:
    """The batch size and wait to use, resolving ``auto`` for the device."""
    size, wait = AUTO_BATCHING[device]
    size = size if batch_size == "auto" else int(batch_size)
    wait = wait if batch_wait_ms == "auto" else int(batch_wait_ms)
    return size, wait
