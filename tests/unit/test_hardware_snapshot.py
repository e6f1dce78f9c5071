"""Hardware snapshots read from real tool outputs (tests/unit/fixtures/hardware, see its README)."""

import json
from pathlib import Path

import pytest
from plain import load

hs = load("filiere_reemploi", "hardware_snapshot")

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "hardware"

# The ThinkPad X1 Carbon 5th whose outputs eReuse published (and whose DMI values the umockdev runs
# replay): Lenovo writes the machine type in the product name, the model in the version.
X1 = {"serial": "PF0QMY5N", "brand": "Lenovo", "model": "ThinkPad X1 Carbon 5th", "machine_type": "20HRCTO1WW"}
X1_NVME = {"serial": "S35ANX0J401001", "model": "SAMSUNG MZVLW1T0HMLH-000L7", "size_gb": 1024, "type": "nvme"}


def parse(name):
    return hs.parse_snapshot((FIXTURES / name).read_bytes(), name)


def identity(snapshot):
    return {key: snapshot["system"][key] for key in X1}


def test_lshw_json_of_a_lenovo_takes_the_model_from_the_version():
    snapshot = parse("x1c5_lshw.json")
    assert snapshot["format"] == "lshw"
    assert identity(snapshot) == X1
    assert snapshot["system"]["cpu"] == "Intel Core i7-7500U"
    assert snapshot["system"]["ram_gb"] == 16.0
    assert snapshot["system"]["year"] == 2017  # BIOS N1MET31W of 03/10/2017
    # The NVMe controller has the serial, its namespace the size; the USB card reader is left out.
    assert snapshot["disks"] == [X1_NVME]


def test_lshw_json_of_a_desktop_whose_firmware_says_to_be_filled_by_oem():
    data = (FIXTURES / "desktop_no_sn_workbench2022.json").read_text()

    snapshot = hs.parse_lshw(json.loads(data)["data"]["lshw"])
    assert snapshot["system"]["serial"] is None  # "System Serial Number"
    assert snapshot["system"]["brand"] is None  # "System manufacturer"
    assert snapshot["system"]["model"] is None  # "System Product Name (To Be Filled By O.E.M.)"
    assert snapshot["system"]["ram_gb"] == 2.5  # 2 GB + 512 MB banks
    # The internal ATA disk is listed, the JetFlash USB stick plugged in during the test is not.
    assert [disk["serial"] for disk in snapshot["disks"]] == ["VD051GTF024B4L"]


def test_lshw_json_of_this_virtual_machine_has_no_serial():
    snapshot = parse("vm_lshw.json")
    assert snapshot["system"]["serial"] is None
    assert snapshot["disks"] == []  # the virtio disk has no serial
    assert snapshot["system"]["ram_gb"] == 24.0


def test_dmidecode_text_of_a_lenovo():
    snapshot = parse("x1c5_dmidecode.txt")
    assert snapshot["format"] == "dmidecode"
    assert identity(snapshot) == X1
    assert snapshot["system"]["cpu"] == "Intel Core i7-7500U"
    assert snapshot["system"]["ram_gb"] == 16.0  # two 8192 MB LPDDR3 devices
    assert snapshot["system"]["year"] == 2017
    # dmidecode knows the battery's design capacity, not what it holds today: no health.
    assert snapshot["battery"] == {"design_wh": 57.0, "full_wh": None, "health": None}


def test_dmidecode_placeholders_are_no_value():

    text = json.loads((FIXTURES / "desktop_no_sn_workbench2022.json").read_text())["data"]["dmidecode"]
    snapshot = hs.parse_dmidecode(text)
    assert snapshot["system"]["serial"] is None
    assert snapshot["system"]["brand"] is None
    assert snapshot["system"]["model"] is None


def test_dmidecode_that_could_not_read_the_table_is_refused():
    with pytest.raises(hs.SnapshotError) as error:
        parse("vm_dmidecode.txt")
    assert error.value.code == "no_data"


@pytest.mark.parametrize("name", ["x1c5_inxi.json", "x1c5_inxi.txt"])
def test_inxi_json_and_text(name):
    snapshot = parse(name)
    assert snapshot["format"] == "inxi"
    assert identity(snapshot) == X1
    # What inxi read here: the DMI and battery of the X1 (umockdev), the CPU and RAM of this machine.
    assert snapshot["system"]["cpu"] == "Intel Xeon"
    assert snapshot["system"]["ram_gb"] == 24.0  # 23.54 GiB usable
    assert snapshot["system"]["year"] == 2017
    assert snapshot["battery"] == {"design_wh": 57.0, "full_wh": 43.3, "health": 76}
    assert snapshot["disks"] == []  # /dev/vda: serial N/A


