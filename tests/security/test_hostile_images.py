"""Hostile images are refused with the right status, and nothing is stored or queued."""

from __future__ import annotations

import base64
import io

import pytest
from PIL import Image

from luna_testing.photos import lesion_jpeg
from luna_testing.platform import wait_for_status
from tests.security import hostile_images
from tests.security.conftest import Account, SecurityRig

pytestmark = pytest.mark.e2e


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


CASES = [
    ("not base64", "this is not base64 at all!!", 400),
    ("base64 with junk inside", b64(lesion_jpeg(64, 64))[:40] + "*&^%" + "A" * 8, 400),
    ("base64 of text", b64(b"hello, I am not an image" * 10), 400),
    ("base64 of a PDF", b64(b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF"), 400),
    ("truncated JPEG", b64(lesion_jpeg(320, 240)[:2000]), 400),
    ("JPEG without its end", b64(lesion_jpeg(320, 240)[:-200]), 400),
    ("zero bytes", "", 400),
    ("zero bytes after a data URL", "data:image/jpeg;base64,", 400),
    ("whitespace only", "   \n  ", 400),
    ("data URL that is not base64", "data:image/jpeg," + "%FF%D8", 400),
    ("PNG decompression bomb", b64(hostile_images.png_bomb()), 413),
    ("JPEG decompression bomb", b64(hostile_images.jpeg_bomb()), 413),
    ("animated PNG", b64(hostile_images.animated_png()), 415),
    ("animated GIF", b64(hostile_images.animated_gif()), 415),
    ("WebP", b64(hostile_images.webp()), 415),
    ("BMP", b64(hostile_images.bmp()), 415),
    (
        "GIF behind a PNG data URL",
        "data:image/png;base64," + b64(hostile_images.animated_gif()),
        415,
    ),
]


PARAMS = [pytest.param(payload, status, id=name) for name, payload, status in CASES] + [
    pytest.param(b64(hostile_images.multi_picture_jpeg()), 415, id="multi-picture JPEG"),
]


@pytest.mark.parametrize(("payload", "status"), PARAMS)
def test_a_hostile_image_is_refused_and_nothing_is_stored(
    security_rig: SecurityRig, alice: Account, payload: str, status: int
) -> None:
    before = security_rig.all_records()
    with security_rig.client(alice.token) as client:
        response = client.post("/api/imageProcess", json={"image": payload})
    assert response.status_code == status, response.text
    assert set(response.json()) == {"detail"} and "Traceback" not in response.text
    assert security_rig.all_records() == before


def test_a_body_over_the_size_limit_is_413_before_it_is_read(
    security_rig: SecurityRig, alice: Account
) -> None:
    before = security_rig.all_records()
    huge = "A" * (16 * 1024 * 1024)  # valid base64 alphabet, larger than 10 MB decoded
    with security_rig.client(alice.token) as client:
        response = client.post("/api/imageProcess", json={"image": huge})
        assert response.status_code == 413, response.text[:300]

        # Streamed without a Content-Length: the limit is still enforced while reading.
        def chunks():  # type: ignore[no-untyped-def]
            yield b'{"image": "'
            for _ in range(20):
                yield b"A" * (1024 * 1024)
            yield b'"}'

        streamed = client.post(
            "/api/imageProcess", content=chunks(), headers={"Content-Type": "application/json"}
        )
        assert streamed.status_code == 413, streamed.text[:300]
    assert security_rig.all_records() == before


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "image/jpeg"]
)
def test_a_body_that_is_not_json_is_refused(
    security_rig: SecurityRig, alice: Account, content_type: str
) -> None:
    before = security_rig.all_records()
    with security_rig.client(alice.token) as client:
        raw = client.post(
            "/api/imageProcess", content=lesion_jpeg(64, 64), headers={"Content-Type": content_type}
        )
        assert raw.status_code in (400, 415, 422), raw.text
        form = client.post("/api/imageProcess", data={"image": b64(lesion_jpeg(64, 64))})
        assert form.status_code in (400, 415, 422), form.text
    assert security_rig.all_records() == before


def test_exif_and_gps_are_stripped_from_the_stored_image(
    security_rig: SecurityRig, alice: Account
) -> None:
    original = hostile_images.jpeg_with_gps()
    assert b"SecretPhoneMaker" in original and b"Jane Doe" in original
    with security_rig.client(alice.token) as client:
        response = client.post("/api/imageProcess", json={"image": b64(original)})
        assert response.status_code == 202, response.text
        analysis_id = response.json()["id"]
        served = wait_for_status(client, analysis_id, {"completed", "failed"}, timeout_s=60)
    stored = security_rig.mongo.analyses.find_one({"_id": analysis_id})["image"]
    returned = base64.b64decode(served["image"].split(",", 1)[1])
    for image_bytes in (bytes(stored), returned):
        assert b"SecretPhone" not in image_bytes and b"Jane Doe" not in image_bytes
        with Image.open(io.BytesIO(image_bytes)) as image:
            exif = image.getexif()
            assert 0x8825 not in exif and not exif.get_ifd(0x8825)  # no GPS IFD
            assert 0x010F not in exif and 0x0110 not in exif
            assert "comment" not in image.info
            image.load()


def test_a_jpeg_with_broken_pixels_is_refused_at_once_with_a_reason(
    security_rig: SecurityRig, alice: Account
) -> None:
    """The API decodes every image to make the model-input rendition that travels to the
    analyzers (luna_model.rendition): a JPEG whose pixels cannot be decoded is refused there,
    with the reason, and nothing is stored or queued (the analyzer used to fail it later)."""
    before = security_rig.all_records()
    with security_rig.client(alice.token) as client:
        response = client.post(
            "/api/imageProcess", json={"image": b64(hostile_images.jpeg_with_broken_pixels())}
        )
    assert response.status_code == 400, response.text
    assert "could not be decoded" in response.json()["detail"]
    assert security_rig.all_records() == before


@pytest.mark.parametrize(
    "original",
    [
        pytest.param(hostile_images.png_with_private_chunks(), id="PNG private chunks"),
        pytest.param(hostile_images.jpeg_with_hidden_segments(), id="JPEG hidden segments"),
    ],
)
def test_metadata_is_stripped_by_allow_list(
    security_rig: SecurityRig, alice: Account, original: bytes
) -> None:
    """Defect 6 of issue 11: only the chunks and segments needed to show the picture stay."""
    assert hostile_images.HIDDEN_GPS in original
    with Image.open(io.BytesIO(original)) as image:
        image.load()  # the test image itself is valid
    with security_rig.client(alice.token) as client:
        response = client.post("/api/imageProcess", json={"image": b64(original)})
        assert response.status_code == 202, response.text
        analysis_id = response.json()["id"]
    stored = bytes(security_rig.mongo.analyses.find_one({"_id": analysis_id})["image"])
    assert hostile_images.HIDDEN_GPS[:12] not in stored
    with Image.open(io.BytesIO(stored)) as image, Image.open(io.BytesIO(original)) as before:
        assert image.tobytes() == before.tobytes()  # the same pixels
