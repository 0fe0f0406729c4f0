"""Seeded random streams, one per part of the generator.

Each part (names, demand, referrals, faults, ...) draws from its own stream derived from the seed
and the part's name, so a change in one part does not reshuffle the others, and two runs with the
same seed are identical. Derivation uses SHA-256, never Python's salted `hash()` or the clock.
"""

import hashlib
import random

import numpy as np
from faker import Faker


def stream_seed(seed: int, stream: str) -> int:
    """A 64-bit seed for the named stream of a run."""
    digest = hashlib.sha256(f"{seed}/{stream}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def numpy_stream(seed: int, stream: str) -> np.random.Generator:
    """A numpy generator for bulk draws (counts for every partner, month and need at once)."""
    return np.random.default_rng(stream_seed(seed, stream))


def python_stream(seed: int, stream: str) -> random.Random:
    """A Python generator for the few one-off choices (names, network, schedule)."""
    return random.Random(stream_seed(seed, stream))


def faker_stream(seed: int, stream: str) -> Faker:
    """A US-English Faker seeded for the named stream; used for names and fault PII only."""
    fake = Faker("en_US")
    fake.seed_instance(stream_seed(seed, stream))
    return fake
