"""Runtime settings and the system surface in one process: validated, kept across restarts, seen by the plugin."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any, ClassVar

import pytest
from msgspec import Meta

from framework import NotFound, Plugin, PluginConfig, PluginContext, PluginError, UnprocessableContent, load_config
from framework._dead_letters import DeadLetterStore
from framework._delivery import DeadEvent, FailedDelivery
from framework._host import Host
from framework._nats_auth import Topology, permissions_for
from framework._system import PlatformSystem
from generated.auth import CONTRACT as AUTH
from generated.files import CONTRACT as FILES


class LimitsConfig(PluginConfig):
    changeable: ClassVar[frozenset[str]] = frozenset({"max_items", "ratio"})

    max_items: Annotated[int, Meta(ge=1, le=1000)] = 10
    ratio: Annotated[float, Meta(gt=0)] = 0.5
    name: str = "fixed"

    def __post_init__(self) -> None:
        if self.max_items == 13:
            raise ValueError("13 items is not allowed")


class BadlyDeclared(PluginConfig):
    changeable: ClassVar[frozenset[str]] = frozenset({"missing"})


class Seen:
    def __init__(self) -> None:
        self.contexts: dict[str, PluginContext[Any]] = {}


def plugin(name: str, contract: Any, config: type[PluginConfig], seen: Seen, *, observes: bool = False) -> Any:
    async def create(ctx: PluginContext[Any]) -> object:
        seen.contexts[name] = ctx
        return object()

    return Plugin(name=name, contract=contract, config_type=config, create_service=create, observes_platform=observes)


def host(tmp_path: Path, plugins: dict[str, Any]) -> Host:
    config = load_config(None, set(plugins))
    config.platform.var_dir = str(tmp_path / "var")
    config.database.url = f"sqlite:///{tmp_path / 'var'}"
    return Host(config, plugins)


def platform_of(seen: Seen) -> PlatformSystem:
    return seen.contexts["auth"].platform_system()


async def test_a_change_is_checked_applied_on_the_config_and_kept_across_a_restart(tmp_path: Path) -> None:
    seen = Seen()
    plugins = {
        "auth": plugin("auth", AUTH, LimitsConfig, seen, observes=True),
        "files": plugin("files", FILES, LimitsConfig, seen),
    }
    first = host(tmp_path, plugins)
    await first.start()
    try:
        system = platform_of(seen)
        assert system.plugins == ["auth", "files"]
        files = system.of("files")
        for bad in (0, 1001, "5", None, 1.5, 13):
            with pytest.raises(UnprocessableContent) as refused:
                await files.change_setting("max_items", bad)
            assert "files.max_items" in str(refused.value.detail)
        with pytest.raises(NotFound):
            await files.change_setting("name", "other")  # not changeable
        with pytest.raises(NotFound):
            system.of("nosuchplugin")
        assert seen.contexts["files"].config.max_items == 10  # nothing changed

        change = await files.change_setting("max_items", 25)
        assert change.previous == 10
        assert change.setting.value == 25
        assert change.setting.configured == 10
        assert seen.contexts["files"].config.max_items == 25  # the object the plugin holds
        assert seen.contexts["auth"].config.max_items == 10  # another plugin's is its own
        listed = {(s.plugin, s.key): s for s in await system.settings()}
        assert listed["files", "max_items"].value == 25
        assert listed["files", "max_items"].changed_at is not None
        assert listed["files", "ratio"].schema == {"type": "number", "exclusiveMinimum": 0}
        [health] = [h for h in await system.health() if h.plugin == "files"]
        assert (health.healthy, health.instances) == (True, 1)
        assert health.reports[0].settings == {"max_items": 25, "ratio": 0.5}
    finally:
        await first.stop()

    seen = Seen()
    second = host(
        tmp_path, {k: plugin(k, p.contract, LimitsConfig, seen, observes=k == "auth") for k, p in plugins.items()}
    )
    await second.start()
    try:
        assert seen.contexts["files"].config.max_items == 25  # back from the database before the plugin was built
        assert seen.contexts["auth"].config.max_items == 10
    finally:
        await second.stop()


async def test_dead_letters_are_listed_and_marked_for_replay_through_the_surface(tmp_path: Path) -> None:
    seen = Seen()
    running = host(tmp_path, {"auth": plugin("auth", AUTH, LimitsConfig, seen, observes=True)})
    await running.start()
    try:
        now = time.time()
        dead = DeadEvent("files.uploaded", "e1", "auth", b"{}", "c1", FailedDelivery(3, "boom", now, now))
        await DeadLetterStore(running.databases["auth"]).record(dead)
        system = platform_of(seen)
        [letter] = await system.dead_letters()
        assert (letter.plugin, letter.event, letter.attempts, letter.replay_requested) == (
            "auth",
            "files.uploaded",
            3,
            False,
        )
        await system.of("auth").replay_dead_letter(letter.id)
        [marked] = await system.dead_letters()
        assert marked.replay_requested is True
        with pytest.raises(NotFound):
            await system.of("auth").replay_dead_letter("no-such-letter")
        assert await system.job_queues() == []  # it declares no jobs
    finally:
        await running.stop()


async def test_only_a_declared_observer_gets_the_surface_and_a_wrong_declaration_fails_at_once(tmp_path: Path) -> None:
    seen = Seen()
    with pytest.raises(PluginError, match="missing"):
        host(tmp_path, {"auth": plugin("auth", AUTH, BadlyDeclared, seen)})

    async def asks(ctx: PluginContext[Any]) -> object:
        return ctx.platform_system()  # without declaring observes_platform

    contract: Any = AUTH  # a stand-in service, not the contract's
    undeclared = Plugin(name="auth", contract=contract, config_type=LimitsConfig, create_service=asks)
    with pytest.raises(PluginError, match="observes_platform"):
        await host(tmp_path, {"auth": undeclared}).start()


def test_every_service_answers_its_surface_and_only_an_observer_may_ask() -> None:
    topology = Topology(
        services={"identity": ["auth"], "ops": ["admin"]}, events={"auth": [], "admin": []}, observers=["admin"]
    )
    identity = permissions_for("identity", topology)
    ops = permissions_for("ops", topology)
    assert "turnout.system.auth.*" in identity.subscribe
    assert "turnout.system.admin.*" in ops.subscribe
    assert "turnout.system.>" in ops.publish
    assert not any(subject.startswith("turnout.system") for subject in identity.publish)
