#!/usr/bin/env bash
# Load test of the addons, self-contained:
#
#   bash tests/load/run.sh [--minutes 2] [--db load_bench] [--devices 1000000] [--handovers 200000] [--fresh]
#
#  1. database: reused when it has the addons, else created (demo data, French), then the volume of
#     generate_volume.py (once per database: 1,000,000 devices, 200,000 handovers by default);
#  2. Odoo started with --workers=4 --max-cron-threads=1 on free loopback ports (HTTP and
#     websocket), the appointment reminders' cron every minute;
#  3. the 68 accounts logged in (tests/load/login.py, timed), then locust headless for --minutes
#     (2 by default, 5 for the documented full run), 4 users more each second: 50 prescribers,
#     10 technicians, 5 staff, 2 accountants, 1 administrator (tests/load/locustfile.py);
#  4. Odoo stopped (also on failure or Ctrl-C), then the figures per action (p50/p95/p99, errors,
#     refusals) and the invariants checked in SQL (tests/load/invariants.py).
#
# Exit status: 0 when every invariant holds and the error rate is at most --max-error-rate (%, 1 by
# default). Needs Odoo 18 importable by python3 (or $PYTHON), PostgreSQL (libpq variables), and
# locust: $LOCUST, else /opt/locust-venv/bin/locust, else `locust` on the PATH, else a virtualenv
# made once from tests/load/requirements.txt (locust is kept out of Odoo's environment: it wants
# newer Flask/Werkzeug than Odoo 18).
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$PWD
PY=${PYTHON:-python3}
MODULES=filiere_reemploi,filiere_wipe,filiere_sad
MINUTES=2
DB=${FILIERE_LOAD_DB:-load_bench}
DEVICES=1000000
HANDOVERS=200000
FRESH=0
MAX_ERROR_RATE=1
while [[ $# -gt 0 ]]; do
    case $1 in
        --minutes) MINUTES=$2; shift 2 ;;
        --db) DB=$2; shift 2 ;;
        --devices) DEVICES=$2; shift 2 ;;
        --handovers) HANDOVERS=$2; shift 2 ;;
        --fresh) FRESH=1; shift ;;
        --max-error-rate) MAX_ERROR_RATE=$2; shift 2 ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
        *) echo "Unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

OUT=$(mktemp -d "${TMPDIR:-/tmp}/filiere_load_${DB}_XXXX")
echo "== Load test on $DB, $MINUTES minute(s); logs and CSV in $OUT"

# Configuration as tests/run.sh makes it (signing key), plus the workers.
odoo_root=$("$PY" -c 'import odoo, os; print(os.path.dirname(os.path.dirname(odoo.__file__)))')
addons_path="$REPO/addons"
[[ -d $odoo_root/addons ]] && addons_path="$addons_path,$odoo_root/addons"
[[ -n ${ODOO_ADDONS_PATH:-} ]] && addons_path="$addons_path,$ODOO_ADDONS_PATH"
KEY_DIR=${FILIERE_TEST_KEY_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/filiere_reemploi}
mkdir -p "$KEY_DIR"
[[ -f $KEY_DIR/test_signing_key.pem ]] || "$PY" "$REPO/tools/make_signing_key.py" "$KEY_DIR/test_signing_key.pem"
BASE_CONFIG=$OUT/odoo-base.conf
printf '[options]\naddons_path = %s\nfiliere_signing_key = %s\n' "$addons_path" "$KEY_DIR/test_signing_key.pem" >"$BASE_CONFIG"

# Locust, outside Odoo's environment.
LOCUST_BIN=${LOCUST:-}
if [[ -z $LOCUST_BIN ]]; then
    if [[ -x /opt/locust-venv/bin/locust ]]; then LOCUST_BIN=/opt/locust-venv/bin/locust
    elif command -v locust >/dev/null 2>&1; then LOCUST_BIN=$(command -v locust)
    else
        venv=$KEY_DIR/locust-venv
        [[ -x $venv/bin/locust ]] || { "$PY" -m venv "$venv" && "$venv/bin/pip" install -q -r "$REPO/tests/load/requirements.txt"; }
        LOCUST_BIN=$venv/bin/locust
    fi
fi

# 1. Database and volume.
installed=$(psql -d "$DB" -Atc "SELECT count(*) FROM ir_module_module WHERE state = 'installed' AND name IN ('filiere_reemploi', 'filiere_wipe', 'filiere_sad')" 2>/dev/null || echo 0)
if [[ $FRESH == 1 || $installed != 3 ]]; then
    echo "== Creating $DB: install of $MODULES with demo data and French (a few minutes)"
    dropdb --if-exists "$DB"
    if ! "$PY" -m odoo -c "$BASE_CONFIG" -d "$DB" -i "$MODULES" --load-language=fr_FR --stop-after-init \
            --log-level=warn --http-port=0 --max-cron-threads=0 >"$OUT/install.log" 2>&1 \
            || grep -E " (ERROR|CRITICAL) " "$OUT/install.log"; then
        tail -50 "$OUT/install.log"
        echo "Install on $DB failed." >&2
        exit 1
    fi
