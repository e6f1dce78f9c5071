#!/usr/bin/env python3
"""Log the load test's accounts in before the load, four at a time, and keep their sessions.

A login costs a 600,000-round PBKDF2 (Odoo's minimum): 68 of them at once would fill the measured
minutes with a storm no structure has (people log in once in the morning). The sessions go to a
JSON file ``{login: session_id}`` that the locustfile reuses; the time of each login is printed (its
median and max), so it is measured all the same. Standard library only::

    python3 tests/load/login.py --url http://127.0.0.1:8069 --database load_bench --out sessions.json
"""

import argparse
import json
import statistics
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie

LOGINS = (
    [f"load.prescriber.{n:02d}" for n in range(1, 51)]
    + [f"load.tech.{n:02d}" for n in range(1, 11)]
    + [f"load.staff.{n}" for n in range(1, 6)]
    + [f"load.accountant.{n}" for n in range(1, 3)]
    + ["admin"]
)


def login(url, database, name):
    payload = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": {"db": database, "login": name, "password": name}}
    request = urllib.request.Request(
        f"{url}/web/session/authenticate",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=600) as response:
        body = json.load(response)
        cookie = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie.load(header)
    if body.get("error") or "session_id" not in cookie:
        raise RuntimeError(f"login of {name} refused: {body.get('error', {}).get('data', {}).get('message')}")
    return name, cookie["session_id"].value, time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--parallel", type=int, default=4)
    args = parser.parse_args()
    with ThreadPoolExecutor(args.parallel) as pool:
        results = list(pool.map(lambda name: login(args.url, args.database, name), LOGINS))
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump({name: session for name, session, _seconds in results}, handle)
    seconds = [result[2] for result in results]
    print(
        f"{len(results)} logins, {args.parallel} at a time: median {statistics.median(seconds):.2f} s, "
        f"max {max(seconds):.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
