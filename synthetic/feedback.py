"""Survivors' anonymous surveys: which partners run them, and the month's answers as counts.

About half the partners ask survivors to fill in a survey (victim-service programs, FVPSA's
grantees, most often). Few people return one: a partner's month brings a handful of surveys,
often fewer than the disclosure threshold, so the protected table has many small cells. Most
programs ask all four questions; some ask only FVPSA's two outcome measures. Answers are
mostly yes (FVPSA's target for its two measures is 65%), and a few skip a question.
"""

from dataclasses import dataclass

import numpy as np

from collab.contract import FEEDBACK_QUESTIONS
from synthetic.collaborative import SynthCollaborative
from synthetic.randomness import numpy_stream
from synthetic.services import ServiceArrays

SURVEYS = {"victim_service": 0.75}  # share of a category's partners that run a survey
SURVEYS_OTHERWISE = 0.35
RETURNED = (0.03, 0.12)  # surveys returned per request recorded, a partner's range
FVPSA_ONLY = 0.25  # share of surveying partners that ask only FVPSA's two measures
FVPSA_MEASURES = ("safety_strategies", "community_resources")
YES = {  # typical share answering yes
    "safety_strategies": 0.78,
    "community_resources": 0.80,
    "felt_respected": 0.93,
    "would_recommend": 0.89,
}
NOT_APPLICABLE = 0.05


@dataclass(frozen=True)
class FeedbackArrays:
    """Counts per (partner, month, question, answer) in FEEDBACK_QUESTIONS and yes/no/n-a order."""

    surveys: np.ndarray  # per partner: runs a survey
    answers: np.ndarray


def simulate_feedback(
    seed: int, collab: SynthCollaborative, services: ServiceArrays
) -> FeedbackArrays:
    """Draw which partners survey and what survivors answer each month."""
    rng = numpy_stream(seed, "feedback")
    partners = collab.partners
    share = np.array([SURVEYS.get(p.category, SURVEYS_OTHERWISE) for p in partners])
    surveys = rng.random(len(partners)) < share
    questions = list(FEEDBACK_QUESTIONS)
    asked = np.ones((len(partners), len(questions)), dtype=bool)
    only_fvpsa = rng.random(len(partners)) < FVPSA_ONLY
    asked[np.ix_(only_fvpsa, [q not in FVPSA_MEASURES for q in questions])] = False
    asked &= surveys[:, None]
    requests = services.requests.sum(axis=2)  # per (partner, month)
    returned = rng.poisson(requests * rng.uniform(*RETURNED, len(partners))[:, None])
    # Everyone who returns a survey reaches every question asked; some skip one (n/a).
    shape = (*returned.shape, len(questions))
    reached = np.broadcast_to(returned[:, :, None], shape) * asked[:, None, :]
    not_applicable = rng.binomial(reached, NOT_APPLICABLE)
    answered = reached - not_applicable
    partner_yes = np.clip(
        np.array([YES[q] for q in questions])[None, :] + rng.normal(0, 0.06, asked.shape), 0, 1
    )
    yes = rng.binomial(answered, np.broadcast_to(partner_yes[:, None, :], shape))
    answers = np.stack([yes, answered - yes, not_applicable], axis=-1)
    return FeedbackArrays(surveys=surveys, answers=answers)
