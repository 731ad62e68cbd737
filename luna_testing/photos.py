"""Photo-like test images: a dark lesion on skin tone, as a real JPEG."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw


def lesion_jpeg(width: int = 1024, height: int = 768, *, seed: int = 0) -> bytes:
    """A real JPEG photo-sized image of a dark blob on skin tone."""
    image = Image.new("RGB", (width, height), (224, 172, 150))
    draw = ImageDraw.Draw(image)
    cx, cy, r = width // 2 + seed * 7, height // 2, min(width, height) // 5
    draw.ellipse((cx - r, cy - r * 0.8, cx + r, cy + r * 0.8), fill=(90, 50, 40))
    draw.ellipse((cx - r // 3, cy - r // 4, cx + r // 4, cy + r // 3), fill=(50, 30, 25))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()
