#!/usr/bin/env python3
"""What must hold in the database after a load test, whatever the users did at once, checked in SQL.

1. No device allocated twice: one referral at most holds a device (reserved, handed over, closed),
   the device's state follows its referral's, no device leaves in two done deliveries, and no serial
   has more than one unit in stock.
2. Every handover made through the application (all but the generated history, ``VOL-...``) has
   exactly one done delivery of its sale order, carrying its device.
3. Every referral is in a state its history allows: each tracked change of state is a transition of
   the referral's table (``REFERRAL_TRANSITIONS``), the changes follow each other, the first one
   starts from a state reachable from 'submitted', and the last one ends on the current state.
4. No reminder sent twice: at most one reminder email per appointment, exactly one for each
   appointment marked reminded that has an email, and no more reminder notes on a ticket than
   appointments reminded.

Prints each check with the number of records checked and of violations (with examples); exit
status 1 when any is violated. Only needs psycopg2 and the database name::

    python3 tests/load/invariants.py --database load_bench
"""

import argparse
import ast
import os
import sys

import psycopg2

REFERRAL_SOURCE = os.path.join(
    os.path.dirname(os.path.abspath(__file__)),
    "..",
    "..",
    "addons",
    "filiere_reemploi",
    "models",
    "filiere_referral.py",
)


def referral_transitions():
    """The referral's table of transitions (target: sources), read from the addon's source."""
    with open(REFERRAL_SOURCE, encoding="utf-8") as handle:
        tree = ast.parse(handle.read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "REFERRAL_TRANSITIONS" for t in node.targets):
            return ast.literal_eval(node.value)
    raise LookupError(f"No REFERRAL_TRANSITIONS in {REFERRAL_SOURCE}")


REFERRAL_TRANSITIONS = referral_transitions()

CHECKS = [
    (
        "1a. a device held by one referral at most",
        "SELECT count(DISTINCT lot_id) FROM filiere_referral WHERE lot_id IS NOT NULL",
        """SELECT lot_id, string_agg(name, ', ') FROM filiere_referral
            WHERE lot_id IS NOT NULL AND state IN ('reserved', 'delivered', 'closed')
            GROUP BY lot_id HAVING count(*) > 1""",
    ),
    (
        "1b. the device's state follows its referral's",
        "SELECT count(*) FROM filiere_referral WHERE state IN ('reserved', 'delivered', 'closed')",
        """SELECT r.name, r.state || ' / device ' || l.device_state FROM filiere_referral r
             JOIN stock_lot l ON l.id = r.lot_id
            WHERE (r.state = 'reserved' AND l.device_state <> 'reserved')
               OR (r.state IN ('delivered', 'closed') AND l.device_state <> 'delivered')
           UNION ALL
           SELECT r.name, r.state || ' without a device' FROM filiere_referral r
            WHERE r.state IN ('reserved', 'delivered', 'closed') AND r.lot_id IS NULL""",
    ),
    (
        "1c. no device in two done deliveries",
        """SELECT count(DISTINCT ml.lot_id) FROM stock_move_line ml JOIN stock_location d ON d.id = ml.location_dest_id
            WHERE ml.state = 'done' AND d.usage = 'customer' AND ml.lot_id IS NOT NULL""",
        """SELECT ml.lot_id, count(*) FROM stock_move_line ml JOIN stock_location d ON d.id = ml.location_dest_id
             JOIN stock_location s ON s.id = ml.location_id
            WHERE ml.state = 'done' AND d.usage = 'customer' AND s.usage = 'internal' AND ml.lot_id IS NOT NULL
            GROUP BY ml.lot_id
           HAVING count(*) > 1 + (SELECT count(*) FROM stock_move_line back
                                     JOIN stock_location bs ON bs.id = back.location_id
                                    WHERE back.lot_id = ml.lot_id AND back.state = 'done' AND bs.usage = 'customer')""",
    ),
    (
        "1d. at most one unit of a serial in stock",
        """SELECT count(DISTINCT q.lot_id) FROM stock_quant q JOIN stock_location s ON s.id = q.location_id
            WHERE s.usage = 'internal'""",
        """SELECT q.lot_id, sum(q.quantity) || ' in stock, ' || sum(q.reserved_quantity) || ' reserved'
             FROM stock_quant q JOIN stock_location s ON s.id = q.location_id
             JOIN stock_lot l ON l.id = q.lot_id
            WHERE s.usage = 'internal' AND l.is_device
            GROUP BY q.lot_id HAVING sum(q.quantity) > 1 OR sum(q.quantity) < 0 OR sum(q.reserved_quantity) > 1""",
    ),
    (
        "2. every handover with exactly one done delivery of its device",
        "SELECT count(*) FROM filiere_referral WHERE state IN ('delivered', 'closed') AND name NOT LIKE 'VOL-%%'",
        """SELECT r.name, coalesce(r.sale_order_id::text, 'no sale order') || ': ' || (
                   SELECT count(DISTINCT p.id) FROM stock_picking p JOIN stock_move_line ml ON ml.picking_id = p.id
                    WHERE p.sale_id = r.sale_order_id AND p.state = 'done' AND ml.lot_id = r.lot_id
                      AND ml.state = 'done') || ' done deliveries'
             FROM filiere_referral r
            WHERE r.state IN ('delivered', 'closed') AND r.name NOT LIKE 'VOL-%%'
              AND (r.sale_order_id IS NULL OR 1 <> (
                   SELECT count(DISTINCT p.id) FROM stock_picking p JOIN stock_move_line ml ON ml.picking_id = p.id
                    WHERE p.sale_id = r.sale_order_id AND p.state = 'done' AND ml.lot_id = r.lot_id
                      AND ml.state = 'done'))""",
    ),
    (
        "4a. at most one reminder email per appointment",
        "SELECT count(*) FROM filiere_sad_appointment",
        """SELECT res_id, count(*) FROM mail_message
            WHERE model = 'filiere.sad.appointment' AND message_type = 'email_outgoing'
            GROUP BY res_id HAVING count(*) > 1""",
    ),
    (
        "4b. one reminder email for each appointment reminded with an email",
        "SELECT count(*) FROM filiere_sad_appointment WHERE reminder_sent_at IS NOT NULL",
        """SELECT a.id, (SELECT count(*) FROM mail_message m WHERE m.model = 'filiere.sad.appointment'
                           AND m.res_id = a.id AND m.message_type = 'email_outgoing') || ' emails'
             FROM filiere_sad_appointment a
            WHERE a.reminder_sent_at IS NOT NULL AND coalesce(a.contact_email, '') <> ''
              AND 1 <> (SELECT count(*) FROM mail_message m WHERE m.model = 'filiere.sad.appointment'
                         AND m.res_id = a.id AND m.message_type = 'email_outgoing')""",
    ),
    (
        "4c. no more reminder notes on a ticket than appointments reminded",
        "SELECT count(DISTINCT ticket_id) FROM filiere_sad_appointment WHERE reminder_sent_at IS NOT NULL",
        """SELECT t.id, notes.n || ' notes, ' || (
                   SELECT count(*) FROM filiere_sad_appointment a
                    WHERE a.ticket_id = t.id AND a.reminder_sent_at IS NOT NULL) || ' reminded'
             FROM helpdesk_ticket t
             JOIN (SELECT res_id, count(*) AS n FROM mail_message
                    WHERE model = 'helpdesk.ticket'
                      AND (body::text LIKE '%%Reminder of the appointment of%%'
                           OR body::text LIKE '%%Rappel du rendez-vous du%%')
                    GROUP BY res_id) AS notes ON notes.res_id = t.id
            WHERE notes.n > (SELECT count(*) FROM filiere_sad_appointment a
                              WHERE a.ticket_id = t.id AND a.reminder_sent_at IS NOT NULL)""",
    ),
]


