"""The Ed25519 key that signs access tokens, and the JWKS that publishes its public half."""

from __future__ import annotations

import base64
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

__all__ = ["SigningKey", "load_or_create_signing_key"]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class SigningKey:
    """A private key with its key id (the RFC 7638 thumbprint of the public key)."""

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self.private_key = private_key
        raw = private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        self.public_jwk: dict[str, Any] = {"crv": "Ed25519", "kty": "OKP", "x": _b64(raw)}
        canonical = json.dumps(self.public_jwk, separators=(",", ":"), sort_keys=True).encode()
        self.kid = _b64(hashlib.sha256(canonical).digest())

    def jwk(self) -> dict[str, Any]:
        return {**self.public_jwk, "kid": self.kid, "use": "sig", "alg": "EdDSA"}


def load_or_create_signing_key(configured: str | None, var_dir: Path) -> SigningKey:
    """Load the configured PEM key, or the one under ``var_dir``, generating it on first run."""
    path = Path(configured) if configured else var_dir / "jwt-ed25519.pem"
    if path.exists():
        try:
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except (ValueError, TypeError):  # not PEM, or encrypted with a password
            raise ValueError(f"{str(path)!r} is not a PEM private key without a password") from None
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError(f"{str(path)!r} is not an Ed25519 private key")
        return SigningKey(key)
    if configured:
        raise FileNotFoundError(f"{str(path)!r}: no such file")
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written 0600 to a private temporary name, then linked into place: a crash never leaves half a
    # key, and when replicas start together exactly one key wins and every replica loads it.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
        handle.flush()
        os.fsync(handle.fileno())
    try:
        os.link(tmp, path)
    except FileExistsError:
        return load_or_create_signing_key(configured, var_dir)
    finally:
        tmp.unlink()
    return SigningKey(key)
