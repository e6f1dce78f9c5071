import datetime
from pathlib import Path

import pytest
from plain import load

nwipe = load("filiere_wipe", "nwipe")

DT = datetime.datetime

# The fixtures copy nwipe's own output: the "[date]   info: " prefix of logging.c, the per-disk
# lines of method.c / nwipe.c / device.c and the summary tables of nwipe_log_summary().

# nwipe 0.42, one disk, DoD Short, verify last pass, final blank: erased.
LOG_SINGLE_OK = r"""[2025/03/14 09:11:58]    info: nwipe 0.42
[2025/03/14 09:11:58]    info: Linux version 6.6.32 (ShredOS) #1 SMP PREEMPT_DYNAMIC
[2025/03/14 09:11:59]    info: bios-version = 1.17.0
[2025/03/14 09:11:59]    info: bios-release-date = 03/08/2022
[2025/03/14 09:11:59]    info: system-manufacturer = Dell Inc.
[2025/03/14 09:11:59]    info: system-product-name = OptiPlex 7050
[2025/03/14 09:11:59]    info: system-version = Not Specified
[2025/03/14 09:11:59]    info: system-serial-number = 7XK2QH2
[2025/03/14 09:11:59]    info: system-uuid = 4c4c4544-0058-4b10-8032-b7c04f514832
[2025/03/14 09:11:59]    info: chassis-manufacturer = Dell Inc.
[2025/03/14 09:11:59]    info: chassis-serial-number = 7XK2QH2
[2025/03/14 09:11:59]    info: chassis-asset-tag = INV-00421
[2025/03/14 09:12:00]  notice: Found /dev/sda,  ATA    , WDC WD5000AAKX-08U6AA0,  500 GB, S/N=WD-WCC2EUF12345
[2025/03/14 09:12:00]    info: /dev/sda, sector(logical)/block(physical) sizes 512/4096
[2025/03/14 09:12:00]  notice: Found /dev/sdb,  USB    , SanDisk Cruzer Blade,   16 GB, S/N=4C530001120812
[2025/03/14 09:12:00]    info: /dev/sdb, sector(logical)/block(physical) sizes 512/512
[2025/03/14 09:12:01]    info: Automatically enumerated 2 devices.
[2025/03/14 09:12:01]  notice: Program options are set as follows...
[2025/03/14 09:12:01]  notice:   autonuke     = 0 (off)
[2025/03/14 09:12:01]  notice:   banner       = nwipe 0.42
[2025/03/14 09:12:01]  notice:   prng         = AES-256-CTR (CSPRNG)
[2025/03/14 09:12:01]  notice:   method       = DoD Short
[2025/03/14 09:12:01]  notice:   quiet        = 0
[2025/03/14 09:12:01]  notice:   rounds       = 1
[2025/03/14 09:12:01]  notice:   sync         = 100000
[2025/03/14 09:12:01]  notice:   verify       = 1 (last pass)
[2025/03/14 09:12:30]  notice: Using O_DIRECT on device '/dev/sda'.
[2025/03/14 09:12:30]  notice: /dev/sda has serial number WD-WCC2EUF12345
[2025/03/14 09:12:30]  notice: /dev/sda: Device geometry is as follows...
[2025/03/14 09:12:30]  notice:   Logical sector size  = 512
[2025/03/14 09:12:30]  notice:   Physical sector size = 4096
[2025/03/14 09:12:30]  notice:   Total device bytes   = 500107862016
[2025/03/14 09:12:30]  notice: Invoking method 'DoD Short' on /dev/sda
[2025/03/14 09:12:30]  notice: Starting round 1 of 1 on /dev/sda
[2025/03/14 09:12:30]  notice: Starting pass 1/3, round 1/1, on /dev/sda
[2025/03/14 10:01:41]  notice: 500107862016 bytes written to /dev/sda
[2025/03/14 10:01:41]  notice: Finished pass 1/3, round 1/1, on /dev/sda
[2025/03/14 10:01:41]  notice: Starting pass 2/3, round 1/1, on /dev/sda
[2025/03/14 10:50:52]  notice: Finished pass 2/3, round 1/1, on /dev/sda
[2025/03/14 10:50:52]  notice: Starting pass 3/3, round 1/1, on /dev/sda
[2025/03/14 11:40:02]  notice: Verifying pass 3 of 3, round 1 of 1, on /dev/sda
[2025/03/14 11:40:02]  notice: Verified pass 3 of 3, round 1 of 1, on '/dev/sda'.
[2025/03/14 11:40:02]  notice: Finished pass 3/3, round 1/1, on /dev/sda
[2025/03/14 11:40:02]  notice: Finished final round 1 of 1 on /dev/sda
[2025/03/14 11:40:02]  notice: Blanking device /dev/sda
[2025/03/14 12:29:45]  notice: 500107862016 bytes written to /dev/sda
[2025/03/14 12:29:45]  notice: [SUCCESS] Blanked device /dev/sda
[2025/03/14 12:31:10]    info: Exit in progress
[2025/03/14 12:31:10]    info: Cancelling the GUI thread.
[2025/03/14 12:31:11]    info: Wipe thread for device /dev/sda has terminated

******************************** Error Summary *********************************
!   Device | Pass Errors | Verifications Errors | Fdatasync I\O Errors
--------------------------------------------------------------------------------
       sda |           0 |                    0 |                    0
********************************************************************************

******************************* Erasure Summary ********************************
!   Device |      Bytes Erased |      Bytes Total | Percentage Erased
--------------------------------------------------------------------------------
       sda |      500107862016 |     500107862016 |           100.00%
********************************************************************************

********************************* Drive Status *********************************
!   Device | Status | Thru-put | HH:MM:SS | Model/Serial Number
--------------------------------------------------------------------------------
       sda | Erased |   42 MB/s | 03:17:15 | WDC WD5000AAKX-08/WD-WCC2EUF12345
--------------------------------------------------------------------------------
[2025/03/14 12:31:11] Total Throughput   42 MB/s, DoD Short, 1R+B+VL
********************************************************************************

[2025/03/14 12:31:12]    info: Nwipe successfully completed. See summary table for details.
"""

# One disk with verification errors: "[FAILURE]" line and a "-FAILED-" status.
LOG_FAILED = r"""[2025/05/02 14:00:01]    info: nwipe 0.40
[2025/05/02 14:00:02]    info: system-manufacturer = HP
[2025/05/02 14:00:02]    info: system-product-name = HP EliteDesk 800 G3 SFF
[2025/05/02 14:00:02]    info: system-serial-number = CZC7381ABC
[2025/05/02 14:00:02]    info: chassis-asset-tag = No Asset Tag
[2025/05/02 14:00:03]  notice: Found /dev/sdb,  ATA    , ST1000DM003-1SB102, 1000 GB, S/N=Z9A1B2C3
[2025/05/02 14:00:20]  notice: /dev/sdb has serial number Z9A1B2C3
[2025/05/02 14:00:20]  notice: Invoking method 'DoD 5220.22-M' on /dev/sdb
[2025/05/02 14:00:20]  notice: Starting round 1 of 1 on /dev/sdb
[2025/05/02 14:00:20]  notice: Starting pass 1/7, round 1/1, on /dev/sdb
[2025/05/02 14:09:31]   error: Verification error on /dev/sdb at offset 2861568
[2025/05/02 15:06:00]  notice: Verified pass 7 of 7, round 1 of 1, on '/dev/sdb'.
[2025/05/02 15:06:00]  notice: Finished final round 1 of 1 on /dev/sdb
[2025/05/02 15:06:00]  notice: [FAILURE] /dev/sdb may not be blanked
[2025/05/02 15:06:00]   error: 3 verification errors on '/dev/sdb'.
[2025/05/02 15:06:30]    info: Exit in progress
[2025/05/02 15:06:31]   fatal: Nwipe exited with errors on device = /dev/sdb, see log for specific error


******************************** Error Summary *********************************
!   Device | Pass Errors | Verifications Errors | Fdatasync I\O Errors
--------------------------------------------------------------------------------
!      sdb |           0 |                    3 |                    0
********************************************************************************

********************************* Drive Status *********************************
!   Device | Status | Thru-put | HH:MM:SS | Model/Serial Number
--------------------------------------------------------------------------------
!      sdb |-FAILED-|   98 MB/s | 01:05:40 | ST1000DM003-1SB10/Z9A1B2C3
--------------------------------------------------------------------------------
[2025/05/02 15:06:31] Total Throughput   98 MB/s, DoD 5220.22-M, 1R+NB+VA
********************************************************************************

[2025/05/02 15:06:31]    info: Nwipe exited with errors, check the log & summary table for individual drive status.
"""

