"""The embedded email sender: each message becomes one JSON file under ``var/mailbox/``.

A file holds ``to, subject, text, html, created_at`` (plus the idempotency key). Its name is
derived from the idempotency key, so sending the same message again rewrites the same file
instead of adding a second one, as Resend answers a repeated key with the first email.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
from pathlib import Path
from typing import Any

from bigauto.ports.external import EmailMessage
from bigauto.ports.system import Clock

log = logging.getLogger(__name__)


class FileMailbox:
    """The ``EmailSender`` port writing files, for development, demos and tests."""

    def __init__(self, directory: Path, clock: Clock) -> None:
        self.directory = directory
        self._clock = clock

    def _path(self, idempotency_key: str) -> Path:
        name = hashlib.sha256(idempotency_key.encode()).hexdigest()[:32]
        return self.directory / f"{name}.json"

    async def send(self, message: EmailMessage, *, idempotency_key: str) -> str:
        path = self._path(idempotency_key)
        document = {
            "id": path.stem,
            "to": message.to,
            "subject": message.subject,
            "text": message.text,
            "html": message.html,
            "created_at": self._clock.now().isoformat(),
            "idempotency_key": idempotency_key,
        }
        written = await asyncio.to_thread(self._write, path, document)
        log.info(
            "email written to the mailbox",
            extra={"to": message.to, "subject": message.subject, "file": str(path)},
        )
        return str(written["id"])

    def _write(self, path: Path, document: dict[str, Any]) -> dict[str, Any]:
        self.directory.mkdir(parents=True, exist_ok=True)
        if path.exists():
            previous: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            return previous
        # Write then rename, so a reader never sees half a message.
        partial = path.with_suffix(".tmp")
        partial.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(partial, path)
        return document

    def messages(self) -> list[dict[str, Any]]:
        """Every message in the mailbox, oldest first (by ``created_at``, then name)."""
        if not self.directory.exists():
            return []
        found = [
            json.loads(path.read_text(encoding="utf-8")) for path in self.directory.glob("*.json")
        ]
        return sorted(found, key=lambda m: (m["created_at"], m["id"]))


__all__ = ["FileMailbox"]
