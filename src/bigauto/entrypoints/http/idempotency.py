"""``Idempotency-Key`` for POST routes that create something (rentals, sale orders, payments,
withdrawals).

A handler takes the typed body and declares the header (so the document shows it)::

    async def create(self, request, principal, data: JSONBody[RentalBody],
                     idempotency_key: IdempotencyKey = None) -> Response[RentalView]:
        return await create_once(request, principal, data, book)

where ``book`` makes the thing from the body and answers its view (sent with 201), or, for
another answer, ``idempotent(request, principal, route, raw_body, run)`` where ``run`` is an
``async`` callable answering ``(status_code, json_body)``. Without the header the request simply
runs. With it, the first request runs and its answer — success or a
domain error — is stored; a repeat with the same body gets that answer again (with
``Idempotent-Replayed: true``), a repeat with another body 422 ``IDEMPOTENCY_KEY_REUSED``, a
repeat while the first still runs 409 ``IDEMPOTENCY_KEY_IN_USE``. An unexpected failure
releases the key, so a retry runs again. See ``bigauto.services.runtime.idempotency``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Annotated, Any, TypeVar

import msgspec
from litestar import Request, Response
from litestar.params import HeaderParameter, KwargDefinition

from bigauto.domain.shared.errors import DomainError
from bigauto.entrypoints.http.auth import Principal
from bigauto.entrypoints.http.errors import problem_of
from bigauto.services.runtime.idempotency import Idempotency, request_hash

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"

Run = Callable[[], Awaitable[tuple[int, Mapping[str, Any]]]]
Body = TypeVar("Body")

_KEY_BOUNDS: dict[str, Any] = {"min_length": 1, "max_length": 200, "pattern": r"^[\x21-\x7e]+$"}
#: The ``Idempotency-Key`` header of a route that creates something, as its handler declares it
#: (its bounds also on the value, where the document shows an optional header's).
IdempotencyKey = Annotated[
    Annotated[str, KwargDefinition(**_KEY_BOUNDS)] | None,
    HeaderParameter(
        name=HEADER,
        **_KEY_BOUNDS,
        description=(
            "Any unique string (a UUID, say): a retry with the same key and body gets the first "
            "answer again (with `Idempotent-Replayed: true`) instead of creating twice."
        ),
    ),
]


async def idempotent(
    request: Request[Any, Any, Any], principal: Principal, route: str, body: bytes, run: Run
) -> Response[Any]:
    """Run ``run`` at most once per (user, route, key); see the module docstring."""
    key = request.headers.get(HEADER)
    if key is None:
        status, answer = await run()
        return Response(dict(answer), status_code=status)
    keys: Idempotency = request.app.state.container.idempotency()
    who = {"user_id": principal.user_id, "route": route, "key": key}
    replay = await keys.begin(**who, fingerprint=request_hash(body))
    if replay is not None:
        return Response(
            dict(replay.body), status_code=replay.status_code, headers={REPLAYED: "true"}
        )
    try:
        status, answer = await run()
    except DomainError as error:
        problem = problem_of(error)
        if problem.status >= 500 or problem.status == 429:
            await keys.abandon(**who)  # a passing condition: let a retry run
            raise
        status, answer = problem.status, problem.body()
    except BaseException:
        await keys.abandon(**who)
        raise
    await keys.finish(**who, status_code=status, body=answer)
    return Response(dict(answer), status_code=status)


async def create_once(
    request: Request[Any, Any, Any],
    principal: Principal,
    body: Body,
    create: Callable[[Body], Awaitable[Any]],
) -> Response[Any]:
    """A POST that creates something, under :func:`idempotent` (its route, such as
    ``POST /api/rentals``, from the route's template): ``create``'s answer for the body Litestar
    decoded, sent with 201."""
    raw = await request.body()

    async def run() -> tuple[int, Mapping[str, Any]]:
        answer: Mapping[str, Any] = msgspec.to_builtins(await create(body))
        return 201, answer

    route = f"{request.method} {request.scope['path_template']}"
    return await idempotent(request, principal, route, raw, run)


__all__ = ["HEADER", "REPLAYED", "IdempotencyKey", "create_once", "idempotent"]
