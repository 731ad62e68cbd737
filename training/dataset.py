"""SIIM-ISIC table validation and the lesion Dataset.

Every check here runs before training starts, so bad input fails in seconds with a
message that says what to fix, never hours into a run.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import torch
from PIL import Image
from torch.utils.data import Dataset
from tqdm import tqdm

from luna_model.preprocessing import INPUT_SIZE, UnreadableImage, load_rgb

log = logging.getLogger(__name__)

REQUIRED_COLUMNS = (
    "image_name",
    "patient_id",
    "sex",
    "age_approx",
    "anatom_site_general_challenge",
    "diagnosis",
    "benign_malignant",
    "target",
)
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png")


class DataError(ValueError):
    """The training data cannot be used as given; the message says why."""


@dataclass
class DataSummary:
    """What validation found: the usable table and what was skipped."""

    frame: pd.DataFrame
    n_listed: int
    unreadable: list[str] = field(default_factory=list)

    @property
    def n_malignant(self) -> int:
        return int(self.frame["target"].sum())

    @property
    def n_patients(self) -> int:
        return int(self.frame["patient_id"].nunique())

    def describe(self) -> str:
        return (
            f"{len(self.frame)} images of {self.n_patients} patients,"
            f" {self.n_malignant} malignant ({self.n_malignant / len(self.frame):.1%});"
            f" {len(self.unreadable)} unreadable images skipped"
        )


def image_path(images_dir: Path, image_name: str) -> Path | None:
    """The file for ``image_name`` in ``images_dir`` (name as given, or with a known extension)."""
    direct = images_dir / image_name
    if direct.suffix.lower() in IMAGE_EXTENSIONS and direct.is_file():
        return direct
    for ext in IMAGE_EXTENSIONS:
        candidate = images_dir / f"{image_name}{ext}"
        if candidate.is_file():
            return candidate
    return None


def read_table(csv_path: Path) -> pd.DataFrame:
    """Read a SIIM-ISIC style CSV and check its columns and labels."""
    if not csv_path.is_file():
        raise DataError(f"CSV file not found: {csv_path}")
    try:
        frame = pd.read_csv(csv_path, dtype={"image_name": str, "patient_id": str})
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise DataError(f"{csv_path} is not a readable CSV: {exc}") from exc
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise DataError(
            f"{csv_path} is missing required columns {missing};"
            f" expected the SIIM-ISIC layout {list(REQUIRED_COLUMNS)}"
        )
    if frame.empty:
        raise DataError(f"{csv_path} lists no images")
    if frame["image_name"].isna().any() or frame["patient_id"].isna().any():
        raise DataError(f"{csv_path} has rows without image_name or patient_id")
    if frame["image_name"].duplicated().any():
        dupes = frame.loc[frame["image_name"].duplicated(), "image_name"].tolist()[:5]
        raise DataError(f"{csv_path} lists images more than once, e.g. {dupes}")
    target = pd.to_numeric(frame["target"], errors="coerce")
    if target.isna().any() or not target.isin([0, 1]).all():
        raise DataError(f"{csv_path}: column target must hold only 0 (benign) and 1 (malignant)")
    frame["target"] = target.astype(int)
    return frame.reset_index(drop=True)


def load_and_validate(
    csv_path: Path,
    images_dir: Path,
    *,
    check_images: bool = True,
    require_both_classes: bool = True,
    decode_size: int = INPUT_SIZE,
    progress: bool = True,
) -> DataSummary:
    """Validate the CSV and the image folder; return the usable rows.

    Missing image files are an error (the listing and the folder disagree). Images that
    exist but cannot be decoded are reported, counted and skipped.
    """
    frame = read_table(csv_path)
    if not images_dir.is_dir():
        raise DataError(f"image folder not found: {images_dir}")
    paths = [image_path(images_dir, name) for name in frame["image_name"]]
    missing = [name for name, p in zip(frame["image_name"], paths, strict=True) if p is None]
    if missing:
        raise DataError(
            f"{len(missing)} images listed in {csv_path.name} are missing from {images_dir},"
            f" e.g. {missing[:5]}"
        )
    frame["path"] = [str(p) for p in paths]
    n_listed = len(frame)
    unreadable: list[str] = []
    if check_images:
        for name, path in tqdm(
            zip(frame["image_name"], frame["path"], strict=True),
            total=n_listed,
            desc="checking images",
            disable=not progress,
            leave=False,
        ):
            try:
                load_rgb(Path(path).read_bytes(), decode_size)
            except (UnreadableImage, OSError) as exc:
                log.warning("skipping unreadable image %s: %s", name, exc)
                unreadable.append(name)
        if unreadable:
            frame = frame[~frame["image_name"].isin(unreadable)].reset_index(drop=True)
    if frame.empty:
        raise DataError("no readable images left")
    if require_both_classes and frame["target"].nunique() < 2:
        only = "malignant" if frame["target"].iloc[0] == 1 else "benign"
        raise DataError(
            f"the data set holds only {only} images: training and ROC-AUC need both classes"
        )
    return DataSummary(frame=frame, n_listed=n_listed, unreadable=unreadable)


class LesionDataset(Dataset):
    """Images and targets of a validated table; ``get_labels`` serves ImbalancedDatasetSampler.

    With :meth:`set_epoch_seed`, each image's random augmentation is drawn from a generator
    seeded by (epoch seed, index): the same whichever loader process draws it and however
    many there are, so a resumed run with other ``--workers`` sees the same images.
    """

    def __init__(
        self,
        frame: pd.DataFrame,
        transform: Callable[[Image.Image], torch.Tensor],
        decode_size: int = INPUT_SIZE,
    ) -> None:
        self.paths = frame["path"].tolist()
        self.targets = frame["target"].astype(int).tolist()
        self.transform = transform
        self.decode_size = decode_size
        self.epoch_seed: int | None = None

    def set_epoch_seed(self, seed: int | None) -> None:
        """Seed the augmentations of the next pass (``None``: the process's own RNG)."""
        self.epoch_seed = seed

    def __len__(self) -> int:
        return len(self.paths)

    def get_labels(self) -> list[int]:
        return list(self.targets)

    def __getitem__(self, index: int) -> tuple[torch.Tensor, torch.Tensor]:
        image = load_rgb(Path(self.paths[index]).read_bytes(), self.decode_size)
        target = torch.tensor(float(self.targets[index]))
        if self.epoch_seed is None:
            return self.transform(image), target
        seed = (self.epoch_seed * 1_000_003 + index) % 2**63
        # Python's and torch's RNGs both drive the augmentations; restore both afterwards.
        python_state = random.getstate()
        with torch.random.fork_rng(devices=[]):
            random.seed(seed)
            torch.manual_seed(seed)
            tensor = self.transform(image)
        random.setstate(python_state)
        return tensor, target
