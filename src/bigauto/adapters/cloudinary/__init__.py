"""Photos on Cloudinary: signed uploads and deletions over its REST API."""

from bigauto.adapters.cloudinary.media import (
    CloudinaryCredentials,
    CloudinaryMediaStorage,
    parse_cloudinary_url,
    sign,
    thumbnail_url,
)

__all__ = [
    "CloudinaryCredentials",
    "CloudinaryMediaStorage",
    "parse_cloudinary_url",
    "sign",
    "thumbnail_url",
]
