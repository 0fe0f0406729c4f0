"""Monthly demand for each partner's needs, what capacity allows, and what becomes of requests.

Counts for every partner, month and need are drawn at once as numpy arrays of shape
(partners, months, needs) in contract need order. Requests follow the partner's size, its need
mix, the season and a slow growth; capacity is fixed per partner and need with a little monthly
noise, a few funding cuts, and structurally short (region, need) gaps. Whoever is eligible but
beyond capacity is `unmet_capacity`; part of them wait, which drives the capacity export.

Survivors ask for what they need whether or not a partner offers it: every partner also
records a few requests for the needs it does not meet, all unmet (`unmet_other`: not offered
here). So a need nobody in the collaborative offers still shows up, as a gap, not an absence.
"""

from dataclasses import dataclass

import numpy as np

from collab.contract import CAPACITY_STATUSES, NEEDS
from synthetic.collaborative import SynthCollaborative
from synthetic.needs import GAP_CAPACITY, OTHER_REASON, SEASONALITY, TRAITS, YEARLY_GROWTH
from synthetic.randomness import numpy_stream

NEED_INDEX: dict[str, int] = {need: i for i, need in enumerate(NEEDS)}
AVAILABLE, LIMITED, FULL, WAITLIST = (
    CAPACITY_STATUSES.index(status) for status in ("available", "limited", "full", "waitlist")
)

FUNDING_CUT_SHARE = 0.08  # partners that lose part of their capacity for a few months
MIN_CAPACITY = 2  # even the smallest program can take two people a month for a need it meets
WAITLIST_JOIN = 0.65  # share of people turned away for capacity who join the waitlist
WAITLIST_CARRY = 0.35  # share of last month's waitlist still waiting while the need stays full
# Requests for one need a partner does not offer, relative to its size: a few a year each.
ASKED_NOT_OFFERED = 0.006


@dataclass(frozen=True)
class ServiceArrays:
    """Counts per (partner, month, need); `active` is (partner, month)."""

    active: np.ndarray
    season: np.ndarray  # demand factor per (partner, month)
    requests: np.ndarray
    served: np.ndarray
    partially_served: np.ndarray
    unmet_capacity: np.ndarray
    unmet_eligibility: np.ndarray
    unmet_declined: np.ndarray
    unmet_other: np.ndarray
    status: np.ndarray  # index into CAPACITY_STATUSES
    slots: np.ndarray
    waitlist: np.ndarray

    @property
    def at_capacity(self) -> np.ndarray:
        """Needs that were full or waitlisted at month end: referrals are declined for capacity."""
        return np.isin(self.status, (FULL, WAITLIST))


def simulate_services(
    seed: int, collab: SynthCollaborative, months: tuple[str, ...]
) -> ServiceArrays:
    """Draw requests, outcomes and month-end capacity for every partner, month and need."""
    rng = numpy_stream(seed, "services")
    partners = collab.partners
    shape = (len(partners), len(months), len(NEEDS))
    per_need = (len(partners), len(NEEDS))
    base = np.zeros(per_need)
    gap = np.ones(per_need)
    gaps = set(collab.gaps)
    for p, partner in enumerate(partners):
        for need, share, region in zip(
            partner.needs, partner.need_shares, partner.need_regions, strict=True
        ):
            base[p, NEED_INDEX[need]] = partner.size * share
            if (region, need) in gaps:
                gap[p, NEED_INDEX[need]] = GAP_CAPACITY

    offered = base > 0
    sizes = np.array([partner.size for partner in partners], dtype=float)
    base = np.where(offered, base, ASKED_NOT_OFFERED * sizes[:, None])
    active = np.array([[month >= p.active_from for month in months] for p in partners])
    calendar_month = np.array([int(month[5:]) - 1 for month in months])
    season = np.array([np.array(SEASONALITY[p.category])[calendar_month] for p in partners])
    growth = 1 + YEARLY_GROWTH * np.arange(len(months)) / 12
    season = season * growth * rng.lognormal(0, 0.12, shape[:2])
    demand = base[:, None, :] * (season * active)[:, :, None]
    requests = rng.poisson(demand)

    traits = [TRAITS[need] for need in NEEDS]
    ratio = rng.lognormal(0, 0.2, per_need) * np.array([t.capacity for t in traits]) * gap
    capacity = base * ratio * (1 + YEARLY_GROWTH * len(months) / 24)
    capacity = capacity[:, None, :] * _funding_cuts(rng, shape[:2])[:, :, None]
    capacity = np.maximum(MIN_CAPACITY, np.rint(capacity * rng.uniform(0.9, 1.1, shape)))
    capacity = np.where(offered[:, None, :], capacity, 0).astype(np.int64)

    ineligible = rng.binomial(requests, np.array([t.ineligible for t in traits]))
    remaining = requests - ineligible
    declined = rng.binomial(remaining, np.array([t.declined for t in traits]))
    remaining -= declined
    other = rng.binomial(remaining, OTHER_REASON)
    remaining -= other
    # A need the partner does not offer: everyone who asks is turned away as not offered here.
    here = offered[:, None, :]
    ineligible, declined = np.where(here, ineligible, 0), np.where(here, declined, 0)
    other, remaining = np.where(here, other, requests), np.where(here, remaining, 0)
    used = np.minimum(remaining, capacity)
    partial = rng.binomial(used, np.array([t.partial for t in traits]))
    unmet_capacity = remaining - used

    waitlist = _waitlist(rng, unmet_capacity, np.array([t.waitlist for t in traits]))
    slots = capacity - used
    status = np.where(
        waitlist > 0,
        WAITLIST,
        np.where(
            slots == 0, FULL, np.where(slots <= np.maximum(1, capacity // 5), LIMITED, AVAILABLE)
        ),
    )
    slots = np.where(np.isin(status, (FULL, WAITLIST)), 0, slots)
    return ServiceArrays(
        active=active,
        season=season,
        requests=requests,
        served=used - partial,
        partially_served=partial,
        unmet_capacity=unmet_capacity,
        unmet_eligibility=ineligible,
        unmet_declined=declined,
        unmet_other=other,
        status=status,
        slots=slots,
        waitlist=waitlist,
    )


def _funding_cuts(rng: np.random.Generator, shape: tuple[int, int]) -> np.ndarray:
    """Capacity factor per (partner, month): a few partners run at half capacity for a while."""
    factor = np.ones(shape)
    for p in np.flatnonzero(rng.random(shape[0]) < FUNDING_CUT_SHARE):
        length = int(rng.integers(3, 7))
        start = int(rng.integers(0, shape[1]))
        factor[p, start : start + length] = 0.5
    return factor


def _waitlist(
    rng: np.random.Generator, unmet_capacity: np.ndarray, waitlisted: np.ndarray
) -> np.ndarray:
    """People waiting at month end: part of those turned away, plus some still waiting.

    A waitlist clears in a month with spare capacity; needs that are never waitlisted
    (a lethality assessment) have none.
    """
    joining = rng.binomial(unmet_capacity, WAITLIST_JOIN) * waitlisted
    waitlist = np.zeros_like(joining)
    for t in range(joining.shape[1]):
        carried = (waitlist[:, t - 1] * WAITLIST_CARRY).astype(np.int64) if t else 0
        waitlist[:, t] = np.where(unmet_capacity[:, t] > 0, joining[:, t] + carried * waitlisted, 0)
    return waitlist
