"""Read the operations of a bundled contract into the shape the renderers need."""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass, field
from typing import Any

from framework._event_stream import EVENT_STREAM
from framework.codegen._bundle import ContractError

__all__ = ["EventSpec", "OperationSpec", "ParamSpec", "read_events", "read_operations", "snake_case"]

_METHODS = ("get", "put", "post", "delete", "patch")


def snake_case(name: str) -> str:
    """``registerUser`` -> ``register_user``; ``X-Request-Id`` -> ``x_request_id``."""
    name = re.sub(r"[^0-9A-Za-z]+", "_", name)
    name = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower().strip("_")
    if keyword.iskeyword(name) or name in {"ctx", "self", "body"}:
        name += "_"
    return name


@dataclass(frozen=True)
class ParamSpec:
    name: str
    location: str
    wire_name: str
    required: bool
    annotation: str
    default: str | None
    constraints: dict[str, Any] = field(default_factory=dict)
    description: str | None = None


@dataclass(frozen=True)
class OperationSpec:
    operation_id: str
    name: str
    method: str
    path: str
    summary: str
    status: int
    result: str
    params: tuple[ParamSpec, ...]
    body: str | None
    body_required: bool
    security: tuple[str, ...]
    roles: tuple[str, ...]
    error_statuses: tuple[int, ...]
    internal: bool = False
    media_type: str | None = None  # of a binary success response

    @property
    def upload(self) -> ParamSpec | None:
        return next((p for p in self.params if p.location == "upload"), None)

    @property
    def streaming(self) -> bool:
        return self.upload is not None or self.result == "Download"


class _Types:
    """Maps JSON Schema fragments to the Python annotations of the generated models."""

    def __init__(self, document: dict[str, Any], origin: str) -> None:
        self.document = document
        self.origin = origin
        self.imports: set[str] = set()
        self.models: set[str] = set()

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        seen = 0
        while "$ref" in node:
            parts = node["$ref"].removeprefix("#/").split("/")
            target: Any = self.document
            for part in parts:
                target = target.get(part) if isinstance(target, dict) else None
            if not isinstance(target, dict):
                raise ContractError(f"{self.origin}: unresolved $ref {node['$ref']!r}")
            node = target
            seen += 1
            if seen > 32:
                raise ContractError(f"{self.origin}: $ref cycle at {node!r}")
        return node

    def annotation(self, schema: dict[str, Any], where: str) -> str:
        ref = schema.get("$ref")
        if isinstance(ref, str):
            name = ref.rsplit("/", 1)[-1]
            target = self.resolve(schema)
            if ref.startswith("#/components/schemas/") and (
                target.get("type") == "object" or "enum" in target or "oneOf" in target or "anyOf" in target
            ):
                self.models.add(name)
                return name
            return self.annotation(target, where)
        kind = schema.get("type")
        if isinstance(kind, list):
            nullable = "null" in kind
            rest = [k for k in kind if k != "null"]
            if len(rest) != 1:
                raise ContractError(f"{self.origin}: {where}: only one non-null type is supported here")
            inner = self.annotation({**schema, "type": rest[0]}, where)
            return f"{inner} | None" if nullable else inner
        fmt = schema.get("format")
        if kind == "string":
            if fmt == "uuid":
                self.imports.add("from uuid import UUID")
                return "UUID"
            if fmt == "date-time":
                self.imports.add("from datetime import datetime")
                return "datetime"
            if fmt == "date":
                self.imports.add("from datetime import date")
                return "date"
            return "str"
        if kind == "integer":
            return "int"
        if kind == "number":
            return "float"
        if kind == "boolean":
            return "bool"
        if kind == "array":
            return f"list[{self.annotation(schema.get('items', {}), where)}]"
        raise ContractError(f"{self.origin}: {where}: schema {schema!r} has no supported parameter type")


_CONSTRAINTS = {
    "minimum": "ge",
    "maximum": "le",
    "exclusiveMinimum": "gt",
    "exclusiveMaximum": "lt",
    "minLength": "min_length",
    "maxLength": "max_length",
    "pattern": "pattern",
    "minItems": "min_items",
    "maxItems": "max_items",
}


