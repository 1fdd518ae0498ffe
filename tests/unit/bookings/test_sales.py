"""Sale orders: offers, floors, counters, acceptance, payment, documents, completion."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from itertools import count
from typing import Any

import pytest

from bigauto.domain.bookings.errors import (
    CannotBookOwnVehicle,
    NegotiationLimitReached,
    OfferBelowFloor,
    OrderAlreadyAccepted,
)
from bigauto.domain.bookings.lifecycles import SaleDocument, SaleOrderState
from bigauto.domain.bookings.sales import (
    SaleOrder,
    orders_to_decline_when_paid,
    vehicle_status_after,
)
from bigauto.domain.catalogue.vehicles import Category, ListingStatus
from bigauto.domain.money.commission import CommissionPolicy
from bigauto.domain.shared.actors import Actor
from bigauto.domain.shared.errors import (
    InvalidTransition,
    MoneyError,
    PermissionDenied,
    ValidationFailed,
)
from bigauto.domain.shared.money import Money

NOW = datetime(2026, 3, 1, tzinfo=UTC)
S = SaleOrderState


def offer(**overrides: Any) -> SaleOrder:
    args: dict[str, Any] = {
        "order_id": "s1",
        "vehicle_id": "v1",
        "buyer_id": "ani",
        "seller_id": "budi",
        "price": Money(90_000_000),
        "asking_price": Money(100_000_000),
        "commission": CommissionPolicy(),
        "now": NOW,
        "event_id": "e0",
    }
    args.update(overrides)
    order, _ = SaleOrder.offer(**args)
    return order


def accepted(**overrides: Any) -> SaleOrder:
    order, _ = offer(**overrides).accept(actor_id="budi", at=NOW, event_id="e1")
    return order


def processing() -> SaleOrder:
    order, _ = accepted().pay(at=NOW, event_id="e2")
    order, _ = order.start_documents(actor_id="budi", at=NOW, event_id="e3")
    return order


def test_an_offer_waits_for_the_seller_with_the_sale_commission_rate_snapshotted() -> None:
    """A new order is pending confirmation and keeps the sale rate in force at the offer."""
    commission = CommissionPolicy().with_rate(Decimal("0.03"), NOW, Category.SALE)
    order, event = SaleOrder.offer(
        order_id="s1",
        vehicle_id="v1",
        buyer_id="ani",
        seller_id="budi",
        price=Money(90_000_000),
        asking_price=Money(100_000_000),
        commission=commission,
        now=NOW,
        event_id="e0",
    )
    assert order.status is S.PENDING_CONFIRMATION and order.commission_rate == Decimal("0.03")
    assert event.name == "sale_order.offered" and event.payload["offer_price"] == 90_000_000
    assert order.agreed_price is None and order.rounds == 0


def test_an_offer_below_the_floor_is_refused_at_once_without_revealing_the_floor() -> None:
    """OFFER_BELOW_FLOOR; the floor amount is not in the message or details."""
    with pytest.raises(OfferBelowFloor) as refused:
        offer(price=Money(79_999_999), floor=Money(80_000_000))
    assert refused.value.code == "OFFER_BELOW_FLOOR"
    assert "80000000" not in repr(refused.value) and "80,000,000" not in repr(refused.value)
    assert offer(price=Money(80_000_000), floor=Money(80_000_000)).status is S.PENDING_CONFIRMATION


def test_a_bad_offer_is_refused() -> None:
    """No zero prices, and no buying one's own vehicle."""
    with pytest.raises(MoneyError):
        offer(price=Money(0))
    with pytest.raises(CannotBookOwnVehicle):
        offer(buyer_id="budi")


def test_accepting_snapshots_the_offer_as_the_agreed_price() -> None:
    """The seller's acceptance fixes the price the buyer pays."""
    order, event = offer().accept(actor_id="budi", at=NOW, event_id="e1")
    assert order.status is S.PENDING_PAYMENT and order.agreed_price == Money(90_000_000)
    assert event.name == "sale_order.accepted" and event.payload["agreed_price"] == 90_000_000


