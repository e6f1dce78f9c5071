import ast
from datetime import timedelta

from lxml import etree

from odoo import fields
from odoo.tests import tagged

from .common import DistributionCase


@tagged("post_install", "-at_install")
class TestDeviceScreens(DistributionCase):
    """What the workshop sees: the device form, the devices kanban."""

    def _arch(self, xmlid, view_type, user=None):
        view = self.env.ref(xmlid)
        lots = self.env["stock.lot"].with_user(user or self.manager)
        return etree.fromstring(lots.get_view(view.id, view_type)["arch"])

    def test_device_form_opens_on_the_specifications_without_stock_valuation(self):
        # The administrator, who belongs to every group (stock and accounting managers included).
        arch = self._arch("filiere_reemploi.stock_lot_view_form_device", "form", self.env.ref("base.user_admin"))
        pages = arch.xpath("//notebook/page")
        self.assertEqual(pages[0].get("name"), "specifications", "the first tab is the one every device fills")
        self.assertLess(
            [page.get("name") for page in pages].index("specifications"),
            [page.get("name") for page in pages].index("description"),
        )
        # The stock valuation of stock_account, zeros for donated devices, is not shown.
        for field_name in ("total_value", "avg_cost", "standard_price"):
            with self.subTest(field=field_name):
                [label] = arch.xpath(f"//label[@for='{field_name}']")
                [field] = arch.xpath(f"//field[@name='{field_name}']")
                self.assertIn(label.get("invisible"), ("1", "True"))
                self.assertIn(field.getparent().get("invisible"), ("1", "True"))
        [button] = arch.xpath("//button[@name='action_view_stock_valuation_layers']")
        self.assertIn(button.get("invisible"), ("1", "True"))

    def test_kanban_badges_say_what_they_are(self):
        arch = self._arch("filiere_reemploi.stock_lot_view_kanban_device", "kanban")
        for field_name, label in (("functional_test_state", "Test"), ("routing", "Triage")):
            with self.subTest(field=field_name):
                [badge] = arch.xpath(f"//field[@name='{field_name}'][@widget='badge']")
                holder = badge.getparent()
                self.assertTrue(holder.get("title"), "a tooltip names the badge")
                self.assertEqual(holder.xpath("string(span)").strip(), label, "and a word before it")

    def test_kanban_folds_the_empty_states(self):
        self.make_device("KAN-1")
        self.stocked_device("KAN-2")
        groups = (
            self.env["stock.lot"]
            .with_user(self.technician)
            .web_read_group([("is_device", "=", True)], ["device_state"], ["device_state"])["groups"]
        )
        columns = {group["device_state"]: (group["device_state_count"], group.get("__fold", False)) for group in groups}
        self.assertEqual(len(columns), 9, "every state keeps its column")
        self.assertEqual(columns["received"], (1, False))
        self.assertEqual(columns["available"], (1, False))
        folded = sorted(state for state, (count, fold) in columns.items() if fold)
        self.assertEqual(folded, ["delivered", "diagnosed", "erased", "parts", "recycled", "refurbished", "reserved"])


