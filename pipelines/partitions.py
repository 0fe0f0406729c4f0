"""Monthly partitions: one per reporting month, keys `YYYY-MM` as in the partner contract."""

import dagster as dg

from expectations.gate import FIRST_MONTH

# end_offset=1 includes the current month, whose files may already be arriving.
monthly = dg.MonthlyPartitionsDefinition(start_date=FIRST_MONTH, fmt="%Y-%m", end_offset=1)