# The operator pressed Ctrl-C during round 1 of 3: no SUCCESS/FAILURE line, status UABORTED.
LOG_ABORTED = r"""[2025/06/10 08:00:00]    info: nwipe 0.42
[2025/06/10 08:00:00]    info: system-manufacturer = LENOVO
[2025/06/10 08:00:00]    info: system-serial-number = PC0X1Y2Z
[2025/06/10 08:00:00]  notice: Found /dev/sda,  ATA    , WDC WD5000AAKX-08U6AA0,  500 GB, S/N=WD-WCC2EUF12345
[2025/06/10 08:00:00]  notice: /dev/sda has serial number WD-WCC2EUF12345
[2025/06/10 08:00:00]  notice: Invoking method 'Gutmann Wipe' on /dev/sda
[2025/06/10 08:00:00]  notice: Starting round 1 of 3 on /dev/sda
[2025/06/10 08:00:00]  notice: Starting pass 1/35, round 1/3, on /dev/sda
[2025/06/10 08:47:12]    info: Exit in progress
[2025/06/10 08:47:12]    info: Requesting wipe thread cancellation for /dev/sda
[2025/06/10 08:47:13]    info: Wipe thread for device /dev/sda has terminated

******************************** Error Summary *********************************
!   Device | Pass Errors | Verifications Errors | Fdatasync I\O Errors
--------------------------------------------------------------------------------
       sda |           0 |                    0 |                    0
********************************************************************************

********************************* Drive Status *********************************
!   Device | Status | Thru-put | HH:MM:SS | Model/Serial Number
--------------------------------------------------------------------------------
!      sda |UABORTED|   61 MB/s | 00:47:12 | WDC WD5000AAKX-08/WD-WCC2EUF12345
--------------------------------------------------------------------------------
[2025/06/10 08:47:13] Total Throughput   61 MB/s, Gutmann Wipe, 3R+B+VL
********************************************************************************

[2025/06/10 08:47:13]    info: Nwipe was aborted by the user. Check the summary table for the drive status.
"""

# Three disks wiped together: sda erased, sdb with write errors, an NVMe drive erased.
LOG_MULTI = r"""[2025/09/22 10:00:00]    info: nwipe 0.41
[2025/09/22 10:00:00]    info: system-manufacturer = Supermicro
[2025/09/22 10:00:00]    info: system-product-name = SYS-5019S-ML
[2025/09/22 10:00:00]    info: system-serial-number = S123456X9A00042
[2025/09/22 10:00:01]  notice: Found /dev/sda,  ATA    , WDC WD5000AAKX-08U6AA0,  500 GB, S/N=WD-WCC2EUF12345
[2025/09/22 10:00:01]  notice: Found /dev/sdb,  ATA    , ST1000DM003-1SB102, 1000 GB, S/N=Z9A1B2C3
[2025/09/22 10:00:01]  notice: Found /dev/nvme0n1, NVME-SSD, Samsung SSD 970 EVO 500GB,  500 GB, S/N=S4EVNX0R123456A
[2025/09/22 10:00:02]  notice:   method       = PRNG Stream
[2025/09/22 10:00:02]  notice:   rounds       = 1
[2025/09/22 10:00:02]  notice:   verify       = 1 (last pass)
[2025/09/22 10:00:05]  notice: /dev/sda has serial number WD-WCC2EUF12345
[2025/09/22 10:00:05]  notice: /dev/sda: Device geometry is as follows...
[2025/09/22 10:00:05]  notice:   Total device bytes   = 500107862016
[2025/09/22 10:00:05]  notice: /dev/sdb has serial number Z9A1B2C3
[2025/09/22 10:00:05]  notice: /dev/sdb: Device geometry is as follows...
[2025/09/22 10:00:05]  notice:   Total device bytes   = 1000204886016
[2025/09/22 10:00:05]  notice: /dev/nvme0n1 has serial number S4EVNX0R123456A
[2025/09/22 10:00:05]  notice: /dev/nvme0n1: Device geometry is as follows...
[2025/09/22 10:00:05]  notice:   Total device bytes   = 500107862016
[2025/09/22 10:00:05]  notice: Invoking method 'PRNG Stream' on /dev/sda
[2025/09/22 10:00:05]  notice: Starting round 1 of 1 on /dev/sda
[2025/09/22 10:00:05]  notice: Invoking method 'PRNG Stream' on /dev/sdb
[2025/09/22 10:00:05]  notice: Starting round 1 of 1 on /dev/sdb
[2025/09/22 10:00:06]  notice: Invoking method 'PRNG Stream' on /dev/nvme0n1
[2025/09/22 10:00:06]  notice: Starting round 1 of 1 on /dev/nvme0n1
[2025/09/22 10:14:15]  notice: [SUCCESS] Verified that /dev/nvme0n1 is empty.
[2025/09/22 10:14:15]  notice: [SUCCESS] Blanked device /dev/nvme0n1
[2025/09/22 10:31:50]   error: Error writing to /dev/sdb at offset 188743680
[2025/09/22 11:05:45]  notice: [FAILURE] /dev/sdb may not be blanked
[2025/09/22 11:05:45]   error: 12 wipe errors on '/dev/sdb'.
[2025/09/22 13:17:20]  notice: [SUCCESS] Verified that /dev/sda is empty.
[2025/09/22 13:17:20]  notice: [SUCCESS] Blanked device /dev/sda
[2025/09/22 13:20:00]    info: Exit in progress
[2025/09/22 13:20:01]   fatal: Nwipe exited with errors on device = /dev/sdb, see log for specific error

******************************** Error Summary *********************************
!   Device | Pass Errors | Verifications Errors | Fdatasync I\O Errors
--------------------------------------------------------------------------------
       sda |           0 |                    0 |                    0
!      sdb |          12 |                    0 |                    0
   nvme0n1 |           0 |                    0 |                    0
********************************************************************************

********************************* Drive Status *********************************
!   Device | Status | Thru-put | HH:MM:SS | Model/Serial Number
--------------------------------------------------------------------------------
       sda | Erased |   42 MB/s | 03:17:15 | WDC WD5000AAKX-08/WD-WCC2EUF12345
!      sdb |-FAILED-|   98 MB/s | 01:05:40 | ST1000DM003-1SB10/Z9A1B2C3
   nvme0n1 | Erased | 1450 MB/s | 00:14:09 | Samsung SSD 970 E/S4EVNX0R123456A
--------------------------------------------------------------------------------
[2025/09/22 13:20:01] Total Throughput 1590 MB/s, PRNG Stream, 1R+B+VL
********************************************************************************
"""

