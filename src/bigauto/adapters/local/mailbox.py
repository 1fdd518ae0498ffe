"""The embedded email sender: each message becomes one JSON file under ``var/mailbox/``.

A file holds ``to, subject, text, html, created_at`` (plus the idempotency key). Its name is
``<nanoseconds written>-<digest of the idempotency key>.json``: names sort in the order the
emails were sent, and sending with a key already used finds that file and writes nothing, as
Resend answers a repeated key with the first email.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any

import structlog

from bigauto.ports.shared.external import EmailMessage
from bigauto.ports.shared.system import Clock

log = structlog.get_logger(__name__)


class FileMailbox:
    """The ``EmailSender`` port writing files, for development, demos and tests."""

    def __init__(self, directory: Path, clock: Clock) -> None:
        self.directory = directory
        self._clock = clock

    async def send(self, message: EmailMessage, *, idempotency_key: str) -> str:
        key = hashlib.sha256(idempotency_key.encode()).hexdigest()[:32]
        document = {
            "id": key,
            "to": message.to,
            "subject": message.subject,
            "text": message.text,
            "html": message.html,
            "created_at": self._clock.now().isoformat(),
            "idempotency_key": idempotency_key,
        }
        path = await asyncio.to_thread(self._write, key, document)
        log.info(
            "email written to the mailbox", to=message.to, subject=message.subject, file=str(path)
        )
        return key

    def _write(self, key: str, document: dict[str, Any]) -> Path:
        self.directory.mkdir(parents=True, exist_ok=True)
        existing = next(self.directory.glob(f"*-{key}.json"), None)
        if existing is not None:
            return existing
        path = self.directory / f"{time.time_ns():020d}-{key}.json"
        # Write then rename, so a reader never sees half a message.
        partial = path.with_suffix(".tmp")
        partial.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(partial, path)
        return path

    def messages(self) -> list[dict[str, Any]]:
        """Every message in the mailbox, in the order they were sent."""
        if not self.directory.exists():
            return []
        return [
            json.loads(path.read_text(encoding="utf-8"))
            for path in sorted(self.directory.glob("*.json"))
        ]


__all__ = ["FileMailbox"]
