"""Whether a release may break a regional table down by region at all.

A region's figures locate a confidential-location partner when it is the only contributor
there, and hiding those figures is not enough: zeros are published, so a region that is
hidden (or non-zero) while the others are 0 still shows where the shelter is. The pattern
is safe only when it can't depend on where a confidential partner is: when every region has
a contributor that is not confidential in every month of the release, every region is
non-zero whatever the confidential partners do.

So a regional table is broken down by region only when, in every month of the release,
every configured region has a non-zero contribution from a partner of the audience that is
not confidential; otherwise the release publishes that table for the `ALL` region only
(its figures stay in the total). The decision reads only non-confidential partners' data,
so it says nothing about where a confidential partner is. An audience without
confidential partners (which its manifest shows) is always broken down.
"""

import polars as pl

from transforms.release.cells import in_release
from transforms.release.spec import REGIONAL


def by_region(
    atoms: pl.DataFrame,
    bit: int,
    months: tuple[str, ...],
    regions: tuple[str, ...],
    has_confidential: bool,
) -> tuple[str, ...]:
    """The regional tables that the release with this bit may break down by region.

    `has_confidential`: whether the audience has a confidential-location partner.
    """
    if not has_confidential:
        return REGIONAL
    mine = atoms.filter(
        in_release(bit) & pl.col("family").is_in(REGIONAL) & pl.col("month").is_in(months)
    )
    covered = (
        mine.filter(~pl.col("confidential") & pl.col("region").is_in(regions))
        .select("family", "month", "region")
        .unique()
        .group_by("family")
        .len()
    )
    everywhere = len(months) * len(regions)
    full = set(covered.filter(pl.col("len") == everywhere)["family"])
    return tuple(t for t in REGIONAL if t in full)
