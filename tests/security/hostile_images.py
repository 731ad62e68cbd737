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


HIDDEN_GPS = b"GPS 40.4168N 3.7038W Calle Mayor 1"


def png_with_private_chunks() -> bytes:
    """A PNG whose private ancillary chunk (gpSd) and pHYs/sPLT-like extras carry GPS text."""
    png = _save(Image.new("RGB", (48, 32), (200, 150, 130)), "PNG")
    iend = png.rindex(b"IEND") - 4
    extra = _png_chunk(b"gpSd", HIDDEN_GPS) + _png_chunk(b"prVt", b"patient: " + HIDDEN_GPS)
    return png[:iend] + extra + png[iend:]


def _jpeg_segment(marker: int, payload: bytes) -> bytes:
    return bytes((0xFF, marker)) + struct.pack(">H", len(payload) + 2) + payload


def jpeg_with_hidden_segments() -> bytes:
    """A JPEG hiding text where prefix checks let it through: in the JFIF thumbnail and after
    the Adobe header (a reserved JPGn segment would hide it too, but libjpeg refuses those)."""
    jpeg = lesion_jpeg(64, 48)
    assert jpeg[2:4] == b"\xff\xe0"  # Pillow writes JFIF first
    app0_length = struct.unpack(">H", jpeg[4:6])[0]
    rest = jpeg[4 + app0_length :]
    # JFIF 1.01 with a 1x1 thumbnail (3 bytes of RGB) followed by hidden text.
    jfif = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x01\x01" + b"\x00\x00\x00" + HIDDEN_GPS
    adobe = b"Adobe\x00\x64\x00\x00\x00\x00\x01" + HIDDEN_GPS
    return b"\xff\xd8" + _jpeg_segment(0xE0, jfif) + _jpeg_segment(0xEE, adobe) + rest
