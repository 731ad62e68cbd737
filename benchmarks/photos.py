"""Photo-like JPEGs: a lesion on skin with sensor noise, so sizes and decoding costs are real."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from luna_testing.photos import lesion_jpeg


def photo_jpeg(
    width: int, height: int, *, seed: int = 0, noise: float = 6.0, quality: int = 90
) -> bytes:
    """A ``width`` x ``height`` JPEG of a lesion with Gaussian noise (a phone photo's entropy)."""
    base = np.asarray(
        Image.open(io.BytesIO(lesion_jpeg(width, height, seed=seed))), dtype=np.float32
    )
    rng = np.random.default_rng(seed)
    noisy = base + rng.normal(0.0, noise, size=(height, width, 1)).astype(np.float32)
    image = Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def jpeg_of_about(target_bytes: int, *, seed: int = 0) -> bytes:
    """A photo-like JPEG within a few percent of ``target_bytes``, at 4:3."""
    width = 800
    for _ in range(12):
        data = photo_jpeg(width, width * 3 // 4, seed=seed)
        if abs(len(data) - target_bytes) < target_bytes * 0.05:
            break
        width = max(64, int(width * (target_bytes / len(data)) ** 0.5))
    return data
