"""The bounded contexts that the storage adapters (in memory, SQL) are split into.

``bigauto.adapters.memory`` and ``bigauto.adapters.sql`` each hold one package per context, which
declares what the context adds: its repositories, its tables. The hubs that compose them (both
units of work, the SQL schema) take the list from here, so the three cannot disagree.
"""

from __future__ import annotations

import importlib
from types import ModuleType

#: The contexts, in the order the hubs load them.
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


def context_modules(package: str, module: str | None = None) -> tuple[ModuleType, ...]:
    """Every context's ``<package>.<context>`` (or its ``.<module>``), imported, in order."""
    suffix = "" if module is None else f".{module}"
    return tuple(importlib.import_module(f"{package}.{name}{suffix}") for name in CONTEXTS)


__all__ = ["CONTEXTS", "context_modules"]
