"""The ingest gate: partner files in, findings and (for accepted files) typed rows out.

The same function serves `collab check` on a partner's machine and the monthly ingest, so both
give identical findings. Row rules run once over all files of a batch (a month of a
collaborative is thousands of small files). It never imports Dagster or Great Expectations.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl

from collab import contract
from collab.config import Collaborative
from collab.periods import month_index
from expectations.columns import check_header
from expectations.exports import demographics, row_rules, warning_rules
from expectations.findings import Finding, finding, is_rejected
from expectations.limits import (
    Refusal,
    read_within_limits,
    size_refusal,
    unread_fingerprint,
    workbook_findings,
)
from expectations.read import ROW, RawTable, UnreadableFile, read_raw_table
from expectations.risk import MESSAGES as RISK_MESSAGES
from expectations.risk import person_shaped_files, risky_cells
from expectations.rows import (
    FILE,
    MAX_ROWS_PER_RULE,
    PARTNER,
    PERIOD,
    Failure,
    count_value,
    failing_rows,
)

FIRST_MONTH = "2020-01"


@dataclass
class CheckedFile:
    """A file after the gate: its identity, findings and, if accepted, its typed rows."""

    path: Path
    sha256: str
    name: contract.ExportFileName | None
    findings: list[Finding] = field(default_factory=list)
    frame: pl.DataFrame | None = None

    @property
    def accepted(self) -> bool:
        return not is_rejected(self.findings)


def _typed(export: contract.Export, rows: pl.DataFrame) -> pl.DataFrame:
    return rows.select(
        FILE,
        *[pl.col(c) for c in ("partner_id", "period", *export.codes)],
        *[count_value(c).alias(c) for c in export.counts],
        pl.col(ROW).cast(pl.Int32).alias("source_row"),
    )


def typed_schema(export: contract.Export) -> pl.DataFrame:
    """An empty frame with the typed columns of an export (a file of only a header is valid)."""
    return pl.DataFrame(
        schema={
            **{c: pl.String for c in ("partner_id", "period", *export.codes)},
            **{c: pl.Int64 for c in export.counts},
            "source_row": pl.Int32,
        }
    )


def _identity_findings(checked: CheckedFile, config: Collaborative, today: date) -> None:
    file, name = checked.path.name, checked.name
    if name is None:
        checked.findings.append(
            finding(
                file, "file.name", "the file name is not <partner_id>_<export>_<YYYY-MM>.csv|xlsx"
            )
        )
        return
    if name.partner_id not in config.partner_ids:
        checked.findings.append(
            finding(
                file, "file.partner_unknown", "the partner id in the file name is not in the config"
            )
        )
    current = f"{today.year:04d}-{today.month:02d}"
    if not month_index(FIRST_MONTH) <= month_index(name.period) <= month_index(current):
        checked.findings.append(
            finding(
                file,
                "file.period_range",
                f"the month in the file name is before {FIRST_MONTH} or in the future",
            )
        )


def _read(checked: CheckedFile, data: bytes, config: Collaborative) -> RawTable | None:
    if checked.name.suffix == "xlsx":
        refused = workbook_findings(checked.path.name, data, config.limits)
        checked.findings += refused
        if refused:
            return None
    try:
        table = read_raw_table(checked.path, data, config.limits)
    except UnreadableFile as exc:
        checked.findings.append(finding(checked.path.name, exc.rule, str(exc), row=exc.row))
        return None
    export = contract.EXPORTS[checked.name.export]
    header = check_header(checked.path.name, table.header, export)
    checked.findings += header
    return None if header else table


Staged = tuple[int, contract.ExportFileName, RawTable]


def batch_frame(export: contract.Export, staged: list[Staged]) -> pl.DataFrame:
    """One text frame of many files of an export, as the row and risk rules read it.

    `staged` holds (index in the batch, what the file name says, the file's table with a
    header already checked). The columns are gathered as Python lists and made into one frame:
    a frame per file costs more than the rules themselves on thousands of small files.
    """
    columns: dict[str, list] = {c: [] for c in (*export.columns, ROW, FILE, PARTNER, PERIOD)}
    for index, name, table in staged:
        # Transposed in C; a file without rows transposes to no columns at all.
        by_column = zip(*table.records, strict=True)
        for column, cells in zip(table.header, by_column, strict=False):
            columns[column].extend(cells)
        columns[ROW].extend(table.rows)
        height = len(table.rows)
        columns[FILE].extend([index] * height)
        columns[PARTNER].extend([name.partner_id] * height)
        columns[PERIOD].extend([name.period] * height)
    schema = {
        **{c: pl.String for c in export.columns},
        ROW: pl.Int64,
        FILE: pl.Int64,
        PARTNER: pl.String,
        PERIOD: pl.String,
    }
    return pl.DataFrame(columns, schema=schema)


def _add_risk_findings(
    export: contract.Export, config: Collaborative, rows: pl.DataFrame, checked_files: list
) -> None:
    cells = risky_cells(export, config, rows)
    grouped = cells.group_by(FILE, "rule", "column", maintain_order=True).agg(
        pl.col(ROW).head(MAX_ROWS_PER_RULE).alias("rows"), pl.len().alias("count")
    )
    for index, rule, column, first_rows, count in grouped.iter_rows():
        checked = checked_files[index]
        for row in first_rows:
            checked.findings.append(
                finding(checked.path.name, rule, f"`{column}` {RISK_MESSAGES[rule]}", column, row)
            )
        if count > len(first_rows):
            checked.findings.append(
                finding(
                    checked.path.name,
                    rule,
                    f"{count - len(first_rows)} more cells break this rule",
                    column,
                )
            )
    for index in person_shaped_files(export, rows):
        checked = checked_files[index]
        checked.findings.append(
            finding(
                checked.path.name,
                "risk.person_rows",
                "the file is shaped like one row per person: many rows, every count 0 or 1",
            )
        )


def _add_failures(failures: list[Failure], checked_files: list[CheckedFile]) -> None:
    for failure in failures:
        checked = checked_files[failure.file]
        rule = failure.rule
        for row in failure.rows:
            checked.findings.append(
                finding(checked.path.name, rule.rule, rule.message, rule.column, row)
            )
        if failure.count > len(failure.rows):
            checked.findings.append(
                finding(
                    checked.path.name,
                    rule.rule,
                    f"{failure.count - len(failure.rows)} more rows break this rule",
                    rule.column,
                )
            )


def _check_rows(
    export: contract.Export, config: Collaborative, staged: list, checked_files: list[CheckedFile]
) -> pl.DataFrame:
    rows = batch_frame(export, staged)
    _add_risk_findings(export, config, rows, checked_files)
    _add_failures(failing_rows(rows, row_rules(export, config)), checked_files)
    clean = [i for i, _, _ in staged if not checked_files[i].findings]
    rows = rows.filter(pl.col(FILE).is_in(clean))
    _add_failures(failing_rows(rows, warning_rules(export)), checked_files)
    if export.name == "demographics":
        for index, message, row in demographics.total_failures(rows):
            checked = checked_files[index]
            checked.findings.append(
                finding(checked.path.name, demographics.TOTAL.id, message, "individuals", row)
            )
        rows = rows.filter(pl.col(FILE).is_in([i for i in clean if checked_files[i].accepted]))
    return _typed(export, rows)


def check_batch(
    files: list[tuple[Path, bytes | None]], config: Collaborative, today: date | None = None
) -> tuple[list[CheckedFile], dict[str, pl.DataFrame]]:
    """Run every rule on every file; `bytes` may carry content already read, else None.

    Returns the files without their rows, and the typed rows of the files without errors as
    one frame per export whose `__file` is the file's index in `files`: a month of files is
    sent between processes as a few frames rather than thousands (see `with_frames`).
    """
    today = today or date.today()
    checked_files: list[CheckedFile] = []
    staged: dict[str, list[Staged]] = {}
    for index, (path, data) in enumerate(files):
        if data is None:
            data = read_within_limits(path, config.limits)
        if isinstance(data, Refusal):
            refusal, sha256 = data, unread_fingerprint(path)
        else:
            refusal = size_refusal(len(data), config.limits)
            sha256 = hashlib.sha256(data).hexdigest()
        checked = CheckedFile(path, sha256, contract.parse_file_name(path.name))
        checked_files.append(checked)
        _identity_findings(checked, config, today)
        if refusal is not None:
            checked.findings.append(finding(path.name, refusal.rule, refusal.message))
            continue
        if checked.name is None:
            continue
        table = _read(checked, data, config)
        if table is not None:
            staged.setdefault(checked.name.export, []).append((index, checked.name, table))
    typed = {
        export_name: _check_rows(
            contract.EXPORTS[export_name], config, export_staged, checked_files
        )
        for export_name, export_staged in staged.items()
    }
    return checked_files, typed


def with_frames(
    checked_files: list[CheckedFile], typed: dict[str, pl.DataFrame]
) -> list[CheckedFile]:
    """Give each accepted file of `check_batch` its typed rows (empty when it has none)."""
    for rows in typed.values():
        for (index,), frame in rows.partition_by(FILE, as_dict=True, include_key=False).items():
            checked_files[index].frame = frame
    for checked in checked_files:
        if not checked.accepted:
            checked.frame = None
        elif checked.frame is None:
            checked.frame = typed_schema(contract.EXPORTS[checked.name.export]).clear()
    return checked_files


def check_files(
    files: list[tuple[Path, bytes | None]], config: Collaborative, today: date | None = None
) -> list[CheckedFile]:
    """Run every rule on every file; `bytes` may carry content already read, else None."""
    return with_frames(*check_batch(files, config, today))


def check_file(path: Path, config: Collaborative, today: date | None = None) -> CheckedFile:
    """The gate on one file (what `collab check` runs per file)."""
    return check_files([(path, None)], config, today)[0]
