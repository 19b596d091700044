"""Walking the operations of an OpenAPI document (a plain dict, as bundled or served)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

__all__ = ["METHODS", "operations"]

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
"""The keys of a path item that hold an operation."""


def operations(document: Mapping[str, Any], section: str = "paths") -> Iterator[tuple[str, str, dict[str, Any]]]:
    """``(path, method, operation)`` for every operation under ``document[section]``, in document order.

    >>> list(operations({"paths": {"/a": {"parameters": [], "get": {"operationId": "getA"}}}}))
    [('/a', 'get', {'operationId': 'getA'})]
    """
    for path, item in document.get(section, {}).items():
        for method in METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                yield path, method, operation
