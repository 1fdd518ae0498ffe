"""The password policy: long enough, not the email, not one of the most common passwords.

The policy is a rule of the domain, so the same check guards registration, password changes
and ``bigauto create-admin``. It refuses with ``WeakPassword`` listing every problem at once,
so a person fixes their password in one go.

>>> PasswordPolicy().problems("sunshine2024", email="ana@example.com")
['it is a common password (or one with digits added)']
>>> PasswordPolicy().problems("ana@example.com", email="Ana@Example.com")
['it is the email address']
>>> PasswordPolicy().check("kopi-tubruk-di-pagi", email="ana@example.com")
"""

from __future__ import annotations

import attrs

from bigauto.domain.identity._common_passwords import COMMON_PASSWORDS
from bigauto.domain.identity.errors import WeakPassword

MIN_PASSWORD_LENGTH = 10
# Argon2 would hash a megabyte happily; a cap keeps one request from costing much more than another.
MAX_PASSWORD_LENGTH = 256

_PADDING = "0123456789!@#$%^&*()-_=+.,?~ "


@attrs.frozen
class PasswordPolicy:
    """What a password must be: ``min_length`` to ``max_length`` characters, not guessable."""

    min_length: int = MIN_PASSWORD_LENGTH
    max_length: int = MAX_PASSWORD_LENGTH
    common: frozenset[str] = COMMON_PASSWORDS

    def problems(self, password: str, *, email: str | None = None) -> list[str]:
        """Every reason the policy refuses ``password`` (empty when it is acceptable)."""
        found = []
        if len(password) < self.min_length:
            found.append(f"it must be at least {self.min_length} characters long")
        if len(password) > self.max_length:
            found.append(f"it must be at most {self.max_length} characters long")
        folded = password.strip().casefold()
        if email:
            address = email.strip().casefold()
            local = address.partition("@")[0]
            if folded in (address, local):
                found.append("it is the email address")
        # "monkey12345" is "monkey" with digits added; guessing tools try exactly that.
        stem = folded.rstrip(_PADDING)
        if folded in self.common or (stem and stem in self.common) or _one_repeated(folded):
            found.append("it is a common password (or one with digits added)")
        return found

    def check(self, password: str, *, email: str | None = None) -> None:
        """Raise ``WeakPassword`` naming every problem, or do nothing."""
        found = self.problems(password, email=email)
        if found:
            raise WeakPassword(
                "the password is too weak: " + "; ".join(found), details={"problems": found}
            )


def _one_repeated(text: str) -> bool:
    """``aaaaaaaaaa``, ``abcabcabcabc``: a short run repeated to reach the length."""
    size = len(text)
    return size > 0 and any(
        size % n == 0 and text == text[:n] * (size // n) for n in range(1, min(size // 2, 4) + 1)
    )


__all__ = ["MAX_PASSWORD_LENGTH", "MIN_PASSWORD_LENGTH", "PasswordPolicy"]