# nwipe 0.27 and older: "[date] nwipe: info: ", quoted devices, no summary table.
LOG_OLD = r"""[2019/11/20 14:02:11] nwipe: notice: bios-version = A14
[2019/11/20 14:02:11] nwipe: notice: system-manufacturer = Hewlett-Packard
[2019/11/20 14:02:11] nwipe: notice: system-product-name = HP Compaq 8200 Elite SFF PC
[2019/11/20 14:02:11] nwipe: notice: system-serial-number = CZC1234XYZ
[2019/11/20 14:02:11] nwipe: notice: chassis-asset-tag = To Be Filled By O.E.M.
[2019/11/20 14:02:12] nwipe: notice: Opened entropy source '/dev/urandom'.
[2019/11/20 14:02:12] nwipe: notice: Program options are set as follows...
[2019/11/20 14:02:12] nwipe: notice:   method   = PRNG Stream
[2019/11/20 14:02:12] nwipe: notice:   rounds   = 1
[2019/11/20 14:02:12] nwipe: notice:   verify   = 1 (last pass)
[2019/11/20 14:02:40] nwipe: info: Device /dev/sda has serial number 5VMJ1ABC
[2019/11/20 14:02:40] nwipe: info: Device '/dev/sda' has sector size 512.
[2019/11/20 14:02:40] nwipe: info: Device '/dev/sda' has block size 4096.
[2019/11/20 14:02:40] nwipe: info: Device '/dev/sda' is size 250059350016.
[2019/11/20 14:02:40] nwipe: notice: Invoking method 'PRNG Stream' on device '/dev/sda'.
[2019/11/20 14:02:40] nwipe: notice: Starting round 1 of 1 on device '/dev/sda'.
[2019/11/20 14:02:40] nwipe: notice: Starting pass 1 of 1, round 1 of 1, on device '/dev/sda'.
[2019/11/20 15:05:02] nwipe: notice: 250059350016 bytes written to device '/dev/sda'.
[2019/11/20 15:05:02] nwipe: notice: Finished pass 1 of 1, round 1 of 1, on device '/dev/sda'.
[2019/11/20 15:05:02] nwipe: notice: Finished round 1 of 1 on device '/dev/sda'.
[2019/11/20 15:05:02] nwipe: notice: Blanking device '/dev/sda'.
[2019/11/20 16:10:33] nwipe: notice: Verified that '/dev/sda' is empty.
[2019/11/20 16:10:33] nwipe: notice: Blanked device '/dev/sda'.
[2019/11/20 16:11:02] nwipe: info: Exit in progress
[2019/11/20 16:11:02] nwipe: info: Nwipe successfully exited.
"""

# "nwipe -q": dmidecode serials and the drive serial replaced by X, no final blank, no verify.
LOG_MASKED = r"""[2025/11/03 21:00:00]    info: nwipe 0.42
[2025/11/03 21:00:00]    info: system-manufacturer = LENOVO
[2025/11/03 21:00:00]    info: system-product-name = 20HRCTO1WW
[2025/11/03 21:00:00]    info: system-serial-number = XXXXXXXXXXXXXXX
[2025/11/03 21:00:00]    info: system-uuid = XXXXXXXXXXXXXXX
[2025/11/03 21:00:00]    info: chassis-serial-number = XXXXXXXXXXXXXXX
[2025/11/03 21:00:00]    info: chassis-asset-tag = XXXXXXXXXXXXXXX
[2025/11/03 21:00:00]  notice: Found /dev/sdc,  ATA    , TOSHIBA MQ01ABD100, 1000 GB, S/N=XXXXXXXXXXXXXXXXXXXX
[2025/11/03 21:00:00]  notice:   quiet        = 1
[2025/11/03 21:00:00]  notice: /dev/sdc has serial number XXXXXXXXXXXXXXXXXXXX
[2025/11/03 21:00:00]  notice: Invoking method 'Fill With Zeros' on /dev/sdc
[2025/11/03 21:00:00]  notice: Starting round 1 of 1 on /dev/sdc
[2025/11/03 21:00:00]  notice: Starting pass 1/1, round 1/1, on /dev/sdc
[2025/11/03 23:01:02]  notice: Finished pass 1/1, round 1/1, on /dev/sdc
[2025/11/03 23:01:02]  notice: Finished final round 1 of 1 on /dev/sdc
[2025/11/04 07:45:00]    info: Exit in progress
[2025/11/04 07:45:01]    info: Wipe thread for device /dev/sdc has terminated

********************************* Drive Status *********************************
!   Device | Status | Thru-put | HH:MM:SS | Model/Serial Number
--------------------------------------------------------------------------------
       sdc | Erased |  120 MB/s | 02:01:02 | TOSHIBA MQ01ABD10/XXXXXXXXXXXXXXXXXXXX
--------------------------------------------------------------------------------
[2025/11/04 07:45:01] Total Throughput  120 MB/s, Fill With Zeros, 1R+NB+NV
********************************************************************************
"""

# NVMe sanitize (se_nvme_gui.c) on the controller, then an overwrite of its namespace.
LOG_SANITIZE_THEN_WIPE = r"""[2026/08/01 09:00:00]    info: nwipe 0.42
[2026/08/01 09:00:01]  notice: Found /dev/nvme0n1, NVME-SSD, KINGSTON SNV2S500G,  500 GB, S/N=50026B7686A1B2C3
[2026/08/01 09:00:01]    info: NVMe namespace '/dev/nvme0n1' belongs to NVMe controller '/dev/nvme0' (ns_count=1)
[2026/08/01 09:00:40]    info: /dev/nvme0: issuing SANITIZE sanact=4
[2026/08/01 09:00:40]    info: /dev/nvme0: SANITIZE command accepted (sanact=4)
[2026/08/01 09:00:52]    info: /dev/nvme0: SANITIZE action 'Crypto Erase' was successful.
[2026/08/01 09:01:10]  notice: /dev/nvme0n1 has serial number 50026B7686A1B2C3
[2026/08/01 09:01:10]  notice: Invoking method 'PRNG Stream' on /dev/nvme0n1
[2026/08/01 09:01:10]  notice: Starting round 1 of 1 on /dev/nvme0n1
[2026/08/01 09:09:30]  notice: [SUCCESS] Blanked device /dev/nvme0n1
[2026/08/01 09:09:31]    info: Exit in progress

********************************* Drive Status *********************************
!   Device | Status | Thru-put | HH:MM:SS | Model/Serial Number
--------------------------------------------------------------------------------
   nvme0n1 | Erased | 2002 MB/s | 00:08:20 | KINGSTON SNV2S500/50026B7686A1B2C3
--------------------------------------------------------------------------------
[2026/08/01 09:09:31] Total Throughput 2002 MB/s, PRNG Stream, 1R+B+VL
********************************************************************************
"""

# ATA sanitize (se_ata_gui.c) only; the operator then leaves nwipe without an overwrite.
LOG_SANITIZE_ONLY = r"""[2026/08/02 10:00:00]    info: nwipe 0.42
[2026/08/02 10:00:01]  notice: Found /dev/sda,  ATA-SSD, Samsung SSD 860 EVO 250GB,  250 GB, S/N=S3YJNB0K123456
[2026/08/02 10:02:00]    info: /dev/sda: issuing SANITIZE feat=0x0011 lba=0x004372797074 nsect=0
[2026/08/02 10:02:00]    info: /dev/sda: SANITIZE command accepted (feat=0x0011)
[2026/08/02 10:02:09]    info: /dev/sda: SANITIZE action 'Crypto Scramble' was successful.
[2026/08/02 10:03:00]    info: Exit in progress
[2026/08/02 10:03:00]    info: Nwipe was aborted by the user prior to the wipe starting.
"""

