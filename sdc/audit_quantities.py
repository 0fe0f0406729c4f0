"""The audit's own list of what must stay uncertain, derived from the cells and atoms alone.

Written apart from `assemble`'s list on purpose: the audit must not trust the protection, so
a quantity the protection forgets is still checked here. Everything is read from what the
attacker combines (every cell of the new release and of each linked release, each a known
set of atoms) and the truth behind it (each atom's value, and whether it is a confidential
partner's):

- *small*: a cell of the new release in 1..k-1; *earlier small*: a cell an earlier release
  hid while it was in 1..k-1;
- *confidential location*: a non-zero `locatable` cell all of whose atoms are confidential
  respondents' (the caller says which cells could locate one: for us, every cell of a
  regional table, whatever its region, level or period); of the new release, and *earlier*
  the hidden ones of earlier releases;
- *difference* pieces: for two cells of the same key in two releases that share atoms, the
  atoms one has and the other lacks (a funder's subset against the collaborative, or two
  versions of one release), when the piece is small or would locate a confidential partner.
  Two cells are of the same key when their `figure` is equal (the caller's name for the
  figure a cell publishes, the same in every release).

Other audiences' releases not yet made are the protection's own foresight (so that they
can be made later), not something published now: the audit does not need them.
"""

import polars as pl

# The strictest kind first: a set of atoms reached twice is checked under it.
KINDS = (
    "small",
    "confidential location",
    "earlier small",
    "earlier confidential location",
    "difference",
)


def _flags(frame: pl.DataFrame, threshold: int) -> pl.DataFrame:
    """`small` and `locating` of sums keyed as `frame` (value, confidential, regional)."""
    return frame.with_columns(
        pl.col("value").is_between(1, threshold - 1).alias("small"),
        (pl.col("regional") & pl.col("confidential") & (pl.col("value") > 0)).alias("locating"),
    )


def _cell_quantities(cells, incidence, atoms, threshold) -> pl.DataFrame:
    """(kind, atoms) of every small or locating cell the attacker must not pin."""
    truth = (
        incidence.join(atoms.select("atom", "confidential"), on="atom")
        .group_by("cell")
        .agg(pl.col("confidential").all(), pl.col("atom").sort().alias("atoms"))
    )
    flagged = _flags(
        cells.select(
            "cell", pl.col("locatable").alias("regional"), "value", "is_new", "suppressed"
        ).join(truth, on="cell"),
        threshold,
    )
    new, hidden = pl.col("is_new"), ~pl.col("is_new") & pl.col("suppressed")
    kind = (
        pl.when(new & pl.col("small"))
        .then(pl.lit("small"))
        .when(new & pl.col("locating"))
        .then(pl.lit("confidential location"))
        .when(hidden & pl.col("small"))
        .then(pl.lit("earlier small"))
        .when(hidden & pl.col("locating"))
        .then(pl.lit("earlier confidential location"))
    )
    return flagged.select(kind.alias("kind"), "atoms").drop_nulls("kind")


def _piece_quantities(cells, incidence, atoms, threshold) -> pl.DataFrame:
    """(kind, atoms) of every small or locating piece one cell has and a same-key cell lacks."""
    keyed = cells.select("cell", "release_id", "figure", "locatable")
    pairs = (
        keyed.join(keyed, on="figure", suffix="_other")
        .filter(pl.col("release_id") != pl.col("release_id_other"))
        .select("cell", "cell_other", pl.col("locatable").alias("regional"))
    )
    if pairs.height == 0:
        return pl.DataFrame(schema={"kind": pl.String, "atoms": pl.List(pl.Int64)})
    mine = pairs.join(incidence, on="cell")
    theirs = incidence.rename({"cell": "cell_other"}).with_columns(pl.lit(True).alias("shared"))
    marked = mine.join(theirs, on=["cell_other", "atom"], how="left").with_columns(
        pl.col("shared").fill_null(False)
    )
    truth = atoms.select("atom", "value", "confidential")
    pieces = (
        marked.group_by("cell", "cell_other")
        .agg(
            pl.col("regional").first(),
            pl.col("shared").any().alias("overlap"),
            pl.col("atom").filter(~pl.col("shared")).sort().alias("atoms"),
        )
        # Disjoint cells give no piece that is not a cell already; nested ones leave none.
        .filter(pl.col("overlap") & (pl.col("atoms").list.len() > 0))
        # A piece reached from a regional table's cells can be held against regions' figures.
        .group_by("atoms")
        .agg(pl.col("regional").any())
    )
    if pieces.height == 0:
        return pl.DataFrame(schema={"kind": pl.String, "atoms": pl.List(pl.Int64)})
    sums = (
        pieces.with_row_index("piece")
        .explode("atoms")
        .rename({"atoms": "atom"})
        .join(truth, on="atom")
        .group_by("piece")
        .agg(
            pl.col("regional").first(),
            pl.col("value").sum(),
            pl.col("confidential").all(),
            pl.col("atom").sort().alias("atoms"),
        )
    )
    flagged = _flags(sums, threshold).filter(pl.col("small") | pl.col("locating"))
    return flagged.select(pl.lit("difference").alias("kind"), "atoms")


def derive_quantities(
    cells: pl.DataFrame, incidence: pl.DataFrame, atoms: pl.DataFrame, threshold: int
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(quantity, kind) and (quantity, atom) of every sum the audit must find uncertain.

    `cells` as in a `Problem` (with the ledger's flags for earlier releases), `atoms` with
    `atom`, `value` and `confidential`. The same set of atoms is one quantity, under the
    strictest kind that reaches it.
    """
    found = pl.concat(
        [
            _cell_quantities(cells, incidence, atoms, threshold),
            _piece_quantities(cells, incidence, atoms, threshold),
        ]
    )
    rank = pl.col("kind").replace_strict(KINDS, list(range(len(KINDS))), return_dtype=pl.Int32)
    sets = (
        found.sort(rank, maintain_order=True)
        .unique("atoms", keep="first", maintain_order=True)
        .with_row_index("quantity")
        .with_columns(pl.col("quantity").cast(pl.Int64))
    )
    quantity_atoms = sets.select("quantity", "atoms").explode("atoms").rename({"atoms": "atom"})
    return sets.select("quantity", "kind"), quantity_atoms.with_columns(
        pl.col("atom").cast(pl.Int64)
    )
