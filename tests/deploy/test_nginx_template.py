"""Static checks of the gateway template: it renders with envsubst, nginx accepts the
result, and the native script and the image fill in the same variables."""

import base64
import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "nginx" / "templates" / "default.conf.template"
RUN_NATIVE = ROOT / "nginx" / "run-native.sh"
NGINX_DOCKERFILE = ROOT / "nginx" / "Dockerfile"
DOCS_INDEX = ROOT / "nginx" / "api-docs" / "index.html"

TEMPLATE_VARIABLES = {
    "GATEWAY_HOST",
    "GATEWAY_PORT",
    "AUTH_UPSTREAM",
    "CLIENTE_UPSTREAM",
    "PEDIDO_UPSTREAM",
    "TRACKING_UPSTREAM",
    "WEB_ROOT",
    "DOCS_ROOT",
}
LOOPBACK_VALUES = {
    "GATEWAY_HOST": "127.0.0.1",
    "GATEWAY_PORT": "18080",
    "AUTH_UPSTREAM": "127.0.0.1:8001",
    "CLIENTE_UPSTREAM": "127.0.0.1:8002",
    "PEDIDO_UPSTREAM": "127.0.0.1:8003",
    "TRACKING_UPSTREAM": "127.0.0.1:8004",
    "DOCS_ROOT": str(DOCS_INDEX.parent),
}


def render(values: dict[str, str]) -> str:
    """Render the template the way run-native.sh does: envsubst with a name list."""
    names = " ".join(f"${{{name}}}" for name in sorted(TEMPLATE_VARIABLES))
    result = subprocess.run(
        ["envsubst", names],
        input=TEMPLATE.read_text(encoding="utf-8"),
        env={**os.environ, **values},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_envsubst_and_nginx_are_installed():
    assert shutil.which("envsubst"), "envsubst missing: apt-get install gettext-base"
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(nginx).is_file(), "nginx missing: apt-get install nginx"


def test_template_uses_only_documented_variables():
    text = TEMPLATE.read_text(encoding="utf-8")
    braced = set(re.findall(r"\$\{(\w+)\}", text))
    assert braced == TEMPLATE_VARIABLES
    # An unbraced $NAME in capitals would be replaced too by envsubst if listed.
    uppercase = set(re.findall(r"\$([A-Z][A-Z0-9_]*)\b", text))
    assert uppercase <= TEMPLATE_VARIABLES


def test_rendering_keeps_nginx_variables(tmp_path):
    rendered = render({**LOOPBACK_VALUES, "WEB_ROOT": str(tmp_path)})
    assert "${" not in rendered
    assert "listen 127.0.0.1:18080 default_server;" in rendered
    assert "server 127.0.0.1:8003;" in rendered
    assert f'root "{tmp_path}";' in rendered
    assert f'root "{DOCS_INDEX.parent}";' in rendered
    for variable in ("$host", "$request_id", "$http_x_request_id", "$uri"):
        assert variable in rendered


def test_nginx_accepts_rendered_config(tmp_path):
    web_root = tmp_path / "web"
    web_root.mkdir()
    (web_root / "index.html").write_text("<!doctype html><title>t</title>\n")
    prefix = tmp_path / "prefix"
    result = subprocess.run(
        [RUN_NATIVE, prefix, "-t"],
        env={**os.environ, **LOOPBACK_VALUES, "WEB_ROOT": str(web_root)},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr
    rendered = (prefix / "conf.d" / "default.conf").read_text(encoding="utf-8")
    assert rendered == render({**LOOPBACK_VALUES, "WEB_ROOT": str(web_root)})
    main_config = (prefix / "nginx.conf").read_text(encoding="utf-8")
    for directive in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        assert f'{directive}_temp_path "{prefix}/temp/' in main_config


def test_run_native_requires_prefix():
    result = subprocess.run(
        [RUN_NATIVE], capture_output=True, text=True, timeout=30, check=False
    )
    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_image_defines_every_template_variable():
    text = NGINX_DOCKERFILE.read_text(encoding="utf-8")
    for name in TEMPLATE_VARIABLES:
        assert re.search(rf"\b{name}=\S+", text), f"{name} has no default in the image"
    match = re.search(r'NGINX_ENVSUBST_FILTER="([^"]+)"', text)
    assert match, "NGINX_ENVSUBST_FILTER missing"
    # The image's entrypoint substitutes the environment variables whose names
    # match this pattern.
    pattern = re.compile(match.group(1))
    for name in TEMPLATE_VARIABLES:
        assert pattern.search(name), name
    for name in ("HOSTNAME", "HOME", "PATH", "NGINX_VERSION"):
        assert not pattern.search(name), name


def test_image_copies_docs_index():
    text = NGINX_DOCKERFILE.read_text(encoding="utf-8")
    match = re.search(r"\bDOCS_ROOT=(\S+)", text)
    assert match, "DOCS_ROOT has no default in the image"
    assert f"COPY nginx/api-docs/ {match.group(1)}/" in text


@pytest.mark.parametrize("name", ["auth", "clientes", "pedidos", "tracking"])
def test_docs_index_links_service(name):
    page = DOCS_INDEX.read_text(encoding="utf-8")
    for link in (f"/api/docs/{name}/", f"/api/docs/{name}/redoc"):
        assert f'href="{link}"' in page
    assert f'href="/api/docs/{name}/openapi.json"' in page


@pytest.mark.parametrize(
    "directive",
    [
        "server_tokens off;",
        "client_max_body_size 1m;",
        "proxy_buffering off;",
        'proxy_set_header Connection "";',
        "proxy_http_version 1.1;",
        "limit_req_status 429;",
    ],
)
def test_template_contains_directive(directive):
    assert directive in TEMPLATE.read_text(encoding="utf-8")


def test_csp_hash_matches_angular_onload_handler():
    # Angular's critical CSS inlining writes onload="this.media='all'".
    digest = hashlib.sha256(b"this.media='all'").digest()
    source = f"'sha256-{base64.b64encode(digest).decode()}'"
    assert source in TEMPLATE.read_text(encoding="utf-8")
