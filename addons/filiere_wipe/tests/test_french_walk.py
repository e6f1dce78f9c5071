from odoo.tests import TransactionCase, tagged

from odoo.addons.filiere_reemploi.tests.french_walk import FrenchWalkMixin


@tagged("post_install", "-at_install")
class TestFrenchWalk(FrenchWalkMixin, TransactionCase):
    """The French demo's erasure screens hold no English where fr.po should speak."""

    walked_module = "filiere_wipe"
