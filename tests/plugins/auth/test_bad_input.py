"""Bad input never gives a 500: every case is a 4xx problem+json and changes nothing."""

from __future__ import annotations

import base64
import json
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests._platform import RunningPlatform
from tests.conftest import Account, assert_problem


def _server_key(platform: RunningPlatform) -> Ed25519PrivateKey:
    pem = (platform.var_dir / "auth" / "jwt-ed25519.pem").read_bytes()
    key = serialization.load_pem_private_key(pem, password=None)
    assert isinstance(key, Ed25519PrivateKey)
    return key


def _kid(http: httpx.Client) -> str:
    kid: str = http.get("/auth/.well-known/jwks.json").json()["keys"][0]["kid"]
    return kid


def _claims(account: Account, **overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    claims = {
        "iss": "turnout",
        "aud": "turnout",
        "sub": account.id,
        "sid": str(uuid.uuid4()),
        "role": "user",
        "typ": "access",
        "iat": now,
        "exp": now + 300,
    }
    claims.update(overrides)
    return claims


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        pytest.param(b'{"email": "a@b.co", "password": ', "application/json", id="malformed-json"),
        pytest.param(b"not json at all", "application/json", id="not-json"),
        pytest.param(b'{"email": 42, "password": "long enough"}', "application/json", id="wrong-type"),
        pytest.param(b'{"email": "x@example.com"}', "application/json", id="missing-field"),
        pytest.param(
            b'{"email": "x@example.com", "password": "long enough", "admin": true}',
            "application/json",
            id="unknown-field",
        ),
        pytest.param(b'{"email": "not-an-email", "password": "long enough"}', "application/json", id="bad-email"),
        pytest.param(b'{"email": "x@example.com", "password": "short"}', "application/json", id="short-password"),
        pytest.param(
            b'{"email": "x@example.com", "password": "long enough", "display_name": "a\\u0000b"}',
            "application/json",
            id="nul-in-name",
        ),
        pytest.param(
            b'{"email": "x\\u0000@example.com", "password": "long enough"}', "application/json", id="nul-in-email"
        ),
        pytest.param(b"[]", "application/json", id="array-not-object"),
        pytest.param(b"", "application/json", id="empty-body"),
    ],
)
def test_register_rejects_bad_bodies(http: httpx.Client, body: bytes, content_type: str) -> None:
    before = http.get("/health").status_code
    response = http.post("/auth/register", content=body, headers={"Content-Type": content_type})
    problem = assert_problem(response, 400)
    assert before == 200
    # Nothing was created: the same address can still register.
    if b"x@example.com" in body:
        assert http.post("/auth/login", json={"email": "x@example.com", "password": "long enough"}).status_code == 401
    assert "detail" in problem


def test_oversized_body_is_413(http: httpx.Client) -> None:
    huge = json.dumps({"email": "big@example.com", "password": "x" * 200_000}).encode()
    assert_problem(http.post("/auth/register", content=huge, headers={"Content-Type": "application/json"}), 413)
    assert http.post("/auth/login", json={"email": "big@example.com", "password": "whatever1"}).status_code == 401


def test_bad_query_and_path_parameters(http: httpx.Client, account: Account) -> None:
    assert_problem(http.get("/auth/api-keys", headers=account.auth, params={"limit": 0}), 400)
    assert_problem(http.get("/auth/api-keys", headers=account.auth, params={"limit": "many"}), 400)
    response = http.delete("/auth/api-keys/not-a-uuid", headers=account.auth)
    assert response.status_code in (400, 404)
    assert response.headers["content-type"].startswith("application/problem+json")


def test_unknown_route_and_method_are_problems(http: httpx.Client) -> None:
    assert_problem(http.get("/no/such/route"), 404)
    assert_problem(http.put("/auth/login", json={}), 405)


