"""Docker cannot run here, so the compose file is checked against the code instead:
services, ports, environment variable names, Dockerfiles and entry points must agree."""

from __future__ import annotations

import ast
import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from luna_analyzer_worker.settings import AnalyzerSettings
from luna_api.core.config import ApiSettings
from luna_common.settings import ENV_PREFIX, variable_name
from luna_data_worker.settings import RegistrarSettings
from luna_rabbit import topology

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
SETTINGS_OF = {"api": ApiSettings, "analyzer": AnalyzerSettings, "registrar": RegistrarSettings}
ENTRY_POINTS = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]


def test_every_part_of_the_architecture_is_a_service() -> None:
    assert set(SERVICES) == {
        "postgres",
        "mongo",
        "rabbitmq",
        "api",
        "analyzer",
        "registrar",
        "app",
        "adminer",
        "mongo-express",
        "proxy",
    }


@pytest.mark.parametrize(
    ("service", "port"),
    [
        ("proxy", 443),
        ("proxy", 8443),
        ("adminer", 8092),
        ("mongo-express", 8091),
        ("rabbitmq", 15672),
    ],
)
def test_published_ports(service: str, port: int) -> None:
    # "[host address:]host port:container port"
    published = [int(p.split(":")[-2]) for p in SERVICES[service]["ports"]]
    assert port in published


@pytest.mark.parametrize("service", ["adminer", "mongo-express", "rabbitmq"])
def test_administration_tools_listen_on_the_host_only(service: str) -> None:
    """They reach the databases and the broker with no TLS of their own: loopback only."""
    for mapping in SERVICES[service]["ports"]:
        assert mapping.startswith("127.0.0.1:"), mapping


def test_api_listens_where_compose_publishes_it() -> None:
    env = SERVICES["api"]["environment"]
    port = int(env[variable_name("api_port")])
    assert port == ApiSettings.model_fields["api_port"].default == 8090
    assert env[variable_name("api_host")] == "0.0.0.0"


@pytest.mark.parametrize("service", sorted(SETTINGS_OF))
def test_environment_names_are_settings_of_that_service(service: str) -> None:
    names = set(SERVICES[service]["environment"])
    unknown = {n for n in names if n.startswith(ENV_PREFIX)} - SETTINGS_OF[service].variable_names()
    assert not unknown, f"{service} sets variables its settings do not read: {unknown}"
    assert variable_name("rabbitmq_url") in names


def test_secrets_are_required_not_defaulted() -> None:
    env = SERVICES["api"]["environment"]
    for name in map(variable_name, ("jwt_secret", "admin_password", "database_url")):
        assert ":?" in env[name], f"{name} must be required from .env"
    assert env[variable_name("environment")] == "production"


@pytest.mark.parametrize("service", ["api", "analyzer", "registrar", "app"])
def test_dockerfiles_exist_and_start_the_entry_point(service: str) -> None:
    build = SERVICES[service]["build"]
    dockerfile = ROOT / build["context"] / build["dockerfile"]
    assert dockerfile.exists(), dockerfile
    if service != "app":
        stage = dockerfile_stages(dockerfile.read_text())[build["target"]]
        command = re.search(r'CMD \["([^"]+)"\]', stage.text).group(1)
        module = ENTRY_POINTS[command].split(":")[0].split(".")[0]
        assert module in stage.copied


@dataclass
class Stage:
    text: str
    copied: set[str]  # top-level folders copied, its parent stages' included


def dockerfile_stages(text: str) -> dict[str, Stage]:
    """Each ``FROM x AS name`` stage with what it and the stages it is built on copy."""
    stages: dict[str, Stage] = {}
    for block in re.split(r"^(?=FROM )", text, flags=re.M)[1:]:
        parent, name = re.match(r"FROM (\S+) AS (\S+)", block).groups()
        copied = set(re.findall(r"^COPY (luna_\w+) ", block, flags=re.M))
        stages[name] = Stage(block, copied | (stages[parent].copied if parent in stages else set()))
    return stages


