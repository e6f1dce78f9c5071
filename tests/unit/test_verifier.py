"""The stand-alone verifier on a certificate PDF drawn by lib/certificate_pdf.py (no server)."""

import subprocess
import sys
from pathlib import Path

import pytest
from plain import load
from test_certificate_pdf import DATA, LABELS

certificate_pdf = load("filiere_wipe", "certificate_pdf")
integrity = load("filiere_reemploi", "integrity")
VERIFIER = Path(__file__).resolve().parents[2] / "tools" / "verify_certificate.py"


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    folder = tmp_path_factory.mktemp("keys")
    private, public = folder / "structure.pem", folder / "structure.pub.pem"
    subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", str(private)], check=True)
    subprocess.run(["openssl", "pkey", "-in", str(private), "-pubout", "-out", str(public)], check=True)
    key = integrity.load_private_key(str(private))
    return key, integrity.public_key_b64(key), public


def signed_pdf(key, previous="ab" * 32):
    content = {
        "format": 2,
        "number": DATA["number"],
        "structure": DATA["structure"],
        "device": {"serial": "GAP-LT-0001", "type": "Laptop", "brand": "Lenovo", "model": "T480"},
        "donor": DATA["donor"],
        "donation": "CONV/2026/0001",
        "issue_date": "2026-11-22 10:00:00",
        "result": "erased",
        "media": [{"serial": "S3TANX0K401", "nist_category": "clear", "method": "PRNG Stream", "result": "success"}],
    }
    text = certificate_pdf.canonical_json(content)
    chain_hash = integrity.link_hash(previous, text)
    signed = {
        "content": text,
        "previous_hash": previous,
        "chain_hash": chain_hash,
        "signature": integrity.sign(key, chain_hash),
        "public_key": integrity.public_key_b64(key),
    }
    data = dict(DATA, hash=certificate_pdf.content_hash(content), signed=signed, donation="CONV/2026/0001")
    return certificate_pdf.render_certificate(data, LABELS)


def run(pdf, public_key, tmp_path):
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        [sys.executable, str(VERIFIER), str(path), "--public-key", str(public_key)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_issued_pdf_is_valid_with_the_structure_key(keys, tmp_path):
    key, public, public_pem = keys
    pdf = signed_pdf(key)
    result = run(pdf, public, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("valid")
    for fact in ("CERT/2026/00042", "La Petite Ourse", "GAP-LT-0001", "erased", "2026-11-22 10:00:00"):
        assert fact in result.stdout
    # The key as a PEM public key file, or as a file holding the base64 key.
    assert run(pdf, public_pem, tmp_path).returncode == 0
    key_file = tmp_path / "key.txt"
    key_file.write_text(public + "\n")
    assert run(pdf, key_file, tmp_path).returncode == 0


def test_one_byte_changed_in_the_certified_text_is_altered(keys, tmp_path):
    key, public, _pem = keys
    pdf = signed_pdf(key)
    start = pdf.index(b"/FiliereCertificate")
    position = pdf.index(b"S3TANX0K401", start)
    altered = pdf[:position] + b"X" + pdf[position + 1 :]
    result = run(altered, public, tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("altered")
    assert "chain hash" in result.stdout


def test_another_key_or_no_signed_content_is_altered(keys, tmp_path):
    key, public, _pem = keys
    other = tmp_path / "other.pem"
    subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", str(other)], check=True)
    other_public = integrity.public_key_b64(integrity.load_private_key(str(other)))
    result = run(signed_pdf(key), other_public, tmp_path)
    assert result.returncode == 1 and "not signed with this public key" in result.stdout
    # Signed by the other key but claiming ours: the signature does not verify.
    forged = signed_pdf(integrity.load_private_key(str(other))).replace(other_public.encode(), public.encode())
    result = run(forged, public, tmp_path)
    assert result.returncode == 1 and result.stdout.startswith("altered"), result.stdout
    unsigned = certificate_pdf.render_certificate(DATA, LABELS)
    result = run(unsigned, public, tmp_path)
    assert result.returncode == 1 and "no signed certificate content" in result.stdout
    assert run(signed_pdf(key), "not a key", tmp_path).returncode == 2
