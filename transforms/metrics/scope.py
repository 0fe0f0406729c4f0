"""What a metric covers: the months of a period and, for a funder's release, that funder's partners.

Every metric reads only the facts inside its `Scope` and returns one row per month plus, when the
scope spans several months, whole-scope rows whose `period` is the scope's `name`: the way a
quarter's release lists its months with the quarter as the total member of `period`.

Services and referrals carry no region, so a partner's rows count in its home region: the first
region listed for it in `collaborative.yaml` (where it is based; the others are where it also
serves). The warehouse's `partner_regions` has no order, so the home region is taken from the
config (`home_regions`) and passed in, rather than guessed from the table.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import duckdb
import polars as pl

from collab import contract
from collab.config import Collaborative
from collab.periods import parse_period

SCOPE_TOTAL = "ALL"
_MONTH = re.compile(rf"^{contract.PERIOD_PATTERN}$")


@dataclass(frozen=True)
class Scope:
    """Months (oldest first) and partners (None: every partner) a metric is computed over.

    `name` labels the whole-scope rows: the release period (`2026-Q3`) when made with
    `Scope.of_period`, else `ALL`.
    """

    months: tuple[str, ...]
    partners: tuple[str, ...] | None = None
    name: str = SCOPE_TOTAL

    def __post_init__(self) -> None:
        # Callers pass lists (parse_period gives tuples); frozen, so coerce through object.
        object.__setattr__(self, "months", tuple(self.months))
        if self.partners is not None:
            object.__setattr__(self, "partners", tuple(self.partners))
        if not self.months:
            raise ValueError("a scope needs at least one month")
        bad = [m for m in self.months if not _MONTH.match(m)]
        if bad:
            raise ValueError(f"scope months must look like YYYY-MM, got {bad}")
        if list(self.months) != sorted(set(self.months)):
            raise ValueError("scope months must be distinct and in order (the last is the stock)")
        if len(self.months) > 1 and self.name in self.months:
            raise ValueError(f"scope name {self.name!r} would be mistaken for one of its months")

    @classmethod
    def of_period(cls, period: str, partners: Sequence[str] | None = None) -> "Scope":
        """The scope of a release period (`2026-07`, `2026-Q3`, `FY2026`, ...)."""
        return cls(parse_period(period).months, partners, period)

    @property
    def last_month(self) -> str:
        """The month whose stocks (waitlists, capacity) stand for the whole scope."""
        return self.months[-1]

    @property
    def has_total(self) -> bool:
        """Whether whole-scope rows are added (a one-month scope is its own total)."""
        return len(self.months) > 1

    @property
    def total_period(self) -> str:
        """The `period` of the whole-scope rows: `name`, or the only month of a one-month scope."""
        return self.name if self.has_total else self.months[0]

    @property
    def params(self) -> dict[str, list[str] | None]:
        """Query parameters for `SCOPE_FILTER`."""
        return {
            "months": list(self.months),
            "partners": None if self.partners is None else list(self.partners),
        }


# DuckDB cannot type a bare NULL list parameter, hence the casts.
PARTNER_FILTER = "($partners::VARCHAR[] IS NULL OR list_contains($partners::VARCHAR[], partner_id))"
SCOPE_FILTER = f"list_contains($months, period) AND {PARTNER_FILTER}"


def funder_scope(con: duckdb.DuckDBPyConnection, funder_id: str, period: str) -> Scope:
    """A funder's release scope: the period's months and that funder's partners."""
    rows = con.execute(
        "SELECT partner_id FROM funder_partners WHERE funder_id = ? ORDER BY partner_id",
        [funder_id],
    ).fetchall()
    if not rows:
        raise ValueError(f"funder {funder_id!r} has no partners in the warehouse")
    return Scope.of_period(period, [partner_id for (partner_id,) in rows])


def home_regions(config: Collaborative) -> dict[str, str]:
    """Each partner's home region: the first region listed for it in the config."""
    return {partner.id: partner.regions[0] for partner in config.partners}


def read_facts(
    con: duckdb.DuckDBPyConnection,
    export: str,
    scope: Scope,
    months: Sequence[str] | None = None,
) -> pl.DataFrame:
    """The scope's rows of one fact table, in the contract's columns.

    `months` overrides the scope's months (a trend also needs the month before).
    """
    columns = ", ".join(contract.EXPORTS[export].columns)
    params = scope.params
    if months is not None:
        params["months"] = list(months)
    return con.execute(f"SELECT {columns} FROM {export} WHERE {SCOPE_FILTER}", params).pl()


def partner_dimension(con: duckdb.DuckDBPyConnection, scope: Scope) -> pl.DataFrame:
    """The scope's partners: partner_id, category, confidential_location, active_from."""
    return con.execute(
        "SELECT partner_id, category, confidential_location, active_from FROM partners "
        f"WHERE {PARTNER_FILTER} ORDER BY partner_id",
        {"partners": scope.params["partners"]},
    ).pl()


def home_region_of(home_region: Mapping[str, str]) -> pl.Expr:
    """`region` from `partner_id`; null for a partner the mapping does not know."""
    return (
        pl.col("partner_id")
        .replace_strict(dict(home_region), default=None, return_dtype=pl.String)
        .alias("region")
    )


def with_scope_total(
    frame: pl.DataFrame, scope: Scope, keys: Sequence[str], *, stock: bool = False
) -> pl.DataFrame:
    """Monthly rows of `period` × `keys` × counts, plus whole-scope rows, sorted.

    Flows (requests, referrals, files) add up over months. A stock (waitlist, slots, capacity
    status) does not: its whole-scope row is the last month's, as in the published capacity table.
    """
    if scope.has_total:
        if stock:
            total = frame.filter(pl.col("period") == scope.last_month)
        else:
            total = frame.group_by(keys).agg(pl.exclude("period", *keys).sum())
        total = total.with_columns(period=pl.lit(scope.name)).select(frame.columns)
        frame = pl.concat([frame, total])
    return frame.sort(pl.col("period") == scope.name, "period", *keys)
