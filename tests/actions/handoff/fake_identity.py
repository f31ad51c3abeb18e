"""Signed Bot Framework tokens for end-to-end tests, with the standard library only.

The action environment (where the browser tests run) has neither PyJWT nor ``cryptography``, so
this module makes its own RSA key (Miller-Rabin primes, 2048 bits), publishes it as a JWK and
signs RS256 JWTs (PKCS#1 v1.5 over SHA-256), exactly what the Rasa Teams connector validates
with PyJWT against the OpenID metadata. A test key, made fresh in each run; never use it to
protect anything.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
import uuid
from dataclasses import dataclass
from typing import Any

ISSUER = "https://api.botframework.com"
#: DER prefix of a SHA-256 DigestInfo (RFC 8017, section 9.2, note 1).
_SHA256_PREFIX = bytes.fromhex("3031300d060960864801650304020105000420")
_SMALL_PRIMES = [p for p in range(3, 2000, 2) if all(p % d for d in range(3, int(p**0.5) + 1, 2))]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _int_b64(value: int) -> str:
    return _b64(value.to_bytes((value.bit_length() + 7) // 8, "big"))


def _probably_prime(n: int, rounds: int = 40) -> bool:
    if any(n % p == 0 for p in _SMALL_PRIMES):
        return n in _SMALL_PRIMES
    d, r = n - 1, 0
    while d % 2 == 0:
        d, r = d // 2, r + 1
    for _ in range(rounds):
        x = pow(secrets.randbelow(n - 3) + 2, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(r - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def _prime(bits: int) -> int:
    while True:
        candidate = secrets.randbits(bits) | (1 << (bits - 1)) | (1 << (bits - 2)) | 1
        if _probably_prime(candidate):
            return candidate


@dataclass(frozen=True)
class SigningKey:
    """An RSA key pair (e = 65537) with its key id."""

    kid: str
    n: int
    d: int
    e: int = 65537

    @classmethod
    def generate(cls, bits: int = 2048) -> SigningKey:
        while True:
            p, q = _prime(bits // 2), _prime(bits // 2)
            phi = (p - 1) * (q - 1)
            if p != q and phi % 65537:
                return cls(uuid.uuid4().hex, p * q, pow(65537, -1, phi))

    def jwk(self, endorsements: tuple[str, ...] = ("msteams",)) -> dict[str, Any]:
        """The public key as Bot Framework's JWKS lists it."""
        return {"kty": "RSA", "use": "sig", "kid": self.kid, "n": _int_b64(self.n),
                "e": _int_b64(self.e), "endorsements": list(endorsements)}  # fmt: skip

    def sign(self, message: bytes) -> bytes:
        """RSASSA-PKCS1-v1_5 with SHA-256."""
        size = (self.n.bit_length() + 7) // 8
        digest = _SHA256_PREFIX + hashlib.sha256(message).digest()
        encoded = b"\x00\x01" + b"\xff" * (size - len(digest) - 3) + b"\x00" + digest
        return pow(int.from_bytes(encoded, "big"), self.d, self.n).to_bytes(size, "big")

    def mint(self, app_id: str, service_url: str, lifetime: float = 3600, **claims: Any) -> str:
        """A Bot Connector token as Teams sends it to the bot's messaging endpoint."""
        now = int(time.time())
        body = {"iss": ISSUER, "aud": app_id, "serviceUrl": service_url, "nbf": now - 5,
                "iat": now - 5, "exp": int(now + lifetime), **claims}  # fmt: skip
        header = {"alg": "RS256", "typ": "JWT", "kid": self.kid}
        signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(body).encode())}"
        return f"{signing_input}.{_b64(self.sign(signing_input.encode()))}"
