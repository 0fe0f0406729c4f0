"""The referral network: who refers survivors to whom, for which need, and how often.

Partners refer mostly within their regions and mostly to hubs (DSS, police, big shelters), for
needs they do not meet themselves; many ties are reciprocal. Every partner also sends to and
receives from organisations outside the collaborative (`EXT-<category>`).
"""

import itertools
import math
import random
from dataclasses import dataclass

from collab.contract import NEEDS
from synthetic.collaborative import SynthCollaborative
from synthetic.kinds import CATEGORY_WEIGHTS, KINDS
from synthetic.partner import SynthPartner
from synthetic.randomness import python_stream

OUTSIDE = -1  # sender or receiver outside the collaborative
RECIPROCITY = 0.45  # chance that a tie A -> B comes with a tie B -> A
LOCAL_TIES = 0.7  # chance that a partner looks for a receiver within one of its regions
REFERRED_SHARE = 0.2  # referrals sent per month, relative to the partner's requests
EXTERNAL_SHARE = 0.05  # referrals to or from outside, per tie, relative to requests
RECEIVED_SHARE = 0.4  # referrals arriving for a need, at most, relative to its requests


@dataclass(frozen=True)
class Tie:
    """A standing referral relationship for one need; `rate` is referrals per average month."""

    sender: int  # partner index, or OUTSIDE
    receiver: int  # partner index, or OUTSIDE
    need: str
    outside: str  # `EXT-<category>` when one side is outside the collaborative, else ""
    rate: float


def hub_weight(partner: SynthPartner) -> float:
    """How strongly a partner attracts referrals: its kind's pull, grown with its size."""
    return min(6.0, max(0.3, partner.kind.hub * math.sqrt(partner.size / partner.kind.size)))


# For a referral outside the collaborative: which categories of organisation meet each need.
_CATEGORIES_MEETING: dict[str, tuple[str, ...]] = {
    need: tuple(
        sorted({kind.category for kind in KINDS if need in kind.needs or need in kind.extras})
    )
    or ("non_advocacy",)
    for need in NEEDS
}


def build_network(seed: int, collab: SynthCollaborative) -> tuple[Tie, ...]:
    """Draw the ties of the collaborative, in a deterministic order."""
    rng = python_stream(seed, "network")
    partners = collab.partners
    hubs = [hub_weight(p) for p in partners]
    pools = {"": list(range(len(partners)))}
    for region in collab.regions:
        pools[region.code] = [i for i, p in enumerate(partners) if region.code in p.regions]
    cumulative = {
        key: list(itertools.accumulate(hubs[i] for i in pool)) for key, pool in pools.items()
    }

    ties: dict[tuple[int, int, str, str], float] = {}
    for a, sender in enumerate(partners):
        degree = min(len(partners) - 1, 8, 1 + int(rng.expovariate(1 / (1.2 * math.sqrt(hubs[a])))))
        targets: list[int] = []
        for _ in range(50 * degree):
            if len(targets) >= degree:
                break
            key = rng.choice(sender.regions) if rng.random() < LOCAL_TIES else ""
            b = rng.choices(pools[key], cum_weights=cumulative[key])[0]
            if b != a and b not in targets:
                targets.append(b)
        for b in targets:
            rate = REFERRED_SHARE * sender.size / len(targets) * rng.lognormvariate(0, 0.5)
            for need in _needs_to_refer(rng, sender, partners[b]):
                ties[(a, b, need, "")] = rate
            if rng.random() < RECIPROCITY:
                back = REFERRED_SHARE * partners[b].size / 4 * rng.lognormvariate(0, 0.5)
                need = _needs_to_refer(rng, partners[b], sender)[0]
                ties.setdefault((b, a, need, ""), back)
        _outside_ties(rng, a, sender, ties)
    scale = _receiver_limits(partners, ties)
    return tuple(
        Tie(sender=s, receiver=r, need=need, outside=outside, rate=round(rate * scale[r, need], 3))
        for (s, r, need, outside), rate in ties.items()
    )


def _receiver_limits(
    partners: tuple[SynthPartner, ...], ties: dict[tuple[int, int, str, str], float]
) -> dict[tuple[int, str], float]:
    """Scale down ties into a need so that referrals arriving stay a share of its requests.

    Otherwise a big sender could refer more survivors for a need than the receiver ever sees.
    """
    arriving: dict[tuple[int, str], float] = {}
    for (_, r, need, _), rate in ties.items():
        arriving[r, need] = arriving.get((r, need), 0.0) + rate
    scale = {}
    for (r, need), total in arriving.items():
        if r == OUTSIDE:
            scale[r, need] = 1.0
            continue
        partner = partners[r]
        demand = partner.size * partner.need_shares[partner.needs.index(need)]
        scale[r, need] = min(1.0, RECEIVED_SHARE * demand / total)
    return scale


def _needs_to_refer(rng: random.Random, sender: SynthPartner, receiver: SynthPartner) -> list[str]:
    """One or two of the receiver's needs, mostly ones the sender does not meet itself."""
    options = list(receiver.needs)
    weights = [1.0 if need in sender.needs else 3.0 for need in options]
    first = rng.choices(options, weights)[0]
    if len(options) > 1 and rng.random() < 0.3:
        second = rng.choices(options, weights)[0]
        if second != first:
            return [first, second]
    return [first]


def _outside_ties(
    rng: random.Random, a: int, partner: SynthPartner, ties: dict[tuple[int, int, str, str], float]
) -> None:
    """Referrals to organisations outside the collaborative, and from them."""
    rate = EXTERNAL_SHARE * partner.size
    missing = [need for need in NEEDS if need not in partner.needs]
    for _ in range(rng.randint(1, 2)):
        need = rng.choice(missing)
        category = rng.choice(_CATEGORIES_MEETING[need])
        ties.setdefault((a, OUTSIDE, need, f"EXT-{category}"), rate * rng.lognormvariate(0, 0.5))
    categories = list(CATEGORY_WEIGHTS)
    for _ in range(rng.randint(0, 2)):
        need = rng.choice(partner.needs)
        category = rng.choices(categories, list(CATEGORY_WEIGHTS.values()))[0]
        ties.setdefault((OUTSIDE, a, need, f"EXT-{category}"), rate * rng.lognormvariate(0, 0.5))
