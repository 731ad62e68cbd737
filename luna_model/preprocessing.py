"""The model input as a PyTorch tensor: :func:`luna_model.images.model_input`, wrapped.

Training's evaluation transform and ``training.evaluate`` call :func:`to_tensor`, which is the
analyzer's torch-free array with nothing changed, so training and serving cannot disagree.
"""

from __future__ import annotations

import torch
from PIL import Image

from luna_model.images import (
    INPUT_SIZE,
    MEAN,
    STD,
    UnreadableImage,
    image_to_model_input,
    load_rgb,
    model_input,
)

__all__ = ["INPUT_SIZE", "MEAN", "STD", "UnreadableImage", "load_rgb", "preprocess", "to_tensor"]


def to_tensor(image: Image.Image, size: int = INPUT_SIZE) -> torch.Tensor:
    """The model input of a decoded image as a float32 tensor ``(3, size, size)``."""
    return torch.from_numpy(image_to_model_input(image, size))


def preprocess(data: bytes, size: int = INPUT_SIZE) -> torch.Tensor:
    """Decode image bytes and turn them into the model's input tensor ``(3, size, size)``."""
    return torch.from_numpy(model_input(data, size))
