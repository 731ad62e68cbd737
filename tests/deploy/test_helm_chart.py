"""The Helm chart, checked offline: rendered by Helm's own Go library (helm-python-sdk), every
object validated against the Kubernetes schemas (kubernetes-validate) or its operator's vendored
CRD schema, checkov's policies passing, and the chart's variables, ports and queues equal to the
code's. No cluster is needed; Helm cannot be downloaded here, its library ships in the wheel."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import helm_python as helm
import jsonschema
import kubernetes_validate
import pytest
import yaml
from prometheus_client import REGISTRY

import luna_analyzer_worker.metrics
import luna_api.metrics
import luna_data_worker.metrics
import luna_rabbit.consuming  # noqa: F401 (registers the broker metrics)
from luna_analyzer_worker.settings import AnalyzerSettings
from luna_api.core.config import ApiSettings
from luna_common.settings import ENV_PREFIX, LunaSettings, variable_name
from luna_data_worker.settings import RegistrarSettings
from luna_rabbit import topology

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "deploy" / "helm" / "luna"
CRD_SCHEMAS = ROOT / "deploy" / "helm" / "crd-schemas"
# setup.sh makes .venv-checkov beside .venv (checkov's pins would clash with LUNA's).
CHECKOV = Path(sys.prefix).resolve().parent / ".venv-checkov" / "bin" / "checkov"
KUBERNETES_VERSIONS = ("1.30.0", kubernetes_validate.utils.latest_version())
SETTINGS_OF: dict[str, type[LunaSettings]] = {
    "api": ApiSettings,
    "analyzer": AnalyzerSettings,
    "registrar": RegistrarSettings,
}
# What an operator passes at install time (never in values.yaml): fakes for the render.
INSTALL_SECRETS: dict[str, Any] = {
    "secrets": {"jwtSecret": "j" * 48, "adminPassword": "a" * 16, "mongoPassword": "m" * 24},
    "api": {"adminEmail": "it-team@health-service.example"},
}
GPU_EXTERNAL = yaml.safe_load((CHART / "ci" / "gpu-external-values.yaml").read_text())
SCENARIOS = {"default": INSTALL_SECRETS, "gpu-external": GPU_EXTERNAL}

Objects = list[dict[str, Any]]


class StrictLoader(yaml.SafeLoader):
    """A YAML loader that refuses a key written twice in one mapping (PyYAML keeps the last;
    Kubernetes' own decoding refuses it)."""


def _unique_keys(loader: StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    keys = [loader.construct_object(key) for key, _ in node.value]
    repeated = {k for k in keys if keys.count(k) > 1}
    if repeated:
        raise yaml.constructor.ConstructorError(
            None, None, f"repeated keys {repeated}", node.start_mark
        )
    return loader.construct_mapping(node)


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_keys)


def render(values: dict[str, Any]) -> Objects:
    """Every object the chart renders with ``values`` over its values.yaml."""
    manifests = helm.Chart.load(CHART).render(
        values, name="luna", namespace="luna", is_install=True
    )
    return [
        doc
        for template, text in manifests.items()
        if template.endswith(".yaml")  # not NOTES.txt, which helm template leaves out too
        for doc in yaml.load_all(text, Loader=StrictLoader)  # noqa: S506 (a SafeLoader)
        if doc
    ]


@pytest.fixture(scope="module", params=sorted(SCENARIOS))
def scenario(request: pytest.FixtureRequest) -> tuple[str, Objects]:
    return request.param, render(SCENARIOS[request.param])


@pytest.fixture(scope="module")
def default() -> Objects:
    return render(INSTALL_SECRETS)


@pytest.fixture(scope="module")
def gpu_external() -> Objects:
    return render(GPU_EXTERNAL)


def one(objects: Objects, kind: str, name: str) -> dict[str, Any]:
    found = [o for o in objects if o["kind"] == kind and o["metadata"]["name"] == name]
    assert len(found) == 1, f"{kind}/{name}: {len(found)} found"
    return found[0]


def container(objects: Objects, component: str) -> dict[str, Any]:
    deployment = one(objects, "Deployment", f"luna-{component}")
    (only,) = deployment["spec"]["template"]["spec"]["containers"]
    return only


def environment(objects: Objects, component: str) -> dict[str, dict[str, Any]]:
    """A container's variables by name: its env, and the keys of ConfigMaps it takes whole."""
    spec = container(objects, component)
    variables = {e["name"]: e for e in spec.get("env", [])}
    for source in spec.get("envFrom", []):
        config = one(objects, "ConfigMap", source["configMapRef"]["name"])
        variables.update({k: {"name": k, "value": v} for k, v in config["data"].items()})
    return variables


# --- Secrets ---------------------------------------------------------------------------------


def test_values_yaml_holds_no_secret() -> None:
    values = yaml.safe_load((CHART / "values.yaml").read_text())
    assert values["secrets"]["existingSecret"] == ""
    assert {k: v for k, v in values["secrets"].items() if v} == {}


@pytest.mark.parametrize(
    ("missing", "named"),
    [
        (("secrets", "jwtSecret"), "secrets.jwtSecret"),
        (("secrets", "adminPassword"), "secrets.adminPassword"),
        (("secrets", "mongoPassword"), "secrets.mongoPassword"),
        (("api", "adminEmail"), "api.adminEmail"),
    ],
)
def test_the_chart_refuses_to_render_without_each_secret(
    missing: tuple[str, str], named: str
) -> None:
    values = json.loads(json.dumps(INSTALL_SECRETS))
    del values[missing[0]][missing[1]]
    with pytest.raises(helm.HelmRenderError, match=re.escape(named)):
        render(values)


@pytest.mark.parametrize(
    ("values", "complaint"),
    [
        ({"rabbitmq": {"mode": "operater"}}, "rabbitmq.mode"),
        ({"analyzer": {"autoscaling": {"minReplicas": 0}}}, "minReplicas"),
        ({"secrets": {"jwtSecret": "x" * 40, "jwt_secret": "typo"}}, "jwt_secret"),
    ],
)
def test_values_outside_the_schema_are_refused(values: dict[str, Any], complaint: str) -> None:
    with pytest.raises(helm.HelmError, match=complaint):
        render({**INSTALL_SECRETS, **values})


@pytest.mark.parametrize(
    ("part", "secret"),
    [("postgresql", "databaseUrl"), ("rabbitmq", "rabbitmqUrl"), ("mongodb", "mongoUrl")],
)
def test_external_endpoints_need_their_urls(part: str, secret: str) -> None:
    mode = {"postgresql": "external", "rabbitmq": "external", "mongodb": "external"}
    values = {**INSTALL_SECRETS, part: {"mode": mode[part]}}
    with pytest.raises(helm.HelmRenderError, match=f"secrets.{secret} is required"):
        render(values)


# --- Schemas and policies --------------------------------------------------------------------


def crd_schemas() -> dict[tuple[str, str], dict[str, Any]]:
    """(apiVersion, kind) -> the openAPIV3Schema of every vendored CRD version."""
    schemas = {}
    for path in CRD_SCHEMAS.glob("*.yaml"):
        for crd in yaml.safe_load_all(path.read_text()):
            if not crd:
                continue
            group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
            for version in crd["spec"]["versions"]:
                schema = version["schema"]["openAPIV3Schema"]
                schemas[(f"{group}/{version['name']}", kind)] = schema
    return schemas


CRD_SCHEMA = crd_schemas()


def test_every_object_validates_against_its_schema(scenario: tuple[str, Objects]) -> None:
    _, objects = scenario
    for obj in objects:
        key = (obj["apiVersion"], obj["kind"])
        if key in CRD_SCHEMA:
            jsonschema.validate(obj, CRD_SCHEMA[key])
            continue
        for version in KUBERNETES_VERSIONS:
            kubernetes_validate.validate(obj, version, strict=True)


def test_custom_objects_are_checked_against_a_vendored_schema(default: Objects) -> None:
    custom = {(o["apiVersion"], o["kind"]) for o in default if "." in o["apiVersion"]}
    custom -= {
        (o["apiVersion"], o["kind"]) for o in default if o["apiVersion"].endswith("k8s.io/v1")
    }
    assert custom <= set(CRD_SCHEMA), custom - set(CRD_SCHEMA)
    assert ("keda.sh/v1alpha1", "ScaledObject") in custom


def test_a_misspelt_field_is_refused_by_the_kubernetes_schema(default: Objects) -> None:
    deployment = json.loads(json.dumps(one(default, "Deployment", "luna-api")))
    deployment["spec"]["replica"] = 2
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, KUBERNETES_VERSIONS[0], strict=True)


