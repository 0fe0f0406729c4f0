"""Monthly referrals along the network's ties, and what became of them.

Each tie's monthly count follows the sender's season; every referral ends in exactly one status,
and receivers that are full for the need decline for capacity far more often. Both ends report a
referral between two partners: the sender as `sent`, the receiver as `received`, with the same
counts except in a few cases (about 5%) where the receiver logged it a little differently,
which is the sent/received mismatch evaluators see in real data.
"""

import random

import numpy as np

from collab.contract import REFERRAL_STATUSES
from synthetic.collaborative import SynthCollaborative
from synthetic.network import OUTSIDE, Tie
from synthetic.randomness import numpy_stream, python_stream
from synthetic.services import NEED_INDEX, ServiceArrays

MISMATCH_SHARE = 0.05

# Status shares in contract order: pending, accepted, declined_capacity, declined_ineligible,
# declined_other, withdrawn, no_response.
_STATUS_SHARES = {
    "open": (0.06, 0.72, 0.03, 0.06, 0.03, 0.05, 0.05),
    "full": (0.06, 0.40, 0.35, 0.06, 0.03, 0.05, 0.05),
    "outside": (0.08, 0.62, 0.04, 0.06, 0.03, 0.05, 0.12),
}
# Answered within 2 business days, in 3-14 days, after 14 days.
_RESPONSE_SHARES = {"inside": (0.62, 0.30, 0.08), "outside": (0.40, 0.40, 0.20)}
_GOT_HELP = {"inside": 0.78, "outside": 0.55}  # closed loops confirmed, of accepted

# Column positions within the counts of a referrals row (after direction, counterpart, need).
REFERRALS, PENDING, ACCEPTED = 0, 1, 2
GOT_HELP = 1 + len(REFERRAL_STATUSES)
RESPONDED = (GOT_HELP + 1, GOT_HELP + 2, GOT_HELP + 3)

ReferralRows = dict[tuple[int, int], list[tuple]]  # (partner, month) -> rows


def simulate_referrals(
    seed: int,
    collab: SynthCollaborative,
    months: tuple[str, ...],
    services: ServiceArrays,
    ties: tuple[Tie, ...],
) -> ReferralRows:
    """Rows of every partner's referrals export, keyed by (partner index, month index)."""
    rng = numpy_stream(seed, "referrals")
    sender = np.array([t.sender for t in ties], dtype=np.int64)
    receiver = np.array([t.receiver for t in ties], dtype=np.int64)
    need = np.array([NEED_INDEX[t.need] for t in ties], dtype=np.int64)
    rate = np.array([t.rate for t in ties])
    inside_sender, inside_receiver = sender != OUTSIDE, receiver != OUTSIDE
    origin = np.where(inside_sender, sender, receiver)

    both_active = services.active[origin]
    both_active = both_active & np.where(
        inside_sender[:, None] & inside_receiver[:, None], services.active[receiver], True
    )
    counts = rng.poisson(rate[:, None] * services.season[origin] * both_active)
    tie_of, month_of = np.nonzero(counts)
    referrals = counts[tie_of, month_of]

    to_outside = ~inside_receiver[tie_of]
    receiver_full = services.at_capacity[receiver[tie_of], month_of, need[tie_of]] & ~to_outside
    shares = np.array([_STATUS_SHARES[key] for key in ("open", "full", "outside")])
    statuses = rng.multinomial(
        referrals, shares[np.where(to_outside, 2, receiver_full.astype(int))]
    )
    got_help = rng.binomial(
        statuses[:, 1], np.where(to_outside, _GOT_HELP["outside"], _GOT_HELP["inside"])
    )
    answered = statuses[:, 1:5].sum(axis=1)
    response = np.array([_RESPONSE_SHARES["inside"], _RESPONSE_SHARES["outside"]])
    responded = rng.multinomial(answered, response[to_outside.astype(int)])
    table = np.column_stack([referrals, statuses, got_help, responded]).tolist()

    ids = [p.id for p in collab.partners]
    mismatch = python_stream(seed, "referral-mismatch")
    rows: ReferralRows = {}
    for k, (t, m) in enumerate(zip(tie_of.tolist(), month_of.tolist(), strict=True)):
        tie = ties[t]
        if tie.sender != OUTSIDE:
            counterpart = tie.outside or ids[tie.receiver]
            rows.setdefault((tie.sender, m), []).append(("sent", counterpart, tie.need, *table[k]))
        if tie.receiver != OUTSIDE:
            received = table[k]
            if tie.sender != OUTSIDE and mismatch.random() < MISMATCH_SHARE:
                received = logged_differently(mismatch, received)
            counterpart = tie.outside or ids[tie.sender]
            rows.setdefault((tie.receiver, m), []).append(
                ("received", counterpart, tie.need, *received)
            )
    for partner_rows in rows.values():
        partner_rows.sort()
    return rows


def logged_differently(rng: random.Random, counts: list[int]) -> list[int]:
    """The receiver's record of a month of referrals, off by one in a realistic way.

    Either one referral reached the receiver only next month, or the receiver logged one more
    (the survivor mentioned the sender at intake), or the receiver had already answered one
    that the sender still counted as pending. Every sum rule still holds.
    """
    counts = list(counts)
    choice = rng.choice(("later", "extra", "answered"))
    if choice == "answered" and counts[PENDING] > 0:
        counts[PENDING] -= 1
        counts[ACCEPTED] += 1
        counts[RESPONDED[1]] += 1
    elif choice == "later" and counts[REFERRALS] > 1:
        status = next(i for i in range(PENDING, GOT_HELP) if counts[i] > 0)
        counts[REFERRALS] -= 1
        counts[status] -= 1
        if ACCEPTED <= status <= ACCEPTED + 3:  # an answered referral: drop its response time
            slowest = max(RESPONDED, key=lambda i: (counts[i], i))
            counts[slowest] -= 1
        counts[GOT_HELP] = min(counts[GOT_HELP], counts[ACCEPTED])
    else:
        counts[REFERRALS] += 1
        counts[ACCEPTED] += 1
        counts[RESPONDED[0]] += 1
    return counts
