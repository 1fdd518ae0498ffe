"""Randomness for OTP codes and tokens, from the operating system's CSPRNG."""

from __future__ import annotations

import secrets


class SecretsRandom:
    """A ``RandomSource`` backed by :mod:`secrets`."""

    def token(self, nbytes: int = 32) -> str:
        """``nbytes`` random bytes as URL-safe text."""
        return secrets.token_urlsafe(nbytes)

    def digits(self, length: int) -> str:
        """``length`` random decimal digits (leading zeros kept)."""
        if length < 1:
            raise ValueError("a code has at least one digit")
        return "".join(secrets.choice("0123456789") for _ in range(length))


__all__ = ["SecretsRandom"]
