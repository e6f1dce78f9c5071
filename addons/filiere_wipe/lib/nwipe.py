"""Read nwipe / ShredOS erasure reports: the text log and the per-disk JSON report.

Plain module (standard library only) so that it is tested without an Odoo server.
The formats follow nwipe's own sources: the log prefix and the summary tables come
from src/logging.c, the per-disk lines from src/method.c, src/nwipe.c and
src/device.c, the sanitize lines from src/se_ata_gui.c and src/se_nvme_gui.c, and
the JSON report from src/create_json.c.
"""

import json
import re
from datetime import datetime, timedelta, timezone

__all__ = ["ReportError", "method_category", "parse_report"]


class ReportError(Exception):
    """Unreadable report. ``code`` is one of: "empty", "binary", "truncated", "unrecognised", "json";
    ``detail`` a short English text."""

    def __init__(self, code, detail=""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


# --- NIST SP 800-88 category of a method ---------------------------------------------------------

# Keys are the label with everything but letters and digits removed, so that case, spaces,
# dashes and dots do not matter. Besides the labels nwipe writes (method.c), the -m option
# names (options.c) and the labels of older releases ("Zero Fill", "Quick Erase") are accepted.
_CLEAR_KEYS = {
    "dod522022m", "dod", "dodshort", "dod3pass",
    "gutmann", "gutmannwipe",
    "rcmptssitopsii", "opsii", "ops2",
    "prngstream", "prng", "random", "stream",
    "fillwithzeros", "fillwithzero", "zerofill", "zero", "zeros", "quickerase", "quick",
    "fillwithones", "fillwithone", "onefill", "one", "ones",
    "hmgis5enhanced", "is5enhanced", "is5enh",
    "bruceschneier7pass", "schneier7pass", "bruce7",
    "bmb212019", "bmb21", "bmb",
}  # fmt: skip
# Firmware commands erase spare and remapped areas too: NIST "purge", not "clear".
_PURGE_WORDS = ("sanitize", "secureerase", "securityerase", "cryptoerase", "cryptoscramble", "blockerase")


def _compact(text):
    return re.sub(r"[^a-z0-9]", "", text.lower())


def method_category(method):
    """NIST SP 800-88 category of an nwipe method: "clear", "purge", "verify" or None if unknown."""
    if not method or not isinstance(method, str):
        return None
    key = _compact(method)
    # "Verify Zeros (0x00)" only reads the disk back: it proves a state, it erases nothing.
    if key.startswith("verify"):
        return "verify"
    if any(word in key for word in _PURGE_WORDS):
        return "purge"
    # The byte shown in brackets ("Fill With Zeros (0x00)") is not part of the name.
    if _compact(re.sub(r"\(.*?\)", "", method)) in _CLEAR_KEYS or key in _CLEAR_KEYS:
        return "clear"
    return None


# --- Shared helpers -------------------------------------------------------------------------------

# Values that dmidecode or the drives return when there is no real identifier.
_PLACEHOLDERS = {
    "", "unknown", "none", "n/a", "na", "not specified", "not available", "not applicable",
    "default string", "to be filled by o.e.m.", "to be filled by oem", "o.e.m.", "oem",
    "system serial number", "system manufacturer", "system product name", "chassis serial number",
    "no asset tag", "no asset information", "asset-1234567890", "0123456789", "1234567890",
    "(s/n: unknown)", "invalid",
}  # fmt: skip


def _identifier(value):
    """A serial number or DMI value, or None when absent, masked by ``-q`` or a placeholder."""
    if value is None:
        return None
    value = str(value).strip()
    # nwipe -q writes X (or ? when the drive had no serial) in place of each character.
    if re.fullmatch(r"[X?]{3,}", value) or value.lower() in _PLACEHOLDERS:
        return None
    return value


def _text(value):
    value = str(value).strip() if value is not None else ""
    return value or None


def _int(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _decode(content):
    if not content or not content.strip():
        raise ReportError("empty", "the file is empty")
    if b"\x00" in content:
        raise ReportError("binary", "the file contains NUL bytes")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # A log may carry a Latin-1 byte in a model name; latin-1 decodes anything, and the
        # control-character ratio below then tells text from binary data.
        text = content.decode("latin-1")
    # ESC is left out: a log captured from a terminal may hold colour codes.
    controls = sum(1 for ch in text if (ch < " " and ch not in "\t\n\r\f\v\x1b") or "\x7f" <= ch < "\xa0")
    if controls * 100 > len(text):
        raise ReportError("binary", "the file is not text")
    if not text.strip():
        raise ReportError("empty", "the file is empty")
    return text


# --- Log ------------------------------------------------------------------------------------------

# logging.c: "[%i/%02i/%02i %02i:%02i:%02i] " then a label right-justified to 7 characters.
# Up to 0.28 the prefix was "[...] nwipe: " and the labels were not padded. The summary lines
# (NWIPE_LOG_NOTIMESTAMP) carry neither; the "Total Throughput" line has a timestamp, no label.
_PREFIX = re.compile(
    r"^\[(\d{4})/(\d{2})/(\d{2}) (\d{2}):(\d{2}):(\d{2})\] (nwipe: )?"
    r"(?:\s*(debug|info|notice|warning|error|fatal|sanity): )?(.*)$"
)
_LABELLED = re.compile(
    r"^\[\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}\] (?:nwipe: )?\s*(?:debug|info|notice|warning|error|fatal|sanity): ",
    re.MULTILINE,
)
# Summary table headers (logging.c, nwipe_log_summary). Before 0.31 the status table had no
# "Drive Status" title and a narrower device column, hence the header itself is the landmark.
_STATUS_HEAD = re.compile(r"^!\s+Device \| Status \| Thru-put \| HH:MM:SS \| Model/Serial")
_ERRORS_HEAD = re.compile(r"^!\s+Device \| Pass Errors \| Verifications Errors")
_BYTES_HEAD = re.compile(r"^!\s+Device \|\s+Bytes Erased \|\s+Bytes Total")
_STATUS_ROW = re.compile(
    r"^\s*(?P<flag>!)?\s*(?P<dev>[^\s|!]+)\s*\|(?P<status>[^|]*)\|\s*(?P<tp>[^|]*?)(?:/s)?\s*\|"
    r"\s*(?P<h>\d+):(?P<m>\d{2}):(?P<s>\d{2})\s*\|\s?(?P<ms>.*)$"
)
_ERRORS_ROW = re.compile(r"^\s*!?\s*(?P<dev>[^\s|!]+)\s*\|\s*(?P<p>\d+)\s*\|\s*(?P<v>\d+)\s*\|\s*(?P<f>\d+)\s*$")
_BYTES_ROW = re.compile(r"^\s*!?\s*(?P<dev>[^\s|!]+)\s*\|\s*\d+\s*\|\s*(?P<total>\d+)\s*\|")
# A device named in a free-text line, e.g. "[SUCCESS] Verified that /dev/sda is empty."
_DEV_TOKEN = re.compile(r"(/dev/[^\s'\",]+)")
# Old releases wrote "on device '/dev/sda'.", newer ones "on /dev/sda" or "on '/dev/sda'.".
_ON = r"(?:device )?'?(?P<dev>/[^\s']+?)'?\.?"
_VERIFY_MODES = {"NV": "none", "VL": "last", "VA": "all", "off": "none", "last pass": "last", "all passes": "all"}
_SANITIZE_ACTIONS = {"block erase", "crypto erase", "crypto scramble", "overwrite"}
_DMI_KEYS = {
    "system-serial-number": "serial",
    "system-manufacturer": "manufacturer",
    "system-product-name": "product",
    "chassis-asset-tag": "asset_tag",
}


# Per-line messages of a timestamped line and the _LogParser method that reads each one; the
# first match wins. Sources: method.c (wipe), nwipe.c and device.c (disks), logging.c (system),
# options.c (options), se_ata_gui.c / se_nvme_gui.c (sanitize).
_LINE_HANDLERS = [
    (r"^Invoking method '(?P<method>.+)' on " + _ON + "$", "_invoke"),
    (r"^Starting round (?P<i>\d+) of (?P<n>\d+) on " + _ON + "$", "_round"),
    (r"^(?:Starting|Verifying|Verified|Finished) pass .* on " + _ON + "$", "_activity"),
    (r"^Finished (?:final )?round (?P<i>\d+) of (?P<n>\d+) on " + _ON + "$", "_final_round"),
    (r"^\[(?P<mark>SUCCESS|FAILURE)\] (?P<rest>.*)$", "_mark"),
    (r"^Blanked device " + _ON + "$", "_old_blanked"),
    (r"^(?P<n>\d+) (?P<kind>verification|wipe|sync) errors on " + _ON + "$", "_errors"),
    (r"^Found (?P<dev>/[^,]+), [^,]*, (?P<model>.*), [^,]*, S/N=(?P<serial>.*)$", "_found"),
    (r"^(?:Device )?(?P<dev>/\S+) has serial number (?P<serial>.*)$", "_serial"),
    (r"^(?P<dev>/\S+): Device geometry is as follows", "_geometry"),
    (r"^\s*Total device bytes\s*=\s*(?P<n>\d+)\s*$", "_total_bytes"),
    (r"^Device '(?P<dev>/[^']+)' is size (?P<n>\d+)\.$", "_old_size"),
    (r"^NVMe namespace '(?P<ns>/[^']+)' belongs to NVMe controller '(?P<ctrl>/[^']+)'", "_nvme"),
    (r"^(?P<dev>/\S+): issuing SANITIZE", "_sanitize_issued"),
    (
        r"^(?P<dev>/\S+): SANITIZE action '(?P<action>[^']+)' (?P<outcome>was successful|has failed|has completed)",
        "_sanitize_done",
    ),
    (r"^(?P<key>" + "|".join(_DMI_KEYS) + r") = (?P<value>.*)$", "_dmi"),
    (r"^\s*(?:banner\s*=\s*)?nwipe (?P<version>\d[\w.\-]*)\s*$", "_banner"),
    (r"^\s*(?P<key>method|rounds|verify)\s+= (?P<value>.+?)\s*$", "_option"),
    (r"^Total Throughput .*?/s, (?P<method>.+), (?P<rounds>\d+)R\+N?B\+(?P<verify>NV|VL|VA)\s*$", "_total"),
    (r"^Nwipe exited with (?:non fatal |fatal )?errors on device = (?P<dev>/[^\s,]+)", "_exit_errors"),
    (r"^(?:Exit in progress|Nwipe successfully|Nwipe was aborted|Nwipe exited with|Program interrupted)", "_end"),
]
_LINE_HANDLERS = [(re.compile(pattern), name) for pattern, name in _LINE_HANDLERS]


def _new_disk(device):
    return {
        "device": device,
        "selected": False,  # enumerated only, until a line shows that nwipe worked on it
        "model": None,
        "table_model": None,
        "serial": None,
        "table_serial": None,
        "size_bytes": None,
        "table_size": None,
        "sanitize": None,
        **_new_run(),
    }


def _new_run():
    """Fields of one wipe; reset when an appended log wipes the same disk again."""
    return {
        "method": None,
        "rounds": None,
        "verification": None,
        "start": None,
        "mark_at": None,
        "final_round_at": None,
        "outcome": None,
        "completed": False,
        "exit_errors": False,
        "pass_errors": 0,
        "verify_errors": 0,
        "raw_status": None,
        "flag": False,
        "duration": None,
        "throughput": None,
    }


def _status_result(status, flagged):
    status = status.strip().upper()
    if "ABORT" in status:
        return "aborted"
    if flagged or "FAIL" in status or "INSANITY" in status:
        return "failed"
    # An unknown status is never reported as an erasure.
    return "success" if status == "ERASED" else "failed"


class _LogParser:
    def __init__(self):
        self.disks = {}  # device path -> record, in order of first appearance
        self.system = {}
        self.version = None
        self.old_format = False
        self.index = 0
        self.last_activity = -1
        self.last_status_row = -1
        self.last_end = -1
        self.section = None
        self.table = []
        self.geometry_dev = None
        self.nvme_namespaces = {}
        self.sanitize_start = {}
        self.mentions = {}
        self.options = {}
        self.handlers = [(pattern, getattr(self, name)) for pattern, name in _LINE_HANDLERS]

    # Records ---------------------------------------------------------------------------------

    def _disk(self, device, selected=True):
        rec = self.disks.get(device)
        if rec is None:
            rec = self.disks[device] = _new_disk(device)
        rec["selected"] = rec["selected"] or selected
        return rec

    def _resolve(self, name):
        """The device of a summary row: nwipe prints at most the last 8 characters of its name."""
        if name.startswith("/"):
            return name
        basenames = [(dev, dev.rsplit("/", 1)[-1]) for dev in self.disks]
        for dev, base in basenames:
            if base == name:
                return dev
        for dev, base in basenames:
            if base.endswith(name):
                return dev
        return "/dev/" + name

    # Line handlers ---------------------------------------------------------------------------

    def _activity(self, m, ts):
        self.last_activity = self.index
        return self._disk(m["dev"])

    def _invoke(self, m, ts):
        rec = self._activity(m, ts)
        if rec["raw_status"] is not None:
            # A log file is appended to (logging.c opens it with "a"): a new run on the same disk.
            rec.update(_new_run())
        rec["method"] = m["method"]
        rec["start"] = ts
        rec["verification"] = rec["verification"] or self.options.get("verify")

    def _round(self, m, ts):
        rec = self._activity(m, ts)
        rec["rounds"] = int(m["n"])
        rec["start"] = rec["start"] or ts

    def _final_round(self, m, ts):
        rec = self._activity(m, ts)
        if m["i"] == m["n"]:
            rec["completed"] = True
            rec["final_round_at"] = ts

    def _mark(self, m, ts):
        found = _DEV_TOKEN.search(m["rest"])
        if not found:
            return
        rec = self._disk(found.group(1).rstrip(".:"))
        self.last_activity = self.index
        rec["mark_at"] = ts
        if m["mark"] == "FAILURE":
            rec["outcome"] = "failure"
        elif rec["outcome"] is None:
            rec["outcome"] = "success"
        if m["rest"].startswith("Blanked device"):
            rec["completed"] = True

    def _old_blanked(self, m, ts):
        # Up to 0.28: "Blanked device '/dev/sda'." without the [SUCCESS] tag.
        rec = self._activity(m, ts)
        rec["mark_at"] = ts
        rec["completed"] = True
        rec["outcome"] = rec["outcome"] or "success"

    def _errors(self, m, ts):
        rec = self._disk(m["dev"])
        # fdatasync errors are failed writes: nwipe fails the disk for them like for pass errors.
        rec["verify_errors" if m["kind"] == "verification" else "pass_errors"] += int(m["n"])

    def _found(self, m, ts):
        rec = self._disk(m["dev"].strip(), selected=False)
        rec["model"] = _text(m["model"])
        rec["serial"] = rec["serial"] or _identifier(m["serial"])

    def _serial(self, m, ts):
        # Logged in nwipe.c's loop over the selected disks only.
        self._disk(m["dev"])["serial"] = _identifier(m["serial"])

    def _geometry(self, m, ts):
        self._disk(m["dev"])
        self.geometry_dev = m["dev"]

    def _total_bytes(self, m, ts):
        if self.geometry_dev:
            self._disk(self.geometry_dev)["size_bytes"] = int(m["n"]) or None

    def _old_size(self, m, ts):
        self._disk(m["dev"])["size_bytes"] = int(m["n"]) or None

    def _nvme(self, m, ts):
        self.nvme_namespaces.setdefault(m["ctrl"], []).append(m["ns"])

    def _sanitize_issued(self, m, ts):
        self.sanitize_start[m["dev"]] = ts

    def _sanitize_done(self, m, ts):
        if m["action"].lower() not in _SANITIZE_ACTIONS:
            return  # e.g. "Exit Failure Mode": erases nothing
        # NVMe sanitize runs on the controller (/dev/nvme0) and erases all of its namespaces.
        for dev in self.nvme_namespaces.get(m["dev"], [m["dev"]]):
            self._disk(dev)["sanitize"] = {
                "method": f"Sanitize {m['action']}",
                # nwipe itself counts "has completed" (no status returned) as a success.
                "success": m["outcome"] != "has failed",
                "start": self.sanitize_start.get(m["dev"]),
                "end": ts,
            }

    def _dmi(self, m, ts):
        self.system.setdefault(_DMI_KEYS[m["key"]], m["value"])

    def _banner(self, m, ts):
        self.version = self.version or m["version"]

    def _option(self, m, ts):
        key, value = m["key"], m["value"]
        if key == "verify":
            mode = re.search(r"\((.+)\)", value)
            self.options["verify"] = _VERIFY_MODES.get(mode.group(1)) if mode else None
        elif key == "rounds":
            self.options["rounds"] = _int(value)
        else:
            self.options["method"] = value

    def _total(self, m, ts):
        # The closing line of the status table names the method and options of that run.
        for rec in self.table:
            rec["method"] = rec["method"] or m["method"]
            rec["rounds"] = rec["rounds"] or int(m["rounds"])
            rec["verification"] = _VERIFY_MODES[m["verify"]]

    def _exit_errors(self, m, ts):
        self._disk(m["dev"])["exit_errors"] = True
        self._end(m, ts)

    def _end(self, m, ts):
        self.last_end = self.index

    # Summary tables --------------------------------------------------------------------------

    def _table_line(self, line):
        if _STATUS_HEAD.match(line):
            self.section, self.table = "status", []
        elif _ERRORS_HEAD.match(line):
            self.section = "errors"
        elif _BYTES_HEAD.match(line):
            self.section = "bytes"
        elif line.startswith("*"):
            self.section = None
        elif self.section == "status":
            self._status_row(line)
        elif self.section == "errors" and (m := _ERRORS_ROW.match(line)):
            rec = self._disk(self._resolve(m["dev"]))
            rec["pass_errors"] = int(m["p"]) + int(m["f"])
            rec["verify_errors"] = int(m["v"])
        elif self.section == "bytes" and (m := _BYTES_ROW.match(line)):
            self._disk(self._resolve(m["dev"]))["table_size"] = int(m["total"]) or None

    def _status_row(self, line):
        m = _STATUS_ROW.match(line)
        if not m:
            return
        rec = self._disk(self._resolve(m["dev"]))
        self.table.append(rec)
        self.last_status_row = self.index
        rec["raw_status"] = m["status"].strip()
        rec["flag"] = bool(m["flag"])
        rec["duration"] = int(m["h"]) * 3600 + int(m["m"]) * 60 + int(m["s"])
        rec["throughput"] = f"{m['tp']}/s" if m["tp"] else None
        # "%s/%s" of a model cut to 17 characters and the serial number.
        model, _sep, serial = m["ms"].strip().rpartition("/")
        rec["table_model"] = _text(model)
        rec["table_serial"] = _identifier(serial)

    # Driver ----------------------------------------------------------------------------------

    def feed(self, lines):
        for index, line in enumerate(lines):
            self.index = index
            prefix = _PREFIX.match(line)
            if not prefix:
                self._table_line(line)
                continue
            self.section = None
            groups = prefix.groups()
            self.old_format = self.old_format or bool(groups[6])
            try:
                ts = datetime(*(int(part) for part in groups[:6]))
            except ValueError:
                ts = None
            message = groups[8]
            for pattern, handler in self.handlers:
                m = pattern.match(message)
                if m:
                    handler(m, ts)
                    break
            if ts:
                for dev in _DEV_TOKEN.findall(message):
                    self.mentions[dev.rstrip(".:")] = ts

    def _check_complete(self):
        # Without the summary table the results are unknown. Up to 0.28 nwipe printed no table:
        # its exit lines then mark the end of the run instead.
        complete = max(self.last_status_row, self.last_end if self.old_format else -1)
        if self.last_activity > complete:
            raise ReportError("truncated", "the log stops before nwipe's summary table")

    def _result(self, rec):
        if rec["raw_status"] is not None:
            return _status_result(rec["raw_status"], rec["flag"])
        if rec["method"] is None and rec["sanitize"]:
            return "success" if rec["sanitize"]["success"] else "failed"
        if self.last_end < 0:
            raise ReportError("truncated", f"the log stops before the result of {rec['device']}")
        if rec["pass_errors"] or rec["verify_errors"] or rec["exit_errors"] or rec["outcome"] == "failure":
            return "failed"
        if rec["completed"] or rec["outcome"] == "success":
            return "success"
        return "aborted"

    def _method(self, rec):
        method = rec["method"] or (self.options.get("method") if rec["start"] else None)
        sanitize = rec["sanitize"]
        if sanitize and sanitize["success"]:
            # A successful sanitize before an overwrite still makes the disk purged.
            return f"{sanitize['method']} + {method}" if method else sanitize["method"]
        return method

    def _times(self, rec):
        start = rec["start"]
        end = rec["mark_at"]
        if rec["method"] is None and rec["sanitize"]:
            start, end = rec["sanitize"]["start"], rec["sanitize"]["end"]
        if end is None and start and rec["duration"] is not None:
            # The table's duration is nwipe's own end_time - start_time; the last line naming
            # the disk may come much later, when the operator closes nwipe.
            end = start + timedelta(seconds=rec["duration"])
        end = end or rec["final_round_at"] or self.mentions.get(rec["device"])
        if start and end and end < start:
            end = None
        duration = rec["duration"]
        if duration is None and start and end:
            duration = int((end - start).total_seconds())
        return start, end, duration

    def _disk_dict(self, rec):
        result = self._result(rec)
        method = self._method(rec)
        start, end, duration = self._times(rec)
        rounds = rec["rounds"] or (self.options.get("rounds") if rec["method"] else None)
        return {
            "device": rec["device"],
            "model": rec["model"] or rec["table_model"],
            "serial": rec["serial"] or rec["table_serial"],
            "size_bytes": rec["size_bytes"] or rec["table_size"],
            "method": method,
            "nist_category": method_category(method),
            "rounds": rounds,
            "verification": rec["verification"] or (self.options.get("verify") if rec["method"] else None),
            "start": start,
            "end": end,
            "duration_seconds": duration,
            "result": result,
            "pass_errors": rec["pass_errors"],
            "verify_errors": rec["verify_errors"],
            "throughput": rec["throughput"],
            "raw_status": rec["raw_status"],
        }

    def report(self):
        self._check_complete()
        disks = [self._disk_dict(rec) for rec in self.disks.values() if rec["selected"]]
        if not disks:
            if self.last_end < 0:
                raise ReportError("truncated", "the log stops before any disk was wiped")
            raise ReportError("unrecognised", "nwipe log without any wiped disk")
        return {
            "format": "log",
            "tool": "nwipe",
            "tool_version": self.version,
            # nwipe does not log the organisation: only the PDF and JSON reports carry it.
            "organisation": None,
            "system": {key: _identifier(self.system.get(key)) for key in _DMI_KEYS.values()},
            "disks": disks,
        }


def _parse_log(text):
    parser = _LogParser()
    parser.feed(text.splitlines())
    return parser.report()


# --- JSON report (create_json.c) --------------------------------------------------------------


def _epoch(value):
    value = _int(value)
    if not value or value < 0:
        return None  # nwipe writes 0 when the time was never set
    try:
        return datetime.fromtimestamp(value, timezone.utc).replace(tzinfo=None)
    except (OverflowError, OSError, ValueError):
        return None


def _parse_json(text):
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ReportError("json", f"malformed JSON: {getattr(exc, 'msg', exc)}") from None
    if not isinstance(data, dict):
        raise ReportError("json", "the JSON is not an object")
    device, wipe = data.get("device"), data.get("wipe_result")
    if not isinstance(device, dict) or not isinstance(wipe, dict):
        raise ReportError("json", "the JSON has no device or wipe_result")
    name = _text(device.get("name"))
    if not name:
        raise ReportError("json", "the JSON device has no name")
    meta = data.get("report_metadata") if isinstance(data.get("report_metadata"), dict) else {}
    org = data.get("organization") if isinstance(data.get("organization"), dict) else {}
    status = str(wipe.get("status") or "").strip().lower()
    start, end = _epoch(wipe.get("start_time")), _epoch(wipe.get("end_time"))
    duration = _int(wipe.get("duration_seconds"))
    if duration is None and start and end:
        duration = int((end - start).total_seconds())
    business = _text(org.get("business_name"))
    return {
        "format": "json",
        "tool": "nwipe",
        "tool_version": _text(meta.get("version")),
        # create_json.c writes "Unknown" when nwipe.conf has no business name.
        "organisation": None if business in (None, "Unknown") else business,
        "system": {"serial": None, "manufacturer": None, "product": None, "asset_tag": None},
        "disks": [
            {
                "device": name,
                "model": _text(device.get("model")),
                "serial": _identifier(device.get("serial_no")),
                "size_bytes": _int(device.get("size_bytes")) or None,
                # The JSON report does not name the method nor the verification mode.
                "method": None,
                "nist_category": None,
                "rounds": _int(wipe.get("rounds_requested")),
                "verification": None,
                "start": start,
                "end": end,
                "duration_seconds": duration,
                # create_json.c writes "success" only when wipe_status == 0; an abort is a "failure".
                "result": "success" if status == "success" else "failed",
                "pass_errors": _int(wipe.get("pass_errors")) or 0,
                "verify_errors": _int(wipe.get("verify_errors")) or 0,
                "throughput": None,
                "raw_status": _text(wipe.get("status")),
            }
        ],
    }


# --- Entry point ----------------------------------------------------------------------------------


def parse_report(content: bytes, filename: str) -> dict:
    """Parse one nwipe log or one nwipe JSON report (chosen by content; filename only helps)."""
    if isinstance(content, str):
        content = content.encode("utf-8")
    text = _decode(content)
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return _parse_json(stripped)
    if _LABELLED.search(text) or any(_STATUS_HEAD.match(line) for line in text.splitlines()):
        return _parse_log(text)
    # A log always starts with "[date]", so a ".json" name or a leading "[" that is no log
    # line means a JSON document, which the JSON reader then rejects with a precise reason.
    if (filename or "").lower().endswith(".json") or stripped.startswith("["):
        return _parse_json(stripped)
    raise ReportError("unrecognised", "neither an nwipe log nor an nwipe JSON report")
