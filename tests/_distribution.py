"""How the suite spreads over pytest-xdist workers (``--dist loadgroup``): one worker per session platform.

A test that uses a session platform (``platform`` or ``pair_platform``, one per placement) runs on
the worker that runs every other test of that platform and placement, so each such platform starts
once in the whole run; any other test runs with the rest of its module, so a module's own platform
(a module-scoped fixture) starts once too. Groups go out largest first (xdist's loadscope order).

pytest-xdist 3.8 marks a group by appending ``@group`` to each test's id, which pytest 9.2's
structured ids silently ignore (pytest-dev/pytest-xdist#1386). So the workers, which collect,
write each test's group to a file, and the controller's scheduler reads it when it schedules.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from xdist.remote import Producer  # type: ignore[import-untyped]  # pytest-xdist ships no type information
from xdist.scheduler import LoadScopeScheduling  # type: ignore[import-untyped]  # as above
from xdist.workermanage import WorkerController  # type: ignore[import-untyped]  # as above

__all__ = ["SESSION_PLATFORMS", "DistributionPlugin", "distribution_group"]

# The session platforms, each parametrized by placement: the costliest fixtures of the suite.
SESSION_PLATFORMS = ("platform", "pair_platform")
# The workerinput key naming the folder the workers write their groups to.
GROUPS_DIR = "turnout_distribution_groups"


def distribution_group(item: pytest.Item) -> str:
    """The group of a test: the session platform and placement it uses, else its module."""
    callspec = getattr(item, "callspec", None)
    params: dict[str, Any] = callspec.params if callspec is not None else {}
    for name in SESSION_PLATFORMS:
        if name in params:
            return f"{name}-{params[name]}"
    return item.nodeid.split("::")[0]


class GroupScheduling(LoadScopeScheduling):  # type: ignore[misc]  # xdist's class is untyped
    """xdist's loadscope scheduling, with the scopes the workers wrote (a module for a test they did not)."""

    def __init__(self, config: pytest.Config, log: Producer, groups_dir: Path) -> None:
        super().__init__(config, log)
        self._groups_dir = groups_dir
        self._groups: dict[str, str] | None = None

    def _split_scope(self, nodeid: str) -> str:
        if self._groups is None:  # first called once every worker has collected, so its file is written
            self._groups = {}
            for path in sorted(self._groups_dir.glob("*.json")):
                self._groups.update(json.loads(path.read_text(encoding="utf-8")))
        return self._groups.get(nodeid) or nodeid.split("::")[0]


class DistributionPlugin:
    """Registered when pytest-xdist is: the controller's scheduler and the workers' side of it."""

    def __init__(self) -> None:
        self._groups_dir: Path | None = None

    def _folder(self) -> Path:
        if self._groups_dir is None:
            self._groups_dir = Path(tempfile.mkdtemp(prefix="turnout-xdist-groups-"))
        return self._groups_dir

    def pytest_configure_node(self, node: WorkerController) -> None:
        node.workerinput[GROUPS_DIR] = str(self._folder())

    def pytest_xdist_make_scheduler(self, config: pytest.Config, log: Producer) -> LoadScopeScheduling | None:
        if config.getoption("dist") != "loadgroup":
            return None
        return GroupScheduling(config, log, self._folder())

    @pytest.hookimpl(trylast=True)  # after -k and -m have deselected
    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        workerinput: dict[str, Any] | None = getattr(config, "workerinput", None)
        if workerinput is None or GROUPS_DIR not in workerinput:
            return
        folder = Path(workerinput[GROUPS_DIR])
        groups = {item.nodeid: distribution_group(item) for item in items}
        partial = folder / f"{workerinput['workerid']}.part"
        partial.write_text(json.dumps(groups), encoding="utf-8")
        os.replace(partial, folder / f"{workerinput['workerid']}.json")  # whole or absent, never half written

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        if self._groups_dir is not None and not hasattr(config, "workerinput"):
            with contextlib.suppress(OSError):
                shutil.rmtree(self._groups_dir)
