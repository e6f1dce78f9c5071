import io
import json
from datetime import timedelta

from openpyxl import load_workbook
from pypdf import PdfReader

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import FiliereCase


@tagged("post_install", "-at_install")
class TestGrantFinancialReport(FiliereCase):
    """A Cerfa 15059 report from known journal items in the generic chart, and in-kind contributions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env.user)
        eur = cls.env.ref("base.EUR")
        eur.active = True
        cls.company.partner_id.write({"lang": "fr_FR", "siret": "73282932000074"})
        cls.env["account.chart.template"].try_loading("generic_coa", company=cls.company, install_demo=False)
        cls.company.write({"currency_id": eur.id})  # after the chart, which sets its own
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=cls.company.ids))
        plan = cls.env["account.analytic.plan"].create({"name": "Subventions (test 15059)"})
        cls.analytic = cls.env["account.analytic.account"].create({"name": "AAP numérique", "plan_id": plan.id})
        cls.other_analytic = cls.env["account.analytic.account"].create({"name": "Autre action", "plan_id": plan.id})
        accounts = cls.env["account.account"].with_company(cls.company)
        cls.accounts = {
            # The generic chart may already hold some of these codes.
            code: accounts.search([("code", "=", code), ("company_ids", "in", cls.company.ids)], limit=1)
            or accounts.create({"code": code, "name": name, "account_type": kind, "company_ids": cls.company.ids})
            for code, name, kind in (
                ("606100", "Fournitures non stockables", "expense"),
                ("606300", "Petit équipement", "expense"),
                ("641000", "Rémunérations du personnel", "expense"),
                ("706000", "Prestations de services", "income"),
                ("741000", "Subvention du Département", "income"),
                ("512100", "Banque (test)", "asset_cash"),
            )
        }
        cls.journal = cls.env["account.journal"].search(
            [("company_id", "=", cls.company.id), ("type", "=", "general")], limit=1
        )
        cls.funder = cls.env["res.partner"].create({"name": "Département des Hautes-Alpes", "is_company": True})
        cls.grant = cls.env["filiere.grant"].create(
            {
                "name": "AAP inclusion numérique 2027",
                "partner_id": cls.funder.id,
                "company_id": cls.company.id,
                "amount": 5000.0,
                "date_from": cls.today - timedelta(days=30),
                "date_to": cls.today + timedelta(days=30),
                "analytic_account_id": cls.analytic.id,
            }
        )
        cls.laptop.in_kind_unit_value = 100.0

    def entry(self, lines, date=None, post=True):
        """A posted journal entry; lines: (code, debit, credit, distribution or None), balanced on the bank."""
        total = sum(debit - credit for _code, debit, credit, _distribution in lines)
        line_values = [
            Command.create(
                {
                    "name": code,
                    "account_id": self.accounts[code].id,
                    "debit": debit,
                    "credit": credit,
                    "analytic_distribution": distribution,
                }
            )
            for code, debit, credit, distribution in lines
        ]
        line_values.append(
            Command.create(
                {
                    "name": "Banque",
                    "account_id": self.accounts["512100"].id,
                    "debit": -total if total < 0 else 0.0,
                    "credit": total if total > 0 else 0.0,
                }
            )
        )
        move = self.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": self.journal.id,
                "company_id": self.company.id,
                "date": date or self.today,
                "line_ids": line_values,
            }
        )
        if post:
            move.action_post()
        return move

    def setUp(self):
        super().setUp()
        grant, other = str(self.analytic.id), str(self.other_analytic.id)
        self.entry(
            [
                ("606100", 1000.0, 0.0, {grant: 100.0}),
                ("606300", 500.0, 0.0, {grant: 50.0, other: 50.0}),
                ("641000", 3000.0, 0.0, {grant: 100.0}),
                ("706000", 0.0, 800.0, {grant: 100.0}),
                ("741000", 0.0, 5000.0, {grant: 100.0}),
            ]
        )
        # Not counted: another action, a draft entry, an entry before the grant's period.
        self.entry([("606100", 700.0, 0.0, {other: 100.0})])
        self.entry([("606100", 900.0, 0.0, {grant: 100.0})], post=False)
        self.entry([("641000", 400.0, 0.0, {grant: 100.0})], date=self.today - timedelta(days=90))
        # Donated devices: two without value at transfer (the laptop type's 100 €), one at 150 €.
        self.make_device("CRF-1")
        self.make_device("CRF-2")
        self.make_device("CRF-3", filiere_transfer_value=150.0)

    def issue(self, user=None, hours=40.0, rate=12.5):
        return (
            self.env["filiere.grant.financial.report"]
            .with_user(user or self.manager)
            ._issue(self.grant, self.grant.date_from, self.grant.date_to, hours, rate, "Écart expliqué au financeur.")
        )

    def test_figures_from_the_accounting(self):
        model = self.env["filiere.grant.financial.report"].with_user(self.manager)
        with self.assertQueryCount(__system__=12, responsable=12):
            figures = model.compute_financial_report(self.grant, self.grant.date_from, self.grant.date_to, 40, 12.5)
        charges = {group["code"]: group["amount"] for group in figures["charges"]}
        products = {group["code"]: group["amount"] for group in figures["products"]}
        self.assertEqual((charges["60"], charges["64"], charges["61"]), (1250.0, 3000.0, 0.0))
        self.assertEqual(
            [(a["code"], a["amount"]) for a in figures["charges"][0]["accounts"]],
            [("606100", 1000.0), ("606300", 250.0)],
        )
        self.assertEqual((products["70"], products["74"]), (800.0, 5000.0))
        self.assertEqual(
            (figures["total_charges"], figures["total_products"], figures["grant_received"], figures["result"]),
            (4250.0, 5800.0, 5000.0, 1550.0),
        )
        self.assertEqual((figures["devices_count"], figures["devices_value"]), (3, 350.0))
        in_kind = figures["in_kind"]
        self.assertEqual([(r["code"], r["amount"]) for r in in_kind["uses"]], [("860", 350.0), ("864", 500.0)])
        self.assertEqual([(r["code"], r["amount"]) for r in in_kind["contributions"]], [("870", 500.0), ("875", 350.0)])
        self.assertEqual(in_kind["total"], 850.0)

    def test_issued_report_pdf_in_french_and_xlsx(self):
        report = self.issue()
        self.assertTrue(report.name.startswith("CRF/"))
        self.assertEqual((report.total_charges, report.total_products, report.in_kind_total), (4250.0, 5800.0, 850.0))
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(report.pdf_attachment_id.raw)).pages)
        for expected in (
            "Compte rendu financier de subvention",
            "Cerfa n° 15059*02",
            "Achats",
            "1 250,00 EUR",
            "Charges de personnel",
            "Total des charges",
            "4 250,00 EUR",
            "Subventions d'exploitation",
            "5 000,00 EUR",
            "Contributions volontaires en nature",
            "Bénévolat",
            "Dons en nature",
            "850,00 EUR",
            "73282932000074",
            "Écart expliqué au financeur.",
            "Certifié exact",
        ):
            self.assertIn(expected, text)
        sheet = load_workbook(io.BytesIO(report.xlsx_attachment_id.raw)).active
        amounts = {row[0]: row[2] for row in sheet.iter_rows(values_only=True) if row[0] in ("60", "64", "74", "86")}
        self.assertEqual(amounts, {"60": 1250.0, "64": 3000.0, "74": 5000.0, "86": 850.0})

    def test_immutable_once_issued(self):
        report = self.issue()
        self.assertTrue(report.pdf_attachment_id.filiere_locked and report.xlsx_attachment_id.filiere_locked)
        with self.assertRaises(AccessError):
            report.with_user(self.manager).write({"note": "Autre"})
        with self.assertRaises(UserError):
            report.sudo().write({"total_charges": 1.0})
        with self.assertRaises(UserError):
            report.sudo().unlink()
        with self.assertRaises(UserError):
            report.pdf_attachment_id.sudo().write({"raw": b"%PDF-1.4 autre"})
        with self.assertRaises(AccessError):
            self.env["filiere.grant.financial.report"].with_user(self.manager).create({"grant_id": self.grant.id})
        model = self.env["filiere.grant.financial.report"]
        self.assertEqual(model.verify_chain(self.company), {"ok": True, "checked": 1, "first_broken": False})
        second = self.issue(hours=0.0)
        self.assertEqual(second.chain_previous_hash, report.chain_hash)
        self.env.cr.execute("UPDATE filiere_grant_financial_report SET total_charges = 1 WHERE id = %s", [report.id])
        result = model.verify_chain(self.company)
        self.assertFalse(result["ok"])
        self.assertEqual(result["first_broken"], report.display_name)

    def test_rights(self):
        report = self.issue()
        self.assertEqual(report.with_user(self.auditor).total_charges, 4250.0)
        with self.assertRaises(AccessError):
            report.with_user(self.technician).read(["total_charges"])
        with self.assertRaises(AccessError):
            self.issue(user=self.auditor)
        with self.assertRaises(AccessError):
            self.issue(user=self.technician)
        outsider = self._user("responsable_autre", "filiere_reemploi.group_filiere_manager", self.other_company)
        with self.assertRaises(AccessError):
            report.with_user(outsider).read(["total_charges"])
        # Nor the figures of another structure's grant.
        with self.assertRaises(AccessError):
            self.env["filiere.grant.financial.report"].with_user(outsider).compute_financial_report(
                self.grant.with_user(outsider), self.grant.date_from, self.grant.date_to
            )

    def test_bad_input_is_refused(self):
        with self.assertRaises(UserError):
            self.issue(hours=-1.0)
        self.grant.analytic_account_id = False
        with self.assertRaisesRegex(UserError, self.grant.name):
            self.issue()
        self.assertFalse(self.env["filiere.grant.financial.report"].sudo().search([]))

    def test_every_structure_of_the_grant_is_selected_before_the_issue(self):
        coordination = self._user(
            "coordination_crf",
            "filiere_reemploi.group_filiere_manager",
            self.company,
            companies=self.company | self.other_company,
        )
        self.grant.company_ids = self.company | self.other_company
        model = self.env["filiere.grant.financial.report"].with_user(coordination)
        sequence = self.env["ir.sequence"].search(
            [("code", "=", "filiere.grant.financial.report"), ("company_id", "in", (self.company.id, False))], limit=1
        )
        next_number = sequence.number_next_actual
        only_one = model.with_context(allowed_company_ids=self.company.ids, lang="en_US")
        message = (
            f"The grant {self.grant.name} covers {self.other_company.name}: select them in the company switcher "
            "before issuing its financial report."
        )
        with self.assertRaises(UserError) as refused:
            # The grant as the wizard passes it: read by the user, within the structures selected.
            only_one._issue(
                only_one.env["filiere.grant"].browse(self.grant.id), self.grant.date_from, self.grant.date_to
            )
        self.assertEqual(refused.exception.args[0], message)
        self.assertFalse(self.env["filiere.grant.financial.report"].sudo().search([]))
        sequence.invalidate_recordset()
        self.assertEqual(sequence.number_next_actual, next_number, "no number taken")

        both = model.with_context(allowed_company_ids=(self.company | self.other_company).ids)
        report = both._issue(self.grant, self.grant.date_from, self.grant.date_to)
        # What the SHA-256 covers: the number, the grant, its funder, the structure, the period, the figures.
        self.assertEqual(
            json.loads(report.figures),
            {
                "number": report.name,
                "grant": self.grant.name,
                "funder": self.funder.name,
                "structure": self.company.name,
                "date_from": str(self.grant.date_from),
                "date_to": str(self.grant.date_to),
                "figures": report.stored_figures(),
            },
        )
        self.assertEqual(
            (report.issued_by_id, report.company_id, report.grant_id), (coordination, self.company, self.grant)
        )
