"""What every catalogue use case needs: the ports, bundled.

``Catalogue`` holds the unit-of-work factory, the clock, the id source, the geocoder that
places a listing and the storage that keeps its photos. The composition root builds it from
the settings; tests build it by hand with fakes.
"""

from __future__ import annotations

import attrs

from bigauto.ports.shared.external import Geocoder, MediaStorage
from bigauto.ports.shared.system import Clock, IdGenerator
from bigauto.ports.unit_of_work import UnitOfWorkFactory


@attrs.frozen
class Catalogue:
    """The ports of the catalogue use cases."""

    uow_factory: UnitOfWorkFactory
    clock: Clock
    ids: IdGenerator
    geocoder: Geocoder
    media: MediaStorage


__all__ = ["Catalogue"]
