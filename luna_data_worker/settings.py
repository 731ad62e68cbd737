"""The registrar's settings, read from ``LUNA_`` environment variables."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from luna_common.settings import BrokerSettings, MongoSettings


class RegistrarSettings(BrokerSettings, MongoSettings):
    # Results taken from the broker at a time.
    prefetch: int = Field(default=32, ge=1)
    # Prometheus /metrics on this port (none: not served).
    registrar_metrics_port: int | None = Field(default=None, ge=1, le=65535)
    # A heartbeat file per consumer in this folder, for a liveness probe (none: not written).
    heartbeat_dir: Path | None = None
