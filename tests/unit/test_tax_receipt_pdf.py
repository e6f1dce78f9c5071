import io
import re

import pytest
from plain import load
from pypdf import PdfReader

tax_receipt_pdf = load("filiere_reemploi", "tax_receipt_pdf")

KEYS = (
    "title",
    "subtitle",
    "number",
    "beneficiary",
    "name",
    "address",
    "object",
    "status",
    "status_reference",
    "donor",
    "legal_form",
    "siren",
    "gift",
    "acknowledgement",
    "amount",
    "amount_words",
    "period",
    "form",
    "nature",
    "payment",
    "payment_none",
    "description",
    "device_type",
    "quantity",
    "value",
    "transport",
    "handling",
    "total",
    "valuation",
    "zero_value",
    "certification",
    "place_date",
    "signatory",
    "sign_here",
    "hash",
    "public_key",
    "digital_signature",
)
LABELS = {key: f"<{key}>" for key in KEYS}


def data(**values):
    return {
        "labels": LABELS,
        "number": "RF/2026/00001",
        "beneficiary": {
            "name": "La Petite Ourse",
            "address": "12 rue Carnot, 05000 Gap",
            "object": "Réemploi solidaire",
            "status": "Œuvre ou organisme d'intérêt général",
            "reference": "Rescrit n° 42",
        },
        "donor": {"name": "Alpes Conseil", "legal_form": "SAS", "siren": "812345676", "address": "Embrun"},
        "amount": 275.75,
        "amount_words": "Deux Cent Soixante-Quinze Euros",
        "currency": "EUR",
        "period": "du 01/12/2026 au 02/12/2026",
        "form": "Acte sous seing privé",
        "nature": "Don en nature",
        "devices": [("Ordinateur portable", 2, 200.5), ("Smartphone", 1, 0.0)],
        "device_count": 3,
        "transport_cost": 50.0,
        "handling_cost": 25.25,
        "place": "Gap",
        "date": "02/12/2026",
        "signatory": "Marie Durand, présidente",
        "replaces": "",
        "hash": "ab" * 32,
        "public_key": "KEY",
        "digital_signature": "SIG",
        **values,
    }


def text_of(content):
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_amount_is_the_devices_values_plus_the_costs_the_donor_paid():
    assert tax_receipt_pdf.receipt_amount([120.0, 80.5, 0.0], 50.0, 25.25) == 275.75
    assert tax_receipt_pdf.receipt_amount([0.0] * 600, 0.0, 480.0) == 480.0
    assert tax_receipt_pdf.receipt_amount([]) == 0.0


def test_a_negative_value_or_cost_is_refused():
    with pytest.raises(ValueError, match="negative"):
        tax_receipt_pdf.receipt_amount([10.0], -1.0)
    with pytest.raises(ValueError, match="negative"):
        tax_receipt_pdf.receipt_amount([-0.01])


def test_amount_in_figures_is_framed_by_asterisks():
    assert tax_receipt_pdf.framed_amount(1234.5, "EUR") == "***1 234,50 EUR***"


def test_the_pdf_carries_every_mention_in_the_order_of_the_form():
    text = text_of(tax_receipt_pdf.render(data()))
    expected = [
        "<title>",
        "RF/2026/00001",
        "La Petite Ourse",
        "12 rue Carnot, 05000 Gap",
        "Réemploi solidaire",
        "Œuvre ou organisme d'intérêt général",
        "Rescrit n° 42",
        "Alpes Conseil",
        "SAS",
        "812345676",
        "***275,75 EUR***",
        "Deux Cent Soixante-Quinze Euros",
        "du 01/12/2026 au 02/12/2026",
        "Don en nature",
        "Ordinateur portable 2 200,50 EUR",
        "Smartphone 1 0,00 EUR",
        "<transport> 50,00 EUR",
        "<handling> 25,25 EUR",
        "<total> 3 275,75 EUR",
        "<certification>",
        "<place_date> Gap, 02/12/2026",
        "Marie Durand, présidente",
        "SIG",
    ]
    positions = [text.index(mention) for mention in expected]
    assert positions == sorted(positions)
    assert "<zero_value>" not in text


def test_a_zero_receipt_says_the_goods_were_fully_depreciated_and_a_replacement_names_the_old_one():
    text = text_of(tax_receipt_pdf.render(data(amount=0.0, replaces="Remplace RF/2026/00001")))
    assert "***0,00 EUR***" in text
    assert "<zero_value>" in text
    assert "Remplace RF/2026/00001" in text
