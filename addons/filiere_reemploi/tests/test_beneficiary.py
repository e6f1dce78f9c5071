from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import DistributionCase


@tagged("post_install", "-at_install")
class TestBeneficiary(DistributionCase):
    def test_phone_is_stored_in_e164(self):
        beneficiary = self.make_beneficiary(phone="06 12 34 56 78")
        self.assertEqual(beneficiary.phone, "+33612345678")
        beneficiary.phone = "0033 4 92 51 00 00"
        self.assertEqual(beneficiary.phone, "+33492510000")

    def test_invalid_phone_is_refused_with_the_reason(self):
        count = self.env["filiere.beneficiary"].search_count([])
        with self.assertRaises(ValidationError) as error:
            self.make_beneficiary(name="Paul Durand", phone="06 12")
        message = str(error.exception)
        self.assertIn("'06 12'", message)
        self.assertIn("Paul Durand", message)
        self.assertIn("too few digits", message)
        with self.assertRaises(ValidationError) as error:
            self.make_beneficiary(phone="pas de numéro")
        self.assertIn("contains no phone number", str(error.exception))
        self.assertEqual(self.env["filiere.beneficiary"].search_count([]), count)

    def test_invalid_phone_on_update_keeps_the_old_one(self):
        beneficiary = self.make_beneficiary()
        with self.assertRaises(ValidationError):
            beneficiary.write({"phone": "06 12", "city": "Briançon"})
        beneficiary.invalidate_recordset()
        self.assertEqual(beneficiary.phone, "+33612345678")
        self.assertEqual(beneficiary.city, "Gap")

    def test_consent_is_mandatory(self):
        count = self.env["filiere.beneficiary"].search_count([])
        with self.assertRaises(ValidationError) as error:
            self.make_beneficiary(name="Sans Consentement", consent_date=False)
        self.assertIn("RGPD consent date is missing", str(error.exception))
        self.assertIn("Sans Consentement", str(error.exception))
        self.assertEqual(self.env["filiere.beneficiary"].search_count([]), count)
        beneficiary = self.make_beneficiary()
        with self.assertRaises(ValidationError):
            beneficiary.consent_date = False

    def test_segments_by_code_and_unknown_segment(self):
        beneficiary = self.env["filiere.beneficiary"].create(
            {"name": "Ali B.", "consent_date": "2026-11-02", "segment_codes": "refugee, job_seeker"}
        )
        self.assertEqual(beneficiary.segment_ids, self.refugee | self.job_seeker)
        count = self.env["filiere.beneficiary"].search_count([])
        with self.assertRaises(UserError) as error:
            self.env["filiere.beneficiary"].create(
                {"name": "X", "consent_date": "2026-11-02", "segment_codes": ["senior", "martian"]}
            )
        self.assertIn("Unknown beneficiary segment: martian", str(error.exception))
        self.assertIn("senior", str(error.exception))
        self.assertEqual(self.env["filiere.beneficiary"].search_count([]), count)

    def test_charter_date_defaults_to_today(self):
        beneficiary = self.make_beneficiary(charter_signed=True)
        self.assertTrue(beneficiary.charter_date)
