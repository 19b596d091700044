"""Benchmark of inference, each figure beside its baseline measured in the same run.

1. predict over HTTP against a running all-in-one platform (``turnout run --no-access-log``, response
   checks off) vs ``onnxruntime`` called directly in this process on the same row, and GET /auth/me on
   the same server: what the plugin adds to a model run (predict p50 - onnxruntime p50) should be no
   more than what the framework costs for its own authenticated read (GET /auth/me p50). Requests go
   one at a time from one client, predict and me alternating, so both see the same machine.
2. batch scoring: rows/s through the job path (POST of a CSV file id, the job reads it through files,
   scores it in chunks, writes a CSV back; timed from the POST until the job has succeeded) vs one
   ``onnxruntime`` run over the same rows already in memory (goal: >= 0.5x), and vs the same work done
   in one process without the platform (parse the CSV, one run, write the CSV).

Usage: ``uv run python bench/bench_inference.py [--quick] [--requests N] [--rows N]``; results go to
``bench/results/inference.json``.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from bench._machine import BenchError, busy_cores, cpu_model, record, versions
from framework._environment import VALIDATE_RESPONSES_ENV
from plugins.inference.batch_csv import format_scores, rows_from_csv
from plugins.inference.onnx_model import LoadedModel, load_model
from plugins.inference.registry import SHIPPED_MODEL
from tests._platform import RunningPlatform, start_platform

__all__ = ["main", "run_benchmark"]

BENCH_DIR = Path(__file__).resolve().parent
DEFAULT_OUTPUT = BENCH_DIR / "results" / "inference.json"
FEATURES = (
    "monthly_income",
    "monthly_expenses",
    "liquid_savings",
    "total_debt",
    "credit_utilisation",
    "investment_assets",
)
GOAL_BATCH_RATIO = 0.5
SETTINGS = """
[plugins.files]
max_file_bytes = 200000000
quota_bytes = 2000000000

