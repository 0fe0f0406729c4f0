"""A synthetic partner: what the config says of it, and what drives its numbers.

Its own module so that the funders (who pick partners) and the collaborative (which makes
them) both read it without importing each other.
"""

from dataclasses import dataclass

from synthetic.kinds import PartnerKind


@dataclass(frozen=True)
class SynthPartner:
    """A partner as configured, plus what drives its numbers."""

    id: str
    label: str
    kind: PartnerKind
    teams: tuple[str, ...]
    regions: tuple[str, ...]  # home region first
    confidential_location: bool
    active_from: str
    size: float  # mean requests per month
    needs: tuple[str, ...]  # needs it meets, in contract order
    need_shares: tuple[float, ...]  # share of its requests per need (sums to 1)
    need_regions: tuple[str, ...]  # the region where it offers each need

    @property
    def category(self) -> str:
        return self.kind.category
