"""The probe plugin: calls target once per operation and reports what it observed, for the tests to compare."""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable
from dataclasses import dataclass

import msgspec

from framework import (
    BadRequest,
    CallContext,
    Conflict,
    Forbidden,
    GatewayTimeout,
    NoConfig,
    NotFound,
    PayloadTooLarge,
    Plugin,
    PluginContext,
    ServiceError,
    ServiceUnavailable,
    TooManyRequests,
    Unauthorized,
    UnprocessableContent,
    UnsupportedMediaType,
)
from framework.runtime import Download, Upload
from tests.invariance.errors import OverBudget
from tests.invariance.generated.probe import CONTRACT
from tests.invariance.generated.probe.models import (
    CaughtError,
    ContextPair,
    FieldError,
    PokeAttempts,
    PokeRequest,
    SeenContext,
    StallOutcome,
    StallRecord,
    StoredFile,
    TickRecord,
)
from tests.invariance.generated.target import CONTRACT as TARGET
from tests.invariance.generated.target import TargetService
from tests.invariance.generated.target.events import POKED
from tests.invariance.generated.target.models import ErrorKind, Poked
from tests.invariance.plugins._seen import seen_context

__all__ = ["ProbeServiceImpl", "plugin"]


def _field(message: str, field: str | None) -> FieldError:
    return FieldError(message=message) if field is None else FieldError(message=message, field_=field)


def _report(caught_by: str, error: ServiceError) -> CaughtError:
    fields = [_field(e.message, e.field) for e in error.errors] if error.errors else None
    return CaughtError(
        caught_by=caught_by,
        class_name=type(error).__name__,
        status=error.status,
        title=error.title,
        type=error.type,
        detail=error.detail,
        retry_after=getattr(error, "retry_after", None),
        errors=fields,
        budget=getattr(error, "budget", None),
    )


async def _catch(call: Awaitable[None]) -> CaughtError:
    """What ``call`` raised, caught by type the way plugin code catches it: most specific class first."""
    try:
        await call
    except OverBudget as error:
        return _report("OverBudget", error)
    except BadRequest as error:
        return _report("BadRequest", error)
    except Unauthorized as error:
        return _report("Unauthorized", error)
    except Forbidden as error:
        return _report("Forbidden", error)
    except NotFound as error:
        return _report("NotFound", error)
    except Conflict as error:
        return _report("Conflict", error)
    except PayloadTooLarge as error:
        return _report("PayloadTooLarge", error)
    except UnsupportedMediaType as error:
        return _report("UnsupportedMediaType", error)
    except UnprocessableContent as error:
        return _report("UnprocessableContent", error)
    except TooManyRequests as error:
        return _report("TooManyRequests", error)
    except ServiceUnavailable as error:
        return _report("ServiceUnavailable", error)
    except GatewayTimeout as error:
        return _report("GatewayTimeout", error)
    except ServiceError as error:
        return _report("ServiceError", error)
    raise Conflict("target answered instead of raising")


@dataclass
class _Tally:
    attempts: int = 0
    handled: bool = False


class ProbeServiceImpl:
    """Calls target; counts the calls of its target.poked handler in memory (one probe instance per platform)."""

    def __init__(self, target: TargetService) -> None:
        self._target = target
        self._pokes: dict[uuid.UUID, _Tally] = {}

    async def catch_error(self, ctx: CallContext, *, kind: str) -> CaughtError:
        try:
            error_kind = ErrorKind(kind)
        except ValueError:
            raise BadRequest(f"unknown error kind {kind!r}") from None
        return await _catch(self._target.fail(ctx, kind=error_kind))

    async def call_stall(self, ctx: CallContext, *, token: uuid.UUID, timeout_ms: int) -> StallOutcome:
        deadline = time.time() + timeout_ms / 1000
        shorter = msgspec.structs.replace(ctx, deadline=deadline)
        return StallOutcome(deadline=deadline, caught=await _catch(self._target.stall(shorter, token=token)))

    async def get_stall(self, ctx: CallContext, *, token: uuid.UUID) -> StallRecord:
        record = await self._target.get_stall(ctx, token=token)
        return msgspec.convert(msgspec.to_builtins(record), StallRecord)

    async def compare_context(self, ctx: CallContext) -> ContextPair:
        seen = await self._target.see_context(ctx)
        return ContextPair(
            probe=seen_context(ctx, SeenContext), target=msgspec.convert(msgspec.to_builtins(seen), SeenContext)
        )

    async def relay_upload(self, ctx: CallContext, *, file: Upload) -> StoredFile:
        stored = await self._target.store_file(ctx, file=file)
        return msgspec.convert(msgspec.to_builtins(stored), StoredFile)

    async def relay_download(self, ctx: CallContext, *, key: uuid.UUID) -> Download:
        return await self._target.fetch_file(ctx, key=key)

    async def relay_ticks(self, ctx: CallContext, *, token: uuid.UUID, hold_ms: int = 0) -> Download:
        return await self._target.tick(ctx, token=token, hold_ms=hold_ms)

    async def get_ticks(self, ctx: CallContext, *, token: uuid.UUID) -> TickRecord:
        record = await self._target.get_ticks(ctx, token=token)
        return msgspec.convert(msgspec.to_builtins(record), TickRecord)

    async def request_poke(self, ctx: CallContext, *, body: PokeRequest) -> None:
        await self._target.poke(ctx, body=Poked(key=body.key, fail_times=body.fail_times))

    async def get_poke_attempts(self, ctx: CallContext, *, key: uuid.UUID) -> PokeAttempts:
        tally = self._pokes.get(key, _Tally())
        return PokeAttempts(attempts=tally.attempts, handled=tally.handled)

    async def on_poked(self, ctx: CallContext, payload: Poked) -> None:
        """Fails the first ``fail_times`` calls for a key, then succeeds: the suite counts the calls."""
        tally = self._pokes.setdefault(payload.key, _Tally())
        tally.attempts += 1
        if tally.attempts <= payload.fail_times:
            raise RuntimeError(f"failing on purpose: call {tally.attempts} of {payload.fail_times} that fail")
        tally.handled = True


async def _create(ctx: PluginContext[NoConfig]) -> ProbeServiceImpl:
    service = ProbeServiceImpl(ctx.service(TARGET))
    ctx.subscribe(POKED, service.on_poked)
    return service


plugin = Plugin(
    name="probe",
    contract=CONTRACT,
    config_type=NoConfig,
    create_service=_create,
    calls=(TARGET,),
    consumes=(POKED,),
    description="The invariance suite's caller (a test plugin).",
)
