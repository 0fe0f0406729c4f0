"""Metrics on needs, service gaps, referral outcomes, the network and submissions.

Every metric takes a DuckDB connection to the warehouse and a `Scope` (the months of a period,
and the partners: all, or a funder's) and returns a tidy Polars frame. Counts stay integers
and every rate sits beside its numerator and denominator (`accepted`, `answered`,
`acceptance_rate`), null when the denominator is 0, so the disclosure step can suppress counts
and recompute rates from what it publishes. Nothing here is protected yet: these frames are
inputs to releases, not releases.

- `needs`: requests by need, region, category and month; trend; new individuals' demographics.
- `gaps`: unmet requests by reason, waitlists, capacity status, provider coverage;
  `gap_ranking`: the need × region gaps, worst first, with their reasons in words.
- `referrals`: the referral funnel, decline reasons, sent/received reconciliation.
- `network`: flows between partner categories, density, reciprocity, hub partners.
- `completeness`: files owed, accepted and late, per partner and per funder.
"""

from transforms.metrics.scope import Scope, funder_scope, home_regions

__all__ = ["Scope", "funder_scope", "home_regions"]
