"""Assemble the protection problem of a new release: atoms, every linked cell, sensitive sums.

Sensitive quantities, each of which must keep a derivable range reaching 0 and k:
- the releases' own, by the audit's definition (`audit_quantities.py`): every cell of the new
  release in 1..k-1 (primary); every cell an earlier linked release suppressed as small; every
  cell of a regional table whose only contributors are confidential-location partners (a
  region's figure would locate the shelter, and its own totals held against the regions'
  figures would rule regions out), in every region, `ALL` included, at every level and period,
  whatever its value, of the new release and those earlier releases hid; and the pieces any
  two same-key cells of two releases leave when small or locating (a funder's subset against
  the collaborative total, two versions after a correction or withdrawal, two overlapping
  audiences);
- other audiences' releases to come: the small and confidential-location cells of every
  other configured audience's release of the same months, and the part of this release's
  cells from the partners outside a smaller configured audience, published yet or not. A
  funder's first release must not find them already pinned by the releases made before it.

Earlier releases are re-made from the versions of the data they were made from (the ledger's
inputs and archive), so a resend or a withdrawal since does not change what they published.
"""

from dataclasses import dataclass

import duckdb
import numpy as np
import polars as pl
from scipy import sparse

from collab.config import Collaborative
from sdc.audit_quantities import derive_quantities
from sdc.problem import LEDGER_RANGE_KINDS, Atoms, Cells, Problem, Quantities
from transforms.release.atoms import load_atoms
from transforms.release.cells import CELL_KEY, Release, cell_values, expand
from transforms.release.ledger import LedgerRelease
from transforms.release.ledger import cells as ledger_cells
from transforms.release.lines import additive_lines
from transforms.release.membership import membership, partner_attributes
from transforms.release.regions import by_region
from transforms.release.spec import ALL, REGIONAL, TABLES


class LedgerMismatch(Exception):
    """Data behind a published release changed since it was published."""


@dataclass(frozen=True)
class Assembly:
    """A release's protection problem, and our keys of its cells.

    `cells` has a row per cell of `problem`, in its order (`cell` is the position):
    `release_id`, the cell key (`CELL_KEY`), `value`, `is_new`, `suppressed` (hidden from
    the start, for the new release), `family`, `figure`, `locatable` and `hides_row`.
    """

    problem: Problem
    cells: pl.DataFrame


def _quantities(incidence: pl.DataFrame, cells: pl.DataFrame, kind: str) -> pl.DataFrame:
    """Sensitive quantities from some cells: (key, kind, value, atom), a row per atom.

    Cells are told apart by release as well as by key: a funder's cell and the
    collaborative's cell of the same key are different sums of atoms.
    """
    key = ["release_id", *CELL_KEY] if "release_id" in cells.columns else CELL_KEY
    return (
        cells.select(*key, "value")
        .unique(key)
        .join(incidence.select(*key, "atom").unique(), on=key, nulls_equal=True)
        .select(
            pl.concat_str(
                [pl.lit(kind), *[pl.col(c).fill_null("") for c in key]], separator="|"
            ).alias("key"),
            pl.lit(kind).alias("kind"),
            "value",
            "atom",
        )
    )


def configured_audiences(config: Collaborative) -> dict[str, frozenset[str]]:
    """Every audience a release can be made for: the collaborative and each funder."""
    audiences = {"collaborative": config.partner_ids}
    audiences.update({f"funder:{f.id}": frozenset(f.partners) for f in config.funders})
    return audiences


