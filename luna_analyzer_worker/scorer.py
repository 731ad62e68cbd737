"""The model as the worker uses it: a batch of preprocessed images in, probabilities out.

Nothing here imports PyTorch: on a CPU the worker serves ONNX without it (see ``serving``).
"""

from __future__ import annotations

from typing import Literal, Protocol

import numpy as np

from luna_common.messages import ModelInfo
from luna_common.model_cards import PublishedModelCard
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
    card: ModelCard

    def score(self, batch: np.ndarray) -> list[float]:
        """N probabilities of melanoma."""
        ...

    def score_with_maps(self, batch: np.ndarray) -> tuple[list[float], np.ndarray]:
        """N probabilities and their class-activation maps, float32 (N, h, w)."""
        ...


def model_info(card: ModelCard) -> ModelInfo:
    return ModelInfo(
        name=card.name, version=card.version, validated=card.validated, threshold=card.threshold
    )


def published_card(card: ModelCard) -> PublishedModelCard:
    """The card as results carry it to the registrar (and the API shows it)."""
    reason = card.validation_reason or (
        "Validated on held-out test patients." if card.validated else "Not validated."
    )
    return PublishedModelCard.model_validate(
        {
            **card.model_dump(
                include={
                    "name",
                    "version",
                    "architecture",
                    "input_size",
                    "threshold",
                    "target_sensitivity",
                    "validated",
                    "validation_minima",
                    "pretrained",
                    "training_data",
                    "test_metrics",
                    "shipped_model",
                    "temperature",
                    "intended_use",
                    "known_limits",
                    "created_at",
                }
            ),
            "validation_reason": reason,
        }
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
