"""The order API against real services: lifecycle, state machine, validation and
access rules."""

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from common.demo import DEMO_CLIENTES, DEMO_PEDIDOS
from tests.conftest import bearer, service_token
from tests.pedido_service.pedido_helpers import (
    create_pedido,
    set_estado,
    tracking_version,
    wait_for,
)

CAMINO = [
    "CREADO",
    "CONFIRMADO",
    "EN_PREPARACION",
    "ENVIADO",
    "EN_REPARTO",
    "ENTREGADO",
]


def advance(url: str, token: str, numero: str, hasta: str) -> dict:
    pedido = None
    for estado in CAMINO[1 : CAMINO.index(hasta) + 1]:
        pedido = set_estado(url, token, numero, estado)
    return pedido


def test_pedido_lifecycle_reaches_tracking(pedidos_url, tracking_url, create_cliente):
    cliente = create_cliente()
    created = httpx.post(
        f"{pedidos_url}/api/pedidos",
        json={"producto": "Tetera", "cantidad": 2, "direccion_entrega": "Calle A 1"},
        headers=cliente.headers,
    )
    assert created.status_code == 201, created.text
    pedido = created.json()
    assert created.headers["Location"] == f"/api/pedidos/{pedido['numero']}"
    assert pedido["estado"] == "CREADO"
    assert pedido["version"] == 1
    assert pedido["cliente_id"] == cliente.id
    assert pedido["cantidad"] == 2
    assert pedido["numero"].startswith("PED-")
    assert len(pedido["numero"]) == 14
    assert pedido["creado_en"].endswith("+00:00")
    numero = pedido["numero"]

    updated = httpx.patch(
        f"{pedidos_url}/api/pedidos/{numero}",
        json={"direccion_entrega": "Calle B 2", "version": 1},
        headers=cliente.headers,
    )
    assert updated.status_code == 200, updated.text
    assert updated.json()["direccion_entrega"] == "Calle B 2"
    assert updated.json()["version"] == 2

    cancelled = httpx.post(
        f"{pedidos_url}/api/pedidos/{numero}/cancelar", headers=cliente.headers
    )
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["estado"] == "CANCELADO"
    assert cancelled.json()["version"] == 3

    wait_for(
        lambda: tracking_version(tracking_url, cliente.token, numero) == 3,
        message=f"tracking of {numero} at version 3",
    )
    tracking = httpx.get(
        f"{tracking_url}/api/tracking/{numero}", headers=cliente.headers
    ).json()
    assert tracking["estado"] == "CANCELADO"


def test_pedido_historial_oldest_first(pedidos_url, admin_token, create_cliente):
    cliente = create_cliente()
    numero = create_pedido(pedidos_url, cliente.token)["numero"]
    set_estado(pedidos_url, admin_token, numero, "CONFIRMADO")
    httpx.post(f"{pedidos_url}/api/pedidos/{numero}/cancelar", headers=cliente.headers)

    response = httpx.get(
        f"{pedidos_url}/api/pedidos/{numero}/historial", headers=cliente.headers
    )

    assert response.status_code == 200
    historial = response.json()
    assert [entry["estado"] for entry in historial] == [
        "CREADO",
        "CONFIRMADO",
        "CANCELADO",
    ]
    assert [entry["version"] for entry in historial] == [1, 2, 3]
    assert historial[0]["por"] == f"cliente:{cliente.id}"
    assert historial[1]["por"].startswith("admin:")
    assert historial[0]["en"] <= historial[1]["en"] <= historial[2]["en"]


def test_pedido_admin_walks_whole_path(pedidos_url, admin_token, create_cliente):
    cliente = create_cliente()
    numero = create_pedido(pedidos_url, admin_token, cliente_id=cliente.id)["numero"]

    pedido = advance(pedidos_url, admin_token, numero, "ENTREGADO")

    assert pedido["estado"] == "ENTREGADO"
    assert pedido["version"] == 6


