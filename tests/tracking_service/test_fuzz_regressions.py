"""Inputs that schemathesis found to disagree with tracking-service's OpenAPI
document, kept as regular tests of the behaviour and of what the document states."""

import re

import httpx
import pytest

from tests.tracking_service.tracking_helpers import SseReader


@pytest.fixture(scope="module")
def document(tracking_service) -> dict:
    response = httpx.get(f"{tracking_service.url}/docs/openapi.json", timeout=30)
    assert response.status_code == 200
    return response.json()


# schemathesis sent "Last-Event-ID:" with an empty value, which the stream treats
# as absent, but the documented pattern rejected the empty value.
def test_stream_empty_last_event_id_accepted(live_tracking, admin_headers, document):
    reader = SseReader(
        f"{live_tracking.url}/api/tracking/stream",
        {**admin_headers, "Last-Event-ID": ""},
    )
    try:
        reader.start().wait_open()
        assert reader.status == 200
    finally:
        reader.close()

    parameters = document["paths"]["/api/tracking/stream"]["get"]["parameters"]
    [header] = [item for item in parameters if item["name"] == "Last-Event-ID"]
    assert re.fullmatch(header["schema"]["pattern"], "")


# schemathesis sent a numeros value of several kilobytes. Sanic returns 413 for a
# request line and headers over 8 KiB, which the document did not list.
def test_list_oversized_query_too_large(tracking_service, admin_headers, document):
    numeros = ",".join(["PED-AAAAAAAAAA"] * 800)

    response = httpx.get(
        f"{tracking_service.url}/api/tracking",
        params={"numeros": numeros},
        headers=admin_headers,
    )

    assert response.status_code == 413, response.text
    assert response.headers["Content-Type"] == "application/problem+json"
    assert "413" in document["paths"]["/api/tracking"]["get"]["responses"]
