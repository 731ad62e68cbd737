"""Settings for every LUNA service, read from environment variables prefixed ``LUNA_``.

Each service builds the one settings class it needs. Defaults work on a developer machine
(PostgreSQL, RabbitMQ and the MongoDB-protocol server on 127.0.0.1); secrets have no default.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_PREFIX = "LUNA_"


class _LunaSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    environment: Literal["development", "production"] = "development"
    log_format: Literal["text", "json"] = "text"
    log_level: str = "INFO"


class BrokerSettings(_LunaSettings):
    rabbitmq_url: str = "amqp://guest:guest@127.0.0.1:5672/%2F"
    # Deliveries after which a message that keeps failing goes to the dead-letter queue.
    delivery_limit: int = Field(default=5, ge=1)


class MongoSettings(_LunaSettings):
    mongo_url: str = "mongodb://127.0.0.1:27017/?directConnection=true"
    mongo_db: str = "luna"


class ApiSettings(BrokerSettings, MongoSettings):
    database_url: str = "postgresql+psycopg://postgres@127.0.0.1:5432/luna"
    api_host: str = "127.0.0.1"
    api_port: int = 8090
    # API processes (uvicorn workers). More use more cores: ingest is CPU-bound in Python.
    api_workers: int = Field(default=1, ge=1)
    cors_origins: list[str] = ["http://localhost:8100", "http://127.0.0.1:8100"]

    # No default key: in development a random one is made at start (tokens die with the process).
    jwt_secret: SecretStr | None = None
    jwt_expire_minutes: int = Field(default=60, ge=1)

    # The first admin, created at start when no admin exists yet. No built-in password.
    admin_username: str | None = None
    admin_email: str | None = None
    admin_password: SecretStr | None = None

    max_image_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    max_image_pixels: int = Field(default=40_000_000, ge=1)
    max_description_chars: int = Field(default=2000, ge=0)

    # Failed sign-ins allowed per username and per client address in the window.
    login_max_failures: int = Field(default=5, ge=1)
    login_window_seconds: int = Field(default=900, ge=1)

    @model_validator(mode="after")
    def _refuse_weak_secrets_in_production(self) -> ApiSettings:
        if self.environment == "production":
            secret = self.jwt_secret.get_secret_value() if self.jwt_secret else ""
            if len(secret) < 32:
                raise ValueError(
                    "LUNA_JWT_SECRET must be set to at least 32 characters in production"
                )
            if self.admin_password is not None and len(self.admin_password.get_secret_value()) < 12:
                raise ValueError(
                    "LUNA_ADMIN_PASSWORD must have at least 12 characters in production"
                )
        return self


class AnalyzerSettings(BrokerSettings):
    # A checkpoint produced by `python -m training`; without one the model is unvalidated.
    model_checkpoint: Path | None = None
    device: Literal["auto", "cpu", "cuda"] = "auto"
    # Dynamic batching: take up to batch_size messages, waiting at most batch_wait_ms for them.
    # "auto": 4 and 2 ms on a CPU (batching gains nothing there: take what has arrived),
    # 64 and 5 ms on a GPU.
    batch_size: int | Literal["auto"] = "auto"
    batch_wait_ms: int | Literal["auto"] = "auto"
    torch_threads: int = Field(default=0, ge=0)  # 0: leave PyTorch's default
    # Which runtime serves the model. "auto": ONNX Runtime on a CPU (about 2x PyTorch eager
    # there, see BENCHMARKS.md), PyTorch in half precision on a GPU.
    runtime: Literal["auto", "onnx", "torch"] = "auto"
    # ONNX Runtime intra-op threads per worker. One is best when workers share the cores
    # (run one worker per core); a lone worker on an otherwise idle machine may use them all.
    onnx_threads: int = Field(default=1, ge=1)
    # Where the ONNX export of a checkpoint is cached (default: <tmp>/luna-onnx).
    onnx_cache_dir: Path | None = None
    # Threads decoding a batch's JPEGs; 1 decodes in the worker's own thread.
    decode_threads: int = Field(default=1, ge=1)


class RegistrarSettings(BrokerSettings, MongoSettings):
    prefetch: int = Field(default=32, ge=1)
