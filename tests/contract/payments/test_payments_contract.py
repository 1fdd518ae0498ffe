"""Contract: payments, refunds and security incidents are stored alike on every backend."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from tests.contract.samples import T0, an_id

from bigauto.domain.payments.lifecycle import PaymentState
from bigauto.domain.payments.payment import (
    DealKind,
    IncidentKind,
    Payment,
    Refund,
    RefundStatus,
    SecurityIncident,
)
from bigauto.domain.shared.errors import Conflict
from bigauto.domain.shared.money import Money
from bigauto.ports.unit_of_work import UnitOfWorkFactory

pytestmark = pytest.mark.asyncio(loop_scope="module")


def a_payment(n: int, deal: str = "deal-1", kind: DealKind = DealKind.RENTAL) -> Payment:
    return Payment.open(
        payment_id=an_id(n),
        order_id=f"BA-order-{n}",
        kind=kind,
        deal_id=deal,
        customer_id="customer",
        seller_id="seller",
        amount=Money(1_500_000),
        revenue=Money(1_000_000),
        commission_rate=Decimal("0.05"),
        expires_at=T0 + timedelta(minutes=15),
        created_at=T0 + timedelta(seconds=n),
    )


async def test_a_payment_round_trips_and_moves_forward(uow_factory: UnitOfWorkFactory) -> None:
    """Every field comes back, by id and by order id, before and after it is paid."""
    payment = a_payment(1).opened(token="tok", redirect_url="https://pay/x")
    async with uow_factory() as uow:
        await uow.payments.add(payment)
        await uow.commit()
    paid, _ = payment.move_to(PaymentState.PAID, at=T0 + timedelta(minutes=1), method="gopay")
    paid = paid.refund(Money(500_000), at=T0 + timedelta(minutes=2))
    async with uow_factory() as uow:
        assert await uow.payments.get(payment.id) == payment
        assert await uow.payments.by_order_id(payment.order_id, for_update=True) == payment
        assert await uow.payments.live_for(DealKind.RENTAL, "deal-1") == payment
        await uow.payments.update(paid)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.payments.get(payment.id) == paid
        assert await uow.payments.live_for(DealKind.RENTAL, "deal-1") is None
        assert await uow.payments.by_order_id("BA-none") is None


async def test_a_deal_has_one_live_payment_and_order_ids_are_unique(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """A second live payment for a deal, or a taken order id, is a Conflict; a void one is not."""
    first = a_payment(1)
    async with uow_factory() as uow:
        await uow.payments.add(first)
        await uow.commit()
    async with uow_factory() as uow:
        with pytest.raises(Conflict):
            await uow.payments.add(a_payment(2))
    async with uow_factory() as uow:
        with pytest.raises(Conflict):
            await uow.payments.add(a_payment(1, deal="deal-2"))
    async with uow_factory() as uow:
        await uow.payments.update(first.voided(at=T0, reason="gateway down"))
        await uow.payments.add(a_payment(3))
        await uow.payments.add(a_payment(4, kind=DealKind.SALE))
        await uow.commit()
    async with uow_factory() as uow:
        listed = await uow.payments.for_deal(DealKind.RENTAL, "deal-1")
        assert [p.id for p in listed] == [an_id(1), an_id(3)]
        live = await uow.payments.live_for(DealKind.RENTAL, "deal-1")
        assert live is not None and live.id == an_id(3)


async def test_refunds_are_added_once_and_updated(uow_factory: UnitOfWorkFactory) -> None:
    """A refund id is added once; its status and attempts are kept."""
    payment = a_payment(1)
    refund = Refund(
        id="refund:e1",
        payment_id=payment.id,
        amount=Money(250_000),
        reason="cancelled",
        refund_key="rk-e1",
        status=RefundStatus.PENDING,
        created_at=T0,
    )
    async with uow_factory() as uow:
        await uow.payments.add(payment)
        assert await uow.refunds.add(refund) is True
        assert await uow.refunds.add(refund) is False
        await uow.commit()
    done = refund.tried().done(at=T0 + timedelta(minutes=5))
    async with uow_factory() as uow:
        assert await uow.refunds.get(refund.id) == refund
        await uow.refunds.update(done)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.refunds.of_payment(payment.id) == [done]
        assert done.attempts == 2 and done.status is RefundStatus.DONE


async def test_security_incidents_are_listed_newest_first(uow_factory: UnitOfWorkFactory) -> None:
    """Incidents come back whole, the newest first."""
    incidents = [
        SecurityIncident(
            an_id(n),
            IncidentKind.BAD_SIGNATURE,
            f"o{n}",
            "bad",
            "10.0.0.1",
            T0 + timedelta(seconds=n),
        )
        for n in range(3)
    ]
    async with uow_factory() as uow:
        for incident in incidents:
            await uow.security_incidents.add(incident)
        await uow.commit()
    async with uow_factory() as uow:
        assert list(await uow.security_incidents.recent(2)) == incidents[::-1][:2]
