import io

from pypdf import PdfReader

from odoo.tests import tagged

from .common import WipeCase


@tagged("post_install", "-at_install")
class TestAttestationDocument(WipeCase):
    """The donor's attestation as its IT manager reads it against the inventory."""

    def test_address_numbers_on_one_line_and_pages_numbered(self):
        self.company.partner_id.write({"street": "12 rue Carnot", "zip": "05000", "city": "Gap"})
        devices = [self.refurbished(f"CONV/2026/0001-013-{index:02}", device_type=self.laptop) for index in range(1, 4)]
        certificates = [device.action_issue_erasure_certificate() for device in devices]
        pdf = self.donation._render_erasure_attestation()
        reader = PdfReader(io.BytesIO(pdf))
        lines = [line.strip() for page in reader.pages for line in page.extract_text().splitlines()]
        text = "\n".join(lines)
        self.assertIn("12 rue Carnot, 05000 Gap", lines)
        # Each serial and certificate number whole on one line of its row: none is cut in two.
        for device, certificate in zip(devices, certificates, strict=True):
            self.assertTrue(any(device.name in line for line in lines), device.name)
            self.assertTrue(any(certificate.name in line for line in lines), certificate.name)
        self.assertIn(f"1 / {len(reader.pages)}", text)
