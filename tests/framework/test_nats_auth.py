"""NATS admits only the platform's identities, each for its own subjects (a real nats-server).

The server runs with the authorization ``turnout up`` writes (framework/_nats_auth.py) for the
split placement the tests use: identity = auth, storage = files, compute = simulation.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import ssl
import subprocess
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import msgspec
import nats
import nkeys  # type: ignore[import-untyped]  # nkeys ships no type information
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.errors import NoRespondersError
from nats.errors import TimeoutError as NatsTimeoutError

from framework import USAGE, CallContext, JetStreamBus, PluginUsage, Subscription, UsageReport
from framework._config import ConfigError, EventsConfig, load_config
from framework._connect import connect_as, connect_nats
from framework._events import STREAM, TRANSIENT_STREAM
from framework._nats_auth import authorize_platform, write_server_config
from framework._nats_credentials import GATEWAY, OPERATOR, NatsCredentials, credentials_for
from framework._plugin import discover_plugins
from framework._status import collect_status
from generated.auth.events import USER_REGISTERED
from generated.auth.models import UserRegistered
from generated.simulation.events import PROGRESS
from generated.simulation.models import SimulationProgress
from tests._platform import TURNOUT, free_port
from tests._services import NatsServer, start_nats
from tests._wait import eventually

SERVICES = {"identity": ["auth"], "storage": ["files"], "compute": ["simulation"]}


@pytest.fixture
def keys(tmp_path: Path) -> Path:
    return tmp_path / "nats-keys"


@pytest.fixture
def server(tmp_path: Path, keys: Path) -> Iterator[NatsServer]:
    authorization = authorize_platform(SERVICES, discover_plugins(), keys)
    config = write_server_config(tmp_path / "nats-server.conf", authorization)
    running = start_nats(tmp_path / "nats", config_file=config)
    try:
        yield running
    finally:
        running.stop()


class Connections:
    """Connections as the platform's identities; records the errors the server sends each."""

    def __init__(self, server: NatsServer, keys: Path) -> None:
        self.server = server
        self.keys = keys
        self.errors: dict[str, list[str]] = {}
        self.opened: list[Client] = []

    async def connect(self, identity: str) -> Client:
        seen = self.errors.setdefault(identity, [])

        async def error(exc: Exception) -> None:
            seen.append(str(exc).lower())

        credentials = NatsCredentials(identity, nkey_seed_file=self.keys / f"{identity}.nk")
        inbox = f"_INBOX.{identity}"
        nc = await nats.connect(
            self.server.url,
            nkeys_seed=str(credentials.nkey_seed_file),
            inbox_prefix=inbox,
            error_cb=error,
            allow_reconnect=False,
        )
        self.opened.append(nc)
        return nc

    async def violation(self, identity: str, subject: str) -> None:
        """Wait until the server has told ``identity`` it may not use ``subject``."""
        await eventually(
            # nats-py lower-cases the server's message
            lambda: any("permissions violation" in e and subject.lower() in e for e in self.errors[identity]),
            within=10,
        )


@pytest.fixture
async def conns(server: NatsServer, keys: Path) -> AsyncIterator[Connections]:
    connections = Connections(server, keys)
    try:
        yield connections
    finally:
        for nc in connections.opened:
            if not nc.is_closed:
                await nc.close()


def _now() -> datetime:
    return datetime.now(UTC)


def _registered(email: str) -> UserRegistered:
    return UserRegistered(user_id=uuid.uuid4(), email=email, registered_at=_now())


async def _answer(nc: Client, subject: str, reply: bytes) -> list[Msg]:
    """Answer ``subject`` as a micro-service endpoint does (queue group), recording what arrives."""
    got: list[Msg] = []

    async def respond(msg: Msg) -> None:
        got.append(msg)
        await msg.respond(reply)

    await nc.subscribe(subject, queue="turnout", cb=respond)
    await nc.flush()
    return got


async def _read_until_closed(reader: asyncio.StreamReader) -> bytes:
    """Everything the server said before it closed (or reset) the connection."""
    received = b""
    with contextlib.suppress(ConnectionError):
        while chunk := await reader.read(4096):
            received += chunk
    return received


