"""Image intake as pure functions: decoding, format and size checks, metadata removal."""

from __future__ import annotations

import base64
import io
import struct
import zlib

import pytest
from PIL import ExifTags, Image

from luna_api.errors import ImageTooLarge, InvalidImage, UnsupportedImageType
from luna_api.image_intake import (
    JPEG,
    PNG,
    _entropy_end,
    check_image,
    decode_base64,
    strip_jpeg_metadata,
    strip_png_metadata,
)
from tests.api import images

MAX_BYTES = 1_000_000
MAX_PIXELS = 40_000_000


def intake(text: str, *, max_pixels: int = MAX_PIXELS):  # type: ignore[no-untyped-def]
    return check_image(decode_base64(text, max_bytes=MAX_BYTES), max_pixels=max_pixels)


@pytest.mark.parametrize("prefix", ["", "data:image/jpeg;base64,", "DATA:image/jpeg;base64,"])
def test_valid_jpeg_with_and_without_data_url(prefix: str) -> None:
    data = images.jpeg_bytes()
    clean = intake(images.b64(data, prefix=prefix))
    assert clean.media_type == JPEG and (clean.width, clean.height) == (64, 48)
    assert images.pixels(clean.data) == images.pixels(data)


@pytest.mark.parametrize("prefix", ["", "data:image/png;base64,"])
def test_valid_png_with_and_without_data_url(prefix: str) -> None:
    data = images.png_bytes()
    clean = intake(images.b64(data, prefix=prefix))
    assert clean.media_type == PNG and clean.data == data  # nothing to strip: unchanged


def test_data_url_that_is_not_base64_is_refused() -> None:
    with pytest.raises(InvalidImage, match="base64"):
        decode_base64("data:image/png,rawbytes", max_bytes=MAX_BYTES)


@pytest.mark.parametrize("text", ["not base64 at all!", "abc", "aGVsbG8=\nd29ybGQ=", "aGVsbG8==="])
def test_invalid_base64_is_refused(text: str) -> None:
    with pytest.raises(InvalidImage, match="not valid base64"):
        decode_base64(text, max_bytes=MAX_BYTES)


@pytest.mark.parametrize("text", ["", "   ", "data:image/png;base64,"])
def test_empty_image_is_refused(text: str) -> None:
    with pytest.raises(InvalidImage, match="empty"):
        decode_base64(text, max_bytes=MAX_BYTES)


def test_base64_of_text_is_not_an_image() -> None:
    with pytest.raises(InvalidImage, match="not a JPEG or PNG"):
        intake(base64.b64encode(b"hello, this is a text file\n" * 10).decode())


def test_decoded_size_over_limit_is_refused_before_decoding() -> None:
    with pytest.raises(ImageTooLarge):
        decode_base64(base64.b64encode(b"\xff" * (MAX_BYTES + 10)).decode(), max_bytes=MAX_BYTES)


@pytest.mark.parametrize("cut", [0.5, 0.9])
def test_truncated_jpeg_is_refused(cut: float) -> None:
    data = images.jpeg_bytes()
    with pytest.raises(InvalidImage, match="truncated or corrupt"):
        check_image(data[: int(len(data) * cut)], max_pixels=MAX_PIXELS)


@pytest.mark.parametrize(
    ("scan", "end"),
    [
        (b"\x12\x34\xff\xd9", 2),  # the end marker
        (b"\x12\xff\x00\x34\xff\xc4", 4),  # a stuffed 0xFF00 is data
        (b"\x12\xff\xd3\x34\xff\xda", 4),  # so is a restart marker
        (b"\x12\xff\xff\xff\xd9", 3),  # fill bytes: the last 0xFF before the marker
        (b"\x12\xff\xff\x00\x56\xff\xd9", 5),  # a fill byte before a stuffed zero
    ],
)
def test_a_scan_ends_at_the_next_real_marker(scan: bytes, end: int) -> None:
    assert _entropy_end(b"\xff\xda" + scan, 2) == end + 2


@pytest.mark.parametrize("scan", [b"\x12\x34", b"\x12\xff", b"\x12\xff\x00\x34\xff\xd0"])
def test_a_scan_without_an_end_marker_is_truncated(scan: bytes) -> None:
    with pytest.raises(InvalidImage, match="truncated or corrupt"):
        _entropy_end(b"\xff\xda" + scan, 2)


