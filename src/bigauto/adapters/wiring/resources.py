"""Long-lived clients as dependency-injector resources: made on first use, closed in order.

dependency-injector's resources are either synchronous throughout, or made by awaiting; an
async resource hands out awaitables, and so would every provider that uses it, down to the
unit-of-work factory and every service. Our clients open their connections lazily, so making
one needs no I/O, but closing one does. A :class:`Client` is therefore made synchronously the
first time something asks for it, like a singleton, and closed asynchronously when the
container's ``shutdown_resources()`` is awaited (``bigauto.container.aclose``).

Shutdown closes only what was made, each client before those it was made from (the search
reader before the engine it draws connections from, the chat hub before the live channel and
that before the NATS connection), and before those named in its ``closes_before``. A client
that was never made is not made to be closed.
"""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable, Iterable, Iterator
from typing import Any, TypeVar

from dependency_injector import providers

T = TypeVar("T")
Close = Callable[[Any], Awaitable[object]]


def _made(factory: Callable[..., T], *args: Any, **kwargs: Any) -> Iterator[T]:
    # Yielded, the client is kept as it is. Returned, dependency-injector would enter it if it
    # were a context manager, and await its entering if an async one (httpx's and Redis's
    # clients are), which would make every user of it async.
    yield factory(*args, **kwargs)


class Client(providers.Resource[T]):
    """A client made by ``factory(*args, **kwargs)`` on first use and closed at shutdown.

    ``close(client)`` closes it; by default its ``aclose()`` or else its ``close()``, if it has
    either (``None``, a backend that is not configured, needs no closing). ``closes_before``
    names clients that must stay open until this one is closed.
    """

    def __init__(
        self,
        factory: Callable[..., T] | None = None,
        *args: Any,
        close: Close | None = None,
        closes_before: Iterable[providers.Provider[Any]] = (),
        **kwargs: Any,
    ) -> None:
        if factory is None:  # a copy being made (see __deepcopy__)
            super().__init__()
        else:
            super().__init__(_made, factory, *args, **kwargs)
        self._close = close
        self._closes_before = tuple(closes_before)

    def __deepcopy__(self, memo: dict[int, Any]) -> Client[T]:
        copied: Client[T] = super().__deepcopy__(memo)
        copied._close = self._close
        copied._closes_before = tuple(copy.deepcopy(p, memo) for p in self._closes_before)
        return copied

    @property
    def related(self) -> Iterator[providers.Provider[Any]]:
        """What this client was made from, and what must outlive it (shutdown order)."""
        yield from super().related
        yield from self._closes_before

    def is_async_mode_enabled(self) -> bool:
        # Tells shutdown_resources() that closing is awaited, though making is not.
        return True

    def shutdown(self) -> Awaitable[None] | None:
        """Forget the client (the next use makes a new one) and answer its closing."""
        if not self.initialized:
            return None
        client = self._provide((), {})
        super().shutdown()
        return self._closing(client)

    async def _closing(self, client: T | None) -> None:
        if client is None:
            return
        if self._close is not None:
            await self._close(client)
            return
        close = getattr(client, "aclose", None) or getattr(client, "close", None)
        if close is not None:
            await close()


__all__ = ["Client", "Close"]
