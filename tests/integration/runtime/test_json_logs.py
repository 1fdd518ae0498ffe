"""``bigauto serve`` and ``bigauto migrate`` as real processes: every stderr line is JSON."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

import bigauto

FIELDS = {"timestamp", "level", "event", "logger"}
#: Generous: the process migrates a fresh database first, on a machine that may be busy.
STARTUP_SECONDS = 90


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _environment(var_dir: Path, port: int) -> dict[str, str]:
    """The embedded default on SQLite in ``var_dir``: no service URL leaks in from outside."""
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "SYSTEMROOT", "TMPDIR"}
    env = {name: value for name, value in os.environ.items() if name in keep}
    env.update(
        PYTHONPATH=str(Path(bigauto.__file__).resolve().parents[1]),
        BIGAUTO_VAR_DIR=str(var_dir),
        BIGAUTO_PORT=str(port),
        BIGAUTO_LOG_LEVEL="INFO",
    )
    return env


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "bigauto.entrypoints.cli", *args]


def _records(stderr: str) -> list[dict[str, Any]]:
    """Every line of ``stderr`` as JSON, failing on the first that is not."""
    records = []
    for line in stderr.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            raise AssertionError(f"not a JSON line on stderr: {line!r}\n{stderr}") from None
        assert isinstance(record, dict) and record.keys() >= FIELDS, line
        records.append(record)
    return records


def _wait_until_healthy(server: subprocess.Popen[str], url: str) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        assert server.poll() is None, "bigauto serve exited during startup"
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"bigauto serve did not answer {url} within {STARTUP_SECONDS}s")


def test_serve_writes_one_json_object_per_stderr_line(tmp_path: Path) -> None:
    """uvicorn's, Alembic's and our lines alike; the access line carries the request id."""
    port = _free_port()
    server = subprocess.Popen(
        _command("serve"),
        env=_environment(tmp_path, port),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_until_healthy(server, f"http://127.0.0.1:{port}/health")
        reply = httpx.get(
            f"http://127.0.0.1:{port}/health", headers={"X-Request-ID": "logs-test-1"}, timeout=10
        )
        assert reply.status_code == 200
    finally:
        server.send_signal(signal.SIGINT)
        _, stderr = server.communicate(timeout=60)

    records = _records(stderr)
    loggers = {record["logger"] for record in records}
    assert {"uvicorn.error", "alembic.runtime.migration"} <= loggers
    [access] = [
        r
        for r in records
        if r["logger"] == "bigauto.access" and r.get("request_id") == "logs-test-1"
    ]
    assert (access["path"], access["status"], access["level"]) == ("/health", 200, "info")


def test_migrate_writes_one_json_object_per_stderr_line(tmp_path: Path) -> None:
    """Alembic's progress lines come out as JSON, not in its own plain format."""
    done = subprocess.run(
        _command("migrate"),
        env=_environment(tmp_path, _free_port()),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    records = _records(done.stderr)
    assert any(r["event"].startswith("Running upgrade") for r in records)
    assert {r["logger"] for r in records} == {"alembic.runtime.migration"}
    assert "latest schema" in done.stdout
