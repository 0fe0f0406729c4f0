"""Funders of the synthetic collaborative, each on its own reporting calendar.

VOCA reports by federal quarter, OVW by half-year, FVPSA by calendar quarter and a private
foundation by fiscal year or quarter: the mix of calendars is what makes release periods and
disclosure control interesting. Each funds the kinds of program it funds in the field.
"""

from dataclasses import dataclass

from synthetic.naming import code_of
from synthetic.partner import SynthPartner
from synthetic.randomness import faker_stream, python_stream


@dataclass(frozen=True)
class SynthFunder:
    """A funder as written to `collaborative.yaml`."""

    id: str
    label: str
    program: str
    calendar: str
    partners: tuple[str, ...]
    partner_detail: bool


# Chance that a partner of a kind is funded by the program.
_VOCA = {
    "shelter": 0.75,
    "dv_center": 0.75,
    "rape_crisis": 0.75,
    "prosecutor": 0.7,
    "police": 0.4,
    "sheriff": 0.4,
    "legal_aid": 0.5,
    "dss": 0.3,
    "campus_advocacy": 0.2,
    "clinic": 0.2,
}
_OVW = {
    "shelter": 0.35,
    "dv_center": 0.4,
    "rape_crisis": 0.4,
    "campus_advocacy": 0.5,
    "police": 0.3,
    "sheriff": 0.3,
    "prosecutor": 0.3,
    "legal_aid": 0.35,
}
_PRIVATE = {
    "congregation": 0.5,
    "pantry": 0.5,
    "charities": 0.5,
    "food_bank": 0.5,
    "clinic": 0.4,
    "recovery": 0.5,
    "campus_advocacy": 0.3,
    "shelter": 0.25,
    "dv_center": 0.25,
    "rape_crisis": 0.25,
    "family_advocacy": 0.2,
    "legal_aid": 0.3,
}
_FVPSA = {"shelter": 0.8, "dv_center": 0.3}

_OVW_LABELS = (
    "OVW Rural Grant Program",
    "OVW Improving Criminal Justice Responses Grant",
    "OVW Legal Assistance for Victims Grant",
)


def make_funders(seed: int, partners: tuple[SynthPartner, ...]) -> tuple[SynthFunder, ...]:
    """Two to four funders: always VOCA and OVW, then a private foundation, then FVPSA."""
    rng = python_stream(seed, "funders")
    fake = faker_stream(seed, "funders")
    count = rng.choice((2, 3, 3, 4))

    def funded(chances: dict[str, float]) -> tuple[str, ...]:
        chosen = tuple(p.id for p in partners if rng.random() < chances.get(p.kind.key, 0.0))
        if chosen:
            return chosen
        eligible = [p.id for p in partners if p.kind.key in chances]
        return (eligible or [partners[0].id])[:1]

    funders = [
        SynthFunder(
            "VOCA", "State VOCA Victim Assistance", "VOCA", "federal_quarter", funded(_VOCA), False
        ),
        SynthFunder("OVW", rng.choice(_OVW_LABELS), "OVW", "semiannual", funded(_OVW), False),
    ]
    if count >= 3:
        last = fake.last_name()
        funders.append(
            SynthFunder(
                f"{code_of(last, 8)}-FDN",
                f"{last} Family Foundation",
                "private",
                rng.choice(("annual_federal", "calendar_quarter")),
                funded(_PRIVATE),
                True,
            )
        )
    if count >= 4:
        funders.append(
            SynthFunder(
                "FVPSA",
                "State FVPSA Shelter and Supportive Services Grant",
                "FVPSA",
                "calendar_quarter",
                funded(_FVPSA),
                False,
            )
        )
    return tuple(funders)
