"""Hash chain and Ed25519 signatures of issued documents (plain module, no server)."""

import subprocess

import pytest
from plain import load

integrity = load("filiere_reemploi", "integrity")


@pytest.fixture(scope="module")
def key_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("key") / "structure.pem"
    subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", str(path)], check=True)
    return path


def test_chain_hash_covers_previous_and_payload():
    first = integrity.link_hash("", '{"n":1}')
    second = integrity.link_hash(first, '{"n":2}')
    assert first != integrity.link_hash("", '{"n":1 }')
    assert second != integrity.link_hash(integrity.link_hash("", '{"n":0}'), '{"n":2}')
    assert len(second) == 64


def test_signature_verifies_only_the_signed_hash_with_the_right_key(key_path, tmp_path):
    key = integrity.load_private_key(str(key_path))
    public = integrity.public_key_b64(key)
    chain_hash = integrity.link_hash("", integrity.canonical_json({"number": "CERT/2026/00001"}))
    signature = integrity.sign(key, chain_hash)
    assert integrity.verify(public, chain_hash, signature)
    assert not integrity.verify(public, integrity.link_hash("", "{}"), signature)
    other_path = tmp_path / "other.pem"
    subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", str(other_path)], check=True)
    other_public = integrity.public_key_b64(integrity.load_private_key(str(other_path)))
    assert not integrity.verify(other_public, chain_hash, signature)
    assert not integrity.verify(public, chain_hash, "not base64!")


def test_missing_or_wrong_key_file_names_the_problem(tmp_path):
    with pytest.raises(integrity.SigningKeyError, match="no key file"):
        integrity.load_private_key("")
    with pytest.raises(integrity.SigningKeyError, match="No such file"):
        integrity.load_private_key(str(tmp_path / "absent.pem"))
    rsa = tmp_path / "rsa.pem"
    subprocess.run(
        ["openssl", "genpkey", "-algorithm", "rsa", "-pkeyopt", "rsa_keygen_bits:1024", "-out", str(rsa)],
        check=True,
        capture_output=True,
    )
    with pytest.raises(integrity.SigningKeyError, match="not an Ed25519"):
        integrity.load_private_key(str(rsa))
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("hello")
    with pytest.raises(integrity.SigningKeyError, match="garbage.pem"):
        integrity.load_private_key(str(garbage))
