"""Ports to outside services; later issues give each its real adapters."""

from __future__ import annotations

from typing import Protocol

import attrs

# Presence has a module of its own now; the old import path keeps working.
from bigauto.ports.presence import PresenceStore as PresenceStore


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
    key: str
    url: str
    thumbnail: str


class MediaStorage(Protocol):
    async def store(self, data: bytes, *, content_type: str, folder: str) -> StoredMedia: ...

    async def delete(self, key: str) -> None: ...


@attrs.frozen
class Coordinates:
    latitude: str
    longitude: str


class Geocoder(Protocol):
    async def geocode(self, address: str) -> Coordinates | None: ...
