# Copyright 2026 Filière réemploi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Solidarity digital reuse: after-donation service",
    "summary": "Coaching appointments after every handover ('Service Après Don') on helpdesk tickets",
    "version": "18.0.0.1.0",
    "category": "Services/Helpdesk",
    "website": "https://github.com/filiere-reemploi/filiere-reemploi",
    "author": "Filière réemploi contributors",
    "license": "AGPL-3",
    "depends": ["filiere_reemploi", "helpdesk_mgmt"],
    "data": ["data/helpdesk_data.xml"],
}
