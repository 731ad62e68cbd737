"""Refuse to run in production with a placeholder or weak secret (issue 11, defect 3).

The values in ``.env.example`` all start with ``change-me``; anyone who read the repository
knows them, so a production API that accepted them could be signed into as admin.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from luna_api.core.config import ApiSettings
from luna_api.core.passwords import password_problem

PLACEHOLDER_PREFIX = "change-me"
MIN_JWT_SECRET_CHARS = 32


class InsecureSettings(ValueError):
    """A production setting is a placeholder or too weak; the message names the variable."""


def is_placeholder(value: str) -> bool:
    """True for a value that is, or starts with, the placeholder of ``.env.example``."""
    return value.strip().lower().startswith(PLACEHOLDER_PREFIX)


def _url_password(url: str) -> str | None:
    try:
        password = urlsplit(url).password
    except ValueError:
        return None
    return unquote(password) if password is not None else None


def production_problems(settings: ApiSettings) -> list[str]:
    """Each problem as a line naming its variable (never its value); empty when all is well."""
    if settings.environment != "production":
        return []
    problems = []
    secret = settings.jwt_secret.get_secret_value() if settings.jwt_secret else ""
    if is_placeholder(secret):
        problems.append("LUNA_JWT_SECRET is the placeholder from .env.example; set a random value")
    elif len(secret) < MIN_JWT_SECRET_CHARS:
        problems.append(f"LUNA_JWT_SECRET must have at least {MIN_JWT_SECRET_CHARS} characters")
    if settings.admin_password is not None:
        password = settings.admin_password.get_secret_value()
        if is_placeholder(password):
            problems.append("LUNA_ADMIN_PASSWORD is the placeholder from .env.example")
        elif problem := password_problem(
            password, username=settings.admin_username, email=settings.admin_email
        ):
            problems.append(f"LUNA_ADMIN_PASSWORD breaks the password rules: {problem}")
    for variable, url in (
        ("LUNA_DATABASE_URL", settings.database_url),
        ("LUNA_MONGO_URL", settings.mongo_url),
        ("LUNA_RABBITMQ_URL", settings.rabbitmq_url),
    ):
        url_password = _url_password(url)
        if url_password is not None and is_placeholder(url_password):
            problems.append(f"{variable} holds the placeholder password from .env.example")
    return problems


def refuse_insecure_production(settings: ApiSettings) -> None:
    """Raise InsecureSettings (one line, every problem) when production settings are unsafe."""
    problems = production_problems(settings)
    if problems:
        raise InsecureSettings("refusing to start in production: " + "; ".join(problems))
