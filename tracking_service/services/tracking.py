"""Tracking entries in Redis: apply changes by version, read entries and history."""

import logging
from datetime import UTC, datetime

import orjson

from common.security import Principal
from tracking_service.schemas import CambioTracking, iso_utc
from tracking_service.services.store import Keys, Store

logger = logging.getLogger(__name__)


def can_see(principal: Principal, cliente_id: str | None) -> bool:
    """Return whether ``principal`` may read an order of ``cliente_id``."""
    if principal.is_admin:
        return True
    return principal.is_cliente and cliente_id == principal.cliente_id


def to_tracking(entry: dict[str, str]) -> dict:
    """Convert a stored tracking hash to the ``Tracking`` response shape."""
    return {
        "numero": entry["numero"],
        "cliente_id": entry["cliente_id"],
        "estado": entry["estado"],
        "version": int(entry["version"]),
        "actualizado_en": entry["actualizado_en"],
        "sincronizado_en": entry["sincronizado_en"],
    }


def _script_call(keys: Keys, cambio: CambioTracking, events_maxlen: int) -> tuple:
    actualizado_en = iso_utc(cambio.actualizado_en)
    sincronizado_en = iso_utc(datetime.now(UTC))
    tracking = {
        "numero": cambio.numero,
        "cliente_id": cambio.cliente_id,
        "estado": cambio.estado.value,
        "version": cambio.version,
        "actualizado_en": actualizado_en,
        "sincronizado_en": sincronizado_en,
    }
    historial = {"estado": cambio.estado.value, "version": cambio.version}
    historial["en"] = actualizado_en
    script_keys = [
        keys.tracking(cambio.numero),
        keys.historial(cambio.numero),
        keys.eventos,
    ]
    args = [
        cambio.numero,
        cambio.cliente_id,
        cambio.estado.value,
        cambio.version,
        actualizado_en,
        sincronizado_en,
        orjson.dumps(historial),
        orjson.dumps(tracking),
        events_maxlen,
        keys.canal,
    ]
    return script_keys, args


def _result(cambio: CambioTracking, reply: list) -> dict:
    aplicado, version = bool(reply[0]), int(reply[1])
    if aplicado:
        logger.info(
            "order %s is now %s at version %d",
            cambio.numero,
            cambio.estado.value,
            version,
        )
    else:
        logger.debug(
            "ignored version %d of order %s: version %d is stored",
            cambio.version,
            cambio.numero,
            version,
        )
    return {"aplicado": aplicado, "version": version}


async def apply_change(*, store: Store, cambio: CambioTracking) -> dict:
    """Apply ``cambio`` if its version is newer, and return ``{aplicado, version}``."""
    script_keys, args = _script_call(store.keys, cambio, store.events_maxlen)
    reply = await store.apply_change(keys=script_keys, args=args)
    return _result(cambio, reply)


async def apply_changes(*, store: Store, cambios: list[CambioTracking]) -> list[dict]:
    """Apply ``cambios`` in order in one round trip, returning one result each."""
    async with store.redis.pipeline(transaction=False) as pipe:
        for cambio in cambios:
            script_keys, args = _script_call(store.keys, cambio, store.events_maxlen)
            await store.apply_change(keys=script_keys, args=args, client=pipe)
        replies = await pipe.execute()
    results = []
    for cambio, reply in zip(cambios, replies, strict=True):
        results.append({"numero": cambio.numero, **_result(cambio, reply)})
    return results


async def get_tracking(*, store: Store, numero: str) -> dict[str, str]:
    """Return the stored tracking hash of ``numero``, empty when there is none."""
    return await store.redis.hgetall(store.keys.tracking(numero))


async def get_many(*, store: Store, numeros: list[str]) -> list[dict[str, str]]:
    """Return the tracking hashes of ``numeros`` in one round trip, in order."""
    async with store.redis.pipeline(transaction=False) as pipe:
        for numero in numeros:
            pipe.hgetall(store.keys.tracking(numero))
        return await pipe.execute()


async def get_historial(*, store: Store, numero: str) -> tuple[str | None, list[str]]:
    """Return the owner of ``numero`` and its history entries (JSON), oldest first."""
    async with store.redis.pipeline(transaction=False) as pipe:
        pipe.hget(store.keys.tracking(numero), "cliente_id")
        pipe.zrange(store.keys.historial(numero), 0, -1)
        cliente_id, entries = await pipe.execute()
    return cliente_id, entries