def test_inxi_of_this_virtual_machine_names_nothing_to_match():
    for name in ("vm_inxi.json", "vm_inxi.txt"):
        snapshot = parse(name)
        assert snapshot["system"]["serial"] is None
        assert snapshot["disks"] == []


def test_smartctl_json_of_an_nvme_and_of_an_ata_disk():
    assert parse("x1c5_smartctl_nvme0.json")["disks"] == [X1_NVME]
    snapshot = parse("desktop_no_sn_smartctl_sda.json")
    assert snapshot["format"] == "smartctl"
    assert snapshot["system"]["serial"] is None
    assert snapshot["disks"] == [
        {"serial": "VD051GTF024B4L", "model": "HDT722520DLAT80", "size_gb": 200, "type": "hdd"}
    ]


def test_smartctl_that_found_no_disk_is_refused_with_its_message():
    with pytest.raises(hs.SnapshotError) as error:
        parse("vm_smartctl_vda.json")
    assert error.value.code == "no_data"
    assert "Unable to detect device type" in error.value.detail


def test_upower_alone_names_no_computer():
    with pytest.raises(hs.SnapshotError) as error:
        parse("x1c5_upower.txt")
    assert error.value.code == "battery_only"
    assert hs.parse_upower((FIXTURES / "x1c5_upower.txt").read_text())["battery"] == {
        "design_wh": 57.0,
        "full_wh": 43.32,
        "health": 76,
    }
    with pytest.raises(hs.SnapshotError) as error:
        parse("vm_upower.txt")  # upowerd not running
    assert error.value.code == "no_data"


def test_dmidecode_then_upower_in_one_file():
    content = (FIXTURES / "x1c5_dmidecode.txt").read_bytes() + (FIXTURES / "x1c5_upower.txt").read_bytes()
    snapshot = hs.parse_snapshot(content, "x1.txt")
    assert snapshot["format"] == "combined"
    assert identity(snapshot) == X1
    assert snapshot["battery"]["health"] == 76  # upower's, not dmidecode's design capacity alone


def test_workbench_2022_snapshot_merges_lshw_dmidecode_and_smartctl():
    snapshot = parse("x1c5_workbench14.json")
    assert snapshot["format"] == "workbench"
    assert identity(snapshot) == X1
    assert snapshot["system"]["ram_gb"] == 16.0
    assert snapshot["disks"] == [X1_NVME]  # lshw and smartctl list the same disk once


def test_workbench_2022_snapshot_without_system_serial_lists_its_disk():
    snapshot = parse("desktop_no_sn_workbench2022.json")
    assert snapshot["system"]["serial"] is None
    assert snapshot["system"]["cpu"] == "Intel Core2 6420"
    assert snapshot["disks"] == [
        {"serial": "VD051GTF024B4L", "model": "HDT722520DLAT80", "size_gb": 200, "type": "hdd"}
    ]


def test_workbench_12_devicehub_snapshot_with_device_and_components():
    snapshot = parse("eee1001pxd_workbench12.json")
    assert snapshot["system"]["serial"] == "B8OAAS048285"
    assert (snapshot["system"]["brand"], snapshot["system"]["model"]) == ("ASUS", "1001PXD")
    assert snapshot["system"]["cpu"] == "Intel Atom N455"
    assert snapshot["system"]["ram_gb"] == 1.0
    assert snapshot["disks"] == [{"serial": "E2024242CV86MM", "model": "HTS54322", "size_gb": 238, "type": "hdd"}]


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty"),
        (b"  \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        (b'{"class": "system", ', "json"),
        (b'{"hello": "world"}', "unrecognised"),
        (b"Bonjour, ceci n'est pas un rapport.\n", "unrecognised"),
    ],
)
def test_unreadable_files(content, code):
    with pytest.raises(hs.SnapshotError) as error:
        hs.parse_snapshot(content, "x")
    assert error.value.code == code


@pytest.mark.parametrize(
    "value",
    [
        "To Be Filled By O.E.M.",
        "Not Specified",
        "Default string",
        "System Serial Number",
        "0123456789",
        "00000000",
        "XXXXXXXX",
        " ",
    ],
)
def test_placeholders_are_no_value(value):
    assert hs.clean(value) is None


def test_cpu_names_lose_their_trademarks_and_clock():
    assert hs.cpu_name("Intel(R) Core(TM) i5-8350U CPU @ 1.70GHz") == "Intel Core i5-8350U"
    assert (
        hs.cpu_name("AMD Ryzen 5 PRO 3500U w/ Radeon Vega Mobile Gfx")
        == "AMD Ryzen 5 PRO 3500U w/ Radeon Vega Mobile Gfx"
    )
