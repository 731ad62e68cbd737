"""Decoding on the scorer's device (``TorchImageDecoder``: nvJPEG on a GPU) against Pillow's
one preprocessing. On this CPU the same code runs with libjpeg-turbo; the CUDA tests (nvJPEG,
CUDA graphs) run only where a GPU is, and say so when skipped."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from benchmarks.photos import photo_jpeg
from luna_analyzer_worker.image_batch import ImageDecoder
from luna_analyzer_worker.torch_images import TorchImageDecoder, draft_scale
from luna_analyzer_worker.torch_scorer import TorchScorer
from luna_model.checkpoint import load_checkpoint
from luna_model.images import STD
from luna_model.rendition import model_input_rendition
from tests.analyzer_perf.test_rendition import PROBABILITY_TOLERANCE, photos

LEVEL = 1 / (255 * max(STD))
needs_cuda = pytest.mark.skipif(
    not torch.cuda.is_available(), reason="needs a CUDA GPU (nvJPEG, CUDA graphs): none here"
)


def levels(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.abs(a - b) / LEVEL


def noisy_photos() -> list[bytes]:
    return [photo_jpeg(1600, 1200, seed=n) for n in range(3)] + [photo_jpeg(1000, 750, seed=9)]


def test_draft_scale_is_pillows() -> None:
    for width, height in [(1600, 1200), (1000, 750), (4000, 3000), (300, 240), (240, 240)]:
        with Image.open(io.BytesIO(photo_jpeg(width, height, noise=0))) as image:
            image.draft("RGB", (240, 240))
            expected = -(-width // image.size[0])
        assert draft_scale(width, height, 240) == expected


def compare(device: str, images: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    cpu = ImageDecoder(240).decode(images)
    torch_batch = TorchImageDecoder(240, device).decode(images)
    assert torch_batch.indices == cpu.indices and torch_batch.failures.keys() == cpu.failures.keys()
    return cpu.pixels, torch_batch.pixels.float().cpu().numpy()


@pytest.mark.parametrize("device", ["cpu", pytest.param("cuda", marks=needs_cuda)])
def test_renditions_decode_to_pillows_model_input(device: str) -> None:
    renditions = [model_input_rendition(p, 240) for p in noisy_photos()]
    pillow, ours = compare(device, renditions)
    # Same pixels; nvJPEG's IDCT may differ from libjpeg-turbo's by a level.
    assert levels(pillow, ours).max() <= (0.01 if device == "cpu" else 2.0)


@pytest.mark.parametrize("device", ["cpu", pytest.param("cuda", marks=needs_cuda)])
def test_full_photos_decode_within_a_few_levels_of_pillows_draft(device: str) -> None:
    """Pillow reduces a large JPEG in its DCT (draft); here the full decode is box-averaged
    by the same factor, then resized the same way: a few levels apart at most (sharp edges
    differ most; measured up to 4.1)."""
    pillow, ours = compare(device, noisy_photos())
    assert levels(pillow, ours).max() <= 6.0
    assert levels(pillow, ours).mean() <= 0.5


def test_pngs_oriented_jpegs_and_junk_fall_back_one_by_one() -> None:
    odd = photos()  # four plain JPEGs, one EXIF-rotated JPEG, one PNG
    batch = TorchImageDecoder(240, "cpu").decode([*odd, b"\xff\xd8\xff broken", b"junk"])
    assert batch.on_device == [0, 1, 2, 3]
    assert batch.indices == [0, 1, 2, 3, 4, 5]
    assert set(batch.failures) == {6, 7}
    assert all("could not be decoded" in reason for reason in batch.failures.values())
    pillow = ImageDecoder(240).decode(odd).pixels
    assert levels(pillow, batch.pixels.numpy()).max() <= 6.0


@pytest.mark.parametrize("device", ["cpu", pytest.param("cuda", marks=needs_cuda)])
def test_probabilities_match_pillows_path(device: str, varied_checkpoint: Path) -> None:
    model, card = load_checkpoint(varied_checkpoint, map_location="cpu")
    scorer = TorchScorer(model=model, card=card, device=device)  # type: ignore[arg-type]
    images = [*noisy_photos(), *[model_input_rendition(p, 240) for p in noisy_photos()]]
    pillow = scorer.score(ImageDecoder(240).decode(images).pixels)
    ours = scorer.score(TorchImageDecoder(240, device).decode(images).pixels)
    assert np.abs(np.array(pillow) - np.array(ours)).max() <= PROBABILITY_TOLERANCE


@needs_cuda
def test_cuda_graphs_score_as_the_eager_model(varied_checkpoint: Path) -> None:
    model, card = load_checkpoint(varied_checkpoint, map_location="cpu")
    graphed = TorchScorer(model=model, card=card, device="cuda", graph_batches=(1, 4, 16))
    assert sorted(graphed.graphs) == [1, 4, 16]
    eager = TorchScorer(model=model, card=card, device="cuda")
    images = TorchImageDecoder(240, "cuda").decode(
        [model_input_rendition(p, 240) for p in noisy_photos()]
    )
    for rows in (1, 3, 4, 20):  # in a graph, padded into a graph, and larger than every graph
        batch = images.pixels[[i % 4 for i in range(rows)]]
        got, maps = graphed.score_with_maps(batch)
        want, want_maps = eager.score_with_maps(batch)
        assert np.abs(np.array(got) - np.array(want)).max() <= 1e-3
        assert maps.shape == want_maps.shape