def imported_luna_packages(package: str) -> set[str]:
    """The luna_* packages ``package`` imports, directly or through the ones it imports."""
    found, todo = {package}, [package]
    while todo:
        for path in (ROOT / todo.pop()).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                names = (
                    [node.module or ""]
                    if isinstance(node, ast.ImportFrom)
                    else [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else []
                )
                for top in {n.split(".")[0] for n in names if n.startswith("luna_")} - found:
                    found.add(top)
                    todo.append(top)
    return found


@pytest.mark.parametrize("service", ["api", "analyzer", "registrar"])
def test_each_image_holds_exactly_the_packages_its_service_imports(service: str) -> None:
    build = SERVICES[service]["build"]
    stages = dockerfile_stages((ROOT / build["context"] / build["dockerfile"]).read_text())
    stage = stages[build["target"]]
    command = re.search(r'CMD \["([^"]+)"\]', stage.text).group(1)
    package = ENTRY_POINTS[command].split(":")[0].split(".")[0]
    assert stage.copied == imported_luna_packages(package)
    assert re.search(r"^FROM base AS ", stage.text), "every service image builds on the base"
    assert re.search(r"^USER 10001", stage.text, flags=re.M), "numeric, for runAsNonRoot"


def test_services_wait_for_healthy_dependencies() -> None:
    for name in ("postgres", "mongo", "rabbitmq", "api"):
        assert "healthcheck" in SERVICES[name]
    assert SERVICES["api"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert SERVICES["analyzer"]["depends_on"]["rabbitmq"]["condition"] == "service_healthy"
    assert SERVICES["registrar"]["depends_on"]["mongo"]["condition"] == "service_healthy"


def test_gpu_override_reserves_a_gpu_for_the_analyzer() -> None:
    gpu = yaml.safe_load((ROOT / "docker-compose.gpu.yml").read_text())["services"]["analyzer"]
    devices = gpu["deploy"]["resources"]["reservations"]["devices"]
    assert devices[0]["capabilities"] == ["gpu"]
    assert variable_name("device") in gpu["environment"]
    assert "deploy" not in SERVICES["analyzer"]  # scalable with --scale; no fixed replicas


def test_broker_definitions_file_matches_the_code_topology() -> None:
    definitions = json.loads((ROOT / "luna_rabbit" / "definitions.json").read_text())
    limit = 5
    expected_queues = {q.name: q.arguments for q in topology.queues(limit)}
    assert {q["name"]: q["arguments"] for q in definitions["queues"]} == expected_queues
    assert all(q["durable"] for q in definitions["queues"])
    assert {(e["name"], e["type"]) for e in definitions["exchanges"]} == {
        (q.exchange, "fanout") for q in topology.queues(limit)
    }
    assert {(b["source"], b["destination"]) for b in definitions["bindings"]} == {
        ("send_to_process", "process_pending"),
        ("process_completed", "process_completed"),
        (topology.DEAD_LETTER_EXCHANGE, topology.DEAD_LETTER_QUEUE),
        (topology.DEAD_LETTER_EXCHANGE, topology.DEAD_LETTER_WATCH_QUEUE),
    }


METRICS_PORT_SETTING = {
    "api": "api_metrics_port",
    "analyzer": "analyzer_metrics_port",
    "registrar": "registrar_metrics_port",
}


@pytest.mark.parametrize("service", sorted(METRICS_PORT_SETTING))
def test_metrics_are_served_and_exposed_to_other_containers(service: str) -> None:
    env = SERVICES[service]["environment"]
    variable = f"{ENV_PREFIX}{METRICS_PORT_SETTING[service].upper()}"
    assert METRICS_PORT_SETTING[service] in SETTINGS_OF[service].model_fields
    assert env[variable] in SERVICES[service]["expose"]
    assert env[variable] not in [p.split(":")[0] for p in SERVICES[service].get("ports", [])]


@pytest.mark.parametrize("service", ["analyzer", "registrar"])
def test_worker_healthcheck_reads_the_heartbeats_the_worker_writes(service: str) -> None:
    heartbeat_dir = SERVICES[service]["environment"][variable_name("heartbeat_dir")]
    test = SERVICES[service]["healthcheck"]["test"]
    assert test[1:5] == ["python", "-m", "luna_rabbit.worker_lifecycle", heartbeat_dir]
