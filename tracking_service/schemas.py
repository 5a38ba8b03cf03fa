"""Request shapes of tracking-service and the formats of stored values."""

import re
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AwareDatetime, Field, StrictInt, StringConstraints, field_validator

from common.validation import QueryModel, RequestModel

# Order numbers are "PED-" followed by ten base32 characters (RFC 4648 alphabet).
NUMERO_PATTERN = r"^PED-[A-Z2-7]{10}$"
# For ``fullmatch``: Python's ``$`` would also match before a trailing newline.
NUMERO_RE = re.compile(r"PED-[A-Z2-7]{10}")

MAX_BATCH_CHANGES = 500
MAX_QUERY_NUMEROS = 100
# Lua numbers and sorted-set scores are doubles, exact for integers up to 2**53.
MAX_VERSION = 2**53 - 1

Numero = Annotated[str, StringConstraints(pattern=NUMERO_PATTERN, max_length=14)]
ClienteId = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9._:-]+$", min_length=1, max_length=64)
]


class Estado(StrEnum):
    CREADO = "CREADO"
    CONFIRMADO = "CONFIRMADO"
    EN_PREPARACION = "EN_PREPARACION"
    ENVIADO = "ENVIADO"
    EN_REPARTO = "EN_REPARTO"
    ENTREGADO = "ENTREGADO"
    CANCELADO = "CANCELADO"


class CambioTracking(RequestModel):
    """One change of an order, as the outbox relay of pedido-service sends it."""

    numero: Numero
    cliente_id: ClienteId
    estado: Estado
    version: StrictInt = Field(ge=1, le=MAX_VERSION)
    actualizado_en: AwareDatetime

    @field_validator("actualizado_en", mode="before")
    @classmethod
    def _require_iso_text(cls, value: object) -> object:
        # Pydantic would also accept a number as a Unix time, but the contract is
        # ISO 8601 text.
        if not isinstance(value, str) or len(value) > 40:
            raise ValueError("must be an ISO 8601 date and time with offset")
        return value


class LoteCambios(RequestModel):
    """Changes applied in the order given."""

    items: list[CambioTracking] = Field(min_length=1, max_length=MAX_BATCH_CHANGES)


class NumerosQuery(QueryModel):
    """``numeros``: comma-separated order numbers."""

    numeros: str = Field(min_length=1, max_length=MAX_QUERY_NUMEROS * 16)


def iso_utc(moment: datetime) -> str:
    """Format ``moment`` as ISO 8601 in UTC with microseconds and offset."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def split_numeros(raw: str) -> list[str]:
    """Split a ``numeros`` query value, dropping blanks and repeats, keeping order."""
    parts = (part.strip() for part in raw.split(","))
    return list(dict.fromkeys(part for part in parts if part))
