"""The worked example in `sdc/README.md` runs, and says what it prints."""

import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "sdc" / "README.md"


def test_the_worked_example_runs(capsys):
    code = re.search(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S).group(1)
    exec(compile(code, str(README), "exec"), {})
    assert capsys.readouterr().out.strip() == "[ True  True False False]"
