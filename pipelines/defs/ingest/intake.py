"""Take inbox files into the warehouse: gate, context warnings, revisions, facts, quarantine.

Plain functions (no Dagster) so the monthly asset and the tests share them. Re-running with the
same inbox changes nothing: files already loaded are recognised by path and sha256.
"""

import hashlib
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from collab.config import Collaborative
from collab.periods import due_date
from expectations.findings import Finding, finding
from expectations.gate import CheckedFile, check_files
from expectations.history import big_changes
from expectations.limits import Refusal, read_within_limits
from expectations.quarantine import quarantine_file, quarantine_path
from transforms.inbox import InboxFile, printable_name
from transforms.submissions import (
    FINDING_SCHEMA,
    Submission,
    current_revisions,
    known_files,
    record,
)
from transforms.withdrawal import is_withdrawn

Key = tuple[str, str, str]  # partner_id, export, period


@dataclass
class IntakeReport:
    """What one intake did, for run metadata and the command line (never cell values)."""

    received: int = 0
    accepted: int = 0
    superseded: int = 0
    quarantined: int = 0
    unchanged: int = 0
    findings: list[Finding] = field(default_factory=list)
    loaded: dict[str, pl.DataFrame] = field(default_factory=dict)

    def add(self, other: "IntakeReport") -> None:
        """Fold another intake's report into this one."""
        for name in ("received", "accepted", "superseded", "quarantined", "unchanged"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.findings += other.findings
        for export, frame in other.loaded.items():
            earlier = self.loaded.get(export)
            self.loaded[export] = (
                frame if earlier is None else pl.concat([earlier, frame], how="vertical_relaxed")
            )


@dataclass
class _Plan:
    submissions: list[Submission] = field(default_factory=list)
    frames: dict[Key, tuple[int, pl.DataFrame]] = field(default_factory=dict)
    moves: list[tuple[Path, Path, list[Finding]]] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)


def _new_files(con: duckdb.DuckDBPyConnection, files: list[InboxFile], config: Collaborative):
    known = known_files(con)
    new = []
    for inbox_file in files:
        data = read_within_limits(inbox_file.path, config.limits)
        if isinstance(data, Refusal):  # too large to read: the gate refuses it unread
            new.append((inbox_file, None))
        elif (inbox_file.relative, hashlib.sha256(data).hexdigest()) not in known:
            new.append((inbox_file, data))
    return new


def _add_late_findings(config: Collaborative, new, checked_files: list[CheckedFile]) -> None:
    for (inbox_file, _), checked in zip(new, checked_files, strict=True):
        if not checked.accepted:
            continue
        due = due_date(checked.name.period, config.submissions.due_day)
        if inbox_file.received_at.date() > due:
            checked.findings.append(
                finding(
                    inbox_file.path.name,
                    "timeliness.late",
                    f"the file arrived after its due date ({due.isoformat()})",
                )
            )


def _add_withdrawn_findings(
    con: duckdb.DuckDBPyConnection, checked_files: list[CheckedFile]
) -> None:
    for checked in checked_files:
        name = checked.name
        if checked.accepted and is_withdrawn(con, name.partner_id, name.period):
            checked.findings.append(
                finding(
                    checked.path.name,
                    "file.withdrawn",
                    f"{name.partner_id} withdrew {name.period}; the file was not loaded",
                )
            )


def _add_big_change_findings(
    con: duckdb.DuckDBPyConnection, checked_files: list[CheckedFile]
) -> None:
    candidates = pl.DataFrame(
        [
            (i, c.name.partner_id, c.name.period, int(c.frame["requests"].sum()))
            for i, c in enumerate(checked_files)
            if c.accepted and c.name.export == "services"
        ],
        schema={
            "index": pl.Int64,
            "partner_id": pl.String,
            "period": pl.String,
            "requests": pl.Int64,
        },
        orient="row",
    )
    stored = con.execute(
        "SELECT partner_id, period, sum(requests)::BIGINT AS requests FROM services GROUP BY ALL"
    ).pl()
    history = pl.concat(
        [
            stored.join(candidates, on=["partner_id", "period"], how="anti"),
            candidates.select("partner_id", "period", "requests"),
        ]
    )
    for index in big_changes(history, candidates):
        checked = checked_files[index]
        checked.findings.append(
            finding(
                checked.path.name,
                "history.big_change",
                "total requests moved far from this partner's average of its previous 6 months",
                "requests",
            )
        )


def _submission(
    inbox_file: InboxFile,
    checked: CheckedFile,
    revision,
    status,
    is_current,
    target: Path | None,
    quarantine: Path,
    now: datetime,
) -> Submission:
    name = checked.name
    return Submission(
        partner_id=name.partner_id if name else None,
        export=name.export if name else None,
        period=name.period if name else None,
        revision=revision,
        file_name=printable_name(inbox_file.path.name),
        inbox_path=inbox_file.relative,
        sha256=checked.sha256,
        size_bytes=inbox_file.size,
        received_at=inbox_file.received_at,
        ingested_at=now,
        status=status,
        is_current=is_current,
        errors=sum(f.severity == "error" for f in checked.findings),
        warnings=sum(f.severity == "warning" for f in checked.findings),
        quarantine_path=str(target.relative_to(quarantine.parent)) if target else None,
    )


