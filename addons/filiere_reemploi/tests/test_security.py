from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import FiliereCase


@tagged("post_install", "-at_install")
class TestSecurity(FiliereCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_donation = cls.env["filiere.donation"].create(
            {"partner_id": cls.donor.id, "company_id": cls.other_company.id}
        )
        cls.other_technician = cls._user("technicien2", "filiere_reemploi.group_filiere_user", cls.other_company)
        cls.coordination = cls._user(
            "coordination",
            "filiere_reemploi.group_filiere_manager",
            cls.company,
            companies=cls.company | cls.other_company,
        )
        cls.employee = new_test_user(cls.env, login="salarie", groups="base.group_user")

    def setUp(self):
        super().setUp()
        self.device = self.make_device("MINE-1")
        self.other_device = self.env["stock.lot"].create(
            {
                "name": "THEIRS-1",
                "device_type_id": self.laptop.id,
                "company_id": self.other_company.id,
                "donation_id": self.other_donation.id,
            }
        )

    def test_structure_sees_only_its_own_devices_and_donations(self):
        donations = self.env["filiere.donation"].with_user(self.technician).search([])
        self.assertIn(self.donation, donations)
        self.assertNotIn(self.other_donation, donations)
        devices = self.env["stock.lot"].with_user(self.technician).search([("is_device", "=", True)])
        self.assertIn(self.device, devices)
        self.assertNotIn(self.other_device, devices)
        with self.assertRaises(AccessError):
            self.other_donation.with_user(self.technician).read(["name"])
        with self.assertRaises(AccessError):
            self.other_device.with_user(self.technician).write({"brand": "piraté"})

    def test_coordination_sees_the_whole_network(self):
        coordination_env = self.env(
            user=self.coordination, context={"allowed_company_ids": (self.company | self.other_company).ids}
        )
        donations = coordination_env["filiere.donation"].search([])
        self.assertIn(self.donation, donations)
        self.assertIn(self.other_donation, donations)
        devices = coordination_env["stock.lot"].search([("is_device", "=", True)])
        self.assertIn(self.other_device, devices)

    def test_auditor_reads_but_cannot_change(self):
        donation = self.donation.with_user(self.auditor)
        self.assertEqual(donation.name, self.donation.name)
        self.assertEqual(self.device.with_user(self.auditor).device_state, "received")
        with self.assertRaises(AccessError):
            donation.write({"expected_quantity": 1})
        with self.assertRaises(AccessError):
            self.device.with_user(self.auditor).write({"brand": "changed"})
        with self.assertRaises(AccessError):
            self.env["filiere.donation"].with_user(self.auditor).create({"partner_id": self.donor.id})

    def test_employee_without_the_group_is_refused(self):
        with self.assertRaises(AccessError):
            self.env["filiere.donation"].with_user(self.employee).search([])
        with self.assertRaises(AccessError):
            self.env["filiere.test.result"].with_user(self.employee).search([])

    def test_only_managers_edit_the_network_configuration(self):
        with self.assertRaises(AccessError):
            self.env["filiere.device.type"].with_user(self.technician).create(
                {"name": "Console", "code": "console", "product_id": self.laptop.product_id.id}
            )
        with self.assertRaises(AccessError):
            self.grade_a.with_user(self.technician).write({"min_battery_health": 10})
        self.grade_a.with_user(self.manager).write({"min_battery_health": 70})
        self.assertEqual(self.grade_a.min_battery_health, 70)
        self.env["filiere.triage.rule"].with_user(self.manager).create(
            {"name": "Tout recycler", "rule_type": "always", "routing": "recycle"}
        )
