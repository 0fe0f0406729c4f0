"""Line rules, before any LP: what one additive line alone would give away.

A line is a set of cells that add up along one dimension: its members and their total, the
other dimensions fixed. With the total published, (1) a line with exactly one hidden cell gives
it away, and (2) a hidden cell can be at most the sum of the line's hidden members, which must
reach k. Both are necessary, cheap to enforce, and cut the LP loop's work; the LP loop then
handles what single lines can't see (several tables, the ledger). The lines come with the
problem: which cells add up to which is the caller's knowledge of its tables.
"""

import numpy as np


def line_pass(
    values: np.ndarray,
    suppressed: np.ndarray,
    threshold: int,
    all_lines: list[tuple[np.ndarray, int]],
) -> np.ndarray:
    """Enforce both line rules on every line with a published total, until none is broken.

    `values` and `suppressed` are per cell; each line is (member cells, total cell).
    """
    suppressed = suppressed.copy()
    changed = True
    while changed:
        changed = False
        for members, total in all_lines:
            if suppressed[total]:
                continue
            hidden = suppressed[members]
            if not hidden.any():
                continue
            deficit = threshold - values[members][hidden].sum()
            if hidden.sum() >= 2 and deficit <= 0:
                continue
            open_members = members[~hidden & (values[members] > 0)]
            if open_members.size == 0:
                open_members = members[~hidden]
                if open_members.size == 0:
                    continue
            enough = open_members[values[open_members] >= deficit]
            pick = (
                enough[np.argmin(values[enough])]
                if enough.size
                else open_members[np.argmax(values[open_members])]
            )
            suppressed[pick] = True
            changed = True
    return suppressed
