# Copyright 2026 Filière réemploi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Solidarity digital reuse: certified data erasure",
    "summary": "Data-erasure records and certificates for donated devices (NIST SP 800-88)",
    "version": "18.0.0.1.0",
    "category": "Inventory/Inventory",
    "website": "https://github.com/filiere-reemploi/filiere-reemploi",
    "author": "Filière réemploi contributors",
    "license": "AGPL-3",
    "depends": ["filiere_reemploi"],
}
