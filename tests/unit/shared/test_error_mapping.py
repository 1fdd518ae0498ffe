"""The one mapping from errors to what a client hears, on HTTP and on the chat socket."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from litestar.exceptions import NotFoundException, ValidationException

import bigauto.domain
from bigauto.domain.chat.errors import InvalidFrame
from bigauto.domain.shared.errors import (
    DomainError,
    NotFound,
    PayloadTooLarge,
    RateLimited,
    ServiceUnavailable,
    Unauthenticated,
)
from bigauto.entrypoints.http.errors import KINDS, Problem, problem_of


def _domain_errors() -> list[type[DomainError]]:
    for module in pkgutil.walk_packages(bigauto.domain.__path__, "bigauto.domain."):
        importlib.import_module(module.name)
    found, todo = [], [DomainError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


@pytest.mark.parametrize("error", _domain_errors(), ids=lambda cls: cls.__name__)
def test_every_domain_error_has_a_kind_the_mapping_knows(error: type[DomainError]) -> None:
    """No error of the domain falls through to the mapping's default by accident."""
    assert error.kind in KINDS


def test_a_domain_error_keeps_its_code_message_and_details() -> None:
    """The body is the error's own code, message and details under the status of its kind."""
    problem = problem_of(NotFound("no rental r1", details={"id": "r1"}))
    assert problem == Problem(404, "NOT_FOUND", "no rental r1", {"id": "r1"}, close_code=4403)
    assert problem.body() == {
        "error": {"code": "NOT_FOUND", "message": "no rental r1", "details": {"id": "r1"}}
    }


def test_a_rate_limit_answers_with_its_retry_after_header() -> None:
    """Retry-After and the X-RateLimit headers travel with a 429."""
    refused = RateLimited("slow down", headers={"Retry-After": "3"}, details={"retry_after": "3"})
    response = problem_of(refused).response()
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "3"


@pytest.mark.parametrize(
    ("error", "close_code"),
    [
        (Unauthenticated("a valid access token is required"), 4401),
        (NotFound("no conversation c1"), 4403),
        (PayloadTooLarge("frames are at most 16384 bytes"), 1009),
        (ServiceUnavailable("too far behind; reconnect"), 1013),
    ],
)
def test_a_failure_that_ends_a_socket_closes_it_with_its_kinds_code(
    error: DomainError, close_code: int
) -> None:
    """The chat socket's close codes come from the same table as the HTTP statuses."""
    assert problem_of(error).close_code == close_code


def test_an_unexpected_failure_leaks_nothing() -> None:
    """Anything that is not a domain or HTTP error is a bare INTERNAL_ERROR."""
    problem = problem_of(KeyError("secret"), unexpected="the frame could not be handled")
    assert (problem.status, problem.code, problem.message, dict(problem.details)) == (
        500,
        "INTERNAL_ERROR",
        "the frame could not be handled",
        {},
    )


def test_litestar_errors_keep_their_status_with_a_stable_code() -> None:
    """An unknown route is 404 NOT_FOUND; a bad parameter is 422 VALIDATION_ERROR."""
    assert problem_of(NotFoundException()).body()["error"]["message"] == "no such resource"
    invalid = problem_of(ValidationException(extra=[{"key": "page", "message": "not an int"}]))
    assert (invalid.status, invalid.code, invalid.message) == (
        422,
        "VALIDATION_ERROR",
        "not an int @ page",
    )


def test_a_frame_error_is_a_validation_error_over_http() -> None:
    """The same InvalidFrame is a 422 on HTTP and an INVALID_FRAME error frame on a socket."""
    problem = problem_of(InvalidFrame("a frame must be JSON"))
    assert (problem.status, problem.code) == (422, "INVALID_FRAME")
