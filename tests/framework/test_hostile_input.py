"""Every operation of the served OpenAPI document answers hostile input with a 4xx problem, in both placements.

The operations are read from ``/schema/openapi.json`` of the running platform, so an operation
added to a contract is walked without changing this test. The classes of input, each sent where
it applies: bearer tokens signed with a foreign algorithm but carrying the real key id, deeply
nested JSON, bodies that are not UTF-8, forged pagination cursors, ``null`` for a query parameter
that is no plain text, and bodies of the wrong media type. None may produce a 5xx, a traceback,
or an error-level log line.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from tests._platform import RunningPlatform
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD

_METHODS = ("get", "put", "post", "patch", "delete")


@dataclass(frozen=True)
class Op:
    """One operation of the served document, with what the walk needs of it."""

    method: str
    path: str
    operation_id: str
    secured: bool
    body_types: tuple[str, ...]
    body_schema: dict[str, Any] | None
    params: tuple[dict[str, Any], ...]
    body_example: Any = None  # the contract's own example of the JSON body, when it has one

    @property
    def label(self) -> str:
        return f"{self.operation_id} ({self.method.upper()} {self.path})"

    @property
    def takes_json(self) -> bool:
        return any(t == "application/json" or t.endswith("+json") for t in self.body_types)

    @property
    def has_cursor(self) -> bool:
        return any(p["in"] == "query" and p["name"] == "cursor" for p in self.params)


class Document:
    """The served OpenAPI document, with ``$ref`` resolution."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw

    def resolve(self, node: Any) -> Any:
        while isinstance(node, dict) and "$ref" in node:
            target: Any = self.raw
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            node = target
        return node

    def operations(self) -> list[Op]:
        ops = []
        for path, item in self.raw["paths"].items():
            shared = [self.resolve(p) for p in item.get("parameters", [])]
            for method in _METHODS:
                if method not in item:
                    continue
                operation = item[method]
                params = {(p["in"], p["name"]): p for p in shared}
                params.update({(p["in"], p["name"]): p for p in map(self.resolve, operation.get("parameters", []))})
                body = self.resolve(operation.get("requestBody") or {})
                content = body.get("content", {})
                json_media = content.get("application/json", {})
                json_schema = json_media.get("schema")
                ops.append(
                    Op(
                        method=method,
                        path=path,
                        operation_id=operation.get("operationId", f"{method} {path}"),
                        secured=bool(operation.get("security", self.raw.get("security", []))),
                        body_types=tuple(content),
                        body_schema=self.resolve(json_schema) if json_schema is not None else None,
                        params=tuple(params.values()),
                        body_example=_example_of(json_media, self.resolve(json_schema) if json_schema else None),
                    )
                )
        return ops

    def example(self, schema: Any) -> Any:
        """A minimal instance of ``schema`` that decodes: required fields only, smallest values."""
        schema = self.resolve(schema)
        for combinator in ("oneOf", "anyOf"):
            if combinator in schema:
                return self.example(schema[combinator][0])
        if "allOf" in schema:
            merged: dict[str, Any] = {}
            for part in schema["allOf"]:
                merged.update(self.example(part))
            return merged
        if "enum" in schema:
            return schema["enum"][0]
        kind = schema.get("type")
        if kind == "object":
            properties = schema.get("properties", {})
            return {name: self.example(properties[name]) for name in schema.get("required", [])}
        if kind == "array":
            return [self.example(schema.get("items", {})) for _ in range(schema.get("minItems", 0))]
        if kind in ("integer", "number"):
            if "minimum" in schema:
                return max(schema["minimum"], 1) if schema.get("maximum", 1) >= 1 else schema["minimum"]
            return 1
        if kind == "boolean":
            return False
        if kind == "string":
            fmt = schema.get("format")
            if fmt == "uuid":
                return str(uuid.uuid4())
            if fmt == "date-time":
                return "2026-01-01T00:00:00Z"
            if fmt == "date":
                return "2026-01-01"
            if "@" in schema.get("pattern", "") or fmt == "email":
                return "nobody@example.com"
            return "a" * max(schema.get("minLength", 1), 1)
        return None


