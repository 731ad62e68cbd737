"""Hostile image payloads, built by hand so each one is exactly the attack it names."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

from luna_testing.photos import lesion_jpeg


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(side: int = 50_000) -> bytes:
    """A few hundred bytes declaring side x side pixels; decoded it would take gigabytes."""
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)  # 1-bit greyscale
    rows = zlib.compress(b"\x00" * (1 + side // 8) * 64, 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", rows)
        + _png_chunk(b"IEND", b"")
    )


def jpeg_bomb(side: int = 60_000) -> bytes:
    """A small real JPEG whose frame header claims side x side pixels."""
    data = bytearray(lesion_jpeg(64, 64))
    sof = data.find(b"\xff\xc0")
    struct.pack_into(">HH", data, sof + 5, side, side)
    return bytes(data)


def _save(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def frames(n: int = 3) -> list[Image.Image]:
    return [Image.new("RGB", (64, 48), (40 * i, 80, 120)) for i in range(n)]


def animated_png() -> bytes:
    first, *rest = frames()
    return _save(first, "PNG", save_all=True, append_images=rest)


def animated_gif() -> bytes:
    first, *rest = frames()
    return _save(first, "GIF", save_all=True, append_images=rest)


def multi_picture_jpeg() -> bytes:
    first, *rest = frames()
    return _save(first, "MPO", save_all=True, append_images=rest)


def webp() -> bytes:
    return _save(frames(1)[0], "WEBP")


def bmp() -> bytes:
    return _save(frames(1)[0], "BMP")


def jpeg_with_gps() -> bytes:
    """A JPEG carrying EXIF camera data, a GPS position and a comment."""
    image = Image.open(io.BytesIO(lesion_jpeg(320, 240)))
    exif = Image.Exif()
    exif[0x010F] = "SecretPhoneMaker"  # Make
    exif[0x0110] = "SecretPhoneModel"  # Model
    exif[0x0112] = 1  # orientation
    gps = {1: "N", 2: (41.0, 23.0, 4.5), 3: "W", 4: (2.0, 10.0, 1.2)}
    exif[0x8825] = gps
    return _save(image, "JPEG", exif=exif.tobytes(), comment=b"patient Jane Doe, Barcelona")


def jpeg_with_broken_pixels() -> bytes:
    """A JPEG whose segments are all there and well formed, but whose first colour component
    uses a quantization table the file never defines: libjpeg cannot decode its pixels."""
    data = bytearray(lesion_jpeg(320, 240))
    sof = data.index(b"\xff\xc0")
    # SOF0: marker, length (2), precision, height (2), width (2), components, then per
    # component its id, sampling factors and quantization table number.
    data[sof + 2 + 2 + 1 + 2 + 2 + 1 + 2] = 3
    return bytes(data)
