"""What plugins declare and the framework provides: edges, start order, placement, hooks, commands."""

from __future__ import annotations

import dataclasses
import logging
import subprocess
import sys
from pathlib import Path
from typing import Any, cast

import pytest

from framework import NoConfig, Plugin, PluginContext, PluginError, load_config, load_platform
from framework._dependencies import check_edges, start_order
from framework._host import Host
from generated.auth import CONTRACT as AUTH
from generated.auth.events import USER_REGISTERED
from generated.files import CONTRACT as FILES
from generated.simulation import CONTRACT as SIMULATION
from generated.simulation.events import COMPLETED

TURNOUT = str(Path(sys.executable).parent / "turnout")


class Recorder:
    """What the stand-in plugins saw, in order."""

    def __init__(self) -> None:
        self.events: list[str] = []
        self.contexts: dict[str, PluginContext[Any]] = {}


def stand_in(name: str, contract: Any, recorder: Recorder, *, calls: tuple[Any, ...] = ()) -> Plugin[Any, Any]:
    """A plugin named after ``contract`` whose service is a plain object; it records its life."""

    async def create(ctx: PluginContext[NoConfig]) -> Any:
        recorder.contexts[name] = ctx
        for callee in calls:
            peer = ctx.service(callee)  # never None: what it calls was built first
            recorder.events.append(f"{name} sees {type(peer).__name__}")
        recorder.events.append(f"create {name}")

        async def started() -> None:
            recorder.events.append(f"start {name}")

        async def stopped() -> None:
            recorder.events.append(f"stop {name}")

        ctx.on_start(started)
        ctx.on_stop(stopped)
        return _Service(name)

    return Plugin(name=name, contract=contract, config_type=NoConfig, create_service=create, calls=calls)


async def start_and_stop(plugins: dict[str, Plugin[Any, Any]], tmp_path: Path) -> None:
    """Run ``plugins`` in one host on SQLite under ``tmp_path``, then stop them."""
    config = load_config(None, set(plugins))
    config.platform.var_dir = str(tmp_path / "var")
    config.database.url = f"sqlite:///{tmp_path / 'var'}"
    host = Host(config, plugins)
    await host.start()
    await host.stop()


class _Service:
    def __init__(self, name: str) -> None:
        self.name = name


def test_start_order_puts_every_provider_before_its_callers() -> None:
    recorder = Recorder()
    plugins = {
        "simulation": stand_in("simulation", SIMULATION, recorder, calls=(FILES,)),
        "auth": stand_in("auth", AUTH, recorder),
        "files": stand_in("files", FILES, recorder, calls=(AUTH,)),
    }
    assert start_order(plugins) == ["auth", "files", "simulation"]


def test_a_cycle_is_an_error_naming_its_plugins() -> None:
    recorder = Recorder()
    plugins = {
        "auth": stand_in("auth", AUTH, recorder, calls=(SIMULATION,)),
        "files": stand_in("files", FILES, recorder, calls=(AUTH,)),
        "simulation": stand_in("simulation", SIMULATION, recorder, calls=(FILES,)),
    }
    with pytest.raises(PluginError, match="cycle") as caught:
        check_edges(plugins)
    for name in ("auth", "files", "simulation"):
        assert name in str(caught.value)


def test_a_call_without_a_provider_is_an_error_naming_both() -> None:
    plugins = {"files": stand_in("files", FILES, Recorder(), calls=(AUTH,))}
    with pytest.raises(PluginError, match="plugin 'files' calls 'auth', which no enabled plugin provides"):
        check_edges(plugins)


def test_a_consumed_event_needs_no_producer_but_a_call_needs_its_provider() -> None:
    # An audit log listens to every plugin's events: a platform without one of them publishes none.
    consumer = dataclasses.replace(stand_in("files", FILES, Recorder()), consumes=(COMPLETED,))
    check_edges({"files": consumer})
    caller = dataclasses.replace(consumer, calls=(SIMULATION,))
    with pytest.raises(PluginError, match=r"calls 'simulation', which no enabled plugin provides"):
        check_edges({"files": caller})


