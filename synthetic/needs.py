"""How each need behaves in the field, and how demand moves through the year.

Outcome rates differ by need: legal aid and financial help turn many people away as ineligible,
addiction recovery has many who decline, a lethality assessment is never waitlisted. Housing
and mental health run out of capacity first. Demand for DV services rises in summer and over the
holidays; campus programs follow the academic year.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class NeedTraits:
    """Outcome rates of one need, and how its capacity is limited."""

    ineligible: float  # share not eligible or outside the service area
    declined: float  # share who decline or withdraw
    partial: float  # share of those served who are served only in part
    waitlist: bool  # whether people wait for it when it is full
    capacity: float  # capacity relative to typical demand (tight < 1.3 < ample)


OTHER_REASON = 0.015

TRAITS: dict[str, NeedTraits] = {
    "SAFETY_SECURITY": NeedTraits(0.02, 0.03, 0.20, True, 1.3),
    "SECURE_COMMS": NeedTraits(0.02, 0.03, 0.10, True, 1.3),
    "OPSEC_OSINT": NeedTraits(0.02, 0.04, 0.20, True, 1.2),
    "SAFETY_PLANNING": NeedTraits(0.01, 0.03, 0.05, False, 2.0),
    "LOGISTICS_MOVING": NeedTraits(0.05, 0.05, 0.15, True, 1.2),
    "SOCIAL_SERVICES": NeedTraits(0.08, 0.03, 0.20, True, 1.4),
    "MENTAL_HEALTH": NeedTraits(0.04, 0.08, 0.15, True, 1.1),
    "ADDICTION_RECOVERY": NeedTraits(0.05, 0.12, 0.15, True, 1.1),
    "LETHALITY_ASSESSMENT": NeedTraits(0.00, 0.05, 0.02, False, 2.5),
    "MEDICAL": NeedTraits(0.03, 0.05, 0.10, True, 1.4),
    "EMERGENCY_HOUSING": NeedTraits(0.05, 0.06, 0.10, True, 1.05),
    "PUBLIC_SAFETY": NeedTraits(0.01, 0.08, 0.10, False, 2.5),
    "LEGAL": NeedTraits(0.10, 0.05, 0.25, True, 1.15),
    "FINANCIAL": NeedTraits(0.12, 0.03, 0.25, True, 1.3),
    "CUSTODY_FAMILY_COURT": NeedTraits(0.06, 0.04, 0.20, True, 1.2),
    "VICTIM_COMPENSATION": NeedTraits(0.15, 0.04, 0.10, False, 2.0),
    "TRAFFICKING_SCREENING": NeedTraits(0.00, 0.03, 0.00, False, 3.0),
    "PET_CARE": NeedTraits(0.08, 0.05, 0.10, True, 1.1),
}

# Needs that are structurally short in some regions: the real gaps dashboards should find.
GAP_PRONE: tuple[str, ...] = (
    "EMERGENCY_HOUSING",
    "MENTAL_HEALTH",
    "LEGAL",
    "ADDICTION_RECOVERY",
    "CUSTODY_FAMILY_COURT",
    "SOCIAL_SERVICES",
)
GAP_CAPACITY = 0.55  # capacity of a gap (region, need) relative to its usual level

# Demand by calendar month (January first), relative to the yearly mean.
_DV_SEASON = (1.05, 0.93, 0.97, 0.98, 1.00, 1.08, 1.15, 1.12, 0.98, 0.97, 0.98, 1.10)
_CAMPUS_SEASON = (0.90, 1.15, 1.10, 1.05, 0.80, 0.35, 0.30, 0.60, 1.25, 1.30, 1.10, 0.70)
# Food, rent and holiday giving: faith-based programs see winter peaks.
_FAITH_SEASON = (1.10, 0.95, 0.95, 0.92, 0.92, 0.98, 1.02, 1.00, 0.95, 0.98, 1.08, 1.20)

SEASONALITY: dict[str, tuple[float, ...]] = {
    "victim_service": _DV_SEASON,
    "system_based": _DV_SEASON,
    "faith_based": _FAITH_SEASON,
    "military": _DV_SEASON,
    "campus": _CAMPUS_SEASON,
    "non_advocacy": _DV_SEASON,
}

YEARLY_GROWTH = 0.04  # demand grows slowly as the collaborative becomes known
