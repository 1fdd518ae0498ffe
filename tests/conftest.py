"""Shared test set-up: Hypothesis profiles and access to the local backing services.

Profiles: ``default`` is quick for the edit-test loop; ``ci`` (selected by ``.ci/run`` through
``HYPOTHESIS_PROFILE=ci``) searches deeper. Integration tests ask for a service with the
``require_service`` helper: a missing service skips with a reason locally, and fails when
``BIGAUTO_REQUIRE_SERVICES=1`` (as CI sets it).
"""

from __future__ import annotations

import os
import socket

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("default", max_examples=60, deadline=None)
settings.register_profile(
    "ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

POSTGRES_URL = os.environ.get(
    "BIGAUTO_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("BIGAUTO_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
NATS_URL = os.environ.get("BIGAUTO_TEST_NATS_URL", "nats://127.0.0.1:4222")

_PORTS = {"postgres": 5432, "redis": 6379, "nats": 4222}


def services_required() -> bool:
    return os.environ.get("BIGAUTO_REQUIRE_SERVICES", "") not in ("", "0", "false")


def service_answers(name: str) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", _PORTS[name]), timeout=1):
            return True
    except OSError:
        return False


def require_service(name: str) -> None:
    """Skip (or, under BIGAUTO_REQUIRE_SERVICES=1, fail) when ``name`` is not answering."""
    if service_answers(name):
        return
    message = f"{name} is not answering on 127.0.0.1:{_PORTS[name]}"
    if services_required():
        pytest.fail(f"{message} and BIGAUTO_REQUIRE_SERVICES=1", pytrace=False)
    pytest.skip(message)