def _example_of(media: dict[str, Any], schema: dict[str, Any] | None) -> Any:
    """The body's example from the contract (the media's, else its schema's first), or None."""
    if "example" in media:
        return media["example"]
    examples = (schema or {}).get("examples") or [None]
    return examples[0]


def _plain_text(schema: dict[str, Any]) -> bool:
    return schema.get("type") == "string" and not {"enum", "const", "format", "pattern"} & schema.keys()


def _request_url(op: Op, **query: str) -> tuple[str, dict[str, str]]:
    path = op.path
    headers: dict[str, str] = {}
    for param in op.params:
        if param["in"] == "path":
            # A value of the parameter's type, so the route matches and the request reaches its checks.
            value = "1" if param.get("schema", {}).get("type") == "integer" else str(uuid.uuid4())
            path = path.replace("{" + param["name"] + "}", value)
        elif param["in"] == "header" and param.get("required"):
            headers[param["name"]] = "hostile-walk"
    return path + ("?" + str(httpx.QueryParams(query)) if query else ""), headers


# --- tokens signed with something other than the platform's key ------------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unverified_part(token: str, index: int) -> dict[str, Any]:
    part = token.split(".")[index]
    decoded: dict[str, Any] = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    return decoded


def foreign_tokens(real_token: str, jwks: dict[str, Any]) -> dict[str, str]:
    """Tokens with the real claims and the real key id, signed every wrong way."""
    claims = _unverified_part(real_token, 1)
    claims.update(iat=int(time.time()), exp=int(time.time()) + 600)
    key = jwks["keys"][0]
    kid = key["kid"]
    payload = _b64(json.dumps(claims).encode())

    def signing_input(alg: str) -> bytes:
        return f"{_b64(json.dumps({'alg': alg, 'kid': kid, 'typ': 'JWT'}).encode())}.{payload}".encode()

    public_raw = base64.urlsafe_b64decode(key["x"] + "=" * (-len(key["x"]) % 4)) if "x" in key else b""
    public_json = json.dumps(key).encode()
    tokens: dict[str, str] = {}
    for name, secret in (("HS256 keyed with the public key", public_raw), ("HS256 keyed with the JWK", public_json)):
        message = signing_input("HS256")
        tokens[name] = f"{message.decode()}.{_b64(hmac.new(secret, message, hashlib.sha256).digest())}"
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    message = signing_input("RS256")
    tokens["RS256 with a foreign key"] = (
        f"{message.decode()}.{_b64(rsa_key.sign(message, padding.PKCS1v15(), hashes.SHA256()))}"
    )
    ec_key = ec.generate_private_key(ec.SECP256R1())
    message = signing_input("ES256")
    r, s = decode_dss_signature(ec_key.sign(message, ec.ECDSA(hashes.SHA256())))
    tokens["ES256 with a foreign key"] = f"{message.decode()}.{_b64(r.to_bytes(32, 'big') + s.to_bytes(32, 'big'))}"
    tokens["alg none"] = f"{signing_input('none').decode()}."
    tokens["alg none, signature kept"] = f"{signing_input('none').decode()}.{real_token.split('.')[2]}"
    message = signing_input("EdDSA")
    tokens["EdDSA with a foreign key"] = f"{message.decode()}.{_b64(Ed25519PrivateKey.generate().sign(message))}"
    # The PEM form of the real public key as an HMAC secret: the classic key-confusion attack.
    if "x" in key:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

        pem = Ed25519PublicKey.from_public_bytes(public_raw).public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        message = signing_input("HS256")
        tokens["HS256 keyed with the PEM"] = (
            f"{message.decode()}.{_b64(hmac.new(pem, message, hashlib.sha256).digest())}"
        )
    return tokens


# --- forged cursors ---------------------------------------------------------------------------


def _cursor(values: Any) -> str:
    return _b64(json.dumps(values).encode())


