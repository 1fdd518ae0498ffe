"""bigauto: a vehicle marketplace engine built as a hexagon.

The pure core lives in :mod:`bigauto.domain`; interfaces to the world in :mod:`bigauto.ports`;
use cases in :mod:`bigauto.services`; real systems in :mod:`bigauto.adapters`; the HTTP service,
CLI and worker in :mod:`bigauto.entrypoints`.
"""

__version__ = "0.1.0"
