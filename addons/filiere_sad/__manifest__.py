# Copyright 2026 Filière réemploi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Solidarity digital reuse: after-donation service",
    "summary": "Coaching appointments after every handover ('Service Après Don') on helpdesk tickets, "
    "with calendar events, reminders and after-sales warranty checks",
    "version": "18.0.1.1.1",
    "category": "Services/Helpdesk",
    "website": "https://github.com/filiere-reemploi/filiere-reemploi",
    "author": "Filière réemploi contributors",
    "license": "AGPL-3",
    "depends": ["filiere_reemploi", "helpdesk_mgmt", "calendar"],
    "external_dependencies": {"python": ["phonenumbers"]},
    "data": [
        "security/filiere_sad_security.xml",
        "security/ir.model.access.csv",
        "data/helpdesk_data.xml",
        "views/filiere_sad_appointment_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/filiere_referral_views.xml",
        "views/res_company_views.xml",
        "views/res_partner_views.xml",
        "wizards/filiere_sad_handover_views.xml",
        "views/filiere_sad_menus.xml",
        "wizards/filiere_overview_views.xml",
        "views/portal_templates.xml",
        "report/filiere_handover_report.xml",
    ],
    "assets": {
        "web.assets_tests": ["filiere_sad/static/tests/tours/*.js"],
    },
    "demo": ["demo/filiere_demo_prepare.xml", "demo/filiere_sad_demo.xml"],
}
