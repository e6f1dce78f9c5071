#!/bin/bash
# First start: create the demo database with the three addons, their French demo data and
# French as the administrator's language. Every start: serve that database.
set -euo pipefail
DB=${FILIERE_DB:-filiere_demo}
DB_ARGS=(--db_host="${HOST:-db}" --db_port="${PORT:-5432}" --db_user="${USER:-odoo}" --db_password="${PASSWORD:-odoo}")
MARKER=/var/lib/odoo/.filiere_demo_installed
# The structures sign their certificates and statements with a key kept outside the database:
# the demo makes one in the data volume and a configuration naming it.
KEY=/var/lib/odoo/filiere/signing_key.pem
CONFIG=/var/lib/odoo/filiere/odoo.conf
if [[ ! -f $KEY ]]; then
    mkdir -p "$(dirname "$KEY")"
    python3 /usr/local/bin/filiere-make-signing-key "$KEY"
fi
{ cat "${ODOO_RC:-/etc/odoo/odoo.conf}"; echo "filiere_signing_key = $KEY"; } >"$CONFIG"
DB_ARGS=(-c "$CONFIG" "${DB_ARGS[@]}")

if [[ ! -f $MARKER ]]; then
    echo "Creating database $DB with the filiere addons and French demo data (a few minutes)..."
    odoo "${DB_ARGS[@]}" -d "$DB" -i filiere_reemploi,filiere_wipe,filiere_sad \
        --load-language=fr_FR --stop-after-init
    echo "env.ref('base.user_admin').lang = 'fr_FR'; env.cr.commit()" \
        | odoo shell "${DB_ARGS[@]}" -d "$DB" --no-http --log-level=warn
    touch "$MARKER"
fi

exec odoo "${DB_ARGS[@]}" -d "$DB" --db-filter="^${DB}\$"
