import importlib.util
import itertools
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from unittest.mock import patch

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import SQL, config

from odoo.addons.filiere_reemploi.lib import integrity

from .common import WipeCase, pdf_text
from .test_import_report import one_disk

VERIFIER = Path(__file__).resolve().parents[3] / "tools" / "verify_certificate.py"
CERTIFICATE_FIELDS = ("name", "content", "content_hash", "chain_hash", "state", "issue_date", "donation_id")


@tagged("post_install", "-at_install")
class TestTrustCertificates(WipeCase):
    """Issue 10, findings 3, 4 and 5: certificates are made by issuance only, closed, chained and signed."""

    def setUp(self):
        super().setUp()
        self.device = self.refurbished("TRUST-1", brand="Dell", model_name="Latitude 5490")
        self.record = self.erasure(self.device, operator_id=self.technician.id)
        self.certificate = self.device.with_user(self.technician).action_issue_erasure_certificate()

    def certify(self, serial, **erasure_values):
        device = self.refurbished(serial)
        self.erasure(device, media_serial=f"DISK-{serial}", **erasure_values)
        return device.with_user(self.technician).action_issue_erasure_certificate()

    def snapshot(self, certificate):
        self.env.invalidate_all()
        return certificate.read(list(CERTIFICATE_FIELDS))

    def sql(self, query, *args):
        self.env.flush_all()
        self.env.cr.execute(SQL(query, *args))
        self.env.invalidate_all()

    def chain(self):
        return self.env["filiere.erasure.certificate"].verify_chain(self.company)

    # ------------------------------------------------------------------
    # Finding 3: forged certificates
    # ------------------------------------------------------------------
    def test_technician_cannot_forge_a_certificate(self):
        certificates = self.env["filiere.erasure.certificate"]
        before = certificates.search_count([])
        forged = {
            "name": "CERT/2026/00777",
            "company_id": self.company.id,
            "lot_id": self.make_device("FORGED-1").id,
            "verification_code": "0123456789ABCDEF",
            "issue_date": "2025-06-01 10:00:00",
            "issued_by_id": self.env.ref("base.user_admin").id,
            "result": "erased",
            "content": "{}",
        }
        for user in (self.technician, self.manager, self.auditor):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                certificates.with_user(user).create(dict(forged))
        # Even the superuser outside issuance: the content, hash and chain are made there.
        with self.assertRaisesRegex(UserError, "only created by its issue"):
            certificates.sudo().create(dict(forged))
        with self.assertRaisesRegex(UserError, "only created by its issue"):
            certificates.sudo().with_context(filiere_certificate_issuance=True).create(dict(forged))
        self.assertEqual(certificates.search_count([]), before)
        self.assertFalse(certificates.search([("name", "=", "CERT/2026/00777")]))
        self.assertFalse(certificates.search([("verification_code", "=", "0123456789ABCDEF")]))

    def test_issue_checks_the_caller(self):
        device = self.refurbished("TRUST-AUDIT")
        self.erasure(device, media_serial="DISK-AUDIT")
        with self.assertRaises(AccessError):
            self.env["filiere.erasure.certificate"].with_user(self.auditor)._issue_for(device)
        outsider = self._user("autre_tech", "filiere_reemploi.group_filiere_user", self.other_company)
        with self.assertRaises(AccessError):
            self.env["filiere.erasure.certificate"].with_user(outsider)._issue_for(device)
        self.assertFalse(device.erasure_certificate_ids)
        # The gate is checked before anything is issued.
        pending = self.make_device("TRUST-PENDING")
        with self.assertRaisesRegex(UserError, "has no erasure record"):
            self.env["filiere.erasure.certificate"].with_user(self.technician)._issue_for(pending)
        self.assertFalse(pending.erasure_certificate_ids)

    def test_nobody_rewrites_an_issued_certificate(self):
        before = self.snapshot(self.certificate)
        attempts = (
            {"content": '{"number": "CERT/2026/00777"}'},
            {"content_hash": "0" * 64},
            {"chain_hash": "0" * 64},
            {"state": "cancelled"},
            {"state": "cancelled", "cancel_reason": "by hand"},
            {"issue_date": "2025-01-01 00:00:00"},
            {"donation_id": False},
            {"signature": "forged"},
        )
        for env in (self.env(user=self.technician), self.env(user=self.manager), self.env(su=True)):
            certificate = self.certificate.with_env(env)
            for vals in attempts:
                with (
                    self.subTest(user=env.user.login, su=env.su, vals=vals),
                    self.assertRaises(UserError),
                ):
                    certificate.write(vals)
        self.assertEqual(self.snapshot(self.certificate), before)
        self.assertEqual(self.certificate._integrity(), "intact")

    def test_only_a_manager_cancels_and_only_once(self):
        with self.assertRaises(AccessError):
            self.certificate.with_user(self.technician).action_cancel("Je veux un autre numéro")
        self.assertEqual(self.certificate.state, "valid")
        replacement = self.certificate.with_user(self.manager).action_cancel("Second disque signalé")
        self.assertEqual(self.certificate.state, "cancelled")
        # The cancelled certificate is closed again: not even back to valid.
        with self.assertRaises(UserError):
            self.certificate.sudo().write({"state": "valid"})
        self.assertEqual(self.certificate.state, "cancelled")
        content = json.loads(replacement.content)
        self.assertEqual(content["replaces"], {"number": self.certificate.name, "reason": "Second disque signalé"})
        self.assertEqual(content["state"], "valid")
        self.assertIn(self.certificate.name, pdf_text(replacement._render_pdf()))
        self.assertTrue(self.chain()["ok"])

    def test_missing_signing_key_is_a_clear_error_at_issue(self):
        device = self.refurbished("TRUST-NOKEY")
        self.erasure(device, media_serial="DISK-NOKEY")
        certificates = self.env["filiere.erasure.certificate"]
        before = certificates.search_count([])
        with (
            patch.dict(config.options, {"filiere_signing_key": ""}),
            self.assertRaisesRegex(UserError, "No signing key is configured.*filiere_signing_key"),
        ):
            device.with_user(self.technician).action_issue_erasure_certificate()
        with (
            patch.dict(config.options, {"filiere_signing_key": "/nonexistent/key.pem"}),
            self.assertRaisesRegex(UserError, "signing key of .* cannot be used"),
        ):
            device.with_user(self.technician).action_issue_erasure_certificate()
        self.assertEqual(certificates.search_count([]), before)
        self.assertFalse(device.erasure_certificate_ids)

    # ------------------------------------------------------------------
    # Finding 4: evidence replaced, certificate following the device's donation
    # ------------------------------------------------------------------
    def test_raw_nwipe_report_of_a_certified_erasure_is_locked(self):
        device = self.refurbished("PF1ABCD")
        [record] = self.env["filiere.erasure"].with_user(self.technician).import_report(one_disk(), "nwipe.log")
        self.assertEqual(record.report_status, "open")
        certificate = device.with_user(self.technician).action_issue_erasure_certificate()
        report = record.report_attachment_id
        # The device's first record (entered by hand, no report) and the imported one.
        [medium] = [m for m in json.loads(certificate.content)["media"] if m["serial"] == record.media_serial]
        self.assertEqual(medium["report_sha256"], integrity.sha256_hex(one_disk()))
        self.assertEqual(record.report_status, "intact")
        for user in (self.technician, self.manager):
            attachment = report.with_user(user)
            with self.subTest(user=user.login):
                with self.assertRaises(UserError):
                    attachment.write({"raw": b"[2026/10/14] nwipe: notice: forged"})
                with self.assertRaises(UserError):
                    attachment.write({"datas": "Zm9yZ2Vk"})
                with self.assertRaises(UserError):
                    attachment.unlink()
                with self.assertRaises(UserError):
                    record.with_user(user).write({"report_attachment_id": False})
        report.invalidate_recordset()
        self.assertTrue(report.exists())
        self.assertEqual(report.raw, one_disk())
        self.assertEqual(certificate._integrity(), "intact")
        self.assertEqual(record.with_user(self.technician).action_download_report()["type"], "ir.actions.act_url")

    def test_a_report_changed_behind_the_orm_is_flagged_and_refused(self):
        device = self.refurbished("PF1ABCD")
        [record] = self.env["filiere.erasure"].import_report(one_disk(), "nwipe.log")
        certificate = device.action_issue_erasure_certificate()
        forged = self.env["ir.attachment"].create({"name": "forged.log", "raw": b"nwipe: all good"})
        self.sql(
            "UPDATE ir_attachment SET store_fname = %s, db_datas = %s WHERE id = %s",
            forged.store_fname or None,
            forged.db_datas or None,
            record.report_attachment_id.id,
        )
        self.assertEqual(record.report_status, "altered")
        with self.assertRaisesRegex(UserError, "has been altered"):
            record.with_user(self.technician).action_download_report()
        self.assertEqual(certificate._integrity(), "altered")

    def test_certificate_keeps_its_donation_and_donor(self):
        other_donor = self.env["res.partner"].create({"name": "Entreprise Autre", "is_company": True})
        other_donation = self.env["filiere.donation"].create(
            {"partner_id": other_donor.id, "company_id": self.company.id}
        )
        other_donation.action_sign()
        certificate = self.certificate
        self.device.sudo().write({"donation_id": other_donation.id})
        self.env.invalidate_all()
        self.assertEqual(certificate.donation_id, self.donation)
        content = json.loads(certificate.content)
        self.assertEqual((content["donation"], content["donor"]), (self.donation.name, self.donor.name))
        self.assertEqual(certificate._integrity(), "intact")
        text = pdf_text(certificate._render_pdf())
        self.assertIn(self.donor.name, text)
        self.assertIn(self.donation.name, text)
        self.assertNotIn(other_donor.name, text)
        # The other donation's attestation does not claim this certificate.
        self.assertNotIn(certificate.name, pdf_text(other_donation._render_erasure_attestation()))
        self.assertEqual(
            self.env["filiere.erasure.certificate"].search([("donation_id", "=", other_donation.id)]).ids, []
        )
        # A donation rewritten in SQL on the certificate no longer matches what it certifies.
        self.sql(
            "UPDATE filiere_erasure_certificate SET donation_id = %s WHERE id = %s", other_donation.id, certificate.id
        )
        self.assertEqual(certificate._integrity(), "altered")
        self.assertEqual(self.chain()["first_broken"], certificate.name)

    # ------------------------------------------------------------------
    # Finding 5: consistent rewrites, state flips, deletions
    # ------------------------------------------------------------------
    def _five(self):
        return (
            self.certificate
            | self.certify("TRUST-2")
            | self.certify("TRUST-3")
            | self.certify("TRUST-4")
            | (self.certify("TRUST-5"))
        )

    def test_chain_of_five_verifies(self):
        certificates = self._five()
        self.assertEqual(certificates.mapped("chain_sequence"), [1, 2, 3, 4, 5])
        for previous, certificate in itertools.pairwise(certificates):
            self.assertEqual(certificate.chain_previous_hash, previous.chain_hash)
        self.assertEqual(self.chain(), {"ok": True, "checked": 5, "first_broken": False})
        public_key = self.env["filiere.erasure.certificate"]._filiere_public_key(self.company)
        self.assertTrue(all(integrity.verify(public_key, c.chain_hash, c.signature) for c in certificates))
        # The other structure's chain is its own.
        self.assertEqual(
            self.env["filiere.erasure.certificate"].verify_chain(self.other_company),
            {"ok": True, "checked": 0, "first_broken": False},
        )

    def test_consistent_sql_rewrite_in_the_middle_is_found(self):
        certificates = self._five()
        third = certificates[2]
        content = json.loads(third.content)
        content["media"][0]["method"] = "Gutmann"
        text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        self.sql(
            "UPDATE filiere_erasure_certificate SET content = %s, content_hash = %s, chain_hash = %s WHERE id = %s",
            text,
            integrity.sha256_hex(text),
            integrity.link_hash(third.chain_previous_hash, text),
            third.id,
        )
        self.assertEqual(self.chain(), {"ok": False, "checked": 3, "first_broken": third.name})
        self.assertEqual(third._integrity(), "altered")
        self.assertEqual(certificates[1]._integrity(), "intact")

    def test_state_flipped_in_sql_is_found_either_way(self):
        certificates = self._five()
        second = certificates[1]
        self.sql("UPDATE filiere_erasure_certificate SET state = 'cancelled' WHERE id = %s", second.id)
        self.assertEqual(self.chain(), {"ok": False, "checked": 2, "first_broken": second.name})
        self.assertEqual(second._integrity(), "altered")
        self.sql("UPDATE filiere_erasure_certificate SET state = 'valid' WHERE id = %s", second.id)
        self.assertTrue(self.chain()["ok"])

        fourth = certificates[3]
        fourth.with_user(self.manager).action_cancel("Erreur de saisie")
        self.assertEqual(self.chain(), {"ok": True, "checked": 6, "first_broken": False})
        self.assertEqual(fourth._integrity(), "intact")
        self.sql("UPDATE filiere_erasure_certificate SET state = 'valid' WHERE id = %s", fourth.id)
        self.assertEqual(self.chain(), {"ok": False, "checked": 4, "first_broken": fourth.name})
        self.assertEqual(fourth._integrity(), "altered")

    def test_certificate_moved_to_another_device_in_sql_is_found(self):
        certificates = self._five()
        self.sql(
            "UPDATE filiere_erasure_certificate SET lot_id = %s WHERE id = %s",
            certificates[0].lot_id.id,
            certificates[1].id,
        )
        self.assertEqual(self.chain()["first_broken"], certificates[1].name)
        self.assertEqual(certificates[1]._integrity(), "altered")

    def test_record_deleted_in_sql_breaks_the_chain_at_the_next(self):
        certificates = self._five()
        third, fourth = certificates[2], certificates[3]
        self.sql("DELETE FROM filiere_erasure_certificate_rel WHERE certificate_id = %s", third.id)
        self.sql("DELETE FROM filiere_erasure_certificate WHERE id = %s", third.id)
        self.assertEqual(self.chain(), {"ok": False, "checked": 3, "first_broken": fourth.name})
        self.assertEqual(fourth._integrity(), "altered")

    def test_chain_fields_emptied_in_sql_are_found(self):
        certificates = self._five()
        last = certificates[4]
        self.sql(
            "UPDATE filiere_erasure_certificate SET chain_sequence = NULL, chain_hash = NULL WHERE id = %s", last.id
        )
        self.assertEqual(self.chain(), {"ok": False, "checked": 4, "first_broken": last.name})
        self.assertEqual(last._integrity(), "altered")

    def test_check_the_chain_button(self):
        certificates = self._five()
        for user in (self.manager, self.auditor):
            action = certificates.with_user(user).action_verify_chain()
            self.assertEqual(action["params"]["type"], "success")
            self.assertIn("5", action["params"]["message"])
        with self.assertRaises(AccessError):
            certificates.with_user(self.technician).action_verify_chain()
        self.sql("UPDATE filiere_erasure_certificate SET result = 'destroyed' WHERE id = %s", certificates[4].id)
        action = certificates.with_user(self.auditor).action_verify_chain()
        self.assertEqual(action["params"]["type"], "danger")
        self.assertIn(certificates[4].name, action["params"]["message"])

    def test_checking_the_chain_reads_a_constant_number_of_queries(self):
        def queries():
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            self.assertTrue(self.chain()["ok"])
            return self.env.cr.sql_log_count - before

        self._five()
        five = queries()
        for serial in ("TRUST-6", "TRUST-7", "TRUST-8", "TRUST-9", "TRUST-10"):
            self.certify(serial)
        self.certificate.with_user(self.manager).action_cancel("Erreur de saisie")
        self.assertEqual(queries(), five)

    # ------------------------------------------------------------------
    # Signature: the PDF and the stand-alone verifier
    # ------------------------------------------------------------------
    def _verify(self, pdf, public_key):
        if not VERIFIER.exists():
            self.skipTest("tools/verify_certificate.py is not next to the addons")
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            return subprocess.run(
                [sys.executable, str(VERIFIER), handle.name, "--public-key", public_key],
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )

    def test_pdf_is_signed_and_the_verifier_says_valid_or_altered(self):
        certificate = self.certificate
        public_key = certificate._filiere_public_key(self.company)
        pdf = certificate._render_pdf()
        text = pdf_text(pdf)
        for printed in (certificate.signature, certificate.chain_hash, public_key, certificate.content_hash):
            self.assertIn(printed, text)

        run = self._verify(pdf, public_key)
        self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
        self.assertTrue(run.stdout.startswith("valid"), run.stdout)
        for fact in (
            certificate.name,
            self.company.name,
            "TRUST-1",
            "erased",
            fields.Datetime.to_string(certificate.issue_date),
        ):
            self.assertIn(fact, run.stdout)

        # One byte of the certified text embedded in the PDF changed: "TRUST-1" becomes "TRUST-7".
        start = pdf.index(b"/FiliereCertificate")
        position = pdf.index(b"TRUST-1", start)
        altered = pdf[: position + 6] + b"7" + pdf[position + 7 :]
        run = self._verify(altered, public_key)
        self.assertEqual(run.returncode, 1, run.stdout + run.stderr)
        self.assertTrue(run.stdout.startswith("altered"), run.stdout)

        # Another structure's key does not vouch for it.
        other_key = integrity.public_key_b64(Ed25519PrivateKey.generate())
        run = self._verify(pdf, other_key)
        self.assertEqual(run.returncode, 1, run.stdout)
        self.assertIn("not signed with this public key", run.stdout)


