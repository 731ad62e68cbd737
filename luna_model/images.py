"""Image bytes to the model's input array, without PyTorch: the one preprocessing of LUNA.

The analyzer serves from :func:`model_input` alone; training's evaluation transform and
``training.evaluate`` call the same function (through :mod:`luna_model.preprocessing`, which
only wraps the array in a tensor), so a model is always scored on the pixels the analyzer sees.

Geometry: the short side is resized to the input size and the centre square kept (never
squashed, never padded). See docs/TRAINING.md, "One preprocessing", for the measurement behind
the choice.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

INPUT_SIZE = 240
MEAN: tuple[float, float, float] = (0.485, 0.456, 0.406)
STD: tuple[float, float, float] = (0.229, 0.224, 0.225)

_MEAN = np.asarray(MEAN, dtype=np.float32).reshape(3, 1, 1)
_STD = np.asarray(STD, dtype=np.float32).reshape(3, 1, 1)


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


def centre_square(width: int, height: int) -> tuple[int, int, int, int]:
    """The box (left, upper, right, lower) of the centred square whose side is the short side."""
    side = min(width, height)
    left, upper = (width - side) // 2, (height - side) // 2
    return left, upper, left + side, upper + side


def square_view(image: Image.Image, size: int = INPUT_SIZE) -> Image.Image:
    """What the model sees: the centre square, resized (bilinear, antialiased) to ``size``.

    One resampling of the box only: the same as resizing the short side to ``size`` and then
    cropping the centre, without resampling the pixels that are cropped away.
    """
    if image.mode != "RGB":
        image = image.convert("RGB")
    box = centre_square(image.width, image.height)
    if image.size == (size, size):
        return image
    return image.resize((size, size), Image.Resampling.BILINEAR, box=box)


def write_model_input(out: np.ndarray, image: Image.Image, size: int = INPUT_SIZE) -> Image.Image:
    """Write ``image``'s model input into ``out`` (float32, shape (3, size, size)), in place;
    return the model's view (the square RGB image before normalising)."""
    view = square_view(image, size)
    # One cast-and-transpose copy, then normalise in place.
    out[...] = np.asarray(view).transpose(2, 0, 1)
    np.divide(out, 255.0, out=out)
    np.subtract(out, _MEAN, out=out)
    np.divide(out, _STD, out=out)
    return view


def image_to_model_input(image: Image.Image, size: int = INPUT_SIZE) -> np.ndarray:
    """The model input of a decoded image: float32 ``(3, size, size)``, ImageNet-normalised."""
    out = np.empty((3, size, size), dtype=np.float32)
    write_model_input(out, image, size)
    return out


def model_input(data: bytes, size: int = INPUT_SIZE) -> np.ndarray:
    """Image bytes to the model's input array (float32 ``(3, size, size)``).

    Raises :class:`UnreadableImage` when the bytes cannot be decoded.
    """
    return image_to_model_input(load_rgb(data, size), size)


def model_input_to_rgb(pixels: np.ndarray) -> np.ndarray:
    """Undo the normalisation: the model's view as uint8 RGB ``(size, size, 3)``."""
    rgb = (np.asarray(pixels, dtype=np.float32) * _STD + _MEAN) * 255.0
    return np.clip(np.rint(rgb), 0, 255).astype(np.uint8).transpose(1, 2, 0)
