"""Unit: local media storage, the embedded geocoder, and the catalogue's settings."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from bigauto.adapters.local.geocoder import CityCentreGeocoder
from bigauto.adapters.local.media import LocalMediaStorage, make_thumbnail
from bigauto.adapters.sql.catalogue.search import CountCache
from bigauto.config import ConfigError, Settings
from bigauto.container import build_container
from bigauto.domain.catalogue.vehicles import Category
from bigauto.domain.shared.errors import ValidationFailed

PNG = b"\x89PNG\r\n\x1a\n" + bytes(32)


@attrs.frozen
class Body:
    category: Category


async def test_local_storage_keeps_files_under_the_folder_and_deletes_them(tmp_path: Path) -> None:
    """A stored photo is a file under root/folder with a /media URL; delete removes it."""
    storage = LocalMediaStorage(tmp_path, base_url="/media/")

    stored = await storage.store(PNG, content_type="image/png", folder="vehicles/v-1")

    assert stored.key.startswith("vehicles/v-1/") and stored.key.endswith(".png")
    assert stored.url == f"/media/{stored.key}"
    assert (tmp_path / stored.key).read_bytes() == PNG
    await storage.delete(stored.key)
    await storage.delete(stored.key)
    assert not (tmp_path / stored.key).exists()


async def test_local_storage_refuses_paths_out_of_its_root(tmp_path: Path) -> None:
    """Folders and keys cannot climb out of the media directory."""
    storage = LocalMediaStorage(tmp_path)

    with pytest.raises(ValidationFailed):
        await storage.store(PNG, content_type="image/png", folder="../etc")
    with pytest.raises(ValidationFailed):
        await storage.delete("../../secret.png")
    with pytest.raises(ValidationFailed):
        await storage.store(PNG, content_type="text/html", folder="v")


def test_a_thumbnail_needs_pillow_and_a_readable_image() -> None:
    """Without Pillow, or for bytes Pillow cannot read, there is no thumbnail (not an error)."""
    assert make_thumbnail(PNG) is None


async def test_the_embedded_geocoder_leaves_placing_to_the_city() -> None:
    """The city-centre geocoder finds no street address."""
    assert await CityCentreGeocoder().geocode("Jl. Sudirman 1", city="Jakarta") is None


def test_catalogue_settings_choose_the_adapters() -> None:
    """Local media and city geocoding by default; Cloudinary and Nominatim when configured."""
    default = build_container(Settings.from_env({}))
    configured = build_container(
        Settings.from_env(
            {
                "CLOUDINARY_CLOUD_NAME": "c",
                "CLOUDINARY_API_KEY": "k",
                "CLOUDINARY_API_SECRET": "s",
                "BIGAUTO_GEOCODER": "nominatim",
                "NOMINATIM_URL": "http://127.0.0.1:1",
            }
        )
    )

    assert type(default.media_storage()).__name__ == "LocalMediaStorage"
    assert type(default.geocoder()).__name__ == "CityCentreGeocoder"
    assert type(configured.media_storage()).__name__ == "CloudinaryMediaStorage"
    assert type(configured.geocoder()).__name__ == "NominatimGeocoder"


def test_the_catalogue_context_carries_the_containers_ports() -> None:
    """The use cases' context is built from the container's own clients, fresh per call."""
    container = build_container(Settings.from_env({}))
    ctx = container.catalogue()

    assert ctx.uow_factory is container.uow_factory()
    assert ctx.clock is container.clock() and ctx.ids is container.ids()
    assert ctx.geocoder is container.geocoder() and ctx.media is container.media_storage()
    assert container.catalogue() is not ctx


@pytest.mark.parametrize(
    "environ",
    [{"BIGAUTO_GEOCODER": "google"}, {"CLOUDINARY_URL": "https://k:s@cloud"}],
)
def test_bad_catalogue_settings_are_refused(environ: dict[str, str]) -> None:
    """An unknown geocoder or a malformed CLOUDINARY_URL stops start-up with a clear error."""
    with pytest.raises(ConfigError):
        Settings.from_env(environ)


def test_large_totals_are_kept_briefly_and_small_ones_never() -> None:
    """The count cache keeps totals of at least `minimum` for `ttl` seconds, at most `size`."""
    now = [0.0]
    cache = CountCache(ttl=30, minimum=1000, size=2, clock=lambda: now[0])
    cache.put("small", 999)
    cache.put("a", 5000)
    assert cache.get("small") is None and cache.get("a") == 5000
    now[0] = 30.0
    assert cache.get("a") is None
    for key in ("x", "y", "z"):
        cache.put(key, 1000)
    assert [cache.get(k) for k in ("x", "y", "z")] == [None, 1000, 1000]
