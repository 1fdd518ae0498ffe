"""Concurrent withdrawals on PostgreSQL cannot overdraw, and admins cannot decide twice.

Each request runs in its own unit of work on its own connection, all at once; the ledger's
conditional update on the seller's available balance is the only thing standing between them.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.pool import NullPool
from tests.conftest import POSTGRES_URL, require_service

from bigauto.adapters.memory import FixedClock, UuidV7Generator
from bigauto.adapters.sql import SqlUnitOfWorkFactory, create_engine, upgrade_engine
from bigauto.domain.identity.accounts import User
from bigauto.domain.money.commission import split_at_rate
from bigauto.domain.money.errors import InsufficientFunds
from bigauto.domain.shared.errors import InvalidTransition
from bigauto.domain.shared.money import Money
from bigauto.services.money.balances import check_ledger, seller_balance
from bigauto.services.money.context import Payouts
from bigauto.services.money.postings import record_payment, release_payout
from bigauto.services.money.withdrawals import (
    approve_withdrawal,
    list_withdrawals,
    reject_withdrawal,
    request_withdrawal,
)

AT = datetime(2026, 3, 1, 9, tzinfo=UTC)
SELLER = "seller-concurrent"
REQUESTS = 20


@pytest_asyncio.fixture
async def factory() -> AsyncIterator[SqlUnitOfWorkFactory]:
    """A migrated schema of its own, with room for every request to hold a connection."""
    require_service("postgres")
    schema = f"money_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, poolclass=NullPool)
    async with admin.begin() as connection:
        await connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = create_engine(
        POSTGRES_URL,
        pool_size=REQUESTS + 5,
        connect_args={"server_settings": {"search_path": schema}},
    )
    try:
        await upgrade_engine(engine)
        yield SqlUnitOfWorkFactory(engine)
    finally:
        await engine.dispose()
        async with admin.begin() as connection:
            await connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()


async def _seller_with(factory: SqlUnitOfWorkFactory, available: int) -> None:
    async with factory() as uow:
        await uow.users.add(
            User(
                id=SELLER,
                email="seller@example.com",
                name="Seller",
                password_hash="x",
                created_at=AT,
            )
        )
        split = split_at_rate(Money(available), "0")
        await record_payment(
            uow, payment_id="p1", seller_id=SELLER, split=split, reference="deal", at=AT
        )
        await release_payout(uow, seller_id=SELLER, reference="deal", at=AT)
        await uow.commit()


def _payouts(factory: SqlUnitOfWorkFactory) -> Payouts:
    return Payouts(factory, FixedClock(AT), UuidV7Generator())


async def _request(factory: SqlUnitOfWorkFactory, amount: int) -> object:
    return await request_withdrawal(
        _payouts(factory),
        seller_id=SELLER,
        amount=amount,
        bank_code="bca",
        account_number="1234567890",
        account_name="Seller",
    )


@pytest.mark.parametrize(
    ("available", "amount", "affordable"), [(1_000_000, 600_000, 1), (1_000_000, 300_000, 3)]
)
async def test_concurrent_requests_never_overdraw(
    factory: SqlUnitOfWorkFactory, available: int, amount: int, affordable: int
) -> None:
    """20 requests at once: exactly the affordable number succeed, the rest are refused."""
    await _seller_with(factory, available)
    results = await asyncio.gather(
        *(_request(factory, amount) for _ in range(REQUESTS)), return_exceptions=True
    )
    refused = [r for r in results if isinstance(r, InsufficientFunds)]
    unexpected = [r for r in results if isinstance(r, BaseException) and r not in refused]
    assert not unexpected, unexpected
    assert len(results) - len(refused) == affordable
    ctx = _payouts(factory)
    balance = await seller_balance(ctx, SELLER)
    assert balance.available == Money(available - affordable * amount)
    assert balance.reserved == Money(affordable * amount)
    assert (await list_withdrawals(ctx, seller_id=SELLER)).total == affordable
    assert (await check_ledger(ctx)).ok


async def test_two_admins_deciding_at_once_take_turns(factory: SqlUnitOfWorkFactory) -> None:
    """An approve and a reject race: exactly one wins, the funds move once."""
    await _seller_with(factory, 500_000)
    made = await _request(factory, 200_000)
    withdrawal_id = made.id  # type: ignore[attr-defined]
    ctx = _payouts(factory)
    results = await asyncio.gather(
        approve_withdrawal(ctx, withdrawal_id=withdrawal_id, admin_id="a1"),
        reject_withdrawal(ctx, withdrawal_id=withdrawal_id, admin_id="a2"),
        return_exceptions=True,
    )
    losers = [r for r in results if isinstance(r, InvalidTransition)]
    assert len(losers) == 1, results
    balance = await seller_balance(ctx, SELLER)
    assert balance.available + balance.reserved == Money(500_000)
    assert (await check_ledger(ctx)).ok
