"""Training augmentations of the original LUNA design, each switchable.

Evaluation never augments: it is :func:`luna_model.preprocessing.to_tensor`, the very
preprocessing the analyzer uses (centre square of the short side, resized). Training crops keep
that geometry: they are square sub-crops of the same centre square, so the network never sees
a lesion stretched in a way the analyzer would not show it.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable

import torch
from PIL import Image, ImageDraw
from torchvision import transforms

from luna_model.images import centre_square
from luna_model.preprocessing import to_tensor
from training.config import AugmentConfig


class HairStrands:
    """Draw a few thin, dark (sometimes light) curved strands, like hair over a lesion."""

    def __init__(self, p: float = 0.5, max_hairs: int = 6) -> None:
        self.p = p
        self.max_hairs = max_hairs

    def __call__(self, image: Image.Image) -> Image.Image:
        if random.random() >= self.p:
            return image
        image = image.copy()
        draw = ImageDraw.Draw(image)
        w, h = image.size
        for _ in range(random.randint(1, self.max_hairs)):
            x, y = random.uniform(0, w), random.uniform(0, h)
            angle = random.uniform(0, 2 * math.pi)
            curve = random.uniform(-0.15, 0.15)
            length = random.uniform(0.3, 0.9) * max(w, h)
            points = []
            for _ in range(12):
                points.append((x, y))
                angle += curve
                x += math.cos(angle) * length / 12
                y += math.sin(angle) * length / 12
            shade = random.randint(10, 60) if random.random() < 0.85 else random.randint(180, 230)
            colour = (shade, int(shade * 0.8), int(shade * 0.7))
            draw.line(
                points, fill=colour, width=max(1, round(min(w, h) / random.choice((120, 80))))
            )
        return image

    def __repr__(self) -> str:
        return f"HairStrands(p={self.p}, max_hairs={self.max_hairs})"


class MicroscopeMask:
    """Black out everything outside a circle, like a dermatoscope's field of view."""

    def __init__(self, p: float = 0.5) -> None:
        self.p = p

    def __call__(self, image: Image.Image) -> Image.Image:
        if random.random() >= self.p:
            return image
        w, h = image.size
        radius = random.uniform(0.45, 0.6) * min(w, h)
        cx = w / 2 + random.uniform(-0.05, 0.05) * w
        cy = h / 2 + random.uniform(-0.05, 0.05) * h
        mask = Image.new("L", image.size, 0)
        ImageDraw.Draw(mask).ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=255)
        return Image.composite(image, Image.new("RGB", image.size, (0, 0, 0)), mask)

    def __repr__(self) -> str:
        return f"MicroscopeMask(p={self.p})"


class CentreSquare:
    """Crop the centre square of the short side: the analyzer's geometry, before resizing."""

    def __call__(self, image: Image.Image) -> Image.Image:
        return image.crop(centre_square(image.width, image.height))

    def __repr__(self) -> str:
        return "CentreSquare()"


class TensorTransform:
    """Optional PIL augmentation, then the shared :func:`to_tensor` (picklable for workers)."""

    def __init__(self, size: int, augment: Callable[[Image.Image], Image.Image] | None = None):
        self.size = size
        self.augment = augment

    def __call__(self, image: Image.Image) -> torch.Tensor:
        if self.augment is not None:
            image = self.augment(image)
        return to_tensor(image, self.size)

    def __repr__(self) -> str:
        return f"TensorTransform(size={self.size}, augment={self.augment!r})"


def create_train_transform(config: AugmentConfig, size: int) -> TensorTransform:
    """Augment a PIL image, then finish with the shared :func:`to_tensor`."""
    steps: list[Callable[[Image.Image], Image.Image]] = []
    if config.hair:
        steps.append(HairStrands(p=config.hair_p))
    steps.append(CentreSquare())
    if config.random_resized_crop:
        # Square sub-crops of the centre square: zoom without distorting the aspect ratio.
        steps.append(
            transforms.RandomResizedCrop(
                size, scale=(config.crop_scale_min, 1.0), ratio=(1.0, 1.0), antialias=True
            )
        )
    if config.hflip:
        steps.append(transforms.RandomHorizontalFlip())
    if config.vflip:
        steps.append(transforms.RandomVerticalFlip())
    if config.color_jitter:
        steps.append(
            transforms.ColorJitter(
                brightness=config.brightness,
                contrast=config.contrast,
                saturation=config.saturation,
                hue=config.hue,
            )
        )
    if config.microscope:
        steps.append(MicroscopeMask(p=config.microscope_p))
    return TensorTransform(size, transforms.Compose(steps))


def create_eval_transform(size: int) -> TensorTransform:
    """Exactly the analyzer's preprocessing: no augmentation, one resize, normalise."""
    return TensorTransform(size)
