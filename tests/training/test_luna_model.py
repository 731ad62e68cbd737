"""The model module shared with the analyzer: preprocessing, checkpoints, ONNX."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image, ImageDraw

from luna_model.checkpoint import (
    CheckpointError,
    load_checkpoint,
    save_checkpoint,
    unvalidated_model,
)
from luna_model.heatmap import MAX_HEATMAP_BYTES, colour_map, render_heatmap
from luna_model.images import model_input, model_input_to_rgb, square_view
from luna_model.model_card import ModelCard
from luna_model.network import ARCHITECTURE, LogitAndCam
from luna_model.onnx_export import check_onnx_matches, export_onnx
from luna_model.preprocessing import UnreadableImage, load_rgb, preprocess, to_tensor
from training.augmentations import create_eval_transform


def _jpeg(size: tuple[int, int] = (600, 400)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 90)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_preprocess_shape_and_normalisation() -> None:
    tensor = preprocess(_jpeg(), size=64)
    assert tensor.shape == (3, 64, 64) and tensor.dtype == torch.float32
    expected_red = (200 / 255 - 0.485) / 0.229
    assert tensor[0].mean().item() == pytest.approx(expected_red, abs=0.03)


def test_training_eval_transform_is_the_analyzer_path() -> None:
    image = load_rgb(_jpeg(), 64)
    assert torch.equal(create_eval_transform(64)(image), to_tensor(image, 64))


@pytest.mark.parametrize("data", [b"", b"plain text", _jpeg()[:300]])
def test_unreadable_images_raise(data: bytes) -> None:
    with pytest.raises(UnreadableImage):
        preprocess(data)


def test_checkpoint_round_trip_and_errors(tmp_path: Path) -> None:
    model, card = unvalidated_model(seed=1)
    assert card.validated is False and card.threshold == 0.5
    save_checkpoint(tmp_path / "m.pt", model, card)
    loaded, loaded_card = load_checkpoint(tmp_path / "m.pt")
    assert loaded_card == card
    x = torch.randn(1, 3, 32, 32)
    with torch.no_grad():
        assert torch.equal(loaded(x), model(x))
    with pytest.raises(CheckpointError, match="not found"):
        load_checkpoint(tmp_path / "missing.pt")
    (tmp_path / "junk.pt").write_bytes(b"junk")
    with pytest.raises(CheckpointError, match="could not be read"):
        load_checkpoint(tmp_path / "junk.pt")
    other = card.model_copy(update={"architecture": "resnet50"})
    save_checkpoint(tmp_path / "other.pt", model, other)
    with pytest.raises(CheckpointError, match="architecture"):
        load_checkpoint(tmp_path / "other.pt")
    assert ARCHITECTURE == "efficientnet-b1"


def test_onnx_export_matches_pytorch(tmp_path: Path) -> None:
    model, _ = unvalidated_model(seed=2)
    export_onnx(model, tmp_path / "m.onnx", input_size=32)
    assert check_onnx_matches(model, tmp_path / "m.onnx", tolerance=1e-4) <= 1e-4


def _two_tone(width: int, height: int) -> Image.Image:
    """Left half red, right half blue: where the crop falls shows in the colours."""
    image = Image.new("RGB", (width, height), (220, 30, 30))
    image.paste((30, 30, 220), (width // 2, 0, width, height))
    return image


def test_model_input_keeps_the_aspect_ratio_by_cropping_the_centre_square() -> None:
    # A 16:9 photo with a centred circle: squashing would make it an ellipse 0.56 as wide.
    photo = Image.new("RGB", (1600, 900), (230, 190, 160))
    ImageDraw.Draw(photo).ellipse((800 - 300, 450 - 300, 800 + 300, 450 + 300), fill=(60, 30, 20))
    view = square_view(photo, 90)
    dark = np.asarray(view).sum(axis=2) < 300
    rows, cols = np.nonzero(dark)
    width, height = cols.max() - cols.min() + 1, rows.max() - rows.min() + 1
    assert width / height == pytest.approx(1.0, abs=0.05)
    # The short side fills the input: the circle spans 600/900 of it.
    assert height / 90 == pytest.approx(600 / 900, abs=0.05)


def test_model_input_is_the_same_array_for_the_analyzer_and_training() -> None:
    data = _jpeg((640, 360))
    array = model_input(data, 48)
    assert array.shape == (3, 48, 48) and array.dtype == np.float32
    np.testing.assert_array_equal(preprocess(data, 48).numpy(), array)
    image = load_rgb(data, 48)
    np.testing.assert_array_equal(create_eval_transform(48)(image).numpy(), array)
    # Undoing the normalisation gives the model's view back as 8-bit RGB.
    view = model_input_to_rgb(array)
    np.testing.assert_allclose(view.astype(int), np.asarray(square_view(image, 48)), atol=1)


def test_portrait_and_landscape_crops_are_centred() -> None:
    landscape = np.asarray(square_view(_two_tone(300, 100), 10))
    assert landscape[:, :5, 0].mean() > 200 and landscape[:, 5:, 2].mean() > 200
    portrait = np.asarray(square_view(_two_tone(100, 300), 10))
    assert portrait[:, :5, 0].mean() > 200 and portrait[:, 5:, 2].mean() > 200


def test_logit_and_cam_the_maps_mean_is_the_logit() -> None:
    model, _ = unvalidated_model(seed=3)
    model._fc.bias.data.fill_(0.3)
    x = torch.randn(3, 3, 64, 64)
    with torch.no_grad():
        logits, cams = LogitAndCam(model)(x)
        plain = model(x)
    assert cams.shape == (3, 1, 2, 2)
    assert torch.allclose(logits, plain, atol=1e-5)
    assert torch.allclose(cams.mean(dim=(2, 3)), plain, atol=1e-5)


def test_onnx_export_has_the_map_as_second_output(tmp_path: Path) -> None:
    import onnxruntime as ort

    model, _ = unvalidated_model(seed=2)
    export_onnx(model, tmp_path / "m.onnx", input_size=64)
    session = ort.InferenceSession(str(tmp_path / "m.onnx"), providers=["CPUExecutionProvider"])
    assert [o.name for o in session.get_outputs()] == ["logit", "cam"]
    logit, cam = session.run(None, {"image": np.zeros((2, 3, 64, 64), np.float32)})
    assert logit.shape == (2, 1) and cam.shape == (2, 1, 2, 2)


def test_heatmap_png_is_small_and_warm_where_the_map_is_high() -> None:
    view = np.full((240, 240, 3), 128, np.uint8)
    cam = np.zeros((8, 8), np.float32)
    cam[0, 0] = 5.0  # the top-left corner raised the score
    png = render_heatmap(view, cam)
    picture = Image.open(io.BytesIO(png)).convert("RGB")
    pixels = np.asarray(picture).astype(int)
    hot, cold = colour_map(np.array([1.0, 0.0])).astype(int)
    # The top of the ramp over the raised corner, its bottom far away (blended over grey).
    np.testing.assert_allclose(pixels[2, 2], 0.55 * 128 + 0.45 * hot, atol=6)
    np.testing.assert_allclose(pixels[-3, -3], 0.55 * 128 + 0.45 * cold, atol=6)
    assert len(png) <= MAX_HEATMAP_BYTES
    noise = np.random.default_rng(0).integers(0, 256, (240, 240, 3), dtype=np.uint8)
    assert len(render_heatmap(noise, np.random.default_rng(1).random((8, 8)))) <= 22_000
    # A flat map is drawn flat (no invented hot spot).
    flat = np.asarray(Image.open(io.BytesIO(render_heatmap(view, np.ones((8, 8))))).convert("RGB"))
    assert np.ptp(flat.reshape(-1, 3), axis=0).max() <= 2


def test_unvalidated_card_says_why_and_earlier_cards_lose_validated() -> None:
    _, card = unvalidated_model()
    assert card.validated is False and "untrained" in card.validation_reason
    assert card.pretrained == "none"
    earlier = card.model_dump(mode="json", exclude={"validation_reason"})
    earlier["validated"] = True  # what cards without a test split used to say
    loaded = ModelCard.model_validate(earlier)
    assert loaded.validated is False and "earlier version" in loaded.validation_reason
    with pytest.raises(ValueError, match="test metrics"):
        ModelCard.model_validate({**card.model_dump(), "validated": True})
