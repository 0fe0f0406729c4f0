"""Textbook cases: the naive answer (primary suppression only) leaks, ours does not."""

import polars as pl
import pytest

from sdc.audit import audit_pattern
from sdc.suppress import primary, protect
from tests.transforms.conftest import covering
from transforms.release.assemble import assemble
from transforms.release.ledger import LedgerRelease, linked, releases
from transforms.release.publish import publish

K = 11


def _release(config, audience, period, months, partners=None):
    partners = frozenset(partners or config.partner_ids)
    return LedgerRelease(f"{audience}/{period}/v1", audience, period, months, partners)


def _naive_and_ours(con, config, release, earlier):
    problem = assemble(con, config, release, earlier, K).problem
    naive = problem.cells.suppressed | primary(problem)
    ours = protect(problem)
    return audit_pattern(problem, naive), audit_pattern(problem, ours.suppressed), ours


def test_a_row_with_one_small_cell(warehouse, config):
    con = warehouse(
        [
            ("OSE", "2026-07", "LEGAL", [20, 0, 0, 0, 0, 0]),
            ("OSE", "2026-07", "MEDICAL", [3, 0, 0, 0, 0, 0]),
            ("OSE", "2026-07", "FINANCIAL", [30, 0, 0, 0, 0, 0]),
        ]
    )
    naive, ours, suppression = _naive_and_ours(
        con, config, _release(config, "collaborative", "2026-07", ("2026-07",)), []
    )
    assert naive and not ours
    assert suppression.secondary > 0


def test_a_quarter_and_its_months(warehouse, config, tmp_path):
    rows = []
    for month, legal in (("2026-07", 4), ("2026-08", 25), ("2026-09", 30)):
        rows += [
            ("OSE", month, "LEGAL", [legal, 0, 0, 0, 0, 0]),
            ("DSS", month, "MEDICAL", [40, 0, 0, 0, 0, 0]),
        ]
    con = warehouse(rows)
    for month in ("2026-07", "2026-08", "2026-09"):
        publish(con, config, tmp_path / "reports", "collaborative", month)
    quarter = _release(config, "collaborative", "2026-Q3", ("2026-07", "2026-08", "2026-09"))
    alone = assemble(con, config, quarter, [], K).problem
    alone_suppressed = protect(alone).suppressed
    # Protected on its own, the quarter looks fine…
    assert not audit_pattern(alone, alone_suppressed)
    # …but with the months already published, it must be protected jointly.
    _, ours, _ = _naive_and_ours(con, config, quarter, linked(releases(con), quarter.months))
    assert not ours


def test_a_funder_subset_and_the_collaborative_total(warehouse, config, tmp_path):
    # VOCA funds OSE, SHELTER-N and DSS; FAITH-1 is outside it and sent 3 legal requests.
    con = warehouse(
        [
            ("OSE", "2026-07", "LEGAL", [30, 0, 0, 0, 0, 0]),
            ("DSS", "2026-07", "LEGAL", [15, 0, 0, 0, 0, 0]),
            ("FAITH-1", "2026-07", "LEGAL", [3, 0, 0, 0, 0, 0]),
            ("DSS", "2026-07", "MEDICAL", [50, 0, 0, 0, 0, 0]),
            *covering("2026-07"),
        ]
    )
    publish(con, config, tmp_path / "reports", "collaborative", "2026-07")
    funder = _release(
        config,
        "funder:VOCA",
        "2026-07",
        ("2026-07",),
        next(f for f in config.funders if f.id == "VOCA").partners,
    )
    naive, ours, _ = _naive_and_ours(con, config, funder, linked(releases(con), funder.months))
    # The difference (collaborative minus VOCA) is FAITH-1's 3: the same sum as the
    # collaborative's hidden METRO cell, checked once under the stricter kind.
    assert {leak.kind for leak in naive} & {"earlier small", "difference"}
    assert not ours


def _quantity_sums(problem) -> pl.DataFrame:
    """Each sensitive quantity's recorded value beside the sum of its atoms' true values."""
    quantities = problem.sensitive
    return pl.DataFrame(
        {
            "kind": quantities.kind.astype(str),
            "value": quantities.value,
            "atom_sum": quantities.atoms @ problem.atoms.value,
        }
    ).filter(quantities.atoms.getnnz(axis=1) > 0)


