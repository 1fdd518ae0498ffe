"""The bounds of /api/auth and /api/users never refuse what the account rules accept.

The edge refuses a malformed phone or email before a use case sees it; these properties hold
it to the domain: any phone number ``normalise_phone`` takes (within the documented 32
characters), and any address ``check_email`` takes (within 254), passes the edge as well.
"""

from __future__ import annotations

import msgspec
from hypothesis import given
from hypothesis import strategies as st

from bigauto.domain.identity.accounts import check_email, normalise_phone
from bigauto.domain.shared.errors import ValidationFailed
from bigauto.entrypoints.http.identity.bodies import ProfilePatchBody, RegisterBody

SEPARATORS = st.sampled_from(["", " ", "-", ".", "(", ")", "\t", "\u00a0", "\u2003"])


@st.composite
def phones(draw: st.DrawFn) -> str:
    """Numbers as people write them: a prefix, groups of digits, the separators they type."""
    written = draw(st.sampled_from(["", "0", "+", "+62", "62", "00"]))
    for group in draw(st.lists(st.text("0123456789", min_size=1, max_size=5), max_size=6)):
        written += draw(SEPARATORS) + group
    return written


local_parts = st.text(st.characters(codec="utf-8", exclude_characters="@"), min_size=1, max_size=64)
labels = st.text(st.characters(codec="utf-8", exclude_characters="@."), min_size=1, max_size=20)
padding = st.text(" \t\n", max_size=3)


def _domain_takes_phone(phone: str) -> bool:
    try:
        normalise_phone(phone)
    except ValidationFailed:
        return False
    return True


@given(phones())
def test_every_phone_the_domain_takes_passes_the_edge(phone: str) -> None:
    """A number the account rules accept is never refused by the body's pattern."""
    if _domain_takes_phone(phone) and len(phone) <= 32:
        msgspec.convert({"phone": phone}, ProfilePatchBody)


@given(st.builds(lambda a, b, c: f"0{a}-{b} {c}", *[st.integers(100, 9999)] * 3))
def test_an_indonesian_number_written_the_local_way_passes_both(phone: str) -> None:
    """``0812-3456 7890`` and its kind pass the edge and the domain."""
    assert msgspec.convert({"phone": phone}, ProfilePatchBody).phone == phone
    assert normalise_phone(phone).startswith("+62")


@given(padding, local_parts, st.lists(labels, min_size=2, max_size=4), padding)
def test_every_address_the_domain_takes_passes_the_edge(
    before: str, local: str, domain: list[str], after: str
) -> None:
    """An address ``check_email`` accepts (spaces around it included) passes the edge."""
    email = f"{before}{local}@{'.'.join(domain)}{after}"
    try:
        check_email(email)
    except ValidationFailed:
        return
    if len(email) <= 254:
        body = {"name": "Ana", "email": email, "password": "a long passphrase"}
        assert msgspec.convert(body, RegisterBody).email == email
