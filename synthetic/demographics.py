"""Who the new individuals are: totals, age, gender, victimization and special populations.

New individuals are people whose first service from the partner in the federal fiscal year fell
in the month, so October (the fiscal year's first month) has the most and September the fewest.
Their number follows the partner's requests (a person asks for 1.6 needs on average). Age and
gender split the total exactly (`not_reported` included); victimization and special-population
counts are drawn per person, so each is at most the total.
"""

from dataclasses import dataclass

import numpy as np

from collab.contract import DEMOGRAPHIC_CATEGORIES
from synthetic.collaborative import SynthCollaborative
from synthetic.partner import SynthPartner
from synthetic.randomness import numpy_stream
from synthetic.services import ServiceArrays

NEEDS_PER_PERSON = 1.6
NEW_IN_OCTOBER = 0.8  # share of people served in October who are new in the fiscal year
NEW_DECLINE = 0.035  # ... falling by this much per month through September

# Category shares in contract order (see collab.contract.DEMOGRAPHIC_CATEGORIES).
_AGE = {
    "victim_service": (0.04, 0.05, 0.16, 0.65, 0.06, 0.04),
    "system_based": (0.06, 0.06, 0.15, 0.58, 0.07, 0.08),
    "faith_based": (0.05, 0.04, 0.12, 0.60, 0.14, 0.05),
    "military": (0.03, 0.02, 0.28, 0.62, 0.00, 0.05),
    "campus": (0.00, 0.02, 0.75, 0.20, 0.00, 0.03),
    "non_advocacy": (0.03, 0.03, 0.14, 0.65, 0.11, 0.04),
}
_GENDER = {
    "victim_service": (0.88, 0.09, 0.01, 0.02),
    "system_based": (0.78, 0.17, 0.01, 0.04),
    "faith_based": (0.85, 0.11, 0.01, 0.03),
    "military": (0.72, 0.25, 0.01, 0.02),
    "campus": (0.78, 0.15, 0.05, 0.02),
    "non_advocacy": (0.80, 0.15, 0.02, 0.03),
}
_VICTIMIZATION = {
    "victim_service": (0.75, 0.20, 0.15, 0.02, 0.01, 0.03, 0.02, 0.05),
    "system_based": (0.70, 0.15, 0.12, 0.02, 0.01, 0.08, 0.04, 0.08),
    "faith_based": (0.70, 0.08, 0.08, 0.01, 0.01, 0.03, 0.05, 0.10),
    "military": (0.80, 0.15, 0.08, 0.00, 0.00, 0.10, 0.00, 0.05),
    "campus": (0.35, 0.50, 0.30, 0.01, 0.00, 0.00, 0.00, 0.08),
    "non_advocacy": (0.65, 0.15, 0.10, 0.02, 0.02, 0.03, 0.04, 0.10),
}
_KIND_VICTIMIZATION = {
    "rape_crisis": (0.30, 0.80, 0.10, 0.05, 0.01, 0.05, 0.01, 0.05),
    "dss": (0.55, 0.08, 0.05, 0.01, 0.01, 0.30, 0.08, 0.05),
}
_KIND_AGE = {"dss": (0.14, 0.08, 0.12, 0.52, 0.09, 0.05)}
# deaf_hard_of_hearing, disability, limited_english, immigrant, lgbtq, military_family,
# student, tribal, rural
_SPECIAL = (0.02, 0.10, 0.08, 0.08, 0.06, 0.03, 0.04, 0.01, 0.05)


@dataclass(frozen=True)
class DemographicArrays:
    """New individuals per (partner, month), and per category of each dimension."""

    total: np.ndarray
    by_dimension: dict[str, np.ndarray]  # dimension -> (partner, month, category)


def _special(partner: SynthPartner, rural_home: bool) -> tuple[float, ...]:
    rates = dict(zip(DEMOGRAPHIC_CATEGORIES["special_population"], _SPECIAL, strict=True))
    if partner.category == "campus":
        rates.update(student=0.95, lgbtq=0.15)
    if partner.category == "military":
        rates.update(military_family=0.9)
    if rural_home:
        rates.update(rural=0.55, tribal=0.06)
    return tuple(rates.values())


def simulate_demographics(
    seed: int, collab: SynthCollaborative, months: tuple[str, ...], services: ServiceArrays
) -> DemographicArrays:
    """Draw the demographics of new individuals from the partners' requests."""
    rng = numpy_stream(seed, "demographics")
    fiscal_month = np.array([(int(month[5:]) - 10) % 12 for month in months])
    new_share = (NEW_IN_OCTOBER - NEW_DECLINE * fiscal_month) / NEEDS_PER_PERSON
    total = rng.binomial(services.requests.sum(axis=2), new_share)

    rural = {region.code for region in collab.regions if region.rural}
    partners = collab.partners
    shares = {
        "age_band": [_KIND_AGE.get(p.kind.key, _AGE[p.category]) for p in partners],
        "gender": [_GENDER[p.category] for p in partners],
    }
    rates = {
        "victimization": [
            _KIND_VICTIMIZATION.get(p.kind.key, _VICTIMIZATION[p.category]) for p in partners
        ],
        "special_population": [_special(p, p.regions[0] in rural) for p in partners],
    }
    by_dimension = {}
    for dimension, per_partner in shares.items():
        pvals = np.array(per_partner, dtype=float)
        pvals /= pvals.sum(axis=1, keepdims=True)
        pvals = np.broadcast_to(pvals[:, None, :], (*total.shape, pvals.shape[1]))
        by_dimension[dimension] = rng.multinomial(total, pvals)
    for dimension, per_partner in rates.items():
        by_dimension[dimension] = rng.binomial(total[:, :, None], np.array(per_partner)[:, None])
    return DemographicArrays(total=total, by_dimension=by_dimension)
