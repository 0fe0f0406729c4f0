"""The rule catalogue: every check's stable id, severity, what it checks and how to fix it.

Rule ids are a contract with partners and evaluators (they appear in findings JSON and
`faults.json`); never rename one. `docs/rules.md` is generated from this list.
"""

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Rule:
    """One check of the gate."""

    id: str
    severity: Severity
    checks: str
    fix: str


RULES: tuple[Rule, ...] = (
    Rule(
        "file.name",
        "error",
        "The file name is `<partner_id>_<export>_<YYYY-MM>.csv` or `.xlsx`.",
        "Rename the file, e.g. `OSE_services_2026-07.csv`.",
    ),
    Rule(
        "file.partner_unknown",
        "error",
        "The partner id in the file name is listed in the collaborative config.",
        "Use your partner id as listed by the collaborative, or ask the evaluator to add you.",
    ),
    Rule(
        "file.period_range",
        "error",
        "The month in the file name is not before 2020-01 and not after the current month.",
        "Check the month in the file name.",
    ),
    Rule(
        "file.encoding",
        "error",
        "A CSV file is UTF-8 text (a byte-order mark is tolerated) without NUL bytes.",
        "Save the file as 'CSV UTF-8' from your spreadsheet program.",
    ),
    Rule(
        "file.unreadable",
        "error",
        "The file can be read as comma-separated text, or as an Excel workbook.",
        "Export the file again as CSV UTF-8 or .xlsx; do not rename other formats.",
    ),
    Rule(
        "file.empty",
        "error",
        "The file has a header row.",
        "Export the file again with its header row.",
    ),
    Rule(
        "file.not_regular",
        "error",
        "The file is a regular file: not a symbolic link, FIFO, device or socket (never opened).",
        "Copy the file itself into the inbox, not a link to it.",
    ),
    Rule(
        "file.too_large",
        "error",
        "The file is no bigger than `limits.max_file_mb` (default 50 MB); checked before reading.",
        "Send one partner's aggregated month per file; ask the evaluator if yours is larger.",
    ),
    Rule(
        "file.too_many_rows",
        "error",
        "The file has at most `limits.max_rows` data rows (default 200,000).",
        "Send aggregated counts, not one row per client or service.",
    ),
    Rule(
        "file.too_many_columns",
        "error",
        "The header has at most `limits.max_columns` cells (default 60).",
        "Export only the columns of the contract.",
    ),
    Rule(
        "file.cell_too_long",
        "error",
        "No cell holds more than `limits.max_cell_chars` characters (default 1,000).",
        "Cells hold codes and counts only; remove notes or pasted text.",
    ),
    Rule(
        "file.xlsx_uncompressed_size",
        "error",
        "An .xlsx unpacks to at most `limits.max_xlsx_uncompressed_mb` (default 200 MB), no "
        "large part is compressed more than `limits.max_xlsx_ratio` to 1 (default 100), and "
        "every part unpacks to the size and checksum its zip directory declares.",
        "Save the workbook again with only the export's sheet, or send CSV UTF-8.",
    ),
    Rule(
        "file.xlsx_external_link",
        "error",
        "An .xlsx has no links to other workbooks (`xl/externalLinks/`).",
        "Copy the sheet and paste values only into a new workbook, or send CSV UTF-8.",
    ),
    Rule(
        "file.xlsx_macro",
        "error",
        "An .xlsx carries no macros (no `vbaProject.bin`, no macro-enabled content type).",
        "Save as 'Excel Workbook (.xlsx)', not macro-enabled, or send CSV UTF-8.",
    ),
    Rule(
        "file.xlsx_embedded_object",
        "error",
        "An .xlsx embeds no objects or controls (`xl/embeddings/`, ActiveX, OLE objects).",
        "Remove embedded objects and buttons, or send CSV UTF-8.",
    ),
    Rule(
        "header.blank",
        "error",
        "Every header cell has a column name.",
        "Remove empty columns or name them as the contract does.",
    ),
    Rule(
        "header.duplicate",
        "error",
        "No column name appears twice (names are compared trimmed and case-insensitively).",
        "Remove the repeated column.",
    ),
    Rule(
        "header.missing_column",
        "error",
        "Every column of the export type is present.",
        "Add the missing column; see the partner export contract.",
    ),
    Rule(
        "header.unknown_column",
        "error",
        "No column outside the contract is present (nothing free-text is ever sent).",
        "Delete the extra column before sending.",
    ),
    Rule(
        "risk.identifier_column",
        "error",
        "No column is named like a personal identifier (name, dob, ssn, address, phone, "
        "email, case, client, notes, ...).",
        "This looks like a client-level export. Send the aggregate monthly export instead, "
        "and delete this file.",
    ),
    Rule(
        "risk.ssn",
        "error",
        "No cell looks like a social security number.",
        "Personal data must never leave your records: delete this file and send the "
        "aggregate export.",
    ),
    Rule(
        "risk.email",
        "error",
        "No cell looks like an e-mail address.",
        "Delete this file and send the aggregate export; never put contact details in it.",
    ),
    Rule(
        "risk.date",
        "error",
        "No cell holds a full date or date-time (a month is `YYYY-MM`).",
        "Write the month as `YYYY-MM` in `period`; dates of birth or service never go in.",
    ),
    Rule(
        "risk.lat_long",
        "error",
        "No cell looks like a latitude or longitude.",
        "Locations are never sent; use the region code from the collaborative's list.",
    ),
    Rule(
        "risk.phone",
        "error",
        "No cell looks like a phone number.",
        "Delete this file and send the aggregate export; never put contact details in it.",
    ),
    Rule(
        "risk.zip",
        "error",
        "No cell looks like a ZIP code.",
        "Places are sent only as the collaborative's region codes.",
    ),
    Rule(
        "risk.street_address",
        "error",
        "No cell looks like a street address or P.O. box.",
        "Addresses are never sent; use the region code from the collaborative's list.",
    ),
    Rule(
        "risk.person_name",
        "error",
        "No code or count cell holds a word from the person-name lists (Faker's first and "
        "last names across locales, minus the contract's own words).",
        "Codes and counts only: check that no client or staff name slipped into the file.",
    ),
    Rule(
        "risk.free_text",
        "error",
        "No code or count cell holds free text (several words, or a long text).",
        "Nothing free-text is ever sent: use the contract's codes and whole numbers.",
    ),
    Rule(
        "risk.fine_place",
        "error",
        "`region` is always one of the configured region codes, never a finer place.",
        "Use the region code from the collaborative's list; never a town, street or site.",
    ),
    Rule(
        "risk.person_rows",
        "error",
        "The file is not shaped like one row per person (25 rows or more whose counts are "
        "all 0 or 1).",
        "Send one row per need (or per counterpart and need) with totals for the month.",
    ),
    Rule(
        "row.partner_mismatch",
        "error",
        "Every row's `partner_id` is the one in the file name.",
        "Send one file per partner; fix `partner_id` or the file name.",
    ),
    Rule(
        "row.period_mismatch",
        "error",
        "Every row's `period` is the month in the file name.",
        "Send one file per month; fix `period` or the file name.",
    ),
    Rule(
        "value.count_blank",
        "error",
        "Every count cell holds a number (an empty cell is an error, not a zero).",
        "Write 0 where there were none.",
    ),
    Rule(
        "value.count_not_integer",
        "error",
        "Every count is a whole number.",
        "Counts are people or referrals: use whole numbers without decimals or text.",
    ),
    Rule(
        "value.count_negative",
        "error",
        "No count is negative.",
        "Correct the count; a correction of an earlier month is a resend of that month.",
    ),
    Rule(
        "value.unknown_code",
        "error",
        "Codes (need, direction, counterpart, status, region, dimension, category, question) "
        "are from the contract's lists and the collaborative config.",
        "Use the codes of the partner export contract exactly as written.",
    ),
    Rule(
        "row.duplicate_key",
        "error",
        "Each need (or direction/counterpart/need, dimension/category, or question) appears once.",
        "Add the duplicate rows together into one row.",
    ),
    Rule(
        "sum.requests",
        "error",
        "services: requests = served + partially_served + unmet_capacity + "
        "unmet_eligibility + unmet_declined + unmet_other.",
        "Every request ends in exactly one outcome; correct the counts.",
    ),
    Rule(
        "sum.referrals",
        "error",
        "referrals: referrals = pending + accepted + declined_capacity + declined_ineligible + "
        "declined_other + withdrawn + no_response.",
        "Every referral has exactly one status; correct the counts.",
    ),
    Rule(
        "sum.got_help",
        "error",
        "referrals: got_help <= accepted.",
        "`got_help` counts accepted referrals whose service was confirmed.",
    ),
    Rule(
        "sum.responded",
        "error",
        "referrals: responded_2d + responded_3_14d + responded_over_14d = accepted + "
        "declined_capacity + declined_ineligible + declined_other.",
        "Every answered referral has exactly one response time.",
    ),
    Rule(
        "sum.demographics_total",
        "error",
        "demographics: one `total/all` row; age_band and gender sum to it; every "
        "victimization and special_population count is at most the total.",
        "Use `not_reported` for people whose age or gender is unknown.",
    ),
    Rule(
        "sum.responses",
        "error",
        "feedback: responses = yes + no + not_applicable.",
        "Every survey that reached a question is counted once as yes, no or not_applicable; "
        "correct the counts.",
    ),
    Rule(
        "capacity.full_with_slots",
        "warning",
        "capacity: a need marked `full` has no open slots.",
        "Either the status is `limited` or `available`, or `slots` should be 0.",
    ),
    Rule(
        "timeliness.late",
        "warning",
        "The file arrived by the due day of the following month (`submissions.due_day`).",
        "Send the month's files by the due day; a late month is still loaded.",
    ),
    Rule(
        "timeliness.missing",
        "warning",
        "Every active partner sent every export for every month that is due (`feedback` is "
        "optional: a partner that sends none is never missing it).",
        "Send the missing export (a month with nothing to report is a file with only a header).",
    ),
    Rule(
        "history.big_change",
        "warning",
        "services: the month's total requests are within half (and at least 10) of the "
        "partner's own average over its previous 6 months.",
        "Confirm the figure, or resend a corrected file; a real change needs a note.",
    ),
    Rule(
        "reconcile.sent_received",
        "warning",
        "referrals: what a partner reports as `sent` to another partner matches what that "
        "partner reports as `received` from it (same need, same month).",
        "Compare your referral logs with the other partner's; resend the month if needed.",
    ),
    Rule(
        "file.withdrawn",
        "error",
        "The partner has not withdrawn the month (or left the collaborative): a withdrawn "
        "month's files are not loaded.",
        "If the partner wants the month counted again, the evaluator lifts the withdrawal "
        "(`collab withdraw --restore`) and the partner sends the file again.",
    ),
    Rule(
        "file.revision",
        "info",
        "A resend replaced an earlier revision of the same partner, export and month.",
        "Nothing to fix: the newer file counts.",
    ),
)

RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
