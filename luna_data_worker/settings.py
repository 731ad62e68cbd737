"""The registrar's settings, read from ``LUNA_`` environment variables."""

from __future__ import annotations

from pydantic import Field

from luna_common.settings import BrokerSettings, MongoSettings


class RegistrarSettings(BrokerSettings, MongoSettings):
    # Results taken from the broker at a time.
    prefetch: int = Field(default=32, ge=1)
