"""The model module shared with the analyzer: preprocessing, checkpoints, ONNX."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import torch
from PIL import Image

from luna_model.checkpoint import (
    CheckpointError,
    load_checkpoint,
    save_checkpoint,
    unvalidated_model,
)
from luna_model.network import ARCHITECTURE
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
