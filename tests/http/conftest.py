"""An app on a fresh SQLite database per test, driven through Litestar's test client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from bigauto.adapters.sql.migrate import upgrade
from bigauto.config import Settings
from bigauto.entrypoints.http import create_app


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bigauto.db'}"
    upgrade(url)
    return Settings.from_env(
        {"DATABASE_URL": url, "BIGAUTO_VAR_DIR": str(tmp_path), "BIGAUTO_LOG_JSON": "true"}
    )


@pytest.fixture
def app(settings: Settings) -> Litestar:
    return create_app(settings)


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(app=app) as client:
        yield client