# create_json.c prints the strings without indentation and the numbers with four spaces.
JSON_SUCCESS = b"""{
  "report_metadata": {
"generated_at": "2026-01-05_22-37-46",
"software": "nwipe",
"version": "0.40"
  },
  "organization": {
"business_name": "Recyclerie du Pays Basque"
  },
  "device": {
"name": "/dev/sda",
"model": "WDC WD5000AAKX-08U6AA0",
"serial_no": "WD-WCC2EUF12345",
    "size_bytes": 500107862016,
"size_text": " 500 GB"
  },
  "wipe_result": {
"status": "success",
    "rounds_requested": 1,
    "pass_errors": 0,
    "verify_errors": 0,
    "start_time": 1767637230,
    "end_time": 1767649065,
    "duration_seconds": 11835
  }
}
"""

JSON_FAILURE = b"""{
  "report_metadata": {
"generated_at": "2026-01-06_13-48-46",
"software": "nwipe",
"version": "0.40"
  },
  "organization": {
"business_name": "Unknown"
  },
  "device": {
"name": "/dev/sdb",
"model": "ST1000DM003-1SB102",
"serial_no": "XXXXXXXXXXXXXXXXXXXX",
    "size_bytes": 1000204886016,
"size_text": "1000 GB"
  },
  "wipe_result": {
"status": "failure",
    "rounds_requested": 2,
    "pass_errors": 0,
    "verify_errors": 5,
    "start_time": 1767700000,
    "end_time": 1767703725,
    "duration_seconds": 3725
  }
}
"""


def parse(text, filename="nwipe_log_20250314-091158.txt"):
    return nwipe.parse_report(text.encode() if isinstance(text, str) else text, filename)


def error_code(content, filename="nwipe.log"):
    with pytest.raises(nwipe.ReportError) as info:
        nwipe.parse_report(content, filename)
    return info.value.code


def test_single_disk_success():
    report = parse(LOG_SINGLE_OK)
    assert report["format"] == "log"
    assert report["tool"] == "nwipe"
    assert report["tool_version"] == "0.42"
    assert report["organisation"] is None
    assert report["system"] == {
        "serial": "7XK2QH2",
        "manufacturer": "Dell Inc.",
        "product": "OptiPlex 7050",
        "asset_tag": "INV-00421",
    }
    # /dev/sdb was only enumerated, never wiped: it is not part of the erasure.
    assert [disk["device"] for disk in report["disks"]] == ["/dev/sda"]
    disk = report["disks"][0]
    assert disk["result"] == "success"
    assert disk["raw_status"] == "Erased"
    assert disk["model"] == "WDC WD5000AAKX-08U6AA0"  # the full name, not the table's 17 characters
    assert disk["serial"] == "WD-WCC2EUF12345"
    assert disk["size_bytes"] == 500107862016
    assert disk["method"] == "DoD Short"
    assert disk["nist_category"] == "clear"
    assert disk["rounds"] == 1
    assert disk["verification"] == "last"
    assert disk["start"] == DT(2025, 3, 14, 9, 12, 30)
    assert disk["end"] == DT(2025, 3, 14, 12, 29, 45)
    assert disk["duration_seconds"] == 3 * 3600 + 17 * 60 + 15
    assert (disk["pass_errors"], disk["verify_errors"]) == (0, 0)
    assert disk["throughput"] == "42 MB/s"


def test_crlf_and_bom_do_not_matter():
    content = b"\xef\xbb\xbf" + LOG_SINGLE_OK.replace("\n", "\r\n").encode()
    disk = nwipe.parse_report(content, "NWIPE.LOG")["disks"][0]
    assert (disk["result"], disk["serial"], disk["duration_seconds"]) == ("success", "WD-WCC2EUF12345", 11835)


def test_failed_disk():
    report = parse(LOG_FAILED)
    assert report["tool_version"] == "0.40"
    assert report["system"]["asset_tag"] is None  # "No Asset Tag" is dmidecode's placeholder
    (disk,) = report["disks"]
    assert disk["device"] == "/dev/sdb"
    assert disk["result"] == "failed"
    assert disk["raw_status"] == "-FAILED-"
    assert disk["verify_errors"] == 3
    assert disk["pass_errors"] == 0
    assert disk["method"] == "DoD 5220.22-M"
    assert disk["nist_category"] == "clear"
    assert disk["verification"] == "all"  # "VA" on the Total Throughput line
    assert disk["start"] == DT(2025, 5, 2, 14, 0, 20)
    assert disk["end"] == DT(2025, 5, 2, 15, 6, 0)
    assert disk["duration_seconds"] == 3940


def test_user_abort():
    (disk,) = parse(LOG_ABORTED)["disks"]
    assert disk["result"] == "aborted"
    assert disk["raw_status"] == "UABORTED"
    assert disk["method"] == "Gutmann Wipe"
    assert disk["rounds"] == 3
    assert disk["start"] == DT(2025, 6, 10, 8, 0, 0)
    # No SUCCESS/FAILURE line: the end is nwipe's own duration after the start.
    assert disk["end"] == DT(2025, 6, 10, 8, 47, 12)
    assert disk["duration_seconds"] == 47 * 60 + 12


def test_several_drives_in_one_log():
    report = parse(LOG_MULTI)
    disks = {disk["device"]: disk for disk in report["disks"]}
    assert [disk["device"] for disk in report["disks"]] == ["/dev/sda", "/dev/sdb", "/dev/nvme0n1"]
    assert {dev: disk["result"] for dev, disk in disks.items()} == {
        "/dev/sda": "success",
        "/dev/sdb": "failed",
        "/dev/nvme0n1": "success",
    }
    assert disks["/dev/sdb"]["pass_errors"] == 12
    assert disks["/dev/sdb"]["serial"] == "Z9A1B2C3"
    assert disks["/dev/sdb"]["size_bytes"] == 1000204886016
    assert disks["/dev/sdb"]["end"] == DT(2025, 9, 22, 11, 5, 45)
    nvme = disks["/dev/nvme0n1"]
    assert nvme["model"] == "Samsung SSD 970 EVO 500GB"
    assert nvme["serial"] == "S4EVNX0R123456A"
    assert nvme["start"] == DT(2025, 9, 22, 10, 0, 6)
    assert nvme["end"] == DT(2025, 9, 22, 10, 14, 15)
    assert nvme["duration_seconds"] == 14 * 60 + 9
    assert nvme["throughput"] == "1450 MB/s"
    assert all(disk["method"] == "PRNG Stream" and disk["nist_category"] == "clear" for disk in disks.values())
    assert report["system"]["serial"] == "S123456X9A00042"


def test_old_log_format():
    report = parse(LOG_OLD)
    assert report["system"]["manufacturer"] == "Hewlett-Packard"
    assert report["system"]["serial"] == "CZC1234XYZ"
    assert report["system"]["asset_tag"] is None  # "To Be Filled By O.E.M."
    (disk,) = report["disks"]
    assert disk["device"] == "/dev/sda"
    assert disk["result"] == "success"
    assert disk["raw_status"] is None  # no summary table before nwipe 0.30
    assert disk["serial"] == "5VMJ1ABC"
    assert disk["size_bytes"] == 250059350016
    assert disk["method"] == "PRNG Stream"
    assert disk["rounds"] == 1
    assert disk["verification"] == "last"
    assert disk["start"] == DT(2019, 11, 20, 14, 2, 40)
    assert disk["end"] == DT(2019, 11, 20, 16, 10, 33)
    assert disk["duration_seconds"] == 2 * 3600 + 7 * 60 + 53


