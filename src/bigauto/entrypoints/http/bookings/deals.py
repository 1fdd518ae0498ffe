"""The routes every deal shares: start one, list one's own, show one, move one along.

Rentals, sale orders and test drives answer alike: ``POST /api/<deals>`` starts one (201, with
``Idempotency-Key``); ``GET /api/<deals>`` lists the caller's (``?as=customer|seller``,
``?status=``, ``page``, ``limit``); ``GET .../{id}`` shows one to its parties and admins (404
for anyone else); ``POST .../{id}/<move>`` fires one lifecycle event and answers the deal (409
``INVALID_TRANSITION`` naming the current state when the move is not allowed).

A :class:`DealRoutes` writes those handlers once for every sort of deal. Litestar decodes,
validates and documents a handler by its annotations, so each handler it writes is given the
concrete types of its route (:func:`_typed`): its body, its ``status`` enum, its view. Each
controller still declares every route, with its path, operation id and use case.
"""

from __future__ import annotations

import enum
import inspect
import re
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Generic, Optional, TypeVar

import attrs
import msgspec
from litestar import Request, Response, get, post
from litestar.datastructures import State
from litestar.handlers import HTTPRouteHandler
from litestar.params import JSONBody, QueryParameter

from bigauto.domain.shared.errors import ValidationFailed
from bigauto.entrypoints.http.auth import Caller
from bigauto.entrypoints.http.contract import (
    Body,
    PageNumber,
    PageSize,
    PathId,
    Reason,
    View,
    shown,
)
from bigauto.entrypoints.http.idempotency import IdempotencyKey, create_once
from bigauto.entrypoints.http.paging import Paged, paged_of
from bigauto.ports.bookings.repositories import DealQuery, Side
from bigauto.services.bookings.context import Bookings

D = TypeVar("D")
V = TypeVar("V", bound=View)
B = TypeVar("B", bound=Body)
Handler = TypeVar("Handler", bound=Callable[..., Any])
_PATH_ID = re.compile(r"/\{(\w+):str\}")


class MoveBody(Body):
    """The body of a move: what it adds to the use case's arguments."""

    def args(self) -> dict[str, Any]:
        raise NotImplementedError


class ReasonBody(MoveBody):
    """An optional reason, kept in the audit trail."""

    reason: Annotated[Reason, shown(Reason)] | None = None

    def args(self) -> dict[str, Any]:
        return {"reason": self.reason}


def _no_body(body: type[MoveBody]) -> MoveBody:
    """What a move's body says when none was sent: its defaults, or a 422 naming the field a
    body needs (a counter-offer's ``price``)."""
    try:
        return msgspec.convert({}, body)
    except msgspec.ValidationError as error:
        missing = str(error).split("`")[1] if "`" in str(error) else "body"
        raise ValidationFailed(
            f"the body is required: {error}", details={"field": missing}
        ) from None


def bookings(state: State) -> Bookings:
    ctx: Bookings = state.container.bookings()
    return ctx


def _of(generic: Any, *args: Any) -> Any:
    """``generic[*args]``: a type made at run time, from a route's types."""
    return generic[args if len(args) > 1 else args[0]]


def _typed(handler: Handler, returns: Any, **params: Any) -> Handler:
    """``handler`` with its route's concrete types, as Litestar reads them: each of ``params``
    (a parameter given None is dropped; one the handler does not name is one of its
    ``**kwargs``) and the ``returns`` type."""
    signature = inspect.signature(handler)
    kept = []
    for name, p in signature.parameters.items():
        if p.kind is p.VAR_KEYWORD:
            named = signature.parameters.keys()
            kept += [p.replace(name=n, kind=p.KEYWORD_ONLY) for n in params if n not in named]
        elif params.get(name, p) is not None:
            kept.append(p)
    handler.__signature__ = signature.replace(parameters=kept)  # type: ignore[attr-defined]
    given = {name: hint for name, hint in params.items() if hint is not None}
    handler.__annotations__ = {**handler.__annotations__, **given, "return": returns}
    return handler


