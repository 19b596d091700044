"""NATS transport: generated clients call services that answer as NATS micro services."""

from __future__ import annotations

import asyncio
import itertools
import math
import time
from typing import Any, TypeVar

import msgspec
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.aio.subscription import Subscription
from nats.errors import Error as NatsError
from nats.errors import NoRespondersError
from nats.errors import TimeoutError as NatsTimeoutError

from framework._context import CallContext
from framework._deadlines import DeadlineSweep
from framework._errors import GatewayTimeout, ServiceUnavailable
from framework._streams import Download, FileMeta, Upload
from framework.runtime import Operation
from framework.transports._nats_streams import DOWNLOAD, UPLOAD, Served, StreamBroken, pull_chunks, serve_chunks
from framework.transports._wire import ERROR_CODE, error_from_reply, headers_for, subject_for

__all__ = ["GatewayTimeout", "NatsTransport"]

R = TypeVar("R")


_PULL_TIMEOUT = 30.0  # seconds to wait for one chunk of a file


class _ConnectionLost(NatsError):
    """The connection to NATS stayed down while a call waited for its reply."""


_NO_RESPONDERS = "503"  # the status nats-server puts on the reply when no subscriber took the request
_WATCH_INTERVAL = 0.1  # seconds between looks at the connection while calls wait


class _Replies:
    """Requests whose replies come back on one wildcard inbox subscription, each to its own future.

    nats-py's ``request`` does the same with more work per call (a random token, ``wait_for`` with
    its waiter future and timer, a done-callback); on a call that takes about 100 us that is a
    tenth of it. Here a call costs a counter and a future; one DeadlineSweep fails the calls
    whose time is up.
    """

    def __init__(self, nc: Client, *, unavailable_wait: float) -> None:
        self._nc = nc
        self._unavailable_wait = unavailable_wait
        self._watch: asyncio.TimerHandle | None = None
        self._down_since: float | None = None
        self._prefix = ""
        self._waiting: dict[str, asyncio.Future[Msg]] = {}
        self._deadlines: DeadlineSweep[str] = DeadlineSweep(self._expire)
        self._tokens = itertools.count()
        self._subscription: Subscription | None = None
        self._starting: asyncio.Lock | None = None

    async def _start(self) -> None:
        if self._starting is None:
            self._starting = asyncio.Lock()
        async with self._starting:
            if self._subscription is None:
                prefix = self._nc.new_inbox() + "."
                self._subscription = await self._nc.subscribe(prefix + "*", cb=self._deliver)
                self._prefix = prefix

    async def _deliver(self, msg: Msg) -> None:
        future = self._waiting.pop(msg.subject[len(self._prefix) :], None)
        if future is not None and not future.done():
            future.set_result(msg)

    def _expire(self, token: str) -> None:
        future = self._waiting.pop(token, None)
        if future is not None and not future.done():
            future.set_exception(NatsTimeoutError())

    async def request(self, subject: str, payload: bytes, within: float, headers: dict[str, str]) -> Msg:
        """The reply within ``within`` seconds; NoRespondersError or NatsTimeoutError as nats-py's ``request``."""
        if self._subscription is None:
            await self._start()
        token = str(next(self._tokens))
        future: asyncio.Future[Msg] = asyncio.get_running_loop().create_future()
        self._waiting[token] = future
        self._deadlines.watch(token, within)
        if self._watch is None:
            self._watch = asyncio.get_running_loop().call_later(_WATCH_INTERVAL, self._check_connection)
        try:
            await self._nc.publish(subject, payload, reply=self._prefix + token, headers=headers)
            reply = await future
        finally:
            self._waiting.pop(token, None)
            self._deadlines.forget(token)
        if not reply.data and reply.headers and reply.headers.get("Status") == _NO_RESPONDERS:
            raise NoRespondersError
        return reply

    def _check_connection(self) -> None:
        """While calls wait: fail them all once the connection has been down ``unavailable_wait`` seconds.

        Their requests or replies were lost with the connection (core NATS keeps nothing), so
        waiting on would only end at each call's deadline.
        """
        now = time.monotonic()
        if self._nc.is_connected:
            self._down_since = None
        elif self._down_since is None:
            self._down_since = now
        elif now - self._down_since >= self._unavailable_wait:
            for token in list(self._waiting):
                future = self._waiting.pop(token)
                if not future.done():
                    future.set_exception(_ConnectionLost("the connection to NATS was lost before the reply came"))
        loop = asyncio.get_running_loop()
        self._watch = loop.call_later(_WATCH_INTERVAL, self._check_connection) if self._waiting else None
        if self._watch is None:
            self._down_since = None


