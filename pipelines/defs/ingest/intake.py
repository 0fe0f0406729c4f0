"""Take inbox files into the warehouse: gate, revision bookkeeping, facts, quarantine.

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
from expectations.findings import Finding
from expectations.gate import CheckedFile, check_files
from expectations.quarantine import quarantine_file, quarantine_path
from transforms.inbox import InboxFile
from transforms.submissions import (
    FINDING_SCHEMA,
    Submission,
    current_revisions,
    known_files,
    record,
)


@dataclass
class IntakeReport:
    """What one intake did, for run metadata and the command line (never cell values)."""

    received: int = 0
    accepted: int = 0
    superseded: int = 0
    quarantined: int = 0
    unchanged: int = 0
    findings: list[Finding] = field(default_factory=list)


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


def take_in(
    con: duckdb.DuckDBPyConnection,
    config: Collaborative,
    quarantine: Path,
    files: list[InboxFile],
    now: datetime | None = None,
) -> IntakeReport:
    """Gate and load every new file of `files` (oldest arrival first); quarantine rejects."""
    now = now or datetime.now(UTC).replace(tzinfo=None)
    report = IntakeReport()
    known = known_files(con)
    contents = [(f, f.path.read_bytes()) for f in files]
    hashes = [hashlib.sha256(data).hexdigest() for _, data in contents]
    new = [
        (f, d) for (f, d), h in zip(contents, hashes, strict=True) if (f.relative, h) not in known
    ]
    report.unchanged = len(files) - len(new)
    if not new:
        return report
    checked_files = check_files([(f.path, data) for f, data in new], config)
    months = sorted({c.name.period for c in checked_files if c.name is not None})
    revisions = current_revisions(con, months)
    submissions: list[Submission] = []
    current: dict[tuple[str, str, str], int] = {}
    frames: dict[tuple[str, str, str], pl.DataFrame] = {}
    moves: list[tuple[Path, Path, list[Finding]]] = []
    finding_rows: list[dict] = []
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
            moves.append((inbox_file.path, target, checked.findings))
        elif current_arrival is not None and inbox_file.received_at < current_arrival:
            status = "superseded"  # an older file arriving after a newer revision
        else:
            is_current = True
            revisions[key] = (revision, inbox_file.received_at)
            if key in current:
                earlier = current[key]
                submissions[earlier] = replace(
                    submissions[earlier], status="superseded", is_current=False
                )
            current[key] = len(submissions)
            frames[key] = checked.frame.with_columns(pl.lit(revision, pl.Int32).alias("revision"))
        submission = Submission(
            partner_id=name.partner_id if name else None,
            export=name.export if name else None,
            period=name.period if name else None,
            revision=revision,
            file_name=inbox_file.path.name,
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
        submissions.append(submission)
        finding_rows += _finding_rows(checked, submission)
        report.findings += checked.findings
    facts = {
        export: pl.concat(
            [frame for key, frame in frames.items() if key[1] == export], how="vertical_relaxed"
        )
        for export in {key[1] for key in frames}
    }
    record(con, submissions, pl.DataFrame(finding_rows, schema=FINDING_SCHEMA), facts)
    for source, target, findings in moves:
        quarantine_file(source, target, findings)
    report.received = len(new)
    report.accepted = sum(s.status == "accepted" for s in submissions)
    report.superseded = sum(s.status == "superseded" for s in submissions)
    report.quarantined = len(moves)
    return report
