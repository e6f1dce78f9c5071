import io
from datetime import timedelta
from unittest.mock import patch

from lxml import etree
from openpyxl import load_workbook

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.filiere_reemploi.tests.label_reading import pdf_reading as pdf_text

from .common import SadCase

ATTENDANCE = "sad_attendance_rate"


@tagged("post_install", "-at_install")
class TestStatementAttendance(SadCase):
    """A grant statement prints no "0 %" attendance when no session was held nor missed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("en_US")
        cls.env["res.lang"]._activate_lang("fr_FR")
        for module in ("filiere_reemploi", "filiere_sad"):
            cls.env["ir.module.module"].search([("name", "=", module)])._update_translations("fr_FR")
        # The funder reads the documents in the structure's language.
        cls.company.partner_id.lang = "fr_FR"
        cls.today = fields.Date.today()
        cls.statements = cls.env["filiere.statement"]

    def issue(self, date_from, date_to, indicators=None):
        grant = self.env["filiere.grant"].create(
            {
                "name": "Conseil départemental (test assiduité)",
                "partner_id": self.donor.id,
                "company_id": self.company.id,
                "date_from": date_from,
                "date_to": date_to,
                "indicator_ids": [Command.set(indicators.ids if indicators else [])],
            }
        )
        return self.statements._issue(grant, date_from, date_to)

    def line(self, statement, key=ATTENDANCE):
        """The statement's figure, as the form shows it to a reader of English."""
        return statement.line_ids.filtered(lambda line: line.key == key).with_context(lang="en_US")

    def pdf_row(self, statement, key=ATTENDANCE):
        """The text after the figure's name in the PDF."""
        text = pdf_text(statement.pdf_attachment_id.raw)
        name = statement.line_ids.filtered(lambda line: line.key == key).name
        return text[text.index(name) + len(name) :].strip()

    def xlsx_value(self, statement, key=ATTENDANCE):
        sheet = load_workbook(io.BytesIO(statement.xlsx_attachment_id.raw)).active
        name = statement.line_ids.filtered(lambda line: line.key == key).name
        return next(row[1].value for row in sheet.iter_rows() if row[0].value == name)

    def sessions(self, held=0, missed=0):
        referral = self.reserved_referral(f"ASSID-{held}-{missed}")
        for _index in range(held):
            self.appointment(referral, hours_from_now=-2).action_mark_held()
        for _index in range(missed):
            self.appointment(referral, hours_from_now=-3).action_mark_no_show()

    def test_no_session_held_nor_missed_is_not_measured(self):
        self.sessions(held=1, missed=1)  # today: outside the statement's period
        date_from = self.today - timedelta(days=40)
        statement = self.issue(date_from, date_from + timedelta(days=10))
        self.assertEqual(
            (statement._stored_figures()["sad_sessions_held"], statement._stored_figures()["sad_sessions_missed"]),
            (0, 0),
        )
        self.assertTrue(
            self.pdf_row(statement).startswith("Non mesuré (aucune séance tenue ni manquée)"),
            "no 0 % for a period without any session expected",
        )
        self.assertNotIn("0,0 %", self.pdf_row(statement)[:60])
        self.assertEqual(self.xlsx_value(statement), "Non mesuré (aucune séance tenue ni manquée)")
        self.assertEqual(self.line(statement).value_display, "Not measured (no session held nor missed)")
        # The sessions missed are printed too, a real 0.
        self.assertEqual(self.line(statement, "sad_sessions_missed").value_display, "0")
        statement.action_check()
        self.assertIn("Intact, and the same figures today.", statement.check_result)

    def test_one_session_held_and_one_missed_is_half(self):
        self.sessions(held=1, missed=1)
        statement = self.issue(self.today - timedelta(days=3), self.today)
        self.assertTrue(self.pdf_row(statement).startswith("50,0 %"), self.pdf_row(statement)[:60])
        self.assertEqual(self.xlsx_value(statement), 50.0)
        self.assertEqual(self.line(statement).value_display, "50.0 %")
        missed = self.line(statement, "sad_sessions_missed")
        self.assertEqual(missed.value_display, "1")
        action = missed.action_open_records()
        appointments = self.env[action["res_model"]].search(action["domain"])
        self.assertEqual(appointments.mapped("state"), ["no_show"], "the figure opens the session missed")

    def test_only_no_shows_is_a_real_zero(self):
        self.sessions(missed=2)
        statement = self.issue(self.today - timedelta(days=3), self.today)
        self.assertTrue(self.pdf_row(statement).startswith("0,0 %"), self.pdf_row(statement)[:60])
        self.assertEqual(self.xlsx_value(statement), 0.0)
        self.assertEqual(self.line(statement).value_display, "0.0 %")
        self.assertEqual(self.line(statement, "sad_sessions_missed").value_display, "2")

    def test_a_statement_issued_before_the_no_shows_were_counted_keeps_verifying(self):
        compute = type(self.statements).compute_indicators

        def without_no_shows(model, *args, **kwargs):
            figures = compute(model, *args, **kwargs)
            del figures["sad_sessions_missed"]
            return figures

        attendance = self.env.ref("filiere_reemploi.indicator_sad_attendance_rate")
        date_from = self.today - timedelta(days=40)
        with patch.object(type(self.statements), "compute_indicators", without_no_shows):
            old = self.issue(date_from, date_from + timedelta(days=10), attendance)
        self.assertNotIn("sad_sessions_missed", old._stored_figures())
        # The figures of today carry the no-shows; the stored ones, hashed, stay as they were.
        old.action_check()
        self.assertIn("Intact, and the same figures today.", old.check_result)
        self.assertIn("Chain link, signatures and files verified.", old.check_result)
        self.assertEqual(self.statements.verify_chain(self.company), {"ok": True, "checked": 1, "first_broken": False})
        # Its form shows what its documents printed: it cannot tell nobody expected from nobody came.
        self.assertEqual(self.line(old).value_display, "0.0 %")
        self.assertTrue(self.pdf_row(old).startswith("0,0 %"))


@tagged("post_install", "-at_install")
class TestOverviewAttendance(SadCase):
    def test_no_attendance_percentage_without_a_session_held_nor_missed(self):
        start = fields.Datetime.now() - timedelta(hours=2)
        referral = self.reserved_referral("OVS-ASSID", "Personne Absente")
        self.appointment(referral, start=start).action_mark_no_show()
        overview = self.env["filiere.overview"].create({"month": start.date()})
        self.assertEqual((overview.coaching_attendance, overview.coaching_attendance_measured), (0.0, True))
        # Two months ahead: nothing can have been held nor missed yet.
        overview.month = start.date() + timedelta(days=62)
        self.assertEqual((overview.coaching_held, overview.coaching_no_show), (0, 0))
        self.assertFalse(overview.coaching_attendance_measured)

        # The form shows the percentage only when measured, and says so otherwise.
        arch = etree.fromstring(
            overview.with_context(lang="en_US").get_views([(False, "form")])["views"]["form"]["arch"]
        )
        [percentage] = arch.xpath("//button[field[@name='coaching_attendance']]")
        self.assertEqual(percentage.get("invisible"), "not coaching_attendance_measured")
        [not_measured] = arch.xpath("//div[@name='coaching_attendance_not_measured']")
        self.assertEqual(not_measured.get("invisible"), "coaching_attendance_measured")
        self.assertIn("Not measured", "".join(not_measured.itertext()))
