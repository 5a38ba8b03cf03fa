"""The three grants of the token endpoint (RFC 6749 sections 4.3, 4.4 and 6)."""

from dataclasses import dataclass, field

from auth_service.models import Usuario
from auth_service.oauth.clients import OAuthClient, requested_scopes
from auth_service.oauth.errors import (
    invalid_grant,
    invalid_request,
    too_many_failed_logins,
)
from auth_service.services.keys import KeyRing
from auth_service.services.login_throttle import LoginThrottle
from auth_service.services.passwords import PasswordHasher
from auth_service.services.refresh_tokens import (
    RefreshTokenRejected,
    issue_refresh_token,
    rotate_refresh_token,
)
from auth_service.services.tokens import Subject, TokenSettings, issue_access_token
from auth_service.services.usuarios import authenticate

MAX_EMAIL_LENGTH = 254


@dataclass(frozen=True)
class GrantContext:
    """The keys, password hasher and token settings that the grants use."""

    keyring: KeyRing
    hasher: PasswordHasher
    tokens: TokenSettings
    refresh_ttl: int
    throttle: LoginThrottle = field(default_factory=LoginThrottle)


@dataclass(frozen=True)
class TokenResult:
    """A successful token response and, for user grants, its refresh token."""

    body: dict
    refresh_token: str | None = None


async def _user_tokens(
    *,
    context: GrantContext,
    usuario: Usuario,
    client: OAuthClient,
    scopes: frozenset[str],
    refresh_token: str,
) -> TokenResult:
    subject = Subject(
        sub=str(usuario.id),
        client_id=client.client_id,
        scopes=scopes,
        roles=tuple(usuario.roles),
        cliente_id=str(usuario.cliente_id) if usuario.cliente_id else None,
    )
    access_token = await issue_access_token(
        keyring=context.keyring, settings=context.tokens, subject=subject
    )
    body = {
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": context.tokens.ttl,
        "scope": " ".join(sorted(scopes)),
        "refresh_token": refresh_token,
    }
    return TokenResult(body=body, refresh_token=refresh_token)


async def password_grant(
    *, context: GrantContext, client: OAuthClient, form: dict[str, str], **_: object
) -> TokenResult:
    """Log a user in with email (``username``) and password."""
    username = form.get("username")
    password = form.get("password")
    if username is None or password is None:
        raise invalid_request("The password grant needs username and password.")
    scopes = requested_scopes(form, client.scopes)
    email = username.strip().lower()
    retry_after = context.throttle.retry_after(email)
    if retry_after is not None:
        raise too_many_failed_logins(retry_after)
    usuario = None
    if len(username) <= MAX_EMAIL_LENGTH:
        usuario = await authenticate(
            email=username, password=password, hasher=context.hasher
        )
    else:
        await context.hasher.verify(password, None)
    if usuario is None:
        context.throttle.record_failure(email)
        raise invalid_grant("The email or password is incorrect.")
    context.throttle.reset(email)
    refresh_token = await issue_refresh_token(
        usuario=usuario,
        client_id=client.client_id,
        scope=" ".join(sorted(scopes)),
        ttl=context.refresh_ttl,
    )
    return await _user_tokens(
        context=context,
        usuario=usuario,
        client=client,
        scopes=scopes,
        refresh_token=refresh_token,
    )


async def refresh_token_grant(
    *,
    context: GrantContext,
    client: OAuthClient,
    form: dict[str, str],
    cookie_token: str | None = None,
) -> TokenResult:
    """Exchange a refresh token (from the form, else the cookie) for new tokens."""
    token = form.get("refresh_token", cookie_token)
    if not token:
        raise invalid_request("The refresh_token parameter is missing.")
    # Checked before the rotation, so that a rejected scope keeps the token usable.
    requested = requested_scopes(form, client.scopes) if "scope" in form else None
    try:
        rotation = await rotate_refresh_token(
            token=token, client_id=client.client_id, ttl=context.refresh_ttl
        )
    except RefreshTokenRejected:
        raise invalid_grant(
            "The refresh token is invalid, expired or revoked."
        ) from None
    granted = frozenset(rotation.scope.split())
    # RFC 6749 section 6: a refresh may narrow the scope but not widen it.
    scopes = granted if requested is None else requested & granted
    return await _user_tokens(
        context=context,
        usuario=rotation.usuario,
        client=client,
        scopes=scopes,
        refresh_token=rotation.token,
    )


async def client_credentials_grant(
    *, context: GrantContext, client: OAuthClient, form: dict[str, str], **_: object
) -> TokenResult:
    """Issue a service token to an authenticated confidential client."""
    scopes = requested_scopes(form, client.scopes)
    subject = Subject(sub=client.client_id, client_id=client.client_id, scopes=scopes)
    access_token = await issue_access_token(
        keyring=context.keyring, settings=context.tokens, subject=subject
    )
    body = {
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": context.tokens.ttl,
        "scope": " ".join(sorted(scopes)),
    }
    return TokenResult(body=body)


GRANTS = {
    "password": password_grant,
    "refresh_token": refresh_token_grant,
    "client_credentials": client_credentials_grant,
}
