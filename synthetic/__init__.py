"""Synthetic collaboratives: a config and months of partner exports made with Faker.

`generate` writes a workspace whose data every later stage is tested and demonstrated on;
`faults` documents the bad files `--faults` adds and what the gate must do with each.
"""

from synthetic.workspace import SynthSummary, generate

__all__ = ["SynthSummary", "generate"]
