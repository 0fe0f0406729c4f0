"""Expected results: a fixed synthetic workspace's release tables and manifests, recorded.

As polars-benchmark does with its answers: the outputs are stored once, and a test rebuilds
them and compares, so a change of layout is checked to change no behaviour. Built through the
command line only, so moving modules can't change how they are made. Re-record on purpose
(`python -m tests.expected.record`) and say why in the commit.
"""
