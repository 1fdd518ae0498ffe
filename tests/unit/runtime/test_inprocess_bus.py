"""The in-process bus delivers events to subscribers whose NATS-style subject matches."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import structlog.testing
from hypothesis import given
from hypothesis import strategies as st

from bigauto.adapters.memory.bus import InProcessEventBus, subject_matches
from bigauto.domain.shared.events import DomainEvent

tokens = st.lists(st.from_regex(r"[a-z0-9_]{1,8}", fullmatch=True), min_size=1, max_size=5)


def an_event(name: str) -> DomainEvent:
    return DomainEvent(
        name=name,
        event_id=f"id-{name}",
        occurred_at=datetime(2025, 1, 1, tzinfo=UTC),
        aggregate_type="chat",
        aggregate_id="c-1",
    )


@pytest.mark.parametrize(
    ("pattern", "subject", "matches"),
    [
        ("rental.paid", "rental.paid", True),
        ("rental.paid", "rental.paid.late", False),
        ("rental.*", "rental.paid", True),
        ("rental.*", "rental", False),
        ("rental.*", "rental.paid.late", False),
        ("*.paid", "sale.paid", True),
        ("rental.>", "rental.paid", True),
        ("rental.>", "rental.paid.late", True),
        ("rental.>", "rental", False),
        (">", "anything.at.all", True),
        ("chat.*.typing", "chat.c1.typing", True),
        ("chat.*.typing", "chat.c1.read", False),
        ("rental.>.late", "rental.paid.late", False),
    ],
)
def test_subjects_match_like_nats(pattern: str, subject: str, matches: bool) -> None:
    """``*`` stands for one token, ``>`` for one or more at the end, as in NATS."""
    assert subject_matches(pattern, subject) is matches


@given(tokens)
def test_a_subject_matches_itself(parts: list[str]) -> None:
    """Every subject matches the pattern spelled the same."""
    subject = ".".join(parts)
    assert subject_matches(subject, subject)


@given(tokens, st.data())
def test_a_star_matches_any_one_token(parts: list[str], data: st.DataObject) -> None:
    """Replacing any token of a subject with ``*`` still matches it."""
    i = data.draw(st.integers(0, len(parts) - 1))
    pattern = ".".join([*parts[:i], "*", *parts[i + 1 :]])
    assert subject_matches(pattern, ".".join(parts))


@given(tokens, tokens)
def test_a_tail_wildcard_matches_exactly_the_longer_subjects(
    prefix: list[str], subject: list[str]
) -> None:
    """``prefix.>`` matches a subject iff it starts with the prefix and has more tokens."""
    expected = len(subject) > len(prefix) and subject[: len(prefix)] == prefix
    assert subject_matches(".".join([*prefix, ">"]), ".".join(subject)) is expected


@given(tokens, tokens)
def test_patterns_without_wildcards_match_only_equal_subjects(a: list[str], b: list[str]) -> None:
    """Without wildcards, matching is equality."""
    assert subject_matches(".".join(a), ".".join(b)) is (a == b)


async def test_publish_reaches_matching_subscribers_in_subscription_order() -> None:
    """Each matching subscriber gets the event, in the order they subscribed."""
    seen: list[tuple[str, str]] = []
    bus = InProcessEventBus()

    def recorder(label: str):  # type: ignore[no-untyped-def]
        async def handle(event: DomainEvent) -> None:
            seen.append((label, event.name))

        return handle

    await bus.subscribe("rental.>", recorder("all rentals"))
    await bus.subscribe("rental.paid", recorder("paid"))
    await bus.subscribe("sale.*", recorder("sales"))

    await bus.publish(an_event("rental.paid"))
    await bus.publish(an_event("sale.completed"))
    await bus.publish(an_event("chat.message_sent"))

    assert seen == [
        ("all rentals", "rental.paid"),
        ("paid", "rental.paid"),
        ("sales", "sale.completed"),
    ]


async def test_a_failing_subscriber_does_not_fail_the_publisher_or_the_others() -> None:
    """A subscriber's error is logged; publish succeeds and later subscribers still get it."""
    seen: list[str] = []

    async def broken(event: DomainEvent) -> None:
        raise RuntimeError("consumer crashed")

    async def fine(event: DomainEvent) -> None:
        seen.append(event.name)

    bus = InProcessEventBus()
    await bus.subscribe(">", broken)
    await bus.subscribe(">", fine)

    with structlog.testing.capture_logs() as logs:
        await bus.publish(an_event("rental.paid"))

    assert seen == ["rental.paid"]
    [failure] = logs
    assert failure["event"] == "event handler failed" and failure["log_level"] == "error"
    assert failure["event_name"] == "rental.paid" and failure["exc_info"] is True
