"""Withdrawal in the warehouse: what leaves, what the ledger keeps, what is refused, restore."""

from datetime import datetime

from transforms.release.ledger import releases
from transforms.release.publish import publish
from transforms.withdrawal import active_withdrawals, covers, restore, withdraw

NOW = datetime(2026, 10, 1)
ROWS = [
    ("OSE", "2026-07", "LEGAL", [30, 0, 0, 0, 0, 0]),
    ("OSE", "2026-08", "LEGAL", [25, 0, 0, 0, 0, 0]),
    ("DSS", "2026-07", "LEGAL", [20, 0, 0, 0, 0, 0]),
    ("DSS", "2026-07", "MEDICAL", [40, 0, 0, 0, 0, 0]),
    ("DSS", "2026-08", "MEDICAL", [45, 0, 0, 0, 0, 0]),
]


def _count(con, sql) -> int:
    return con.execute(sql).fetchone()[0]


def test_a_partner_that_leaves_takes_every_month_and_future_files(warehouse):
    con = warehouse(ROWS)
    con.execute(
        "INSERT INTO submissions VALUES ('OSE', 'services', '2026-07', 1, 'f', 'f', 'sha', 1, "
        "?, ?, 'accepted', true, 0, 0, NULL, NULL)",
        [NOW, NOW],
    )
    taken = withdraw(con, "OSE", None, "left the collaborative", "test", NOW)
    # Nothing was published: nothing is archived, the rows are simply gone.
    assert (taken.fact_rows, taken.archived_rows, taken.releases) == (2, 0, [])
    assert _count(con, "SELECT count(*) FROM services WHERE partner_id = 'OSE'") == 0
    assert _count(con, "SELECT count(*) FROM ledger_archive_services") == 0
    assert _count(con, "SELECT count(*) FROM submissions WHERE status = 'withdrawn'") == 1
    withdrawn = active_withdrawals(con)
    assert covers(withdrawn, "OSE", "2027-01") and not covers(withdrawn, "DSS", "2026-07")
    # Withdrawing again changes nothing; a month can't be restored out of a departure.
    withdraw(con, "OSE", None, "again", "test", NOW)
    assert _count(con, "SELECT count(*) FROM withdrawals") == 1
    assert restore(con, "OSE", ["2026-07"], "test", NOW) == 0
    assert covers(active_withdrawals(con), "OSE", "2026-07")
    assert restore(con, "OSE", None, "test", NOW) == 1
    assert not covers(active_withdrawals(con), "OSE", "2027-01")


def test_a_partner_gone_from_the_config_is_remade_from_the_ledger(warehouse, config, tmp_path):
    con = warehouse(ROWS)
    reports = tmp_path / "reports"
    publish(con, config, reports, "collaborative", "2026-07")
    taken = withdraw(con, "OSE", None, "left", "test", NOW)
    assert (taken.fact_rows, taken.archived_rows) == (2, 1)  # July was published, August not
    # The evaluator then removes OSE from the config (and from the funders that listed it).
    smaller = config.model_copy(
        update={
            "partners": [p for p in config.partners if p.id != "OSE"],
            "funders": [
                f.model_copy(update={"partners": [p for p in f.partners if p != "OSE"]})
                for f in config.funders
            ],
        }
    )
    again = publish(con, smaller, reports, "collaborative", "2026-07")
    assert again.version == 2 and "withdrawn" in again.note
    assert [r.release_id for r in releases(con)][-1] == "collaborative/2026-07/v2"
