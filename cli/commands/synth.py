"""`collab synth`: write a synthetic collaborative (config + a month-by-month inbox)."""

import sys
from pathlib import Path


def main(args) -> int:
    """Refuse to write into a non-empty directory: a workspace is never overwritten."""
    from synthetic import generate

    out = Path(args.out)
    if out.exists() and any(out.iterdir()):
        print(f"collab synth: {out} is not empty; choose a new directory", file=sys.stderr)
        return 2
    try:
        summary = generate(
            out,
            partners=args.partners,
            months=args.months,
            seed=args.seed,
            faults=args.faults,
            end_month=args.end_month,
        )
    except ValueError as exc:
        print(f"collab synth: {exc}", file=sys.stderr)
        return 2
    print(
        f"wrote {summary.files} partner files for {args.partners} partners × {args.months} "
        f"months into {out.resolve()}"
        + (f" ({summary.faults} fault files, see faults.json)" if args.faults else "")
    )
    return 0
