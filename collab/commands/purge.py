"""`collab purge`: not built yet; it says so instead of doing nothing silently."""

from collab.commands.unavailable import not_yet


def main(args) -> int:
    """Exit 2: this command is planned, not built."""
    return not_yet("purge")
