"""JWT signing with a key pair (RS256, EdDSA) and the algorithm pinned on decode."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

import jwt
import pytest

from bigauto.adapters.memory import SequentialIds
from bigauto.adapters.security.tokens import JwtTokenService
from bigauto.config import ConfigError, Settings
from bigauto.domain.identity.errors import InvalidToken

NOW = 1_800_000_000


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def hs256(claims: dict[str, Any], key: bytes) -> str:
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = _b64(json.dumps(claims).encode())
    signature = hmac.new(key, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{_b64(signature)}"


def service(algorithm: str, private: str, public: str) -> JwtTokenService:
    return JwtTokenService(
        ids=SequentialIds(),
        issuer="bigauto",
        audience="bigauto-api",
        access_ttl=900,
        refresh_ttl=3600,
        algorithm=algorithm,
        private_key=private,
        public_key=public,
    )


def key_pair(algorithm: str) -> tuple[str, str]:
    serialization = pytest.importorskip("cryptography.hazmat.primitives.serialization")
    if algorithm == "RS256":
        from cryptography.hazmat.primitives.asymmetric import rsa

        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    else:
        from cryptography.hazmat.primitives.asymmetric import ed25519

        key = ed25519.Ed25519PrivateKey.generate()  # type: ignore[assignment]
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


@pytest.mark.parametrize("algorithm", ["RS256", "EdDSA"])
def test_a_key_pair_signs_and_verifies(algorithm: str) -> None:
    """Tokens signed with the private key verify with the public one; claims survive."""
    private, public = key_pair(algorithm)
    tokens = service(algorithm, private, public)
    issued = tokens.issue(user_id="u-1", token_type="access", now=NOW, family_id="f-1")
    assert jwt.get_unverified_header(issued.token)["alg"] == algorithm
    claims = tokens.verify(issued.token, token_type="access", now=NOW + 1)
    assert (claims.user_id, claims.family_id) == ("u-1", "f-1")


def test_the_public_key_used_as_an_hmac_secret_is_refused() -> None:
    """The classic confusion attack: HS256 signed with the public key is not RS256."""
    private, public = key_pair("RS256")
    tokens = service("RS256", private, public)
    claims = jwt.decode(
        tokens.issue(user_id="u-1", token_type="access", now=NOW).token,
        options={"verify_signature": False},
    )
    # PyJWT itself refuses to HMAC with a PEM key, so sign by hand, as an attacker would.
    forged = hs256(claims, public.encode())
    with pytest.raises(InvalidToken):
        tokens.verify(forged, token_type="access", now=NOW)


def test_an_hmac_service_needs_a_secret_and_a_pair_service_needs_both_keys() -> None:
    """Missing key material is refused when the service is built, not at the first request."""
    with pytest.raises(ValueError, match="secret"):
        JwtTokenService(ids=SequentialIds(), issuer="i", audience="a", access_ttl=1, refresh_ttl=1)
    with pytest.raises(ValueError, match="private and a public key"):
        service("RS256", "", "")


def test_settings_refuse_a_key_algorithm_without_keys() -> None:
    """JWT_ALGORITHM=RS256 without JWT_PRIVATE_KEY/JWT_PUBLIC_KEY is a ConfigError."""
    with pytest.raises(ConfigError, match="JWT_PRIVATE_KEY"):
        Settings.from_env({"JWT_ALGORITHM": "RS256"})
    with pytest.raises(ConfigError, match="JWT_ALGORITHM"):
        Settings.from_env({"JWT_ALGORITHM": "none"})
