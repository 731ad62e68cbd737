"""The exact eval-time preprocessing shared by the analyzer and training.

Training's validation transforms call :func:`to_tensor` itself, so a model is always
scored on images prepared exactly as the analyzer prepares them.
"""

from __future__ import annotations

import io

import numpy as np
import torch
from PIL import Image, ImageOps, UnidentifiedImageError

INPUT_SIZE = 240
MEAN: tuple[float, float, float] = (0.485, 0.456, 0.406)
STD: tuple[float, float, float] = (0.229, 0.224, 0.225)

_MEAN = torch.tensor(MEAN, dtype=torch.float32).view(3, 1, 1)
_STD = torch.tensor(STD, dtype=torch.float32).view(3, 1, 1)


class UnreadableImage(ValueError):
    """The bytes are not an image Pillow can fully decode (wrong format, truncated, corrupt)."""


def load_rgb(data: bytes, size: int = INPUT_SIZE) -> Image.Image:
    """Decode image bytes into a fully loaded RGB image, upright per its EXIF orientation.

    JPEGs are decoded at a reduced scale (``Image.draft``) when they are much larger than
    ``size``: the result is never smaller than ``size`` on either side.
    """
    if not data:
        raise UnreadableImage("empty image data")
    try:
        opened = Image.open(io.BytesIO(data))
        if opened.format == "JPEG":
            opened.draft("RGB", (size, size))
        # load() forces a full decode so truncated files fail here, not later.
        opened.load()
        image: Image.Image = ImageOps.exif_transpose(opened)
        if image.mode != "RGB":
            image = image.convert("RGB")
        image.load()
    except UnidentifiedImageError as exc:
        raise UnreadableImage("not a recognised image format") from exc
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise UnreadableImage(f"image could not be decoded: {exc}") from exc
    if image.width < 1 or image.height < 1:
        raise UnreadableImage("image has no pixels")
    return image


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