def test_old_log_with_verification_errors_fails():
    log = LOG_OLD.replace(
        "[2019/11/20 16:11:02] nwipe: info: Exit in progress",
        "[2019/11/20 16:10:33] nwipe: error: 2 verification errors on device '/dev/sda'.\n"
        "[2019/11/20 16:11:02] nwipe: info: Exit in progress",
    )
    (disk,) = parse(log)["disks"]
    assert (disk["result"], disk["verify_errors"]) == ("failed", 2)


def test_masked_serials():
    report = parse(LOG_MASKED)
    assert report["system"] == {"serial": None, "manufacturer": "LENOVO", "product": "20HRCTO1WW", "asset_tag": None}
    (disk,) = report["disks"]
    assert disk["serial"] is None
    assert disk["model"] == "TOSHIBA MQ01ABD100"
    assert disk["result"] == "success"
    assert disk["method"] == "Fill With Zeros"
    assert disk["verification"] == "none"
    # No final blank, so no [SUCCESS] line; the operator closed nwipe hours later.
    assert disk["end"] == DT(2025, 11, 3, 23, 1, 2)
    assert disk["duration_seconds"] == 2 * 3600 + 62


def test_sanitize_then_wipe_is_purge():
    (disk,) = parse(LOG_SANITIZE_THEN_WIPE)["disks"]
    assert disk["device"] == "/dev/nvme0n1"  # the sanitize line names the controller /dev/nvme0
    assert disk["method"] == "Sanitize Crypto Erase + PRNG Stream"
    assert disk["nist_category"] == "purge"
    assert disk["result"] == "success"


def test_sanitize_only():
    (disk,) = parse(LOG_SANITIZE_ONLY)["disks"]
    assert disk["method"] == "Sanitize Crypto Scramble"
    assert disk["nist_category"] == "purge"
    assert disk["result"] == "success"
    assert disk["serial"] == "S3YJNB0K123456"
    assert (disk["start"], disk["end"]) == (DT(2026, 8, 2, 10, 2, 0), DT(2026, 8, 2, 10, 2, 9))
    assert disk["duration_seconds"] == 9


@pytest.mark.parametrize(
    "cut_before",
    [
        "[2025/03/14 11:40:02]  notice: Verifying pass 3",  # in the middle of the wipe
        "[2025/03/14 12:31:10]    info: Exit in progress",  # wipe done, summary never written
        "       sda | Erased |",  # cut inside the Drive Status table
    ],
)
def test_truncated_log(cut_before):
    assert error_code(LOG_SINGLE_OK.split(cut_before)[0].encode()) == "truncated"


def test_truncated_old_log():
    assert error_code(LOG_OLD.split("[2019/11/20 15:05:02]")[0].encode()) == "truncated"


def test_truncated_second_run_of_an_appended_log():
    second_run = "[2025/03/15 08:00:00]  notice: Invoking method 'DoD Short' on /dev/sda\n"
    assert error_code((LOG_SINGLE_OK + second_run).encode()) == "truncated"


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        bytes(range(256)) * 8,
        bytes(range(0x80, 0x100)) * 8,  # no NUL, not UTF-8, mostly control characters
    ],
)
def test_binary_garbage(content):
    assert error_code(content) == "binary"


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  ", b"\xef\xbb\xbf\n"])
def test_empty_file(content):
    assert error_code(content) == "empty"


@pytest.mark.parametrize(
    "content,filename",
    [
        (b"Hello, this is a shopping list.\nMilk\nBread\n", "notes.txt"),
        (b"Jan 12 10:00:01 host kernel: [    0.000000] Linux version 6.1\n", "syslog"),
    ],
)
def test_unrecognised_text(content, filename):
    assert error_code(content, filename) == "unrecognised"


def test_json_success():
    report = nwipe.parse_report(JSON_SUCCESS, "nwipe_report_WD-WCC2EUF12345_2026-01-05_22-37-46.json")
    assert report["format"] == "json"
    assert report["tool_version"] == "0.40"
    assert report["organisation"] == "Recyclerie du Pays Basque"
    (disk,) = report["disks"]
    assert disk["device"] == "/dev/sda"
    assert disk["model"] == "WDC WD5000AAKX-08U6AA0"
    assert disk["serial"] == "WD-WCC2EUF12345"
    assert disk["size_bytes"] == 500107862016
    assert disk["result"] == "success"
    assert disk["rounds"] == 1
    assert disk["method"] is None  # the JSON report does not name it
    assert disk["start"] == DT(2026, 1, 5, 18, 20, 30)  # UTC
    assert disk["end"] == DT(2026, 1, 5, 21, 37, 45)
    assert disk["duration_seconds"] == 11835


def test_json_failure():
    report = nwipe.parse_report(JSON_FAILURE, "report.json")
    assert report["organisation"] is None  # create_json.c's "Unknown" placeholder
    (disk,) = report["disks"]
    assert disk["result"] == "failed"
    assert disk["raw_status"] == "failure"
    assert disk["verify_errors"] == 5
    assert disk["serial"] is None  # masked by -q
    assert disk["rounds"] == 2
    assert disk["start"] == DT(2026, 1, 6, 11, 46, 40)
    assert disk["end"] == DT(2026, 1, 6, 12, 48, 45)


@pytest.mark.parametrize(
    "content,filename",
    [
        (JSON_SUCCESS[:-40], "report.json"),  # cut off
        (b'{"device": {"name": "/dev/sda"}}', "report.json"),  # no wipe_result
        (b'{"report_metadata": {"software": "nwipe"}}', "x.txt"),  # no device
        (b"[1, 2, 3]", "report.json"),
        (b"this is not json", "report.json"),
    ],
)
def test_bad_json(content, filename):
    assert error_code(content, filename) == "json"


@pytest.mark.parametrize(
    "method,category",
    [
        # Labels as nwipe writes them (method.c), then the names of the domain notes.
        ("DoD 5220.22-M", "clear"),
        ("DoD Short", "clear"),
        ("Gutmann Wipe", "clear"),
        ("Gutmann", "clear"),
        ("RCMP TSSIT OPS-II", "clear"),
        ("PRNG Stream", "clear"),
        ("Fill With Zeros", "clear"),
        ("Fill With Ones", "clear"),
        ("Verify Zeros (0x00)", "verify"),
        ("Verify Zeros", "verify"),
        ("Verify Ones  (0xFF)", "verify"),
        ("Verify Ones", "verify"),
        ("HMG IS5 Enhanced", "clear"),
        ("Bruce Schneier 7-Pass", "clear"),
        ("Schneier 7-pass", "clear"),
        ("BMB21-2019", "clear"),
        ("Secure Erase (ATA/NVMe)", "purge"),
        ("Secure Erase", "purge"),
        ("Sanitize Crypto Erase", "purge"),
        ("Sanitize Block Erase", "purge"),
        ("Sanitize Crypto Scramble", "purge"),
        ("Sanitize Overwrite", "purge"),
        # Older releases and spelling variants.
        ("Zero Fill", "clear"),
        ("Quick Erase", "clear"),
        ("Verify Blank", "verify"),
        ("  dod   SHORT ", "clear"),
        ("dod522022m", "clear"),
        ("DoD 5220.22M", "clear"),
        ("rcmp tssit ops ii", "clear"),
        ("hmg is5 enhanced", "clear"),
        ("verify_zero", "verify"),
        ("sanitize-block-erase", "purge"),
        ("SECURE-ERASE", "purge"),
        # Unknown.
        ("Unknown Method (FIXME)", None),
        ("", None),
        (None, None),
    ],
)
def test_method_category(method, category):
    assert nwipe.method_category(method) == category


