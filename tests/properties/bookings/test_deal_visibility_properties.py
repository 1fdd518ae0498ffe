"""Properties of the deal visibility rule: only a party to the deal or an admin may see it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bigauto.domain.bookings.deals import Deal, visible_to
from bigauto.domain.bookings.rentals import RentalBooking
from bigauto.domain.bookings.sales import SaleOrder
from bigauto.domain.money.commission import CommissionPolicy
from bigauto.domain.shared.errors import PermissionDenied
from bigauto.domain.shared.money import Money
from bigauto.testing.bookings import rental_bookings

NOW = datetime(2026, 6, 1, tzinfo=UTC)
# "seller" is the seller of every generated rental; "" is nobody at all.
people = st.sampled_from(["ani", "budi", "citra", "dewi", "seller", ""])


def _order(buyer_id: str, seller_id: str) -> SaleOrder:
    order, _ = SaleOrder.offer(
        order_id="s1",
        vehicle_id="v1",
        buyer_id=buyer_id,
        seller_id=seller_id,
        price=Money(90_000_000),
        asking_price=Money(100_000_000),
        commission=CommissionPolicy(),
        now=NOW,
        event_id="e0",
    )
    return order


@st.composite
def deals(draw: st.DrawFn) -> Deal:
    """A rental booking or a sale order between two different people."""
    customer = draw(people.filter(bool))
    seller = draw(people.filter(lambda p: p and p != customer))
    if draw(st.booleans()):
        return _order(customer, seller)
    booking: RentalBooking = draw(rental_bookings())
    return booking


@given(deals(), people, st.booleans())
def test_a_deal_is_visible_exactly_to_its_parties_and_admins(
    deal: Deal, user_id: str, is_admin: bool
) -> None:
    """Admins see every deal; anyone else sees it iff they are its customer or its seller."""
    party = user_id in (deal.customer_id, deal.seller_id)
    assert visible_to(deal, user_id, is_admin=is_admin) is (is_admin or party)


@given(deals(), people, st.booleans())
def test_whoever_may_see_a_deal_has_a_role_in_it_and_nobody_else_does(
    deal: Deal, user_id: str, is_admin: bool
) -> None:
    """Visibility and the lifecycle's roles agree: a viewer has a role, a stranger none."""
    assert isinstance(deal, (RentalBooking, SaleOrder))
    if visible_to(deal, user_id, is_admin=is_admin):
        deal.role_of(user_id, is_admin=is_admin)
    else:
        with pytest.raises(PermissionDenied):
            deal.role_of(user_id, is_admin=is_admin)


@given(people.filter(bool), people.filter(bool))
def test_a_sale_orders_buyer_is_its_customer(buyer_id: str, seller_id: str) -> None:
    """The buyer sees their order under the name every deal gives its customer."""
    if buyer_id == seller_id:
        return
    order = _order(buyer_id, seller_id)
    assert order.customer_id == buyer_id
    assert visible_to(order, buyer_id)
