"""Which server stack serves bigauto fastest, against a bare Litestar app in the same run.

Run: ``python bench/server.py [seconds]`` (needs ``wrk``: ``apt-get install wrk``). Each app runs
in its own uvicorn process on a free port, one worker, once with uvicorn's pure-Python stack
(h11 parser, asyncio loop) and once with the C one (httptools, uvloop); wrk loads ``GET /health``
from a second process (one thread, 16 connections). The floor is a bare Litestar app answering
the same JSON. Prints the figures and writes bench/results/server.json: requests per second,
latency percentiles, and the ratio of bigauto to its floor on each stack.

Reports figures only; it never passes or fails on time.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "server.json"
STACKS = {"h11+asyncio": ("h11", "asyncio"), "httptools+uvloop": ("httptools", "uvloop")}
CONNECTIONS = 16

BARE_APP = """
from litestar import Litestar, get

@get("/health")
async def health() -> dict[str, str]:
    return {"status": "healthy", "service": "bigauto", "version": "0.1.0"}

app = Litestar([health])
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait(port: int) -> None:
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


def _serve(target: list[str], http: str, loop: str, env: dict[str, str]) -> tuple[Any, int]:
    port = _free_port()
    command = [
        sys.executable, "-m", "uvicorn", *target, "--port", str(port),
        "--http", http, "--loop", loop, "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    _wait(port)
    return process, port


def _wrk(port: int, seconds: int) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency",
         f"http://127.0.0.1:{port}/health"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    figures = {"requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}  # type: ignore[union-attr]
    for pct in ("50", "99"):
        found = re.search(rf"\s{pct}%\s+([\d.]+)(us|ms|s)", out)
        if found:
            scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[found.group(2)]
            figures[f"p{pct}_ms"] = round(float(found.group(1)) * scale, 3)
    return figures


def main(seconds: int) -> dict[str, Any]:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    work = Path(tempfile.mkdtemp(prefix="bench-server-"))
    (work / "bare_app.py").write_text(BARE_APP)
    env = {
        **os.environ,
        "PYTHONPATH": f"{work}{os.pathsep}{ROOT / 'src'}",
        "BIGAUTO_VAR_DIR": str(work / "var"),
        "BIGAUTO_LOG_LEVEL": "WARNING",
        "BIGAUTO_OUTBOX_INTERVAL": "0",
    }
    subprocess.run(
        [sys.executable, "-m", "bigauto.entrypoints.cli", "migrate"], env=env, check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    apps = {
        "bare_litestar": ["bare_app:app"],
        "bigauto": ["--factory", "bigauto.entrypoints.http.app:create_app"],
    }
    report: dict[str, Any] = {"machine": platform.platform(), "seconds": seconds, "stacks": {}}
    for stack, (http, loop) in STACKS.items():
        figures: dict[str, Any] = {}
        for name, target in apps.items():
            process, port = _serve(target, http, loop, env)
            try:
                _wrk(port, 1)  # warm up
                figures[name] = _wrk(port, seconds)
            finally:
                process.terminate()
                process.wait(timeout=10)
        figures["ratio_to_floor"] = round(
            figures["bigauto"]["requests_per_s"] / figures["bare_litestar"]["requests_per_s"], 3
        )
        report["stacks"][stack] = figures
        print(stack, json.dumps(figures), flush=True)
    slow, fast = (report["stacks"][s]["bigauto"]["requests_per_s"] for s in STACKS)
    report["bigauto_speedup_of_the_c_stack"] = round(fast / slow, 3)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    return report


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
