"""Events: a consumer's handler is called as often in both placements, until it succeeds."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.invariance.conftest import eventually


def _attempts(pair: httpx.Client, key: uuid.UUID) -> dict[str, object]:
    response = pair.get(f"/probe/pokes/{key}")
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


@pytest.mark.parametrize("fail_times", [0, 2])
def test_a_failing_handler_is_called_until_it_succeeds_and_no_more(pair: httpx.Client, fail_times: int) -> None:
    key = uuid.uuid4()
    published = pair.post("/probe/pokes", json={"key": str(key), "fail_times": fail_times})
    assert published.status_code == 204, published.text
    handled = eventually(lambda: _attempts(pair, key), lambda body: body["handled"] is True)
    assert handled == {"attempts": fail_times + 1, "handled": True}
    # Handled means acknowledged: a later look sees no further call.
    assert _attempts(pair, key) == {"attempts": fail_times + 1, "handled": True}
