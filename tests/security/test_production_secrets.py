"""Defect 3 of issue 11: with LUNA_ENVIRONMENT=production the API started with .env.example's
placeholders, so anyone who read the repository could sign an admin token. Production now
refuses them with one line naming the variable, and a non-zero exit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from luna_api.core.config import ApiSettings
from luna_common.settings import child_environment, variable_name

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = dict(
    line.split("=", 1)
    for line in (ROOT / ".env.example").read_text().splitlines()
    if line and not line.startswith("#")
)
STRONG_SECRET = "Zq8v" * 12
STRONG_PASSWORD = "violet-harbour-lantern-92"


def _production_env(postgres_url: str, **overrides: str) -> dict[str, str]:
    values = {
        "environment": "production",
        "database_url": postgres_url,
        "api_port": 1,  # never reached: it must refuse before listening
        "jwt_secret": STRONG_SECRET,
        "admin_username": "admin",
        "admin_email": "it@hospital.test",
        "admin_password": STRONG_PASSWORD,
    }
    return child_environment(ApiSettings.environment_for(**{**values, **overrides}))


def _start(env: dict[str, str]) -> subprocess.CompletedProcess[str] | None:
    """The API's exit, or None when it was still running after 20 s (it accepted the settings)."""
    try:
        return subprocess.run(
            [sys.executable, "-m", "luna_api"],
            env=env,
            capture_output=True,
            text=True,
            timeout=20,
            cwd=ROOT,
        )
    except subprocess.TimeoutExpired:
        return None


CASES = {
    "jwt_secret": [
        EXAMPLE[variable_name("jwt_secret")],
        "change-me" + "x" * 40,
        "a" * 31,  # shorter than 32 characters
    ],
    "admin_password": [
        EXAMPLE[variable_name("admin_password")],
        "change-me-please-now",
        "password1234",  # a common password
        "short-pw",
        "admin",
    ],
    "database_url": [
        f"postgresql+psycopg://luna:{EXAMPLE['POSTGRES_PASSWORD']}@127.0.0.1:5432/luna",
    ],
    "mongo_url": [
        f"mongodb://luna:{EXAMPLE['MONGO_PASSWORD']}@127.0.0.1:27017/?authSource=admin",
    ],
    "rabbitmq_url": [
        f"amqp://luna:{EXAMPLE['RABBITMQ_PASSWORD']}@127.0.0.1:5672/%2F",
    ],
}


@pytest.mark.parametrize(
    ("field", "value"),
    [(field, value) for field, values in CASES.items() for value in values],
)
def test_production_refuses_a_placeholder_or_weak_secret(
    postgres_url: str, field: str, value: str
) -> None:
    variable = variable_name(field)
    outcome = _start(_production_env(postgres_url, **{field: value}))
    assert outcome is not None, f"the API started in production with {variable}={value!r}"
    assert outcome.returncode != 0
    lines = [line for line in outcome.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, outcome.stderr
    assert variable in lines[0] and "Traceback" not in outcome.stderr
    assert value not in lines[0]  # never echo a secret


def test_every_secret_in_env_example_is_a_refused_placeholder() -> None:
    from luna_api.core.production_checks import is_placeholder

    secrets_ = {k: v for k, v in EXAMPLE.items() if "PASSWORD" in k or "SECRET" in k}
    assert len(secrets_) >= 6
    assert all(is_placeholder(value) for value in secrets_.values()), secrets_
