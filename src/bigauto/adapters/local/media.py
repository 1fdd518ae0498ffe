"""Photos on local disk (the embedded default), served by the app under ``/media``.

Files live under ``root`` (``var/media`` by default) as ``<folder>/<random>.<ext>``. A thumbnail
(at most 400×300, JPEG) is made with Pillow when it is installed (``pip install
bigauto[images]``); without it the thumbnail URL is the photo itself, which browsers scale.
"""

from __future__ import annotations

import asyncio
import io
import re
import secrets
from pathlib import Path

from bigauto.domain.catalogue.media import EXTENSIONS
from bigauto.domain.shared.errors import ValidationFailed
from bigauto.ports.shared.external import StoredMedia

THUMBNAIL_SIZE = (400, 300)
_SEGMENT = re.compile(r"[A-Za-z0-9_-]{1,64}")


def make_thumbnail(data: bytes) -> bytes | None:
    """A JPEG thumbnail of image ``data``, or None when Pillow is not installed or fails."""
    try:
        from PIL import Image
    except ImportError:
        return None
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.thumbnail(THUMBNAIL_SIZE)
            out = io.BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=80)
            return out.getvalue()
    except Exception:  # a picture Pillow cannot read still gets stored, unthumbnailed
        return None


def _check_folder(folder: str) -> str:
    parts = folder.split("/")
    if not all(_SEGMENT.fullmatch(part) for part in parts):
        raise ValidationFailed(f"not a storage folder: {folder!r}")
    return folder


class LocalMediaStorage:
    """``MediaStorage`` on a directory; URLs are ``{base_url}/{key}``."""

    def __init__(self, root: Path, base_url: str = "/media") -> None:
        self.root = Path(root)
        self.base_url = base_url.rstrip("/")

    def path_of(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise ValidationFailed(f"not a media key: {key!r}")
        return path

    def _thumb_key(self, key: str) -> str:
        return key.rsplit(".", 1)[0] + "_thumb.jpg"

    def _write(self, key: str, data: bytes) -> None:
        path = self.path_of(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    async def store(self, data: bytes, *, content_type: str, folder: str) -> StoredMedia:
        extension = EXTENSIONS.get(content_type)
        if extension is None:
            raise ValidationFailed(f"cannot store {content_type!r}")
        key = f"{_check_folder(folder)}/{secrets.token_hex(12)}.{extension}"
        await asyncio.to_thread(self._write, key, data)
        url = f"{self.base_url}/{key}"
        thumbnail = await asyncio.to_thread(make_thumbnail, data)
        if thumbnail is None:
            return StoredMedia(key=key, url=url, thumbnail=url)
        thumb_key = self._thumb_key(key)
        await asyncio.to_thread(self._write, thumb_key, thumbnail)
        return StoredMedia(key=key, url=url, thumbnail=f"{self.base_url}/{thumb_key}")

    async def delete(self, key: str) -> None:
        def remove() -> None:
            for name in (key, self._thumb_key(key)):
                self.path_of(name).unlink(missing_ok=True)

        await asyncio.to_thread(remove)


__all__ = ["THUMBNAIL_SIZE", "LocalMediaStorage", "make_thumbnail"]
