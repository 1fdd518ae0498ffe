"""Turning a template and its values into words, and words into an email.

Values are typed so each is written the way a reader expects in their language: an
:class:`Amount` as rupiah (``Rp 1.500.000`` in Indonesian, ``Rp 1,500,000`` in English), a
:class:`Day` as ``10 Mar 2026`` (``Agu``, ``Okt``, ``Des`` in Indonesian), a :class:`Moment` in
the vehicle's city time (``10 Mar 2026 14:00 WIB``), :class:`Names` as a list. Anything else is
written as it is. Every value is escaped in the HTML.

>>> render("sale_order.offered", "id", {"offer_price": Amount(150_000_000), "vehicle": "Avanza"})
Rendered(title='Penawaran baru', body='Ada penawaran Rp 150.000.000 untuk Avanza.')
>>> render("rental.cancelled.customer", "en", {"vehicle": "Jazz", "start_date": Day("2026-08-01"),
...        "end_date": Day("2026-08-03"), "refund": None}).body
'Your booking of Jazz from 1 Aug 2026 to 3 Aug 2026 has been cancelled.'
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

import attrs

from bigauto.domain.identity.accounts import DEFAULT_LOCALE, SUPPORTED_LOCALES
from bigauto.ports.shared.external import EmailMessage
from bigauto.services.notifications.templates import EMAIL_FRAME, FALLBACKS, TEMPLATES

DEFAULT_TIMEZONE = "Asia/Jakarta"

_MONTHS = {
    "id": ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}
_UPPER_DOCUMENTS = {"bpkb", "stnk"}


@attrs.frozen
class Amount:
    """Whole rupiah."""

    value: int


@attrs.frozen
class Day:
    """A calendar date, as ISO text (``2026-03-10``)."""

    iso: str


@attrs.frozen
class Moment:
    """An instant, as ISO text with its offset."""

    iso: str


@attrs.frozen
class Names:
    """A list of names (documents)."""

    values: tuple[str, ...]


@attrs.frozen
class ReceiptLine:
    """One line of an itemised receipt."""

    description: str
    amount: int
    quantity: int | None = None


@attrs.frozen
class Rendered:
    """A notification's title and body in one language."""

    title: str
    body: str


def locale_of(locale: str | None) -> str:
    return locale if locale in SUPPORTED_LOCALES else DEFAULT_LOCALE


def money(amount: int, locale: str) -> str:
    grouped = f"{amount:,}"
    return "Rp " + (grouped.replace(",", ".") if locale_of(locale) == "id" else grouped)


def _day(value: date, locale: str) -> str:
    return f"{value.day} {_MONTHS[locale_of(locale)][value.month - 1]} {value.year}"


def format_value(value: Any, locale: str, timezone: str = DEFAULT_TIMEZONE) -> str:
    """``value`` written for a reader of ``locale`` (see the module doc)."""
    try:
        if isinstance(value, Amount):
            return money(value.value, locale)
        if isinstance(value, Day):
            return _day(date.fromisoformat(value.iso[:10]), locale)
        if isinstance(value, Moment):
            at = datetime.fromisoformat(value.iso).astimezone(ZoneInfo(timezone))
            return f"{_day(at.date(), locale)} {at:%H:%M} {at.tzname()}"
        if isinstance(value, Names):
            names = [v.upper() if v.lower() in _UPPER_DOCUMENTS else v for v in value.values]
            return ", ".join(names) or FALLBACKS[locale_of(locale)]["none"]
    except (ValueError, KeyError):
        pass  # a malformed value is shown as it came rather than losing the notification
    if isinstance(value, Amount | Day | Moment):
        return str(attrs.astuple(value)[0])
    return str(value)


def _fields(sentence: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(sentence) if name]


def _fill(text: str, values: Mapping[str, str]) -> str:
    return text.format_map({name: values.get(name, "") for name in _fields(text)})


def render(
    template: str,
    locale: str,
    params: Mapping[str, Any],
    *,
    timezone: str = DEFAULT_TIMEZONE,
) -> Rendered:
    """The title and body of ``template`` in ``locale`` (Indonesian for an unknown one).

    A sentence naming a value that is missing or None is left out; ``KeyError`` for an unknown
    template.
    """
    words = TEMPLATES[template][locale_of(locale)]
    written = {
        name: format_value(value, locale, timezone)
        for name, value in params.items()
        if value is not None
    }
    sentences = [
        _fill(sentence, written)
        for sentence in words.sentences
        if all(name in written for name in _fields(sentence))
    ]
    return Rendered(_fill(words.title, written).strip(), " ".join(sentences))


def email(
    rendered: Rendered,
    *,
    locale: str,
    to: str,
    name: str,
    link: str | None,
    settings_link: str,
    lines: Sequence[ReceiptLine] = (),
    total: int | None = None,
) -> EmailMessage:
    """The notification as an email: greeting, body, receipt lines, a link, the footer."""
    frame = EMAIL_FRAME[locale_of(locale)]
    greeting = frame["greeting"].format(name=name)
    footer = frame["footer"].format(settings=settings_link)
    text_parts = [greeting, rendered.body]
    html_parts = [f"<p>{escape(greeting)}</p>", f"<p>{escape(rendered.body)}</p>"]
    if lines:
        rows = [(_line_label(line), money(line.amount, locale)) for line in lines]
        if total is not None:
            rows.append((frame["total"], money(total, locale)))
        text_parts.append("\n".join(f"- {label}: {amount}" for label, amount in rows))
        cells = "".join(
            f'<tr><td>{escape(label)}</td><td style="text-align:right">{escape(amount)}</td></tr>'
            for label, amount in rows
        )
        html_parts.append(
            f'<table style="border-collapse:collapse;min-width:320px">'
            f"<caption>{escape(frame['lines'])}</caption>{cells}</table>"
        )
    if link:
        text_parts.append(f"{frame['open']}: {link}")
        html_parts.append(
            f'<p><a href="{escape(link)}" style="background:#0a58ca;color:#fff;padding:10px 16px;'
            f'text-decoration:none;border-radius:4px">{escape(frame["open"])}</a></p>'
        )
    text_parts.append(footer)
    html_parts.append(f'<p style="color:#666;font-size:12px">{escape(footer)}</p>')
    html = (
        '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">'
        + "".join(html_parts)
        + "</body></html>"
    )
    return EmailMessage(to=to, subject=rendered.title, text="\n\n".join(text_parts), html=html)


def _line_label(line: ReceiptLine) -> str:
    return line.description if not line.quantity else f"{line.description} × {line.quantity}"


__all__ = [
    "DEFAULT_TIMEZONE",
    "Amount",
    "Day",
    "Moment",
    "Names",
    "ReceiptLine",
    "Rendered",
    "email",
    "format_value",
    "locale_of",
    "money",
    "render",
]
