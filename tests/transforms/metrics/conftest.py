"""A tiny hand-made warehouse: 3 regions, 4 partners (one confidential), 2 funders.

Home regions: DVC-N and SHELTER-N in NORTH, PD-S in SOUTH, LEGAL-E in EAST (LEGAL-E also
serves NORTH, DVC-N also SOUTH). PD-S joined in 2026-02.
"""

from datetime import datetime

import duckdb
import pytest

from collab import contract
from collab.config import parse_config
from transforms.metrics import home_regions
from transforms.schema import create_schema
from transforms.warehouse import dimension_frames, replace_tables

CONFIG = parse_config(
    {
        "name": "Tiny collaborative",
        "regions": [
            {"code": "NORTH", "label": "North County"},
            {"code": "SOUTH", "label": "South County"},
            {"code": "EAST", "label": "East County"},
        ],
        "partners": [
            {
                "id": "DVC-N",
                "label": "North DV Center",
                "category": "victim_service",
                "regions": ["NORTH", "SOUTH"],
                "confidential_location": False,
            },
            {
                "id": "SHELTER-N",
                "label": "North Safe House",
                "category": "victim_service",
                "regions": ["NORTH"],
                "confidential_location": True,
            },
            {
                "id": "PD-S",
                "label": "South Police Victim Services",
                "category": "system_based",
                "regions": ["SOUTH"],
                "confidential_location": False,
                "active_from": "2026-02",
            },
            {
                "id": "LEGAL-E",
                "label": "East Legal Aid",
                "category": "non_advocacy",
                "regions": ["EAST", "NORTH"],
                "confidential_location": False,
            },
        ],
        "funders": [
            {
                "id": "VOCA",
                "label": "State VOCA",
                "program": "VOCA",
                "calendar": "federal_quarter",
                "partners": ["DVC-N", "SHELTER-N"],
            },
            {
                "id": "FDN",
                "label": "A foundation",
                "program": "private",
                "calendar": "annual_federal",
                "partners": ["PD-S", "LEGAL-E"],
                "partner_detail": True,
            },
        ],
    }
)


class TinyWarehouse:
    """The warehouse plus shorthands to insert fact rows (counts not given are 0)."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con

    def add(self, export: str, *rows: dict) -> None:
        spec = contract.EXPORTS[export]
        for number, given in enumerate(rows, start=2):
            row = {column: 0 for column in spec.counts} | given
            if export == "services" and "served" not in given:
                others = sum(row[o] for o in contract.SERVICE_OUTCOMES if o != "served")
                row["served"] = row["requests"] - others
            if export == "referrals" and "referrals" not in given:
                row["referrals"] = sum(row[s] for s in contract.REFERRAL_STATUSES)
            values = [row[c] for c in spec.columns] + [number, 1]
            marks = ", ".join("?" * len(values))
            self.con.execute(f"INSERT INTO {export} VALUES ({marks})", values)

    def submitted(
        self,
        partner_id: str,
        export: str,
        period: str,
        received_at: str,
        status: str = "accepted",
        revision: int = 1,
    ) -> None:
        self.con.execute(
            "INSERT INTO submissions VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, 0, 0, NULL, NULL)",
            [
                partner_id,
                export,
                period,
                revision,
                f"{partner_id}_{export}_{period}.csv",
                f"inbox/{partner_id}_{export}_{period}.csv",
                f"sha-{partner_id}-{export}-{period}-{revision}",
                datetime.fromisoformat(received_at),
                datetime.fromisoformat(received_at),
                status,
                status == "accepted",
            ],
        )


@pytest.fixture
def warehouse(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    create_schema(con)
    replace_tables(con, dimension_frames(CONFIG, "2026-12"))
    yield TinyWarehouse(con)
    con.close()


@pytest.fixture
def home() -> dict[str, str]:
    return home_regions(CONFIG)
