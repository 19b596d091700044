"""Schemathesis over the served OpenAPI document: every phase (stateful included), all checks."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import httpx

from framework._environment import FUZZ_EXAMPLES_ENV
from plugins.admin.config import AdminConfig
from tests._platform import TEST_ADMIN, RunningPlatform, only_plugins
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, promote_to_admin, register_and_login

# 4xx answers the contract documents for schema-valid input: an email already taken is 409 (the
# contracts' examples are sent more than once), a wrong current password is 422, a cursor this
# service never issued is 400 (any list operation, a new plugin's too), an upload whose file name
# has control characters is 400 and one whose media type the platform does not accept is 415; a simulation whose
# weights do not sum to 1, whose correlations are not positive semi-definite, that names both or
# neither of inline assets and an inputs file, or that is over the path-step cap is 422 (rules a
# JSON Schema cannot state), one naming a file the caller cannot read is 404; an analytics import with an
# amount in fractions of a cent or a bad file, a metrics range over the cap or reversed, an asset whose
# category is not of its kind is 422, an import naming a file or a value naming an asset the caller
# cannot see is 404. Inference names its features per model, so a feature set a model does not know is 422,
# and so is an upload that is not a model it can serve. An analysis whose start is after its end, or whose
# period is longer than analytics allows, is 422. A webhook URL carrying credentials or reaching a
# non-public address is 422, one webhook past the limit 409; a notification sent again under its
# Idempotency-Key with another body is 409 (and ten thousand recipients pass the tests' body cap, 413), and
# replaying a delivery that is not dead is 409. An admin changing their own role or disabling
# themselves is 422.
CONFIG = textwrap.dedent(
    """\
    seed = 20261121

    [generation]
    mode = "all"
    max-examples = {max_examples}
    deterministic = true
    database = "none"

    [checks]
    enabled = true
    negative_data_rejection.expected-statuses = [400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429]

    [[operations]]
    include-operation-id = "changePassword"
    checks.positive_data_acceptance.expected-statuses = ["2xx", 401, 403, 404, 409, 422, 429]

    [[operations]]
    include-operation-id-regex = "^list[A-Z]"
    checks.positive_data_acceptance.expected-statuses = ["2xx", 400, 401, 403, 404, 409, 429]

    [[operations]]
    include-operation-id-regex = "^(registerUser|updateMe)$"
    checks.positive_data_acceptance.expected-statuses = ["2xx", 401, 403, 404, 409, 429]

    [[operations]]
    include-operation-id = "uploadFile"
    checks.positive_data_acceptance.expected-statuses = ["2xx", 400, 401, 403, 409, 413, 415, 429]

    [[operations]]
    include-operation-id = "createSimulation"
    checks.positive_data_acceptance.expected-statuses = ["2xx", 401, 403, 404, 409, 422, 429]

    [[operations]]
    include-operation-id-regex = "^(importTransactions|importTransactionFile|createAsset|recordAssetValue|getMetrics)$"
    checks.positive_data_acceptance.expected-statuses = ["2xx", 401, 403, 404, 409, 422, 429]

    [[operations]]
    include-operation-id-regex = "^(predict|whatIf|createBatchScore)$"
    checks.positive_data_acceptance.expected-statuses = ["2xx", 401, 403, 404, 409, 422, 429]

    [[operations]]
    include-operation-id = "uploadModelVersion"
    checks.positive_data_acceptance.expected-statuses = ["2xx", 400, 401, 403, 409, 413, 415, 422, 429]

    [[operations]]
    include-operation-id-regex = "^(setUserRole|setAdminUserRole|disableUser|disableAdminUser)$"
    checks.positive_data_acceptance.expected-statuses = ["2xx", 401, 403, 404, 422, 429]

    # getUsage: a range with start after end, or longer than 366 days, is 422.
    [[operations]]
    include-operation-id = "getUsage"
    checks.positive_data_acceptance.expected-statuses = ["2xx", 401, 403, 422, 429]

    # updateSetting: a value the setting's own schema refuses is 422; a plugin or key that is not changeable, 404.
    [[operations]]
    include-operation-id = "updateSetting"
    checks.positive_data_acceptance.expected-statuses = ["2xx", 401, 403, 404, 422, 429]

    # replayDeadLetter: an id no plugin has is 404.
    [[operations]]
    include-operation-id = "replayDeadLetter"
    checks.positive_data_acceptance.expected-statuses = ["2xx", 401, 403, 404, 429]

    [[operations]]
    include-operation-id = "analyze"
    checks.positive_data_acceptance.expected-statuses = ["2xx", 401, 403, 404, 422, 429]

    # A webhook URL with credentials in it, or a host that is not public, is 422; one webhook too many is 409.
    [[operations]]
    include-operation-id = "createWebhook"
    checks.positive_data_acceptance.expected-statuses = ["2xx", 401, 403, 409, 422, 429]

    # An Idempotency-Key sent again with another body is 409, and thousands of recipients may pass the test
    # gateway's max_body_bytes (413); a delivery that is not dead is 409 to replay.
    [[operations]]
    include-operation-id = "sendNotification"
    checks.positive_data_acceptance.expected-statuses = ["2xx", 401, 403, 409, 413, 429]

    [[operations]]
    include-operation-id = "replayDelivery"
    checks.positive_data_acceptance.expected-statuses = ["2xx", 401, 403, 404, 409, 429]

    # streamNotifications tails for `duration` seconds (up to 3600): the run asks for the replay alone.
    [[operations]]
    include-operation-id = "streamNotifications"
    parameters = {{ "query.duration" = 0 }}

    # Tiers: a name already taken is 409, and so is deleting a tier in use; a user put on no such tier is 422;
    # a limit written as a float (230.0) is 400: the platform's JSON bodies are strict about integers.
    [[operations]]
    include-operation-id-regex = "^(createTier|updateTier|deleteTier|setUserTier)$"
    checks.positive_data_acceptance.expected-statuses = ["2xx", 400, 401, 403, 404, 409, 422, 429]
    """
)


def run_schemathesis(platform: RunningPlatform, workdir: Path, *, max_examples: int, token: str) -> None:
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "schemathesis.toml").write_text(CONFIG.format(max_examples=max_examples), encoding="utf-8")
    command = [
        str(Path(sys.executable).parent / "schemathesis"),
        "run",
        f"{platform.base_url}/schema/openapi.json",
        "--checks",
        "all",
        "--header",
        f"Authorization: Bearer {token}",
        "--workers",
        "1",
        "--request-timeout",
        "10",
        "--no-color",
    ]
    result = subprocess.run(
        command,
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        env={**os.environ, "SCHEMATHESIS_HOOKS": ""},
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    # Every operation of the served document was tested, and every phase ran and passed.
    selected = re.search(r"Selected: (\d+)/(\d+)", output)
    tested = re.search(r"Tested: (\d+)", output)
    assert selected, output
    assert tested, output
    assert selected.group(1) == selected.group(2) == tested.group(1), output
    for phase in ("Coverage", "Fuzzing", "Stateful"):
        assert f"✅ {phase}" in output, output


def restore_default_tier(http: httpx.Client) -> None:
    """Put back the default tier's limits: the run, as an admin, may change them for every later test.

    Signed in as the platform's configured admin: the run may have revoked its own admin's sessions.
    """
    if (enabled := only_plugins()) is not None and "admin" not in enabled:
        return  # no tiers on this platform
    login = http.post("/auth/login", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    assert login.status_code == 200, login.text
    limits = {
        "file_quota_bytes": TEST_ADMIN["default_file_quota_bytes"],
        "simulation_max_path_steps": TEST_ADMIN["default_simulation_max_path_steps"],
        "simulation_max_concurrent_jobs": AdminConfig().default_simulation_max_concurrent_jobs,
    }
    restored = http.put(
        "/admin/tiers/free", json=limits, headers={"Authorization": f"Bearer {login.json()['access_token']}"}
    )
    assert restored.status_code == 200, restored.text


def test_schemathesis_all_phases_all_checks(platform: RunningPlatform, http: httpx.Client, tmp_path: Path) -> None:
    # A dedicated admin: the run changes its own account (email, password) as the contract allows.
    admin = promote_to_admin(platform, register_and_login(http))
    login = http.post("/auth/login", json={"email": admin.email, "password": admin.password})
    assert login.status_code == 200, login.text
    examples = int(os.environ.get(FUZZ_EXAMPLES_ENV, "5"))  # `just fuzz` runs 500
    try:
        run_schemathesis(platform, tmp_path, max_examples=examples, token=login.json()["access_token"])
    finally:
        restore_default_tier(http)
    logs = platform.logs()
    assert '"status": 500' not in logs
