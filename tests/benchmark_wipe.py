#!/usr/bin/env python3
"""Benchmark of filiere_wipe: certificates by the pallet, a 6,000-device attestation, nwipe logs.

Prints seconds, SQL queries and peak memory; asserts nothing (the bounds are in the tests). Needs
Odoo 18 importable and a database with the addons installed, e.g. the one tests/run.sh leaves:

    python3 tests/benchmark_wipe.py --database filiere_test [--devices 600] [--attestation 6000]
        [--repeat 3] [--logs 1000] [--qweb 10]

- ``--devices`` certificates issued as one batch (the scan station's or a donation's button) and
  printed as one merged PDF, each run in a savepoint rolled back; then the same devices issued
  and rendered one by one as before the batch path, for comparison;
- the attestation of a donation of ``--attestation`` devices, all certified (issued in the setup);
- every timed step runs ``--repeat`` times: best and median printed (the machine may be shared);
  its peak memory is measured apart, in one more run under tracemalloc (Python allocations) with
  the process's peak RSS before and after.

The reportlab certificate is compared with the same content rendered through Odoo's
standard QWeb report and wkhtmltopdf (a report built for the comparison, never installed).
Everything runs in a transaction that is rolled back.
"""

import contextlib
import io
import os
import resource
import statistics
import time
import tracemalloc

from benchmark_common import open_registry, parser_for
from pypdf import PdfReader

import odoo

QWEB_ARCH = """<t t-name="filiere_wipe.bench_certificate">
    <t t-call="web.html_container"><t t-foreach="docs" t-as="o"><t t-call="web.external_layout">
        <div class="page">
            <h2>Data erasure certificate <span t-field="o.name"/></h2>
            <p>Device <span t-field="o.lot_id.name"/> – <span t-field="o.lot_id.device_type_id"/></p>
            <table class="table table-sm"><tr t-foreach="o.erasure_ids" t-as="e">
                <td><span t-field="e.media_model"/></td><td><span t-field="e.media_serial"/></td>
                <td><span t-field="e.nist_category"/></td><td><span t-field="e.method"/></td>
                <td><span t-field="e.tool"/></td><td><span t-field="e.result"/></td>
                <td><span t-field="e.operator_id"/></td>
            </tr></table>
            <p>Verification code <span t-field="o.verification_code"/></p>
            <p>SHA-256 <span t-field="o.content_hash"/></p>
        </div>
    </t></t></t>
</t>"""

LOG = """[2026/10/14 09:02:11]    info: nwipe 0.37
[2026/10/14 09:02:11]    info: system-serial-number = {system}
[2026/10/14 09:02:12]  notice: Found /dev/sda,  ATA    , SAMSUNG MZ7LN256,  256 GB, S/N={disk}
[2026/10/14 09:02:40]  notice: Invoking method 'PRNG Stream' on /dev/sda
[2026/10/14 09:02:40]  notice: Starting round 1 of 1 on /dev/sda
[2026/10/14 09:02:40]  notice: Starting pass 1/1, round 1/1, on /dev/sda
[2026/10/14 09:20:02]  notice: Finished pass 1/1, round 1/1, on /dev/sda
[2026/10/14 09:37:21]  notice: Verified that /dev/sda matches the last pass
[2026/10/14 09:37:21]  notice: [SUCCESS] Blanked device /dev/sda
[2026/10/14 09:37:21]  notice: Finished final round 1 of 1 on /dev/sda
********************************************************************************
! Device | Status | Thru-put | HH:MM:SS | Model/Serial Number
--------------------------------------------------------------------------------
  sda    |  Erased  |  245 MB/s | 00:34:41 | SAMSUNG MZ7LN256/{disk}
--------------------------------------------------------------------------------
[2026/10/14 09:37:22] Total Throughput 245 MB/s, PRNG Stream, 1R+B+VL
********************************************************************************
[2026/10/14 09:37:25]    info: Nwipe successfully exited.
"""


def timed(cr, function):
    """(result, wall seconds, queries) of ``function``; its CPU seconds are added to ``CPU``."""
    cr.flush()
    queries, start, cpu = cr.sql_log_count, time.perf_counter(), time.process_time()
    result = function()
    cr.flush()
    CPU.append(time.process_time() - cpu)
    return result, time.perf_counter() - start, cr.sql_log_count - queries


