"""Account rules: the password policy, email and phone shapes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bigauto.domain.identity.accounts import check_email, normalise_phone
from bigauto.domain.identity.errors import WeakPassword
from bigauto.domain.identity.passwords import PasswordPolicy
from bigauto.domain.shared.errors import ValidationFailed

POLICY = PasswordPolicy()


@given(st.text(max_size=9))
def test_every_password_under_ten_characters_is_refused(password: str) -> None:
    """Length is the first rule: anything shorter than 10 is weak."""
    with pytest.raises(WeakPassword):
        POLICY.check(password)


@given(st.emails())
def test_the_email_itself_is_never_a_password(email: str) -> None:
    """Whatever the address, using it (in any case) as the password is refused."""
    assert "it is the email address" in POLICY.problems(email.upper(), email=email)


@pytest.mark.parametrize(
    "password", ["password123", "QWERTYUIOP", "iloveyou2", "bismillah123", "monkey12345!"]
)
def test_common_passwords_are_refused_whatever_their_case_or_padding(password: str) -> None:
    """A listed password, or one with digits and symbols added, is refused."""
    assert any("common" in p for p in POLICY.problems(password))


def test_a_long_uncommon_password_passes() -> None:
    """The policy has nothing against a passphrase."""
    assert POLICY.problems("kopi tubruk di pagi hari", email="ana@example.com") == []


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("+6281234567890", "+6281234567890"),
        ("081234567890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("(021) 555-0100", "+62215550100"),
        ("0044 20 7946 0958", "+442079460958"),
    ],
)
def test_phone_numbers_are_stored_in_e164(raw: str, e164: str) -> None:
    """Local Indonesian spellings become +62...; other E.164 numbers stay as they are."""
    assert normalise_phone(raw) == e164


@pytest.mark.parametrize("raw", ["12", "+0123456789", "phone", "+62 812 abc", "+1234567890123456"])
def test_malformed_phone_numbers_are_refused(raw: str) -> None:
    """Too short, too long, a leading zero after +, letters: ValidationFailed."""
    with pytest.raises(ValidationFailed):
        normalise_phone(raw)


@pytest.mark.parametrize("raw", ["", "ana", "ana@", "@example.com", "ana@example", "a b@c.d"])
def test_malformed_emails_are_refused(raw: str) -> None:
    """An address needs a local part, an @ and a dotted domain."""
    with pytest.raises(ValidationFailed):
        check_email(raw)
