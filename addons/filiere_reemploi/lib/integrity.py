"""Hash chains and Ed25519 signatures of the documents a structure issues.

Plain module (no Odoo import), so that a stand-alone verifier can apply the same rules:

- ``canonical_json(value)``: one text for one content (sorted keys, no spaces, UTF-8 kept);
- ``link_hash(previous, payload)``: SHA-256 of the previous record's chain hash followed by this
  record's canonical payload, as Odoo's inalterable journal entries chain their hashes;
- ``sign(key, chain_hash)`` / ``verify(public_key, chain_hash, signature)``: Ed25519 over the chain
  hash, base64; the private key lives in a PEM file outside the database.
"""

import base64
import hashlib
import json
import os

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey


class SigningKeyError(Exception):
    """The signing key file is missing, unreadable or not an Ed25519 private key."""


def canonical_json(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def sha256_hex(data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def link_hash(previous_hash, payload):
    """The chain hash of a record: covers the previous record's chain hash and this record's payload."""
    return sha256_hex((previous_hash or "") + payload)


_KEYS = {}


def load_private_key(path):
    """The Ed25519 private key of a PEM file (PKCS#8, as `openssl genpkey -algorithm ed25519` writes it)."""
    if not path:
        raise SigningKeyError("no key file is named")
    try:
        stat = os.stat(path)
    except OSError as error:
        raise SigningKeyError(f"{path}: {error.strerror}") from error
    cache_key = (path, stat.st_mtime_ns, stat.st_size)
    if cache_key not in _KEYS:
        try:
            with open(path, "rb") as handle:
                key = serialization.load_pem_private_key(handle.read(), password=None)
        except (OSError, ValueError, TypeError) as error:
            raise SigningKeyError(f"{path}: {error}") from error
        if not isinstance(key, Ed25519PrivateKey):
            raise SigningKeyError(f"{path}: not an Ed25519 private key")
        _KEYS[cache_key] = key
    return _KEYS[cache_key]


def public_key_b64(private_key):
    """The raw 32-byte public key, base64: what documents and the public page print."""
    raw = private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def sign(private_key, chain_hash):
    return base64.b64encode(private_key.sign(chain_hash.encode("ascii"))).decode("ascii")


def verify(public_key, chain_hash, signature):
    """True when ``signature`` (base64) is the signature of ``chain_hash`` by ``public_key`` (base64)."""
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key, validate=True))
        key.verify(base64.b64decode(signature, validate=True), (chain_hash or "").encode("ascii"))
    except (InvalidSignature, ValueError, TypeError, UnicodeEncodeError):
        return False
    return True