def test_a_counter_uses_a_round_and_the_buyer_may_accept_it() -> None:
    """The counter price becomes the agreed price when the buyer accepts it."""
    order, event = offer().counter(price=Money(97_000_000), actor_id="budi", at=NOW, event_id="e1")
    assert order.status is S.COUNTERED and order.rounds == 1 and event.payload["rounds"] == 1
    order, _ = order.counter(price=Money(95_000_000), actor_id="budi", at=NOW, event_id="e2")
    assert order.rounds == 2 and order.rounds_left == 3
    order, event = order.accept_counter(actor_id="ani", at=NOW, event_id="e3")
    assert order.agreed_price == Money(95_000_000)
    assert event.name == "sale_order.counter_accepted"


def test_negotiation_stops_after_the_maximum_rounds() -> None:
    """The seller may counter max_rounds times; one more is NEGOTIATION_LIMIT_REACHED."""
    order = offer(max_rounds=2)
    for n in range(2):
        order, _ = order.counter(
            price=Money(99_000_000 - n), actor_id="budi", at=NOW, event_id=f"e{n}"
        )
    with pytest.raises(NegotiationLimitReached):
        order.counter(price=Money(98_000_000), actor_id="budi", at=NOW, event_id="e9")
    assert order.reject(actor_id="budi", at=NOW, event_id="e9")[0].status is S.REJECTED


def test_a_counter_must_be_above_the_offer() -> None:
    """Countering at or below the offer makes no sense: the seller should accept it."""
    with pytest.raises(ValidationFailed):
        offer().counter(price=Money(90_000_000), actor_id="budi", at=NOW, event_id="e1")


def test_the_buyer_cannot_accept_their_own_offer_nor_a_counter_that_does_not_exist() -> None:
    """accept_counter needs a counter; accept by the buyer's id is refused."""
    with pytest.raises(InvalidTransition):
        offer().accept_counter(actor_id="ani", at=NOW, event_id="e1")
    with pytest.raises(PermissionDenied):
        offer().accept(actor_id="ani", at=NOW, event_id="e1")  # accept is the seller's


def test_only_one_order_per_vehicle_may_be_accepted_at_a_time() -> None:
    """Accepting while another order for the vehicle awaits payment is a conflict."""
    first = accepted()
    second = offer(order_id="s2", buyer_id="citra")
    with pytest.raises(OrderAlreadyAccepted):
        second.accept(actor_id="budi", at=NOW, event_id="e2", competing=[first, second])
    other_vehicle = accepted(order_id="s3", vehicle_id="v2")
    assert second.accept(actor_id="budi", at=NOW, event_id="e2", competing=[other_vehicle])


def test_paying_reserves_the_vehicle_and_declines_the_other_open_offers() -> None:
    """Other open orders of the vehicle are declined, each with a notification event."""
    paid, _ = accepted().pay(at=NOW, event_id="e2")
    others = [
        offer(order_id="s2", buyer_id="citra"),
        offer(order_id="s3", buyer_id="dewi").counter(
            price=Money(99_000_000), actor_id="budi", at=NOW, event_id="x"
        )[0],
        offer(order_id="s4", buyer_id="eko", vehicle_id="v2"),
        offer(order_id="s5", buyer_id="fajar").reject(actor_id="budi", at=NOW, event_id="y")[0],
        paid,
    ]
    ids = count()
    declined = orders_to_decline_when_paid(
        paid, others, at=NOW, next_event_id=lambda: f"d{next(ids)}"
    )
    assert [order.id for order, _ in declined] == ["s2", "s3"]
    assert all(order.status is S.REJECTED for order, _ in declined)
    assert [event.name for _, event in declined] == ["sale_order.declined"] * 2
    assert [event.event_id for _, event in declined] == ["d0", "d1"]
    assert vehicle_status_after(S.PENDING_PAYMENT, S.PAID) is ListingStatus.RESERVED


