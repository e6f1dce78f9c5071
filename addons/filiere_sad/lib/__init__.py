# Plain Python helpers: no import of odoo here, so they are tested without a server.
