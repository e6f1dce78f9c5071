import io

from odoo.tools.pdf import PdfFileReader

from odoo.addons.filiere_reemploi.tests.common import FiliereCase


def pdf_text(pdf):
    """The text a reader sees in a PDF, whitespace folded."""
    reader = PdfFileReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


class WipeCase(FiliereCase):
    def erasure(self, device, **values):
        return self.env["filiere.erasure"].create(
            {
                "lot_id": device.id,
                "company_id": device.company_id.id,
                "media_model": "ST500DM002",
                "media_serial": "Z6E8K1TQ",
                "media_type": "hdd",
                "nist_category": "clear",
                "method": "PRNG Stream",
                "tool": "nwipe",
                "tool_version": "0.37",
                "rounds": 1,
                "verification": "last",
                "result": "success",
                **values,
            }
        )

    def refurbished(self, serial="WIPE-1", erasure=None, **values):
        """A refurbished device, erased by one record first.

        ``erasure``: the record's values; False for no record, the device being declared without storage.
        """
        device = self.make_device(serial, **values)
        device.action_mark_diagnosed()
        if erasure is False:
            device.action_declare_no_storage()
        else:
            self.erasure(device, **(erasure or {}))
        self.walk(device, "action_mark_erased", "action_mark_refurbished", "action_pass_all_tests")
        device.condition_id = self.grade_a
        return device
