"""The model card carried inside every LUNA checkpoint."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, Field


class ModelCard(BaseModel):
    """What a checkpoint is, what it was trained on, and how far it was validated."""

    name: str = "luna-efficientnet-b1"
    version: str
    architecture: str
    input_size: int = Field(gt=0)
    threshold: float = Field(ge=0.0, le=1.0)
    validated: bool
    training_data: str
    fold_metrics: list[dict[str, Any]] = Field(default_factory=list)
    oof_metrics: dict[str, Any] | None = None
    target_sensitivity: float | None = Field(default=None, ge=0.0, le=1.0)
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    notes: str = ""
