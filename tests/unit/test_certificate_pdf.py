import hashlib
import io
import json

from plain import load
from pypdf import PdfReader

certificate_pdf = load("filiere_wipe", "certificate_pdf")

LABELS = {
    "title": "Certificat d'effacement des données",
    "cancelled": "ANNULÉ – remplacé par un nouveau certificat",
    "date": "Date",
    "donor": "Donateur",
    "device": "Appareil",
    "model": "Marque et modèle",
    "media_title": "Supports de stockage",
    "media_columns": [("medium", "Support"), ("category", "Catégorie NIST SP 800-88"), ("result", "Résultat")],
    "verify": "Vérifiez ce certificat sur :",
    "code": "Code de vérification",
    "signature": "Pour la structure, signature :",
    "donation": "Convention de cession",
    "chain_hash": "Empreinte de chaîne",
    "signature_value": "Signature Ed25519",
    "public_key": "Clé publique de la structure",
    "signed_note": "Ce certificat est signé électroniquement.",
}
DATA = {
    "number": "CERT/2026/00042",
    "date": "2026-11-22",
    "structure": "La Petite Ourse",
    "structure_address": "12 rue Carnot, 05000 Gap",
    "donor": "Ville de Gap",
    "device": [("Appareil", "GAP-LT-0001 – Ordinateur portable")],
    "media": [
        {"medium": "Samsung MZ7LN256 S3TANX0K401", "category": "Clear", "result": "Réussi"},
        {"medium": "WDC WD5000 WCC2EYZ01234", "category": "Destroy", "result": "Réussi"},
    ],
    "verification_code": "3F9A0C1D2E4B5A69",
    "verification_url": "https://reemploi.example/filiere/certificate/3F9A0C1D2E4B5A69",
    "hash": "ab" * 32,
    "cancelled": False,
}


def text_of(pdf):
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def test_canonical_content_does_not_depend_on_key_order():
    first = {"b": 1, "a": {"y": "é", "x": [1, 2]}}
    second = {"a": {"x": [1, 2], "y": "é"}, "b": 1}
    assert (
        certificate_pdf.canonical_json(first)
        == certificate_pdf.canonical_json(second)
        == ('{"a":{"x":[1,2],"y":"é"},"b":1}')
    )
    expected = hashlib.sha256('{"a":{"x":[1,2],"y":"é"},"b":1}'.encode()).hexdigest()
    assert certificate_pdf.content_hash(second) == expected


def test_any_change_changes_the_hash():
    content = {"number": "CERT/2026/00042", "media": [{"result": "success"}]}
    altered = {"number": "CERT/2026/00042", "media": [{"result": "failed"}]}
    assert certificate_pdf.content_hash(content) != certificate_pdf.content_hash(altered)


def test_certificate_states_each_medium_and_how_to_check_it():
    pdf = certificate_pdf.render_certificate(DATA, LABELS)
    text = text_of(pdf)
    for expected in (
        "Certificat d'effacement des données CERT/2026/00042",
        "Ville de Gap",
        "GAP-LT-0001 – Ordinateur portable",
        "S3TANX0K401",
        "WCC2EYZ01234",
        "Destroy",
        "3F9A0C1D2E4B5A69",
        "ab" * 32,
    ):
        assert expected in text, expected
    assert "ANNULÉ" not in text


def test_cancelled_certificate_says_so():
    text = text_of(certificate_pdf.render_certificate(dict(DATA, cancelled=True), LABELS))
    assert "ANNULÉ – remplacé par un nouveau certificat" in text


def test_signed_certificate_prints_and_embeds_its_signature():
    signed = {
        "content": '{"number":"CERT/2026/00042","donor":"Ville de Gap – é"}',
        "previous_hash": "cd" * 32,
        "chain_hash": "ef" * 32,
        "signature": "U" * 86 + "==",
        "public_key": "K" * 43 + "=",
    }
    pdf = certificate_pdf.render_certificate(dict(DATA, signed=signed, donation="CONV/2026/0001"), LABELS)
    text = text_of(pdf)
    for expected in ("ef" * 32, "U" * 86 + "==", "K" * 43 + "=", "Convention de cession CONV/2026/0001"):
        assert expected in text, expected
    embedded = json.loads(PdfReader(io.BytesIO(pdf)).metadata["/FiliereCertificate"])
    assert embedded == signed
    # Without signed material (a certificate issued before signatures), nothing is embedded.
    assert "/FiliereCertificate" not in PdfReader(io.BytesIO(certificate_pdf.render_certificate(DATA, LABELS))).metadata