_ANY_ID = "00000000-0000-0000-0000-000000000001"
FORGED_CURSORS = {
    "year 1 with a positive offset": _cursor(["0001-01-01T00:00:00+05:00", _ANY_ID]),
    "year 9999 with a negative offset": _cursor(["9999-12-31T23:59:59-05:00", _ANY_ID]),
    "year 1 without a zone": _cursor(["0001-01-01T00:00:00", _ANY_ID]),
    "year 1 in UTC": _cursor(["0001-01-01T00:00:00+00:00", _ANY_ID]),
    "the last microsecond of 9999": _cursor(["9999-12-31T23:59:59.999999+00:00", _ANY_ID]),
    "year 1 with an offset of almost a day": _cursor(["0001-01-01T00:00:00+23:59", _ANY_ID]),
    "year 9999 with a negative offset of almost a day": _cursor(["9999-12-31T23:00:00-23:59", _ANY_ID]),
    "a date only": _cursor(["0001-01-01", _ANY_ID]),
    "numbers instead of strings": _cursor([1e308, 2**80]),
    "a huge integer timestamp": _cursor([str(10**30), _ANY_ID]),
    "not a uuid": _cursor(["2026-01-01T00:00:00+00:00", "not-a-uuid"]),
    "three values": _cursor(["2026-01-01T00:00:00+00:00", _ANY_ID, "x"]),
    "an object": _cursor({"created": "2026-01-01T00:00:00+00:00"}),
    "nested lists": _cursor([[["x"]], [[_ANY_ID]]]),
    "not base64": "!!!not-base64!!!",
    "base64 of invalid UTF-8": _b64(b"\xff\xfe\xfd"),
}


# --- bodies -----------------------------------------------------------------------------------


def nested_bodies() -> Iterator[tuple[str, bytes]]:
    for depth in (10, 1000, 100_000):
        yield f"arrays nested {depth} deep", b"[" * depth + b"]" * depth
        yield f"objects nested {depth} deep", b'{"a":' * depth + b"1" + b"}" * depth
        yield f"arrays nested {depth} deep in a field", b'{"email":' + b"[" * depth + b"]" * depth + b"}"


INVALID_UTF8_BODIES = {
    "a lone 0xff": b'{"email": "\xff", "password": "x"}',
    "a surrogate encoded in UTF-8": b'{"email": "\xed\xa0\x80@example.com", "password": "aaaaaaaaaa"}',
    "an overlong slash": b'{"email": "\xc0\xaf", "password": "x"}',
    "a truncated sequence": b'{"email": "a\xe2\x82", "password": "x"}',
    "UTF-16 with a byte order mark": '{"email": "a@b.c"}'.encode("utf-16"),
    "a JSON escape of a lone surrogate": b'{"email": "\\ud800@example.com", "password": "aaaaaaaaaa"}',
}


def wrong_type_bodies(op: Op) -> Iterator[tuple[str, dict[str, str], bytes]]:
    """Bodies whose media type the operation does not take."""
    json_text = json.dumps({"email": "a@example.com", "password": "aaaaaaaaaa"}).encode()
    if op.takes_json:
        yield "JSON sent as text/plain", {"Content-Type": "text/plain"}, json_text
        yield "a form", {"Content-Type": "application/x-www-form-urlencoded"}, b"email=a%40example.com&password=x"
        boundary = "hostile"
        multipart = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="data"\r\n\r\n'.encode()
            + json_text
            + f"\r\n--{boundary}--\r\n".encode()
        )
        yield "multipart", {"Content-Type": f"multipart/form-data; boundary={boundary}"}, multipart
        yield "no media type", {"Content-Type": ""}, json_text
    elif "multipart/form-data" in op.body_types:
        yield "JSON", {"Content-Type": "application/json"}, json_text
        yield "text/plain", {"Content-Type": "text/plain"}, b"just text"
        yield "a form", {"Content-Type": "application/x-www-form-urlencoded"}, b"file=x"


# --- the walk ---------------------------------------------------------------------------------


class LogWatch:
    """What the platform's processes logged since it was made."""

    def __init__(self, platform: RunningPlatform) -> None:
        self.offsets: dict[Path, int] = {p.log_path: p.log_path.stat().st_size for p in platform.processes}

    def since(self) -> str:
        parts = []
        for path, offset in self.offsets.items():
            with path.open("rb") as log:
                log.seek(offset)
                parts.append(log.read().decode("utf-8", errors="replace"))
        return "\n".join(parts)


