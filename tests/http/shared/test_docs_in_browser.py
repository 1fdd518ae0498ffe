"""Both documentation pages render in a real browser with the network off.

The service runs on a local port; headless Chromium loads ``/docs`` (Swagger UI) and
``/docs/redoc`` (ReDoc) with every host name but 127.0.0.1 unresolvable, so a page that needed
a CDN would come up empty. What it renders must list the API's operations. ``.ci/run`` installs
Debian's ``chromium``; elsewhere the test is skipped when it is missing.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from bigauto.adapters.sql.migrate import upgrade
from bigauto.config import Settings
from bigauto.entrypoints.http import create_app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("BIGAUTO_REQUIRE_SERVICES"),
    reason="no chromium here (.ci/run installs Debian's)",
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    var = tmp_path_factory.mktemp("docs-browser")
    url = f"sqlite+aiosqlite:///{var / 'bigauto.db'}"
    upgrade(url)
    settings = Settings.from_env(
        {"DATABASE_URL": url, "BIGAUTO_VAR_DIR": str(var), "BIGAUTO_OUTBOX_INTERVAL": "0"}
    )
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.1)
    assert server.started, "the service did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def _rendered(url: str, tmp_path: Path) -> str:
    """The page's DOM after its scripts ran, loaded with no network but this machine."""
    assert CHROMIUM is not None, "chromium is required here (apt-get install chromium)"
    answer = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
            "--virtual-time-budget=20000",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return answer.stdout


def test_swagger_ui_renders_every_operation_offline(base_url: str, tmp_path: Path) -> None:
    dom = _rendered(f"{base_url}/docs", tmp_path)
    assert "swagger-ui" in dom
    assert dom.count('data-path="') > 90, "Swagger UI listed the operations"
    assert 'data-path="/api/rentals"' in dom


def test_redoc_renders_every_operation_offline(base_url: str, tmp_path: Path) -> None:
    dom = _rendered(f"{base_url}/docs/redoc", tmp_path)
    assert dom.count('data-section-id="operation/') > 90, "ReDoc listed the operations"
    assert 'data-section-id="operation/createRental"' in dom
