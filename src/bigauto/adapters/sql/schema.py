"""The whole database schema: every context's tables, registered on one ``MetaData``.

Each context keeps its tables in ``adapters/sql/<context>/tables.py``; importing this module
loads them all, so ``metadata`` describes the full schema (tests compare it with what the
migrations create).
"""

from __future__ import annotations

import importlib

from bigauto.adapters.sql.tables import metadata

CONTEXTS = (
    "identity",
    "catalogue",
    "bookings",
    "payments",
    "money",
    "chat",
    "notifications",
    "runtime",
)

for _context in CONTEXTS:
    importlib.import_module(f"bigauto.adapters.sql.{_context}.tables")

__all__ = ["CONTEXTS", "metadata"]
