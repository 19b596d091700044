"""NATS authorization for a split platform: one nkey per identity, each allowed only its own subjects.

``turnout up`` and the test fixtures run nats-server with the file :func:`write_server_config`
writes. What each identity may do (subjects as framework/transports and framework/_events use them):

- a service: answer for its own plugins (``turnout.<plugin>.*``, queue group) and their
  ``$SRV`` discovery; call the operations of the plugins its plugins declare in ``calls``, and
  no others; publish only its own plugins' events
  (``turnout.events.<plugin>.>``, ``turnout.transient.<plugin>.>``); hear any event; create the
  event streams and bring their limits to platform.toml's (not delete them), create its own
  plugins' durable consumers (``<plugin>__<event>``), and acknowledge their messages;
- the gateway: call every plugin and ping them; hear the events of the plugin that verifies
  credentials (its revocations); publish the framework's own events (``turnout.usage``: the
  HTTP edge's usage reports) and create the streams that keep them; nothing else;
- a service whose plugin observes the platform: also ask every plugin's system surface
  (``turnout.system.>``), which every service answers for its own plugins;
- the operator (``turnout status``): ask ``$SRV`` for stats; nothing else.

Every identity subscribes only under its own inbox prefix (``_INBOX.<identity>.>``), so no one
reads another's replies; anyone may publish to ``_INBOX.>``, because replies, and pulls of a
streamed file from the sender's inbox, go there.
"""

from __future__ import annotations

import importlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nkeys  # type: ignore[import-untyped]  # nkeys ships no type information

from framework._dependencies import callees
from framework._events import STREAM, SUBJECT_PREFIX, TRANSIENT_STREAM, TRANSIENT_SUBJECT_PREFIX
from framework._job_events import JOB_FINISHED, JOB_PROGRESS
from framework._nats_credentials import GATEWAY, OPERATOR, inbox_prefix
from framework._plugin import Plugin
from framework._system_nats import SYSTEM_PREFIX
from framework._usage import FRAMEWORK_EVENTS
from framework.transports._wire import SUBJECT_PREFIX as CALL_PREFIX

__all__ = [
    "Permissions",
    "Topology",
    "authorize_platform",
    "ensure_nkeys",
    "identities_of",
    "permissions_for",
    "public_key",
    "server_authorization",
    "topology",
    "write_server_config",
]

_JS_API = "$JS.API"
_STREAMS = (STREAM, TRANSIENT_STREAM)
_EVENT_PREFIXES = (SUBJECT_PREFIX, TRANSIENT_SUBJECT_PREFIX)


@dataclass(frozen=True, slots=True)
class Permissions:
    """Subjects an identity may publish to and subscribe to; everything else is refused."""

    publish: list[str] = field(default_factory=list)
    subscribe: list[str] = field(default_factory=list)

    def as_config(self) -> dict[str, Any]:
        return {"publish": {"allow": self.publish}, "subscribe": {"allow": self.subscribe}}


@dataclass(frozen=True, slots=True)
class Topology:
    """What authorization is derived from: services and their plugins, events, credential verifiers."""

    services: Mapping[str, Sequence[str]]  # service -> the plugins it hosts
    events: Mapping[str, Sequence[str]]  # plugin -> its event names (``<plugin>.<event>``)
    verifiers: Sequence[str] = ()  # plugins whose authenticator every caller runs (it hears their events)
    calls: Mapping[str, Sequence[str]] = field(default_factory=dict)  # plugin -> the plugins it calls
    observers: Sequence[str] = ()  # plugins that ask every plugin's system surface (framework._system)
    consumes: Mapping[str, Sequence[str]] = field(default_factory=dict)  # plugin -> the event names it consumes


