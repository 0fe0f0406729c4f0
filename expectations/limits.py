"""Limits on a partner file, checked before its content is parsed (or, for size, read at all).

A hostile or broken file must cost the gate microseconds, not the machine: a 2 GB upload is
refused from its size, a zip bomb from the sizes its zip directory declares, a FIFO or device
is never opened for reading (it would block the scan). Workbooks that link to other files, carry
macros or embed objects are refused too: evaluators open quarantined files in Excel, and such
parts run or fetch things there. Findings name the file and the limit, never its content.
"""

import hashlib
import io
import os
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from collab.config import Limits
from expectations.findings import Finding, finding

MB = 1024 * 1024
# A member smaller than this can't inflate to anything harmful, whatever its ratio.
RATIO_FLOOR_BYTES = MB
MACRO_CONTENT_TYPES = (b"macroEnabled", b"vbaProject")


@dataclass(frozen=True)
class Refusal:
    """Why a file was refused unread: a catalogued rule and a message naming the limit."""

    rule: str
    message: str


def read_within_limits(path: Path, limits: Limits) -> bytes | Refusal:
    """The file's bytes, or a Refusal when it is not a regular file or is over the size limit.

    The file is opened without following a symbolic link and without blocking (a FIFO would
    otherwise wait for a writer forever), and its type and size come from that same open
    file, so nothing can be swapped in between the check and the read.
    """
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        if path.is_symlink():
            return Refusal("file.not_regular", "the file is a symbolic link; links are not read")
        return Refusal("file.not_regular", f"the file can't be opened ({exc.strerror})")
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            return Refusal("file.not_regular", "not a regular file (a FIFO, device or folder)")
        refusal = size_refusal(status.st_size, limits)
        if refusal is not None:
            return refusal
        data = _read_all(descriptor, status.st_size, limits.max_file_mb * MB)
        return size_refusal(len(data), limits) or data  # it may have grown since fstat
    finally:
        os.close(descriptor)


def _read_all(descriptor: int, expected: int, limit: int) -> bytes:
    """Read to the end, or to one byte past `limit`; one system call for a file as expected."""
    chunks = [os.read(descriptor, expected + 1)]
    total = len(chunks[0])
    while chunks[-1] and total <= limit:
        chunks.append(os.read(descriptor, min(MB, limit + 1 - total)))
        total += len(chunks[-1])
    return b"".join(chunks)


def size_refusal(size: int, limits: Limits) -> Refusal | None:
    """A Refusal when `size` bytes are over `limits.max_file_mb`."""
    if size <= limits.max_file_mb * MB:
        return None
    return Refusal(
        "file.too_large",
        f"the file is {size / MB:,.1f} MB; the limit is {limits.max_file_mb} MB "
        "(limits.max_file_mb)",
    )


def unread_fingerprint(path: Path) -> str:
    """A stand-in for the sha256 of a file refused unread: its name, size and time, hashed.

    Hashing a 2 GB file would read it; this keeps resends apart in quarantine instead.
    """
    try:
        status = path.lstat()
        identity = f"unread:{path.name}:{status.st_size}:{status.st_mtime_ns}"
    except OSError:
        identity = f"unread:{path.name}"
    return hashlib.sha256(identity.encode("utf-8", "surrogateescape")).hexdigest()


def fingerprint(path: Path, limits: Limits) -> str:
    """What the gate records as a file's sha256: of its bytes, or `unread_fingerprint`."""
    data = read_within_limits(path, limits)
    if isinstance(data, Refusal):
        return unread_fingerprint(path)
    return hashlib.sha256(data).hexdigest()


def _part_findings(file: str, names: list[str], content_types: bytes) -> list[Finding]:
    lowered = [name.lower() for name in names]
    findings = []
    if any(name.startswith("xl/externallinks/") for name in lowered):
        findings.append(
            finding(file, "file.xlsx_external_link", "the workbook links to other workbooks")
        )
    if any(name.endswith("vbaproject.bin") for name in lowered) or any(
        marker in content_types for marker in MACRO_CONTENT_TYPES
    ):
        findings.append(finding(file, "file.xlsx_macro", "the workbook carries macros (VBA)"))
    embedded = ("xl/embeddings/", "xl/activex/")
    if any(name.startswith(embedded) or "oleobject" in name for name in lowered):
        findings.append(
            finding(file, "file.xlsx_embedded_object", "the workbook embeds objects or controls")
        )
    return findings


def _size_findings(file: str, members: list[zipfile.ZipInfo], limits: Limits) -> list[Finding]:
    total = sum(member.file_size for member in members)
    if total > limits.max_xlsx_uncompressed_mb * MB:
        return [
            finding(
                file,
                "file.xlsx_uncompressed_size",
                f"the workbook unpacks to {total / MB:,.0f} MB; the limit is "
                f"{limits.max_xlsx_uncompressed_mb} MB (limits.max_xlsx_uncompressed_mb)",
            )
        ]
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR_BYTES and ratio > limits.max_xlsx_ratio:
            return [
                finding(
                    file,
                    "file.xlsx_uncompressed_size",
                    f"a part of the workbook is compressed {ratio:,.0f} to 1; the limit is "
                    f"{limits.max_xlsx_ratio} (limits.max_xlsx_ratio)",
                )
            ]
    return []


def _inflates_as_declared(workbook: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> bool:
    """Inflate every part, never past its declared size, and check its CRC.

    A bomb can declare small sizes: the spreadsheet reader would inflate it whole, while
    Python's zip reader stops at the declared size, so a lying part fails its CRC here.
    """
    try:
        for member in members:
            with workbook.open(member) as part:
                while part.read(MB):
                    pass
    except zipfile.BadZipFile:
        return False
    return True


def workbook_findings(file: str, data: bytes, limits: Limits) -> list[Finding]:
    """Findings on an .xlsx before any spreadsheet reader opens it.

    The declared sizes are checked first (microseconds, nothing inflated); then links, macros
    and embedded objects by part name; then every part is inflated up to its declared size to
    prove the sizes true.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as workbook:
            members = workbook.infolist()
            findings = _size_findings(file, members, limits)
            if findings:
                return findings
            names = [member.filename for member in members]
            content_types = (
                workbook.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
            )
            findings = _part_findings(file, names, content_types)
            if not findings and not _inflates_as_declared(workbook, members):
                findings = [
                    finding(
                        file,
                        "file.xlsx_uncompressed_size",
                        "a part of the workbook does not unpack to its declared size and "
                        "checksum (broken, or a disguised zip bomb)",
                    )
                ]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, ValueError, OSError, EOFError):
        return [
            finding(
                file, "file.unreadable", "the file is not an Excel workbook (its zip is broken)"
            )
        ]
    return findings
