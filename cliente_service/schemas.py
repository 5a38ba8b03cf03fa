"""Request and response shapes of the customer endpoints."""

from datetime import UTC, datetime
from typing import Annotated

from pydantic import (
    BaseModel,
    EmailStr,
    Field,
    StrictBool,
    StrictStr,
    StringConstraints,
    field_serializer,
    field_validator,
)

from cliente_service.models import Cliente
from common.validation import PageQuery, RequestModel

# Printable text on one line: control characters (newlines, NUL, ...) are rejected.
_PRINTABLE = r"^[^\x00-\x1F\x7F]*$"

# bcrypt hashes at most 72 bytes of a password and bcrypt 5 raises for longer ones.
PASSWORD_MAX_BYTES = 72

Nombre = Annotated[
    StrictStr, StringConstraints(min_length=1, max_length=100, pattern=_PRINTABLE)
]
Direccion = Annotated[
    StrictStr, StringConstraints(min_length=1, max_length=200, pattern=_PRINTABLE)
]
# Digits with optional leading "+", spaces, hyphens and parentheses: "+34 600 111 222".
Telefono = Annotated[
    StrictStr,
    StringConstraints(max_length=25, pattern=r"^\+?[0-9(][0-9 ()-]{4,22}[0-9]$"),
]
# Passwords keep their surrounding spaces: auth-service compares them as typed. It
# also rejects NUL characters, so they are rejected here before the login is created.
Password = Annotated[
    StrictStr,
    StringConstraints(
        strip_whitespace=False, min_length=8, max_length=72, pattern=r"^[^\x00]*$"
    ),
]


class ClienteCreate(RequestModel):
    """Body of a sign-up and of an administrator's customer creation."""

    nombre: Nombre
    email: EmailStr
    password: Password
    telefono: Telefono
    direccion: Direccion

    @field_validator("email")
    @classmethod
    def lowercase_email(cls, value: str) -> str:
        return value.lower()

    @field_validator("password")
    @classmethod
    def check_password_bytes(cls, value: str) -> str:
        if len(value.encode()) > PASSWORD_MAX_BYTES:
            raise ValueError(
                f"String should have at most {PASSWORD_MAX_BYTES} bytes in UTF-8"
            )
        return value


# The update models give absent fields a default of None without allowing an
# explicit null. Pydantic does not validate defaults, so only a null in the request
# fails validation.
class ProfileUpdate(RequestModel):
    """Body of ``PUT /api/clientes/me``: the fields a customer may change."""

    nombre: Nombre = None
    telefono: Telefono = None
    direccion: Direccion = None


class ClienteUpdate(ProfileUpdate):
    """Body of ``PUT /api/clientes/{id}``: an administrator may also set ``activo``."""

    activo: StrictBool = None


class ClienteListQuery(PageQuery):
    """Query of ``GET /api/clientes``."""

    # PostgreSQL text cannot contain NUL, and no name or email has a control
    # character, so a search with one is invalid (422) instead of a database error.
    q: str | None = Field(default=None, max_length=100, pattern=_PRINTABLE)
    activo: bool | None = None


class ClienteOut(BaseModel):
    """Public ``Cliente`` shape, which has no password field."""

    id: str
    nombre: str
    email: str
    telefono: str
    direccion: str
    activo: bool
    creado_en: datetime
    actualizado_en: datetime

    @field_serializer("creado_en", "actualizado_en")
    def serialize_timestamp(self, value: datetime) -> str:
        return value.astimezone(UTC).isoformat()

    @classmethod
    def from_model(cls, cliente: Cliente) -> dict:
        """Serialize ``cliente`` to the JSON-ready ``Cliente`` dict."""
        return cls(
            id=str(cliente.id),
            nombre=cliente.nombre,
            email=cliente.email,
            telefono=cliente.telefono,
            direccion=cliente.direccion,
            activo=cliente.activo,
            creado_en=cliente.creado_en,
            actualizado_en=cliente.actualizado_en,
        ).model_dump(mode="json")