def topology(services: Mapping[str, Sequence[str]], plugins: Mapping[str, Plugin[Any, Any]]) -> Topology:
    """The topology of ``plugins`` placed as ``services``; events come from each generated ``events`` module."""
    events: dict[str, list[str]] = {}
    for name, plugin in plugins.items():
        try:
            module = importlib.import_module(f"{plugin.contract.package}.events")
        except ModuleNotFoundError:
            events[name] = []  # a contract without webhooks declares no events
            continue
        events[name] = sorted(getattr(module, "EVENTS", {}))
    verifiers = sorted(name for name, plugin in plugins.items() if plugin.authenticator is not None)
    observers = sorted(name for name, plugin in plugins.items() if plugin.observes_platform)
    consumes = {name: sorted(event.name for event in plugin.consumes) for name, plugin in plugins.items()}
    return Topology(services, events, verifiers, callees(dict(plugins)), observers, consumes)


def identities_of(services: Mapping[str, Sequence[str]]) -> list[str]:
    """Every identity of a platform: each service, the gateway and the operator."""
    for reserved in (GATEWAY, OPERATOR):
        if reserved in services:
            raise ValueError(f"a service may not be called {reserved!r}: that name is the {reserved}'s identity")
    return [*services, GATEWAY, OPERATOR]


def _consumer_subjects(plugins: Iterable[str], events: Iterable[str]) -> list[str]:
    """JetStream subjects to create, look up and acknowledge the durable consumers of ``plugins``."""
    subjects = [f"{_JS_API}.STREAM.NAMES", *(f"{_JS_API}.STREAM.INFO.{stream}" for stream in _STREAMS)]
    for plugin in plugins:
        for event in events:
            durable = f"{plugin}__{event.replace('.', '_')}"  # JetStreamBus.subscribe names them so
            for stream in _STREAMS:  # an event's retention (its stream) is the contract's; either is its own
                subjects += [
                    f"{_JS_API}.CONSUMER.INFO.{stream}.{durable}",
                    f"{_JS_API}.CONSUMER.CREATE.{stream}.{durable}",
                    f"{_JS_API}.CONSUMER.CREATE.{stream}.{durable}.>",
                    f"{_JS_API}.CONSUMER.DURABLE.CREATE.{stream}.{durable}",
                    f"$JS.ACK.{stream}.{durable}.>",
                ]
    return subjects


def permissions_for(identity: str, platform: Topology) -> Permissions:
    """What ``identity`` may do on ``platform``."""
    own_inbox = f"{inbox_prefix(identity)}.>"
    if identity == OPERATOR:
        return Permissions(publish=["$SRV.>"], subscribe=[own_inbox])
    every_plugin = sorted(plugin for plugins in platform.services.values() for plugin in plugins)
    calls = [f"{CALL_PREFIX}.{plugin}.*" for plugin in every_plugin]
    if identity == GATEWAY:
        # Its credential verifier hears the verifying plugin's events (revocations) as they happen.
        heard = [f"{prefix}{plugin}.>" for plugin in platform.verifiers for prefix in _EVENT_PREFIXES]
        # The HTTP edge publishes the framework's events (usage reports), creating their stream if it is the first.
        published = [event.subject for event in FRAMEWORK_EVENTS.values()]
        published += [f"{_JS_API}.STREAM.{verb}.{stream}" for stream in _STREAMS for verb in ("CREATE", "UPDATE")]
        return Permissions(publish=[*calls, *published, "$SRV.>", "_INBOX.>"], subscribe=[own_inbox, *heard])
    own = list(platform.services[identity])
    # Consumed events count even when their publisher is not on the platform: the consumer is made all the same.
    consumed = (event for plugin in own for event in platform.consumes.get(plugin, ()))
    every_event = sorted(
        {*(event for names in platform.events.values() for event in names), *FRAMEWORK_EVENTS, *consumed}
    )
    # Only what its plugins declare they call: a compromised service cannot reach the rest.
    callees = sorted({callee for plugin in own for callee in platform.calls.get(plugin, ())})
    publish = [*(f"{CALL_PREFIX}.{plugin}.*" for plugin in callees), "$SRV.>", "_INBOX.>"]
    publish += [f"{prefix}{plugin}.>" for plugin in own for prefix in _EVENT_PREFIXES]
    # The jobs kit announces every plugin's jobs as framework events (turnout.job_*).
    publish += [event.subject for event in (JOB_PROGRESS, JOB_FINISHED)]
    # Creating the streams when missing and setting their limits from [events]; deleting stays with the operator.
    publish += [f"{_JS_API}.STREAM.{verb}.{stream}" for stream in _STREAMS for verb in ("CREATE", "UPDATE")]
    publish += _consumer_subjects(own, every_event)
    if any(plugin in platform.observers for plugin in own):  # it may ask every plugin's system surface
        publish.append(f"{SYSTEM_PREFIX}.>")
    # Any event may be heard: a plugin may consume any, and a verifier's events reach every process.
    subscribe = [own_inbox, *(f"{prefix}>" for prefix in _EVENT_PREFIXES), "$SRV.PING", "$SRV.INFO", "$SRV.STATS"]
    for plugin in own:
        subscribe += [f"{CALL_PREFIX}.{plugin}.*", f"$SRV.*.{plugin}", f"$SRV.*.{plugin}.*"]
        subscribe.append(f"{SYSTEM_PREFIX}.{plugin}.*")  # answering its system surface
    return Permissions(publish=publish, subscribe=subscribe)