fi
echo "== Volume"
"$PY" "$REPO/tests/load/generate_volume.py" --database "$DB" --config "$BASE_CONFIG" \
    --devices "$DEVICES" --handovers "$HANDOVERS"
# The reminders every minute (hourly in production), so that a short run sends some.
psql -q -d "$DB" -c "UPDATE ir_cron SET interval_number = 1, interval_type = 'minutes', nextcall = now() at time zone 'UTC', active = TRUE
                     WHERE ir_actions_server_id IN (SELECT id FROM ir_act_server WHERE code LIKE '%_cron_send_reminders%')"
psql -q -d "$DB" -c "ANALYZE"

# 2. Odoo with workers on free loopback ports; stopped whatever happens next.
read -r HTTP_PORT GEVENT_PORT < <("$PY" -c '
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))')
CONFIG=$OUT/odoo-load.conf
cat >"$CONFIG" <<EOF
[options]
addons_path = $addons_path
filiere_signing_key = $KEY_DIR/test_signing_key.pem
db_name = $DB
dbfilter = ^$DB\$
list_db = False
http_interface = 127.0.0.1
http_port = $HTTP_PORT
gevent_port = $GEVENT_PORT
workers = 4
max_cron_threads = 1
db_maxconn = 16
limit_time_cpu = 120
limit_time_real = 240
limit_request = 65536
log_level = info
logfile = $OUT/odoo.log
EOF
ODOO_PID=
stop_odoo() {
    [[ -n $ODOO_PID ]] || return 0
    if kill -0 "$ODOO_PID" 2>/dev/null; then
        kill -TERM -- "-$ODOO_PID" 2>/dev/null || true
        for _ in $(seq 30); do kill -0 "$ODOO_PID" 2>/dev/null || break; sleep 1; done
        kill -KILL -- "-$ODOO_PID" 2>/dev/null || true
    fi
    wait "$ODOO_PID" 2>/dev/null || true
    ODOO_PID=
    echo "== Odoo stopped (port $HTTP_PORT free)"
}
trap stop_odoo EXIT
trap 'exit 130' INT TERM
# Its own process group (setsid), so that the master and its workers stop together.
setsid "$PY" -m odoo -c "$CONFIG" >>"$OUT/odoo.stdout" 2>&1 &
ODOO_PID=$!
echo "== Odoo pid $ODOO_PID, workers 4, cron threads 1, http://127.0.0.1:$HTTP_PORT (websocket $GEVENT_PORT)"
for _ in $(seq 180); do
    curl -fsS -o /dev/null "http://127.0.0.1:$HTTP_PORT/web/health" 2>/dev/null && break
    kill -0 "$ODOO_PID" 2>/dev/null || { tail -30 "$OUT/odoo.log" "$OUT/odoo.stdout"; echo "Odoo did not start." >&2; exit 1; }
    sleep 1
done

# Each worker loads the registry on its first request: not what the test measures.
warm=()
for _ in $(seq 8); do curl -fsS -o /dev/null "http://127.0.0.1:$HTTP_PORT/web/login" & warm+=($!); done
wait "${warm[@]}" || true

# People log in once in the morning, not all in the same minute: the sessions are opened first
# (4 at a time, each login timed), the users of the load reuse them.
echo "== Logins"
"$PY" "$REPO/tests/load/login.py" --url "http://127.0.0.1:$HTTP_PORT" --database "$DB" --out "$OUT/sessions.json"

# 3. The load.
echo "== Locust: 68 users for $MINUTES minute(s); load before: $(uptime)"
UPTIME_BEFORE=$(uptime)
set +e
FILIERE_LOAD_DB=$DB FILIERE_LOAD_REFUSALS=$OUT/refused.json FILIERE_LOAD_SESSIONS=$OUT/sessions.json "$LOCUST_BIN" -f "$REPO/tests/load/locustfile.py" \
    --headless --host "http://127.0.0.1:$HTTP_PORT" -u 68 -r 4 -t "${MINUTES}m" --stop-timeout 30 \
    --csv "$OUT/locust" --only-summary --loglevel WARNING >"$OUT/locust.log" 2>&1
set -e
UPTIME_AFTER=$(uptime)

# 4. Odoo stopped, then the figures and the invariants.
stop_odoo
retries=$(grep -c "tries left, try again" "$OUT/odoo.log" 2>/dev/null || true)
"$PY" "$REPO/tests/load/report.py" --csv "$OUT/locust_stats.csv" --refused "$OUT/refused.json" \
    --failures "$OUT/locust_failures.csv" --retries "${retries:-0}" --max-error-rate "$MAX_ERROR_RATE" \
    --minutes "$MINUTES" --uptime-before "$UPTIME_BEFORE" --uptime-after "$UPTIME_AFTER" || status=$?
"$PY" "$REPO/tests/load/invariants.py" --database "$DB" || status=$?
exit "${status:-0}"
