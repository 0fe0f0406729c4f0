"""The `referrals` export, sent and received and what became of them.

One row per direction, counterpart and need. Its columns are the contract's
(`collab.contract.EXPORTS["referrals"]`); its rules are those of every export (a counterpart
is never the partner itself) and the three below. Whether what A sent matches what B received
compares files, so `reconcile.sent_received` is in `across_files`.
"""

import polars as pl

from collab import contract
from collab.config import Collaborative
from expectations.exports import every_export
from expectations.exports.sums import all_counts, sum_rule, sum_where_parsed, value_column
from expectations.rows import PARTNER, RowRule, count_value, expect
from expectations.rule import Rule

EXPORT = contract.EXPORTS["referrals"]

# Columns derived for GX, whose row expectations compare two columns but never "differ".
_COUNTERPART_IS_SELF = "__counterpart_is_self"
_ANSWERED = "__answered"
_RESPONDED = "__responded"


def _counterpart_rule(allowed: list[str]) -> RowRule:
    # A partner never refers to itself: its own id is no counterpart.
    return every_export.code_rule(
        "counterpart",
        allowed,
        known_also=pl.col("counterpart") != pl.col(PARTNER),
        gx=(expect("ExpectColumnValuesToBeInSet", column=_COUNTERPART_IS_SELF, value_set=[False]),),
        gx_columns=(
            (pl.col("counterpart") == pl.col(PARTNER)).fill_null(False).alias(_COUNTERPART_IS_SELF),
        ),
    )


REFERRALS = Rule(
    "sum.referrals",
    "error",
    "referrals: referrals = pending + accepted + declined_capacity + declined_ineligible + "
    "declined_other + withdrawn + no_response.",
    "Every referral has exactly one status; correct the counts.",
)

GOT_HELP = Rule(
    "sum.got_help",
    "error",
    "referrals: got_help <= accepted.",
    "`got_help` counts accepted referrals whose service was confirmed.",
)


def _got_help_rule() -> RowRule:
    return RowRule(
        GOT_HELP.id,
        "got_help",
        (count_value("got_help") > count_value("accepted")).fill_null(False),
        "`got_help` is larger than `accepted`",
        gx=(
            expect(
                "ExpectColumnPairValuesAToBeGreaterThanB",
                column_A=value_column("accepted"),
                column_B=value_column("got_help"),
                or_equal=True,
                ignore_row_if="either_value_is_missing",
            ),
        ),
        gx_columns=(
            count_value("accepted").alias(value_column("accepted")),
            count_value("got_help").alias(value_column("got_help")),
        ),
    )


RESPONDED = Rule(
    "sum.responded",
    "error",
    "referrals: responded_2d + responded_3_14d + responded_over_14d = accepted + "
    "declined_capacity + declined_ineligible + declined_other.",
    "Every answered referral has exactly one response time.",
)


def _responded_rule() -> RowRule:
    compared = (*contract.REFERRAL_ANSWERED, *contract.REFERRAL_RESPONSE_TIMES)
    answered = pl.sum_horizontal([count_value(c) for c in contract.REFERRAL_ANSWERED])
    responded = pl.sum_horizontal([count_value(c) for c in contract.REFERRAL_RESPONSE_TIMES])
    return RowRule(
        RESPONDED.id,
        "responded_2d",
        (responded != answered) & all_counts(compared),
        "response times do not add up to the answered referrals "
        "(accepted + declined_capacity + declined_ineligible + declined_other)",
        gx=(
            expect(
                "ExpectColumnPairValuesToBeEqual",
                column_A=_RESPONDED,
                column_B=_ANSWERED,
                ignore_row_if="either_value_is_missing",
            ),
        ),
        gx_columns=(
            sum_where_parsed(contract.REFERRAL_ANSWERED, compared).alias(_ANSWERED),
            sum_where_parsed(contract.REFERRAL_RESPONSE_TIMES, compared).alias(_RESPONDED),
        ),
    )


RULES: tuple[Rule, ...] = (REFERRALS, GOT_HELP, RESPONDED)


def row_rules(config: Collaborative) -> list[RowRule]:
    """Every error rule of a referrals row, in the order findings list them."""
    return [
        *every_export.row_rules(EXPORT, config, {"counterpart": _counterpart_rule}),
        sum_rule(REFERRALS, "referrals", contract.REFERRAL_STATUSES),
        _got_help_rule(),
        _responded_rule(),
    ]


def warning_rules() -> list[RowRule]:
    """No warning is read from a referrals file alone."""
    return []
