"""Request and response shapes of the JSON endpoints."""

import uuid
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    StrictBool,
    StrictStr,
)

from auth_service.models import Usuario
from auth_service.services.passwords import MAX_PASSWORD_BYTES, MIN_PASSWORD_BYTES
from common.validation import RequestModel


def _password_bytes(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    size = len(value.encode("utf-8"))
    if not MIN_PASSWORD_BYTES <= size <= MAX_PASSWORD_BYTES:
        raise ValueError(
            f"must be {MIN_PASSWORD_BYTES} to {MAX_PASSWORD_BYTES} bytes in UTF-8"
        )
    return value


Password = Annotated[
    StrictStr, Field(max_length=MAX_PASSWORD_BYTES), AfterValidator(_password_bytes)
]


class UsuarioCreate(RequestModel):
    """Body of ``POST /internal/usuarios``."""

    # Whitespace inside a password is significant, so nothing is stripped here;
    # the email is stripped by its own type.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)

    email: Annotated[EmailStr, Field(max_length=254)]
    password: Password
    cliente_id: uuid.UUID


class UsuarioUpdate(RequestModel):
    """Body of ``PATCH /internal/usuarios/cliente/{cliente_id}``."""

    activo: StrictBool


class UsuarioOut(BaseModel):
    id: str
    email: str
    cliente_id: str | None
    roles: list[str]
    activo: bool
    creado_en: str
    actualizado_en: str

    @classmethod
    def of(cls, usuario: Usuario) -> "UsuarioOut":
        return cls(
            id=str(usuario.id),
            email=usuario.email,
            cliente_id=str(usuario.cliente_id) if usuario.cliente_id else None,
            roles=list(usuario.roles),
            activo=usuario.activo,
            creado_en=usuario.creado_en.isoformat(),
            actualizado_en=usuario.actualizado_en.isoformat(),
        )


class MeOut(BaseModel):
    sub: str
    email: str
    roles: list[str]
    cliente_id: str | None
