# Copyright 2026 Filière réemploi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Solidarity digital reuse: certified data erasure",
    "summary": "Erasure records per storage medium (NIST SP 800-88), nwipe report import, "
    "tamper-evident certificates and the donor's attestation",
    "version": "18.0.1.2.0",
    "category": "Inventory/Inventory",
    "website": "https://github.com/filiere-reemploi/filiere-reemploi",
    "author": "Filière réemploi contributors",
    "license": "AGPL-3",
    "depends": ["filiere_reemploi", "mail"],
    "external_dependencies": {"python": ["reportlab", "cryptography", "qrcode"]},
    "data": [
        "security/filiere_wipe_security.xml",
        "security/ir.model.access.csv",
        "data/mail_template_data.xml",
        "data/stock_lot_data.xml",
        "wizards/filiere_erasure_import_views.xml",
        "wizards/filiere_erasure_attestation_confirm_views.xml",
        "views/filiere_erasure_views.xml",
        "views/stock_lot_views.xml",
        "views/filiere_donation_views.xml",
        "views/certificate_templates.xml",
        "views/filiere_menus.xml",
    ],
    "assets": {
        "web.assets_tests": ["filiere_wipe/static/tests/tours/*.js"],
    },
    "demo": ["demo/filiere_demo_prepare.xml", "demo/filiere_erasure_demo.xml"],
}
