"""Property: any random month of services is published with no small count, an audit that
passes, and every published value equal to the warehouse's sum."""

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.transforms.conftest import OUTCOMES
from transforms.release.publish import publish

K = 11
PARTNERS = ["OSE", "SHELTER-N", "DSS", "FAITH-1"]
NEEDS = ["LEGAL", "MEDICAL", "FINANCIAL", "PET_CARE"]
rows = st.lists(
    st.tuples(
        st.sampled_from(PARTNERS),
        st.sampled_from(NEEDS),
        st.lists(st.integers(0, 25), min_size=6, max_size=6),
    ),
    min_size=1,
    max_size=10,
    unique_by=lambda r: (r[0], r[1]),
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(facts=rows)
def test_random_months_are_protected_and_true(warehouse, config, tmp_path_factory, facts):
    con = warehouse([(p, "2026-07", n, c) for p, n, c in facts])
    try:
        published = publish(con, config, tmp_path_factory.mktemp("r"), "collaborative", "2026-07")
    finally:
        con.close()
    table = pl.read_csv(
        published.folder / "tables" / "services.csv", schema_overrides={"value": pl.Int64}
    )
    shown = table.filter(pl.col("flag").is_null())
    assert shown.filter(pl.col("value").is_between(1, K - 1)).height == 0
    home = {p.id: p.regions[0] for p in config.partners}
    truth: dict[tuple, int] = {}
    for partner, need, counts in facts:
        values = dict(zip(OUTCOMES, counts, strict=True)) | {"requests": sum(counts)}
        for region in (home[partner], "ALL"):
            for need_key in (need, "ALL"):
                for outcome, value in values.items():
                    key = (region, need_key, outcome)
                    truth[key] = truth.get(key, 0) + value
    for region, need, outcome, value in shown.select(
        "region", "need", "outcome", "value"
    ).iter_rows():
        assert truth.get((region, need, outcome), 0) == value
