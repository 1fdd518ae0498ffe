"""Who may fire a lifecycle's events: roles, not people.

``customer`` (the renter or buyer), ``seller``, ``admin`` and ``system`` (payment notifications,
schedulers). Whether a given user holds the role for a given deal is the service layer's question;
a lifecycle's table only says which role may do what.
"""

from __future__ import annotations

import enum


class Actor(enum.StrEnum):
    """The roles that fire lifecycle events."""

    CUSTOMER = "customer"
    SELLER = "seller"
    ADMIN = "admin"
    SYSTEM = "system"


CUSTOMER, SELLER, ADMIN, SYSTEM = Actor.CUSTOMER, Actor.SELLER, Actor.ADMIN, Actor.SYSTEM