@tagged("post_install", "-at_install")
class TestCertificateMigration(WipeCase):
    """18.0.1.2.0 chains and signs the certificates issued before, keeping their content as issued."""

    def setUp(self):
        super().setUp()
        first = self.refurbished("LEGACY-1")
        self.erasure(first, media_serial="DISK-L1")
        self.first = first.action_issue_erasure_certificate()
        second = self.refurbished("LEGACY-2")
        self.erasure(second, media_serial="DISK-L2")
        self.second = second.action_issue_erasure_certificate()
        self.replacement = self.first.action_cancel("Erreur de saisie")
        self.certificates = self.first | self.second | self.replacement
        # As 18.0.1.1.0 left them: content without format, donation nor replacement, outside any chain.
        self.env.flush_all()
        for certificate in self.certificates:
            content = json.loads(certificate.content)
            for key in ("format", "verification_code", "issued_by", "state", "donation", "replaces"):
                content.pop(key)
            for medium in content["media"]:
                medium.pop("report_sha256")
            text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            self.env.cr.execute(
                SQL(
                    "UPDATE filiere_erasure_certificate SET content = %s, content_hash = %s, donation_id = NULL, "
                    "chain_sequence = NULL, chain_previous_hash = NULL, chain_hash = NULL, signature = NULL, "
                    "signing_public_key = NULL WHERE id = %s",
                    text,
                    integrity.sha256_hex(text),
                    certificate.id,
                )
            )
        self.env.invalidate_all()
        self.legacy_contents = {certificate.id: certificate.content for certificate in self.certificates}

    def migrate(self):
        path = Path(__file__).resolve().parents[1] / "migrations" / "18.0.1.2.0" / "post-migration.py"
        spec = importlib.util.spec_from_file_location("filiere_wipe_post_migration_1_2_0", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.migrate(self.env.cr, "18.0.1.1.0")
        self.env.invalidate_all()

    def test_legacy_certificates_are_chained_and_signed_in_issue_order(self):
        self.assertFalse(self.env["filiere.erasure.certificate"].verify_chain(self.company)["ok"])
        self.migrate()
        self.assertEqual(self.certificates.mapped("chain_sequence"), [1, 2, 3])
        self.assertEqual({c.id: c.content for c in self.certificates}, self.legacy_contents)
        self.assertEqual(self.certificates.donation_id, self.donation)
        self.assertEqual(
            self.env["filiere.erasure.certificate"].verify_chain(self.company),
            {"ok": True, "checked": 3, "first_broken": False},
        )
        self.assertEqual([c._integrity() for c in self.certificates], ["intact"] * 3)
        # The chain goes on with the next issue; a legacy state flipped in SQL still shows.
        device = self.refurbished("LEGACY-3")
        self.erasure(device, media_serial="DISK-L3")
        self.assertEqual(device.action_issue_erasure_certificate().chain_sequence, 4)
        self.env.flush_all()
        self.env.cr.execute(
            SQL("UPDATE filiere_erasure_certificate SET state = 'cancelled' WHERE id = %s", self.second.id)
        )
        self.env.invalidate_all()
        self.assertEqual(
            self.env["filiere.erasure.certificate"].verify_chain(self.company)["first_broken"], self.second.name
        )

    def test_without_a_key_the_upgrade_warns_and_chains_nothing(self):
        with (
            patch.dict(config.options, {"filiere_signing_key": ""}),
            self.assertLogs("odoo.addons.filiere_wipe", level="WARNING") as logs,
        ):
            self.migrate()
        self.assertIn("NOT chained nor signed", "\n".join(logs.output))
        self.assertEqual(self.certificates.mapped("chain_sequence"), [0, 0, 0])
