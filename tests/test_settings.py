"""Each service owns its settings; a misspelt ``LUNA_`` variable stops a service at start."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from luna_analyzer_worker.settings import AnalyzerSettings
from luna_api.core.config import ApiSettings
from luna_common.settings import UnknownSettings, child_environment, variable_name
from luna_data_worker.settings import RegistrarSettings
from luna_local.platform import LocalPlatform


def test_a_setting_is_read_from_its_prefixed_upper_case_name() -> None:
    # The one place the tests spell a variable out: everywhere else they come from the classes.
    assert variable_name("jwt_secret") == "LUNA_JWT_SECRET"


def test_each_service_reads_only_its_own_variables() -> None:
    assert variable_name("jwt_secret") in ApiSettings.variable_names()
    assert variable_name("jwt_secret") not in AnalyzerSettings.variable_names()
    assert variable_name("model_checkpoint") not in RegistrarSettings.variable_names()
    # What every service shares comes from the base.
    for cls in (ApiSettings, AnalyzerSettings, RegistrarSettings):
        assert {
            variable_name("rabbitmq_url"),
            variable_name("log_level"),
            variable_name("environment"),
        } <= cls.variable_names()


def test_environment_for_names_the_variables_and_refuses_unknown_fields() -> None:
    assert RegistrarSettings.environment_for(prefetch=3, mongo_db="x") == {
        variable_name("prefetch"): "3",
        variable_name("mongo_db"): "x",
    }
    with pytest.raises(UnknownSettings, match="prefech"):
        RegistrarSettings.environment_for(prefech=3)


@pytest.mark.parametrize("module", ["luna_data_worker", "luna_analyzer_worker", "luna_api"])
def test_a_service_refuses_to_start_with_a_misspelt_variable(module: str) -> None:
    env = child_environment({variable_name("prefech"): "3", variable_name("log_level"): "INFO"})
    started = subprocess.run(
        [sys.executable, "-m", module],
        env={**env, "PYTHONPATH": os.pathsep.join(sys.path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert started.returncode != 0
    assert variable_name("prefech") in started.stderr
    assert variable_name("log_level") not in started.stderr.split("unknown", 1)[-1]


def test_the_local_platform_refuses_variables_no_service_reads(tmp_path) -> None:  # noqa: ANN001
    with pytest.raises(UnknownSettings, match=variable_name("api_prot")):
        LocalPlatform(env={variable_name("api_prot"): "1"}, log_dir=tmp_path)


def test_the_local_platform_gives_each_service_only_its_own_variables(tmp_path) -> None:  # noqa: ANN001
    platform = LocalPlatform(
        env={
            variable_name("jwt_secret"): "k" * 40,
            variable_name("prefetch"): "2",
            variable_name("rabbitmq_url"): "amqp://x",
        },
        log_dir=tmp_path,
    )
    assert platform.settings_of("api") == {
        variable_name("jwt_secret"): "k" * 40,
        variable_name("rabbitmq_url"): "amqp://x",
    }
    assert platform.settings_of("registrar") == {
        variable_name("prefetch"): "2",
        variable_name("rabbitmq_url"): "amqp://x",
    }
