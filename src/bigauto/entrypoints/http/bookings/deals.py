"""The routes every deal shares: list one's own, show one, move one through its lifecycle.

Rentals, sale orders and test drives answer alike: ``GET /api/<deals>`` lists the caller's
(``?as=customer|seller``, ``?status=``, ``page``, ``limit``); ``GET .../{id}`` shows one to its
parties and admins (404 for anyone else); ``POST .../{id}/<move>`` fires one lifecycle event
and answers the deal (409 ``INVALID_TRANSITION`` naming the current state when the move is not
allowed). A :class:`DealRoutes` writes those handlers; each controller still declares every
route, with its path, operation id and use case, so the OpenAPI document lists each one.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Generic, TypeVar

import attrs
from litestar import Request, Response, get, post
from litestar.datastructures import State
from litestar.handlers import HTTPRouteHandler
from litestar.params import Parameter, PathParameter

from bigauto.domain.catalogue.search import Page
from bigauto.domain.shared.errors import ValidationFailed
from bigauto.entrypoints.http.auth import Principal
from bigauto.entrypoints.http.codec import decode, fields_of
from bigauto.entrypoints.http.idempotency import create_once
from bigauto.entrypoints.http.paging import page_json, paging
from bigauto.ports.bookings.repositories import DealQuery, Side
from bigauto.services.bookings.context import Bookings

D = TypeVar("D")
View = Callable[[D], dict[str, Any]]
#: What a route's body adds to the use case's arguments (``{"reason": ...}``, ``{"price": ...}``).
BodyArgs = Callable[[bytes], Mapping[str, Any]]
_PATH_ID = re.compile(r"/\{(\w+):str\}")


@attrs.frozen
class ReasonBody:
    """An optional reason, kept in the audit trail."""

    reason: str | None = None


def with_reason(raw: bytes) -> Mapping[str, Any]:
    return {"reason": decode(raw, ReasonBody).reason}


def bookings(state: State) -> Bookings:
    ctx: Bookings = state.container.bookings()
    return ctx


def side_of(value: str | None) -> Side:
    if value not in (None, "customer", "seller"):
        raise ValidationFailed("as is customer or seller", details={"as": value})
    return value  # type: ignore[return-value]


def state_of(cls: type[enum.Enum], value: str | None) -> Any:
    if value is None:
        return None
    try:
        return cls(value)
    except ValueError:
        allowed = ", ".join(s.value for s in cls)
        raise ValidationFailed(f"status is one of {allowed}", details={"status": value}) from None


@attrs.frozen
class DealRoutes(Generic[D]):
    """The routes one sort of deal shares, each answering ``view`` of the deal.

    ``one`` is the path of one deal under the controller's (``/{booking_id:str}``): its id
    parameter names the use cases' id argument too. ``states`` are its lifecycle's states.
    """

    one: str
    view: View[D]
    states: type[enum.Enum]
    #: The use cases' name for the customer (a sale order's is its buyer).
    customer: str = "customer_id"

    @property
    def id_name(self) -> str:
        found = _PATH_ID.fullmatch(self.one)
        assert found is not None, f"{self.one} is not the path of one deal"
        return found.group(1)

    def create(
        self,
        operation_id: str,
        summary: str,
        use_case: Callable[..., Awaitable[D]],
        body_type: type[Any],
        *,
        once: bool = True,
    ) -> HTTPRouteHandler:
        """``POST ""``: the caller starts a deal as its customer, from the body's fields (201).

        ``once``: the route honours ``Idempotency-Key``. Starting any deal counts against the
        ``booking`` rate limit.
        """
        customer, view = self.customer, self.view

        async def create(
            controller: Any, request: Request[Any, Any, Any], state: State, principal: Principal
        ) -> Response[Any]:
            async def start(body: Any) -> dict[str, Any]:
                ctx = bookings(state)
                return view(await use_case(ctx, **{customer: principal.user_id}, **fields_of(body)))

            if once:
                return await create_once(request, principal, body_type, start)
            answer = await start(decode(await request.body(), body_type))
            return Response(answer, status_code=201)

        opt = {"rate_category": "booking"}
        return post("", operation_id=operation_id, summary=summary, opt=opt)(create)

    def index(
        self, operation_id: str, summary: str, use_case: Callable[..., Awaitable[Page[D]]]
    ) -> HTTPRouteHandler:
        """``GET ""``: the caller's deals, as customer and/or seller, newest first."""
        states, view = self.states, self.view

        async def index(
            controller: Any,
            state: State,
            principal: Principal,
            side: str | None = Parameter(query="as", default=None),
            status: str | None = None,
            page: int = 1,
            limit: int = 20,
        ) -> dict[str, Any]:
            page, limit = paging(page, limit)
            query = DealQuery(
                principal.user_id, side_of(side), state_of(states, status), page, limit
            )
            found = await use_case(bookings(state), query)
            return page_json(found, view)

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
        body: BodyArgs | None = None,
        method: Callable[..., HTTPRouteHandler] = post,
    ) -> HTTPRouteHandler:
        """``POST /{id}<path>`` (or another ``method``): ``use_case(ctx, <id>=..., user_id=...)``,
        answered with the deal (200: a move creates nothing).

        ``admins``: the use case also takes the caller's ``is_admin``; ``body``: what the
        request body adds to its arguments.
        """
        id_name, view = self.id_name, self.view

        async def move(
            controller: Any,
            request: Request[Any, Any, Any],
            state: State,
            principal: Principal,
            deal_id: str = PathParameter(name=id_name),
        ) -> dict[str, Any]:
            args: dict[str, Any] = {id_name: deal_id, "user_id": principal.user_id}
            if admins:
                args["is_admin"] = principal.is_admin
            if body is not None:
                args.update(body(await request.body()))
            return view(await use_case(bookings(state), **args))

        # The handler's name is the move's, as a hand-written one's would be: the OpenAPI
        # summary of a route without one is made from it ("/accept-counter": AcceptCounter).
        move.__name__ = move.__qualname__ = path.strip("/").replace("-", "_") or "show"
        return method(self.one + path, operation_id=operation_id, status_code=200)(move)


__all__ = ["DealRoutes", "ReasonBody", "bookings", "side_of", "state_of", "with_reason"]
