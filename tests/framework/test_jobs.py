"""Durable jobs (framework.jobs) with a tiny job kind, on a real SQLite file and a real PostgreSQL database.

Idempotent submission, the fair order, per-user limits (429 with Retry-After), cancel while queued
and while running (coroutine and thread handlers), failures, progress, resume after a crash (a
lapsed lease) and requeue on stop.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec
import pytest
from piccolo.columns import Varchar
from piccolo.table import Table

from framework import BadRequest, CallContext, Conflict, NotFound, TooManyRequests
from framework._db import PluginDatabase, open_plugin_database
from framework.jobs import JobColumns, JobKind, JobLimits, Jobs, JobState, RunningJob
from tests._services import PostgresServer
from tests._wait import eventually

ENGINES = ["sqlite", "postgresql"]
WITHIN = 30.0  # generous: CI is a loaded two-core machine


class Task(msgspec.Struct, frozen=True, kw_only=True):
    """The tiny job's inputs: its name, and what its handler should do."""

    name: str
    hold: bool = False  # wait until the test opens the gate named ``name`` (or the job is stopped)
    fail: str | None = None
    progress: float = 0.0


class Done(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    attempt: int


class TaskRow(JobColumns, Table, tablename="tasks"):
    name = Varchar(length=50)
    outcome = Varchar(length=50, null=True, default=None)


class ThreadTaskRow(JobColumns, Table, tablename="thread_tasks"):
    name = Varchar(length=50)


TABLES: list[type[Table]] = [TaskRow, ThreadTaskRow]
GATES: dict[str, asyncio.Event] = {}
THREAD_GATES: dict[str, threading.Event] = {}


async def run_task(job: RunningJob[Task]) -> Done:
    job.progress(job.inputs.progress)
    if job.inputs.fail:
        raise ValueError(job.inputs.fail)
    if job.inputs.hold:
        await GATES.setdefault(job.inputs.name, asyncio.Event()).wait()
    return Done(name=job.inputs.name, attempt=job.attempt)


def run_task_in_thread(job: RunningJob[Task]) -> Done:
    gate = THREAD_GATES.setdefault(job.inputs.name, threading.Event())
    while not gate.wait(0.01):  # a chunk of work, then a look at the flag
        job.raise_if_cancelled()
    return Done(name=job.inputs.name, attempt=job.attempt)


def _name(task: Task) -> dict[str, Any]:
    return {"name": task.name}


def _outcome(done: Done) -> dict[str, Any]:
    return {"outcome": f"done:{done.name}"}


KIND = JobKind(
    name="task",
    table=TaskRow,
    inputs=Task,
    result=Done,
    run=run_task,
    columns=_name,
    result_columns=_outcome,
    logger_name="tests.jobs",
)
THREAD_KIND = JobKind(
    name="thread-task", table=ThreadTaskRow, inputs=Task, result=Done, run_in_thread=run_task_in_thread, columns=_name
)
FAST = JobLimits(lease_seconds=1.5, poll_seconds=0.05, progress_event_seconds=0.1, max_running_per_user=10)


@pytest.fixture(params=ENGINES)
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[PluginDatabase]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'var'}"
    else:
        server: PostgresServer = request.getfixturevalue("postgres")
        url = server.create_database(f"jobs_{uuid.uuid4().hex[:12]}")
    db = await open_plugin_database(url, "tasks", tmp_path / "var")
    db.bind(TABLES)
    await db.migrate(TABLES, [])
    try:
        yield db
    finally:
        await db.close()


@dataclass
class Heard:
    """A JobEvents that remembers what it was told."""

    progressed: list[tuple[uuid.UUID, float]] = field(default_factory=list)
    ended: list[tuple[uuid.UUID, JobState, str | None]] = field(default_factory=list)

    async def progress(self, job_id: uuid.UUID, owner_id: uuid.UUID, fraction: float, ctx: CallContext) -> None:
        self.progressed.append((job_id, fraction))

    async def finished(
        self, job_id: uuid.UUID, owner_id: uuid.UUID, state: JobState, error: str | None, ctx: CallContext
    ) -> None:
        self.ended.append((job_id, state, error))


