"""What a valid cell looks like, per column: code lists from the contract and the config."""

from collab import contract
from collab.config import Collaborative

# Counts are people or referrals in a month: nine digits is far beyond any real program.
# ASCII digits only: Unicode digits (full-width, Arabic-Indic) would not cast to integers.
WHOLE = r"^[0-9]{1,9}$"
NEGATIVE = r"^-[0-9]+$"


def allowed_codes(export: contract.Export, config: Collaborative) -> dict[str, list[str]]:
    """The valid values of each code column of an export (categories of any dimension)."""
    allowed = {
        "need": list(contract.NEEDS),
        "direction": list(contract.DIRECTIONS),
        "counterpart": sorted(config.partner_ids | set(contract.EXTERNAL_COUNTERPARTS)),
        "status": list(contract.CAPACITY_STATUSES),
        "region": sorted(config.region_codes),
        "dimension": list(contract.DEMOGRAPHIC_CATEGORIES),
        "category": sorted({c for cs in contract.DEMOGRAPHIC_CATEGORIES.values() for c in cs}),
        "question": list(contract.FEEDBACK_QUESTIONS),
    }
    return {column: allowed[column] for column in export.codes}
