"""``platform.toml``: one section per concern, decoded strictly into typed Structs.

Every error names the file and the key, and is raised before anything starts.
"""

from __future__ import annotations

import ipaddress
import os
import re
import stat
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar
from urllib.parse import urlsplit

import msgspec

from framework._errors import ConfigError

__all__ = [
    "ConfigError",
    "DatabaseConfig",
    "EventsConfig",
    "GatewayConfig",
    "MetricsConfig",
    "NatsConfig",
    "NatsIdentityConfig",
    "NatsTlsConfig",
    "PlatformConfig",
    "PlatformSection",
    "ServiceConfig",
    "TracingConfig",
    "check_secret_file",
    "decode_plugin_config",
    "load_config",
]


class _Section(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    pass


class PlatformSection(_Section):
    name: str = "turnout"
    var_dir: str = "var"
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    plugins: list[str] | None = None
    # Plugins that are not installed packages, as "module:attribute" of their Plugin object.
    extra_plugins: list[str] = []


class DatabaseConfig(_Section):
    url: str = "sqlite:///var"


class NatsIdentityConfig(_Section):
    """``[nats.identities.<name>]``: the one file a process of that identity authenticates with."""

    nkey_seed_file: str | None = None  # an nkey seed (``SU...``), as nats-server ``nkey`` users take
    creds_file: str | None = None  # a ``.creds`` file: user JWT and nkey seed (operator/account mode)


class NatsTlsConfig(_Section):
    """``[nats.tls]``: verify the server with ``ca_file``; present ``cert_file``/``key_file`` when it asks."""

    ca_file: str | None = None
    cert_file: str | None = None
    key_file: str | None = None
    hostname: str | None = None  # the name the server's certificate must carry, when not the URL's host


class NatsConfig(_Section):
    url: str = "nats://127.0.0.1:4222"
    # While the connection to NATS is down, a call waits this long for it to come back, then answers 503.
    unavailable_wait_seconds: float = 2.0
    # Folder of `<identity>.nk` (or `<identity>.creds`) files, one per service, `gateway` and `operator`.
    # Unset: `<var_dir>/nats-keys` when that folder exists (`turnout up` makes it), else no credentials.
    credentials_dir: str | None = None
    # Per identity, a file of its own; it takes precedence over credentials_dir.
    identities: dict[str, NatsIdentityConfig] = {}
    tls: NatsTlsConfig = msgspec.field(default_factory=NatsTlsConfig)


class GatewayConfig(_Section):
    listen: str = "127.0.0.1:8000"
    cors_origins: list[str] = []
    max_body_bytes: int = msgspec.field(default=1_048_576)
    request_timeout_seconds: float = 10.0
    # Deadline of an operation that streams a file in or out (an upload, a download).
    transfer_timeout_seconds: float = 3600.0
    # Requests per minute per client address; unset means no limit.
    rate_limit_per_minute: int | None = None
    # Proxies (addresses or CIDR networks) whose X-Forwarded-For is believed; from anyone else it is ignored.
    trusted_proxies: list[str] = []
    # A request body that sends nothing for this long is answered 408 and dropped.
    body_timeout_seconds: float = 30.0
    # Check every answer against the served contract: "log" an error line, or "strict" (also answer 500).
    # For development and tests; $TURNOUT_VALIDATE_RESPONSES overrides it. Needs openapi-core.
    validate_responses: Literal["off", "log", "strict"] = "off"
    # Seconds between `turnout.usage` reports of the requests this edge served (0: no reports, nothing counted).
    usage_interval: Annotated[float, msgspec.Meta(ge=0)] = 60.0

    @property
    def host(self) -> str:
        return self.listen.rsplit(":", 1)[0]

    @property
    def port(self) -> int:
        return int(self.listen.rsplit(":", 1)[1])


_Positive = Annotated[float, msgspec.Meta(gt=0)]
_Count = Annotated[int, msgspec.Meta(ge=1)]


class EventsConfig(_Section):
    """``[events]``: one delivery policy for both placements, and the JetStream streams' limits."""

    # Tries of a handler per event (JetStream: the consumer's max_deliver); then a dead letter.
    max_attempts: Annotated[int, msgspec.Meta(ge=1, le=100)] = 5
    # Wait after the n-th failed try: backoff_base_seconds * 2**(n-1), at most backoff_max_seconds.
    backoff_base_seconds: _Positive = 1.0
    backoff_max_seconds: _Positive = 60.0
    # Split: a handler still running after this long is taken as crashed and its event redelivered.
    ack_wait_seconds: _Positive = 30.0
    # How often a hosting process looks for dead letters an operator marked for replay.
    replay_poll_seconds: _Positive = 2.0
    # TURNOUT_EVENTS: events kept at most this long and this many bytes, oldest dropped first.
    stream_max_age_seconds: _Positive = 7 * 24 * 3600.0
    stream_max_bytes: _Count = 1 << 30
    # TURNOUT_TRANSIENT: events a contract marks `x-turnout-retention: transient` (progress and the like).
    transient_max_age_seconds: _Positive = 60.0
    transient_max_bytes: _Count = 64 << 20
    transient_max_msgs_per_subject: _Count = 1000


class TracingConfig(_Section):
    """``[tracing]``: OpenTelemetry spans of each process, exported over OTLP/HTTP; off by default.

    Off, a call still carries the ``traceparent`` it came with, unchanged, and no span is made.
    """

    enabled: bool = False
    # An OTLP/HTTP traces endpoint (a collector, Jaeger, Tempo); OTEL_EXPORTER_OTLP_HEADERS adds headers.
    otlp_endpoint: str = "http://127.0.0.1:4318/v1/traces"
    # Share of new traces kept; a call that arrives with a traceparent follows its caller's choice.
    sample_ratio: Annotated[float, msgspec.Meta(ge=0, le=1)] = 1.0
    # How long finished spans wait to be sent in one batch.
    export_interval_seconds: _Positive = 5.0


class MetricsConfig(_Section):
    """``[metrics]``: Prometheus metrics of every process at ``/metrics``."""

    enabled: bool = True
    # A service process (no HTTP server of its own) serves /metrics here; port 0 takes a free one,
    # announced in its NATS micro service metadata. HTTP processes serve it on their own port.
    listen: str = "127.0.0.1:0"
    # The variable holding a bearer token that /metrics then requires; unset: open (keep it off public addresses).
    token_env: str | None = None


class ServiceConfig(_Section):
    plugins: list[str]
    replicas: int = 1
    gpu: bool = False


class PlatformConfig(_Section):
    """The whole file. ``plugins`` sections stay raw until each plugin decodes its own."""

    platform: PlatformSection = msgspec.field(default_factory=PlatformSection)
    database: DatabaseConfig = msgspec.field(default_factory=DatabaseConfig)
    nats: NatsConfig = msgspec.field(default_factory=NatsConfig)
    gateway: GatewayConfig = msgspec.field(default_factory=GatewayConfig)
    events: EventsConfig = msgspec.field(default_factory=EventsConfig)
    tracing: TracingConfig = msgspec.field(default_factory=TracingConfig)
    metrics: MetricsConfig = msgspec.field(default_factory=MetricsConfig)
    services: dict[str, ServiceConfig] = {}
    plugins: dict[str, dict[str, Any]] = {}
    source: str = "<defaults>"

    @property
    def var_path(self) -> Path:
        return Path(self.platform.var_dir)


T = TypeVar("T")

_PATH_SEGMENT = re.compile(r"\.([A-Za-z_][\w-]*)|\[(\d+)\]|\['([^']*)'\]")


def _key_from_error(error: msgspec.ValidationError) -> tuple[str, str]:
    """Turn msgspec's ``... - at `$.a.b` `` into (``a.b``, message)."""
    text = str(error)
    message, _, where = text.partition(" - at `")
    path = where.rstrip("`")
    keys = [m.group(1) or m.group(3) or f"[{m.group(2)}]" for m in _PATH_SEGMENT.finditer(path.removeprefix("$"))]
    unknown = re.match(r"Object contains unknown field `([^`]+)`", message)
    if unknown:
        keys.append(unknown.group(1))
        message = "unknown key"
    missing = re.match(r"Object missing required field `([^`]+)`", message)
    if missing:
        keys.append(missing.group(1))
        message = "required key is missing"
    key = ".".join(keys).replace(".[", "[") or "<top level>"
    return key, message


def _check_url(file: str, key: str, url: str, schemes: tuple[str, ...]) -> None:
    parts = urlsplit(url)
    if parts.scheme not in schemes:
        raise ConfigError(file, key, f"{url!r} is not a valid URL: scheme must be one of {', '.join(schemes)}")
    if parts.scheme != "sqlite" and not parts.hostname:
        raise ConfigError(file, key, f"{url!r} is not a valid URL: it names no host")
    try:
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise ConfigError(file, key, f"{url!r} is not a valid URL: bad port") from None


def _check_listen(file: str, key: str, listen: str, *, any_port: bool = False) -> None:
    host, sep, port = listen.rpartition(":")
    lowest = 0 if any_port else 1  # port 0: the system picks a free one
    if not sep or not host or not port.isdigit() or not lowest <= int(port) < 65536:
        raise ConfigError(file, key, f"{listen!r} is not HOST:PORT")


def check_secret_file(file: str, key: str, path: str | Path) -> None:
    """A file holding a secret must exist and be closed to other users (a ConfigError otherwise)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise ConfigError(file, key, f"{str(path)!r}: no such file") from None
    except OSError as error:
        raise ConfigError(file, key, f"{str(path)!r}: cannot be read ({error.strerror})") from None
    if not stat.S_ISREG(mode):
        raise ConfigError(file, key, f"{str(path)!r} is not a file")
    if mode & 0o007:
        # Anyone on the machine could take this identity: refuse rather than warn.
        raise ConfigError(file, key, f"{str(path)!r} is open to other users (mode {mode & 0o777:o}); chmod 600 it")


_IDENTITY = re.compile(r"^[A-Za-z0-9_-]+$")  # a NATS subject token: it becomes the identity's inbox prefix


def _validate_nats(config: PlatformConfig) -> None:
    file = config.source
    nats = config.nats
    known = {*config.services, "gateway", "operator"}
    for name in config.services:  # a service's name is its NATS identity
        if name in ("gateway", "operator"):
            raise ConfigError(
                file, f"services.{name}", f"{name!r} is the NATS identity of the {name}; rename the service"
            )
        if not _IDENTITY.match(name):
            raise ConfigError(file, f"services.{name}", "a service name may only hold letters, digits, '_' and '-'")
    for name, identity in nats.identities.items():
        where = f"nats.identities.{name}"
        if config.services and name not in known:
            raise ConfigError(file, where, f"unknown identity {name!r}; known: {', '.join(sorted(known))}")
        if not _IDENTITY.match(name):
            raise ConfigError(file, where, "an identity name may only hold letters, digits, '_' and '-'")
        given = [k for k in ("nkey_seed_file", "creds_file") if getattr(identity, k) is not None]
        if len(given) != 1:
            raise ConfigError(file, where, "give exactly one of nkey_seed_file and creds_file")
        check_secret_file(file, f"{where}.{given[0]}", getattr(identity, given[0]))
    folder = nats.credentials_dir
    if folder is not None and Path(folder).exists() and not Path(folder).is_dir():
        raise ConfigError(file, "nats.credentials_dir", f"{nats.credentials_dir!r} is not a folder")
    tls = nats.tls
    for key in ("ca_file", "cert_file"):
        path = getattr(tls, key)
        if path is not None and not Path(path).is_file():
            raise ConfigError(file, f"nats.tls.{key}", f"{path!r}: no such file")
    if (tls.cert_file is None) != (tls.key_file is None):
        raise ConfigError(file, "nats.tls", "give cert_file and key_file together, or neither")
    if tls.key_file is not None:
        check_secret_file(file, "nats.tls.key_file", tls.key_file)


def _validate(config: PlatformConfig, known_plugins: set[str] | None) -> None:
    file = config.source
    _check_url(file, "database.url", config.database.url, ("sqlite", "postgresql", "postgres"))
    _check_url(file, "nats.url", config.nats.url, ("nats", "tls", "ws", "wss"))
    _check_listen(file, "gateway.listen", config.gateway.listen)
    _check_listen(file, "metrics.listen", config.metrics.listen, any_port=True)
    if config.gateway.max_body_bytes <= 0:
        raise ConfigError(file, "gateway.max_body_bytes", "must be positive")
    for key in ("request_timeout_seconds", "transfer_timeout_seconds", "body_timeout_seconds"):
        if not getattr(config.gateway, key) > 0:
            raise ConfigError(file, f"gateway.{key}", "must be a positive number of seconds")
    if not config.nats.unavailable_wait_seconds >= 0:
        raise ConfigError(file, "nats.unavailable_wait_seconds", "must be zero or a positive number of seconds")
    _validate_nats(config)
    if config.events.backoff_max_seconds < config.events.backoff_base_seconds:
        raise ConfigError(file, "events.backoff_max_seconds", "must not be less than events.backoff_base_seconds")
    for i, proxy in enumerate(config.gateway.trusted_proxies):
        try:
            ipaddress.ip_network(proxy, strict=False)
        except ValueError:
            key = f"gateway.trusted_proxies[{i}]"
            raise ConfigError(file, key, f"{proxy!r} is not an address or network") from None
    if known_plugins is None:
        return
    for name in config.plugins:
        if name not in known_plugins:
            raise ConfigError(
                file, f"plugins.{name}", f"unknown plugin {name!r}; known: {', '.join(sorted(known_plugins))}"
            )
    for i, name in enumerate(config.platform.plugins or []):
        if name not in known_plugins:
            raise ConfigError(file, f"platform.plugins[{i}]", f"unknown plugin {name!r}")
    placed: dict[str, str] = {}
    for service, section in config.services.items():
        if section.replicas < 1:
            raise ConfigError(file, f"services.{service}.replicas", "must be at least 1")
        for i, name in enumerate(section.plugins):
            key = f"services.{service}.plugins[{i}]"
            if name not in known_plugins:
                raise ConfigError(file, key, f"unknown plugin {name!r}")
            if name in placed:
                raise ConfigError(file, key, f"plugin {name!r} is already placed in services.{placed[name]}")
            placed[name] = service
    enabled = config.platform.plugins if config.platform.plugins is not None else sorted(known_plugins)
    for name in enabled:
        if name not in placed:
            config.services[_own_service_name(config, name)] = ServiceConfig(plugins=[name])


def _own_service_name(config: PlatformConfig, plugin: str) -> str:
    """A plugin placed in no ``[services.*]`` group gets one of its own, named after it when that is free."""
    name = plugin
    while name in config.services or name in ("gateway", "operator"):
        name += "-service"
    return name


def _check_entries(file: str, prefix: str, entries: object, section_type: type[msgspec.Struct]) -> None:
    """Decode each ``[<prefix>.<name>]`` table alone, so a ConfigError names the entry and its key."""
    if not isinstance(entries, dict):
        return
    for name, section in entries.items():
        try:
            msgspec.convert(section, section_type)
        except msgspec.ValidationError as error:
            key, message = _key_from_error(error)
            where = f"{prefix}.{name}" if key == "<top level>" else f"{prefix}.{name}.{key}"
            raise ConfigError(file, where, message) from None


def load_config(path: str | Path | None, known_plugins: set[str] | None = None) -> PlatformConfig:
    """Read and validate ``platform.toml``; a missing file means the embedded defaults."""
    if path is None:
        config = PlatformConfig()
        _validate(config, known_plugins)
        return config
    file = str(path)
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(file, "<file>", "no such file") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(file, "<syntax>", str(error)) from None
    raw["source"] = file
    # msgspec reports dict entries as `[...]`; decode each one first so an error names its entry.
    _check_entries(file, "services", raw.get("services"), ServiceConfig)
    nats = raw.get("nats")
    _check_entries(
        file, "nats.identities", nats.get("identities") if isinstance(nats, dict) else None, NatsIdentityConfig
    )
    try:
        config = msgspec.convert(raw, PlatformConfig)
    except msgspec.ValidationError as error:
        key, message = _key_from_error(error)
        raise ConfigError(file, key, message) from None
    _validate(config, known_plugins)
    return config


def decode_plugin_config(config: PlatformConfig, plugin: str, config_type: type[T]) -> T:
    """Decode ``[plugins.<plugin>]`` strictly into the plugin's config Struct."""
    section = config.plugins.get(plugin, {})
    try:
        return msgspec.convert(section, config_type)
    except msgspec.ValidationError as error:
        key, message = _key_from_error(error)
        where = f"plugins.{plugin}" if key == "<top level>" else f"plugins.{plugin}.{key}"
        raise ConfigError(config.source, where, message) from None
