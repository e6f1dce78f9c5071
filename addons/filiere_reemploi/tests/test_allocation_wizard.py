from odoo.tests import tagged

from .common import DistributionCase


@tagged("post_install", "-at_install")
class TestAllocationWizard(DistributionCase):
    """The allocation says which devices its keyboard filter leaves out, and shows them on request."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("en_US")
        cls.distribution.lang = "en_US"

    def open_wizard(self, referral):
        referral = referral.with_user(self.distribution)
        referral.action_accept()
        action = referral.action_open_allocation()
        self.assertEqual(action["context"].get("dialog_size"), "extra-large", "wide enough for its columns")
        return self.env[action["res_model"]].with_user(self.distribution).browse(action["res_id"])

    def test_devices_with_another_keyboard_are_counted_and_can_be_shown(self):
        azerty = self.stocked_device("KB-AZERTY", keyboard_layout="azerty_fr")
        qwerty = self.stocked_device("KB-QWERTY", keyboard_layout="qwerty_us")
        unknown = self.stocked_device("KB-UNKNOWN")
        wizard = self.open_wizard(self.make_referral(keyboard_layout="azerty_fr"))
        self.assertEqual(wizard.line_ids.lot_id, azerty)
        self.assertEqual(wizard.left_out_count, 2)
        self.assertEqual(wizard.left_out_message, "2 device(s) left out because their keyboard is not AZERTY (French).")

        action = wizard.action_toggle_keyboard_filter()
        self.assertEqual((action["res_model"], action["res_id"]), (wizard._name, wizard.id))
        self.assertEqual(wizard.line_ids.lot_id, azerty | qwerty | unknown)
        self.assertIn("All keyboards shown", wizard.left_out_message)

        wizard.action_toggle_keyboard_filter()
        self.assertEqual(wizard.line_ids.lot_id, azerty)

    def test_no_message_when_nothing_is_left_out(self):
        self.stocked_device("KB-ONLY", keyboard_layout="azerty_fr")
        wizard = self.open_wizard(self.make_referral(keyboard_layout="azerty_fr"))
        self.assertEqual(wizard.left_out_count, 0)
        self.assertFalse(wizard.left_out_message)
        any_keyboard = self.open_wizard(self.make_referral(self.make_beneficiary("Paul Roux")))
        self.assertFalse(any_keyboard.left_out_message)

    def test_the_french_message(self):
        self.stocked_device("KB-FR", keyboard_layout="azerty_fr")
        self.stocked_device("KB-US", keyboard_layout="qwerty_us")
        wizard = self.open_wizard(self.make_referral(keyboard_layout="azerty_fr")).with_context(lang="fr_FR")
        wizard.invalidate_recordset(["left_out_message"])
        self.assertEqual(
            wizard.left_out_message, "1 appareil(s) écarté(s) car leur clavier n'est pas AZERTY (français)."
        )

    def test_each_line_reads_in_short_columns(self):
        self.stocked_device(
            "KB-SPECS",
            keyboard_layout="azerty_fr",
            brand="Lenovo",
            model_name="ThinkPad T480",
            ram_gb=8,
            storage_size_gb=256,
        )
        wizard = self.open_wizard(self.make_referral(keyboard_layout="azerty_fr"))
        self.assertEqual(wizard.line_ids.brand_model, "Lenovo ThinkPad T480")
        self.assertEqual(wizard.line_ids.specs, "8 GB RAM, 256 GB")
        french = wizard.line_ids.with_context(lang="fr_FR")
        french.invalidate_recordset(["specs"])
        self.assertEqual(french.specs, "8 Go de RAM, 256 Go")