@pytest.fixture
async def started(database: PluginDatabase) -> AsyncIterator[Callable[..., Jobs[Any, Any]]]:
    """Makes Jobs (optionally started); stops every one of them at the end."""
    made: list[Jobs[Any, Any]] = []

    def make(
        limits: JobLimits = FAST, heard: Heard | None = None, *, start: bool = True, kind: JobKind[Any, Any] = KIND
    ) -> Jobs[Any, Any]:
        jobs = Jobs(kind, limits, heard)
        if start:
            jobs.start()
        made.append(jobs)
        return jobs

    try:
        yield make
    finally:
        for jobs in made:
            await jobs.stop()
        GATES.clear()
        for gate in THREAD_GATES.values():
            gate.set()
        THREAD_GATES.clear()


async def until(check: Callable[[], Awaitable[bool]], what: str, within: float = WITHIN) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not await check():
        assert loop.time() < deadline, f"waited {within}s for {what}"
        await asyncio.sleep(0.02)


async def state_of(jobs: Jobs[Any, Any], job_id: uuid.UUID) -> JobState:
    record = await jobs.get(job_id)
    assert record is not None
    return record.state


async def reaches(jobs: Jobs[Any, Any], job_id: uuid.UUID, state: JobState) -> None:
    async def check() -> bool:
        return await state_of(jobs, job_id) is state

    await until(check, f"job {job_id} {state.value}")


def release(name: str) -> None:
    GATES.setdefault(name, asyncio.Event()).set()


async def test_submission_is_idempotent_per_owner_and_key(started: Callable[..., Jobs[Any, Any]]) -> None:
    jobs = started(start=False)
    owner, other = uuid.uuid4(), uuid.uuid4()
    first = await jobs.submit(owner, Task(name="a"), idempotency_key="k1")
    again = await jobs.submit(owner, Task(name="a"), idempotency_key="k1")
    assert again.id == first.id
    assert again.state is JobState.queued
    assert first.columns["name"] == "a"
    assert (await jobs.repeated(owner, "k1", Task(name="a"))) == again
    assert await jobs.repeated(owner, "unused", Task(name="a")) is None
    assert await jobs.repeated(owner, None, Task(name="a")) is None
    with pytest.raises(Conflict):
        await jobs.submit(owner, Task(name="b"), idempotency_key="k1")
    with pytest.raises(Conflict):
        await jobs.repeated(owner, "k1", Task(name="b"))
    theirs = await jobs.submit(other, Task(name="a"), idempotency_key="k1")  # keys are per owner
    unkeyed = [await jobs.submit(owner, Task(name="a")) for _ in range(2)]
    assert len({first.id, theirs.id, *(u.id for u in unkeyed)}) == 4
    # The request, not the inputs, can be what a repeat is judged by (inputs may be resolved from it).
    by_request = await jobs.submit(owner, Task(name="x"), idempotency_key="k2", request={"asked": 1})
    assert (await jobs.repeated(owner, "k2", {"asked": 1})) == by_request
    assert await TaskRow.count().run() == 5


async def test_concurrent_submissions_with_one_key_make_one_job(started: Callable[..., Jobs[Any, Any]]) -> None:
    jobs = started(start=False)
    owner = uuid.uuid4()
    records = await asyncio.gather(*(jobs.submit(owner, Task(name="a"), idempotency_key="same") for _ in range(6)))
    assert len({r.id for r in records}) == 1
    assert await TaskRow.count().run() == 1


async def test_users_take_turns(started: Callable[..., Jobs[Any, Any]]) -> None:
    jobs = started(start=False)
    a, b = uuid.uuid4(), uuid.uuid4()
    a_jobs = [(await jobs.submit(a, Task(name=f"a{i}"))).id for i in range(3)]
    b_job = (await jobs.submit(b, Task(name="b0"))).id
    positions = dict(await jobs.queue_positions(a)) | dict(await jobs.queue_positions(b))
    order = sorted(positions, key=positions.__getitem__)
    assert order == [a_jobs[0], b_job, a_jobs[1], a_jobs[2]]  # B's one job waits for one of A's, not all
    assert await jobs.counts() == (4, 0)

    jobs.start()
    for job_id in order:
        await reaches(jobs, job_id, JobState.succeeded)
    starts = {}
    for job_id in order:
        record = await jobs.get(job_id)
        assert record is not None
        assert record.started_at is not None
        starts[job_id] = record.started_at
    assert sorted(starts, key=starts.__getitem__) == order  # one worker: they ran in the order shown
    assert await jobs.counts() == (0, 0)


