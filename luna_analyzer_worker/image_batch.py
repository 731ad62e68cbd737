"""Turn a batch of image bytes into the model's input array with as few copies as possible.

Each image goes through :func:`luna_model.images.write_model_input`, the one preprocessing
training uses too, written straight into its row of one ``(N, 3, S, S)`` float32 array
instead of being built image by image and stacked.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from luna_model.images import UnreadableImage, load_rgb, write_model_input


@dataclass
class ImageBatch:
    """The decoded images in request order, and why the others could not be decoded."""

    pixels: np.ndarray  # (number decoded, 3, S, S) float32, C-contiguous
    indices: list[int]  # the request index of each row of ``pixels``
    failures: dict[int, str]  # request index -> reason
    # request index -> the model's view (square RGB before normalising), for the heatmap
    views: dict[int, Image.Image] = field(default_factory=dict)


def _decode_into(out: np.ndarray, data: bytes, size: int) -> Image.Image:
    # load_rgb decodes JPEGs at reduced scale (draft) when they are much larger than ``size``.
    return write_model_input(out, load_rgb(data, size), size)


class ImageDecoder:
    """Decodes a batch, in the calling thread or in a small pool (Pillow releases the GIL)."""

    def __init__(self, size: int, threads: int = 1) -> None:
        self.size = size
        self._pool = ThreadPoolExecutor(threads, "luna-decode") if threads > 1 else None

    def decode(self, images: Sequence[bytes]) -> ImageBatch:
        pixels = np.empty((len(images), 3, self.size, self.size), dtype=np.float32)
        views: dict[int, Image.Image] = {}

        def one(index: int) -> str | None:
            try:
                views[index] = _decode_into(pixels[index], images[index], self.size)
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
        return ImageBatch(pixels=pixels, indices=indices, failures=failures, views=views)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False)
