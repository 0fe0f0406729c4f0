"""Property tests: whatever bytes a partner sends, the gate answers with findings, never a crash.

Malformed CSV and XLSX (wrong encodings, huge cells, missing headers, duplicate columns,
quotes, formulas, NUL bytes, empty files) are always accepted or rejected with findings; valid
files are never rejected.
"""

import io
from datetime import date

import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collab import contract
from expectations.catalogue import RULES_BY_ID
from expectations.gate import check_files

TODAY = date(2026, 11, 25)
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

cells = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            " ",
            '"',
            '""',
            "=SUM(A1:A9)",
            "+1",
            "-1",
            "@cmd",
            "3.5",
            "1e3",
            "\x00",
            "\uff11\uff12",
            "\u0661",
            "\u202e",
            "0",
            "7",
            "LEGAL",
            "OSE",
            "2026-07",
            "x" * 5000,
        ]
    ),
    st.integers(-5, 10**12).map(str),
)
columns = st.lists(
    st.one_of(st.sampled_from(contract.EXPORTS["services"].columns), st.text(max_size=12)),
    min_size=0,
    max_size=14,
)


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    lines = [",".join(header)] + [",".join(row) for row in rows]
    return "\n".join(lines).encode("utf-8", errors="surrogatepass")


def _xlsx(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"strings_to_formulas": False}) as book:
        sheet = book.add_worksheet()
        for r, row in enumerate([header, *rows]):
            for c, value in enumerate(row):
                sheet.write_string(r, c, value.replace("\x00", ""))
    return buffer.getvalue()


def _assert_answered(results):
    for checked in results:
        assert all(f.rule in RULES_BY_ID for f in checked.findings)
        assert checked.accepted == (checked.frame is not None)
        if not checked.accepted:
            assert any(f.severity == "error" for f in checked.findings)


@SETTINGS
@given(data=st.binary(max_size=2000))
def test_random_bytes_never_crash(tmp_path, example_config, data):
    path = tmp_path / "OSE_services_2026-07.csv"
    path.write_bytes(data)
    _assert_answered(check_files([(path, None)], example_config, TODAY))


@SETTINGS
@given(
    header=columns,
    rows=st.lists(st.lists(cells, max_size=14), max_size=8),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16"]),
    as_xlsx=st.booleans(),
)
def test_malformed_tables_are_answered_with_findings(
    tmp_path, example_config, header, rows, encoding, as_xlsx
):
    suffix = "xlsx" if as_xlsx else "csv"
    path = tmp_path / f"OSE_services_2026-07.{suffix}"
    if as_xlsx:
        path.write_bytes(_xlsx(header, rows))
    else:
        text = _csv(header, rows).decode("utf-8", errors="replace")
        path.write_bytes(text.encode(encoding, errors="replace"))
    _assert_answered(check_files([(path, None)], example_config, TODAY))


outcome_counts = st.lists(st.integers(0, 400), min_size=6, max_size=6)


@SETTINGS
@given(
    needs=st.lists(st.sampled_from(list(contract.NEEDS)), unique=True, max_size=18),
    counts=st.data(),
    as_xlsx=st.booleans(),
)
def test_valid_services_files_are_never_rejected(tmp_path, example_config, needs, counts, as_xlsx):
    header = list(contract.EXPORTS["services"].columns)
    rows = []
    for need in needs:
        outcomes = counts.draw(outcome_counts)
        rows.append(["OSE", "2026-07", need, str(sum(outcomes)), *map(str, outcomes)])
    suffix = "xlsx" if as_xlsx else "csv"
    path = tmp_path / f"OSE_services_2026-07.{suffix}"
    path.write_bytes(_xlsx(header, rows) if as_xlsx else _csv(header, rows))
    [checked] = check_files([(path, None)], example_config, TODAY)
    assert checked.accepted, checked.findings
    assert checked.frame.height == len(needs)
