"""The resend rule: each received file's revision and status, without a warehouse."""

from datetime import datetime

from transforms.revisions import Arrival, Decision, decide_revisions

OSE = ("OSE", "services", "2026-07")
DSS = ("DSS", "services", "2026-07")
JULY, AUGUST, SEPTEMBER = datetime(2026, 7, 5), datetime(2026, 8, 5), datetime(2026, 9, 5)


def accepted(key, received_at=AUGUST) -> Arrival:
    return Arrival(key, True, received_at)


def test_a_first_file_is_revision_one_and_current():
    assert decide_revisions([accepted(OSE)], {}) == [Decision(1, "accepted", True, False)]


def test_a_resend_is_the_next_revision_and_replaces_the_current_one():
    stored = {OSE: (2, JULY)}
    assert decide_revisions([accepted(OSE)], stored) == [Decision(3, "accepted", True, True)]


def test_an_older_file_arriving_after_a_newer_revision_is_superseded():
    stored = {OSE: (1, AUGUST)}
    assert decide_revisions([accepted(OSE, JULY)], stored) == [
        Decision(2, "superseded", False, False)
    ]


def test_a_rejected_file_is_quarantined_and_still_numbered():
    rejected = [Arrival(OSE, False, AUGUST), accepted(OSE, SEPTEMBER)]
    assert decide_revisions(rejected, {}) == [
        Decision(1, "quarantined", False, False),
        Decision(2, "accepted", True, False),  # nothing current was replaced
    ]


def test_a_file_without_a_key_has_no_revision():
    assert decide_revisions([Arrival(None, False, AUGUST)], {OSE: (1, JULY)}) == [
        Decision(None, "quarantined", False, False)
    ]


def test_a_key_without_a_current_revision_gets_one_without_a_replacement():
    # Its earlier files were all quarantined (or withdrawn).
    assert decide_revisions([accepted(OSE)], {OSE: (2, None)}) == [
        Decision(3, "accepted", True, False)
    ]


def test_in_one_batch_the_last_accepted_file_of_a_key_wins():
    batch = [accepted(OSE, JULY), accepted(DSS, JULY), accepted(OSE, AUGUST)]
    assert decide_revisions(batch, {}) == [
        Decision(1, "superseded", False, False),
        Decision(1, "accepted", True, False),
        Decision(2, "accepted", True, True),
    ]


def test_in_one_batch_an_older_file_after_a_newer_one_is_superseded():
    batch = [accepted(OSE, AUGUST), accepted(OSE, JULY)]
    assert decide_revisions(batch, {OSE: (1, JULY)}) == [
        Decision(2, "accepted", True, True),
        Decision(3, "superseded", False, False),
    ]


def test_what_earlier_intakes_stored_is_not_changed():
    stored = {OSE: (1, JULY)}
    decide_revisions([accepted(OSE), accepted(DSS)], stored)
    assert stored == {OSE: (1, JULY)}
