"""HTTP: photo uploads (sniffed, bounded), their order and cover, and deletion."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from tests.http.catalogue_support import JPEG, PNG, WEBP, rental_body, seed_master

from bigauto.domain.catalogue.media import MAX_PHOTO_BYTES, MAX_PHOTOS_PER_VEHICLE

Client = AsyncTestClient[Litestar]


@pytest.fixture
async def listing(
    client: Client, app: Litestar, make_user: Callable[..., Awaitable[Any]]
) -> tuple[str, dict[str, str]]:
    """A rental listing and its owner's headers."""
    await seed_master(app)
    _, headers = await make_user(seller=True)
    created = await client.post("/api/vehicles", json=rental_body(), headers=headers)
    return created.json()["id"], headers


async def upload(
    client: Client, vehicle_id: str, headers: dict[str, str], data: bytes, name: str = "car.jpg"
) -> Any:
    return await client.post(
        f"/api/vehicles/{vehicle_id}/photos",
        files={"file": (name, data, "image/jpeg")},
        headers=headers,
    )


@pytest.mark.parametrize("data", [JPEG, PNG, WEBP])
async def test_an_image_upload_is_stored_and_served(
    client: Client, listing: tuple[str, dict[str, str]], data: bytes
) -> None:
    """JPEG, PNG and WebP bytes answer 201 with URLs the app serves back byte for byte."""
    vehicle_id, headers = listing

    response = await upload(client, vehicle_id, headers, data, name="whatever.txt")

    assert response.status_code == 201, response.text
    photo = response.json()
    assert set(photo) == {"id", "url", "thumbnail", "position", "is_cover"}
    assert (photo["position"], photo["is_cover"]) == (0, True)
    served = await client.get(photo["url"])
    assert served.status_code == 200 and served.content == data
    assert (await client.get(photo["thumbnail"])).status_code == 200


@pytest.mark.parametrize(
    ("data", "status", "code"),
    [
        (b"<html><body>not a car</body></html>", 415, "UNSUPPORTED_MEDIA_TYPE"),
        (b"GIF89a" + bytes(32), 415, "UNSUPPORTED_MEDIA_TYPE"),
        (b"", 422, "VALIDATION_ERROR"),
        (b"\xff\xd8\xff" + bytes(MAX_PHOTO_BYTES), 413, "PAYLOAD_TOO_LARGE"),
    ],
)
async def test_a_bad_file_is_refused_with_the_fitting_status(
    client: Client, listing: tuple[str, dict[str, str]], data: bytes, status: int, code: str
) -> None:
    """Not an accepted image: 415; empty: 422; over 10 MB: 413 — and nothing is stored."""
    vehicle_id, headers = listing

    response = await upload(client, vehicle_id, headers, data)

    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code
    listed = await client.get(f"/api/vehicles/{vehicle_id}")
    assert listed.json()["photos"] == []


async def test_an_upload_must_be_multipart_with_a_file_field(
    client: Client, listing: tuple[str, dict[str, str]]
) -> None:
    """A JSON body is a 415; a multipart body without `file` is a 422."""
    vehicle_id, headers = listing
    path = f"/api/vehicles/{vehicle_id}/photos"

    as_json = await client.post(path, json={"file": "abc"}, headers=headers)
    wrong_field = await client.post(
        path, files={"photo": ("a.png", PNG, "image/png")}, headers=headers
    )

    assert as_json.status_code == 415
    assert as_json.json()["error"]["code"] == "UNSUPPORTED_MEDIA_TYPE"
    assert wrong_field.status_code == 422
    assert wrong_field.json()["error"]["details"]["errors"][0]["field"] == "file"


async def test_the_upload_is_documented_as_a_multipart_file(client: Client) -> None:
    """/docs/openapi.json shows the upload's body: multipart/form-data with a binary `file`."""
    document = (await client.get("/docs/openapi.json")).json()
    operation = document["paths"]["/api/vehicles/{vehicle_id}/photos"]["post"]
    schema = operation["requestBody"]["content"]["multipart/form-data"]["schema"]
    form = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]

    assert form["required"] == ["file"]
    assert form["properties"]["file"]["format"] == "binary"
    assert {"413", "415", "422"} <= set(operation["responses"])


