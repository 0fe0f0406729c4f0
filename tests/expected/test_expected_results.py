"""The fixed workspace's releases are what was recorded: a refactoring changes no output."""

from tests.expected.workspace import build, outputs, recorded


def test_releases_equal_the_recorded_ones(tmp_path):
    expected = recorded()
    assert expected, "nothing recorded: run python -m tests.expected.record"
    found = outputs(build(tmp_path / "ws"))
    assert sorted(found) == sorted(expected)
    differing = [path for path in expected if found[path] != expected[path]]
    assert differing == [], f"{len(differing)} files differ, e.g. {differing[:5]}"