@tagged("post_install", "-at_install")
class TestReportingScreens(DistributionCase):
    """What the accountant opens: the reporting pivots and the overview."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The structure's accountant: an internal user with the read-only auditor's rights.
        cls.accountant = cls._user("expert", "base.group_user,filiere_reemploi.group_filiere_auditor", cls.company)

    def test_reporting_pivots_count_devices_as_whole_numbers_first(self):
        for xmlid, measure in (
            ("filiere_reemploi.stock_lot_device_reporting_action", "weight_kg"),
            ("filiere_reemploi.stock_lot_eco_organisation_action", "filiere_parts_kg"),
            ("filiere_reemploi.filiere_referral_reporting_action", "price"),
            ("filiere_reemploi.filiere_tax_receipt_action", "amount"),
        ):
            with self.subTest(action=xmlid):
                action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
                measures = ast.literal_eval(action["context"])["pivot_measures"]
                self.assertEqual(measures[0], "__count")
                self.assertIn(measure, measures)
        # The count a pivot cell shows is a whole number of devices, not a weight.
        self.make_device("PIV-1", weight_kg=2.5)
        self.make_device("PIV-2", weight_kg=2.5)
        [(count, weight)] = self.env["stock.lot"]._read_group(
            [("name", "in", ("PIV-1", "PIV-2"))], [], ["__count", "weight_kg:sum"]
        )
        self.assertEqual((count, weight), (2, 5.0))
        self.assertIsInstance(count, int)

    def _handed_over(self, serial):
        device = self.stocked_device(serial)
        referral = self.make_referral().with_user(self.distribution)
        referral.action_accept()
        referral.action_allocate_device(device)
        referral.action_handover()
        return device

    def test_overview_figures_of_the_month(self):
        today = fields.Date.context_today(self.env["filiere.overview"])
        received = self.make_device("OV-1") | self.make_device("OV-2")
        available = self.stocked_device("OV-3")
        reserved = self.stocked_device("OV-4")
        referral = self.make_referral().with_user(self.distribution)
        referral.action_accept()
        referral.action_allocate_device(reserved)
        delivered = self._handed_over("OV-5")
        last_month = today.replace(day=1) - timedelta(days=1)
        older = self.make_device("OV-6")
        older.filiere_received_date = last_month
        # Another structure's device is not this structure's stock.
        self.env["stock.lot"].create(
            {
                "name": "OV-OTHER",
                "device_type_id": self.laptop.id,
                "company_id": self.other_company.id,
            }
        )
        grant = self.env["filiere.grant"].create(
            {
                "name": "Conseil départemental 2027",
                "partner_id": self.donor.id,
                "company_id": self.company.id,
                "date_from": today - timedelta(days=60),
                "date_to": today + timedelta(days=300),
            }
        )
        self.env["filiere.grant.deadline"].create(
            [
                {"grant_id": grant.id, "name": "Bilan intermédiaire", "date": today + timedelta(days=40)},
                {"grant_id": grant.id, "name": "Bilan final", "date": today + timedelta(days=200)},
                {"grant_id": grant.id, "name": "Pièces", "date": today - timedelta(days=5)},
                {"grant_id": grant.id, "name": "Convention", "date": today + timedelta(days=3), "done": True},
            ]
        )

        # The accountant opens the overview from the menu.
        action = self.env.ref("filiere_reemploi.filiere_overview_action").with_user(self.accountant).run()
        overview = self.env["filiere.overview"].with_user(self.accountant).browse(action["res_id"])
        self.assertEqual(action["res_model"], "filiere.overview")
        self.assertEqual(overview.date_from, today.replace(day=1))
        in_stock = received | available | reserved | older
        self.assertEqual(
            (
                overview.stock_total,
                overview.stock_received,
                overview.stock_available,
                overview.stock_reserved,
                overview.stock_refurbished,
            ),
            (len(in_stock), 3, 1, 1, 0),
        )
        month_devices = received | available | reserved | delivered
        self.assertEqual(overview.intake_count, len(month_devices))
        self.assertAlmostEqual(overview.intake_weight_kg, sum(month_devices.mapped("weight_kg")), places=1)
        self.assertEqual(overview.handover_count, 1)
        self.assertEqual(overview.next_deadline_id.name, "Bilan intermédiaire")
        self.assertEqual((overview.next_deadline_days, overview.overdue_deadline_count), (40, 1))

        # Each figure opens the records behind it.
        lots = self.env["stock.lot"].with_user(self.accountant)
        stock_action = overview.with_context(overview_state="received").action_open_stock()
        self.assertEqual(lots.search(stock_action["domain"]), received | older)
        self.assertEqual(lots.search(overview.action_open_intake()["domain"]), month_devices)
        handovers = (
            self.env["filiere.referral"].with_user(self.accountant).search(overview.action_open_handovers()["domain"])
        )
        self.assertEqual(handovers.lot_id, delivered)

        # Last month: its own intake, the same stock.
        overview.month = last_month
        self.assertEqual((overview.intake_count, overview.handover_count), (1, 0))
        self.assertEqual(overview.date_from, last_month.replace(day=1))
        self.assertEqual(overview.date_to, last_month)
        self.assertEqual(overview.stock_total, len(in_stock))

    def test_overview_costs_the_same_queries_whatever_the_devices(self):
        overview = self.env["filiere.overview"].with_user(self.accountant).create({})
        fields_to_read = [name for name, field in overview._fields.items() if field.compute and not field.store]

        def read_all():
            overview.invalidate_recordset()
            overview.read(fields_to_read)

        read_all()
        with self.assertQueryCount(__system__=25):
            read_all()
        for index in range(20):
            self.make_device(f"QOV-{index}")
        with self.assertQueryCount(__system__=25):
            read_all()

    def test_overview_menu_comes_first_for_coordinators_and_accountants(self):
        root = self.env.ref("filiere_reemploi.filiere_root_menu")
        overview_menu = self.env.ref("filiere_reemploi.filiere_overview_menu")

        def app_menus(user):
            visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
            return root.child_id.filtered(lambda menu: menu.id in visible).sorted(lambda menu: (menu.sequence, menu.id))

        for user in (self.manager, self.accountant):
            with self.subTest(user=user.login):
                self.assertEqual(app_menus(user)[0], overview_menu)
        self.assertNotIn(overview_menu, app_menus(self.technician))
