"""Photos of a listing: upload (multipart field ``file``), reorder / pick the cover, delete.

``POST /api/vehicles/{id}/photos`` → 201 ``{id, url, thumbnail, position, is_cover}``: the type
is sniffed from the bytes (JPEG, PNG, WebP; else 415), at most 10 MB (413), at most 20 photos
(422). ``PATCH /api/vehicles/{id}/photos/{photo_id}`` takes ``{position?, is_cover?}`` and
answers every photo in order; ``DELETE`` removes one (204).
"""

from __future__ import annotations

from typing import Any

import attrs
from litestar import Controller, Request, delete, patch, post
from litestar.datastructures import State

from bigauto.entrypoints.http.auth import SELLER, Principal
from bigauto.entrypoints.http.catalogue.views import photo_json
from bigauto.entrypoints.http.codec import decode, fields_of
from bigauto.entrypoints.http.uploads import uploaded_file
from bigauto.services.catalogue.photos import add_photo, arrange_photo, delete_photo


@attrs.frozen
class ArrangePhotoBody:
    position: int | None = None
    is_cover: bool | None = None


class PhotoController(Controller):
    """The owner's photos of a listing."""

    path = "/api/vehicles/{vehicle_id:str}/photos"
    tags = ["catalogue"]
    dependencies = {"principal": SELLER}

    @post("", operation_id="uploadVehiclePhoto", summary="Upload a photo (multipart, field `file`)")
    async def upload(
        self, request: Request[Any, Any, Any], state: State, vehicle_id: str, principal: Principal
    ) -> dict[str, Any]:
        upload = await uploaded_file(request, "upload a photo as multipart/form-data, field `file`")
        data = await upload.read()
        photo = await add_photo(
            state.container.catalogue(),
            user_id=principal.user_id,
            vehicle_id=vehicle_id,
            data=data,
        )
        return photo_json(photo)

    @patch(
        "/{photo_id:str}",
        operation_id="arrangeVehiclePhoto",
        summary="Move a photo ({position}) and/or make it the cover ({is_cover: true})",
    )
    async def arrange(
        self, body: bytes, state: State, vehicle_id: str, photo_id: str, principal: Principal
    ) -> dict[str, Any]:
        photos = await arrange_photo(
            state.container.catalogue(),
            user_id=principal.user_id,
            vehicle_id=vehicle_id,
            photo_id=photo_id,
            **fields_of(decode(body, ArrangePhotoBody)),
        )
        return {"data": [photo_json(p) for p in photos]}

    @delete("/{photo_id:str}", operation_id="deleteVehiclePhoto", summary="Delete a photo")
    async def remove(
        self, state: State, vehicle_id: str, photo_id: str, principal: Principal
    ) -> None:
        await delete_photo(
            state.container.catalogue(),
            user_id=principal.user_id,
            vehicle_id=vehicle_id,
            photo_id=photo_id,
        )


__all__ = ["PhotoController"]