async def test_a_connection_without_credentials_is_refused(server: NatsServer) -> None:
    with pytest.raises(ConnectionError, match="refused the credentials"):
        await connect_nats(server.url, name="intruder", wait=10)


async def test_a_forged_call_from_an_unauthenticated_process_never_arrives(
    server: NatsServer, conns: Connections
) -> None:
    identity = await conns.connect("identity")
    arrived = await _answer(identity, "turnout.auth.listUsers", b"[]")
    # Any local process speaking the protocol: a principal of its choosing in the context header.
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    try:
        assert (await reader.readline()).startswith(b"INFO ")
        forged = b'NATS/1.0\r\nTurnout-Context: {"principal":{"subject":"x","roles":["admin"]}}\r\n\r\n'
        writer.write(b'CONNECT {"verbose":false,"pedantic":false,"headers":true}\r\n')
        writer.write(
            b"HPUB turnout.auth.listUsers _INBOX.x.1 %d %d\r\n%s{}\r\n" % (len(forged), len(forged) + 2, forged)
        )
        await writer.drain()
        answer = await asyncio.wait_for(_read_until_closed(reader), timeout=10)
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):
            # The server drops the connection after the error: a reset here is the expected ending.
            await writer.wait_closed()
    assert b"-ERR 'Authorization Violation'" in answer
    await identity.flush()
    assert arrived == []


async def test_a_connection_with_an_unknown_nkey_is_refused(server: NatsServer, tmp_path: Path) -> None:
    stranger = tmp_path / "stranger.nk"
    stranger.write_bytes(nkeys.encode_seed(os.urandom(32), nkeys.PREFIX_BYTE_USER))
    stranger.chmod(0o600)
    credentials = NatsCredentials("identity", nkey_seed_file=stranger)
    with pytest.raises(ConnectionError, match="refused the credentials as 'identity'"):
        await connect_nats(server.url, name="stranger", wait=10, credentials=credentials)


async def test_each_identity_connects_with_its_own_seed(server: NatsServer, keys: Path) -> None:
    for identity in [*SERVICES, GATEWAY, OPERATOR]:
        nc = await connect_nats(
            server.url,
            name=identity,
            wait=10,
            credentials=NatsCredentials(identity, nkey_seed_file=keys / f"{identity}.nk"),
        )
        assert nc.is_connected
        await nc.close()


async def test_a_service_cannot_answer_for_another_services_operations(conns: Connections) -> None:
    identity = await conns.connect("identity")
    storage = await conns.connect("storage")
    gateway = await conns.connect(GATEWAY)
    # The storage identity tries to take auth's operation (and its discovery): the server refuses both.
    hijacked = await _answer(storage, "turnout.auth.login", b"forged")
    await storage.subscribe("$SRV.PING.auth")
    await conns.violation("storage", "turnout.auth.login")
    await conns.violation("storage", "$SRV.PING.auth")
    with pytest.raises(NoRespondersError):
        await gateway.request("turnout.auth.login", b"{}", timeout=5)
    assert hijacked == []
    # The identity service may answer for auth, and the gateway then reaches it.
    answered = await _answer(identity, "turnout.auth.login", b"genuine")
    assert (await gateway.request("turnout.auth.login", b"{}", timeout=5)).data == b"genuine"
    assert len(answered) == 1
    assert hijacked == []


async def test_a_service_calls_only_the_plugins_its_plugins_declare(conns: Connections) -> None:
    identity = await conns.connect("identity")
    storage = await conns.connect("storage")
    compute = await conns.connect("compute")
    await _answer(identity, "turnout.auth.getUserRef", b"auth")
    await _answer(storage, "turnout.files.downloadFile", b"files")
    # files calls auth, simulation calls files: both go through.
    assert (await storage.request("turnout.auth.getUserRef", b"{}", timeout=5)).data == b"auth"
    assert (await compute.request("turnout.files.downloadFile", b"{}", timeout=5)).data == b"files"
    # simulation declares no call to auth, auth none to files: the server refuses both.
    await compute.publish("turnout.auth.getUserRef", b"{}")
    await conns.violation("compute", "turnout.auth.getUserRef")
    await identity.publish("turnout.files.downloadFile", b"{}")
    await conns.violation("identity", "turnout.files.downloadFile")