@dataclass
class Walk:
    """Sends hostile requests and collects every answer that is not a 4xx problem."""

    http: httpx.Client
    failures: list[str]
    sent: int = 0

    def send(
        self, op: Op, label: str, *, url: str, headers: dict[str, str], content: bytes | None = None, expect: int | None
    ) -> None:
        self.sent += 1
        try:
            response = self.http.request(op.method.upper(), url, headers=headers, content=content)
        except httpx.HTTPError as error:
            self.failures.append(f"{op.label} / {label}: no answer ({error!r})")
            return
        media_type = response.headers.get("content-type", "")
        ok = 400 <= response.status_code < 500 and media_type.startswith("application/problem+json")
        if ok and expect is not None:
            ok = response.status_code == expect
        if ok:
            body = response.json()
            ok = body.get("status") == response.status_code and bool(body.get("title"))
        if not ok:
            wanted = expect or "4xx"
            self.failures.append(
                f"{op.label} / {label}: {response.status_code} {media_type} (wanted {wanted}) {response.text[:200]}"
            )


@pytest.fixture
def document(http: httpx.Client) -> Document:
    response = http.get("/schema/openapi.json")
    assert response.status_code == 200
    return Document(response.json())


def test_every_operation_refuses_hostile_input_with_a_4xx_problem(
    platform: RunningPlatform, http: httpx.Client, document: Document
) -> None:
    watch = LogWatch(platform)
    login = http.post("/auth/login", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    assert login.status_code == 200, login.text
    admin_token = login.json()["access_token"]
    admin = {"Authorization": f"Bearer {admin_token}"}
    jwks = http.get("/auth/.well-known/jwks.json").json()
    tokens = foreign_tokens(admin_token, jwks)
    ops = document.operations()
    assert len(ops) >= 20, "the served document lost its operations"
    assert any(op.has_cursor for op in ops)
    assert any(op.takes_json for op in ops)

    walk = Walk(http, [])
    for op in ops:
        url, required_headers = _request_url(op)
        if op.secured:
            # A body that decodes, so the request reaches the credential check and nothing before it refuses.
            # The contract's example where there is one: a minimal instance need not match every pattern.
            body = None
            if op.body_schema is not None:
                example = op.body_example if op.body_example is not None else document.example(op.body_schema)
                body = json.dumps(example).encode()
            body_headers = {"Content-Type": "application/json"} if body is not None else {}
            for name, token in tokens.items():
                headers = {**required_headers, **body_headers, "Authorization": f"Bearer {token}"}
                walk.send(op, f"token {name}", url=url, headers=headers, content=body, expect=401)
        if op.takes_json:
            json_headers = {**required_headers, **admin, "Content-Type": "application/json"}
            for name, content in nested_bodies():
                walk.send(op, name, url=url, headers=json_headers, content=content, expect=None)
            for name, content in INVALID_UTF8_BODIES.items():
                walk.send(op, f"not UTF-8: {name}", url=url, headers=json_headers, content=content, expect=None)
        for name, headers, content in wrong_type_bodies(op):
            walk.send(op, name, url=url, headers={**required_headers, **admin, **headers}, content=content, expect=415)
        for param in op.params:
            # "null" is no date, number or enum: refused, never read as the parameter left out.
            if param["in"] == "query" and not _plain_text(document.resolve(param.get("schema", {}))):
                null_url, _ = _request_url(op, **{param["name"]: "null"})
                walk.send(op, f"{param['name']}=null", url=null_url, headers={**required_headers, **admin}, expect=400)
        if op.has_cursor:
            for name, cursor in FORGED_CURSORS.items():
                cursor_url, _ = _request_url(op, cursor=cursor)
                walk.send(op, f"cursor {name}", url=cursor_url, headers={**required_headers, **admin}, expect=400)

    assert walk.sent > 100
    assert not walk.failures, "\n".join(walk.failures)
    logged = watch.since()
    assert "Traceback" not in logged, logged
    assert "unhandled error" not in logged, logged
    assert '"level": "error"' not in logged, logged
