"""Rules read across files and months: timeliness, history, reconciliation, withdrawals.

They need the warehouse (earlier months, other partners' files, the ledger of submissions),
not one file, so only their catalogue entries live here. Their logic is in the ingest
(`pipelines/defs/ingest/intake.py`: `timeliness.late`, `file.withdrawn`, `history.big_change`
with `expectations.history`, `file.revision`) and in `transforms/cross_file.py`
(`timeliness.missing`, `reconcile.sent_received`).
"""

from expectations.rule import Rule

RULES: tuple[Rule, ...] = (
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
