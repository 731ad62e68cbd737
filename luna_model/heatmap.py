"""The explanation heatmap as a small PNG: the class-activation map over the model's view.

Torch-free (numpy and Pillow), so a CPU analyzer serving ONNX draws it too. The map is scaled
to its own range (warm: the regions that raised the score most, cool: least): it shows *where*
the network looked, not a probability, and it looks the same for a benign as for a malignant
score. The PNG is palette-quantised and kept under :data:`MAX_HEATMAP_BYTES`, so its data URL
stays under 30 KB.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

# PNG bytes at most: base64 makes 4/3 of this, plus the data-URL prefix: < 30 KB in all.
MAX_HEATMAP_BYTES = 22_000
HEATMAP_SIDE = 160
_ALPHA = 0.45
# A perceptually ordered blue-cyan-yellow-red ramp (matplotlib's "turbo"-like anchors).
_RAMP = np.array(
    [(48, 18, 59), (70, 131, 247), (26, 228, 182), (164, 252, 60), (251, 185, 56), (122, 4, 3)],
    dtype=np.float32,
)


def colour_map(values: np.ndarray) -> np.ndarray:
    """Values in [0, 1] to uint8 RGB along the ramp (shape ``values.shape + (3,)``)."""
    positions = np.clip(values, 0.0, 1.0) * (len(_RAMP) - 1)
    low = np.floor(positions).astype(int)
    high = np.minimum(low + 1, len(_RAMP) - 1)
    weight = (positions - low)[..., None]
    colours = _RAMP[low] * (1 - weight) + _RAMP[high] * weight
    return np.rint(colours).astype(np.uint8)


_PALETTE = colour_map(np.arange(256, dtype=np.float32) / 255.0).ravel().tolist()


def normalised(cam: np.ndarray) -> np.ndarray:
    """The map scaled to [0, 1] over its own range; a flat map becomes all zeros."""
    cam = np.asarray(cam, dtype=np.float32).squeeze()
    low, high = float(cam.min()), float(cam.max())
    if not np.isfinite(low) or not np.isfinite(high) or high - low < 1e-12:
        return np.zeros_like(cam)
    return (cam - low) / (high - low)


def render_heatmap(
    view: np.ndarray | Image.Image,
    cam: np.ndarray,
    *,
    side: int = HEATMAP_SIDE,
    max_bytes: int = MAX_HEATMAP_BYTES,
) -> bytes:
    """PNG bytes of ``cam`` blended over ``view`` (the model's square input as an RGB image,
    or a uint8 array of it).

    The map (h, w) is upsampled bilinearly to ``side``; the PNG is shrunk until it fits
    ``max_bytes``. Pillow does the pixel work (about 1.5 ms per image on one core).
    """
    heat = Image.fromarray(np.rint(normalised(cam) * 255).astype(np.uint8), "L")
    base = view if isinstance(view, Image.Image) else Image.fromarray(np.ascontiguousarray(view))
    while True:
        level = heat.resize((side, side), Image.Resampling.BILINEAR).convert("P")
        level.putpalette(_PALETTE)
        photo = base.resize((side, side), Image.Resampling.BILINEAR)
        blended = Image.blend(photo, level.convert("RGB"), _ALPHA)
        image = blended.quantize(
            colors=64, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
        )
        buffer = io.BytesIO()
        image.save(buffer, "PNG", compress_level=1)
        png = buffer.getvalue()
        if len(png) <= max_bytes or side <= 32:
            return png
        side = int(side * 0.8)
