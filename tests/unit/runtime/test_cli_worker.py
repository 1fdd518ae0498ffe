"""``bigauto worker`` and ``bigauto dead-letters list|replay`` on a throw-away SQLite database."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bigauto.adapters.local.mailbox import FileMailbox
from bigauto.adapters.memory import SystemClock
from bigauto.adapters.sql.engine import create_engine
from bigauto.adapters.sql.migrate import upgrade_engine
from bigauto.adapters.sql.uow import SqlUnitOfWorkFactory
from bigauto.config import Settings
from bigauto.domain.shared.events import DomainEvent
from bigauto.entrypoints.cli import main
from bigauto.entrypoints.worker import run_worker
from bigauto.ports.runtime.worker import DeadLetter

AT = datetime(2026, 3, 2, 9, tzinfo=UTC)
LETTER_ID = "00000000-0000-7000-8000-000000000001"


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("BIGAUTO_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("BIGAUTO_LOG_JSON", "false")
    assert main(["migrate"]) == 0
    return url


async def _in_database(url: str, work) -> object:  # type: ignore[no-untyped-def]
    engine = create_engine(url)
    try:
        async with SqlUnitOfWorkFactory(engine)() as uow:
            result = await work(uow)
            await uow.commit()
            return result
    finally:
        await engine.dispose()


def _registered(n: int) -> DomainEvent:
    return DomainEvent(
        name="user.registered",
        event_id=f"00000000-0000-7000-9000-{n:012d}",
        occurred_at=AT,
        aggregate_type="user",
        aggregate_id=f"user-{n}",
        payload={
            "user_id": f"user-{n}",
            "email": f"u{n}@example.com",
            "name": "Ana",
            "locale": "en",
            "verification_token": f"token-{n}",
            "expires_at": AT.isoformat(),
        },
    )


def _letter() -> DeadLetter:
    return DeadLetter(
        id=LETTER_ID,
        event=_registered(1),
        handler="identity.email",
        error="ServiceUnavailable: the provider is down\nfor good",
        attempts=5,
        first_failed_at=AT,
        last_failed_at=AT,
    )


def test_dead_letters_are_listed_as_a_table_and_replayed_through_the_outbox(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """list shows the letter; replay queues it in the outbox and marks it; list is then empty."""

    async def add(uow):  # type: ignore[no-untyped-def]
        await uow.dead_letters.record(_letter())

    asyncio.run(_in_database(database, add))
    assert main(["dead-letters", "list"]) == 0
    header, row = capsys.readouterr().out.strip().splitlines()
    assert header.split()[:3] == ["id", "last", "failure"]
    assert LETTER_ID in row and "identity.email" in row and "user.registered" in row
    assert "the provider is down for good" in row

    assert main(["dead-letters", "replay", "--id", LETTER_ID]) == 0
    assert "1 dead letter(s) queued" in capsys.readouterr().out

    async def pending(uow):  # type: ignore[no-untyped-def]
        return [r.event for r in await uow.outbox.pending()]

    [replay] = asyncio.run(_in_database(database, pending))
    assert replay.name == "dead_letter.replayed"
    assert replay.payload["handler"] == "identity.email"
    assert main(["dead-letters", "list"]) == 0
    assert capsys.readouterr().out.strip() == "no dead letters"
    assert main(["dead-letters", "list", "--include-replayed"]) == 0
    assert "(replayed)" in capsys.readouterr().out


def test_replay_needs_a_known_id_or_all(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown id fails with one line; --all with nothing to do succeeds; neither is usage."""
    assert main(["dead-letters", "replay", "--id", "nope"]) == 2
    assert "no dead letter nope" in capsys.readouterr().err
    assert main(["dead-letters", "replay", "--all"]) == 0
    with pytest.raises(SystemExit):
        main(["dead-letters", "replay"])


async def test_the_worker_process_relays_handles_and_stops_on_request(tmp_path: Path) -> None:
    """run_worker sends the queued verification email, then returns once told to stop."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'worker.db'}"
    settings = Settings.from_env(
        {"DATABASE_URL": url, "BIGAUTO_VAR_DIR": str(tmp_path), "BIGAUTO_OUTBOX_INTERVAL": "0.05"}
    )
    engine = create_engine(url)
    await upgrade_engine(engine)
    async with SqlUnitOfWorkFactory(engine)() as uow:
        await uow.outbox.add(_registered(7))
        await uow.commit()
    await engine.dispose()

    mailbox = FileMailbox(tmp_path / "mailbox", SystemClock())
    stop = asyncio.Event()
    task = asyncio.create_task(run_worker(settings, stop))
    for _ in range(200):
        if mailbox.messages():
            break
        await asyncio.sleep(0.02)
    stop.set()
    await asyncio.wait_for(task, timeout=5)
    [mail] = mailbox.messages()
    assert mail["to"] == "u7@example.com" and mail["subject"] == "Verify your email for Big Auto"
