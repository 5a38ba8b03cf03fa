"""Write the Docker Swarm stack form of docker-compose.yml to stdout.

``docker stack deploy`` validates against Compose file format 3, which rejects some
keys that ``docker compose`` needs: the long form of ``depends_on`` (with
``condition: service_healthy``), ``profiles`` and the top-level ``name``. This
script removes them, together with the keys Swarm ignores (``build``, ``restart``),
and leaves ``${VAR:-default}`` references for ``docker stack deploy`` to fill in:

    docker compose build && docker compose push    # images must be in a registry
    python3 deploy/swarm_stack.py | docker stack deploy -c - seguimiento

Run it from the repository root: the stack keeps the relative path of the postgres
init script, which ``docker stack deploy -c -`` resolves against the working
directory. Services behind a profile (the load test) are left out. Needs PyYAML.
"""

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

COMPOSE_FILE = Path(__file__).resolve().parent.parent / "docker-compose.yml"

# The newest Compose file format 3 revision that the keys below need (configs from
# 3.3, healthcheck start_period and x- extensions from 3.4).
STACK_VERSION = "3.8"

DROPPED_TOP_LEVEL_KEYS = {"name"}
DROPPED_SERVICE_KEYS = {"build", "depends_on", "profiles", "restart"}


class _PlainDumper(yaml.SafeDumper):
    """YAML dumper that writes shared blocks out in full instead of as aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def stack_from_compose(compose: dict[str, Any]) -> dict[str, Any]:
    """Convert a parsed compose file (anchors already merged) to the stack form."""
    stack: dict[str, Any] = {"version": STACK_VERSION}
    for key, value in compose.items():
        # x- blocks only exist to be merged into services, which YAML has done.
        if key in DROPPED_TOP_LEVEL_KEYS or key.startswith("x-"):
            continue
        stack[key] = value
    services = {}
    for name, service in compose["services"].items():
        if "profiles" in service:
            continue
        if "image" not in service:
            raise ValueError(f"service {name!r} has no image, which Swarm requires")
        services[name] = {
            key: value
            for key, value in service.items()
            if key not in DROPPED_SERVICE_KEYS
        }
    stack["services"] = services
    return stack


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "compose_file",
        nargs="?",
        type=Path,
        default=COMPOSE_FILE,
        help="compose file to convert (default: docker-compose.yml of the repository)",
    )
    args = parser.parse_args(argv)
    compose = yaml.safe_load(args.compose_file.read_text(encoding="utf-8"))
    yaml.dump(
        stack_from_compose(compose), sys.stdout, Dumper=_PlainDumper, sort_keys=False
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
