"""The settings base every LUNA service builds its own settings class on.

Each service owns its class beside its code (``luna_api/core/config.py``,
``luna_analyzer_worker/settings.py``, ``luna_data_worker/settings.py``); this module holds only
what they share: the ``LUNA_`` prefix, environment and logging, the broker and MongoDB
connection, the check that refuses unknown ``LUNA_`` variables, and the one place the process
environment is read or written outside pydantic-settings.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal, Self

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_PREFIX = "LUNA_"


class UnknownSettings(ValueError):
    """``LUNA_`` variables that no settings class of this process knows (a typo, usually)."""


class LunaSettings(BaseSettings):
    """Environment and logging: what every LUNA process reads."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    environment: Literal["development", "production"] = "development"
    log_format: Literal["text", "json"] = "text"
    log_level: str = "INFO"

    @classmethod
    def variable_names(cls) -> frozenset[str]:
        """The environment variables this class reads, e.g. ``LUNA_LOG_LEVEL``."""
        return frozenset(variable_name(field) for field in cls.model_fields)

    @classmethod
    def from_environment(cls) -> Self:
        """The settings of a starting service, or SystemExit with one line saying what is wrong.

        pydantic-settings ignores unknown names, so a misspelt one would silently fall back to
        its default; a service refuses to start instead, naming them.
        """
        try:
            refuse_unknown_variables(luna_variables(), [cls])
            return cls()
        except (UnknownSettings, ValidationError) as exc:
            raise SystemExit(f"{cls.__name__}: {_one_line(exc)}") from None

    @classmethod
    def environment_for(cls, **values: Any) -> dict[str, str]:
        """Environment variables that give a child process these settings (names checked)."""
        unknown = sorted(set(values) - set(cls.model_fields))
        if unknown:
            raise UnknownSettings(f"{cls.__name__} has no settings {', '.join(unknown)}")
        return {variable_name(name): _as_variable(value) for name, value in values.items()}

    @classmethod
    def value_in(cls, variables: Mapping[str, str], field: str) -> Any:
        """A field's value as ``variables`` set it, else its default (raw, unparsed)."""
        return variables.get(variable_name(field), cls.model_fields[field].default)


class BrokerSettings(LunaSettings):
    rabbitmq_url: str = "amqp://guest:guest@127.0.0.1:5672/%2F"
    # Deliveries after which a message that keeps failing goes to the dead-letter queue.
    delivery_limit: int = Field(default=5, ge=1)


class MongoSettings(LunaSettings):
    mongo_url: str = "mongodb://127.0.0.1:27017/?directConnection=true"
    mongo_db: str = "luna"


def variable_name(field: str) -> str:
    return f"{ENV_PREFIX}{field.upper()}"


def luna_variables(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The ``LUNA_`` variables of this process's environment (or of ``environ``)."""
    source = os.environ if environ is None else environ
    return {key: value for key, value in source.items() if key.startswith(ENV_PREFIX)}


def refuse_unknown_variables(
    variables: Iterable[str], classes: Iterable[type[LunaSettings]]
) -> None:
    """Raise UnknownSettings naming every ``LUNA_`` variable none of ``classes`` reads."""
    known = frozenset().union(*(cls.variable_names() for cls in classes))
    unknown = sorted(
        name for name in variables if name.startswith(ENV_PREFIX) and name not in known
    )
    if unknown:
        raise UnknownSettings(
            f"unknown setting(s) {', '.join(unknown)}: not read by this service "
            "(misspelt? see the configuration table in README.md)"
        )


def child_environment(luna: Mapping[str, str]) -> dict[str, str]:
    """A child process's environment: ours without any ``LUNA_`` variable, plus ``luna``.

    Each LUNA process gets exactly the settings meant for it, so a variable of another
    service never reaches it (and is never refused there as unknown).
    """
    inherited = {key: value for key, value in os.environ.items() if not key.startswith(ENV_PREFIX)}
    return {**inherited, **luna}


def share_with_child_processes(variables: Mapping[str, str]) -> None:
    """Set variables in this process's environment, for the processes it forks later."""
    os.environ.update(variables)


def _one_line(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(
            f"{variable_name(str(error['loc'][0])) + ': ' if error['loc'] else ''}{error['msg']}"
            for error in exc.errors()
        )
    return str(exc)


def _as_variable(value: Any) -> str:
    if isinstance(value, SecretStr):
        return value.get_secret_value()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float | Path):
        return str(value)
    return json.dumps(value)
