"""Read nwipe / ShredOS erasure reports: the text log, the PDF certificates and the JSON report.

Plain module (standard library, and pypdf for the PDF certificates) so that it is tested without
an Odoo server. The formats follow nwipe's own sources (src/logging.c for the prefix and the
summary tables, src/method.c, src/nwipe.c, src/device.c and src/pass.c for the per-disk lines,
src/create_pdf.c for the certificates, src/create_json.c for the JSON report) and the real
outputs of releases 0.26 to 0.42 in tests/unit/fixtures/nwipe.

When is a disk erased? A disk is "success" only when a person reading the report would say so;
otherwise "failed", "aborted" or "review", with the line that decided it (``evidence_line``), a
stable ``review_code`` and its English text (``review_reason``, see REASONS).

1. A log is split into runs (nwipe appends to its log file): a run ends with nwipe's exit lines;
   a line that opens a run (banner, "Found ...", "Opened entropy source", ...) after a wipe starts
   the next one. Every run of every disk is kept in ``disks[i]["runs"]``. The same disk is the same
   serial number, or without serial the same name and model.
2. Within a run, nwipe's own verdict comes first: the Drive Status table (0.29+), else its
   [SUCCESS]/[FAILURE], "Blanked device", "Finished round n of n" and error-count lines (<= 0.28).
   A signal before the end of the wipe is "aborted". A run whose log stops and is followed by
   another run is "aborted" too; a file whose last run stops before its result is refused
   ("truncated").
3. Any error/fatal line naming the disk once its wipe has started fails it, whatever nwipe says
   (0.26 reports "Verified" and "Blanked" after a failed flush). An I/O error naming no disk is
   attributed to the disk named by the next lines ("Buffer flush failure on '/dev/sda'"); if none,
   it fails the disk of a one-disk run and puts every disk of a larger run to "review".
4. Across runs: the last run that erases (anything but verify-only) decides; a later run that fails
   (e.g. a verify-only run finding data) makes the disk "failed", a later run that does not finish
   makes it "review". A disk with only verify-only runs is "review" (blank is not erased). An
   erasing run whose method the log does not name is "review".
5. PDF certificates: ERASED with no error and all rounds done is "success"; FAILED / ABORTED as
   said; ERASED with errors "failed"; a verify-only method "review". The JSON report, which no
   released nwipe writes, is read as before and marked ``provisional``.
"""

import io
import json
import re
from datetime import datetime, timedelta, timezone

__all__ = ["REASONS", "ReportError", "method_category", "parse_report"]


# Why a disk is not simply "success": a stable code (translated by the Odoo side) and an English text.
REASONS = {
    "status": "nwipe's status for this disk is not Erased",
    "signal": "nwipe was stopped by a signal during the wipe",
    "no_end": "the log shows no end of the wipe of this disk",
    "error_line": "an error line names this disk during its wipe",
    "unattributed_error": "an error line of this run names no disk: which one failed is unknown",
    "cut_run": "this run stops before its result",
    "verify_only": "only a verification run: it shows the disk reads back blank, it erases nothing",
    "later_run_failed": "a later run on this disk failed",
    "later_run_unfinished": "a later run on this disk did not finish",
    "unknown_method": "the log does not name the wipe method",
    "json_status": "the JSON report does not say success",
    "pdf_status": "the certificate does not say ERASED",
    "pdf_errors": "the certificate says ERASED but counts errors",
    "pdf_rounds": "fewer rounds completed than requested",
}