def test_missing_and_malformed_credentials(http: httpx.Client) -> None:
    missing = http.get("/auth/me")
    assert_problem(missing, 401)
    assert missing.headers["www-authenticate"].startswith("Bearer")
    assert_problem(http.get("/auth/me", headers={"Authorization": "Basic dXNlcjpwYXNz"}), 401)
    assert_problem(http.get("/auth/me", headers={"Authorization": "Bearer"}), 401)
    assert_problem(http.get("/auth/me", headers={"Authorization": "Bearer not.a.jwt"}), 401)
    unknown_key = http.get("/auth/me", headers={"X-API-Key": "tk_unknown"})
    assert_problem(unknown_key, 401)
    assert unknown_key.headers["www-authenticate"].startswith("Bearer")


def test_expired_token(http: httpx.Client, platform: RunningPlatform, account: Account) -> None:
    now = int(time.time())
    token = jwt.encode(
        _claims(account, iat=now - 3600, exp=now - 1800),
        _server_key(platform),
        algorithm="EdDSA",
        headers={"kid": _kid(http)},
    )
    problem = assert_problem(http.get("/auth/me", headers={"Authorization": f"Bearer {token}"}), 401)
    assert "expired" in str(problem["detail"])


def test_tampered_signature(http: httpx.Client, account: Account) -> None:
    header, payload, signature = account.access_token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["role"] = "admin"
    forged = f"{header}.{_b64(json.dumps(claims).encode())}.{signature}"
    assert_problem(http.get("/auth/users", headers={"Authorization": f"Bearer {forged}"}), 401)
    flipped = signature[:-2] + ("AA" if signature[-2:] != "AA" else "BB")
    assert_problem(http.get("/auth/me", headers={"Authorization": f"Bearer {header}.{payload}.{flipped}"}), 401)


def test_alg_none(http: httpx.Client, account: Account) -> None:
    header = _b64(json.dumps({"alg": "none", "typ": "JWT", "kid": _kid(http)}).encode())
    payload = _b64(json.dumps(_claims(account, role="admin")).encode())
    for token in (f"{header}.{payload}.", f"{header}.{payload}"):
        assert_problem(http.get("/auth/me", headers={"Authorization": f"Bearer {token}"}), 401)


def test_token_signed_by_another_key(http: httpx.Client, account: Account) -> None:
    other = Ed25519PrivateKey.generate()
    same_kid = jwt.encode(_claims(account), other, algorithm="EdDSA", headers={"kid": _kid(http)})
    assert_problem(http.get("/auth/me", headers={"Authorization": f"Bearer {same_kid}"}), 401)
    own_kid = jwt.encode(_claims(account), other, algorithm="EdDSA", headers={"kid": "attacker"})
    assert_problem(http.get("/auth/me", headers={"Authorization": f"Bearer {own_kid}"}), 401)