def assemble(
    con: duckdb.DuckDBPyConnection,
    config: Collaborative,
    new: LedgerRelease,
    linked_releases: list[LedgerRelease],
    threshold: int,
) -> Assembly:
    """The problem of protecting `new` jointly with its linked ledger releases."""
    configured = configured_audiences(config)
    bits = [(r.release_id, r.partners) for r in linked_releases]
    bits += [(None, partners) for partners in [new.partners, *configured.values()]]
    months = sorted({m for r in [*linked_releases, new] for m in r.months})
    partners = partner_attributes(con, config, [r.release_id for r in linked_releases])
    atoms = (
        load_atoms(con, months, membership(con, months, bits), partners)
        .with_row_index("atom")
        .with_columns(pl.col("atom").cast(pl.Int64))
    )
    specs = [
        Release(
            r.release_id, r.audience, r.period, r.months, bit, r.tables, r.by_region, r.period_rows
        )
        for bit, r in enumerate([*linked_releases, new])
    ]
    frames, incidences = [], []
    stored = ledger_cells(con, [r.release_id for r in linked_releases])
    for spec in specs:
        incidence = expand(atoms, spec).with_columns(pl.lit(spec.release_id).alias("release_id"))
        values = cell_values(incidence.drop("release_id"), atoms)
        if spec.release_id == new.release_id:
            release_cells = values.with_columns(
                pl.lit(True).alias("is_new"), pl.lit(False).alias("suppressed")
            )
        else:
            published = stored.filter(pl.col("release_id") == spec.release_id)
            release_cells = published.join(
                values, on=CELL_KEY, how="full", coalesce=True, suffix="_now", nulls_equal=True
            )
            changed = release_cells.filter(
                pl.col("value").fill_null(0) != pl.col("value_now").fill_null(0)
            )
            if changed.height:
                raise LedgerMismatch(
                    f"data behind release {spec.release_id} ({spec.audience} {spec.period}) "
                    f"changed since it was published ({changed.height} cells)"
                )
            release_cells = release_cells.filter(pl.col("value").is_not_null()).select(
                *CELL_KEY, "value", pl.lit(False).alias("is_new"), "suppressed"
            )
        # A stable cell order makes the greedy choices, hence the pattern, reproducible.
        frames.append(
            release_cells.sort(CELL_KEY, nulls_last=True).with_columns(
                pl.lit(spec.release_id).alias("release_id")
            )
        )
        incidences.append(incidence)
    cells = (
        pl.concat(
            [f.select("release_id", *CELL_KEY, "value", "is_new", "suppressed") for f in frames]
        )
        .with_row_index("cell")
        .with_columns(pl.col("cell").cast(pl.Int64))
    )
    incidence = pl.concat(incidences).join(
        cells.select("cell", "release_id", *CELL_KEY),
        on=["release_id", *CELL_KEY],
        nulls_equal=True,
    )
    incidence = incidence.select("cell", "atom")
    cells = _hide_locating_rows(_engine_columns(cells), incidence, atoms)
    first_bit = len(specs)
    regions = tuple(r.code for r in config.regions)
    confidential = config.confidential_ids
    others = []
    for i, (name, partners) in enumerate(configured.items()):
        bit = first_bit + i
        shape = by_region(atoms, bit, new.months, regions, bool(partners & confidential))
        # Foreseen by month whatever the audience's own shape: the months and the period total
        # cover what any audience may publish of these months (a monthly funder's months, too).
        others.append((Release(name, name, new.period, new.months, bit, by_region=shape), partners))
    releases = [*linked_releases, new]
    engine_cells = Cells(
        release=cells["release_id"].to_numpy(),
        family=cells["family"].to_numpy(),
        figure=cells["figure"].to_numpy(),
        value=cells["value"].to_numpy(),
        is_new=cells["is_new"].to_numpy(),
        suppressed=cells["suppressed"].to_numpy(),
        locatable=cells["locatable"].to_numpy(),
    )
    engine_atoms = Atoms(
        atoms["family"].to_numpy(), atoms["value"].to_numpy(), atoms["confidential"].to_numpy()
    )
    matrix = _zero_one(incidence["cell"], incidence["atom"], (cells.height, atoms.height))
    own = derive_quantities(engine_cells, matrix, engine_atoms, threshold)
    quantities, quantity_atoms = _sensitive(atoms, own, specs, releases, others, threshold)
    problem = Problem(
        cells=engine_cells,
        atoms=engine_atoms,
        incidence=matrix,
        sensitive=Quantities(
            quantities["kind"].to_numpy(),
            quantities["value"].to_numpy(),
            _zero_one(
                quantity_atoms["quantity"],
                quantity_atoms["atom"],
                (quantities.height, atoms.height),
            ),
        ),
        threshold=threshold,
        lines=additive_lines(cells),
    )
    return Assembly(problem, cells)