def test_every_sensitive_quantity_is_its_own_sum_across_linked_releases(
    warehouse, config, tmp_path
):
    """A month, its quarter and a funder's release share cell keys but not always atoms.

    Regression: keyed without the release, a funder's small cell borrowed the
    collaborative's atoms (and a month cell's atoms were counted once per release), so
    the audit checked a different, larger sum than the one published.
    """
    rows = []
    for month, legal in (("2026-07", 4), ("2026-08", 6), ("2026-09", 30)):
        rows += [
            ("OSE", month, "LEGAL", [legal, 0, 0, 0, 0, 0]),
            ("FAITH-1", month, "LEGAL", [5, 0, 0, 0, 0, 0]),
            ("DSS", month, "MEDICAL", [40, 0, 0, 0, 0, 0]),
        ]
    con = warehouse(rows)
    reports = tmp_path / "reports"
    for month in ("2026-07", "2026-08", "2026-09"):
        publish(con, config, reports, "collaborative", month)
    publish(con, config, reports, "collaborative", "2026-Q3")
    funder = _release(
        config,
        "funder:VOCA",
        "FY2026-Q4",
        ("2026-07", "2026-08", "2026-09"),
        next(f for f in config.funders if f.id == "VOCA").partners,
    )
    problem = assemble(con, config, funder, linked(releases(con), funder.months), K).problem
    sums = _quantity_sums(problem)
    assert sums.height == len(problem.sensitive)
    assert sums.filter(pl.col("value") != pl.col("atom_sum")).height == 0
    assert "earlier small" in set(sums["kind"])
    assert not audit_pattern(problem, protect(problem).suppressed)


def test_published_release_files_match_the_warehouse(warehouse, config, tmp_path):
    con = warehouse(
        [
            ("OSE", "2026-07", "LEGAL", [20, 1, 0, 2, 0, 0]),
            ("DSS", "2026-07", "LEGAL", [12, 0, 0, 0, 0, 0]),
            ("DSS", "2026-07", "MEDICAL", [40, 5, 0, 0, 0, 0]),
        ]
    )
    published = publish(con, config, tmp_path / "reports", "collaborative", "2026-07")
    services = pl.read_csv(
        published.folder / "tables" / "services.csv", schema_overrides={"value": pl.Int64}
    )
    shown = services.filter(pl.col("flag").is_null())
    assert not shown.filter(pl.col("value").is_between(1, K - 1)).height
    total = shown.filter(
        (pl.col("region") == "ALL") & (pl.col("need") == "ALL") & (pl.col("outcome") == "requests")
    )
    assert total["value"].to_list() == [80]
    # A rebuild of an unchanged release rewrites the same files.
    again = publish(con, config, tmp_path / "reports", "collaborative", "2026-07")
    assert again.rebuilt
    assert pl.read_csv(again.folder / "tables" / "services.csv").equals(
        pl.read_csv(published.folder / "tables" / "services.csv")
    )


def test_unknown_audience_and_period_are_clear_errors(warehouse, config, tmp_path):
    from transforms.release.publish import ReleaseError

    con = warehouse([("OSE", "2026-07", "LEGAL", [20, 0, 0, 0, 0, 0])])
    with pytest.raises(ReleaseError, match="unknown audience"):
        publish(con, config, tmp_path, "funder:NOPE", "2026-07")
    with pytest.raises(ReleaseError, match="is not one of"):
        publish(con, config, tmp_path, "collaborative", "2026-13")


def test_changed_data_behind_a_published_release_fails_closed(warehouse, config, tmp_path):
    from transforms.release.publish import ReleaseError

    con = warehouse(
        [
            ("OSE", "2026-07", "LEGAL", [20, 0, 0, 0, 0, 0]),
            ("DSS", "2026-07", "LEGAL", [30, 0, 0, 0, 0, 0]),
        ]
    )
    first = publish(con, config, tmp_path, "collaborative", "2026-07")
    before = (first.folder / "tables" / "services.csv").read_text()
    con.execute("UPDATE services SET requests = 25, served = 25 WHERE partner_id = 'OSE'")
    with pytest.raises(ReleaseError, match="changed since"):
        publish(con, config, tmp_path, "collaborative", "2026-07")
    with pytest.raises(ReleaseError, match="changed since"):
        publish(con, config, tmp_path, "collaborative", "2026-Q3")
    assert (first.folder / "tables" / "services.csv").read_text() == before
    assert not (tmp_path / "collaborative" / "2026-Q3").exists()


def test_a_release_from_an_older_ledger_is_rewritten_with_its_own_tables(
    warehouse, config, tmp_path
):
    """Releases published before the referral tables existed keep their four tables."""
    con = warehouse([("OSE", "2026-07", "LEGAL", [20, 0, 0, 0, 0, 0])])
    reports = tmp_path / "reports"
    first = publish(con, config, reports, "collaborative", "2026-07")
    assert len(list((first.folder / "tables").iterdir())) > 4
    contract = ("services", "referrals", "demographics", "capacity")
    con.execute("UPDATE ledger_releases SET tables = NULL")
    con.execute('DELETE FROM ledger_cells WHERE "table" NOT IN (SELECT unnest($1))', [contract])
    again = publish(con, config, reports, "collaborative", "2026-07")
    assert again.rebuilt
    assert sorted(p.stem for p in (again.folder / "tables").iterdir()) == sorted(contract)
    # A later release linked to it is still protected jointly with what it published.
    quarter = publish(con, config, reports, "collaborative", "2026-Q3")
    assert not quarter.rebuilt