[plugins.inference]
max_batch_file_bytes = 200000000
max_batch_rows = 2000000
poll_seconds = 0.05
"""


@dataclass(frozen=True)
class Options:
    requests: int
    rows: int
    output: Path


def parse_args(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short run (fewer requests and rows)")
    parser.add_argument("--requests", type=int, default=3000, help="requests of each kind over HTTP")
    parser.add_argument("--rows", type=int, default=200_000, help="rows of the batch")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    if args.quick:
        return Options(requests=300, rows=20_000, output=args.output)
    return Options(requests=args.requests, rows=args.rows, output=args.output)


def households(n: int, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    highs = np.array([20_000, 15_000, 200_000, 500_000, 1, 1_000_000])
    x: np.ndarray = rng.uniform(0, 1, (n, 6)) * highs
    return x


def _us(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    return {
        "p50_us": round(statistics.median(ordered) * 1e6, 1),
        "p90_us": round(ordered[int(len(ordered) * 0.9)] * 1e6, 1),
        "mean_us": round(statistics.fmean(ordered) * 1e6, 1),
    }


def _login(http: httpx.Client) -> dict[str, str]:
    body = {"email": "bench@example.com", "password": "bench-password-1"}
    if http.post("/auth/register", json=body).status_code != 201:
        raise BenchError("could not register the bench user")
    login = http.post("/auth/login", json=body)
    if login.status_code != 200:
        raise BenchError(f"login gave {login.status_code}")
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


def bench_predict(http: httpx.Client, auth: dict[str, str], model: LoadedModel, requests: int) -> dict[str, Any]:
    row = households(1, seed=7)[0]
    body = {"features": dict(zip(FEATURES, row.tolist(), strict=True))}
    expected = float(model.run(row.reshape(1, -1))[0][0])
    answer = http.post("/inference/predict", json=body, headers=auth)
    if answer.status_code != 200 or abs(answer.json()["score"] - expected) > 1e-5:
        raise BenchError(f"predict answered {answer.status_code}: {answer.text[:300]}")
    if http.get("/auth/me", headers=auth).status_code != 200:
        raise BenchError("GET /auth/me failed")
    for _ in range(min(200, requests)):  # warm up both paths
        http.post("/inference/predict", json=body, headers=auth)
        http.get("/auth/me", headers=auth)
    predict_s: list[float] = []
    me_s: list[float] = []
    for _ in range(requests):
        start = time.perf_counter()
        response = http.post("/inference/predict", json=body, headers=auth)
        predict_s.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise BenchError(f"predict under load answered {response.status_code}")
        start = time.perf_counter()
        response = http.get("/auth/me", headers=auth)
        me_s.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise BenchError(f"GET /auth/me under load answered {response.status_code}")
    x = row.reshape(1, -1)
    for _ in range(200):
        model.run(x)
    ort_s = []
    for _ in range(requests):
        start = time.perf_counter()
        model.run(x)
        ort_s.append(time.perf_counter() - start)
    predict, me, ort = _us(predict_s), _us(me_s), _us(ort_s)
    added = round(predict["p50_us"] - ort["p50_us"], 1)
    return {
        "predict_http": predict,
        "me_http": me,
        "onnxruntime_in_process": ort,
        "plugin_added_p50_us": added,
        "added_over_me": round(added / me["p50_us"], 3),
        "goal_met": added <= me["p50_us"],
    }


def _csv(x: np.ndarray) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FEATURES)
    writer.writerows(x.tolist())
    return out.getvalue().encode()


def bench_batch(http: httpx.Client, auth: dict[str, str], model: LoadedModel, rows: int) -> dict[str, Any]:
    x = households(rows, seed=3)
    data = _csv(x)
    upload = http.post("/files", files={"file": ("batch.csv", data, "text/csv")}, headers=auth, timeout=120)
    if upload.status_code != 201:
        raise BenchError(f"the upload answered {upload.status_code}: {upload.text[:300]}")
    start = time.perf_counter()
    created = http.post("/inference/batch-scores", json={"file_id": upload.json()["id"]}, headers=auth, timeout=120)
    if created.status_code != 202:
        raise BenchError(f"batch-scores answered {created.status_code}: {created.text[:300]}")
    job_id = created.json()["id"]
    while True:
        job = http.get(f"/inference/batch-scores/{job_id}", headers=auth).json()
        if job["status"] in {"succeeded", "failed", "cancelled"}:
            break
        time.sleep(0.01)
    job_s = time.perf_counter() - start
    if job["status"] != "succeeded":
        raise BenchError(f"the batch job ended {job['status']}: {job.get('error')}")
    result = http.get(f"/files/{job['result_file_id']}/content", headers=auth, timeout=120).text
    scores = np.array([float(line.split(",")[1]) for line in result.splitlines()[1:]])
    if not np.allclose(scores, model.run(x)[0], atol=1e-5):
        raise BenchError("the batch job's scores differ from onnxruntime's")

    start = time.perf_counter()
    model.run(x)
    ort_s = time.perf_counter() - start

    start = time.perf_counter()
    parsed = rows_from_csv(data, model.schema, max_rows=rows)
    values = np.asarray(parsed.values)
    out, _ = model.run(values)
    text = "id,score,label\n" + format_scores(0, None, out.tolist(), [model.label(s) for s in out.tolist()])
    pipeline_s = time.perf_counter() - start
    assert text
    job_rate, ort_rate, pipeline_rate = rows / job_s, rows / ort_s, rows / pipeline_s
    return {
        "rows": rows,
        "job_seconds": round(job_s, 3),
        "job_rows_per_s": round(job_rate),
        "onnxruntime_rows_per_s": round(ort_rate),
        "in_process_pipeline_rows_per_s": round(pipeline_rate),
        "job_over_onnxruntime": round(job_rate / ort_rate, 4),
        "job_over_in_process_pipeline": round(job_rate / pipeline_rate, 3),
        "goal_met": job_rate / ort_rate >= GOAL_BATCH_RATIO,
    }


def run_benchmark(options: Options) -> dict[str, Any]:
    model = load_model(SHIPPED_MODEL.read_bytes())
    with tempfile.TemporaryDirectory(prefix="bench-inference-") as workdir:
        env = {VALIDATE_RESPONSES_ENV: "off"}
        platform: RunningPlatform = start_platform(Path(workdir), extra_config=SETTINGS, env=env, timeout=180)
        try:
            with httpx.Client(base_url=platform.base_url, timeout=30.0) as http:
                auth = _login(http)
                busy = busy_cores()
                predict = bench_predict(http, auth, model, options.requests)
                batch = bench_batch(http, auth, model, options.rows)
        finally:
            platform.stop()
    p, b = predict, batch
    print(f"other load on the machine: {busy} cores busy")
    print(
        f"predict over HTTP p50 {p['predict_http']['p50_us']} us; onnxruntime in process p50 "
        f"{p['onnxruntime_in_process']['p50_us']} us; GET /auth/me p50 {p['me_http']['p50_us']} us"
    )
    print(
        f"the plugin adds {p['plugin_added_p50_us']} us = {p['added_over_me']}x GET /auth/me "
        f"(goal <= 1x): {'met' if p['goal_met'] else 'NOT met'}"
    )
    print(
        f"batch of {b['rows']} rows: job {b['job_rows_per_s']} rows/s ({b['job_seconds']} s); onnxruntime "
        f"{b['onnxruntime_rows_per_s']} rows/s; in-process parse+run+write {b['in_process_pipeline_rows_per_s']} rows/s"
    )
    print(
        f"job / onnxruntime = {b['job_over_onnxruntime']} (goal >= {GOAL_BATCH_RATIO}): "
        f"{'met' if b['goal_met'] else 'NOT met'}; job / in-process pipeline = {b['job_over_in_process_pipeline']}"
    )
    return {
        "machine": {"cpu": cpu_model(), "cores": os.cpu_count(), "busy_cores_before": busy},
        "versions": versions("onnxruntime", "litestar", "msgspec", "granian"),
        "predict": predict,
        "batch": batch,
    }


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    return record(lambda: run_benchmark(options), options.output)


if __name__ == "__main__":
    raise SystemExit(main())
