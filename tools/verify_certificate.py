#!/usr/bin/env python3
"""Check an erasure certificate PDF without the network's server.

    python3 tools/verify_certificate.py certificate.pdf --public-key <key>

<key>: the structure's public key in base64, or a file holding it, or a PEM public key file.

Prints "valid" and the certified facts (exit 0), or "altered" and the reason (exit 1); a key that
cannot be read gives exit 2. Needs only the Python packages ``cryptography`` and ``pypdf``.

The PDF embeds, in its document information entry /FiliereCertificate, the certified content
(canonical JSON), the previous certificate's chain hash, the chain hash and the structure's
Ed25519 signature of it. This file applies the rules of addons/filiere_reemploi/lib/integrity.py,
copied on purpose so that it stands alone:

- content hash = SHA-256 of the content's UTF-8 text;
- chain hash = SHA-256 of (previous chain hash + content);
- the signature is Ed25519 over the chain hash's ASCII text, base64; the key is the raw 32-byte
  public key, base64, as the certificate, the public check page and the structure publish it.
"""

import argparse
import base64
import hashlib
import json
import os
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pypdf import PdfReader

SIGNED_ENTRY = "/FiliereCertificate"


class Altered(Exception):
    """The certificate does not verify; the message says why."""


def sha256_hex(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_public_key(value):
    """The raw public key, base64, from a base64 string, a file holding one, or a PEM public key file."""
    if os.path.isfile(value):
        with open(value, "rb") as handle:
            data = handle.read()
        if b"-----BEGIN" in data:
            key = serialization.load_pem_public_key(data)
            if not isinstance(key, Ed25519PublicKey):
                raise ValueError("not an Ed25519 public key")
            raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
            return base64.b64encode(raw).decode("ascii")
        value = data.decode("ascii").strip()
    raw = base64.b64decode(value.strip(), validate=True)
    Ed25519PublicKey.from_public_bytes(raw)
    return base64.b64encode(raw).decode("ascii")


def signed_material(path):
    try:
        reader = PdfReader(path)
        envelope = (reader.metadata or {}).get(SIGNED_ENTRY)
        text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    except Exception as error:  # any unreadable PDF is simply not a valid certificate
        raise Altered(f"the PDF cannot be read ({error})") from error
    if not envelope:
        raise Altered("the PDF holds no signed certificate content")
    try:
        signed = json.loads(str(envelope))
        content = json.loads(signed["content"])
    except (ValueError, KeyError, TypeError) as error:
        raise Altered(f"the signed material is unreadable ({error})") from error
    if not isinstance(content, dict):
        raise Altered("the signed content is not a certificate")
    return signed, content, text


def verify(path, public_key):
    """The certified content when the PDF verifies with ``public_key`` (raw, base64); raises Altered."""
    signed, content, text = signed_material(path)
    if signed.get("public_key") != public_key:
        raise Altered("the certificate was not signed with this public key")
    chain_hash = sha256_hex((signed.get("previous_hash") or "") + signed["content"])
    if chain_hash != signed.get("chain_hash"):
        raise Altered("the certified content does not give its chain hash: it was changed after signing")
    try:
        Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key)).verify(
            base64.b64decode(signed.get("signature") or "", validate=True), chain_hash.encode("ascii")
        )
    except (InvalidSignature, ValueError) as error:
        raise Altered("the signature does not verify with this public key") from error
    # The page must print what was signed: number, device, content hash and chain hash.
    printed = {
        "number": content.get("number"),
        "device serial": (content.get("device") or {}).get("serial"),
        "content hash": sha256_hex(signed["content"]),
        "chain hash": chain_hash,
    }
    for label, value in printed.items():
        if value and str(value) not in text:
            raise Altered(f"the printed page does not show the signed {label} {value}")
    return content, sha256_hex(signed["content"]), chain_hash


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdf", help="the certificate PDF")
    parser.add_argument(
        "--public-key", required=True, help="the structure's public key: base64, or a file holding it or a PEM key"
    )
    args = parser.parse_args(argv)
    try:
        public_key = read_public_key(args.public_key)
    except (OSError, ValueError, TypeError) as error:
        print(f"error: the public key cannot be read ({error})", file=sys.stderr)
        return 2
    try:
        content, content_hash, chain_hash = verify(args.pdf, public_key)
    except Altered as error:
        print(f"altered: {error}")
        return 1
    device = content.get("device") or {}
    print("valid")
    for label, value in (
        ("Number", content.get("number")),
        ("Structure", content.get("structure")),
        ("Device serial", device.get("serial")),
        ("Device", " ".join(filter(None, [device.get("type"), device.get("brand"), device.get("model")]))),
        ("Result", content.get("result")),
        ("Issue date (UTC)", content.get("issue_date")),
        ("Donation", content.get("donation")),
        ("Replaces", (content.get("replaces") or {}).get("number")),
        ("Content SHA-256", content_hash),
        ("Chain hash", chain_hash),
    ):
        if value:
            print(f"{label}: {value}")
    for medium in content.get("media") or []:
        print(
            "Medium: "
            + " ".join(filter(None, [medium.get("manufacturer"), medium.get("model"), medium.get("serial")]))
            + f" – {medium.get('nist_category')} {medium.get('method')} – {medium.get('result')}"
        )
    print("The state (valid or cancelled since) is on the certificate's public check page.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
