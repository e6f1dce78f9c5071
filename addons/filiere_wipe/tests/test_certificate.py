from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import WipeCase, pdf_text


@tagged("post_install", "-at_install")
class TestCertificate(WipeCase):
    def setUp(self):
        super().setUp()
        self.device = self.refurbished(
            brand="Lenovo",
            model_name="ThinkPad T480",
            erasure={"operator_id": self.technician.id, "verifier_id": self.manager.id},
        )
        self.record = self.device.erasure_ids
        self.certificate = self.device.action_issue_erasure_certificate()

    def test_issue_numbers_per_structure_and_hash(self):
        certificate = self.certificate
        self.assertRegex(certificate.name, r"^CERT/\d{4}/\d{5}$")
        self.assertEqual(certificate.result, "erased")
        self.assertEqual(certificate.erasure_ids, self.record)
        self.assertEqual(len(certificate.content_hash), 64)
        self.assertEqual(certificate._integrity(), "intact")
        self.assertEqual(self.device.erasure_certificate_id, certificate)
        # Another structure numbers its own certificates from 1.
        self.env.user.company_ids |= self.other_company
        other_donation = self.env["filiere.donation"].create(
            {"partner_id": self.donor.id, "company_id": self.other_company.id}
        )
        other = self.env["stock.lot"].create(
            {
                "name": "ELSEWHERE-1",
                "device_type_id": self.laptop.id,
                "company_id": self.other_company.id,
                "donation_id": other_donation.id,
            }
        )
        other.action_declare_no_storage()
        other_certificate = other.action_issue_erasure_certificate()
        self.assertTrue(other_certificate.name.endswith("/00001"))
        self.assertEqual(other_certificate.result, "no_storage")
        with self.assertRaisesRegex(UserError, "already has a valid erasure certificate"):
            self.device.action_issue_erasure_certificate()

    def test_pdf_in_french_lists_each_medium(self):
        pdf = self.certificate._render_pdf()
        self.assertTrue(pdf.startswith(b"%PDF"))
        text = pdf_text(pdf)
        for expected in (
            self.certificate.name,
            "Z6E8K1TQ",
            "PRNG Stream",
            "nwipe 0.37",
            self.certificate.verification_code,
        ):
            self.assertIn(expected, text)
        self.assertIn(self.technician.name, text)
        self.assertIn(self.manager.name, text)

    def test_certified_records_are_immutable_even_for_the_superuser(self):
        for env in (self.env(user=self.manager), self.env(su=True)):
            certificate = self.certificate.with_env(env)
            record = self.record.with_env(env)
            with self.subTest(user=env.user.login, su=env.su):
                with self.assertRaisesRegex(UserError, "cannot be changed"):
                    certificate.write({"result": "destroyed"})
                # Nobody has the right to delete a certificate; even the superuser is refused.
                with self.assertRaises(UserError if env.su else AccessError):
                    certificate.unlink()
                with self.assertRaisesRegex(UserError, "covered by a certificate"):
                    record.write({"result": "failed"})
                with self.assertRaisesRegex(UserError, "covered by a certificate"):
                    record.unlink()
        self.assertEqual(self.record.result, "success")

    def test_cancellation_keeps_the_old_one_and_issues_a_new_number(self):
        old = self.certificate
        with self.assertRaisesRegex(UserError, "Give the reason"):
            old.action_cancel("  ")
        new = old.action_cancel("Le donateur a signalé un second disque")
        self.assertEqual(old.state, "cancelled")
        self.assertEqual(old.cancel_reason, "Le donateur a signalé un second disque")
        self.assertEqual(old.replaced_by_id, new)
        self.assertEqual(new.replaces_id, old)
        self.assertEqual(new.state, "valid")
        self.assertNotEqual(new.name, old.name)
        self.assertNotEqual(new.verification_code, old.verification_code)
        self.assertEqual(self.device.erasure_certificate_id, new)
        with self.assertRaisesRegex(UserError, "already cancelled"):
            old.action_cancel("again")

    def test_only_staff_of_the_structure_read_certificates(self):
        employee = self.env["res.users"].create({"name": "Salarié", "login": "salarie_wipe"})
        with self.assertRaises(AccessError):
            self.certificate.with_user(employee).read(["name"])
        self.assertEqual(self.certificate.with_user(self.auditor).name, self.certificate.name)
        with self.assertRaises(AccessError):
            self.env["filiere.erasure"].with_user(self.auditor).create(
                {"lot_id": self.device.id, "nist_category": "clear", "method": "x"}
            )

    def test_donor_attestation(self):
        pending = self.make_device("PENDING-1")
        destroyed = self.refurbished(
            "SHRED-1", erasure={"media_serial": "HDD-SHRED", "nist_category": "destroy", "method": "Shredding"}
        )
        destroyed.action_issue_erasure_certificate()
        self.assertEqual(self.donation.erasure_erased_count, 1)
        self.assertEqual(self.donation.erasure_destroyed_count, 1)
        self.assertEqual(self.donation.erasure_pending_count, 1)
        pdf = self.donation._render_erasure_attestation()
        text = pdf_text(pdf)
        for expected in (self.device.name, self.certificate.name, pending.name, destroyed.name, self.donation.name):
            self.assertIn(expected, text)

        self.donor.email = "dsi@mairie.example"
        # One device is pending: the attestation is sent once the partial one is confirmed (test_trust_proofs).
        confirm = self.donation.action_send_erasure_attestation()
        action = self.env[confirm["res_model"]].browse(confirm["res_id"]).action_confirm()
        composer = self.env["mail.compose.message"].with_context(**action["context"]).create({})
        self.assertIn(self.donation.name, composer.subject)
        self.assertEqual(composer.attachment_ids.mimetype, "application/pdf")
        composer.action_send_mail()
        message = self.donation.message_ids[0]
        self.assertIn(self.donor, message.partner_ids)
        self.assertEqual(len(message.attachment_ids), 1)

    def test_grant_indicator_counts_valid_certificates_of_the_period(self):
        second = self.refurbished("WIPE-2")
        second.action_issue_erasure_certificate()
        today = fields.Date.today()
        statements = self.env["filiere.statement"]
        result = statements.compute_indicators(today, today, company_ids=self.company.ids)
        self.assertEqual(result["erasure_certificates"], 2)
        self.certificate.action_cancel("Mauvais disque saisi")
        result = statements.compute_indicators(today, today, company_ids=self.company.ids)
        # The cancelled one no longer counts; its replacement does.
        self.assertEqual(result["erasure_certificates"], 2)
        tomorrow = today + timedelta(days=1)
        self.assertEqual(
            statements.compute_indicators(tomorrow, tomorrow, company_ids=self.company.ids)["erasure_certificates"], 0
        )
