"""``bigauto ledger check`` on a throw-away SQLite database."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import update

from bigauto.adapters.sql.engine import create_engine
from bigauto.adapters.sql.money.tables import account_balances
from bigauto.adapters.sql.uow import SqlUnitOfWorkFactory
from bigauto.domain.money.commission import split_at_rate
from bigauto.domain.shared.money import Money
from bigauto.entrypoints.cli import main
from bigauto.services.money.postings import record_payment, release_payout

AT = datetime(2026, 3, 2, 9, tzinfo=UTC)


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("BIGAUTO_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("BIGAUTO_LOG_JSON", "false")
    assert main(["migrate"]) == 0
    return url


async def _paid_and_released(url: str) -> None:
    engine = create_engine(url)
    try:
        async with SqlUnitOfWorkFactory(engine)() as uow:
            split = split_at_rate(Money(1_000_000), "0.05")
            await record_payment(
                uow, payment_id="p1", seller_id="budi", split=split, reference="r1", at=AT
            )
            await release_payout(uow, seller_id="budi", reference="r1", at=AT)
            await uow.commit()
    finally:
        await engine.dispose()


async def _tamper(url: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                update(account_balances)
                .where(account_balances.c.account_kind == "seller_available")
                .values(balance=account_balances.c.balance + 7)
            )
    finally:
        await engine.dispose()


def test_a_consistent_ledger_passes_and_shows_the_totals(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit 0, the totals by kind, and the conservation rule holding."""
    asyncio.run(_paid_and_released(database))
    assert main(["ledger", "check"]) == 0
    out = capsys.readouterr().out
    assert "0 balance mismatches" in out
    assert "customer paid     IDR 1,000,000" in out
    assert "seller available  IDR 950,000" in out
    assert "paid = refunds + commission + seller payouts: yes" in out
    assert "ledger check passed" in out


def test_a_balance_changed_behind_the_ledgers_back_fails_the_check(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit 1 naming the account, what is stored and what the lines say."""
    asyncio.run(_paid_and_released(database))
    asyncio.run(_tamper(database))
    assert main(["ledger", "check"]) == 1
    out = capsys.readouterr().out
    assert "mismatch seller_available:budi: stored IDR 950,007, from lines IDR 950,000" in out
    assert "ledger check FAILED" in out
