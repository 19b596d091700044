"""Load a contract and bundle the files it references into one self-contained document."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from framework._errors import ContractError

__all__ = ["ContractError", "bundle_contract", "merge_documents"]


def _load(path: Path) -> dict[str, Any]:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContractError(f"{path}: no such contract") from None
    except yaml.YAMLError as error:
        raise ContractError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(document, dict) or not str(document.get("openapi", "")).startswith("3.1"):
        raise ContractError(f"{path}: not an OpenAPI 3.1 document")
    return document


def _merge_component(target: dict[str, Any], kind: str, name: str, value: Any, origin: str) -> None:
    section = target.setdefault("components", {}).setdefault(kind, {})
    if name in section and section[name] != value:
        raise ContractError(f"{origin}: components.{kind}.{name} is defined differently in two files")
    section[name] = value


def bundle_contract(path: Path, _seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    """Return ``path`` with every ``other.yaml#/components/...`` ref made local.

    The referenced files' components are copied in, so the result resolves on its own.
    """
    path = path.resolve()
    if path in _seen:
        raise ContractError(f"{path}: circular file reference")
    document = _load(path)
    external: dict[str, dict[str, Any]] = {}

    def rewrite(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#"):
                file, _, pointer = ref.partition("#")
                if not pointer.startswith("/components/"):
                    raise ContractError(f"{path}: $ref {ref!r} must point into another file's components")
                if file not in external:
                    external[file] = bundle_contract(path.parent / file, (*_seen, path))
                node = {**node, "$ref": "#" + pointer}
            return {key: rewrite(value) for key, value in node.items()}
        if isinstance(node, list):
            return [rewrite(item) for item in node]
        return node

    bundled: dict[str, Any] = rewrite(document)
    for file, other in sorted(external.items()):
        for kind, entries in sorted(other.get("components", {}).items()):
            for name, value in sorted(entries.items()):
                _merge_component(bundled, kind, name, value, f"{path} (from {file})")
    return bundled


def merge_documents(documents: list[dict[str, Any]], *, title: str, version: str) -> dict[str, Any]:
    """The union of bundled plugin contracts: one OpenAPI document for the whole platform."""
    merged: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": title, "version": version},
        "paths": {},
        "components": {},
        "tags": [],
    }
    for document in documents:
        origin = document.get("info", {}).get("title", "contract")
        for route, item in document.get("paths", {}).items():
            if route in merged["paths"]:
                raise ContractError(f"{origin}: path {route} is already served by another plugin")
            merged["paths"][route] = copy.deepcopy(item)
        for kind, entries in document.get("components", {}).items():
            for name, value in entries.items():
                _merge_component(merged, kind, name, copy.deepcopy(value), origin)
        for tag in document.get("tags", []):
            if tag not in merged["tags"]:
                merged["tags"].append(tag)
        if "webhooks" in document:
            merged.setdefault("webhooks", {}).update(copy.deepcopy(document["webhooks"]))
    return merged