# --- Real outputs (tests/unit/fixtures/nwipe, see its README.md) ----------------------------------

FIXTURES = Path(__file__).parent / "fixtures" / "nwipe"
# The version each binary writes in its log: 0.26 writes none, Debian's 0.34 package says 0.33.
LOGGED_VERSION = {"0.26": None, "0.34": "0.33", "0.38": "0.38", "0.42": "0.42"}
VERSIONS = list(LOGGED_VERSION)
ZERO = {"0.26": "Quick Erase"}  # the label of the zero fill up to 0.28


def real(relative):
    path = FIXTURES / relative
    return nwipe.parse_report(path.read_bytes(), path.name)


def by_device(report):
    return {disk["device"]: disk for disk in report["disks"]}


@pytest.mark.parametrize("version", VERSIONS)
def test_real_zero_fill_is_erased(version):
    report = real(f"{version}/zero_success.log")
    assert report["tool_version"] == LOGGED_VERSION[version]
    assert report["runs"] == 1
    (disk,) = report["disks"]
    assert disk["device"] == "/dev/loop0"
    assert disk["result"] == "success"
    assert disk["method"] == ZERO.get(version, "Fill With Zeros")
    assert disk["nist_category"] == "clear"
    assert disk["rounds"] == 1
    # 0.26 logs no options: its "Verified that '/dev/loop0' is empty." tells the last pass was verified.
    assert disk["verification"] == "last"
    assert disk["serial"] is None  # a loop device has no serial number
    assert disk["model"] == "Loopback device"
    assert disk["start"] is not None and disk["end"] >= disk["start"]
    assert (disk["pass_errors"], disk["verify_errors"]) == (0, 0)
    assert disk["evidence_line"] is None and disk["review_reason"] is None


@pytest.mark.parametrize("version", VERSIONS)
def test_real_three_disks_at_once(version):
    report = real(f"{version}/dodshort_3disks_verify_all_2rounds.log")
    disks = by_device(report)
    assert sorted(disks) == ["/dev/loop0", "/dev/loop1", "/dev/loop2"]
    for disk in disks.values():
        assert (disk["result"], disk["method"], disk["rounds"], disk["verification"]) == (
            "success",
            "DoD Short",
            2,
            "all",
        )
    # Real disks keep their own size: the third image is half the others.
    if version != "0.26":
        assert disks["/dev/loop2"]["size_bytes"] == 4 * 1024 * 1024


METHODS = {
    "dod522022m": "DoD 5220.22-M",
    "gutmann": "Gutmann Wipe",
    "ops2": "RCMP TSSIT OPS-II",
    "prng": "PRNG Stream",
    "random": "PRNG Stream",
    "one": "Fill With Ones",
    "is5enh": "HMG IS5 Enhanced",
    "bruce7": "Bruce Schneier 7-Pass",
    "bmb": "BMB21-2019",
}


@pytest.mark.parametrize(
    "version,option",
    [(v, m) for v in VERSIONS for m in METHODS if (FIXTURES / v / f"method_{m}.log").exists()],
)
def test_real_methods(version, option):
    (disk,) = real(f"{version}/method_{option}.log")["disks"]
    assert disk["method"] == METHODS[option]
    assert disk["nist_category"] == "clear"
    assert disk["result"] == "success"
    assert disk["verification"] == "last"


def test_every_method_of_the_issue_has_a_real_log():
    assert {m for m in METHODS if any((FIXTURES / v / f"method_{m}.log").exists() for v in VERSIONS)} == set(METHODS)


@pytest.mark.parametrize("version", VERSIONS)
def test_real_verification_off(version):
    (disk,) = real(f"{version}/zero_verify_off_noblank.log")["disks"]
    assert (disk["result"], disk["verification"]) == ("success", "none")


@pytest.mark.parametrize("version", ["0.34", "0.38", "0.42"])
@pytest.mark.parametrize(
    "case,method", [("verify_zero_fail", "Verify Zeros (0x00)"), ("verify_one_fail", "Verify Ones  (0xFF)")]
)
def test_real_verification_failure(version, case, method):
    (disk,) = real(f"{version}/{case}.log")["disks"]
    assert disk["result"] == "failed"
    assert disk["method"] == method
    assert disk["nist_category"] == "verify"
    assert disk["verify_errors"] > 0
    # The line a person would point at: 0.34 and 0.38 "[FAILURE] ...", 0.42 "Verification mismatch ...".
    assert "/dev/loop0" in disk["evidence_line"]
    assert "FAILURE" in disk["evidence_line"] or "mismatch" in disk["evidence_line"]


@pytest.mark.parametrize("version", ["0.34", "0.38", "0.42"])
def test_real_verify_only_success_is_not_an_erasure(version):
    (disk,) = real(f"{version}/verify_zero_success.log")["disks"]
    assert (disk["result"], disk["review_code"]) == ("review", "verify_only")
    assert "erases nothing" in disk["review_reason"]


@pytest.mark.parametrize("version", VERSIONS)
def test_real_io_error_fails_only_the_bad_disk(version):
    disks = by_device(real(f"{version}/ioerror_full_tmpfs.log"))
    good, bad = disks["/dev/loop1"], disks["/dev/loop0"]
    assert good["result"] == "success"
    assert bad["result"] == "failed"
    assert bad["method"] == ZERO.get(version, "Fill With Zeros")
    assert bad["evidence_line"] is not None
    assert ("Input/output error" in bad["evidence_line"]) or ("/dev/loop0" in bad["evidence_line"])


def test_real_026_io_error_without_device_name_then_blanked_is_failed():
    # nwipe 0.26 names no disk in the fdatasync error, then reports the same disk verified and
    # blanked, and exits with "Nwipe exited." like after a success.
    text = (FIXTURES / "0.26/ioerror_full_tmpfs.log").read_text()
    assert "nwipe: error: nwipe_static_pass: fdatasync: Input/output error" in text
    assert "Blanked device '/dev/loop0'." in text and text.rstrip().endswith("Nwipe exited.")
    bad = by_device(real("0.26/ioerror_full_tmpfs.log"))["/dev/loop0"]
    assert bad["result"] == "failed"
    assert bad["evidence_line"].endswith("nwipe: error: nwipe_static_pass: fdatasync: Input/output error")


@pytest.mark.parametrize("version", ["0.34", "0.38", "0.42"])
def test_real_io_error_alone(version):
    (disk,) = real(f"{version}/ioerror_single_prng_sync1.log")["disks"]
    assert (disk["result"], disk["method"]) == ("failed", "PRNG Stream")
    assert disk["pass_errors"] > 0


@pytest.mark.parametrize("version", VERSIONS)
def test_real_sigint_is_aborted(version):
    (disk,) = real(f"{version}/abort_sigint.log")["disks"]
    assert (disk["result"], disk["method"]) == ("aborted", "Gutmann Wipe")
    assert disk["evidence_line"] is not None
    if version == "0.26":
        # No summary table and no end line: only the signal handler's line.
        assert disk["evidence_line"].endswith("Cancelling thread for /dev/loop0")
    else:
        assert "UABORTED" in disk["evidence_line"]


