"""The typed configuration of a training run: defaults, then a YAML file, then the command line.

:class:`TrainConfig` is the one object every part of ``training`` reads; the resolved config is
saved as ``config.yaml`` in the run folder, so a run can be reproduced or resumed from it alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from luna_model.preprocessing import INPUT_SIZE

# Options that describe how this session runs, not what is trained: a resumed run keeps its
# saved values unless the command line gives them again.
SESSION_FIELDS = frozenset(
    {"stop_after_epochs", "progress", "workers", "device", "threads", "resume"}
)


class ConfigError(ValueError):
    """The configuration cannot describe a run; the message says which option and why."""


class AugmentConfig(BaseModel):
    """Which augmentations run, and how strongly (the six of the original LUNA design)."""

    model_config = ConfigDict(extra="forbid")

    hair: bool = True
    hair_p: float = Field(default=0.5, ge=0.0, le=1.0)
    random_resized_crop: bool = True
    crop_scale_min: float = Field(default=0.6, gt=0.0, le=1.0)
    hflip: bool = True
    vflip: bool = True
    color_jitter: bool = True
    brightness: float = Field(default=0.2, ge=0.0)
    contrast: float = Field(default=0.2, ge=0.0)
    saturation: float = Field(default=0.2, ge=0.0)
    hue: float = Field(default=0.02, ge=0.0, le=0.5)
    microscope: bool = True
    microscope_p: float = Field(default=0.3, ge=0.0, le=1.0)


class TrainConfig(BaseModel):
    """Everything that decides what a run trains and how it is judged."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    # data
    data_dir: Path | None = None
    csv: Path | None = None
    images: Path | None = None
    data_description: str = ""
    check_images: bool = True
    workers: int = Field(default=4, ge=0)
    # model
    image_size: int = Field(default=INPUT_SIZE, ge=16)
    pretrained: Literal["imagenet", "none"] = "imagenet"
    init_weights: Path | None = None
    bn_momentum: float | None = Field(default=None, gt=0.0, le=1.0)
    precise_bn_batches: int = Field(default=0, ge=0)
    # optimiser
    opt: Literal["adamw", "sgd"] = "adamw"
    lr: float = Field(default=3e-4, gt=0.0)
    weight_decay: float = Field(default=1e-4, ge=0.0)
    sched: Literal["cosine", "none"] = "cosine"
    epochs: int = Field(default=15, ge=1)
    batch_size: int = Field(default=32, ge=1)
    # class imbalance
    sampler: Literal["balanced", "shuffle"] = "balanced"
    pos_weight: float | None = Field(default=None, gt=0.0)
    # augmentation
    augment: AugmentConfig = Field(default_factory=AugmentConfig)
    # validation and testing
    folds: int = Field(default=5, ge=2)
    test_fraction: float = Field(default=0.15, ge=0.0, le=0.5)
    target_sensitivity: float = Field(default=0.90, gt=0.0, le=1.0)
    min_test_roc_auc: float = Field(default=0.85, ge=0.0, le=1.0)
    # None: target_sensitivity - 0.05
    min_test_sensitivity: float | None = Field(default=None, ge=0.0, le=1.0)
    # Fewer melanomas than this among the test images cannot measure sensitivity.
    min_test_melanomas: int = Field(default=20, ge=1)
    calibrate: bool = True
    bootstrap: int = Field(default=1000, ge=100)
    monitor_threshold: float = Field(default=0.5, ge=0.0, le=1.0)
    onnx_tolerance: float = Field(default=1e-4, gt=0.0)
    # run
    output: Path = Path("runs")
    experiment: str = ""
    model_version: str = ""
    seed: int = 42
    device: str = "auto"
    amp: bool = True
    threads: int = Field(default=0, ge=0)
    resume: Path | None = None
    stop_after_epochs: int = Field(default=0, ge=0)
    progress: bool = True
    config: Path | None = None
    # filled when the run starts
    csv_resolved: str = ""
    images_resolved: str = ""

    @model_validator(mode="after")
    def _data_given(self) -> TrainConfig:
        if self.resume is None and not (self.data_dir or (self.csv and self.images)):
            raise ValueError("give --data-dir, or both --csv and --images (or --resume RUN_DIR)")
        return self

    @property
    def start(self) -> Literal["imagenet", "file", "none"]:
        """How the weights start, as the model card records it."""
        return "file" if self.init_weights is not None else self.pretrained

    @property
    def required_test_sensitivity(self) -> float:
        if self.min_test_sensitivity is not None:
            return self.min_test_sensitivity
        return max(0.0, round(self.target_sensitivity - 0.05, 6))

    def to_yaml(self) -> str:
        return yaml.safe_dump(self.model_dump(mode="json"), sort_keys=True)


def read_yaml(path: Path) -> dict[str, Any]:
    """A YAML config file as a mapping (an empty file is an empty mapping)."""
    if not path.is_file():
        raise ConfigError(f"config file not found: {path}")
    loaded = yaml.safe_load(path.read_text()) or {}
    if not isinstance(loaded, dict):
        raise ConfigError(f"{path} must hold a mapping of option names to values")
    return loaded


def merge(*layers: dict[str, Any]) -> dict[str, Any]:
    """Later layers win; ``augment`` is merged key by key, not replaced."""
    merged: dict[str, Any] = {}
    for layer in layers:
        for key, value in layer.items():
            if key == "augment" and isinstance(value, dict):
                merged["augment"] = {**merged.get("augment", {}), **value}
            else:
                merged[key] = value
    return merged


def build_config(values: dict[str, Any], *, source: str) -> TrainConfig:
    """Validate ``values``; a ConfigError names every bad option in one message."""
    try:
        return TrainConfig.model_validate(values)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in error['loc']) or 'config'}: {error['msg']}"
            for error in exc.errors()
        )
        raise ConfigError(f"{source}: {problems}") from None