async def test_the_gateway_calls_every_plugin_and_nothing_else(conns: Connections) -> None:
    gateway = await conns.connect(GATEWAY)
    for service, plugins in SERVICES.items():
        nc = await conns.connect(service)
        await _answer(nc, f"turnout.{plugins[0]}.someOperation", service.encode())
    for service, plugins in SERVICES.items():
        reply = await gateway.request(f"turnout.{plugins[0]}.someOperation", b"{}", timeout=5)
        assert reply.data == service.encode()
    await gateway.subscribe("turnout.files.someOperation")
    await conns.violation(GATEWAY, "turnout.files.someOperation")
    await gateway.publish("turnout.events.auth.user_registered", b"{}")
    await conns.violation(GATEWAY, "turnout.events.auth.user_registered")


async def test_replies_are_private_to_their_identity(conns: Connections) -> None:
    compute = await conns.connect("compute")
    await compute.subscribe("_INBOX.gateway.>")
    await conns.violation("compute", "_INBOX.gateway.>")
    await compute.subscribe("_INBOX.>")
    await conns.violation("compute", "_INBOX.>")


async def test_a_forged_event_of_another_plugin_is_refused_and_not_stored(conns: Connections) -> None:
    identity = await conns.connect("identity")
    compute = await conns.connect("compute")
    await JetStreamBus(identity).publish(USER_REGISTERED, _registered("real@example.com"))
    js = identity.jetstream()
    assert (await js.stream_info(STREAM)).state.messages == 1

    forged = msgspec.json.encode(_registered("forged@example.com"))
    with pytest.raises((NatsTimeoutError, NoRespondersError)):
        await compute.jetstream().publish(USER_REGISTERED.subject, forged, timeout=2)
    await conns.violation("compute", USER_REGISTERED.subject)
    await compute.publish(USER_REGISTERED.subject, forged)  # a plain publish is refused the same way
    await compute.flush()
    assert (await js.stream_info(STREAM)).state.messages == 1

    # Its own plugin's events, compute may publish.
    progress = SimulationProgress(job_id=uuid.uuid4(), owner_id=uuid.uuid4(), progress=0.5, occurred_at=_now())
    await JetStreamBus(compute).publish(PROGRESS, progress)
    stored = (await js.stream_info(STREAM, subjects_filter=">")).state.subjects
    assert stored == {USER_REGISTERED.subject: 1}
    transient = (await js.stream_info(TRANSIENT_STREAM, subjects_filter=">")).state.subjects
    assert transient == {PROGRESS.subject: 1}  # progress is transient: its own short-lived stream


async def test_a_service_brings_the_stream_limits_to_its_settings(conns: Connections) -> None:
    identity = await conns.connect("identity")
    compute = await conns.connect("compute")
    await JetStreamBus(identity).publish(USER_REGISTERED, _registered("limits@example.com"))
    smaller = EventsConfig(stream_max_age_seconds=600.0, stream_max_bytes=2_000_000, transient_max_msgs_per_subject=5)
    progress = SimulationProgress(job_id=uuid.uuid4(), owner_id=uuid.uuid4(), progress=0.1, occurred_at=_now())
    await JetStreamBus(compute, smaller).publish(PROGRESS, progress)  # a service may update the limits...
    js = identity.jetstream()
    durable = (await js.stream_info(STREAM)).config
    assert (durable.max_age, durable.max_bytes) == (600.0, 2_000_000)
    assert (await js.stream_info(TRANSIENT_STREAM)).config.max_msgs_per_subject == 5
    with pytest.raises((NatsTimeoutError, NoRespondersError)):  # ...but not delete a stream
        await compute.jetstream().delete_stream(STREAM)
    await conns.violation("compute", f"$JS.API.STREAM.DELETE.{STREAM}")