async def test_the_queued_limit_is_429_with_retry_after(started: Callable[..., Jobs[Any, Any]]) -> None:
    limits = msgspec.structs.replace(FAST, max_queued_per_user=2, retry_after_seconds=7)
    jobs = started(limits, start=False)
    owner = uuid.uuid4()
    outcomes = await asyncio.gather(*(jobs.submit(owner, Task(name=f"t{i}")) for i in range(5)), return_exceptions=True)
    refused = [o for o in outcomes if isinstance(o, TooManyRequests)]
    assert len(refused) == 3
    assert all(r.status == 429 and r.headers["Retry-After"] == "7" for r in refused)
    assert "max_queued_per_user = 2" in str(refused[0].detail)
    assert await TaskRow.count().where(TaskRow.owner_id == owner).run() == 2
    assert (await jobs.submit(uuid.uuid4(), Task(name="other"))).state is JobState.queued  # the limit is per user


async def test_the_running_limit_leaves_workers_to_other_users(started: Callable[..., Jobs[Any, Any]]) -> None:
    limits = msgspec.structs.replace(FAST, workers=3, max_running_per_user=1)
    jobs = started(limits)
    heavy, light = uuid.uuid4(), uuid.uuid4()
    first = (await jobs.submit(heavy, Task(name="h1", hold=True))).id
    await reaches(jobs, first, JobState.running)
    second = (await jobs.submit(heavy, Task(name="h2", hold=True))).id
    theirs = (await jobs.submit(light, Task(name="l1"))).id
    await reaches(jobs, theirs, JobState.succeeded)
    assert await state_of(jobs, second) is JobState.queued  # two idle workers, but heavy runs one already
    release("h1")
    release("h2")
    await reaches(jobs, first, JobState.succeeded)
    await reaches(jobs, second, JobState.succeeded)


async def test_cancel_a_queued_job_at_once(started: Callable[..., Jobs[Any, Any]]) -> None:
    heard = Heard()
    jobs = started(heard=heard, start=False)
    job_id = (await jobs.submit(uuid.uuid4(), Task(name="q"))).id
    cancelled = await jobs.cancel(job_id, CallContext.system())
    assert (cancelled.state, cancelled.finished_at is not None) == (JobState.cancelled, True)
    assert heard.ended == [(job_id, JobState.cancelled, None)]
    with pytest.raises(Conflict):
        await jobs.cancel(job_id, CallContext.system())
    with pytest.raises(NotFound):
        await jobs.cancel(uuid.uuid4(), CallContext.system())
    jobs.start()  # a cancelled job never runs
    later = (await jobs.submit(uuid.uuid4(), Task(name="later"))).id
    await reaches(jobs, later, JobState.succeeded)
    assert await state_of(jobs, job_id) is JobState.cancelled


@pytest.mark.parametrize("kind", [KIND, THREAD_KIND], ids=["coroutine", "thread"])
async def test_cancel_a_running_job_at_its_next_heartbeat(
    started: Callable[..., Jobs[Any, Any]], kind: JobKind[Any, Any]
) -> None:
    heard = Heard()
    jobs = started(heard=heard, kind=kind)
    job_id = (await jobs.submit(uuid.uuid4(), Task(name="forever", hold=True))).id
    await reaches(jobs, job_id, JobState.running)
    requested = await jobs.cancel(job_id, CallContext.system())
    assert requested.cancel_requested
    await reaches(jobs, job_id, JobState.cancelled)
    await eventually(lambda: heard.ended != [], within=WITHIN)  # announced just after the row is written
    assert heard.ended == [(job_id, JobState.cancelled, None)]
    record = await jobs.get(job_id)
    assert record is not None
    assert jobs.result(record) is None


async def test_a_failing_handler_fails_its_job_and_the_worker_goes_on(
    started: Callable[..., Jobs[Any, Any]], caplog: pytest.LogCaptureFixture
) -> None:
    heard = Heard()
    jobs = started(heard=heard)
    owner = uuid.uuid4()
    broken = (await jobs.submit(owner, Task(name="bad", fail="out of paper"))).id
    fine = (await jobs.submit(owner, Task(name="good"))).id
    await reaches(jobs, fine, JobState.succeeded)
    record = await jobs.get(broken)
    assert record is not None
    assert record.state is JobState.failed
    assert record.error == "the task job failed: out of paper"
    assert (broken, JobState.failed, "the task job failed: out of paper") in heard.ended
    done = await jobs.get(fine)
    assert done is not None
    assert jobs.result(done) == Done(name="good", attempt=1)
    assert (done.progress, done.columns["outcome"]) == (1.0, "done:good")


