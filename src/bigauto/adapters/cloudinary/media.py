"""``MediaStorage`` on Cloudinary: signed upload and destroy through the REST API (httpx).

A request is signed as Cloudinary documents it: every parameter sent except ``file``,
``cloud_name``, ``resource_type`` and ``api_key``, sorted by name, joined as ``k=v`` with ``&``,
followed by the API secret, hashed with SHA-1 (hex). Cloudinary's own documented example:

    >>> sign({"timestamp": "1315060510", "public_id": "sample_image",
    ...       "eager": "w_400,h_300,c_pad|w_260,h_200,c_crop"}, "abcd")
    'bfd09f95f331f558cbd1320e67aa8d488770583e'

The thumbnail is the delivered URL with a transformation inserted after ``/upload/``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from urllib.parse import urlsplit

import attrs
import httpx

from bigauto.domain.catalogue.media import EXTENSIONS
from bigauto.domain.shared.errors import ServiceUnavailable
from bigauto.ports.shared.external import StoredMedia
from bigauto.ports.shared.system import Clock

DEFAULT_API_BASE = "https://api.cloudinary.com"
THUMBNAIL_TRANSFORMATION = "c_fill,w_400,h_300,q_auto,f_auto"
_UNSIGNED = frozenset({"file", "cloud_name", "resource_type", "api_key"})


@attrs.frozen
class CloudinaryCredentials:
    """The account to upload to."""

    cloud_name: str
    api_key: str
    api_secret: str = attrs.field(repr=False)


def parse_cloudinary_url(url: str) -> CloudinaryCredentials:
    """``cloudinary://<api_key>:<api_secret>@<cloud_name>`` as credentials."""
    parts = urlsplit(url)
    if parts.scheme != "cloudinary" or not parts.username or not parts.password:
        raise ValueError("CLOUDINARY_URL looks like cloudinary://<key>:<secret>@<cloud_name>")
    return CloudinaryCredentials(parts.hostname or "", parts.username, parts.password)


def sign(params: Mapping[str, str], api_secret: str) -> str:
    """The SHA-1 signature of ``params`` (see the module docstring)."""
    signed = sorted((k, v) for k, v in params.items() if k not in _UNSIGNED and v != "")
    payload = "&".join(f"{k}={v}" for k, v in signed) + api_secret
    return hashlib.sha1(payload.encode()).hexdigest()


def thumbnail_url(url: str, transformation: str = THUMBNAIL_TRANSFORMATION) -> str:
    """``url`` delivered through ``transformation`` (inserted after ``/upload/``)."""
    head, marker, tail = url.partition("/upload/")
    return f"{head}{marker}{transformation}/{tail}" if marker else url


class CloudinaryMediaStorage:
    """Uploads to ``{api_base}/v1_1/{cloud}/image/upload``; keys are Cloudinary public ids."""

    def __init__(
        self,
        credentials: CloudinaryCredentials,
        clock: Clock,
        *,
        api_base: str = DEFAULT_API_BASE,
        client: httpx.AsyncClient | None = None,
        timeout: float = 30.0,
    ) -> None:
        self._credentials = credentials
        self._clock = clock
        self._base = f"{api_base.rstrip('/')}/v1_1/{credentials.cloud_name}/image"
        self._client = client
        self._owns_client = client is None
        self._timeout = timeout

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self._timeout)
        return self._client

    def _signed(self, params: dict[str, str]) -> dict[str, str]:
        params["timestamp"] = str(int(self._clock.now().timestamp()))
        params["signature"] = sign(params, self._credentials.api_secret)
        params["api_key"] = self._credentials.api_key
        return params

    async def _post(self, action: str, **kwargs: object) -> dict[str, object]:
        try:
            response = await self._http().post(f"{self._base}/{action}", **kwargs)  # type: ignore[arg-type]
        except httpx.HTTPError as error:
            raise ServiceUnavailable(
                f"Cloudinary cannot be reached: {type(error).__name__}",
                details={"service": "cloudinary"},
            ) from None
        if response.status_code != 200:
            try:
                message = response.json()["error"]["message"]
            except (ValueError, KeyError, TypeError):
                message = response.text[:200]
            raise ServiceUnavailable(
                f"Cloudinary refused the {action}: {response.status_code} {message}",
                details={"service": "cloudinary", "status": response.status_code},
            )
        body: dict[str, object] = response.json()
        return body

    async def store(self, data: bytes, *, content_type: str, folder: str) -> StoredMedia:
        params = self._signed({"folder": folder})
        name = f"photo.{EXTENSIONS.get(content_type, 'bin')}"
        body = await self._post("upload", data=params, files={"file": (name, data, content_type)})
        url = str(body.get("secure_url") or body.get("url") or "")
        return StoredMedia(key=str(body["public_id"]), url=url, thumbnail=thumbnail_url(url))

    async def delete(self, key: str) -> None:
        # Cloudinary answers {"result": "not found"} for a public id already gone: fine by us.
        await self._post("destroy", data=self._signed({"public_id": key, "invalidate": "true"}))

    async def aclose(self) -> None:
        if self._owns_client and self._client is not None:
            await self._client.aclose()
            self._client = None


__all__ = [
    "DEFAULT_API_BASE",
    "THUMBNAIL_TRANSFORMATION",
    "CloudinaryCredentials",
    "CloudinaryMediaStorage",
    "parse_cloudinary_url",
    "sign",
    "thumbnail_url",
]
