"""Files sent as ``multipart/form-data`` in the field ``file``: listing photos, chat attachments.

What the bytes really are (JPEG, PNG, WebP, PDF) is sniffed by the service; here only the
envelope is checked: 415 when the body is not multipart, 422 when the field is missing.
"""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.datastructures import UploadFile

from bigauto.domain.shared.errors import UnsupportedMediaType
from bigauto.entrypoints.http.codec import RequestInvalid


async def uploaded_file(request: Request[Any, Any, Any], how: str) -> UploadFile:
    """The request's ``file`` field; ``how`` tells a client that sent something else."""
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise UnsupportedMediaType(how)
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise RequestInvalid("the multipart field `file` is required", details={"field": "file"})
    return upload


__all__ = ["uploaded_file"]
