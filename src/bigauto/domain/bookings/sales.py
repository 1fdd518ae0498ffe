"""A sale order: a buyer's offer for a used car, negotiated, paid, papers transferred, completed.

The buyer offers (``pending_confirmation``); an offer under the seller's floor is refused at once
with ``OfferBelowFloor`` and no order exists (nothing to notify, nothing to clean up; the floor
itself is never disclosed). The seller accepts (the price is snapshotted as ``agreed_price``),
rejects, or counters; each counter, a revision of one included, is a round, and a seller may
counter at most ``max_rounds`` times (``NegotiationLimitReached``). After a counter the buyer may
accept it or cancel; there is no buyer re-offer on the same order: a new offer is a new order.

Only one order per vehicle may be accepted at a time (``OrderAlreadyAccepted``). When an order
is paid the vehicle is reserved and the other open orders are declined
(``orders_to_decline_when_paid``); completion marks it sold (``vehicle_status_after``).

After payment the seller starts document processing; BPKB, STNK, faktur and pajak are marked
transferred one by one (who and when recorded, idempotent per document) and ``complete`` needs
all four. Before payment either side may cancel; after it only the seller or an admin, and the
buyer gets the agreed price back in full.

>>> from datetime import UTC, datetime
>>> from bigauto.domain.money.commission import CommissionPolicy
>>> at = datetime(2026, 3, 1, tzinfo=UTC)
>>> order, _ = SaleOrder.offer(
...     order_id="s1", vehicle_id="v1", buyer_id="ani", seller_id="budi", price=Money(90_000_000),
...     asking_price=Money(100_000_000), floor=Money(80_000_000), commission=CommissionPolicy(),
...     now=at, event_id="e1")
>>> order, _ = order.counter(price=Money(95_000_000), actor_id="budi", at=at, event_id="e2")
>>> order, event = order.accept_counter(actor_id="ani", at=at, event_id="e3")
>>> order.status, order.agreed_price.amount, event.name
(<SaleOrderState.PENDING_PAYMENT: 'pending_payment'>, 95000000, 'sale_order.counter_accepted')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs

from bigauto.domain.bookings.deals import Parties, refuse_own_vehicle
from bigauto.domain.bookings.errors import (
    NegotiationLimitReached,
    OfferBelowFloor,
    OrderAlreadyAccepted,
)
from bigauto.domain.bookings.events import SaleOrderEvents
from bigauto.domain.bookings.lifecycles import (
    DOCUMENTS_TRANSFERRED,
    SALE_ORDER,
    SaleDocument,
    SaleOrderEvent,
    SaleOrderState,
)
from bigauto.domain.catalogue.vehicles import Category, ListingStatus
from bigauto.domain.money.commission import CommissionPolicy
from bigauto.domain.shared.actors import Actor
from bigauto.domain.shared.audit import (
    StatusChange,
    advance,
    require_aware,
    trail,
)
from bigauto.domain.shared.errors import InvalidTransition, MoneyError, ValidationFailed, one_of
from bigauto.domain.shared.events import DomainEvent
from bigauto.domain.shared.money import Money

DEFAULT_MAX_ROUNDS = 5
_S, _E = SaleOrderState, SaleOrderEvent
#: Orders still being negotiated or awaiting payment: declined when another order is paid.
OPEN_STATES = frozenset({_S.PENDING_CONFIRMATION, _S.COUNTERED, _S.PENDING_PAYMENT})
#: Orders that hold the vehicle: at most one per vehicle.
ACCEPTED_STATES = frozenset({_S.PENDING_PAYMENT, _S.PAID, _S.DOCUMENT_PROCESSING})
_PAID_STATES = frozenset({_S.PAID, _S.DOCUMENT_PROCESSING})


@attrs.frozen
class DocumentTransfer:
    """One document handed over: which, by whom, when."""

    document: SaleDocument
    transferred_by: str | None
    transferred_at: datetime


def _tuple(rows: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(rows)


def _positive(price: Money, name: str) -> Money:
    if not isinstance(price, Money) or price.amount <= 0:
        raise MoneyError(f"{name} must be a positive amount, not {price!r}", details={name: None})
    return price


@attrs.frozen
class SaleOrder(Parties):
    """One buyer's order for one vehicle, from the first offer to completion."""

    id: str
    vehicle_id: str
    buyer_id: str
    seller_id: str
    asking_price: Money
    offer_price: Money
    commission_rate: Decimal
    max_rounds: int
    status: SaleOrderState
    created_at: datetime
    history: tuple[StatusChange, ...] = attrs.field(converter=trail)
    counter_price: Money | None = None
    agreed_price: Money | None = None
    rounds: int = 0
    documents: tuple[DocumentTransfer, ...] = attrs.field(default=(), converter=_tuple)
    paid_at: datetime | None = None
    refund_amount: Money | None = None
    cancelled_by: Actor | None = None

    @classmethod
    def offer(
        cls,
        *,
        order_id: str,
        vehicle_id: str,
        buyer_id: str,
        seller_id: str,
        price: Money,
        asking_price: Money,
        commission: CommissionPolicy,
        now: datetime,
        event_id: str,
        floor: Money | None = None,
        max_rounds: int = DEFAULT_MAX_ROUNDS,
    ) -> tuple[SaleOrder, DomainEvent]:
        """A buyer's offer of ``price`` (``pending_confirmation``), with the sale commission rate
        in force at ``now`` snapshotted. Refuses one's own vehicle and an offer under ``floor``."""
        require_aware(now, "now")
        refuse_own_vehicle(buyer_id, seller_id, vehicle_id, doing="buy")
        _positive(price, "offer_price")
        _positive(asking_price, "asking_price")
        if isinstance(max_rounds, bool) or not isinstance(max_rounds, int) or max_rounds < 0:
            raise ValidationFailed(f"max_rounds must be a whole number >= 0, not {max_rounds!r}")
        if floor is not None and price < floor:
            raise OfferBelowFloor(
                "the offer is below the lowest price the seller will consider",
                details={"offer_price": price.amount},
            )
        draft = cls(
            id=order_id,
            vehicle_id=vehicle_id,
            buyer_id=buyer_id,
            seller_id=seller_id,
            asking_price=asking_price,
            offer_price=price,
            commission_rate=commission.rate_at(now, Category.SALE),
            max_rounds=max_rounds,
            status=SaleOrderState(SALE_ORDER.initial),
            created_at=now,
            history=(),
        )
        step = SALE_ORDER.start("offer", Actor.CUSTOMER, emits=SaleOrderEvents.OFFERED)
        return advance(draft, step, buyer_id, now, event_id, facts=SaleOrder._facts)

    # --- questions -------------------------------------------------------------------------

    @property
    def transferred(self) -> frozenset[SaleDocument]:
        """The documents already handed over."""
        return frozenset(row.document for row in self.documents)

    @property
    def missing_documents(self) -> tuple[SaleDocument, ...]:
        """The documents still to hand over, in the standard order."""
        return tuple(doc for doc in SaleDocument if doc not in self.transferred)

    @property
    def rounds_left(self) -> int:
        """How many more times the seller may counter."""
        return self.max_rounds - self.rounds

    @property
    def customer_id(self) -> str:
        """The buyer, under the name every deal gives its customer (see ``deals.Deal``)."""
        return self.buyer_id

    # --- negotiation -----------------------------------------------------------------------

    def accept(
        self,
        *,
        actor_id: str,
        at: datetime,
        event_id: str,
        competing: Iterable[SaleOrder] = (),
    ) -> tuple[SaleOrder, DomainEvent]:
        """The seller takes the buyer's offer; ``competing`` are the vehicle's other orders."""
        self._check(_E.ACCEPT, Actor.SELLER, actor_id)
        self._ensure_first_accepted(competing)
        return self._fire(_E.ACCEPT, Actor.SELLER, actor_id, at, event_id, agreed=self.offer_price)

    def counter(
        self, *, price: Money, actor_id: str, at: datetime, event_id: str
    ) -> tuple[SaleOrder, DomainEvent]:
        """The seller answers with ``price`` (above the offer); each counter uses up a round."""
        self._check(_E.COUNTER, Actor.SELLER, actor_id)
        _positive(price, "price")
        if price <= self.offer_price:
            raise ValidationFailed(
                "a counter-offer must be above the buyer's offer (or accept the offer)",
                details={"price": price.amount, "offer_price": self.offer_price.amount},
            )
        if self.rounds >= self.max_rounds:
            raise NegotiationLimitReached(
                f"the seller has already countered {self.rounds} times, the most allowed",
                details={"rounds": self.rounds, "max_rounds": self.max_rounds},
            )
        return self._fire(
            _E.COUNTER,
            Actor.SELLER,
            actor_id,
            at,
            event_id,
            counter_price=price,
            rounds=self.rounds + 1,
        )

    def accept_counter(
        self,
        *,
        actor_id: str,
        at: datetime,
        event_id: str,
        competing: Iterable[SaleOrder] = (),
    ) -> tuple[SaleOrder, DomainEvent]:
        """The buyer takes the seller's counter-offer: it becomes the agreed price."""
        self._check(_E.ACCEPT_COUNTER, Actor.CUSTOMER, actor_id)
        self._ensure_first_accepted(competing)
        return self._fire(
            _E.ACCEPT_COUNTER, Actor.CUSTOMER, actor_id, at, event_id, agreed=self.counter_price
        )

    def reject(
        self, *, actor_id: str, at: datetime, event_id: str, reason: str | None = None
    ) -> tuple[SaleOrder, DomainEvent]:
        """The seller turns the offer down."""
        return self._fire(_E.REJECT, Actor.SELLER, actor_id, at, event_id, reason=reason)

    def decline(
        self, *, at: datetime, event_id: str, reason: str = "the vehicle was sold to another buyer"
    ) -> tuple[SaleOrder, DomainEvent]:
        """The system turns the offer down because another order for the vehicle was paid."""
        return self._fire(_E.DECLINE, Actor.SYSTEM, None, at, event_id, reason=reason)

    # --- payment, documents, completion ----------------------------------------------------

    def pay(self, *, at: datetime, event_id: str) -> tuple[SaleOrder, DomainEvent]:
        """The payment of the agreed price settled (system)."""
        return self._fire(_E.PAY, Actor.SYSTEM, None, at, event_id, paid_at=at)

    def payment_expired(self, *, at: datetime, event_id: str) -> tuple[SaleOrder, DomainEvent]:
        """The buyer did not pay in time (system): the order is cancelled, the vehicle free."""
        return self._fire(
            _E.PAYMENT_EXPIRED, Actor.SYSTEM, None, at, event_id, reason="payment expired"
        )

    def start_documents(
        self, *, actor_id: str, at: datetime, event_id: str
    ) -> tuple[SaleOrder, DomainEvent]:
        """The seller starts handing over the papers (``document_processing``)."""
        return self._fire(_E.START_DOCUMENTS, Actor.SELLER, actor_id, at, event_id)

    def mark_documents(
        self,
        documents: Iterable[SaleDocument | str],
        *,
        actor: Actor,
        actor_id: str | None,
        at: datetime,
        event_id: str,
    ) -> tuple[SaleOrder, DomainEvent | None]:
        """Record ``documents`` as transferred by the seller or an admin, during document
        processing. A document already marked keeps its first record; the event (None when
        nothing new was marked) lists the newly transferred ones."""
        require_aware(at, "at")
        if self.status is not _S.DOCUMENT_PROCESSING:
            raise InvalidTransition(
                SALE_ORDER.name,
                self.status,
                "mark_documents",
                actor=actor,
                reason="documents are marked during document processing",
            )
        if Actor(actor) not in (Actor.SELLER, Actor.ADMIN):
            raise InvalidTransition(
                SALE_ORDER.name,
                self.status,
                "mark_documents",
                actor=actor,
                reason=f"{actor} may not mark documents",
            )
        self.check_party(actor, actor_id, what="order")
        wanted = {_document(doc) for doc in documents}
        new = [doc for doc in SaleDocument if doc in wanted and doc not in self.transferred]
        if not new:
            return self, None
        rows = tuple(DocumentTransfer(doc, actor_id, at) for doc in new)
        order = attrs.evolve(self, documents=(*self.documents, *rows))
        event = DomainEvent(
            name=SaleOrderEvents.DOCUMENTS_TRANSFERRED,
            event_id=event_id,
            occurred_at=at,
            aggregate_type=SALE_ORDER.name,
            aggregate_id=self.id,
            payload={
                "actor": Actor(actor).value,
                "actor_id": actor_id,
                "documents": [doc.value for doc in new],
                "missing": [doc.value for doc in order.missing_documents],
                **self._facts(),
            },
        )
        return order, event

    def complete(
        self, *, actor: Actor, actor_id: str | None, at: datetime, event_id: str
    ) -> tuple[SaleOrder, DomainEvent]:
        """The seller (or an admin) closes the sale; needs all four documents transferred."""
        return self._fire(_E.COMPLETE, actor, actor_id, at, event_id)

    def cancel(
        self,
        *,
        actor: Actor,
        actor_id: str | None,
        at: datetime,
        event_id: str,
        reason: str | None = None,
    ) -> tuple[SaleOrder, DomainEvent]:
        """Call the deal off: either side before payment; after it the seller or an admin only,
        refunding the agreed price in full."""
        paid = self.status in _PAID_STATES
        refund = self.agreed_price if paid and self.agreed_price is not None else None
        zero = Money.zero(self.offer_price.currency)
        return self._fire(
            _E.CANCEL,
            actor,
            actor_id,
            at,
            event_id,
            reason=reason,
            refund_amount=refund or zero,
            cancelled_by=Actor(actor),
        )

    # --- machinery -------------------------------------------------------------------------

    def _facts(self) -> dict[str, Any]:
        def amount(money: Money | None) -> int | None:
            return None if money is None else money.amount

        return {
            "vehicle_id": self.vehicle_id,
            "buyer_id": self.buyer_id,
            "seller_id": self.seller_id,
            "offer_price": self.offer_price.amount,
            "counter_price": amount(self.counter_price),
            "agreed_price": amount(self.agreed_price),
            "rounds": self.rounds,
        }

    def _check(self, event: SaleOrderEvent, actor: Actor, actor_id: str | None) -> None:
        SALE_ORDER.fire(self.status, event, actor, self._context())
        self.check_party(actor, actor_id, what="order")

    def _context(self) -> dict[str, Any]:
        return {DOCUMENTS_TRANSFERRED: {doc.value for doc in self.transferred}}

    def _ensure_first_accepted(self, competing: Iterable[SaleOrder]) -> None:
        for other in competing:
            if (
                other.id != self.id
                and other.vehicle_id == self.vehicle_id
                and other.status in ACCEPTED_STATES
            ):
                raise OrderAlreadyAccepted(
                    "another order for this vehicle has already been accepted",
                    details={"vehicle_id": self.vehicle_id, "order_id": other.id},
                )

    def _fire(
        self,
        event: SaleOrderEvent,
        actor: Actor,
        actor_id: str | None,
        at: datetime,
        event_id: str,
        *,
        reason: str | None = None,
        agreed: Money | None = None,
        **changes: Any,
    ) -> tuple[SaleOrder, DomainEvent]:
        require_aware(at, "at")
        self._check(event, actor, actor_id)
        step = SALE_ORDER.fire(self.status, event, actor, self._context())
        if agreed is not None:
            changes["agreed_price"] = agreed
        facts = SaleOrder._move_facts
        return advance(
            self, step, actor_id, at, event_id, facts=facts, reason=reason, changes=changes
        )

    def _move_facts(self) -> dict[str, Any]:
        facts = self._facts()
        if self.refund_amount is not None:
            facts["refund_amount"] = self.refund_amount.amount
        return facts


