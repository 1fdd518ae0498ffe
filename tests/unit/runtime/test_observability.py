"""One log format: our structlog loggers and the standard library's render the same JSON line."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
import structlog

from bigauto.entrypoints.observability import configure_logging, logging_config

FIELDS = {"timestamp", "level", "event", "logger"}


@pytest.fixture
def json_lines(capsys: pytest.CaptureFixture[str]) -> Iterator[Any]:
    configure_logging("INFO")

    def read() -> list[dict[str, Any]]:
        return [json.loads(line) for line in capsys.readouterr().err.splitlines()]

    yield read
    structlog.contextvars.clear_contextvars()
    configure_logging("INFO")  # what create_app would leave for the tests after this one


def test_a_structlog_line_and_a_standard_library_line_look_alike(json_lines: Any) -> None:
    """Both carry timestamp, level, event and logger, and the request id bound for the request."""
    structlog.contextvars.bind_contextvars(request_id="req-1")
    structlog.get_logger("bigauto.test").info("ours", answer=42)
    logging.getLogger("uvicorn.error").info("Started server process [%d]", 7)

    ours, theirs = json_lines()
    assert ours.keys() >= FIELDS and theirs.keys() >= FIELDS
    assert (ours["event"], ours["logger"], ours["answer"]) == ("ours", "bigauto.test", 42)
    assert (theirs["event"], theirs["logger"]) == ("Started server process [7]", "uvicorn.error")
    assert ours["request_id"] == theirs["request_id"] == "req-1"


def test_an_exception_stays_inside_its_json_line(json_lines: Any) -> None:
    """A traceback is a field of the record, not lines of plain text after it."""
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        structlog.get_logger("bigauto.test").exception("it failed")
        logging.getLogger("asyncio").exception("loop trouble")

    ours, theirs = json_lines()
    assert "RuntimeError: boom" in ours["exception"]
    assert "RuntimeError: boom" in theirs["exception"]


def test_the_level_filters_both_kinds_of_logger(json_lines: Any) -> None:
    """Below the configured level nothing is written, whoever logs."""
    configure_logging("WARNING")
    structlog.get_logger("bigauto.test").info("quiet")
    logging.getLogger("alembic").info("quiet too")
    structlog.get_logger("bigauto.test").warning("loud")

    assert [line["event"] for line in json_lines()] == ["loud"]


def test_the_uvicorn_log_config_is_plain_data() -> None:
    """uvicorn pickles it into its worker processes, so it names its parts instead of holding
    them."""
    config = logging_config("DEBUG", json=True)
    assert json.loads(json.dumps(config)) == config
    assert config["root"]["level"] == "DEBUG"
    assert config["loggers"]["uvicorn.access"]["handlers"] == []
