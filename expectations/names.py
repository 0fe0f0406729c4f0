"""Person-name lists for the risk gate: Faker's first and last names across many locales.

Words that are codes or labels of this contract (`legal`, `medical`, `full`, `rural`, ...) are
removed, so a valid code never looks like a name.
"""

import importlib
import re
from functools import cache

from collab import contract

LOCALES = (
    "en_US",
    "en_GB",
    "en_IN",
    "es_MX",
    "es_ES",
    "fr_FR",
    "de_DE",
    "it_IT",
    "pt_BR",
    "pt_PT",
    "pl_PL",
    "nl_NL",
    "vi_VN",
    "ru_RU",
    "uk_UA",
    "tr_TR",
    "sv_SE",
    "ro_RO",
    "cs_CZ",
    "hu_HU",
    "el_GR",
    "hi_IN",
    "fr_CA",
    "ar_AA",
    "zh_CN",
    "ko_KR",
    "ja_JP",
)
_FIRST_NAME_LISTS = (
    "first_names",
    "first_names_male",
    "first_names_female",
    "first_names_nonbinary",
)
_WORD = re.compile(r"[^\W\d_]+")


def contract_words() -> set[str]:
    """Every word that appears in a code or label of the contract."""
    texts = [
        *contract.NEEDS,
        *contract.NEEDS.values(),
        *contract.PARTNER_CATEGORIES,
        *contract.TEAMS,
        *contract.CAPACITY_STATUSES,
        *contract.DIRECTIONS,
        *contract.EXTERNAL_COUNTERPARTS,
        *contract.FEEDBACK_QUESTIONS,
    ]
    for dimension, categories in contract.DEMOGRAPHIC_CATEGORIES.items():
        texts += [dimension, *categories]
    for export in contract.EXPORTS.values():
        texts += export.columns
    return {word.lower() for text in texts for word in _WORD.findall(text.replace("_", " "))}


@cache
def person_names() -> frozenset[str]:
    """Lower-cased first and last names (two letters or more), minus contract words."""
    names: set[str] = set()
    for locale in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute in (*_FIRST_NAME_LISTS, "last_names"):
            for name in getattr(provider, attribute, ()) or ():
                names.update(word.lower() for word in _WORD.findall(name) if len(word) > 1)
    return frozenset(names - contract_words())
