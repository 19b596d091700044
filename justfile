# Turnout tasks. `uv run just <recipe>`.

set positional-arguments

# Serve every plugin in one process on 127.0.0.1:8000 (embedded SQLite under var/).
run *args:
    turnout run "$@"

# Generate code from contracts/ (`just gen --check` fails on drift).
gen *args:
    turnout gen "$@"

# The whole test suite: lint, generated-code drift, then pytest.
test *args: lint
    turnout gen --check
    pytest "$@"

# ruff and mypy (strict) over the framework and plugins.
lint:
    ruff check .
    ruff format --check framework plugins tests bench
    mypy

# Benchmarks (not part of `just test`): prints figures and ratios measured side by side.
bench *args:
    python bench/bench_me.py "$@"

# Validate platform.toml.
check *args:
    turnout check "$@"
