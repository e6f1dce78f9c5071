import io
import re
from datetime import timedelta
from unittest.mock import patch

from openpyxl import load_workbook
from pypdf import PdfReader

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import SQL

from .. import uninstall_hook
from ..models import filiere_indicator_aggregate
from .common import DistributionCase

ZERO_KEYS = (
    "erasure_certificates",
    "sad_sessions_held",
    "sad_sessions_missed",
    "sad_attendance_rate",
    "sad_people_coached",
    "satisfaction_avg",
)


@tagged("post_install", "-at_install")
class TestGrantStatement(DistributionCase):
    """A known dataset over two structures and two zones, and the exact value of every indicator."""

    maxDiff = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env.user)
        cls.zone_b = cls.env["filiere.zone"].create({"name": "Zone B de test", "code": "TEST-Y"})
        cls.company.filiere_zone_id = cls.zone
        cls.other_company.filiere_zone_id = cls.zone_b
        cls.donor.filiere_zone_id = cls.zone
        cls.donor_b = cls.env["res.partner"].create(
            {
                "name": "Entreprise B",
                "is_company": True,
                "filiere_donor_type": "company",
                "filiere_zone_id": cls.zone_b.id,
            }
        )
        cls.donation_b = cls.env["filiere.donation"].create(
            {"partner_id": cls.donor_b.id, "company_id": cls.other_company.id}
        )
        cls.donation_b.action_sign()
        cls.warehouse_b = cls.env["stock.warehouse"].search([("company_id", "=", cls.other_company.id)], limit=1)
        grid = cls.env["filiere.price.grid"]
        grid.create(cls._grid(cls.laptop, cls.grade_b, cls.student, 0.0, sale_format="loan"))
        grid.create(
            cls._grid(
                cls.laptop, cls.grade_a, cls.job_seeker, 15.0, sale_format="rental", company_id=cls.other_company.id
            )
        )
        cls.laptop.write(
            {
                "impact_raw_materials_kg": 800.0,
                "impact_raw_materials_source": "ADEME",
                "impact_co2e_kg": 100.0,
                "impact_co2e_source": "Facteur de test (source fictive).",
            }
        )
        cls.coordination = cls._user(
            "coordination_bilan",
            "filiere_reemploi.group_filiere_manager",
            cls.company,
            companies=cls.company | cls.other_company,
        )
        plan = cls.env["account.analytic.plan"].create({"name": "Subventions (test)"})
        cls.account = cls.env["account.analytic.account"].create(
            {"name": "AAP inclusion numérique", "plan_id": plan.id, "company_id": False}
        )

    def hand_over(self, device, beneficiary, prescriber=None, company=None):
        referral = self.make_referral(beneficiary, prescriber, company_id=(company or self.company).id)
        referral.action_accept()
        referral.action_allocate_device(device)
        referral.action_handover()
        return referral

    def device_b(self, serial):
        device = self.env["stock.lot"].create(
            {
                "name": serial,
                "device_type_id": self.laptop.id,
                "company_id": self.other_company.id,
                "donation_id": self.donation_b.id,
            }
        )
        self.ready_for_reuse(device).action_make_available()
        self.env["stock.quant"]._update_available_quantity(
            device.product_id, self.warehouse_b.lot_stock_id, 1, lot_id=device
        )
        return device

    def setUp(self):
        super().setUp()
        a1 = self.stocked_device("STAT-A1")
        a2 = self.stocked_device("STAT-A2")
        a3 = self.make_device("STAT-A3")
        self.walk(a3, "action_send_to_recycling")
        a4 = self.make_device("STAT-A4", device_type=self.smartphone, weight_kg=0.18)
        self.walk(a4, "action_send_to_parts")
        a5 = self.stocked_device("STAT-A5")
        a5.filiere_received_date = self.today - timedelta(days=400)
        a6 = self.stocked_device("STAT-A6", grade=self.grade_b)
        b1 = self.device_b("STAT-B1")
        self.referrals = (
            self.hand_over(a1, self.make_beneficiary("Senior A1", segments=self.senior))
            | self.hand_over(a2, self.make_beneficiary("Réfugié A2", segments=self.refugee, city="gap "))
            | self.hand_over(
                a6, self.make_beneficiary("Étudiante A6", segments=self.student, city="Tallard"), self.mission_locale
            )
            | self.hand_over(
                b1,
                self.make_beneficiary(
                    "Demandeur B1",
                    segments=self.job_seeker,
                    city="Briançon",
                    zone_id=self.zone_b.id,
                    company_id=self.other_company.id,
                ),
                company=self.other_company,
            )
        )
        lines = self.env["account.analytic.line"]
        for amount, days_ago in ((-1000.0, 2), (-500.0, 5), (200.0, 3), (-300.0, 60)):
            lines.create(
                {
                    "name": "Salaires / pièces",
                    "account_id": self.account.id,
                    "amount": amount,
                    "date": self.today - timedelta(days=days_ago),
                    "company_id": self.company.id,
                }
            )
        self.date_from = self.today - timedelta(days=10)
        self.companies = (self.company | self.other_company).ids

    def indicators(self, **kwargs):
        return self.env["filiere.statement"].compute_indicators(self.date_from, self.today, **kwargs)

    def test_every_indicator_on_the_known_dataset(self):
        result = self.indicators(company_ids=self.companies, analytic_account_ids=self.account.ids)
        expected = {
            "devices_received": 6,
            "devices_received_kg": 11.18,
            "devices_refurbished": 5,
            "reuse_rate": 0.8333,
            "devices_recycled": 1,
            "devices_recycled_kg": 2.2,
            "devices_parts": 1,
            "devices_distributed": 4,
            "distributed_free": 1,
            "distributed_solidarity": 1,
            "distributed_rental": 1,
            "distributed_loan": 1,
            "solidarity_revenue": 95.0,
            "beneficiaries": 4,
            "beneficiaries_by_segment": {"job_seeker": 1, "refugee": 1, "senior": 1, "student": 1},
            "beneficiaries_by_zone": {"TEST-Y": 1, "TEST-Z": 3},
            "communes_covered": 3,
            "donors": 2,
            "prescribers": 2,
            "raw_materials_avoided_kg": 3200.0,
            "co2e_avoided_kg": 400.0,
            "expenses": 1500.0,
            "cost_per_device": 375.0,
            **dict.fromkeys(ZERO_KEYS, 0),
        }
        self.assertEqual(result, expected)

    def test_filters_by_company_and_zone(self):
        only_a = self.indicators(company_ids=self.company.ids)
        self.assertEqual(only_a["devices_received"], 5)
        self.assertEqual(only_a["devices_distributed"], 3)
        self.assertEqual(only_a["solidarity_revenue"], 80.0)
        self.assertEqual(only_a["beneficiaries_by_zone"], {"TEST-Z": 3})
        self.assertEqual(only_a["expenses"], 0.0, "no analytic account, no expenses")
        zone_b = self.indicators(company_ids=self.companies, zone_ids=self.zone_b.ids)
        self.assertEqual(zone_b["devices_received"], 1)
        self.assertEqual(zone_b["donors"], 1)
        self.assertEqual(zone_b["devices_distributed"], 1)
        self.assertEqual(zone_b["distributed_rental"], 1)
        self.assertEqual(zone_b["solidarity_revenue"], 15.0)
        self.assertEqual(zone_b["beneficiaries_by_segment"], {"job_seeker": 1})
        self.assertEqual(zone_b["communes_covered"], 1)

    def test_empty_period_gives_zeros(self):
        future = self.today + timedelta(days=100)
        result = self.env["filiere.statement"].compute_indicators(
            future, future + timedelta(days=30), self.companies, analytic_account_ids=self.account.ids
        )
        for key, value in result.items():
            self.assertFalse(value, key)
        self.assertEqual(result["reuse_rate"], 0)
        self.assertEqual(result["cost_per_device"], 0)
        self.assertEqual(result["beneficiaries_by_segment"], {})

    def test_queries_do_not_depend_on_the_data(self):
        model = self.env["filiere.statement"]
        future = self.today + timedelta(days=100)
        self.env.flush_all()
        with self.assertQueryCount(9):
            model.compute_indicators(future, future, self.companies, analytic_account_ids=self.account.ids)
        with self.assertQueryCount(9):
            model.compute_indicators(self.date_from, self.today, self.companies, analytic_account_ids=self.account.ids)

    # ------------------------------------------------------------------
    # Daily aggregates: exact whatever changed, before and after the refresh
    # ------------------------------------------------------------------
    def aggregate_rows(self):
        rows = {}
        for table in ("filiere_indicator_device_day", "filiere_indicator_handover_day", "filiere_indicator_member_day"):
            self.env.cr.execute(SQL("SELECT * FROM %s", SQL.identifier(table)))
            # Kilograms summed in another order differ in the last bits only.
            rows[table] = sorted(
                (
                    tuple(round(value, 6) if isinstance(value, float) else value for value in row)
                    for row in self.env.cr.fetchall()
                ),
                key=repr,
            )
        return rows

    def assert_figures_exact(self, message):
        """The figures read with dirty buckets, after the refresh job, and after a rebuild from the
        records are the same, and so are the aggregates the job and the rebuild leave."""
        aggregates = self.env["filiere.indicator.aggregate"]
        scopes = ({"company_ids": self.companies}, {"company_ids": self.companies, "zone_ids": self.zone_b.ids})
        read = [self.indicators(**scope) for scope in scopes]
        with patch.object(filiere_indicator_aggregate, "LIVE_BUCKETS", -1):
            self.assertEqual(
                [self.indicators(**scope) for scope in scopes], read, f"{message}: read in one pass over the records"
            )
        self.env.ref("filiere_reemploi.ir_cron_filiere_indicator_aggregates").method_direct_trigger()
        self.env.cr.execute("SELECT COUNT(*) FROM filiere_indicator_dirty")
        self.assertEqual(self.env.cr.fetchone()[0], 0, f"{message}: the refresh leaves no dirty bucket")
        refreshed = [self.indicators(**scope) for scope in scopes]
        refreshed_rows = self.aggregate_rows()
        aggregates._filiere_rebuild()
        self.assertEqual(read, refreshed, f"{message}: figures before and after the refresh")
        self.assertEqual([self.indicators(**scope) for scope in scopes], refreshed, f"{message}: rebuilt")
        self.assertEqual(self.aggregate_rows(), refreshed_rows, f"{message}: the refreshed aggregates")
        return read[0], read[1]

    def test_figures_stay_exact_through_every_kind_of_change(self):
        everything, zone_b = self.assert_figures_exact("the dataset")
        self.assertEqual(everything["devices_received"], 6)
        self.assertEqual(everything["raw_materials_avoided_kg"], 4 * 800.0)
        self.assertEqual(zone_b["devices_received"], 1)

        # The donor moves to zone B: its devices follow (a stored computed field, written by the ORM's flush).
        self.donor.filiere_zone_id = self.zone_b
        everything, zone_b = self.assert_figures_exact("donor moved to zone B")
        self.assertEqual(zone_b["devices_received"], 6, "the donor's five devices counted in zone B now")
        self.assertEqual(zone_b["devices_received_kg"], everything["devices_received_kg"])

        # A device reweighed, another received long ago, a third one deleted.
        device = self.referrals[0].lot_id
        device.weight_kg = 9.5
        self.env["stock.lot"].search([("name", "=", "STAT-A4")]).filiere_received_date = self.today - timedelta(
            days=400
        )
        extra = self.make_device("STAT-EXTRA")
        self.assert_figures_exact("reweighed, backdated, one device more")
        extra.unlink()
        everything, _zone_b = self.assert_figures_exact("device deleted")
        self.assertEqual(everything["devices_received"], 5)

        # A handed-over device becomes a smartphone (no impact factor); a person gains a segment;
        # a commune is corrected; a referral is created and refused (a prescriber's figure).
        device.device_type_id = self.smartphone
        referral = self.referrals[1]
        referral.segment_ids = [Command.link(self.student.id)]
        referral.city = "Embrun"
        refused = self.make_referral(self.make_beneficiary("Refusé"), self.mission_locale, refuse_reason="Hors zone")
        refused.action_refuse()
        everything, _zone_b = self.assert_figures_exact("type, segment, commune, new referral")
        self.assertEqual(
            everything["raw_materials_avoided_kg"],
            3 * 800.0 + self.smartphone.impact_raw_materials_kg,
            "three laptops of 800 kg and a smartphone, of four laptops",
        )
        self.assertEqual(everything["beneficiaries_by_segment"]["student"], 2)

        # A referral's segments removed, a referral deleted (SQL cascade on its segments).
        referral.segment_ids = [Command.clear()]
        refused.sudo().unlink()
        everything, _zone_b = self.assert_figures_exact("segments cleared, referral deleted")
        self.assertNotIn("refugee", everything["beneficiaries_by_segment"])

    def test_uninstall_removes_the_triggers_and_leaves_the_records_writable(self):
        uninstall_hook(self.env)  # rolled back with the test, DDL included
        self.env.cr.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'filiere_indicator%%'")
        self.assertEqual(self.env.cr.fetchall(), [])
        self.env.cr.execute(
            "SELECT to_regclass('filiere_indicator_member_day'), to_regclass('filiere_indicator_dirty')"
        )
        self.assertEqual(self.env.cr.fetchone(), (None, None))
        device = self.referrals[0].lot_id
        device.weight_kg = 3.0
        self.referrals[1].city = "Embrun"
        self.env.flush_all()
        self.assertEqual(device.weight_kg, 3.0)

    def issue(self):
        grant = self.env["filiere.grant"].create(
            {
                "name": "AAP inclusion numérique 2027",
                "partner_id": self.donor.id,
                "company_id": self.company.id,
                "company_ids": [Command.set(self.companies)],
                "amount": 51000.0,
                "advance_rate": 40.0,
                "date_from": self.date_from,
                "date_to": self.today,
                "analytic_account_id": self.account.id,
            }
        )
        wizard = (
            self.env["filiere.statement.wizard"]
            .with_user(self.coordination)
            .with_context(allowed_company_ids=self.companies)
            .create({"grant_id": grant.id})
        )
        self.assertEqual(wizard.date_from, self.date_from)
        action = wizard.action_issue()
        return self.env["filiere.statement"].browse(action["res_id"])

    def test_statement_is_numbered_stored_hashed_and_never_changes(self):
        statement = self.issue()
        self.assertRegex(statement.name, r"^BILAN/\d{4}/\d{4}$")
        self.assertEqual(len(statement.content_hash), 64)
        figures = statement._stored_figures()
        self.assertEqual(figures["devices_distributed"], 4)
        line = statement.line_ids.filtered(lambda item: item.key == "devices_distributed")
        self.assertEqual(line.value, 4)
        self.assertEqual(statement.expenses, 1500.0)
        self.assertTrue(statement.pdf_attachment_id.raw.startswith(b"%PDF"))
        self.assertTrue(statement.xlsx_attachment_id.raw.startswith(b"PK"))
        statement.action_check()
        self.assertIn("same figures", statement.check_result)

        # The records move on; the statement does not.
        extra = self.stocked_device("STAT-LATE")
        self.hand_over(extra, self.make_beneficiary("Personne tardive"))
        self.env["filiere.statement"].invalidate_model()
        self.assertEqual(statement._stored_figures(), figures)
        statement.action_check()
        self.assertIn("devices_distributed", statement.check_result)
        self.assertIn("Intact", statement.check_result)
        with self.assertRaises(UserError):
            statement.write({"expenses": 1.0})
        with self.assertRaises(UserError):
            line.write({"value": 99})
        with self.assertRaises(UserError):
            statement.unlink()
        # Tampering in the database is detected.
        self.env.cr.execute(
            "UPDATE filiere_statement SET figures = replace(figures, '\"devices_distributed\":4', "
            "'\"devices_distributed\":40') WHERE id = %s",
            [statement.id],
        )
        statement.invalidate_recordset()
        statement.action_check()
        self.assertIn("Altered", statement.check_result)
        # Same period, same data: same figures.
        again = self.issue()
        self.assertEqual(again._stored_figures()["devices_distributed"], 5)

    def test_documents_carry_the_structure_numbers_and_no_false_zero(self):
        self.company.partner_id.write(
            {"street": "12 rue Carnot", "zip": "05000", "city": "Gap", "siret": "73282932000074"}
        )
        self.laptop.write({"impact_co2e_kg": 0.0, "impact_co2e_source": False})
        statement = self.issue()
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(statement.pdf_attachment_id.raw)).pages)
        self.assertIn("12 rue Carnot", text)
        self.assertIn("73282932000074", text)
        co2e = statement.line_ids.filtered(lambda line: line.key == "co2e_avoided_kg")
        raw = statement.line_ids.filtered(lambda line: line.key == "raw_materials_avoided_kg")
        lines = text.splitlines()
        position = lines.index(co2e.name)
        self.assertNotIn("0,00", lines[position + 1], "no CO2e factor on the types: no false zero")
        self.assertNotIn("0.00", lines[position + 1])
        self.assertIn("Page 1", text, "pages are numbered")
        # Issued "01/12/2026 14:45" (in whatever language), not with seconds.
        self.assertFalse(re.search(r"\d\d:\d\d:\d\d", text), "no seconds in the date of issue")
        self.assertTrue(re.search(r"\d\d:\d\d", text))

        sheet = load_workbook(io.BytesIO(statement.xlsx_attachment_id.raw)).active
        rows = {row[0].value: row for row in sheet.iter_rows() if row[0].value}
        distributed = statement.line_ids.filtered(lambda line: line.key == "devices_distributed")
        self.assertEqual(rows[distributed.name][1].value, 4)
        self.assertEqual(rows[distributed.name][1].data_type, "n")
        self.assertEqual(rows[raw.name][1].value, raw.value)
        self.assertEqual(rows[raw.name][2].value, "kg")
        self.assertIsInstance(rows[co2e.name][1].value, str, "not measured is said, not written as 0")

    def test_a_structure_left_out_of_the_switcher_is_named(self):
        grant = self.env["filiere.grant"].create(
            {
                "name": "AAP deux structures",
                "partner_id": self.donor.id,
                "company_id": self.company.id,
                "company_ids": [Command.set(self.companies)],
                "date_from": self.date_from,
                "date_to": self.today,
            }
        )
        wizard = (
            self.env["filiere.statement.wizard"]
            .with_user(self.coordination)
            .with_context(allowed_company_ids=self.company.ids, lang="en_US")
            .create({"grant_id": grant.id})
        )
        with self.assertRaises(UserError) as refused:
            wizard.action_issue()
        self.assertEqual(
            refused.exception.args[0],
            f"The grant {grant.name} covers {self.other_company.name}: select them in the company switcher before "
            "issuing its statement, so that its figures cover every structure it names.",
        )
        self.assertFalse(grant.statement_ids)

    def test_every_figure_opens_the_records_behind_it(self):
        statement = self.issue()
        by_key = {(line.key, line.sub_key or ""): line for line in statement.line_ids}
        for key, sub_key, model, count in (
            ("devices_received", "", "stock.lot", 6),
            ("devices_parts", "", "stock.lot", 1),
            ("distributed_loan", "", "filiere.referral", 1),
            ("devices_distributed", "", "filiere.referral", 4),
            ("beneficiaries_by_segment", "senior", "filiere.referral", 1),
            ("beneficiaries_by_zone", "TEST-Z", "filiere.referral", 3),
            ("expenses", "", "account.analytic.line", 2),
        ):
            with self.subTest(key=key, sub_key=sub_key):
                action = by_key[key, sub_key].action_open_records()
                self.assertEqual(action["res_model"], model)
                self.assertEqual(self.env[model].search_count(action["domain"]), count)

    def test_grant_indicators_choose_the_lines(self):
        grant = self.env["filiere.grant"].create(
            {
                "name": "Fondation (test)",
                "partner_id": self.donor.id,
                "company_id": self.company.id,
                "date_from": self.date_from,
                "date_to": self.today,
                "indicator_ids": [Command.set(self.env.ref("filiere_reemploi.indicator_devices_distributed").ids)],
            }
        )
        statement = self.env["filiere.statement"]._issue(grant, self.date_from, self.today)
        self.assertEqual(statement.line_ids.mapped("key"), ["devices_distributed"])
        self.assertEqual(statement.line_ids.value, 3)

    def test_auditor_reads_statements_and_aggregates_but_issues_nothing(self):
        statement = self.issue()
        auditor_env = self.env(user=self.auditor, context={"allowed_company_ids": self.company.ids})
        self.assertEqual(auditor_env["filiere.statement"].browse(statement.id).name, statement.name)
        result = auditor_env["filiere.statement"].compute_indicators(self.date_from, self.today)
        self.assertEqual(result["devices_distributed"], 3)
        with self.assertRaises(AccessError):
            auditor_env["filiere.statement.wizard"].create({"grant_id": statement.grant_id.id})
        with self.assertRaises(AccessError):
            auditor_env["filiere.beneficiary"].search([])

    def test_eco_organisation_report(self):
        rows = self.env["filiere.statement"]._eco_organisation_report(self.date_from, self.today, self.companies)
        month = self.today.strftime("%Y-%m")
        self.assertEqual(
            rows,
            [
                {"device_type": "laptop", "channel": "recycling", "month": month, "units": 1, "kg": 2.2},
                {"device_type": "smartphone", "channel": "parts", "month": month, "units": 1, "kg": 0.18},
            ],
        )

    def test_the_statement_wizard_prepares_the_next_deadline(self):
        grant = self.env["filiere.grant"].create(
            {
                "name": "Département (échéances)",
                "partner_id": self.donor.id,
                "company_id": self.company.id,
                "date_from": self.date_from,
                "date_to": self.today + timedelta(days=300),
                "deadline_ids": [
                    Command.create({"name": "Bilan final", "date": self.today + timedelta(days=300)}),
                    Command.create({"name": "Bilan intermédiaire", "date": self.today - timedelta(days=2)}),
                    Command.create({"name": "Bilan déjà rendu", "date": self.today - timedelta(days=5), "done": True}),
                ],
            }
        )
        interim = grant.deadline_ids.filtered(lambda deadline: deadline.name == "Bilan intermédiaire")
        wizard = self.env["filiere.statement.wizard"].with_user(self.coordination).create({"grant_id": grant.id})
        self.assertEqual(wizard.deadline_id, interim)
        self.assertEqual((wizard.date_from, wizard.date_to), (self.date_from, interim.date))
        wizard.action_issue()
        self.assertTrue(interim.done, "the statement due is delivered")
        final = self.env["filiere.statement.wizard"].with_user(self.coordination).create({"grant_id": grant.id})
        self.assertEqual(final.deadline_id.name, "Bilan final")
        self.assertEqual(final.date_to, self.today, "a deadline ahead: the figures up to today")

    def test_deadline_reminder_once(self):
        grant = self.env["filiere.grant"].create(
            {
                "name": "Département (test)",
                "partner_id": self.donor.id,
                "user_id": self.manager.id,
                "date_from": self.date_from,
                "date_to": self.today,
                "deadline_ids": [
                    Command.create({"name": "Bilan intermédiaire", "date": self.today + timedelta(days=10)}),
                    Command.create({"name": "Bilan final", "date": self.today + timedelta(days=200)}),
                ],
            }
        )
        self.manager.lang = "fr_FR"
        # As the scheduler runs it: no language in the context.
        self.env["filiere.grant"].with_context(lang=None)._cron_deadline_reminders()
        self.env["filiere.grant"].with_context(lang=None)._cron_deadline_reminders()
        self.assertEqual(len(grant.activity_ids), 1)
        self.assertTrue(grant.activity_ids.summary.startswith("Bilan à rendre : "), grant.activity_ids.summary)
        self.assertEqual(grant.activity_ids.user_id, self.manager)
        self.assertIn("Bilan intermédiaire", grant.activity_ids.summary)

    def test_environmental_factors_cite_their_source(self):
        laptop = self.env.ref("filiere_reemploi.device_type_laptop")
        with self.assertRaises(ValidationError):
            laptop.write({"impact_co2e_kg": 150.0, "impact_co2e_source": ""})
