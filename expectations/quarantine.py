"""Quarantine: a rejected file is moved (never copied) out of the inbox, beside its findings.

Owner-only permissions, because a rejected file may be a client list. The findings JSON names
rules, columns and rows only, never a value from the file.
"""

import json
import os
from pathlib import Path

from collab.files import write_atomically
from expectations.findings import Finding
from expectations.inbox import printable_name, safe_file_name


def quarantine_path(quarantine: Path, month: str | None, sha256: str, file_name: str) -> Path:
    """Where a rejected file goes: by month, prefixed by its hash so resends never collide.

    The name is reduced to safe characters and length: it came from a partner's machine and
    must not lead outside quarantine/, be too long for the disk or fail to encode.
    """
    return quarantine / (month or "unsorted") / f"{sha256[:12]}_{safe_file_name(file_name)}"


def quarantine_file(source: Path, target: Path, findings: list[Finding]) -> None:
    """Write the findings JSON, then move the file beside it with owner-only permissions."""
    quarantine_root = target.parent.parent
    for folder in (quarantine_root, target.parent):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder.chmod(0o700)
    report = {
        "file": printable_name(source.name),
        "accepted": False,
        "findings": [f.to_json() for f in findings],
    }
    write_atomically(target.with_name(target.name + ".findings.json"), json.dumps(report, indent=2))
    os.replace(source, target)
    if not target.is_symlink():  # swapped for a link after the scan: never chmod its target
        target.chmod(0o600)
