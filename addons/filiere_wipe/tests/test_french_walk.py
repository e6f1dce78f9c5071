from odoo.tests import TransactionCase, tagged

from odoo.addons.filiere_reemploi.tests.french_walk import FrenchWalkMixin


@tagged("post_install", "-at_install")
class TestFrenchWalk(FrenchWalkMixin, TransactionCase):
    """The French demo's erasure screens hold no English where fr.po should speak."""

    walked_module = "filiere_wipe"

    def setUp(self):
        super().setUp()
        self._french_ready()

    def test_view_terms_are_french(self):
        self.assert_french(self.walk_view_terms())

    def test_fields_shown_are_french(self):
        self.assert_french(self.walk_view_fields())

    def test_selections_are_french(self):
        self.assert_french(self.walk_selections())
