"""The exact eval-time preprocessing shared by the analyzer and training.

Training's validation transforms call :func:`to_tensor` itself, so a model is always
scored on images prepared exactly as the analyzer prepares them. Decoding lives in
:mod:`luna_model.images`, which does not need PyTorch.
"""

from __future__ import annotations

import numpy as np
import torch
from PIL import Image

from luna_model.images import INPUT_SIZE, MEAN, STD, UnreadableImage, load_rgb

__all__ = ["INPUT_SIZE", "MEAN", "STD", "UnreadableImage", "load_rgb", "preprocess", "to_tensor"]

_MEAN = torch.tensor(MEAN, dtype=torch.float32).view(3, 1, 1)
_STD = torch.tensor(STD, dtype=torch.float32).view(3, 1, 1)


def to_tensor(image: Image.Image, size: int = INPUT_SIZE) -> torch.Tensor:
    """Resize once to ``(size, size)`` (bilinear, by Pillow), scale to [0, 1] and normalise.

    Returns a float32 tensor of shape ``(3, size, size)``.
    """
    if image.mode != "RGB":
        image = image.convert("RGB")
    if image.size != (size, size):
        image = image.resize((size, size), Image.Resampling.BILINEAR)
    array = np.asarray(image, dtype=np.float32) / 255.0
    tensor = torch.from_numpy(array.copy()).permute(2, 0, 1).contiguous()
    return (tensor - _MEAN) / _STD


def preprocess(data: bytes, size: int = INPUT_SIZE) -> torch.Tensor:
    """Decode image bytes and turn them into the model's input tensor ``(3, size, size)``."""
    return to_tensor(load_rgb(data, size), size)