@pytest.mark.parametrize(
    ("desde", "hacia"),
    [
        ("CREADO", "ENVIADO"),
        ("CREADO", "CREADO"),
        ("CONFIRMADO", "CREADO"),
        ("EN_PREPARACION", "ENTREGADO"),
        ("ENVIADO", "CANCELADO"),
        ("EN_REPARTO", "ENVIADO"),
        ("ENTREGADO", "CANCELADO"),
        ("ENTREGADO", "EN_REPARTO"),
    ],
)
def test_estado_forbidden_transition_409(
    pedidos_url, admin_token, create_cliente, desde, hacia
):
    cliente = create_cliente()
    numero = create_pedido(pedidos_url, cliente.token)["numero"]
    if desde != "CREADO":
        advance(pedidos_url, admin_token, numero, desde)

    response = httpx.put(
        f"{pedidos_url}/api/pedidos/{numero}/estado",
        json={"estado": hacia},
        headers=bearer(admin_token),
    )

    assert response.status_code == 409, response.text
    assert response.headers["Content-Type"] == "application/problem+json"


def test_cancelar_cancelled_order_409(pedidos_url, create_cliente):
    cliente = create_cliente()
    numero = create_pedido(pedidos_url, cliente.token)["numero"]
    url = f"{pedidos_url}/api/pedidos/{numero}/cancelar"
    assert httpx.post(url, headers=cliente.headers).status_code == 200

    response = httpx.post(url, headers=cliente.headers)

    assert response.status_code == 409


@pytest.mark.parametrize("estado", ["ENVIADO", "EN_REPARTO", "ENTREGADO"])
def test_cancelar_after_shipping_409(pedidos_url, admin_token, create_cliente, estado):
    cliente = create_cliente()
    numero = create_pedido(pedidos_url, cliente.token)["numero"]
    advance(pedidos_url, admin_token, numero, estado)

    response = httpx.post(
        f"{pedidos_url}/api/pedidos/{numero}/cancelar", headers=cliente.headers
    )

    assert response.status_code == 409


@pytest.mark.parametrize("estado", ["CONFIRMADO", "EN_PREPARACION"])
def test_cancelar_before_shipping_allowed(
    pedidos_url, admin_token, create_cliente, estado
):
    cliente = create_cliente()
    numero = create_pedido(pedidos_url, cliente.token)["numero"]
    advance(pedidos_url, admin_token, numero, estado)

    response = httpx.post(
        f"{pedidos_url}/api/pedidos/{numero}/cancelar", headers=bearer(admin_token)
    )

    assert response.status_code == 200
    assert response.json()["estado"] == "CANCELADO"


def test_patch_stale_version_409(pedidos_url, create_cliente):
    cliente = create_cliente()
    numero = create_pedido(pedidos_url, cliente.token)["numero"]
    url = f"{pedidos_url}/api/pedidos/{numero}"
    first = httpx.patch(
        url, json={"producto": "Uno", "version": 1}, headers=cliente.headers
    )
    assert first.status_code == 200

    stale = httpx.patch(
        url, json={"producto": "Dos", "version": 1}, headers=cliente.headers
    )

    assert stale.status_code == 409
    current = httpx.get(url, headers=cliente.headers).json()
    assert current["producto"] == "Uno"
    assert current["version"] == 2


def test_estado_stale_version_409(pedidos_url, admin_token, create_cliente):
    cliente = create_cliente()
    numero = create_pedido(pedidos_url, cliente.token)["numero"]
    httpx.patch(
        f"{pedidos_url}/api/pedidos/{numero}",
        json={"cantidad": 3},
        headers=cliente.headers,
    )

    response = httpx.put(
        f"{pedidos_url}/api/pedidos/{numero}/estado",
        json={"estado": "CONFIRMADO", "version": 1},
        headers=bearer(admin_token),
    )

    assert response.status_code == 409


