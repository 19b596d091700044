"""The contracts' examples are tests: each request example, sent as it is documented, gets the documented answer.

For every operation whose request body shows an example: send it (as a fresh registered user where
the operation needs credentials) and check the documented success status and a response its schema
accepts, in both placements. What an example cannot know is filled in generically where the contract
says how (an OpenAPI link into the operation: log in with the credentials just registered, refresh
the session just opened), and from :data:`SETUP` where it does not (a unique email, the caller's own
password).
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from framework._app import platform_openapi
from framework._openapi import operations
from framework._platform import load_platform
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, Account, register_and_login
from tests.contract._examples import examples_of, schema_errors

SERVED = platform_openapi(*load_platform(None))


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    path: str
    spec: dict[str, Any]

    @property
    def request_media(self) -> dict[str, Any] | None:
        media: dict[str, Any] | None = self.spec.get("requestBody", {}).get("content", {}).get("application/json")
        return media


OPERATIONS = {
    op["operationId"]: Operation(op["operationId"], method, path, op) for path, method, op in operations(SERVED)
}
WITH_REQUEST_EXAMPLE = sorted(
    op_id for op_id, op in OPERATIONS.items() if op.request_media and examples_of(SERVED, op.request_media)
)


def _unique_email(body: dict[str, Any], _: Account | None) -> None:
    local, _at, domain = str(body["email"]).partition("@")
    body["email"] = f"{local}+{uuid.uuid4().hex[:10]}@{domain}"


def _own_password(body: dict[str, Any], account: Account | None) -> None:
    assert account is not None
    body["current_password"] = account.password


# Examples that cannot succeed as documented, and the documented refusal they get instead: a file id
# in an example names no file a fresh user can read.
DOCUMENTED_REFUSALS = {"importTransactionFile": 404}


def _unique_tier_name(body: dict[str, Any], _: Account | None) -> None:
    body["name"] = f"{body['name']}-{uuid.uuid4().hex[:10]}"


# What an example cannot know, per operation: emails are unique per account, a password is the caller's.
SETUP: dict[str, Callable[[dict[str, Any], Account | None], None]] = {
    "registerUser": _unique_email,
    "updateMe": _unique_email,
    "changePassword": _own_password,
    "createTier": _unique_tier_name,
}
# Operations whose path names a user: the caller's own id (an admin acting on their own account).
CALLERS_OWN_ID = {"setUserTier": "user_id"}


def _admin(http: httpx.Client) -> Account:
    """The platform's configured admin, signed in: operations only admins may call are sent as them."""
    login = http.post("/auth/login", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    assert login.status_code == 200, login.text
    tokens = login.json()
    me = http.get("/auth/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert me.status_code == 200, me.text
    return Account(ADMIN_EMAIL, ADMIN_PASSWORD, me.json()["id"], tokens["access_token"], tokens["refresh_token"])


def _caller(http: httpx.Client, op: Operation) -> Account | None:
    if not op.spec.get("security"):
        return None
    return _admin(http) if op.spec.get("x-roles") == ["admin"] else register_and_login(http)


# Path parameters of operations no other operation links into: a resource that is always there.
PATH_PARAMETERS: dict[str, dict[str, str]] = {
    "updateSetting": {"plugin": "auth", "key": "access_token_ttl_seconds"},
}


@dataclass
class Exchange:
    """One request sent and its answer, for links out of it to read."""

    body: Any
    response: httpx.Response


def _pointer(document: Any, expression: str, prefix: str) -> Any:
    value = document
    for part in expression.removeprefix(prefix).lstrip("/").split("/"):
        value = value[part.replace("~1", "/").replace("~0", "~")]
    return value


def _evaluate(expression: str, source: Exchange) -> Any:
    """An OpenAPI runtime expression over the linked-from exchange (the body forms this suite's links use)."""
    if expression.startswith("$request.body#"):
        return _pointer(source.body, expression, "$request.body#")
    if expression.startswith("$response.body#"):
        return _pointer(source.response.json(), expression, "$response.body#")
    raise AssertionError(f"unsupported link expression {expression!r}")


def _link_into(operation_id: str, part: str = "requestBody") -> tuple[str, dict[str, str]] | None:
    """An operation whose answer links into ``operation_id`` with ``part`` (its body or its path
    parameters), and that part's expressions."""
    for source_id, source in sorted(OPERATIONS.items()):
        if source_id == operation_id:
            continue
        for response in source.spec.get("responses", {}).values():
            for link in response.get("links", {}).values():
                if link.get("operationId") == operation_id and part in link:
                    return source_id, link[part]
    return None


def send_example(http: httpx.Client, operation_id: str) -> Exchange:
    """Send the operation's request example, prepared through links and :data:`SETUP`."""
    op = OPERATIONS[operation_id]
    assert op.request_media is not None
    body = copy.deepcopy(examples_of(SERVED, op.request_media)[0])
    link = _link_into(operation_id)
    if link is not None:
        source_id, expressions = link
        source = send_example(http, source_id)
        assert source.response.is_success, source.response.text
        body.update({name: _evaluate(expression, source) for name, expression in expressions.items()})
    account = _caller(http, op)
    if operation_id in SETUP:
        SETUP[operation_id](body, account)
    headers = account.auth if account is not None else {}
    if operation_id in PATH_PARAMETERS or operation_id in CALLERS_OWN_ID:
        assert account is not None
        values = PATH_PARAMETERS.get(operation_id) or {CALLERS_OWN_ID[operation_id]: account.id}
        path = op.path.format(**values)
        return Exchange(body, http.request(op.method.upper(), path, json=body, headers=headers))
    if "{" in op.path:  # a resource of the caller's own, made by the linked-from operation as the same user
        return _send_as(http, op, body, account)
    return Exchange(body, http.request(op.method.upper(), op.path, json=body, headers=headers))


def _send_as(http: httpx.Client, op: Operation, body: dict[str, Any], account: Account | None) -> Exchange:
    link = _link_into(op.operation_id, "parameters")
    if link is None and _path_parameters(op) == ["user_id"]:
        # An admin's operation on a user (another contract's user): a freshly registered one.
        path = op.path.format(user_id=register_and_login(http).id)
        return Exchange(body, http.request(op.method.upper(), path, json=body, headers=account.auth if account else {}))
    assert link is not None, f"{op.operation_id} has path parameters but no link into it says where they come from"
    source_id, expressions = link
    source_op = OPERATIONS[source_id]
    assert source_op.request_media is not None
    source_body = copy.deepcopy(examples_of(SERVED, source_op.request_media)[0])
    if source_id in SETUP:
        SETUP[source_id](source_body, account)
    headers = account.auth if account is not None else {}
    made = Exchange(
        source_body, http.request(source_op.method.upper(), source_op.path, json=source_body, headers=headers)
    )
    assert made.response.is_success, made.response.text
    path = op.path.format(**{name: _evaluate(expression, made) for name, expression in expressions.items()})
    return Exchange(body, http.request(op.method.upper(), path, json=body, headers=headers))


def _path_parameters(op: Operation) -> list[str]:
    return [part.split("}")[0] for part in op.path.split("{")[1:]]


def test_every_body_operation_has_a_request_example() -> None:
    with_body = sorted(op_id for op_id, op in OPERATIONS.items() if op.request_media)
    assert with_body == WITH_REQUEST_EXAMPLE
    assert "registerUser" in WITH_REQUEST_EXAMPLE


@pytest.mark.parametrize("operation_id", WITH_REQUEST_EXAMPLE)
def test_the_request_example_gets_the_documented_answer(http: httpx.Client, operation_id: str) -> None:
    op = OPERATIONS[operation_id]
    [success] = [status for status in op.spec["responses"] if status.startswith("2")]
    response = send_example(http, operation_id).response
    if operation_id in DOCUMENTED_REFUSALS:
        refusal = DOCUMENTED_REFUSALS[operation_id]
        assert str(refusal) in op.spec["responses"]
        assert response.status_code == refusal, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        return
    assert response.status_code == int(success), response.text
    content = op.spec["responses"][success].get("content", {})
    if not content:
        assert response.content == b""
        return
    schema = content[response.headers["content-type"].split(";")[0]]["schema"]
    assert schema_errors(SERVED, schema, response.json()) == []
