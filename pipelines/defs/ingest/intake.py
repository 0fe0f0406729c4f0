"""Take inbox files into the warehouse: gate, context warnings, revisions, facts, quarantine.

Plain functions (no Dagster) so the monthly asset and the tests share them. Re-running with the
same inbox changes nothing: files already loaded are recognised by path and sha256.

Over several months, the gate of the next month runs in a second process while this one loads
the current month into the warehouse: the gate touches no warehouse, and at national scale the
two halves take about as long as each other (0.6 and 0.8 s a month), so on two cores the intake
takes about as long as the longer half alone.
"""

import functools
import gc
import hashlib
import multiprocessing
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import polars as pl

from collab.config import Collaborative
from collab.periods import add_months, due_date
from expectations.findings import Finding, finding
from expectations.gate import CheckedFile, check_batch
from expectations.history import WINDOW, big_changes
from expectations.inbox import InboxFile, printable_name
from expectations.limits import Refusal, read_within_limits
from expectations.quarantine import quarantine_file, quarantine_path
from expectations.rows import FILE
from transforms.revisions import Arrival, Decision, Key, decide_revisions
from transforms.submissions import (
    FINDING_SCHEMA,
    Submission,
    current_revisions,
    known_files,
    record,
)
from transforms.withdrawal import active_withdrawals, covers


@dataclass
class IntakeReport:
    """What one intake did, for run metadata and the command line (never cell values)."""

    received: int = 0
    accepted: int = 0
    superseded: int = 0
    quarantined: int = 0
    unchanged: int = 0
    findings: list[Finding] = field(default_factory=list)
    # The rows loaded per export, a frame per month: concatenating them month by month would
    # copy the growing whole again each month.
    loaded: dict[str, list[pl.DataFrame]] = field(default_factory=dict)

    def add(self, other: "IntakeReport") -> None:
        """Fold another intake's report into this one."""
        for name in ("received", "accepted", "superseded", "quarantined", "unchanged"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.findings += other.findings
        for export, frames in other.loaded.items():
            self.loaded.setdefault(export, []).extend(frames)


@dataclass
class _Plan:
    submissions: list[Submission] = field(default_factory=list)
    chosen: dict[Key, tuple[int, int]] = field(default_factory=dict)  # revision, file index
    moves: list[tuple[Path, Path, list[Finding]]] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)


@dataclass
class _Gated:
    """A batch after the gate: the files not taken in before, and what the gate found."""

    new: list[InboxFile]
    checked: list[CheckedFile]
    typed: dict[str, pl.DataFrame]


def _gate_new_files(
    files: list[InboxFile],
    known: set[tuple[str, str]],
    config: Collaborative,
    today: date | None = None,
) -> _Gated:
    """Gate the files whose (inbox path, sha256) is not in `known`; each file is read once.

    Touches no warehouse, so it can run in another process (`take_in_by_month`).
    """
    new, contents = [], []
    for inbox_file in files:
        data = read_within_limits(inbox_file.path, config.limits)
        if isinstance(data, Refusal):  # too large to read: the gate refuses it unread
            new.append(inbox_file)
            contents.append(None)
        elif (inbox_file.relative, hashlib.sha256(data).hexdigest()) not in known:
            new.append(inbox_file)
            contents.append(data)
    checked, typed = check_batch(
        [(f.path, data) for f, data in zip(new, contents, strict=True)], config, today
    )
    return _Gated(new, checked, typed)


def _add_late_findings(config: Collaborative, new, checked_files: list[CheckedFile]) -> None:
    due_of = functools.cache(lambda period: due_date(period, config.submissions.due_day))
    for inbox_file, checked in zip(new, checked_files, strict=True):
        if not checked.accepted:
            continue
        due = due_of(checked.name.period)
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
    # One query per batch, not one per file: a month is thousands of files.
    withdrawn = active_withdrawals(con)
    for checked in checked_files:
        if not checked.accepted:
            continue
        name = checked.name
        if covers(withdrawn, name.partner_id, name.period):
            checked.findings.append(
                finding(
                    checked.path.name,
                    "file.withdrawn",
                    f"{name.partner_id} withdrew {name.period}; the file was not loaded",
                )
            )