def test_attestation_lists_every_device_on_several_pages():
    labels = {
        "title": "Attestation d'effacement des données",
        "intro": "La structure atteste que les données des appareils ci-dessous ont été effacées.",
        "donor": "Donateur",
        "donation": "Convention de cession",
        "date": "Date",
        "columns": ["Numéro de série", "Type", "Certificat", "Résultat", "Date"],
        "signature": "Pour la structure, signature :",
    }
    lines = [(f"GAP-{i:04d}", "Ordinateur portable", f"CERT/2026/{i:05d}", "Effacé", "2026-11-22") for i in range(120)]
    data = {
        "structure": "La Petite Ourse",
        "donor": "Ville de Gap",
        "donation": "CONV/2026/0001",
        "date": "2026-11-22",
        "lines": lines,
        "totals": [("Appareils", 120), ("Effacés", 120), ("Détruits", 0), ("En attente", 0)],
        "signatory": "Camille Martin",
    }
    pdf = certificate_pdf.render_attestation(data, labels)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > 1
    text = text_of(pdf)
    assert "GAP-0000" in text and "GAP-0119" in text and "CERT/2026/00119" in text
    assert "Convention de cession CONV/2026/0001" in text


def test_partial_attestation_says_so_on_its_face():
    labels = {
        "title": "Attestation d'effacement des données",
        "intro": "",
        "donor": "Donateur",
        "donation": "Convention de cession",
        "date": "Date",
        "columns": ["Numéro de série", "Type", "Statut", "Certificat", "Méthode", "Date"],
        "signature": "Pour la structure, signature :",
    }
    lines = [
        *[(f"GAP-{i:04d}", "Ordinateur portable", "Effacé", f"CERT/2026/{i:05d}", "Purge", "") for i in range(3)],
        ("GAP-0003", "Ordinateur portable", "En attente", "—", "", ""),
        ("GAP-0004", "Ordinateur portable", "En attente", "—", "", ""),
        ("GAP-EC-01", "Écran", "Sans support de stockage", "—", "", ""),
    ]
    data = {
        "structure": "La Petite Ourse",
        "donor": "Ville de Gap",
        "donation": "CONV/2026/0001",
        "date": "2026-11-22",
        "notices": ["Attestation partielle : 2 appareil(s) encore en attente."],
        "statements": [
            "Les données des 3 appareil(s) marqués « Effacé » ont été effacées.",
            "Les données des 2 appareil(s) marqués « En attente » ou « Échec » n'ont pas encore été effacées.",
        ],
        "lines": lines,
        "highlight": [3, 4],
        "totals": [("Appareils", 6), ("Effacés", 3), ("En attente", 2)],
        "signatory": "Camille Martin",
    }
    text = text_of(certificate_pdf.render_attestation(data, labels))
    assert "Attestation partielle : 2 appareil(s) encore en attente." in text
    # On its face: before the table of devices.
    assert text.index("Attestation partielle") < text.index("GAP-0000")
    assert "n'ont pas encore été effacées" in text
    assert "GAP-0004 Ordinateur portable En attente" in text
    assert "GAP-EC-01 Écran Sans support de stockage" in text


