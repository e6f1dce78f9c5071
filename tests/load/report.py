#!/usr/bin/env python3
"""The table of a load test run: requests, p50/p95/p99 (ms), failures per action, and the error rate.

Reads locust's ``--csv`` statistics and the refusals the locustfile counted. Exit status 1 when the
error rate (failed requests / requests) is above ``--max-error-rate`` percent. Called by run.sh.
"""

import argparse
import csv
import json
import os
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--csv", required=True, help="locust's <prefix>_stats.csv")
    parser.add_argument("--failures", help="locust's <prefix>_failures.csv")
    parser.add_argument("--refused", help="JSON {action: refusals} written by the locustfile")
    parser.add_argument("--retries", type=int, default=0, help="serialization retries logged by Odoo")
    parser.add_argument("--max-error-rate", type=float, default=1.0)
    parser.add_argument("--minutes", default="?")
    parser.add_argument("--uptime-before", default="")
    parser.add_argument("--uptime-after", default="")
    args = parser.parse_args()
    if not os.path.exists(args.csv):
        print(f"No statistics ({args.csv}): locust did not run, see its log beside it.")
        return 1
    refused, messages = {}, {}
    if args.refused and os.path.exists(args.refused):
        with open(args.refused, encoding="utf-8") as handle:
            counted = json.load(handle)
        refused, messages = counted.get("refused", {}), counted.get("messages", {})
    with open(args.csv, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    width = max(len(row["Name"]) for row in rows)
    columns = ["requests", "failed", "refused", "p50 ms", "p95 ms", "p99 ms", "max ms"]
    header = f"| {'action':<{width}} | " + " | ".join(f"{column:>8}" for column in columns) + " |"
    print(f"\nLoad test, {args.minutes} minute(s). Load before: {args.uptime_before.strip()}")
    print(f"{'':>27}after:  {args.uptime_after.strip()}\n")
    print(header)
    print("|" + "|".join("-" * (len(cell)) for cell in header.split("|")[1:-1]) + "|")
    total = failed = 0
    for row in rows:
        name = row["Name"]
        is_total = name == "Aggregated"
        requests, failures = int(row["Request Count"]), int(row["Failure Count"])
        refusals = sum(refused.values()) if is_total else refused.get(name, 0)
        if is_total:
            total, failed = requests, failures
            name = "all"
        cells = [
            requests,
            failures,
            refusals,
            row["50%"],
            row["95%"],
            row["99%"],
            f"{float(row['Max Response Time']):.0f}",
        ]
        print(f"| {name:<{width}} | " + " | ".join(f"{cell:>8}" for cell in cells) + " |")
    rate = 100.0 * failed / total if total else 100.0
    print(
        f"\nError rate: {failed} / {total} requests = {rate:.2f} % (limit {args.max_error_rate} %). "
        f"Refusals (the application's answer to a conflict, not errors): {sum(refused.values())}. "
        f"Serialization failures retried by Odoo: {args.retries}."
    )
    for message, count in list(messages.items())[:10]:
        print(f"  refused x{count}: {message}")
    if args.failures and os.path.exists(args.failures):
        with open(args.failures, encoding="utf-8") as handle:
            failures = list(csv.DictReader(handle))
        for row in failures[:15]:
            print(f"  failure x{row['Occurrences']}: {row['Name']}: {row['Error'][:200]}")
    return 1 if rate > args.max_error_rate or not total else 0


if __name__ == "__main__":
    sys.exit(main())
