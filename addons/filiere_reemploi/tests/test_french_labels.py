from odoo.tests import tagged

from .common import FiliereCase


@tagged("post_install", "-at_install")
class TestFrenchLabels(FiliereCase):
    """What a French structure reads where the words come from a selection or another addon."""

    def setUp(self):
        super().setUp()
        self.french = self.env(context={"lang": "fr_FR"})
        self.assertTrue(self.env["res.lang"]._lang_get("fr_FR").active, "the test database has French loaded")

    def selection(self, model, field):
        return dict(self.french[model]._fields[field]._description_selection(self.french))

    def test_keyboard_wanted_speaks_french_as_the_device_does(self):
        wanted = self.selection("filiere.referral", "keyboard_layout")
        self.assertEqual(wanted, self.selection("stock.lot", "keyboard_layout"))
        self.assertEqual(wanted["azerty_fr"], "AZERTY (français)")
        self.assertEqual(wanted["none"], "Sans clavier")
        self.assertEqual(wanted["other"], "Autre")

    def test_grade_settings_columns_are_french(self):
        fields = self.french["stock.lot.condition"].fields_get(["name", "description", "required_note"], ["string"])
        self.assertEqual(fields["name"]["string"], "Grade")
        self.assertEqual(fields["required_note"]["string"], "Note obligatoire")
        lot_fields = self.french["stock.lot"].fields_get(["condition_id", "condition_note"], ["string"])
        self.assertEqual(lot_fields["condition_note"]["string"], "Note sur le grade")