class NatsTransport:
    """Sends each operation as a NATS request to ``turnout.<service>.<operationId>``.

    The context's deadline is the request timeout; no responders is a 503, a passed deadline a
    504, and an error the remote service raised comes back as the same :class:`ServiceError`.
    While the connection to NATS is down a call waits up to ``unavailable_wait`` seconds for it
    to come back, then answers 503 with Retry-After, instead of waiting out its deadline.
    """

    def __init__(self, nc: Client, *, default_timeout: float = 10.0, unavailable_wait: float = 2.0) -> None:
        self._nc = nc
        self._replies = _Replies(nc, unavailable_wait=unavailable_wait)
        self._default_timeout = default_timeout
        self._unavailable_wait = unavailable_wait
        self._retry_after = {"Retry-After": str(max(1, math.ceil(unavailable_wait)))}
        self._encoder = msgspec.json.Encoder()
        self._routes: dict[int, tuple[str, msgspec.json.Decoder[Any]]] = {}

    def _route(self, op: Operation[Any]) -> tuple[str, msgspec.json.Decoder[Any]]:
        """The operation's subject and the decoder of its reply, made once per operation."""
        result = FileMeta if op.result is Download else op.result  # a download's bytes follow its meta
        route = self._routes[id(op)] = (subject_for(op.service, op.operation_id), msgspec.json.Decoder(result))
        return route

    async def call(self, op: Operation[R], ctx: CallContext, args: dict[str, Any]) -> R:
        subject, decoder = self._routes.get(id(op)) or self._route(op)
        deadline = ctx.deadline
        timeout = self._default_timeout if deadline is None else deadline - time.time()
        if timeout <= 0:
            raise GatewayTimeout(f"the deadline passed before {op.service} was called")
        headers = headers_for(ctx)
        upload: Served | None = None
        if not self._nc.is_connected:
            await self._reconnected(op, timeout)
        try:
            if op.streaming:
                args, upload = await self._offer_upload(op, args, headers)
            reply = await self._replies.request(subject, self._encoder.encode(args), timeout, headers)
        except NoRespondersError:
            raise ServiceUnavailable(f"no instance of {op.service} is reachable", headers=self._retry_after) from None
        except NatsTimeoutError:
            raise GatewayTimeout(f"{op.service} did not answer before the deadline") from None
        except _ConnectionLost:
            raise ServiceUnavailable(
                f"the connection to {op.service} was lost before it answered; the call may have run",
                headers=self._retry_after,
            ) from None
        except NatsError as error:  # the connection is closed, draining, or its reconnect buffer is full
            raise ServiceUnavailable(f"{op.service} cannot be called: {error}", headers=self._retry_after) from None
        finally:
            if upload is not None:
                upload.stop()  # the service has answered: whatever it did not pull is not wanted
        reply_headers = reply.headers or {}
        if ERROR_CODE in reply_headers:
            raise error_from_reply(reply.data, reply_headers)
        if op.result is None:
            return None  # type: ignore[return-value]  # R is None for operations without a body
        if op.result is Download:
            return self._download(op, decoder.decode(reply.data), reply_headers, ctx)  # type: ignore[return-value]  # R is Download here
        result: R = decoder.decode(reply.data)
        return result

    async def _reconnected(self, op: Operation[Any], within: float) -> None:
        """Wait a little for a reconnecting connection; 503 when it stays down, or is closed."""
        nc = self._nc
        if nc.is_closed:
            raise ServiceUnavailable(f"{op.service} cannot be called: the connection to NATS is closed")
        # Only while disconnected, so a poll costs nothing on the way of a healthy call.
        give_up = time.monotonic() + min(self._unavailable_wait, within)
        while not nc.is_connected:
            if nc.is_closed or time.monotonic() >= give_up:
                raise ServiceUnavailable(
                    f"{op.service} cannot be reached: the connection to NATS is down", headers=self._retry_after
                )
            await asyncio.sleep(0.05)

    async def _offer_upload(
        self, op: Operation[Any], args: dict[str, Any], headers: dict[str, str]
    ) -> tuple[dict[str, Any], Served | None]:
        """Serve the call's upload for the service to pull; the arguments carry its meta instead."""
        for param in op.params:
            value = args.get(param.name)
            if param.location == "upload" and isinstance(value, Upload):
                served = await serve_chunks(self._nc, value.chunks)
                headers[UPLOAD] = served.subject
                return {**args, param.name: value.meta()}, served
        return args, None

    def _download(self, op: Operation[Any], meta: FileMeta, headers: dict[str, str], ctx: CallContext) -> Download:
        subject = headers.get(DOWNLOAD)
        if subject is None:
            raise StreamBroken(f"{op.service} answered {op.operation_id} without the file")
        remaining = ctx.remaining()
        timeout = _PULL_TIMEOUT if remaining is None else max(min(_PULL_TIMEOUT, remaining), 0.001)
        return Download.from_meta(meta, pull_chunks(self._nc, subject, chunk_timeout=timeout))

    async def ping(self, service: str, *, wait: float = 0.5) -> bool:
        """True when at least one instance of ``service`` answers ``$SRV.PING`` within ``wait``."""
        try:
            await self._nc.request(f"$SRV.PING.{service}", b"", timeout=wait)
        except (NoRespondersError, NatsTimeoutError):
            return False
        return True
