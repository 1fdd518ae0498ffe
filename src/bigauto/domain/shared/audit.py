"""The audit trail of a booking, test drive or sale order: who moved it, from where, and when.

Every aggregate with a lifecycle keeps a tuple of ``StatusChange`` rows, the first one recording
its creation (``from_state`` None). Rows are only ever appended, so the trail is the aggregate's
history as its parties and the platform saw it.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any, Protocol, TypeVar, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from bigauto.domain.shared.actors import Actor
from bigauto.domain.shared.errors import PermissionDenied, ValidationFailed
from bigauto.domain.shared.events import DomainEvent
from bigauto.domain.shared.statemachine import TransitionResult


def require_aware(value: object, name: str) -> datetime:
    """``value`` when it is a timezone-aware datetime; ValidationFailed otherwise."""
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise ValidationFailed(
            f"{name} must be a timezone-aware datetime, not {value!r}", details={name: repr(value)}
        )
    return value


def zone(name: str) -> ZoneInfo:
    """The IANA time zone ``name`` (``Asia/Jakarta``); ValidationFailed for an unknown one."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValidationFailed(
            f"{name!r} is not a known time zone", details={"timezone": repr(name)}
        ) from None


@attrs.frozen
class StatusChange:
    """One row of an audit trail: ``event`` by ``actor`` (user ``actor_id``) moved ``from_state``
    to ``to_state`` at ``at``; ``from_state`` is None for the row that records the creation.
    States and events are kept as plain strings, the way they are stored."""

    from_state: str | None = attrs.field(converter=attrs.converters.optional(str))
    to_state: str = attrs.field(converter=str)
    event: str = attrs.field(converter=str)
    actor: Actor = attrs.field(converter=Actor)
    actor_id: str | None
    at: datetime
    reason: str | None = None

    @classmethod
    def of(
        cls, step: TransitionResult, *, actor_id: str | None, at: datetime, reason: str | None
    ) -> StatusChange:
        """The row recording the move ``step``."""
        return cls(step.previous, step.state, step.event, Actor(step.actor), actor_id, at, reason)


def check_party(
    actor: Actor, actor_id: str | None, *, customer_id: str, seller_id: str, what: str
) -> None:
    """PermissionDenied unless ``actor_id`` really is the customer or seller ``actor`` claims.

    Admins and the system act on anyone's behalf; which users are admins is the service's call.
    """
    expected = {Actor.CUSTOMER: customer_id, Actor.SELLER: seller_id}.get(Actor(actor))
    if expected is not None and actor_id != expected:
        raise PermissionDenied(
            f"only the {actor.value} of this {what} may act as its {actor.value}",
            details={"actor": actor.value, "actor_id": actor_id},
        )


def role_of(user_id: str, *, customer_id: str, seller_id: str, is_admin: bool) -> Actor:
    """The role ``user_id`` plays: a party's own role first, then admin; else PermissionDenied."""
    if user_id == seller_id:
        return Actor.SELLER
    if user_id == customer_id:
        return Actor.CUSTOMER
    if is_admin:
        return Actor.ADMIN
    raise PermissionDenied("only the parties or an admin may act on this", details={})


def trail(rows: Iterable[StatusChange]) -> tuple[StatusChange, ...]:
    """An aggregate's ``history`` as stored: its rows, oldest first, as a tuple."""
    return tuple(rows)


class Audited(Protocol):
    """An aggregate with a lifecycle: an id, a status and the audit trail of its moves."""

    @property
    def id(self) -> str: ...

    @property
    def status(self) -> enum.Enum: ...

    @property
    def history(self) -> tuple[StatusChange, ...]: ...


A = TypeVar("A", bound=Audited)


def advance(
    aggregate: A,
    step: TransitionResult,
    actor_id: str | None,
    at: datetime,
    event_id: str,
    *,
    facts: Callable[[A], Mapping[str, Any]],
    reason: str | None = None,
    changes: Mapping[str, Any] | None = None,
) -> tuple[A, DomainEvent]:
    """``aggregate`` moved by ``step`` (by user ``actor_id`` at ``at``), and the domain event
    ``event_id`` that tells of it.

    The move takes the new status, appends its audit row and applies ``changes``. The event
    carries the move (``from_state``, ``to_state``, ``actor``, ``event``, ``actor_id``,
    ``reason``) followed by ``facts`` of the moved aggregate. A creation is the first move
    (``StateMachine.start``) of an aggregate built with an empty history.
    """
    row = StatusChange.of(step, actor_id=actor_id, at=at, reason=reason)
    status = type(aggregate.status)(step.state)
    # Any: attrs' typing of evolve wants a concrete attrs class, and A is any audited one.
    moved: A = attrs.evolve(
        cast(Any, aggregate), status=status, history=(*aggregate.history, row), **(changes or {})
    )
    body: dict[str, Any] = {"event": step.event, "actor_id": actor_id, "reason": reason}
    body.update(facts(moved))
    event = step.domain_event(
        event_id=event_id, occurred_at=at, aggregate_id=moved.id, payload=body
    )
    return moved, event


__all__ = [
    "Audited",
    "StatusChange",
    "advance",
    "check_party",
    "require_aware",
    "role_of",
    "trail",
    "zone",
]