async def test_a_service_consumes_events_only_under_its_own_plugins_names(conns: Connections) -> None:
    identity = await conns.connect("identity")
    storage = await conns.connect("storage")
    compute = await conns.connect("compute")
    got: list[UserRegistered] = []

    async def handler(ctx: CallContext, payload: UserRegistered) -> None:
        got.append(payload)

    # files (in storage) may have a durable consumer of auth's events...
    storage_bus = JetStreamBus(storage)
    await storage_bus.subscribe(Subscription("files", USER_REGISTERED, handler))
    await JetStreamBus(identity).publish(USER_REGISTERED, _registered("c@example.com"))
    await eventually(lambda: len(got) == 1, within=10)
    # ...and acknowledge what it got: nothing stays pending for redelivery.
    js = storage.jetstream()
    for _ in range(200):
        info = await js.consumer_info(STREAM, "files__auth_user_registered")
        if info.num_ack_pending == 0:
            break
        await asyncio.sleep(0.05)
    assert info.num_ack_pending == 0, info
    assert info.delivered.stream_seq == 1, info
    # ...but compute may not open (or take over) the consumer of files.
    with pytest.raises((NatsTimeoutError, NoRespondersError, asyncio.TimeoutError)):
        await asyncio.wait_for(JetStreamBus(compute).subscribe(Subscription("files", USER_REGISTERED, handler)), 10)
    await conns.violation("compute", "files__auth_user_registered")
    await storage_bus.close()


async def test_the_operator_reads_status_and_calls_nothing(conns: Connections) -> None:
    identity = await conns.connect("identity")
    await _answer(identity, "turnout.auth.login", b"x")
    operator = await conns.connect(OPERATOR)
    assert await collect_status(operator) == []  # allowed: no micro services run in this test
    await operator.publish("turnout.auth.login", b"{}")
    await conns.violation(OPERATOR, "turnout.auth.login")


def test_seeds_are_made_once_private_and_kept(tmp_path: Path, keys: Path) -> None:
    first = authorize_platform(SERVICES, discover_plugins(), keys)
    assert oct(keys.stat().st_mode & 0o777) == "0o700"
    for identity in [*SERVICES, GATEWAY, OPERATOR]:
        assert oct((keys / f"{identity}.nk").stat().st_mode & 0o777) == "0o600"
    again = authorize_platform(SERVICES, discover_plugins(), keys)
    assert [u["nkey"] for u in first["users"]] == [u["nkey"] for u in again["users"]]
    assert len({u["nkey"] for u in first["users"]}) == len(SERVICES) + 2


def _config(tmp_path: Path, nats_section: str) -> Path:
    path = tmp_path / "platform.toml"
    services = "".join(f'\n[services.{s}]\nplugins = ["{p[0]}"]\n' for s, p in SERVICES.items())
    path.write_text(f"[nats]\n{nats_section}\n{services}", encoding="utf-8")
    return path


def test_credentials_come_from_the_identity_or_the_folder(tmp_path: Path, keys: Path) -> None:
    authorize_platform(SERVICES, discover_plugins(), keys)
    own = tmp_path / "own.nk"
    own.write_bytes((keys / "gateway.nk").read_bytes())
    own.chmod(0o600)
    config = load_config(
        _config(tmp_path, f'credentials_dir = "{keys}"\n[nats.identities.gateway]\nnkey_seed_file = "{own}"')
    )
    assert credentials_for(config, "storage").nkey_seed_file == keys / "storage.nk"
    assert credentials_for(config, GATEWAY).nkey_seed_file == own
    (keys / "compute.nk").unlink()
    with pytest.raises(ConfigError, match=r"nats\.credentials_dir: no credentials for 'compute'"):
        credentials_for(config, "compute")


