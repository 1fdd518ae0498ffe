"""The names of the catalogue context's domain events (wire names: see ``domain.bookings.events``).

>>> VehicleEvents.LISTED
'vehicle.listed'
"""

from __future__ import annotations

from typing import Final


class VehicleEvents:
    """What a listing announces."""

    LISTED: Final = "vehicle.listed"
    UPDATED: Final = "vehicle.updated"
    DELETED: Final = "vehicle.deleted"


__all__ = ["VehicleEvents"]
