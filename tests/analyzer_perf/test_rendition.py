"""The model-input rendition (what travels since request version 2) against the photo itself:
the analyzer must score what training sees, up to the JPEG round trip, and the test must be
able to fail: the bound is well below how much the scores differ from photo to photo."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from benchmarks.photos import photo_jpeg
from luna_analyzer_worker.image_batch import ImageDecoder
from luna_analyzer_worker.torch_scorer import TorchScorer
from luna_model.checkpoint import load_checkpoint
from luna_model.images import STD, model_input
from luna_model.rendition import model_input_rendition
from luna_testing.photos import lesion_jpeg

# One level of 255 in the normalised input of the channel with the largest STD, and the
# probability tolerance of the issue (and of the ONNX check at every worker start).
LEVEL = 1 / (255 * max(STD))
MAX_LEVELS = 6
PROBABILITY_TOLERANCE = 1e-3
RELATIVE_TOLERANCE = 0.05


def photos() -> list[bytes]:
    """Phone-like JPEGs of several shapes, one upright only through its EXIF, and a PNG."""
    jpegs = [lesion_jpeg(1600, 1200, seed=1), lesion_jpeg(1200, 1600, seed=2)]
    jpegs += [lesion_jpeg(640, 480, seed=3), lesion_jpeg(300, 260, seed=4)]
    rotated = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees to show
    Image.open(io.BytesIO(lesion_jpeg(1024, 768, seed=5))).save(
        rotated, "JPEG", quality=92, exif=exif.tobytes()
    )
    png = io.BytesIO()
    Image.open(io.BytesIO(lesion_jpeg(800, 600, seed=6))).save(png, "PNG")
    return [*jpegs, rotated.getvalue(), png.getvalue()]


def test_the_rendition_is_the_models_square_view_as_a_small_jpeg() -> None:
    photo = photo_jpeg(1600, 1200, seed=1)  # with sensor noise: about 0.5 MB, as phones send
    rendition = model_input_rendition(photo, 240)
    with Image.open(io.BytesIO(rendition)) as image:
        assert image.format == "JPEG" and image.size == (240, 240)
        assert not image.getexif()
    assert len(rendition) < 40_000 and len(photo) > 400_000


def test_renditions_give_the_model_the_pixels_of_the_photo_within_a_few_levels() -> None:
    for photo in photos():
        direct = model_input(photo, 240)
        travelled = model_input(model_input_rendition(photo, 240), 240)
        levels = np.abs(direct - travelled) / LEVEL
        assert levels.max() <= MAX_LEVELS, levels.max()
        assert levels.mean() <= 1.0, levels.mean()


def test_renditions_score_as_the_photos_do(varied_checkpoint: Path) -> None:
    model, card = load_checkpoint(varied_checkpoint, map_location="cpu")
    scorer = TorchScorer(model=model, card=card, device="cpu")
    decoder = ImageDecoder(card.input_size)
    originals = photos()
    direct = scorer.score(decoder.decode(originals).pixels)
    travelled = scorer.score(
        decoder.decode([model_input_rendition(p, card.input_size) for p in originals]).pixels
    )
    differences = np.abs(np.array(direct) - np.array(travelled))
    assert differences.max() <= PROBABILITY_TOLERANCE, differences
    # This model's scores differ little between photos (a tolerance in probabilities alone
    # could not fail), so also: the round trip moves a logit by at most 5% of how far the
    # photos' logits lie apart (measured: 1.6%).
    shift, spread = np.abs(logit(direct) - logit(travelled)).max(), np.ptp(logit(direct))
    assert shift <= RELATIVE_TOLERANCE * spread, (shift, spread)


def logit(probabilities: list[float]) -> np.ndarray:
    p = np.asarray(probabilities, dtype=np.float64)
    return np.log(p / (1 - p))


@pytest.mark.parametrize("size", [224, 240, 380])
def test_the_rendition_has_the_size_asked_for(size: int) -> None:
    with Image.open(io.BytesIO(model_input_rendition(lesion_jpeg(900, 700), size))) as image:
        assert image.size == (size, size)
