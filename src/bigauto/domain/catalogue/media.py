"""Photo uploads: what we accept (sniffed from the bytes, see ``shared.uploads``), how much,
and the order of a vehicle's photos."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from bigauto.domain.catalogue.vehicles import Photo
from bigauto.domain.shared.errors import NotFound, PayloadTooLarge, ValidationFailed
from bigauto.domain.shared.uploads import EXTENSIONS, sniff_image, sniffed_type

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PHOTOS_PER_VEHICLE = 20
ACCEPTED_TYPES = ("image/jpeg", "image/png", "image/webp")


def check_upload(data: bytes, *, photos_so_far: int) -> str:
    """The sniffed content type of an acceptable upload; else 413, 415 or 422 as fits."""
    if len(data) > MAX_PHOTO_BYTES:
        raise PayloadTooLarge(
            f"a photo is at most {MAX_PHOTO_BYTES // (1024 * 1024)} MB; this one is "
            f"{len(data)} bytes",
            details={"size": len(data), "max_size": MAX_PHOTO_BYTES},
        )
    content_type = sniffed_type(
        data,
        sniff_image,
        accepted=ACCEPTED_TYPES,
        refusal="a photo must be a JPEG, PNG or WebP image",
    )
    if photos_so_far >= MAX_PHOTOS_PER_VEHICLE:
        raise ValidationFailed(
            f"a vehicle has at most {MAX_PHOTOS_PER_VEHICLE} photos",
            details={"max_photos": MAX_PHOTOS_PER_VEHICLE},
        )
    return content_type


def _renumbered(photos: Sequence[Photo], cover_id: str | None) -> list[Photo]:
    """Positions 0..n-1 in the given order; exactly one cover (the first, failing any other)."""
    if not photos:
        return []
    if cover_id is None or all(p.id != cover_id for p in photos):
        cover_id = photos[0].id
    return [attrs.evolve(p, position=i, is_cover=p.id == cover_id) for i, p in enumerate(photos)]


def ordered(photos: Sequence[Photo]) -> list[Photo]:
    """Photos in their display order (position, then age); the cover keeps its flag."""
    return sorted(photos, key=lambda p: (p.position, p.created_at, p.id))


def arrange(
    photos: Sequence[Photo],
    photo_id: str,
    *,
    position: int | None = None,
    is_cover: bool | None = None,
) -> list[Photo]:
    """The photos after moving ``photo_id`` to ``position`` and/or making it the cover.

    Positions are renumbered 0..n-1 and exactly one photo is the cover. A position past the end
    moves the photo last. Un-covering the cover hands the role to the first other photo.
    """
    current = ordered(photos)
    moving = next((p for p in current if p.id == photo_id), None)
    if moving is None:
        raise NotFound(f"no photo {photo_id}", details={"photo_id": photo_id})
    if position is not None and position < 0:
        raise ValidationFailed("position must be 0 or more", details={"field": "position"})
    cover = next((p.id for p in current if p.is_cover), None)
    if is_cover is True:
        cover = photo_id
    elif is_cover is False and cover == photo_id:
        cover = next((p.id for p in current if p.id != photo_id), photo_id)
    if position is not None:
        rest = [p for p in current if p.id != photo_id]
        rest.insert(min(position, len(rest)), moving)
        current = rest
    return _renumbered(current, cover)


def without(photos: Sequence[Photo], photo_id: str) -> list[Photo]:
    """The photos left after removing ``photo_id``, renumbered, with a cover if any remain."""
    current = ordered(photos)
    if all(p.id != photo_id for p in current):
        raise NotFound(f"no photo {photo_id}", details={"photo_id": photo_id})
    cover = next((p.id for p in current if p.is_cover and p.id != photo_id), None)
    return _renumbered([p for p in current if p.id != photo_id], cover)


__all__ = [
    "ACCEPTED_TYPES",
    "EXTENSIONS",
    "MAX_PHOTOS_PER_VEHICLE",
    "MAX_PHOTO_BYTES",
    "arrange",
    "check_upload",
    "ordered",
    "sniff_image",
    "without",
]
