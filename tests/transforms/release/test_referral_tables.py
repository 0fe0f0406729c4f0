"""The referral tables cut from one family of atoms: true values, and relations kept safe."""

import polars as pl
import pytest

from collab.contract import REFERRAL_RESPONSE_TIMES, REFERRAL_STATUSES
from transforms.release.atoms import split_referrals
from transforms.release.publish import publish

K = 11
COUNTS = ("referrals", *REFERRAL_STATUSES, "got_help", *REFERRAL_RESPONSE_TIMES)
# (partner, counterpart, need, counts in COUNTS order); contract sums hold on every row.
ROWS = [
    ("OSE", "DSS", "LEGAL", (40, 5, 25, 5, 0, 0, 3, 2, 20, 20, 8, 2)),
    ("OSE", "FAITH-1", "SOCIAL_SERVICES", (30, 0, 26, 0, 4, 0, 0, 0, 18, 25, 5, 0)),
    ("DSS", "OSE", "LEGAL", (22, 2, 14, 3, 0, 0, 3, 0, 12, 12, 5, 0)),
    ("DSS", "EXT-campus", "MEDICAL", (25, 0, 4, 21, 0, 0, 0, 0, 3, 20, 5, 0)),
]


def _referrals(rows) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "partner_id": p,
                "period": "2026-07",
                "direction": "sent",
                "counterpart": c,
                "need": n,
                **dict(zip(COUNTS, counts, strict=True)),
                "source_row": i + 2,
                "revision": 1,
            }
            for i, (p, c, n, counts) in enumerate(rows)
        ]
    )


@pytest.fixture
def release(warehouse, tmp_path, config):
    con = warehouse([("OSE", "2026-07", "LEGAL", [30, 0, 0, 0, 0, 0])])
    con.register("facts", _referrals(ROWS).to_arrow())
    con.execute("INSERT INTO referrals BY NAME SELECT * FROM facts")
    folder = publish(con, config, tmp_path / "reports", "collaborative", "2026-07").folder

    def table(name: str) -> pl.DataFrame:
        return pl.read_csv(
            folder / "tables" / f"{name}.csv",
            schema_overrides={"value": pl.Int64},
            infer_schema_length=0,
        ).with_columns(pl.col("value").cast(pl.Int64))

    return table


def test_north_west_split_keeps_both_margins():
    category = {"OSE": "victim_service", "DSS": "system_based", "FAITH-1": "faith_based"}
    atoms = split_referrals(_referrals(ROWS), category)
    by_status = atoms.with_columns(pl.col("leaf").str.split("@").list.first()).group_by(
        "need", "dimension", "detail", "leaf"
    )
    got_help = by_status.agg(pl.col("value").sum()).filter(pl.col("leaf") == "got_help")
    assert got_help.sort("need", "dimension")["value"].to_list() == [12, 20, 3, 18]
    times = (
        atoms.filter(pl.col("leaf").str.contains("@"))
        .with_columns(pl.col("leaf").str.split("@").list.last())
        .group_by("leaf")
        .agg(pl.col("value").sum())
        .sort("leaf")
    )
    assert times.rows() == [
        ("responded_2d", 77),
        ("responded_3_14d", 23),
        ("responded_over_14d", 2),
    ]
    assert atoms["value"].sum() == sum(r[3][0] for r in ROWS)
    assert atoms.filter(pl.col("detail") == "outside_collaborative")["value"].sum() == 25


def test_published_referral_tables_equal_the_facts(release):
    def shown(name, **where):
        frame = release(name)
        for column, value in where.items():
            frame = frame.filter(pl.col(column) == value)
        return frame.filter(pl.col("flag").is_null())["value"].to_list()

    assert shown("referral_loop", period="2026-07", need="ALL", loop="accepted") == [69]
    assert shown("referral_loop", period="2026-07", need="ALL", loop="got_help") == [53]
    assert shown("referral_loop", period="2026-07", need="LEGAL", loop="got_help") in ([32], [])
    assert shown("referral_answers", period="2026-07", need="ALL", answer="answered") == [102]
    assert shown("referral_answers", period="2026-07", need="ALL", answer="responded_2d") == [77]
    flows = release("referral_flows")
    assert flows.columns == ["period", "from_category", "to_category", "value", "flag"]
    assert shown("referral_flows", from_category="victim_service", to_category="system_based") == [
        40
    ]
    assert shown("referral_flows", from_category="ALL", to_category="ALL") == [117]


def test_a_small_count_is_hidden_in_every_table_that_shows_it(release):
    """MEDICAL accepted (4) is the referral table's cell and the loop table's total."""
    referrals = release("referrals").filter(
        (pl.col("need") == "MEDICAL") & (pl.col("status") == "accepted")
    )
    loop = release("referral_loop").filter(
        (pl.col("need") == "MEDICAL") & (pl.col("loop") == "accepted")
    )
    assert referrals["flag"].to_list() == ["suppressed"]
    assert loop["flag"].to_list() == ["suppressed"]
    for name in ("referrals", "referral_loop", "referral_answers", "referral_flows"):
        published = release(name).filter(pl.col("flag").is_null())["value"]
        assert not published.is_between(1, K - 1).any(), name


def test_two_linked_tables_need_protecting_together(warehouse, config):
    """Hiding a small `got_help` with its loop total is safe in the loop table alone, but the
    referrals table publishes that total as `accepted`: the audit must see the leak."""
    from sdc.audit import audit_pattern
    from sdc.suppress import primary, protect
    from transforms.release.assemble import assemble
    from transforms.release.ledger import LedgerRelease

    con = warehouse([("OSE", "2026-07", "LEGAL", [30, 0, 0, 0, 0, 0])])
    rows = [("OSE", "DSS", "LEGAL", (40, 2, 30, 5, 0, 0, 3, 0, 8, 20, 15, 0))]
    con.register("facts", _referrals(rows).to_arrow())
    con.execute("INSERT INTO referrals BY NAME SELECT * FROM facts")
    release = LedgerRelease(
        "collaborative/2026-07/v1", "collaborative", "2026-07", ("2026-07",), config.partner_ids
    )
    assembly = assemble(con, config, release, [], K)
    problem, cells = assembly.problem, assembly.cells
    loop_total = ((cells["table"] == "referral_loop") & (cells["leaf"] == "accepted")).to_numpy()

    got_help = ((cells["table"] == "referral_loop") & (cells["leaf"] == "got_help")).to_numpy()
    naive = primary(problem) | loop_total
    assert (naive & got_help).any()

    assert audit_pattern(problem, naive)
    assert not audit_pattern(problem, protect(problem).suppressed)
