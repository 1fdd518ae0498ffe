"""What rentals, sale orders and test drives have in common: two parties, and who may see them.

A deal is between a customer (the renter or the buyer) and a seller. The rule every use case
follows is :func:`visible_to`: *only a party to the deal or an admin may see it*. To anyone else
it does not exist: the services answer ``NotFound``, never ``PermissionDenied``, so a stranger
cannot probe for other people's ids. What a party may then *do* is the lifecycle's question.

>>> class Rental:
...     customer_id, seller_id = "ani", "budi"
>>> [visible_to(Rental(), who) for who in ("ani", "budi", "citra")]
[True, True, False]
>>> visible_to(Rental(), "citra", is_admin=True)
True
"""

from __future__ import annotations

from typing import Protocol

from bigauto.domain.bookings.errors import CannotBookOwnVehicle
from bigauto.domain.shared.actors import Actor
from bigauto.domain.shared.audit import check_party, role_of


class Deal(Protocol):
    """Anything agreed between a customer and a seller: a rental booking, a sale order (whose
    buyer is its customer), a test drive, and the payment of one of them."""

    @property
    def customer_id(self) -> str: ...

    @property
    def seller_id(self) -> str: ...


def visible_to(deal: Deal, user_id: str, *, is_admin: bool = False) -> bool:
    """Only a party to the deal or an admin may see it.

    ``is_admin`` is the caller's role as the edge knows it; a use case that admins may not act
    on (moving someone else's test drive, writing a review) leaves it False.
    """
    return is_admin or user_id in (deal.customer_id, deal.seller_id)


class Parties:
    """What a deal answers from its two parties alone (mixed into the deal classes)."""

    __slots__ = ()

    def role_of(self: Deal, user_id: str, *, is_admin: bool = False) -> Actor:
        """The role ``user_id`` plays on this deal (a sale's buyer is its ``customer``);
        PermissionDenied for a stranger."""
        return role_of(
            user_id, customer_id=self.customer_id, seller_id=self.seller_id, is_admin=is_admin
        )

    def check_party(self: Deal, actor: Actor, actor_id: str | None, *, what: str) -> None:
        """PermissionDenied unless ``actor_id`` really is this deal's party that ``actor`` names
        (``what`` names the deal in the message); admins and the system act for anyone."""
        check_party(
            actor, actor_id, customer_id=self.customer_id, seller_id=self.seller_id, what=what
        )


def refuse_own_vehicle(customer_id: str, seller_id: str, vehicle_id: str, *, doing: str) -> None:
    """CannotBookOwnVehicle when the customer is the seller: nobody rents, buys or test-drives
    their own vehicle (``doing``: ``book``, ``buy``, ``test-drive``)."""
    if customer_id == seller_id:
        raise CannotBookOwnVehicle(
            f"you cannot {doing} your own vehicle", details={"vehicle_id": vehicle_id}
        )


__all__ = ["Deal", "Parties", "refuse_own_vehicle", "visible_to"]