def test_real_sigint_before_the_wipe_started_is_refused():
    with pytest.raises(nwipe.ReportError) as info:
        real("0.42/abort_before_wipe_started.log")
    assert info.value.code == "truncated"


@pytest.mark.parametrize("version", VERSIONS)
def test_real_appended_runs_on_two_disks(version):
    report = real(f"{version}/appended_zero_then_other_disk.log")
    assert report["runs"] == 2
    disks = by_device(report)
    assert disks["/dev/loop0"]["method"] == ZERO.get(version, "Fill With Zeros")
    assert disks["/dev/loop1"]["method"] == "RCMP TSSIT OPS-II"
    assert disks["/dev/loop1"]["verification"] == "none"
    assert all(disk["result"] == "success" for disk in disks.values())
    assert disks["/dev/loop0"]["end"] <= disks["/dev/loop1"]["start"]


@pytest.mark.parametrize("version", ["0.34", "0.38", "0.42"])
def test_real_appended_failed_verify_only_run_is_not_certified(version):
    report = real(f"{version}/appended_zero_then_verify_one_fail.log")
    assert report["runs"] == 2
    (disk,) = report["disks"]  # the same disk in both runs
    assert [(run["method"], run["result"]) for run in disk["runs"]] == [
        ("Fill With Zeros", "success"),
        ("Verify Ones  (0xFF)", "failed"),
    ]
    assert disk["result"] == "failed"
    assert disk["method"] == "Fill With Zeros"
    assert disk["review_code"] == "later_run_failed"
    assert "run 2" in disk["review_reason"]
    assert "/dev/loop0" in disk["evidence_line"]
    assert disk["verify_errors"] > 0


def test_appended_run_order_matters():
    # The same two real runs the other way round: the verify-only run failed first, then a zero
    # fill succeeded. The later erasure is what a reader keeps.
    text = (FIXTURES / "0.38/appended_zero_then_verify_one_fail.log").read_text()
    cut = text.index("[2026/12/01 08:02:15]    info: Updated PDF_Certificate")
    (disk,) = parse(text[cut:] + text[:cut])["disks"]
    assert [run["result"] for run in disk["runs"]] == ["failed", "success"]
    assert disk["result"] == "success"


def test_shredos_banner_gives_the_nwipe_version():
    # ShredOS writes its own banner where nwipe writes "nwipe 0.38" (pasted/shredos_issue332...).
    banner = (FIXTURES / "pasted/shredos_issue332_v2024.11_0.38_header_cut.log").read_text().splitlines()[0]
    assert banner.endswith("info: ShredOS v2024.11_27_x86-64_0.38")
    text = (FIXTURES / "0.38/zero_success.log").read_text()
    report = parse(text.replace("   info: nwipe 0.38", banner.split("]", 1)[1][1:].replace("info:", "   info:", 1)))
    assert (report["tool_version"], report["platform"]) == ("0.38", "ShredOS v2024.11_27_x86-64_0.38")
    nomodeset = parse(text.replace("info: nwipe 0.38", "info: ShredOS v2024.02.2_26.0_x86-64_0.37-nomodeset"))
    assert nomodeset["tool_version"] == "0.37"


@pytest.mark.parametrize(
    "name",
    [
        "issue8_nwipe024_cut_during_blanking.log",
        "pr105_nwipe02x_buffer_flush_failure_cut.log",
        "pr722_master_write_errors_reverse_wipe_cut.log",
        "shredos_issue332_v2024.11_0.38_header_cut.log",
    ],
)
def test_pasted_excerpts_cut_before_the_result_are_refused(name):
    with pytest.raises(nwipe.ReportError) as info:
        real(f"pasted/{name}")
    assert info.value.code == "truncated"


def test_pasted_table_without_method_is_to_review():
    (disk,) = real("pasted/pr325_nwipe031dev_summary_tables.log")["disks"]
    assert (disk["device"], disk["raw_status"]) == ("/dev/loop44", "Erased")
    assert disk["result"] == "review"
    assert "method" in disk["review_reason"]


def test_starting_pass_gives_the_start_when_nothing_else_does():
    (disk,) = real("pasted/pr325_nwipe031dev_summary_tables.log")["disks"]
    assert disk["start"] == DT(2021, 6, 4, 21, 41, 12)


def test_unnamed_error_in_a_multi_disk_run_puts_every_disk_to_review():
    # The real 0.26 I/O error log without the warning that names the disk: nobody can tell which
    # of the two disks failed.
    text = (FIXTURES / "0.26/ioerror_full_tmpfs.log").read_text()
    text = text.replace("[2026/12/01 08:00:54] nwipe: warning: Buffer flush failure on '/dev/loop0'.\n", "")
    disks = by_device(parse(text))
    assert {dev: disk["result"] for dev, disk in disks.items()} == {"/dev/loop0": "review", "/dev/loop1": "review"}
    assert all("fdatasync" in disk["evidence_line"] for disk in disks.values())
    assert {disk["review_code"] for disk in disks.values()} == {"unattributed_error"}


def test_error_lines_about_the_screen_or_a_sensor_say_nothing_about_the_erasure():
    # nwipe 0.42 logs these (gui.c, temperature.c) without naming a disk.
    text = (FIXTURES / "0.42/dodshort_3disks_verify_all_2rounds.log").read_text()
    line = next(line for line in text.splitlines() if "Finished pass 1/3, round 1/2, on /dev/loop0" in line)
    stamp = line.split("]", 1)[0] + "]"
    noise = f"{stamp}   error: get_scsi_temperature error\n{stamp}   error: Curses endwin() failed !\n"
    disks = parse(text.replace(line, noise + line))["disks"]
    assert {disk["result"] for disk in disks} == {"success"}


def test_error_line_naming_a_disk_overrides_an_erased_status():
    text = (FIXTURES / "0.42/zero_success.log").read_text()
    marker = "[SUCCESS] Blanked device /dev/loop0"
    line = next(line for line in text.splitlines() if marker in line)
    stamp = line.split("]", 1)[0] + "]"
    text = text.replace(line, f"{stamp}   error: Unable to read from '/dev/loop0'.\n{line}")
    (disk,) = parse(text)["disks"]
    assert disk["raw_status"] == "Erased"
    assert disk["result"] == "failed"
    assert disk["evidence_line"].endswith("error: Unable to read from '/dev/loop0'.")
    assert disk["review_code"] == "error_line"


def test_same_device_name_with_another_serial_is_another_disk():
    # Two appended runs on /dev/sda of two different disks (swapped between the runs).
    second = LOG_SINGLE_OK.replace("WD-WCC2EUF12345", "WD-OTHERDISK99").replace("2025/03/14", "2025/03/15")
    report = parse(LOG_SINGLE_OK + second)
    assert [(disk["device"], disk["serial"], disk["key"]) for disk in report["disks"]] == [
        ("/dev/sda", "WD-WCC2EUF12345", "/dev/sda#1"),
        ("/dev/sda", "WD-OTHERDISK99", "/dev/sda#2"),
    ]
    assert all(len(disk["runs"]) == 1 for disk in report["disks"])


# --- PDF certificates -------------------------------------------------------------------------------


def pdf(relative):
    (path,) = (FIXTURES / relative).glob("*.pdf")
    return nwipe.parse_report(path.read_bytes(), path.name)


