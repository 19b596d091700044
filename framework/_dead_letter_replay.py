"""Replaying dead letters in the process that hosts their subscriber, one claimed record at a time.

An operator marks records (``turnout dead-letters replay``); every process hosting the plugin
looks for marked records at start and every ``replay_poll_seconds``. A record is claimed before it
runs, with a lease as long as the policy's tries can take, so among replicas one runs it, and
another takes it over if that one dies. Only the record's own subscriber runs: a replay is not
a new publish.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
import uuid
from collections.abc import Sequence
from typing import Any

import msgspec

from framework._dead_letters import DeadLetter, DeadLetterStore
from framework._delivery import DeliveryPolicy, FailedDelivery, error_text, sleep
from framework._events import Subscription, run_handler

__all__ = ["DeadLetterReplayer"]

log = logging.getLogger("turnout.events")


class DeadLetterReplayer:
    """Runs a plugin's marked dead letters through its own handlers under the delivery policy."""

    def __init__(
        self, store: DeadLetterStore, subscriptions: Sequence[Subscription[Any]], policy: DeliveryPolicy, poll: float
    ) -> None:
        self._store = store
        self._handlers = {subscription.event.name: subscription for subscription in subscriptions}
        self._policy = policy
        self._poll = poll
        self._owner = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"  # this replica, for claims
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def _loop(self) -> None:
        while True:
            try:
                await self.replay_marked()
            except Exception:  # a database outage must not end replays for the life of the process
                log.exception("dead-letter replay pass failed", extra={"plugin": self._store.database.plugin})
            await asyncio.sleep(self._poll)

    async def replay_marked(self) -> int:
        """Claim and replay marked records until none is left; how many were replayed."""
        replayed = 0
        while True:
            letter = await self._store.claim(self._owner, time.time(), self._policy.worst_case_seconds())
            if letter is None:
                return replayed
            await self._replay(letter)
            replayed += 1

    async def _replay(self, letter: DeadLetter) -> None:
        where = {"event": letter.event, "plugin": letter.plugin, "dead_letter": letter.id}
        subscription = self._handlers.get(letter.event)
        if subscription is None:
            now = time.time()
            unhandled = FailedDelivery(0, f"{letter.plugin} no longer handles {letter.event}", now, now)
            await self._store.failed_again(letter, self._owner, unhandled)
            log.error("dead letter cannot be replayed", extra=where)
            return
        decoder = msgspec.json.Decoder(subscription.event.payload)
        data = letter.payload.encode()

        async def attempt() -> None:
            try:
                payload = decoder.decode(data)
                # A replay starts a trace of its own: the publisher's is long over.
                await run_handler(
                    subscription.handler, payload, letter.correlation_id, event=letter.event, plugin=letter.plugin
                )
            except Exception as error:
                log.warning("replayed event handler failed: %s", error_text(error), extra=where)
                raise

        failure = await self._policy.run(attempt, sleep)
        if failure is None:
            await self._store.done(letter.id, self._owner)
            log.info("dead letter replayed", extra=where)
        else:
            await self._store.failed_again(letter, self._owner, failure)
            log.error("replayed event dead-lettered again", extra={**where, "error": failure.last_error})
