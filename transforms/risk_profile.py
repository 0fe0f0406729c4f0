"""Risk profile of accepted data: where publishing would be dangerous, before anything is.

Three views, per month: how many loaded cells are small (1..10); which partners' small totals
would disclose an attribute of everyone they count (all new individuals share one category);
and which confidential-location partners are the only provider of a need in a region (a
region × need figure would point at the shelter). It never blocks a file: it feeds the
data-quality report and the protection of releases.
"""

import duckdb
import polars as pl

from collab import contract

SMALL_MAX = 10


def _small_cells_sql(export: contract.Export) -> str:
    counts = ", ".join(export.counts)
    return f"""
        SELECT partner_id, '{export.name}' AS export, period, any_value(revision) AS revision,
               count(*) AS cells,
               count(*) FILTER (WHERE value BETWEEN 1 AND {SMALL_MAX}) AS small_cells
        FROM (UNPIVOT {export.name} ON {counts} INTO NAME measure VALUE value)
        GROUP BY partner_id, period
    """


def small_cells(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Per current submission: loaded count cells and how many of them are 1..10."""
    sql = " UNION ALL ".join(_small_cells_sql(e) for e in contract.EXPORTS.values())
    return con.execute(f"{sql} ORDER BY period, partner_id, export").pl()


ATTRIBUTE_SQL = """
WITH totals AS (
    SELECT partner_id, period, individuals AS total FROM demographics
    WHERE dimension = 'total' AND category = 'all'
)
SELECT d.partner_id, d.period, d.dimension, d.category, t.total
FROM demographics d JOIN totals t USING (partner_id, period)
WHERE d.dimension <> 'total' AND d.category <> 'not_reported'
  AND t.total BETWEEN 1 AND $threshold - 1 AND d.individuals = t.total
ORDER BY d.period, d.partner_id, d.dimension, d.category
"""


def attribute_disclosures(con: duckdb.DuckDBPyConnection, threshold: int) -> pl.DataFrame:
    """Partner-months whose small total is entirely one category (age, gender, victimization…).

    Publishing that partner's total would tell everyone who those few people are.
    """
    return con.execute(ATTRIBUTE_SQL, {"threshold": threshold}).pl()


SOLE_PROVIDER_SQL = """
WITH offers AS (
    SELECT period, region, need, partner_id FROM capacity
    UNION
    SELECT s.period, r.region, s.need, s.partner_id
    FROM services s JOIN partner_regions r USING (partner_id)
),
providers AS (
    SELECT period, region, need, count(DISTINCT partner_id) AS providers,
           any_value(partner_id) AS partner_id
    FROM offers GROUP BY ALL
)
SELECT p.period, p.region, p.need, p.partner_id
FROM providers p JOIN partners USING (partner_id)
WHERE p.providers = 1 AND partners.confidential_location
ORDER BY p.period, p.region, p.need
"""


def sole_confidential_providers(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """(period, region, need) whose only provider has a confidential location."""
    return con.execute(SOLE_PROVIDER_SQL).pl()
