"""The whole database schema: every context's tables, registered on one ``MetaData``.

Each context keeps its tables in ``adapters/sql/<context>/tables.py``; importing this module
loads them all, so ``metadata`` describes the full schema (tests compare it with what the
migrations create).
"""

from __future__ import annotations

from bigauto.adapters.contexts import CONTEXTS, context_modules
from bigauto.adapters.sql.tables import metadata

context_modules("bigauto.adapters.sql", "tables")

__all__ = ["CONTEXTS", "metadata"]