# CPU seconds of each timed run, in order: on a shared machine the wall time waits for the others.
CPU = []


def setup(env, devices, prefix="BENCH"):
    """A donation of ``devices`` laptops, each erased (one nwipe record with its raw log attached)."""
    company = env.ref("base.main_company")
    donor = env["res.partner"].create({"name": f"Mairie ({prefix.lower()})", "filiere_donor_type": "public"})
    donation = env["filiere.donation"].create({"partner_id": donor.id, "company_id": company.id})
    laptop = env.ref("filiere_reemploi.device_type_laptop")
    lots = env["stock.lot"].create(
        [
            {
                "name": f"{prefix}-{index:05d}",
                "device_type_id": laptop.id,
                "company_id": company.id,
                "donation_id": donation.id,
            }
            for index in range(devices)
        ]
    )
    reports = env["ir.attachment"].create(
        [
            {
                "name": f"{lot.name}.log",
                "raw": LOG.format(system=lot.name, disk=f"S3T-{lot.name}").encode(),
                "res_model": "filiere.erasure",
                "mimetype": "text/plain",
            }
            for lot in lots
        ]
    )
    env["filiere.erasure"].create(
        [
            {
                "lot_id": lot.id,
                "company_id": company.id,
                "media_model": "SAMSUNG MZ7LN256",
                "media_serial": f"S3T-{lot.name}",
                "nist_category": "clear",
                "method": "PRNG Stream",
                "tool": "nwipe",
                "tool_version": "0.37",
                "result": "success",
                "report_attachment_id": report.id,
            }
            for lot, report in zip(lots, reports, strict=True)
        ]
    )
    return donation, lots


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def undone(cr, rollback):
    """A savepoint rolled back at the end of the block (when ``rollback``)."""
    return contextlib.closing(cr.savepoint()) if rollback else contextlib.nullcontext()


def repeated(cr, function, repeat, rollback=True):
    """Run ``function`` ``repeat`` times (each in a savepoint rolled back when ``rollback``):
    (last result, [wall seconds], queries of the first run, [CPU seconds])."""
    seconds, cpu, queries, result = [], [], None, None
    for _run in range(repeat):
        with undone(cr, rollback):
            result, elapsed, count = timed(cr, function)
        seconds.append(elapsed)
        cpu.append(CPU[-1])
        queries = count if queries is None else queries
    return result, seconds, queries, cpu


def memory(cr, function, rollback=True):
    """Peak of Python allocations (tracemalloc) during one more run, MiB, and the process's peak RSS growth."""
    with undone(cr, rollback):
        rss_before = peak_rss_mib()
        tracemalloc.start()
        try:
            timed(cr, function)
            peak = tracemalloc.get_traced_memory()[1] / 2**20
        finally:
            tracemalloc.stop()
    return peak, peak_rss_mib() - rss_before


def figures(label, seconds, queries=None, extra="", cpu=None):
    text = f"{label}: best {min(seconds):6.2f} s  median {statistics.median(seconds):6.2f} s"
    if cpu:
        text += f" (CPU best {min(cpu):5.2f} s)"
    if queries is not None:
        text += f"  {queries:6d} queries"
    print(text + (f"  {extra}" if extra else ""))


def pages(pdf):
    return len(PdfReader(io.BytesIO(pdf)).pages)


