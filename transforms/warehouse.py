"""The warehouse's derived tables (dimensions, profiles, cross-file findings), replaced whole.

Unlike the tables of `schema.py`, which keep their rows and migrate, these are rebuilt from
their sources each time, so a table's shape is its frame's.
"""

import duckdb
import polars as pl

from collab import contract
from collab.config import Collaborative
from collab.periods import due_date, month_range, periods_of_month


def dimension_frames(config: Collaborative, last_month: str) -> dict[str, pl.DataFrame]:
    """The dimension tables, built from the config and the contract."""
    partners = pl.DataFrame(
        [
            {
                "partner_id": p.id,
                "label": p.label,
                "category": p.category,
                "confidential_location": p.confidential_location,
                "active_from": p.active_from,
            }
            for p in config.partners
        ],
        schema={
            "partner_id": pl.String,
            "label": pl.String,
            "category": pl.String,
            "confidential_location": pl.Boolean,
            "active_from": pl.String,
        },
    )
    due_day = config.submissions.due_day
    months = month_range("2020-01", last_month)
    return {
        "needs": pl.DataFrame(
            {"need": list(contract.NEEDS), "label": list(contract.NEEDS.values())}
        ),
        "regions": pl.DataFrame(
            {"region": [r.code for r in config.regions], "label": [r.label for r in config.regions]}
        ),
        "partners": partners,
        "partner_regions": pl.DataFrame(
            [(p.id, r) for p in config.partners for r in p.regions],
            schema={"partner_id": pl.String, "region": pl.String},
            orient="row",
        ),
        "partner_teams": pl.DataFrame(
            [(p.id, t) for p in config.partners for t in p.teams],
            schema={"partner_id": pl.String, "team": pl.String},
            orient="row",
        ),
        "funders": pl.DataFrame(
            [(f.id, f.label, f.program, f.calendar, f.partner_detail) for f in config.funders],
            schema={
                "funder_id": pl.String,
                "label": pl.String,
                "program": pl.String,
                "calendar": pl.String,
                "partner_detail": pl.Boolean,
            },
            orient="row",
        ),
        "funder_partners": pl.DataFrame(
            [(f.id, p) for f in config.funders for p in f.partners],
            schema={"funder_id": pl.String, "partner_id": pl.String},
            orient="row",
        ),
        "periods": pl.DataFrame(
            [{**periods_of_month(m), "due_date": due_date(m, due_day)} for m in months]
        ),
    }


def replace_tables(con: duckdb.DuckDBPyConnection, frames: dict[str, pl.DataFrame]) -> None:
    """Replace whole derived tables (dimensions, profiles) in one transaction."""
    con.execute("BEGIN TRANSACTION")
    try:
        for table, frame in frames.items():
            con.register("replacement", frame.to_arrow())
            con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM replacement")
            con.unregister("replacement")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