def test_attestation_numbers_its_pages_and_keeps_long_serials_on_one_line():
    labels = {
        "title": "Attestation d'effacement des données",
        "intro": "",
        "donor": "Donateur",
        "donation": "Convention de cession",
        "date": "Date",
        "columns": ["Numéro de série", "Type", "Statut", "Certificat", "Méthode", "Date"],
        "signature": "Pour la structure, signature :",
        "page": "Page",
    }
    # Serials as manufacturers print them: long, no space to break at.
    serials = [f"PF-2KXW7Y-LENOVO-{i:06d}-5CG0AB" for i in range(90)]
    data = {
        "structure": "La Petite Ourse",
        "donor": "Ville de Gap",
        "donation": "CONV/2026/0001",
        "date": "22/11/2026",
        "lines": [
            (serial, "Ordinateur portable", "Effacé", "CERT/2026/00001", "Purge", "22/11/2026") for serial in serials
        ],
        "totals": [("Appareils", 90)],
        "signatory": "Camille Martin",
    }
    pages = [
        page.extract_text() for page in PdfReader(io.BytesIO(certificate_pdf.render_attestation(data, labels))).pages
    ]
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} / {len(pages)}" in page, f"page {number} says it is {number} of {len(pages)}"
    lines = "\n".join(pages).splitlines()
    for serial in serials:
        assert any(serial in line for line in lines), f"{serial} is printed on one line"


def test_certificate_prints_each_medium_capacity():
    labels = {**LABELS, "media_columns": [("medium", "Support"), ("capacity", "Capacité"), ("result", "Résultat")]}
    media = [{**DATA["media"][0], "capacity": "256 Go"}, {**DATA["media"][1], "capacity": "1,5 To"}]
    text = text_of(certificate_pdf.render_certificate({**DATA, "media": media}, labels))
    assert "Capacité 256 Go" in text and "Capacité 1,5 To" in text
    assert "12 rue Carnot, 05000 Gap" in text


def test_merged_certificates_one_per_page_each_with_its_code_and_a_readable_qr():
    from label_reading import decode_label

    items = []
    for index in range(3):
        code = f"3F9A0C1D2E4B5A{index:02d}"
        data = dict(
            DATA,
            number=f"CERT/2026/{index + 1:05d}",
            verification_code=code,
            verification_url=f"https://reemploi.example/filiere/certificate/{code}",
            signed={"content": "{}", "previous_hash": "", "chain_hash": f"{index}" * 64, "signature": "c2ln"},
        )
        items.append((data, LABELS))
    pdf = certificate_pdf.render_certificates(items, "Certificats")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 3
    for page_number, (page, (data, _labels)) in enumerate(zip(reader.pages, items, strict=True), start=1):
        text = " ".join(page.extract_text().split())
        assert data["number"] in text and data["verification_code"] in text
        assert data["signed"]["chain_hash"] in text
        assert decode_label(pdf, page_number, 0, 0, 210, 297) == data["verification_url"]
    # A printed batch carries no one certificate's signed material: each PDF alone does.
    assert "/FiliereCertificate" not in reader.metadata


def test_attestation_of_thousands_of_devices_each_once_header_on_every_page():
    labels = {
        "title": "Attestation d'effacement des données",
        "intro": "",
        "donor": "Donateur",
        "donation": "Convention de cession",
        "date": "Date",
        "columns": ["Numéro de série", "Type", "Statut", "Certificat", "Méthode", "Date"],
        "signature": "Pour la structure, signature :",
        "page": "Page",
    }
    count = 1500
    lines = [
        (
            f"GAP-{i:05d}",
            "Ordinateur portable",
            "En attente : effacé, certificat pas encore émis" if i % 9 == 0 else "Effacé",
            f"CERT/2026/{i:05d}",
            "Purge",
            "22/11/2026",
        )
        for i in range(count)
    ]
    data = {
        "structure": "La Petite Ourse",
        "donor": "Ville de Gap",
        "donation": "CONV/2026/0001",
        "date": "22/11/2026",
        "lines": lines,
        "highlight": [i for i in range(count) if i % 9 == 0],
        "totals": [("Appareils", count)],
        "signatory": "Camille Martin",
    }
    pages = [
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(certificate_pdf.render_attestation(data, labels))).pages
    ]
    assert len(pages) > 20
    for number, page in enumerate(pages, start=1):
        assert "Numéro de série" in page
        assert f"Page {number} / {len(pages)}" in page
    text = " ".join(pages)
    for i in range(count):
        assert text.count(f"GAP-{i:05d} ") == 1, i
    assert text.index("GAP-00000") < text.index("GAP-00750") < text.index("GAP-01499")
    assert "Camille Martin" in pages[-1]
