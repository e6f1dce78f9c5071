#!/usr/bin/env python3
"""Make a structure's Ed25519 signing key: a PEM file readable by its owner only.

    python3 tools/make_signing_key.py /etc/odoo/filiere/signing_key.pem

Then name the file in the Odoo server configuration (``filiere_signing_key = <path>``) and print
the public key that documents and the public check page show with ``--public``. The same as
``openssl genpkey -algorithm ed25519 -out <path>``. Keep a copy of the key in a safe place: the
documents it signed can still be checked without it (with the public key), but nothing new can be
issued in the same chain without it.
"""

import argparse
import base64
import os
import sys

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", help="the PEM file to write (refused if it exists)")
    parser.add_argument("--public", action="store_true", help="print the public key of an existing file instead")
    args = parser.parse_args(argv)
    if args.public:
        with open(args.path, "rb") as handle:
            key = serialization.load_pem_private_key(handle.read(), password=None)
    else:
        if os.path.exists(args.path):
            parser.error(f"{args.path} exists: a key is never overwritten")
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        descriptor = os.open(args.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(pem)
    public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    print(base64.b64encode(public).decode("ascii"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
