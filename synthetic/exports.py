"""The rows of every partner's monthly exports, read from the simulated arrays.

Rows hold the contract's columns after `partner_id` and `period`, in contract order. Rows that
are all zeros are left out (the contract reads an absent row as zero), except that capacity
lists every need the partner offers and demographics always has its `total` row. Feedback
has a row per question the partner asked that someone answered, and no file when nobody did.
"""

from functools import lru_cache

import numpy as np

from collab.contract import (
    CAPACITY_STATUSES,
    DEMOGRAPHIC_CATEGORIES,
    EXPORTS,
    FEEDBACK_QUESTIONS,
    NEEDS,
)
from synthetic.collaborative import SynthCollaborative
from synthetic.demographics import DemographicArrays
from synthetic.feedback import FeedbackArrays
from synthetic.referrals import ReferralRows
from synthetic.services import NEED_INDEX, ServiceArrays

_SERVICE_COUNTS = EXPORTS["services"].counts


class PartnerExports:
    """Rows of each export for any (partner, month), by index."""

    def __init__(
        self,
        collab: SynthCollaborative,
        services: ServiceArrays,
        demographics: DemographicArrays,
        referrals: ReferralRows,
        feedback: FeedbackArrays,
    ):
        self._referrals = referrals
        self._feedback = feedback.answers
        self._services = np.stack([getattr(services, c) for c in _SERVICE_COUNTS], axis=-1)
        self._capacity = np.stack([services.status, services.slots, services.waitlist], axis=-1)
        self._demographics = np.concatenate(
            [demographics.total[:, :, None], *demographics.by_dimension.values()], axis=-1
        )
        self._categories = [("total", "all")] + [
            (dimension, category)
            for dimension in demographics.by_dimension
            for category in DEMOGRAPHIC_CATEGORIES[dimension]
        ]
        self._needs = [
            [
                (need, NEED_INDEX[need], region)
                for need, region in zip(p.needs, p.need_regions, strict=True)
            ]
            for p in collab.partners
        ]
        # Plain lists of one partner at a time: indexing them is much faster than numpy per cell.
        self._lists = lru_cache(maxsize=4)(self._partner_lists)

    def _partner_lists(self, p: int) -> tuple[list, list, list]:
        return (
            self._services[p].tolist(),
            self._capacity[p].tolist(),
            self._demographics[p].tolist(),
        )

    def rows(self, export: str, p: int, m: int) -> list[tuple]:
        """The rows partner `p` reports in `export` for month `m`."""
        if export == "referrals":
            return list(self._referrals.get((p, m), ()))
        if export == "feedback":
            return [
                (question, sum(answers), *answers)
                for question, answers in zip(
                    FEEDBACK_QUESTIONS, self._feedback[p, m].tolist(), strict=True
                )
                if sum(answers)
            ]
        services, capacity, demographics = self._lists(p)
        if export == "services":
            return [
                (need, *counts)
                for need, counts in zip(NEEDS, services[m], strict=True)
                if counts[0]
            ]
        if export == "capacity":
            return [
                (need, CAPACITY_STATUSES[capacity[m][n][0]], region, *capacity[m][n][1:])
                for need, n, region in self._needs[p]
            ]
        counts = demographics[m]
        return [
            (*category, count)
            for i, (category, count) in enumerate(zip(self._categories, counts, strict=True))
            if count or i == 0
        ]