def public_key(seed_file: Path) -> str:
    """The public nkey (``U...``) of the seed in ``seed_file``."""
    pair = nkeys.from_seed(bytearray(seed_file.read_bytes().strip()))
    try:
        return str(pair.public_key.decode())
    finally:
        pair.wipe()


def ensure_nkeys(directory: Path, identities: Iterable[str]) -> dict[str, str]:
    """Each identity's public nkey, making ``<identity>.nk`` seeds (0600, folder 0700) that are missing.

    A seed once made is kept: restarting ``turnout up`` must not lock out running processes.
    """
    directory.mkdir(parents=True, exist_ok=True)
    directory.chmod(0o700)
    public: dict[str, str] = {}
    for identity in identities:
        path = directory / f"{identity}.nk"
        if not path.exists():
            seed = nkeys.encode_seed(os.urandom(32), nkeys.PREFIX_BYTE_USER)
            # O_EXCL: two starts racing do not overwrite each other's seed; 0600 from the first byte.
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as out:
                out.write(seed + b"\n")
        public[identity] = public_key(path)
    return public


def server_authorization(
    platform: Topology, public_keys: Mapping[str, str], *, extra_users: Sequence[Mapping[str, Any]] = ()
) -> dict[str, Any]:
    """The ``authorization`` block: an nkey user per identity (``public_keys``) with its permissions.

    ``extra_users`` are added as given (tests add a probe that may do everything).
    """
    users: list[dict[str, Any]] = [
        {"nkey": public_keys[identity], "permissions": permissions_for(identity, platform).as_config()}
        for identity in identities_of(platform.services)
    ]
    users += [dict(user) for user in extra_users]
    return {"users": users}


def authorize_platform(
    services: Mapping[str, Sequence[str]],
    plugins: Mapping[str, Plugin[Any, Any]],
    keys_dir: Path,
    *,
    seed_files: Mapping[str, Path] | None = None,
    extra_users: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """The ``authorization`` block of a platform, seeds made in ``keys_dir`` for identities that lack one.

    ``seed_files`` names an identity's own seed instead (``[nats.identities.<name>] nkey_seed_file``).
    """
    given = dict(seed_files or {})
    identities = identities_of(services)
    public = ensure_nkeys(keys_dir, [identity for identity in identities if identity not in given])
    public.update({identity: public_key(path) for identity, path in given.items()})
    return server_authorization(topology(services, plugins), public, extra_users=extra_users)


def write_server_config(path: Path, authorization: Mapping[str, Any]) -> Path:
    """Write a nats-server config file (JSON is valid nats-server config) holding ``authorization``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        json.dump({"authorization": authorization}, out, indent=2, sort_keys=True)
        out.write("\n")
    return path
