"""The collaborative config (`collaborative.yaml`), validated on load.

Every problem is reported as `ConfigError` naming the key (`partners[2].category: ...`), never as a
stack trace. Unknown keys are errors too: a misspelt `confidential_location` must not silently
publish a shelter's location. Where the spec leaves a key optional we choose the safer default
(an unspecified `confidential_location` counts as confidential).
"""

import difflib
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from collab import contract

PartnerId = Annotated[str, StringConstraints(pattern=rf"^{contract.PARTNER_ID_PATTERN}$")]
Code = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,32}$")]
Month = Annotated[str, StringConstraints(pattern=rf"^{contract.PERIOD_PATTERN}$")]


class ConfigError(Exception):
    """A config problem, with a message meant for the evaluator who edits the file."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Region(_Model):
    code: Code
    label: str


class Partner(_Model):
    id: PartnerId
    label: str
    category: Literal[contract.PARTNER_CATEGORIES]  # type: ignore[valid-type]
    teams: tuple[Literal[contract.TEAMS], ...] = ()  # type: ignore[valid-type]
    regions: tuple[Code, ...] = Field(min_length=1)
    confidential_location: bool = True
    active_from: Month | None = None


class Funder(_Model):
    id: PartnerId
    label: str
    program: str
    calendar: Literal[contract.FUNDER_CALENDARS]  # type: ignore[valid-type]
    partners: tuple[PartnerId, ...] = Field(min_length=1)
    partner_detail: bool = False


class Disclosure(_Model):
    threshold: int = Field(default=11, ge=2)


class Retention(_Model):
    quarantine_months: int = Field(default=3, ge=0)
    raw_months: int = Field(default=36, ge=0)


class Submissions(_Model):
    """When a month's files are due: by `due_day` of the following month."""

    due_day: int = Field(default=15, ge=1, le=28)


class Limits(_Model):
    """How big a partner file may be; anything larger is refused before it is parsed.

    Partners send small monthly aggregates, so the defaults sit far above any honest export
    and far below what would exhaust the machine (a 2 GB file, a zip bomb).
    """

    max_file_mb: int = Field(default=50, ge=1)
    max_rows: int = Field(default=200_000, ge=1)
    max_columns: int = Field(default=60, ge=1)
    max_cell_chars: int = Field(default=1000, ge=1)
    max_xlsx_uncompressed_mb: int = Field(default=200, ge=1)
    max_xlsx_ratio: int = Field(default=100, ge=2)


class Reports(_Model):
    """How reports are printed: US Letter unless the collaborative prints on A4."""

    page_size: Literal["letter", "a4"] = "letter"


class Collaborative(_Model):
    """The whole config: who the partners and funders are, and how outputs are protected."""

    name: str
    regions: tuple[Region, ...] = Field(min_length=1)
    partners: tuple[Partner, ...] = Field(min_length=1)
    funders: tuple[Funder, ...] = ()
    disclosure: Disclosure = Disclosure()
    retention: Retention = Retention()
    submissions: Submissions = Submissions()
    limits: Limits = Limits()
    reports: Reports = Reports()

    def partner(self, partner_id: str) -> Partner | None:
        """The partner with this id, or None."""
        return next((p for p in self.partners if p.id == partner_id), None)

    @cached_property
    def partner_ids(self) -> frozenset[str]:
        return frozenset(p.id for p in self.partners)

    @cached_property
    def region_codes(self) -> frozenset[str]:
        return frozenset(r.code for r in self.regions)

    @cached_property
    def confidential_ids(self) -> frozenset[str]:
        """Partners with `confidential_location: true`: never named, never located."""
        return frozenset(p.id for p in self.partners if p.confidential_location)


def _key_path(loc: tuple) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif isinstance(part, str) and not part.startswith(("literal[", "function-")):
            path += f".{part}" if path else part
    return path


def _describe(error: dict, allowed_keys: dict[str, list[str]]) -> str:
    key = _key_path(error["loc"])
    if error["type"] == "extra_forbidden":
        field_name = str(error["loc"][-1])
        parent = _key_path(error["loc"][:-1])
        close = difflib.get_close_matches(field_name, allowed_keys.get(parent, []), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"{key}: unknown key{hint}"
    if error["type"] == "missing":
        return f"{key}: required key is missing"
    return f"{key}: {error['msg']}"


def _allowed_keys(data: dict) -> dict[str, list[str]]:
    """Known keys per parent path, for did-you-mean hints on misspelt keys."""
    allowed = {"": list(Collaborative.model_fields)}
    nested = {"regions": Region, "partners": Partner, "funders": Funder}
    for section, model in nested.items():
        for i in range(len(data.get(section) or [])):
            allowed[f"{section}[{i}]"] = list(model.model_fields)
    for section, model in {
        "disclosure": Disclosure,
        "retention": Retention,
        "submissions": Submissions,
        "limits": Limits,
    }.items():
        allowed[section] = list(model.model_fields)
    return allowed


def _cross_check(config: Collaborative) -> list[str]:
    problems = []
    for section, ids in (
        ("regions", [r.code for r in config.regions]),
        ("partners", [p.id for p in config.partners]),
        ("funders", [f.id for f in config.funders]),
    ):
        seen: set[str] = set()
        for i, item_id in enumerate(ids):
            if item_id in seen:
                problems.append(f"{section}[{i}]: duplicate id {item_id!r}")
            seen.add(item_id)
    for i, partner in enumerate(config.partners):
        for region in partner.regions:
            if region not in config.region_codes:
                problems.append(f"partners[{i}].regions: {region!r} is not a region code")
    for i, funder in enumerate(config.funders):
        for partner_id in funder.partners:
            if partner_id not in config.partner_ids:
                problems.append(f"funders[{i}].partners: {partner_id!r} is not a partner id")
    return problems


def parse_config(data: object, source: str = "collaborative.yaml") -> Collaborative:
    """Validate config data already read from YAML; raises ConfigError listing every problem."""
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a mapping of keys (name, regions, partners, ...)")
    try:
        config = Collaborative.model_validate(data)
    except ValidationError as exc:
        allowed = _allowed_keys(data)
        problems = [_describe(e, allowed) for e in exc.errors(include_input=False)]
        raise ConfigError(f"{source}: " + f"\n{source}: ".join(problems)) from None
    problems = _cross_check(config)
    if problems:
        raise ConfigError(f"{source}: " + f"\n{source}: ".join(problems))
    return config


def load_config(path: Path) -> Collaborative:
    """Read and validate `collaborative.yaml`."""
    if not path.is_file():
        raise ConfigError(f"{path}: no collaborative config here (is this a workspace?)")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (line {where.line + 1})" if where is not None else ""
        raise ConfigError(f"{path}: not valid YAML{line}") from None
    return parse_config(data, source=str(path))
