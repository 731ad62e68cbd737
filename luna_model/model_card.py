"""The model card carried inside every LUNA checkpoint.

It says what the weights are, what they were trained and tested on, the decision threshold,
and whether the model is validated and why, in words a clinician can read. The analyzer
publishes a compact copy with its results; the API serves it at
``GET /api/models/{name}/{version}``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

INTENDED_USE = (
    "Supports, never replaces, a clinician's judgement: it flags photos of skin lesions that may"
    " be melanoma for a closer look by a clinician. It is not a diagnosis."
)
EARLIER_TRAINER_REASON = (
    "Not validated: this model was made by an earlier version of LUNA's training, which did"
    " not test it on patients kept apart from training."
)


class MetricEstimate(BaseModel):
    """A metric on the test patients with its 95% bootstrap interval (patients resampled)."""

    value: float
    ci95_low: float
    ci95_high: float


class TestMetrics(BaseModel):
    """The shipped model on the held-out test patients, at the card's threshold."""

    roc_auc: MetricEstimate
    sensitivity: MetricEstimate
    specificity: MetricEstimate
    patients: int = Field(ge=0)
    images: int = Field(ge=0)
    malignant_images: int = Field(default=0, ge=0)


class ValidationMinima(BaseModel):
    """What the test metrics must reach for ``validated: true`` (from the run's config)."""

    roc_auc: float = Field(ge=0.0, le=1.0)
    sensitivity: float = Field(ge=0.0, le=1.0)
    # Melanoma images the test patients must hold: fewer cannot measure sensitivity.
    test_melanomas: int = Field(default=1, ge=1)


class ModelCard(BaseModel):
    """What a checkpoint is, what it was trained on, and how far it was validated."""

    name: str = "luna-efficientnet-b1"
    version: str
    architecture: str
    input_size: int = Field(gt=0)
    threshold: float = Field(ge=0.0, le=1.0)
    validated: bool
    training_data: str
    # How the weights started: ImageNet (downloaded or from a file) or random ("none").
    pretrained: Literal["imagenet", "file", "none", "unknown"] = "unknown"
    validation_reason: str = ""
    validation_minima: ValidationMinima | None = None
    test_metrics: TestMetrics | None = None
    # How the shipped weights were obtained and how the threshold was chosen for them.
    shipped_model: str = ""
    # Temperature the logit was divided by (folded into the weights) so scores read as
    # probabilities; None when not calibrated.
    temperature: float | None = Field(default=None, gt=0.0)
    intended_use: str = INTENDED_USE
    known_limits: list[str] = Field(default_factory=list)
    fold_metrics: list[dict[str, Any]] = Field(default_factory=list)
    oof_metrics: dict[str, Any] | None = None
    target_sensitivity: float | None = Field(default=None, ge=0.0, le=1.0)
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    notes: str = ""

    @model_validator(mode="before")
    @classmethod
    def _earlier_cards_are_not_validated(cls, data: Any) -> Any:
        # Cards written before held-out testing said validated: true whenever the data had no
        # synthetic marker; that is no evidence, so they load as not validated.
        if isinstance(data, dict) and "validation_reason" not in data and data.get("validated"):
            return {**data, "validated": False, "validation_reason": EARLIER_TRAINER_REASON}
        return data

    @model_validator(mode="after")
    def _validated_needs_evidence(self) -> ModelCard:
        if self.validated and (self.test_metrics is None or self.validation_minima is None):
            raise ValueError("a validated model card needs test metrics and validation minima")
        return self