def _security(document: dict[str, Any], operation: dict[str, Any], origin: str) -> tuple[str, ...]:
    requirements = operation.get("security", document.get("security", []))
    schemes = document.get("components", {}).get("securitySchemes", {})
    kinds: list[str] = []
    for requirement in requirements:
        for name in requirement:
            scheme = schemes.get(name)
            if scheme is None:
                raise ContractError(f"{origin}: security scheme {name!r} is not declared")
            if scheme.get("type") == "http" and scheme.get("scheme", "").lower() == "bearer":
                kinds.append("bearer")
            elif scheme.get("type") == "apiKey" and scheme.get("in") == "header":
                kinds.append("api_key")
            else:
                raise ContractError(f"{origin}: security scheme {name!r} is not supported")
    return tuple(dict.fromkeys(kinds))


def _is_binary(schema: dict[str, Any]) -> bool:
    return schema.get("type") == "string" and (schema.get("format") == "binary" or "contentMediaType" in schema)


def _upload_param(types: _Types, media: dict[str, Any], where: str) -> ParamSpec:
    """A multipart/form-data body: exactly one property, the binary file, streamed as an ``Upload``."""
    schema = types.resolve(media.get("schema", {}))
    properties = schema.get("properties", {})
    if len(properties) != 1 or not _is_binary(types.resolve(next(iter(properties.values())))):
        raise ContractError(
            f"{types.origin}: {where}: a multipart/form-data body must have exactly one property, "
            "a binary string (format: binary or contentMediaType): the file"
        )
    name = next(iter(properties))
    types.imports.add("from framework.runtime import Upload")
    return ParamSpec(
        name=snake_case(name),
        location="upload",
        wire_name=name,
        required=True,
        annotation="Upload",
        default=None,
        description=schema.get("description"),
    )


def _result(types: _Types, content: dict[str, Any], where: str) -> tuple[str, str | None]:
    """The result annotation of a success response, and its media type when it is a binary download."""
    if "application/json" in content:
        if len(content) != 1:
            raise ContractError(f"{types.origin}: {where}: a JSON success response has no other media type")
        return types.annotation(content["application/json"]["schema"], where), None
    if len(content) != 1:
        raise ContractError(f"{types.origin}: {where}: a binary success response has exactly one media type")
    media_type, media = next(iter(content.items()))
    if media_type == EVENT_STREAM:  # Server-Sent Events: text frames, streamed like a download
        if types.resolve(media.get("schema", {})).get("type") != "string":
            raise ContractError(f"{types.origin}: {where}: a text/event-stream response's schema is a string")
        types.imports.add("from framework.runtime import Download")
        return "Download", media_type
    if not _is_binary(types.resolve(media.get("schema", {}))):
        raise ContractError(f"{types.origin}: {where}: a success response must be application/json or a binary string")
    types.imports.add("from framework.runtime import Download")
    return "Download", media_type