@pytest.mark.parametrize("estado", ["EN_PREPARACION", "ENVIADO", "CANCELADO"])
def test_patch_not_editable_409(pedidos_url, admin_token, create_cliente, estado):
    cliente = create_cliente()
    numero = create_pedido(pedidos_url, cliente.token)["numero"]
    if estado == "CANCELADO":
        set_estado(pedidos_url, admin_token, numero, "CANCELADO")
    else:
        advance(pedidos_url, admin_token, numero, estado)

    response = httpx.patch(
        f"{pedidos_url}/api/pedidos/{numero}",
        json={"direccion_entrega": "Otra calle 3"},
        headers=cliente.headers,
    )

    assert response.status_code == 409


def test_patch_concurrent_edits_serialized(pedidos_url, create_cliente):
    cliente = create_cliente()
    numero = create_pedido(pedidos_url, cliente.token)["numero"]

    def edit(index: int) -> httpx.Response:
        return httpx.patch(
            f"{pedidos_url}/api/pedidos/{numero}",
            json={"cantidad": index + 1},
            headers=cliente.headers,
        )

    with ThreadPoolExecutor(max_workers=6) as pool:
        responses = list(pool.map(edit, range(12)))

    assert [response.status_code for response in responses] == [200] * 12
    versions = sorted(response.json()["version"] for response in responses)
    assert versions == list(range(2, 14))
    historial = httpx.get(
        f"{pedidos_url}/api/pedidos/{numero}/historial", headers=cliente.headers
    ).json()
    assert [entry["version"] for entry in historial] == list(range(1, 14))


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"cantidad": 0}, "cantidad"),
        ({"cantidad": -1}, "cantidad"),
        ({"cantidad": 10**9}, "cantidad"),
        ({"cantidad": 1001}, "cantidad"),
        ({"cantidad": "3"}, "cantidad"),
        ({"cantidad": 2.5}, "cantidad"),
        ({"cantidad": True}, "cantidad"),
        ({"cantidad": None}, "cantidad"),
        ({"producto": ""}, "producto"),
        ({"producto": "   "}, "producto"),
        ({"producto": "x" * 201}, "producto"),
        ({"producto": 12}, "producto"),
        ({"producto": "Tabla\x00"}, "producto"),
        ({"direccion_entrega": "y" * 301}, "direccion_entrega"),
        ({"direccion_entrega": ["Calle"]}, "direccion_entrega"),
        ({"descuento": 10}, "descuento"),
        ({"cliente_id": "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e02"}, "cliente_id"),
    ],
)
def test_create_invalid_body_422(pedidos_url, create_cliente, body, field):
    cliente = create_cliente()
    payload = {"producto": "Silla", "direccion_entrega": "Calle 1", **body}

    response = httpx.post(
        f"{pedidos_url}/api/pedidos", json=payload, headers=cliente.headers
    )

    assert response.status_code == 422, response.text
    assert response.headers["Content-Type"] == "application/problem+json"
    assert field in [error["field"] for error in response.json()["errors"]]


def test_create_missing_producto_422(pedidos_url, create_cliente):
    cliente = create_cliente()

    response = httpx.post(
        f"{pedidos_url}/api/pedidos",
        json={"direccion_entrega": "Calle 1"},
        headers=cliente.headers,
    )

    assert response.status_code == 422


@pytest.mark.parametrize("content", [b"{", b"[1, 2]", b"", b"\xff\xfe", b"null"])
def test_create_malformed_body_400(pedidos_url, create_cliente, content):
    cliente = create_cliente()

    response = httpx.post(
        f"{pedidos_url}/api/pedidos",
        content=content,
        headers={**cliente.headers, "Content-Type": "application/json"},
    )

    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/problem+json"


