"""How each bad (or tricky but valid) partner file of `--faults` is made.

Each builder starts from the rows the partner really had for the month and damages them the way
people and tools do: a client list exported by mistake, a sum typed wrong, last month's file
renamed, a name pasted into a code column. Apart from the intended fault, every other rule
still holds, so each file tests one rule.
"""

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from faker import Faker

from collab.contract import EXPORTS
from collab.periods import add_months, periods_of_month
from synthetic.partner import SynthPartner
from synthetic.render import any_csv, xlsx_bytes

UNKNOWN_NEED_CODES = ("TRANSPORTATION", "CHILDCARE", "HOUSING_SEARCH", "INTERPRETATION")
RESEND_FOLDER = "resends"


@dataclass
class FaultInput:
    """What a builder may use: the partner, the export and month, and that month's real rows."""

    partner: SynthPartner
    export: str
    month: str
    rows: list[list]  # mutable copies of the real rows (columns after partner_id, period)
    arrival: int  # when the real file would have arrived
    rng: random.Random
    fake: Faker


@dataclass
class FaultOutput:
    """A fault file's bytes and where it goes (defaults: the slot's own name and month folder)."""

    content: bytes
    suffix: str = "csv"
    partner_id: str | None = None
    folder: str | None = None
    delay: int = 0  # seconds after the real file's arrival
    extra: dict = field(default_factory=dict)


def _columns(export: str) -> list[str]:
    return list(EXPORTS[export].columns)


def _column(export: str, name: str) -> int:
    """Position of a column within a row (rows start after partner_id and period)."""
    return _columns(export).index(name) - 2


def _table(source: FaultInput, period: str | None = None, partner_id: str | None = None):
    identity = [partner_id or source.partner.id, period or source.month]
    return [identity + row for row in source.rows]


def _csv(source: FaultInput, **identity) -> bytes:
    return any_csv(_columns(source.export), _table(source, **identity)).encode("utf-8")


def ensure_row(source: FaultInput) -> None:
    """Give an empty export one plausible row, so the fault has something to damage."""
    if source.rows:
        return
    need = source.partner.needs[0]
    if source.export == "services":
        source.rows.append([need, 3, 2, 1, 0, 0, 0, 0])
    elif source.export == "referrals":
        source.rows.append(["sent", "EXT-system_based", need, 2, 0, 2, 0, 0, 0, 0, 0, 1, 2, 0, 0])


def _pick(source: FaultInput, allowed=None) -> list:
    rows = [row for row in source.rows if allowed is None or allowed(row)]
    return source.rng.choice(rows or source.rows)


def _phone(fake: Faker) -> str:
    """A phone number that can never be read as a whole number (some formats are all digits)."""
    while True:
        phone = fake.phone_number()
        if not phone.isdigit():
            return phone


def client_list(source: FaultInput) -> FaultOutput:
    """One row per client with names, phones, addresses and birth dates."""
    fake, rng = source.fake, source.rng
    rows = [
        [
            fake.name(),
            _phone(fake),
            f"{fake.street_address()}, {fake.city()}, {fake.state_abbr()} {fake.zipcode()}",
            fake.date_between_dates(date(1950, 1, 1), date(2008, 12, 31)).isoformat(),
            rng.choice(source.partner.needs),
            source.partner.id,
            source.month,
        ]
        for _ in range(rng.randint(15, 45))
    ]
    columns = ["name", "phone", "address", "dob", "need", "partner_id", "period"]
    return FaultOutput(any_csv(columns, rows).encode("utf-8"))


def broken_requests_sum(source: FaultInput) -> FaultOutput:
    ensure_row(source)
    _pick(source)[_column("services", "requests")] += source.rng.randint(1, 3)
    return FaultOutput(_csv(source))


def previous_month_rows(source: FaultInput) -> FaultOutput:
    """Last month's file renamed: every row still says last month."""
    ensure_row(source)
    return FaultOutput(_csv(source, period=add_months(source.month, -1)))


def unknown_partner(source: FaultInput) -> FaultOutput:
    """A well-formed services file from an organisation the collaborative never listed."""
    ensure_row(source)
    prefix = source.partner.kind.id_prefix
    # No region code starts with Z, so no configured partner id has this shape.
    partner_id = f"{prefix}-Z{source.rng.randint(1, 9)}"
    return FaultOutput(_csv(source, partner_id=partner_id), partner_id=partner_id)


def unknown_need_code(source: FaultInput) -> FaultOutput:
    ensure_row(source)
    _pick(source)[_column(source.export, "need")] = source.rng.choice(UNKNOWN_NEED_CODES)
    return FaultOutput(_csv(source))


def negative_count(source: FaultInput) -> FaultOutput:
    """A count of -1; in services the served count makes up for it, so the sum still holds."""
    ensure_row(source)
    row = _pick(source)
    if source.export == "services":
        other, served = _column("services", "unmet_other"), _column("services", "served")
        row[served] += row[other] + 1
        row[other] = -1
    else:
        row[_column(source.export, "waitlist")] = -1
    return FaultOutput(_csv(source))


