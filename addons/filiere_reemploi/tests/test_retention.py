from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from .common import DistributionCase


@tagged("post_install", "-at_install")
class TestRetention(DistributionCase):
    def handed_over(self, name, months_ago, serial):
        device = self.stocked_device(serial)
        referral = self.make_referral(self.make_beneficiary(name, segments=self.senior | self.student))
        referral.action_accept()
        referral.action_allocate_device(device)
        referral.action_handover()
        handover = fields.Date.context_today(referral) - relativedelta(months=months_ago)
        referral.write({"handover_date": handover, "note": f"Suivi de {name}"})
        return referral

    def test_anonymised_after_the_retention_period_statistics_kept(self):
        old = self.handed_over("Ancienne Personne", 37, "RET-OLD")
        recent = self.handed_over("Personne Récente", 35, "RET-NEW")
        old_beneficiary = old.beneficiary_id
        partner = old_beneficiary.partner_id
        self.env.cr.execute(
            "UPDATE filiere_referral SET create_date = %s WHERE id IN %s",
            (old.handover_date, tuple((old | recent).ids)),
        )
        self.env.cr.execute(
            "UPDATE filiere_beneficiary SET create_date = %s WHERE id IN %s",
            (old.handover_date, tuple((old | recent).beneficiary_id.ids)),
        )
        self.env.invalidate_all()
        (old | recent).beneficiary_id._compute_last_activity_date()

        self.env["filiere.beneficiary"]._cron_anonymise_expired()

        self.assertTrue(old_beneficiary.anonymised_date)
        self.assertNotIn("Ancienne", old_beneficiary.name)
        self.assertFalse(old_beneficiary.phone)
        self.assertFalse(old.note)
        self.assertNotIn("Ancienne", partner.name)
        self.assertFalse(partner.phone)
        # What statistics need stays.
        self.assertEqual(old_beneficiary.segment_ids, self.senior | self.student)
        self.assertEqual(old_beneficiary.zone_id, self.zone)
        self.assertEqual(old_beneficiary.city, "Gap")
        self.assertEqual(old.segment_ids, self.senior | self.student)
        self.assertEqual(old.zone_id, self.zone)
        self.assertEqual(old.state, "delivered")
        self.assertTrue(old.handover_date)
        self.assertEqual(old.sale_order_id.amount_untaxed, 50.0)
        # Within the period: untouched.
        self.assertFalse(recent.beneficiary_id.anonymised_date)
        self.assertEqual(recent.beneficiary_id.name, "Personne Récente")
        self.assertEqual(recent.beneficiary_id.phone, "+33612345678")

    def test_retention_period_is_a_company_setting(self):
        self.company.filiere_retention_months = 12
        referral = self.handed_over("Personne Courte", 13, "RET-SHORT")
        self.env.cr.execute(
            "UPDATE filiere_beneficiary SET create_date = %s WHERE id = %s",
            (referral.handover_date, referral.beneficiary_id.id),
        )
        self.env.cr.execute(
            "UPDATE filiere_referral SET create_date = %s WHERE id = %s", (referral.handover_date, referral.id)
        )
        self.env.invalidate_all()
        referral.beneficiary_id._compute_last_activity_date()
        self.env["filiere.beneficiary"]._cron_anonymise_expired()
        self.assertTrue(referral.beneficiary_id.anonymised_date)

    def test_person_with_a_referral_in_progress_is_kept(self):
        beneficiary = self.make_beneficiary("En Cours")
        self.make_referral(beneficiary)
        self.env.cr.execute(
            "UPDATE filiere_beneficiary SET last_activity_date = '2020-01-01' WHERE id = %s", (beneficiary.id,)
        )
        self.env.invalidate_all()
        self.env["filiere.beneficiary"]._cron_anonymise_expired()
        self.assertFalse(beneficiary.anonymised_date)
        self.assertEqual(beneficiary.name, "En Cours")