def test_declining_needs_a_paid_order() -> None:
    """An unpaid order does not push others out."""
    with pytest.raises(ValidationFailed):
        orders_to_decline_when_paid(accepted(), [], at=NOW, next_event_id=lambda: "x")


def test_documents_are_marked_one_by_one_and_completion_needs_all_four() -> None:
    """Each document records who and when; marking again keeps the first record."""
    order = processing()
    order, event = order.mark_documents(
        ["bpkb", SaleDocument.STNK], actor=Actor.SELLER, actor_id="budi", at=NOW, event_id="d1"
    )
    assert event is not None and event.payload["documents"] == ["bpkb", "stnk"]
    with pytest.raises(InvalidTransition) as refused:
        order.complete(actor=Actor.SELLER, actor_id="budi", at=NOW, event_id="c1")
    assert "faktur" in refused.value.message
    later = NOW + timedelta(hours=1)
    again, nothing = order.mark_documents(
        ["bpkb"], actor=Actor.ADMIN, actor_id="root", at=later, event_id="d2"
    )
    assert nothing is None and again == order
    order, _ = order.mark_documents(
        ["faktur", "pajak"], actor=Actor.ADMIN, actor_id="root", at=later, event_id="d3"
    )
    assert [(d.document, d.transferred_by) for d in order.documents][-1] == ("pajak", "root")
    assert order.missing_documents == ()
    done, event = order.complete(actor=Actor.SELLER, actor_id="budi", at=later, event_id="c2")
    assert done.status is S.COMPLETED and event.name == "sale_order.completed"
    assert vehicle_status_after(S.DOCUMENT_PROCESSING, S.COMPLETED) is ListingStatus.SOLD


def test_documents_are_marked_only_during_processing_by_the_seller_or_an_admin() -> None:
    """Too early, by the buyer, or an unknown document: refused."""
    with pytest.raises(InvalidTransition):
        accepted().mark_documents(
            ["bpkb"], actor=Actor.SELLER, actor_id="budi", at=NOW, event_id="d1"
        )
    with pytest.raises(InvalidTransition):
        processing().mark_documents(
            ["bpkb"], actor=Actor.CUSTOMER, actor_id="ani", at=NOW, event_id="d1"
        )
    with pytest.raises(ValidationFailed):
        processing().mark_documents(
            ["passport"], actor=Actor.SELLER, actor_id="budi", at=NOW, event_id="d1"
        )


def test_either_side_may_cancel_before_payment_without_refund() -> None:
    """Before payment nothing was paid: the refund is zero."""
    for actor, who in ((Actor.CUSTOMER, "ani"), (Actor.SELLER, "budi")):
        order, event = accepted().cancel(actor=actor, actor_id=who, at=NOW, event_id="c")
        assert order.status is S.CANCELLED and order.refund_amount == Money(0)
        assert order.cancelled_by is actor and event.payload["refund_amount"] == 0


def test_after_payment_only_the_seller_may_cancel_and_the_buyer_is_refunded_in_full() -> None:
    """The buyer cannot back out once paid; a seller cancel refunds the agreed price."""
    paid, _ = accepted().pay(at=NOW, event_id="e2")
    with pytest.raises(InvalidTransition) as refused:
        paid.cancel(actor=Actor.CUSTOMER, actor_id="ani", at=NOW, event_id="c")
    assert refused.value.details["current_state"] == "paid"
    order, _ = processing().cancel(actor=Actor.SELLER, actor_id="budi", at=NOW, event_id="c")
    assert order.refund_amount == Money(90_000_000)
    assert vehicle_status_after(S.DOCUMENT_PROCESSING, S.CANCELLED) is ListingStatus.ACTIVE
    assert vehicle_status_after(S.PENDING_PAYMENT, S.CANCELLED) is None


def test_an_unpaid_accepted_order_expires() -> None:
    """The system cancels an order whose payment expired."""
    order, event = accepted().payment_expired(at=NOW, event_id="x")
    assert order.status is S.CANCELLED and event.payload["actor"] == "system"
