"""Static checks of the container deployment: docker-compose.yml, the Dockerfiles,
the Swarm stack conversion and the README's start command. Docker itself is not
needed, because the checks run check-jsonschema and hadolint from the virtual
environment."""

import importlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
COMPOSE_FILE = ROOT / "docker-compose.yml"

# Compose service name -> Python package. The native run, the test fixtures and the
# images all start a service with `python -m <package>`.
PYTHON_SERVICES = {
    "auth": "auth_service",
    "cliente": "cliente_service",
    "pedido": "pedido_service",
    "tracking": "tracking_service",
}
DOCKERFILES = [
    "auth_service/Dockerfile",
    "cliente_service/Dockerfile",
    "pedido_service/Dockerfile",
    "tracking_service/Dockerfile",
    "nginx/Dockerfile",
    "loadtest/Dockerfile",
]
# A one-shot job behind a profile: nothing depends on it, so it has no healthcheck.
ONE_SHOT_SERVICES = {"loadtest"}
PUBLISHING_SERVICES = {"nginx"}

# Service keys that `docker stack deploy` accepts (Compose file format 3.x).
STACK_SERVICE_KEYS = {
    "deploy", "build", "cap_add", "cap_drop", "cgroupns_mode", "cgroup_parent",
    "command", "configs", "container_name", "credential_spec", "depends_on",
    "devices", "dns", "dns_search", "domainname", "entrypoint", "env_file",
    "environment", "expose", "external_links", "extra_hosts", "healthcheck",
    "hostname", "image", "init", "ipc", "isolation", "labels", "links", "logging",
    "mac_address", "network_mode", "networks", "pid", "ports", "privileged",
    "read_only", "restart", "security_opt", "shm_size", "secrets", "sysctls",
    "stdin_open", "stop_grace_period", "stop_signal", "tmpfs", "tty", "ulimits",
    "oom_score_adj", "user", "userns_mode", "volumes", "working_dir",
}  # fmt: skip


def load_compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def dockerfile_instructions(path: Path) -> list[tuple[str, str]]:
    """Parse a Dockerfile into (INSTRUCTION, arguments) pairs.

    It joins continuation lines and drops comments. That is enough for the checks
    below, but it is not a full parser (no heredocs, no escape directive).
    """
    instructions = []
    pending = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        text = pending + line
        pending = ""
        keyword, _, arguments = text.partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
    return instructions


def final_stage(instructions: list[tuple[str, str]]) -> list[tuple[str, str]]:
    starts = [i for i, (keyword, _) in enumerate(instructions) if keyword == "FROM"]
    return instructions[starts[-1] :]


def dockerfile_of(service: dict) -> Path | None:
    build = service.get("build")
    if build is None:
        return None
    if isinstance(build, str):
        return ROOT / build / "Dockerfile"
    return ROOT / build.get("context", ".") / build.get("dockerfile", "Dockerfile")


