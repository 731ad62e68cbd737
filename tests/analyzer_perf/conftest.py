"""A checkpoint whose scores vary from image to image, so runtime comparisons mean something.

A random-init EfficientNet scores every image the same (its batch-norm statistics are the
defaults). Forward passes in train mode over lesion photos and noise give it real statistics,
and the output bias is set so those photos score around 0.5 rather than at 0 or 1.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from luna_model.checkpoint import save_checkpoint, unvalidated_model
from luna_model.preprocessing import preprocess
from luna_testing.photos import lesion_jpeg


@pytest.fixture(scope="session")
def varied_checkpoint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    model, card = unvalidated_model(seed=1)
    photos = torch.stack(
        [
            preprocess(lesion_jpeg(480 + 40 * n, 360 + 30 * n, seed=n), card.input_size)
            for n in range(8)
        ]
    )
    model.train()
    for module in model.modules():
        if isinstance(module, torch.nn.BatchNorm2d):
            module.momentum = None  # a cumulative average instead of efficientnet's 0.01
    # Noise in the statistics too: check_onnx_matches compares the runtimes on random inputs.
    noise = torch.randn(
        8, 3, card.input_size, card.input_size, generator=torch.Generator().manual_seed(1)
    )
    with torch.no_grad():
        model(torch.cat([photos, noise]))
        model.eval()
        model._fc.bias -= model(photos).mean()
    path = tmp_path_factory.mktemp("checkpoint") / "model.pt"
    save_checkpoint(path, model, card.model_copy(update={"version": "test-bn-calibrated"}))
    return path


@pytest.fixture(scope="session")
def onnx_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("onnx-cache")
