"""Files sent as ``multipart/form-data`` in the field ``file``: listing photos, chat attachments.

What the bytes really are (JPEG, PNG, WebP, PDF) is sniffed by the service; here only the
envelope is checked: 415 when the body is not multipart, 422 when the field is missing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Request
from litestar.datastructures import UploadFile

from bigauto.domain.shared.errors import UnsupportedMediaType, ValidationFailed


async def uploaded_file(request: Request[Any, Any, Any], how: str) -> UploadFile:
    """The request's ``file`` field; ``how`` tells a client that sent something else."""
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise UnsupportedMediaType(how)
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise ValidationFailed("the multipart field `file` is required", details={"field": "file"})
    return upload


def multipart_only(how: str) -> Callable[[Request[Any, Any, Any]], Awaitable[None]]:
    """A ``before_request`` hook for an upload route whose handler takes the multipart body as
    ``data``: 415 (saying ``how``) before Litestar would read another body as an empty form,
    and 422 naming ``file`` when the field is missing."""

    async def check(request: Request[Any, Any, Any]) -> None:
        await uploaded_file(request, how)

    return check


__all__ = ["multipart_only", "uploaded_file"]