def test_create_defaults_and_unicode(pedidos_url, create_cliente):
    cliente = create_cliente(direccion="Rúa do Franco 7, Santiago")

    response = httpx.post(
        f"{pedidos_url}/api/pedidos",
        json={"producto": "Café ☕ 𝄞 ñandú"},
        headers=cliente.headers,
    )

    assert response.status_code == 201, response.text
    assert response.json()["cantidad"] == 1
    assert response.json()["producto"] == "Café ☕ 𝄞 ñandú"
    assert response.json()["direccion_entrega"] == "Rúa do Franco 7, Santiago"


def test_create_admin_requires_cliente_id(pedidos_url, admin_token):
    response = httpx.post(
        f"{pedidos_url}/api/pedidos",
        json={"producto": "Mesa", "direccion_entrega": "Calle 1"},
        headers=bearer(admin_token),
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "cliente_id"


def test_create_admin_unknown_cliente_422(pedidos_url, admin_token):
    response = httpx.post(
        f"{pedidos_url}/api/pedidos",
        json={
            "producto": "Mesa",
            "direccion_entrega": "Calle 1",
            "cliente_id": "00000000-0000-4000-8000-000000000000",
        },
        headers=bearer(admin_token),
    )

    assert response.status_code == 422


@pytest.mark.parametrize(
    "body",
    [
        {"estado": "DESCONOCIDO"},
        {"estado": "confirmado"},
        {"estado": 2},
        {"estado": None},
        {},
        {"estado": "CONFIRMADO", "version": "1"},
        {"estado": "CONFIRMADO", "motivo": "x"},
    ],
)
def test_estado_invalid_body_422(pedidos_url, admin_token, create_cliente, body):
    cliente = create_cliente()
    numero = create_pedido(pedidos_url, cliente.token)["numero"]

    response = httpx.put(
        f"{pedidos_url}/api/pedidos/{numero}/estado",
        json=body,
        headers=bearer(admin_token),
    )

    assert response.status_code == 422, response.text


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"version": 1},
        {"cantidad": 0},
        {"cantidad": "2"},
        {"estado": "ENTREGADO"},
        {"cliente_id": "otro"},
        {"direccion_entrega": ""},
    ],
)
def test_patch_invalid_body_422(pedidos_url, create_cliente, body):
    cliente = create_cliente()
    numero = create_pedido(pedidos_url, cliente.token)["numero"]

    response = httpx.patch(
        f"{pedidos_url}/api/pedidos/{numero}", json=body, headers=cliente.headers
    )

    assert response.status_code == 422, response.text


def test_other_clientes_pedido_404_everywhere(pedidos_url, create_cliente):
    owner = create_cliente()
    other = create_cliente()
    numero = create_pedido(pedidos_url, owner.token)["numero"]
    base = f"{pedidos_url}/api/pedidos/{numero}"

    responses = {
        "get": httpx.get(base, headers=other.headers),
        "patch": httpx.patch(
            base, json={"direccion_entrega": "Mía 1"}, headers=other.headers
        ),
        "cancelar": httpx.post(f"{base}/cancelar", headers=other.headers),
        "historial": httpx.get(f"{base}/historial", headers=other.headers),
    }

    assert {name: r.status_code for name, r in responses.items()} == {
        "get": 404,
        "patch": 404,
        "cancelar": 404,
        "historial": 404,
    }
    unchanged = httpx.get(base, headers=owner.headers).json()
    assert unchanged["version"] == 1
    assert unchanged["estado"] == "CREADO"


@pytest.mark.parametrize("numero", ["PED-AAAAAAAAAA", "pedido-1", "PED-" + "A" * 300])
def test_pedido_unknown_numero_404(pedidos_url, admin_token, numero):
    response = httpx.get(
        f"{pedidos_url}/api/pedidos/{numero}", headers=bearer(admin_token)
    )

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("PUT", "/api/pedidos/{numero}/estado", {"estado": "CONFIRMADO"}),
        ("GET", "/api/pedidos/sincronizacion", None),
        ("POST", "/api/pedidos/sincronizacion/reconstruir", None),
    ],
)
def test_cliente_on_admin_route_403(pedidos_url, create_cliente, method, path, body):
    cliente = create_cliente()
    numero = create_pedido(pedidos_url, cliente.token)["numero"]

    response = httpx.request(
        method,
        pedidos_url + path.format(numero=numero),
        json=body,
        headers=cliente.headers,
    )

    assert response.status_code == 403
    assert response.headers["Content-Type"] == "application/problem+json"


