"""Images made with Pillow for the tests: plain, with GPS EXIF, animated, bombs."""

from __future__ import annotations

import base64
import io
import struct
import zlib

from PIL import ExifTags, Image, PngImagePlugin

SECRET = "LUNA-TEST-SECRET-CAMERA"


def lesion(size: tuple[int, int] = (64, 48)) -> Image.Image:
    """A small picture with varied pixels (a gradient and a dark blob)."""
    image = Image.new("RGB", size)
    image.putdata(
        [
            (x * 4 % 256, y * 5 % 256, 60 if (x - 30) ** 2 + (y - 24) ** 2 < 150 else 200)
            for y in range(size[1])
            for x in range(size[0])
        ]
    )
    return image


def jpeg_bytes(*, with_gps: bool = False, orientation: int | None = None) -> bytes:
    buffer = io.BytesIO()
    exif = Image.Exif()
    if with_gps:
        exif[ExifTags.Base.Make] = SECRET
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
        gps[ExifTags.GPS.GPSLatitudeRef] = "N"
        gps[ExifTags.GPS.GPSLatitude] = (40.0, 26.0, 46.0)
        gps[ExifTags.GPS.GPSLongitudeRef] = "W"
        gps[ExifTags.GPS.GPSLongitude] = (3.0, 42.0, 10.0)
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    extra = {"exif": exif.tobytes()} if (with_gps or orientation) else {}
    lesion().save(buffer, "JPEG", quality=90, comment=SECRET.encode() if with_gps else b"", **extra)
    return buffer.getvalue()


def png_bytes(*, with_text: bool = False) -> bytes:
    buffer = io.BytesIO()
    info = PngImagePlugin.PngInfo()
    if with_text:
        info.add_text("Author", SECRET)
        info.add_itxt("Location", SECRET + " GPS 40.44N 3.70W")
    lesion().save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def gif_bytes(*, animated: bool = False) -> bytes:
    buffer = io.BytesIO()
    frames = [lesion().convert("P"), lesion((64, 48)).rotate(90).convert("P")]
    frames[0].save(buffer, "GIF", save_all=animated, append_images=frames[1:] if animated else [])
    return buffer.getvalue()


def apng_bytes() -> bytes:
    buffer = io.BytesIO()
    lesion().save(buffer, "PNG", save_all=True, append_images=[lesion().rotate(180)])
    return buffer.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(side: int = 7000) -> bytes:
    """A valid grayscale PNG of side x side black pixels: tens of KB, ~side² bytes decoded."""
    row = b"\x00" * (side + 1)  # filter byte + pixels
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )


def b64(data: bytes, *, prefix: str = "") -> str:
    return prefix + base64.b64encode(data).decode()


def pixels(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        return image.convert("RGB").tobytes()