def _certificate(
    name: str, issuer: tuple[x509.Name, ec.EllipticCurvePrivateKey] | None, *, ca: bool = False
) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    issuer_name, issuer_key = issuer if issuer is not None else (subject, key)
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(hours=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if not ca:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
    return builder.sign(issuer_key, hashes.SHA256()), key


def _write_pem(path: Path, cert: x509.Certificate, key: ec.EllipticCurvePrivateKey | None = None) -> Path:
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    if key is not None:
        key_path = path.with_suffix(".key")
        key_path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        key_path.chmod(0o600)
    return path


async def test_tls_settings_verify_the_server_and_present_the_client_certificate(tmp_path: Path, keys: Path) -> None:
    ca_cert, ca_key = _certificate("turnout test CA", None, ca=True)
    issuer = (ca_cert.subject, ca_key)
    ca = _write_pem(tmp_path / "ca.pem", ca_cert)
    server_pem = _write_pem(tmp_path / "server.pem", *_certificate("nats.turnout.test", issuer))
    client_pem = _write_pem(tmp_path / "client.pem", *_certificate("gateway.turnout.test", issuer))
    server_tls = {
        "cert_file": str(server_pem),
        "key_file": str(server_pem.with_suffix(".key")),
        "ca_file": str(ca),
        "verify": True,  # a client without a certificate from this CA is turned away
    }
    config_file = tmp_path / "nats-tls.conf"
    authorization = authorize_platform(SERVICES, discover_plugins(), keys)
    config_file.write_text(json.dumps({"authorization": authorization, "tls": server_tls}), encoding="utf-8")
    running = start_nats(tmp_path / "nats", jetstream=False, config_file=config_file)
    try:
        tls = (
            f'[nats.tls]\nca_file = "{ca}"\ncert_file = "{client_pem}"\n'
            f'key_file = "{client_pem.with_suffix(".key")}"\nhostname = "nats.turnout.test"\n'
        )
        path = _config(tmp_path, f'url = "tls://127.0.0.1:{running.port}"\ncredentials_dir = "{keys}"\n{tls}')
        config = load_config(path)
        nc = await connect_as(config, GATEWAY, wait=10)
        try:
            assert nc.is_connected
            assert nc.connected_url is not None
        finally:
            await nc.close()
        # The same identity without the client certificate: the TLS handshake is refused.
        bare = NatsCredentials(GATEWAY, keys / "gateway.nk", tls=ssl.create_default_context(cafile=str(ca)))
        with pytest.raises(ConnectionError):
            await connect_nats(f"tls://127.0.0.1:{running.port}", name="bare", wait=3, credentials=bare)
    finally:
        running.stop()


@pytest.mark.parametrize(
    ("argv", "identity", "code"),
    [(["serve", "identity"], "identity", 2), (["gateway"], GATEWAY, 2), (["status"], OPERATOR, 1)],
)
def test_a_missing_credentials_file_stops_the_command_before_it_connects(
    tmp_path: Path, argv: list[str], identity: str, code: int
) -> None:
    keys = tmp_path / "keys"
    keys.mkdir(mode=0o700)
    config = _config(tmp_path, f'url = "nats://127.0.0.1:{free_port()}"\ncredentials_dir = "{keys}"')
    result = subprocess.run(
        [TURNOUT, *argv, "--config", str(config)], capture_output=True, text=True, timeout=60, check=False, cwd=tmp_path
    )
    assert result.returncode == code, result.stderr
    assert f"error: {config}: nats.credentials_dir: no credentials for {identity!r}" in result.stderr


async def test_only_the_gateway_publishes_usage_reports_and_a_service_consumes_them(conns: Connections) -> None:
    gateway = await conns.connect(GATEWAY)  # the first publisher on a fresh server: it creates the stream too
    storage = await conns.connect("storage")
    compute = await conns.connect("compute")
    report = UsageReport(_now(), _now(), "gateway:1", [PluginUsage("files", 3, 0, 1)], ["someone"])
    got: list[UsageReport] = []

    async def handler(ctx: CallContext, payload: UsageReport) -> None:
        got.append(payload)

    await JetStreamBus(storage).subscribe(Subscription("files", USAGE, handler))
    await JetStreamBus(gateway).publish(USAGE, report)
    await eventually(lambda: got == [report], within=10)
    forged = msgspec.json.encode(report)
    await compute.publish(USAGE.subject, forged)  # a service may not pass for the HTTP edge
    await conns.violation("compute", USAGE.subject)