@attrs.frozen
class DealRoutes(Generic[D, V]):
    """The routes one sort of deal shares, each answering ``view`` of the deal.

    ``one`` is the path of one deal under the controller's (``/{booking_id:str}``): its id
    parameter names the use cases' id argument too. ``states`` are its lifecycle's states.
    """

    one: str
    view: Callable[[D], V]
    view_type: type[V]
    states: type[enum.StrEnum]

    @property
    def id_name(self) -> str:
        found = _PATH_ID.fullmatch(self.one)
        assert found is not None, f"{self.one} is not the path of one deal"
        return found.group(1)

    def create(
        self,
        operation_id: str,
        summary: str,
        start: Callable[[Bookings, str, B], Awaitable[D]],
        body: type[B],
    ) -> HTTPRouteHandler:
        """``POST ""``: ``start(ctx, caller's id, body)`` makes a deal with the caller as its
        customer (201). The route honours ``Idempotency-Key``; starting any deal counts against
        the ``booking`` rate limit."""
        view = self.view

        async def create(
            controller: Any,
            request: Request[Any, Any, Any],
            state: State,
            principal: Caller,
            data: Any,
            idempotency_key: IdempotencyKey = None,
        ) -> Any:
            async def run(data: B) -> V:
                return view(await start(bookings(state), principal.user_id, data))

            return await create_once(request, principal, data, run)

        returns = _of(Response, self.view_type)
        _typed(create, returns, data=_of(JSONBody, body), idempotency_key=IdempotencyKey)
        opt = {"rate_category": "booking"}
        return post("", operation_id=operation_id, summary=summary, opt=opt)(create)

    def index(
        self, operation_id: str, summary: str, use_case: Callable[..., Awaitable[Any]]
    ) -> HTTPRouteHandler:
        """``GET ""``: the caller's deals, as customer and/or seller, newest first."""
        view = self.view

        async def index(
            controller: Any,
            state: State,
            principal: Caller,
            side: Annotated[
                Side,
                QueryParameter(name="as", description="Only those I am the customer or seller of"),
            ] = None,
            status: Any = None,
            page: PageNumber = 1,
            limit: PageSize = 20,
        ) -> Any:
            query = DealQuery(principal.user_id, side, status, page, limit)
            return paged_of(await use_case(bookings(state), query), view)

        only = QueryParameter(description="Only those in this state")
        status = _of(Annotated, _of(Optional, self.states), only)
        _typed(index, _of(Paged, self.view_type), status=status)
        return get("", operation_id=operation_id, summary=summary)(index)

    def show(self, operation_id: str, use_case: Callable[..., Awaitable[D]]) -> HTTPRouteHandler:
        """``GET /{id}``: one deal, for its parties and admins."""
        return self.move("", operation_id, use_case, admins=True, method=get)

    def move(
        self,
        path: str,
        operation_id: str,
        use_case: Callable[..., Awaitable[D]],
        *,
        admins: bool = False,
        body: type[MoveBody] | None = None,
        method: Callable[..., HTTPRouteHandler] = post,
    ) -> HTTPRouteHandler:
        """``POST /{id}<path>`` (or another ``method``): ``use_case(ctx, <id>=..., user_id=...)``,
        answered with the deal (200: a move creates nothing).

        ``admins``: the use case also takes the caller's ``is_admin``; ``body``: what the
        request may send (every field optional), its ``args()`` added to the use case's.
        """
        id_name, view = self.id_name, self.view

        async def move(
            controller: Any, state: State, principal: Caller, data: Any = None, **path: str
        ) -> Any:
            # ``path`` is the deal's id, by the path's name for it (``booking_id``), which is
            # the use case's name for it too.
            args: dict[str, Any] = {**path, "user_id": principal.user_id}
            if admins:
                args["is_admin"] = principal.is_admin
            if body is not None:
                args.update((data if data is not None else _no_body(body)).args())
            return view(await use_case(bookings(state), **args))

        _typed(
            move,
            self.view_type,
            data=None if body is None else _of(JSONBody, body),
            **{id_name: PathId},
        )
        # The handler's name is the move's, as a hand-written one's would be: the OpenAPI
        # summary of a route without one is made from it ("/accept-counter": AcceptCounter).
        move.__name__ = move.__qualname__ = path.strip("/").replace("-", "_") or "show"
        return method(self.one + path, operation_id=operation_id, status_code=200)(move)


__all__ = ["DealRoutes", "MoveBody", "ReasonBody", "bookings"]
