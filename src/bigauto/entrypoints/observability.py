"""Structured logs: every line on stderr is one JSON object, whoever writes it.

Our modules log through structlog; uvicorn, Alembic, SQLAlchemy, asyncio and Litestar log
through the standard library. Both end in the one handler on the root logger, whose structlog
``ProcessorFormatter`` renders every record the same way: ``timestamp``, ``level``, ``event``,
``logger``, the fields given to the call, and whatever is bound in contextvars (the request id
while a request is handled, see ``entrypoints/http/middleware.py``).

- :func:`configure_logging` sets this up in the running process (the CLI, ``create_app``).
- :func:`logging_config` is the same as a ``logging.config.dictConfig`` dict of plain data, for
  uvicorn's ``log_config``: its worker processes configure themselves from it before they
  import the app, so even their first lines ("Started server process") are JSON.
"""

from __future__ import annotations

import logging
import logging.config
import sys
from typing import Any, TextIO

import structlog
from structlog.types import Processor

#: Loggers of the libraries we run on: their own handlers (if any) are dropped so that every
#: record reaches the root's, at the level given here (NOTSET: the root's, whatever a library
#: set before, e.g. a uvicorn.Config with its own log_level).
LIBRARY_LEVELS: dict[str, str] = {
    "uvicorn": "NOTSET",
    "uvicorn.error": "NOTSET",
    # Our access line (logger ``bigauto.access``) carries the request id, status and duration;
    # uvicorn's would say the same again without them.
    "uvicorn.access": "WARNING",
    "alembic": "NOTSET",
    # At INFO SQLAlchemy logs every statement; it asks for WARNING itself, keep it so.
    "sqlalchemy": "WARNING",
    "asyncio": "NOTSET",
    "litestar": "NOTSET",
}


class StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is when a record arrives, not when it was built.

    Whoever swaps the stream (a test runner capturing output, a daemon redirecting it) must
    not leave the handler writing to a closed one.
    """

    def __init__(self, level: int = logging.NOTSET) -> None:
        logging.Handler.__init__(self, level)

    @property  # type: ignore[override]
    def stream(self) -> TextIO:
        return sys.stderr


def _shared() -> list[Processor]:
    """What both kinds of record get: the request id (contextvars), logger, level, time."""
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]


def log_formatter(json: bool = True) -> logging.Formatter:
    """The one formatter: JSON lines (or, with ``json=False``, coloured lines for a terminal)."""
    renderer: Processor = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer()
    )
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=_shared(),
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            renderer,
        ],
    )


def logging_config(level: str = "INFO", *, json: bool = True) -> dict[str, Any]:
    """The standard library's configuration, as plain data (picklable, for uvicorn workers)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"structlog": {"()": f"{__name__}.log_formatter", "json": json}},
        "handlers": {"stderr": {"()": f"{__name__}.StderrHandler", "formatter": "structlog"}},
        "root": {"handlers": ["stderr"], "level": level},
        "loggers": {
            name: {"handlers": [], "propagate": True, "level": level_of_library}
            for name, level_of_library in LIBRARY_LEVELS.items()
        },
    }


def configure_logging(level: str = "INFO", *, json: bool = True) -> None:
    """Route structlog and the standard library through the root's one handler.

    structlog hands its event dicts to standard loggers named like ours
    (``structlog.get_logger(__name__)``), so level filtering and the ``logger`` field work the
    same for both.
    """
    logging.config.dictConfig(logging_config(level, json=json))
    # A library's own set-up run earlier in the process (uvicorn's log config, Alembic's
    # fileConfig) may have disabled loggers this configuration routes: they write through it again.
    for name in LIBRARY_LEVELS:
        logging.getLogger(name).disabled = False
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *_shared(),
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        # Tests and create_app configure again; cached loggers would keep the old setup.
        cache_logger_on_first_use=False,
    )


__all__ = [
    "LIBRARY_LEVELS",
    "StderrHandler",
    "configure_logging",
    "log_formatter",
    "logging_config",
]
