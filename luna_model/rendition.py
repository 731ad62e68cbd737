"""The model-input rendition: what travels to the analyzers instead of the photo.

The API makes it with the one preprocessing (:mod:`luna_model.images`: upright per EXIF, the
centre square resized to the model's input size) and encodes that square as a JPEG at quality
100 without chroma subsampling, about 20-30 KB where the photo is 0.5-0.7 MB; the photo itself
stays in the results database for people to see. An analyzer decodes the rendition and
normalises it (the resize is then the identity), so it scores the pixels training sees, up to
the JPEG round trip: at most a few levels of 255 per pixel, checked with the probabilities in
``tests/analyzer_perf/test_rendition.py``.

Torch-free (numpy and Pillow), so the API can import it without the model.
"""

from __future__ import annotations

import io

from luna_model.images import INPUT_SIZE, load_rgb, square_view

RENDITION_QUALITY = 100
RENDITION_MEDIA_TYPE = "image/jpeg"


def model_input_rendition(data: bytes, size: int = INPUT_SIZE) -> bytes:
    """The model's square view of ``data`` (JPEG or PNG bytes) as JPEG bytes, ``size`` px wide.

    Raises :class:`luna_model.images.UnreadableImage` when the bytes cannot be decoded.
    """
    view = square_view(load_rgb(data, size), size)
    buffer = io.BytesIO()
    # 4:4:4 and quality 100: the smallest loss a JPEG allows; no metadata is written.
    view.save(buffer, "JPEG", quality=RENDITION_QUALITY, subsampling=0)
    return buffer.getvalue()