def _zero_one(rows: pl.Series, columns: pl.Series, shape: tuple[int, int]) -> sparse.csr_matrix:
    """The 0/1 matrix with a one at each (row, column) pair."""
    return sparse.csr_matrix(
        (np.ones(rows.len()), (rows.to_numpy(), columns.to_numpy())), shape=shape
    )


# Two releases' cells publish the same figure when these agree (the period's name aside: a
# quarter's month is the same figure as that month's own release).
FIGURE = ["table", "months", "region", "need", "dimension", "leaf"]


def _engine_columns(cells: pl.DataFrame) -> pl.DataFrame:
    """What the suppression engine reads of our tables: family, figure and locatable."""
    families = {name: spec.atoms_family for name, spec in TABLES.items()}
    return cells.with_columns(
        pl.col("table").replace_strict(families, return_dtype=pl.String).alias("family"),
        pl.concat_str([pl.col(c).fill_null("") for c in FIGURE], separator="|").alias("figure"),
        # A confidential shelter's figure of a regional table, in any region, `ALL` too,
        # says where it is (or, held against the regions' figures, where it is not).
        pl.col("table").is_in(REGIONAL).alias("locatable"),
    )


ROW_OF_REGIONS = [c for c in CELL_KEY if c != "region"]


def _hide_locating_rows(
    cells: pl.DataFrame, incidence: pl.DataFrame, atoms: pl.DataFrame
) -> pl.DataFrame:
    """Hide from the start every region's cell of a row in which a region's cell locates.

    A shelter's region figure is hidden whatever its value, but zeros are published: if a
    confidential shelter alone gives a need in its region, that region's hidden cell beside
    every other region's 0 says where it is. So the new release hides the whole row of
    regions (same table, period, need and outcome; zeros too: `publish` writes the regions
    with no cell as hidden zeros by `hides_row`), and the pattern is the same wherever the
    shelter is. Hiding more can only widen an attacker's ranges.
    """
    new_regional = pl.col("is_new") & pl.col("table").is_in(REGIONAL) & (pl.col("region") != ALL)
    locating = (
        cells.filter(new_regional & (pl.col("value") > 0))
        .select("cell")
        .join(incidence, on="cell")
        .join(atoms.select("atom", "confidential"), on="atom")
        .group_by("cell")
        .agg(pl.col("confidential").all())
        .filter(pl.col("confidential"))
        .select("cell", pl.lit(True).alias("locates"))
    )
    marked = cells.join(locating, on="cell", how="left").with_columns(
        pl.col("locates").fill_null(False)
    )
    row = (pl.col("locates").any().over(ROW_OF_REGIONS)) & new_regional
    return (
        marked.with_columns(row.alias("hides_row"))
        .with_columns(pl.col("suppressed") | pl.col("hides_row"))
        .drop("locates")
        .sort("cell")
    )


def _locating(atoms: pl.DataFrame, pieces: pl.DataFrame, kind: str) -> pl.DataFrame | None:
    """Quantities of the cells in `pieces` (a row per cell and atom) that locate a partner.

    A cell of a regional table whose every atom is a confidential partner's is that
    partner's own figure: in its region it says where the shelter is, and in the `ALL`
    region its totals held against the regions' figures rule out every region too small to
    hold them. At whatever level of the need and outcome hierarchies and whichever period,
    it is hidden whatever its value. Judged on
    the atoms of the cell itself, so each release is judged on the versions it was made
    from (a partner that withdrew since still counts in the releases that published it).
    """
    key = ["release_id", *CELL_KEY] if "release_id" in pieces.columns else CELL_KEY
    regional = pieces.filter(pl.col("table").is_in(REGIONAL))
    if regional.height == 0:
        return None
    located = (
        regional.select(*key, "atom")
        .join(atoms.select("atom", "confidential", "value"), on="atom")
        .group_by(key)
        .agg(pl.col("confidential").all(), pl.col("value").sum())
        .filter(pl.col("confidential") & (pl.col("value") > 0))
        .drop("confidential")
    )
    return _quantities(regional, located, kind) if located.height else None