def test_pedidos_without_token_401(pedidos_url):
    response = httpx.get(f"{pedidos_url}/api/pedidos")

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_pedidos_service_token_403(pedidos_url, auth_service):
    token = service_token(auth_service.url, "pedido-service", "clientes.read")

    response = httpx.get(f"{pedidos_url}/api/pedidos", headers=bearer(token))

    assert response.status_code == 403


def test_list_own_newest_first(pedidos_url, create_cliente):
    cliente = create_cliente()
    other = create_cliente()
    numeros = [create_pedido(pedidos_url, cliente.token)["numero"] for _ in range(3)]
    create_pedido(pedidos_url, other.token)

    response = httpx.get(
        f"{pedidos_url}/api/pedidos",
        params={"cliente_id": other.id},
        headers=cliente.headers,
    )

    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 3
    assert body["page"] == 1
    assert body["size"] == 20
    assert [item["numero"] for item in body["items"]] == numeros[::-1]


def test_list_filters_and_pages(pedidos_url, admin_token, create_cliente):
    cliente = create_cliente()
    numeros = [create_pedido(pedidos_url, cliente.token)["numero"] for _ in range(4)]
    set_estado(pedidos_url, admin_token, numeros[0], "CONFIRMADO")
    set_estado(pedidos_url, admin_token, numeros[1], "CANCELADO")
    admin = bearer(admin_token)
    url = f"{pedidos_url}/api/pedidos"

    confirmados = httpx.get(
        url, params={"cliente_id": cliente.id, "estado": "CONFIRMADO"}, headers=admin
    ).json()
    activos = httpx.get(
        url, params={"cliente_id": cliente.id, "activos": "true"}, headers=admin
    ).json()
    page_two = httpx.get(
        url, params={"cliente_id": cliente.id, "size": 3, "page": 2}, headers=admin
    ).json()

    assert [item["numero"] for item in confirmados["items"]] == [numeros[0]]
    assert activos["total"] == 3
    assert numeros[1] not in [item["numero"] for item in activos["items"]]
    assert page_two["total"] == 4
    assert [item["numero"] for item in page_two["items"]] == [numeros[0]]


@pytest.mark.parametrize(
    "params",
    [{"estado": "NUEVO"}, {"page": 0}, {"size": 101}, {"activos": "quizas"}],
)
def test_list_invalid_query_422(pedidos_url, admin_token, params):
    response = httpx.get(
        f"{pedidos_url}/api/pedidos", params=params, headers=bearer(admin_token)
    )

    assert response.status_code == 422


def test_demo_pedidos_seeded_and_replicated(pedidos_url, tracking_url, demo_token):
    expected = [pedido for pedido in DEMO_PEDIDOS if pedido[0] == 0]

    response = httpx.get(f"{pedidos_url}/api/pedidos", headers=bearer(demo_token))

    assert response.status_code == 200
    items = response.json()["items"]
    demo = [item for item in items if item["producto"] in {p[1] for p in expected}]
    assert len(demo) == len(expected)
    for cliente_index, producto, cantidad, cambios in expected:
        item = next(entry for entry in demo if entry["producto"] == producto)
        assert item["cliente_id"] == DEMO_CLIENTES[cliente_index].id
        assert item["cantidad"] == cantidad
        assert item["estado"] == CAMINO[cambios]
        assert item["version"] == cambios + 1
        wait_for(
            lambda item=item: (
                tracking_version(tracking_url, demo_token, item["numero"])
                == item["version"]
            ),
            message=f"demo order {item['numero']} in tracking",
        )
