"""The API's settings, read from ``LUNA_`` environment variables."""

from __future__ import annotations

from pydantic import Field, SecretStr, model_validator

from luna_common.settings import BrokerSettings, MongoSettings


class ApiSettings(BrokerSettings, MongoSettings):
    database_url: str = "postgresql+psycopg://postgres@127.0.0.1:5432/luna"
    # Connections per API process; a request holds one at a time. A request that waits longer
    # than the timeout for one answers 503.
    database_pool_size: int = Field(default=10, ge=1)
    database_pool_overflow: int = Field(default=10, ge=0)
    database_pool_timeout_seconds: float = Field(default=10, gt=0)
    api_host: str = "127.0.0.1"
    api_port: int = 8090
    # API processes (uvicorn workers). More use more cores: ingest is CPU-bound in Python.
    api_workers: int = Field(default=1, ge=1)
    cors_origins: list[str] = ["http://localhost:8100", "http://127.0.0.1:8100"]
    # Proxies (addresses or networks) whose X-Forwarded-For names the client. None by default:
    # then the peer address is the client, and a forged header changes nothing.
    trusted_proxies: list[str] = []
    # /docs and /openapi.json: on in development, off in production unless set to true.
    api_docs: bool | None = None

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
    # Side of the model-input rendition sent to the analyzers instead of the photo: the
    # served model's input size (its card's inputSize; 240 for LUNA's EfficientNet-B1).
    rendition_size: int = Field(default=240, ge=16, le=4096)

    # identifier.system of the FHIR Patient: the health service's own record-number system.
    fhir_patient_identifier_system: str = Field(
        default="urn:luna:patient-reference", min_length=1, max_length=200
    )

    # Sign-in throttling. A (username, client address) pair gets 429 after this many failures,
    # with a Retry-After that doubles from login_backoff_seconds with each further attempt, up to
    # login_window_seconds; failures older than the window are forgotten. One address meets a
    # much higher ceiling across all usernames, and may have only a few sign-ins being checked
    # at once per API process (so a burst cannot starve other clients of CPU).
    login_max_failures: int = Field(default=5, ge=1)
    login_window_seconds: int = Field(default=900, ge=1)
    login_backoff_seconds: int = Field(default=2, ge=1)
    login_max_failures_per_address: int = Field(default=100, ge=1)
    login_concurrent_per_address: int = Field(default=2, ge=1)

    # Prometheus /metrics on this port, apart from the API's (none: not served). With several
    # API processes the uvicorn parent serves what all of them counted (multiprocess mode).
    api_metrics_port: int | None = Field(default=None, ge=1, le=65535)

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
