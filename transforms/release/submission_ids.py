"""Opaque submission ids for manifests: a keyed HMAC whose key never leaves the warehouse.

A manifest must say which submissions a release was made from, but a digest of a partner
file is a key to the file: a small aggregate file has few plausible contents, and an unsalted
hash lets anyone check a guess (a referrals file of 7 referrals was rebuilt in 51 s). The id
here is HMAC-SHA256 under a random key kept in the warehouse, so it names a submission and
its revision stably (a rebuild writes the same id) and can't be checked against any guess.
"""

import hashlib
import hmac
import secrets

import duckdb

from transforms.schema import SUBMISSION_ID_KEY_DDL

ID_LENGTH = 20  # hex characters: 80 bits, unique among any collaborative's submissions


def submission_key(con: duckdb.DuckDBPyConnection) -> bytes:
    """The warehouse's key, made on first use (one row, never exported).

    The table is made here too: old manifests are scrubbed before a run, from a warehouse
    `create_schema` may not have reached yet.
    """
    con.execute(SUBMISSION_ID_KEY_DDL)
    row = con.execute("SELECT key FROM submission_id_key LIMIT 1").fetchone()
    if row is None:
        key = secrets.token_bytes(32)
        con.execute("INSERT INTO submission_id_key VALUES (?)", [key])
        return key
    return bytes(row[0])


def submission_id(
    key: bytes, partner: str, export: str, period: str, revision: int, sha256: str
) -> str:
    """The opaque id of one revision of one partner's export for one month."""
    message = "|".join([partner, export, period, str(revision), sha256]).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:ID_LENGTH]
