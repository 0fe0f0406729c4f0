"""The bad files of `collab synth --faults`, and what the gate must do with each.

Every fault file is recorded in `faults.json` at the workspace root as
`{"file", "expected", "rule", "description"}` (`file` relative to the workspace, `rule` a rule
id of `expectations.catalogue` or null). Fault files use real partner ids and months (except
the unknown partner) and are what the partner sent *instead of* its real file for that export
and month, so no normal file is overwritten or doubled; the resend is the one exception: it
comes on top of the real file, as its revision. Slots (partner, export, month) are picked from
the seed.

Each fault: what is wrong; the file (`<m>` a month, `<P>` a real partner id); expected; rule.

1. a row-level client list (names, phones, addresses, birth dates) named like a services export:
   `inbox/<m>/<P>_services_<m>.csv`; reject; `risk.identifier_column`
2. requests != sum of outcomes on one row: `inbox/<m>/<P>_services_<m>.csv`; reject;
   `sum.requests`
3. last month's file renamed, rows say the previous month: `inbox/<m>/<P>_capacity_<m>.csv`;
   reject; `row.period_mismatch`
4. a well-formed file from a partner id not in the config (`<PREFIX>-Z<n>`):
   `inbox/<m>/<NEW>_services_<m>.csv`; reject; `file.partner_unknown`
5. a need code not in the contract: `inbox/<m>/<P>_services_<m>.csv`; reject;
   `value.unknown_code`
6. a count of -1 (the sum still holds): `inbox/<m>/<P>_services_<m>.csv`; reject;
   `value.count_negative`
7. an empty count cell: `inbox/<m>/<P>_capacity_<m>.csv`; reject; `value.count_blank`
8. a count of `n.5`: `inbox/<m>/<P>_capacity_<m>.csv`; reject; `value.count_not_integer`
9. the export saved as Excel, sent instead of the CSV: `inbox/<m>/<P>_services_<m>.xlsx`;
   accept; null
10. a corrected resend weeks later, same file name: `inbox/resends/<P>_services_<m>.csv`;
    accept; null; its entry adds `"revision": 2` and `"replaces"` (the original's path)
11. a person's name in the need column: `inbox/<m>/<P>_capacity_<m>.csv`; reject;
    `risk.person_name` (never echoed)
12. a phone number in a count column: `inbox/<m>/<P>_capacity_<m>.csv`; reject;
    `risk.phone` (never echoed)
13. referrals != sum of statuses: `inbox/<m>/<P>_referrals_<m>.csv`; reject; `sum.referrals`
14. gender rows add up to more than the total: `inbox/<m>/<P>_demographics_<m>.csv`; reject;
    `sum.demographics_total`
15. one need on two rows: `inbox/<m>/<P>_services_<m>.csv`; reject; `row.duplicate_key`
16. an extra `fiscal_year` column: `inbox/<m>/<P>_demographics_<m>.csv`; reject;
    `header.unknown_column`
17. BOM, CRLF line ends, columns reordered, header names capitalised and padded:
    `inbox/<m>/<P>_referrals_<m>.csv`; accept; null

The export in the path is the first choice; in a tiny workspace a fault may move to another
export that can carry it (e.g. a blank count in demographics).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from synthetic import fault_files as build


@dataclass(frozen=True)
class Fault:
    """One kind of fault file and the gate's expected answer."""

    key: str
    exports: tuple[str, ...]  # exports that can carry it, preferred first
    expected: str
    rule: str | None
    description: str
    make: Callable[[build.FaultInput], build.FaultOutput]
    # "replace": sent instead of the partner's real file for the slot; "revise": a later
    # revision of the real file, which stays; "borrow": the slot's rows under another id.
    slot: Literal["replace", "revise", "borrow"] = "replace"


FAULTS: tuple[Fault, ...] = (
    Fault(
        "client_list",
        ("services",),
        "reject",
        "risk.identifier_column",
        "row-level client list (names, phones, addresses, birth dates) sent as services",
        build.client_list,
    ),
    Fault(
        "sum_requests",
        ("services",),
        "reject",
        "sum.requests",
        "requests do not equal the sum of outcomes on one row",
        build.broken_requests_sum,
    ),
    Fault(
        "period_mismatch",
        ("capacity", "demographics", "services", "referrals"),
        "reject",
        "row.period_mismatch",
        "last month's file renamed: rows carry the previous month",
        build.previous_month_rows,
    ),
    Fault(
        "partner_unknown",
        ("services",),
        "reject",
        "file.partner_unknown",
        "well-formed services file from a partner id not in the config",
        build.unknown_partner,
        slot="borrow",
    ),
    Fault(
        "unknown_need",
        ("services", "capacity", "referrals"),
        "reject",
        "value.unknown_code",
        "need code that is not in the contract",
        build.unknown_need_code,
    ),
    Fault(
        "count_negative",
        ("services", "capacity"),
        "reject",
        "value.count_negative",
        "a count of -1 (the sum rule still holds)",
        build.negative_count,
    ),
    Fault(
        "count_blank",
        ("capacity", "demographics"),
        "reject",
        "value.count_blank",
        "an empty count cell",
        build.blank_count,
    ),
    Fault(
        "count_decimal",
        ("capacity", "demographics"),
        "reject",
        "value.count_not_integer",
        "a count with a decimal part",
        build.decimal_count,
    ),
    Fault(
        "xlsx",
        ("services", "referrals", "capacity", "demographics"),
        "accept",
        None,
        "valid export saved as .xlsx, sent instead of the CSV",
        build.excel_workbook,
    ),
    Fault(
        "resend",
        ("services", "demographics"),
        "accept",
        None,
        "corrected resend of a month weeks later (revision 2 of the same file name)",
        build.corrected_resend,
        slot="revise",
    ),
    Fault(
        "name_in_need",
        ("capacity", "services", "referrals"),
        "reject",
        "risk.person_name",
        "a person's name pasted into the need column",
        build.name_in_need,
    ),
    Fault(
        "phone_in_count",
        ("capacity", "demographics"),
        "reject",
        "risk.phone",
        "a phone number pasted into a count column",
        build.phone_in_count,
    ),
    Fault(
        "sum_referrals",
        ("referrals",),
        "reject",
        "sum.referrals",
        "referrals do not equal the sum of statuses on one row",
        build.broken_referrals_sum,
    ),
    Fault(
        "demographics_total",
        ("demographics",),
        "reject",
        "sum.demographics_total",
        "gender rows add up to more than the total",
        build.demographics_not_adding_up,
    ),
    Fault(
        "duplicate_need",
        ("services", "capacity"),
        "reject",
        "row.duplicate_key",
        "the same need on two rows",
        build.duplicate_need,
    ),
    Fault(
        "unknown_column",
        ("demographics", "services", "capacity", "referrals"),
        "reject",
        "header.unknown_column",
        "an extra fiscal_year column",
        build.extra_column,
    ),
    Fault(
        "spreadsheet_quirks",
        ("referrals", "services", "capacity", "demographics"),
        "accept",
        None,
        "BOM, CRLF, reordered columns, capitalised and padded header names",
        build.spreadsheet_quirks,
    ),
)