def read_operations(document: dict[str, Any], origin: str) -> tuple[list[OperationSpec], _Types]:
    """Every operation of a bundled contract, in path then method order."""
    types = _Types(document, origin)
    operations: list[OperationSpec] = []
    seen_ids: set[str] = set()
    for path, item in document.get("paths", {}).items():
        shared = item.get("parameters", [])
        for method in _METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            where = f"{method.upper()} {path}"
            operation_id = operation.get("operationId")
            if not operation_id:
                raise ContractError(f"{origin}: {where} has no operationId")
            if operation_id in seen_ids:
                raise ContractError(f"{origin}: operationId {operation_id!r} is used twice")
            seen_ids.add(operation_id)
            params = []
            for raw in [*shared, *operation.get("parameters", [])]:
                param = types.resolve(raw)
                location = param["in"]
                if location == "cookie":
                    raise ContractError(f"{origin}: {where}: cookie parameters are not supported")
                schema = param.get("schema", {})
                required = bool(param.get("required", location == "path"))
                annotation = types.annotation(schema, f"{where} parameter {param['name']}")
                target = types.resolve(schema) if "$ref" in schema else schema
                default = None
                if "default" in target:
                    default = repr(target["default"])
                    if annotation in types.models:
                        default = f"{annotation}({target['default']!r})"
                elif not required:
                    annotation = f"{annotation} | None"
                    default = "None"
                constraints = {py: target[js] for js, py in _CONSTRAINTS.items() if js in target}
                params.append(
                    ParamSpec(
                        name=snake_case(param["name"]),
                        location=location,
                        wire_name=param["name"],
                        required=required,
                        annotation=annotation,
                        default=default,
                        constraints=constraints,
                        description=param.get("description"),
                    )
                )
            body = None
            body_required = False
            request_body = operation.get("requestBody")
            if request_body is not None:
                request_body = types.resolve(request_body)
                content = request_body.get("content", {})
                if set(content) == {"multipart/form-data"}:
                    params.append(_upload_param(types, content["multipart/form-data"], f"{where} request body"))
                elif set(content) == {"application/json"}:
                    body = types.annotation(content["application/json"]["schema"], f"{where} request body")
                    body_required = bool(request_body.get("required", False))
                else:
                    raise ContractError(
                        f"{origin}: {where}: a request body must be application/json or multipart/form-data"
                    )
            responses = operation.get("responses", {})
            success = sorted(int(code) for code in responses if str(code).startswith("2"))
            if len(success) != 1:
                raise ContractError(f"{origin}: {where}: exactly one 2xx response is supported, found {success}")
            status = success[0]
            response = types.resolve(responses[str(status)])
            result = "None"
            media_type = None
            if response.get("content"):
                result, media_type = _result(types, response["content"], f"{where} response")
            errors = tuple(sorted(int(code) for code in responses if not str(code).startswith("2")))
            roles = operation.get("x-roles", [])
            operations.append(
                OperationSpec(
                    operation_id=operation_id,
                    name=snake_case(operation_id),
                    method=method,
                    path=path,
                    summary=operation.get("summary", operation_id),
                    status=status,
                    result=result,
                    params=tuple(params),
                    body=body,
                    body_required=body_required,
                    security=_security(document, operation, origin),
                    roles=tuple(roles),
                    error_statuses=errors,
                    internal=bool(operation.get("x-internal", False)),
                    media_type=media_type,
                )
            )
    return operations, types


@dataclass(frozen=True)
class EventSpec:
    name: str
    constant: str
    payload: str
    summary: str
    retention: str = "durable"


_RETENTIONS = ("durable", "transient")


def read_events(document: dict[str, Any], origin: str, plugin: str, types: _Types) -> list[EventSpec]:
    """The events a contract declares as ``webhooks`` named ``<plugin>.<event>``."""
    events = []
    for name, item in document.get("webhooks", {}).items():
        prefix, _, event = name.partition(".")
        if prefix != plugin or not re.fullmatch(r"[a-z][a-z0-9_]*", event):
            raise ContractError(f"{origin}: webhook {name!r} must be named '{plugin}.<event>' (lower snake case)")
        operation = item.get("post")
        if operation is None:
            raise ContractError(f"{origin}: webhook {name!r} must declare its payload with a post operation")
        body = types.resolve(operation.get("requestBody", {}))
        schema = body.get("content", {}).get("application/json", {}).get("schema")
        if schema is None or "$ref" not in schema:
            raise ContractError(f"{origin}: webhook {name!r} needs an application/json payload $ref")
        payload = types.annotation(schema, f"webhook {name}")
        # How long a split platform keeps it: transient events (progress) go to a short-lived, capped stream.
        retention = operation.get("x-turnout-retention", "durable")
        if retention not in _RETENTIONS:
            raise ContractError(f"{origin}: webhook {name!r}: x-turnout-retention must be durable or transient")
        events.append(EventSpec(name, event.upper(), payload, operation.get("summary", name), retention))
    return events