def main():
    parser = parser_for(__doc__)
    parser.add_argument("--devices", type=int, default=600)
    parser.add_argument("--attestation", type=int, default=6000, help="devices of the attested donation")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--logs", type=int, default=1000)
    parser.add_argument("--qweb", type=int, default=10, help="certificates rendered through QWeb/wkhtmltopdf")
    args = parser.parse_args()
    registry = open_registry(args)
    print(f"load before: {os.getloadavg()[0]:.2f} (1 min), {os.cpu_count()} CPUs")
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        donation, lots = setup(env, args.devices)
        company = env.ref("base.main_company")
        certificate_model = env["filiere.erasure.certificate"]

        # The pallet: one batch issued, then one merged PDF of its certificates.
        def issue_and_print():
            certificates = lots.action_issue_erasure_certificate()
            cr.flush()
            env.invalidate_all()
            return certificates, certificates._render_merged_pdf()

        def issue():
            return lots.action_issue_erasure_certificate()

        _result, seconds, queries, cpu = repeated(cr, issue, args.repeat)
        figures(f"{args.devices} certificates issued as one batch", seconds, queries, cpu=cpu)
        (certificates, pdf), seconds, queries, cpu = repeated(cr, issue_and_print, args.repeat)
        peak, rss = memory(cr, issue_and_print)
        figures(
            f"{args.devices} certificates issued + one merged PDF ({pages(pdf)} pages, {len(pdf) // 1024} KiB)",
            seconds,
            queries,
            f"peak {peak:.0f} MiB Python, RSS +{rss:.0f} MiB (target < 5 s)",
            cpu=cpu,
        )
        certificates = lots.action_issue_erasure_certificate()
        cr.flush()
        env.invalidate_all()
        _pdf, seconds, queries, cpu = repeated(cr, certificates._render_merged_pdf, args.repeat, rollback=False)
        figures(f"  of which the merged PDF of {args.devices}", seconds, queries, cpu=cpu)
        check, seconds, _queries, cpu = repeated(cr, lambda: certificate_model.verify_chain(company), 1, False)
        figures(f"  chain verified after the batch: ok={check['ok']}, {check['checked']} links", seconds, cpu=cpu)

        _pdfs, seconds, _queries = timed(cr, lambda: [certificate._render_pdf() for certificate in certificates])
        reportlab_each = seconds / len(certificates)
        print(
            f"{args.devices} certificate PDFs, reportlab, one by one: "
            f"{seconds:7.2f} s  {reportlab_each * 1000:8.1f} ms each"
        )

        view = env["ir.ui.view"].create(
            {"name": "bench", "type": "qweb", "key": "filiere_wipe.bench_certificate", "arch": QWEB_ARCH}
        )
        report = env["ir.actions.report"].create(
            {
                "name": "bench",
                "model": "filiere.erasure.certificate",
                "report_type": "qweb-pdf",
                "report_name": view.key,
            }
        )
        sample = certificates[: args.qweb]
        _pdfs, seconds, _queries = timed(
            cr, lambda: [report._render_qweb_pdf(report.id, [certificate.id]) for certificate in sample]
        )
        qweb_each = seconds / len(sample)
        print(f"{len(sample)} certificate PDFs, QWeb + wkhtmltopdf: {seconds:7.2f} s  {qweb_each * 1000:8.1f} ms each")
        print(f"  reportlab is {qweb_each / reportlab_each:.0f}x faster (target >= 10x)")

        pdf, seconds, queries = timed(cr, donation._render_erasure_attestation)
        print(f"attestation of {args.devices} devices ({pages(pdf)} pages): {seconds:7.2f} s  {queries:6d} queries")

        # A donation of thousands of devices, all certified.
        big, big_lots = setup(env, args.attestation, prefix="ATTEST")
        big_lots.action_issue_erasure_certificate()
        cr.flush()
        env.invalidate_all()
        pdf, seconds, queries, cpu = repeated(cr, big._render_erasure_attestation, args.repeat)
        peak, rss = memory(cr, big._render_erasure_attestation)
        figures(
            f"attestation of {args.attestation} devices ({pages(pdf)} pages, {len(pdf) // 1024} KiB)",
            seconds,
            queries,
            f"peak {peak:.0f} MiB Python, RSS +{rss:.0f} MiB (target < 10 s)",
            cpu=cpu,
        )

        contents = [
            LOG.format(system=f"LOG-PC-{index:05d}", disk=f"LOG-DISK-{index:05d}").encode()
            for index in range(args.logs)
        ]
        erasure = env["filiere.erasure"]
        _records, seconds, queries = timed(
            cr, lambda: [erasure.import_report(content, f"{index}.log") for index, content in enumerate(contents)]
        )
        print(
            f"import of {args.logs} nwipe logs: {seconds:7.2f} s  "
            f"{seconds / args.logs * 1000:.1f} ms and {queries / args.logs:.1f} queries per log"
        )
        print(f"load after: {os.getloadavg()[0]:.2f} (1 min)")
        cr.rollback()


if __name__ == "__main__":
    main()
