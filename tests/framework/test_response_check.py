"""Answers checked against the contract: a wrong one is logged, and in strict mode answered 500."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest
from litestar import Litestar, Response, get
from litestar.response import Stream
from litestar.testing import TestClient

from framework._response_check import ResponseCheck, ResponseContract, response_check_mode

PROBLEM = {
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {"type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"}},
}
THING = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "name"],
    "properties": {"id": {"type": "string", "format": "uuid"}, "name": {"type": "string", "minLength": 1}},
}


def _operation(operation_id: str, responses: dict[str, Any]) -> dict[str, Any]:
    return {"get": {"operationId": operation_id, "responses": responses}}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": "ok", "content": {"application/json": {"schema": schema}}}


DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "check", "version": "1"},
    "paths": {
        "/thing": _operation("getThing", {"200": _json({"$ref": "#/components/schemas/Thing"})}),
        "/blob": _operation(
            "getBlob",
            {"200": {"description": "bytes", "content": {"application/octet-stream": {"schema": {"type": "string"}}}}},
        ),
        "/nothing": _operation("deleteNothing", {"204": {"description": "gone"}}),
    },
    "components": {"schemas": {"Thing": THING, "Problem": PROBLEM}},
}
GOOD = {"id": "3f2b8c1e-6d4a-4e2f-9b7c-1a5d8e0f2c46", "name": "widget"}


def _app(thing: object, status: int = 200, media_type: str = "application/json") -> Litestar:
    @get("/thing", operation_id="getThing", sync_to_thread=False)
    def get_thing() -> Response[Any]:
        return Response(thing, status_code=status, media_type=media_type)

    @get("/blob", operation_id="getBlob", sync_to_thread=False)
    def get_blob() -> Stream:
        async def chunks() -> AsyncIterator[bytes]:
            yield b"not json at all"

        return Stream(chunks(), media_type="application/octet-stream")

    @get("/health", sync_to_thread=False)
    def health() -> dict[str, str]:
        return {"undocumented": "and unchecked"}

    return Litestar([get_thing, get_blob, health], logging_config=None)


@pytest.fixture(scope="module")
def contract() -> ResponseContract:
    return ResponseContract(DOCUMENT)


def _get(contract: ResponseContract, app: Litestar, path: str, *, strict: bool = True) -> Any:
    with TestClient(ResponseCheck(app, contract, strict=strict)) as client:  # type: ignore[type-var]  # any ASGI app
        return client.get(path)


def test_a_conforming_answer_passes_unchanged(contract: ResponseContract, caplog: pytest.LogCaptureFixture) -> None:
    response = _get(contract, _app(GOOD), "/thing")
    assert (response.status_code, response.json()) == (200, GOOD)
    streamed = _get(contract, _app(GOOD), "/blob")  # a download's bytes are not read, only its media type
    assert (streamed.status_code, streamed.content) == (200, b"not json at all")
    assert _get(contract, _app(GOOD), "/health").status_code == 200  # not a contract operation
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize(
    ("thing", "status", "media_type", "violation"),
    [
        ({"id": "not-a-uuid", "name": ""}, 200, "application/json", "/id: format 'uuid'"),
        ({"id": GOOD["id"]}, 200, "application/json", "/: 'name' is a required property"),
        ({**GOOD, "secret": "hunter2"}, 200, "application/json", "Additional properties are not allowed"),
        (GOOD, 201, "application/json", "status 201 is not documented for getThing"),
        ("widget", 200, "text/plain", "media type text/plain is not one of application/json"),
        ({"title": "Teapot"}, 503, "application/problem+json", "/: 'status' is a required property"),
    ],
    ids=["body-schema", "missing-field", "extra-field", "undocumented-status", "wrong-media-type", "bad-problem"],
)
def test_a_wrong_answer_is_logged_and_in_strict_mode_a_500(
    contract: ResponseContract,
    caplog: pytest.LogCaptureFixture,
    thing: object,
    status: int,
    media_type: str,
    violation: str,
) -> None:
    app = _app(thing, status, media_type)
    with caplog.at_level(logging.ERROR, logger="turnout.contract"):
        response = _get(contract, app, "/thing")
    assert response.status_code == 500, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert "does not match the contract" in response.json()["detail"]
    [record] = [r for r in caplog.records if r.getMessage() == "response does not match the contract"]
    assert record.levelno == logging.ERROR
    assert record.__dict__["operation_id"] == "getThing"
    assert any(violation in v for v in record.__dict__["violations"]), record.__dict__["violations"]
    assert "hunter2" not in repr(record.__dict__)  # values are never logged, only what was expected

    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="turnout.contract"):
        logged_only = _get(contract, app, "/thing", strict=False)
    assert logged_only.status_code == status  # "log" mode: the answer goes out as it was
    assert [r.getMessage() for r in caplog.records] == ["response does not match the contract"]


def test_a_body_on_a_status_documented_without_one_is_caught(contract: ResponseContract) -> None:
    assert contract.violations("deleteNothing", 204, None, b"") == []
    assert contract.violations("deleteNothing", 204, "application/json", b"{}") == [
        "status 204 has no body in the contract"
    ]


def test_the_environment_overrides_the_configured_mode() -> None:
    assert response_check_mode("off", {"TURNOUT_VALIDATE_RESPONSES": "strict"}) == "strict"
    assert response_check_mode("strict", {"TURNOUT_VALIDATE_RESPONSES": "0"}) == "off"
    assert response_check_mode("log", {}) == "log"
    with pytest.raises(ValueError, match="TURNOUT_VALIDATE_RESPONSES"):
        response_check_mode("off", {"TURNOUT_VALIDATE_RESPONSES": "sometimes"})
