"""The names of the catalogue's domain events (wire names, see ``bookings.events``)."""

from __future__ import annotations

import enum


class VehicleEvents(enum.StrEnum):
    """What a listing announces."""

    LISTED = "vehicle.listed"
    UPDATED = "vehicle.updated"
    DELETED = "vehicle.deleted"


__all__ = ["VehicleEvents"]
