"""The LUNA network: EfficientNet-B1 with one output logit (sigmoid gives P(melanoma)).

:class:`LogitAndCam` adds the class-activation map: for EfficientNet's global average pool and
linear head, applying the head to every position of the last feature map gives a map whose mean
*is* the logit (exact, not an approximation), so the map shows which regions raised the score.
"""

from __future__ import annotations

import os
from typing import Literal

import torch
from efficientnet_pytorch import EfficientNet

ARCHITECTURE = "efficientnet-b1"

# How a model's weights started before training, as recorded in its model card.
Start = Literal["imagenet", "file", "none"]


class PretrainedWeightsUnavailable(RuntimeError):
    """ImageNet weights could not be downloaded or read; the message names the alternatives."""


def create_model() -> torch.nn.Module:
    """A randomly initialised EfficientNet-B1 with a single logit (no download)."""
    return EfficientNet.from_name(ARCHITECTURE, num_classes=1)


def create_pretrained_model(
    start: Start, weights_file: str | os.PathLike[str] | None = None
) -> torch.nn.Module:
    """EfficientNet-B1 with one logit, its body started from ImageNet weights or from scratch.

    ``imagenet`` downloads the weights through efficientnet-pytorch's own loader (cached by
    torch under ``~/.cache/torch/hub``); ``file`` loads the same weights from ``weights_file``
    (an ImageNet ``state_dict`` of efficientnet-pytorch, e.g. ``efficientnet-b1-f1951068.pth``);
    ``none`` starts from random weights. The head is always new (one logit).
    """
    if start == "none":
        return create_model()
    if start == "file":
        if weights_file is None:
            raise ValueError("start 'file' needs a weights file")
        path = os.fspath(weights_file)
        if not os.path.isfile(path):
            raise PretrainedWeightsUnavailable(f"initial weights file not found: {path}")
        try:
            return EfficientNet.from_pretrained(ARCHITECTURE, weights_path=path, num_classes=1)
        except (AssertionError, RuntimeError, KeyError, OSError) as exc:
            detail = (str(exc).strip().splitlines() or [""])[0][:200]
            raise PretrainedWeightsUnavailable(
                f"{path} does not hold {ARCHITECTURE} ImageNet weights"
                f" ({type(exc).__name__}: {detail})"
            ) from None
    try:
        return EfficientNet.from_pretrained(ARCHITECTURE, num_classes=1)
    except OSError as exc:  # urllib's URLError is an OSError: no network, or refused
        raise PretrainedWeightsUnavailable(
            f"ImageNet weights for {ARCHITECTURE} could not be downloaded ({exc}); give them as"
            " a file with --init-weights FILE, or train from scratch with --no-pretrained"
        ) from None


class LogitAndCam(torch.nn.Module):
    """``model`` returning ``(logit (N, 1), cam (N, 1, h, w))``; ``cam.mean((2, 3)) == logit``.

    The head (``_fc``) is applied as a 1x1 convolution to the last feature map, then averaged:
    the same arithmetic as pool-then-linear in eval mode (dropout is off).
    """

    def __init__(self, model: torch.nn.Module) -> None:
        super().__init__()
        if not isinstance(model, EfficientNet):
            raise TypeError(f"expected an EfficientNet, got {type(model).__name__}")
        self.model = model

    def forward(self, images: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        maps = self.model.extract_features(images)
        head = self.model._fc
        bias = None if head.bias is None else head.bias.to(maps.dtype)
        weight = head.weight.unsqueeze(-1).unsqueeze(-1).to(maps.dtype)
        cam = torch.nn.functional.conv2d(maps, weight, bias)
        return cam.mean(dim=(2, 3)), cam
