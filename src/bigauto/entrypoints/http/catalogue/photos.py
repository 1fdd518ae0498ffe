"""Photos of a listing: upload (multipart field ``file``), reorder / pick the cover, delete.

``POST /api/vehicles/{id}/photos`` → 201 ``{id, url, thumbnail, position, is_cover}``: the type
is sniffed from the bytes (JPEG, PNG, WebP; else 415), at most 10 MB (413), at most 20 photos
(422); a body that is not ``multipart/form-data`` is a 415, one without ``file`` a 422.
``PATCH /api/vehicles/{id}/photos/{photo_id}`` takes ``{position?, is_cover?}`` and answers
every photo in order; ``DELETE`` removes one (204).
"""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, delete, patch, post
from litestar.datastructures import State, UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body as BodyOf
from litestar.params import JSONBody

from bigauto.domain.catalogue.media import MAX_PHOTOS_PER_VEHICLE
from bigauto.entrypoints.http.auth import SELLER, Caller
from bigauto.entrypoints.http.catalogue.views import (
    VehiclePhoto,
    VehiclePhotos,
    photo_view,
)
from bigauto.entrypoints.http.contract import Body, PathId, shown
from bigauto.entrypoints.http.uploads import multipart_only
from bigauto.services.catalogue.photos import add_photo, arrange_photo, delete_photo

_HOW = "upload a photo as multipart/form-data, field `file`"


class PhotoUpload(msgspec.Struct):
    """The multipart form of an upload (other form fields are ignored)."""

    file: Annotated[
        UploadFile, msgspec.Meta(description="A JPEG, PNG or WebP image, 10 MB at most")
    ]


_Position = Annotated[
    int, msgspec.Meta(ge=0, le=MAX_PHOTOS_PER_VEHICLE - 1, description="0 is first")
]


class ArrangePhotoBody(Body):
    """Where a photo goes (0 is first) and/or whether it is the cover."""

    position: Annotated[_Position, shown(_Position)] | None = None
    is_cover: bool | None = None


class PhotoController(Controller):
    """The owner's photos of a listing."""

    path = "/api/vehicles/{vehicle_id:str}/photos"
    tags = ["catalogue"]
    dependencies = {"principal": SELLER}

    @post(
        "",
        operation_id="uploadVehiclePhoto",
        summary="Upload a photo (multipart, field `file`)",
        before_request=multipart_only(_HOW),
    )
    async def upload(
        self,
        data: Annotated[PhotoUpload, BodyOf(media_type=RequestEncodingType.MULTI_PART)],
        state: State,
        vehicle_id: PathId,
        principal: Caller,
    ) -> VehiclePhoto:
        photo = await add_photo(
            state.container.catalogue(),
            user_id=principal.user_id,
            vehicle_id=vehicle_id,
            data=await data.file.read(),
        )
        return photo_view(photo)

    @patch(
        "/{photo_id:str}",
        operation_id="arrangeVehiclePhoto",
        summary="Move a photo ({position}) and/or make it the cover ({is_cover: true})",
    )
    async def arrange(
        self,
        data: JSONBody[ArrangePhotoBody],
        state: State,
        vehicle_id: PathId,
        photo_id: PathId,
        principal: Caller,
    ) -> VehiclePhotos:
        photos = await arrange_photo(
            state.container.catalogue(),
            user_id=principal.user_id,
            vehicle_id=vehicle_id,
            photo_id=photo_id,
            position=data.position,
            is_cover=data.is_cover,
        )
        return VehiclePhotos(data=[photo_view(p) for p in photos])

    @delete("/{photo_id:str}", operation_id="deleteVehiclePhoto", summary="Delete a photo")
    async def remove(
        self, state: State, vehicle_id: PathId, photo_id: PathId, principal: Caller
    ) -> None:
        await delete_photo(
            state.container.catalogue(),
            user_id=principal.user_id,
            vehicle_id=vehicle_id,
            photo_id=photo_id,
        )


__all__ = ["PhotoController", "multipart_only"]