def test_compose_file_matches_compose_spec():
    result = subprocess.run(
        [
            BIN / "check-jsonschema",
            "--builtin-schema",
            "vendor.compose-spec",
            COMPOSE_FILE,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", DOCKERFILES)
def test_dockerfile_passes_hadolint(path):
    # hadolint reads .hadolint.yaml from the working directory when it exists.
    result = subprocess.run(
        [BIN / "hadolint", "--no-color", "--failure-threshold", "warning", path],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", sorted(load_compose()["services"]))
def test_compose_service_has_healthcheck(name):
    if name in ONE_SHOT_SERVICES:
        pytest.skip("one-shot job")
    service = load_compose()["services"][name]
    healthcheck = service.get("healthcheck")
    assert healthcheck is not None, f"{name} has no healthcheck"
    assert not healthcheck.get("disable", False)
    if "test" in healthcheck:
        return
    # A healthcheck without "test" keeps the command of the image's HEALTHCHECK.
    dockerfile = dockerfile_of(service)
    assert dockerfile is not None, f"{name}: healthcheck without test and no build"
    stage = final_stage(dockerfile_instructions(dockerfile))
    keywords = [keyword for keyword, _ in stage]
    assert "HEALTHCHECK" in keywords, f"{dockerfile} has no HEALTHCHECK"


def test_depends_on_waits_for_healthy_services():
    services = load_compose()["services"]
    for name, service in services.items():
        depends_on = service.get("depends_on", {})
        assert isinstance(depends_on, dict), f"{name}: depends_on needs the long form"
        for dependency, options in depends_on.items():
            assert dependency in services, f"{name} depends on unknown {dependency}"
            condition = options.get("condition")
            assert condition == "service_healthy", f"{name}: {dependency} {condition}"


def test_only_nginx_publishes_ports():
    services = load_compose()["services"]
    publishing = {name for name, service in services.items() if service.get("ports")}
    assert publishing == PUBLISHING_SERVICES


def test_nginx_publishes_gateway_port():
    ports = load_compose()["services"]["nginx"]["ports"]
    assert ports == ["${GATEWAY_PORT:-8080}:8080"]


def test_databases_only_on_back_network():
    services = load_compose()["services"]
    for name in ("postgres", "mysql", "redis", *PYTHON_SERVICES):
        assert services[name]["networks"] == ["back"], name
    assert load_compose()["networks"]["back"].get("internal") is True


@pytest.mark.parametrize(("name", "package"), sorted(PYTHON_SERVICES.items()))
def test_python_service_runs_its_package(name, package):
    service = load_compose()["services"][name]
    expected = ["python", "-m", package]
    assert service.get("command", expected) == expected
    assert "entrypoint" not in service
    dockerfile = dockerfile_of(service)
    assert dockerfile == ROOT / package / "Dockerfile"
    stage = final_stage(dockerfile_instructions(dockerfile))
    keywords = [keyword for keyword, _ in stage]
    assert "ENTRYPOINT" not in keywords
    commands = [arguments for keyword, arguments in stage if keyword == "CMD"]
    assert len(commands) == 1
    assert json.loads(commands[0]) == expected


@pytest.mark.parametrize("path", DOCKERFILES)
def test_dockerfile_bakes_in_no_secret(path):
    for keyword, arguments in dockerfile_instructions(ROOT / path):
        if keyword in {"ENV", "ARG"}:
            assert not re.search(r"SECRET|PASSWORD|TOKEN", arguments), arguments


@pytest.mark.parametrize("path", [p for p in DOCKERFILES if not p.startswith("nginx")])
def test_python_image_runs_as_non_root(path):
    stage = final_stage(dockerfile_instructions(ROOT / path))
    users = [arguments for keyword, arguments in stage if keyword == "USER"]
    assert users, f"{path} has no USER"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}


@pytest.mark.parametrize(("name", "package"), sorted(PYTHON_SERVICES.items()))
def test_compose_sets_every_required_setting(name, package):
    settings = importlib.import_module(f"{package}.config").Settings
    names = settings.env_names()
    environment = load_compose()["services"][name]["environment"]
    required = {variable for variable, default in names.items() if default is None}
    assert required - set(environment) == set()


@pytest.mark.parametrize(("name", "package"), sorted(PYTHON_SERVICES.items()))
def test_compose_sets_only_settings_read(name, package):
    # A variable that no setting reads is a typo or a leftover.
    settings = importlib.import_module(f"{package}.config").Settings
    environment = load_compose()["services"][name]["environment"]
    assert set(environment) - set(settings.env_names()) == set()


def test_service_secrets_match_auth_registration():
    services = load_compose()["services"]
    auth = services["auth"]["environment"]
    cliente = services["cliente"]["environment"]
    pedido = services["pedido"]["environment"]
    assert cliente["CLIENT_SECRET"] == auth["CLIENTE_SERVICE_SECRET"]
    assert pedido["CLIENT_SECRET"] == auth["PEDIDO_SERVICE_SECRET"]


def test_python_services_listen_on_their_ports():
    services = load_compose()["services"]
    ports = {"auth": "8001", "cliente": "8002", "pedido": "8003", "tracking": "8004"}
    for name, port in ports.items():
        assert services[name]["environment"]["PORT"] == port
        assert services[name]["environment"]["HOST"] == "0.0.0.0"


def test_readme_shows_compose_command():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert "docker compose up --build" in [line.strip() for line in lines]
    # `docker compose` without -f looks for compose.yaml, compose.yml,
    # docker-compose.yml and docker-compose.yaml, in that order.
    assert COMPOSE_FILE.is_file()
    for other in ("compose.yaml", "compose.yml", "docker-compose.yaml"):
        assert not (ROOT / other).exists(), f"both {other} and {COMPOSE_FILE.name}"


def test_swarm_stack_drops_compose_only_keys():
    result = subprocess.run(
        [sys.executable, ROOT / "deploy" / "swarm_stack.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    stack = yaml.safe_load(result.stdout)
    assert stack["version"].startswith("3.")
    assert "name" not in stack
    assert "loadtest" not in stack["services"]
    assert set(stack["services"]) == set(load_compose()["services"]) - {"loadtest"}
    for name, service in stack["services"].items():
        assert set(service) <= STACK_SERVICE_KEYS, name
        assert "depends_on" not in service, name
        assert "build" not in service, name
        assert "image" in service, name
