"""Unit: local media storage, the embedded geocoder, and the catalogue's settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from bigauto.adapters.local.geocoder import CityCentreGeocoder
from bigauto.adapters.local.media import LocalMediaStorage, make_thumbnail
from bigauto.config import ConfigError, Settings
from bigauto.container import build_container
from bigauto.domain.errors import ValidationFailed

PNG = b"\x89PNG\r\n\x1a\n" + bytes(32)


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


@pytest.mark.parametrize(
    "environ",
    [{"BIGAUTO_GEOCODER": "google"}, {"CLOUDINARY_URL": "https://k:s@cloud"}],
)
def test_bad_catalogue_settings_are_refused(environ: dict[str, str]) -> None:
    """An unknown geocoder or a malformed CLOUDINARY_URL stops start-up with a clear error."""
    with pytest.raises(ConfigError):
        Settings.from_env(environ)