def _add_big_change_findings(
    con: duckdb.DuckDBPyConnection,
    checked_files: list[CheckedFile],
    services: pl.DataFrame | None,
) -> None:
    # Total requests per file of the gate's batch frame; a file without rows has none.
    requests = (
        {}
        if services is None
        else dict(services.group_by(FILE).agg(pl.col("requests").sum()).iter_rows())
    )
    candidates = pl.DataFrame(
        [
            (i, c.name.partner_id, c.name.period, requests.get(i, 0))
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
    if candidates.height == 0:
        return
    # Only the months a candidate is compared with: the whole table would grow with every month.
    periods = candidates["period"]
    stored = con.execute(
        "SELECT partner_id, period, sum(requests)::BIGINT AS requests FROM services "
        "WHERE period BETWEEN ? AND ? GROUP BY ALL",
        [add_months(periods.min(), -WINDOW), periods.max()],
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
    decision: Decision,
    target: Path | None,
    quarantine: Path,
    now: datetime,
) -> Submission:
    name = checked.name
    return Submission(
        partner_id=name.partner_id if name else None,
        export=name.export if name else None,
        period=name.period if name else None,
        revision=decision.revision,
        file_name=printable_name(inbox_file.path.name),
        inbox_path=inbox_file.relative,
        sha256=checked.sha256,
        size_bytes=inbox_file.size,
        received_at=inbox_file.received_at,
        ingested_at=now,
        status=decision.status,
        is_current=decision.is_current,
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
    """Each file's revision and status (`transforms.revisions`), its row and findings, its move."""
    plan = _Plan()
    months = sorted({c.name.period for c in checked_files if c.name is not None})
    arrivals = [
        Arrival(
            (c.name.partner_id, c.name.export, c.name.period) if c.name else None,
            c.accepted,
            f.received_at,
        )
        for f, c in zip(new, checked_files, strict=True)
    ]
    decisions = decide_revisions(arrivals, current_revisions(con, months))
    for index, (inbox_file, checked, arrival, decision) in enumerate(
        zip(new, checked_files, arrivals, decisions, strict=True)
    ):
        key, target = arrival.key, None
        if decision.status == "quarantined":
            target = quarantine_path(
                quarantine, key[2] if key else None, checked.sha256, inbox_file.path.name
            )
            plan.moves.append((inbox_file.path, target, checked.findings))
        if decision.replaces:
            checked.findings.append(
                finding(
                    inbox_file.path.name,
                    "file.revision",
                    f"revision {decision.revision} replaces the earlier revision of this month",
                )
            )
        if decision.is_current:
            plan.chosen[key] = (decision.revision, index)
        submission = _submission(inbox_file, checked, decision, target, quarantine, now)
        plan.submissions.append(submission)
        plan.findings += _finding_rows(checked, submission)
    return plan


def _facts(chosen: dict[Key, tuple[int, int]], typed: dict[str, pl.DataFrame]):
    """The new current rows per export, each with its revision, from the gate's batch frames.

    A chosen file passed the gate, so its export has a batch frame (without rows if the file
    has none).
    """
    facts = {}
    for export in sorted({key[1] for key in chosen}):
        revisions = {
            index: revision for key, (revision, index) in chosen.items() if key[1] == export
        }
        facts[export] = (
            typed[export]
            .filter(pl.col(FILE).is_in(list(revisions)))
            .with_columns(
                pl.col(FILE)
                .replace_strict(list(revisions), list(revisions.values()), return_dtype=pl.Int32)
                .alias("revision")
            )
            .drop(FILE)
        )
    return facts


def _load(
    con: duckdb.DuckDBPyConnection,
    config: Collaborative,
    quarantine: Path,
    received: int,
    gated: _Gated,
    now: datetime | None = None,
) -> IntakeReport:
    """Add the findings that need the warehouse, record the batch, quarantine rejects."""
    now = now or datetime.now(UTC).replace(tzinfo=None)
    new = gated.new
    report = IntakeReport(unchanged=received - len(new))
    if not new:
        return report
    checked_files, typed = gated.checked, gated.typed
    _add_late_findings(config, new, checked_files)
    _add_withdrawn_findings(con, checked_files)
    _add_big_change_findings(con, checked_files, typed.get("services"))
    plan = _plan(con, new, checked_files, quarantine, now)
    facts = _facts(plan.chosen, typed)
    record(con, plan.submissions, pl.DataFrame(plan.findings, schema=FINDING_SCHEMA), facts)
    for source, target, findings in plan.moves:
        quarantine_file(source, target, findings)
    report.received = len(new)
    report.accepted = sum(s.status == "accepted" for s in plan.submissions)
    report.superseded = sum(s.status == "superseded" for s in plan.submissions)
    report.quarantined = len(plan.moves)
    report.findings = [f for c in checked_files for f in c.findings]
    report.loaded = {export: [frame] for export, frame in facts.items()}
    return report


def take_in(
    con: duckdb.DuckDBPyConnection,
    config: Collaborative,
    quarantine: Path,
    files: list[InboxFile],
    now: datetime | None = None,
) -> IntakeReport:
    """Gate and load every new file of `files` (oldest arrival first); quarantine rejects."""
    gated = _gate_new_files(files, known_files(con), config)
    return _load(con, config, quarantine, len(files), gated, now)


def take_in_by_month(
    con: duckdb.DuckDBPyConnection,
    config: Collaborative,
    quarantine: Path,
    files: list[InboxFile],
    on_loaded: Callable[[dict[str, list[pl.DataFrame]]], None] | None = None,
) -> IntakeReport:
    """`take_in` one month at a time, oldest first; the next month is gated meanwhile.

    Memory stays at two months' files (one gated, one loading), and each month's history
    checks see the months before it already loaded. The gate process is started with `spawn`
    (DuckDB and Polars are not safe to fork) and gets paths, never a connection. With
    `on_loaded`, each month's loaded rows go to it instead of into the report's `loaded`.
    """
    by_month: dict[str | None, list[InboxFile]] = defaultdict(list)
    for inbox_file in files:
        by_month[inbox_file.month].append(inbox_file)
    batches = [by_month[m] for m in sorted(by_month, key=lambda m: (m is None, m or ""))]
    report = IntakeReport()

    def add(month: IntakeReport) -> None:
        if on_loaded is not None:
            on_loaded(month.loaded)
            month.loaded = {}
        report.add(month)

    if len(batches) < 2:  # nothing to overlap: a second process would only cost its start
        for batch in batches:
            add(take_in(con, config, quarantine, batch))
        return report
    # Taken in before this run's months, so no month loaded below changes what it says.
    shas_by_path: dict[str, list[str]] = defaultdict(list)
    for relative, sha256 in known_files(con):
        shas_by_path[relative].append(sha256)
    today = date.today()

    def gate(pool: ProcessPoolExecutor, batch: list[InboxFile]):
        known = {(f.relative, s) for f in batch for s in shas_by_path.get(f.relative, ())}
        return pool.submit(_gate_new_files, batch, known, config, today)

    # The inbox listing is hundreds of thousands of long-lived objects: frozen, full garbage
    # collections skip them instead of walking them again and again (a third of the load time).
    gc.freeze()
    try:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
            pending = gate(pool, batches[0])
            for i, batch in enumerate(batches):
                gated = pending.result()
                if i + 1 < len(batches):
                    pending = gate(pool, batches[i + 1])
                add(_load(con, config, quarantine, len(batch), gated))
    finally:
        gc.unfreeze()
    return report