def test_pdf_038_erased():
    report = pdf("0.38/zero_success")
    assert (report["format"], report["kind"], report["tool_version"]) == ("pdf", "disk", "0.38")
    assert report["organisation"] is None  # "Not Applicable (BN)"
    (disk,) = report["disks"]
    assert disk["device"] == "/dev/loop0"  # from the smartctl page: 0.38 does not name it elsewhere
    assert (disk["model"], disk["serial"]) == ("Loopback device", None)
    assert disk["size_bytes"] == 8 * 1024 * 1024
    assert (disk["result"], disk["raw_status"]) == ("success", "ERASED")
    assert (disk["method"], disk["rounds"], disk["verification"]) == ("Fill With Zeros", 1, "last")
    # The same second as the log's "Invoking method" and "[SUCCESS] Blanked device" lines.
    assert (disk["start"], disk["end"], disk["duration_seconds"]) == (
        DT(2026, 12, 1, 8, 1, 1),
        DT(2026, 12, 1, 8, 1, 1),
        0,
    )
    assert (disk["pass_errors"], disk["verify_errors"]) == (0, 0)


def test_pdf_038_failed():
    (disk,) = pdf("0.38/ioerror_single_prng_sync1")["disks"]
    assert (disk["result"], disk["raw_status"], disk["method"]) == ("failed", "FAILED", "PRNG Stream")
    assert disk["pass_errors"] == 2  # pass 1 + sync 1
    assert disk["evidence_line"] == "Status: FAILED"


def test_pdf_038_aborted():
    (disk,) = pdf("0.38/abort_sigint")["disks"]
    assert (disk["result"], disk["method"]) == ("aborted", "Gutmann Wipe")


def test_pdf_verify_only_erased_is_to_review():
    (disk,) = pdf("0.38/verify_zero_success")["disks"]
    assert disk["raw_status"] == "ERASED"
    assert disk["result"] == "review"


def test_pdf_042_disk_report():
    report = pdf("0.42/zero_success")
    assert (report["kind"], report["tool_version"]) == ("disk", "0.42")
    (disk,) = report["disks"]
    assert disk["device"] == "/dev/loop0"  # from the file name "..._device_loop0.pdf"
    assert (disk["result"], disk["method"], disk["verification"]) == ("success", "Fill With Zeros", "last")
    assert disk["throughput"] == "127 MB/sec"


def test_pdf_042_system_report_keeps_each_disk():
    report = pdf("0.42/ioerror_full_tmpfs")
    assert report["kind"] == "system"
    assert [(disk["result"], disk["raw_status"]) for disk in report["disks"]] == [
        ("failed", "FAILED"),
        ("success", "ERASED"),
    ]
    failed = report["disks"][0]
    assert failed["pass_errors"] == 2
    assert failed["start"] == DT(2026, 12, 1, 8, 5, 11)
    assert failed["end"] == DT(2026, 12, 1, 8, 5, 31)
    assert len({disk["key"] for disk in report["disks"]}) == 2


def test_pdf_that_is_no_nwipe_certificate():
    content = (FIXTURES / "0.38/zero_success").glob("*.pdf").__next__().read_bytes()
    assert error_code(content.replace(b"%PDF-", b"%PDF-", 1)[:200], "x.pdf") == "pdf"


def test_every_disk_not_erased_says_why():
    # Over all the real outputs: a disk is either a plain success, or carries a known reason code
    # and the English text of that code.
    seen = set()
    for path in sorted(FIXTURES.glob("*/*.log")) + sorted(FIXTURES.glob("*/*/*.pdf")):
        try:
            report = nwipe.parse_report(path.read_bytes(), path.name)
        except nwipe.ReportError:
            continue
        for disk in report["disks"]:
            assert (disk["result"] == "success") == (disk["review_code"] is None), (path, disk["key"])
            if disk["review_code"]:
                assert disk["review_reason"].startswith(nwipe.REASONS[disk["review_code"]])
                seen.add(disk["review_code"])
    assert {"status", "signal", "error_line", "verify_only", "later_run_failed", "pdf_status"} <= seen


def test_json_is_provisional():
    report = nwipe.parse_report(JSON_SUCCESS, "report.json")
    assert report["provisional"] is True
    assert real("0.42/zero_success.log")["provisional"] is False


# --- nwipe 0.28 and 0.35 (a few cases each) ---------------------------------------------------------


def test_real_028():
    (disk,) = real("0.28/zero_success.log")["disks"]
    # 0.28 logs "Wipe thread ... has been cancelled" at every exit: not an abort after a finished wipe.
    assert (disk["result"], disk["method"], disk["verification"]) == ("success", "Zero Fill", "last")
    assert {d["result"] for d in real("0.28/dodshort_2disks_verify_all_2rounds.log")["disks"]} == {"success"}
    disks = by_device(real("0.28/ioerror_full_tmpfs.log"))
    assert (disks["/dev/loop1"]["result"], disks["/dev/loop0"]["result"]) == ("success", "failed")
    assert "fdatasync: Input/output error" in disks["/dev/loop0"]["evidence_line"]
    appended = real("0.28/appended_zero_then_other_disk.log")
    assert [(d["device"], d["result"]) for d in appended["disks"]] == [
        ("/dev/loop0", "success"),
        ("/dev/loop1", "success"),
    ]


def test_real_028_sigint_is_aborted_not_failed():
    # "Program interrupted", then "Nwipe exited with non fatal errors on device = /dev/loop0".
    (disk,) = real("0.28/abort_sigint.log")["disks"]
    assert (disk["result"], disk["review_code"]) == ("aborted", "signal")
    assert disk["evidence_line"].endswith("Wipe thread for device /dev/loop0 has been cancelled")


def test_real_035_wipe_finished_before_nwipe_was_stopped_is_erased():
    # 0.35 hung after the wipe; SIGTERM five minutes later logged "Nwipe was aborted by the user",
    # but the Drive Status table says Erased: the disk was erased.
    text = (FIXTURES / "0.35/zero_success.log").read_text()
    assert "Nwipe was aborted by the user" in text.splitlines()[-1]
    report = real("0.35/zero_success.log")
    (disk,) = report["disks"]
    assert (report["tool_version"], disk["result"], disk["raw_status"]) == ("0.35", "success", "Erased")
    assert disk["end"] == DT(2026, 12, 1, 8, 28, 40)


def test_real_035_appended_runs_and_their_two_pdfs():
    (disk,) = real("0.35/appended_zero_then_verify_one_fail.log")["disks"]
    assert disk["result"] == "failed"
    pdfs = sorted((FIXTURES / "0.35/appended_zero_then_verify_one_fail").glob("*.pdf"))
    results = [nwipe.parse_report(path.read_bytes(), path.name)["disks"][0] for path in pdfs]
    assert [(d["method"], d["result"]) for d in results] == [
        ("Fill With Zeros", "success"),
        ("Verify Ones  (0xFF)", "failed"),
    ]
    # Each PDF starts at the second its run starts in the log: that is how the import pairs them.
    assert [d["start"] for d in results] == [run["start"] for run in disk["runs"]]


def test_run_cut_short_then_another_run_is_aborted():
    # The real appended 0.38 log with the end of its first run lost (e.g. power cut while wiping
    # /dev/loop0, then a new boot wiping /dev/loop1).
    text = (FIXTURES / "0.38/appended_zero_then_other_disk.log").read_text()
    lines = text.splitlines(keepends=True)
    cut = next(i for i, line in enumerate(lines) if "Finished pass 1/1, round 1/1, on /dev/loop0" in line)
    second = next(i for i, line in enumerate(lines) if i > cut and "info: Updated PDF_Certificate" in line)
    disks = by_device(parse("".join(lines[:cut] + lines[second:])))
    assert (disks["/dev/loop0"]["result"], disks["/dev/loop0"]["review_code"]) == ("aborted", "cut_run")
    assert disks["/dev/loop1"]["result"] == "success"