def test_hs256_with_the_public_key_as_secret(http: httpx.Client, account: Account) -> None:
    jwk = http.get("/auth/.well-known/jwks.json").json()["keys"][0]
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": jwk["kid"]}).encode())
    payload = _b64(json.dumps(_claims(account)).encode())
    import hashlib
    import hmac

    signature = _b64(hmac.new(jwk["x"].encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest())
    assert_problem(http.get("/auth/me", headers={"Authorization": f"Bearer {header}.{payload}.{signature}"}), 401)


@pytest.mark.parametrize("alg", ["RS256", "ES256", "HS256", "PS256"])
def test_token_signed_with_another_algorithm_under_the_real_kid(http: httpx.Client, account: Account, alg: str) -> None:
    """PyJWT would raise errors that are not InvalidTokenError for these: each must be a 401, never a 500."""
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    keys: dict[str, Any] = {
        "RS256": rsa.generate_private_key(65537, 2048),
        "PS256": rsa.generate_private_key(65537, 2048),
        "ES256": ec.generate_private_key(ec.SECP256R1()),
        "HS256": "a shared secret that is long enough to sign",
    }
    token = jwt.encode(_claims(account), keys[alg], algorithm=alg, headers={"kid": _kid(http)})
    problem = assert_problem(http.get("/auth/me", headers={"Authorization": f"Bearer {token}"}), 401)
    assert "algorithm" in str(problem["detail"])


def test_token_without_a_session_is_refused(http: httpx.Client, platform: RunningPlatform, account: Account) -> None:
    claims = _claims(account)
    del claims["sid"]
    token = jwt.encode(claims, _server_key(platform), algorithm="EdDSA", headers={"kid": _kid(http)})
    assert_problem(http.get("/auth/me", headers={"Authorization": f"Bearer {token}"}), 401)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("admin\u202egnp.exe", id="right-to-left-override"),
        pytest.param("ad\u200bmin", id="zero-width-space"),
        pytest.param("\u200fAda", id="right-to-left-mark"),
        pytest.param("Ada\u2066", id="isolate"),
        pytest.param("\ufeffAda", id="bom"),
        pytest.param("Ada\x07", id="c0-control"),
        pytest.param("Ada\x85", id="c1-control"),
    ],
)
def test_display_names_with_controls_or_invisible_formatting_are_refused(
    http: httpx.Client, account: Account, name: str
) -> None:
    email = f"named-{uuid.uuid4().hex[:10]}@example.com"
    refused = http.post("/auth/register", json={"email": email, "password": "long enough", "display_name": name})
    assert_problem(refused, 400)
    assert_problem(http.post("/auth/login", json={"email": email, "password": "long enough"}), 401)  # not created
    assert_problem(http.patch("/auth/me", headers=account.auth, json={"display_name": name}), 400)
    assert_problem(http.post("/auth/api-keys", headers=account.auth, json={"name": name}), 400)
    assert http.get("/auth/me", headers=account.auth).json()["display_name"] != name


@pytest.mark.parametrize("char", ["\u00ad", "\u061c", "\U000e0041", "\u2028"])
def test_other_format_and_separator_characters_are_refused_by_the_service(
    http: httpx.Client, account: Account, char: str
) -> None:
    """Soft hyphen, Arabic letter mark, a tag character, a line separator: past the pattern, still refused."""
    before = http.get("/auth/me", headers=account.auth).json()["display_name"]
    assert_problem(http.patch("/auth/me", headers=account.auth, json={"display_name": f"Ada{char}"}), 422)
    assert http.get("/auth/me", headers=account.auth).json()["display_name"] == before


def test_ordinary_names_in_any_script_are_kept(http: httpx.Client, account: Account) -> None:
    for name in ("Zoë Ångström", "محمد", "李小龍", "👩\u200d💻"[:1] + " dev"):
        updated = http.patch("/auth/me", headers=account.auth, json={"display_name": name})
        assert updated.status_code == 200, updated.text
        assert updated.json()["display_name"] == name


def test_refresh_token_used_as_access_token(http: httpx.Client, account: Account) -> None:
    assert_problem(http.get("/auth/me", headers={"Authorization": f"Bearer {account.refresh_token}"}), 401)


def test_token_of_wrong_type_or_audience(http: httpx.Client, platform: RunningPlatform, account: Account) -> None:
    key = _server_key(platform)
    kid = _kid(http)
    for claims in (_claims(account, typ="refresh"), _claims(account, aud="someone-else"), _claims(account, iss="evil")):
        token = jwt.encode(claims, key, algorithm="EdDSA", headers={"kid": kid})
        assert_problem(http.get("/auth/me", headers={"Authorization": f"Bearer {token}"}), 401)


def test_access_token_for_a_user_that_does_not_exist(
    http: httpx.Client, platform: RunningPlatform, account: Account
) -> None:
    token = jwt.encode(
        _claims(account, sub=str(uuid.uuid4())), _server_key(platform), algorithm="EdDSA", headers={"kid": _kid(http)}
    )
    assert_problem(http.get("/auth/me", headers={"Authorization": f"Bearer {token}"}), 401)


def test_garbage_refresh_token(http: httpx.Client) -> None:
    assert_problem(http.post("/auth/refresh", json={"refresh_token": "rt_nonsense"}), 401)
    assert_problem(http.post("/auth/refresh", json={"refresh_token": ""}), 400)


def test_no_500_in_the_log(platform: RunningPlatform, tmp_path: Path) -> None:
    assert '"status": 500' not in platform.logs()