async def test_unreadable_stored_inputs_fail_the_job(started: Callable[..., Jobs[Any, Any]]) -> None:
    jobs = started(start=False)
    job_id = (await jobs.submit(uuid.uuid4(), Task(name="x"))).id
    await TaskRow.update({TaskRow.inputs: '{"nom": 1}'}).where(TaskRow.id == job_id).run()
    jobs.start()
    await reaches(jobs, job_id, JobState.failed)
    record = await jobs.get(job_id)
    assert record is not None
    assert record.error is not None
    assert record.error.startswith("the stored inputs are unreadable")


async def test_progress_is_stored_and_announced(started: Callable[..., Jobs[Any, Any]]) -> None:
    heard = Heard()
    jobs = started(heard=heard)
    job_id = (await jobs.submit(uuid.uuid4(), Task(name="p", hold=True, progress=0.5))).id

    async def stored() -> bool:
        record = await jobs.get(job_id)
        return record is not None and record.progress == 0.5

    await until(stored, "progress 0.5 in the row")
    await eventually(lambda: (job_id, 0.5) in heard.progressed, within=WITHIN)
    assert heard.progressed[0] == (job_id, 0.0)  # the start is announced at once
    release("p")
    await reaches(jobs, job_id, JobState.succeeded)
    await eventually(lambda: heard.ended != [], within=WITHIN)  # announced just after the row is written
    assert heard.ended == [(job_id, JobState.succeeded, None)]


async def test_a_job_whose_lease_lapsed_runs_again(
    started: Callable[..., Jobs[Any, Any]], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="tests.jobs")
    jobs = started(start=False)
    job_id = (await jobs.submit(uuid.uuid4(), Task(name="crashed"))).id
    # What a process that died mid-run leaves behind: running, its lease in the past.
    await (
        TaskRow.update(
            {
                TaskRow.status: JobState.running.value,
                TaskRow.lease_owner: "dead",
                TaskRow.lease_expires_at: datetime(2000, 1, 1, tzinfo=UTC),
                TaskRow.attempts: 1,
            }
        )
        .where(TaskRow.id == job_id)
        .run()
    )
    jobs.start()
    await reaches(jobs, job_id, JobState.succeeded)
    record = await jobs.get(job_id)
    assert record is not None
    assert jobs.result(record) == Done(name="crashed", attempt=2)
    assert "re-running (attempt 2)" in caplog.text


async def test_stopping_puts_running_jobs_back_in_the_queue(
    started: Callable[..., Jobs[Any, Any]], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="tests.jobs")
    first = started()
    job_id = (await first.submit(uuid.uuid4(), Task(name="interrupted", hold=True))).id
    await reaches(first, job_id, JobState.running)
    await first.stop()
    record = await first.get(job_id)
    assert record is not None
    assert record.state is JobState.queued
    assert "back in the queue" in caplog.text
    release("interrupted")
    second = started()  # the next process takes it up at once: no lease to wait out
    await reaches(second, job_id, JobState.succeeded)
    done = await second.get(job_id)
    assert done is not None
    assert jobs_attempt(second, done) == 2


def jobs_attempt(jobs: Jobs[Any, Any], record: Any) -> int:
    result = jobs.result(record)
    assert isinstance(result, Done)
    return result.attempt


async def test_listing_pages_newest_first(started: Callable[..., Jobs[Any, Any]]) -> None:
    jobs = started(start=False)
    owner = uuid.uuid4()
    ids = [(await jobs.submit(owner, Task(name=f"n{i}"))).id for i in range(5)]
    await jobs.submit(uuid.uuid4(), Task(name="not mine"))
    await jobs.cancel(ids[1], CallContext.system())
    seen: list[uuid.UUID] = []
    cursor = None
    while True:
        page = await jobs.list(owner, limit=2, cursor=cursor)
        seen += [r.id for r in page.items]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert seen == ids[::-1]
    assert [r.id for r in (await jobs.list(owner, state=JobState.cancelled)).items] == [ids[1]]
    with pytest.raises(BadRequest):
        await jobs.list(owner, cursor="not-a-cursor")


def test_a_kind_takes_exactly_one_handler_and_a_jobs_table() -> None:
    with pytest.raises(TypeError, match="exactly one"):
        JobKind(name="x", table=TaskRow, inputs=Task, result=Done)

    class Plain(Table, tablename="plain"):
        name = Varchar()

    with pytest.raises(TypeError, match="JobColumns"):
        JobKind(name="x", table=Plain, inputs=Task, result=Done, run=run_task)
    with pytest.raises(msgspec.ValidationError):
        msgspec.convert({"workers": 0}, JobLimits)
