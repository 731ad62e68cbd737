"""The whole platform as separate processes against the real services, for end-to-end tests."""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from pymongo.database import Database

from luna_analyzer_worker.settings import AnalyzerSettings
from luna_api.analysis_service import queue_analysis, rendition_request
from luna_api.core.config import ApiSettings
from luna_common import analysis_record
from luna_common.messages import AnalysisRequest
from luna_common.settings import variable_name
from luna_local.platform import LocalPlatform
from luna_model.images import INPUT_SIZE
from luna_rabbit.publishing import Publisher
from luna_testing import services
from luna_testing.services import free_port

APP_ORIGINS = ["http://127.0.0.1:8100", "http://localhost:8100", "http://127.0.0.1:8101"]


@dataclass
class RunningPlatform:
    """Handles for a test: the processes, the API address and the first admin."""

    processes: LocalPlatform
    admin_username: str
    admin_password: str

    @property
    def api_url(self) -> str:
        return self.processes.api_url

    @property
    def postgres_url(self) -> str:
        return self.processes.env[variable_name("database_url")]

    @property
    def rabbitmq_url(self) -> str:
        return self.processes.env[variable_name("rabbitmq_url")]

    @property
    def mongo_url(self) -> str:
        return self.processes.env[variable_name("mongo_url")]

    @property
    def jwt_secret(self) -> str:
        return self.processes.env[variable_name("jwt_secret")]

    def results_db(self) -> Database:
        return analysis_record.connect(
            self.mongo_url, self.processes.env[variable_name("mongo_db")]
        )

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.api_url, headers=headers, timeout=30)

    def sign_in(self, username: str, password: str) -> str:
        with self.client() as client:
            response = client.post("/signin", json={"username": username, "password": password})
        response.raise_for_status()
        return response.json()["accessToken"]

    def admin_token(self) -> str:
        return self.sign_in(self.admin_username, self.admin_password)

    def create_user(
        self,
        username: str | None = None,
        password: str | None = None,
        *,
        roles: list[str] | None = None,
    ) -> tuple[str, str]:
        """Sign up a new account through the API as the admin (a ``user`` unless ``roles``
        says otherwise); returns (username, password)."""
        username = username or f"{'derm' if roles else 'gp'}_{secrets.token_hex(4)}"
        password = password or secrets.token_urlsafe(16)
        body = {"username": username, "email": f"{username}@clinic.test", "password": password}
        with self.client(self.admin_token()) as client:
            response = client.post(
                "/api/auth/signup", json=body | ({"roles": roles} if roles else {})
            )
        assert response.status_code == 201, response.text
        if roles:
            assert response.json()["roles"] == sorted(roles), response.text
        return username, password


def wait_for_status(
    client: httpx.Client, analysis_id: str, statuses: set[str], timeout_s: float = 120
) -> dict[str, Any]:
    """Poll the API until the analysis reaches one of ``statuses``."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        response = client.get(f"/api/getAnalysis/{analysis_id}")
        assert response.status_code == 200, response.text
        body = response.json()
        if body["status"] in statuses:
            return body
        time.sleep(0.5)
    raise TimeoutError(f"analysis {analysis_id} did not reach {statuses}; last: {body['status']}")


@contextmanager
def running_platform(
    *,
    postgres_url: str,
    rabbitmq_url: str,
    mongo_url: str,
    log_dir: Path,
    analyzers: int = 1,
    registrars: int = 1,
    extra_env: dict[str, str] | None = None,
) -> Iterator[RunningPlatform]:
    """The API, analyzers and registrars as processes; ``extra_env`` from ``environment_for``."""
    admin_password = secrets.token_urlsafe(16)
    env = {
        **ApiSettings.environment_for(
            database_url=postgres_url,
            rabbitmq_url=rabbitmq_url,
            mongo_url=mongo_url,
            mongo_db=f"luna_{secrets.token_hex(4)}",
            api_port=free_port(),
            jwt_secret=secrets.token_urlsafe(48),
            admin_username="admin",
            admin_email="admin@luna.test",
            admin_password=admin_password,
            cors_origins=APP_ORIGINS,
        ),
        **AnalyzerSettings.environment_for(torch_threads=1),
        **(extra_env or {}),
    }
    processes = LocalPlatform(env=env, log_dir=log_dir)
    try:
        processes.start_service("api")
        workers = [("analyzer", f"analyzer-{i + 1}") for i in range(analyzers)]
        workers += [("registrar", f"registrar-{i + 1}") for i in range(registrars)]
        for kind, name in workers:
            processes.start_service(kind, name)
        processes.wait_for_api()
        for kind, name in workers:
            processes.wait_until_consuming(name, kind, timeout_s=120)
        yield RunningPlatform(processes, "admin", admin_password)
    finally:
        processes.stop()


@contextmanager
def isolated_platform(
    log_dir: Path,
    *,
    mongo_storage: str | Path = ":memory:",
    mongo_cache_size: str | None = None,
    **options: Any,
) -> Iterator[RunningPlatform]:
    """A platform on services of its own: users database, vhost and MongoDB-protocol server,
    so that its faults and its users touch no other test. The MongoDB-protocol server keeps
    its data in memory unless ``mongo_storage`` names a folder (see ``mongo_server.start``)."""
    with (
        services.postgres_database() as postgres_url,
        services.rabbitmq_vhost() as rabbitmq_url,
        services.mongo_database(mongo_storage, cache_size=mongo_cache_size) as mongo_url,
        running_platform(
            postgres_url=postgres_url,
            rabbitmq_url=rabbitmq_url,
            mongo_url=mongo_url,
            log_dir=log_dir,
            **options,
        ) as platform,
    ):
        yield platform


def queue_request(
    db: Database,
    publisher: Publisher,
    image: bytes,
    *,
    user_id: str = "pseudo-1",
    rendition: bool = True,
) -> str:
    """A JPEG submitted the way the API submits it (its model-input rendition travels, the
    photo is recorded), without the API; the analysis id. ``rendition=False`` sends the photo
    itself in a version-1 request (as queued before renditions, or forged), which the API's own
    checks would never let through when it cannot be decoded."""
    now = datetime.now(UTC)
    analysis_id = secrets.token_hex(16)
    request = (
        rendition_request(
            analysis_id=analysis_id,
            user_id=user_id,
            image=image,
            creation_date=now,
            size=INPUT_SIZE,
        )
        if rendition
        else AnalysisRequest(
            analysis_id=analysis_id, user_id=user_id, image=image, creation_date=now
        )
    )
    queue_analysis(
        mongo=db,
        publisher=publisher,
        request=request,
        image_type="image/jpeg",
        description=None,
        photo=image,
    )
    return request.analysis_id