def _small_or_locating(atoms, pieces, small, kind) -> list:
    """The pieces' cells that are small or locate a partner."""
    values = cell_values(pieces, atoms).filter(small)
    parts = [_locating(atoms, pieces, kind)]
    if values.height:
        parts.append(_quantities(pieces, values, kind))
    return parts


def _other_audiences(atoms, specs, releases, others, small) -> list:
    """Other audiences' releases to come: their sensitive cells, and pieces outside them.

    A funder's first release must not find its own small cells, or what the partners
    outside it contribute to this release, already pinned by the releases made before it.
    """
    new_spec, new = specs[-1], releases[-1]
    parts = []
    for audience, partners in others:
        # An audience with none of this release's partners is modelled too: this release's
        # figures, taken from the collaborative's, can isolate what its partners give.
        if audience.audience == new_spec.audience:
            continue
        # What this audience's own release of these months would have to keep hidden...
        future = expand(atoms, audience)
        future_cells = future.join(cell_values(future, atoms), on=CELL_KEY, nulls_equal=True)
        values = future_cells.filter(small)
        if values.height:
            parts.append(_quantities(values, values, f"future small {audience.audience}"))
        kind = f"future confidential location {audience.audience}"
        parts.append(_locating(atoms, future, kind))
        # ...and, inside this release, what the partners outside it contribute.
        if partners < new.partners:
            pieces = expand(atoms, new_spec, without_bit=audience.bit)
            kind = f"difference {new_spec.audience} minus {audience.audience}"
            parts += _small_or_locating(atoms, pieces, small, kind)
    return parts


def _own_pieces(own: Quantities) -> pl.DataFrame:
    """The releases' own cells and pieces that must stay uncertain, as the audit reads them.

    Small and location cells of the new release, those an earlier release hid, and the pieces
    any two same-key cells of two releases leave (a funder's subset against the
    collaborative, two versions of one release, two overlapping audiences): the audit's own
    definition (`audit_quantities.py`), so what the protection proves is what is checked.
    """
    quantity = np.repeat(np.arange(len(own)), np.diff(own.atoms.indptr))
    keys = np.array([f"{kind}|{q}" for q, kind in enumerate(own.kind)], dtype=object)
    return pl.DataFrame(
        {
            "key": keys[quantity],
            "kind": own.kind[quantity].astype(str),
            "value": own.value[quantity],
            "atom": own.atoms.indices.astype(np.int64),
        },
        schema={"key": pl.String, "kind": pl.String, "value": pl.Int64, "atom": pl.Int64},
    )


def _sensitive(atoms, own, specs, releases, others, threshold):
    """(quantity, kind, value) and (quantity, atom): every sum that must stay uncertain.

    `own` are the releases' own quantities, as the audit derives them.
    """
    small = pl.col("value").is_between(1, threshold - 1)
    parts = [_own_pieces(own)]
    parts += _other_audiences(atoms, specs, releases, others, small)
    quantities = pl.concat([part for part in parts if part is not None])
    # One quantity per distinct set of atoms: the same sum reached twice is checked once,
    # under the strictest kind it has (a new small cell is never let off as a difference).
    relaxed = pl.col("kind").str.contains(f"^({'|'.join(LEDGER_RANGE_KINDS)})")
    sets = (
        quantities.group_by("key", "kind", "value")
        .agg(pl.col("atom").unique().sort())
        .sort(relaxed, "key")
        .unique("atom", keep="first", maintain_order=True)
        .with_row_index("quantity")
        .with_columns(pl.col("quantity").cast(pl.Int64))
    )
    return (
        sets.select("quantity", "kind", "value"),
        sets.select("quantity", "atom").explode("atom"),
    )
