"""Model cards as the platform shares them: in result messages, in MongoDB, from the API.

The analyzer publishes its model's card with every result (it never reaches the results
database); the registrar stores it in the ``models`` collection, keyed by name and version; the
API serves it at ``GET /api/models/{name}/{version}``. camelCase on the wire, as everywhere.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

if TYPE_CHECKING:  # the analyzer imports this module for the contract alone, without pymongo
    from pymongo.collection import Collection
    from pymongo.database import Database

COLLECTION = "models"


class _Camel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, frozen=True)


class MetricEstimate(_Camel):
    value: float
    ci95_low: float
    ci95_high: float


class TestMetrics(_Camel):
    """The model on held-out test patients, at its threshold, with 95% intervals."""

    roc_auc: MetricEstimate
    sensitivity: MetricEstimate
    specificity: MetricEstimate
    patients: int = Field(ge=0)
    images: int = Field(ge=0)


class ValidationMinima(_Camel):
    roc_auc: float
    sensitivity: float
    test_melanomas: int = 1


class PublishedModelCard(_Camel):
    """What a clinician may read about the model behind a result."""

    name: str = Field(min_length=1, max_length=100)
    version: str = Field(min_length=1, max_length=100)
    architecture: str
    input_size: int
    threshold: float = Field(ge=0.0, le=1.0)
    target_sensitivity: float | None = None
    validated: bool
    validation_reason: str
    validation_minima: ValidationMinima | None = None
    pretrained: str
    training_data: str
    test_metrics: TestMetrics | None = None
    shipped_model: str = ""
    temperature: float | None = None
    intended_use: str
    known_limits: list[str] = Field(default_factory=list)
    created_at: datetime


def models(db: Database) -> Collection:
    return db[COLLECTION]


def card_id(name: str, version: str) -> str:
    return f"{name}/{version}"


def store_card(db: Database, card: PublishedModelCard) -> None:
    """Insert or refresh the card of ``card.name`` / ``card.version`` (idempotent)."""
    document: dict[str, Any] = card.model_dump(by_alias=True)
    models(db).update_one(
        {"_id": card_id(card.name, card.version)}, {"$set": document}, upsert=True
    )


def find_card(db: Database, *, name: str, version: str) -> PublishedModelCard | None:
    """The stored card, or None for a model that produced no result."""
    document = models(db).find_one({"_id": card_id(name, version)}, {"_id": False})
    return PublishedModelCard.model_validate(document) if document else None
