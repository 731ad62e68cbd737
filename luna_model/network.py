"""The LUNA network: EfficientNet-B1 with one output logit (sigmoid gives P(melanoma))."""

from __future__ import annotations

import torch
from efficientnet_pytorch import EfficientNet

ARCHITECTURE = "efficientnet-b1"


def create_model() -> torch.nn.Module:
    """Build a randomly initialised EfficientNet-B1 with a single logit.

    Weights come from LUNA's own checkpoints; pretrained ImageNet weights cannot be
    downloaded on the project's machines, so ``from_name`` is used, never ``from_pretrained``.
    """
    return EfficientNet.from_name(ARCHITECTURE, num_classes=1)