def _finding_rows(checked: CheckedFile, submission: Submission) -> list[dict]:
    return [
        {
            "sha256": submission.sha256,
            "file_name": submission.file_name,
            "partner_id": submission.partner_id,
            "export": submission.export,
            "period": submission.period,
            "revision": submission.revision,
            "rule": f.rule,
            "severity": f.severity,
            "column": f.column,
            "row": f.row,
            "message": f.message,
        }
        for f in checked.findings
    ]


def _plan(con, new, checked_files: list[CheckedFile], quarantine: Path, now: datetime) -> _Plan:
    """Decide each file's revision and status; the newest accepted revision of a key wins."""
    plan = _Plan()
    months = sorted({c.name.period for c in checked_files if c.name is not None})
    revisions = current_revisions(con, months)
    current: dict[Key, int] = {}
    for (inbox_file, _), checked in zip(new, checked_files, strict=True):
        name = checked.name
        key = (name.partner_id, name.export, name.period) if name else None
        revision, current_arrival = revisions.get(key, (0, None)) if key else (None, None)
        if key:
            revision += 1
            revisions[key] = (revision, current_arrival)
        status, is_current, target = "accepted", False, None
        if not checked.accepted:
            status = "quarantined"
            target = quarantine_path(
                quarantine, key[2] if key else None, checked.sha256, inbox_file.path.name
            )
            plan.moves.append((inbox_file.path, target, checked.findings))
        elif current_arrival is not None and inbox_file.received_at < current_arrival:
            status = "superseded"  # an older file arriving after a newer revision
        else:
            is_current = True
            if current_arrival is not None:
                checked.findings.append(
                    finding(
                        inbox_file.path.name,
                        "file.revision",
                        f"revision {revision} replaces the earlier revision of this month",
                    )
                )
            revisions[key] = (revision, inbox_file.received_at)
            if key in current:
                earlier = current[key]
                plan.submissions[earlier] = replace(
                    plan.submissions[earlier], status="superseded", is_current=False
                )
            current[key] = len(plan.submissions)
            plan.frames[key] = (revision, checked.frame)
        submission = _submission(
            inbox_file, checked, revision, status, is_current, target, quarantine, now
        )
        plan.submissions.append(submission)
        plan.findings += _finding_rows(checked, submission)
    return plan


def _facts(frames: dict[Key, tuple[int, pl.DataFrame]]) -> dict[str, pl.DataFrame]:
    """The new current rows per export, each with its revision (one concat per export)."""
    facts = {}
    for export in sorted({key[1] for key in frames}):
        chosen = [value for key, value in frames.items() if key[1] == export]
        revisions = pl.Series(
            "revision", [r for r, f in chosen for _ in range(f.height)], dtype=pl.Int32
        )
        facts[export] = pl.concat([f for _, f in chosen], how="vertical_relaxed").with_columns(
            revisions
        )
    return facts


def take_in(
    con: duckdb.DuckDBPyConnection,
    config: Collaborative,
    quarantine: Path,
    files: list[InboxFile],
    now: datetime | None = None,
) -> IntakeReport:
    """Gate and load every new file of `files` (oldest arrival first); quarantine rejects."""
    now = now or datetime.now(UTC).replace(tzinfo=None)
    new = _new_files(con, files, config)
    report = IntakeReport(unchanged=len(files) - len(new))
    if not new:
        return report
    checked_files = check_files([(f.path, data) for f, data in new], config)
    _add_late_findings(config, new, checked_files)
    _add_withdrawn_findings(con, checked_files)
    _add_big_change_findings(con, checked_files)
    plan = _plan(con, new, checked_files, quarantine, now)
    facts = _facts(plan.frames)
    record(con, plan.submissions, pl.DataFrame(plan.findings, schema=FINDING_SCHEMA), facts)
    for source, target, findings in plan.moves:
        quarantine_file(source, target, findings)
    report.received = len(new)
    report.accepted = sum(s.status == "accepted" for s in plan.submissions)
    report.superseded = sum(s.status == "superseded" for s in plan.submissions)
    report.quarantined = len(plan.moves)
    report.findings = [f for c in checked_files for f in c.findings]
    report.loaded = facts
    return report


def take_in_by_month(
    con: duckdb.DuckDBPyConnection,
    config: Collaborative,
    quarantine: Path,
    files: list[InboxFile],
) -> IntakeReport:
    """`take_in` one month at a time, oldest first.

    Memory stays at one month's files, and each month's history checks see the months before
    it already loaded.
    """
    report = IntakeReport()
    for month in sorted({f.month for f in files}, key=lambda m: (m is None, m or "")):
        report.add(take_in(con, config, quarantine, [f for f in files if f.month == month]))
    return report
