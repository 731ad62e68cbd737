"""Turn a batch of image bytes into the model's input array with as few copies as possible.

The pixels are exactly those of ``luna_model.preprocessing.preprocess`` (same decoding, same
single bilinear resize, same normalisation), written straight into one ``(N, 3, S, S)``
float32 array instead of being built image by image and stacked.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from PIL import Image

from luna_model.images import MEAN, STD, UnreadableImage, load_rgb

_MEAN = np.asarray(MEAN, dtype=np.float32).reshape(3, 1, 1)
_STD = np.asarray(STD, dtype=np.float32).reshape(3, 1, 1)


@dataclass
class ImageBatch:
    """The decoded images in request order, and why the others could not be decoded."""

    pixels: np.ndarray  # (number decoded, 3, S, S) float32, C-contiguous
    indices: list[int]  # the request index of each row of ``pixels``
    failures: dict[int, str]  # request index -> reason


def _decode_into(out: np.ndarray, data: bytes, size: int) -> None:
    # load_rgb decodes JPEGs at reduced scale (draft) when they are much larger than ``size``.
    image = load_rgb(data, size)
    if image.size != (size, size):
        image = image.resize((size, size), Image.Resampling.BILINEAR)
    # One cast-and-transpose copy into the batch, then normalise in place.
    out[...] = np.asarray(image).transpose(2, 0, 1)
    np.divide(out, 255.0, out=out)
    np.subtract(out, _MEAN, out=out)
    np.divide(out, _STD, out=out)


class ImageDecoder:
    """Decodes a batch, in the calling thread or in a small pool (Pillow releases the GIL)."""

    def __init__(self, size: int, threads: int = 1) -> None:
        self.size = size
        self._pool = ThreadPoolExecutor(threads, "luna-decode") if threads > 1 else None

    def decode(self, images: Sequence[bytes]) -> ImageBatch:
        pixels = np.empty((len(images), 3, self.size, self.size), dtype=np.float32)

        def one(index: int) -> str | None:
            try:
                _decode_into(pixels[index], images[index], self.size)
            except UnreadableImage as exc:
                return f"the image could not be decoded: {exc}"
            return None

        if self._pool is None:
            reasons = [one(i) for i in range(len(images))]
        else:
            reasons = list(self._pool.map(one, range(len(images))))
        failures = {i: r for i, r in enumerate(reasons) if r is not None}
        indices = [i for i, r in enumerate(reasons) if r is None]
        if failures:
            pixels = pixels[indices]  # rare: drop the rows of the images that failed
        return ImageBatch(pixels=pixels, indices=indices, failures=failures)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False)
