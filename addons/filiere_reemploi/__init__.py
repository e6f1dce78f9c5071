from . import models
from . import wizards
from . import controllers


def uninstall_hook(env):
    """The indicators' triggers and aggregate tables live outside the ORM: drop them."""
    models.filiere_indicator_aggregate.drop_indicator_aggregates(env.cr)
