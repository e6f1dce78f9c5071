import base64
import io
from unittest.mock import patch

from psycopg2 import IntegrityError
from pypdf import PdfReader

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tools import config, mute_logger

from ..lib import integrity
from .common import DistributionCase


class TestTrustStatements(DistributionCase):
    """Issue 10, findings 4 and 5: an issued statement, its lines and its files are closed, chained and signed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env.user)
        cls.grant = cls.env["filiere.grant"].create(
            {
                "name": "AAP inclusion numérique (confiance)",
                "partner_id": cls.donor.id,
                "company_id": cls.company.id,
                "amount": 12000.0,
                "date_from": cls.today,
                "date_to": cls.today,
            }
        )
        cls.statements = cls.env["filiere.statement"]

    def issue(self, user=None):
        statements = self.statements.with_user(user or self.manager)
        return self.statements.browse(statements._issue(self.grant, self.today, self.today).id)

    def chain(self):
        return self.statements.verify_chain(self.company)

    def count(self, model, domain=()):
        return self.env[model].sudo().search_count(list(domain))

    # ------------------------------------------------------------------
    # Finding 4: files, lines and numbers of an issued statement
    # ------------------------------------------------------------------
    def test_manager_cannot_replace_nor_delete_the_statement_pdf(self):
        statement = self.issue()
        pdf = statement.pdf_attachment_id
        original = pdf.raw
        self.assertTrue(original.startswith(b"%PDF"))
        self.assertEqual(statement.pdf_sha256, integrity.sha256_hex(original))
        forged = base64.b64encode(b"%PDF-1.4 forged statement")
        for attachment in (pdf.with_user(self.manager), pdf.sudo()):
            with self.assertRaisesRegex(UserError, "evidence"):
                attachment.write({"datas": forged})
        # The manager has no unlink right on statements, so on their files; the lock stops even the superuser.
        with self.assertRaises(AccessError):
            pdf.with_user(self.manager).unlink()
        with self.assertRaisesRegex(UserError, "evidence"):
            pdf.sudo().unlink()
        pdf.invalidate_recordset()
        self.assertEqual(pdf.raw, original)
        self.assertTrue((statement.pdf_attachment_id | statement.xlsx_attachment_id)._filiere_intact())
        self.assertEqual(statement.action_download_pdf()["url"], f"/web/content/{pdf.id}?download=true")

    def test_nobody_adds_removes_or_changes_a_line_of_an_issued_statement(self):
        statement = self.issue()
        before = self.count("filiere.statement.line", [("statement_id", "=", statement.id)])
        self.assertTrue(before)
        values = {
            "statement_id": statement.id,
            "indicator_id": self.env.ref("filiere_reemploi.indicator_devices_distributed").id,
            "key": "devices_distributed",
            "name": "Équipements distribués (ajout)",
            "value": 999,
        }
        for lines in (
            self.env["filiere.statement.line"].with_user(self.manager),
            self.env["filiere.statement.line"].sudo(),
            # The issuance marker is an object no client can send, not a value to copy.
            self.env["filiere.statement.line"].with_user(self.manager).with_context(filiere_issuance=True),
            self.env["filiere.statement.line"].sudo().with_context(filiere_issuance=True),
        ):
            with self.assertRaises(AccessError):
                lines.create(values)
        with self.assertRaises(AccessError):
            statement.with_user(self.manager).write({"line_ids": [Command.create(values)]})
        line = statement.line_ids[0]
        with self.assertRaises(UserError):
            line.sudo().unlink()
        with self.assertRaises(UserError):
            line.sudo().write({"value": 999})
        with self.assertRaises(UserError):
            statement.sudo().write({"line_ids": [Command.create(values)]})
        self.assertEqual(self.count("filiere.statement.line", [("statement_id", "=", statement.id)]), before)
        self.assertTrue(self.chain()["ok"])

    def test_statements_are_made_only_by_issuing_them(self):
        statement = self.issue()
        values = {
            "name": "BILAN/2026/9999",
            "grant_id": self.grant.id,
            "company_id": self.company.id,
            "date_from": self.today,
            "date_to": self.today,
            "figures": statement.figures,
            "content_hash": statement.content_hash,
        }
        for statements in (self.statements.with_user(self.manager), self.statements.sudo()):
            with self.assertRaises(AccessError):
                statements.create(values)
        with self.assertRaises(AccessError):
            self.statements.with_user(self.technician)._issue(self.grant, self.today, self.today)
        with self.assertRaises(AccessError):
            statement.with_user(self.manager).write({"check_result": "Intact, and the same figures today."})
        self.assertEqual(self.count("filiere.statement", [("grant_id", "=", self.grant.id)]), 1)

    def test_a_statement_number_is_used_once_per_structure(self):
        first = self.issue()
        sequence = self.env["ir.sequence"].search([("code", "=", "filiere.statement")], limit=1)
        sequence.number_next_actual = int(first.name.rsplit("/", 1)[1])
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.issue()
        self.assertEqual(self.statements.search([("name", "=", first.name)]), first)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            second = self.issue()
            self.env.cr.execute("UPDATE filiere_statement SET name = %s WHERE id = %s", (first.name, second.id))

    def test_an_altered_file_is_not_downloaded(self):
        statement = self.issue()
        pdf = statement.pdf_attachment_id
        self.env.cr.execute(
            "UPDATE ir_attachment SET store_fname = NULL, db_datas = %s WHERE id = %s",
            (b"%PDF-1.4 forged statement", pdf.id),
        )
        self.env.invalidate_all()
        with self.assertRaisesRegex(UserError, "altered and is not sent"):
            statement.with_user(self.manager).action_download_pdf()
        with self.assertRaisesRegex(UserError, "altered and is not sent"):
            statement.with_user(self.auditor).action_download_pdf()
        self.assertTrue(statement.with_user(self.manager).action_download_xlsx()["url"])
        result = self.chain()
        self.assertEqual((result["ok"], result["first_broken"]), (False, statement.name))

    # ------------------------------------------------------------------
    # Finding 5: the chain of each structure's statements
    # ------------------------------------------------------------------
    def issue_four(self):
        statements = self.statements
        for _index in range(4):
            statements |= self.issue()
        self.assertEqual(statements.mapped("chain_sequence"), [1, 2, 3, 4])
        self.assertEqual(self.chain(), {"ok": True, "checked": 4, "first_broken": False})
        return statements

    def test_a_consistent_rewrite_of_figures_and_hash_breaks_the_chain(self):
        statements = self.issue_four()
        second = statements[1]
        figures = second.figures.replace('"devices_received":0', '"devices_received":400')
        self.assertNotEqual(figures, second.figures)
        self.env.cr.execute(
            "UPDATE filiere_statement SET figures = %s, content_hash = %s WHERE id = %s",
            (figures, integrity.sha256_hex(figures), second.id),
        )
        self.assertEqual(self.chain(), {"ok": False, "checked": 2, "first_broken": second.name})
        second.action_check()
        self.assertIn("BROKEN", second.check_result)

    def test_a_line_changed_in_sql_breaks_the_chain(self):
        statements = self.issue_four()
        third = statements[2]
        self.env.cr.execute("UPDATE filiere_statement_line SET value = 40 WHERE id = %s", (third.line_ids[0].id,))
        self.assertEqual(self.chain(), {"ok": False, "checked": 3, "first_broken": third.name})

    def test_a_file_hash_changed_in_sql_breaks_the_chain(self):
        statements = self.issue_four()
        first = statements[0]
        self.env.cr.execute(
            "UPDATE ir_attachment SET filiere_sha256 = %s WHERE id = %s", ("0" * 64, first.xlsx_attachment_id.id)
        )
        self.assertEqual(self.chain(), {"ok": False, "checked": 1, "first_broken": first.name})

    def test_a_statement_deleted_in_sql_breaks_the_chain_at_the_next(self):
        statements = self.issue_four()
        self.env.cr.execute("DELETE FROM filiere_statement WHERE id = %s", (statements[1].id,))
        self.assertEqual(self.chain(), {"ok": False, "checked": 2, "first_broken": statements[2].name})

    def test_check_reports_the_chain_and_signature_of_the_statement(self):
        statements = self.issue_four()
        statements[3].with_user(self.auditor).action_check()
        self.assertIn("Intact, and the same figures today.", statements[3].check_result)
        self.assertIn("Chain link, signatures and files verified.", statements[3].check_result)
        self.env.cr.execute(
            "UPDATE filiere_statement SET content_signature = %s WHERE id = %s",
            (statements[2].content_signature, statements[3].id),
        )
        statements[3].action_check()
        self.assertIn("BROKEN", statements[3].check_result)

    def test_auditor_checks_the_chain_technician_cannot(self):
        self.issue_four()
        auditor = self.statements.with_user(self.auditor)
        self.assertTrue(auditor.verify_chain(self.company)["ok"])
        action = auditor.action_verify_chain()
        self.assertEqual(action["params"]["type"], "success")
        self.assertIn("4", action["params"]["message"])
        technician = self.statements.with_user(self.technician)
        with self.assertRaises(AccessError):
            technician.verify_chain(self.company)
        with self.assertRaises(AccessError):
            technician.action_verify_chain()
        with self.assertRaises(AccessError):
            auditor.verify_chain(self.other_company)

    def test_the_pdf_prints_the_public_key_and_the_signature(self):
        statement = self.issue()
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(statement.pdf_attachment_id.raw)).pages)
        text = text.replace("\n", "").replace(" ", "")
        self.assertIn(statement.signing_public_key, text)
        self.assertIn(statement.content_signature, text)
        self.assertIn(statement.content_hash, text)
        self.assertIn(statement.name, text)
        self.assertTrue(
            integrity.verify(statement.signing_public_key, statement.content_hash, statement.content_signature)
        )
        self.assertTrue(integrity.verify(statement.signing_public_key, statement.chain_hash, statement.signature))

    def test_no_key_configured_stops_the_issue_with_a_clear_message(self):
        sequence = self.env["ir.sequence"].search([("code", "=", "filiere.statement")], limit=1)
        next_number = sequence.number_next_actual
        files = self.count("ir.attachment", [("res_model", "=", "filiere.statement")])
        with (
            patch.dict(config.options, {"filiere_signing_key": ""}),
            self.assertRaisesRegex(UserError, "No signing key is configured.*filiere_signing_key"),
        ):
            self.issue()
        self.assertEqual(self.count("filiere.statement", [("grant_id", "=", self.grant.id)]), 0)
        self.assertEqual(self.count("ir.attachment", [("res_model", "=", "filiere.statement")]), files)
        sequence.invalidate_recordset()
        self.assertEqual(sequence.number_next_actual, next_number)

    # ------------------------------------------------------------------
    # One company scope
    # ------------------------------------------------------------------
    def test_figures_and_statements_stay_within_the_current_structures(self):
        donation = self.env["filiere.donation"].create(
            {"partner_id": self.donor.id, "company_id": self.other_company.id}
        )
        donation.action_sign()
        device = self.make_device("TRUST-B1", company_id=self.other_company.id, donation_id=donation.id)
        self.assertEqual(device.filiere_received_date, self.today)
        manager = self.statements.with_user(self.manager)
        self.assertEqual(
            manager.compute_indicators(self.today, self.today, self.other_company.ids)["devices_received"], 0
        )
        coordination = self._user(
            "coordination_confiance",
            "filiere_reemploi.group_filiere_manager",
            self.company,
            companies=self.company | self.other_company,
        )
        both = self.company | self.other_company
        self.assertEqual(
            self.statements.with_user(coordination).compute_indicators(self.today, self.today, both.ids)[
                "devices_received"
            ],
            1,
        )
        self.grant.company_ids = both
        only_one = self.statements.with_user(coordination).with_context(allowed_company_ids=self.company.ids)
        with self.assertRaisesRegex(UserError, "company switcher"):
            only_one._issue(self.grant, self.today, self.today)
        self.assertEqual(self.count("filiere.statement", [("grant_id", "=", self.grant.id)]), 0)

    # ------------------------------------------------------------------
    # 18.0.1.2.0 migration: statements issued before the chain
    # ------------------------------------------------------------------
    def test_statements_issued_before_the_chain_are_locked_chained_and_signed(self):
        statements = self.issue() | self.issue() | self.issue()
        files = statements.pdf_attachment_id | statements.xlsx_attachment_id
        # As 18.0.1.1.0 left them: no chain, no signature, files not locked.
        self.env.cr.execute(
            """UPDATE filiere_statement SET chain_sequence = NULL, chain_previous_hash = NULL, chain_hash = NULL,
                      signature = NULL, signing_public_key = NULL, content_signature = NULL WHERE id IN %s""",
            (tuple(statements.ids),),
        )
        self.env.cr.execute(
            "UPDATE ir_attachment SET filiere_locked = FALSE, filiere_sha256 = NULL WHERE id IN %s",
            (tuple(files.ids),),
        )
        self.env.invalidate_all()
        self.assertEqual(self.chain(), {"ok": True, "checked": 0, "first_broken": False})
        with patch.dict(config.options, {"filiere_signing_key": ""}), self.assertRaises(UserError):
            self.statements._chain_existing()
        # What post-migration.py does.
        files._filiere_lock()
        self.assertEqual(self.statements._chain_existing(), statements.sorted(lambda s: (s.issue_date, s.id)))
        self.assertEqual(self.chain(), {"ok": True, "checked": 3, "first_broken": False})
        self.assertTrue(all(files.mapped("filiere_locked")))
        with self.assertRaisesRegex(UserError, "evidence"):
            files[0].sudo().write({"raw": b"forged"})
        self.env.cr.execute(
            "UPDATE filiere_statement_line SET value = 7 WHERE id = %s", (statements[0].line_ids[0].id,)
        )
        self.assertFalse(self.chain()["ok"])
