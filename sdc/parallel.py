"""Independent LPs (families of tables, connected parts) solved side by side on the machine's cores.

A worker process costs about a second to start (it imports numpy, scipy, highspy), so small
problems stay in this process; large ones are handed out largest first. Results come back in
the order of the inputs, so a pattern is the same whichever core found it.
"""

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

# Below this many cells in all, starting workers costs more than it saves.
PARALLEL_CELLS = 3000


def solve_all(solve: Callable[[Any], Any], problems: Sequence, sizes: Sequence[int]) -> list:
    """`[solve(p) for p in problems]`, on several cores when the problems are large enough."""
    workers = min(os.cpu_count() or 1, sum(size > 0 for size in sizes))
    if workers < 2 or sum(sizes) < PARALLEL_CELLS:
        return [solve(problem) for problem in problems]
    # A fresh interpreter per worker (forkserver), never a fork of this one: the parent may hold
    # Polars' and DuckDB's threads and locks mid-operation.
    context = multiprocessing.get_context("forkserver")
    largest_first = sorted(range(len(problems)), key=lambda i: -sizes[i])
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {i: pool.submit(solve, problems[i]) for i in largest_first}
        return [futures[i].result() for i in range(len(problems))]
