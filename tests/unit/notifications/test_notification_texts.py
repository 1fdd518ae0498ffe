"""Notification rules and templates: every event renders in both languages, receipts hide the
commission, refunds are told, and odd payloads never break a notification."""

from __future__ import annotations

import string
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.unit.notification_events import CUSTOMER, SELLER, every_notifying_event

from bigauto.domain.shared.events import DomainEvent
from bigauto.services.notifications.render import Amount, Moment, email, format_value, money, render
from bigauto.services.notifications.rules import NOTIFYING_EVENTS, notices_for
from bigauto.services.notifications.templates import TEMPLATES

EVENTS = every_notifying_event()


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _rendered(event: DomainEvent, locale: str) -> list[tuple[Any, Any]]:
    out = []
    for notice in notices_for(event):
        params = {**notice.params, "vehicle": "Avanza Veloz"}
        params.pop("vehicle_id", None)
        out.append((notice, render(notice.template, locale, params)))
    return out


def test_every_kind_of_event_notifies_someone():
    """The sample covers every notifying event, and each tells at least one person."""
    assert sorted({e.name for e in EVENTS}) == sorted(NOTIFYING_EVENTS)
    assert all(notices_for(event) for event in EVENTS)


def test_templates_exist_in_both_languages_with_the_same_values():
    """Indonesian and English name the same values in the title and in each sentence."""
    for key, languages in TEMPLATES.items():
        assert set(languages) == {"id", "en"}, key
        ours, theirs = languages["id"], languages["en"]
        assert _fields(ours.title) == _fields(theirs.title), key
        assert [_fields(s) for s in ours.sentences] == [_fields(s) for s in theirs.sentences], key


@pytest.mark.parametrize("event", EVENTS, ids=lambda e: e.name)
def test_each_event_renders_fully_in_indonesian_and_in_english(event: DomainEvent):
    """A title and body in each language, different from each other, with nothing unfilled."""
    for (notice, ours), (_, theirs) in zip(
        _rendered(event, "id"), _rendered(event, "en"), strict=True
    ):
        for text in (ours.title, ours.body, theirs.title, theirs.body):
            assert text and "{" not in text and "}" not in text
        assert ours.body != theirs.body
        assert notice.user_id in (CUSTOMER, SELLER)
        if notice.template.startswith(("rental.", "sale_order.", "test_drive.")):
            assert "Avanza Veloz" in ours.body and "Avanza Veloz" in theirs.body


def _one(name: str, template: str | None = None) -> tuple[Any, Any]:
    event = next(e for e in EVENTS if e.name == name)
    return next(
        (n, r) for n, r in _rendered(event, "id") if template is None or n.template == template
    )


def test_the_receipt_is_itemised_and_never_shows_the_commission():
    """Lines and total appear in text and HTML; the commission line and amount do not."""
    notice, rendered = _one("payment.paid")
    message = email(
        rendered,
        locale="id",
        to="ana@example.com",
        name="Ana",
        link="https://bigauto.example/payments/payment-1",
        settings_link="https://bigauto.example/settings/notifications",
        lines=notice.lines,
        total=notice.total,
    )
    for text in (message.text, message.html):
        assert "Sewa 3 hari × 3" in text and "Rp 900.000" in text
        assert "Deposit" in text and "Rp 1.400.000" in text
        assert "omisi" not in text and "45.000" not in text
    assert message.subject == "Kuitansi pembayaran BA-R-0001"
    assert "gopay" in rendered.body


def test_a_cancelled_paid_booking_tells_the_customer_the_refund_with_the_deposit():
    """The refund told is the policy's refund plus the whole deposit."""
    event = next(e for e in EVENTS if e.name == "rental.cancelled")
    expected = event.payload["refund_amount"] + event.payload["deposit_refund"]
    _, rendered = _one("rental.cancelled", "rental.cancelled.customer")
    assert expected >= 500_000 and money(expected, "id") in rendered.body


def test_an_unpaid_booking_ending_is_not_news_to_the_seller():
    """A cancellation from pending_payment tells the customer only."""
    event = next(e for e in EVENTS if e.name == "rental.cancelled")
    unpaid = attrs.evolve(event, payload={**event.payload, "from_state": "pending_payment"})
    assert [n.user_id for n in notices_for(unpaid)] == [CUSTOMER]


def test_documents_progress_names_what_came_and_what_is_missing():
    """BPKB and STNK transferred, faktur and pajak awaited."""
    _, rendered = _one("sale_order.documents_transferred")
    assert "BPKB, STNK" in rendered.body and "faktur, pajak" in rendered.body


def test_times_are_shown_in_the_vehicles_city_and_dates_by_locale():
    """An instant in WITA for Makassar; months named per language."""
    at = Moment("2026-08-17T02:30:00+00:00")
    assert format_value(at, "id", "Asia/Makassar") == "17 Agu 2026 10:30 WITA"
    assert format_value(at, "en", "Asia/Jakarta") == "17 Aug 2026 09:30 WIB"
    assert format_value(Amount(1_234_567), "en") == "Rp 1,234,567"


@given(st.integers(0, 10**15), st.sampled_from(["id", "en"]))
def test_money_keeps_every_digit(amount: int, locale: str):
    """Grouping separators aside, the rupiah text is the amount's digits."""
    written = money(amount, locale)
    assert written.startswith("Rp ")
    assert written[3:].replace(".", "").replace(",", "") == str(amount)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=5,
)


@given(
    st.sampled_from(EVENTS),
    st.data(),
    st.sampled_from(["id", "en", "fr"]),
)
def test_odd_payloads_never_break_a_notification(event: DomainEvent, data: Any, locale: str):
    """With fields dropped or replaced by any JSON value, rules and templates still answer."""
    payload = dict(event.payload)
    for key in list(payload):
        action = data.draw(st.sampled_from(["keep", "drop", "replace"]))
        if action == "drop":
            del payload[key]
        elif action == "replace":
            payload[key] = data.draw(json_values)
    for notice in notices_for(attrs.evolve(event, payload=payload)):
        params = {k: v for k, v in notice.params.items() if k != "vehicle_id"}
        rendered = render(notice.template, locale, {**params, "vehicle": "Avanza"})
        assert rendered.title
