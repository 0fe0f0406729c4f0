"""`collab report`: build (or rebuild) one protected release and print its directory.

CSV tables and `manifest.json` are written; HTML, PDF and Excel come with the report
renderers. A release that can't be proven safe is not written at all (exit 1).
"""

import sys

import duckdb

from collab.workspace import Workspace

FORMATS = {"csv", "html", "pdf", "xlsx"}
BUILT = {"csv"}


def main(args) -> int:
    """Exit 0 with the release directory printed; 1 when protection fails; 2 usage errors."""
    workspace = Workspace.resolve(args.workspace)
    config = workspace.require()
    formats = {f.strip() for f in args.format.split(",") if f.strip()}
    unknown = formats - FORMATS
    if unknown or not formats:
        print(
            f"collab report: --format takes a list of {', '.join(sorted(FORMATS))}", file=sys.stderr
        )
        return 2
    if not workspace.warehouse.exists():
        print("collab report: no warehouse yet; run `collab run` first", file=sys.stderr)
        return 2
    from transforms.release.publish import ReleaseError, publish

    with duckdb.connect(str(workspace.warehouse)) as con:
        try:
            published = publish(con, config, workspace.reports, args.audience, args.period)
        except ReleaseError as exc:
            print(f"collab report: {exc}", file=sys.stderr)
            return 1
    missing = sorted(formats - BUILT)
    if missing:
        print(
            f"collab report: {', '.join(missing)} not available in this version yet; "
            "wrote the CSV tables",
            file=sys.stderr,
        )
    print(published.folder)
    return 0
