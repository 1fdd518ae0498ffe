"""The ``bigauto`` command line on a throw-away SQLite database."""

from __future__ import annotations

import asyncio
import importlib.util
from pathlib import Path

import pytest

from bigauto.adapters.sql.engine import create_engine
from bigauto.adapters.sql.uow import SqlUnitOfWorkFactory
from bigauto.entrypoints.cli import main


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("BIGAUTO_VAR_DIR", str(tmp_path))
    return url


async def _count(url: str) -> tuple[int, int]:
    engine = create_engine(url)
    try:
        async with SqlUnitOfWorkFactory(engine)() as uow:
            return await uow.users.count(), await uow.vehicles.count()
    finally:
        await engine.dispose()


def test_migrate_then_seed_demo_loads_the_demo_marketplace(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """seed-demo fills an empty database with users and the requested number of vehicles."""
    assert main(["migrate"]) == 0
    assert main(["seed-demo", "--vehicles", "12"]) == 0
    users, vehicles = asyncio.run(_count(database))
    assert vehicles == 12
    assert users >= 6
    assert "seeded" in capsys.readouterr().out


def test_seed_demo_if_empty_leaves_existing_data_alone(database: str) -> None:
    """A second run with --if-empty succeeds and adds nothing."""
    assert main(["seed-demo", "--vehicles", "5"]) == 0
    assert main(["seed-demo", "--vehicles", "5", "--if-empty"]) == 0
    assert asyncio.run(_count(database))[1] == 5


def test_seed_demo_without_if_empty_refuses_a_database_with_data(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Seeding twice would duplicate the demo; it is refused with one clear line."""
    assert main(["seed-demo", "--vehicles", "1"]) == 0
    assert main(["seed-demo", "--vehicles", "1"]) == 2
    assert "not empty" in capsys.readouterr().err


def test_create_admin_creates_then_promotes(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The first call creates the admin; calling again for the same email promotes it."""
    assert main(["migrate"]) == 0
    assert main(["create-admin", "--email", "Ops@Example.com", "--password", "long-enough-pw"]) == 0
    assert "created admin ops@example.com" in capsys.readouterr().out
    again = ["create-admin", "--email", "ops@example.com", "--password", "another-long-pw"]
    assert main(again) == 0
    assert "promoted admin ops@example.com" in capsys.readouterr().out


def test_create_admin_refuses_a_short_password(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A weak admin password is refused with a one-line message and exit code 2."""
    assert main(["migrate"]) == 0
    assert main(["create-admin", "--email", "a@example.com", "--password", "short"]) == 2
    err = capsys.readouterr().err
    assert "at least 10 characters" in err and "Traceback" not in err


def test_bad_configuration_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Production on development defaults stops before doing anything."""
    monkeypatch.setenv("BIGAUTO_ENV", "production")
    monkeypatch.delenv("JWT_SECRET", raising=False)
    assert main(["migrate"]) == 2
    assert capsys.readouterr().err.startswith("bigauto: refusing to start")


def test_serve_runs_on_the_c_http_parser_and_event_loop() -> None:
    """uvicorn picks httptools and uvloop when they are installed, and they are dependencies:
    bench/server.py measures them at about 1.7x its pure-Python stack on /health."""
    import uvicorn

    config = uvicorn.Config("bigauto.entrypoints.http.app:create_app", factory=True)
    config.load()
    assert config.http_protocol_class.__name__ == "HttpToolsProtocol"
    assert config.loop == "auto" and importlib.util.find_spec("uvloop") is not None
