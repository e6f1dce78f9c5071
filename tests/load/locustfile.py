"""Load test of the three addons: prescribers, technicians, staff and accountants at once.

Run by ``tests/load/run.sh`` (which prepares the database with ``generate_volume.py``, starts Odoo
with workers and reads the figures); by hand::

    locust -f tests/load/locustfile.py --headless --host http://127.0.0.1:PORT -u 68 -r 4 -t 2m \
        --only-summary  # FILIERE_LOAD_DB names the database

with ``FILIERE_LOAD_SESSIONS`` naming the sessions opened by ``login.py`` (else each user logs in).

The users (fixed counts, one account each, created by generate_volume.py):

* 50 prescribers (portal): browse ``/my/referrals`` and its pages, open a referral, submit one
  through the form ``/my/referrals/new`` (CSRF token from the form, as a browser does);
* 10 technicians: list workshop devices, scan them (``filiere_scan_lookup``), move a batch on at the
  scan station (``filiere_scan_apply``: next step, checklist, grade), open the devices kanban;
* 5 distribution staff: accept a submitted referral, open the allocation, allocate a priced device
  (sale order, reservation), schedule the coaching appointment, hand the device over (delivery);
* 2 accountants: the grant indicators (``compute_indicators``) and ``read_group`` figures;
* 1 administrator who runs the appointment reminders by hand while the cron worker runs them too.

What counts: an HTTP error, an RPC answer with an error other than a refusal (a serialization
failure that Odoo's retries did not absorb included) or a portal form that does not lead to the new
referral is a failure. A refusal the application explains (``UserError``/``ValidationError``: a device
someone else reserved first, a referral another staff member accepted first) is the expected answer
to two people acting on one record: it is counted apart (``refused`` in the summary), not as an error.
"""

import itertools
import json
import os
import random
import re
from collections import Counter
from datetime import date, datetime, timedelta, timezone

from locust import HttpUser, between, events, task

DB = os.environ.get("FILIERE_LOAD_DB", "load_bench")
REFUSALS_FILE = os.environ.get("FILIERE_LOAD_REFUSALS")
SESSIONS_FILE = os.environ.get("FILIERE_LOAD_SESSIONS")
SESSIONS = {}
if SESSIONS_FILE and os.path.exists(SESSIONS_FILE):
    with open(SESSIONS_FILE, encoding="utf-8") as _handle:
        SESSIONS = json.load(_handle)
# An AccessError is no refusal: these accounts only do what their groups allow.
REFUSAL_TYPES = {"odoo.exceptions.UserError", "odoo.exceptions.ValidationError"}
REFUSED = Counter()
MESSAGES = Counter()
_ids = itertools.count(1)


class RpcError(Exception):
    pass


@events.quitting.add_listener
def _write_refusals(environment, **_kwargs):
    if REFUSALS_FILE:
        with open(REFUSALS_FILE, "w", encoding="utf-8") as handle:
            json.dump({"refused": dict(REFUSED), "messages": dict(MESSAGES.most_common(20))}, handle, indent=1)


