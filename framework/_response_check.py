"""Every answer checked against the served contract: for development and tests, never on by default.

An answer the contract does not allow (a status the operation does not document, a media type it
does not declare for that status, a JSON body its schema refuses) is logged at error level as
"response does not match the contract" with what is wrong; in ``strict`` mode the client gets a
500 problem instead, so a test that looks at the answer fails. Schema validators (openapi-core's)
are built once per operation, status and media type; bodies that are not JSON (file downloads)
stream through unread, only their status and media type are checked.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any, Literal

import msgspec

from framework._context import current_correlation_id
from framework._environment import VALIDATE_RESPONSES_ENV
from framework._errors import PROBLEM_MEDIA_TYPE, Problem
from framework._json_request import is_json_media_type
from framework._openapi import METHODS, operations

__all__ = ["ResponseCheck", "ResponseContract", "response_check_mode"]

log = logging.getLogger("turnout.contract")

Mode = Literal["off", "log", "strict"]
_ENV_MODES: dict[str, Mode] = {"0": "off", "off": "off", "log": "log", "1": "strict", "strict": "strict"}

# Answers the edge or the platform itself may give to any operation (a rate limit, a body that stalled,
# an outage, a bug): the contracts do not repeat them per operation, but their body must be a Problem.
PLATFORM_STATUSES = frozenset({408, 429, 500, 502, 503, 504})


def response_check_mode(configured: Mode, environ: dict[str, str] | None = None) -> Mode:
    """``[gateway] validate_responses``, unless ``$TURNOUT_VALIDATE_RESPONSES`` says otherwise.

    >>> response_check_mode("off", {"TURNOUT_VALIDATE_RESPONSES": "1"}), response_check_mode("log", {})
    ('strict', 'log')
    """
    value = (os.environ if environ is None else environ).get(VALIDATE_RESPONSES_ENV, "").strip().lower()
    if not value:
        return configured
    if value not in _ENV_MODES:
        raise ValueError(f"${VALIDATE_RESPONSES_ENV} must be one of {', '.join(sorted(_ENV_MODES))}, not {value!r}")
    return _ENV_MODES[value]


def _describe(error: Any) -> str:
    """One schema error as ``/pointer: what was expected``, without the offending value (it may be a secret)."""
    pointer = "".join(f"/{part}" for part in error.absolute_path) or "/"
    if error.validator in ("required", "additionalProperties", "unevaluatedProperties"):
        return f"{pointer}: {error.message}"
    expected = repr(error.validator_value)
    return f"{pointer}: {error.validator} {expected[:120]}"


class ResponseContract:
    """The answers each operation of an OpenAPI document allows, by ``operationId``."""

    def __init__(self, document: dict[str, Any]) -> None:
        self._operation_ids = {
            operation["operationId"] for _, _, operation in operations(document) if "operationId" in operation
        }
        self._validators: dict[tuple[str, str, str], Any] = {}
        self._responses: dict[str, Any] = {}
        self._failure: BaseException | None = None
        # Importing openapi-core takes seconds of CPU: done beside the plugins' start-up, not before it.
        self._loading = threading.Thread(target=self._load, args=(document,), name="contract-check", daemon=True)
        self._loading.start()

    def _load(self, document: dict[str, Any]) -> None:
        try:
            # openapi-core is a development dependency: imported only where checking is switched on. The
            # document was validated when it was generated, so openapi-core's own (slow) check is skipped.
            from jsonschema_path import SchemaPath
            from openapi_core.validation.schemas import oas31_schema_validators_factory

            self._factory = oas31_schema_validators_factory
            self._spec = SchemaPath.from_dict(document)
            for _, item in (self._spec / "paths").items():
                for method in METHODS:
                    if method in item and "operationId" in (item / method):
                        operation = item / method
                        self._responses[(operation / "operationId").read_str()] = operation / "responses"
            self._problem = self._spec / "components" / "schemas" / "Problem"
        except BaseException as error:  # re-raised where the check is first needed
            self._failure = error

    def __contains__(self, operation_id: object) -> bool:
        return operation_id in self._operation_ids

    def _validator(self, key: tuple[str, str, str], schema: Any) -> Any:
        validator = self._validators.get(key)
        if validator is None:
            validator = self._validators[key] = self._factory.create(self._spec, schema).validator
        return validator

    def _documented(self, operation_id: str, status: int) -> tuple[str, Any] | None:
        """The response object the operation documents for ``status`` (exact, ``NXX``, then ``default``)."""
        responses = self._responses[operation_id]
        for key in (str(status), f"{status // 100}XX", "default"):
            if key in responses:
                return key, responses / key
        return None

    def violations(self, operation_id: str, status: int, content_type: str | None, body: bytes | None) -> list[str]:
        """What is wrong with an answer, empty when the contract allows it; ``body=None`` skips the body."""
        self._loading.join()
        if self._failure is not None:
            raise RuntimeError("the contract check could not be set up") from self._failure
        documented = self._documented(operation_id, status)
        media_type = (content_type or "").split(";", 1)[0].strip().lower()
        if documented is None:
            if status not in PLATFORM_STATUSES:
                return [f"status {status} is not documented for {operation_id}"]
            if media_type != PROBLEM_MEDIA_TYPE:
                return [f"status {status} must be {PROBLEM_MEDIA_TYPE}, not {media_type or 'no body'}"]
            key, schema = ("platform", PROBLEM_MEDIA_TYPE), self._problem
        else:
            status_key, response = documented
            content = response / "content" if "content" in response else None
            if content is None:
                return [f"status {status} has no body in the contract"] if body else []
            if media_type not in content:
                allowed = ", ".join(name for name, _ in content.items())
                return [f"media type {media_type or 'none'} is not one of {allowed} for status {status}"]
            media = content / media_type
            if "schema" not in media or body is None or not is_json_media_type(media_type):
                return []
            key, schema = (status_key, media_type), media / "schema"
        try:
            value = msgspec.json.decode(body or b"")
        except msgspec.DecodeError:
            return [f"the {media_type} body is not JSON"]
        validator = self._validator((operation_id, *key), schema)
        return sorted(_describe(error) for error in validator.iter_errors(value))


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> str | None:
    for key, value in headers:
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def _contract_failure() -> list[dict[str, Any]]:
    content = msgspec.json.encode(
        Problem(
            type="about:blank",
            title="Internal Server Error",
            status=500,
            detail="the response does not match the contract; quote the correlation id when reporting it",
            correlation_id=current_correlation_id(),
        )
    )
    headers = [(b"content-type", PROBLEM_MEDIA_TYPE.encode()), (b"content-length", str(len(content)).encode())]
    return [
        {"type": "http.response.start", "status": 500, "headers": headers},
        {"type": "http.response.body", "body": content},
    ]


class ResponseCheck:
    """ASGI layer that checks each answer of a contract operation; see the module's docstring."""

    def __init__(self, app: Any, contract: ResponseContract, *, strict: bool) -> None:
        self.app = app
        self.contract = contract
        self.strict = strict

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        held: dict[str, Any] | None = None  # the start of a JSON answer, sent once its body is checked
        body = bytearray()
        refused = False  # a wrong answer already replaced by a 500: the rest of it is dropped

        def failed(start: dict[str, Any], problems: list[str]) -> bool:
            if not problems:
                return False
            handler = scope.get("route_handler")
            log.error(
                "response does not match the contract",
                extra={
                    "operation_id": getattr(handler, "operation_id", None),
                    "method": scope["method"],
                    "path": scope["path"],
                    "status": start["status"],
                    "violations": problems,
                },
            )
            return self.strict

        async def checked_send(message: dict[str, Any]) -> None:
            nonlocal held, refused
            if refused:
                return
            if message["type"] == "http.response.start":
                operation_id = getattr(scope.get("route_handler"), "operation_id", None)
                if not isinstance(operation_id, str) or operation_id not in self.contract:
                    await send(message)  # not a contract operation (health, schema, no such route)
                    return
                content_type = _header(message.get("headers", []), b"content-type")
                if content_type and is_json_media_type(content_type) and scope["method"] != "HEAD":
                    held = message
                    return
                problems = self.contract.violations(operation_id, message["status"], content_type, None)
                if failed(message, problems):
                    refused = True
                    for replacement in _contract_failure():
                        await send(replacement)
                    return
                await send(message)
                return
            if held is None or message["type"] != "http.response.body":
                await send(message)
                return
            body.extend(message.get("body", b""))
            if message.get("more_body", False):
                return
            start, held = held, None
            operation_id = scope["route_handler"].operation_id
            content_type = _header(start.get("headers", []), b"content-type")
            problems = self.contract.violations(operation_id, start["status"], content_type, bytes(body))
            if failed(start, problems):
                refused = True
                for replacement in _contract_failure():
                    await send(replacement)
                return
            await send(start)
            await send({"type": "http.response.body", "body": bytes(body)})

        await self.app(scope, receive, checked_send)
