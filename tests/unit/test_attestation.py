from plain import load

attestation = load("filiere_wipe", "attestation")


def test_only_a_certificate_or_the_absence_of_storage_is_final():
    assert attestation.row_status("erased", "erased") == "erased"
    assert attestation.row_status("destroyed", "erased") == "destroyed"
    assert attestation.row_status("no_storage", "no_storage") == "no_storage"
    assert attestation.row_status(None, "no_storage") == "no_storage"
    # Erased but not certified yet: the attestation does not state it.
    assert attestation.row_status(None, "erased") == "pending"
    assert attestation.row_status(None, "pending") == "pending"
    assert attestation.row_status(None, "failed") == "failed"


def test_a_device_is_as_sanitised_as_its_weakest_medium():
    assert attestation.device_category([]) is None
    assert attestation.device_category([("A", "purge")]) == "purge"
    # A later, stronger pass on the same medium counts; another medium cleared only drags it down.
    assert attestation.device_category([("A", "clear"), ("A", "purge")]) == "purge"
    assert attestation.device_category([("A", "purge"), ("B", "clear")]) == "clear"
    assert attestation.device_category([("A", "destroy"), ("B", "purge")]) == "purge"


def test_below_the_agreed_method_follows_nist_order():
    assert attestation.below_agreed("clear", "nist_purge")
    assert attestation.below_agreed("purge", "destroy")
    assert not attestation.below_agreed("purge", "nist_purge")
    assert not attestation.below_agreed("destroy", "nist_purge")
    assert not attestation.below_agreed("clear", "nist_clear")
    assert not attestation.below_agreed(None, "nist_purge")
    assert not attestation.below_agreed("clear", None)


def test_counts_group_failed_with_pending():
    counts = attestation.count_statuses(["erased"] * 3 + ["pending"] * 2 + ["failed", "no_storage"])
    assert counts["erased"] == 3
    assert counts["pending"] == 2
    assert counts["failed"] == 1
    assert counts["no_storage"] == 1
    assert counts["destroyed"] == 0
    assert counts["incomplete"] == 3
