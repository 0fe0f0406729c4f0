"""The data-quality picture for evaluators: every file's fate, every finding, how to fix it."""

import duckdb
import polars as pl

from expectations.catalogue import RULES_BY_ID


def files(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """One row per received file: its status and findings by severity."""
    return con.execute(
        """
        WITH counted AS (
            SELECT sha256, file_name, revision,
                   count(*) FILTER (WHERE severity = 'error') AS errors,
                   count(*) FILTER (WHERE severity = 'warning') AS warnings,
                   count(*) FILTER (WHERE severity = 'info') AS infos,
                   string_agg(DISTINCT rule, ', ' ORDER BY rule) AS rules
            FROM findings GROUP BY ALL
        )
        SELECT s.period, s.partner_id, s.export, s.file_name, s.revision, s.status,
               s.received_at, coalesce(c.errors, 0) AS errors,
               coalesce(c.warnings, 0) AS warnings, coalesce(c.infos, 0) AS infos,
               coalesce(c.rules, '') AS rules
        FROM submissions s
        LEFT JOIN counted c ON c.sha256 = s.sha256 AND c.file_name = s.file_name
             AND c.revision IS NOT DISTINCT FROM s.revision
        ORDER BY s.period NULLS FIRST, s.partner_id, s.export, s.revision
        """
    ).pl()


def all_findings(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """File findings and cross-file findings together, each with how to fix it."""
    frame = con.execute(
        """
        SELECT period, partner_id, export, file_name, revision, rule, severity, "column", "row",
               message FROM findings
        UNION ALL
        SELECT period, partner_id, export, file_name, revision, rule, severity, "column", "row",
               message FROM cross_file_findings
        ORDER BY period NULLS FIRST, partner_id, export, file_name, rule, "row"
        """
    ).pl()
    fixes = {rule_id: rule.fix for rule_id, rule in RULES_BY_ID.items()}
    return frame.with_columns(
        pl.col("rule").replace_strict(fixes, default="", return_dtype=pl.String).alias("fix")
    )
