"""Private lookup codes that let a citizen follow an appeal without an account.

A code is ten characters of Crockford's base32 (about 50 bits): too many to guess even
without the rate limit on the status lookup. Intake stores only its SHA-256; a plain
hash suffices because the code is random, not chosen by a person.

When the request carries an idempotency key, the code is derived from that key with an
HMAC under a server secret, so a repeated request (a double click, a retried upload) gets
the same code back without intake ever storing the code itself.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})


def _encode(raw: bytes) -> str:
    number = int.from_bytes(raw, "big")
    characters = []
    for _ in range(CODE_LENGTH):
        number, index = divmod(number, len(ALPHABET))
        characters.append(ALPHABET[index])
    return "".join(characters)


def new_code() -> str:
    """A fresh random code."""
    return _encode(secrets.token_bytes(8))


def code_for_key(secret: str, scope: str, key: str) -> str:
    """The code of the request identified by (scope, idempotency key)."""
    digest = hmac.new(secret.encode(), f"{scope}\x00{key}".encode(), hashlib.sha256).digest()
    return _encode(digest[:8])


def normalise(raw: str) -> str:
    """What the citizen typed, as stored: case, spaces, dashes and look-alikes forgiven."""
    compact = "".join(raw.split()).replace("-", "").upper()
    return compact.translate(_CONFUSABLE)


def display(code: str) -> str:
    """Grouped for reading aloud and copying: `ABCDE-FGHJK`."""
    return f"{code[:5]}-{code[5:]}"


def hash_code(code: str) -> str:
    return hashlib.sha256(normalise(code).encode()).hexdigest()


def matches(raw: str, stored_hash: str | None) -> bool:
    if stored_hash is None:
        return False
    return hmac.compare_digest(hash_code(raw), stored_hash)