def reachable_from_submitted():
    reached, todo = {"submitted"}, ["submitted"]
    while todo:
        source = todo.pop()
        for target, sources in REFERRAL_TRANSITIONS.items():
            if source in sources and target not in reached:
                reached.add(target)
                todo.append(target)
    return reached


def history_violations(cr):
    """Check 3 in Python over the tracked changes of state (labels read back to keys, any language)."""
    cr.execute(
        """SELECT s.value, s.name FROM ir_model_fields_selection s JOIN ir_model_fields f ON f.id = s.field_id
            WHERE f.model = 'filiere.referral' AND f.name = 'state'"""
    )
    keys = {}
    for value, names in cr.fetchall():
        for label in (names or {}).values():
            keys[label] = value
    cr.execute(
        """SELECT r.id, r.name, r.state, v.old_value_char, v.new_value_char
             FROM filiere_referral r
             LEFT JOIN mail_message m ON m.model = 'filiere.referral' AND m.res_id = r.id
             LEFT JOIN mail_tracking_value v ON v.mail_message_id = m.id
                   AND v.field_id = (SELECT id FROM ir_model_fields WHERE model = 'filiere.referral' AND name = 'state')
            WHERE r.name NOT LIKE 'VOL-%%'
            ORDER BY r.id, m.id, v.id"""
    )
    histories = {}
    for referral_id, name, state, old, new in cr.fetchall():
        entry = histories.setdefault(referral_id, (name, state, []))
        if new is not None:
            entry[2].append((keys.get(old, old), keys.get(new, new)))
    reachable = reachable_from_submitted()
    problems = []
    for name, state, changes in histories.values():
        current = "submitted"
        for n, (old, new) in enumerate(changes):
            if n == 0 and old not in reachable:
                problems.append((name, f"first tracked change from '{old}'"))
                break
            if n and old != current:
                problems.append((name, f"change from '{old}' after reaching '{current}'"))
                break
            if old not in REFERRAL_TRANSITIONS.get(new, ()):
                problems.append((name, f"'{old}' -> '{new}' is no transition"))
                break
            current = new
        else:
            if changes and current != state:
                problems.append((name, f"history ends on '{current}', referral is '{state}'"))
            elif not changes and state != "submitted" and "submitted" not in REFERRAL_TRANSITIONS.get(state, ()):
                # A first step taken in the transaction of the creation is tracked by no message.
                problems.append((name, f"'{state}' without any tracked change"))
    return len(histories), problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", required=True)
    args = parser.parse_args()
    failed = 0
    with psycopg2.connect(dbname=args.database) as cnx, cnx.cursor() as cr:
        print(f"\nInvariants on {args.database}:")
        results = []
        for label, count_query, violation_query in CHECKS:
            cr.execute(count_query)
            checked = cr.fetchone()[0]
            cr.execute(violation_query)
            results.append((label, checked, cr.fetchall()))
        checked, problems = history_violations(cr)
        results.insert(5, ("3. every referral in a state its history allows", checked, problems))
        for label, checked, problems in results:
            verdict = "ok" if not problems else f"VIOLATED x{len(problems)}"
            print(f"  {label}: {checked} checked, {verdict}")
            for problem in problems[:5]:
                print(f"      {problem[0]}: {problem[1]}")
            failed += bool(problems)
    print("All invariants hold." if not failed else f"{failed} invariant(s) violated.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
