"""Ports to outside services; later issues give each its real adapters."""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

import attrs

# Presence has a module of its own now; the old import path keeps working.


@attrs.frozen
class EmailMessage:
    to: str
    subject: str
    text: str
    html: str


class EmailSender(Protocol):
    async def send(self, message: EmailMessage, *, idempotency_key: str) -> str:
        """Send and answer the provider's message id."""


@attrs.frozen
class StoredMedia:
    """Where a stored file lives: the storage's own ``key``, a public URL and a thumbnail URL."""

    key: str
    url: str
    thumbnail: str


class MediaStorage(Protocol):
    """Keeps uploaded photos (local disk by default, Cloudinary when configured)."""

    async def store(self, data: bytes, *, content_type: str, folder: str) -> StoredMedia:
        """Store already-checked image bytes under ``folder``; ServiceUnavailable if down."""

    async def delete(self, key: str) -> None:
        """Remove a stored file; deleting one that is already gone is not an error."""


@attrs.frozen
class Coordinates:
    """A point on Earth, in degrees (six decimals are about 10 cm)."""

    latitude: Decimal
    longitude: Decimal


class Geocoder(Protocol):
    """Turns a free-text address into coordinates."""

    async def geocode(self, address: str, *, city: str | None = None) -> Coordinates | None:
        """Coordinates of ``address`` (in ``city`` when given), or None when not found."""
