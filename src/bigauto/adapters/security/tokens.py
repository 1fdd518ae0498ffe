"""JWT access and refresh tokens (PyJWT) with the algorithm pinned on decode.

Claims: ``sub`` (user id), ``jti`` (token id), ``typ`` (access|refresh), ``iat``, ``exp``, ``iss``,
``aud``; refresh tokens carry ``fam`` (the rotation family); access tokens carry the roles
(``sel``, ``adm``) so that an authorisation check needs no database round trip. Every failure —
bad signature, ``alg: none``, wrong audience or type, expiry — is the same ``InvalidToken``.

HS256 with a shared secret is the default. With a key pair (``JWT_ALGORITHM`` RS256, ES256 or
EdDSA and PEM keys) tokens are signed with the private key and checked with the public one,
so other services can verify tokens without being able to mint them. Either way the decoder
accepts exactly the one configured algorithm.
"""

from __future__ import annotations

from typing import Any

import jwt

from bigauto.domain.identity.errors import InvalidToken
from bigauto.ports.identity.security import IssuedToken, TokenClaims
from bigauto.ports.shared.system import IdGenerator

_REQUIRED = ["sub", "jti", "typ", "iat", "exp", "iss", "aud"]


class JwtTokenService:
    """The ``TokenService`` port over PyJWT (HS256 by default)."""

    def __init__(
        self,
        *,
        secret: str | None = None,
        ids: IdGenerator,
        issuer: str,
        audience: str,
        access_ttl: int,
        refresh_ttl: int,
        algorithm: str = "HS256",
        verify_key: str | None = None,
        private_key: str | None = None,
        public_key: str | None = None,
    ) -> None:
        if algorithm.startswith("HS"):
            if not secret:
                raise ValueError(f"{algorithm} needs a secret")
            self._signing_key, self._verify_key = secret, verify_key or secret
        else:
            if not (private_key and public_key):
                raise ValueError(f"{algorithm} needs a private and a public key (PEM)")
            self._signing_key, self._verify_key = private_key, public_key
        self._ids = ids
        self._issuer = issuer
        self._audience = audience
        self._ttl = {"access": access_ttl, "refresh": refresh_ttl}
        self._algorithm = algorithm

    def ttl(self, token_type: str) -> int:
        return self._ttl[token_type]

    def issue(
        self,
        *,
        user_id: str,
        token_type: str,
        now: int,
        family_id: str | None = None,
        is_seller: bool = False,
        is_admin: bool = False,
    ) -> IssuedToken:
        if token_type not in self._ttl:
            raise ValueError(f"unknown token type {token_type!r}")
        claims = TokenClaims(
            user_id=user_id,
            token_id=self._ids.new_id(),
            token_type=token_type,
            issued_at=now,
            expires_at=now + self._ttl[token_type],
            family_id=family_id,
            is_seller=is_seller,
            is_admin=is_admin,
        )
        payload: dict[str, Any] = {
            "sub": claims.user_id,
            "jti": claims.token_id,
            "typ": token_type,
            "iat": claims.issued_at,
            "exp": claims.expires_at,
            "iss": self._issuer,
            "aud": self._audience,
        }
        if family_id is not None:
            payload["fam"] = family_id
        if token_type == "access":
            payload["sel"] = is_seller
            payload["adm"] = is_admin
        token = jwt.encode(payload, self._signing_key, algorithm=self._algorithm)
        return IssuedToken(token=token, claims=claims)

    def verify(self, token: str, *, token_type: str, now: int) -> TokenClaims:
        try:
            payload = jwt.decode(
                token,
                self._verify_key,
                algorithms=[self._algorithm],
                audience=self._audience,
                issuer=self._issuer,
                options={"require": _REQUIRED, "verify_exp": False, "verify_iat": False},
            )
        except jwt.PyJWTError:
            raise InvalidToken() from None
        # Expiry is judged against the injected clock, not the machine's, so tests drive it.
        if payload.get("typ") != token_type or not isinstance(payload.get("exp"), int):
            raise InvalidToken()
        if payload["exp"] <= now:
            raise InvalidToken()
        return TokenClaims(
            user_id=str(payload["sub"]),
            token_id=str(payload["jti"]),
            token_type=token_type,
            issued_at=int(payload["iat"]),
            expires_at=int(payload["exp"]),
            family_id=payload.get("fam"),
            is_seller=bool(payload.get("sel", False)),
            is_admin=bool(payload.get("adm", False)),
        )


__all__ = ["JwtTokenService"]
