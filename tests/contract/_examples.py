"""The bodies of a contract and their examples: every JSON body shows one, and each satisfies its schema."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator

from framework._json_request import is_json_media_type
from framework._openapi import operations

__all__ = ["Body", "bodies", "example_problems", "examples_of", "schema_errors"]


@dataclass(frozen=True)
class Body:
    """One request or response body of an operation (or an event, under ``webhooks``)."""

    where: str  # e.g. "POST /auth/register request" or "webhooks files.uploaded request"
    operation_id: str
    kind: str  # "request" or the response's status
    media_type: str
    media: dict[str, Any]


def _resolve(document: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Follow a local ``$ref`` (a bundled document has no other kind)."""
    while "$ref" in node:
        target: Any = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def bodies(document: dict[str, Any]) -> Iterator[Body]:
    """Every JSON request and response body of a bundled contract, its operations' and its events'."""
    for section in ("paths", "webhooks"):
        for path, method, operation in operations(document, section):
            name = f"{method.upper()} {path}" if section == "paths" else f"{section} {path}"
            operation_id = operation.get("operationId", name)
            parts = [("request", operation["requestBody"])] if "requestBody" in operation else []
            parts += list(operation.get("responses", {}).items())
            for kind, part in parts:
                for media_type, media in _resolve(document, part).get("content", {}).items():
                    if is_json_media_type(media_type):
                        yield Body(f"{name} {kind} {media_type}", operation_id, kind, media_type, media)


def examples_of(document: dict[str, Any], media: dict[str, Any]) -> list[Any]:
    """The examples a media type shows: its own (``example``, ``examples``), else its schema's."""
    if "example" in media:
        return [media["example"]]
    if "examples" in media:
        return [_resolve(document, example)["value"] for example in media["examples"].values()]
    schema = _resolve(document, media.get("schema", {}))
    return list(schema.get("examples", [])) + ([schema["example"]] if "example" in schema else [])


def schema_errors(document: dict[str, Any], schema: dict[str, Any], value: Any) -> list[str]:
    """Why ``value`` does not satisfy ``schema`` (whose refs point into ``document``), formats included."""
    # The document's top-level keys mean nothing to JSON Schema; they are there for the refs to resolve in.
    rooted = {**document, **schema}
    validator = Draft202012Validator(rooted, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, e.absolute_path)) or '(body)'}: {e.message}" for e in validator.iter_errors(value)]


def example_problems(document: dict[str, Any]) -> list[str]:
    """What is wrong with a contract's examples: a body without one, or one its own schema refuses."""
    problems = []
    for body in bodies(document):
        examples = examples_of(document, body.media)
        if not examples:
            problems.append(f"{body.where}: no example")
        for example in examples:
            problems += [
                f"{body.where}: example {error}" for error in schema_errors(document, body.media["schema"], example)
            ]
    return problems
