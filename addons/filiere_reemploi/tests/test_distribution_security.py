from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import DistributionCase


@tagged("post_install", "-at_install")
class TestDistributionSecurity(DistributionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env, login="comptable_factures", groups="account.group_account_invoice", company_id=cls.company.id
        )
        cls.ccas_user = cls._portal_user("ccas_agent", cls.ccas)
        cls.mission_locale_user = cls._portal_user("ml_agent", cls.mission_locale)

    def setUp(self):
        super().setUp()
        self.beneficiary = self.make_beneficiary("Jeanne Martin")
        self.referral = self.make_referral(self.beneficiary, self.ccas)
        self.other_beneficiary = self.make_beneficiary("Karim Haddad", segments=self.job_seeker)
        self.other_referral = self.make_referral(self.other_beneficiary, self.mission_locale)

    def test_distribution_staff_read_and_record_beneficiaries(self):
        beneficiary = self.beneficiary.with_user(self.distribution)
        self.assertEqual(beneficiary.phone, "+33612345678")
        beneficiary.city = "Tallard"
        self.assertEqual(self.referral.with_user(self.distribution).beneficiary_id, self.beneficiary)

    def test_technician_accountant_and_auditor_cannot_read_a_person(self):
        for user in (self.technician, self.accountant, self.auditor):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.beneficiary.with_user(user).read(["name"])
                with self.assertRaises(AccessError):
                    self.beneficiary.with_user(user).write({"name": "Changed"})

    def test_auditor_reads_referral_statistics_but_not_the_identity(self):
        referral = self.referral.with_user(self.auditor)
        values = referral.read(["state", "zone_id", "city", "segment_ids", "device_type_id"])[0]
        self.assertEqual(values["state"], "submitted")
        self.assertEqual(values["zone_id"][0], self.zone.id)
        self.assertEqual(values["segment_ids"], self.senior.ids)
        with self.assertRaises(AccessError):
            referral.read(["beneficiary_id"])
        with self.assertRaises(AccessError):
            referral.write({"state": "accepted"})
        groups = (
            self.env["filiere.referral"]
            .with_user(self.auditor)
            .read_group([("company_id", "=", self.company.id)], ["zone_id"], ["zone_id"])
        )
        self.assertEqual(groups[0]["zone_id_count"], 2)

    def test_prescriber_sees_only_their_own_referrals_and_people(self):
        referrals = self.env["filiere.referral"].with_user(self.ccas_user).search([])
        self.assertEqual(referrals, self.referral)
        people = self.env["filiere.beneficiary"].with_user(self.ccas_user).search([])
        self.assertEqual(people, self.beneficiary)
        with self.assertRaises(AccessError):
            self.other_referral.with_user(self.ccas_user).read(["name"])
        with self.assertRaises(AccessError):
            self.other_beneficiary.with_user(self.ccas_user).read(["name"])
        self.assertEqual(
            self.env["filiere.referral"].with_user(self.mission_locale_user).search([]), self.other_referral
        )

    def test_prescriber_cannot_change_a_referral_or_write_for_another_prescriber(self):
        with self.assertRaises(AccessError):
            self.referral.with_user(self.ccas_user).write({"state": "accepted"})
        with self.assertRaises(AccessError):
            self.env["filiere.referral"].with_user(self.ccas_user).create(
                {
                    "prescriber_id": self.mission_locale.id,
                    "beneficiary_id": self.beneficiary.id,
                    "device_type_id": self.laptop.id,
                }
            )

    def test_only_managers_edit_the_price_grid(self):
        with self.assertRaises(AccessError):
            self.grid_laptop_a_senior.with_user(self.distribution).write({"price": 1.0})
        self.grid_laptop_a_senior.with_user(self.manager).price = 75.0
        self.assertEqual(self.grid_laptop_a_senior.price, 75.0)
        self.assertEqual(self.grid_laptop_a_senior.with_user(self.auditor).price, 75.0)
