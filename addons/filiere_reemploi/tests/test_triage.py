from odoo.tests import tagged

from .common import FiliereCase


@tagged("post_install", "-at_install")
class TestTriage(FiliereCase):
    def test_default_rules(self):
        this_year = self.env.cr.now().year
        old = self.make_device("OLD", year=this_year - 11)
        locked = self.make_device("LOCKED", year=this_year - 4, bios_lock="locked")
        good = self.make_device("GOOD", year=this_year - 10)
        (old | locked | good).action_triage()
        self.assertEqual(old.routing, "recycle")
        self.assertEqual(old.routing_rule_id, self.env.ref("filiere_reemploi.triage_rule_older_than_10_years"))
        self.assertEqual(locked.routing, "review")
        self.assertEqual(good.routing, "refurbish")
        self.assertFalse(good.routing_rule_id)
        self.assertTrue(old.routing_date)
        self.assertEqual(old.weight_kg, 2.2, "the weight for e-waste reporting is recorded")

    def test_rules_are_configurable_per_structure(self):
        this_year = self.env.cr.now().year
        self.env.ref("filiere_reemploi.triage_rule_older_than_10_years").threshold = 6
        self.env["filiere.triage.rule"].create(
            {
                "name": "Smartphones: batterie usée",
                "sequence": 1,
                "rule_type": "battery_below",
                "threshold": 50,
                "routing": "parts",
                "device_type_ids": [(4, self.smartphone.id)],
                "company_id": self.other_company.id,
            }
        )
        seven = self.make_device("SEVEN", year=this_year - 7)
        worn = self.make_device("WORN", device_type=self.smartphone, year=this_year - 2, battery_health=30)
        (seven | worn).action_triage()
        self.assertEqual(seven.routing, "recycle")
        self.assertEqual(worn.routing, "refurbish", "the other structure's rule does not apply here")