def test_a_bad_keda_object_is_refused_by_the_vendored_schema(default: Objects) -> None:
    scaled = json.loads(json.dumps(one(default, "ScaledObject", "luna-analyzer")))
    scaled["spec"]["triggers"][0]["metadata"]["value"] = 60  # KEDA wants strings
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(scaled, CRD_SCHEMA[("keda.sh/v1alpha1", "ScaledObject")])


def test_helm_lint_strict_finds_nothing(scenario: tuple[str, Objects]) -> None:
    name, _ = scenario
    report = helm.lint(CHART, SCENARIOS[name], strict=True, namespace="luna")
    problems = [m for m in report["messages"] if m["severity"] >= 2]
    assert report["errors"] == [] and problems == [], report


@pytest.fixture(scope="module")
def rendered_dirs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    dirs = {}
    for name, values in SCENARIOS.items():
        folder = tmp_path_factory.mktemp(f"chart-{name}")
        for i, obj in enumerate(render(values)):
            (folder / f"{i:02d}-{obj['kind']}.yaml").write_text(yaml.safe_dump(obj))
        dirs[name] = folder
    yield dirs


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_checkov_passes_with_every_skip_justified(
    name: str, rendered_dirs: dict[str, Path]
) -> None:
    assert CHECKOV.exists(), "checkov is installed by scripts/setup.sh into .venv-checkov"
    run = subprocess.run(
        [str(CHECKOV), "-d", str(rendered_dirs[name]), "--framework", "kubernetes"]
        + ["--output", "json", "--compact", "--skip-download"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(run.stdout)
    failed = [
        f"{c['check_id']} {c['resource']}: {c['check_name']}"
        for c in report.get("results", {}).get("failed_checks", [])
    ]
    assert failed == [], "\n".join(failed)
    assert report["summary"]["passed"] > 100  # it really checked the objects
    # Every skip is an annotation on the object, with its reason after the "=".
    reasons = {
        (f"Deployment.luna.{o['metadata']['name']}", check): reason
        for o in render(SCENARIOS[name])
        for key, value in o["metadata"].get("annotations", {}).items()
        if key.startswith("checkov.io/skip")
        for check, reason in [value.split("=", 1)]
    }
    for skipped in report["results"]["skipped_checks"]:
        assert len(reasons[(skipped["resource"], skipped["check_id"])]) > 30, skipped


# --- The chart agrees with the code ----------------------------------------------------------


@pytest.mark.parametrize("component", sorted(SETTINGS_OF))
def test_environment_names_are_settings_of_that_service(
    scenario: tuple[str, Objects], component: str
) -> None:
    _, objects = scenario
    names = set(environment(objects, component))
    luna = {n for n in names if n.startswith(ENV_PREFIX)}
    unknown = luna - SETTINGS_OF[component].variable_names()
    assert not unknown, f"{component} gets variables its settings do not read: {unknown}"
    assert variable_name("rabbitmq_url") in luna
    if component == "analyzer":  # the analyzer never reaches a database
        assert not luna & {variable_name("mongo_url"), variable_name("database_url")}
    else:
        assert variable_name("mongo_url") in luna
    if component == "api":
        assert set(map(variable_name, ("database_url", "jwt_secret", "admin_password"))) <= luna


def test_secret_settings_come_from_secrets(scenario: tuple[str, Objects]) -> None:
    _, objects = scenario
    env = environment(objects, "api")
    for name in map(variable_name, ("jwt_secret", "admin_password", "mongo_url")):
        assert "secretKeyRef" in env[name]["valueFrom"], name


def test_ports_are_the_settings(default: Objects) -> None:
    env = environment(default, "api")
    ports = {p["name"]: p["containerPort"] for p in container(default, "api")["ports"]}
    assert ports["http"] == int(env[variable_name("api_port")]["value"])
    assert ports["http"] == ApiSettings.model_fields["api_port"].default == 8090
    assert env[variable_name("api_host")]["value"] == "0.0.0.0"
    assert ports["metrics"] == int(env[variable_name("api_metrics_port")]["value"])
    for component in ("analyzer", "registrar"):
        metrics = container(default, component)["ports"][0]
        variable = variable_name(f"{component}_metrics_port")
        assert metrics["containerPort"] == int(environment(default, component)[variable]["value"])
    service = one(default, "Service", "luna-api")
    assert {p["targetPort"] for p in service["spec"]["ports"]} == {"http", "metrics"}
    app = container(default, "app")["ports"][0]["containerPort"]
    assert app == 8100 and "listen 8100;" in (ROOT / "luna_app" / "nginx.conf").read_text()


def test_the_ingress_serves_the_api_paths_over_tls(default: Objects) -> None:
    ingress = one(default, "Ingress", "luna")
    assert ingress["spec"]["tls"][0]["hosts"] == [ingress["spec"]["rules"][0]["host"]]
    backends = {
        p["path"]: p["backend"]["service"]["name"]
        for p in ingress["spec"]["rules"][0]["http"]["paths"]
    }
    assert backends["/api"] == backends["/signin"] == backends["/logout"] == "luna-api"
    assert backends["/"] == "luna-app"
    assert "/health" not in backends


@pytest.mark.parametrize(
    ("component", "queue"),
    [("analyzer", topology.PENDING_QUEUE), ("registrar", topology.COMPLETED_QUEUE)],
)
def test_keda_scales_each_worker_on_its_queue(default: Objects, component: str, queue: str) -> None:
    scaled = one(default, "ScaledObject", f"luna-{component}")
    (trigger,) = scaled["spec"]["triggers"]
    assert trigger["type"] == "rabbitmq" and trigger["metadata"]["queueName"] == queue
    assert scaled["spec"]["scaleTargetRef"]["name"] == f"luna-{component}"
    assert scaled["spec"]["minReplicaCount"] >= 1
    assert "replicas" not in one(default, "Deployment", f"luna-{component}")["spec"]
    values = yaml.safe_load((CHART / "values.yaml").read_text())[component]
    target = values["ratePerReplica"] * values["autoscaling"]["targetBacklogSeconds"]
    assert trigger["metadata"]["value"] == str(target)
    auth = one(default, "TriggerAuthentication", trigger["authenticationRef"]["name"])
    assert {r["parameter"] for r in auth["spec"]["secretTargetRef"]} == {"username", "password"}


def test_analyzers_never_scale_to_zero(scenario: tuple[str, Objects]) -> None:
    _, objects = scenario
    assert one(objects, "ScaledObject", "luna-analyzer")["spec"]["minReplicaCount"] == 1


def test_a_clinic_hours_floor_adds_a_cron_trigger() -> None:
    values = {**INSTALL_SECRETS, "analyzer": {"autoscaling": {"clinicHours": {"enabled": True}}}}
    scaled = one(render(values), "ScaledObject", "luna-analyzer")
    queue, cron = scaled["spec"]["triggers"]
    assert queue["metadata"]["queueName"] == topology.PENDING_QUEUE
    assert cron["type"] == "cron" and cron["metadata"]["desiredReplicas"] == "2"
    jsonschema.validate(scaled, CRD_SCHEMA[("keda.sh/v1alpha1", "ScaledObject")])


def test_the_api_scales_on_cpu(default: Objects) -> None:
    hpa = one(default, "HorizontalPodAutoscaler", "luna-api")
    assert hpa["spec"]["metrics"][0]["resource"]["name"] == "cpu"


@pytest.mark.parametrize("component", ["analyzer", "registrar"])
def test_worker_probes_read_the_heartbeats_the_worker_writes(
    default: Objects, component: str
) -> None:
    spec = container(default, component)
    heartbeat_dir = environment(default, component)[variable_name("heartbeat_dir")]["value"]
    mounts = {m["mountPath"] for m in spec["volumeMounts"]}
    assert any(heartbeat_dir.startswith(m + "/") for m in mounts), "a writable folder"
    for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
        command = spec[probe]["exec"]["command"]
        assert command[:4] == ["python", "-m", "luna_rabbit.worker_lifecycle", heartbeat_dir]
    assert "--consuming" in spec["readinessProbe"]["exec"]["command"]


def test_the_api_is_ready_on_health_and_alive_on_its_port(default: Objects) -> None:
    spec = container(default, "api")
    assert spec["readinessProbe"]["httpGet"]["path"] == "/health"
    assert spec["livenessProbe"]["tcpSocket"]["port"] == "http"


def test_broker_cluster_runs_three_nodes_with_luna_rabbit_settings(default: Objects) -> None:
    cluster = one(default, "RabbitmqCluster", "luna-rabbitmq")
    assert cluster["spec"]["replicas"] == 3
    config = cluster["spec"]["rabbitmq"]["additionalConfig"].splitlines()
    conf = (ROOT / "luna_rabbit" / "rabbitmq.conf").read_text().splitlines()
    settings = [line for line in conf if line.strip() and not line.startswith("#")]
    assert set(settings) <= {line.strip() for line in config}
    # The services declare durable quorum queues: they replicate over the three nodes.
    assert all(q.arguments["x-queue-type"] == "quorum" for q in topology.queues(5))


def test_databases_run_as_replica_sets(default: Objects) -> None:
    assert one(default, "MongoDBCommunity", "luna-mongodb")["spec"]["members"] == 3
    assert one(default, "Cluster", "luna-pg")["spec"]["instances"] == 3


def test_operator_objects_carry_no_luna_selector_labels(default: Objects) -> None:
    for kind in ("RabbitmqCluster", "MongoDBCommunity", "Cluster"):
        labels = next(o for o in default if o["kind"] == kind)["metadata"]["labels"]
        assert "app.kubernetes.io/instance" not in labels, kind


def test_external_mode_renders_no_operator_objects(gpu_external: Objects) -> None:
    kinds = {o["kind"] for o in gpu_external}
    assert not kinds & {"RabbitmqCluster", "MongoDBCommunity", "Cluster", "Secret"}
    env = environment(gpu_external, "api")
    assert env[variable_name("database_url")]["valueFrom"]["secretKeyRef"]["name"] == (
        "luna-external-endpoints"
    )


def test_gpu_analyzers_ask_for_a_gpu_node(gpu_external: Objects) -> None:
    spec = container(gpu_external, "analyzer")
    pod = one(gpu_external, "Deployment", "luna-analyzer")["spec"]["template"]["spec"]
    assert spec["resources"]["limits"]["nvidia.com/gpu"] == 1
    assert pod["nodeSelector"] and pod["tolerations"][0]["key"] == "nvidia.com/gpu"
    assert environment(gpu_external, "analyzer")[variable_name("device")]["value"] == "cuda"
    values = yaml.safe_load((CHART / "values.yaml").read_text())["analyzer"]
    target = values["gpu"]["ratePerReplica"] * values["autoscaling"]["targetBacklogSeconds"]
    scaled = one(gpu_external, "ScaledObject", "luna-analyzer")
    assert scaled["spec"]["triggers"][0]["metadata"]["value"] == str(target)


def ingress_sources(policy: dict[str, Any], port: int) -> list[dict[str, Any]]:
    return [
        source
        for rule in policy["spec"].get("ingress", [])
        if any(p["port"] == port for p in rule.get("ports", []))
        for source in rule.get("from", [{"anyone": True}])
    ]


def test_only_the_api_reaches_postgresql(default: Objects) -> None:
    policy = one(default, "NetworkPolicy", "luna-postgresql-clients")
    sources = ingress_sources(policy, 5432)
    components = {
        s["podSelector"]["matchLabels"].get("app.kubernetes.io/component") for s in sources
    }
    assert components == {"api", None}  # None: the cluster's own instances (replication)
    others = [s["podSelector"]["matchLabels"] for s in sources]
    assert [o for o in others if "app.kubernetes.io/component" not in o] == [
        {"cnpg.io/cluster": "luna-pg"}
    ]


def test_only_the_api_and_registrars_reach_mongodb(default: Objects) -> None:
    policy = one(default, "NetworkPolicy", "luna-mongodb-clients")
    sources = ingress_sources(policy, 27017)
    components = {
        s["podSelector"]["matchLabels"].get("app.kubernetes.io/component") for s in sources
    }
    assert components == {"api", "registrar", None}  # None: the replica set's own members


@pytest.mark.parametrize("scenario_name", sorted(SCENARIOS))
def test_egress_allows_each_component_only_its_services(scenario_name: str) -> None:
    objects = render(SCENARIOS[scenario_name])
    allowed = {}
    for component in ("api", "analyzer", "registrar"):
        policy = one(objects, "NetworkPolicy", f"luna-{component}-egress")
        allowed[component] = {p["port"] for r in policy["spec"]["egress"] for p in r["ports"]}
    assert allowed == {
        "api": {5672, 27017, 5432},
        "analyzer": {5672},
        "registrar": {5672, 27017},
    }


def test_every_container_runs_unprivileged_with_limits(scenario: tuple[str, Objects]) -> None:
    _, objects = scenario
    for deployment in (o for o in objects if o["kind"] == "Deployment"):
        pod = deployment["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["automountServiceAccountToken"] is False
        for spec in pod["containers"]:
            security = spec["securityContext"]
            assert security["readOnlyRootFilesystem"] is True
            assert security["allowPrivilegeEscalation"] is False
            assert security["capabilities"]["drop"] == ["ALL"]
            assert {"cpu", "memory"} <= set(spec["resources"]["requests"])
            assert {"cpu", "memory"} <= set(spec["resources"]["limits"])


def test_pod_disruption_budgets_cover_every_deployment(default: Objects) -> None:
    deployments = {o["metadata"]["name"] for o in default if o["kind"] == "Deployment"}
    budgets = {
        o["metadata"]["name"]: o["spec"] for o in default if o["kind"] == "PodDisruptionBudget"
    }
    assert deployments == set(budgets)
    # A worker that may run alone must not block node drains.
    for worker in ("luna-analyzer", "luna-registrar"):
        assert budgets[worker].get("maxUnavailable") == 1, worker


def test_monitoring_scrapes_every_metrics_port(default: Objects) -> None:
    monitor = one(default, "ServiceMonitor", "luna")
    assert monitor["spec"]["endpoints"][0]["port"] == "metrics"
    with_metrics = {
        o["metadata"]["labels"]["app.kubernetes.io/component"]
        for o in default
        if o["kind"] == "Service" and any(p["name"] == "metrics" for p in o["spec"]["ports"])
    }
    assert with_metrics == {"api", "analyzer", "registrar"}


def test_queue_depths_are_scraped_from_the_operator_broker(
    default: Objects, gpu_external: Objects
) -> None:
    monitor = one(default, "ServiceMonitor", "luna-rabbitmq")
    (endpoint,) = monitor["spec"]["endpoints"]
    assert endpoint["path"] == "/metrics/detailed"
    assert endpoint["params"] == {"family": ["queue_coarse_metrics"]}
    assert not [
        o
        for o in gpu_external
        if o["kind"] == "ServiceMonitor" and o["metadata"]["name"] == "luna-rabbitmq"
    ]


def test_the_dashboard_plots_metrics_the_code_defines(default: Objects) -> None:
    dashboard = json.loads(one(default, "ConfigMap", "luna-dashboard")["data"]["luna.json"])
    used = {
        name
        for panel in dashboard["panels"]
        for target in panel["targets"]
        for name in re.findall(r"\b((?:luna|http)_[a-z_]+)\{", target["expr"])
    }
    assert luna_api.metrics and luna_analyzer_worker.metrics and luna_data_worker.metrics
    defined = {
        sample_name
        for family in REGISTRY.collect()
        for sample_name in (
            family.name,
            f"{family.name}_total",
            f"{family.name}_bucket",
            f"{family.name}_sum",
            f"{family.name}_count",
        )
    }
    assert used and used <= defined, used - defined
