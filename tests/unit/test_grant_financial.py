import io

import pytest
from openpyxl import load_workbook
from plain import load
from pypdf import PdfReader

financial = load("filiere_reemploi", "grant_financial")
documents = load("filiere_reemploi", "grant_financial_documents")

GROUPS = {code: f"Groupe {code}" for code in financial.CHARGE_GROUPS + financial.PRODUCT_GROUPS}
IN_KIND = {"860": "Secours en nature", "864": "Personnel bénévole", "870": "Bénévolat", "875": "Dons en nature"}


@pytest.mark.parametrize(
    ("distribution", "expected"),
    [
        ({"7": 100.0}, 1.0),
        ({"7": 40.0, "8": 60.0}, 0.4),
        ({"7,12": 50.0, "8,12": 50.0}, 0.5),
        ({"17": 100.0}, 0.0),
        (None, 0.0),
    ],
)
def test_the_grant_share_of_a_line(distribution, expected):
    assert financial.analytic_share(distribution, 7) == pytest.approx(expected)


def lines():
    return [
        {"code": "606100", "name": "Fournitures", "balance": 1000.0, "distribution": {"7": 100.0}},
        {"code": "606300", "name": "Petit équipement", "balance": 500.0, "distribution": {"7": 50.0, "9": 50.0}},
        {"code": "641000", "name": "Salaires", "balance": 3000.0, "distribution": {"7": 100.0}},
        {"code": "706000", "name": "Prestations", "balance": -800.0, "distribution": {"7": 100.0}},
        {"code": "741000", "name": "Subvention Département", "balance": -5000.0, "distribution": {"7": 100.0}},
        {"code": "512000", "name": "Banque", "balance": 120.0, "distribution": {"7": 100.0}},
    ]


def test_charges_and_products_by_nature_with_two_digit_subtotals():
    result = financial.summarise(lines(), 7, GROUPS)
    purchases = result["charges"][0]
    assert (purchases["code"], purchases["label"], purchases["amount"]) == ("60", "Groupe 60", 1250.0)
    assert [(a["code"], a["amount"]) for a in purchases["accounts"]] == [("606100", 1000.0), ("606300", 250.0)]
    assert [g["code"] for g in result["charges"]] == list(financial.CHARGE_GROUPS)
    assert next(g for g in result["charges"] if g["code"] == "64")["amount"] == 3000.0
    assert result["total_charges"] == 4250.0
    assert result["total_products"] == 5800.0
    assert result["grant_received"] == 5000.0
    assert result["result"] == 1550.0
    assert result["outside"] == 120.0


def test_in_kind_uses_balance_contributions():
    result = financial.in_kind(1200.0, 40, 12.5, IN_KIND)
    assert [(row["code"], row["amount"]) for row in result["uses"]] == [("860", 1200.0), ("864", 500.0)]
    assert [(row["code"], row["amount"]) for row in result["contributions"]] == [("870", 500.0), ("875", 1200.0)]
    assert result["total"] == 1700.0


def data():
    figures = financial.summarise(lines(), 7, GROUPS)
    labels = {
        key: key
        for key in (
            "title",
            "form",
            "sheet",
            "structure",
            "structure_siret",
            "funder",
            "grant",
            "period",
            "charges",
            "products",
            "account",
            "nature",
            "amount",
            "total_charges",
            "total_products",
            "grant_received",
            "grant_amount",
            "result",
            "in_kind",
            "total_uses",
            "total_contributions",
            "note",
            "currency",
            "signature",
            "place_date",
            "sign_here",
            "hash",
            "issued",
            "public_key",
            "digital_signature",
            "sources",
        )
    }
    labels.update(title="Compte rendu financier", total_charges="Total des charges")
    return {
        "labels": labels,
        "number": "CRF/2027/0001",
        "structure": "La Petite Ourse",
        "structure_siret": "73282932000074",
        "funder": "Département",
        "grant": "AAP",
        "period": "01/01/2027 - 31/12/2027",
        "currency": "EUR",
        **figures,
        "grant_amount": 5000.0,
        "in_kind": financial.in_kind(1200.0, 40, 12.5, IN_KIND),
        "in_kind_basis": "3 matériels",
        "note": "Écart expliqué",
        "hash": "ab" * 32,
        "public_key": "KEY",
        "digital_signature": "SIG",
        "issued": "02/01/2028",
    }


def test_pdf_reads_back_with_the_figures():
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(documents.render_pdf(data()))).pages)
    assert "Compte rendu financier CRF/2027/0001" in text
    assert "1 250,00 EUR" in text  # the 60 subtotal
    assert "Total des charges" in text and "4 250,00 EUR" in text
    assert "Dons en nature" in text and "1 700,00 EUR" in text
    assert "Écart expliqué" in text


def test_xlsx_amounts_are_numbers():
    sheet = load_workbook(io.BytesIO(documents.render_xlsx(data()))).active
    rows = {row[1]: row[2] for row in sheet.iter_rows(values_only=True) if len(row) > 2}
    assert rows["Groupe 60"] == 1250.0
    assert rows["Total des charges"] == 4250.0
    assert rows["Dons en nature"] == 1200.0