def test_a_platform_with_a_missing_provider_does_not_load(tmp_path: Path) -> None:
    path = tmp_path / "platform.toml"
    path.write_text("[platform]\nplugins = ['files']\n", encoding="utf-8")
    with pytest.raises(PluginError, match="plugin 'files' calls 'auth'"):
        load_platform(path)
    result = subprocess.run([TURNOUT, "check", "--config", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert "plugin 'files' calls 'auth', which no enabled plugin provides" in result.stderr


async def test_the_host_builds_and_starts_in_dependency_order_and_stops_in_reverse(tmp_path: Path) -> None:
    recorder = Recorder()
    plugins = {
        "simulation": stand_in("simulation", SIMULATION, recorder, calls=(FILES,)),
        "files": stand_in("files", FILES, recorder, calls=(AUTH,)),
        "auth": stand_in("auth", AUTH, recorder),
    }
    await start_and_stop(plugins, tmp_path)
    assert recorder.events == [
        "create auth",
        "files sees AuthClient",  # a colocated callee is reached through its client, under the remote rules
        "create files",
        "simulation sees FilesClient",
        "create simulation",
        "start auth",
        "start files",
        "start simulation",
        "stop simulation",
        "stop files",
        "stop auth",
    ]


async def test_undeclared_calls_and_subscriptions_are_refused_by_name(tmp_path: Path) -> None:
    seen: list[str] = []

    async def create(ctx: PluginContext[NoConfig]) -> Any:
        for attempt in (lambda: ctx.service(AUTH), lambda: ctx.subscribe(USER_REGISTERED, handler)):
            try:
                attempt()
            except PluginError as error:
                seen.append(str(error))
        return _Service("files")

    async def handler(ctx: Any, payload: Any) -> None:
        raise AssertionError("never subscribed")

    plugins = {
        "auth": stand_in("auth", AUTH, Recorder()),
        "files": Plugin(name="files", contract=FILES, config_type=NoConfig, create_service=create),
    }
    await start_and_stop(plugins, tmp_path)
    assert seen == [
        "plugin 'files' calls 'auth' without declaring it: add it to the plugin's calls",
        "plugin 'files' subscribes to 'auth.user_registered' without declaring it: add it to consumes",
    ]


def test_placement_is_on_the_context(tmp_path: Path) -> None:
    path = tmp_path / "platform.toml"
    path.write_text("[services.compute]\nplugins = ['simulation']\ngpu = true\n", encoding="utf-8")
    recorder = Recorder()
    plugins = {
        "auth": stand_in("auth", AUTH, recorder),
        "files": stand_in("files", FILES, recorder, calls=(AUTH,)),
        "simulation": stand_in("simulation", SIMULATION, recorder, calls=(FILES,)),
    }
    config = load_config(path, set(plugins))
    everything = Host(config, plugins)
    assert everything.placement("simulation").service is None  # one process: no service, no GPU promise
    assert not everything.placement("simulation").gpu
    compute = Host(config, plugins, local={"simulation"})
    assert compute.placement("simulation").service == "compute"
    assert compute.placement("simulation").gpu
    assert compute.placement("simulation").colocated == frozenset({"simulation"})
    identity = Host(config, plugins, local={"auth"})
    assert identity.placement("auth").service == "auth"  # placed nowhere: a service of its own
    assert not identity.placement("auth").gpu


async def test_the_gpu_warning_appears_only_where_a_gpu_is_meant_to_be(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from plugins.simulation.engine import gpu_usable

    path = tmp_path / "platform.toml"
    path.write_text(
        f"[platform]\nvar_dir = '{tmp_path / 'var'}'\n[database]\nurl = 'sqlite:///{tmp_path / 'var'}'\n"
        "[services.compute]\nplugins = ['simulation']\ngpu = true\n[plugins.simulation]\nbackend = 'numpy'\n",
        encoding="utf-8",
    )
    config, plugins = load_platform(path)

    async def gpu_warnings(local: set[str] | None) -> list[str]:
        caplog.clear()
        host = Host(config, plugins, local=local)
        # The compute service calls files over NATS; building clients sends nothing, so any transport object does.
        await host.start(transport=None if local is None else cast(Any, object()))
        await host.stop()
        return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING and "gpu" in r.getMessage()]

    with caplog.at_level(logging.INFO):
        everything = await gpu_warnings(None)
        compute = await gpu_warnings({"simulation"})
    assert everything == []  # one process: no service was promised a GPU
    if gpu_usable()[0]:
        assert compute == []
    else:
        assert len(compute) == 1
        assert "service compute is marked gpu = true" in compute[0]


def test_plugins_add_their_own_commands() -> None:
    result = subprocess.run([TURNOUT, "auth", "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "create-admin" in result.stdout
    result = subprocess.run([TURNOUT, "create-admin", "a@example.com"], capture_output=True, text=True, check=False)
    assert result.returncode != 0  # the framework itself knows no accounts
