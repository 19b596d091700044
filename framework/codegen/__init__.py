"""Code generation: OpenAPI contracts to msgspec models, Service protocols, routes and clients."""

from framework.codegen._bundle import ContractError, bundle_contract, merge_documents
from framework.codegen._generate import Drift, check, contract_names, generate, render_package

__all__ = [
    "ContractError",
    "Drift",
    "bundle_contract",
    "check",
    "contract_names",
    "generate",
    "merge_documents",
    "render_package",
]
