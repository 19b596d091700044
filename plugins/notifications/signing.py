"""Webhook signatures: ``Turnout-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>``.

>>> header = signature_header("s3cret-s3cret-s3cret", b'{"a":1}', at=1700000000)
>>> header.startswith("t=1700000000,v1=")
True
>>> verify_signature("s3cret-s3cret-s3cret", b'{"a":1}', header, now=1700000010)
True
>>> verify_signature("s3cret-s3cret-s3cret", b'{"a":2}', header, now=1700000010)
False
"""

from __future__ import annotations

import hashlib
import hmac
import time

__all__ = ["EVENT_ID_HEADER", "SIGNATURE_HEADER", "sign", "signature_header", "verify_signature"]

SIGNATURE_HEADER = "Turnout-Signature"
EVENT_ID_HEADER = "Turnout-Event-Id"


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The hex HMAC-SHA256 of ``"<timestamp>." + body`` keyed with ``secret``."""
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def signature_header(secret: str, body: bytes, *, at: int | None = None) -> str:
    """The ``Turnout-Signature`` value of ``body`` sent at ``at`` (now by default)."""
    timestamp = int(time.time()) if at is None else at
    return f"t={timestamp},v1={sign(secret, timestamp, body)}"


def verify_signature(secret: str, body: bytes, header: str, *, now: float | None = None, tolerance: int = 300) -> bool:
    """What a receiver does: recompute over the raw body, compare in constant time, refuse stale timestamps."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), parts.get("v1", ""))
