"""Tortoise models of auth-service: user accounts, signing keys, refresh tokens."""

from tortoise import fields
from tortoise.models import Model


class Usuario(Model):
    """A login: an administrator, or a customer linked to a cliente-service profile."""

    id = fields.UUIDField(primary_key=True)
    # Stored lowercased, so the unique index makes emails unique case-insensitively.
    email = fields.CharField(max_length=254, unique=True)
    password_hash = fields.CharField(max_length=60)
    roles = fields.JSONField(default=list)
    cliente_id = fields.UUIDField(null=True, unique=True)
    activo = fields.BooleanField(default=True)
    creado_en = fields.DatetimeField(auto_now_add=True)
    actualizado_en = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "usuarios"


class SigningKey(Model):
    """An RS256 key pair that signs access tokens, stored as a private key PEM.

    Tokens are signed with the newest key that is not retired. A retired key stays
    published in the JWKS until every token it signed has expired.
    """

    kid = fields.CharField(max_length=64, primary_key=True)
    private_pem = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)
    retired_at = fields.DatetimeField(null=True)

    class Meta:
        table = "signing_keys"


class RefreshToken(Model):
    """One refresh token, stored only as the SHA-256 hash of its value.

    Every refresh replaces the token with a new one of the same ``family_id``.
    Presenting a token that was already used or revoked revokes the whole family.
    """

    id = fields.UUIDField(primary_key=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    family_id = fields.UUIDField(db_index=True)
    usuario = fields.ForeignKeyField(
        "auth_service.Usuario", related_name="refresh_tokens", on_delete=fields.CASCADE
    )
    client_id = fields.CharField(max_length=64)
    scope = fields.CharField(max_length=255)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "refresh_tokens"
