"""Commands of the spec that this version does not have yet say so plainly."""

import sys


def not_yet(command: str) -> int:
    """Exit 2 with a clear message rather than pretending to work."""
    print(f"collab {command}: not available in this version yet", file=sys.stderr)
    return 2
