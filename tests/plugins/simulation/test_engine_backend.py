"""Backend selection: CuPy only where a GPU is usable, a logged fall-back to NumPy otherwise."""

from __future__ import annotations

import logging
import subprocess
import sys
import types
from pathlib import Path

import pytest

from plugins.simulation.engine import CuPyBackend, NumPyBackend, _backend, gpu_usable, select_backend

LOG = logging.getLogger("tests.simulation")
ROOT = Path(__file__).resolve().parents[3]


def _probe(monkeypatch: pytest.MonkeyPatch, cupy: object) -> tuple[bool, str]:
    """gpu_usable() uncached, with ``cupy`` as what importing CuPy gives (an exception is raised)."""

    def fake_import() -> object:
        if isinstance(cupy, Exception):
            raise cupy
        return cupy

    monkeypatch.setattr(_backend, "import_cupy", fake_import)
    result: tuple[bool, str] = gpu_usable.__wrapped__()
    return result


def _fake_cupy(device_count: object) -> types.SimpleNamespace:
    def count() -> int:
        if isinstance(device_count, Exception):
            raise device_count
        assert isinstance(device_count, int)
        return device_count

    runtime = types.SimpleNamespace(getDeviceCount=count)
    return types.SimpleNamespace(cuda=types.SimpleNamespace(runtime=runtime))


def test_no_cupy_means_no_gpu(monkeypatch: pytest.MonkeyPatch) -> None:
    usable, reason = _probe(monkeypatch, ModuleNotFoundError("No module named 'cupy'"))
    assert not usable
    assert "cupy cannot be imported" in reason


def test_cupy_without_a_driver_means_no_gpu(monkeypatch: pytest.MonkeyPatch) -> None:
    error = RuntimeError("cudaErrorInsufficientDriver: CUDA driver version is insufficient")
    usable, reason = _probe(monkeypatch, _fake_cupy(error))
    assert not usable
    assert "cudaErrorInsufficientDriver" in reason


def test_cupy_without_a_device_means_no_gpu(monkeypatch: pytest.MonkeyPatch) -> None:
    usable, reason = _probe(monkeypatch, _fake_cupy(0))
    assert not usable
    assert "no device" in reason


def test_numpy_when_asked(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger=LOG.name):
        backend = select_backend("numpy", LOG)
    assert isinstance(backend, NumPyBackend)
    assert backend.name == "numpy"
    assert "numpy" in caplog.text


def test_auto_without_gpu_takes_numpy_and_says_why(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(_backend, "gpu_usable", lambda: (False, "no driver here"))
    with caplog.at_level(logging.INFO, logger=LOG.name):
        backend = select_backend("auto", LOG)
    assert isinstance(backend, NumPyBackend)
    assert [(r.levelno, "no driver here" in r.getMessage()) for r in caplog.records] == [(logging.INFO, True)]


def test_cupy_without_gpu_falls_back_with_a_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(_backend, "gpu_usable", lambda: (False, "no driver here"))
    with caplog.at_level(logging.INFO, logger=LOG.name):
        backend = select_backend("cupy", LOG)
    assert isinstance(backend, NumPyBackend)
    [record] = caplog.records
    assert record.levelno == logging.WARNING
    assert "falling back to numpy" in record.getMessage()
    assert "no driver here" in record.getMessage()


@pytest.mark.parametrize("name", ["auto", "cupy"])
def test_a_usable_gpu_gets_cupy(name: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(_backend, "gpu_usable", lambda: (True, "1 CUDA device(s), device 0 is a test GPU"))
    with caplog.at_level(logging.INFO, logger=LOG.name):
        backend = select_backend(name, LOG)  # type: ignore[arg-type]  # parametrized over the literal's values
    assert isinstance(backend, CuPyBackend)
    assert backend.name == "cupy"
    assert "test GPU" in caplog.text


def test_an_unknown_name_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown simulation backend"):
        select_backend("opencl", LOG)  # type: ignore[arg-type]  # the mistake under test


def test_importing_the_engine_does_not_import_cupy() -> None:
    code = "import sys, plugins.simulation.engine; print('cupy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"
