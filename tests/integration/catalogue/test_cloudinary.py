"""Cloudinary adapter against a local fake that checks signatures as Cloudinary documents them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient
from tests.integration.fake_servers import FakeCloudinary, serving

from bigauto.adapters.cloudinary import (
    CloudinaryCredentials,
    CloudinaryMediaStorage,
    parse_cloudinary_url,
    thumbnail_url,
)
from bigauto.adapters.memory import SystemClock
from bigauto.adapters.sql.migrate import upgrade
from bigauto.config import Settings
from bigauto.domain.shared.errors import ServiceUnavailable
from bigauto.entrypoints.http import create_app

CREDENTIALS = CloudinaryCredentials("demo-cloud", "123456789", "s3cr3t")
JPEG = b"\xff\xd8\xff\xe0" + bytes(128)


@pytest.fixture
async def fake() -> AsyncIterator[tuple[FakeCloudinary, str]]:
    cloudinary = FakeCloudinary(CREDENTIALS.cloud_name, CREDENTIALS.api_key, CREDENTIALS.api_secret)
    async with serving(cloudinary.app()) as url:
        yield cloudinary, url


async def test_a_signed_upload_is_accepted_and_answers_a_thumbnail(
    fake: tuple[FakeCloudinary, str],
) -> None:
    """The fake accepts the signature; the thumbnail is the URL with a transformation."""
    cloudinary, url = fake
    storage = CloudinaryMediaStorage(CREDENTIALS, SystemClock(), api_base=url)

    stored = await storage.store(JPEG, content_type="image/jpeg", folder="vehicles/v1")
    await storage.aclose()

    assert stored.key == "vehicles/v1/photo1"
    assert cloudinary.files["vehicles/v1/photo1"] == JPEG
    assert stored.url.startswith("https://res.cloudinary.com/demo-cloud/image/upload/v")
    assert stored.thumbnail == stored.url.replace(
        "/upload/", "/upload/c_fill,w_400,h_300,q_auto,f_auto/"
    )
    sent = cloudinary.requests[0]
    assert set(sent) == {"folder", "timestamp", "signature", "api_key"}


async def test_destroy_is_signed_and_forgiving(fake: tuple[FakeCloudinary, str]) -> None:
    """Deleting removes the file; deleting it again is no error."""
    cloudinary, url = fake
    storage = CloudinaryMediaStorage(CREDENTIALS, SystemClock(), api_base=url)
    stored = await storage.store(JPEG, content_type="image/jpeg", folder="vehicles/v1")

    await storage.delete(stored.key)
    await storage.delete(stored.key)
    await storage.aclose()

    assert cloudinary.files == {}


async def test_a_wrong_secret_or_a_dead_server_is_service_unavailable(
    fake: tuple[FakeCloudinary, str],
) -> None:
    """A refused signature and an unreachable host both raise ServiceUnavailable."""
    _, url = fake
    wrong = CloudinaryCredentials("demo-cloud", "123456789", "not-the-secret")
    refused = CloudinaryMediaStorage(wrong, SystemClock(), api_base=url)
    unreachable = CloudinaryMediaStorage(CREDENTIALS, SystemClock(), api_base="http://127.0.0.1:9")

    with pytest.raises(ServiceUnavailable, match="Invalid Signature"):
        await refused.store(JPEG, content_type="image/jpeg", folder="v")
    with pytest.raises(ServiceUnavailable):
        await unreachable.store(JPEG, content_type="image/jpeg", folder="v")
    await refused.aclose()
    await unreachable.aclose()


def test_credentials_come_from_a_cloudinary_url() -> None:
    """cloudinary://key:secret@cloud gives the three parts; anything else is refused."""
    assert parse_cloudinary_url("cloudinary://k:s@cloud") == CloudinaryCredentials(
        "cloud", "k", "s"
    )
    with pytest.raises(ValueError):
        parse_cloudinary_url("https://k:s@cloud")
    assert (
        thumbnail_url("https://x/image/upload/v1/a.jpg", "w_10")
        == "https://x/image/upload/w_10/v1/a.jpg"
    )


async def test_the_service_uploads_photos_to_cloudinary_when_configured(
    fake: tuple[FakeCloudinary, str], tmp_path: Path
) -> None:
    """With CLOUDINARY_* set, POST /api/vehicles/{id}/photos answers Cloudinary URLs."""
    from tests.http.catalogue_support import rental_body, seed_master
    from tests.http.conftest import auth_headers

    from bigauto.domain.identity.accounts import SellerProfile, User

    cloudinary, url = fake
    database = f"sqlite+aiosqlite:///{tmp_path / 'b.db'}"
    upgrade(database)
    settings = Settings.from_env(
        {
            "DATABASE_URL": database,
            "BIGAUTO_VAR_DIR": str(tmp_path),
            "CLOUDINARY_URL": "cloudinary://123456789:s3cr3t@demo-cloud",
            "CLOUDINARY_BASE_URL": url,
        }
    )
    app = create_app(settings)
    master = await seed_master(app)
    container = app.state.container
    seller = User(
        "00000000-0000-7000-8000-000000000001",
        "s@example.com",
        "Sam",
        "x",
        container.clock().now(),
        seller=SellerProfile("Sam Cars", master.cities[0].id),
    )
    async with container.uow_factory()() as uow:
        await uow.users.add(seller)
        await uow.commit()
    headers = auth_headers(container, seller)
    async with AsyncTestClient(app=app) as client:
        vehicle = (await client.post("/api/vehicles", json=rental_body(), headers=headers)).json()
        response = await client.post(
            f"/api/vehicles/{vehicle['id']}/photos",
            files={"file": ("car.jpg", JPEG, "image/jpeg")},
            headers=headers,
        )

    assert response.status_code == 201, response.text
    assert response.json()["url"].startswith("https://res.cloudinary.com/demo-cloud/")
    assert list(cloudinary.files) == [f"vehicles/{vehicle['id']}/photo1"]
