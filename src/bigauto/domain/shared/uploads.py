"""Uploaded files: what their bytes say they are, whoever receives them (photos, attachments).

The content type is read from the file's magic bytes, never from its name or the client's
header: a ``.jpg`` that is really HTML is refused.

>>> sniff_image(b"\\x89PNG\\r\\n\\x1a\\n" + bytes(8))
'image/png'
>>> sniff_image(b"<html>") is None
True
>>> sniff_attachment(b"%PDF-1.7\\n")
'application/pdf'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bigauto.domain.shared.errors import UnsupportedMediaType, ValidationFailed

#: The file name extension to store each accepted type under.
EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "application/pdf": "pdf",
}


def sniff_image(data: bytes) -> str | None:
    """The image type the bytes start with (JPEG, PNG or WebP), or None for anything else."""
    if data[:3] == b"\xff\xd8\xff":
        return "image/jpeg"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "image/png"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def sniff_attachment(data: bytes) -> str | None:
    """An image as :func:`sniff_image` says, or a PDF (``%PDF-``); None for anything else."""
    if data[:5] == b"%PDF-":
        return "application/pdf"
    return sniff_image(data)


def sniffed_type(
    data: bytes,
    sniff: Callable[[bytes], str | None],
    *,
    accepted: Sequence[str],
    refusal: str,
) -> str:
    """The type ``sniff`` reads in ``data``; ValidationFailed (422) for an empty file and
    UnsupportedMediaType (415, saying ``refusal`` and the ``accepted`` types) for the rest.

    Callers check the size first: a file too large is refused (413) before it is read.
    """
    if not data:
        raise ValidationFailed("the file is empty", details={"field": "file"})
    content_type = sniff(data)
    if content_type is None:
        raise UnsupportedMediaType(refusal, details={"accepted": list(accepted)})
    return content_type


__all__ = ["EXTENSIONS", "sniff_attachment", "sniff_image", "sniffed_type"]