class ReportError(Exception):
    """Unreadable report. ``code`` is one of: "empty", "binary", "truncated", "unrecognised", "json",
    "pdf";
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
# An error line that names no disk counts against the disks of its run only when it is an I/O failure
# of the wipe (nwipe_perror() of the pass functions, e.g. "nwipe_static_pass: fdatasync: Input/output
# error"): nwipe also logs errors naming no disk about its screen, its configuration file or a
# temperature sensor, which say nothing about the erasure.
_IO_ERROR = re.compile(
    r"(?:error|fatal|sanity): (?:\w+: (?:fdatasync|fsync|write|read|pwrite|pread|lseek|ioctl)\b"
    r"|Unable to (?:read|write|allocate|reset|bump|seed)|.*(?:Input/output error|I/O error|No space left))"
)
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
    (r"^Starting pass .* on " + _ON + "$", "_pass_start"),
    (r"^Verified pass .* on " + _ON + "$", "_verified"),
    (r"^(?:\[SUCCESS\] )?Verified (?:that|the final random pattern on) " + _ON + r" is empty\.?$", "_verified_blank"),
    (r"^(?:Verifying|Finished) pass .* on " + _ON + "$", "_activity"),
    (r"^Finished (?:final )?round (?P<i>\d+) of (?P<n>\d+) on " + _ON + "$", "_final_round"),
    (r"^\[(?P<mark>SUCCESS|FAILURE)\] (?P<rest>.*)$", "_mark"),
    (r"^Blanked device " + _ON + "$", "_old_blanked"),
    (r"^(?P<n>\d+) (?P<kind>verification|wipe|sync) errors on " + _ON + "$", "_errors"),
    (r"^Found (?P<dev>/[^,]+), [^,]*, (?P<model>.*), [^,]*, S/N=(?P<serial>.*)$", "_found"),
    # Up to 0.28: Found drive model="...", device path="/dev/sda", size="500GB", serial number="..."
    (
        r'^Found drive model="(?P<model>[^"]*)", device path="(?P<dev>/[^"]+)", .*serial number="(?P<serial>[^"]*)"',
        "_found",
    ),
    (r"^(?:Device )?(?P<dev>/\S+) has serial number (?P<serial>.*)$", "_serial"),
    (r"^(?P<dev>/\S+): Device geometry is as follows", "_geometry"),
    (r"^\s*Total device bytes\s*=\s*(?P<n>\d+)\s*$", "_total_bytes"),
    (r"^Device '(?P<dev>/[^']+)' is size (?P<n>\d+)\.$", "_old_size"),
    (r"^(?P<dev>/\S+), sect/blk/dev \d+/\d+/(?P<n>\d+)$", "_old_size"),
    (r"^NVMe namespace '(?P<ns>/[^']+)' belongs to NVMe controller '(?P<ctrl>/[^']+)'", "_nvme"),
    (r"^(?P<dev>/\S+): issuing SANITIZE", "_sanitize_issued"),
    (
        r"^(?P<dev>/\S+): SANITIZE action '(?P<action>[^']+)' (?P<outcome>was successful|has failed|has completed)",
        "_sanitize_done",
    ),
    (r"^(?P<key>" + "|".join(_DMI_KEYS) + r") = (?P<value>.*)$", "_dmi"),
    (r"^\s*(?:banner\s*=\s*)?nwipe (?P<version>\d[\w.\-]*)\s*$", "_banner"),
    # ShredOS replaces nwipe's banner: "ShredOS v2024.11_27_x86-64_0.38"; nwipe's version comes last.
    (r"^\s*(?:banner\s*=\s*)?(?P<platform>ShredOS v\S*?_(?P<version>\d+\.\d+(?:\.\d+)?)(?:-[\w.-]+)?)\s*$", "_banner"),
    (r"^Buffer flush failure on " + _ON + "$", "_flush_failure"),
    # Up to 0.28 a signal (Ctrl-C, SIGINT, SIGTERM) only logs this before nwipe stops.
    (r"^Cancelling thread for (?P<dev>/\S+)$", "_cancelled"),
    # 0.27 - 0.28 on a signal; later releases log it at every exit, where the summary table decides.
    (r"^Program interrupted", "_interrupted"),
    (r"^Wipe thread for device (?P<dev>/\S+) has been cancelled", "_thread_cancelled"),
    (r"^\s*(?P<key>method|rounds|verify)\s+= (?P<value>.+?)\s*$", "_option"),
    (r"^Total Throughput .*?/s, (?P<method>.+), (?P<rounds>\d+)R\+N?B\+(?P<verify>NV|VL|VA)\s*$", "_total"),
    (r"^Nwipe exited with (?:non fatal |fatal )?errors on device = (?P<dev>/[^\s,]+)", "_exit_errors"),
    (r"^(?:Exit in progress|Nwipe successfully|Nwipe was aborted|Nwipe exited|Program interrupted)", "_end"),
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
        "active": False,  # nwipe started working on the disk in this run
        "errors": [],  # error lines that name the disk once its wipe started
        "cancelled": None,  # the line of a signal that stopped the wipe (up to 0.28)
        "status_line": None,
        "verified_passes": 0,  # "Verified pass" lines: up to 0.28 the log does not list the options
        "verified_blank": False,
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
        self.platform = None
        self.interrupted = None
        self.line = ""
        self.pending = []  # error lines naming no disk, waiting for the next line that names one
        self.pending_age = 0
        self.unattributed = []  # error lines naming no disk that no later line attributes
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
        rec = self._disk(m["dev"])
        rec["active"] = True
        return rec

    def _pass_start(self, m, ts):
        # A pasted or partial log may lack the "Invoking method" / "Starting round" lines.
        rec = self._activity(m, ts)
        rec["start"] = rec["start"] or ts

    def _verified(self, m, ts):
        self._activity(m, ts)["verified_passes"] += 1

    def _verified_blank(self, m, ts):
        self._activity(m, ts)["verified_blank"] = True
        if self.line.find("[SUCCESS]") >= 0:
            self._mark(re.match(r"^\[(?P<mark>SUCCESS)\] (?P<rest>.*)$", self.line.split(": ", 1)[-1].strip()), ts)

    def _flush_failure(self, m, ts):
        # Up to 0.26 the fdatasync error names no disk: this warning, right after it, does.
        rec = self._disk(m["dev"])
        if rec["active"]:
            rec["errors"].extend(self.pending or [self.line])
            self.pending = []

    def _cancelled(self, m, ts):
        rec = self._disk(m["dev"])
        rec["cancelled"] = self.line
        self._end(m, ts)

    def _interrupted(self, m, ts):
        self.interrupted = self.line
        self._end(m, ts)

    def _thread_cancelled(self, m, ts):
        # nwipe cancels its wipe threads at every exit: only after a signal is it an abort.
        if self.interrupted:
            rec = self._disk(m["dev"])
            rec["cancelled"] = rec["cancelled"] or self.line

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
        if "platform" in m.groupdict():
            self.platform = self.platform or m["platform"]

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
        rec["status_line"] = line.strip()
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
            self.line = line.strip()
            for pattern, handler in self.handlers:
                m = pattern.match(message)
                if m:
                    handler(m, ts)
                    break
            devices = [dev.rstrip(".:'") for dev in _DEV_TOKEN.findall(message)]
            if ts:
                for dev in devices:
                    self.mentions[dev] = ts
            self._error_line(groups[7], devices)
        self._age_pending(force=True)

    def _error_line(self, level, devices):
        """Keep the error lines of a wipe as evidence on the disks they concern."""
        self._age_pending()
        if level not in ("error", "fatal", "sanity"):
            return
        active = [self.disks[dev] for dev in devices if dev in self.disks and self.disks[dev]["active"]]
        if active:
            for rec in active:
                if self.line not in rec["errors"]:
                    rec["errors"].extend(self.pending + [self.line])
            self.pending = []
        elif not devices and _IO_ERROR.search(self.line) and any(rec["active"] for rec in self.disks.values()):
            # nwipe_perror() names no disk: the next line naming one (e.g. "Buffer flush failure
            # on '/dev/sda'") tells which; otherwise the error concerns every disk of the run.
            self.pending.append(self.line)
            self.pending_age = 0

    def _age_pending(self, force=False):
        if self.pending:
            self.pending_age += 1
            if force or self.pending_age > 3:
                self.unattributed.extend(self.pending)
                self.pending = []

    def _check_complete(self):
        # Without the summary table the results are unknown. Up to 0.28 nwipe printed no table:
        # its exit lines then mark the end of the run instead.
        complete = max(self.last_status_row, self.last_end if self.old_format else -1)
        if self.last_activity > complete:
            raise ReportError("truncated", "the log stops before nwipe's summary table")

    def _base_result(self, rec):
        if rec["raw_status"] is not None:
            return _status_result(rec["raw_status"], rec["flag"]), rec["status_line"], None
        if rec["method"] is None and rec["sanitize"]:
            return ("success" if rec["sanitize"]["success"] else "failed"), None, None
        if self.last_end < 0:
            raise ReportError("truncated", f"the log stops before the result of {rec['device']}")
        if rec["pass_errors"] or rec["verify_errors"] or rec["outcome"] == "failure":
            return "failed", (rec["errors"] or [None])[0], None
        if rec["cancelled"] and not rec["completed"]:
            # 0.28 ends an interrupted wipe with "Nwipe exited with non fatal errors": still an abort.
            return "aborted", rec["cancelled"], "signal"
        if rec["exit_errors"]:
            return "failed", (rec["errors"] or [None])[0], None
        if rec["completed"] or rec["outcome"] == "success":
            return "success", None, None
        return "aborted", None, "no_end"

    def _result(self, rec):
        """(result, evidence line, reason): an error line overrides any success nwipe claims."""
        result, evidence, reason = self._base_result(rec)
        if result != "success":
            if result != "aborted" or not evidence:
                evidence = (rec["errors"] or [evidence])[0]
            return result, evidence, reason or ("error_line" if rec["errors"] else "status")
        if rec["errors"]:
            return "failed", rec["errors"][0], "error_line"
        if self.unattributed:
            if sum(1 for other in self.disks.values() if other["active"]) == 1:
                return "failed", self.unattributed[0], "error_line"
            return "review", self.unattributed[0], "unattributed_error"
        return result, None, None

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

    def _seen_verification(self, rec):
        """Up to 0.28 the options are not logged: the verification lines tell the mode."""
        if not self.old_format or not rec["active"]:
            return None
        if rec["verified_passes"] > 1:
            return "all"
        return "last" if rec["verified_passes"] or rec["verified_blank"] else "none"

    def _disk_dict(self, rec):
        result, evidence, reason = self._result(rec)
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
            "verification": rec["verification"]
            or (self.options.get("verify") if rec["method"] else None)
            or self._seen_verification(rec),
            "start": start,
            "end": end,
            "duration_seconds": duration,
            "result": result,
            "pass_errors": rec["pass_errors"],
            "verify_errors": rec["verify_errors"],
            "throughput": rec["throughput"],
            "raw_status": rec["raw_status"],
            "evidence_line": evidence,
            "review_code": reason,
            "review_reason": REASONS.get(reason),
            "tool_version": self.version,
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
            "platform": self.platform,
            # nwipe does not log the organisation: only the PDF and JSON reports carry it.
            "organisation": None,
            "system": {key: _identifier(self.system.get(key)) for key in _DMI_KEYS.values()},
            "disks": disks,
        }


# --- Appended runs ---------------------------------------------------------------------------------

# nwipe opens its log with "a": one file may hold several runs. A run ends with nwipe's exit lines
# (or the summary table); the first line that opens a run after that starts the next one.
_RUN_OPENERS = re.compile(
    r"^(?:\s*nwipe \d[\w.\-]*\s*$|\s*ShredOS v|Opened entropy source|Found drive model=|Found /dev/"
    r"|Program options are set as follows|Updated PDF_Certificate)"
)
_RUN_ENDS = re.compile(
    r"^(?:Nwipe successfully|Nwipe was aborted|Nwipe exited(?:\.| with errors,)|Cancelling thread for)"
)


def _split_runs(lines):
    runs, current, ended, active = [], [], False, False
    for line in lines:
        prefix = _PREFIX.match(line)
        message = prefix.group(9) if prefix else None
        if message is not None and _RUN_OPENERS.match(message) and (ended or active):
            # An opener after a wipe that never ended: that run was cut (power loss, crash).
            runs.append(current)
            current, ended, active = [], False, False
        current.append(line)
        if message is None:
            continue
        if _RUN_ENDS.match(message):
            ended = True
        elif re.match(r"^(?:Invoking method|Starting round|Starting pass)", message):
            active = True
    runs.append(current)
    return [run for run in runs if any(_PREFIX.match(line) for line in run)]


def _run_report(lines, last):
    parser = _LogParser()
    parser.feed(lines)
    try:
        return parser.report()
    except ReportError as exc:
        if last or exc.code != "truncated":
            if not last and exc.code == "unrecognised":
                return None  # a run that wiped nothing (e.g. aborted before the wipe started)
            raise
    # A run cut short and followed by another one: its disks were not erased by it.
    parser.last_status_row = parser.last_end = max(parser.last_activity, parser.last_end, 0)
    for rec in parser.disks.values():
        if rec["raw_status"] is None and rec["selected"]:
            rec["raw_status"] = "INTERRUPTED"
            rec["status_line"] = next((line.strip() for line in reversed(lines) if _PREFIX.match(line)), None)
    report = parser.report()
    for disk in report["disks"]:
        if disk["raw_status"] == "INTERRUPTED":
            disk.update(result="aborted", raw_status=None, review_code="cut_run", review_reason=REASONS["cut_run"])
    return report


def _same_disk(a, b):
    if a["serial"] or b["serial"]:
        return a["serial"] == b["serial"]
    # No serial (USB bridge, loop device, masked by -q): same name and same model.
    return a["device"] == b["device"] and (a["model"] or "") == (b["model"] or "")


_RUN_KEYS = (
    "method", "nist_category", "rounds", "verification", "start", "end", "duration_seconds", "result",
    "pass_errors", "verify_errors", "raw_status", "evidence_line", "review_code", "review_reason",
    "tool_version", "throughput",
)  # fmt: skip


def _combine(runs):
    """One entry per disk, each keeping every run of the log that concerns it (``runs``)."""
    disks = []
    for run_index, run in enumerate(runs):
        for disk in run["disks"]:
            entry = next((seen for seen in disks if _same_disk(seen["runs"][-1]["_disk"], disk)), None)
            if entry is None:
                entry = {"runs": []}
                disks.append(entry)
            entry["runs"].append({"run": run_index + 1, "_disk": disk, **{key: disk[key] for key in _RUN_KEYS}})
    result = []
    for entry in disks:
        runs_of_disk = entry["runs"]
        latest = runs_of_disk[-1]["_disk"]
        disk = dict(_decide(runs_of_disk))
        for key in ("device", "model", "serial", "size_bytes"):
            disk[key] = latest[key] or next((r["_disk"][key] for r in runs_of_disk if r["_disk"][key]), None)
        for run in runs_of_disk:
            del run["_disk"]
        disk["runs"] = runs_of_disk
        result.append(disk)
    names = [disk["device"] for disk in result]
    for disk in result:
        index = sum(1 for other in result[: result.index(disk)] if other["device"] == disk["device"])
        disk["key"] = disk["device"] if names.count(disk["device"]) == 1 else f"{disk['device']}#{index + 1}"
    return result


def _decide(runs):
    """The outcome of a disk from all its runs, in the order of the log.

    The last run that erases (clear or purge) is the base. A later run that fails (e.g. a
    verify-only run finding data) makes the disk failed; a later aborted or doubtful run makes it
    "review". A disk that only had verify-only runs was never erased by these runs: "review" when
    the verification passed, "failed" otherwise.
    """
    # A run whose method is unknown (a cut log) counts as an erasing run, so that it is reviewed.
    erasing = [index for index, run in enumerate(runs) if run["nist_category"] != "verify"]
    if not erasing:
        base = runs[-1]
        decided = {key: base[key] for key in _RUN_KEYS}
        if base["result"] == "success" and base["nist_category"] == "verify":
            decided.update(
                result="review",
                evidence_line=None,
                review_code="verify_only",
                review_reason=REASONS["verify_only"],
            )
        return decided
    base_index = erasing[-1]
    base = runs[base_index]
    decided = {key: base[key] for key in _RUN_KEYS}
    later = runs[base_index + 1 :]
    decided["pass_errors"] = sum(run["pass_errors"] or 0 for run in runs[base_index:])
    decided["verify_errors"] = sum(run["verify_errors"] or 0 for run in runs[base_index:])
    if base["result"] != "success":
        return decided
    for run in later:
        if run["result"] == "failed":
            decided.update(
                result="failed",
                evidence_line=run["evidence_line"],
                review_code="later_run_failed",
                review_reason=f"{REASONS['later_run_failed']} (run {run['run']}, {run['method'] or '?'})",
            )
            return decided
    for run in later:
        if run["result"] != "success":
            decided.update(
                result="review",
                evidence_line=run["evidence_line"],
                review_code="later_run_unfinished",
                review_reason=f"{REASONS['later_run_unfinished']} (run {run['run']}, {run['method'] or '?'})",
            )
            return decided
    if not base["method"]:
        decided.update(result="review", review_code="unknown_method", review_reason=REASONS["unknown_method"])
        return decided
    if any(run["nist_category"] == "verify" for run in later) and decided["verification"] in (None, "none"):
        decided["verification"] = "last"
    return decided


def _parse_log(text):
    lines = text.splitlines()
    pieces = _split_runs(lines)
    runs = [report for index, piece in enumerate(pieces) if (report := _run_report(piece, index == len(pieces) - 1))]
    if not runs:
        raise ReportError("unrecognised", "nwipe log without any wiped disk")
    report = dict(runs[-1])
    report["system"] = {
        key: next((run["system"][key] for run in reversed(runs) if run["system"][key]), None)
        for key in _DMI_KEYS.values()
    }
    report["tool_version"] = next((run["tool_version"] for run in reversed(runs) if run["tool_version"]), None)
    report["platform"] = next((run["platform"] for run in reversed(runs) if run["platform"]), None)
    report["runs"] = len(runs)
    report["provisional"] = False
    report["disks"] = _combine(runs)
    return report


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
        # No released nwipe writes this report (create_json.c is only in development branches):
        # its fields may still change, so the result is marked provisional.
        "provisional": True,
        "platform": None,
        "runs": 1,
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
                "evidence_line": None if status == "success" else f"status: {_text(wipe.get('status'))}",
                "review_code": None if status == "success" else "json_status",
                "review_reason": None if status == "success" else REASONS["json_status"],
                "tool_version": _text(meta.get("version")),
                "key": name,
            }
        ],
    }


# --- PDF certificates (create_pdf.c, nwipe 0.35 and later) ------------------------------------------

_PDF_STATUS = {"ERASED": "success", "FAILED": "failed", "ABORTED": "aborted", "UABORTED": "aborted"}
_PDF_VERIFY = {
    "last": "last", "verifylast": "last", "all": "all", "verifyall": "all",
    "none": "none", "verifynone": "none", "noverify": "none", "off": "none", "verifyoff": "none",
}  # fmt: skip
_PDF_TIME = r"(\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2})"


def _pdf_text(content):
    try:
        import pypdf  # only PDF certificates need it
    except ImportError:  # pragma: no cover - pypdf is in the requirements
        raise ReportError("binary", "reading PDF certificates needs the pypdf library") from None
    try:
        reader = pypdf.PdfReader(io.BytesIO(content))
        return [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds of errors on a damaged file
        raise ReportError("pdf", f"unreadable PDF ({type(exc).__name__})") from None


def _pdf_field(pattern, text, default=None):
    m = re.search(pattern, text)
    return m.group(1).strip() if m else default


def _pdf_time(value):
    try:
        return datetime.strptime(value, "%Y/%m/%d %H:%M:%S") if value else None
    except ValueError:
        return None


def _pdf_hms(value):
    m = re.fullmatch(r"(\d+):(\d{2}):(\d{2})", value or "")
    return int(m[1]) * 3600 + int(m[2]) * 60 + int(m[3]) if m else None


def _pdf_disk(block, device):
    """One disk of a certificate: the 'Disk Erasure Details' of a per-disk report or one block of
    the system report; both print the same labels, spaced differently."""
    status = _pdf_field(r"Status:\s*([A-Z-]+)", block) or _pdf_field(r"(?m)^\s*([A-Z]{5,9})\s*$", block)
    errors = re.search(r"Errors\(pass/sync/verify(?:/retries)?\):\s*(\d+)/(\d+)/(\d+)", block)
    pass_errors, sync_errors, verify_errors = (int(n) for n in errors.groups()) if errors else (None, None, None)
    rounds = re.search(r"Rounds\(completed/requested\):\s*(\d+)/(\d+)", block)
    method = _pdf_field(r"Method:\s*(.*?)\s*PRNG algorithm", block)
    verify = _pdf_field(r"(?m)Verify(?: Pass)?\(Last/All/None\):[ \t]*(.*?)[ \t]*$", block)
    verify = _PDF_VERIFY.get(_compact(verify or "")) if verify else None
    start = _pdf_time(_pdf_field(r"Start time:\s*" + _PDF_TIME, block))
    end = _pdf_time(_pdf_field(r"End time:\s*" + _PDF_TIME, block))
    size = _pdf_field(r"Size\(Apparent\):[^,\n]*,\s*(\d+)\s*(?:bytes|B)", block)
    result = _PDF_STATUS.get((status or "").upper(), "review")
    reason = evidence = None
    if result != "success":
        reason, evidence = "pdf_status", f"Status: {status}"
    elif pass_errors is None or pass_errors or sync_errors or verify_errors:
        result, reason = "failed", "pdf_errors"
        evidence = errors.group(0) if errors else None
    elif rounds and int(rounds[1]) < int(rounds[2]):
        result, reason, evidence = "review", "pdf_rounds", rounds.group(0)
    elif method_category(method) == "verify":
        result, reason = "review", "verify_only"
    return {
        "device": device,
        "model": _text(_pdf_field(r"Make(?:/Model)?:\s*(.*?)\s*(?:Serial|S/N):", block)),
        "serial": _identifier(_pdf_field(r"(?:Serial|S/N):[ \t]*([^\n]*)", block)),
        "size_bytes": _int(size),
        "method": method,
        "nist_category": method_category(method),
        "rounds": int(rounds[2]) if rounds else None,
        "verification": verify,
        "start": start,
        "end": end,
        "duration_seconds": _pdf_hms(_pdf_field(r"Duration:\s*(\d+:\d{2}:\d{2})", block)),
        "result": result,
        "pass_errors": (pass_errors or 0) + (sync_errors or 0),
        "verify_errors": verify_errors or 0,
        "throughput": _pdf_field(r"Throughput:\s*(.*?/sec)", block),
        "raw_status": status,
        "evidence_line": evidence,
        "review_code": reason,
        "review_reason": REASONS.get(reason),
    }


def _parse_pdf(content, filename):
    pages = _pdf_text(content)
    first = pages[0] if pages else ""
    version = _pdf_field(r"Disc Erasure by NWIPE version\s*(\S+)", first)
    if not version:
        raise ReportError("unrecognised", "a PDF that is not an nwipe erasure certificate")
    business = _pdf_field(r"Contact Name: Contact Phone:\n([^\n]*)", first)
    report = {
        "format": "pdf",
        "tool": "nwipe",
        "tool_version": version,
        "platform": None,
        "organisation": None if not business or business.startswith("Not Applicable") else business,
        "system": {"serial": None, "manufacturer": None, "product": None, "asset_tag": None},
        "runs": 1,
        "provisional": False,
    }
    if "System Erasure Report" in first:
        # 0.39+: one report for the whole machine, a block per disk starting at "Make:".
        report["kind"] = "system"
        report["system"]["serial"] = _identifier(_pdf_field(r"System S/N:[ \t]*([^\n]*)", first))
        blocks = re.split(r"\n(?=Make:)", first)[1:]
        disks = [_pdf_disk(block, None) for block in blocks]
        for disk in disks:
            # The system report writes the model with underscores for spaces ("Make:Loopback_device").
            disk["model"] = disk["model"].replace("_", " ") if disk["model"] else None
    else:
        report["kind"] = "disk"
        # 0.42 names the file ..._device_sda.pdf; older ones only show the device in the smartctl page.
        device = re.search(r"_Serial_.*_device_([A-Za-z0-9.-]+)\.pdf$", filename or "")
        device = "/dev/" + device.group(1) if device else None
        if not device and len(pages) > 1:
            device = _pdf_field(r"(?m)^(/dev/[\w/.-]+?):", pages[1])
        details = first.split("Disk Information", 1)[-1]
        disks = [_pdf_disk(details, device)]
    if not disks:
        raise ReportError("unrecognised", "an nwipe certificate without any disk")
    for disk in disks:
        disk["tool_version"] = version
        disk["key"] = disk["device"] or f"pdf:{disk['serial'] or disk['model'] or '?'}"
        disk["runs"] = [{key: disk[key] for key in _RUN_KEYS} | {"run": 1}]
    keys = [disk["key"] for disk in disks]
    for index, disk in enumerate(disks):
        if keys.count(disk["key"]) > 1:
            disk["key"] = f"{disk['key']}#{keys[: index + 1].count(disk['key'])}"
    report["disks"] = disks
    return report


# --- Entry point ----------------------------------------------------------------------------------


def parse_report(content: bytes, filename: str) -> dict:
    """Parse one nwipe log, PDF certificate or JSON report (chosen by content; filename only helps)."""
    if isinstance(content, str):
        content = content.encode("utf-8")
    if content[:1024].lstrip().startswith(b"%PDF-"):
        return _parse_pdf(content, filename)
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
