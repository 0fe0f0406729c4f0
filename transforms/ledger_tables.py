"""The archive of facts a published release was made from (the tables are `schema.py`'s).

The storage side of `transforms/release/ledger.py`, kept with the warehouse so that intake,
resends and withdrawals (which must archive what a release used before it leaves) need not
reach up into the release layer.
"""

import duckdb

from transforms.schema import ARCHIVE


def archive_facts(con: duckdb.DuckDBPyConnection, export: str, where: str, params) -> int:
    """Copy the fact rows about to leave (`where`) that a published release was made from.

    Called before a resend replaces a revision or a withdrawal deletes one, in the same
    transaction. Rows no release used are not kept: they leave the warehouse for good.
    """
    return con.execute(
        f"INSERT INTO {ARCHIVE.format(export)} SELECT * FROM {export} WHERE {where} "
        f"AND EXISTS (SELECT 1 FROM ledger_inputs i WHERE i.export = '{export}' "
        f"AND i.partner_id = {export}.partner_id AND i.period = {export}.period "
        f"AND i.revision = {export}.revision) "
        f"AND NOT EXISTS (SELECT 1 FROM {ARCHIVE.format(export)} a "
        f"WHERE a.partner_id = {export}.partner_id AND a.period = {export}.period "
        f"AND a.revision = {export}.revision)",
        params,
    ).fetchone()[0]
