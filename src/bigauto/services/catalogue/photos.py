"""Photo use cases: the owner uploads, orders, picks the cover of, and removes photos.

Uploads are checked before anything is stored (size, then type sniffed from the bytes, then the
per-vehicle limit) and stored outside the database transaction; if recording the photo then
fails, the stored file is deleted again, so storage never keeps a photo nobody can see.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

from bigauto.domain.catalogue.media import arrange, check_upload, without
from bigauto.domain.catalogue.vehicles import Photo
from bigauto.domain.shared.errors import NotFound, ServiceUnavailable
from bigauto.ports.unit_of_work import UnitOfWork
from bigauto.services.catalogue.context import Catalogue
from bigauto.services.catalogue.listings import owned_vehicle


async def _owned_photos(uow: UnitOfWork, vehicle_id: str, user_id: str) -> Sequence[Photo]:
    """The photos of ``user_id``'s listing ``vehicle_id``, in order (see ``owned_vehicle``)."""
    await owned_vehicle(uow, vehicle_id, user_id)
    return await uow.photos.of_vehicle(vehicle_id)


async def add_photo(ctx: Catalogue, *, user_id: str, vehicle_id: str, data: bytes) -> Photo:
    """Store ``data`` as the next photo of the owner's listing (the first becomes the cover)."""
    async with ctx.uow_factory() as uow:
        existing = await _owned_photos(uow, vehicle_id, user_id)
        content_type = check_upload(data, photos_so_far=len(existing))
    stored = await ctx.media.store(data, content_type=content_type, folder=f"vehicles/{vehicle_id}")
    try:
        async with ctx.uow_factory() as uow:
            existing = await _owned_photos(uow, vehicle_id, user_id)
            # Checked again: another upload may have taken the last free place meanwhile.
            check_upload(data, photos_so_far=len(existing))
            photo = Photo(
                id=ctx.ids.new_id(),
                vehicle_id=vehicle_id,
                key=stored.key,
                url=stored.url,
                thumbnail=stored.thumbnail,
                content_type=content_type,
                size=len(data),
                position=len(existing),
                is_cover=not existing,
                created_at=ctx.clock.now(),
            )
            await uow.photos.add(photo)
            await uow.commit()
    except BaseException:
        await ctx.media.delete(stored.key)
        raise
    return photo


async def arrange_photo(
    ctx: Catalogue,
    *,
    user_id: str,
    vehicle_id: str,
    photo_id: str,
    position: int | None = None,
    is_cover: bool | None = None,
) -> Sequence[Photo]:
    """Move a photo and/or make it the cover; answer all the listing's photos in order."""
    async with ctx.uow_factory() as uow:
        photos = await _owned_photos(uow, vehicle_id, user_id)
        arranged = arrange(photos, photo_id, position=position, is_cover=is_cover)
        await uow.photos.save_order(arranged)
        await uow.commit()
    return arranged


async def delete_photo(ctx: Catalogue, *, user_id: str, vehicle_id: str, photo_id: str) -> None:
    """Remove a photo of the owner's listing; the others close ranks and keep a cover."""
    async with ctx.uow_factory() as uow:
        photos = await _owned_photos(uow, vehicle_id, user_id)
        gone = next((p for p in photos if p.id == photo_id), None)
        if gone is None:
            raise NotFound(f"no photo {photo_id} on vehicle {vehicle_id}", details={"id": photo_id})
        remaining = without(photos, photo_id)
        await uow.photos.remove(photo_id)
        await uow.photos.save_order(remaining)
        await uow.commit()
    # The photo is gone from the listing; an orphaned file, should storage be down, harms no one.
    with contextlib.suppress(ServiceUnavailable):
        await ctx.media.delete(gone.key)


__all__ = ["add_photo", "arrange_photo", "delete_photo"]
