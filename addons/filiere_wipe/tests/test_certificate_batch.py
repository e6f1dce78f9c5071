import io

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools.pdf import PdfFileReader

from ..models.filiere_erasure_certificate import id_ranges, parse_id_ranges
from .common import WipeCase


def pdf_pages(pdf):
    """The text of each page of a PDF, whitespace folded."""
    return [" ".join(page.extract_text().split()) for page in PdfFileReader(io.BytesIO(pdf)).pages]


@tagged("post_install", "-at_install")
class TestCertificateBatch(WipeCase):
    """Certificates by the pallet: issued as one batch, printed as one PDF, a donation attested by chunks."""

    def erased_devices(self, count, prefix="PAL"):
        """``count`` devices of the test donation, each with one successful erasure and its raw report."""
        lots = self.env["stock.lot"].create(
            [
                {
                    "name": f"{prefix}-{index:03d}",
                    "device_type_id": self.laptop.id,
                    "company_id": self.company.id,
                    "donation_id": self.donation.id,
                }
                for index in range(count)
            ]
        )
        reports = self.env["ir.attachment"].create(
            [
                {"name": f"{lot.name}.log", "raw": f"nwipe log of {lot.name}".encode(), "res_model": "filiere.erasure"}
                for lot in lots
            ]
        )
        self.env["filiere.erasure"].create(
            [
                {
                    "lot_id": lot.id,
                    "company_id": self.company.id,
                    "media_model": "ST500DM002",
                    "media_serial": f"DISK-{lot.name}",
                    "nist_category": "purge",
                    "method": "PRNG Stream",
                    "tool": "nwipe",
                    "result": "success",
                    "report_attachment_id": report.id,
                }
                for lot, report in zip(lots, reports, strict=True)
            ]
        )
        return lots

    def test_batch_issues_each_certificate_chained_signed_and_intact(self):
        first = self.erased_devices(1, prefix="ALONE").action_issue_erasure_certificate()
        lots = self.erased_devices(5)
        certificates = lots.action_issue_erasure_certificate()
        self.assertEqual(certificates.lot_id, lots)
        self.assertEqual([certificate.lot_id for certificate in certificates], list(lots))
        # Numbers and chain positions follow the device order, after the certificate issued before.
        self.assertEqual(certificates.mapped("chain_sequence"), list(range(2, 7)))
        numbers = [int(certificate.name.rsplit("/", 1)[1]) for certificate in certificates]
        self.assertEqual(numbers, list(range(int(first.name.rsplit("/", 1)[1]) + 1, numbers[0] + 5)))
        self.assertEqual(len(set(certificates.mapped("verification_code"))), 5)
        previous = first
        for certificate in certificates:
            self.assertEqual(certificate.chain_previous_hash, previous.chain_hash)
            self.assertEqual(certificate._integrity(), "intact")
            previous = certificate
        # Each raw report is locked and its SHA-256 certified.
        reports = certificates.erasure_ids.report_attachment_id
        self.assertTrue(all(reports.mapped("filiere_locked")))
        for certificate in certificates:
            self.assertIn(certificate.erasure_ids.report_attachment_id.filiere_sha256, certificate.content)
        result = self.env["filiere.erasure.certificate"].verify_chain(self.company)
        self.assertEqual(result, {"ok": True, "checked": 6, "first_broken": False})

    def test_batch_is_refused_whole_when_one_device_is_not_erased(self):
        lots = self.erased_devices(3)
        lots[1].erasure_ids.result = "failed"
        with self.assertRaisesRegex(UserError, "PAL-001.*still holds data"):
            lots.action_issue_erasure_certificate()
        self.assertFalse(lots.erasure_certificate_ids)
        lots[1].erasure_ids.result = "success"
        lots[2].action_issue_erasure_certificate()
        with self.assertRaisesRegex(UserError, "PAL-002 already has a valid erasure certificate"):
            lots.action_issue_erasure_certificate()
        self.assertEqual(len(lots.erasure_certificate_ids), 1)

    def test_a_device_given_twice_gets_one_certificate(self):
        lot = self.erased_devices(1)
        certificates = (lot | lot).browse(lot.ids * 2).action_issue_erasure_certificate()
        self.assertEqual(len(certificates), 1)
        self.assertEqual(len(lot.erasure_certificate_ids), 1)

    def test_merged_pdf_has_one_page_per_certificate_with_its_own_code(self):
        certificates = self.erased_devices(4).action_issue_erasure_certificate()
        pages = pdf_pages(certificates._render_merged_pdf())
        self.assertEqual(len(pages), 4)
        for page, certificate in zip(pages, certificates, strict=True):
            self.assertIn(certificate.name, page)
            self.assertIn(certificate.verification_code, page)
            self.assertIn(certificate.lot_id.name, page)
            self.assertIn(certificate.chain_hash, page)
            others = certificates - certificate
            self.assertFalse([other.verification_code for other in others if other.verification_code in page])
        # The certificate alone is still its own signed PDF.
        self.assertEqual(len(pdf_pages(certificates[0]._render_pdf())), 1)

    def test_donation_issues_the_ready_devices_and_prints_all_its_certificates(self):
        lots = self.erased_devices(3)
        pending = self.make_device("PAL-PENDING")
        with self.assertRaisesRegex(UserError, "No erasure certificate has been issued"):
            self.donation.action_print_erasure_certificates()
        action = self.donation.with_user(self.technician).action_issue_erasure_certificates()
        self.assertEqual(action["url"], f"/filiere/donation/{self.donation.id}/erasure_certificates")
        self.assertEqual(len(lots.erasure_certificate_ids), 3)
        self.assertFalse(pending.erasure_certificate_ids)
        certificates = self.donation._erasure_certificates()
        self.assertEqual(certificates.lot_id.mapped("name"), ["PAL-000", "PAL-001", "PAL-002"])
        self.assertEqual(len(pdf_pages(certificates._render_merged_pdf())), 3)
        # Once more: nothing left to issue, the same certificates printed.
        self.donation.action_issue_erasure_certificates()
        self.assertEqual(self.donation._erasure_certificates(), certificates)

    def test_print_action_names_the_selected_certificates(self):
        certificates = self.erased_devices(3).action_issue_erasure_certificate()
        action = certificates.action_print_certificates()
        self.assertEqual(parse_id_ranges(action["url"].split("ids=")[1]), certificates.ids)
        self.assertEqual(id_ranges([4, 5, 6, 9, 3]), "4-6,9,3")
        self.assertEqual(parse_id_ranges("4-6,9,3"), [4, 5, 6, 9, 3])
        for wrong in ("", "4-", "6-4", "a", "1-200000", "1;2"):
            self.assertEqual(parse_id_ranges(wrong), [], wrong)
        with self.assertRaisesRegex(UserError, "Select the certificates"):
            self.env["filiere.erasure.certificate"].action_print_certificates()

    def _queries(self, function):
        """Queries of ``function``, its caches cold as in a new request (the registry's stay warm)."""
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        function()
        self.env.flush_all()
        return self.cr.sql_log_count - before

    def test_queries_do_not_grow_with_the_batch(self):
        # The structure's first certificate creates its numbering, the first PDF warms the registry's
        # caches (labels, selections): once, not per batch.
        self.erased_devices(1, prefix="FIRST").action_issue_erasure_certificate()._render_merged_pdf()
        small, large = self.erased_devices(10, prefix="SMALL"), self.erased_devices(50, prefix="LARGE")
        certificates = {}

        def issue(lots):
            def run():
                certificates[len(lots)] = lots.action_issue_erasure_certificate()

            return run

        issued = self._queries(issue(small)), self._queries(issue(large))
        self.assertEqual(issued[0], issued[1], "issuing 50 certificates takes more queries than 10")
        printed = [self._queries(certificates[count]._render_merged_pdf) for count in (10, 50)]
        self.assertEqual(printed[0], printed[1], "printing 50 certificates takes more queries than 10")

    def test_attestation_reads_by_chunks_and_lists_every_device(self):
        lots = self.erased_devices(12)
        lots[:9].action_issue_erasure_certificate()
        whole = list(self.donation._iter_erasure_rows())
        chunked = list(self.donation._iter_erasure_rows(chunk=5))
        self.assertEqual(chunked, whole)
        self.assertEqual([row["serial"] for row in whole], lots.mapped("name"))
        self.assertEqual([row["status"] for row in whole], ["erased"] * 9 + ["pending"] * 3)
        data = self.donation._attestation_data()
        self.assertEqual([line[0] for line in data["lines"]], lots.mapped("name"))
        self.assertEqual(data["highlight"], [9, 10, 11])
        self.assertEqual(
            [line[3] for line in data["lines"][:9]], lots[:9].erasure_certificate_id.sorted("id").mapped("name")
        )

    def test_attestation_queries_do_not_grow_with_the_donation(self):
        self.erased_devices(10, prefix="SMALL").action_issue_erasure_certificate()
        self.donation._render_erasure_attestation()  # the registry's caches (selection labels) warm
        small = self._queries(self.donation._render_erasure_attestation)
        self.erased_devices(40, prefix="LARGE").action_issue_erasure_certificate()
        large = self._queries(self.donation._render_erasure_attestation)
        self.assertEqual(small, large, "the attestation of 50 devices takes more queries than of 10")

    def test_long_attestation_repeats_its_header_on_each_page_and_lists_each_device_once(self):
        lots = self.erased_devices(120)
        lots.action_issue_erasure_certificate()
        pages = pdf_pages(self.donation._render_erasure_attestation())
        self.assertGreater(len(pages), 2)
        # Each page after the first that lists devices (the last may hold only the totals and the
        # signature) starts with the same header row, then its devices.
        device_pages = [page for page in pages[1:] if "PAL-" in page]
        self.assertGreater(len(device_pages), 1)
        headers = {page[: page.index("PAL-")] for page in device_pages}
        self.assertEqual(len(headers), 1)
        self.assertTrue(headers.pop().strip())
        text = " ".join(pages)
        for lot in lots:
            self.assertEqual(text.count(f"{lot.name} "), 1, lot.name)
