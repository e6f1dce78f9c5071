#!/usr/bin/env bash
# The whole test suite, as README.md documents it and .ci/run calls it.
#  1. server-free tests of the plain modules (always);
#  2. when Odoo 18 is importable: fresh databases, install of the three addons without and with
#     demo data (French loaded), then every Odoo test of the addons through pytest-odoo, tours
#     included (chromium).
# Database server: the libpq variables PGHOST, PGPORT, PGUSER, PGPASSWORD (default: local socket).
# Extra addons folders (e.g. Odoo's own addons/ when not next to the odoo package): ODOO_ADDONS_PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
PY=${PYTHON:-python3}
MODULES=filiere_reemploi,filiere_wipe,filiere_sad
DB=${FILIERE_TEST_DB:-filiere_test}

echo "== Server-free tests"
"$PY" -m pytest -p no:odoo -p no:cacheprovider -q tests/unit

if ! odoo_version=$("$PY" -c 'import odoo.release as r; print(r.version)' 2>/dev/null) || [[ $odoo_version != 18.0* ]]; then
    echo "No Odoo 18 is importable by $PY: only the server-free tests ran; the Odoo suite (install, TransactionCase, tours) did NOT run."
    exit 0
fi

# Odoo's standard addons: next to the odoo package in a source checkout, inside it in a package install.
odoo_root=$("$PY" -c 'import odoo, os; print(os.path.dirname(os.path.dirname(odoo.__file__)))')
addons_path="$REPO/addons"
[[ -d $odoo_root/addons ]] && addons_path="$addons_path,$odoo_root/addons"
[[ -n ${ODOO_ADDONS_PATH:-} ]] && addons_path="$addons_path,$ODOO_ADDONS_PATH"

# The structures sign what they issue with an Ed25519 key named in the server configuration: the
# suite makes a test key (once, outside the repository) and a configuration file naming it.
KEY_DIR=${FILIERE_TEST_KEY_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/filiere_reemploi}
mkdir -p "$KEY_DIR"
[[ -f $KEY_DIR/test_signing_key.pem ]] || "$PY" "$REPO/tools/make_signing_key.py" "$KEY_DIR/test_signing_key.pem"
CONFIG=$KEY_DIR/odoo-test.conf
printf '[options]\naddons_path = %s\nfiliere_signing_key = %s\n' "$addons_path" "$KEY_DIR/test_signing_key.pem" >"$CONFIG"

odoo() { "$PY" -m odoo -c "$CONFIG" "$@"; }

# Installs the modules on a new database; fails on any error logged during the install.
install_fresh() {
    local db=$1; shift
    local log
    log=$(mktemp)
    dropdb --if-exists "$db"
    if ! odoo --addons-path="$addons_path" -d "$db" -i "$MODULES" --stop-after-init --log-level=warn \
            --http-port=0 "$@" >"$log" 2>&1 \
            || grep -E " (ERROR|CRITICAL) |demo data failed to install|Some modules are not loaded" "$log"; then
        cat "$log"
        echo "Install of $MODULES on $db failed." >&2
        exit 1
    fi
    rm -f "$log"
}

echo "== Odoo $odoo_version: install on a fresh database without demo data"
install_fresh "${DB}_nodemo" --without-demo=all
dropdb --if-exists "${DB}_nodemo"

echo "== Odoo $odoo_version: install on a fresh database with demo data and French"
install_fresh "$DB" --load-language=fr_FR

echo "== Odoo test suite (pytest-odoo)"
"$PY" -m pytest -q -p odoo -p no:cacheprovider --odoo-database="$DB" --odoo-config="$CONFIG" --odoo-addons-path="$addons_path" --odoo-http \
    --odoo-log-level=warn addons/*/tests
