"""Each service owns its settings; a misspelt ``LUNA_`` variable stops a service at start."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from luna_analyzer_worker.settings import AnalyzerSettings
from luna_api.core.config import ApiSettings
from luna_common.settings import UnknownSettings, child_environment
from luna_data_worker.settings import RegistrarSettings
from luna_local.platform import LocalPlatform


def test_each_service_reads_only_its_own_variables() -> None:
    assert "LUNA_JWT_SECRET" in ApiSettings.variable_names()
    assert "LUNA_JWT_SECRET" not in AnalyzerSettings.variable_names()
    assert "LUNA_MODEL_CHECKPOINT" not in RegistrarSettings.variable_names()
    # What every service shares comes from the base.
    for cls in (ApiSettings, AnalyzerSettings, RegistrarSettings):
        assert {"LUNA_RABBITMQ_URL", "LUNA_LOG_LEVEL", "LUNA_ENVIRONMENT"} <= cls.variable_names()


def test_environment_for_names_the_variables_and_refuses_unknown_fields() -> None:
    assert RegistrarSettings.environment_for(prefetch=3, mongo_db="x") == {
        "LUNA_PREFETCH": "3",
        "LUNA_MONGO_DB": "x",
    }
    with pytest.raises(UnknownSettings, match="prefech"):
        RegistrarSettings.environment_for(prefech=3)


@pytest.mark.parametrize("module", ["luna_data_worker", "luna_analyzer_worker", "luna_api"])
def test_a_service_refuses_to_start_with_a_misspelt_variable(module: str) -> None:
    env = child_environment({"LUNA_PREFECH": "3", "LUNA_LOG_LEVEL": "INFO"})
    started = subprocess.run(
        [sys.executable, "-m", module],
        env={**env, "PYTHONPATH": os.pathsep.join(sys.path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert started.returncode != 0
    assert "LUNA_PREFECH" in started.stderr
    assert "LUNA_LOG_LEVEL" not in started.stderr.split("unknown", 1)[-1]


def test_the_local_platform_refuses_variables_no_service_reads(tmp_path) -> None:  # noqa: ANN001
    with pytest.raises(UnknownSettings, match="LUNA_API_PROT"):
        LocalPlatform(env={"LUNA_API_PROT": "1"}, log_dir=tmp_path)


def test_the_local_platform_gives_each_service_only_its_own_variables(tmp_path) -> None:  # noqa: ANN001
    platform = LocalPlatform(
        env={"LUNA_JWT_SECRET": "k" * 40, "LUNA_PREFETCH": "2", "LUNA_RABBITMQ_URL": "amqp://x"},
        log_dir=tmp_path,
    )
    assert platform.settings_of("api") == {
        "LUNA_JWT_SECRET": "k" * 40,
        "LUNA_RABBITMQ_URL": "amqp://x",
    }
    assert platform.settings_of("registrar") == {
        "LUNA_PREFETCH": "2",
        "LUNA_RABBITMQ_URL": "amqp://x",
    }
