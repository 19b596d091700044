# Turnout tasks. `uv run just <recipe>`.

set positional-arguments

# Serve every plugin in one process on 127.0.0.1:8000 (embedded SQLite under var/).
run *args:
    turnout run "$@"

# The split topology locally: nats-server, every service with its replicas, the gateway (Ctrl-C stops all).
up *args:
    turnout up "$@"

# One [services.<name>] group of platform.toml, answering on NATS.
serve service *args:
    turnout serve "$@"

# The HTTP gateway with every plugin reached over NATS.
gateway *args:
    turnout gateway "$@"

# Services and instances found on NATS, with request and error counts.
status *args:
    turnout status "$@"

# Generate code (Python packages and TypeScript clients, npm ci'd from package-lock.json) from contracts/, and the invariance suite's test plugins (`just gen --check` fails on drift).
gen *args:
    turnout gen "$@"
    turnout gen --contracts tests/invariance/contracts --output tests/invariance/generated "$@"

# loadgroup: each session platform's tests share one worker (tests/_distribution.py), so each platform starts once.
# The test suite: lint, generated-code drift, then pytest on every logical CPU, up to 4 (`-n 0`: one process).
test *args: lint
    turnout gen --check
    turnout gen --check --contracts tests/invariance/contracts --output tests/invariance/generated
    just typecheck
    pytest -n logical --maxprocesses 4 --dist loadgroup -m "not slow and not faults" "$@"

# Infrastructure faults with real processes: PostgreSQL and nats-server stopped and restarted, a gateway SIGKILLed.
test-faults *args:
    pytest -m faults "$@"

# Deep Schemathesis fuzzing of every contract in both placements (not part of `just test`; EXAMPLES per operation).
fuzz examples="500":
    TURNOUT_FUZZ_EXAMPLES={{ examples }} pytest tests/contract -q

# tsc --noEmit over the generated TypeScript clients, the console and the client type tests (needs Node.js).
typecheck:
    #!/usr/bin/env bash
    set -euo pipefail
    if ! command -v node >/dev/null; then echo "Node.js not found: TypeScript not checked"; exit 0; fi
    python -c 'import pathlib; from framework.codegen._typescript import ensure_node_tools; ensure_node_tools(pathlib.Path.cwd())'
    node_modules/.bin/tsc --noEmit -p tsconfig.json

# ruff and mypy (strict) over the framework, plugins, generated code, tests and benchmarks.
lint:
    ruff check .
    ruff format --check framework plugins tests bench
    mypy

# Benchmarks (not part of `just test`): bench_me.py then bench_calls.py; `--quick` reaches both, other options bench_me.py.
bench *args:
    python bench/bench_me.py "$@"
    python bench/bench_calls.py {{ if args =~ '(^| )--quick( |$)' { "--quick" } else { "" } }}

# One cross-plugin call four ways: colocated, Turnout over NATS, raw nats-py, HTTP (`--quick` for a short run).
bench-calls *args:
    python bench/bench_calls.py "$@"

# The simulation engine: path-steps/s on NumPy and CuPy side by side, NumPy's peak memory (`--quick` for a short run).
bench-simulation *args:
    python bench/bench_simulation.py "$@"

# Write the shipped inference model (plugins/inference/financial-risk.onnx) from its builder script.
inference-model:
    python -m plugins.inference.default_model plugins/inference/financial-risk.onnx

# Inference: predict over HTTP vs onnxruntime in process vs GET /auth/me; batch scoring vs one onnxruntime run.
bench-inference *args:
    python bench/bench_inference.py "$@"

# The analytics plugin: ingest rows/s vs a plain bulk insert, cash flow vs pandas, metrics cold vs cached (`--quick`: 100,000 rows).
bench-analytics *args:
    python bench/bench_analytics.py "$@"

# Notification fan-out: one send to 10,000 users in-app vs a plain bulk INSERT, to 100 webhooks vs raw httpx POSTs.
bench-notifications *args:
    python bench/bench_notifications.py "$@"

# Validate platform.toml.
check *args:
    turnout check "$@"

# Guidance's rule engine (rules as data) against the same rules written as code, on the same households.
bench-guidance *args:
    python bench/bench_guidance_rules.py "$@"

# The live stream: job event -> SSE client latency p50/p99 in both placements, beside a bare NATS publish -> subscribe (`--quick`: 20 jobs).
bench-live-stream *args:
    python bench/bench_live_stream.py "$@"

# Debian's Chromium for the browser tests (tests/console); as root, like the tests themselves do when it is missing.
browser:
    python -c 'from tests._browser import ensure_chromium; print(ensure_chromium())'
