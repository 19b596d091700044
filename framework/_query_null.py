"""``null`` in a query string is text, never an absent value.

Litestar reads ``?start=null`` as None for an optional parameter, so an optional date, number or
enum would silently take its default. A contract's query parameters are not nullable, so there
``null`` is a value that does not parse, refused with 400 like any other; a plain text parameter
keeps it as the four letters.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from framework._errors import BadRequest
from framework._openapi import operations

__all__ = ["null_refusing_parameters", "refuse_literal_null"]


def _resolve(document: Mapping[str, Any], node: Mapping[str, Any]) -> Mapping[str, Any]:
    """``node`` with a local ``$ref`` (``#/components/...``) followed."""
    while "$ref" in node:
        target: Any = document
        for part in str(node["$ref"]).removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _plain_text(schema: Mapping[str, Any]) -> bool:
    """Whether the letters ``null`` are a valid value of ``schema``."""
    restricted = ("enum", "const", "format", "pattern")
    return schema.get("type") == "string" and not any(key in schema for key in restricted)


def null_refusing_parameters(document: Mapping[str, Any]) -> dict[str, frozenset[str]]:
    """Per operation id, the query parameters for which the text ``null`` is not a value."""
    refusing: dict[str, frozenset[str]] = {}
    for path, _, operation in operations(document):
        declared = [*document["paths"][path].get("parameters", []), *operation.get("parameters", [])]
        names = frozenset(
            parameter["name"]
            for parameter in (_resolve(document, p) for p in declared)
            if parameter.get("in") == "query" and not _plain_text(_resolve(document, parameter.get("schema", {})))
        )
        if names and "operationId" in operation:
            refusing[operation["operationId"]] = names
    return refusing


def refuse_literal_null(query_string: bytes, query: Any, names: frozenset[str]) -> None:
    """Raise BadRequest when one of ``names`` came as ``null`` (``query``: a multidict of the query).

    Costs one bytes search when the query has no ``null`` anywhere.
    """
    if b"null" not in query_string:
        return
    for name in sorted(names):
        if "null" in query.getall(name, []):
            raise BadRequest(f"query parameter '{name}': 'null' is not a valid value; leave it out instead")