async def test_a_vehicle_holds_at_most_twenty_photos(
    client: Client, listing: tuple[str, dict[str, str]]
) -> None:
    """The 21st upload is refused with 422."""
    vehicle_id, headers = listing
    for _ in range(MAX_PHOTOS_PER_VEHICLE):
        assert (await upload(client, vehicle_id, headers, PNG)).status_code == 201

    response = await upload(client, vehicle_id, headers, PNG)

    assert response.status_code == 422
    assert response.json()["error"]["details"]["max_photos"] == MAX_PHOTOS_PER_VEHICLE


async def test_only_the_owner_manages_photos(
    client: Client, listing: tuple[str, dict[str, str]], make_user: Callable[..., Awaitable[Any]]
) -> None:
    """Another seller cannot upload (403), reorder (403) or delete (403) the owner's photos."""
    vehicle_id, headers = listing
    _, other = await make_user(seller=True)
    photo = (await upload(client, vehicle_id, headers, PNG)).json()
    path = f"/api/vehicles/{vehicle_id}/photos/{photo['id']}"

    assert (await upload(client, vehicle_id, other, PNG)).status_code == 403
    assert (await client.patch(path, json={"position": 0}, headers=other)).status_code == 403
    assert (await client.delete(path, headers=other)).status_code == 403
    assert (await upload(client, "no-such-vehicle", headers, PNG)).status_code == 404


async def test_photos_are_reordered_and_the_cover_moves(
    client: Client, listing: tuple[str, dict[str, str]]
) -> None:
    """PATCH moves a photo and picks the cover; search hits list the cover first."""
    vehicle_id, headers = listing
    ids = [(await upload(client, vehicle_id, headers, PNG)).json()["id"] for _ in range(3)]
    base = f"/api/vehicles/{vehicle_id}/photos"

    moved = await client.patch(f"{base}/{ids[2]}", json={"position": 0}, headers=headers)
    covered = await client.patch(f"{base}/{ids[1]}", json={"is_cover": True}, headers=headers)

    assert [p["id"] for p in moved.json()["data"]] == [ids[2], ids[0], ids[1]]
    assert [(p["id"], p["position"], p["is_cover"]) for p in covered.json()["data"]] == [
        (ids[2], 0, False),
        (ids[0], 1, False),
        (ids[1], 2, True),
    ]
    hit = (await client.get("/api/vehicles")).json()["data"][0]
    urls = {p["id"]: p["url"] for p in covered.json()["data"]}
    assert [p["url"] for p in hit["photos"]] == [urls[ids[1]], urls[ids[2]], urls[ids[0]]]
    for bad_body in ({"position": -1}, {"position": 2**63}, {"is_cover": "yes"}, {"x": 1}):
        bad = await client.patch(f"{base}/{ids[0]}", json=bad_body, headers=headers)
        assert bad.status_code == 422, bad_body
    assert (await client.patch(f"{base}/nope", json={}, headers=headers)).status_code == 404


async def test_deleting_the_cover_hands_it_on_and_removes_the_file(
    client: Client, listing: tuple[str, dict[str, str]]
) -> None:
    """Deleting the cover makes the next photo the cover, closes up positions, drops the file."""
    vehicle_id, headers = listing
    first, second = [(await upload(client, vehicle_id, headers, PNG)).json() for _ in range(2)]

    response = await client.delete(
        f"/api/vehicles/{vehicle_id}/photos/{first['id']}", headers=headers
    )

    assert response.status_code == 204
    photos = (await client.get(f"/api/vehicles/{vehicle_id}")).json()["photos"]
    assert [(p["id"], p["position"], p["is_cover"]) for p in photos] == [(second["id"], 0, True)]
    assert (await client.get(first["url"])).status_code == 404
