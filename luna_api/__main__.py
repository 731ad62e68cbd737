"""``luna-api``: serve the API with uvicorn on LUNA_API_HOST:LUNA_API_PORT.

With LUNA_API_WORKERS above 1, uvicorn starts that many processes on the one port; each
builds its app through :func:`worker_app`.
"""

from __future__ import annotations

import logging
import secrets
import shutil
import tempfile
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI

from luna_api.core.config import ApiSettings
from luna_api.core.production_checks import InsecureSettings, refuse_insecure_production
from luna_api.main import create_app
from luna_common.log_config import configure
from luna_common.metrics import serve_metrics
from luna_common.settings import share_with_child_processes

log = logging.getLogger(__name__)


def _configure_logging(settings: ApiSettings) -> None:
    configure(service="luna-api", log_format=settings.log_format, level=settings.log_level)


def worker_app() -> FastAPI:
    """The app of one worker process (uvicorn's factory; a spawned process sets up its logs)."""
    settings = ApiSettings.from_environment()
    _configure_logging(settings)
    return create_app(settings)


def _settings_or_exit() -> ApiSettings:
    """The settings, or SystemExit with one line saying which variable is wrong."""
    settings = ApiSettings.from_environment()
    try:
        refuse_insecure_production(settings)
    except InsecureSettings as exc:
        raise SystemExit(f"luna-api: {exc}") from None
    return settings


def main() -> None:
    settings = _settings_or_exit()
    _configure_logging(settings)
    options: dict[str, Any] = {
        "host": settings.api_host,
        "port": settings.api_port,
        "log_config": None,  # keep the one logging set-up above
        # Forwarded headers are read by the app itself, from LUNA_TRUSTED_PROXIES only.
        "proxy_headers": False,
    }
    if settings.api_workers == 1:
        serve_metrics(settings.api_metrics_port)
        uvicorn.run(create_app(settings), **options)
        return
    metrics_dir = _share_metrics_between_processes(settings)
    if settings.jwt_secret is None:
        # Development without a key: the processes must still share one, or a token signed
        # by one would be refused by the others. Children inherit the environment.
        share_with_child_processes(
            ApiSettings.environment_for(jwt_secret=secrets.token_urlsafe(64))
        )
        log.warning("LUNA_JWT_SECRET is not set: using a random key; tokens die with the API")
    try:
        uvicorn.run(
            "luna_api.__main__:worker_app",
            factory=True,
            workers=settings.api_workers,
            **options,
        )
    finally:
        if metrics_dir is not None:
            shutil.rmtree(metrics_dir, ignore_errors=True)


def _share_metrics_between_processes(settings: ApiSettings) -> Path | None:
    """prometheus-client's multiprocess mode: each API process writes its counts to files in
    a fresh folder, which this parent process (uvicorn's supervisor, serving no requests)
    adds up on the metrics port. One port per process would not do: Prometheus scrapes a pod's
    port, and uvicorn's processes share the API's."""
    if settings.api_metrics_port is None:
        return None
    metrics_dir = Path(tempfile.mkdtemp(prefix="luna-api-metrics-"))
    # Read by prometheus-client when a spawned API process imports it.
    share_with_child_processes({"PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)})
    serve_metrics(settings.api_metrics_port, multiprocess_dir=metrics_dir)
    return metrics_dir


if __name__ == "__main__":
    main()
