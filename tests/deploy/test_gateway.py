"""The gateway as it runs natively: nginx started by nginx/run-native.sh in front of
four small loopback HTTP servers that stand in for the services and record what
reaches them."""

import contextlib
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUN_NATIVE = ROOT / "nginx" / "run-native.sh"
HASHED_ASSET = "main-ABCD2345.js"
INDEX_HTML = "<!doctype html><title>Seguimiento</title><app-root></app-root>\n"
STREAM_PATH = "/api/tracking/stream"
# Shape of the Swagger UI page that sanic-ext serves at /docs/ on each service: it
# names its document and its configuration by absolute path.
SWAGGER_PAGE = (
    '<!DOCTYPE html><html><body><div id="openapi"></div><script>'
    'SwaggerUIBundle({url: "/docs/openapi.json", configUrl: "/docs/swagger-config"})'
    "</script></body></html>"
)
DOCS_PREFIXES = {
    "auth": "auth",
    "clientes": "cliente",
    "pedidos": "pedido",
    "tracking": "tracking",
}
# Maximum wait in seconds for one step of a test, generous for a loaded machine.
TIMEOUT = 10.0


@dataclass
class Upstream:
    """Stand-in service that returns JSON and records each request it receives."""

    name: str
    server: ThreadingHTTPServer
    requests: list[dict] = field(default_factory=list)
    # The streaming handler keeps its response open until the test sets this.
    release_stream: threading.Event = field(default_factory=threading.Event)
    stream_finished: threading.Event = field(default_factory=threading.Event)

    def paths_with_request_id(self, request_id: str) -> list[str]:
        return [
            entry["path"]
            for entry in self.requests
            if entry["headers"].get("x-request-id") == request_id
        ]

    @property
    def address(self) -> str:
        host, port = self.server.server_address[:2]
        return f"{host}:{port}"

    def paths_containing(self, marker: str) -> list[str]:
        return [entry["path"] for entry in self.requests if marker in entry["path"]]


class UpstreamHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body are separate writes. With Nagle's algorithm the body would
    # wait for the delayed ACK of the headers (about 40 ms per response).
    disable_nagle_algorithm = True
    upstream: Upstream  # set on the subclass made for each server

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep the test output quiet

    def handle_any(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.upstream.requests.append(
            {
                "method": self.command,
                "path": self.path,
                "headers": {key.lower(): value for key, value in self.headers.items()},
                "body_length": len(body),
            }
        )
        if self.path.startswith(STREAM_PATH):
            self.send_stream()
        elif self.path in ("/docs/", "/docs/redoc"):
            self.send_html(SWAGGER_PAGE)
        elif "close-without-response" in self.path:
            self.close_connection = True
        else:
            self.send_json()

    def send_json(self) -> None:
        payload = json.dumps(
            {
                "service": self.upstream.name,
                "path": self.path,
                "request_id": self.headers.get("X-Request-ID"),
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Cache-Control", "no-store")
        # The gateway hides this copy and sends its own.
        self.send_header("X-Request-ID", "set-by-upstream")
        self.end_headers()
        self.wfile.write(payload)

    def send_html(self, page: str) -> None:
        payload = page.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def send_stream(self) -> None:
        """Send one event, wait until the test has seen it, then send another."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        self.wfile.write(b'event: estado\ndata: {"n": 1}\n\n')
        self.wfile.flush()
        self.upstream.release_stream.wait(2 * TIMEOUT)
        self.wfile.write(b'event: estado\ndata: {"n": 2}\n\n')
        self.wfile.flush()
        self.upstream.stream_finished.set()

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any


def start_upstream(name: str) -> Upstream:
    handler = type(f"{name}Handler", (UpstreamHandler,), {})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    upstream = Upstream(name, server)
    handler.upstream = upstream
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return upstream


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class Gateway:
    port: int
    upstreams: dict[str, Upstream]
    log_path: Path

    def request(
        self,
        method: str,
        path: str,
        *,
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
    ) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return Response(response.status, response.headers, response.read())
        finally:
            connection.close()


def wait_until_serving(port: int, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = log_path.read_text(errors="replace")
            raise RuntimeError(f"nginx exited with {process.returncode}:\n{log}")
        with contextlib.suppress(OSError):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/")
            if connection.getresponse().status == 200:
                connection.close()
                return
        time.sleep(0.05)  # polling interval, not synchronisation
    raise TimeoutError(f"nginx did not serve within 30 s:\n{log_path.read_text()}")


@pytest.fixture(scope="module")
def gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gateway]:
    upstreams = {name: start_upstream(name) for name in ("auth", "cliente", "pedido")}
    upstreams["tracking"] = start_upstream("tracking")

    web_root = tmp_path_factory.mktemp("web")
    (web_root / "index.html").write_text(INDEX_HTML)
    (web_root / HASHED_ASSET).write_text("console.log('app');\n")
    workdir = tmp_path_factory.mktemp("gateway")
    log_path = workdir / "nginx.log"
    port = free_port()
    environment = {
        **os.environ,
        "GATEWAY_HOST": "127.0.0.1",
        "GATEWAY_PORT": str(port),
        "AUTH_UPSTREAM": upstreams["auth"].address,
        "CLIENTE_UPSTREAM": upstreams["cliente"].address,
        "PEDIDO_UPSTREAM": upstreams["pedido"].address,
        "TRACKING_UPSTREAM": upstreams["tracking"].address,
        "WEB_ROOT": str(web_root),
    }
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [RUN_NATIVE, workdir / "prefix"],
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_until_serving(port, process, log_path)
        yield Gateway(port, upstreams, log_path)
    finally:
        # run-native.sh execs nginx, so this is the master process: fast shutdown.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        for upstream in upstreams.values():
            upstream.release_stream.set()
            upstream.server.shutdown()
            upstream.server.server_close()


def probe() -> str:
    """Return a unique query parameter that finds one request in the recordings."""
    return f"probe={uuid.uuid4().hex}"


@pytest.mark.parametrize(
    ("path", "service"),
    [
        ("/api/auth/me", "auth"),
        ("/oauth2/jwks", "auth"),
        ("/oauth2/revoke", "auth"),
        ("/.well-known/oauth-authorization-server", "auth"),
        ("/api/clientes", "cliente"),
        ("/api/clientes/me", "cliente"),
        ("/api/pedidos", "pedido"),
        ("/api/pedidos/PED-ABCDEFGHJK/historial", "pedido"),
        ("/api/pedidos/sincronizacion", "pedido"),
        ("/api/tracking", "tracking"),
        ("/api/tracking/PED-ABCDEFGHJK", "tracking"),
    ],
)
def test_gateway_routes_prefix_to_service(gateway, path, service):
    marker = probe()
    response = gateway.request("GET", f"{path}?{marker}")
    assert response.status == 200
    assert response.json()["service"] == service
    assert response.json()["path"] == f"{path}?{marker}"
    for name, upstream in gateway.upstreams.items():
        expected = [f"{path}?{marker}"] if name == service else []
        assert upstream.paths_containing(marker) == expected


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/internal/tracking/PED-ABCDEFGHJK"),
        ("PUT", "/internal/tracking/PED-ABCDEFGHJK"),
        ("POST", "/internal/usuarios"),
        ("GET", "/internal"),
        ("GET", "/health/ready"),
        ("GET", "/health/live"),
        ("GET", "/health"),
        ("GET", "/api/pedidos/../../internal/tracking/PED-ABCDEFGHJK"),
        ("GET", "/api/unknown"),
    ],
)
def test_gateway_does_not_route_path(gateway, method, path):
    marker = probe()
    response = gateway.request(method, f"{path}?{marker}", body=b"{}")
    assert response.status == 404
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404
    for upstream in gateway.upstreams.values():
        assert upstream.paths_containing(marker) == []


def test_request_id_generated_and_forwarded(gateway):
    marker = probe()
    response = gateway.request("GET", f"/api/pedidos?{marker}")
    assert response.status == 200
    request_ids = response.headers.get_all("X-Request-ID")
    assert len(request_ids) == 1
    assert re.fullmatch(r"[0-9a-f]{32}", request_ids[0])
    assert response.json()["request_id"] == request_ids[0]


def test_request_id_from_client_kept(gateway):
    response = gateway.request(
        "GET", f"/api/tracking?{probe()}", headers={"X-Request-ID": "client-id.42"}
    )
    assert response.status == 200
    assert response.headers.get_all("X-Request-ID") == ["client-id.42"]
    assert response.json()["request_id"] == "client-id.42"


def test_request_id_malformed_replaced(gateway):
    response = gateway.request(
        "GET", f"/api/tracking?{probe()}", headers={"X-Request-ID": "two words"}
    )
    assert response.status == 200
    request_id = response.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    assert response.json()["request_id"] == request_id


def test_request_id_on_static_files(gateway):
    response = gateway.request("GET", "/")
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])


@pytest.mark.parametrize("path", ["/", f"/api/pedidos?{probe()}", "/missing.js"])
def test_security_headers_present(gateway, path):
    response = gateway.request("GET", path)
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "style-src 'self' 'unsafe-inline'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["Server"] == "nginx"


def test_spa_fallback_serves_index(gateway):
    response = gateway.request("GET", "/pedidos/PED-ABCDEFGHJK")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.body.decode() == INDEX_HTML
    assert response.headers["Cache-Control"] == "no-cache"


def test_missing_asset_is_404(gateway):
    response = gateway.request("GET", "/missing.js")
    assert response.status == 404
    assert response.body.decode() != INDEX_HTML


def test_hashed_asset_cached_immutable(gateway):
    response = gateway.request("GET", f"/{HASHED_ASSET}")
    assert response.status == 200
    assert response.headers["Content-Type"] == "application/javascript"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_service_cache_control_kept(gateway):
    response = gateway.request("GET", f"/api/pedidos?{probe()}")
    assert response.headers.get_all("Cache-Control") == ["no-store"]


def test_body_of_one_mebibyte_accepted(gateway):
    marker = probe()
    response = gateway.request(
        "POST", f"/api/pedidos?{marker}", body=b"x" * 1024 * 1024
    )
    assert response.status == 200
    [recorded] = [
        entry
        for entry in gateway.upstreams["pedido"].requests
        if marker in entry["path"]
    ]
    assert recorded["body_length"] == 1024 * 1024


def test_body_over_one_mebibyte_rejected(gateway):
    marker = probe()
    response = gateway.request(
        "POST", f"/api/pedidos?{marker}", body=b"x" * (1024 * 1024 + 1)
    )
    assert response.status == 413
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 413
    assert gateway.upstreams["pedido"].paths_containing(marker) == []


def test_token_body_too_large_not_cached(gateway):
    response = gateway.request(
        "POST", f"/oauth2/token?{probe()}", body=b"x" * (1024 * 1024 + 1)
    )
    assert response.status == 413
    assert response.headers.get_all("Cache-Control") == ["no-store"]


def test_oversized_headers_are_problem_400(gateway):
    response = gateway.request(
        "GET", f"/api/pedidos?{probe()}", headers={"Authorization": "x" * 20_000}
    )
    assert response.status == 400
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 400


def test_unreachable_answer_is_problem_502(gateway):
    response = gateway.request("GET", f"/api/pedidos/close-without-response?{probe()}")
    assert response.status == 502
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 502
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])


def test_token_endpoint_rate_limited(gateway):
    # 10 requests/s with a burst of 20: back-to-back requests pass the limit long
    # before the cap below, however slow the machine.
    marker = probe()
    statuses = []
    last = None
    connection = http.client.HTTPConnection("127.0.0.1", gateway.port, timeout=TIMEOUT)
    try:
        for _ in range(300):
            connection.request(
                "POST",
                f"/oauth2/token?{marker}",
                body=b"grant_type=password",
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            )
            last = connection.getresponse()
            body = last.read()
            statuses.append(last.status)
            if last.status == 429:
                break
    finally:
        connection.close()
    assert statuses[0] == 200
    assert statuses[-1] == 429
    assert last.headers["Content-Type"] == "application/problem+json"
    assert last.headers.get_all("Cache-Control") == ["no-store"]
    assert json.loads(body)["status"] == 429
    reached = len(gateway.upstreams["auth"].paths_containing(marker))
    assert reached == statuses.count(200)


def test_event_stream_not_buffered(gateway):
    tracking = gateway.upstreams["tracking"]
    connection = http.client.HTTPConnection("127.0.0.1", gateway.port, timeout=TIMEOUT)
    try:
        connection.request("GET", STREAM_PATH, headers={"Accept": "text/event-stream"})
        response = connection.getresponse()
        assert response.status == 200
        assert response.headers["Content-Type"] == "text/event-stream"
        try:
            first = [response.readline() for _ in range(3)]
        except TimeoutError:
            pytest.fail(f"no event within {TIMEOUT} s: the gateway buffers the stream")
        # The first event arrived while the service still keeps the response open.
        assert not tracking.stream_finished.is_set()
        assert first == [b"event: estado\n", b'data: {"n": 1}\n', b"\n"]
        tracking.release_stream.set()
        rest = response.read()
    finally:
        connection.close()
    assert tracking.stream_finished.is_set()
    assert rest == b'event: estado\ndata: {"n": 2}\n\n'


def test_docs_index_served_by_gateway(gateway):
    request_id = uuid.uuid4().hex
    response = gateway.request(
        "GET", "/api/docs/", headers={"X-Request-ID": request_id}
    )
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.headers["Cache-Control"] == "no-cache"
    page = response.body.decode()
    for prefix in DOCS_PREFIXES:
        assert f'href="/api/docs/{prefix}/"' in page
    for upstream in gateway.upstreams.values():
        assert upstream.paths_with_request_id(request_id) == []


@pytest.mark.parametrize(
    ("path", "location"),
    [("/api/docs", "/api/docs/"), ("/api/docs/pedidos", "/api/docs/pedidos/")],
)
def test_docs_path_without_slash_redirected(gateway, path, location):
    response = gateway.request("GET", path)
    assert response.status == 301
    assert response.headers["Location"] == location


@pytest.mark.parametrize(("prefix", "service"), sorted(DOCS_PREFIXES.items()))
@pytest.mark.parametrize("page", ["", "redoc"])
def test_docs_ui_proxied_with_prefix(gateway, prefix, service, page):
    request_id = uuid.uuid4().hex
    response = gateway.request(
        "GET", f"/api/docs/{prefix}/{page}", headers={"X-Request-ID": request_id}
    )
    assert response.status == 200
    body = response.body.decode()
    assert f'url: "/api/docs/{prefix}/openapi.json"' in body
    assert f'configUrl: "/api/docs/{prefix}/swagger-config"' in body
    assert '"/docs/' not in body
    for name, upstream in gateway.upstreams.items():
        expected = [f"/docs/{page}"] if name == service else []
        assert upstream.paths_with_request_id(request_id) == expected


@pytest.mark.parametrize(("prefix", "service"), sorted(DOCS_PREFIXES.items()))
def test_docs_document_proxied(gateway, prefix, service):
    request_id = uuid.uuid4().hex
    response = gateway.request(
        "GET",
        f"/api/docs/{prefix}/openapi.json",
        headers={"X-Request-ID": request_id},
    )
    assert response.status == 200
    assert response.json()["service"] == service
    assert response.json()["path"] == "/docs/openapi.json"
    for name, upstream in gateway.upstreams.items():
        expected = ["/docs/openapi.json"] if name == service else []
        assert upstream.paths_with_request_id(request_id) == expected


def test_docs_ui_policy_allows_cdn(gateway):
    response = gateway.request("GET", "/api/docs/tracking/")
    csp = response.headers["Content-Security-Policy"]
    assert "https://cdnjs.cloudflare.com" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    "path",
    [
        "/api/docs/tracking/oauth2-redirect.html",
        "/api/docs/tracking/swagger",
        "/api/docs/tracking/openapi.json/extra",
        "/api/docs/unknown/",
        "/api/docs/index.html",
        "/api/docs/tracking/../../../internal/tracking",
        "/api/docs/tracking/%2e%2e/%2e%2e/%2e%2e/internal/tracking",
        "/api/docs/tracking/..%2F..%2F..%2Finternal%2Ftracking",
    ],
)
def test_docs_does_not_route_path(gateway, path):
    request_id = uuid.uuid4().hex
    response = gateway.request("GET", path, headers={"X-Request-ID": request_id})
    assert response.status == 404
    assert response.headers["Content-Type"] == "application/problem+json"
    for upstream in gateway.upstreams.values():
        assert upstream.paths_with_request_id(request_id) == []
