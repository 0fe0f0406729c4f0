import pytest

from tests.conftest import EXAMPLES_COPY, SPEC_EXAMPLES


@pytest.mark.skipif(not SPEC_EXAMPLES.is_dir(), reason="../shared is not beside this clone")
def test_examples_copy_equals_the_spec():
    spec = {p.name: p.read_bytes() for p in SPEC_EXAMPLES.iterdir() if p.is_file()}
    copy = {p.name: p.read_bytes() for p in EXAMPLES_COPY.iterdir() if p.is_file()}
    assert copy == spec, "tests/fixtures/spec_examples is stale: copy ../shared/spec/examples"