def test_truncated_png_is_refused() -> None:
    data = images.png_bytes()
    with pytest.raises(InvalidImage, match="truncated or corrupt"):
        check_image(data[: len(data) - 30], max_pixels=MAX_PIXELS)


def test_corrupt_png_data_is_refused() -> None:
    data = bytearray(images.png_bytes())
    start = data.index(b"IDAT") + 10
    data[start : start + 20] = b"\x00" * 20  # break the compressed pixels (and the CRC)
    with pytest.raises(InvalidImage):
        check_image(bytes(data), max_pixels=MAX_PIXELS)


def test_pixel_bomb_is_refused_from_its_header() -> None:
    bomb = images.png_bomb(7000)  # 49 megapixels in ~50 KB
    assert len(bomb) < 100_000
    with pytest.raises(ImageTooLarge, match="7000x7000"):
        check_image(bomb, max_pixels=MAX_PIXELS)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (images.gif_bytes(), "not GIF"),
        (images.gif_bytes(animated=True), "not GIF"),
        (images.apng_bytes(), "animated"),
    ],
)
def test_other_formats_and_animations_are_unsupported(data: bytes, message: str) -> None:
    with pytest.raises(UnsupportedImageType, match=message):
        check_image(data, max_pixels=MAX_PIXELS)


def test_jpeg_exif_gps_and_comment_are_stripped_pixels_untouched() -> None:
    data = images.jpeg_bytes(with_gps=True, orientation=6)
    assert images.SECRET.encode() in data
    with Image.open(io.BytesIO(data)) as original:
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test image has GPS
    clean = check_image(data, max_pixels=MAX_PIXELS)
    assert images.SECRET.encode() not in clean.data
    with Image.open(io.BytesIO(clean.data)) as stored:
        exif = stored.getexif()
        assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
        assert dict(exif) == {ExifTags.Base.Orientation: 6}  # only the orientation survives
        assert "comment" not in stored.info
    assert images.pixels(clean.data) == images.pixels(data)


def test_png_text_chunks_are_stripped_pixels_untouched() -> None:
    data = images.png_bytes(with_text=True)
    assert images.SECRET.encode() in data
    clean = check_image(data, max_pixels=MAX_PIXELS)
    assert images.SECRET.encode() not in clean.data and b"iTXt" not in clean.data
    assert images.pixels(clean.data) == images.pixels(data)


def test_stripping_cuts_data_appended_after_the_image() -> None:
    jpeg, png = images.jpeg_bytes(), images.png_bytes()
    assert strip_jpeg_metadata(jpeg + b"trailing secret") == strip_jpeg_metadata(jpeg)
    assert strip_png_metadata(png + b"trailing secret") == png


def test_jpeg_segments_off_the_allow_list_go_whatever_their_name() -> None:
    """Defect 6 of issue 11: reserved and unknown markers, and APPn segments, go; the JFIF
    header loses its thumbnail; the picture is unchanged."""
    jpeg = images.jpeg_bytes()
    secret = images.SECRET.encode()
    segments = b"".join(
        bytes((0xFF, marker)) + struct.pack(">H", len(secret) + 2) + secret
        for marker in (0xF0, 0xF7, 0xFD, 0xE3, 0xEF, 0xFE)
    )
    stripped = strip_jpeg_metadata(jpeg[:2] + segments + jpeg[2:])
    assert secret not in stripped
    assert stripped == strip_jpeg_metadata(jpeg)


def test_png_keeps_only_picture_and_colour_chunks() -> None:
    png = images.png_bytes()
    iend = png.rindex(b"IEND") - 4
    extra = b"".join(
        struct.pack(">I", len(images.SECRET))
        + kind
        + images.SECRET.encode()
        + struct.pack(">I", zlib.crc32(kind + images.SECRET.encode()))
        for kind in (b"gpSd", b"pHYs", b"sPLT", b"prVt")
    )
    stripped = strip_png_metadata(png[:iend] + extra + png[iend:])
    assert images.SECRET.encode() not in stripped
    assert stripped == strip_png_metadata(png)