def _free_count_cell(source: FaultInput) -> tuple[list, int]:
    """A count cell no sum rule reads: capacity's waitlist, or a victimization count."""
    if source.export == "capacity":
        return _pick(source), _column("capacity", "waitlist")
    victims = [row for row in source.rows if row[0] == "victimization"]
    if not victims:
        victims = [["victimization", "other", 1]]
        source.rows.extend(victims)
    return source.rng.choice(victims), _column("demographics", "individuals")


def blank_count(source: FaultInput) -> FaultOutput:
    row, column = _free_count_cell(source)
    row[column] = ""
    return FaultOutput(_csv(source))


def decimal_count(source: FaultInput) -> FaultOutput:
    row, column = _free_count_cell(source)
    row[column] = f"{row[column]}.5"
    return FaultOutput(_csv(source))


def phone_in_count(source: FaultInput) -> FaultOutput:
    row, column = _free_count_cell(source)
    row[column] = _phone(source.fake)
    return FaultOutput(_csv(source))


def name_in_need(source: FaultInput) -> FaultOutput:
    ensure_row(source)
    _pick(source)[_column(source.export, "need")] = source.fake.name()
    return FaultOutput(_csv(source))


def excel_workbook(source: FaultInput) -> FaultOutput:
    """The same export saved from a spreadsheet as `.xlsx`: valid, and sent instead of the CSV."""
    ensure_row(source)
    created = datetime.fromtimestamp(source.arrival, UTC).replace(tzinfo=None)
    content = xlsx_bytes(_columns(source.export), _table(source), created)
    return FaultOutput(content, suffix="xlsx")


def corrected_resend(source: FaultInput) -> FaultOutput:
    """The month sent again weeks later with late-logged clients added: revision 2."""
    ensure_row(source)
    extra = source.rng.randint(1, 3)
    if source.export == "services":
        row = _pick(source)
        row[_column("services", "requests")] += extra
        row[_column("services", "served")] += extra
    else:
        _add_unreported_people(source, extra)
    return FaultOutput(
        _csv(source),
        folder=RESEND_FOLDER,
        delay=source.rng.randint(18, 40) * 86400,
        extra={"revision": 2},
    )


def _add_unreported_people(source: FaultInput, extra: int) -> None:
    """Demographics: more new individuals whose age and gender were not recorded."""
    source.rows[0][-1] += extra  # the total/all row comes first
    for dimension in ("age_band", "gender"):
        row = next((r for r in source.rows if r[:2] == [dimension, "not_reported"]), None)
        if row is None:
            source.rows.append([dimension, "not_reported", extra])
        else:
            row[-1] += extra


def broken_referrals_sum(source: FaultInput) -> FaultOutput:
    ensure_row(source)
    _pick(source)[_column("referrals", "referrals")] += source.rng.randint(1, 2)
    return FaultOutput(_csv(source))


def demographics_not_adding_up(source: FaultInput) -> FaultOutput:
    """Gender counts that add up to more than the total."""
    gender = next((row for row in source.rows if row[0] == "gender"), None)
    if gender is None:
        source.rows.append(["gender", "female", 2])
    else:
        gender[-1] += 2
    return FaultOutput(_csv(source))


def duplicate_need(source: FaultInput) -> FaultOutput:
    """The same need reported on two rows (two sites of one program), each row consistent."""
    ensure_row(source)
    if source.export == "services":
        row = _pick(source, lambda r: r[1] >= 2)
        if row[1] < 2:
            row[1] += 1
            row[2] += 1
        outcome = next(i for i in range(2, len(row)) if row[i] > 0)
        twin = [row[0], 1] + [int(i == outcome) for i in range(2, len(row))]
        row[1] -= 1
        row[outcome] -= 1
    else:
        row = _pick(source)
        twin = list(row)
    position = next(i for i, candidate in enumerate(source.rows) if candidate is row)
    source.rows.insert(position + 1, twin)
    return FaultOutput(_csv(source))


def extra_column(source: FaultInput) -> FaultOutput:
    """A `fiscal_year` column the contract does not have."""
    columns = _columns(source.export)
    columns.insert(2, "fiscal_year")
    fiscal_year = periods_of_month(source.month)["fiscal_year"]
    rows = [row[:2] + [fiscal_year] + row[2:] for row in _table(source)]
    return FaultOutput(any_csv(columns, rows).encode("utf-8"))


def spreadsheet_quirks(source: FaultInput) -> FaultOutput:
    """Valid but untidy, as spreadsheets save files.

    A byte-order mark, CRLF line ends, columns in another order, header names in capitals
    with spaces around them.
    """
    ensure_row(source)
    columns = _columns(source.export)
    order = list(reversed(range(len(columns))))
    header = [f" {columns[i].upper()} " for i in order]
    rows = [[row[i] for i in order] for row in _table(source)]
    return FaultOutput(("\ufeff" + any_csv(header, rows, line_end="\r\n")).encode("utf-8"))
