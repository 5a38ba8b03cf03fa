"""The OAuth clients of the system and their authentication at the token endpoint."""

import base64
import binascii
import hmac
from dataclasses import dataclass
from urllib.parse import unquote_plus

from sanic import Request

from auth_service.config import Settings
from auth_service.oauth.errors import invalid_client, invalid_request, invalid_scope

PASSWORD = "password"
REFRESH_TOKEN = "refresh_token"
CLIENT_CREDENTIALS = "client_credentials"
GRANT_TYPES = (PASSWORD, REFRESH_TOKEN, CLIENT_CREDENTIALS)

USER_SCOPE = "api"


@dataclass(frozen=True)
class OAuthClient:
    """A registered client: public (no secret) or confidential (HTTP Basic)."""

    client_id: str
    grant_types: frozenset[str]
    scopes: frozenset[str]
    secret: str | None = None
    # Whether the refresh token also travels in an HttpOnly cookie (browser app).
    uses_cookie: bool = False

    @property
    def confidential(self) -> bool:
        return self.secret is not None


def build_clients(settings: Settings) -> dict[str, OAuthClient]:
    """Return the clients by id, with the secrets of ``settings``."""
    clients = (
        OAuthClient(
            client_id="web",
            grant_types=frozenset({PASSWORD, REFRESH_TOKEN}),
            scopes=frozenset({USER_SCOPE}),
            uses_cookie=True,
        ),
        OAuthClient(
            client_id="cliente-service",
            grant_types=frozenset({CLIENT_CREDENTIALS}),
            scopes=frozenset({"usuarios.write"}),
            secret=settings.cliente_service_secret,
        ),
        OAuthClient(
            client_id="pedido-service",
            grant_types=frozenset({CLIENT_CREDENTIALS}),
            scopes=frozenset({"clientes.read", "tracking.write"}),
            secret=settings.pedido_service_secret,
        ),
    )
    return {client.client_id: client for client in clients}


def _basic_credentials(header: str) -> tuple[str, str]:
    scheme, _, encoded = header.strip().partition(" ")
    if scheme.lower() != "basic":
        raise invalid_client("Use HTTP Basic authentication.", basic=True)
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise invalid_client(
            "The Basic credentials are not valid base64.", basic=True
        ) from None
    client_id, separator, secret = decoded.partition(":")
    if not separator:
        raise invalid_client("The Basic credentials lack a secret.", basic=True)
    # RFC 6749 2.3.1: id and secret are form-urlencoded before base64 encoding.
    return unquote_plus(client_id), unquote_plus(secret)


def _secret_matches(client: OAuthClient | None, secret: str) -> bool:
    expected = client.secret if client is not None and client.secret else ""
    # Compare even for an unknown client, so the time taken does not reveal it.
    matches = hmac.compare_digest(expected.encode(), secret.encode())
    return matches and client is not None and client.confidential


def authenticate_client(
    request: Request, form: dict[str, str], clients: dict[str, OAuthClient]
) -> OAuthClient:
    """Identify the client of a token or revocation request (RFC 6749 2.3).

    Confidential clients use HTTP Basic; the public client sends ``client_id``.
    """
    header = request.headers.get("Authorization")
    if header is not None:
        client_id, secret = _basic_credentials(header)
        if "client_secret" in form:
            raise invalid_request("Use only one client authentication method.")
        if form.get("client_id", client_id) != client_id:
            raise invalid_request("client_id differs from the Basic credentials.")
        client = clients.get(client_id)
        if not _secret_matches(client, secret):
            raise invalid_client("Client authentication failed.", basic=True)
        return client
    if "client_secret" in form:
        raise invalid_client(
            "Send the client secret with HTTP Basic authentication.", basic=False
        )
    client_id = form.get("client_id")
    if client_id is None:
        raise invalid_client("Send client_id or HTTP Basic credentials.", basic=False)
    client = clients.get(client_id)
    if client is None:
        raise invalid_client(f"Unknown client {client_id!r}.", basic=False)
    if client.confidential:
        raise invalid_client(
            "This client must authenticate with HTTP Basic.", basic=False
        )
    return client


def requested_scopes(form: dict[str, str], allowed: frozenset[str]) -> frozenset[str]:
    """Return the scopes of the ``scope`` parameter, or ``allowed`` without one.

    Raises invalid_scope when a scope is outside ``allowed``.
    """
    raw = form.get("scope")
    if raw is None:
        return allowed
    requested = frozenset(raw.split(" ")) - {""}
    if not requested:
        return allowed
    unknown = requested - allowed
    if unknown:
        raise invalid_scope(f"Scope not allowed: {' '.join(sorted(unknown))}.")
    return requested