def _document(value: SaleDocument | str) -> SaleDocument:
    message = f"{value!r} is not a sale document (bpkb, stnk, faktur, pajak)"
    return one_of(SaleDocument, value, message, document=str(value))


def orders_to_decline_when_paid(
    paid: SaleOrder,
    others: Iterable[SaleOrder],
    *,
    at: datetime,
    next_event_id: Callable[[], str],
) -> list[tuple[SaleOrder, DomainEvent]]:
    """The vehicle's other open orders, declined, each with its ``sale_order.declined`` event."""
    if paid.status not in _PAID_STATES:
        raise ValidationFailed(
            "other offers are declined only once an order is paid",
            details={"order_id": paid.id, "status": paid.status.value},
        )
    return [
        other.decline(at=at, event_id=next_event_id())
        for other in others
        if other.id != paid.id
        and other.vehicle_id == paid.vehicle_id
        and other.status in OPEN_STATES
    ]


def vehicle_status_after(previous: SaleOrderState, current: SaleOrderState) -> ListingStatus | None:
    """The listing status a sale order's move from ``previous`` to ``current`` calls for: paid
    reserves the vehicle, completed sells it, cancelled after payment puts it back on sale;
    None when the listing stays as it is."""
    if current is _S.PAID and previous is not _S.PAID:
        return ListingStatus.RESERVED
    if current is _S.COMPLETED:
        return ListingStatus.SOLD
    if current is _S.CANCELLED and previous in _PAID_STATES:
        return ListingStatus.ACTIVE
    return None


__all__ = [
    "ACCEPTED_STATES",
    "DEFAULT_MAX_ROUNDS",
    "OPEN_STATES",
    "DocumentTransfer",
    "SaleOrder",
    "orders_to_decline_when_paid",
    "vehicle_status_after",
]