class OdooUser(HttpUser):
    abstract = True
    login_prefix = None
    count = 1

    def on_start(self):
        n = next(self._numbers)
        self.login = self.login_prefix.format(n)
        # One connection per request, as a reverse proxy talks to Odoo's workers: a worker closes an
        # idle kept-alive connection after 2 s, which a client reusing it would count as an error.
        self.client.headers["Connection"] = "close"
        session = SESSIONS.get(self.login)
        if session:
            # Logged in before the load by login.py (the login itself is measured there).
            self.client.cookies.set("session_id", session)
            result = self.rpc_path("/web/session/get_session_info", {}, name="session info (logged in before)")
        else:
            credentials = {"db": DB, "login": self.login, "password": self.login}
            result = self.rpc_path("/web/session/authenticate", credentials)
        self.uid = result["uid"]
        self.user_context = result.get("user_context", {})

    def rpc_path(self, path, params, name=None):
        payload = {"jsonrpc": "2.0", "method": "call", "id": next(_ids), "params": params}
        with self.client.post(path, json=payload, name=name or path, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                raise RpcError(path)
            body = response.json()
            error = body.get("error")
            if not error:
                response.success()
                return body.get("result")
            kind = (error.get("data") or {}).get("name", "")
            if kind in REFUSAL_TYPES:
                # The application's own answer to a conflict or a wrong step: not an error.
                response.success()
                REFUSED[name or path] += 1
                MESSAGES[f"{name or path}: {(error.get('data') or {}).get('message', '')[:160]}"] += 1
                raise RpcError(kind)
            message = (error.get("data") or {}).get("message") or error.get("message")
            response.failure(f"{kind}: {message}"[:300])
            raise RpcError(kind)

    def call(self, model, method, args=(), kwargs=None, name=None):
        kwargs = dict(kwargs or {})
        kwargs.setdefault("context", {**self.user_context, "lang": "en_US"})
        return self.rpc_path(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
            name=name or f"{model}.{method}",
        )


class Prescriber(OdooUser):
    """A social worker at a prescriber organisation, on the portal."""

    fixed_count = 50
    wait_time = between(2, 6)
    login_prefix = "load.prescriber.{:02d}"
    _numbers = itertools.count(1)

    def on_start(self):
        super().on_start()
        self.seen = []
        form = self.client.get("/my/referrals/new", name="/my/referrals/new (form)")
        self.device_types = re.findall(
            r'<option value="(\d+)"', form.text.split('name="device_type_id"', 1)[-1].split("</select>", 1)[0]
        )
        self.zones = re.findall(
            r'<option value="(\d+)"', form.text.split('name="zone_id"', 1)[-1].split("</select>", 1)[0]
        )
        self.segments = re.findall(r'name="segments" value="([^"]+)"', form.text)

    @task(6)
    def my_referrals(self):
        page = random.choice([1, 1, 1, 2, 3])
        url = "/my/referrals" if page == 1 else f"/my/referrals/page/{page}"
        with self.client.get(url, name="/my/referrals[/page/N]", catch_response=True) as response:
            if response.status_code != 200 or "/my/referrals/" not in response.text:
                response.failure("no referral list")
                return
            self.seen = [int(i) for i in re.findall(r'href="/my/referrals/(\d+)', response.text)] or self.seen

    @task(3)
    def one_referral(self):
        if self.seen:
            self.client.get(f"/my/referrals/{random.choice(self.seen)}", name="/my/referrals/<id>")

    @task(2)
    def submit_referral(self):
        form = self.client.get("/my/referrals/new", name="/my/referrals/new (form)")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        if not token or not self.device_types or not self.segments:
            return
        n = random.randint(1, 10**9)
        data = [
            ("csrf_token", token.group(1)),
            ("name", f"Load Person {n}"),
            ("phone", f"06 12 {n % 100:02d} {n // 100 % 100:02d} {n // 10**4 % 100:02d}"),
            ("email", f"person{n}@example.org"),
            ("city", random.choice(["Gap", "Briançon", "Embrun", "Veynes", "Laragne-Montéglin"])),
            ("zip", "05000"),
            ("zone_id", random.choice(self.zones) if self.zones else ""),
            ("segments", random.choice(self.segments)),
            ("need", "online_procedures"),
            ("device_type_id", self.device_types[0] if random.random() < 0.7 else random.choice(self.device_types)),
            ("keyboard_layout", ""),
            ("consent_date", date.today().isoformat()),
            ("charter_signed", "on"),
            ("note", "Load test"),
        ]
        with self.client.post(
            "/my/referrals/new", data=data, name="/my/referrals/new (submit)", catch_response=True
        ) as response:
            if response.status_code == 200 and "sent=1" in response.url:
                response.success()
            else:
                error = re.search(
                    r'class="(?:invalid-feedback[^"]*|alert alert-danger o_filiere_referral_error)"[^>]*>([^<]+)',
                    response.text,
                )
                response.failure(f"form not accepted (HTTP {response.status_code}): {error.group(1) if error else '?'}")


class Technician(OdooUser):
    """A workshop technician at the scan station."""

    fixed_count = 10
    wait_time = between(2, 6)
    login_prefix = "load.tech.{:02d}"
    _numbers = itertools.count(1)
    steps = {"received": "next_state", "diagnosed": "next_state", "erased": "next_state", "refurbished": None}

    def on_start(self):
        super().on_start()
        data = self.call("stock.lot", "filiere_scan_station_data")
        self.grades = [g["id"] for g in data["grades"]]

    def batch(self, state):
        domain = [("is_device", "=", True), ("device_state", "=", state)]
        return self.call(
            "stock.lot",
            "web_search_read",
            kwargs={
                "domain": domain,
                "specification": {"name": {}, "device_state": {}},
                "offset": random.randint(0, 200),
                "limit": random.randint(3, 10),
                "order": "id desc",
            },
            name="stock.lot.web_search_read (workshop)",
        )["records"]

    @task(5)
    def scan_and_move(self):
        state = random.choice(list(self.steps))
        try:
            lots = self.batch(state)
            serials = [lot["name"] for lot in lots]
            for serial in serials[:3]:
                self.call("stock.lot", "filiere_scan_lookup", [serial])
            if not serials:
                return
            if state == "refurbished":
                self.call(
                    "stock.lot", "filiere_scan_apply", [serials, "pass_checklist"], name="scan_apply pass_checklist"
                )
                grade = {"condition_id": random.choice(self.grades[:2])}
                self.call("stock.lot", "filiere_scan_apply", [serials, "grade", grade], name="scan_apply grade")
            self.call("stock.lot", "filiere_scan_apply", [serials, "next_state"], name="scan_apply next_state")
        except RpcError:
            pass

    @task(1)
    def devices_kanban(self):
        domain = [("is_device", "=", True)]
        try:
            groups = self.call(
                "stock.lot",
                "web_read_group",
                kwargs={"domain": domain, "fields": [], "groupby": ["device_state"], "lazy": True},
                name="devices kanban: web_read_group",
            )["groups"]
            for group in groups[:5]:
                self.call(
                    "stock.lot",
                    "web_search_read",
                    kwargs={
                        "domain": group["__domain"],
                        "specification": {
                            "name": {},
                            "device_state": {},
                            "condition_id": {"fields": {"display_name": {}}},
                            "device_type_id": {"fields": {"display_name": {}}},
                            "brand": {},
                            "model_name": {},
                        },
                        "limit": 40,
                    },
                    name="devices kanban: column",
                )
        except RpcError:
            pass

    @task(1)
    def devices_list(self):
        try:
            self.call(
                "stock.lot",
                "web_search_read",
                kwargs={
                    "domain": [("is_device", "=", True)],
                    "specification": {
                        "name": {},
                        "device_type_id": {"fields": {"display_name": {}}},
                        "brand": {},
                        "model_name": {},
                        "condition_id": {"fields": {"display_name": {}}},
                        "functional_test_state": {},
                        "company_id": {"fields": {"display_name": {}}},
                        "device_state": {},
                    },
                    "limit": 80,
                    "count_limit": 10001,
                },
                name="devices list: web_search_read",
            )
        except RpcError:
            pass


class Staff(OdooUser):
    """Distribution staff: from the submitted referral to the handover."""

    fixed_count = 5
    wait_time = between(3, 8)
    login_prefix = "load.staff.{}"
    _numbers = itertools.count(1)

    @task(4)
    def allocate_and_hand_over(self):
        try:
            found = self.call(
                "filiere.referral",
                "search",
                [[("state", "=", "submitted")]],
                {"limit": 1, "offset": random.randint(0, 20)},
                name="filiere.referral.search (submitted)",
            )
            if not found:
                return
            referral = found[0]
            self.call("filiere.referral", "action_accept", [[referral]])
            action = self.call("filiere.referral", "action_open_allocation", [[referral]])
            lines = self.call(
                "filiere.referral.allocate.line",
                "search_read",
                [[("wizard_id", "=", action["res_id"]), ("grid_line_id", "!=", False)]],
                {"fields": ["lot_id", "price"], "limit": 10},
            )
            if not lines:
                self.call("filiere.referral", "write", [[referral], {"refuse_reason": "No priced device (load test)"}])
                self.call("filiere.referral", "action_refuse", [[referral]])
                return
            line = random.choice(lines)
            self.call("filiere.referral.allocate.line", "action_allocate", [[line["id"]]])
            ticket = self.call("filiere.referral", "read", [[referral], ["sad_ticket_id"]])[0]["sad_ticket_id"]
            start = datetime.now(timezone.utc).replace(tzinfo=None) + timedelta(hours=random.choice([2, 5, 30]))
            self.call(
                "filiere.sad.appointment",
                "create",
                [
                    {
                        "ticket_id": ticket[0],
                        "start": start.strftime("%Y-%m-%d %H:%M:%S"),
                        "mediator_user_id": self.uid,
                        "contact_email": f"person{referral}@example.org",
                    }
                ],
            )
            self.call("filiere.referral", "action_handover", [[referral]])
        except RpcError:
            pass

    @task(1)
    def referral_list(self):
        try:
            self.call(
                "filiere.referral",
                "web_search_read",
                kwargs={
                    "domain": [],
                    "specification": {
                        "name": {},
                        "state": {},
                        "prescriber_id": {"fields": {"display_name": {}}},
                        "handover_date": {},
                    },
                    "limit": 80,
                    "count_limit": 10001,
                },
                name="referral list: web_search_read",
            )
        except RpcError:
            pass


class Accountant(OdooUser):
    """An accountant preparing a grant statement."""

    fixed_count = 2
    wait_time = between(5, 15)
    login_prefix = "load.accountant.{}"
    _numbers = itertools.count(1)

    @task(2)
    def indicators(self):
        today = date.today()
        try:
            companies = self.user_context.get("allowed_company_ids") or []
            self.call(
                "filiere.statement",
                "compute_indicators",
                [date(today.year - 1, 1, 1).isoformat(), today.isoformat(), companies],
                name="compute_indicators (2 years)",
            )
        except RpcError:
            pass

    @task(1)
    def figures(self):
        try:
            self.call(
                "filiere.referral",
                "read_group",
                [[("state", "in", ["delivered", "closed"])], ["price:sum"], ["handover_date:month", "sale_format"]],
                {"lazy": False},
                name="filiere.referral.read_group (month x format)",
            )
            self.call(
                "stock.lot",
                "read_group",
                [[("is_device", "=", True)], ["weight_kg:sum"], ["device_state", "company_id"]],
                {"lazy": False},
                name="stock.lot.read_group (state x structure)",
            )
        except RpcError:
            pass


class CronByHand(OdooUser):
    """The administrator's 'Run manually' of the reminders, racing the cron worker."""

    fixed_count = 1
    wait_time = between(15, 25)
    login_prefix = "admin"
    _numbers = itertools.count(1)

    def on_start(self):
        super().on_start()
        crons = self.call("ir.cron", "search", [[("ir_actions_server_id.code", "ilike", "_cron_send_reminders")]])
        self.cron = crons[:1]

    @task
    def run_reminders(self):
        if self.cron:
            try:
                self.call("ir.cron", "method_direct_trigger", [self.cron], name="reminders run by hand")
            except RpcError:
                pass
