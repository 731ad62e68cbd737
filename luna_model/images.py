"""Decoding images for the model, without PyTorch: the analyzer serves from this alone.

:mod:`luna_model.preprocessing` builds the model's input tensors on top of it.
"""

from __future__ import annotations

import io

from PIL import Image, ImageOps, UnidentifiedImageError

INPUT_SIZE = 240
MEAN: tuple[float, float, float] = (0.485, 0.456, 0.406)
STD: tuple[float, float, float] = (0.229, 0.224, 0.225)


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
