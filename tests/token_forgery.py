"""Forged and tampered access tokens, for tests that check a service rejects them.

``forged_tokens(keys, valid_token)`` starts from a real token of auth-service and
returns variants that a correct verifier must reject: ``alg: none``, HS256 keyed
with the RSA public key PEM, a signature by an unknown key, edited claims, and
malformed text. Given the real signing key (``auth_signing_key``), it also signs
valid-looking tokens that fail one claim check each: expired, wrong ``iss``,
wrong ``aud``, missing or wrong ``typ``, missing ``exp``.
"""

import base64
import hashlib
import hmac
import json
import subprocess
import time

import httpx
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64_json(value: dict) -> str:
    return _b64(json.dumps(value, separators=(",", ":")).encode())


def _unsigned(header: dict, claims: dict) -> str:
    return f"{_b64_json(header)}.{_b64_json(claims)}"


def public_key_pem(keys: str, kid: str) -> bytes:
    """Return the PEM of ``kid`` from a JWKS URL, or ``keys`` itself if it is a PEM."""
    if keys.lstrip().startswith("-----BEGIN"):
        return keys.encode()
    document = httpx.get(keys, timeout=5).raise_for_status().json()
    for entry in document["keys"]:
        if entry.get("kid") == kid:
            public_key = RSAAlgorithm.from_jwk(entry)
            return public_key.public_bytes(
                serialization.Encoding.PEM,
                serialization.PublicFormat.SubjectPublicKeyInfo,
            )
    raise LookupError(f"kid {kid!r} is not in the JWKS at {keys}")


def auth_signing_key(database: str) -> tuple[str, str]:
    """Read the newest active signing key (kid, private PEM) of an auth database."""
    result = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-d",
            database,
            "-At",
            "-c",
            "SELECT kid || '|' || private_pem FROM signing_keys "
            "WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    kid, _, pem = result.stdout.strip().partition("|")
    if not pem:
        raise LookupError(f"no active signing key in database {database}")
    return kid, pem


def _new_rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _signed_variants(header: dict, claims: dict, pem: str) -> dict:
    now = int(time.time())

    def sign(payload: dict, headers: dict) -> str:
        return jwt.encode(payload, pem, algorithm="RS256", headers=headers)

    without_typ = {key: value for key, value in header.items() if key != "typ"}
    without_exp = {key: value for key, value in claims.items() if key != "exp"}
    return {
        "expired": sign({**claims, "iat": now - 7200, "exp": now - 3600}, header),
        "wrong_issuer": sign({**claims, "iss": "https://attacker.example"}, header),
        "wrong_audience": sign({**claims, "aud": "another-api"}, header),
        "missing_typ": sign(claims, without_typ),
        "wrong_typ": sign(claims, {**header, "typ": "JWT"}),
        "missing_exp": sign(without_exp, header),
    }


def forged_tokens(
    keys: str, valid_token: str, *, signing_key: tuple[str, str] | None = None
) -> dict[str, str]:
    """Return forged variants of ``valid_token`` by name.

    ``keys`` is auth-service's JWKS URL or the RSA public key PEM. With
    ``signing_key`` (kid, private PEM) the result also contains tokens signed by the
    real key that fail a claim check.
    """
    header = jwt.get_unverified_header(valid_token)
    claims = jwt.decode(valid_token, options={"verify_signature": False})
    kid = header["kid"]
    public_pem = public_key_pem(keys, kid)
    hs_header = {**header, "alg": "HS256"}
    hs_input = _unsigned(hs_header, claims)
    hs_signature = hmac.new(public_pem, hs_input.encode(), hashlib.sha256).digest()
    foreign_key = _new_rsa_key()
    encoded_header, encoded_claims, signature = valid_token.split(".")
    escalated = {**claims, "roles": ["ROLE_ADMIN"], "scope": claims["scope"] + " x"}
    tokens = {
        "alg_none": _unsigned({**header, "alg": "none"}, claims) + ".",
        "alg_none_capitalized": _unsigned({**header, "alg": "None"}, claims) + ".",
        "hs256_public_key": f"{hs_input}.{_b64(hs_signature)}",
        "unknown_kid": jwt.encode(
            claims,
            foreign_key,
            algorithm="RS256",
            headers={**header, "kid": "forged-kid"},
        ),
        "foreign_key_same_kid": jwt.encode(
            claims, foreign_key, algorithm="RS256", headers=header
        ),
        "edited_claims": f"{encoded_header}.{_b64_json(escalated)}.{signature}",
        "stripped_signature": f"{encoded_header}.{encoded_claims}.",
        "truncated_signature": f"{encoded_header}.{encoded_claims}.{signature[:-8]}",
        "garbage": "not-a-jwt",
        "garbage_three_parts": "aaa.bbb.ccc",
    }
    if signing_key is not None:
        signing_kid, pem = signing_key
        signing_header = {**header, "kid": signing_kid}
        tokens.update(_signed_variants(signing_header, claims, pem))
    return tokens
