from datetime import datetime

from odoo.tests import tagged

from odoo.addons.filiere_reemploi.tests.label_reading import pdf_reading as pdf_text

from .common import SadCase


@tagged("post_install", "-at_install")
class TestHandoverDocument(SadCase):
    """The bon de remise tells the person when and where the first getting-started session is."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        for module in ("filiere_reemploi", "filiere_sad"):
            cls.env["ir.module.module"].search([("name", "=", module)])._update_translations("fr_FR")
        cls.company.partner_id.write(
            {"lang": "fr_FR", "tz": "Europe/Paris", "phone": "+33492521830", "country_id": cls.env.ref("base.fr").id}
        )
        cls.relay = cls.env["res.partner"].create(
            {
                "name": "Médiathèque de Veynes",
                "street": "1 avenue de la Gare",
                "zip": "05400",
                "city": "Veynes",
                "country_id": cls.env.ref("base.fr").id,
            }
        )

    def handover_pdf(self, referral):
        return (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("filiere_reemploi.report_filiere_handover", referral.ids)[0]
        )

    def test_the_first_appointment_is_printed_with_its_date_and_place(self):
        referral = self.reserved_referral("BON-RDV-1")
        # 14:30 in Gap (UTC+1 in January), stored in UTC.
        self.appointment(
            referral,
            start=datetime(2031, 1, 14, 13, 30),
            place_type="relay",
            place_partner_id=self.relay.id,
        )
        self.appointment(referral, start=datetime(2031, 2, 4, 9, 0))
        referral.action_handover()
        text = pdf_text(self.handover_pdf(referral))
        self.assertIn("mardi 14 janvier 2031 à 14:30", text)
        self.assertIn("Médiathèque de Veynes, 1 avenue de la Gare, 05400 Veynes", text)
        self.assertIn(self.distribution.partner_id.name, text)
        self.assertIn("04 92 52 18 30", text, "the number to call for another date, as people write it")
        self.assertNotIn("février 2031", text, "only the first session")

    def test_without_an_appointment_the_person_is_told_the_structure_will_call(self):
        self.company.filiere_sad_required = False
        referral = self.reserved_referral("BON-RDV-2")
        referral.action_handover()
        text = pdf_text(self.handover_pdf(referral))
        self.assertIn(f"{self.company.name} vous appellera", text)
