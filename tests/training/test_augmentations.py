"""The six augmentations, the training crops' geometry, per-image seeding and the sampler."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import torch
from PIL import Image
from torch.utils.data import DataLoader
from torchsampler import ImbalancedDatasetSampler

from luna_model.images import MEAN, STD
from training.augmentations import (
    CentreSquare,
    HairStrands,
    MicroscopeMask,
    create_eval_transform,
    create_train_transform,
)
from training.config import AugmentConfig
from training.dataset import LesionDataset

SKIN = (200, 160, 130)


def skin(width: int = 120, height: int = 80) -> Image.Image:
    return Image.new("RGB", (width, height), SKIN)


def test_hair_draws_thin_strands_and_leaves_most_skin_alone() -> None:
    random.seed(1)
    image = skin()
    haired = np.asarray(HairStrands(p=1.0)(image)).astype(int)
    changed = np.any(haired != np.array(SKIN), axis=2)
    assert 0.002 < changed.mean() < 0.3  # strands, not a wash over the photo
    assert np.asarray(image).tolist() == np.asarray(skin()).tolist()  # the input is untouched
    random.seed(1)
    assert np.array_equal(np.asarray(HairStrands(p=0.0)(image)), np.asarray(image))


def test_microscope_blacks_out_the_corners_and_keeps_the_centre() -> None:
    random.seed(2)
    image = skin(100, 100)
    masked = np.asarray(MicroscopeMask(p=1.0)(image)).astype(int)
    for y, x in ((0, 0), (0, 99), (99, 0), (99, 99)):
        assert masked[y, x].tolist() == [0, 0, 0]
    assert masked[50, 50].tolist() == list(SKIN)
    black = np.all(masked == 0, axis=2).mean()
    assert 0.05 < black < 0.45  # a circle of radius 0.45-0.6 of the side


@pytest.mark.parametrize("size", [32, 48])
def test_train_transform_gives_normalised_square_tensors(size: int) -> None:
    transform = create_train_transform(AugmentConfig(hair_p=1.0, microscope_p=1.0), size)
    torch.manual_seed(0)
    random.seed(0)
    for width, height in ((160, 90), (90, 160), (64, 64)):
        tensor = transform(skin(width, height))
        assert tensor.shape == (3, size, size) and tensor.dtype == torch.float32
        low = (0 - np.array(MEAN)) / np.array(STD)
        high = (1 - np.array(MEAN)) / np.array(STD)
        for channel in range(3):
            assert low[channel] - 1e-5 <= tensor[channel].min().item()
            assert tensor[channel].max().item() <= high[channel] + 1e-5


def test_training_crops_keep_the_serving_geometry() -> None:
    """A 16:9 photo of a circle: the training crop and the analyzer both see a circle."""
    from PIL import ImageDraw

    photo = Image.new("RGB", (1600, 900), (230, 190, 160))
    ImageDraw.Draw(photo).ellipse((500, 150, 1100, 750), fill=(60, 30, 20))
    assert CentreSquare()(photo).size == (900, 900)
    only_crop = AugmentConfig(
        hair=False, hflip=False, vflip=False, color_jitter=False, microscope=False
    )
    transform = create_train_transform(only_crop, 64)
    whole = 0
    for seed in range(5):
        torch.manual_seed(seed)
        tensor = transform(photo)
        dark = (tensor[0] < 0).numpy()  # the lesion is darker than the mean, skin lighter
        rows, cols = np.nonzero(dark)
        width, height = cols.max() - cols.min() + 1, rows.max() - rows.min() + 1
        if cols.min() > 0 and cols.max() < 63 and rows.min() > 0 and rows.max() < 63:
            whole += 1
            assert width / height == pytest.approx(1.0, abs=0.1)  # whole circle: still round
    assert whole >= 2  # most crops hold the whole lesion (and then it is round)
    served = create_eval_transform(64)(photo)
    rows, cols = np.nonzero((served[0] < 0).numpy())
    assert (cols.max() - cols.min() + 1) / (rows.max() - rows.min() + 1) == pytest.approx(
        1, abs=0.1
    )


def lesion_table(tmp_path: Path, malignant: int, benign: int) -> pd.DataFrame:
    rows = []
    for n in range(malignant + benign):
        path = tmp_path / f"{n}.png"
        Image.new("RGB", (40, 30), (n * 3 % 255, 100, 100)).save(path)
        rows.append({"path": str(path), "target": int(n < malignant)})
    return pd.DataFrame(rows)


def test_augmentations_depend_on_the_epoch_seed_and_index_only(tmp_path: Path) -> None:
    frame = lesion_table(tmp_path, 4, 4)
    dataset = LesionDataset(frame, create_train_transform(AugmentConfig(), 32), 32)
    dataset.set_epoch_seed(7)
    first = dataset[3][0]
    torch.manual_seed(123)
    random.seed(456)  # whatever state the loader process has
    assert torch.equal(dataset[3][0], first)
    dataset.set_epoch_seed(8)
    assert not torch.equal(dataset[3][0], first)
    # The process's own RNGs are left as they were.
    torch.manual_seed(5)
    expected = torch.rand(1)
    torch.manual_seed(5)
    dataset.set_epoch_seed(7)
    _ = dataset[0]
    assert torch.equal(torch.rand(1), expected)


def test_balanced_sampler_draws_both_classes_about_equally(tmp_path: Path) -> None:
    frame = lesion_table(tmp_path, 5, 45)  # 10% malignant
    dataset = LesionDataset(frame, create_eval_transform(16), 16)
    torch.manual_seed(0)
    sampler = ImbalancedDatasetSampler(dataset)
    drawn = Counter(dataset.targets[i] for _ in range(20) for i in sampler)
    share = drawn[1] / (drawn[0] + drawn[1])
    assert 0.45 <= share <= 0.55, drawn
    loader = DataLoader(dataset, sampler=sampler, batch_size=10)
    targets = torch.cat([t for _, t in loader])
    assert len(targets) == len(dataset) and 0.2 <= targets.mean().item() <= 0.8
