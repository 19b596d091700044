"""Every way a request body breaks its contract, for the problem that refuses it.

msgspec decodes a body on the happy path and stops at its first error. Only when it refuses one,
the body is checked again with a JSON Schema validator over the contract's request body schema,
which lists every violation with its JSON pointer; so a client fixes its request in one round, and
the answer is the same wherever the body was decoded (the HTTP edge, or a service over NATS).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from framework._errors import FieldError
from framework._openapi import operations
from framework.runtime import Contract

__all__ = ["RequestBodyCheck", "field_errors_of"]

_BASE = "urn:turnout:contract"


def _escape(part: object) -> str:
    return str(part).replace("~", "~0").replace("/", "~1")


def _pointer(parts: list[object]) -> str:
    return "".join(f"/{_escape(part)}" for part in parts)


def _message(error: ValidationError) -> str:
    """What the value must be, said without repeating the value (it may be a password)."""
    rule, expected = error.validator, error.validator_value
    messages = {
        "type": f"must be of type {' or '.join(expected) if isinstance(expected, list) else expected}",
        "minLength": f"must be at least {expected} characters long",
        "maxLength": f"must be at most {expected} characters long",
        "pattern": f"must match the pattern {expected}",
        "format": f"must be a valid {expected}",
        "minimum": f"must be at least {expected}",
        "maximum": f"must be at most {expected}",
        "exclusiveMinimum": f"must be greater than {expected}",
        "exclusiveMaximum": f"must be less than {expected}",
        "minItems": f"must have at least {expected} items",
        "maxItems": f"must have at most {expected} items",
        "enum": f"must be one of {', '.join(map(str, expected)) if isinstance(expected, list) else expected}",
        "const": f"must be {expected}",
    }
    return messages.get(str(rule), f"does not satisfy {rule}")


def field_errors_of(error: ValidationError) -> list[FieldError]:
    """One field error per violation; a missing or an unknown property is named in its own pointer."""
    parts = list(error.absolute_path)
    if error.validator == "required":
        present = error.instance if isinstance(error.instance, dict) else {}
        names = [name for name in error.validator_value if name not in present]
        return [_field([*parts, name], "is required") for name in names]
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = set(error.schema.get("properties", {}))
        extra = [name for name in error.instance if name not in known]
        return [_field([*parts, name], "is not a property of this object") for name in extra]
    return [_field(parts, _message(error))]


def _field(parts: list[object], message: str) -> FieldError:
    return FieldError(pointer=_pointer(parts), field=".".join(map(str, parts)) or None, message=message)


class RequestBodyCheck:
    """The JSON request body schemas of a contract document, by ``operationId``; validators built on first use."""

    def __init__(self, document: dict[str, Any]) -> None:
        self._registry: Registry[Any] = Registry().with_resource(
            _BASE, Resource.from_contents(document, default_specification=DRAFT202012)
        )
        self._schemas: dict[str, str] = {}
        for path, method, operation in operations(document):
            if "operationId" not in operation:
                continue
            if "application/json" in operation.get("requestBody", {}).get("content", {}):
                where: list[object] = ["paths", path, method, "requestBody", "content", "application/json", "schema"]
                self._schemas[operation["operationId"]] = f"{_BASE}#{_pointer(where)}"
        self._validators: dict[str, Draft202012Validator] = {}

    @classmethod
    def of_contract(cls, contract: Contract[Any]) -> RequestBodyCheck:
        """The check of a generated package's bundled contract."""
        resource = resources.files(contract.package).joinpath(contract.openapi_resource)
        return cls(json.loads(resource.read_text(encoding="utf-8")))

    def violations(self, operation_id: str, body: object) -> list[FieldError]:
        """Every violation of the operation's body schema, sorted by pointer; empty when none is known."""
        reference = self._schemas.get(operation_id)
        if reference is None:
            return []
        validator = self._validators.get(operation_id)
        if validator is None:
            validator = Draft202012Validator(
                {"$ref": reference}, registry=self._registry, format_checker=Draft202012Validator.FORMAT_CHECKER
            )
            self._validators[operation_id] = validator
        # jsonschema reports each missing property of an object once per name: one entry per place and rule.
        unique = {(f.pointer, f.message): f for e in validator.iter_errors(body) for f in field_errors_of(e)}
        return [unique[key] for key in sorted(unique, key=lambda k: (k[0] or "", k[1]))]
